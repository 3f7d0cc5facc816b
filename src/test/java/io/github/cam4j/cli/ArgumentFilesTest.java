package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @FILE} arguments, which picocli expands before any command runs, in a JVM of their own (as {@code main} runs
 * them): a folder there ended the JVM with picocli's stack trace, exit 1; a missing one was answered with what the
 * command then lacked ("Missing required option: '--model=<model>'"). Each is now one line naming the argument and
 * what is wrong, exit 2; an argument file that exists is read as before.
 */
class ArgumentFilesTest {
    @TempDir
    Path tmp;

    @Test
    void aFolderOrAMissingFileAfterAnAtIsNamedInOneLine() throws Exception {
        Path digits = Files.createDirectories(tmp.resolve("digits"));
        String[] said = run("explain", "--model", "mnist-pooled", "@" + digits, "--out", tmp.resolve("o").toString());
        assertEquals("2", said[0], said[2]);
        assertEquals("cam4j: error: @" + digits + ": " + digits + " is a folder, but @FILE reads the arguments written"
                + " in FILE, one a line; give a folder of pictures without the @ (see 'cam4j --help')", said[2].strip());

        Path missing = tmp.resolve("args.txt");
        said = run("explain", "@" + missing);
        assertEquals("2", said[0], said[2]);
        assertEquals("cam4j: error: @" + missing + ": argument file " + missing + " does not exist (@FILE reads the"
                + " arguments written in FILE, one a line) (see 'cam4j --help')", said[2].strip());

        Files.writeString(missing, "inspect\n--model\nmnist-pooled\n");
        said = run("@" + missing);
        assertEquals("0", said[0], said[2]);
        assertTrue(said[1].contains("a cam4j SavedModel"), said[1]);
        assertTrue(Files.isDirectory(digits) && !Files.exists(tmp.resolve("o")), "nothing written");
    }

    /** @return the exit code, standard output and standard error of cam4j run in a JVM of its own */
    private String[] run(String... args) throws Exception {
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        Process p = CliProcess.builder(CliProcess.command(args)).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "cam4j ends");
        return new String[] {Integer.toString(p.exitValue()), Files.readString(out), Files.readString(err)};
    }
}
