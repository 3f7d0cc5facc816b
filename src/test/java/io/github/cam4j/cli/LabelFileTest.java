package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelFileTest {
    @TempDir
    Path dir;

    /**
     * Windows editors start UTF-8 files with a byte order mark, and lines end with CR LF: neither is part of a label.
     * The mark stayed on the first label ("\uFEFFzero" in the lines and the JSON).
     */
    @Test
    void aByteOrderMarkAndWindowsLineEndsAreNotPartOfTheLabels() throws Exception {
        Path file = Files.writeString(dir.resolve("labels.txt"), "\uFEFFzero\r\none\r\ntwo\r\n");
        assertEquals(List.of("zero", "one", "two"), LabelFile.read(file));
    }
}
