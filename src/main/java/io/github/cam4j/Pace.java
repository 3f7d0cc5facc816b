package io.github.cam4j;

import java.time.Duration;
import java.util.Optional;
import me.tongfei.progressbar.ProgressState;

/**
 * The pace of one bar's work: things done over the time taken, counted from the first draw that found anything done.
 * The time before that (loading a model, a first batch setting up TensorFlow's graph) is no measure of the pace: over
 * the whole time elapsed, explain's bar over 3 000 pictures read "7/3000 images (0:00:04 / 0:32:39) 1.5 images/s" in a
 * run that ended 32 s later at about 100 images a second, and its time left was still three times too long after 9 s.
 *
 * <p>Until a later draw finds more done, at least {@link ProgressRateRenderer#SHORTEST} after the first, the pace is
 * unknown ("?"), but for a bar that ended by then: its rate is then its count over the whole time, and nothing is left.
 * Read and written by one bar's renderer, under its state's lock; synchronized as well, since the library may read the
 * time left elsewhere.
 */
final class Pace {
    /** Whether the pace is taken from the bar's start ({@link #Pace(boolean)}). */
    private final boolean fromStart;
    /** The count at the first draw that found anything done, or -1 before it. */
    private long firstCount = -1;
    /** The time after the bar's start of that draw. */
    private Duration firstElapsed = Duration.ZERO;

    /** A pace from the first draw that found anything done. */
    Pace() {
        this(false);
    }

    /**
     * @param fromStart whether the pace is taken from the bar's start, for a bar built once what is no measure of the
     *     work is done: compare's, built after the model and the pictures are loaded, whose first step may be the
     *     costliest method's whole first batch. From the first draw that saw it, the pace waited for a second batch of
     *     that method (two for 128 digits by SS-CAM: the whole method, a minute and more, "?" left throughout).
     */
    Pace(boolean fromStart) {
        this.fromStart = fromStart;
    }

    /**
     * Marks the first draw that finds anything done (the bar's start, for a pace from there); later draws leave the
     * mark where it is.
     *
     * @param progress the bar's state, as it is drawn
     */
    synchronized void observe(ProgressState progress) {
        if (firstCount < 0 && fromStart) {
            firstCount = progress.getStart();
        } else if (firstCount < 0 && progress.getCurrent() > progress.getStart()) {
            firstCount = progress.getCurrent();
            firstElapsed = progress.getElapsedAfterStart();
        }
    }

    /**
     * @param progress the bar's state
     * @param unitSize things per unit shown
     * @return units per second since the first draw that found anything done; for a bar that ended before a later
     *     draw could measure that, over its whole time; else empty
     */
    synchronized Optional<Double> rate(ProgressState progress, long unitSize) {
        Optional<Double> paced = firstCount < 0 ? Optional.empty() : ProgressRateRenderer.rate(
                progress.getCurrent() - firstCount, progress.getElapsedAfterStart().minus(firstElapsed), unitSize);
        if (paced.isPresent() || !ended(progress)) {
            return paced;
        }
        return ProgressRateRenderer.rate(progress.getCurrent() - progress.getStart(), progress.getElapsedAfterStart(),
                unitSize);
    }

    /**
     * @param progress the bar's state
     * @return the things left at the pace so far; zero once the bar has ended; empty without an end or a pace
     */
    synchronized Optional<Duration> timeLeft(ProgressState progress) {
        if (progress.isIndefinite() || progress.getMax() <= 0) {
            return Optional.empty();
        }
        if (ended(progress)) {
            return Optional.of(Duration.ZERO);
        }
        long left = progress.getMax() - progress.getCurrent();
        return rate(progress, 1).map(perSecond -> Duration.ofNanos(Math.round(left / perSecond * 1e9)));
    }

    /** @return whether the count reached the bar's end */
    private static boolean ended(ProgressState progress) {
        return !progress.isIndefinite() && progress.getMax() > 0 && progress.getCurrent() >= progress.getMax();
    }
}
