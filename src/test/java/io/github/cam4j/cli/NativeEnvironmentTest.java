package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.github.cam4j.video.TestVideos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeEnvironmentTest {
    private static final String[] EXPLAIN = {"explain", "--model", "m", "a.png"};

    @Test
    void oneDnnIsSwitchedOnAndLoggingQuietenedUnlessTheUserChose() {
        assertEquals(Map.of("TF_ENABLE_ONEDNN_OPTS", "1", "TF_CPP_MIN_LOG_LEVEL", "2"),
                NativeEnvironment.missing(EXPLAIN, Map.of()));
        // The user's choices stand: oneDNN off stays off, a log level stays.
        assertEquals(Map.of("TF_CPP_MIN_LOG_LEVEL", "2"),
                NativeEnvironment.missing(EXPLAIN, Map.of("TF_ENABLE_ONEDNN_OPTS", "0")));
        assertEquals(Map.of("TF_ENABLE_ONEDNN_OPTS", "1"),
                NativeEnvironment.missing(EXPLAIN, Map.of("TF_CPP_MIN_LOG_LEVEL", "0")));
        assertEquals(Map.of(), NativeEnvironment.missing(EXPLAIN,
                Map.of("TF_ENABLE_ONEDNN_OPTS", "1", "TF_CPP_MIN_LOG_LEVEL", "2")));
    }

    @Test
    void videoFeedsOneFrameAtATimeAndRunsWithoutOneDnn() {
        String[] video = {"video", "--model", "m", "in.mp4", "--out", "out.mp4"};
        assertEquals(Map.of("TF_ENABLE_ONEDNN_OPTS", "0", "TF_CPP_MIN_LOG_LEVEL", "2"),
                NativeEnvironment.missing(video, Map.of()));
        assertEquals(Map.of("TF_CPP_MIN_LOG_LEVEL", "2"),
                NativeEnvironment.missing(video, Map.of("TF_ENABLE_ONEDNN_OPTS", "1")), "the user's choice stands");
    }

    @Test
    void verboseKeepsTensorFlowsLogging() {
        String[] verbose = {"explain", "--verbose", "--model", "m", "a.png"};
        assertEquals(Map.of("TF_ENABLE_ONEDNN_OPTS", "1"), NativeEnvironment.missing(verbose, Map.of()));
    }

    @Test
    void filterDropsNativeLogLinesAndKeepsEverythingElseIncludingProgressRedraws() {
        String in = "I0000 00:00:1795937654.253708   13505 mlir_graph_optimization_pass.cc:401] MLIR V1 pass\n"
                + "2026-11-29 07:48:43.523520: I tensorflow/core/platform/cpu_feature_guard.cc:210] optimized\n"
                + "epoch 1/2  50% [=] 1/2 batches\r"
                + "cam4j: model folder x is not a SavedModel\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NativeEnvironment.filter(new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals("epoch 1/2  50% [=] 1/2 batches\rcam4j: model folder x is not a SavedModel\n",
                out.toString(StandardCharsets.UTF_8));
    }

    /**
     * A native log line written while a bar is drawn follows the bar's text, which leaves its line unended: demo's
     * first bar ("demo   0% ... ? steps/s") then TensorFlow's start-up notice, forwarded whole since the line did not
     * start with it. The bar's text is forwarded, the log line and its end dropped, the bar's next redraw kept.
     */
    @Test
    void filterDropsANativeLogLineThatFollowsABarsText() {
        String in = "\rdemo   0% [      ] 0/5 steps (0:00:01 / ?) ? steps/s"
                + "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n"
                + "\rdemo  20% [=     ] 1/5 steps (0:00:07 / 0:00:28) 0.1 steps/s"
                + "I0000 00:00:1795937654.253708   13505 mlir_graph_optimization_pass.cc:401] MLIR V1 pass\n"
                + "\rdemo 100% [======] 5/5 steps (0:00:07 / 0:00:00) 0.6 steps/s\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NativeEnvironment.filter(new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals("\rdemo   0% [      ] 0/5 steps (0:00:01 / ?) ? steps/s"
                + "\rdemo  20% [=     ] 1/5 steps (0:00:07 / 0:00:28) 0.1 steps/s"
                + "\rdemo 100% [======] 5/5 steps (0:00:07 / 0:00:00) 0.6 steps/s\n",
                out.toString(StandardCharsets.UTF_8));
    }

    /**
     * A bar's redraw is a carriage return and then its text, unended until the next redraw: the filter, which forwarded
     * a line once it ended, showed each state of the bar one redraw (half a second) late, and the last state before a
     * pause not until the pause ended. A real child's standard error (a shell that draws one bar and waits) through the
     * filter: its text is forwarded while the child still waits. The wait for it is bounded at 20 s only so that a
     * failure ends: forwarded at once, it comes in milliseconds; held back, it would come when the child ends, 60 s on.
     */
    @Test
    void aBarsTextIsForwardedBeforeItsNextRedraw() throws Exception {
        Process child = new ProcessBuilder("sh", "-c", "printf '\\rexplain  45%% [==   ] 45/100 images' >&2; sleep 60")
                .start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream terminal = new PrintStream(out, true, StandardCharsets.UTF_8);
        Thread pump = new Thread(() -> NativeEnvironment.filter(child.getErrorStream(), terminal), "stderr-filter");
        pump.setDaemon(true);
        pump.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!out.toString(StandardCharsets.UTF_8).contains("45/100 images") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals("\rexplain  45% [==   ] 45/100 images", out.toString(StandardCharsets.UTF_8));
            assertTrue(child.isAlive(), "forwarded while the child still waits");
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    /**
     * What the image decoders print before cam4j's one-line error about a damaged file (seen on explain of a PNG of
     * zero width, a BMP cut short and a JPEG cut short): libpng's and libjpeg's messages, and OpenCV's error log line
     * with its build path, which ends with a blank line.
     */
    @Test
    void filterDropsTheImageDecodersMessages() {
        String in = "libpng warning: Image width is zero in IHDR\n"
                + "libpng error: Invalid IHDR data\n"
                + "Premature end of JPEG file\n"
                + "[ERROR:0@0.188] global loadsave.cpp:507 imread_ imread_('img/trunc.bmp'): can't read data: "
                + "OpenCV(4.11.0) /home/runner/work/opencv-4.11.0/modules/imgcodecs/src/bitstrm.cpp:67: error: "
                + "(-2:Unspecified error) Unexpected end of input stream in function 'readBlock'\n"
                + "\n"
                + "cam4j: error: image img/trunc.bmp is not a readable image\n"
                + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NativeEnvironment.filter(new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals("cam4j: error: image img/trunc.bmp is not a readable image\n\n", out.toString(StandardCharsets.UTF_8));
    }

    /**
     * A signal sent to the launcher alone (kill PID, a service manager, a supervisor; only a terminal's Ctrl-C goes to
     * the whole process group) must stop the child that does the work, which then closes its video as on Ctrl-C. The
     * launcher used to wait for the child and let it run to the end of its input (with a camera: for ever).
     */
    @Test
    void aSignalToTheLauncherStopsTheChildWhichClosesTheVideoPlayable(@TempDir Path tmp) throws Exception {
        // 1500 uncompressed grey frames with a bright square: far more than are written before the signal lands.
        int frames = 1500;
        Path clip = tmp.resolve("long.y4m");
        TestVideos.greyY4m(clip, 64, 48, frames, i -> {
            byte[] y = new byte[64 * 48];
            for (int r = 10; r < 30; r++) {
                java.util.Arrays.fill(y, r * 64 + 20 + i % 20, r * 64 + 30 + i % 20, (byte) 255);
            }
            return y;
        });
        Path out = tmp.resolve("out.mp4");
        Path said = tmp.resolve("stdout.txt");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Cam4j.class.getName(), "video", "--model",
                "saved_models/mnist-pooled", clip.toString(), "--out", out.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(said.toFile());
        // Unset, so that the launcher runs the command in a child JVM, as it does for a user.
        pb.environment().remove(NativeEnvironment.ONEDNN);
        pb.environment().remove(NativeEnvironment.LOG_LEVEL);
        Process launcher = pb.start();
        try {
            // The recorder creates the output with the first frame written: the run is under way.
            while (!Files.exists(out) && launcher.isAlive()) {
                Thread.sleep(20);
            }
            List<ProcessHandle> children = launcher.descendants().toList();
            assertFalse(children.isEmpty(), "the launcher runs the video in a child JVM");
            launcher.destroy(); // SIGTERM to the launcher alone
            assertTrue(launcher.waitFor(120, TimeUnit.SECONDS), "the launcher ends");
            String stdout = Files.readString(said);
            assertTrue(stdout.contains("stopped early, the video plays up to there"), stdout);
            children.forEach(c -> assertFalse(c.isAlive(), "child " + c.pid() + " ended"));
            int written = TestVideos.countFrames(out);
            assertTrue(written > 0 && written < frames, written + " frames written");
        } finally {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    /** A signal no cam4j code saw is said by the launcher; an exit the command chose is not. */
    @Test
    void aChildEndedBySignalIsSaidAndAChosenExitIsNot() {
        for (int chosen : new int[] {0, 1, 2, 130, 143}) {
            assertTrue(NativeEnvironment.childEnd(chosen, true).isEmpty(), "exit " + chosen);
        }
        assertEquals("cam4j: error: the JVM running the command was killed (SIGKILL: kill -9, or the system's out-of-memory"
                + " killer); what it was writing may be cut short", NativeEnvironment.childEnd(137, false).orElseThrow());
        assertTrue(NativeEnvironment.childEnd(134, false).orElseThrow().contains("crashed (SIGABRT; the JVM writes an"
                + " hs_err_pid file in the working folder)"));
    }
}

