package io.github.cam4j;

import java.text.DecimalFormat;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import me.tongfei.progressbar.DefaultProgressBarRenderer;
import me.tongfei.progressbar.ProgressBarStyle;
import me.tongfei.progressbar.ProgressState;

/**
 * The progress bar library's renderer with the rate taken over the time elapsed to the millisecond. The library divides
 * by whole seconds: 128 canvases done in 1.9 s read "128.0 canvases/s", twice the rate, and any count in the first
 * second "?", the whole of a short task.
 */
final class ProgressRateRenderer extends DefaultProgressBarRenderer {
    /** Below this the rate is too uncertain to show (a first batch's time says little of the run's). */
    static final Duration SHORTEST = Duration.ofMillis(200);

    private final String unit;
    private final long unitSize;
    private final DecimalFormat format;

    ProgressRateRenderer(String unit, long unitSize, DecimalFormat format) {
        super(ProgressBarStyle.ASCII, unit, unitSize, true, format, ChronoUnit.SECONDS, true,
                ProgressRateRenderer::linearEta);
        this.unit = unit;
        this.unitSize = unitSize;
        this.format = format;
    }

    /**
     * Draws the line from one state of the count. The library reads the count apart for the percentage, the bar and
     * "n/total", and a count moving between the reads drew "0% [=====...] 0/1000"; its state's getters and steps lock
     * the state itself, so holding that lock for the draw (a few microseconds) keeps the count still.
     */
    @Override
    public String render(ProgressState progress, int maxLength) {
        synchronized (progress) {
            return super.render(progress, maxLength);
        }
    }

    @Override
    protected String speed(ProgressState progress) {
        return rate(progress.getCurrent() - progress.getStart(), progress.getElapsedAfterStart(), unitSize)
                .map(r -> format.format(r) + unit + "/s").orElse("?" + unit + "/s");
    }

    /**
     * @param done things counted since the bar started
     * @param elapsed time since it started
     * @param unitSize things per unit shown
     * @return units per second, over the elapsed time to the millisecond; empty before {@link #SHORTEST} or the first
     *     thing done
     */
    static Optional<Double> rate(long done, Duration elapsed, long unitSize) {
        if (done <= 0 || elapsed.compareTo(SHORTEST) < 0) {
            return Optional.empty();
        }
        return Optional.of(done / (double) unitSize / (elapsed.toNanos() / 1e9));
    }

    /** The library's own estimate (package-private there): the time per thing so far, times the things left. */
    private static Optional<Duration> linearEta(ProgressState progress) {
        long done = progress.getCurrent() - progress.getStart();
        if (progress.getMax() <= 0 || progress.isIndefinite() || done <= 0) {
            return Optional.empty();
        }
        return Optional.of(progress.getElapsedAfterStart().dividedBy(done)
                .multipliedBy(Math.max(0, progress.getMax() - progress.getCurrent())));
    }
}
