package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An avi on a time base finer than its frame rate, as FFmpeg writes an mp4's packets copied into one ({@code ffmpeg -i
 * x.mp4 -c copy x.avi}: 1/600 for 25 fps), fills the ticks between frames with empty "dropped frame" chunks, and its
 * header counts them all. Such a whole file was said to have "ended after 100 of the 2400 frames its header
 * announces" (helper-156's audit), exit 1, and its progress bar counted to 2 400.
 */
class AviDroppedFramesTest {
    private static final int FRAMES = 50;
    private static final double FPS = 25;

    @TempDir
    Path tmp;

    @Test
    void aWholeFileIsWholeAndOneCutShortIsStillSaidToBe() throws Exception {
        Path avi = tmp.resolve("copied.avi");
        write(avi);
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(avi.toFile())) {
            g.start();
            // The file is what the audit met: its header counts the chunks of every tick, 24 to a frame.
            assertEquals(FRAMES + (FRAMES - 1) * 23, g.getFormatContext().streams(0).nb_frames());
        }

        VideoInfo info = VideoInput.file(avi).probe();
        assertEquals(FPS, info.frameRate(), 1e-9);
        // 1 177 ticks of 1/600 s at 25 fps: 49 frames' time, the last frame's own time not counted in it; the check's
        // tolerance (two frames, 10 %) allows for that.
        assertEquals(FRAMES - 1, info.frameCount(), "the frames the bar counts to");
        VideoSummary summary = VideoPipeline.builder().setTranscodeOnly().build().run(VideoInput.file(avi),
                tmp.resolve("copied.mp4"), VideoListener.NONE);
        assertEquals(FRAMES, summary.frames());
        assertEquals(FRAMES, TestVideos.countFrames(tmp.resolve("copied.mp4")));

        Path cut = TestVideos.firstHalf(avi, tmp.resolve("cut.avi"));
        Path out = tmp.resolve("cut.mp4");
        VideoException e = assertThrows(VideoException.class, () -> VideoPipeline.builder().setTranscodeOnly().build()
                .run(VideoInput.file(cut), out, VideoListener.NONE));
        assertTrue(e.getMessage().contains(" its header announces: the file may be truncated; its "), e.getMessage());
    }

    /** 50 frames at 25 fps on a 1/600 s clock, each a shade apart so that none is skipped as a repeat. */
    private static void write(Path avi) throws Exception {
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(avi.toFile(), 320, 240, 0);
                OpenCVFrameConverter.ToMat convert = new OpenCVFrameConverter.ToMat()) {
            r.setFormat("avi");
            r.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            r.setFrameRate(600);
            r.setGopSize(12);
            r.start();
            for (int i = 0; i < FRAMES; i++) {
                try (Mat m = new Mat(240, 320, opencv_core.CV_8UC3, new Scalar(i * 5, 64, 128, 0))) {
                    r.setTimestamp(Math.round(i * 1e6 / FPS));
                    Frame f = convert.convert(m);
                    r.record(f);
                }
            }
            r.stop();
        }
    }
}
