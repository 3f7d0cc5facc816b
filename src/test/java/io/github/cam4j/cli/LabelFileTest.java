package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.cam4j.testing.SharedData;
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

    /**
     * A label is one line of text, as the model's own labels must be: an escape sequence in a labels file recoloured
     * the terminal on every result line about its class, and a text direction override turned those lines around
     * (helper-153). Refused, naming the line and the character.
     */
    @Test
    void aLabelHoldingAControlCharacterIsRefusedNamingItsLine() throws Exception {
        String[][] cases = {{"\u001B[31mred", "U+001B"}, {"\u202Eevil", "U+202E"}, {"tab\there", "U+0009"}};
        for (String[] c : cases) {
            Path file = Files.writeString(dir.resolve("labels.txt"), "zero\n" + c[0] + "\ntwo\n");
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> LabelFile.read(file));
            assertEquals("line 2 of labels file " + file + " holds " + c[1] + ", a control character (a tab, an escape,"
                    + " a text direction override...); a label is one line of text", e.getMessage());
        }
        Path accents = Files.writeString(dir.resolve("accents.txt"), "z\u00e9ro\n\u4e00\n  two words  \n");
        assertEquals(List.of("z\u00e9ro", "\u4e00", "two words"), LabelFile.read(accents), "any other text is a label");
    }

    /**
     * A folder given as --labels is a path of the wrong kind: exit 2, as --out or --model naming a file is; it had exited
     * 1, as a labels file that cannot be read does. Nothing is written.
     */
    @Test
    void aFolderGivenAsLabelsIsAUsageError() throws Exception {
        Path picture = Files.write(dir.resolve("x.png"), new byte[] {1});
        CliRun run = CliRun.of("explain", "--model", SharedData.bundledModels().resolve("mnist-pooled").toString(),
                "--labels", dir.toString(), picture.toString(), "--out", dir.resolve("out").toString());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("cam4j: error: labels file " + dir + " is a folder; give a text file of labels, one per line in"
                + " class order (see 'cam4j explain --help')", run.err().strip());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    /**
     * A folder given as the labels file was said to "not exist or not be a file", though it exists: the user was left to
     * guess which. Each case is now said as it is.
     */
    @Test
    void aFolderOrAMissingFileIsSaidAsItIs() throws Exception {
        IllegalArgumentException folder = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LabelFile.read(dir));
        assertEquals("labels file " + dir + " is a folder; give a text file of labels, one per line in class order",
                folder.getMessage());
        Path missing = dir.resolve("labels.txt");
        IllegalArgumentException absent = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LabelFile.read(missing));
        assertEquals("labels file " + missing + " does not exist", absent.getMessage());
    }
}
