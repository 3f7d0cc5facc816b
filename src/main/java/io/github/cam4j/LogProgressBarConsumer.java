package io.github.cam4j;

import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * A progress bar written to a log (standard error a file or a pipe) rather than redrawn on a terminal: whole lines, the
 * first, one each time the bar passes a tenth of its length or {@link ProgressBars#LOG_EVERY_SECONDS} seconds after
 * the last line (a slow bar, or one without an end, still shows it is alive), and the bar's last state when it closes.
 * A carriage return redraw would leave a log one long line of every state the bar went through.
 */
final class LogProgressBarConsumer implements ProgressBarConsumer {
    /** The percentage the house style draws after the task name ("explain  45% [====   ]"); " ?%" without an end. */
    private static final Pattern PERCENT = Pattern.compile(" (\\d{1,3})% ");

    private final Consumer<String> println;
    private final long everyNanos;
    private int printedTenth;
    private long printedAt;
    /** The last line written, null before the first. */
    private String printed;
    private String pending;

    /**
     * @param println writes one whole line (and flushes it)
     * @param everySeconds the longest a running bar stays silent
     */
    LogProgressBarConsumer(Consumer<String> println, long everySeconds) {
        this.println = println;
        this.everyNanos = everySeconds * 1_000_000_000L;
    }

    @Override
    public int getMaxRenderedLength() {
        return ProgressBars.LOG_WIDTH;
    }

    @Override
    public synchronized void accept(String rendered) {
        String line = rendered.strip();
        if (endsWhatWasWritten(line)) {
            // A bar written at its end has nothing left to say: a later draw of the same count only has a later time
            // and a rate diluted by whatever the run did after its last step.
            pending = null;
            return;
        }
        int tenth = tenth(line);
        if (printed == null || tenth > printedTenth || System.nanoTime() - printedAt >= everyNanos) {
            print(line, Math.max(tenth, printedTenth));
        } else {
            // The library draws from its timer's thread and the caller's, so a line drawn earlier may arrive later:
            // the newest line wins, and one repeating the line written leaves nothing older kept back.
            pending = line.equals(printed) ? null : line;
        }
    }

    @Override
    public synchronized void close() {
        // The bar's end (or where it stopped), unless the last line written showed it already: the library draws the
        // end twice, the rate (to the millisecond) moving between the two draws. Short of the end, a later time is news:
        // the count stood that long, and the rate is over the whole run. (At the end, accept() keeps nothing back.)
        if (pending != null && !sameState(pending, printed)) {
            print(pending, printedTenth);
        }
    }

    /** @return whether the line written shows the bar's end (100 %) and this line the same count, at whatever time */
    private boolean endsWhatWasWritten(String line) {
        return printed != null && tenth(printed) == 10 && countPart(line).equals(countPart(printed));
    }

    /** @return the line up to the elapsed time: the task, percentage, bar and count (the whole line without a time) */
    private static String countPart(String line) {
        Matcher m = ELAPSED.matcher(line);
        return m.find() ? line.substring(0, m.start()) : line;
    }

    /** The elapsed time the library draws after the count: "(0:00:03 / ..." (hours may run past two digits). */
    private static final Pattern ELAPSED = Pattern.compile(" \\((\\d+):(\\d\\d):(\\d\\d) / [^)]*\\)[^)]*$");

    /**
     * @return whether two lines show the same count at times less than two of its whole seconds apart (the library's
     *     two draws of the end, which may fall on either side of a second), whatever their rates
     */
    static boolean sameState(String a, String b) {
        Matcher ma = ELAPSED.matcher(a);
        Matcher mb = ELAPSED.matcher(b);
        if (!ma.find() || !mb.find()) {
            return a.equals(b);
        }
        return a.substring(0, ma.start()).equals(b.substring(0, mb.start())) && Math.abs(seconds(ma) - seconds(mb)) <= 1;
    }

    private static long seconds(Matcher m) {
        return Long.parseLong(m.group(1)) * 3600 + Long.parseLong(m.group(2)) * 60 + Long.parseLong(m.group(3));
    }

    private void print(String line, int tenth) {
        println.accept(line);
        printed = line;
        printedTenth = tenth;
        printedAt = System.nanoTime();
        pending = null;
    }

    /** @return the tenths of the way the line shows (0 to 10), or -1 for a bar without an end */
    private static int tenth(String line) {
        Matcher m = PERCENT.matcher(line);
        return m.find() ? Integer.parseInt(m.group(1)) / 10 : -1;
    }
}
