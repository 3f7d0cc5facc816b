package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Picture and sound keep the input's timing in the output (helper-75's F1 to F3): each frame at its own input time
 * when FFmpeg's average frame rate is a guess, a picture that starts after its sound by no whole number of frames at
 * that distance, and re-encoded sound moved with a picture that starts less than a frame after it. The clips are 64x48,
 * black then white from a flash on, when a 1 kHz tone starts too ({@link AudioCopyTest#flashAndTone}).
 */
class OutputTimingTest {
    /** One AAC frame at 48 kHz: how far a re-encoded tone's onset may be measured off (the encoder's frames). */
    static final double AAC_FRAME_SECONDS = AudioCopyTest.AAC_FRAME_SECONDS;
    /** Picture and copied sound keep their times to this: a millisecond, timestamps' rounding. */
    static final double EXACT_SECONDS = 0.002;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void quiet() {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    /**
     * F1. A fragmented mp4 states no duration, and FFmpeg guesses its average frame rate from the fragments (24.95 for
     * this 25 fps clip). The output was written on that guess's grid, one slot per frame, and the picture drifted behind
     * the sound: 8 ms after 4 s here, 39 ms after 10 s in helper-75's file. Every frame now keeps its input time, to a
     * millisecond (the output's clock ticks are 1/12800 s).
     */
    @Test
    void aFragmentedMp4KeepsEachFramesTime() throws Exception {
        Path in = clip(tmp.resolve("frag.mp4"), 25, 6, 0, 3, true);
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(in.toFile())) {
            g.start();
            AVRational avg = g.getFormatContext().streams(g.getVideoStream()).avg_frame_rate();
            assertNotEquals(25.0, (double) avg.num() / avg.den(), 1e-6, "the test clip: FFmpeg's guess of its rate");
            g.stop();
        }
        Path out = tmp.resolve("frag-out.mp4");
        AudioCopyTest.run(AudioCopyTest.transcode().build(), in, out);
        List<Long> before = frameMicros(in);
        List<Long> after = frameMicros(out);
        assertEquals(before.size(), after.size(), "frames");
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i), after.get(i), EXACT_SECONDS * 1e6, "frame " + i);
        }
        assertKeepsSync(in, out, EXACT_SECONDS);
    }

    /**
     * F2. A 5 fps picture that starts 0.39 s after its sound (an edit, a camera whose picture comes up late) was put at
     * 0.2 s, the whole frame below: 190 ms ahead of its sound. It keeps its distance now, the sound copied or
     * re-encoded alike.
     */
    @Test
    void aPictureThatStartsAfterItsSoundByNoWholeFrameKeepsItsDistance() throws Exception {
        Path in = clip(tmp.resolve("late039.mp4"), 5, 4, 0.39, 1.39, false);
        Path copied = tmp.resolve("late039-copy.mp4");
        AudioCopyTest.run(AudioCopyTest.transcode().build(), in, copied);
        assertKeepsSync(in, copied, EXACT_SECONDS);
        Path aac = tmp.resolve("late039-aac.mp4");
        AudioCopyTest.run(AudioCopyTest.transcode().optAudio(AudioMode.AAC).build(), in, aac);
        assertKeepsSync(in, aac, AAC_FRAME_SECONDS);
    }

    /**
     * A picture a whole second after its sound, in an mp4 with AAC at 44.1 kHz (as {@code ffmpeg -itsoffset 1 -c copy}
     * makes one), keeps its second when the sound is copied. The copied sound's start, its first packet at -1 024
     * samples less the 1 024 its priming drops, came to -23 220 + 23 219 = -1 microseconds, read as "unknown": the
     * picture was put at the output's zero and the sound's first second cut (helper-156's audit: 3.0 s of sound, 4.0
     * s in all, for a 5 s input). Both streams must start as in the input, the picture within 2 ms, and the sound run
     * its whole length, within an AAC frame.
     */
    @Test
    void aPictureASecondAfterItsSoundKeepsItWhenTheSoundIsCopied() throws Exception {
        Path in = AudioCopyTest.flashClip(tmp.resolve("late1-44k.mp4"), "mp4", avcodec.AV_CODEC_ID_AAC, 25, 3, 1.0,
                2.0, false, 44100);
        Path copied = tmp.resolve("late1-44k-copy.mp4");
        AudioCopyTest.run(AudioCopyTest.transcode().optAudio(AudioMode.COPY).build(), in, copied);
        assertEquals(1_000_000, frameMicros(copied).get(0), EXACT_SECONDS * 1e6, "the first picture's time");
        assertEquals(AudioCopyTest.packets(in).endSeconds(), AudioCopyTest.packets(copied).endSeconds(),
                AAC_FRAME_SECONDS, "where the sound ends");
        assertEquals(AudioCopyTest.flashAndTone(in)[0], AudioCopyTest.flashAndTone(copied)[0], EXACT_SECONDS,
                "the flash");
        assertKeepsSync(in, copied, EXACT_SECONDS);
    }

    /**
     * F3. A 5 fps picture that starts 0.12 s, less than a frame, after its sound is put at the output's zero and the
     * sound before it cut: the copy did so (by its edit list), but re-encoded sound was written from its own start, 120
     * ms behind its picture (190 ms in helper-75's clip). Both agree now: the tone as far after the flash as in the
     * input. (Not 0.19 s here: FFmpeg takes this clip's average rate for 5.27, a frame of 0.19 s.)
     */
    @Test
    void reEncodedSoundMovesWithAPictureThatStartsLessThanAFrameAfterIt() throws Exception {
        Path in = clip(tmp.resolve("late012.mp4"), 5, 4, 0.12, 1.12, false);
        Path aac = tmp.resolve("late012-aac.mp4");
        AudioCopyTest.run(AudioCopyTest.transcode().optAudio(AudioMode.AAC).build(), in, aac);
        assertKeepsSync(in, aac, AAC_FRAME_SECONDS);
        assertEquals(0, frameMicros(aac).get(0), EXACT_SECONDS * 1e6, "the picture starts the output");
        Path copied = tmp.resolve("late012-copy.mp4");
        AudioCopyTest.run(AudioCopyTest.transcode().build(), in, copied);
        assertKeepsSync(in, copied, EXACT_SECONDS);
    }

    /**
     * Opus in Matroska starts a few milliseconds before zero (its pre-skip), and the pipeline read a time below zero as
     * unknown: re-encoded, such sound was written from the output's start whatever its picture's lead, and a picture
     * 0.39 s after it came out 0.39 s early (helper-79: 0.2 s). Every time is now moved by the sound's lead below zero.
     */
    @Test
    void soundStartingBelowZeroKeepsItsPicturesLeadWhenReencoded() throws Exception {
        Path in = AudioCopyTest.flashClip(tmp.resolve("opus039.mkv"), "matroska", avcodec.AV_CODEC_ID_OPUS, 5, 4, 0.39,
                1.39, false);
        try (org.bytedeco.javacv.FFmpegFrameGrabber g = new org.bytedeco.javacv.FFmpegFrameGrabber(in.toFile())) {
            g.start();
            var st = g.getFormatContext().streams(g.getAudioStream());
            assertTrue(st.start_time() < 0, "the test clip: Opus in Matroska starts below zero, " + st.start_time());
            g.stop();
        }
        Path aac = tmp.resolve("opus039-aac.mp4");
        AudioCopyTest.run(AudioCopyTest.transcode().optAudio(AudioMode.AAC).build(), in, aac);
        assertKeepsSync(in, aac, AAC_FRAME_SECONDS);
    }

    /**
     * Copied sound that starts below zero (the encoder's priming: Opus and MP3 in Matroska) is heard from zero, and a
     * picture 0.42 s after it keeps that lead. The pipeline took the copied sound's start below zero for an unknown
     * one: the picture was moved to the output's zero and the sound's first 0.42 s cut with it, in sync but 0.42 s
     * early (helper-84's audit: a flash at 2.021 s came out at 1.600 s), and a picture off the 25 fps grid was put on it,
     * 21 ms early against the sound. The flash must come out where a player finds it in the input, within 2 ms (the
     * pictures' times are whole milliseconds in Matroska; measured: within 0.1 ms), copied and re-encoded; the tone
     * keeps its distance from the flash within 2 ms copied, an AAC frame re-encoded.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"opus", "mp3"})
    void copiedSoundStartingBelowZeroKeepsItsPicturesLead(String codec) throws Exception {
        int id = codec.equals("opus") ? avcodec.AV_CODEC_ID_OPUS : avcodec.AV_CODEC_ID_MP3;
        Path in = AudioCopyTest.flashClip(tmp.resolve(codec + "042.mkv"), "matroska", id, 25, 4, 0.42, 2.02, false);
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(in.toFile())) {
            g.start();
            var st = g.getFormatContext().streams(g.getAudioStream());
            assertTrue(st.start_time() < 0, "the test clip: " + codec + " in Matroska starts below zero, " + st.start_time());
            g.stop();
        }
        double inputFlash = AudioCopyTest.flashAndTone(in)[0];
        Path copied = tmp.resolve(codec + "042-copy.mp4");
        AudioCopyTest.run(AudioCopyTest.transcode().optAudio(AudioMode.COPY).build(), in, copied);
        assertKeepsSync(in, copied, EXACT_SECONDS);
        assertEquals(inputFlash, AudioCopyTest.flashAndTone(copied)[0], 0.002, "the flash's time, copied");
        Path aac = tmp.resolve(codec + "042-aac.mp4");
        AudioCopyTest.run(AudioCopyTest.transcode().optAudio(AudioMode.AAC).build(), in, aac);
        assertKeepsSync(in, aac, REENCODED_START_SECONDS);
    }

    /**
     * Copied sound that starts below zero, behind a picture on the frame grid (0.4 s at 30 fps), is written on the
     * frame rate's clock: the output's average rate is the input's 30/1. It got a fine clock, Matroska's milliseconds,
     * for the sake of re-encoded sound (whose times all move by the priming, off the grid), and the output's average
     * rate read 29.98, its frames 33 and 34 ms apart (helper-85). The flash keeps its time and its tone.
     */
    @Test
    void copiedSoundBelowZeroBehindAPictureOnTheGridKeepsTheFrameRatesClock() throws Exception {
        Path in = AudioCopyTest.flashClip(tmp.resolve("opus30.mkv"), "matroska", avcodec.AV_CODEC_ID_OPUS, 30, 3, 0.4,
                1.4, false);
        // FFmpeg reads this file's average rate as 3000/1, a hundred times its base rate: it was announced "at
        // 3000.00 fps", and the clock took it for a variable-rate file.
        try (FrameSource source = VideoInput.file(in).open(false)) {
            assertEquals(30.0, source.info().frameRate(), 1e-9);
        }
        Path copied = tmp.resolve("opus30-copy.mp4");
        AudioCopyTest.run(AudioCopyTest.transcode().optAudio(AudioMode.COPY).build(), in, copied);
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(copied.toFile())) {
            g.start();
            var avg = g.getFormatContext().streams(g.getVideoStream()).avg_frame_rate();
            assertEquals(30.0, (double) avg.num() / avg.den(), 1e-9, avg.num() + "/" + avg.den());
            g.stop();
        }
        assertKeepsSync(in, copied, EXACT_SECONDS);
        assertEquals(AudioCopyTest.flashAndTone(in)[0], AudioCopyTest.flashAndTone(copied)[0], 0.002, "the flash");
    }

    /**
     * Re-encoded sound that starts below zero keeps step with its picture within 3 ms: its first sample is written
     * where it lies, and a decoder's dropped start (Opus's pre-skip, which FFmpeg could not move Matroska's times by)
     * is counted. Opus came out 7 ms ahead of its picture; MP3 23 ms behind a picture off the frame grid. Measured
     * after: within 1 ms.
     */
    static final double REENCODED_START_SECONDS = 0.003;

    /**
     * A clip that goes from 10 to 30 frames a second (a phone leaving low light): FFmpeg guesses its base rate from the
     * first frames (10) and averages 190 frames over 13 s (14.6). A check meant for raw DV's placeholder average (its
     * time base's 60 000) took any average above the base rate for one, and the clip was taken at 10 fps: its frames
     * were written a tenth of a second apart, 19 s of picture for 13 s (helper-85). The average is the frame rate again, and
     * every frame keeps its input time, within 0.1 ms (the clocks' ticks are 65 microseconds, read back in whole ones).
     */
    @Test
    void aClipWhoseRateRisesIsTakenAtItsAverageAndKeepsItsTimes() throws Exception {
        Path rising = tmp.resolve("rising.mp4");
        try (Scalar level = new Scalar(128, 128, 128, 0);
                Mat grey = new Mat(48, 64, opencv_core.CV_8UC3, level)) {
            TestVideos.risingRate(rising, grey);
        }
        VideoInfo info;
        try (FrameSource source = VideoInput.file(rising).open(false)) {
            info = source.info();
        }
        assertTrue(info.frameRate() > 14 && info.frameRate() < 15, "the average, 190 frames over 13 s: "
                + info.frameRate());
        Path out = tmp.resolve("rising-out.mp4");
        AudioCopyTest.run(AudioCopyTest.transcode().build(), rising, out);
        List<Long> before = frameMicros(rising);
        List<Long> after = frameMicros(out);
        assertEquals(190, before.size());
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i), after.get(i), 100, "frame " + i);
        }
    }

    /**
     * A 30 fps clip without sound that dropped one frame (FFmpeg's average rate 29.5 against its base rate 30) is
     * written on a fine clock, and its last frame lasted one tick of it: the output ended a frame early (a phone-like 10
     * s clip, 9.967 s; this one 2.000 s for 2.033 s). The last frame lasts as long as its input frame now, so the
     * picture ends where the input's does, plain or in fragments, and where a constant-rate clip's does. Within a
     * millisecond: the clocks' ticks are 65 microseconds (1/15360 s), and times are read back in whole microseconds.
     */
    @Test
    void theLastFrameLastsAsLongAsItsInputFrame() throws Exception {
        Path dropped = silentClip(tmp.resolve("dropped.mp4"), 30, 61, 20);
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(dropped.toFile())) {
            g.start();
            var st = g.getFormatContext().streams(g.getVideoStream());
            assertNotEquals(st.avg_frame_rate().num() * (long) st.r_frame_rate().den(),
                    st.r_frame_rate().num() * (long) st.avg_frame_rate().den(), "the test clip: not constant-rate");
            g.stop();
        }
        Path constant = silentClip(tmp.resolve("constant.mp4"), 30, 61, -1);
        for (Path in : List.of(dropped, constant)) {
            double inEnd = picturesEnd(in);
            assertEquals(61 / 30.0, inEnd, 1e-3, "the test clip's end");
            for (boolean fragmented : new boolean[] {false, true}) {
                Path out = tmp.resolve("end-" + fragmented + "-" + in.getFileName());
                AudioCopyTest.run(AudioCopyTest.transcode().optFragmented(fragmented).build(), in, out);
                assertEquals(inEnd, picturesEnd(out), EXACT_SECONDS / 2, in.getFileName() + (fragmented
                        ? " in fragments" : "") + ": the picture's end");
                if (!fragmented) {
                    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(out.toFile())) {
                        g.start();
                        assertEquals(inEnd, g.getLengthInTime() / 1e6, EXACT_SECONDS / 2, "the file's duration");
                        g.stop();
                    }
                }
            }
        }
    }

    /**
     * A run stopped by a frame limit ends its copied sound with its last picture. On a fine clock the sound was cut a
     * tick after the last picture's start, where a plain mp4's last picture ended; a fragmented one's, and now every
     * last picture, lasts a frame (here 40 ms), and the sound stopped short of it: at 1.984 s for pictures ending at
     * 2.021 s (this clip's fragments start the picture 21 ms late). It takes what starts before the picture ends now,
     * and ends within an AAC frame (21 ms) after it.
     */
    @Test
    void aStoppedRunsCopiedSoundEndsWithItsLastPicture() throws Exception {
        Path in = clip(tmp.resolve("frag-stop.mp4"), 25, 4, 0, 1, true);
        Path out = tmp.resolve("frag-stop-out.mp4");
        AudioCopyTest.run(AudioCopyTest.transcode().optMaxFrames(50).build(), in, out);
        assertEquals(50, frameMicros(out).size(), "frames");
        double pictures = picturesEnd(out);
        double sound = AudioCopyTest.packets(out).endSeconds();
        assertTrue(sound >= pictures - EXACT_SECONDS / 2 && sound <= pictures + AAC_FRAME_SECONDS, "the sound ends at "
                + sound + " s, the pictures at " + pictures + " s");
    }

    /**
     * A run stopped by a frame limit ends its re-encoded sound where its last picture ends, within an AAC frame: the
     * sound decoded ahead of the last picture, by the file's interleaving, is held and cut there. It was encoded as it
     * came and ran on: 3.200 s of sound for 3.000 s of picture on helper-84's variable-rate clip.
     */
    @Test
    void aStoppedRunsReencodedSoundEndsWithItsLastPicture() throws Exception {
        Path in = clip(tmp.resolve("aac-stop.mp4"), 25, 4, 0, 1, false);
        Path out = tmp.resolve("aac-stop-out.mp4");
        AudioCopyTest.run(AudioCopyTest.transcode().optAudio(AudioMode.AAC).optMaxFrames(50).build(), in, out);
        assertEquals(50, frameMicros(out).size(), "frames");
        double pictures = picturesEnd(out);
        double sound = AudioCopyTest.packets(out).endSeconds();
        System.out.printf(java.util.Locale.ROOT, "re-encoded, stopped: sound ends %.4f s, pictures %.4f s%n", sound,
                pictures);
        assertTrue(Math.abs(sound - pictures) <= AAC_FRAME_SECONDS, "the sound ends at " + sound + " s, the pictures"
                + " at " + pictures + " s");
    }

    /**
     * @return the end of a file's last picture, seconds: the latest time plus duration among its video packets, as
     *     stored
     */
    static double picturesEnd(Path video) throws Exception {
        double end = 0;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile())) {
            g.start();
            AVRational tb = g.getFormatContext().streams(g.getVideoStream()).time_base();
            for (org.bytedeco.ffmpeg.avcodec.AVPacket p; (p = g.grabPacket()) != null; ) {
                if (p.stream_index() == g.getVideoStream()) {
                    end = Math.max(end, (p.pts() + p.duration()) * (double) tb.num() / tb.den());
                }
            }
            g.stop();
        }
        return end;
    }

    /**
     * Writes an mp4 without sound, 64x48 grey frames at {@code fps} on its own clock (one tick a frame), the frame at
     * {@code droppedFrame} left out (none when negative): a camera that dropped it. JavaCV's recorder gives each frame,
     * the last too, a frame's duration.
     *
     * @param frames the frames' slots, the dropped one included
     */
    private static Path silentClip(Path out, int fps, int frames, int droppedFrame) throws Exception {
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(out.toFile(), 64, 48, 0);
                OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat();
                Scalar level = new Scalar(128, 128, 128, 0);
                Mat grey = new Mat(48, 64, opencv_core.CV_8UC3, level)) {
            r.setFormat(out.toString().endsWith(".mkv") ? "matroska" : "mp4");
            r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(fps);
            r.setGopSize(fps);
            r.start();
            for (int i = 0; i < frames; i++) {
                if (i != droppedFrame) {
                    r.setFrameNumber(i);
                    r.record(conv.convert(grey), avutil.AV_PIX_FMT_BGR24);
                }
            }
            r.stop();
        }
        return out;
    }

    /** The clock's choice: the frame rate for constant-rate input on the grid, else a fine one. */
    @Test
    void theClockIsTheFrameRateOnlyForConstantRateInputOnItsGrid() {
        assertEquals(25, OutputClock.rate(25, 25, 1, 25, 1, 1, 12800, 0), 0, "constant rate");
        assertEquals(5, OutputClock.rate(5, 5, 1, 5, 1, 1, 10240, 190_039), 0, "less than a frame after the sound");
        assertEquals(5, OutputClock.rate(5, 5, 1, 5, 1, 1, 10240, 400_039), 0, "two whole frames after it");
        assertEquals(10240, OutputClock.rate(5, 5, 1, 5, 1, 1, 10240, 390_039), 0, "not a whole frame");
        assertEquals(12800, OutputClock.rate(24.946, 1600000, 64137, 25, 1, 1, 12800, 0), 0, "average guessed");
        assertEquals(22500, OutputClock.rate(29.4, 147, 5, 30, 1, 1, 90000, 0), 0, "a phone's 90 kHz, divided");
        assertTrue(OutputClock.ticksPerFrame(12800, 24.946) > 500, "the encoder told the frame rate");
    }

    /** Asserts that the tone starts as long after the flash in the output as in the input, within {@code tolerance}. */
    private static void assertKeepsSync(Path in, Path out, double tolerance) throws Exception {
        double[] before = AudioCopyTest.flashAndTone(in);
        double[] after = AudioCopyTest.flashAndTone(out);
        assertTrue(before[0] >= 0 && before[1] >= 0 && after[0] >= 0 && after[1] >= 0, "flash and tone found");
        assertEquals(before[1] - before[0], after[1] - after[0], tolerance, "tone after flash: input " + (before[1]
                - before[0]) + " s, output " + (after[1] - after[0]) + " s (flash at " + after[0] + " s)");
    }

    /** @return each picture's time, microseconds, as FFmpeg reads them */
    static List<Long> frameMicros(Path video) throws Exception {
        List<Long> times = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile())) {
            g.start();
            for (Frame f; (f = g.grabImage()) != null; ) {
                times.add(f.timestamp);
            }
            g.stop();
        }
        return times;
    }

    /**
     * Writes an mp4 clip: sound from 0 s, pictures at {@code fps} from {@code pictureStart} on; both black and silent
     * before {@code flashAt}, white and a 1 kHz tone from it on.
     *
     * @param fragmented whether the mp4 is fragmented (its index of samples in each fragment, no duration up front)
     */
    private static Path clip(Path out, int fps, double seconds, double pictureStart, double flashAt,
            boolean fragmented) throws Exception {
        return AudioCopyTest.flashClip(out, "mp4", avcodec.AV_CODEC_ID_AAC, fps, seconds, pictureStart, flashAt,
                fragmented);
    }
}
