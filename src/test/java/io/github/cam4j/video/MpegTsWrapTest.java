package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An MPEG-TS capture's clock is 33 bits of 90 kHz: it wraps to zero every 2^33 ticks (95 443.7 s), which a broadcast
 * capture crosses every 26.5 hours. FFmpeg keeps the times continuous across the wrap, and for a capture that starts
 * within 60 s before it, puts the times before it below zero ({@link TimestampWrap}). Such a capture is written as any
 * other: all its frames, its sound copied or re-encoded in step with the picture and as long, and no word of a file cut
 * short. The clips are {@link AudioCopyTest#flashClip}'s, 2 s at 25 frames/s, a flash and a 1 kHz tone at 1 s, their
 * packets restamped to start where on the clock each case says.
 */
class MpegTsWrapTest {
    /** Ticks of MPEG-TS's 90 kHz clock in a second. */
    private static final long TICKS_PER_SECOND = 90_000;
    /** The clock's period: it wraps to zero after 2^33 ticks. */
    private static final long PERIOD = 1L << 33;
    /** The clips' frames: 2 s at 25 frames/s. */
    private static final int FRAMES = 50;
    /** One AAC frame at 48 kHz: how far a tone's onset may be measured off, and a track run past its picture. */
    private static final double AAC_FRAME_SECONDS = AudioCopyTest.AAC_FRAME_SECONDS;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void quiet() {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    /**
     * Sound copied from a capture keeps its delay after the flash, ends with the picture, and the run ends without
     * calling the file truncated, wherever the capture lies on the clock: crossing the wrap 0.6 s in, before the flash,
     * or 1.5 s in, after it; ending 28 s before the wrap, all its times below zero; its picture starting 10 ms after
     * the wrap and its sound, which the AAC encoder's priming starts 21 ms sooner, before it (FFmpeg puts the sound
     * below zero and the picture above it: lifted alone, either would lie 26.5 hours from the other; its sound was
     * taken for priming before, and came out right); starting just after it, or far from it, as before. Each of the first three ended in "the file may be truncated" (at 1.40 s, 0.50 s and -28.00 s of
     * the 2 s), their sound cut where its times were below zero: the tone came 0.60 s before the flash, and 71 and 1 of
     * the 95 packets were written.
     *
     * @param secondsBeforeWrap where the capture's picture starts, seconds before the clock wraps (negative: after)
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.6, 1.5, 30, -0.01, -0.5, 95_443.717 - 1000})
    void copiedSoundOfACaptureAcrossTheWrapStaysInStep(double secondsBeforeWrap) throws Exception {
        Capture c = capture("copy-" + secondsBeforeWrap, secondsBeforeWrap);
        Path out = tmp.resolve("copy-" + secondsBeforeWrap + ".mp4");
        List<String> notices = AudioCopyTest.run(AudioCopyTest.transcode().optAudio(AudioMode.COPY).build(), c.moved(),
                out);
        assertEquals(FRAMES, TestVideos.countFrames(out), "frames");
        AudioCopyTest.assertCopiedFromAdts(c.moved(), out);
        // Measured on the clip before it was restamped: flashAndTone takes a time below zero for none found.
        double[] before = AudioCopyTest.flashAndTone(c.plain());
        double[] after = AudioCopyTest.flashAndTone(out);
        // The packets are the input's: the tone comes as long after the flash as in the input, to the rounding of the
        // 90 kHz clock's times to the mp4's 48 kHz sound and fine picture clock, a sample or two; a millisecond allows
        // for it, and lies far below the 0.6 s the sound was moved by.
        assertEquals(before[1] - before[0], after[1] - after[0], 0.001, "tone after flash: input " + (before[1]
                - before[0]) + " s, output " + (after[1] - after[0]) + " s");
        // The sound is as long as the picture: it ends with it, to the AAC frame that holds its last samples.
        assertEquals(AudioCopyTest.picturesEnd(out), AudioCopyTest.packets(out).endSeconds(), AAC_FRAME_SECONDS,
                "the sound's end against the picture's");
        assertTrue(notices.isEmpty(), notices.toString());
    }

    /**
     * Sound re-encoded as AAC from a capture that crosses the wrap is in step with the picture, and the run ends without
     * calling the file truncated (it did, though the sound was right).
     *
     * @param secondsBeforeWrap where the capture's picture starts, seconds before the clock wraps (negative: after)
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.6, -0.01, -0.5})
    void reEncodedSoundOfACaptureAcrossTheWrapStaysInStep(double secondsBeforeWrap) throws Exception {
        Path in = capture("aac-" + secondsBeforeWrap, secondsBeforeWrap).moved();
        Path out = tmp.resolve("aac-" + secondsBeforeWrap + ".mp4");
        AudioCopyTest.run(AudioCopyTest.transcode().optAudio(AudioMode.AAC).build(), in, out);
        assertEquals(FRAMES, TestVideos.countFrames(out), "frames");
        double[] at = AudioCopyTest.flashAndTone(out);
        // Re-encoded, the tone starts where the encoder's frames put it: within one of the flash.
        assertEquals(at[0], at[1], AAC_FRAME_SECONDS, "flash and tone");
        assertEquals(AudioCopyTest.picturesEnd(out), AudioCopyTest.packets(out).endSeconds(), AAC_FRAME_SECONDS,
                "the sound's end against the picture's");
    }

    /**
     * A capture, and the clip it was made from.
     *
     * @param plain the clip as written, its picture starting above zero, far from the wrap
     * @param moved its packets, restamped
     */
    private record Capture(Path plain, Path moved) {}

    /**
     * @param secondsBeforeWrap where the picture starts, seconds before the clock wraps (negative: after it)
     * @return an MPEG-TS capture, AAC sound in ADTS, its picture starting there, checked to lie where it was asked
     */
    private static Capture capture(String name, double secondsBeforeWrap) throws Exception {
        Path plain = AudioCopyTest.flashClip(tmp.resolve(name + "-plain.ts"), "mpegts", avcodec.AV_CODEC_ID_AAC, 2.0,
                1.0);
        Path moved = tmp.resolve(name + ".ts");
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(plain.toFile())) {
            g.start();
            AVStream video = g.getFormatContext().streams(g.getVideoStream());
            assertEquals(TICKS_PER_SECOND, video.time_base().den(), "the test clip: MPEG-TS's 90 kHz clock");
            // Every stream of an MPEG-TS file is on the same clock: one shift keeps sound and picture together.
            long shift = Math.floorMod(PERIOD - Math.round(secondsBeforeWrap * TICKS_PER_SECOND) - video.start_time(),
                    PERIOD);
            try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(moved.toFile(), g.getImageWidth(), g.getImageHeight(),
                    1)) {
                r.setFormat("mpegts");
                r.start(g.getFormatContext());
                for (AVPacket p = g.grabPacket(); p != null; p = g.grabPacket()) {
                    // The muxer writes each time's 33 low bits, as a capture's clock runs: past the period it wraps.
                    if (p.pts() != avutil.AV_NOPTS_VALUE) {
                        p.pts(p.pts() + shift);
                    }
                    if (p.dts() != avutil.AV_NOPTS_VALUE) {
                        p.dts(p.dts() + shift);
                    }
                    r.recordPacket(p);
                }
                r.stop();
            }
            g.stop();
        }
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(moved.toFile())) {
            g.start();
            long start = g.getFormatContext().streams(g.getVideoStream()).start_time();
            // Read back, where the picture starts: FFmpeg's times of a capture that starts within 60 s before the wrap
            // lie below zero, of one past it above it, to a tick.
            long expected = secondsBeforeWrap > 0 && secondsBeforeWrap < 60
                    ? -Math.round(secondsBeforeWrap * TICKS_PER_SECOND)
                    : Math.floorMod(-Math.round(secondsBeforeWrap * TICKS_PER_SECOND), PERIOD);
            assertEquals(expected, start, 1, "the test clip: where its picture starts, ticks");
            g.stop();
        }
        return new Capture(plain, moved);
    }
}
