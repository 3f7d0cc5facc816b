package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cli.CliProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop (Ctrl-C, {@link VideoPipeline#cancel()}) while a named pipe's writer has stalled, open but sending nothing.
 * The run waited for its decoding thread, blocked in the pipe's read inside FFmpeg: Ctrl-C hung 30 s, said nothing,
 * and left a 48-byte mp4 that did not play (audit F4).
 *
 * <p>The bounds on how soon a stopped run ends (15 s, 20 s for the command) are far above what it takes (the run
 * gives a stalled read {@value VideoPipeline#STALLED_READ_MILLIS} ms, then closes its file), for a loaded machine; the
 * old run did not end before the writer was released, after the assertion, and the command gave up only after 30 s.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StalledPipeTest {
    private static final int FRAMES = 100;
    /** The part of the stream written before the writer stalls: well past its header, short of its end. */
    private static final double SENT = 0.6;

    static byte[] stream;

    @TempDir
    Path tmp;
    private final List<StallingWriter> writers = new ArrayList<>();

    @BeforeAll
    static void stream() throws Exception {
        stream = LiveStreams.matroska(FRAMES);
    }

    /** Writers still stalling are released: their pipes end, and what reads them returns. */
    @AfterEach
    void release() throws Exception {
        for (StallingWriter w : writers) {
            w.close();
        }
    }

    /**
     * Stopped while its decoder waits in the stalled pipe's read, the run ends without that read: the frames it had
     * are written and the file closed, and the run says it was stopped. The pipe, a live input, is written in
     * fragments unless told otherwise.
     */
    @Test
    void aStopGoesOnWithoutAStalledRead() throws Exception {
        Path fifo = fifo("stall.fifo");
        writers.add(new StallingWriter(fifo, Arrays.copyOf(stream, (int) (stream.length * SENT))));
        Path out = tmp.resolve("stopped.mp4");
        VideoPipeline pipeline = VideoPipeline.builder().setTranscodeOnly().build();
        assertTrue(pipeline.fragments(VideoInput.file(fifo)), "a pipe is written in fragments by default");
        assertFalse(pipeline.fragments(VideoInput.file(tmp)), "a file is not");
        assertFalse(VideoPipeline.builder().setTranscodeOnly().optFragmented(false).build()
                .fragments(VideoInput.file(fifo)), "unless told");
        AtomicLong written = new AtomicLong();
        BackgroundRun background = BackgroundRun.start(pipeline, fifo, out, new VideoListener() {
            @Override
            public void written(long frames) {
                written.set(frames);
            }
        }, "run-on-stalled-pipe");
        Thread run = background.thread();
        awaitStall(written, run);
        pipeline.cancel(); // once, as a program's stop button does
        run.join(15_000);
        assertFalse(run.isAlive(), "the stopped run waited for the stalled pipe's read");
        assertTrue(background.ended() instanceof VideoSummary, String.valueOf(background.ended()));
        VideoSummary s = (VideoSummary) background.ended();
        assertTrue(s.cancelled(), "said to be stopped early");
        assertTrue(s.frames() > 0 && s.frames() < FRAMES, s.frames() + " frames");
        assertEquals(s.frames(), TestVideos.countFrames(out), "every frame written plays");
        assertNotEquals(Mp4Fragments.Layout.PLAIN, Mp4Fragments.of(out), "written in fragments");
    }

    /**
     * Stopped while FFmpeg's open waits for the first bytes of a pipe whose writer opened it and sends nothing, the run
     * ends without that open, saying so; nothing is written. Letting an open go that waits for a writer (opening the
     * pipe to write, and closing it) does not reach this one: the writer that is there keeps the pipe open.
     */
    @Test
    void aStopGoesOnWithoutAnOpenWhoseWriterSendsNothing() throws Exception {
        Path fifo = fifo("silent.fifo");
        StallingWriter writer = new StallingWriter(fifo, new byte[0]);
        writers.add(writer);
        Path out = tmp.resolve("never.mp4");
        VideoPipeline pipeline = VideoPipeline.builder().setTranscodeOnly().build();
        BackgroundRun background = BackgroundRun.start(pipeline, fifo, out, VideoListener.NONE, "run-on-silent-pipe");
        Thread run = background.thread();
        // The writer's open returns once FFmpeg has opened the pipe to read: the run is in its open.
        assertTrue(writer.awaitReader(60), "the run opens the pipe");
        pipeline.cancel();
        run.join(15_000);
        assertFalse(run.isAlive(), "the stopped run waited for the open of a pipe that sends nothing");
        assertTrue(background.ended() instanceof VideoException, String.valueOf(background.ended()));
        assertEquals("video " + fifo + ": stopped before its first frame was written (while it was being opened); "
                + "nothing was written", ((VideoException) background.ended()).getMessage());
        assertFalse(Files.exists(out));
        // The writer ends: the open left behind returns, and lets go of JavaCV's lock.
        writer.close();
        assertJavaCvFree();
    }

    /**
     * Stopped once while its pipe has no writer, the run ends, and its open does not stay behind: JavaCV opens a file a
     * second time when FFmpeg's first open fails (as the pipe's end, which lets the first go, makes it), and that
     * second open waited for a writer for ever, holding JavaCV's lock on opening and closing any video in the JVM.
     */
    @Test
    void aStopWithNoWriterLeavesNoOpenBehind() throws Exception {
        Path fifo = fifo("nobody.fifo");
        VideoPipeline pipeline = VideoPipeline.builder().setTranscodeOnly().build();
        BackgroundRun background = BackgroundRun.start(pipeline, fifo, tmp.resolve("none.mp4"), VideoListener.NONE,
                "run-on-unwritten-pipe");
        Thread run = background.thread();
        // A cancel before the run has begun is none: asked until it is running, then once.
        while (run.isAlive() && !pipelineRunning(pipeline)) {
            Thread.sleep(10);
        }
        pipeline.cancel();
        run.join(15_000);
        assertFalse(run.isAlive(), "the stopped run waited for its pipe's writer");
        assertTrue(background.ended() instanceof VideoException, String.valueOf(background.ended()));
        assertJavaCvFree();
    }

    /** @return whether the pipeline's run has begun ({@code running}, read as the pipeline keeps it) */
    private static boolean pipelineRunning(VideoPipeline pipeline) throws Exception {
        java.lang.reflect.Field running = VideoPipeline.class.getDeclaredField("running");
        running.setAccessible(true);
        return ((java.util.concurrent.atomic.AtomicBoolean) running.get(pipeline)).get();
    }

    /**
     * JavaCV starts and releases grabbers and recorders under one lock (its {@code avcodec} class); an open left
     * waiting for ever holds it, and every later video in the JVM waits. 10 s: a lock held by an open that is returning.
     */
    private static void assertJavaCvFree() throws InterruptedException {
        Thread t = new Thread(() -> {
            synchronized (org.bytedeco.ffmpeg.global.avcodec.class) {
                // taken and given back
            }
        }, "javacv-lock");
        t.setDaemon(true);
        t.start();
        t.join(10_000);
        assertFalse(t.isAlive(), "JavaCV's lock is held by an open left behind");
    }

    /**
     * The command as the audit ran it: launched (it runs itself again in a child JVM), reading a pipe whose writer
     * stalls, and sent SIGINT to its process group as a terminal's Ctrl-C is. It ends promptly, says what it wrote, and
     * that plays. It hung 30 s, said nothing, and left 48 bytes that did not play.
     */
    @Test
    void ctrlCWhileThePipeStallsEndsTheCommandWithAVideoThatPlays() throws Exception {
        Path fifo = fifo("command.fifo");
        StallingWriter writer = new StallingWriter(fifo, Arrays.copyOf(stream, (int) (stream.length * SENT)));
        writers.add(writer);
        Path out = tmp.resolve("command.mp4");
        Path said = tmp.resolve("stdout.txt");
        // A terminal's foreground command takes Ctrl-C; a test run started in the background by a non-interactive
        // shell (`mvn test &`, as a script or a CI runner may) inherits SIGINT ignored, and a JVM started so never
        // hears it: the command ran on and the test failed at its wait. env resets SIGINT for the launcher as a
        // terminal's shell does, so the test checks cam4j, not how its own JVM was started.
        List<String> command = new ArrayList<>(List.of("setsid", "env", "--default-signal=INT"));
        command.addAll(CliProcess.command("video", "--model", VideoPipelineTest.MODEL.toString(), fifo.toString(),
                "--out", out.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(said.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        // Unset, so that the launcher runs the command in a child JVM, as it does for a user.
        pb.environment().remove("TF_ENABLE_ONEDNN_OPTS");
        pb.environment().remove("TF_CPP_MIN_LOG_LEVEL");
        Process launcher = pb.start();
        try {
            assertTrue(writer.awaitReader(120), "the command opens the pipe");
            // The recorder creates the output with the first frame written; the rest of what was sent follows.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(out) && launcher.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(out), "the run writes");
            Thread.sleep(3000);
            // setsid made the launcher its process group's leader: the group is the launcher and its child.
            Process kill = new ProcessBuilder("kill", "-INT", "--", "-" + launcher.pid()).inheritIO().start();
            assertEquals(0, kill.waitFor());
            assertTrue(launcher.waitFor(20, TimeUnit.SECONDS), "the command ends promptly on Ctrl-C");
            String stdout = Files.readString(said);
            assertTrue(stdout.contains("; stopped early, the video plays up to there"), stdout);
            assertTrue(TestVideos.countFrames(out) > 0, "what was written plays");
        } finally {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    /** Waits until the run has written frames and, for a second, no more: its decoder waits for bytes that do not come. */
    private static void awaitStall(AtomicLong written, Thread run) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long seen = -1;
        long since = System.nanoTime();
        while (run.isAlive() && System.nanoTime() < deadline) {
            long now = written.get();
            if (now != seen) {
                seen = now;
                since = System.nanoTime();
            } else if (now > 0 && System.nanoTime() - since > TimeUnit.SECONDS.toNanos(1)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the run wrote " + written.get() + " frames and " + (run.isAlive() ? "went on"
                : "ended") + " before the pipe stalled");
    }

    private Path fifo(String name) throws Exception {
        Path fifo = tmp.resolve(name);
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        return fifo;
    }
}
