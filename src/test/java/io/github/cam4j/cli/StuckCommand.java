package io.github.cam4j.cli;

import java.util.concurrent.CountDownLatch;

/**
 * A command that never finishes and a shutdown hook that never returns, as a TensorFlow call on a huge picture and
 * native memory's deallocation waiting on it were: run in a JVM of its own by {@link StopSignalTest}.
 */
final class StuckCommand {
    private StuckCommand() {}

    public static void main(String[] args) throws InterruptedException {
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
        System.out.println("working");
        System.out.flush();
        never.await();
    }
}
