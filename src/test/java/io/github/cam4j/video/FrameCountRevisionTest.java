package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A variable-rate Matroska video, which states no frame count, is counted as its duration times the rate its first
 * frames show; the count given to the listener (the progress bar's total) is revised from the times of the frames
 * written. It had stood at the estimate until the end: 118 for a screen recording's 60 frames.
 */
class FrameCountRevisionTest {
    @TempDir
    static Path tmp;

    @Test
    void aVariableRateMkvsEstimatedCountIsRevisedFromItsFramesTimes() throws Exception {
        Path vfr = tmp.resolve("vfr.mkv");
        write(vfr, slowingTimes());
        Heard heard = run(vfr);
        assertEquals(45, heard.written, "every frame written");
        assertTrue(heard.started > 90, "counted from its duration and its first frames' rate: " + heard.started);
        assertFalse(heard.revised.isEmpty(), "revised");
        long last = heard.revised.get(heard.revised.size() - 1);
        // The last revision is made at the last frame, whose own time is taken as a frame at 30 fps (1/30 s) where
        // it lasts 0.2 s: 45 x 4 / 3.83 = 47.
        assertTrue(last >= 45 && last <= 50, "the last revision near the 45 frames: " + heard.revised);
        // Each of the slow frames moves the count by more than 5 % (a fifth of a second against a thirtieth): told at
        // most once a frame past the first second, and fewer times than that.
        assertTrue(heard.revised.size() < 15, "told when it moves by more than 5 %: " + heard.revised);
    }

    /** A constant-rate Matroska video, counted the same way, is counted right: nothing is revised. */
    @Test
    void aConstantRateMkvIsNotRevised() throws Exception {
        Path cfr = AudioCopyTest.flashClip(tmp.resolve("cfr.mkv"), "matroska", avcodec.AV_CODEC_ID_AAC, 3.0, 1.0);
        Heard heard = run(cfr);
        assertEquals(75, heard.written);
        assertTrue(Math.abs(heard.started - 75) <= 1, "estimated right: " + heard.started);
        assertEquals(List.of(), heard.revised);
    }

    /** An mp4 states its count: never revised, whatever its frames' times. */
    @Test
    void aStatedCountIsNeverRevised() throws Exception {
        Path mp4 = tmp.resolve("vfr.mp4");
        write(mp4, slowingTimes());
        Heard heard = run(mp4);
        assertEquals(45, heard.started, "the count mp4 states");
        assertEquals(List.of(), heard.revised);
    }

    /** @return one second of frames at 30 fps, then three at 5 fps: 45 frames in 4 s (microseconds) */
    private static List<Long> slowingTimes() {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            times.add(i * 1_000_000L / 30);
        }
        for (int i = 0; i < 15; i++) {
            times.add(1_000_000L + i * 200_000L);
        }
        return times;
    }

    private record Heard(long started, List<Long> revised, long written) {}

    private static Heard run(Path clip) throws Exception {
        long[] started = {-1};
        long[] written = {0};
        List<Long> revised = new ArrayList<>();
        VideoPipeline.builder().setTranscodeOnly().optOverwrite(true).build().run(VideoInput.file(clip),
                tmp.resolve(clip.getFileName() + "-out.mp4"), new VideoListener() {
                    @Override
                    public void started(VideoInfo info) {
                        started[0] = info.frameCount();
                    }

                    @Override
                    public void frameCountRevised(long frames) {
                        revised.add(frames);
                    }

                    @Override
                    public void written(long frames) {
                        written[0] = frames;
                    }
                });
        return new Heard(started[0], revised, written[0]);
    }

    /** Writes H.264 frames at these times (microseconds), on a clock of 1/1000 s. */
    private static void write(Path file, List<Long> micros) throws Exception {
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), 64, 48, 0);
                OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat();
                Scalar grey = new Scalar(128, 128, 128, 0);
                Mat frame = new Mat(48, 64, opencv_core.CV_8UC3, grey)) {
            r.setFormat(file.toString().endsWith(".mkv") ? "matroska" : "mp4");
            r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(1000);
            r.start();
            for (long t : micros) {
                r.setFrameNumber((int) (t / 1000));
                r.record(conv.convert(frame), avutil.AV_PIX_FMT_BGR24);
            }
            r.stop();
        }
    }
}
