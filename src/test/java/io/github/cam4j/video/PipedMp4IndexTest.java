package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cli.CliProcess;
import io.github.cam4j.testing.LoopbackServer;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An mp4 whose index (moov) is at its end, as the mp4 muxer writes it, read from a pipe: FFmpeg reads through its
 * frames to find the index and cannot go back to them. It failed as "holds no video frames" (after a note about its
 * audio) or "its video stream cannot be decoded", which sent the user looking for a damaged file (audit F5). The same
 * file with its index first (faststart) is read from a pipe as before.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PipedMp4IndexTest {
    /** Enough noisy frames at 2 Mb/s (about 0.5 MB) to outgrow FFmpeg's read buffer, which holds a small file whole. */
    private static final int FRAMES = 50;
    private static final String WHY = " is an mp4 whose index (moov) is at its end, which cannot be read from a pipe: "
            + "give the file by name, or remux it with ffmpeg -i in.mp4 -c copy -movflags +faststart out.mp4";

    @TempDir
    static Path shared;
    static Path indexAtEnd;
    static Path faststart;

    @TempDir
    Path tmp;

    @BeforeAll
    static void clips() throws Exception {
        indexAtEnd = shared.resolve("index-at-end.mp4");
        faststart = shared.resolve("faststart.mp4");
        LiveStreams.mp4(indexAtEnd, FRAMES, false);
        LiveStreams.mp4(faststart, FRAMES, true);
        assertTrue(Files.size(indexAtEnd) > 256 * 1024, "larger than FFmpeg's read buffer: " + Files.size(indexAtEnd));
    }

    /**
     * The same file at a URL whose server answers no range request (the JDK's HttpServer, as Python's http.server):
     * FFmpeg cannot go back either, and the message said "cannot be read from a pipe: give the file by name", a pipe
     * and a file the user never gave.
     */
    @Test
    void anMp4WithItsIndexAtItsEndAtAUrlThatCannotSeekIsSaidToBeOne() throws Exception {
        byte[] bytes = Files.readAllBytes(indexAtEnd);
        com.sun.net.httpserver.HttpServer server = LoopbackServer.create("mp4-without-ranges");
        server.createContext("/", x -> {
            // The whole file, whatever Range was asked for, and no Accept-Ranges: a server that cannot seek.
            x.sendResponseHeaders(200, bytes.length);
            try (OutputStream body = x.getResponseBody()) {
                body.write(bytes);
            } catch (java.io.IOException e) {
                // FFmpeg stopped reading: it has what it needed.
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/end.mp4?a=1";
            Path out = tmp.resolve("url-end.mp4");
            VideoException e = assertThrows(VideoException.class, () -> VideoPipeline.builder().setTranscodeOnly()
                    .build().run(VideoInput.url(url), out, VideoListener.NONE));
            assertEquals("video " + url + " is an mp4 whose index (moov) is at its end, which cannot be read from a "
                    + "server that does not let FFmpeg seek (no range requests): download it first, or remux it with "
                    + "ffmpeg -i in.mp4 -c copy -movflags +faststart out.mp4", e.getMessage());
            assertFalse(Files.exists(out));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anMp4WithItsIndexAtItsEndIsSaidToBeOneThroughAPipe() throws Exception {
        Path fifo = fifo("end.fifo");
        try (StallingWriter w = new StallingWriter(fifo, Files.readAllBytes(indexAtEnd), false)) {
            Path out = tmp.resolve("end.mp4");
            VideoException e = assertThrows(VideoException.class, () -> VideoPipeline.builder().setTranscodeOnly()
                    .build().run(VideoInput.file(fifo), out, VideoListener.NONE));
            assertEquals("video " + fifo + WHY, e.getMessage());
            assertFalse(Files.exists(out));
        }
    }

    @Test
    void aFaststartMp4IsReadThroughAPipe() throws Exception {
        Path fifo = fifo("faststart.fifo");
        try (StallingWriter w = new StallingWriter(fifo, Files.readAllBytes(faststart), false)) {
            Path out = tmp.resolve("faststart-out.mp4");
            VideoSummary s = VideoPipeline.builder().setTranscodeOnly().build().run(VideoInput.file(fifo), out,
                    VideoListener.NONE);
            assertEquals(FRAMES, s.frames());
            assertEquals(FRAMES, TestVideos.countFrames(out));
        }
    }

    /**
     * {@code cat in.mp4 | cam4j video ... -}: one line, naming the standard input as the user gave it; no note about
     * the audio before it.
     */
    @Test
    void theCommandSaysItInOneLine() throws Exception {
        Path out = tmp.resolve("stdin.mp4");
        ProcessBuilder pb = new ProcessBuilder(CliProcess.command("video", "--model",
                VideoPipelineTest.MODEL.toString(), "-", "--out", out.toString()));
        // Unset, so that the launcher runs the command in a child JVM and filters TensorFlow's native log lines.
        pb.environment().remove("TF_ENABLE_ONEDNN_OPTS");
        pb.environment().remove("TF_CPP_MIN_LOG_LEVEL");
        Path err = tmp.resolve("stderr.txt");
        pb.redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        Thread feed = new Thread(() -> {
            try (OutputStream in = p.getOutputStream()) {
                in.write(Files.readAllBytes(indexAtEnd));
            } catch (java.io.IOException e) {
                // The command stopped reading: it has said why.
            }
        }, "stdin-feed");
        feed.setDaemon(true);
        feed.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the command ends");
        List<String> lines = Files.readAllLines(err).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        assertEquals(List.of("cam4j: error: video - (standard input)" + WHY), lines);
        assertEquals(1, p.exitValue());
    }

    private Path fifo(String name) throws Exception {
        Path fifo = tmp.resolve(name);
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        return fifo;
    }
}
