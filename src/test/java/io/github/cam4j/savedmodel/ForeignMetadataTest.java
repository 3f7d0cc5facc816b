package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.testing.ForeignModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metadata written beside a foreign model ({@code assets/cam4j.json}: its labels, pixel scaling, ink) is read when the
 * model is imported, as it is when the same folder is opened by tensor names. It was ignored: the labels were "0",
 * "1", ... and the pixels scaled by import's guess; a malformed file passed unnoticed.
 */
class ForeignMetadataTest {
    @TempDir
    Path tmp;

    @Test
    void labelsAndPixelScalingComeFromTheMetadata() throws Exception {
        Path model = ForeignModels.export(tmp.resolve("three"), ForeignModels.gapClassifier(3, true));
        Files.createDirectories(model.resolve("assets"));
        Files.writeString(model.resolve("assets/cam4j.json"), """
                {"format": "cam4j-savedmodel/1",
                 "input": {"height": 28, "width": 28, "channels": 1, "pixelScale": 1.0, "pixelOffset": 0.0,
                           "lightOnDark": true},
                 "labels": ["cat", "dog", "eel"]}
                """);
        try (CamModel m = CamModelLoader.load(model, LoadOptions.defaults())) {
            assertEquals(List.of("cat", "dog", "eel"), m.labels());
            assertEquals(1.0f, m.input().pixelScale());
            assertTrue(m.input().lightOnDark());
        }
        // Labels given by the caller still win.
        try (CamModel m = CamModelLoader.load(model, LoadOptions.defaults().withLabels(List.of("a", "b", "c")))) {
            assertEquals(List.of("a", "b", "c"), m.labels());
        }
    }

    @Test
    void aMalformedMetadataFileIsRefusedNamingIt() throws Exception {
        Path model = ForeignModels.export(tmp.resolve("bad"), ForeignModels.gapClassifier(3, true));
        Files.createDirectories(model.resolve("assets"));
        Files.writeString(model.resolve("assets/cam4j.json"), "{ not json");
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> CamModelLoader.load(model, LoadOptions.defaults()).close());
        assertTrue(e.getMessage().contains("cam4j.json"), e.getMessage());
    }
}
