package io.github.cam4j.cli;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Lets a command run under an ASCII locale ({@code LC_ALL=C} or {@code POSIX}, as in many containers and cron jobs)
 * read and write paths with letters outside ASCII. Java fixes the character set of file names and of the command line
 * when it starts, from the locale: under ASCII, {@code video dïgits/clïp.mp4} failed with "folder .../d??gits does not
 * exist", and a folder holding {@code vïew.png} with "Malformed input or input contains unmappable characters".
 *
 * <p>The launcher then runs the command in a child JVM ({@link NativeEnvironment#relaunch}) with {@code LC_ALL=C.UTF-8},
 * which changes only the character set (C's messages and order stay). The command line's words reach it as the shell
 * gave them: this JVM had already turned each byte outside ASCII into U+FFFD, so they are read again from
 * {@code /proc/self/cmdline} and passed, as UTF-8 in Base64, in {@link #ARGUMENTS}.
 */
final class Utf8Names {
    /** The locale variable the child gets. */
    static final String LOCALE = "LC_ALL";
    /** C's rules with UTF-8 letters: built into glibc since 2.35, and in Debian's and Ubuntu's for much longer. */
    static final String UTF8_LOCALE = "C.UTF-8";
    /** The command line's words, each UTF-8 in URL-safe Base64, joined by '.'. */
    static final String ARGUMENTS = "CAM4J_ARGUMENTS";

    private Utf8Names() {}

    /**
     * @param args the command line as this JVM decoded it
     * @param environment this process's environment
     * @param names the character set this JVM gives file names ({@code sun.jnu.encoding})
     * @param cmdline this process's {@code /proc/self/cmdline}, or empty where there is none; read only under ASCII
     * @return the variables to add for a child that reads names as UTF-8; empty when this JVM's character set can
     *     write letters beyond ASCII (a user's Latin-1 locale is theirs to keep), or this JVM is such a child already
     */
    static Map<String, String> missing(String[] args, Map<String, String> environment, Charset names,
            Supplier<Optional<byte[]>> cmdline) {
        if (names.newEncoder().canEncode('\u00ef') || environment.containsKey(NativeEnvironment.LAUNCHER_PID)
                || UTF8_LOCALE.equals(environment.get(LOCALE))) {
            return Map.of();
        }
        Map<String, String> missing = new java.util.LinkedHashMap<>();
        missing.put(LOCALE, UTF8_LOCALE);
        // Linux refuses a variable over 128 KiB, and the child would not start: such a command line keeps its words.
        cmdline.get().flatMap(raw -> rawWords(args, raw)).filter(Utf8Names::beyondAscii).map(Utf8Names::encode)
                .filter(encoded -> encoded.length() < 100_000).ifPresent(encoded -> missing.put(ARGUMENTS, encoded));
        return missing;
    }

    /** @return this process's {@code /proc/self/cmdline}, or empty where there is none (not Linux) */
    static Optional<byte[]> ownCommandLine() {
        try {
            return Optional.of(Files.readAllBytes(Path.of("/proc/self/cmdline")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** @return the character set this JVM reads and writes file names in */
    static Charset namesCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name()));
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }

    /**
     * @param args the command line as the child JVM decoded it
     * @param environment the child's environment
     * @return the words {@link #ARGUMENTS} carries when there are as many as {@code args}, else {@code args}
     */
    static String[] arguments(String[] args, Map<String, String> environment) {
        String carried = environment.get(ARGUMENTS);
        if (carried == null) {
            return args;
        }
        try {
            String[] parts = carried.split("\\.", -1);
            if (parts.length != args.length) {
                return args;
            }
            String[] words = new String[parts.length];
            for (int i = 0; i < parts.length; i++) {
                words[i] = new String(Base64.getUrlDecoder().decode(parts[i]), StandardCharsets.UTF_8);
            }
            return words;
        } catch (IllegalArgumentException e) {
            return args;
        }
    }

    /**
     * @return the last {@code args.length} words of the raw command line, when each reads as this JVM read it under
     *     ASCII (each byte beyond it one U+FFFD); empty when they do not match (an {@code @argfile} the launcher
     *     expanded, or no words)
     */
    static Optional<List<byte[]>> rawWords(String[] args, byte[] cmdline) {
        List<byte[]> words = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                words.add(java.util.Arrays.copyOfRange(cmdline, start, i));
                start = i + 1;
            }
        }
        if (start < cmdline.length) {
            words.add(java.util.Arrays.copyOfRange(cmdline, start, cmdline.length));
        }
        if (args.length == 0 || words.size() < args.length) {
            return Optional.empty();
        }
        List<byte[]> last = words.subList(words.size() - args.length, words.size());
        for (int i = 0; i < args.length; i++) {
            if (!new String(last.get(i), StandardCharsets.US_ASCII).equals(args[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(List.copyOf(last));
    }

    private static boolean beyondAscii(List<byte[]> words) {
        for (byte[] word : words) {
            for (byte b : word) {
                if (b < 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String encode(List<byte[]> words) {
        List<String> parts = new ArrayList<>();
        for (byte[] word : words) {
            parts.add(Base64.getUrlEncoder().encodeToString(word));
        }
        return String.join(".", parts);
    }
}
