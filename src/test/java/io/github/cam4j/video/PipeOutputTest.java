package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.cam4j.cli.CliRun;
import io.github.cam4j.data.FileKinds;
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

    /**
     * A FIFO no program reads: the run says once that it waits for a reader, and a stop ends the wait at once, nothing
     * written. FFmpeg's own open of the pipe waited in the system's open(), with nothing said, and a stop did not reach
     * it: Ctrl-C waited out the command's 30 s ("did not stop within 30 s of the signal").
     */
    @Test
    void aFifoNoProgramReadsIsSaidAndAStopEndsTheWait() throws Exception {
        Path in = AudioCopyTest.flashClip(tmp.resolve("unread-in.mp4"), "mp4", avcodec.AV_CODEC_ID_AAC, 0.4, 0.2);
        Path fifo = fifo("unread.mp4");
        VideoPipeline pipeline = VideoPipeline.builder().setTranscodeOnly().build();
        java.util.List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CompletableFuture<Throwable> ended = new java.util.concurrent.CompletableFuture<>();
        Thread run = new Thread(() -> {
            try {
                pipeline.run(VideoInput.file(in), fifo, new VideoListener() {
                    @Override
                    public void noticed(String message) {
                        notices.add(message);
                    }
                });
                ended.complete(null);
            } catch (Throwable t) {
                ended.complete(t);
            }
        }, "unread-fifo-run");
        // Left in FFmpeg's open by the code before this, it must not keep the test JVM running.
        run.setDaemon(true);
        run.start();
        String waiting = "video " + fifo + " is a named pipe that no program reads yet: waiting for one to open it (a "
                + "player, e.g. ffplay " + io.github.cam4j.ShellWords.quote(fifo.toString()) + ")";
        // Bounds against a hang, not timings: the note comes after PipeReader.NOTE_AFTER_MILLIS.
        for (int i = 0; i < 600 && !notices.contains(waiting); i++) {
            Thread.sleep(100);
        }
        assertTrue(notices.contains(waiting), notices.toString());
        pipeline.cancel();
        Throwable t = ended.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(t instanceof VideoException, String.valueOf(t));
        assertEquals("video " + in + ": stopped before its first frame was written; nothing was written",
                t.getMessage());
        assertEquals(1, notices.stream().filter(waiting::equals).count(), "said once: " + notices);
        assertTrue(FileKinds.isFifo(fifo), "the pipe is left as it was");
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
