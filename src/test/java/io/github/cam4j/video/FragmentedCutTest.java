package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fragmented mp4 cut short: reported as cut, without a total it cannot know. */
class FragmentedCutTest {
    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    /** Frames per fragment: a keyframe every 2 s at 25 fps, a fragment from each. */
    private static final int GOP = 50;
    private static final int FRAMES = 3 * GOP;

    @TempDir
    Path tmp;

    /**
     * A fragmented mp4 of three 2-second fragments (6 s, 150 frames) cut to half of its bytes, inside its second
     * fragment. Its only total is the index of fragments at its end, which the cut took: FFmpeg gives the stream the
     * length of the fragments present, 4 s. It was reported as "ended after N frames of the 4.00 s (about 100 frames)
     * its header announces", a header that announces nothing of the kind, for a file that held 6 s. It is now said to
     * be cut inside a fragment that runs to 4 s, its whole length not known; the frames written play. Whole, it is not
     * flagged.
     */
    @Test
    void aCutFragmentedMp4SaysItsLengthIsNotKnown() throws Exception {
        Path whole = fragmented(tmp.resolve("fragmented.mp4"));
        VideoSummary complete = VideoPipeline.builder().setTranscodeOnly().build().run(VideoInput.file(whole),
                tmp.resolve("whole-out.mp4"), VideoListener.NONE);
        assertEquals(FRAMES, complete.frames());

        Path cut = TestVideos.firstHalf(whole, tmp.resolve("cut.mp4"));
        Path out = tmp.resolve("cut-out.mp4");
        VideoException e = assertThrows(VideoException.class, () -> VideoPipeline.builder().setTranscodeOnly().build()
                .run(VideoInput.file(cut), out, VideoListener.NONE));
        Matcher m = Pattern.compile("video " + Pattern.quote(cut.toString()) + " ended after (\\d+) frames \\(\\d\\.\\d\\d "
                + "s\\), inside a fragment that runs to 4\\.00 s \\(about 100 frames\\): the file is cut short, and how "
                + "long it was is not known \\(a fragmented mp4 states its whole length only at its end, which is "
                + "missing\\); its (\\d+) frames are in " + Pattern.quote(out.toString())).matcher(e.getMessage());
        assertTrue(m.matches(), e.getMessage());
        assertFalse(e.getMessage().contains("header announces"), e.getMessage());
        int written = Integer.parseInt(m.group(1));
        assertTrue(written >= GOP && written < 2 * GOP, "cut inside the second fragment: " + e.getMessage());
        assertEquals(written, Integer.parseInt(m.group(2)));
        assertEquals(written, TestVideos.countFrames(out), "the frames written play");
    }

    /**
     * A fragmented mp4 with sound whose last fragment is cut where only its sound lies (an mdat holds a fragment's
     * picture, then its sound): every frame reads, the sound stops short, and FFmpeg's "partial file" lines are not
     * heard. It went through as whole, exit 0, its output's sound stopping before its picture with nothing said. It is
     * now said to end inside its last fragment, where the sound stops, the frames all written; whole, it is not.
     */
    @Test
    void aFragmentedMp4CutInItsLastFragmentsSoundSaysSo() throws Exception {
        Path whole = write(tmp.resolve("sound.mp4"), true, true);
        VideoSummary complete = VideoPipeline.builder().setTranscodeOnly().build().run(VideoInput.file(whole),
                tmp.resolve("sound-out.mp4"), VideoListener.NONE);
        assertEquals(FRAMES, complete.frames());
        // The last fragment's mdat ends before the index of fragments (mfra) at the end: 4000 bytes of it are cut,
        // a third of a second of its 2 s of 96 kb/s sound, none of its picture.
        byte[] bytes = Files.readAllBytes(whole);
        long mfra = Integer.toUnsignedLong(java.nio.ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt());
        int mdatEnd = (int) (bytes.length - mfra);
        Path cut = tmp.resolve("sound-cut.mp4");
        Files.write(cut, Arrays.copyOf(bytes, mdatEnd - 4000));
        Path out = tmp.resolve("sound-cut-out.mp4");
        VideoException e = assertThrows(VideoException.class, () -> VideoPipeline.builder().setTranscodeOnly().build()
                .run(VideoInput.file(cut), out, VideoListener.NONE));
        Matcher m = Pattern.compile("video " + Pattern.quote(cut.toString()) + " ends inside its last fragment, whose "
                + "mdat box holds (\\d+) of the (\\d+) bytes it announces: the file is cut short, and what the cut took"
                + " is not there to read \\(its picture reaches (\\d\\.\\d\\d) s, its sound (\\d\\.\\d\\d) s\\); its 150 frames"
                + " are in " + Pattern.quote(out.toString())).matcher(e.getMessage());
        assertTrue(m.matches(), e.getMessage());
        assertEquals(4000, Long.parseLong(m.group(2)) - Long.parseLong(m.group(1)), e.getMessage());
        double picture = Double.parseDouble(m.group(3));
        double sound = Double.parseDouble(m.group(4));
        assertTrue(picture >= 6 && picture < 6.1, "the picture is whole: " + e.getMessage());
        assertTrue(sound > 5 && sound < 5.95, "the sound stops before the picture: " + e.getMessage());
        assertEquals(FRAMES, TestVideos.countFrames(out), "every frame is written");
    }

