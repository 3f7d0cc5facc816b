package io.github.cam4j.video;

import static io.github.cam4j.video.VideoPipeline.STALLED_READ_MILLIS;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The threads of one run's stages, the bounded queues between them, and how they stop: a stage that fails stops with
 * the stages before it while those after it finish what had passed it; the encoder's failure or an interrupt stops
 * them all; a stop does not wait on a stalled read of the input. Also keeps the first failure and each stage's time.
 */
final class Stages {
    private static final long POLL_MILLIS = 50;
    /** The stages, in the order frames pass them. */
    static final int DECODE = 0;
    static final int EXPLAIN = 1;
    static final int DRAW = 2;
    static final int ENCODE = 3;

    private final int capacity;
    /** The decoding thread's reads of the input, which a stop may go on without. */
    private final LeftReads reads;
    private final Cancellation cancellation;
    private final List<BlockingQueue<Item>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Every stage stops at once: the encoder failed (nothing more can be written), or the run was interrupted. */
    private volatile boolean aborted;
    /**
     * The stages up to this one (0 decode, 1 explain, 2 draw) stop: one of them failed. The stages after it still
     * write what had already passed it, so the output holds every frame explained before the failure.
     */
    private final java.util.concurrent.atomic.AtomicInteger stoppedThrough =
            new java.util.concurrent.atomic.AtomicInteger(-1);
    /** Nanoseconds each stage spent working (not waiting on a queue): decode, explain, draw, encode. */
    private final long[] busy = new long[4];

    Stages(int capacity, LeftReads reads, Cancellation cancellation) {
        this.capacity = capacity;
        this.reads = reads;
        this.cancellation = cancellation;
    }

    /** @return the run's stop request */
    Cancellation cancellation() {
        return cancellation;
    }

    /** @return a new queue between two stages, of the run's capacity; the first one made is the decoder's */
    BlockingQueue<Item> queue() {
        BlockingQueue<Item> q = new ArrayBlockingQueue<>(capacity);
        queues.add(q);
        return q;
    }

    /** Adds a stage, run on a thread of its own once {@link #start} is called. */
    void add(String name, int index, BlockingQueue<Item> out, Runnable body) {
        threads.add(stage(name, index, out, body));
    }

    /** Starts the stages' threads, in the order they were added. */
    void start() {
        threads.forEach(Thread::start);
    }

    /**
     * @param index the stage's place in the pipeline, for {@link #stopThrough}
     * @param out the queue it feeds
     */
    private Thread stage(String name, int index, BlockingQueue<Item> out, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                stopThrough(index, e, out);
            }
        }, name);
        t.setDaemon(true);
        return t;
    }

    /** Everything stops: nothing more can be written (the encoder failed), or the run is interrupted. */
    void fail(Throwable t) {
        failure.compareAndSet(null, t);
        aborted = true;
    }

    /**
     * A stage before the encoder failed: it and the stages before it stop (what they hold was not explained and
     * drawn, and is dropped), and the stages after it finish what had already passed it, up to the end marker put
     * here. Dropping those too lost up to a queue's worth of explained frames per stage from the output.
     */
    private void stopThrough(int stage, Throwable t, BlockingQueue<Item> out) {
        failure.compareAndSet(null, t);
        stoppedThrough.accumulateAndGet(stage, Math::max);
        try {
            while (!aborted) {
                if (out.offer(Item.END, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
        }
    }

    /** @return whether {@code stage} is to stop: the whole run is, or a stage at or after it failed */
    boolean stopped(int stage) {
        return aborted || stage <= stoppedThrough.get();
    }

    /**
     * @return whether a stop was asked at least {@value VideoPipeline#STALLED_READ_MILLIS} ms ago and the decoder's read
     *     is still under way: then it is left behind ({@link LeftReads#leave}), and the decoder hands on nothing more
     */
    private boolean readLeftAfterStop() {
        long at = cancellation.cancelledAt();
        return at != Long.MIN_VALUE && System.nanoTime() - at >= TimeUnit.MILLISECONDS.toNanos(STALLED_READ_MILLIS)
                && reads.leave();
    }

    void joinAll() {
        boolean interrupted = false;
        long since = System.nanoTime();
        for (Thread t : threads) {
            while (t.isAlive()) {
                if (t == threads.get(0) && System.nanoTime() - since >= TimeUnit.MILLISECONDS.toNanos(
                        STALLED_READ_MILLIS) && reads.leave()) {
                    // The encoder is done (a stop, a failure) and the decoder is still in a read: a stalled pipe's,
                    // which may never return. Not waited for; the input is closed when it returns (LeftReads).
                    break;
                }
                try {
                    t.join(POLL_MILLIS);
                } catch (InterruptedException e) {
                    // Keep waiting: a stage still holds native frames; the interrupt is restored below.
                    interrupted = true;
                    aborted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes what the queues still hold, once every stage has stopped. */
    void closeLeft() {
        for (BlockingQueue<Item> q : queues) {
            for (Item it; (it = q.poll()) != null; ) {
                it.close();
            }
        }
    }

    /** Puts an item, waiting while the queue is full; when {@code stage} is to stop, closes it and returns false. */
    boolean put(BlockingQueue<Item> q, Item item, int stage) {
        try {
            while (!stopped(stage)) {
                if (q.offer(item, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
        }
        item.close();
        return false;
    }

    /**
     * @return the next item, or null when {@code stage} is to stop; {@link Item#END} from the decoder's queue when a
     *     stop has left its read behind ({@link #readLeftAfterStop})
     */
    Item take(BlockingQueue<Item> q, int stage) {
        try {
            while (!stopped(stage)) {
                Item it = q.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (it != null) {
                    return it;
                }
                if (q == queues.get(0) && readLeftAfterStop()) {
                    // The decoder will hand on nothing more: what the stages hold is written, and the file closed.
                    return Item.END;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
        }
        return null;
    }

    /** @return the first failure of the run, or null */
    Throwable failure() {
        return failure.get();
    }

    /** Adds to the time {@code stage} spent working, not waiting on a queue. */
    void worked(int stage, long nanos) {
        busy[stage] += nanos;
    }

    /** @return the seconds each stage spent working */
    VideoSummary.Stages busySeconds() {
        return new VideoSummary.Stages(busy[0] / 1e9, busy[1] / 1e9, busy[2] / 1e9, busy[3] / 1e9);
    }
}
