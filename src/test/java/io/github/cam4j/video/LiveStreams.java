package io.github.cam4j.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.io.ByteArrayOutputStream;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/** Videos made for the pipe tests with JavaCV's recorder: noisy frames (so they take room) and a tone. */
final class LiveStreams {
    static final int WIDTH = 160;
    static final int HEIGHT = 120;
    static final int FPS = 25;
    private static final int RATE = 44_100;

    private LiveStreams() {}

    /**
     * @param frames how many frames
     * @return Matroska written as it goes to a stream that cannot seek, as {@code ffmpeg -f matroska -} writes it
     *     into a pipe: no length in its header
     */
    static byte[] matroska(int frames) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(bytes, WIDTH, HEIGHT, 0)) {
            r.setFormat("matroska");
            record(r, frames, false);
        }
        return bytes.toByteArray();
    }

    /**
     * Writes an mp4 with sound, at a rate high enough that its frames outgrow FFmpeg's read buffer (about 64 KB).
     *
     * @param out the file
     * @param frames how many frames
     * @param faststart whether its index (moov) comes first ({@code -movflags +faststart}); else at its end, as the
     *     mp4 muxer writes it
     */
    static void mp4(Path out, int frames, boolean faststart) throws Exception {
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(out.toFile(), WIDTH, HEIGHT, 1)) {
            r.setFormat("mp4");
            if (faststart) {
                r.setOption("movflags", "+faststart");
            }
            r.setSampleRate(RATE);
            r.setAudioCodec(AV_CODEC_ID_AAC);
            r.setAudioBitrate(64_000);
            record(r, frames, true);
        }
    }

    private static void record(FFmpegFrameRecorder r, int frames, boolean tone) throws Exception {
        r.setVideoCodec(AV_CODEC_ID_H264);
        r.setPixelFormat(AV_PIX_FMT_YUV420P);
        r.setFrameRate(FPS);
        r.setVideoBitrate(2_000_000);
        r.start();
        try (OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat();
                Mat frame = new Mat(HEIGHT, WIDTH, CV_8UC3)) {
            java.util.Random random = new java.util.Random(7);
            byte[] pixels = new byte[WIDTH * HEIGHT * 3];
            int perFrame = RATE / FPS;
            for (int i = 0; i < frames; i++) {
                random.nextBytes(pixels);
                frame.data().put(pixels);
                r.record(conv.convert(frame), AV_PIX_FMT_BGR24);
                if (tone) {
                    short[] s = new short[perFrame];
                    for (int k = 0; k < s.length; k++) {
                        s[k] = (short) (8000 * Math.sin(2 * Math.PI * 440 * (i * perFrame + k) / RATE));
                    }
                    r.recordSamples(RATE, 1, ShortBuffer.wrap(s));
                }
            }
        }
        r.stop();
    }
}
