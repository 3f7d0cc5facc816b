package io.github.cam4j;

import java.text.DecimalFormat;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import me.tongfei.progressbar.DefaultProgressBarRenderer;
import me.tongfei.progressbar.ProgressBarStyle;
import me.tongfei.progressbar.ProgressState;

/**
 * The progress bar library's renderer with the rate taken over the time elapsed to the millisecond, and a shorter line
 * where the library's does not fit. The library divides by whole seconds: 128 canvases done in 1.9 s read "128.0
 * canvases/s", twice the rate, and any count in the first second "?", the whole of a short task. And it cuts a line
 * too long for the terminal at its end: at 40 columns explain's bar read "explain   2% [ ]   63/3000 images (0:00",
 * the time left cut off, and at 80 train's lost its accuracy ("... 8.9 batches/s loss 2.3745 "). Such a line now
 * leaves out, in turn, the elapsed time (the time left stays), the rate, the bar, the message after the rate and the
 * count's unit, then shortens the task's name: the count and the time left are what a narrow terminal shows. Its parts
 * are measured in the columns they take ({@link DisplayWidth}), a wide character two: a model folder named in Chinese
 * made a line longer than the terminal, whose console cut off the time left. The rate
 * and the time left are the work's {@link Pace}, taken from the first draw that found anything done: the library's,
 * over the whole time, counted loading the model as work, and its first time left was 60 times too long.
 */
final class ProgressRateRenderer extends DefaultProgressBarRenderer {
    /** Below this the rate is too uncertain to show (a first batch's time says little of the run's). */
    static final Duration SHORTEST = Duration.ofMillis(200);

    private final String unit;
    private final long unitSize;
    private final DecimalFormat format;
    private final Pace pace;

    ProgressRateRenderer(String unit, long unitSize, DecimalFormat format) {
        this(unit, unitSize, format, new Pace());
    }

    /** @param pacedFromStart whether the rate and the time left are taken from the bar's start ({@link Pace}) */
    ProgressRateRenderer(String unit, long unitSize, DecimalFormat format, boolean pacedFromStart) {
        this(unit, unitSize, format, new Pace(pacedFromStart));
    }

    private ProgressRateRenderer(String unit, long unitSize, DecimalFormat format, Pace pace) {
        super(ProgressBarStyle.ASCII, unit, unitSize, true, format, ChronoUnit.SECONDS, true, pace::timeLeft);
        this.unit = unit;
        this.unitSize = unitSize;
        this.format = format;
        this.pace = pace;
    }

    /**
     * Draws the line from one state of the count. The library reads the count apart for the percentage, the bar and
     * "n/total", and a count moving between the reads drew "0% [=====...] 0/1000"; its state's getters and steps lock
     * the state itself, so holding that lock for the draw (a few microseconds) keeps the count still.
     */
    @Override
    public String render(ProgressState progress, int maxLength) {
        synchronized (progress) {
            pace.observe(progress);
            if (maxLength <= 0) {
                return "";
            }
            Line line = new Line(progress);
            // The library's line when its bar gets cells enough: it fits, and keeps its look on a wide terminal.
            if (maxLength - line.fullWithoutBar() >= SHORTEST_BAR) {
                return super.render(progress, maxLength);
            }
            // Padded to the columns, as the library's line fills them: a redraw is a carriage return and the text, so
            // a shorter line left the last one's end on the screen (at 40 columns "explain   0%   0/500 images (?
            // left)" then "explain   1%   5/500 (0:09:12 left))"). A log's consumer strips the blanks.
            String shortened = line.shortened(progress, maxLength);
            return shortened + " ".repeat(Math.max(0, maxLength - DisplayWidth.of(shortened)));
        }
    }

    /** The fewest cells a bar is drawn with: fewer tell nothing the percentage does not ("[ ]" at 40 columns). */
    static final int SHORTEST_BAR = 5;

    /**
     * One form a short line may take.
     *
     * @param tail what follows the task and percentage
     * @param barred whether a bar stands between them
     */
    private record Form(String tail, boolean barred) {}

    /** The parts of one state's line, read once. */
    private final class Line {
        final String task;
        final String percentage;
        final String head;
        final String count;
        final String time;
        final String rate;
        final String message;

