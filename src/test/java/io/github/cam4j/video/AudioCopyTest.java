package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output's audio is a copy of the input's when the mp4 holds its codec ({@link AudioMode}): the same packets, byte
 * for byte, at the picture's times. The clips are 64x48 at 25 frames/s, black, then white from a flash time on, when a
 * 1 kHz tone starts too, so where picture and sound are in step can be measured in input and output alike.
 */
class AudioCopyTest {
    /** One AAC frame at 48 kHz: how far a copied track may run past its picture, and a beep's onset be measured off. */
    static final double AAC_FRAME_SECONDS = 1024 / 48000.0;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void quiet() {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    /** The packets of a file's audio stream, their bytes and times. */
    record Packets(String codec, List<byte[]> bytes, List<Double> seconds, double endSeconds) {}

    /** {@link #flashClip(Path, String, int, int, double, double, double, boolean)} at 25 fps, pictures from 0 s. */
    static Path flashClip(Path clip, String format, int audioCodec, double seconds, double flashAt) throws Exception {
        return flashClip(clip, format, audioCodec, 25, seconds, 0, flashAt, false);
    }

    /**
     * Writes a clip: sound from 0 s, pictures at {@code fps} from {@code pictureStart} on; both black and silent before
     * {@code flashAt}, white and a 1 kHz tone (half of full scale) from it on.
     *
     * @param clip the file to write
     * @param format FFmpeg's muxer name ("mp4", "matroska", "mpegts", "mov")
     * @param audioCodec FFmpeg's codec id for the sound
     * @param fragmented whether an mp4 is fragmented (its index of samples in each fragment, no duration up front)
     */
    static Path flashClip(Path clip, String format, int audioCodec, int fps, double seconds, double pictureStart,
            double flashAt, boolean fragmented) throws Exception {
        return flashClip(clip, format, audioCodec, fps, seconds, pictureStart, flashAt, fragmented, 48000);
    }

    /** As {@link #flashClip(Path, String, int, int, double, double, double, boolean)}, the sound at {@code rate} Hz. */
    static Path flashClip(Path clip, String format, int audioCodec, int fps, double seconds, double pictureStart,
            double flashAt, boolean fragmented, int rate) throws Exception {
        // A clock of 100 ticks a frame places a late first picture at its start, to the 100th of a frame.
        int ticksPerFrame = 100;
        long startTick = Math.round(pictureStart * fps * ticksPerFrame);
        int frames = (int) Math.round((seconds - pictureStart) * fps);
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(clip.toFile(), 64, 48, 1);
                OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat();
                Scalar blackLevel = new Scalar(0, 0, 0, 0);
                Scalar whiteLevel = new Scalar(255, 255, 255, 0);
                Mat black = new Mat(48, 64, opencv_core.CV_8UC3, blackLevel);
                Mat white = new Mat(48, 64, opencv_core.CV_8UC3, whiteLevel)) {
            r.setFormat(format);
            r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(pictureStart > 0 ? fps * ticksPerFrame : fps);
            r.setGopSize(fps);
            r.setAudioCodec(audioCodec);
            r.setSampleRate(rate);
            r.setAudioBitrate(96_000);
            if (audioCodec == avcodec.AV_CODEC_ID_ALAC) {
                // JavaCV's default sample format (s16, packed) is not one FFmpeg's ALAC encoder takes.
                r.setSampleFormat(avutil.AV_SAMPLE_FMT_S16P);
            }
            if (fragmented) {
                r.setOption("movflags", "frag_keyframe+empty_moov");
            }
            r.start();
            long written = 0;
            for (int i = 0; i < frames; i++) {
                double at = pictureStart + i / (double) fps;
                if (pictureStart > 0) {
                    r.setFrameNumber((int) (startTick + (long) i * ticksPerFrame));
                }
                r.record(conv.convert(at >= flashAt - 1e-9 ? white : black), avutil.AV_PIX_FMT_BGR24);
                long upTo = Math.round((at + 1.0 / fps) * rate);
                r.recordSamples(rate, 1, ShortBuffer.wrap(toneFrom(flashAt, rate, written, upTo)));
                written = upTo;
            }
            r.stop();
        }
        return clip;
    }

