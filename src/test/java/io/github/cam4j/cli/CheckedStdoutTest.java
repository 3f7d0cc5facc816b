package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.cam4j.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results that could not be written are said: {@code cam4j inspect ... > /dev/full} (a full disk) had exited 0 with
 * nothing written and nothing said, as had {@code explain --json}, {@code train --print-arch} and {@code --help}, since
 * {@code System.out} swallows a failed write. A reader that left on purpose ({@code | head -1}) is no failure. The
 * commands run in JVMs of their own, on the real /dev/full and a real pipe; some through the launcher, which runs the
 * command in a child JVM of its own.
 */
class CheckedStdoutTest {
    private static final Path FULL = Path.of("/dev/full");
    private static final String FULL_LINE = "cam4j: error: could not write standard output: No space left on device";

    @TempDir
    Path tmp;

    @Test
    void aFullDiskIsSaidInOneLineAndTheRunFails() throws Exception {
        assumeTrue(Files.isWritable(FULL), "/dev/full is Linux's; this system has none");
        Path seven = FirstTestDigit.writeIn(tmp);
        String pooled = SharedData.bundledModels().resolve("mnist-pooled").toString();
        List<String[]> commands = List.of(
                new String[] {"train", "--arch", "pooled", "--print-arch"},
                new String[] {"inspect", "--model", pooled},
                new String[] {"explain", "--model", pooled, seven.toString(), "--out", tmp.resolve("o").toString(),
                    "--json"},
                new String[] {"--help"});
        for (String[] args : commands) {
            Ended run = run(CliProcess.builder(CliProcess.command(args)), Optional.of(FULL));
            assertEquals(1, run.code, String.join(" ", args) + ": " + run.stderr);
            assertEquals(List.of(FULL_LINE), run.cam4jLines(), String.join(" ", args));
        }
    }

    /** The launcher copies no standard output (the child inherits it): the child's line is said once, its code kept. */
    @Test
    void aFullDiskIsSaidOnceThroughTheLauncher() throws Exception {
        assumeTrue(Files.isWritable(FULL), "/dev/full is Linux's; this system has none");
        String pooled = SharedData.bundledModels().resolve("mnist-pooled").toString();
        for (String[] args : List.of(new String[] {"train", "--arch", "pooled", "--print-arch"},
                new String[] {"inspect", "--model", pooled})) {
            Ended run = run(throughTheLauncher(args), Optional.of(FULL));
            assertEquals(1, run.code, String.join(" ", args) + ": " + run.stderr);
            assertEquals(List.of(FULL_LINE), run.stderr.lines().toList(), String.join(" ", args));
        }
    }

    /** A command that failed keeps its own code: a mistyped explain --json exits 2, its JSON document lost too. */
    @Test
    void aFailedCommandKeepsItsCodeAndSaysTheLostOutput() throws Exception {
        assumeTrue(Files.isWritable(FULL), "/dev/full is Linux's; this system has none");
        Ended run = run(CliProcess.builder(CliProcess.command("explain", "--json", "--modle", "x", "d.png")),
                Optional.of(FULL));
        assertEquals(2, run.code, run.stderr);
        List<String> lines = run.cam4jLines();
        assertEquals(2, lines.size(), run.stderr);
        assertTrue(lines.get(0).startsWith("cam4j: error: Unknown option: '--modle'"), run.stderr);
        assertEquals(FULL_LINE, lines.get(1));
    }

    /**
     * {@code cam4j inspect ... | head -1}: the reader closes the pipe before the command writes; the write fails with
     * "Broken pipe", which is said by no line, and the command's own code (0) stands, directly and through the launcher.
     */
    @Test
    void aReaderThatLeftIsNoError() throws Exception {
        String pooled = SharedData.bundledModels().resolve("mnist-pooled").toString();
        String[] inspect = {"inspect", "--model", pooled};
        for (ProcessBuilder pb : List.of(CliProcess.builder(CliProcess.command(inspect)), throughTheLauncher(inspect),
                CliProcess.builder(CliProcess.command("train", "--arch", "pooled", "--print-arch")))) {
            Ended run = run(pb, Optional.empty());
            assertEquals(0, run.code, run.stderr);
            assertEquals(List.of(), run.cam4jLines(), "nothing said");
        }
    }

