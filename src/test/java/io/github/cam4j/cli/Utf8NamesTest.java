package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under an ASCII locale (LC_ALL=C, as in many containers and cron jobs) Java cannot name a file with a letter beyond
 * ASCII: cam4j runs the command in a child JVM under C.UTF-8 with the words the shell gave.
 */
class Utf8NamesTest {
    /** "dïgits/vïew.png" as a UTF-8 shell passes it, and as a JVM under ASCII decodes it (one U+FFFD a byte). */
    private static final byte[] RAW = "dïgits/vïew.png".getBytes(StandardCharsets.UTF_8);
    private static final String AS_ASCII = new String(RAW, StandardCharsets.US_ASCII);

    @TempDir
    Path tmp;

    @Test
    void anAsciiLocaleGetsAUtf8ChildWithTheShellsWords() {
        byte[] cmdline = cmdline("java", "-jar", "cam4j.jar", "explain", RAW);
        Map<String, String> missing = Utf8Names.missing(new String[] {"explain", AS_ASCII}, Map.of(),
                StandardCharsets.US_ASCII, () -> Optional.of(cmdline));
        assertEquals(Utf8Names.UTF8_LOCALE, missing.get(Utf8Names.LOCALE));
        String[] words = Utf8Names.arguments(new String[] {"explain", "d??gits/v??ew.png"}, missing);
        assertArrayEquals(new String[] {"explain", "dïgits/vïew.png"}, words);
    }

    @Test
    void aLocaleThatWritesTheLettersIsTheUsersAndAChildIsNotStartedTwice() {
        String[] args = {"explain", "dïgits"};
        byte[] cmdline = cmdline("java", "explain", "dïgits".getBytes(StandardCharsets.UTF_8));
        // Latin-1 writes ï: the user's locale stands.
        assertEquals(Map.of(), Utf8Names.missing(args, Map.of(), StandardCharsets.ISO_8859_1, () -> Optional.of(cmdline)));
        assertEquals(Map.of(), Utf8Names.missing(args, Map.of(), StandardCharsets.UTF_8, () -> Optional.of(cmdline)));
        // The child, still under ASCII when C.UTF-8 is missing, does not start another.
        assertEquals(Map.of(), Utf8Names.missing(args, Map.of(NativeEnvironment.LAUNCHER_PID, "1"),
                StandardCharsets.US_ASCII, () -> Optional.of(cmdline)));
    }

    @Test
    void wordsThatDoNotMatchTheRawCommandLineAreNotReplaced() {
        // An @argfile the launcher expanded: the raw command line holds "@args", not the words.
        byte[] cmdline = cmdline("java", "-jar", "cam4j.jar", "@args".getBytes(StandardCharsets.US_ASCII));
        Map<String, String> missing = Utf8Names.missing(new String[] {"explain", AS_ASCII}, Map.of(),
                StandardCharsets.US_ASCII, () -> Optional.of(cmdline));
        assertEquals(Map.of(Utf8Names.LOCALE, Utf8Names.UTF8_LOCALE), missing, "names listed from folders still gain");
        String[] args = {"explain", "x"};
        assertArrayEquals(args, Utf8Names.arguments(args, Map.of(Utf8Names.ARGUMENTS, "ZXhwbGFpbg")),
                "a count that differs keeps the JVM's words");
    }

    /**
     * The whole way, as a user in a container runs it: {@code explain} of a folder {@code dïgits} holding
     * {@code vïew.png}, under LC_ALL=C, writes {@code öut/vïew-cam.png}. The names are made by the shell from their
     * UTF-8 bytes, so that the test says the same whatever locale the test's own JVM has.
     */
    @Test
    void explainUnderAnAsciiLocaleReadsAndWritesNamesBeyondAscii() throws Exception {
        StopSignalTest.digitPng(tmp.resolve("digit.png"));
        String script = "cd \"$TMP\" && D=$(printf 'd\\303\\257gits') && O=$(printf '\\303\\266ut')"
                + " && mkdir \"$D\" && cp digit.png \"$D/$(printf 'v\\303\\257ew.png')\""
                + " && \"$JAVA\" -cp \"$CP\" io.github.cam4j.cli.Cam4j explain --model \"$MODEL\" \"$D\" --out \"$O\""
                + " && test -f \"$O/$(printf 'v\\303\\257ew-cam.png')\"";
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG") || k.equals("LANGUAGE"));
        env.put("LC_ALL", "C");
        // The launcher's TensorFlow variables set, so that the locale alone starts the child.
        env.put(NativeEnvironment.ONEDNN, "1");
        env.put(NativeEnvironment.LOG_LEVEL, NativeEnvironment.QUIET);
        env.put("TMP", tmp.toString());
        env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        env.put("CP", System.getProperty("java.class.path"));
        env.put("MODEL", SharedData.bundledModels().resolve("mnist-pooled").toAbsolutePath().toString());
        Path out = tmp.resolve("out.txt");
        Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        // 120 s: a JVM, a child JVM and TensorFlow's start on a busy 2-core machine.
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ended");
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), printed);
        assertTrue(printed.contains("dïgits/vïew.png: class ") && printed.contains("-> öut/vïew-cam.png"), printed);
    }

    private static byte[] cmdline(Object... words) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object w : words) {
            byte[] b = w instanceof byte[] bytes ? bytes : ((String) w).getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
            out.write(0);
        }
        return out.toByteArray();
    }

    @Test
    void aCommandLineWithoutLettersBeyondAsciiIsPassedAsItIs() {
        byte[] cmdline = cmdline("java", "explain", "a.png");
        assertEquals(Map.of(Utf8Names.LOCALE, Utf8Names.UTF8_LOCALE), Utf8Names.missing(new String[] {"explain",
                "a.png"}, Map.of(), StandardCharsets.US_ASCII, () -> Optional.of(cmdline)));
    }
}
