package io.github.cam4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import io.github.cam4j.testing.TerminalScreen;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;

class ProgressBarsTest {
    /**
     * A slow job's rate must read "0.2 images/s": the progress bar library's default pattern printed ".2", which a
     * reader takes for a typo or misses the point of. 200 counted things at 1000 per unit, done over at least 1.1 s
     * after the first were seen, make a rate of at most 0.19 units per second, whatever the machine's speed.
     */
    @Test
    void aRateBelowOneKeepsItsLeadingZero() throws InterruptedException {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        String last;
        try (ProgressBar bar = ProgressBars.builder("explain", " images", 1000, 10_000)
                .setConsumer(new DelegatingProgressBarConsumer(lines::add)).build()) {
            bar.stepTo(100);
            bar.refresh();
            Thread.sleep(1100);
            bar.stepTo(300);
            bar.refresh();
            last = lines.get(lines.size() - 1);
        }
        assertTrue(last.matches(".* 0\\.[0-2] images/s.*"), last);
        assertTrue(last.startsWith("explain"), last);
    }

    /**
     * Tests run with standard error not a terminal, as in a log file or a CI run. Without a terminal the library assumed
     * 80 columns: a long task name squeezed the bar to "[ ]" and the rate was cut to "1.4". The bar is drawn at
     * {@value ProgressBars#LOG_WIDTH} columns instead, whole.
     */
    @Test
    void aBarInALogKeepsItsBarItsRateAndItsTimeLeft() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            try (ProgressBar bar = ProgressBars.builder("mnist-unpooled, with faithfulness", " canvases", 1, 1000)
                    .setConsumer(ProgressBars.console(out)).build()) {
                bar.stepTo(500);
                bar.refresh();
            }
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("[\r\n]+");
        String last = lines[lines.length - 1];
        assertTrue(last.endsWith("canvases/s"), "rate cut off: " + last);
        assertTrue(last.contains("500/1000 canvases ("), last);
        assertTrue(last.chars().filter(c -> c == '=').count() >= 20, "bar squeezed: " + last);
    }

    /**
     * In a log (standard error a file or a pipe: {@code 2> log.txt}, a CI run) a bar redrawn with carriage returns left
     * dozens of partial lines: the log gets whole lines instead, one at each tenth of the way (and at least every
     * {@value ProgressBars#LOG_EVERY_SECONDS} s), each ended, the last one the bar's end. A thousand redraws make at
     * most a dozen lines.
     */
    @Test
    void aBarInALogWritesAFewWholeLines() {
        org.junit.jupiter.api.Assumptions.assumeFalse(ProgressBars.stderrIsTerminal(), "standard error is a terminal here");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            try (ProgressBar bar = ProgressBars.builder("evaluate", " canvases", 1, 1000)
                    .setConsumer(ProgressBars.console(out)).build()) {
                for (int i = 1; i <= 1000; i++) {
                    bar.stepTo(i);
                    bar.refresh();
                }
            }
        }
        String log = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(log.contains("\r"), "a carriage return in a log: " + log);
        assertTrue(log.endsWith(System.lineSeparator()), "the last line is ended: " + log);
        List<String> lines = log.lines().toList();
        assertTrue(lines.size() >= 2 && lines.size() <= 12, lines.size() + " lines: " + log);
        assertTrue(lines.stream().allMatch(l -> l.startsWith("evaluate ")), log);
        assertTrue(lines.get(lines.size() - 1).contains("1000/1000 canvases"), log);
        assertEquals(1, lines.stream().filter(l -> l.contains("1000/1000")).count(), "the end once: " + log);
    }

    /**
     * The rate is taken over the time to the millisecond: the library divided by whole seconds, so 128 canvases done in
     * 1.9 s read "128.0 canvases/s", twice the rate, and nothing in the first second had a rate at all.
     */
    @Test
    void theRateIsOverTheTimeElapsedToTheMillisecond() {
        assertEquals(128 / 1.9, ProgressRateRenderer.rate(128, java.time.Duration.ofMillis(1900), 1).orElseThrow(), 1e-9);
        assertEquals(640.0, ProgressRateRenderer.rate(128, java.time.Duration.ofMillis(200), 1).orElseThrow(), 1e-9);
        assertEquals(0.5, ProgressRateRenderer.rate(1 << 20, java.time.Duration.ofSeconds(2), 1 << 20).orElseThrow(), 1e-12);
        assertTrue(ProgressRateRenderer.rate(128, java.time.Duration.ofMillis(199), 1).isEmpty(), "too soon to say");
        assertTrue(ProgressRateRenderer.rate(0, java.time.Duration.ofSeconds(5), 1).isEmpty(), "nothing done yet");
    }

    /**
     * Drawn: 100 things in at least 1.2 s make at most 83.4 a second; the library's whole seconds gave 100.0 until 2 s
     * had passed. The time left is still shown.
     */
    @Test
    void aBarShowsTheRateOverTheTimeItTook() throws InterruptedException {
        // Written by the library's timer thread and this one's refresh.
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ProgressBar bar = ProgressBars.builder("evaluate", " canvases", 1, 1000)
                .setConsumer(new DelegatingProgressBarConsumer(lines::add)).build()) {
            bar.stepTo(1);
            bar.refresh();
            Thread.sleep(1200);
            bar.stepTo(101);
            bar.refresh();
            String shown = lines.get(lines.size() - 1);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(".* (\\d+\\.\\d) canvases/s$").matcher(shown);
            assertTrue(m.matches(), shown);
            double rate = Double.parseDouble(m.group(1));
            assertTrue(rate > 0 && rate <= 83.4, shown);
            // At least a second has passed; a loaded machine may take more before the refresh.
            assertTrue(shown.matches(".*101/1000 canvases \\(0:00:\\d\\d / 0:\\d\\d:\\d\\d\\).*"),
                    "elapsed and time left: " + shown);
        }
    }

    /**
     * The log writes a bar's end once: the library draws it twice, the rate (to the millisecond) moving between the
     * draws and the elapsed time perhaps passing a second. A count that stood while seconds passed is a state of its
     * own (video's bar at its close, a slow run's last line), written.
     */
    @Test
    void theLogTellsTheLibrarysTwoDrawsOfTheEndFromALaterState() {
        String end = "evaluate 100% [====] 1000/1000 canvases (0:00:00 / 0:00:00) 4213.2 canvases/s";
        assertTrue(LogProgressBarConsumer.sameState(end, end.replace("4213.2", "4209.5")));
        assertTrue(LogProgressBarConsumer.sameState(end, end.replace("(0:00:00 /", "(0:00:01 /").replace("4213.2", "999.9")));
        assertFalse(LogProgressBarConsumer.sameState(end, end.replace("(0:00:00 /", "(0:00:02 /")));
        assertFalse(LogProgressBarConsumer.sameState(end, end.replace("1000/1000", "999/1000")));
        assertTrue(LogProgressBarConsumer.sameState("video ?% [ ] 12 frames (12:00:59 / ?) 3.0 frames/s",
                "video ?% [ ] 12 frames (12:01:00 / ?) 2.9 frames/s"), "hours and minutes carry");
    }
    /**
     * In a log the first line is written, then one line each time the bar passes a tenth (5 % and 19 % are not: they
     * share a tenth with a line written), and at the close the last state when it is news: 19/100 is, the library's
     * second draw of the end (its rate a little moved, the same second) is not.
     */
    @Test
    void aLogGetsTheFirstLineEachTenthAndTheLastState() {
        List<String> lines = new ArrayList<>();
        String zero = "evaluate   0% [          ] 0/100 canvases (0:00:00 / ?) ?canvases/s";
        String ten = "evaluate  10% [=         ] 10/100 canvases (0:00:02 / 0:00:18) 5.0 canvases/s";
        String nineteen = "evaluate  19% [=>        ] 19/100 canvases (0:00:04 / 0:00:17) 4.8 canvases/s";
        me.tongfei.progressbar.ProgressBarConsumer log = ProgressBars.logLines(lines::add);
        log.accept(zero);
        log.accept("evaluate   5% [>         ] 5/100 canvases (0:00:01 / 0:00:19) 5.0 canvases/s");
        log.accept(ten);
        log.accept(nineteen);
        log.close();
        assertEquals(List.of(zero, ten, nineteen), lines);

        List<String> ended = new ArrayList<>();
        String end = "evaluate 100% [==========] 100/100 canvases (0:00:03 / 0:00:00) 33.1 canvases/s";
        me.tongfei.progressbar.ProgressBarConsumer endLog = ProgressBars.logLines(ended::add);
        endLog.accept(end);
        endLog.accept(end.replace("33.1", "33.0"));
        endLog.close();
        assertEquals(List.of(end), ended, "the end once");
    }

    /**
     * A bar's end is written once however late the library draws it again: the close's draw came more than a second
     * after the last step when a draw stalled (helper-151, reading {@link #aBarInALogWritesAFewWholeLines}), and the
     * log wrote the end twice, the second time with a rate diluted by the wait. Short of the end, a count that stood is
     * still written again, as the keep-alive line of a slow run.
     */
    @Test
    void aBarsEndIsWrittenOnceHoweverLateItIsDrawnAgain() {
        List<String> lines = new ArrayList<>();
        String end = "evaluate 100% [==========] 100/100 canvases (0:00:01 / 0:00:00) 90.0 canvases/s";
        String later = "evaluate 100% [==========] 100/100 canvases (0:00:04 / 0:00:00) 25.0 canvases/s";
        // Every line is due at once (no seconds between keep-alive lines), as after a long stall.
        LogProgressBarConsumer log = new LogProgressBarConsumer(lines::add, 0);
        log.accept(end);
        log.accept(later);
        log.accept(later);
        log.close();
        assertEquals(List.of(end), lines, "the end once");

        List<String> stood = new ArrayList<>();
        String half = "evaluate  50% [=====     ] 50/100 canvases (0:00:01 / 0:00:01) 50.0 canvases/s";
        String stillHalf = "evaluate  50% [=====     ] 50/100 canvases (0:00:04 / 0:00:04) 12.5 canvases/s";
        LogProgressBarConsumer slow = new LogProgressBarConsumer(stood::add, 0);
        slow.accept(half);
        slow.accept(stillHalf);
        slow.close();
        assertEquals(List.of(half, stillHalf), stood, "a count that stood short of the end is news");
    }

    /**
     * The library draws from two threads, its timer's and the caller's {@code refresh()}, and a line drawn earlier can
     * reach the log later. CI caught it: the caller's 500/1000 was written, the timer's first draw (0/1000) came after
     * it and was kept back, the library's draw of the end repeated the line written, and the log closed on 0/1000. A
     * line that repeats the one written is the latest state, and nothing kept back outlives it.
     */
    @Test
    void aLineThatArrivesLateDoesNotOutliveTheStateAfterIt() {
        List<String> lines = new ArrayList<>();
        String half = "evaluate  50% [=====     ] 500/1000 canvases (0:00:00 / 0:00:00) ? canvases/s";
        String late = "evaluate   0% [          ] 0/1000 canvases (0:00:00 / ?) ? canvases/s";
        me.tongfei.progressbar.ProgressBarConsumer log = ProgressBars.logLines(lines::add);
        log.accept(half);
        log.accept(late);
        log.accept(half);
        log.close();
        assertEquals(List.of(half), lines);
    }

    /**
     * A line is drawn from one state of the count: the library reads the count once for the percentage, again for
     * the bar and again for "n/total", and a count moving meanwhile drew "0% [=====...] 0/1000", half a bar at nothing
     * done (the line CI logged). The timer draws every millisecond while the count runs round and round its 10 000 for
     * 0.3 s (a percent every hundred steps, so a draw that reads the count twice sees it move); every line's percentage
     * must be its own count's, whole percent rounded down as the library does.
     */
    @Test
    void aLineIsDrawnFromOneStateOfTheCount() {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        long total = 10_000;
        try (ProgressBar bar = ProgressBars.builder("evaluate", " canvases", 1, total).setUpdateIntervalMillis(1)
                .setConsumer(new DelegatingProgressBarConsumer(lines::add)).build()) {
            // Until the timer has drawn 20 lines while the count moves, however loaded the machine (a fixed 300 ms
            // drew 19 beside a CI run); 20 s at most.
            long until = System.nanoTime() + 20_000_000_000L;
            for (long i = 1; lines.size() < 20 && System.nanoTime() < until; i++) {
                bar.stepTo(i % total);
            }
        }
        java.util.regex.Pattern shape = java.util.regex.Pattern.compile(".* (\\d+)% \\[.* (\\d+)/" + total + " canvases .*");
        assertTrue(lines.size() >= 20, "the timer drew " + lines.size() + " lines");
        for (String line : lines) {
            java.util.regex.Matcher m = shape.matcher(line);
            assertTrue(m.matches(), line);
            assertEquals(Long.parseLong(m.group(2)) * 100 / total, Long.parseLong(m.group(1)), line);
        }
    }

    /**
     * Lines without the elapsed time are the same state only when equal; the elapsed time's hours count 3600 s each,
     * so an hour apart is not "the same second".
     */
    @Test
    void sameStateWithoutAnElapsedTimeIsEqualityAndHoursAreHours() {
        assertTrue(LogProgressBarConsumer.sameState("download done", "download done"));
        assertFalse(LogProgressBarConsumer.sameState("download done", "download done!"));
        String end = "video ?% [ ] 12 frames (1:00:00 / ?) 3.0 frames/s";
        assertFalse(LogProgressBarConsumer.sameState(end, end.replace("(1:00:00", "(0:00:00")));
    }

    /**
     * A bar paced from its start (compare's, built once the model and the pictures are loaded) knows its pace at the
     * first draw that finds anything done: its first step may be the costliest method's whole first batch, and from
     * that draw on, the pace waited for a second batch, "?" left through the whole of SS-CAM on 128 digits. A bar paced
     * from the first draw that found anything done shows "?" then. The sleep only makes the time long enough to measure
     * ({@link ProgressRateRenderer#SHORTEST}); nothing is asserted of how long it was.
     */
    @Test
    void aBarPacedFromItsStartKnowsItsPaceAtItsFirstStep() throws InterruptedException {
        for (boolean fromStart : new boolean[] {true, false}) {
            List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
            // A short name and unit: the whole line fits the consumer's 80 columns, the elapsed time in it.
            try (ProgressBar bar = ProgressBars.builder("compare", " runs", 1, 1000, fromStart)
                    .setConsumer(new DelegatingProgressBarConsumer(lines::add)).build()) {
                Thread.sleep(ProgressRateRenderer.SHORTEST.toMillis() + 50);
                bar.stepTo(500);
                bar.refresh();
                String shown = lines.get(lines.size() - 1);
                String time = "\\d+:\\d\\d:\\d\\d";
                String known = ".* 500/1000 runs \\(" + time + " / " + time + "\\) \\d+\\.\\d runs/s.*";
                String unknown = ".* 500/1000 runs \\(" + time + " / \\?\\) \\? runs/s.*";
                assertTrue(shown.matches(fromStart ? known : unknown), fromStart + ": " + shown);
            }
        }
    }

    /** Before anything is done the time left is unknown ("?"), not a division by zero that loses the line. */
    @Test
    void theTimeLeftBeforeAnythingIsDoneIsUnknown() {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ProgressBar bar = ProgressBars.builder("evaluate", " canvases", 1, 100)
                .setConsumer(new DelegatingProgressBarConsumer(lines::add)).build()) {
            bar.refresh();
        }
        assertFalse(lines.isEmpty(), "the bar was drawn");
        String last = lines.get(lines.size() - 1);
        // Any elapsed time: a loaded machine may take a second to build and close the bar.
        assertTrue(last.matches(".* 0/100 canvases \\(\\d+:\\d\\d:\\d\\d / \\?\\).*"), last);
    }

    /**
     * The time left is the time per thing since the first draw that saw anything done, times the things left: 490
     * more done in at least 1.1 s, and 490 left, as long again. Drawn in whole seconds, the time left is at most the
     * elapsed time shown plus one (the two read a few milliseconds apart); a count of what is left taken as done plus
     * total would show three times the elapsed time.
     */
    @Test
    void theTimeLeftIsTheTimeSoFarTimesWhatIsLeftOverWhatIsDone() throws InterruptedException {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ProgressBar bar = ProgressBars.builder("evaluate", " canvases", 1, 1000)
                .setConsumer(new DelegatingProgressBarConsumer(lines::add)).build()) {
            bar.stepTo(20);
            bar.refresh();
            Thread.sleep(1100);
            bar.stepTo(510);
            bar.refresh();
            String shown = lines.get(lines.size() - 1);
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile(".*510/1000 canvases \\(0:(\\d\\d):(\\d\\d) / 0:(\\d\\d):(\\d\\d)\\).*").matcher(shown);
            assertTrue(m.matches(), shown);
            int elapsed = Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2));
            int left = Integer.parseInt(m.group(3)) * 60 + Integer.parseInt(m.group(4));
            assertTrue(elapsed >= 1 && left >= 1 && left <= elapsed + 1, shown);
        }
    }

    /**
     * A log line reaches the log at once, whatever buffers standard error has: a {@code tail -f} of a run's log showed
     * nothing until the buffer filled.
     */
    @Test
    void aLogLineIsFlushedAtOnce() {
        org.junit.jupiter.api.Assumptions.assumeFalse(ProgressBars.stderrIsTerminal(), "standard error is a terminal here");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new java.io.BufferedOutputStream(bytes, 1 << 16), false, StandardCharsets.UTF_8);
        me.tongfei.progressbar.ProgressBarConsumer log = ProgressBars.console(out);
        log.accept("evaluate   0% [          ] 0/100 canvases (0:00:00 / ?) ?canvases/s");
        assertEquals("evaluate   0% [          ] 0/100 canvases (0:00:00 / ?) ?canvases/s" + System.lineSeparator(),
                bytes.toString(StandardCharsets.UTF_8));
        out.close();
    }

    /**
     * A warning said while a bar is drawn on a terminal stands on its own line: the bar, redrawn in place after a
     * carriage return, leaves its line unended, and a warning printed then followed the bar's text on that line
     * ("... canvases/scam4j: warning: ..."). The library's console consumer draws a real bar into what a terminal would
     * show (carriage returns and line ends played back over a screen); the warning is a line of its own and the bar,
     * drawn again, another.
     */
    @Test
    void aWarningSaidWhileABarIsDrawnOnATerminalStandsOnItsOwnLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream terminal = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        String warning = "cam4j: warning: test digit 5031's plain canvas left out for every method and baseline";
        try (ProgressBar bar = ProgressBars.builder("mnist-pooled", " canvases", 1, 40)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(terminal, 100)).build()) {
            bar.stepTo(12);
            bar.refresh();
            terminal.println(ProgressBars.ownLine(warning, true, 100));
            bar.stepTo(40);
        }
        List<String> screen = TerminalScreen.lines(bytes.toString(StandardCharsets.UTF_8));
        assertTrue(screen.contains(warning), String.join("\n", screen));
        assertEquals(1, screen.stream().filter(l -> l.contains("warning")).count(), String.join("\n", screen));
        assertTrue(screen.get(screen.size() - 1).startsWith("mnist-pooled 100%"), String.join("\n", screen));
        // In a log the bar is whole lines already: the warning is printed as it is.
        assertEquals(warning, ProgressBars.ownLine(warning, false, 0));
    }

    /**
     * A bar closed twice (a stop's path and the command's try-with-resources) is drawn no more after its first close:
     * the library draws it again and closes its consumer at each close, which on a terminal put a copy of the bar below
     * its ended line.
     */
    @Test
    void aBarClosedTwiceIsNotDrawnAfterItsEnd() {
        List<String> drawn = new java.util.concurrent.CopyOnWriteArrayList<>();
        ProgressBar bar = ProgressBars.builder("explain", " images", 1, 100)
                .setConsumer(ProgressBars.closedOnce(new DelegatingProgressBarConsumer(drawn::add, 80) {
                    @Override
                    public void close() {
                        drawn.add("<end>");
                    }
                })).build();
        bar.stepTo(40);
        bar.close();
        bar.close();
        assertEquals("<end>", drawn.get(drawn.size() - 1), String.join("\n", drawn));
        assertEquals(1, drawn.stream().filter("<end>"::equals).count(), String.join("\n", drawn));
    }

    /**
     * A line too long for the terminal was cut at its end by the library: at 40 columns explain's read "explain   2%
     * [ ]   63/3000 images (0:00", the time left cut off, at 60 "... (0:00:04 / 0:05:42) 8.7 i". Each width shows the
     * count and the time left, whole, within its columns (the terminal's less one, as the library takes them).
     */
    @Test
    void aNarrowTerminalShowsTheCountAndTheTimeLeft() {
        String at40 = drawnAt(39, "explain", " images", 3000, 1350, "");
        assertTrue(at40.matches("explain  45% 1350/3000 \\(\\d:\\d\\d:\\d\\d left\\)"), at40);
        String at60 = drawnAt(59, "explain", " images", 3000, 1350, "");
        assertTrue(at60.matches("explain  45% \\[=+ +\\] 1350/3000 images \\(\\d:\\d\\d:\\d\\d left\\)"), at60);
        assertEquals(59, at60.length(), "the bar takes the columns left: " + at60);
        // Wide enough for the library's own line: as it was.
        String at80 = drawnAt(79, "explain", " images", 3000, 1350, "");
        assertTrue(at80.matches("explain  45% \\[=+ +\\] 1350/3000 images \\(\\d:\\d\\d:\\d\\d / \\d:\\d\\d:\\d\\d\\)"
                + " (\\d+\\.\\d|\\?) images/s"), at80);
        // A long task's name is shortened before the count or the time left.
        String download = drawnAt(39, "t10k-images-idx3-ubyte.gz", " MB", 100, 45, "");
        assertTrue(download.matches("t10k-[a-z]+\\.\\.\\.  45%  45/100 \\(\\d:\\d\\d:\\d\\d left\\)"), download);
    }

    /**
     * At 80 columns train's line lost its accuracy ("... 8.9 batches/s loss 2.3745 "): the message after the rate is
     * kept before the rate and the elapsed time.
     */
    @Test
    void trainsLossAndAccuracyStayAt80Columns() {
        String at80 = drawnAt(79, "epoch 1/1", " batches", 29, 9, " loss 2.3745 acc 0.1656");
        assertTrue(at80.matches("epoch 1/1  31% \\[=* +\\]  9/29 batches \\(\\d:\\d\\d:\\d\\d left\\)"
                + " loss 2\\.3745 acc 0\\.1656"), at80);
        String at40 = drawnAt(39, "epoch 1/1", " batches", 29, 9, " loss 2.3745 acc 0.1656");
        assertTrue(at40.matches("epoch 1/1  31%  9/29 \\(\\d:\\d\\d:\\d\\d left\\)"), at40);
    }

    /**
     * Each redraw of a short line covers the one before: a redraw is a carriage return and the text, and under script
     * at 40 columns explain's first line "explain   0%   0/500 images (? left)" (36 columns) was followed by
     * "explain   1%   5/500 (0:09:12 left)" (35), leaving "...left))" on the screen. Every line is now the columns
     * the bar may take, as the library's own line is, and the screen shows the last state alone.
     */
    @Test
    void aShorterRedrawLeavesNothingOfTheLineBefore() {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ProgressBar bar = ProgressBars.builder("explain", " images", 1, 500)
                .setConsumer(new DelegatingProgressBarConsumer(lines::add, 39)).build()) {
            bar.refresh();
            pacedTo(bar, 5);
            bar.refresh();
        }
        StringBuilder typed = new StringBuilder();
        for (String line : lines) {
            assertEquals(39, line.length(), "the columns given, as the library's line: '" + line + "'");
            typed.append('\r').append(line);
        }
        List<String> screen = io.github.cam4j.testing.TerminalScreen.lines(typed.toString());
        String shown = screen.get(screen.size() - 1).stripTrailing();
        assertTrue(shown.matches("explain   1%   5/500 \\(\\d:\\d\\d:\\d\\d left\\)"), shown);
        // The unknown time left is given a known one's width: the first line has the form of those after it, where the
        // unit had been there ("0/500 images (? left)") and gone once the time was known.
        // (The library may leave out the draw at 0, its timer's first draw coming after the step to 1.)
        String first = lines.get(0).stripTrailing();
        assertTrue(first.matches("explain   0%   [01]/500 \\(\\? left\\)"), first);
    }

    /**
     * A task's name in Chinese (evaluate's bar is named after the model's folder) takes two columns a character: under
     * script at 60 columns the line was measured by its characters, 65 columns wide, and the console cut it to
     * "手写数字模型  85% [=====  ] 256/300 canvases (0:00:01", the time left lost. A combining mark takes none: padded
     * by characters, a name with one left a column of the line before. Every line fills its columns exactly, as
     * measured by the progress bar library's own width (jline's wcwidth), and keeps the count and the time left whole.
     */
    @Test
    void aNameInWideCharactersIsMeasuredInColumns() {
        String chinese = drawnExactlyAt(59, "手写数字模型", " canvases", 300, 256);
        assertTrue(chinese.matches("手写数字模型  85% \\[=+ +\\] 256/300 canvases \\(\\d:\\d\\d:\\d\\d left\\)"), chinese);
        String combining = drawnExactlyAt(59, "Cafe\u0301 model", " canvases", 300, 256);
        assertTrue(combining.matches("Cafe\u0301 model  85% \\[=+ +\\] 256/300 canvases \\(\\d:\\d\\d:\\d\\d left\\)"),
                combining);
        // Shortened to fit, the name is cut by columns, between characters.
        String cascade = drawnExactlyAt(59, "手写数字模型, cascading randomisation", " canvases", 1200, 1024);
        assertTrue(cascade.matches("手写数字模型, cascading ra\\.\\.\\.  85% 1024/1200 \\(\\d:\\d\\d:\\d\\d left\\)"),
                cascade);
        // Wide enough for the library's own line, which measures its bar by columns itself.
        String wide = drawnExactlyAt(99, "手写数字模型", " canvases", 300, 256);
        assertTrue(wide.matches("手写数字模型  85% \\[=+ +\\] 256/300 canvases \\(.*\\) .* canvases/s"), wide);
    }

    /**
     * A long name is cut once, to the room a known time left takes: under script at 60 columns evaluate's cascade bar
     * read "手写数字模型, cascading randomis...   0%    0/1200 (? left)" and, once the time was known, "手写数字模型,
     * cascading ra...  21%  256/1200 (0:00:11 left)", the name moving as the "?" went. At 39 columns a download's
     * name is the same before and after.
     */
    @Test
    void aShortenedNameKeepsItsLengthWhenTheTimeLeftComes() {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ProgressBar bar = ProgressBars.builder("t10k-images-idx3-ubyte.gz", " MB", 1, 100)
                .setConsumer(new DelegatingProgressBarConsumer(lines::add, 39)).build()) {
            bar.refresh();
            pacedTo(bar, 45);
            bar.refresh();
        }
        String first = lines.get(0);
        String last = lines.get(lines.size() - 1);
        assertTrue(first.contains("? left") && last.matches(".*\\(\\d:\\d\\d:\\d\\d left\\) *"), first + " / " + last);
        assertEquals(last.substring(0, last.indexOf("...") + 3), first.substring(0, first.indexOf("...") + 3),
                first + " / " + last);
    }

    /**
     * @param width the columns the bar may take
     * @return the last line drawn ({@link #drawnAt}) after asserting that every line took exactly {@code width} columns
     */
    private static String drawnExactlyAt(int width, String task, String unit, long total, long done) {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ProgressBar bar = ProgressBars.builder(task, unit, 1, total)
                .setConsumer(new DelegatingProgressBarConsumer(lines::add, width)).build()) {
            bar.refresh();
            pacedTo(bar, done);
            bar.refresh();
        }
        for (String line : lines) {
            assertEquals(width, DisplayWidth.of(line), "the columns given: '" + line + "'");
        }
        return lines.get(lines.size() - 1).stripTrailing();
    }

    /**
     * @param width the columns the bar may take
     * @return the last line a bar at {@code done} of {@code total} (one unit each) drew, with {@code message} after it
     */
    private static String drawnAt(int width, String task, String unit, long total, long done, String message) {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ProgressBar bar = ProgressBars.builder(task, unit, 1, total)
                .setConsumer(new DelegatingProgressBarConsumer(lines::add, width)).build()) {
            pacedTo(bar, done);
            bar.setExtraMessage(message);
            bar.refresh();
        }
        String last = lines.get(lines.size() - 1);
        assertTrue(DisplayWidth.of(last) <= width, "within " + width + " columns: " + last);
        return last.stripTrailing(); // a short line is padded to the columns, to cover the one before
    }

    /**
     * Steps a bar to {@code done} after a draw of one thing done, {@link ProgressRateRenderer#SHORTEST} and more
     * before, so that its next draw knows the work's pace and shows a rate and a time left ({@link Pace}).
     */
    private static void pacedTo(ProgressBar bar, long done) {
        bar.stepTo(1);
        bar.refresh();
        try {
            Thread.sleep(ProgressRateRenderer.SHORTEST.toMillis() + 50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        bar.stepTo(done);
    }

    /**
     * The time before anything is done (loading a model, a first batch setting up TensorFlow's graph) is no measure of
     * the work's pace: explain's bar over 3 000 pictures read "7/3000 images (0:00:04 / 0:32:39) 1.5 images/s" in a
     * run that ended 32 s later. Here 3 s pass before the first 10 are done, then 500 more at once: the time left is
     * that of the 490 left at the pace since the first draw that saw any done, at most the time since then, which is
     * at most the elapsed time shown less those 3 s (whole seconds, both truncated). Over the whole time, as the
     * library takes it, it was at least 3.3 s x 490/510, "0:00:03", against an elapsed "0:00:03".
     */
    @Test
    void theTimeBeforeAnythingIsDoneIsNotTheWorksPace() throws InterruptedException {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ProgressBar bar = ProgressBars.builder("explain", " images", 1, 1000)
                .setConsumer(new DelegatingProgressBarConsumer(lines::add)).build()) {
            Thread.sleep(3000);
            bar.stepTo(10);
            bar.refresh();
            String first = lines.get(lines.size() - 1);
            assertTrue(first.matches(".* 10/1000 images \\(0:00:\\d\\d / \\?\\) \\? images/s"),
                    "one draw says nothing yet of the pace: " + first);
            Thread.sleep(300);
            bar.stepTo(510);
            bar.refresh();
            String shown = lines.get(lines.size() - 1);
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile(".*510/1000 images \\(0:(\\d\\d):(\\d\\d) / 0:(\\d\\d):(\\d\\d)\\).*").matcher(shown);
            assertTrue(m.matches(), shown);
            int elapsed = Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2));
            int left = Integer.parseInt(m.group(3)) * 60 + Integer.parseInt(m.group(4));
            assertTrue(elapsed >= 3 && left <= elapsed - 3, shown);
        }
    }

    /**
     * A bar that ends before a second draw could measure its pace (a short run, all done between two of the library's
     * draws half a second apart) shows its rate over its whole time and nothing left, not "?": 100 things in at least
     * 0.3 s make at most 333.4 a second.
     */
    @Test
    void aBarThatEndsBeforeItsPaceIsMeasuredShowsItsRateOverItsWholeTime() throws InterruptedException {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ProgressBar bar = ProgressBars.builder("compare", " pictures", 1, 100)
                .setConsumer(new DelegatingProgressBarConsumer(lines::add)).build()) {
            Thread.sleep(300);
            bar.stepTo(100);
        }
        String last = lines.get(lines.size() - 1);
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile(".*100/100 pictures \\(0:00:\\d\\d / 0:00:00\\) (\\d+\\.\\d) pictures/s").matcher(last);
        assertTrue(m.matches(), last);
        double rate = Double.parseDouble(m.group(1));
        assertTrue(rate > 0 && rate <= 333.4, last);
    }
}
