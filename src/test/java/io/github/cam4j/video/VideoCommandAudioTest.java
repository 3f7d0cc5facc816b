package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.junit.jupiter.api.Test;

/** {@code cam4j video --audio}: what the output's audio is ({@link AudioMode}), as the command line asks. */
class VideoCommandAudioTest {
    @org.junit.jupiter.api.io.TempDir
    static Path tmp;

    /**
     * --audio copy of PCM, which an mp4 does not hold, is refused in one line naming the codec and the option, before
     * the model loads: nothing is written. A mistyped mode is a usage error.
     */
    @Test
    void copyOfAudioTheMp4CannotHoldIsRefusedBeforeTheModelLoads() throws Exception {
        Path in = AudioCopyTest.flashClip(tmp.resolve("cli-pcm.mkv"), "matroska", avcodec.AV_CODEC_ID_PCM_S16LE, 1.0, 0.5);
        Path out = tmp.resolve("cli-pcm-copy.mp4");
        CliRun r = CliRun.of("video", "--model", VideoPipelineTest.MODEL.toString(), in.toString(), "--out",
                out.toString(), "--audio", "copy");
        assertEquals(1, r.exitCode(), r.err());
        String line = r.err().strip();
        assertFalse(line.contains("\n"), line);
        assertTrue(line.startsWith("cam4j: error: cannot copy the audio of " + in + " (pcm_s16le): an mp4 does not "
                + "hold pcm_s16le"), line);
        assertTrue(line.contains("--audio"), line);
        assertFalse(Files.exists(out), "nothing written");

        CliRun typo = CliRun.of("video", "--model", VideoPipelineTest.MODEL.toString(), in.toString(), "--out",
                out.toString(), "--audio", "mp3");
        assertEquals(2, typo.exitCode(), typo.err());
        assertTrue(typo.err().contains("--audio 'mp3' is not one of auto, copy, aac, none"), typo.err());
    }

    /**
     * An output FFmpeg cannot open, a name longer than the file system takes, is said in FFmpeg's words alone: while
     * the audio was to be copied, "(copying its aac audio; --audio aac re-encodes it instead)" followed, a remedy that
     * changes nothing for a file that cannot be made.
     */
    @Test
    void anOutputFfmpegCannotOpenIsNotBlamedOnTheAudioCopy() throws Exception {
        Path in = AudioCopyTest.flashClip(tmp.resolve("long-name.mp4"), "mp4", avcodec.AV_CODEC_ID_AAC, 1.0, 0.5);
        Path out = tmp.resolve("x".repeat(300) + ".mp4");
        CliRun r = CliRun.of("video", "--model", VideoPipelineTest.MODEL.toString(), in.toString(), "--out",
                out.toString(), "--audio", "copy");
        assertEquals(1, r.exitCode(), r.err());
        String line = r.err().strip();
        assertTrue(line.startsWith("cam4j: error: cannot write video " + out + ": FFmpeg cannot create it: "), line);
        assertTrue(line.contains("File name too long"), line);
        assertFalse(line.contains("audio"), line);
    }

    /**
     * --audio copy of an MPEG-TS file reads its sound through once for a change of AAC's rate or channels midway: the
     * check before the model loads and the run read it twice (a second pass over the file's bytes each). So does a
     * library caller that checks, then runs, the same input; a file changed since is read again.
     */
    @Test
    void copyFromMpegTsReadsItsSoundThroughOnce() throws Exception {
        Path in = AudioCopyTest.flashClip(tmp.resolve("ts-copy.ts"), "mpegts", avcodec.AV_CODEC_ID_AAC, 1.0, 0.5);
        Path out = tmp.resolve("ts-copy.mp4");
        long before = AudioPackets.READS_TO_END.get();
        CliRun r = CliRun.of("video", "--model", VideoPipelineTest.MODEL.toString(), in.toString(), "--out",
                out.toString(), "--audio", "copy", "--max-frames", "3");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(1, AudioPackets.READS_TO_END.get() - before, "reads of the sound to its end");
        assertEquals("aac", AudioCopyTest.packets(out).codec(), "copied");

        before = AudioPackets.READS_TO_END.get();
        VideoPipeline.checkAudio(VideoInput.file(in), AudioMode.COPY);
        AudioCopyTest.run(AudioCopyTest.transcode().optAudio(AudioMode.COPY).optOverwrite(true).build(), in, out);
        assertEquals(2, AudioPackets.READS_TO_END.get() - before, "another input of the same file reads it again");
        VideoInput input = VideoInput.file(in);
        before = AudioPackets.READS_TO_END.get();
        VideoPipeline.checkAudio(input, AudioMode.COPY);
        VideoPipeline.builder().setTranscodeOnly().optAudio(AudioMode.COPY).optOverwrite(true).build().run(input, out,
                VideoListener.NONE);
        assertEquals(1, AudioPackets.READS_TO_END.get() - before, "the same input: once");
        Files.setLastModifiedTime(in, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(in).toMillis() - 10_000));
        before = AudioPackets.READS_TO_END.get();
        VideoPipeline.checkAudio(input, AudioMode.COPY);
        assertEquals(1, AudioPackets.READS_TO_END.get() - before, "the file changed: read again");
    }

    /** --audio none writes no audio track; by default the AAC input's audio is copied, byte for byte. */
    @Test
    void noneWritesNoAudioAndTheDefaultCopies() throws Exception {
        Path in = AudioCopyTest.flashClip(tmp.resolve("cli-aac.mp4"), "mp4", avcodec.AV_CODEC_ID_AAC, 1.0, 0.5);
        Path none = tmp.resolve("cli-none.mp4");
        CliRun r = CliRun.of("video", "--model", VideoPipelineTest.MODEL.toString(), in.toString(), "--out",
                none.toString(), "--audio", "none", "--max-frames", "5");
        assertEquals(0, r.exitCode(), r.err());
        assertNull(AudioCopyTest.packets(none).codec(), "no audio track");
        assertEquals(5, TestVideos.countFrames(none));

        Path copied = tmp.resolve("cli-copied.mp4");
        CliRun c = CliRun.of("video", "--model", VideoPipelineTest.MODEL.toString(), in.toString(), "--out",
                copied.toString());
        assertEquals(0, c.exitCode(), c.err());
        AudioCopyTest.assertCopied(in, copied);
    }
}
