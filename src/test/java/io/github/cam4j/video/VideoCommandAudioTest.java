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
