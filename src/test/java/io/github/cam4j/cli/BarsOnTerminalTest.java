package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.github.cam4j.testing.TerminalScreen;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user's terminal shows of a command that draws a progress bar while it says something on standard error: the
 * command runs as a user runs it ({@code java -jar cam4j.jar ...}: the launcher, then the command in a child JVM whose
 * standard error is piped through the launcher) under util-linux's {@code script}, which gives it a terminal, and the
 * typescript is played back over a screen. A line said while the bar is drawn must stand on its own line, not after
 * (or over) the bar's text.
 */
class BarsOnTerminalTest {
    private static final Path SCRIPT = Path.of("/usr/bin/script");

    /**
     * The launcher's child JVM, whose standard error is a pipe through the launcher's filter, drew its bar as a log's
     * whole lines on a terminal: every state of the bar a line of its own. The terminal ends every line with a carriage
     * return and a line feed, so a carriage return followed by anything else is a redraw in place.
     */
    @Test
    void aBarIsRedrawnInPlaceOnTheLaunchersTerminal(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SCRIPT), "util-linux script gives a terminal");
        Path clip = tmp.resolve("short.y4m");
        io.github.cam4j.video.TestVideos.greyY4m(clip, 64, 48, 40, i -> {
            byte[] y = new byte[64 * 48];
            for (int r = 10; r < 30; r++) {
                java.util.Arrays.fill(y, r * 64 + 20, r * 64 + 30, (byte) 255);
            }
            return y;
        });
        String said = underTerminal(tmp, 120, 0, "video", "--model", "saved_models/mnist-pooled",
                clip.toString(), "--out", tmp.resolve("out.mp4").toString());
        assertTrue(said.contains("frames"), "a bar was drawn: " + said);
        assertTrue(java.util.regex.Pattern.compile("\\r[^\\r\\n]").matcher(said).find(),
                "the bar is redrawn in place after a carriage return: " + said.replace("\r", "<CR>"));
    }

    /**
     * video's notes said as the frames go (here that the frames change size midway) were printed after a bare carriage
     * return: a note shorter than the bar was written over the bar's start, and the rest of the bar's text stayed after
     * it on the screen ("note: ... frames/s").
     */
    @Test
    void videosNoteDuringTheBarStandsOnItsOwnLine(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SCRIPT), "util-linux script gives a terminal");
        Path clip = tmp.resolve("resized.ts");
        // Two parts of an MPEG transport stream, joined as a broadcast's are: the note comes at the second's first
        // frame, some seconds into the run, with the bar drawn.
        writeTs(tmp.resolve("a.ts"), 64, 48, 120);
        writeTs(tmp.resolve("b.ts"), 96, 48, 20);
        Files.write(clip, Files.readAllBytes(tmp.resolve("a.ts")));
        Files.write(clip, Files.readAllBytes(tmp.resolve("b.ts")), java.nio.file.StandardOpenOption.APPEND);
        // The joined parts' times start again at the second, and video then says the file looks cut short (exit 1).
        List<String> screen = TerminalScreen.lines(underTerminal(tmp, 200, 1, "video", "--model",
                "saved_models/mnist-pooled", clip.toString(), "--out", tmp.resolve("out.mp4").toString()));
        List<String> notes = screen.stream().filter(l -> l.contains("frames from 121 on")).toList();
        assertEquals(1, notes.size(), "the note was said once: " + String.join("\n", screen));
        assertTrue(notes.get(0).startsWith("note: frames from 121 on") && !notes.get(0).contains("frames/s"),
                "the note stands on its own line: " + String.join("\n", screen));
        assertTrue(screen.get(screen.size() - 2).startsWith("video 100%"), String.join("\n", screen));
    }

    /**
     * With standard output to a file ({@code cam4j explain ... > results.txt}) the launcher's child could not measure
     * the terminal (its standard error a pipe to the launcher) and drew bars 79 columns wide on a terminal of 40, which
     * wrapped them; the bar now takes the launcher's width, and at 40 columns shows the count and the time left. An
     * unreadable picture among the good ones, said under {@code --keep-going} while the bar is drawn, stands on its own
     * line.
     */
    @Test
    void explainsBarTakesTheTerminalsWidthWithStandardOutputToAFile(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SCRIPT), "util-linux script gives a terminal");
        Path pictures = strokes(tmp, 40);
        Files.writeString(pictures.resolve("d020.png"), "not a picture");
        String said = underTerminal(tmp, 40, 1, tmp.resolve("results.txt"), "explain", "--model",
                "saved_models/mnist-pooled", pictures.toString(), "--out", tmp.resolve("overlays").toString(),
                "--keep-going");
        List<String> drawn = java.util.Arrays.stream(said.split("[\r\n]")).filter(l -> l.startsWith("explain "))
                .toList();
        assertTrue(!drawn.isEmpty(), "a bar was drawn: " + said);
        for (String bar : drawn) {
            assertTrue(bar.length() < 40, "the bar fits 40 columns: " + said.replace("\r", "<CR>"));
            // The count and the time left, whole: the library's line was cut at "(0:00".
            // Padded with blanks to the columns, to cover a longer line before it.
            assertTrue(bar.matches("explain +\\d+% +\\d+/40( images)? \\((\\d:\\d\\d:\\d\\d|\\?) left\\) *"), bar);
        }
        List<String> screen = TerminalScreen.lines(said);
        assertEquals(1, screen.stream().filter(l -> l.startsWith("cam4j: error: image " + pictures.resolve("d020.png")))
                .count(), "the error stands on its own line: " + String.join("\n", screen));
        assertEquals(39, Files.readAllLines(tmp.resolve("results.txt")).size());
    }

    /**
     * compare's warning about a picture (here a row of ink, squashed when framed as one digit) comes as its method
     * explains it, the bar drawn: it was printed after the bar's text ("... pictures/s CAMcam4j: warning: ...").
     */
    @Test
    void comparesWarningDuringTheBarStandsOnItsOwnLine(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SCRIPT), "util-linux script gives a terminal");
        Path pictures = strokes(tmp, 199);
        Path row = pictures.resolve("z-row.png");
        try (org.bytedeco.opencv.opencv_core.Mat wide = new org.bytedeco.opencv.opencv_core.Mat(28, 112,
                org.bytedeco.opencv.global.opencv_core.CV_8UC1, new org.bytedeco.opencv.opencv_core.Scalar(0))) {
            // Named last, so that it comes in a later batch than the first, with the bar drawn.
            org.bytedeco.opencv.global.opencv_imgproc.rectangle(wide, new org.bytedeco.opencv.opencv_core.Rect(10, 10,
                    90, 6), new org.bytedeco.opencv.opencv_core.Scalar(255), -1, 8, 0);
            org.bytedeco.opencv.global.opencv_imgcodecs.imwrite(row.toString(), wide);
        }
        List<String> screen = TerminalScreen.lines(underTerminal(tmp, 120, 0, "compare", "--model",
                "saved_models/mnist-pooled", pictures.toString(), "--out", tmp.resolve("compare.png").toString(),
                "--methods", "cam,grad-cam"));
        assertEquals(1, screen.stream().filter(l -> l.contains(row + ": its ink spans")).count(),
                "the warning was said once: " + String.join("\n", screen));
        assertEquals(1, screen.stream().filter(l -> l.startsWith("cam4j: warning: " + row + ": its ink spans"))
                .count(), "the warning stands on its own line: " + String.join("\n", screen));
    }

    /**
     * Ctrl-C while compare's bar is drawn: the stop line was printed after the bar's text ("... pictures/s
     * Score-cam4j: compare stopped; nothing was written").
     */
    @Test
    void comparesStopLineStandsOnItsOwnLine(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SCRIPT), "util-linux script gives a terminal");
        Path pictures = strokes(tmp, 200);
        // Every method on 200 pictures takes about a minute: the Ctrl-C (to the launcher and its child, as a
        // terminal's), 2 s after the bar first shows, comes with the bar drawn. A fixed 10 s came before the bar
        // under a load average of 13 (CI beside four builds), the JVMs and the model still starting. The bar's first
        // draw may come after the first batch ("compare   4% ..."), not at 0 %.
        String said = underTerminalAfter(tmp, 80, StopSignal.STOPPED_EXIT, null,
                ctrlCAfter(tmp, "compare  *[0-9]*% ", 2),
                "compare",
                "--model", "saved_models/mnist-pooled", pictures.toString(), "--out",
                tmp.resolve("compare.png").toString());
        List<String> screen = TerminalScreen.lines(said);
        // The stop line is written over the bar's line: the typescript, not the screen, shows that it was drawn.
        assertTrue(java.util.regex.Pattern.compile("compare +\\d+% ").matcher(said).find(),
                "a bar was drawn: " + said.replace("\r", "<CR>"));
        assertEquals(1, screen.stream().filter(l -> l.startsWith("cam4j: compare stopped; nothing was written"))
                .count(), "the stop line stands on its own line: " + String.join("\n", screen));
    }

    /**
     * Ctrl-C while explain's bar is drawn: the bar is closed as the stop is said, and again as the command lets go of
     * it; the library draws a bar at each close, so the bar came back below the stop line ("cam4j: stopped after 320 of
     * 3000 images; ..." then "explain  10% [=   ]  320/3000 images ...").
     */
    @Test
    void explainsStopLineIsTheLastLine(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SCRIPT), "util-linux script gives a terminal");
        // 3000 pictures take 25 s and more here (120 a second at best): the Ctrl-C, 2 s after the bar first shows in
        // the typescript (at most a minute's wait), comes with the bar drawn.
        Path pictures = strokes(tmp, 3000);
        String said = underTerminalAfter(tmp, 80, StopSignal.STOPPED_EXIT, tmp.resolve("results.txt"),
                ctrlCAfter(tmp, "/3000 images", 2),
                "explain", "--model", "saved_models/mnist-pooled", pictures.toString(),
                "--out", tmp.resolve("overlays").toString());
        List<String> screen = TerminalScreen.lines(said);
        assertEquals(1, screen.stream().filter(l -> l.startsWith("explain ")).count(),
                "the bar was drawn, on one line: " + String.join("\n", screen));
        assertTrue(screen.get(screen.size() - 1).startsWith("cam4j: stopped after "),
                "the stop line is the last: " + String.join("\n", screen));
    }

    /**
     * @param tmp the folder {@link #underTerminalAfter} writes its typescript in
     * @param shown a grep pattern (basic regular expression) the typescript matches once the bar is drawn
     * @param seconds how long after that to wait
     * @return shell words that send Ctrl-C (SIGINT to the terminal's process group) {@code seconds} after
     *     {@code shown} first appears in the typescript, polling every 0.2 s for at most a minute: a fixed delay
     *     can come before the bar on a loaded machine
     */
    private static String ctrlCAfter(Path tmp, String shown, int seconds) {
        String barShown = "grep -q " + io.github.cam4j.ShellWords.quote(shown) + " "
                + io.github.cam4j.ShellWords.quote(tmp.resolve("typescript.txt").toString());
        return "(for i in $(seq 300); do " + barShown + " && break; sleep 0.2; done; sleep " + seconds
                + "; kill -INT 0) &";
    }

    /**
     * demo's bar is drawn before the models load, and TensorFlow's start-up notice, written as the first one loads,
     * followed the bar's text on its line ("demo   0% [...] 0/5 steps (0:00:01 / ?) ? steps/sWARNING: All log messages
     * before absl::InitializeLog() is called are written to STDERR"): the launcher's filter drops such a line only when
     * it starts a line, and the bar's unended line had not.
     */
    @Test
    void demosBarIsNotFollowedByTensorFlowsStartUpNotice(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SCRIPT), "util-linux script gives a terminal");
        List<String> screen = TerminalScreen.lines(underTerminal(tmp, 80, 0, "demo", "--data",
                io.github.cam4j.testing.SharedData.mnist().toString(), "--models", "saved_models", "--out",
                tmp.resolve("demo.png").toString()));
        assertTrue(screen.stream().noneMatch(l -> l.contains("absl::InitializeLog")), String.join("\n", screen));
        assertEquals(1, screen.stream().filter(l -> l.startsWith("demo ")).count(), String.join("\n", screen));
        assertTrue(screen.stream().anyMatch(l -> l.startsWith("demo 100% [")), String.join("\n", screen));
    }

    /**
     * @param tmp where the folder goes
     * @param count how many pictures
     * @return a folder "pictures" of {@code count} 28x28 PNGs of one white vertical stroke, d000.png, d001.png...
     */
    private static Path strokes(Path tmp, int count) throws Exception {
        Path pictures = Files.createDirectories(tmp.resolve("pictures"));
        try (org.bytedeco.opencv.opencv_core.Mat digit = new org.bytedeco.opencv.opencv_core.Mat(28, 28,
                org.bytedeco.opencv.global.opencv_core.CV_8UC1, new org.bytedeco.opencv.opencv_core.Scalar(0))) {
            org.bytedeco.opencv.global.opencv_imgproc.rectangle(digit, new org.bytedeco.opencv.opencv_core.Rect(12, 5,
                    4, 18), new org.bytedeco.opencv.opencv_core.Scalar(255), -1, 8, 0);
            for (int i = 0; i < count; i++) {
                org.bytedeco.opencv.global.opencv_imgcodecs.imwrite(pictures.resolve(
                        String.format(java.util.Locale.ROOT, "d%03d.png", i)).toString(), digit);
            }
        }
        return pictures;
    }

    /** Writes {@code frames} frames of a light block on black, H.264 in MPEG-TS. */
    private static void writeTs(Path file, int width, int height, int frames) throws Exception {
        try (org.bytedeco.javacv.FFmpegFrameRecorder r = new org.bytedeco.javacv.FFmpegFrameRecorder(file.toFile(),
                        width, height, 0);
                org.bytedeco.javacv.OpenCVFrameConverter.ToMat toFrame = new org.bytedeco.javacv.OpenCVFrameConverter.ToMat();
                org.bytedeco.opencv.opencv_core.Mat frame = new org.bytedeco.opencv.opencv_core.Mat(height, width,
                        org.bytedeco.opencv.global.opencv_core.CV_8UC3,
                        new org.bytedeco.opencv.opencv_core.Scalar(0, 0, 0, 0))) {
            org.bytedeco.opencv.global.opencv_imgproc.rectangle(frame,
                    new org.bytedeco.opencv.opencv_core.Rect(width / 2 - 5, 10, 10, 20),
                    new org.bytedeco.opencv.opencv_core.Scalar(255, 255, 255, 0), -1, 8, 0);
            r.setFormat("mpegts");
            r.setVideoCodec(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264);
            r.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(25);
            r.start();
            for (int i = 0; i < frames; i++) {
                r.record(toFrame.convert(frame), org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24);
            }
            r.stop();
        }
    }

    /**
     * Runs a command through the launcher on a terminal of {@code columns} columns.
     *
     * @param exit the exit code the command ends with
     * @return what the terminal was sent
     */
    static String underTerminal(Path tmp, int columns, int exit, String... args) throws Exception {
        return underTerminal(tmp, columns, exit, null, args);
    }

    /**
     * As {@link #underTerminal(Path, int, int, String...)}, with standard output to a file.
     *
     * @param stdout where standard output goes; null for the terminal
     */
    static String underTerminal(Path tmp, int columns, int exit, Path stdout, String... args) throws Exception {
        return underTerminalAfter(tmp, columns, exit, stdout, "", args);
    }

    /**
     * As {@link #underTerminal(Path, int, int, Path, String...)}, with shell words run first.
     *
     * @param before shell words before the command, as "(sleep 10; kill -INT 0) &", a Ctrl-C ten seconds on
     */
    static String underTerminalAfter(Path tmp, int columns, int exit, Path stdout, String before, String... args)
            throws Exception {
        List<String> command = CliProcess.command(args);
        String line = "stty cols " + columns + "; " + before + " "
                + String.join(" ", command.stream().map(io.github.cam4j.ShellWords::quote).toList())
                + (stdout == null ? "" : " > " + io.github.cam4j.ShellWords.quote(stdout.toString()));
        Path typescript = tmp.resolve("typescript.txt");
        ProcessBuilder pb = new ProcessBuilder(SCRIPT.toString(), "-q", "-e", "-c", line, "/dev/null")
                .redirectErrorStream(true).redirectOutput(typescript.toFile());
        // Unset, so that the launcher runs the command in a child JVM, as it does for a user.
        pb.environment().remove(NativeEnvironment.ONEDNN);
        pb.environment().remove(NativeEnvironment.LOG_LEVEL);
        pb.environment().remove(io.github.cam4j.ProgressBars.LAUNCHER_STDERR_TERMINAL);
        pb.environment().remove(io.github.cam4j.ProgressBars.LAUNCHER_BAR_WIDTH);
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the command ended within 180 s");
            String said = Files.readString(typescript, StandardCharsets.UTF_8);
            assertEquals(exit, p.exitValue(), said);
            return said;
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
