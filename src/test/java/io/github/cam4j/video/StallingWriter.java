package io.github.cam4j.video;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A named pipe's writer that stalls, as {@code (head -c N clip.mkv; sleep 100) > fifo} does: it opens the pipe (waiting
 * for its reader, as a shell's {@code >} does), writes the first bytes it was given, then keeps the pipe open and sends
 * nothing until released.
 */
final class StallingWriter implements AutoCloseable {
    private final Path fifo;
    private final CountDownLatch opened = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final Thread thread;

    /**
     * @param fifo the pipe
     * @param bytes what to write before stalling (none: a writer that opens the pipe and never writes)
     */
    StallingWriter(Path fifo, byte[] bytes) {
        this(fifo, bytes, true);
    }

    /**
     * @param fifo the pipe
     * @param bytes what to write
     * @param stall whether to stall after them; false: the pipe is closed once they are written, as {@code cat}'s is
     */
    StallingWriter(Path fifo, byte[] bytes, boolean stall) {
        this.fifo = fifo;
        if (!stall) {
            released.countDown();
        }
        thread = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                opened.countDown();
                out.write(bytes);
                out.flush();
                released.await();
            } catch (Exception e) {
                // The reader went away: nothing more to write either way.
            }
        }, "stalling-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** @return whether a reader opened the pipe (the writer's open returned) within the time given */
    boolean awaitReader(long seconds) throws InterruptedException {
        return opened.await(seconds, TimeUnit.SECONDS);
    }

    /** Ends the stall: the pipe is closed, which its reader reads as its end; a writer still waiting for one is let go. */
    @Override
    public void close() throws InterruptedException {
        released.countDown();
        if (opened.getCount() > 0) {
            Thread drain = new Thread(() -> {
                try (InputStream in = Files.newInputStream(fifo)) {
                    in.transferTo(OutputStream.nullOutputStream());
                } catch (java.io.IOException e) {
                    // The writer ends either way.
                }
            });
            drain.setDaemon(true);
            drain.start();
        }
        thread.join(10_000);
    }
}