    /** @return a file's audio packets, read as they are stored (grabPacket) */
    static Packets packets(Path video) throws Exception {
        List<byte[]> bytes = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        double end = 0;
        String codec;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile())) {
            g.start();
            codec = g.hasAudio() ? AudioPlan.codecName(g.getAudioCodec()) : null;
            org.bytedeco.ffmpeg.avutil.AVRational tb = g.hasAudio()
                    ? g.getFormatContext().streams(g.getAudioStream()).time_base() : null;
            for (AVPacket p; (p = g.grabPacket()) != null; ) {
                if (!g.hasAudio() || p.stream_index() != g.getAudioStream()) {
                    continue;
                }
                byte[] b = new byte[p.size()];
                p.data().get(b);
                bytes.add(b);
                double at = p.pts() * (double) tb.num() / tb.den();
                seconds.add(at);
                end = Math.max(end, at + p.duration() * (double) tb.num() / tb.den());
            }
            g.stop();
        }
        return new Packets(codec, bytes, seconds, end);
    }

    /**
     * @return {first white picture's time, first loud sample's time} in seconds, as a player finds them: the
     *     pictures' and the decoded sound's own timestamps
     */
    static double[] flashAndTone(Path video) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile());
                OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat()) {
            g.setSampleMode(FrameGrabber.SampleMode.SHORT);
            g.start();
            double flash = -1;
            double tone = -1;
            for (Frame f; (f = g.grabFrame(true, true, true, false, false)) != null && (flash < 0 || tone < 0); ) {
                if (f.image != null && flash < 0) {
                    Mat m = conv.convert(f);
                    if (opencv_core.mean(m).get(0) > 128) {
                        flash = f.timestamp / 1e6;
                    }
                }
                if (f.samples != null && tone < 0) {
                    ShortBuffer b = (ShortBuffer) f.samples[0];
                    for (int i = 0; i < b.limit(); i += f.audioChannels) {
                        if (Math.abs(b.get(i)) > 8000) {
                            tone = f.timestamp / 1e6 + (i / f.audioChannels) / (double) g.getSampleRate();
                            break;
                        }
                    }
                }
            }
            g.stop();
            return new double[] {flash, tone};
        }
    }

    /** @return the last picture's end, seconds: its time plus a frame at 25 frames/s */
    static double picturesEnd(Path video) throws Exception {
        double last = -1;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile())) {
            g.start();
            for (Frame f; (f = g.grabImage()) != null; ) {
                last = f.timestamp / 1e6;
            }
            g.stop();
        }
        return last + 1 / 25.0;
    }

    static List<String> run(VideoPipeline pipeline, Path in, Path out) throws Exception {
        List<String> notices = new ArrayList<>();
        pipeline.run(VideoInput.file(in), out, new VideoListener() {
            @Override
            public void noticed(String message) {
                notices.add(message);
            }
        });
        return notices;
    }

    /** Asserts that the output's audio packets are the input's, byte for byte and as many. */
    static void assertCopied(Path in, Path out) throws Exception {
        Packets a = packets(in);
        Packets b = packets(out);
        assertEquals(a.codec(), b.codec(), "codec");
        assertEquals(a.bytes().size(), b.bytes().size(), "packets");
        for (int i = 0; i < a.bytes().size(); i++) {
            assertArrayEquals(a.bytes().get(i), b.bytes().get(i), "packet " + i);
        }
    }

    /** Asserts that the output's AAC packets are the input's ADTS frames without their headers, as many. */
    static void assertCopiedFromAdts(Path in, Path out) throws Exception {
        Packets a = packets(in);
        Packets b = packets(out);
        assertEquals("aac", b.codec());
        assertEquals(a.bytes().size(), b.bytes().size(), "packets");
        for (int i = 0; i < a.bytes().size(); i++) {
            byte[] adts = a.bytes().get(i);
            assertEquals(0xFFF, ((adts[0] & 0xFF) << 4) | ((adts[1] & 0xF0) >> 4), "the test clip: ADTS sync word");
            int header = (adts[1] & 1) == 1 ? 7 : 9;
            assertArrayEquals(java.util.Arrays.copyOfRange(adts, header, adts.length), b.bytes().get(i), "packet " + i);
        }
    }

    static VideoPipeline.Builder transcode() {
        return VideoPipeline.builder().setTranscodeOnly();
    }

    /**
     * An AAC input's audio is copied: the output's track holds the input's packets, byte for byte and in the same
     * number, and ends with the picture (within an AAC frame); nothing is said. It was decoded and re-encoded.
     */
    @Test
    void aacIsCopiedByteForByte() throws Exception {
        Path in = flashClip(tmp.resolve("aac.mp4"), "mp4", avcodec.AV_CODEC_ID_AAC, 2.0, 1.0);
        Path out = tmp.resolve("aac-out.mp4");
        List<String> notices = run(transcode().build(), in, out);
        assertEquals("aac", packets(in).codec(), "the test clip");
        assertCopied(in, out);
        assertEquals(picturesEnd(out), packets(out).endSeconds(), AAC_FRAME_SECONDS, "the sound's end against the picture's");
        assertTrue(notices.isEmpty(), notices.toString());
    }

    /**
     * The other codecs an mp4 holds, here in Matroska, are copied too, and stay in step with the picture: MP3, AC-3,
     * E-AC-3, Opus, FLAC, ALAC (each written by the FFmpeg JavaCV bundles).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"mp3", "ac3", "eac3", "opus", "flac", "alac"})
    void otherCodecsTheMp4HoldsAreCopied(String codec) throws Exception {
        int id = avcodec.avcodec_find_encoder_by_name(codec.equals("mp3") ? "libmp3lame" : codec.equals("opus")
                ? "libopus" : codec).id();
        Path in = flashClip(tmp.resolve(codec + ".mkv"), "matroska", id, 2.0, 1.0);
        Path out = tmp.resolve(codec + "-out.mp4");
        List<String> notices = run(transcode().build(), in, out);
        assertEquals(codec, packets(in).codec(), "the test clip");
        assertCopied(in, out);
        assertToneKeepsItsDelay(in, out);
        assertTrue(notices.isEmpty(), notices.toString());
    }

    /** PCM, which the mp4 does not hold, is re-encoded as AAC, as before, and that is said in one notice. */
    @Test
    void pcmIsReencodedAsAacAndSaidToBe() throws Exception {
        Path in = flashClip(tmp.resolve("pcm.mov"), "mov", avcodec.AV_CODEC_ID_PCM_S16LE, 1.0, 0.5);
        Path out = tmp.resolve("pcm-out.mp4");
        List<String> notices = run(transcode().build(), in, out);
        assertEquals("aac", packets(out).codec());
        assertEquals(1, notices.size(), notices.toString());
        assertTrue(notices.get(0).contains("pcm_s16le") && notices.get(0).contains("re-encoded as AAC"),
                notices.get(0));
    }

    /** Audio none: no audio track, said in a notice. */
    @Test
    void audioNoneWritesNoAudioTrack() throws Exception {
        Path in = flashClip(tmp.resolve("none.mp4"), "mp4", avcodec.AV_CODEC_ID_AAC, 1.0, 0.5);
        Path out = tmp.resolve("none-out.mp4");
        List<String> notices = run(transcode().optAudio(AudioMode.NONE).build(), in, out);
        assertNull(packets(out).codec(), "no audio track");
        assertEquals(25, TestVideos.countFrames(out));
        assertEquals(1, notices.size(), notices.toString());
    }

    /** Audio copy of PCM is refused in one line naming the codec and the option, and nothing is written. */
    @Test
    void copyingAudioTheMp4CannotHoldIsRefused() throws Exception {
        Path in = flashClip(tmp.resolve("pcm-copy.mkv"), "matroska", avcodec.AV_CODEC_ID_PCM_S16LE, 1.0, 0.5);
        Path out = tmp.resolve("pcm-copy-out.mp4");
        VideoException e = assertThrows(VideoException.class,
                () -> run(transcode().optAudio(AudioMode.COPY).build(), in, out));
        // The library's message names its method; the command line's, its option (AudioTrackChoiceTest).
        assertTrue(e.getMessage().contains("pcm_s16le") && e.getMessage().contains("optAudio"), e.getMessage());
        assertFalse(e.getMessage().contains("--audio"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(Files.exists(out), "nothing written");
    }

    /**
     * A run stopped by a frame limit ends its copied sound with its last picture: no more than an AAC frame past it.
     * The sound copied is the input's from its start.
     */
    @Test
    void aFrameLimitEndsTheCopiedSoundWithThePicture() throws Exception {
        Path in = flashClip(tmp.resolve("limit.mp4"), "mp4", avcodec.AV_CODEC_ID_AAC, 3.0, 0.2);
        Path out = tmp.resolve("limit-out.mp4");
        run(transcode().optMaxFrames(25).build(), in, out);
        Packets a = packets(in);
        Packets b = packets(out);
        double pictures = picturesEnd(out);
        assertEquals(1.0, pictures, 0.001, "25 frames");
        assertTrue(b.endSeconds() <= pictures + AAC_FRAME_SECONDS, "sound ends at " + b.endSeconds() + " s");
        assertTrue(b.endSeconds() >= pictures - AAC_FRAME_SECONDS, "sound ends at " + b.endSeconds() + " s");
        for (int i = 0; i < b.bytes().size(); i++) {
            assertArrayEquals(a.bytes().get(i), b.bytes().get(i), "packet " + i);
        }
    }

    /**
     * Picture and sound stay in step: the tone that starts with the white picture in the input does in the output,
     * within an AAC frame, and both at their input times.
     */
    @Test
    void theCopiedSoundStaysInStepWithThePicture() throws Exception {
        Path in = flashClip(tmp.resolve("sync.mp4"), "mp4", avcodec.AV_CODEC_ID_AAC, 2.0, 1.2);
        double[] before = flashAndTone(in);
        assertEquals(before[0], before[1], AAC_FRAME_SECONDS, "the test clip: flash and tone together");
        Path out = tmp.resolve("sync-out.mp4");
        run(transcode().build(), in, out);
        assertCopied(in, out);
        double[] after = flashAndTone(out);
        assertEquals(1.2, after[0], 0.001, "the flash");
        assertEquals(before[1], after[1], AAC_FRAME_SECONDS, "the tone");
        assertEquals(after[0], after[1], AAC_FRAME_SECONDS, "flash and tone");
    }

    /** A fragmented mp4 (a camera's default, --fragmented) holds the copied sound as well, in step with the picture. */
    @Test
    void aFragmentedMp4HoldsTheCopiedSound() throws Exception {
        Path in = flashClip(tmp.resolve("frag.mp4"), "mp4", avcodec.AV_CODEC_ID_AAC, 2.0, 1.2);
        Path out = tmp.resolve("frag-out.mp4");
        run(transcode().optFragmented(true).build(), in, out);
        assertCopied(in, out);
        double[] at = flashAndTone(out);
        assertEquals(at[0], at[1], AAC_FRAME_SECONDS, "flash and tone");
        assertEquals(50, TestVideos.countFrames(out));
    }

    /**
     * AAC in MPEG-TS comes in ADTS frames, each with its own 7-byte header; an mp4 holds the raw frames and describes
     * them once (FFmpeg's muxer strips the headers itself, aac_adtstoasc). The output's packets are the input's
     * without their headers, and decode to the same sound.
     */
    @Test
    void aacFromMpegTsIsCopiedWithoutItsAdtsHeaders() throws Exception {
        Path in = flashClip(tmp.resolve("adts.ts"), "mpegts", avcodec.AV_CODEC_ID_AAC, 2.0, 1.0);
        Path out = tmp.resolve("adts-out.mp4");
        List<String> notices = run(transcode().build(), in, out);
        assertCopiedFromAdts(in, out);
        // ADTS says nothing of the encoder's priming, which a decoder then plays: the tone comes an AAC frame after the
        // flash in the input, and in the output as in the input.
        assertToneKeepsItsDelay(in, out);
        assertTrue(notices.isEmpty(), notices.toString());
    }

    /**
     * Copied sound whose timestamps jump an hour ahead after its first second (a damaged recording) goes on without the
     * gap, and the user is told; kept, the jump made an hour-long file. The packets are the input's all the same.
     */
    @Test
    void copiedSoundWhoseTimeJumpsHoursAheadGoesOnWithoutTheGap() throws Exception {
        Path plain = flashClip(tmp.resolve("jump-whole.mkv"), "matroska", avcodec.AV_CODEC_ID_AAC, 3.0, 2.0);
        Path in = tmp.resolve("jump.mkv");
        shiftSound(plain, in, 1.0, 3600);
        assertTrue(packets(in).endSeconds() > 3600, "the test clip: its sound ends past an hour");
        Path out = tmp.resolve("jump-out.mp4");
        List<String> notices = run(transcode().build(), in, out);
        assertCopied(in, out);
        assertEquals(3.0, packets(out).endSeconds(), 0.05, "the sound's end");
        assertEquals(1, notices.stream().filter(n -> n.contains("damaged timestamp")).count(), notices.toString());
        double[] at = flashAndTone(out);
        assertEquals(at[0], at[1], AAC_FRAME_SECONDS, "flash and tone after the jump");
    }

    /**
     * A recording that lost picture and sound together for 15 s (a lost signal) keeps the gap in its copied sound, with
     * its picture: the tone that starts with the flash after the gap does in the output, and no damaged timestamp is
     * told.
     */
    @Test
    void copiedSoundAndPictureThatResumeTogetherAfterAGapStayTogether() throws Exception {
        Path plain = flashClip(tmp.resolve("gap-whole.mkv"), "matroska", avcodec.AV_CODEC_ID_AAC, 3.0, 1.2);
        Path in = tmp.resolve("gap.mkv");
        shift(plain, in, 1.0, 15, true);
        Path out = tmp.resolve("gap-out.mp4");
        List<String> notices = run(transcode().build(), in, out);
        assertCopied(in, out);
        double[] at = flashAndTone(out);
        assertEquals(16.2, at[0], 0.001, "the flash after the gap");
        assertEquals(at[0], at[1], AAC_FRAME_SECONDS, "flash and tone after the gap");
        assertEquals(0, notices.stream().filter(n -> n.contains("damaged timestamp")).count(), notices.toString());
    }

    /**
     * Copied sound whose timestamps alone jump 15 s ahead after 1 s, while its picture goes on for 9 s more, stays with
     * its picture (the tone with the flash at 5 s) and the jump is told once.
     */
    @Test
    void copiedSoundWhoseTimeAloneJumpsStaysWithThePictureThatGoesOn() throws Exception {
        Path plain = flashClip(tmp.resolve("alone-whole.mkv"), "matroska", avcodec.AV_CODEC_ID_AAC, 10.0, 5.0);
        Path in = tmp.resolve("alone.mkv");
        shift(plain, in, 1.0, 15, false);
        Path out = tmp.resolve("alone-out.mp4");
        List<String> notices = run(transcode().build(), in, out);
        assertCopied(in, out);
        double[] at = flashAndTone(out);
        assertEquals(5.0, at[0], 0.001, "the flash");
        assertEquals(at[0], at[1], AAC_FRAME_SECONDS, "flash and tone");
        assertEquals(1, notices.stream().filter(n -> n.contains("damaged timestamp")).count(), notices.toString());
    }

    /** Copies a Matroska clip packet by packet, its sound from {@code fromSeconds} on stamped {@code bySeconds} later. */
    static void shiftSound(Path from, Path to, double fromSeconds, long bySeconds) throws Exception {
        shift(from, to, fromSeconds, bySeconds, false);
    }

    /** As {@link #shiftSound}, and the picture from {@code fromSeconds} on too when {@code picture}. */
    static void shift(Path from, Path to, double fromSeconds, long bySeconds, boolean picture) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(from.toFile())) {
            g.start();
            try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(to.toFile(), g.getImageWidth(), g.getImageHeight(),
                    1)) {
                r.setFormat("matroska");
                r.setInterleaved(false);
                r.start(g.getFormatContext());
                // Matroska gives every stream the same time base, a millisecond.
                org.bytedeco.ffmpeg.avutil.AVRational base = g.getFormatContext().streams(g.getAudioStream()).time_base();
                long shift = bySeconds * base.den() / base.num();
                long from0 = Math.round(fromSeconds * base.den() / base.num());
                for (AVPacket p = g.grabPacket(); p != null; p = g.grabPacket()) {
                    boolean moved = p.stream_index() == g.getAudioStream()
                            || picture && p.stream_index() == g.getVideoStream();
                    if (moved && p.pts() >= from0) {
                        p.pts(p.pts() + shift);
                        p.dts(p.dts() + shift);
                    }
                    r.recordPacket(p);
                }
                r.stop();
            }
        }
    }

    /**
     * The tone starts as long after the flash in the output as in the input, to 1 ms: Matroska keeps times in
     * milliseconds.
     */
    private static void assertToneKeepsItsDelay(Path in, Path out) throws Exception {
        double[] before = flashAndTone(in);
        double[] after = flashAndTone(out);
        assertEquals(before[1] - before[0], after[1] - after[0], 0.001, "tone after flash: input " + (before[1]
                - before[0]) + " s, output " + (after[1] - after[0]) + " s");
    }

    /**
     * @return samples {@code from} to {@code upTo} (exclusive) of a mono clip at {@code rate} that is silent until
     *     {@code flashAt} seconds and a 1 kHz tone from then on
     */
    static short[] toneFrom(double flashAt, int rate, long from, long upTo) {
        short[] sound = new short[(int) (upTo - from)];
        for (int k = 0; k < sound.length; k++) {
            long n = from + k;
            if (n >= Math.round(flashAt * rate)) {
                sound[k] = (short) (16000 * Math.sin(2 * Math.PI * 1000 * n / rate));
            }
        }
        return sound;
    }
}
