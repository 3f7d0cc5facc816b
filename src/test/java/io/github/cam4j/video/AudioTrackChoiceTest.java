package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which audio track is written when the input has several ({@link VideoPipeline.Builder#optAudioTrack}, {@code
 * --audio-track}), what is said of it, and the messages about the audio that name the option as the caller set it.
 * The two-track file: a Matroska file of one picture stream, then AAC tagged English, then AC-3 tagged French, titled
 * "Commentary" and flagged default (as helper-75's multi.mp4).
 */
class AudioTrackChoiceTest {
    @TempDir
    static Path tmp;
    static Path twoTracks;

    @BeforeAll
    static void clip() throws Exception {
        AudioCopyTest.quiet();
        Path aac = AudioCopyTest.flashClip(tmp.resolve("aac.mkv"), "matroska", avcodec.AV_CODEC_ID_AAC, 1.0, 0.5);
        Path ac3 = AudioCopyTest.flashClip(tmp.resolve("ac3.mkv"), "matroska", avcodec.AV_CODEC_ID_AC3, 1.0, 0.5);
        twoTracks = tmp.resolve("two-tracks.mkv");
        // The picture and AAC of the first file, the AC-3 of the second.
        muxTagged(twoTracks, List.of(aac, ac3), new int[][] {{0, 0}, {0, 1}, {1, 1}},
                new String[][] {{}, {"language", "eng"}, {"language", "fra", "title", "Commentary"}},
                new int[] {avformat.AV_DISPOSITION_DEFAULT, 0, avformat.AV_DISPOSITION_DEFAULT});
    }

    /**
     * By default the track flagged default is written, and said to be, naming it and that the other is left out; its
     * language tag is kept on the output's track (it was "und": JavaCV's recorder sets no tag on a copied stream).
     */
    @Test
    void theDefaultTrackIsWrittenSaidAndKeepsItsLanguage() throws Exception {
        Path out = tmp.resolve("default.mp4");
        List<String> notices = AudioCopyTest.run(AudioCopyTest.transcode().build(), twoTracks, out);
        assertEquals(List.of("audio of " + twoTracks + ": track 2 of 2 (ac3, fra, 'Commentary', default) is written;"
                + " the other is left out (VideoPipeline.Builder.optAudioTrack(N) picks one)"), notices);
        assertEquals("ac3", AudioCopyTest.packets(out).codec());
        assertEquals("fra", audioLanguage(out));
    }

    /** Track 1 asked for is written, copied or re-encoded as AAC, with its language; said to be as asked. */
    @Test
    void theTrackAskedForIsWrittenWithItsLanguage() throws Exception {
        Path out = tmp.resolve("first.mp4");
        List<String> notices = AudioCopyTest.run(AudioCopyTest.transcode().optAudioTrack(1).build(), twoTracks, out);
        assertEquals(List.of("audio of " + twoTracks + ": track 1 of 2 (aac, eng) is written, as asked; the other is"
                + " left out (VideoPipeline.Builder.optAudioTrack(N) picks another)"), notices);
        assertEquals("aac", AudioCopyTest.packets(out).codec());
        assertEquals("eng", audioLanguage(out));

        Path aac = tmp.resolve("second-as-aac.mp4");
        AudioCopyTest.run(AudioCopyTest.transcode().optAudioTrack(2).optAudio(AudioMode.AAC).build(), twoTracks, aac);
        assertEquals("aac", AudioCopyTest.packets(aac).codec());
        assertEquals("fra", audioLanguage(aac), "the AAC path keeps the language too");
    }

    /**
     * A track the file lacks fails the run before anything is written, listing the tracks it has; the command line
     * says it naming its option, the library naming its method.
     */
    @Test
    void aTrackTheFileLacksIsRefusedListingItsTracks() throws Exception {
        Path out = tmp.resolve("third.mp4");
        VideoSettingException e = assertThrows(VideoSettingException.class, () -> AudioCopyTest.run(
                AudioCopyTest.transcode().optAudioTrack(3).build(), twoTracks, out));
        String tracks = "video " + twoTracks + " has 2 audio tracks: track 1 (aac, eng), track 2 (ac3, fra, "
                + "'Commentary', default)";
        assertEquals("no audio track 3 to read (VideoPipeline.Builder.optAudioTrack): " + tracks, e.getMessage());
        assertEquals("--audio-track 3: " + tracks, e.commandLineMessage());
        assertFalse(Files.exists(out));

        CliRun r = CliRun.of("video", "--model", VideoPipelineTest.MODEL.toString(), twoTracks.toString(), "--out",
                out.toString(), "--audio-track", "3");
        assertEquals(1, r.exitCode(), r.err());
        assertEquals("cam4j: error: --audio-track 3: " + tracks, r.err().strip());
        assertFalse(Files.exists(out));
    }

    /**
     * The command line's note about the tracks names its option, the library's its method: the note said "audio track
     * N picks one" to both, which neither typed.
     */
    @Test
    void theCommandLinesNoteNamesItsOption() throws Exception {
        String notes = notesOfTwoFrames(twoTracks, tmp.resolve("cli-default.mp4"));
        assertTrue(notes.contains("note: audio of " + twoTracks + ": track 2 of 2 (ac3, fra, 'Commentary', default) is"
                + " written; the other is left out (--audio-track N picks one)"), notes);
        assertFalse(notes.contains("optAudioTrack"), notes);
    }

    /**
     * A pipe is read once, its audio track the one FFmpeg took as it opened it, and {@code --audio-track} refuses one:
     * the note said "(--audio-track N picks one)" all the same (helper-156's audit). It now says how to write the pipe
     * with another track first.
     */
    @Test
    void aPipesNoteSaysHowToWriteItRatherThanOfferingTheOption() throws Exception {
        Path fifo = tmp.resolve("two-tracks.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        byte[] file = Files.readAllBytes(twoTracks);
        Thread writer = new Thread(() -> {
            try (java.io.OutputStream pipe = Files.newOutputStream(fifo)) {
                pipe.write(file);
            } catch (java.io.IOException e) {
                // The run read what it needed and closed the pipe.
            }
        }, "pipe-writer");
        writer.setDaemon(true);
        writer.start();
        String notes = notesOfTwoFrames(fifo, tmp.resolve("pipe-two-tracks.mp4"));
        writer.join(10_000);
        assertTrue(notes.contains("note: audio of " + fifo + ": track 1 of 2 (aac, eng) is written; the other is left"
                + " out (a pipe is read once: write it with another track mapped first, ffmpeg ... -map 0:v:0 -map"
                + " 0:a:N-1)"), notes);
        assertFalse(notes.contains("--audio-track N"), notes);
    }

    /**
     * Runs {@code cam4j video} on the first two frames of {@code input}, which must succeed.
     *
     * @return what it noted: the command's notes go to the standard error, above its progress bar
     */
    private static String notesOfTwoFrames(Path input, Path out) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.err;
        CliRun r;
        try (java.io.PrintStream err = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8)) {
            System.setErr(err);
            r = CliRun.of("video", "--model", VideoPipelineTest.MODEL.toString(), input.toString(), "--out",
                    out.toString(), "--max-frames", "2");
        } finally {
            System.setErr(before);
        }
        assertEquals(0, r.exitCode(), r.err());
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * A file FFmpeg cannot open (a name longer than the file system takes) is not blamed on the audio being copied: the
     * library's refusal is FFmpeg's words alone, a {@link VideoException} and not a {@link VideoSettingException} naming
     * a setting. It had ended "(copying its aac audio; VideoPipeline.Builder.optAudio(AudioMode.AAC) re-encodes it
     * instead)", which makes no such file either (this test's earlier form, a link to a missing folder, is now refused
     * before the run: VideoCommandTest#aLinkIntoAMissingFolderIsSaidBeforeTheRun; the command line's words:
     * VideoCommandAudioTest#anOutputFfmpegCannotOpenIsNotBlamedOnTheAudioCopy).
     */
    @Test
    void aFileFfmpegCannotOpenWhileCopyingIsNotBlamedOnTheCopy() throws Exception {
        Path in = AudioCopyTest.flashClip(tmp.resolve("copy-fails.mp4"), "mp4", avcodec.AV_CODEC_ID_AAC, 1.0, 0.5);
        Path out = tmp.resolve("y".repeat(300) + ".mp4");
        VideoException e = assertThrows(VideoException.class, () -> AudioCopyTest.run(
                AudioCopyTest.transcode().build(), in, out));
        assertFalse(e instanceof VideoSettingException, e.getMessage());
        assertTrue(e.getMessage().startsWith("cannot write video " + out + ": FFmpeg cannot create it: "),
                e.getMessage());
        assertFalse(e.getMessage().contains("audio"), e.getMessage());
    }

    /**
     * A refused --audio copy names the option on the command line and the method in the library: the command's error
     * ended "(--audio, VideoPipeline.Builder.optAudio)".
     */
    @Test
    void aRefusedCopyNamesTheOptionAsTheCallerSetIt() throws Exception {
        Path in = AudioCopyTest.flashClip(tmp.resolve("pcm.mkv"), "matroska", avcodec.AV_CODEC_ID_PCM_S16LE, 1.0, 0.5);
        Path out = tmp.resolve("pcm.mp4");
        String refusal = "cannot copy the audio of " + in + " (pcm_s16le): an mp4 does not hold pcm_s16le (cam4j "
                + "copies AAC, MP3, AC-3, E-AC-3, Opus, ALAC and FLAC)";
        VideoException e = assertThrows(VideoException.class, () -> AudioCopyTest.run(AudioCopyTest.transcode()
                .optAudio(AudioMode.COPY).build(), in, out));
        assertEquals(refusal + "; ask for audio auto or aac (VideoPipeline.Builder.optAudio) to re-encode it as AAC",
                e.getMessage());
        CliRun r = CliRun.of("video", "--model", VideoPipelineTest.MODEL.toString(), in.toString(), "--out",
                out.toString(), "--audio", "copy");
        assertEquals(1, r.exitCode(), r.err());
        assertEquals("cam4j: error: " + refusal + "; --audio auto or aac re-encodes it as AAC", r.err().strip());
    }

    /**
     * AAC whose rate and channels change midway (MPEG-TS pieces joined end to end) is refused for a copy, saying where
     * the change comes as the sound plays: it named the packet's own timestamp, which a joined piece starts again
     * ("at 1.40 s" for a change 1.54 s in).
     */
    @Test
    void aRateChangeIsPlacedAsTheSoundPlays() throws Exception {
        Path a = tone(tmp.resolve("piece-a.ts"), 48000, 1);
        Path b = tone(tmp.resolve("piece-b.ts"), 44100, 2);
        Path joined = tmp.resolve("joined.ts");
        Files.write(joined, Files.readAllBytes(a));
        Files.write(joined, Files.readAllBytes(b), StandardOpenOption.APPEND);
        int frames = AudioCopyTest.packets(a).bytes().size();
        VideoException e = assertThrows(VideoException.class, () -> AudioCopyTest.run(AudioCopyTest.transcode()
                .optAudio(AudioMode.COPY).build(), joined, tmp.resolve("joined.mp4")));
        String at = String.format(Locale.ROOT, "%.2f s into its sound (at its frame %d)", frames * 1024 / 48000.0,
                frames + 1);
        assertTrue(e.getMessage().contains("its AAC changes from 48000 Hz, 1 channel to 44100 Hz, 2 channels " + at),
                e.getMessage());
    }

    /** --audio copy (or aac) of a video without audio says, in a notice, that the output is silent; auto says nothing. */
    @Test
    void audioAskedForOfAVideoWithoutAudioIsSaidToBeMissing() throws Exception {
        Path silent = tmp.resolve("silent.mp4");
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(silent.toFile(), 64, 48, 0);
                OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat();
                Mat black = new Mat(48, 64, opencv_core.CV_8UC3)) {
            r.setFormat("mp4");
            r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            r.setFrameRate(25);
            r.start();
            for (int i = 0; i < 5; i++) {
                r.record(conv.convert(black), avutil.AV_PIX_FMT_BGR24);
            }
            r.stop();
        }
        List<String> copy = AudioCopyTest.run(AudioCopyTest.transcode().optAudio(AudioMode.COPY).build(), silent,
                tmp.resolve("silent-copy.mp4"));
        assertEquals(List.of("video " + silent + " has no audio to copy: the video written is silent"),
                copy);
        List<String> auto = AudioCopyTest.run(AudioCopyTest.transcode().build(), silent, tmp.resolve("silent-auto.mp4"));
        assertEquals(List.of(), auto);
    }

    /** @return one second of black picture and a tone, as MPEG-TS with AAC (ADTS) at this rate and channel count */
    private static Path tone(Path out, int rate, int channels) throws Exception {
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(out.toFile(), 64, 48, channels);
                OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat();
                Mat black = new Mat(48, 64, opencv_core.CV_8UC3)) {
            r.setFormat("mpegts");
            r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            r.setFrameRate(25);
            r.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            r.setSampleRate(rate);
            r.setAudioBitrate(96_000);
            r.start();
            long written = 0;
            for (int i = 0; i < 25; i++) {
                r.record(conv.convert(black), avutil.AV_PIX_FMT_BGR24);
                long upTo = Math.round((i + 1) * (double) rate / 25);
                short[] s = new short[(int) (upTo - written) * channels];
                for (int k = 0; k < s.length; k++) {
                    s[k] = (short) (8000 * Math.sin(2 * Math.PI * 440 * (written + k / channels) / rate));
                }
                written = upTo;
                r.recordSamples(rate, channels, java.nio.ShortBuffer.wrap(s));
            }
            r.stop();
        }
        return out;
    }

    /** @return the language tag of a file's audio stream, null when it has none */
    static String audioLanguage(Path video) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile())) {
            g.start();
            AVStream st = g.getFormatContext().streams(g.getAudioStream());
            AVDictionaryEntry e = avutil.av_dict_get(st.metadata(), "language", null, 0);
            String language = e == null ? null : e.value().getString();
            g.stop();
            return language;
        }
    }

    /**
     * Copies chosen streams of some files into one Matroska file, with tags and dispositions.
     *
     * @param streams each output stream's {input, stream index}
     * @param tags each output stream's tags, key then value
     * @param dispositions each output stream's disposition
     */
    private static void muxTagged(Path out, List<Path> inputs, int[][] streams, String[][] tags, int[] dispositions)
            throws Exception {
        AVFormatContext oc = new AVFormatContext(null);
        AVFormatContext[] ins = new AVFormatContext[inputs.size()];
        AVPacket pkt = avcodec.av_packet_alloc();
        try {
            check(avformat.avformat_alloc_output_context2(oc, null, "matroska", out.toString()));
            for (int i = 0; i < ins.length; i++) {
                ins[i] = new AVFormatContext(null);
                check(avformat.avformat_open_input(ins[i], inputs.get(i).toString(), null, null));
                check(avformat.avformat_find_stream_info(ins[i], (org.bytedeco.javacpp.PointerPointer<?>) null));
            }
            for (int o = 0; o < streams.length; o++) {
                AVStream is = ins[streams[o][0]].streams(streams[o][1]);
                AVStream os = avformat.avformat_new_stream(oc, null);
                check(avcodec.avcodec_parameters_copy(os.codecpar(), is.codecpar()));
                os.codecpar().codec_tag(0);
                os.time_base(is.time_base());
                os.disposition(dispositions[o]);
                AVDictionary d = new AVDictionary(null);
                for (int t = 0; t < tags[o].length; t += 2) {
                    avutil.av_dict_set(d, tags[o][t], tags[o][t + 1], 0);
                }
                os.metadata(d);
            }
            AVIOContext pb = new AVIOContext(null);
            check(avformat.avio_open(pb, out.toString(), avformat.AVIO_FLAG_WRITE));
            oc.pb(pb);
            check(avformat.avformat_write_header(oc, (AVDictionary) null));
            for (int i = 0; i < ins.length; i++) {
                while (avformat.av_read_frame(ins[i], pkt) >= 0) {
                    int o = -1;
                    for (int k = 0; k < streams.length; k++) {
                        if (streams[k][0] == i && streams[k][1] == pkt.stream_index()) {
                            o = k;
                        }
                    }
                    if (o < 0) {
                        avcodec.av_packet_unref(pkt);
                        continue;
                    }
                    avcodec.av_packet_rescale_ts(pkt, ins[i].streams(pkt.stream_index()).time_base(),
                            oc.streams(o).time_base());
                    pkt.stream_index(o);
                    pkt.pos(-1);
                    check(avformat.av_interleaved_write_frame(oc, pkt));
                }
            }
            check(avformat.av_write_trailer(oc));
        } finally {
            avcodec.av_packet_free(pkt);
            for (AVFormatContext ic : ins) {
                if (ic != null) {
                    avformat.avformat_close_input(ic);
                }
            }
            if (oc.pb() != null) {
                avformat.avio_closep(oc.pb());
            }
            avformat.avformat_free_context(oc);
        }
    }

    private static void check(int ret) throws java.io.IOException {
        if (ret < 0) {
            throw new java.io.IOException("FFmpeg error " + ret);
        }
    }
}