        Line(ProgressState progress) {
            task = progress.getTaskName();
            percentage = percentage(progress);
            head = task + " " + percentage;
            count = " " + ratio(progress);
            time = " (" + duration(progress.getTotalElapsed()) + " / " + etaString(progress) + ")";
            rate = " " + speed(progress);
            message = progress.getExtraMessage() == null ? "" : progress.getExtraMessage();
        }

        /** @return the columns of the library's line but its bar's cells: "task pct [" and "] count (time) rate msg" */
        int fullWithoutBar() {
            return DisplayWidth.of(head + " []" + count + time + rate + message);
        }

        /**
         * @return the fullest short line that fits: the bar only with {@value #SHORTEST_BAR} cells or more, the
         *     message kept before the bar, the count and the time left to the last; measured in columns
         *     ({@link DisplayWidth}), as a task's name may hold wide characters
         */
        String shortened(ProgressState progress, int width) {
            // The time left alone ("0:00:07 left"); without an end, the time elapsed.
            String left = progress.isIndefinite() || progress.getMax() <= 0
                    ? " (" + duration(progress.getTotalElapsed()) + ")" : " (" + etaString(progress) + " left)";
            String bareCount = count.endsWith(unit) ? count.substring(0, count.length() - unit.length()) : count;
            // In turn: the rate left out, then the bar, then the message, then the count's unit.
            List<Form> forms = List.of(new Form(count + left + rate + message, true),
                    new Form(count + left + message, true), new Form(count + left + message, false),
                    new Form(count + left, true), new Form(count + left, false), new Form(bareCount + left, false));
            // An unknown time left ("? left") is measured as wide as a known one, so the line keeps its form when the
            // time comes: at 40 columns "0/500 images (? left)" became "5/500 (0:09:12 left)", the unit there and gone.
            int unknownSlack = left.equals(" (? left)") ? " (0:00:00 left)".length() - left.length() : 0;
            for (Form form : forms) {
                int room = width - DisplayWidth.of(head + form.tail()) - unknownSlack;
                if (form.barred() && room - " []".length() >= SHORTEST_BAR) {
                    return head + " [" + bar(progress, room - " []".length()) + "]" + form.tail();
                }
                if (!form.barred() && room >= 0) {
                    return head + form.tail();
                }
            }
            String rest = " " + percentage + bareCount + left;
            // The known time's width here too: at 39 columns a download read "t10k-images-id..." at "? left", then
            // "t10k-ima...", the name moving as the "?" went.
            int forTask = width - DisplayWidth.of(rest) - unknownSlack;
            if (forTask >= "ab...".length()) {
                return DisplayWidth.cut(task, forTask - "...".length()) + "..." + rest;
            }
            return DisplayWidth.cut(head + bareCount + left, width);
        }
    }

    /**
     * @param cells the bar's cells between its brackets
     * @return the bar as the library's ASCII style draws it: '=' for the part done; without an end, one '=' moving
     */
    private static String bar(ProgressState progress, int cells) {
        char[] bar = new char[cells];
        java.util.Arrays.fill(bar, ' ');
        if (progress.isIndefinite() || progress.getMax() <= 0) {
            bar[(int) (Math.max(0, progress.getCurrent()) % cells)] = '=';
        } else {
            int done = (int) (Math.min(1, Math.max(0, progress.getNormalizedProgress())) * cells);
            java.util.Arrays.fill(bar, 0, done, '=');
        }
        return new String(bar);
    }

    /** @return the duration as the library writes it, "0:00:07" */
    private static String duration(Duration d) {
        long s = d.getSeconds();
        return String.format(java.util.Locale.ROOT, "%d:%02d:%02d", s / 3600, s % 3600 / 60, s % 60);
    }

    @Override
    protected String speed(ProgressState progress) {
        return pace.rate(progress, unitSize).map(r -> format.format(r) + unit + "/s").orElse("?" + unit + "/s");
    }

    /**
     * @param done things counted over a span of time
     * @param elapsed the span
     * @param unitSize things per unit shown
     * @return units per second, over the span to the millisecond; empty for a span shorter than {@link #SHORTEST} or
     *     nothing done in it
     */
    static Optional<Double> rate(long done, Duration elapsed, long unitSize) {
        if (done <= 0 || elapsed.compareTo(SHORTEST) < 0) {
            return Optional.empty();
        }
        return Optional.of(done / (double) unitSize / (elapsed.toNanos() / 1e9));
    }
}
