package io.github.cam4j;

import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * A bar's consumer that draws nothing once closed, and closes once. The progress bar library's {@code close()} draws
 * the bar's last state and closes its consumer (on a terminal, the line's end) each time it is called, and so does its
 * timer when a close catches it mid-draw: a bar closed twice was drawn again below its own ended line, under a stop's
 * line said between the two ({@code explain} on Ctrl-C), or a second time at its end ({@code train}'s test accuracy).
 */
final class ClosedOnceConsumer implements ProgressBarConsumer {
    private final ProgressBarConsumer consumer;
    /** Guarded by {@code this}. */
    private boolean closed;

    /** @param consumer what draws the bar until it is closed */
    ClosedOnceConsumer(ProgressBarConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public int getMaxRenderedLength() {
        return consumer.getMaxRenderedLength();
    }

    @Override
    public synchronized void accept(String rendered) {
        if (!closed) {
            consumer.accept(rendered);
        }
    }

    @Override
    public synchronized void clear() {
        if (!closed) {
            consumer.clear();
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            consumer.close();
        }
    }
}
