package io.github.cam4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the stop hook of a download's partial file does, run here without stopping the JVM (StopSignalTest stops a
 * real one): it removes the partial file, after it none is made again (the main thread runs on while hooks run, and
 * would have fetched from the next mirror), and a file already kept under its final name is left.
 */
class PartialDownloadTest {
    @TempDir
    Path tmp;

    @Test
    void afterTheHookThePartialFileIsGoneAndNoneIsMadeAgain() throws Exception {
        Path part = tmp.resolve("t10k-labels-idx1-ubyte.gz.part");
        try (PartialDownload partial = new PartialDownload(part)) {
            try (OutputStream out = partial.create()) {
                out.write(new byte[1000]);
                partial.removeOnStop();
                assertFalse(Files.exists(part), "removed while its stream is open");
                out.write(new byte[1000]); // the fetch writes on into the removed file
            }
            assertEquals("cam4j is stopping; t10k-labels-idx1-ubyte.gz.part was not kept",
                    assertThrows(IOException.class, partial::create).getMessage());
            assertThrows(IOException.class, () -> partial.keepAs(tmp.resolve("t10k-labels-idx1-ubyte.gz")));
        }
        assertEquals(List.of(), list(tmp), "nothing in the folder");
    }

    @Test
    void aFileKeptBeforeTheHookRunsIsLeft() throws Exception {
        Path part = tmp.resolve("t10k-labels-idx1-ubyte.gz.part");
        Path kept = tmp.resolve("t10k-labels-idx1-ubyte.gz");
        try (PartialDownload partial = new PartialDownload(part)) {
            try (OutputStream out = partial.create()) {
                out.write(new byte[] {1, 2, 3});
            }
            partial.keepAs(kept);
            partial.removeOnStop();
        }
        assertEquals(List.of(kept), list(tmp));
        assertEquals(3, Files.size(kept));
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
