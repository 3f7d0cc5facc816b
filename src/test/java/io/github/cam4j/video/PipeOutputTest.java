package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.cam4j.cli.CliRun;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A named pipe (FIFO) as {@code cam4j video --out}, read by another program as a user pipes one ({@code mkfifo
 * out.mp4; player < out.mp4}): it can only take a fragmented mp4, which is written there by default.
 */
class PipeOutputTest {
    @TempDir
    static Path tmp;

    /**
     * An input with AAC sound, copied, written to a FIFO without --force: the reader gets an mp4 holding every frame
     * and the sound. A
     * plain mp4 had been tried, and FFmpeg's "Could not write header" was blamed on the copied audio ("--audio aac
     * re-encodes it instead", which failed the same).
     */
    @Test
    void aFifoOutIsWrittenAsAFragmentedMp4WithItsCopiedSound() throws Exception {
        Path in = AudioCopyTest.flashClip(tmp.resolve("sound.mp4"), "mp4", avcodec.AV_CODEC_ID_AAC, 1.0, 0.5);
        Path fifo = fifo("piped.mp4");
        Path received = tmp.resolve("received.mp4");
        Thread reader = reader(fifo, received);
        // Without --force: a named pipe is written to, not replaced (it was refused as "already exists").
        CliRun r = CliRun.of("video", "--model", VideoPipelineTest.MODEL.toString(), in.toString(), "--out",
                fifo.toString());
        release(fifo, reader);
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("wrote " + fifo + ": 25 frames (25 explained)"), r.out());
        assertEquals(25, TestVideos.countFrames(received));
        assertEquals("aac", AudioCopyTest.packets(received).codec(), "the sound copied");
        assertNotEquals(Mp4Fragments.Layout.PLAIN, Mp4Fragments.of(received));
    }

    /**
     * --no-fragmented with a FIFO --out is refused in one line naming the pipe and the option, before anything is
     * written; the library refuses it too, naming its setting.
     */
    @Test
    void aPlainMp4ForAFifoIsRefusedNamingTheOption() throws Exception {
        Path in = AudioCopyTest.flashClip(tmp.resolve("plain-sound.mp4"), "mp4", avcodec.AV_CODEC_ID_AAC, 0.4, 0.2);
        Path fifo = fifo("plain.mp4");
        Path received = tmp.resolve("plain-received.mp4");
        Thread reader = reader(fifo, received);
        CliRun r = CliRun.of("video", "--model", VideoPipelineTest.MODEL.toString(), in.toString(), "--out",
                fifo.toString(), "--force", "--no-fragmented");
        release(fifo, reader);
        assertEquals(1, r.exitCode(), r.err());
        String why = "cannot write video " + fifo + " as a plain mp4: it is a FIFO (named pipe), written once in "
                + "order, and a plain mp4's muxer goes back to write its index at the end; ";
        assertEquals("cam4j: error: " + why + "drop --no-fragmented (such an output is written fragmented) or write "
                + "to a file", r.err().strip());
        assertEquals(0, Files.size(received), "nothing written");

        VideoSettingException e = assertThrows(VideoSettingException.class,
                () -> VideoPipeline.builder().setTranscodeOnly().optFragmented(false).optOverwrite(true).build()
                        .run(VideoInput.file(in), fifo, VideoListener.NONE));
        assertEquals(why + "write it fragmented (VideoPipeline.Builder.optFragmented(true), the default for such an "
                + "output) or to a file", e.getMessage());
        assertFalse(VideoPipeline.builder().setTranscodeOnly().build().fragments(VideoInput.file(in),
                tmp.resolve("file.mp4")), "a file is written plain");
        assertTrue(VideoPipeline.builder().setTranscodeOnly().build().fragments(VideoInput.file(in), fifo));
    }

    private static Path fifo(String name) throws Exception {
        assumeTrue(System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux"),
                "mkfifo: Linux only");
        Path fifo = tmp.resolve(name);
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        return fifo;
    }

    /** @return a thread reading the pipe to its end into {@code to}, as a player reading it would */
    private static Thread reader(Path fifo, Path to) {
        Thread t = new Thread(() -> {
            try (InputStream in = Files.newInputStream(fifo); OutputStream out = Files.newOutputStream(to)) {
                in.transferTo(out);
            } catch (java.io.IOException e) {
                // What was received is checked.
            }
        }, "fifo-reader");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Lets the reader go when the run never opened the pipe (the reader's open waits for a writer), and waits for it
     * to have read everything.
     */
    private static void release(Path fifo, Thread reader) throws Exception {
        reader.join(2000);
        if (reader.isAlive()) {
            try (OutputStream nothing = Files.newOutputStream(fifo, java.nio.file.StandardOpenOption.WRITE)) {
                // Closed at once: the reader reads the pipe's end.
            }
        }
        reader.join(10_000);
        assertFalse(reader.isAlive(), "the reader ended");
    }
}
