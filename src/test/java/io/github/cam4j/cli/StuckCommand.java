package io.github.cam4j.cli;

import io.github.cam4j.data.AtomicFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A command that never finishes and a shutdown hook that never returns, as a TensorFlow call on a huge picture and
 * native memory's deallocation waiting on it were: run in a JVM of its own by {@link StopSignalTest}. Given a file, the
 * command is stuck while writing it through {@link AtomicFile}, half its content in the temporary, as an overlay's
 * write can be.
 */
final class StuckCommand {
    private StuckCommand() {}

    public static void main(String[] args) throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stuck-hook"));
        StopSignal signal = new StopSignal(() -> System.out.println("idle"), "stop-signal", 1);
        signal.working(() -> { });
        if (args.length == 0) {
            System.out.println("working");
            System.out.flush();
            never.await();
            return;
        }
        AtomicFile.write(Path.of(args[0]), temporary -> {
            Files.writeString(temporary, "half of it");
            System.out.println("working");
            System.out.flush();
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
