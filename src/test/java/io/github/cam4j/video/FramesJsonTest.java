package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cam4j.cli.CliRun;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.render.Box;
import io.github.cam4j.testing.SharedData;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cam4j video --frames-json FILE}: what was explained in each frame, as JSON Lines a program reads (the
 * annotated video says it to people only).
 */
class FramesJsonTest {
    @TempDir
    static Path tmp;

    static Path clip;
    static TestVideos.Truth truth;

    /** 40 frames, 320x240, a 56-pixel MNIST digit gliding across black, a new digit every so often. */
    @BeforeAll
    static void clip() throws Exception {
        clip = tmp.resolve("clip.mp4");
        truth = TestVideos.movingDigits(clip, Dataset.open(SharedData.mnist()).test(), 320, 240, 40, 2, false, 25,
                false);
    }

    /** @return each line of a JSON Lines file ({@code --frames-json}), parsed, in order */
    static List<JsonNode> lines(Path file) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            lines.add(mapper.readTree(line));
        }
        return lines;
    }

    /**
     * One line per frame, in order, saying what the annotated frame shows: the model ran on every second frame
     * ({@code --every 2}), and the hottest point lies on the moving digit in at least 90 % of frames, issue #5's
     * criterion for the video (on this clip, as on the tests' others, every frame's does).
     */
    @Test
    void eachFrameIsALineInOrderAndItsPeakLiesOnTheDigit() throws Exception {
        Path out = tmp.resolve("explained.mp4");
        Path json = tmp.resolve("frames.jsonl");
        CliRun r = CliRun.of("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                out.toString(), "--every", "2", "--frames-json", json.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("what each frame showed in " + json + " (JSON Lines)"), r.out());
        List<JsonNode> lines = lines(json);
        assertEquals(40, lines.size());
        assertEquals(40, TestVideos.countFrames(out));
        List<Long> shown = OutputTimingTest.frameMicros(out);
        int onDigit = 0;
        int named = 0;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            assertEquals(i, line.get("frame").asLong(), line.toString());
            // Where the written video shows the frame, as FFmpeg reads it back: 25 fps, so i / 25 s. Within 1 ms: the
            // file's clock ticks are 1/12800 s and times are read back in whole microseconds.
            assertEquals(shown.get(i) / 1e6, line.get("time").asDouble(), 1e-3, line.toString());
            assertEquals(i / 25.0, line.get("time").asDouble(), 1e-3, line.toString());
            assertEquals(i % 2 == 0, line.get("fresh").asBoolean(), line.toString());
            assertEquals(line.get("label").asText(), String.valueOf(line.get("class").asInt()), line.toString());
            double p = line.get("probability").asDouble();
            assertTrue(p > 0 && p <= 1, line.toString());
            assertEquals("{\"x\":0,\"y\":0,\"width\":320,\"height\":240}", line.get("region").toString());
            Box digit = truth.boxes().get(i);
            if (line.get("evidence").asBoolean()) {
                int x = line.get("peak_xy").get(0).asInt();
                int y = line.get("peak_xy").get(1).asInt();
                onDigit += x >= digit.x() && x < digit.x() + digit.width() && y >= digit.y()
                        && y < digit.y() + digit.height() ? 1 : 0;
                JsonNode box = line.get("box");
                assertTrue(box.get("width").asInt() > 0 && box.get("height").asInt() > 0, line.toString());
            } else {
                assertTrue(line.get("peak_xy").isNull() && line.get("box").isNull(), line.toString());
            }
            named += line.get("class").asInt() == truth.labels().get(i) ? 1 : 0;
        }
        assertTrue(onDigit >= 36, onDigit + " of 40 peaks on the digit");
        // What the captions say: the model names the digit it sees (not the criterion; a floor, not a target).
        assertTrue(named >= 30, named + " of 40 frames named right");
    }

    /**
     * A variable-rate video (a phone's, a screen recording: 10 frames a second for 10 s, then 30 for 3 s) keeps each
     * frame's time, and each line says it: {@code frame / fps} would put the last frame at 13.1 s by the average rate
     * (190 frames over 13 s) where the video shows it at 12.97 s. Within 0.1 ms of the written video's times as FFmpeg
     * reads them back (its clock ticks are 65 microseconds, read in whole ones).
     */
    @Test
    void eachLineSaysWhereAVariableRateVideoShowsItsFrame() throws Exception {
        Path rising = tmp.resolve("rising.mp4");
        try (Mat digit = TestVideos.canvas(Dataset.open(SharedData.mnist()).test(), 0, 160, 120, new Box(40, 30, 56,
                56), false)) {
            TestVideos.risingRate(rising, digit);
        }
        Path out = tmp.resolve("rising-explained.mp4");
        Path json = tmp.resolve("rising.jsonl");
        CliRun run = CliRun.of("video", "--model", VideoPipelineTest.MODEL.toString(), rising.toString(), "--out",
                out.toString(), "--frames-json", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<JsonNode> lines = lines(json);
        List<Long> shown = OutputTimingTest.frameMicros(out);
        assertEquals(190, lines.size());
        assertEquals(190, shown.size());
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(shown.get(i) / 1e6, lines.get(i).get("time").asDouble(), 1e-4, lines.get(i).toString());
        }
        assertEquals(9.9, lines.get(99).get("time").asDouble(), 1e-3, "the 100th frame, the last at 10 fps");
        assertEquals(10.0, lines.get(100).get("time").asDouble(), 1e-3, "the first at 30 fps");
        assertEquals(389 / 30.0, lines.get(189).get("time").asDouble(), 1e-3, "the last");
    }

    /**
     * Under smoothing ({@code --smooth 0.3}) a blank frame after a digit is drawn with the digit's fading map but
     * captioned "no evidence", without box or cross: its line says the same, evidence false and no peak or window. It
     * said evidence true, class 0 at p 0.100 (the first of ten equal probabilities), the peak of the fading map at
     * [x, y], a point the frame does not show, and a window in the frame's corner.
     */
    @Test
    void aBlankFrameUnderSmoothingIsALineWithoutEvidence() throws Exception {
        Path json = tmp.resolve("blank.jsonl");
        try (io.github.cam4j.cam.CamSession cam = io.github.cam4j.cam.CamSession.builder()
                        .setModel(VideoPipelineTest.MODEL).build();
                VideoExplainer explainer = VideoExplainer.builder().setSession(cam).optSmoothing(0.3).build();
                Mat digit = TestVideos.canvas(Dataset.open(SharedData.mnist()).test(), 0, 320, 240,
                        new Box(130, 90, 56, 56), false);
                Mat black = new Mat(240, 320, org.bytedeco.opencv.global.opencv_core.CV_8UC3,
                        new org.bytedeco.opencv.opencv_core.Scalar(0.0));
                FramesJsonLines lines = new FramesJsonLines(json)) {
            FrameExplanation seen = explainer.explain(digit);
            FrameExplanation blank = explainer.explain(black);
            assertEquals("no evidence", blank.caption(), "drawn so");
            assertTrue(blank.box().isEmpty(), "drawn without a box");
            lines.explained(seen);
            lines.explained(blank);
            // Without smoothing, the same frame's line (its window had been the frame's corner).
            try (VideoExplainer plain = VideoExplainer.builder().setSession(cam).build()) {
                lines.explained(plain.explain(black));
            }
        }
        List<JsonNode> written = lines(json);
        assertTrue(written.get(0).get("evidence").asBoolean(), written.get(0).toString());
        assertFalse(written.get(0).get("peak_xy").isNull(), written.get(0).toString());
        JsonNode line = written.get(1);
        assertFalse(line.get("evidence").asBoolean(), line.toString());
        assertTrue(line.get("box").isNull(), line.toString());
        assertTrue(line.get("peak_xy").isNull(), line.toString());
        assertTrue(line.get("window").isNull(), line.toString());
        JsonNode unsmoothed = written.get(2);
        assertFalse(unsmoothed.get("evidence").asBoolean(), unsmoothed.toString());
        assertTrue(unsmoothed.get("peak_xy").isNull() && unsmoothed.get("window").isNull(), unsmoothed.toString());
    }

    /** An existing file is not replaced without --force, and nothing else is written; with --force it is. */
    @Test
    void anExistingFileIsKeptUnlessForced() throws Exception {
        Path out = tmp.resolve("kept.mp4");
        Path json = tmp.resolve("kept.jsonl");
        Files.writeString(json, "mine\n");
        CliRun refused = CliRun.of("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                out.toString(), "--frames-json", json.toString());
        assertEquals(1, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("--frames-json " + json + " already exists; add --force to overwrite it"),
                refused.err());
        assertEquals("mine\n", Files.readString(json));
        assertFalse(Files.exists(out));
        CliRun forced = CliRun.of("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                out.toString(), "--frames-json", json.toString(), "--force", "--max-frames", "5");
        assertEquals(0, forced.exitCode(), forced.err());
        assertEquals(5, lines(json).size());
    }

    /** The video itself, the input or a folder as --frames-json: a path of the wrong kind, exit 2, nothing written. */
    @Test
    void aPathOfTheWrongKindIsAUsageError() throws Exception {
        Path out = tmp.resolve("wrong.mp4");
        long clipBytes = Files.size(clip);
        for (Path wrong : List.of(out, clip, tmp)) {
            CliRun r = CliRun.of("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                    out.toString(), "--frames-json", wrong.toString(), "--force");
            assertEquals(2, r.exitCode(), wrong + ": " + r.err());
            assertTrue(r.err().contains("--frames-json " + wrong), r.err());
            assertFalse(Files.exists(out), wrong.toString());
            assertEquals(clipBytes, Files.size(clip));
        }
    }

    /**
     * --frames-json clashing with --frames-dir (the folder itself, or a frame PNG's name in it) or given as {@code -}:
     * a usage error naming both, before the model loads, nothing written. The folder was found once a frame was
     * written (exit 1), a frame's name had the PNG and the lines write over each other (exit 0, the lines lost), and
     * {@code -} made a file named '-' in the working folder.
     */
    @Test
    void aPathClashingWithTheFramesOrStandardOutputIsAUsageError() throws Exception {
        Path out = tmp.resolve("clash.mp4");
        Path dir = tmp.resolve("clash-frames");
        for (Path wrong : List.of(dir, dir.resolve("frame-000001.png"))) {
            CliRun r = CliRun.of("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                    out.toString(), "--frames-dir", dir.toString(), "--frames-json", wrong.toString(), "--force",
                    "--max-frames", "3");
            assertEquals(2, r.exitCode(), wrong + ": " + r.err());
            assertTrue(r.err().contains("--frames-json " + wrong) && r.err().contains("--frames-dir " + dir), r.err());
            assertFalse(Files.exists(out), wrong.toString());
            assertFalse(Files.exists(dir), wrong.toString());
        }
        Path dash = Path.of("-");
        assertFalse(Files.exists(dash), "no file named '-' in the working folder before the run");
        try {
            CliRun r = CliRun.of("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                    out.toString(), "--frames-json", "-", "--max-frames", "3");
            assertEquals(2, r.exitCode(), r.err());
            assertTrue(r.err().contains("--frames-json -: standard output is not taken"), r.err());
            assertFalse(Files.exists(dash));
            assertFalse(Files.exists(out));
        } finally {
            Files.deleteIfExists(dash);
        }
    }

    /**
     * A run stopped midway (SIGTERM, as a Ctrl-C is) leaves whole lines, one for each frame the closed video holds, in
     * order from the first: what was said of a frame is there for every frame written, and for none that is not.
     */
    @Test
    void aStoppedRunLeavesALineForEachFrameItsVideoHolds() throws Exception {
        Path longClip = tmp.resolve("long.mp4");
        TestVideos.movingDigits(longClip, Dataset.open(SharedData.mnist()).test(), 160, 120, 1500, 1, false, 25, false);
        Path out = tmp.resolve("stopped.mp4");
        Path json = tmp.resolve("stopped.jsonl");
        Process p = io.github.cam4j.cli.CliProcess.builder(io.github.cam4j.cli.CliProcess.command("video", "--model",
                VideoPipelineTest.MODEL.toString(), longClip.toString(), "--out", out.toString(), "--frames-json",
                json.toString())).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (p.isAlive() && (!Files.exists(json) || Files.size(json) < 20_000) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(p.isAlive(), "the run is still going when it is stopped");
            p.destroy();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertEquals(143, p.exitValue(), "stopped by SIGTERM");
        List<JsonNode> lines = lines(json);
        int frames = TestVideos.countFrames(out);
        assertTrue(frames > 0 && frames < 1500, frames + " frames: stopped midway");
        assertEquals(frames, lines.size(), "a line for each frame the video holds");
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(i, lines.get(i).get("frame").asLong());
        }
    }

    /**
     * A file that cannot be written (a full disk: /dev/full) stops the run with one line naming it, and the video
     * written up to there plays.
     */
    @Test
    void aFileThatCannotBeWrittenStopsTheRunNamingIt() throws Exception {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(full), "needs /dev/full");
        Path out = tmp.resolve("full.mp4");
        CliRun r = CliRun.of("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                out.toString(), "--frames-json", full.toString(), "--force");
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("cam4j: error: cannot write --frames-json /dev/full: No space left on device"),
                r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("cam4j: error:")).count(), r.err());
        assertTrue(TestVideos.countFrames(out) >= 1, "the frames written play");
    }

    /**
     * The library's listener writes one run's frames: a second run given the same object is refused naming the file
     * before its video is written, and the file keeps the first run's lines alone. One FramesJsonLines given to two
     * runs of 5 frames wrote 10 lines, frames 0..4 twice, and both videos.
     */
    @Test
    void aSecondRunThroughOneFileIsRefusedBeforeItsVideo() throws Exception {
        Path json = tmp.resolve("one-run.jsonl");
        Path first = tmp.resolve("one-run-1.mp4");
        Path second = tmp.resolve("one-run-2.mp4");
        try (FramesJsonLines lines = new FramesJsonLines(json)) {
            try (VideoExplainer explainer = VideoExplainer.builder().setModel(VideoPipelineTest.MODEL).build()) {
                VideoPipeline.builder().setExplainer(explainer).optMaxFrames(5).build()
                        .run(VideoInput.file(clip), first, lines);
            }
            try (VideoExplainer explainer = VideoExplainer.builder().setModel(VideoPipelineTest.MODEL).build()) {
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> VideoPipeline.builder().setExplainer(explainer).optMaxFrames(5).build()
                                .run(VideoInput.file(clip), second, lines));
                assertTrue(e.getMessage().startsWith("the FramesJsonLines of " + json + " holds an earlier run's"
                        + " frames: give each run its own"), e.getMessage());
            }
        }
        assertEquals(5, lines(json).size());
        assertFalse(Files.exists(second), "the refused run wrote no video");
    }

    /**
     * One object, one run, even when the first run wrote no frame (stopped or failed before its first): a second run
     * had been taken, since only a written frame marked the object used.
     */
    @Test
    void aSecondRunIsRefusedEvenWhenTheFirstWroteNoFrame() throws Exception {
        Path json = tmp.resolve("no-frame.jsonl");
        try (FramesJsonLines lines = new FramesJsonLines(json)) {
            VideoInfo info = new VideoInfo("clip", 160, 120, 25, 10, 0, 0);
            lines.started(info);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> lines.started(info));
            assertEquals("the FramesJsonLines of " + json + " was given to an earlier run: give each run its own",
                    e.getMessage());
        }
        assertFalse(Files.exists(json), "no frame, no file");
    }

    /**
     * A file in a folder that does not exist is refused naming the folder as the run starts, no video written (the
     * line said "cannot write DIR/f.jsonl: DIR/f.jsonl" once the video had begun, and left a 2925-byte stub of one);
     * a null file is refused by the constructor, naming it (it was taken, and the run failed at its first frame with
     * "Cannot invoke Path.getFileSystem()").
     */
    @Test
    void aMissingFolderOrNoFileIsSaidBeforeTheVideo() throws Exception {
        Path missing = tmp.resolve("no-such-folder");
        Path json = missing.resolve("frames.jsonl");
        Path out = tmp.resolve("missing-folder.mp4");
        try (FramesJsonLines lines = new FramesJsonLines(json);
                VideoExplainer explainer = VideoExplainer.builder().setModel(VideoPipelineTest.MODEL).build()) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> VideoPipeline.builder()
                    .setExplainer(explainer).optMaxFrames(5).build().run(VideoInput.file(clip), out, lines));
            assertEquals("cannot write " + json + ": its folder " + missing + " does not exist", e.getMessage());
        }
        assertFalse(Files.exists(out), "no video begun");
        NullPointerException e = assertThrows(NullPointerException.class, () -> new FramesJsonLines(null));
        assertTrue(e.getMessage().startsWith("file is null"), e.getMessage());
    }
}
