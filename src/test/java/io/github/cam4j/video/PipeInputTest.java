package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cli.CliRun;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.testing.SharedData;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A named pipe (FIFO) as the video input, fed as a user feeds one: {@code mkfifo} and a producer writing Matroska into
 * it as it goes ({@code ffmpeg ... -f matroska - > fifo}), so the stream states no length. It was refused as "not a
 * file".
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PipeInputTest {
    private static final int FRAMES = 12;

    @TempDir
    static Path shared;
    static Path clip;

    @TempDir
    Path tmp;
    private final List<Thread> producers = new ArrayList<>();
    private final List<Path> fifos = new ArrayList<>();

    @BeforeAll
    static void clip() throws Exception {
        clip = shared.resolve("clip.mp4");
        TestVideos.movingDigits(clip, Dataset.open(SharedData.mnist()).test(), 160, 120, FRAMES, 1, true, 25, true);
    }

    /** A producer left waiting for a reader (a test that failed before reading) is let go: its pipe is opened and read. */
    @AfterEach
    void releaseProducers() throws Exception {
        for (int i = 0; i < producers.size(); i++) {
            Thread t = producers.get(i);
            if (t.isAlive()) {
                Thread drain = new Thread(() -> drain(fifos.get(producers.indexOf(t))));
                drain.setDaemon(true);
                drain.start();
                t.join(10_000);
            }
        }
    }

    /**
     * The pipeline reads a pipe through once: every frame is written, and the input's frame count is unknown (no
     * total for the progress bar). The sound comes through too. Nothing opens the pipe a second time: a second reader
     * would have taken bytes from the run's, or waited for a writer that is gone.
     */
    @Test
    void aNamedPipeIsReadAsAStream() throws Exception {
        Path fifo = fifo("clip.fifo");
        AtomicReference<Throwable> failed = produce(fifo);
        assertFalse(VideoInput.file(fifo).canReopen());
        assertTrue(VideoInput.file(clip).canReopen());
        assertFalse(VideoInput.camera(0).canReopen());

        List<VideoInfo> started = new ArrayList<>();
        Path out = tmp.resolve("from-pipe.mp4");
        VideoSummary s = VideoPipeline.builder().setTranscodeOnly().build().run(VideoInput.file(fifo), out,
                new VideoListener() {
                    @Override
                    public void started(VideoInfo info) {
                        started.add(info);
                    }
                });
        producers.get(0).join(10_000);
        assertNull(failed.get(), () -> "the producer: " + failed.get());
        assertEquals(FRAMES, s.frames());
        assertEquals(FRAMES, TestVideos.countFrames(out));
        assertFalse(started.get(0).frameCountKnown(), "a pipe announces no length: " + started.get(0));
        assertTrue(started.get(0).hasAudio(), "its sound is read too");
    }

    /**
     * The command explains a pipe: it does not probe it before the model loads (that probe would take the pipe's start
     * and close it, and the producer would fail on a closed pipe). The frame size is checked when the run opens it.
     */
    @Test
    void theCommandExplainsANamedPipe() throws Exception {
        Path fifo = fifo("command.fifo");
        AtomicReference<Throwable> failed = produce(fifo);
        Path out = tmp.resolve("explained.mp4");
        CliRun r = CliRun.of("video", "--model", VideoPipelineTest.MODEL.toString(), fifo.toString(), "--out",
                out.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertTrue(r.out().startsWith("wrote " + out + ": " + FRAMES + " frames (" + FRAMES + " explained), 160x120"),
                r.out());
        producers.get(0).join(10_000);
        assertNull(failed.get(), () -> "the producer: " + failed.get());
        assertEquals(FRAMES, TestVideos.countFrames(out));
    }

    /**
     * Copying audio reads the input a second time, which a pipe cannot give: asked for a copy, the run refuses in one
     * line naming the pipe and the option that re-encodes it; asked for nothing in particular, its AAC is re-encoded and
     * said to be.
     */
    @Test
    void aPipesAudioIsReencodedNotCopied() throws Exception {
        Path fifo = fifo("copy.fifo");
        produce(fifo);
        VideoException e = assertThrows(VideoException.class, () -> VideoPipeline.builder().setTranscodeOnly()
                .optAudio(AudioMode.COPY).build().run(VideoInput.file(fifo), tmp.resolve("copied.mp4"),
                        new VideoListener() {}));
        assertTrue(e.getMessage().startsWith("cannot copy the audio of " + fifo + " (aac): "), e.getMessage());
        // "copy.fifo is no regular file" read oddly (helper-75).
        assertTrue(e.getMessage().contains(fifo + " is a pipe (read once), and copying reads the input a second time; "
                + "ask for audio auto or aac"), e.getMessage());

        Path again = fifo("auto.fifo");
        produce(again);
        Path out = tmp.resolve("auto.mp4");
        List<String> notices = AudioCopyTest.run(AudioCopyTest.transcode().build(), again, out);
        assertEquals(FRAMES, TestVideos.countFrames(out));
        assertTrue(notices.stream().anyMatch(n -> n.startsWith("audio of " + again + " (aac) is re-encoded as AAC, not"
                + " copied")), notices.toString());
    }

    /** Probing a pipe would empty it of its start: refused at once, naming it, without waiting for a writer. */
    @Test
    void aPipeIsNotProbed() throws Exception {
        Path fifo = fifo("nobody.fifo");
        VideoException e = assertThrows(VideoException.class, () -> VideoInput.file(fifo).probe());
        assertEquals("video " + fifo + " is a named pipe (FIFO), read once: it is not probed before the run, which "
                + "would take its start away from the run", e.getMessage());
    }

    /**
     * A run stopped while its pipe has no writer ends: FFmpeg's open waits for one in the system's open, where no flag
     * is looked at, and a Ctrl-C there hung the command (the shutdown hook waits for the run). The run now ends within
     * a second or so, saying it was stopped while opening, and nothing is written.
     */
    @Test
    void aRunWaitingForAWriterStops() throws Exception {
        Path fifo = fifo("no-writer.fifo");
        Path out = tmp.resolve("never.mp4");
        VideoPipeline pipeline = VideoPipeline.builder().setTranscodeOnly().build();
        BackgroundRun background = BackgroundRun.start(pipeline, fifo, out, VideoListener.NONE, "run-on-pipe");
        Thread run = background.thread();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (run.isAlive() && System.nanoTime() < deadline) {
            // Asked until it ends: a cancel before the run has begun is not one.
            pipeline.cancel();
            run.join(200);
        }
        if (run.isAlive()) {
            // Let the stuck open go, or it holds JavaCV's lock on opening anything for the tests after this one.
            try (java.io.OutputStream release = Files.newOutputStream(fifo, java.nio.file.StandardOpenOption.WRITE)) {
                // nothing written
            }
            run.join(10_000);
            throw new AssertionError("the run waiting for the pipe's writer did not stop");
        }
        assertTrue(background.ended() instanceof VideoException, String.valueOf(background.ended()));
        assertEquals("video " + fifo + ": stopped before its first frame was written (while it was being opened); "
                + "nothing was written", ((VideoException) background.ended()).getMessage());
        assertFalse(Files.exists(out));
    }

    private Path fifo(String name) throws Exception {
        Path fifo = tmp.resolve(name);
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        fifos.add(fifo);
        return fifo;
    }

    /**
     * Starts a producer that writes the clip into the pipe as Matroska written as it goes, to a stream that cannot
     * seek, so no length is in its header. Its bytes are made first: JavaCV opens grabbers and recorders one at a time
     * (under one lock), and a recorder opening the pipe waits for its reader, which would wait for that lock.
     *
     * @return what the producer failed with, once it has
     */
    private AtomicReference<Throwable> produce(Path fifo) throws Exception {
        byte[] stream = liveMatroska();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread t = new Thread(() -> {
            // Opening the pipe to write waits for its reader, as a shell's "> fifo" does.
            try (java.io.OutputStream out = Files.newOutputStream(fifo)) {
                out.write(stream);
            } catch (Throwable e) {
                failed.set(e);
            }
        }, "pipe-producer");
        t.setDaemon(true);
        t.start();
        producers.add(t);
        return failed;
    }

    /** @return the clip as Matroska written to a stream that cannot seek, as {@code ffmpeg -f matroska -} writes it */
    private static byte[] liveMatroska() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(clip.toFile())) {
            g.start();
            try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(bytes, g.getImageWidth(), g.getImageHeight(),
                    g.getAudioChannels())) {
                r.setFormat("matroska");
                r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
                r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                r.setFrameRate(g.getFrameRate());
                r.setSampleRate(g.getSampleRate());
                r.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                r.start();
                for (Frame f; (f = g.grabFrame()) != null; ) {
                    r.record(f);
                }
                r.stop();
            }
        }
        return bytes.toByteArray();
    }

    private static void drain(Path fifo) {
        try (InputStream in = Files.newInputStream(fifo)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (java.io.IOException e) {
            // The producer ends either way.
        }
    }
}