    @Test
    void theFirstReasonIsKeptAndABrokenPipeIsNoFailure() {
        CheckedStdout full = CheckedStdout.over(failing("No space left on device", "Input/output error"),
                StandardCharsets.UTF_8, () -> false);
        full.stream().println("result");
        full.stream().println("more");
        assertEquals(Optional.of("No space left on device"), full.failure());
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(said, true, StandardCharsets.UTF_8);
        assertEquals(1, full.exitCode(0, err));
        assertEquals(3, full.exitCode(3, err), "a failed command's own code");
        assertEquals(FULL_LINE + "\n" + FULL_LINE + "\n", said.toString(StandardCharsets.UTF_8));

        CheckedStdout pipe = CheckedStdout.over(failing("Broken pipe"), StandardCharsets.UTF_8, () -> false);
        pipe.stream().println("result");
        assertEquals(Optional.of("Broken pipe"), pipe.failure());
        said.reset();
        assertEquals(0, pipe.exitCode(0, err));
        assertEquals("", said.toString(StandardCharsets.UTF_8));

        // A C library speaking another language: a pipe's error is still a reader that left.
        CheckedStdout other = CheckedStdout.over(failing("Relais brisé (pipe)"), StandardCharsets.UTF_8, () -> true);
        other.stream().println("result");
        assertEquals(0, other.exitCode(0, err));
        assertEquals("", said.toString(StandardCharsets.UTF_8));

        CheckedStdout fine = CheckedStdout.over(new ByteArrayOutputStream(), StandardCharsets.UTF_8, () -> false);
        fine.stream().println("result");
        assertFalse(fine.failure().isPresent());
        assertEquals(0, fine.exitCode(0, err));
    }

    /** @return a stream whose writes fail with these reasons in turn, the last one ever after */
    private static OutputStream failing(String... reasons) {
        return new OutputStream() {
            private int n;

            @Override
            public void write(int b) throws IOException {
                throw new IOException(reasons[Math.min(n++, reasons.length - 1)]);
            }
        };
    }

    /** @return a builder that runs cam4j with the launcher's variables unset, so that it runs the command in a child */
    private static ProcessBuilder throughTheLauncher(String... args) {
        ProcessBuilder pb = new ProcessBuilder(CliProcess.command(args));
        pb.environment().remove(NativeEnvironment.ONEDNN);
        pb.environment().remove(NativeEnvironment.LOG_LEVEL);
        pb.environment().put("LC_ALL", "C.UTF-8");
        return pb;
    }

    private record Ended(int code, String stderr) {
        /**
         * @return the lines of stderr cam4j said; without the launcher, TensorFlow's absl lines are not filtered out
         *     (the launcher's runs are asserted whole)
         */
        List<String> cam4jLines() {
            return stderr.lines().filter(line -> line.startsWith("cam4j")).toList();
        }
    }

    /**
     * @param stdout where standard output goes; empty for a pipe this test closes before the command writes
     */
    private Ended run(ProcessBuilder pb, Optional<Path> stdout) throws IOException, InterruptedException {
        // The C library's words in English, as the lines asserted are.
        pb.environment().put("LC_ALL", "C.UTF-8");
        Path err = Files.createTempFile(tmp, "stderr", ".txt");
        pb.redirectError(err.toFile());
        if (stdout.isPresent()) {
            pb.redirectOutput(stdout.get().toFile());
        }
        Process p = pb.start();
        if (stdout.isEmpty()) {
            // Closed before the JVM is up to print (it takes a good part of a second): the command's first write fails.
            p.getInputStream().close();
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the command ended within 120 s");
        return new Ended(p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    }
}
