package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cli.CliRun;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cam4j video} as a user types it. */
class VideoCommandTest {
    @TempDir
    static Path tmp;

    static Path clip;

    @BeforeAll
    static void clip() throws Exception {
        clip = tmp.resolve("clip.mp4");
        TestVideos.movingDigits(clip, Dataset.open(SharedData.mnist()).test(), 160, 120, 12, 1, true, 25, false);
    }

    static CliRun cam4j(String... args) {
        return CliRun.of(args);
    }

    @Test
    void writesTheVideoAndItsFramesAndReportsOneLine() throws Exception {
        Path out = tmp.resolve("explained.mp4");
        Path frames = tmp.resolve("frames");
        CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out", out.toString(),
                "--frames-dir", frames.toString(), "--every", "2", "--smooth", "0.5");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("wrote " + out + ": 12 frames (6 explained), 160x120 at 25.00 fps"), r.out());
        assertEquals(12, TestVideos.countFrames(out));
        try (var pngs = Files.list(frames)) {
            assertEquals(12, pngs.count());
        }
    }

    @Test
    void anExistingOutputIsRefusedWithoutForce() throws Exception {
        Path out = tmp.resolve("exists.mp4");
        Files.writeString(out, "keep me");
        CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out", out.toString());
        assertEquals(1, r.exitCode());
        assertEquals("cam4j: error: " + out + " already exists; add --force to overwrite it", r.err().strip());
        assertEquals("keep me", Files.readString(out));

        CliRun forced = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                out.toString(), "--force", "--max-frames", "3");
        assertEquals(0, forced.exitCode(), forced.err());
        assertEquals(3, TestVideos.countFrames(out));
    }

    @Test
    void theInputIsNeverTheOutputEvenWithForce() throws Exception {
        Path input = tmp.resolve("precious.mp4");
        Files.copy(clip, input);
        byte[] before = Files.readAllBytes(input);
        Path link = tmp.resolve("link-to-precious.mp4");
        Files.createSymbolicLink(link, input);
        Path dotted = tmp.resolve(".").resolve("precious.mp4");
        for (Path out : new Path[] {input, link, dotted}) {
            CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), input.toString(), "--out",
                    out.toString(), "--force");
            assertEquals(1, r.exitCode(), r.out());
            assertEquals("cam4j: error: cannot write video " + out + ": it is the input video " + input
                    + " (the same file), which writing would destroy while it is read; choose another output",
                    r.err().strip());
            assertArrayEquals(before, Files.readAllBytes(input), "the input is untouched");
        }
        // The same through the library, for a hard link.
        Path hard = tmp.resolve("hard-precious.mp4");
        Files.createLink(hard, input);
        VideoException e = assertThrows(VideoException.class, () -> VideoPipeline.builder().setTranscodeOnly()
                .optOverwrite(true).build().run(VideoInput.file(input), hard, VideoListener.NONE));
        assertTrue(e.getMessage().contains("it is the input video " + input), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(input));
    }

    @Test
    void aMissingOutputFolderOrInputIsOneLineNamingIt() {
        Path nowhere = tmp.resolve("missing").resolve("out.mp4");
        CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out", nowhere.toString());
        assertEquals(1, r.exitCode());
        assertEquals("cam4j: error: cannot write video " + nowhere + ": folder " + nowhere.getParent() + " does not exist",
                r.err().strip());

        Path absent = tmp.resolve("absent.mp4");
        CliRun in = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), absent.toString(), "--out",
                tmp.resolve("x.mp4").toString());
        assertEquals(1, in.exitCode());
        assertEquals("cam4j: error: video " + absent + " does not exist", in.err().strip());

        CliRun roi = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                tmp.resolve("y.mp4").toString(), "--roi", "1,2,3");
        assertEquals(1, roi.exitCode());
        assertEquals("cam4j: error: --roi '1,2,3' must be four integers x,y,w,h (pixels of the frame)", roi.err().strip());

        CliRun floor = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                tmp.resolve("z.mp4").toString(), "--floor", "2");
        assertEquals(1, floor.exitCode());
        assertEquals("cam4j: error: --floor must be in [0, 1) (a fraction of white; 0 keeps faint values), got 2.0",
                floor.err().strip());
    }

    /**
     * FFmpeg reads a picture file as a video of one frame: a PNG or JPEG given to video was written as a one-frame mp4
     * at 25 fps with exit code 0. Now it is refused before the model loads, pointing at explain; nothing is written.
     */
    @Test
    void aStillImageIsRefusedAndPointedToExplain() throws Exception {
        byte[] digit = TestVideos.digitPixels(Dataset.open(SharedData.mnist()).test(), 0, 28);
        for (String[] kind : new String[][] {{"seven.png", "PNG"}, {"seven.jpg", "JPEG"}, {"seven-named-as.mp4", "PNG"}}) {
            Path still = tmp.resolve(kind[0]);
            try (org.bytedeco.opencv.opencv_core.Mat m = new org.bytedeco.opencv.opencv_core.Mat(28, 28,
                    org.bytedeco.opencv.global.opencv_core.CV_8UC1)) {
                m.data().put(digit);
                // A .mp4 name on PNG bytes: FFmpeg goes by the content, and so does the refusal.
                try (org.bytedeco.javacpp.BytePointer encoded = new org.bytedeco.javacpp.BytePointer()) {
                    org.bytedeco.opencv.global.opencv_imgcodecs.imencode(kind[0].endsWith(".jpg") ? ".jpg" : ".png", m,
                            encoded);
                    byte[] bytes = new byte[(int) encoded.limit()];
                    encoded.get(bytes);
                    Files.write(still, bytes);
                }
            }
            Path out = tmp.resolve("still-" + kind[0] + ".mp4");
            CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), still.toString(), "--out",
                    out.toString());
            assertEquals(1, r.exitCode(), r.out());
            assertEquals("cam4j: error: video " + still + " is a still image (FFmpeg reads it as " + kind[1] + "), not a "
                    + "video: explain it as an image (cam4j explain, CamSession.explain)", r.err().strip());
            assertFalse(Files.exists(out));
        }
    }

    @Test
    void aClassOutsideTheModelIsOneLineInEveryPredictionMode() {
        for (String mode : new String[] {"window", "region"}) {
            for (String c : new String[] {"10", "-1"}) {
                CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                        tmp.resolve("class.mp4").toString(), "--class", c, "--predict", mode);
                assertEquals(1, r.exitCode(), r.out());
                assertEquals("cam4j: error: class index " + c + " is out of range: the model has 10 classes (0..9)",
                        r.err().strip());
                assertFalse(Files.exists(tmp.resolve("class.mp4")));
            }
        }
    }

    @Test
    void anOutputNotNamedMp4IsRefusedBeforeTheModelLoads() throws Exception {
        // The model does not exist: the --out check must come first to be seen.
        for (String name : new String[] {"out.webm", "out.gif", "out.avi", "out.mkv", "out", "out.mp4.txt"}) {
            Path out = tmp.resolve(name);
            CliRun r = cam4j("video", "--model", tmp.resolve("no-model").toString(), clip.toString(), "--out",
                    out.toString());
            assertEquals(1, r.exitCode(), r.out());
            assertEquals("cam4j: error: --out " + out + " must end in .mp4: cam4j video writes an H.264 mp4",
                    r.err().strip());
            assertFalse(Files.exists(out), "nothing is left behind");
        }
        Path upper = tmp.resolve("UPPER.MP4");
        CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                upper.toString(), "--max-frames", "2");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(2, TestVideos.countFrames(upper));
    }

    @Test
    void theSummarySaysTheSizeWrittenWhenAnOddFrameIsMadeEven() throws Exception {
        Path odd = tmp.resolve("odd.y4m");
        TestVideos.greyY4m(odd, 65, 49, 2, i -> new byte[65 * 49]);
        Path out = tmp.resolve("odd.mp4");
        CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), odd.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("wrote " + out + ": 2 frames (2 explained), 64x48 (the 65x49 input without its "
                + "last column and row, as H.264 needs even sides) at 25.00 fps"), r.out());
    }

    @Test
    void framesTooLargeForTheEncoderAreRefusedBeforeTheModelLoads() throws Exception {
        Path big = tmp.resolve("big.y4m");
        byte[] black = new byte[4000 * 2400];
        TestVideos.greyY4m(big, 4000, 2400, 1, i -> black);
        Path out = tmp.resolve("big.mp4");
        // The model does not exist: the size must be checked first to be seen.
        CliRun r = cam4j("video", "--model", tmp.resolve("no-model").toString(), big.toString(), "--out", out.toString());
        assertEquals(1, r.exitCode(), r.out());
        assertEquals("cam4j: error: cannot write video " + out + ": the frames of " + big + " are 4000x2400, 9600000 "
                + "pixels, above the 9437184 (e.g. 4096x2304 or 3840x2160) the H.264 encoder (openh264) takes; scale the "
                + "video down first", r.err().strip());
        assertFalse(Files.exists(out));
        Files.delete(big);
    }

    @Test
    void aHugeScaleIsRefusedBeforeTheModelLoads() {
        // The model does not exist: the scale must be checked first to be seen.
        CliRun r = cam4j("video", "--model", tmp.resolve("no-model").toString(), clip.toString(), "--out",
                tmp.resolve("huge.mp4").toString(), "--scale", "1000");
        assertEquals(1, r.exitCode(), r.out());
        assertEquals("cam4j: error: a 160x120 region scaled by 1000.000 is 160000x120000 (19200.0 megapixels), above the "
                + "2048x2048 pixels the model is fed at most: lower the scale", r.err().strip());
    }

    @Test
    void parameterErrorsNameTheOptionBeforeTheModelLoads() throws Exception {
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "not a folder");
        String[][] cases = {
            {"--every", "0", "--every must be at least 1, got 0"},
            {"--smooth", "0", "--smooth must be in (0, 1] (1 = off), got 0.0"},
            {"--smooth", "1.5", "--smooth must be in (0, 1] (1 = off), got 1.5"},
            {"--roi", "10,10,0,50", "--roi 10,10,0,50 is empty: its width and height must be at least 1"},
            {"--roi", "100,100,100,100", "region of interest 100,100,100,100 (x,y,w,h) does not lie inside the 160x120 frame"},
            {"--frames-dir", file.toString(), "cannot write frames to " + file + ": it is a file, not a folder"},
            {"--scale", "0", "--scale '0' must be auto or a positive number such as 0.5"},
            {"--scale", "big", "--scale 'big' must be auto or a positive number such as 0.5"},
        };
        for (String[] c : cases) {
            // The model does not exist: the option must be checked first to be seen.
            CliRun r = cam4j("video", "--model", tmp.resolve("no-model").toString(), clip.toString(), "--out",
                    tmp.resolve("params.mp4").toString(), c[0], c[1]);
            assertEquals(1, r.exitCode(), r.out());
            assertEquals("cam4j: error: " + c[2], r.err().strip());
        }
    }

    @Test
    void theProgressBarWritesSlowSpeedsWithALeadingZero() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (VideoProgressBar bar = new VideoProgressBar(new java.io.PrintStream(bytes, true,
                java.nio.charset.StandardCharsets.UTF_8))) {
            bar.started(new VideoInfo("clip", 160, 120, 25, 10, 0, 0));
            bar.written(1);
            Thread.sleep(2100);
            bar.written(1);
        }
        String shown = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(shown.matches("(?s).* 0\\.\\d frames/s.*"), shown);
        assertFalse(shown.matches("(?s).*[^0-9]\\.\\d frames/s.*"), shown);
    }

    /**
     * A Keras model that flattens its features takes 28x28 pictures only: a whole frame or an oblong region fails,
     * in one line that names both sizes and suggests the square region that works.
     */
    @Test
    void aModelMadeForOneSizeSuggestsASquareRegion() throws Exception {
        String flattenDense = SharedData.kerasSavedModels().resolve("mnist-flatten-dense").toString();
        Path out = tmp.resolve("fixed.mp4");
        CliRun whole = cam4j("video", "--model", flattenDense, "--method", "gradcam", clip.toString(), "--out",
                out.toString(), "--max-frames", "2");
        assertEquals(1, whole.exitCode(), whole.out());
        assertEquals("cam4j: error: model " + flattenDense + " takes only 28x28 pictures and failed on the 148x112 that the"
                + " whole 160x120 frame became: explain a square --roi x,y,w,h around the digit (w = h), which is resized"
                + " to 28x28", whole.err().strip());
        CliRun oblong = cam4j("video", "--model", flattenDense, "--method", "gradcam", clip.toString(), "--out",
                out.toString(), "--max-frames", "2", "--roi", "10,10,90,60");
        assertEquals(1, oblong.exitCode(), oblong.out());
        assertTrue(oblong.err().strip().startsWith("cam4j: error: model " + flattenDense + " takes only 28x28 pictures "
                + "and failed on the 44x28 that the 90x60 region of interest became: explain a square --roi"),
                oblong.err());
        assertFalse(oblong.err().strip().contains("\n"), "one line: " + oblong.err());
        assertFalse(Files.exists(out), "nothing written");

        CliRun square = cam4j("video", "--model", flattenDense, "--method", "gradcam", clip.toString(), "--out",
                out.toString(), "--max-frames", "2", "--roi", "10,10,60,60");
        assertEquals(0, square.exitCode(), square.err());
        assertEquals(2, TestVideos.countFrames(out));
    }
}
