package io.github.cam4j.testing;

import java.util.concurrent.Callable;

/**
 * Runs work on a thread of its own and waits for it: for tests of what cam4j keeps per thread (reused native buffers),
 * which must start from a thread that has none yet.
 */
public final class FreshThread {
    private FreshThread() {}

    /**
     * @param work what to run
     * @param <T> its result's type
     * @return its result
     * @throws AssertionError wrapping whatever the work threw
     */
    public static <T> T call(Callable<T> work) throws InterruptedException {
        Object[] outcome = new Object[1];
        Thread thread = new Thread(() -> {
            try {
                outcome[0] = work.call();
            } catch (Throwable t) {
                outcome[0] = t;
            }
        });
        thread.start();
        thread.join();
        if (outcome[0] instanceof Throwable t) {
            throw new AssertionError("the work on a fresh thread failed: " + t, t);
        }
        @SuppressWarnings("unchecked")
        T result = (T) outcome[0];
        return result;
    }
}
