package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/** Frames decoded from a stream whose picture size changes midway. */
class FrameSourceSizeChangeTest {
    private static final int FRAMES_PER_PART = 12;

    @TempDir
    Path tmp;

    /**
     * A stream that goes from 320x240 to 640x480 (two H.264 pieces in MPEG-TS, joined byte-wise as broadcasts join
     * them). A decoder that reorders frames (an x264 stream's B-frames, two of them stated in its SPS) has already read
     * the new size when it hands out the old size's last two frames, and JavaCV converted those at the new size: 640x480
     * read out of a 320x240 picture, garbage. The recorder's encoder (openh264) writes no B-frames, so the decoder is
     * told to hold two frames back ({@code has_b_frames}, what such an SPS sets it to); the pictures it hands out are
     * its own. Each frame must come out at the size it was drawn at, with what was drawn in it: its left half at one
     * grey level, its right half at another, both moving 5 levels a frame (in opposite ways), so each frame is told by
     * its content. Tolerance: 4 grey levels on a half's mean (measured: within 3, the limited range's rounding and the
     * encoder's; neighbouring frames differ by 5 on each half). Fails before the fix: the old size's last two frames
     * came out 640x480, their halves about 98 and 86.
     */
    @Test
    void everyFrameComesOutAsDrawnAcrossASizeChange() throws Exception {
        Path first = tmp.resolve("first.ts");
        Path second = tmp.resolve("second.ts");
        write(first, 320, 240, 0);
        write(second, 640, 480, FRAMES_PER_PART);
        Path joined = tmp.resolve("joined.ts");
        Files.write(joined, Files.readAllBytes(first));
        Files.write(joined, Files.readAllBytes(second), StandardOpenOption.APPEND);

        List<String> wrong = new ArrayList<>();
        List<Integer> drawn = new ArrayList<>();
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(joined.toFile());
        // Two frames held back, as for an x264 stream with B-frames: openh264, the recorder's encoder, writes none.
        g.setVideoOption("has_b_frames", "2");
        g.start();
        VideoInfo info = new VideoInfo(joined.toString(), 320, 240, 25, -1, 0, 0);
        try (FrameSource source = new FrameSource(g, info, false, FrameSource.Announced.NOTHING,
                Upright.AS_IS);
                OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat()) {
            for (Frame f = source.grab(); f != null; f = source.grab()) {
                if (f.image == null) {
                    continue;
                }
                Mat m = toMat.convert(f);
                double left = mean(m, new Rect(0, 0, m.cols() / 2, m.rows()));
                double right = mean(m, new Rect(m.cols() / 2, 0, m.cols() - m.cols() / 2, m.rows()));
                int best = -1;
                double bestError = Double.MAX_VALUE;
                for (int k = 0; k < 2 * FRAMES_PER_PART; k++) {
                    double error = Math.max(Math.abs(left - left(k)), Math.abs(right - right(k)));
                    if (error < bestError) {
                        best = k;
                        bestError = error;
                    }
                }
                String frame = String.format(java.util.Locale.ROOT, "frame %d (%dx%d, halves %.1f and %.1f)",
                        drawn.size(), m.cols(), m.rows(), left, right);
                int w = best < FRAMES_PER_PART ? 320 : 640;
                if (bestError > 4) {
                    wrong.add(frame + " is no frame drawn");
                } else if (m.cols() != w || m.rows() != w * 3 / 4) {
                    wrong.add(frame + " is drawn frame " + best + ", drawn " + w + "x" + (w * 3 / 4));
                }
                drawn.add(bestError > 4 ? -1 : best);
            }
        }
        assertTrue(wrong.isEmpty(), wrong.toString());
        assertTrue(drawn.contains(FRAMES_PER_PART - 2) && drawn.contains(FRAMES_PER_PART - 1), drawn.toString());
        for (int i = 1; i < drawn.size(); i++) {
            assertTrue(drawn.get(i) > drawn.get(i - 1), "out of order: " + drawn);
        }
        assertEquals(2 * FRAMES_PER_PART, drawn.size(), drawn.toString());
    }

    private static int left(int i) {
        return 30 + 5 * i;
    }

    private static int right(int i) {
        return 235 - 5 * i;
    }

    private static double mean(Mat m, Rect r) {
        try (r; Mat part = new Mat(m, r)) {
            Scalar s = opencv_core.mean(part);
            return (s.get(0) + s.get(1) + s.get(2)) / 3;
        }
    }

    /** Writes {@link #FRAMES_PER_PART} frames, left half and right half each at its frame's grey level. */
    private static void write(Path file, int width, int height, int firstIndex) throws Exception {
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
                OpenCVFrameConverter.ToMat toFrame = new OpenCVFrameConverter.ToMat()) {
            r.setFormat("mpegts");
            r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            r.setVideoBitrate(2_000_000);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(25);
            r.start();
            for (int k = 0; k < FRAMES_PER_PART; k++) {
                int i = firstIndex + k;
                try (Mat frame = new Mat(height, width, opencv_core.CV_8UC3, new Scalar(right(i), right(i), right(i), 0));
                        Rect half = new Rect(0, 0, width / 2, height); Mat leftHalf = new Mat(frame, half)) {
                    leftHalf.put(new Scalar(left(i), left(i), left(i), 0));
                    r.record(toFrame.convert(frame), avutil.AV_PIX_FMT_BGR24);
                }
            }
            r.stop();
        }
    }
}