    /**
     * Whole fragments followed by a few bytes that are not a whole box (here the first 3 of the index of fragments;
     * stray bytes appended to a whole file read the same) lose no frame and no sound: the run goes through, where
     * it had been said to "end inside its last fragment, whose last box's header is cut" (helper-267's review).
     */
    @Test
    void wholeFragmentsFollowedByPartOfABoxHeaderAreNotSaidToBeCut() throws Exception {
        Path whole = write(tmp.resolve("sound-stray.mp4"), true, true);
        byte[] bytes = Files.readAllBytes(whole);
        long mfra = Integer.toUnsignedLong(java.nio.ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt());
        Path stray = tmp.resolve("sound-stray-cut.mp4");
        Files.write(stray, Arrays.copyOf(bytes, (int) (bytes.length - mfra) + 3));
        VideoSummary summary = VideoPipeline.builder().setTranscodeOnly().build().run(VideoInput.file(stray),
                tmp.resolve("sound-stray-out.mp4"), VideoListener.NONE);
        assertEquals(FRAMES, summary.frames());
    }

    /** The box walk tells a plain mp4, a whole fragmented one and one that lost its end apart. */
    @Test
    void theLayoutIsReadFromTheBoxes() throws Exception {
        Path whole = fragmented(tmp.resolve("layout.mp4"));
        assertEquals(Mp4Fragments.Layout.FRAGMENTED_INDEXED, Mp4Fragments.of(whole));
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = tmp.resolve("layout-cut.mp4");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 1));
        assertEquals(Mp4Fragments.Layout.FRAGMENTED_UNINDEXED, Mp4Fragments.of(cut));
        Path plain = tmp.resolve("plain.mp4");
        write(plain, false, false);
        assertEquals(Mp4Fragments.Layout.PLAIN, Mp4Fragments.of(plain));
        Path notMp4 = tmp.resolve("text.mp4");
        Files.writeString(notMp4, "not an mp4 at all");
        assertEquals(Mp4Fragments.Layout.PLAIN, Mp4Fragments.of(notMp4));
    }

    private static Path fragmented(Path clip) throws Exception {
        return write(clip, true, false);
    }

    /**
     * Writes {@link #FRAMES} frames, 64x48 at 25 fps, a keyframe every {@link #GOP}; with {@code sound}, a 440 Hz tone,
     * AAC at 96 kb/s, as long as the picture.
     */
    private static Path write(Path clip, boolean fragments, boolean sound) throws Exception {
        int rate = 44_100;
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(clip.toFile(), 64, 48, sound ? 1 : 0);
                OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat();
                Mat frame = new Mat(48, 64, opencv_core.CV_8UC3)) {
            r.setFormat("mp4");
            r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(25);
            r.setGopSize(GOP);
            r.setVideoBitrate(1_000_000);
            if (fragments) {
                r.setOption("movflags", VideoPipeline.FRAGMENTED_MOVFLAGS);
            }
            if (sound) {
                r.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                r.setSampleRate(rate);
                r.setAudioBitrate(96_000);
            }
            r.start();
            // A still texture of grey 4x4 blocks (the bytes of each fragment's keyframe) under a small white square
            // that moves a pixel a frame: no frame is a scene change, where openh264 would start a keyframe (and the
            // muxer a fragment) of its own.
            java.util.Random random = new java.util.Random(7);
            int[] levels = new int[(48 / 4) * (64 / 4)];
            for (int k = 0; k < levels.length; k++) {
                levels[k] = random.nextInt(256);
            }
            byte[] texture = new byte[48 * 64 * 3];
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < 64; x++) {
                    java.util.Arrays.fill(texture, (y * 64 + x) * 3, (y * 64 + x + 1) * 3,
                            (byte) levels[(y / 4) * (64 / 4) + x / 4]);
                }
            }
            byte[] pixels = new byte[texture.length];
            for (int i = 0; i < FRAMES; i++) {
                System.arraycopy(texture, 0, pixels, 0, texture.length);
                int left = i % (64 - 8);
                for (int y = 20; y < 28; y++) {
                    java.util.Arrays.fill(pixels, (y * 64 + left) * 3, (y * 64 + left + 8) * 3, (byte) 255);
                }
                frame.data().put(pixels);
                r.record(conv.convert(frame), avutil.AV_PIX_FMT_BGR24);
                if (sound) {
                    long from = (long) i * rate / 25;
                    short[] tone = new short[(int) ((long) (i + 1) * rate / 25 - from)];
                    for (int k = 0; k < tone.length; k++) {
                        tone[k] = (short) (8000 * Math.sin(2 * Math.PI * 440 * (from + k) / rate));
                    }
                    r.recordSamples(rate, 1, java.nio.ShortBuffer.wrap(tone));
                }
            }
            r.stop();
        }
        return clip;
    }
}
