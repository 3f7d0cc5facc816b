package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ModelMetadata#read} refuses what it cannot vouch for. */
class ModelMetadataTest {
    @TempDir
    Path tmp;

    /** Before, any "format" was accepted, and inspect printed the cam4j contract for it. */
    @Test
    void anUnknownFormatIsRefusedNamingTheFileAndTheValue() throws Exception {
        Path file = Files.writeString(tmp.resolve("cam4j.json"), """
                {"format": "something-else/9", "name": "x",
                 "input": {"height": 28, "width": 28, "channels": 1, "pixelScale": 0.00392156862745098,
                           "pixelOffset": 0.0, "lightOnDark": true},
                 "labels": ["a", "b"]}
                """);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelMetadata.read(file));
        assertEquals(file + " has format 'something-else/9'; cam4j reads 'cam4j-savedmodel/1'", e.getMessage());
    }
}
