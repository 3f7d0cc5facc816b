package io.github.cam4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
}
