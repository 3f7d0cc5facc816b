package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A raw DV file (a camcorder's .dv): FFmpeg gives its stream an average frame rate of 60 000 (its time base) beside a
 * base rate of 25. Taken as the frame rate, as JavaCV takes the average, a 4 s clip was announced "at 60000.00 fps"
 * with 240 000 frames, the encoder was told 60 000 fps, and the output lasted 3.960 s, its last frame one tick
 * (helper-84's audit). The base rate is now the frame rate when the average exceeds it.
 */
class RawDvTest {
    @TempDir
    Path tmp;

    @Test
    void aRawDvFileIsTakenAtItsBaseRate() throws Exception {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        Path dv = tmp.resolve("camcorder.dv");
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(dv.toFile(), 720, 576, 0);
                OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat()) {
            r.setFormat("dv");
            r.setVideoCodec(avcodec.AV_CODEC_ID_DVVIDEO);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(25);
            r.start();
            for (int i = 0; i < 25; i++) {
                try (Mat frame = new Mat(576, 720, org.bytedeco.opencv.global.opencv_core.CV_8UC3,
                        new org.bytedeco.opencv.opencv_core.Scalar(10 * i, 80, 160, 0))) {
                    r.record(conv.convert(frame), avutil.AV_PIX_FMT_BGR24);
                }
            }
            r.stop();
        }
        VideoInfo info;
        try (FrameSource source = VideoInput.file(dv).open(false)) {
            info = source.info();
        }
        assertEquals(25.0, info.frameRate(), 1e-9);
        assertEquals(25, info.frameCount());
        Path out = tmp.resolve("out.mp4");
        VideoSummary summary = VideoPipeline.builder().setTranscodeOnly().build().run(VideoInput.file(dv), out,
                VideoListener.NONE);
        assertEquals(25, summary.frames());
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(out.toFile())) {
            g.start();
            assertEquals(25.0, g.getVideoFrameRate(), 1e-6);
            // 25 frames of 40 ms: 1 s, to the mp4's 1 ms of rounding at most.
            assertEquals(1_000_000, g.getLengthInTime(), 1_000);
            g.stop();
        }
    }
}
