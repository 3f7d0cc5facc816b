package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real command line in a JVM of its own, for what only a process shows: a signal, a kill, a limit on the
 * files it may write. The variables the launcher would set are already set, so the command runs in that JVM (it does
 * not start a child of its own, which a signal to the first would not reach).
 */
public final class CliProcess {
    private CliProcess() {}

    /**
     * @param args the command line
     * @return the command that runs it: this JVM's java, its class path, cam4j's main class, then {@code args}
     */
    public static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Cam4j.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * @param command what to run, {@link #command} or a shell around it
     * @return a builder for it with the launcher's variables set (oneDNN off, as for video; TensorFlow's logging quiet)
     */
    public static ProcessBuilder builder(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put(NativeEnvironment.ONEDNN, "0");
        pb.environment().put(NativeEnvironment.LOG_LEVEL, NativeEnvironment.QUIET);
        return pb;
    }

    /**
     * Runs a command with oneDNN on and TensorFlow's every log line shown (as a user's {@code --verbose} run where oneDNN
     * is TensorFlow's default), and asserts it succeeded and that TensorFlow's logging did reach stderr (so that a line
     * absent from it is a line not logged).
     *
     * @param tmp a folder for the process's output
     * @param args the command line
     * @return what it wrote to stderr
     */
    public static String verboseStderr(Path tmp, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command(args));
        pb.environment().put(NativeEnvironment.ONEDNN, "1");
        pb.environment().put(NativeEnvironment.LOG_LEVEL, "0");
        Path err = tmp.resolve("stderr.txt");
        pb.redirectError(err.toFile()).redirectOutput(tmp.resolve("stdout.txt").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the command ended within 120 s");
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), stderr);
        assertTrue(stderr.contains("SavedModel load"), "TensorFlow's log shown: " + stderr);
        return stderr;
    }
}
