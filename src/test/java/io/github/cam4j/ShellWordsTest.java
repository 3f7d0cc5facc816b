package io.github.cam4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Commands cam4j prints for a user to run again must paste into a shell as they were meant: a path with a space or a
 * bracket printed bare was a syntax error. Checked against a real POSIX shell ({@code /bin/sh}).
 */
class ShellWordsTest {
    /** Words a shell takes as they are stay bare: the printed command reads as typed. */
    @Test
    void plainWordsStayBare() {
        for (String word : List.of("cam4j", "--data", "/tmp/out-1/a_b.png", "key=value,x:y", "50%", "+1", "me@host")) {
            assertEquals(word, ShellWords.quote(word));
        }
    }

    /** Anything else is single-quoted, a quote inside closed, escaped and reopened; an empty word stays a word. */
    @Test
    void otherWordsAreQuoted() {
        assertEquals("'my clip (1).ts'", ShellWords.quote("my clip (1).ts"));
        assertEquals("'it'\\''s'", ShellWords.quote("it's"));
        assertEquals("''", ShellWords.quote(""));
    }

    /** Each word, quoted and given to /bin/sh, comes back as it was: spaces, quotes, $, globs, newlines, non-ASCII. */
    @Test
    void aShellReadsEachQuotedWordBackAsItWas() throws Exception {
        for (String word : List.of("my clip (1).ts", "it's", "$HOME", "*", "a;b|c&d", "two\nlines", "caf\u00e9", "",
                "back\\slash", "\"double\"")) {
            Process sh = new ProcessBuilder("/bin/sh", "-c", "printf %s " + ShellWords.quote(word)).start();
            String back = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, sh.waitFor(), word);
            assertEquals(word, back, word);
        }
    }
}
