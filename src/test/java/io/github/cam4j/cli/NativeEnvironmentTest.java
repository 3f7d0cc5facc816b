package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
