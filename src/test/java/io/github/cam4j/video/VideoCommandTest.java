package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cli.CliProcess;
import io.github.cam4j.cli.CliRun;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.testing.SavedModelCopies;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
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

    /**
     * Labels no installed font draws (private-use characters, which no font has) caption the frames with the class
     * index, as explain's overlays do, and the run says so once: they had been drawn as a row of boxes. The frames are
     * then the very pixels of a run with the model's own labels, which are the indexes 0 to 9.
     */
    @Test
    void labelsNoFontDrawsCaptionFramesWithTheClassIndexAndAreSaidOnce() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(io.github.cam4j.render.Draw.canDraw("\uE000"),
                "a font here draws U+E000");
        StringBuilder names = new StringBuilder();
        for (int k = 0; k < 10; k++) {
            names.append("\uE000").append(k).append('\n');
        }
        Path labels = Files.writeString(tmp.resolve("undrawable-labels.txt"), names);
        Path own = tmp.resolve("own-label-frames");
        Path undrawable = tmp.resolve("undrawable-label-frames");
        CliRun plain = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                tmp.resolve("own-labels.mp4").toString(), "--frames-dir", own.toString(), "--max-frames", "4");
        // The command's notes go to the standard error, above its progress bar.
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.err;
        CliRun run;
        try (java.io.PrintStream err = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8)) {
            System.setErr(err);
            run = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                    tmp.resolve("undrawable-labels.mp4").toString(), "--frames-dir", undrawable.toString(),
                    "--max-frames", "4", "--labels", labels.toString());
        } finally {
            System.setErr(before);
        }
        assertEquals(0, plain.exitCode(), plain.err());
        assertEquals(0, run.exitCode(), run.err());
        String notes = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(1, notes.lines().filter(l -> l.contains("note: no installed font draws 10 of the model's labels"
                + " (the first '\uE0000'); frames are captioned with class indexes there")).count(), notes);
        for (int i = 0; i < 4; i++) {
            String name = String.format("frame-%06d.png", i);
            try (var a = io.github.cam4j.render.Images.read(own.resolve(name));
                    var b = io.github.cam4j.render.Images.read(undrawable.resolve(name));
                    var diff = new org.bytedeco.opencv.opencv_core.Mat()) {
                org.bytedeco.opencv.global.opencv_core.absdiff(a, b, diff);
                assertEquals(0, org.bytedeco.opencv.global.opencv_core.countNonZero(diff.reshape(1, 0)), name);
            }
        }
    }

    /**
     * The white paper of a region of interest is the colormap's lowest colour in every frame, under --heat positive and
     * under the default, whose min-max now starts no higher than 0: plain min-max had painted the ground wherever 0 fell
     * between the map's extremes (no frame of the lowest colour with the default before). Jet's (128, 0, 0) blended at
     * alpha 0.5 over white is (191.5, 127.5, 127.5) in BGR; the white passed through H.264 is within a few levels of
     * 255: 6 levels of tolerance.
     */
    @Test
    void theGroundOfARegionIsTheLowestColourInEveryFrame() throws Exception {
        for (String heat : new String[] {"positive", "auto"}) {
            Path frames = tmp.resolve(heat + "-frames");
            CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                    tmp.resolve(heat + ".mp4").toString(), "--frames-dir", frames.toString(), "--roi", "0,0,160,120",
                    "--heat", heat);
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(framesOfLowestGround(frames) >= 10, heat + ": frames whose ground is jet's lowest colour: "
                    + framesOfLowestGround(frames) + " of 12");
        }
        assertEquals(2, cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                tmp.resolve("heat-typo.mp4").toString(), "--heat", "relu").exitCode());
    }

    /**
     * A Grad-CAM video's frames name the method in their caption, as explain's overlays do, where it fits beside the
     * class on the 160x120 frame: each written frame's caption band holds, pixel for pixel, the band Draw gives "CLASS
     * p=P  Grad-CAM" (class and probability from --frames-json's line, "no evidence" where it says none), at the top or
     * the bottom. They had said "2  p=0.276" alone, as a CAM video's frames do; a CAM video's still do.
     */
    @Test
    void aGradCamVideosFramesNameTheMethodInTheirCaption() throws Exception {
        for (String method : new String[] {"gradcam", "cam"}) {
            Path frames = tmp.resolve(method + "-named-frames");
            Path json = tmp.resolve(method + "-named.jsonl");
            CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), "--method", method, clip.toString(),
                    "--out", tmp.resolve(method + "-named.mp4").toString(), "--frames-dir", frames.toString(),
                    "--frames-json", json.toString());
            assertEquals(0, r.exitCode(), r.err());
            List<String> lines = Files.readAllLines(json);
            assertEquals(12, lines.size());
            com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            for (int i = 0; i < lines.size(); i++) {
                var line = mapper.readTree(lines.get(i));
                String caption = line.get("evidence").asBoolean() ? String.format(java.util.Locale.ROOT, "%s  p=%.3f",
                        line.get("label").asText(), line.get("probability").floatValue()) : "no evidence";
                String expected = method.equals("cam") ? caption : caption + "  Grad-CAM";
                try (var frame = io.github.cam4j.render.Images.read(frames.resolve(String.format("frame-%06d.png", i)))) {
                    assertTrue(captionBandIs(frame, expected), method + ", frame " + i + ": no band of '" + expected
                            + "' at its top or bottom left");
                }
            }
        }
    }

    /**
     * A model CAM cannot open (Flatten then Dense: no kernel over pooled features) cannot have its frames' windows
     * scored: the run says that its captions give the whole frame's prediction. Said once, and not on the bundled model,
     * where every method's captions are CAM's windows ({@link #everyMethodOnAModelCamOpensCaptionsCamsWindowsAndDrawsItsOwnMap}),
     * nor where --predict region asks for the whole frame's prediction.
     */
    @Test
    void aMethodWithoutWindowsSaysItsCaptionsGiveTheWholeFramesPrediction() throws Exception {
        String note = "cam4j: note: the captions give the model's prediction for the whole frame (or --roi), as --predict region"
                + " does: the digit-sized windows --predict window picks from are scored with CAM's maps of every class,"
                + " which this model does not give (Grad-CAM explains it; CAM needs global average pooling then one"
                + " dense layer of more than one unit); a digit that fills little of the frame can then be named at a"
                + " low probability";
        String flattenDense = SharedData.kerasSavedModels().resolve("mnist-flatten-dense").toString();
        String pooled = VideoPipelineTest.MODEL.toString();
        String[][] runs = {{flattenDense, "gradcam", "window"}, {flattenDense, "gradcam", "region"},
            {pooled, "gradcam", "window"}, {pooled, "cam", "window"}, {pooled, "gradcam", "region"}};
        for (int i = 0; i < runs.length; i++) {
            String[] run = runs[i];
            // The model made for 28x28 pictures takes a square region.
            CliRun r = cam4j("video", "--model", run[0], "--method", run[1], "--predict", run[2], clip.toString(),
                    "--out", tmp.resolve("said-" + i + ".mp4").toString(), "--max-frames", "2", "--roi", "10,10,60,60");
            assertEquals(0, r.exitCode(), r.err());
            long said = r.err().lines().filter(l -> l.contains(note)).count();
            assertEquals(i == 0 ? 1 : 0, said, String.join(" ", run) + ": " + r.err());
        }
    }

    /**
     * On the bundled model, which CAM opens, every method's frames are captioned with CAM's most confident digit-sized
     * window: Grad-CAM's and Eigen-CAM's captions had given the whole frame's prediction ("7  p=0.19" where CAM's read
     * "7  p=1.000"). The caption's class, probability and window are CAM's on every frame; the map drawn stays the
     * method's own map of that class: its box and peak are those of the same method's --predict region run for that
     * class.
     */
    @Test
    void everyMethodOnAModelCamOpensCaptionsCamsWindowsAndDrawsItsOwnMap() throws Exception {
        List<com.fasterxml.jackson.databind.JsonNode> cam = framesJson("cam", "window");
        assertEquals(12, cam.size());
        for (com.fasterxml.jackson.databind.JsonNode f : cam) {
            // The clip is one 7 moving: CAM's window names it on every frame.
            assertEquals(7, f.get("class").asInt(), f.toString());
        }
        for (String method : new String[] {"gradcam", "eigencam"}) {
            List<com.fasterxml.jackson.databind.JsonNode> window = framesJson(method, "window");
            List<com.fasterxml.jackson.databind.JsonNode> region = framesJson(method, "region", "--class", "7");
            assertEquals(cam.size(), window.size(), method);
            assertEquals(cam.size(), region.size(), method);
            for (int i = 0; i < cam.size(); i++) {
                var c = cam.get(i);
                var w = window.get(i);
                var r = region.get(i);
                String where = method + " frame " + i + ": " + w + " vs CAM's " + c;
                assertEquals(c.get("class").asInt(), w.get("class").asInt(), where);
                assertEquals(c.get("probability").asDouble(), w.get("probability").asDouble(), 1e-4, where);
                assertEquals(c.get("window"), w.get("window"), where);
                // The map drawn is the method's: as its own --predict region run draws the class.
                String drawn = method + " frame " + i + ": " + w + " vs its region run's " + r;
                assertEquals(r.get("evidence"), w.get("evidence"), drawn);
                assertEquals(r.get("box"), w.get("box"), drawn);
                assertEquals(r.get("peak_xy"), w.get("peak_xy"), drawn);
            }
        }
    }

    /** @return the --frames-json lines of a video of the clip by {@code method} */
    private static List<com.fasterxml.jackson.databind.JsonNode> framesJson(String method, String predict,
            String... more) throws Exception {
        String name = method + "-" + predict + String.join("", more);
        Path json = tmp.resolve("frames-" + name + ".jsonl");
        List<String> args = new ArrayList<>(List.of("video", "--model", VideoPipelineTest.MODEL.toString(), "--method",
                method, "--predict", predict, clip.toString(), "--out", tmp.resolve("frames-" + name + ".mp4").toString(),
                "--frames-json", json.toString()));
        args.addAll(List.of(more));
        CliRun r = cam4j(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        return FramesJsonTest.lines(json);
    }

    /**
     * A Grad-CAM++ video's 160x120 frames name the method too, in a smaller font: "7  p=0.192  Grad-CAM++" does not fit
     * the frame's caption line at a label's size, and the caption had been the class alone (5156a3cd), as a CAM video's.
     * Each written frame's caption band (its top row, the band's grey padding, at the frame's top or bottom left) is
     * wider than the class alone's by more than the space "Grad-CAM++" takes at the smallest size (65 pixels at Hershey
     * scale 0.3: "7 p=0.192" is 56 wide there, "7  p=0.192" 80 at a label's size), and no wider than the frame.
     */
    @Test
    void aGradCamPlusPlusVideosSmallFramesNameTheMethod() throws Exception {
        Path frames = tmp.resolve("gradcampp-named-frames");
        CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), "--method", "gradcam++",
                clip.toString(), "--out", tmp.resolve("gradcampp-named.mp4").toString(), "--frames-dir", frames.toString());
        assertEquals(0, r.exitCode(), r.err());
        for (int i = 0; i < 12; i++) {
            try (var frame = io.github.cam4j.render.Images.read(frames.resolve(String.format("frame-%06d.png", i)));
                    org.bytedeco.javacpp.indexer.UByteIndexer ix = frame.createIndexer()) {
                int band = Math.max(greyRun(ix, 0, frame.cols()), greyRun(ix, frame.rows() - 1, frame.cols()));
                assertTrue(band >= 80 + 40 && band <= 160, "frame " + i + ": a caption band " + band + " pixels wide");
            }
        }
    }

    /**
     * Labels in another script are measured in the font they are drawn in before the method is added to a frame's
     * caption: with Cyrillic labels a 160x120 Grad-CAM video's frames read "семь  p=0....  Grad-CAM", the method added
     * because text Hershey cannot draw was taken to fit, and the probability cut to make room (seen with the jar). Each
     * frame's caption band is now Draw's band of the class, probability and method whole (two spaces or one, the first
     * that fits the frame), or of the class and probability alone.
     */
    @Test
    void aCaptionInAnotherScriptKeepsItsProbabilityBesideTheMethod() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.github.cam4j.render.Draw.canDraw("семь"),
                "no font here draws Cyrillic");
        Path labels = Files.writeString(tmp.resolve("cyrillic-labels.txt"),
                "ноль\nодин\nдва\nтри\nчетыре\nпять\nшесть\nсемь\nвосемь\nдевять\n");
        Path frames = tmp.resolve("cyrillic-frames");
        Path json = tmp.resolve("cyrillic.jsonl");
        CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), "--method", "gradcam", "--labels",
                labels.toString(), clip.toString(), "--out", tmp.resolve("cyrillic.mp4").toString(), "--frames-dir",
                frames.toString(), "--frames-json", json.toString(), "--max-frames", "4");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = Files.readAllLines(json);
        assertEquals(4, lines.size());
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            var line = mapper.readTree(lines.get(i));
            String caption = line.get("evidence").asBoolean() ? String.format(java.util.Locale.ROOT, "%s  p=%.3f",
                    line.get("label").asText(), line.get("probability").floatValue()) : "no evidence";
            String expected = caption;
            for (String t : List.of(caption + "  Grad-CAM", caption.replace("  ", " ") + " Grad-CAM")) {
                if (io.github.cam4j.render.Draw.labelFits(120, 160, t)) {
                    expected = t;
                    break;
                }
            }
            try (var frame = io.github.cam4j.render.Images.read(frames.resolve(String.format("frame-%06d.png", i)))) {
                assertTrue(captionBandIs(frame, expected), "frame " + i + ": no band of '" + expected
                        + "' at its top or bottom left");
            }
        }
    }

    /** @return how many pixels from the left of row {@code y} are the caption band's grey, 32 */
    private static int greyRun(org.bytedeco.javacpp.indexer.UByteIndexer ix, int y, int cols) {
        int x = 0;
        while (x < cols && ix.get(y, x, 0) == 32 && ix.get(y, x, 1) == 32 && ix.get(y, x, 2) == 32) {
            x++;
        }
        return x;
    }

    /** @return whether {@code frame}'s top or bottom left corner holds the band {@code Draw.label} draws {@code text} in */
    private static boolean captionBandIs(org.bytedeco.opencv.opencv_core.Mat frame, String text) {
        try (var alone = new org.bytedeco.opencv.opencv_core.Mat(frame.rows(), frame.cols(),
                org.bytedeco.opencv.global.opencv_core.CV_8UC3, new org.bytedeco.opencv.opencv_core.Scalar(0, 0, 255, 0))) {
            io.github.cam4j.render.Draw.label(alone, text, 0, 0);
            // The band: what differs from the red the label was drawn on.
            int width = 0;
            int height = 0;
            try (org.bytedeco.javacpp.indexer.UByteIndexer ix = alone.createIndexer()) {
                while (width < alone.cols() && ix.get(0, width, 2) != 255) {
                    width++;
                }
                while (height < alone.rows() && ix.get(height, 0, 2) != 255) {
                    height++;
                }
            }
            for (int top : new int[] {0, frame.rows() - height}) {
                try (var want = new org.bytedeco.opencv.opencv_core.Rect(0, 0, width, height);
                        var got = new org.bytedeco.opencv.opencv_core.Rect(0, top, width, height);
                        var a = new org.bytedeco.opencv.opencv_core.Mat(alone, want);
                        var b = new org.bytedeco.opencv.opencv_core.Mat(frame, got);
                        var diff = new org.bytedeco.opencv.opencv_core.Mat()) {
                    org.bytedeco.opencv.global.opencv_core.absdiff(a, b, diff);
                    if (org.bytedeco.opencv.global.opencv_core.countNonZero(diff.reshape(1, 0)) == 0) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /**
     * @return the frames whose bottom right corner (far from the caption; the digit crosses it in a frame or two) is
     *     jet's lowest colour over white
     */
    private static int framesOfLowestGround(Path frames) throws Exception {
        int lowest = 0;
        try (var pngs = Files.list(frames)) {
            for (Path png : pngs.sorted().toList()) {
                try (var frame = io.github.cam4j.render.Images.read(png);
                        org.bytedeco.javacpp.indexer.UByteIndexer ix = frame.createIndexer()) {
                    int b = ix.get(115, 155, 0);
                    int g = ix.get(115, 155, 1);
                    int red = ix.get(115, 155, 2);
                    lowest += Math.abs(b - 191.5) <= 6 && Math.abs(g - 127.5) <= 6 && Math.abs(red - 127.5) <= 6 ? 1 : 0;
                }
            }
        }
        return lowest;
    }

    /**
     * An option overriding the model's metadata is warned of, as explain warns of it: {@code video --pixel-offset=-1}
     * fed every frame shifted to -1..0 without a word. Without it, no warning.
     */
    @Test
    void aPixelOffsetOverTheMetadataIsWarnedOf() throws Exception {
        CliRun shifted = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                tmp.resolve("shifted.mp4").toString(), "--pixel-offset=-1", "--max-frames", "2");
        assertEquals(0, shifted.exitCode(), shifted.err());
        assertTrue(shifted.err().contains("cam4j: warning: --pixel-offset -1.0 (LoadOptions.withPixelOffset) overrides"
                + " the metadata of " + VideoPipelineTest.MODEL), shifted.err());
        CliRun plain = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                tmp.resolve("unshifted.mp4").toString(), "--max-frames", "2");
        assertEquals(0, plain.exitCode(), plain.err());
        assertFalse(plain.err().contains("warning"), plain.err());
    }

    @Test
    void anExistingOutputIsRefusedWithoutForce() throws Exception {
        Path out = tmp.resolve("exists.mp4");
        Files.writeString(out, "keep me");
        CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out", out.toString());
        assertEquals(1, r.exitCode());
        assertEquals("cam4j: error: --out " + out + " already exists; add --force to overwrite it", r.err().strip());
        assertEquals("keep me", Files.readString(out));

        CliRun forced = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                out.toString(), "--force", "--max-frames", "3");
        assertEquals(0, forced.exitCode(), forced.err());
        assertEquals(3, TestVideos.countFrames(out));
    }

    /** The frames folder of an earlier run: refused naming --force, the command line's way to allow it (it named the
     * library's builder method). */
    @Test
    void aFramesFolderOfAnEarlierRunIsRefusedNamingForce() throws Exception {
        Path frames = Files.createDirectories(tmp.resolve("earlier-frames"));
        Path png = VideoPipeline.framePng(frames, 0);
        Files.writeString(png, "an earlier frame");
        Path out = tmp.resolve("frames-again.mp4");
        CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                out.toString(), "--frames-dir", frames.toString(), "--max-frames", "2");
        assertEquals(1, r.exitCode());
        assertEquals("cam4j: error: --frames-dir " + frames + " already holds frame PNGs; add --force to overwrite them",
                r.err().strip());
        assertEquals("an earlier frame", Files.readString(png));
        assertFalse(Files.exists(out), "nothing written");
    }

    /**
     * Numbered pictures, which FFmpeg reads as a video ({@code frame%03d.png}), were refused as a file that does not
     * exist (helper-64). Each picture is a frame; a pattern none of whose first pictures exists is named as such.
     */
    @Test
    void anImageSequenceIsReadAsAVideo() throws Exception {
        Path frames = Files.createDirectories(tmp.resolve("sequence"));
        io.github.cam4j.data.LabeledImages test = io.github.cam4j.data.Dataset.open(
                io.github.cam4j.testing.SharedData.mnist()).test();
        for (int i = 0; i < 10; i++) {
            try (org.bytedeco.opencv.opencv_core.Mat canvas = new org.bytedeco.opencv.opencv_core.Mat(96, 128,
                    org.bytedeco.opencv.global.opencv_core.CV_8UC3, new org.bytedeco.opencv.opencv_core.Scalar(0, 0, 0, 0));
                    org.bytedeco.opencv.opencv_core.Mat digit = new org.bytedeco.opencv.opencv_core.Mat(28, 28,
                            org.bytedeco.opencv.global.opencv_core.CV_8UC1);
                    org.bytedeco.opencv.opencv_core.Mat colour = new org.bytedeco.opencv.opencv_core.Mat()) {
                try (org.bytedeco.javacpp.indexer.UByteIndexer ix = digit.createIndexer()) {
                    for (int y = 0; y < 28; y++) {
                        for (int x = 0; x < 28; x++) {
                            ix.put(y, x, test.pixel(i, y, x));
                        }
                    }
                }
                org.bytedeco.opencv.global.opencv_imgproc.cvtColor(digit, colour,
                        org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR);
                try (org.bytedeco.opencv.opencv_core.Rect at = new org.bytedeco.opencv.opencv_core.Rect(10 + 8 * i, 30, 28, 28);
                        org.bytedeco.opencv.opencv_core.Mat place = new org.bytedeco.opencv.opencv_core.Mat(canvas, at)) {
                    colour.copyTo(place);
                }
                io.github.cam4j.render.Images.write(canvas, frames.resolve(String.format("frame%03d.png", i)));
            }
        }
        Path out = tmp.resolve("sequence.mp4");
        CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), frames.resolve("frame%03d.png").toString(),
                "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(10, TestVideos.countFrames(out));

        CliRun none = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), frames.resolve("shot%03d.png").toString(),
                "--out", tmp.resolve("none.mp4").toString());
        assertEquals(1, none.exitCode());
        assertEquals("cam4j: error: video " + frames.resolve("shot%03d.png") + " does not exist (nor, as an image"
                + " sequence, its pictures numbered 0 to 4, which FFmpeg starts from)", none.err().strip());

        // Pictures named as the frames a run writes, explained into their own folder: --force removed them all before
        // the input was opened, and the run then failed for want of them (helper-164). Refused before the model loads.
        Path own = Files.createDirectories(tmp.resolve("own"));
        for (int i = 0; i < 10; i++) {
            Files.copy(frames.resolve(String.format("frame%03d.png", i)), own.resolve(String.format("frame-%06d.png", i)));
        }
        String pattern = own.resolve("frame-%06d.png").toString();
        CliRun mine = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), pattern, "--out",
                tmp.resolve("own.mp4").toString(), "--frames-dir", own.toString(), "--force");
        assertEquals(1, mine.exitCode(), mine.err());
        assertEquals("cam4j: error: cannot write frames to " + own + ": it holds the input " + pattern + ", whose"
                + " pictures are named as the frames a run writes there (frame-NNNNNN.png) and would be removed or"
                + " written over; choose another --frames-dir", mine.err().strip());
        try (var left = Files.list(own)) {
            assertEquals(10, left.count(), "the input's pictures are all there");
        }
        // Beside other pictures the same folder is fine: only frame-NNNNNN.png are a run's.
        CliRun beside = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(),
                frames.resolve("frame%03d.png").toString(), "--out", tmp.resolve("beside.mp4").toString(),
                "--frames-dir", frames.toString());
        assertEquals(0, beside.exitCode(), beside.err());
        try (var left = Files.list(frames)) {
            assertEquals(20, left.count(), "10 pictures and 10 frames");
        }
    }

    @Test
    void theInputIsNeverTheOutputEvenWithForce() throws Exception {
        Path input = tmp.resolve("precious.mp4");
        Files.copy(clip, input);
        byte[] before = Files.readAllBytes(input);
        Path link = tmp.resolve("link-to-precious.mp4");
        Files.createSymbolicLink(link, input);
        Path dotted = tmp.resolve(".").resolve("precious.mp4");
        // Named twice on the command line (also as dir/./name): a usage error, as --frames-json naming the input is;
        // it exited 1, as what the disk holds.
        for (Path out : new Path[] {input, dotted}) {
            CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), input.toString(), "--out",
                    out.toString(), "--force");
            assertEquals(2, r.exitCode(), r.err());
            assertEquals("cam4j: error: --out " + out + " is the input video " + input + ", which writing would"
                    + " destroy while it is read; name another file (see 'cam4j video --help')", r.err().strip());
            assertArrayEquals(before, Files.readAllBytes(input), "the input is untouched");
        }
        // One only through a link: the disk's doing, exit 1.
        CliRun linked = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), input.toString(), "--out",
                link.toString(), "--force");
        assertEquals(1, linked.exitCode(), linked.err());
        assertEquals("cam4j: error: cannot write video " + link + ": it is the input video " + input
                + " (the same file), which writing would destroy while it is read; choose another output",
                linked.err().strip());
        assertArrayEquals(before, Files.readAllBytes(input), "the input is untouched");
        // The same through the library, for a hard link.
        Path hard = tmp.resolve("hard-precious.mp4");
        Files.createLink(hard, input);
        VideoException e = assertThrows(VideoException.class, () -> VideoPipeline.builder().setTranscodeOnly()
                .optOverwrite(true).build().run(VideoInput.file(input), hard, VideoListener.NONE));
        assertTrue(e.getMessage().contains("it is the input video " + input), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(input));
    }

    /**
     * An --out or --frames-json that is a symbolic link to nothing is written through, as FFmpeg and Java open it: one
     * whose target lies in a folder that does not exist is said before the model loads, naming the link, its target and
     * the folder, exit 1 (what the disk holds). The video had failed once the model had loaded, in FFmpeg's words
     * ("avio_open2 error() error -2 (No such file or directory)"), and the JSON Lines once the first frame was written,
     * as "cannot write --frames-json L: L", naming nothing that was wrong.
     */
    @Test
    void aLinkIntoAMissingFolderIsSaidBeforeTheRun() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("links"));
        Path out = folder.resolve("dangling.mp4");
        Files.createSymbolicLink(out, Path.of("gone/x.mp4"));
        Path missing = folder.resolve("gone");
        CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                out.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertEquals("cam4j: error: cannot write video " + out + ": it links to gone/x.mp4, where folder "
                + missing.toAbsolutePath() + " does not exist", r.err().strip());
        VideoException e = assertThrows(VideoException.class, () -> VideoPipeline.builder().setTranscodeOnly().build()
                .run(VideoInput.file(clip), out, VideoListener.NONE));
        assertEquals("cannot write video " + out + ": it links to gone/x.mp4, where folder " + missing.toAbsolutePath()
                + " does not exist", e.getMessage());
        Path json = folder.resolve("dangling.jsonl");
        Files.createSymbolicLink(json, Path.of("gone/x.jsonl"));
        Path video = folder.resolve("beside.mp4");
        CliRun j = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                video.toString(), "--frames-json", json.toString());
        assertEquals(1, j.exitCode(), j.err());
        assertEquals("cam4j: error: --frames-json " + json + " cannot be written: it links to gone/x.jsonl, where"
                + " folder " + missing.toAbsolutePath() + " does not exist", j.err().strip());
        assertFalse(Files.exists(video), "nothing written");
        assertFalse(Files.exists(missing));
    }

    @Test
    void aMissingOutputFolderOrInputIsOneLineNamingIt() {
        Path nowhere = tmp.resolve("missing").resolve("out.mp4");
        CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out", nowhere.toString());
        assertEquals(1, r.exitCode());
        // Named by its option, as every command's picture --out is: "cannot write video X" left the option to guess.
        assertEquals("cam4j: error: --out " + nowhere + " cannot be written: folder " + nowhere.getParent() + " does not"
                + " exist; create it first", r.err().strip());
        // A file where the folder should be: it said "folder ... does not exist" of a path that does (helper-153).
        // Creating the folder cannot help there: no advice.
        Path underFile = clip.resolve("out.mp4");
        CliRun file = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                underFile.toString());
        // A path of the wrong kind, a usage error (it had exited 1).
        assertEquals(2, file.exitCode());
        assertEquals("cam4j: error: --out " + underFile + " cannot be written: " + clip.toAbsolutePath() + " is a file,"
                + " not a folder (see 'cam4j video --help')", file.err().strip());
        // The library, which knows no options, names the video.
        VideoException library = assertThrows(VideoException.class, () -> VideoPipeline.checkOutput(nowhere, false));
        assertEquals("cannot write video " + nowhere + ": folder " + nowhere.getParent() + " does not exist",
                library.getMessage());

        Path absent = tmp.resolve("absent.mp4");
        CliRun in = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), absent.toString(), "--out",
                tmp.resolve("x.mp4").toString());
        assertEquals(1, in.exitCode());
        assertEquals("cam4j: error: video " + absent + " does not exist", in.err().strip());

        CliRun roi = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                tmp.resolve("y.mp4").toString(), "--roi", "1,2,3");
        assertEquals(2, roi.exitCode());
        assertEquals("cam4j: error: --roi '1,2,3' must be four integers x,y,w,h (pixels of the frame) (see 'cam4j video"
                + " --help')", roi.err().strip());
        // A trailing comma had passed: 1,2,3,4, was taken for 1,2,3,4 and the run went ahead (helper-219's audit).
        CliRun trailing = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                tmp.resolve("y.mp4").toString(), "--roi", "1,2,3,4,");
        assertEquals(2, trailing.exitCode(), trailing.out());
        assertEquals("cam4j: error: --roi '1,2,3,4,' must be four integers x,y,w,h (pixels of the frame) (see 'cam4j "
                + "video --help')", trailing.err().strip());

        // A part beyond an int's range is said so, as for every int option (it had been "must be four integers").
        CliRun huge = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                tmp.resolve("y.mp4").toString(), "--roi", "0,0,99999999999,1");
        assertEquals(2, huge.exitCode(), huge.out());
        assertEquals("cam4j: error: --roi '0,0,99999999999,1' must be four integers x,y,w,h (pixels of the frame):"
                + " 99999999999 is beyond an int's range (-2147483648 to 2147483647) (see 'cam4j video --help')",
                huge.err().strip());
        CliRun word = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                tmp.resolve("y.mp4").toString(), "--roi", "0,0,ten,1");
        assertEquals(2, word.exitCode(), word.out());
        assertEquals("cam4j: error: --roi '0,0,ten,1' must be four integers x,y,w,h (pixels of the frame): 'ten' is not"
                + " an int (see 'cam4j video --help')", word.err().strip());

        CliRun floor = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--out",
                tmp.resolve("z.mp4").toString(), "--floor", "2");
        assertEquals(2, floor.exitCode());
        assertEquals("cam4j: error: --floor must be in [0, 1) (a fraction of white; 0 keeps faint values), got 2"
                + " (see 'cam4j video --help')", floor.err().strip());
    }

    /**
     * A URL as INPUT is given to FFmpeg as typed and named as typed: it had been made a path, "http:/127.0.0.1:9/...",
     * and said not to exist. Port 9 refuses the connection: FFmpeg's reason is in the one line. A {@code file:} URL is
     * read as FFmpeg reads one, the path after {@code file:}.
     */
    @Test
    void aUrlIsReadByFfmpegAndNamedAsGiven() throws Exception {
        String url = "http://127.0.0.1:9/clip.mp4";
        Path out = tmp.resolve("from-url.mp4");
        CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), url, "--out", out.toString());
        assertEquals(1, r.exitCode(), r.err());
        String line = r.err().strip();
        assertFalse(line.contains("\n"), line);
        assertEquals("cam4j: error: cannot read video " + url + ": cannot connect to 127.0.0.1:9 (Connection refused)",
                line);
        assertFalse(Files.exists(out), "nothing written");
        VideoInput input = VideoInput.parse(url);
        assertEquals(url, input.toString());
        assertFalse(input.canReopen(), "read once, as a pipe");
        // So its video is written in fragments by default, as a pipe's: --help says so (it had named a camera and a
        // pipe only, then "plain for a file").
        String help = cam4j("video", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("(default: fragmented for camera:N, a pipe and a URL, read once as a pipe is,"), help);

        Path fromFileUrl = tmp.resolve("from-file-url.mp4");
        CliRun file = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), "file:" + clip.toAbsolutePath(),
                "--out", fromFileUrl.toString());
        assertEquals(0, file.exitCode(), file.err());
        assertEquals(12, TestVideos.countFrames(fromFileUrl));
    }

    /**
     * A URL whose server cannot be reached is said before the model loads, as a missing file is: it had been found
     * only once the model had loaded. Shown with a model that fails as it loads: the URL's error comes first.
     */
    @Test
    void anUnreachableUrlIsSaidBeforeTheModelLoads() throws Exception {
        Path copy = SavedModelCopies.copyWithout(VideoPipelineTest.MODEL, tmp.resolve("unloadable"), "variables");
        Path out = tmp.resolve("unreached.mp4");
        String refused = "http://127.0.0.1:9/clip.mp4";
        String unknown = "rtsp://no-such-host.invalid/stream";
        CliRun r = cam4j("video", "--model", copy.toString(), refused, "--out", out.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertEquals("cam4j: error: cannot read video " + refused + ": cannot connect to 127.0.0.1:9 (Connection"
                + " refused)", r.err().strip());
        CliRun u = cam4j("video", "--model", copy.toString(), unknown, "--out", out.toString());
        assertEquals(1, u.exitCode(), u.err());
        assertEquals("cam4j: error: cannot read video " + unknown + ": host no-such-host.invalid is not known",
                u.err().strip());
        assertFalse(Files.exists(out), "nothing written");
    }

    /**
     * A {@code file:} URL is named as typed in its errors, as an http:// one is: a missing one, a folder, one that is the
     * output had been named by the path after {@code file:} ("video /tmp/x/none.mp4 does not exist"), which the user
     * never typed.
     */
    /**
     * An INPUT that names no video whatever the model, a malformed camera or a file descriptor cam4j is not given, is a
     * usage error: it had exited 1, as a video that fails to open does.
     */
    @Test
    void anInputThatNamesNoVideoIsAUsageError() {
        String[][] cases = {
            {"camera:-1", "cam4j: error: 'camera:-1': a camera is camera:N with N its index, e.g. camera:0 (see 'cam4j"
                    + " video --help')"},
            {"pipe:3", "cam4j: error: 'pipe:3' reads file descriptor 3, which cam4j is not given"},
            // A folder: it had exited 1 as "video F is a directory, not a regular file (nor a named pipe, ...)".
            {tmp.toString(), "cam4j: error: INPUT " + tmp + " is a folder, not a video; give a video file, a named"
                    + " pipe, - for the standard input, a URL or camera:N (see 'cam4j video --help')"},
        };
        for (String[] c : cases) {
            CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), c[0], "--out",
                    tmp.resolve("no-input.mp4").toString());
            assertEquals(2, r.exitCode(), c[0] + ": " + r.err());
            assertTrue(r.err().strip().startsWith(c[1]), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }

    @Test
    void aFileUrlIsNamedAsTypedInItsErrors() throws Exception {
        String missing = "file:" + tmp.resolve("none.mp4").toAbsolutePath();
        String folder = "file://" + tmp.toAbsolutePath();
        Path out = tmp.resolve("file-url.mp4");
        Files.copy(clip, out);
        String same = "file:" + out.toAbsolutePath();
        String[][] cases = {
            {missing, "1", "cam4j: error: video " + missing + " does not exist"},
            {same, "2", "cam4j: error: --out " + out + " is the input video " + same + ", which writing would destroy"
                    + " while it is read; name another file (see 'cam4j video --help')"},
        };
        for (String[] c : cases) {
            CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), c[0], "--out", out.toString(),
                    "--force");
            assertEquals(Integer.parseInt(c[1]), r.exitCode(), r.err());
            assertEquals(c[2], r.err().strip(), c[0]);
        }
        // A folder is a usage error, named as typed (it had exited 1 as "video F is a directory, not a regular file").
        CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), folder, "--out", out.toString(),
                "--force");
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("cam4j: error: INPUT " + folder + " is a folder, not a video; give a video file, a named pipe, -"
                + " for the standard input, a URL or camera:N (see 'cam4j video --help')", r.err().strip());
    }

    /**
     * A plain mp4 writes its index (the moov box) last: cut at half its bytes, as a recorder killed midway leaves it, it
     * holds frames and no index, and FFmpeg refuses it with "Invalid data found when processing input". That was said
     * as "not a video, or truncated"; it is now said what is missing and why nothing can be read.
     */
    @Test
    void anMp4CutBeforeItsIndexIsSaidToMissIt() throws Exception {
        Path cut = TestVideos.firstHalf(clip, tmp.resolve("cut-before-moov.mp4"));
        Path out = tmp.resolve("cut-before-moov-out.mp4");
        CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), cut.toString(), "--out",
                out.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertEquals("cam4j: error: cannot read video " + cut + ": its index (the moov box, which a plain mp4 writes"
                + " last) is missing, as in an mp4 cut before its recorder finished; nothing can be read from it",
                r.err().strip());
        assertFalse(Files.exists(out), "nothing written");
        // What is no mp4 at all keeps FFmpeg's words: the boxes are read only behind an 'ftyp' at bytes 4 to 8.
        Path text = Files.writeString(tmp.resolve("text-named.mp4"), "this is not a video\n".repeat(100));
        CliRun notMp4 = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), text.toString(), "--out",
                out.toString());
        assertEquals(1, notMp4.exitCode(), notMp4.err());
        assertTrue(notMp4.err().contains(text + ": FFmpeg cannot open it (not a video, or truncated)"), notMp4.err());
    }

    /**
     * A plain mp4 cut in the first 8 bytes of its index's box header (its size, then the type 'moov'): FFmpeg finds no
     * moov and refuses it, as it refuses one cut before its index. It was said to miss its index "as in an mp4 cut
     * before its recorder finished", when the recorder had begun writing the index; it is now said where it ends: 6
     * bytes in ('mo' of its type there), 4 (its size whole, no type) and 1. Cut between its mdat and its moov, its
     * index is missing, as before.
     */
    @Test
    void anMp4CutInsideItsIndexHeaderIsSaidToEndThere() throws Exception {
        byte[] plain = Files.readAllBytes(clip);
        int moovAt = lastBoxAt(plain);
        assertEquals("moov", new String(plain, moovAt + 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
        Path out = tmp.resolve("cut-header-out.mp4");
        for (int inHeader : new int[] {6, 4, 1, 0}) {
            Path cut = Files.write(tmp.resolve("cut-header-" + inHeader + ".mp4"),
                    java.util.Arrays.copyOf(plain, moovAt + inHeader));
            CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), cut.toString(), "--out",
                    out.toString());
            assertEquals(1, r.exitCode(), r.err());
            String why = inHeader == 0
                    ? "its index (the moov box, which a plain mp4 writes last) is missing, as in an mp4 cut before its "
                            + "recorder finished; nothing can be read from it"
                    : "it ends at byte " + (moovAt + inHeader) + ", " + inHeader + (inHeader == 1 ? " byte" : " bytes")
                            + " into its next box's header, " + (inHeader > 4 ? "where its index (the moov box) begins"
                                    : "before the box's type, where a plain mp4's index (the moov box) begins")
                            + ": the file is truncated; nothing can be read from it";
            assertEquals("cam4j: error: cannot read video " + cut + ": " + why, r.err().strip());
            assertFalse(Files.exists(out), "nothing written for " + cut);
        }
    }

    /**
     * An mp4 that ends inside its index (moov) opens in FFmpeg with no frame in its tracks: one whose index comes first
     * (faststart) cut midway, an old QuickTime file (no ftyp, moov first) likewise, a plain mp4 cut in its last bytes.
     * The run said "holds no video frames; nothing was written", as of an empty recording; it now says where the index
     * is cut. A plain mp4 cut early in its moov, where FFmpeg finds no track, said "holds no frames" and now says so
     * too. The QuickTime file whole is read as any video.
     */
    @Test
    void anMp4CutInsideItsIndexIsSaidToBeTruncated() throws Exception {
        Path faststart = tmp.resolve("index-first.mp4");
        LiveStreams.mp4(faststart, 25, true);
        Path quickTime = TestVideos.withoutFtyp(faststart, tmp.resolve("no-ftyp.mov"));
        Path out = tmp.resolve("cut-index-out.mp4");
        CliRun whole = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), quickTime.toString(), "--out",
                out.toString());
        assertEquals(0, whole.exitCode(), whole.err());
        assertTrue(whole.out().startsWith("wrote " + out + ": 25 frames"), whole.out());
        Files.delete(out);
        byte[] fast = Files.readAllBytes(faststart);
        int ftyp = java.nio.ByteBuffer.wrap(fast).getInt(0);
        int moov = java.nio.ByteBuffer.wrap(fast).getInt(ftyp);
        assertEquals("moov", new String(fast, ftyp + 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
        byte[] plain = Files.readAllBytes(clip);
        int plainMoov = java.nio.ByteBuffer.wrap(plain).getInt(lastBoxAt(plain));
        assertEquals("moov", new String(plain, lastBoxAt(plain) + 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
        Object[][] cases = {
            // file, bytes kept, bytes of the moov kept, the moov's size
            {faststart, ftyp + moov / 2, moov / 2, moov},
            {quickTime, moov / 2, moov / 2, moov},
            {clip, plain.length - 100, plainMoov - 100, plainMoov},
            // A plain mp4 cut early in its moov, 20 bytes in or halfway: FFmpeg finds no track at all ("Did not find a
            // video or audio stream"), which had been said as "holds no frames (no usable video or audio stream)".
            {clip, lastBoxAt(plain) + 20, 20, plainMoov},
            {clip, lastBoxAt(plain) + plainMoov / 2, plainMoov / 2, plainMoov}};
        for (Object[] c : cases) {
            Path source = (Path) c[0];
            int kept = (int) c[1];
            Path cut = Files.write(tmp.resolve("cut-index-" + kept + "-" + source.getFileName()),
                    java.util.Arrays.copyOf(Files.readAllBytes(source), kept));
            CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), cut.toString(), "--out",
                    out.toString());
            assertEquals(1, r.exitCode(), r.err());
            assertEquals("cam4j: error: cannot read video " + cut + ": its index (the moov box) is cut off after " + c[2]
                    + " of its " + c[3] + " bytes, where the file ends (at byte " + kept + "): the file is truncated; "
                    + "nothing can be read from it", r.err().strip());
            assertFalse(Files.exists(out), "nothing written for " + cut);
        }
    }

    /**
     * A plain mp4 whose index's header gives a 64-bit size (size field 1, 'moov', then 8 bytes of size, as for an index
     * past 4 GB) cut inside those 8 bytes, or just before them: FFmpeg finds no index and refuses it as "Invalid data
     * found when processing input", which was said as "FFmpeg cannot open it (not a video, or truncated)". It is now
     * said where the index is cut. The file whole is read as any video.
     */
    @Test
    void anMp4CutInsideItsIndexs64BitSizeIsSaidToBeTruncated() throws Exception {
        Path large = tmp.resolve("large-moov-size.mp4");
        int moovAt = TestVideos.with64BitIndexSize(clip, large);
        Path out = tmp.resolve("large-moov-size-out.mp4");
        CliRun whole = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), large.toString(), "--out",
                out.toString());
        assertEquals(0, whole.exitCode(), whole.err());
        assertTrue(whole.out().startsWith("wrote " + out + ": 12 frames"), whole.out());
        Files.delete(out);
        byte[] bytes = Files.readAllBytes(large);
        // 8: the size field and the type, none of the 64-bit size; 12 and 15: inside it.
        for (int inHeader : new int[] {8, 12, 15}) {
            int kept = moovAt + inHeader;
            Path cut = Files.write(tmp.resolve("large-moov-size-" + inHeader + ".mp4"),
                    java.util.Arrays.copyOf(bytes, kept));
            CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), cut.toString(), "--out",
                    out.toString());
            assertEquals(1, r.exitCode(), r.err());
            assertEquals("cam4j: error: cannot read video " + cut + ": its index (the moov box) is cut off after "
                    + inHeader + " of its header's 16 bytes, before the end of the 64-bit size that says how long it is,"
                    + " where the file ends (at byte " + kept + "): the file is truncated; nothing can be read from it",
                    r.err().strip());
            assertFalse(Files.exists(out), "nothing written for " + cut);
        }
    }

    /**
     * An mp4 whose index comes first (faststart) cut just after it, before its first frame ends, opens in FFmpeg with
     * a whole index and no frame in the file: the run said "holds no video frames; nothing was written", as of an empty
     * recording (the index was not cut, so Mp4CutIndex found nothing). It is said to end before its first frame.
     */
    @Test
    void aFaststartMp4CutBeforeItsFirstFrameIsSaidToBeTruncated() throws Exception {
        Path faststart = tmp.resolve("first-frame-cut.mp4");
        LiveStreams.mp4(faststart, 25, true);
        byte[] fast = Files.readAllBytes(faststart);
        int ftyp = java.nio.ByteBuffer.wrap(fast).getInt(0);
        int moov = java.nio.ByteBuffer.wrap(fast).getInt(ftyp);
        assertEquals("moov", new String(fast, ftyp + 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
        Path out = tmp.resolve("first-frame-cut-out.mp4");
        // The mdat's header kept, and then its header and 30 bytes: the first frame (a 160x120 keyframe) is longer
        // than that, as the parsed message's own number checks.
        for (int kept : new int[] {ftyp + moov + 8, ftyp + moov + 38}) {
            Path cut = Files.write(tmp.resolve("first-frame-cut-" + kept + ".mp4"), java.util.Arrays.copyOf(fast, kept));
            CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), cut.toString(), "--out",
                    out.toString());
            assertEquals(1, r.exitCode(), r.err());
            String prefix = "cam4j: error: cannot read video " + cut + ": it ends at byte " + kept
                    + ", before its first video frame does (at byte ";
            assertTrue(r.err().strip().startsWith(prefix), r.err());
            String suffix = ", as its index, the moov box, places it): the file is truncated; nothing can be read from it";
            assertTrue(r.err().strip().endsWith(suffix), r.err());
            long firstEnd = Long.parseLong(r.err().strip().substring(prefix.length(),
                    r.err().strip().length() - suffix.length()));
            assertTrue(firstEnd > kept && firstEnd <= fast.length, "where the first frame ends: " + firstEnd);
            assertFalse(Files.exists(out), "nothing written for " + cut);
        }
    }

    /**
     * A Matroska file cut in its header, after its Segment's size (which says how long the file is) and before its
     * tracks, failed as FFmpeg's "Input/output error", which reads as a failing disk; cut after its tracks, before its
     * first frame (Cluster), it opened and "held no video frames". Both now say where the file ends of the bytes its
     * header announces.
     */
    @Test
    void aMatroskaFileCutBeforeItsFirstFrameIsSaidToBeTruncated() throws Exception {
        Path mkv = tmp.resolve("whole.mkv");
        TestVideos.mux(mkv, List.of(clip), 1);
        byte[] bytes = Files.readAllBytes(mkv);
        int cluster = indexOf(bytes, new byte[] {0x1F, 0x43, (byte) 0xB6, 0x75});
        assertTrue(cluster > 200, "the first Cluster comes after the header: " + cluster);
        Path out = tmp.resolve("cut-mkv-out.mp4");
        for (int kept : new int[] {200, cluster}) {
            Path cut = Files.write(tmp.resolve("cut-" + kept + ".mkv"), java.util.Arrays.copyOf(bytes, kept));
            CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), cut.toString(), "--out",
                    out.toString());
            assertEquals(1, r.exitCode(), r.err());
            assertEquals("cam4j: error: cannot read video " + cut + ": it ends at byte " + kept + " of the "
                    + bytes.length + " its header (a Matroska Segment) announces, before its first frame: the file is "
                    + "truncated; nothing can be read from it", r.err().strip());
            assertFalse(Files.exists(out), "nothing written for " + cut);
        }
    }

    /**
     * A Matroska file cut sooner than its Segment's size (the element that holds its tracks and frames, whose size says
     * how long the file is): inside its EBML header (its first 40 bytes, as FFmpeg writes it: ID, size, the header's
     * version and doctype), at the header's end, or inside the Segment's ID and size. FFmpeg refused it as "Invalid data
     * found when processing input" (in the header) or "End of file" (after it), said as "FFmpeg cannot open it (not a
     * video, or truncated)"; it is now said where it ends.
     */
    @Test
    void aMatroskaFileCutInItsHeaderIsSaidToBeTruncated() throws Exception {
        Path mkv = tmp.resolve("header-cut.mkv");
        TestVideos.mux(mkv, List.of(clip), 1);
        byte[] bytes = Files.readAllBytes(mkv);
        // The EBML header's ID, then its size in one byte (0x80 | size), then that many bytes.
        assertEquals(0x1A45DFA3, java.nio.ByteBuffer.wrap(bytes).getInt(0));
        assertEquals(0x80, bytes[4] & 0x80, "a 1-byte size");
        int header = 4 + 1 + (bytes[4] & 0x7F);
        assertEquals(0x18538067, java.nio.ByteBuffer.wrap(bytes).getInt(header), "the Segment follows the header");
        Path out = tmp.resolve("header-cut-out.mp4");
        String segment = "the Segment that holds its tracks and frames";
        String[] wheres = {
            "inside its header (a Matroska EBML header, whose length is cut off), before " + segment,
            "inside its header (a Matroska EBML header of " + header + " bytes), before " + segment,
            "after its header (a Matroska EBML header of " + header + " bytes), where " + segment + " begins",
            "after its header (a Matroska EBML header of " + header + " bytes), inside the ID and size of " + segment};
        int[] kepts = {4, 20, header, header + 6};
        for (int i = 0; i < kepts.length; i++) {
            Path cut = Files.write(tmp.resolve("header-cut-" + kepts[i] + ".mkv"),
                    java.util.Arrays.copyOf(bytes, kepts[i]));
            CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), cut.toString(), "--out",
                    out.toString());
            assertEquals(1, r.exitCode(), r.err());
            assertEquals("cam4j: error: cannot read video " + cut + ": it ends at byte " + kepts[i] + ", " + wheres[i]
                    + ": the file is truncated; nothing can be read from it", r.err().strip());
            assertFalse(Files.exists(out), "nothing written for " + cut);
        }
    }

    /**
     * Random bytes are no container: FFmpeg reads them as nothing it knows (or, named .mp4, as a mov with no index)
     * and says "Invalid data found when processing input". The walks that find a cut mp4 index or Matroska header,
     * which now run on FFmpeg's invalid data, find none, and FFmpeg's own line stands, naming the file and saying
     * first that it is not a video: no truncation is claimed.
     */
    @Test
    void randomBytesKeepFfmpegsLineAndAreNotCalledTruncated() throws Exception {
        java.util.Random random = new java.util.Random(7);
        Path out = tmp.resolve("random-out.mp4");
        for (String name : new String[] {"random.mp4", "random.mkv", "random.webm", "random.bin"}) {
            byte[] bytes = new byte[4096];
            random.nextBytes(bytes);
            Path in = Files.write(tmp.resolve(name), bytes);
            CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), in.toString(), "--out",
                    out.toString());
            assertEquals(1, r.exitCode(), r.err());
            assertEquals("cam4j: error: cannot read video " + in + ": FFmpeg cannot open it (not a video, or truncated):"
                    + " avformat_open_input() error -1094995529 (Invalid data found when processing input)",
                    r.err().strip());
            assertFalse(Files.exists(out), "nothing written for " + in);
        }
    }

    /** @return where {@code what} first occurs in {@code bytes}, or -1 */
    private static int indexOf(byte[] bytes, byte[] what) {
        for (int i = 0; i + what.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        return -1;
    }

    /** @return where an mp4's last top-level box starts (its moov, for a plain mp4) */
    private static int lastBoxAt(byte[] mp4) {
        int at = 0;
        while (at + java.nio.ByteBuffer.wrap(mp4).getInt(at) < mp4.length) {
            at += java.nio.ByteBuffer.wrap(mp4).getInt(at);
        }
        return at;
    }

    /**
     * What is piped into the command, given as {@code -}, as the system's names for it or as FFmpeg's ({@code pipe:0},
     * {@code pipe:}), is named as the standard input: it had been "cannot read video /dev/stdin" (or /proc/self/fd/0),
     * a path the user never typed, with JavaCV's 'Could not open input "/dev/stdin".' after FFmpeg's reason; pipe:0 was
     * "video pipe:0 does not exist".
     */
    @Test
    void aPipedStandardInputIsNamedAsSuch() throws Exception {
        for (String given : new String[] {"-", "/dev/stdin", "/proc/self/fd/0", "pipe:0"}) {
            org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/fd/0")), "Linux's names");
            Path out = tmp.resolve("stdin-" + given.length() + ".mp4");
            ProcessBuilder pb = new ProcessBuilder(CliProcess.command("video", "--model",
                    VideoPipelineTest.MODEL.toString(), given, "--out", out.toString()));
            // Unset, so that the launcher runs the command in a child JVM and filters TensorFlow's native log lines
            // (as PipedMp4IndexTest does): the standard input is passed on to it.
            pb.environment().remove("TF_ENABLE_ONEDNN_OPTS");
            pb.environment().remove("TF_CPP_MIN_LOG_LEVEL");
            Path err = tmp.resolve("stdin-err.txt");
            pb.redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            try (java.io.OutputStream in = p.getOutputStream()) {
                in.write("not a video\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the command ends");
            List<String> lines = Files.readAllLines(err).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
            assertEquals(List.of("cam4j: error: cannot read video - (standard input): FFmpeg cannot open it (not a "
                    + "video, or truncated): avformat_open_input() error -1094995529 (Invalid data found when "
                    + "processing input)"), lines, given);
            assertEquals(1, p.exitValue(), given);
        }
    }

    /**
     * The standard input is named {@code -} in the two refusals that still named it by the path it is read through:
     * an input redirected from {@code /dev/null} (a character device) and one redirected from the --out file itself.
     * Both had said "/dev/stdin", a path the user never typed.
     */
    @Test
    void aRedirectedStandardInputIsNamedAsSuchWhenRefused() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/fd/0")), "Linux's names");
        Path out = tmp.resolve("redirected.mp4");
        Files.copy(clip, out);
        String[][] cases = {
            {"/dev/null", "cam4j: error: video - (standard input) is a character device, not a regular file (nor a "
                    + "named pipe, which is read as a stream)"},
            {out.toString(), "cam4j: error: cannot write video " + out + ": it is the input video - (standard input) "
                    + "(the same file), which writing would destroy while it is read; choose another output"}};
        for (String[] c : cases) {
            ProcessBuilder pb = new ProcessBuilder(CliProcess.command("video", "--model",
                    VideoPipelineTest.MODEL.toString(), "-", "--out", out.toString(), "--force"));
            // Unset, so that the launcher runs the command in a child JVM and filters TensorFlow's native log lines
            // (as PipedMp4IndexTest does): the standard input is passed on to it.
            pb.environment().remove("TF_ENABLE_ONEDNN_OPTS");
            pb.environment().remove("TF_CPP_MIN_LOG_LEVEL");
            Path err = tmp.resolve("redirected-err.txt");
            pb.redirectInput(new java.io.File(c[0])).redirectError(err.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the command ends");
            List<String> lines = Files.readAllLines(err).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
            assertEquals(List.of(c[1]), lines, c[0]);
            assertEquals(1, p.exitValue(), c[0]);
        }
        assertEquals(Files.size(clip), Files.size(out), "the output named as the input is left as it was");
    }

    /**
     * A SavedModel copied without its {@code variables/} folder is the loader's one line naming the folder and what it
     * lacks, exit 1, and no video (as inspect and evaluate now say it; video already did: kept so that it stays so).
     */
    @Test
    void aModelFolderWithoutItsVariablesIsOneErrorLine() throws Exception {
        Path copy = SavedModelCopies.copyWithout(VideoPipelineTest.MODEL, tmp.resolve("no-variables"), "variables");
        Path out = tmp.resolve("no-variables.mp4");
        CliRun r = cam4j("video", "--model", copy.toString(), clip.toString(), "--out", out.toString());
        assertEquals(1, r.exitCode(), r.out());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("cam4j: error: SavedModel " + copy + " has no variables/variables.index: its"
                + " trained weights (variable '") && r.err().strip().endsWith("are missing; copy the whole SavedModel"
                + " folder, variables/ included") && r.err().strip().lines().count() == 1, r.err());
        assertFalse(Files.exists(out));
    }

    /**
     * A folder that cannot be written to was found only once the model had loaded, in FFmpeg's words ("avio_open2
     * error -30 (Read-only file system)" on a read-only mount). It is now one line before the model loads, naming --out
     * and the folder. A read-only mount needs root to make, and root may write to a folder whatever its permission
     * bits; Linux's /proc/sys is a folder no one may create files in, root included, and stands in for both here (a
     * read-only tmpfs, mounted by hand, was said "is on a read-only file system").
     */
    @Test
    void aFolderThatCannotBeWrittenToIsRefusedBeforeTheModelLoads() {
        Path sys = Path.of("/proc/sys");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(sys) && !Files.isWritable(sys), "Linux's /proc/sys");
        Path out = sys.resolve("explained.mp4");
        // The model does not exist: the folder must be checked first to be seen.
        CliRun r = cam4j("video", "--model", tmp.resolve("no-model").toString(), clip.toString(), "--out", out.toString());
        assertEquals(1, r.exitCode(), r.out());
        assertEquals("cam4j: error: --out " + out + " cannot be written: folder " + sys + " is not writable",
                r.err().strip());
        VideoException e = assertThrows(VideoException.class, () -> VideoPipeline.checkOutput(out, false));
        assertEquals("cannot write video " + out + ": folder " + sys + " is not writable", e.getMessage());
    }

    /**
     * --frames-dir at --out's path, or inside it (the video is a file), was found only once the model had loaded: the
     * folder was made, then FFmpeg could not write the video ("error -21 (Is a directory)"). It is now one line naming
     * both options, before the model loads, and nothing is made. The video may go in the frames folder.
     */
    @Test
    void aFramesFolderAtOrInsideTheVideoIsRefusedBeforeTheModelLoads() throws Exception {
        Path out = tmp.resolve("apart.mp4");
        String same = " are the same path: the frames go in a folder, the video in a file; name them apart";
        String inside = ", the video file; name a folder beside it";
        String[][] cases = {
            {out.toString(), out.toString(), "--frames-dir " + out + " and --out " + out + same},
            {tmp.resolve(".").resolve("apart.mp4").toString(), out.toString(),
                "--frames-dir " + tmp.resolve(".").resolve("apart.mp4") + " and --out " + out + same},
            {out.resolve("frames").toString(), out.toString(), "--frames-dir " + out.resolve("frames") + " lies inside --out "
                + out + inside},
        };
        for (String[] c : cases) {
            // The model does not exist: the options must be checked first to be seen.
            CliRun r = cam4j("video", "--model", tmp.resolve("no-model").toString(), clip.toString(), "--frames-dir", c[0],
                    "--out", c[1]);
            assertEquals(2, r.exitCode(), r.out());
            assertEquals("cam4j: error: " + c[2] + " (see 'cam4j video --help')", r.err().strip());
            assertFalse(Files.exists(out), "nothing made");
        }
        // An existing video, replaced with --force, is still a file.
        Files.copy(clip, out);
        CliRun forced = cam4j("video", "--model", tmp.resolve("no-model").toString(), clip.toString(), "--frames-dir",
                out.resolve("frames").toString(), "--out", out.toString(), "--force");
        assertEquals("cam4j: error: --frames-dir " + out.resolve("frames") + " lies inside --out " + out + inside
                + " (see 'cam4j video --help')", forced.err().strip());
        Files.delete(out);
        // The library says it too, before anything is made.
        VideoException e = assertThrows(VideoException.class, () -> VideoPipeline.builder().setTranscodeOnly()
                .optFramesDir(out).build().run(VideoInput.file(clip), out, VideoListener.NONE));
        assertEquals("cannot write frames to " + out + ": it is the path of the video " + out + "; the frames need a "
                + "folder of their own", e.getMessage());
        assertFalse(Files.exists(out));

        Path together = Files.createDirectories(tmp.resolve("together"));
        CliRun ok = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), clip.toString(), "--frames-dir",
                together.toString(), "--out", together.resolve("explained.mp4").toString(), "--max-frames", "2");
        assertEquals(0, ok.exitCode(), ok.err());
        assertEquals(2, TestVideos.countFrames(together.resolve("explained.mp4")));
        assertTrue(Files.exists(VideoPipeline.framePng(together, 1)));
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
                // A negative class is a command line that cannot mean anything; 10 does not fit this model: both usage
                // errors (exit 2), as maximize's --classes 42 is.
                assertEquals(2, r.exitCode(), r.out());
                assertEquals(c.equals("-1") ? "cam4j: error: --class must be 0 or more, got -1 (see 'cam4j video --help')"
                        : "cam4j: error: --class 10 is out of range: the model has 10 classes (0..9) (see 'cam4j video"
                        + " --help')", r.err().strip());
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
            assertEquals(2, r.exitCode(), r.out());
            assertEquals("cam4j: error: --out " + out + " must end in .mp4: cam4j video writes an H.264 mp4 (see 'cam4j"
                    + " video --help')", r.err().strip());
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

        // Counted in whole macroblocks, as the encoder counts: 9.43 M pixels passed, and the encoder failed after the
        // model's load with "Could not open video codec" (helper-164).
        Path padded = tmp.resolve("padded.y4m");
        TestVideos.greyY4m(padded, 3842, 2456, 1, i -> new byte[3842 * 2456]);
        CliRun p = cam4j("video", "--model", tmp.resolve("no-model").toString(), padded.toString(), "--out",
                out.toString());
        assertEquals(1, p.exitCode(), p.out());
        assertEquals("cam4j: error: cannot write video " + out + ": the frames of " + padded + " are 3842x2456, which"
                + " the encoder codes as 3856x2464 (whole 16x16 macroblocks), 9501184 pixels, above the 9437184 (e.g."
                + " 4096x2304 or 3840x2160) the H.264 encoder (openh264) takes; scale the video down first",
                p.err().strip());
        Files.delete(padded);
    }

    @Test
    void aHugeScaleIsRefusedBeforeTheModelLoads() {
        // The model does not exist: the scale must be checked first to be seen.
        CliRun r = cam4j("video", "--model", tmp.resolve("no-model").toString(), clip.toString(), "--out",
                tmp.resolve("huge.mp4").toString(), "--scale", "1000");
        assertEquals(1, r.exitCode(), r.out());
        assertEquals("cam4j: error: --scale 1000 on video " + clip + ": a 160x120 region scaled by 1000.000 is "
                + "160000x120000 (19200.0 megapixels), above the 2048x2048 pixels the model is fed at most: lower the "
                + "scale", r.err().strip());
    }

    /**
     * A piped video's frame size is first known as the run opens it, after the model has loaded: a --roi outside its
     * frame or a --scale too large for it was said without the option or the video ("region of interest 400,0,10,10
     * (x,y,w,h) does not lie inside the 160x120 frame", helper-219's audit), where a file's is said with both.
     */
    @Test
    void aPipedVideosFrameSizeRefusesARegionOrScaleNamingTheOptionAndTheVideo() throws Exception {
        Path y4m = tmp.resolve("piped.y4m");
        TestVideos.greyY4m(y4m, 160, 120, 5, i -> new byte[160 * 120]);
        byte[] bytes = Files.readAllBytes(y4m);
        String[][] cases = {
            {"--roi", "400,0,10,10", "cam4j: error: --roi 400,0,10,10: region of interest 400,0,10,10 (x,y,w,h) does "
                    + "not lie inside the 160x120 frame of video - (standard input)"},
            {"--scale", "1e9", "cam4j: error: --scale 1e9 on video - (standard input): a 160x120 region scaled by "
                    + "1.00e+09 is far larger, above the 2048x2048 pixels the model is fed at most: lower the scale"}};
        for (String[] c : cases) {
            Path out = tmp.resolve("piped-refused.mp4");
            ProcessBuilder pb = new ProcessBuilder(CliProcess.command("video", "--model",
                    VideoPipelineTest.MODEL.toString(), "-", "--out", out.toString(), c[0], c[1]));
            // Unset, so that the launcher filters TensorFlow's native log lines (as aPipedStandardInputIsNamedAsSuch).
            pb.environment().remove("TF_ENABLE_ONEDNN_OPTS");
            pb.environment().remove("TF_CPP_MIN_LOG_LEVEL");
            Path err = tmp.resolve("piped-refused-err.txt");
            pb.redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            Thread writer = new Thread(() -> {
                try (java.io.OutputStream in = p.getOutputStream()) {
                    in.write(bytes);
                } catch (java.io.IOException stoppedReading) {
                    // The run refuses the stream after its first frame: the rest of the pipe is not read.
                }
            });
            writer.start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the command ends");
            writer.join();
            List<String> lines = Files.readAllLines(err).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
            assertEquals(List.of(c[2]), lines, c[0]);
            assertEquals(1, p.exitValue(), c[0]);
            assertFalse(Files.exists(out), c[0]);
        }
    }

    @Test
    void parameterErrorsNameTheOptionBeforeTheModelLoads() throws Exception {
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "not a folder");
        // A value no command line can mean exits 2 and names the help; one that does not fit this input or folder, 1.
        String help = " (see 'cam4j video --help')";
        String[][] cases = {
            {"--every", "0", "--every must be at least 1, got 0" + help, "2"},
            {"--smooth", "0", "--smooth must be in (0, 1] (1 = off), got 0" + help, "2"},
            {"--smooth", "1.5", "--smooth must be in (0, 1] (1 = off), got 1.5" + help, "2"},
            {"--roi", "10,10,0,50", "--roi 10,10,0,50 is empty: its width and height must be at least 1" + help, "2"},
            // Had been "--roi '10,10,-5,20' must be four integers x,y,w,h", which it is (helper-219's audit).
            {"--roi", "10,10,-5,20", "--roi 10,10,-5,20 has a negative size: its width and height must be at least 1"
                    + help, "2"},
            // Had been "region of interest -1,0,5,5 (x,y,w,h) does not lie inside the 160x120 frame" (exit 1) for a
            // file, and the library's "optRoi: ..." once the model had loaded for a pipe.
            {"--roi", "-1,0,5,5", "--roi -1,0,5,5 has a negative corner: x and y are frame pixels, 0 or more" + help,
                "2"},
            {"--roi", "100,100,100,100", "--roi 100,100,100,100: region of interest 100,100,100,100 (x,y,w,h) does not"
                + " lie inside the 160x120 frame of video " + clip, "1"},
            // A file where the folder goes is a command line at fault, as --out naming a folder is: it had exited 1 as
            // "cannot write frames to F: it is a file, not a folder", naming no option.
            {"--frames-dir", file.toString(), "--frames-dir " + file + " is a file, not a folder; name a folder for the"
                + " frame PNGs (created if absent)" + help, "2"},
            // Below a file: found only after the model's load, as "FileSystemException: ...: Not a directory" (helper-164).
            {"--frames-dir", file.resolve("sub").toString(), "--frames-dir " + file.resolve("sub") + " cannot be"
                + " created: " + file.toAbsolutePath().normalize() + " is a file, not a folder" + help, "2"},
            {"--scale", "0", "--scale '0' must be auto or a positive number such as 0.5" + help, "2"},
            {"--scale", "big", "--scale 'big' must be auto or a positive number such as 0.5" + help, "2"},
        };
        for (String[] c : cases) {
            // The model does not exist: the option must be checked first to be seen.
            CliRun r = cam4j("video", "--model", tmp.resolve("no-model").toString(), clip.toString(), "--out",
                    tmp.resolve("params.mp4").toString(), c[0], c[1]);
            assertEquals(Integer.parseInt(c[3]), r.exitCode(), r.out());
            assertEquals("cam4j: error: " + c[2], r.err().strip());
        }
    }

    /**
     * One frame more, 3.1 s after the first: the bar's pace is taken from its first draw that saw a frame written (its
     * timer draws every 250 ms), so at most 1 / (3.1 - 2) frames a second even if that draw came 2 s late, "0.x".
     */
    @Test
    void theProgressBarWritesSlowSpeedsWithALeadingZero() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (VideoProgressBar bar = new VideoProgressBar(new java.io.PrintStream(bytes, true,
                java.nio.charset.StandardCharsets.UTF_8))) {
            bar.started(new VideoInfo("clip", 160, 120, 25, 10, 0, 0));
            bar.written(1);
            Thread.sleep(3100);
            bar.written(2);
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

    /** Frames of the long clip the kill tests run on: a minute at 25 fps, far more than is written before the kill. */
    private static final int LONG_FRAMES = 1500;

    /**
     * A plain mp4 writes its index (moov) at its end: a run killed (SIGKILL, the OOM killer, a JVM crash, a power cut)
     * left a file that did not open at all, "moov atom not found". A fragmented one opens up to its last whole
     * fragment: the frames written before the kill, in order, from the first, at the input's size. The same kill of a
     * run writing a plain mp4 shows that the kill came midway, and what --fragmented saves.
     */
    @Test
    void aKilledRunLeavesAFragmentedVideoThatPlaysUpToThere() throws Exception {
        Path longClip = longClip();
        Path fragmented = tmp.resolve("killed-fragmented.mp4");
        killMidway(longClip, fragmented, "--fragmented");
        List<Long> times = decodedTimes(fragmented);
        assertTrue(times.size() > 0 && times.size() < LONG_FRAMES, times.size() + " frames");
        for (int i = 0; i < times.size(); i++) {
            assertEquals(i * 40_000L, times.get(i), "frame " + i + " of " + times.size() + ", at 25 fps from the first");
        }

        Path plain = tmp.resolve("killed-plain.mp4");
        killMidway(longClip, plain, "--no-fragmented");
        assertThrows(FrameGrabber.Exception.class, () -> decodedTimes(plain), "a plain mp4 killed midway does not open");
    }

    /**
     * {@code java -jar cam4j.jar} runs the command in a child JVM (to set TensorFlow's variables). A SIGKILL to that
     * first process ran none of its hooks, so nothing passed the stop on, and the child ran on to the end of its input
     * (on a camera, for ever). The child now follows the launcher: it stops as on Ctrl-C and closes the video, which
     * plays, holding the frames up to the stop. Before, this test's video held every frame of the clip.
     */
    @Test
    void aKilledLauncherStopsItsChildAndTheVideoPlays() throws Exception {
        Path out = tmp.resolve("launcher-killed.mp4");
        ProcessBuilder pb = new ProcessBuilder(CliProcess.command("video", "--model", VideoPipelineTest.MODEL.toString(),
                longClip().toString(), "--out", out.toString(), "--no-fragmented"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        // Unset, so that the launcher starts its child as it does for a user.
        pb.environment().remove("TF_ENABLE_ONEDNN_OPTS");
        pb.environment().remove("TF_CPP_MIN_LOG_LEVEL");
        Process launcher = pb.start();
        ProcessHandle child;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (launcher.isAlive() && (!Files.exists(out) || Files.size(out) < 20_000) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            child = launcher.descendants().findFirst().orElseThrow(() -> new AssertionError("the launcher has no child"));
        } finally {
            launcher.destroyForcibly();
        }
        try {
            child.onExit().get(60, TimeUnit.SECONDS);
        } finally {
            child.destroyForcibly();
        }
        List<Long> times = decodedTimes(out);
        assertTrue(times.size() > 0 && times.size() < LONG_FRAMES, times.size() + " of " + LONG_FRAMES + " frames");
    }

    /**
     * A SIGKILL of the child JVM (kill -9, the out-of-memory killer) runs no code of its own; the launcher, which
     * outlives it, says so, and that a plain mp4 cut so does not play. It said nothing and exited 137.
     */
    @Test
    void aKilledChildIsSaidByItsLauncher() throws Exception {
        Path out = tmp.resolve("child-killed.mp4");
        Path stderr = tmp.resolve("child-killed.txt");
        ProcessBuilder pb = new ProcessBuilder(CliProcess.command("video", "--model", VideoPipelineTest.MODEL.toString(),
                longClip().toString(), "--out", out.toString(), "--no-fragmented"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile());
        // Unset, so that the launcher starts its child as it does for a user.
        pb.environment().remove("TF_ENABLE_ONEDNN_OPTS");
        pb.environment().remove("TF_CPP_MIN_LOG_LEVEL");
        Process launcher = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (launcher.isAlive() && (!Files.exists(out) || Files.size(out) < 20_000) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            ProcessHandle child = launcher.descendants().findFirst()
                    .orElseThrow(() -> new AssertionError("the launcher has no child"));
            child.destroyForcibly();
            assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "the launcher ends with its child");
        } finally {
            launcher.destroyForcibly();
        }
        assertEquals(128 + 9, launcher.exitValue());
        String[] lines = Files.readString(stderr).split("[\r\n]+");
        assertEquals("cam4j: error: the JVM running the command was killed (SIGKILL: kill -9, or the system's"
                + " out-of-memory killer); what it was writing may be cut short (a video plays up to where it stopped only"
                + " if written in fragments: --fragmented, the default for a camera and a pipe)", lines[lines.length - 1]);
    }

    /** How a run ended: its exit value and its standard error's last line. */
    private record Ended(int exit, String error) {}

    /**
     * Runs cam4j under {@code ulimit -f blocks} (sh's 512-byte blocks a file), which fails a write past that size as a
     * full disk does, its standard error to {@code stderr}.
     */
    private static Ended underFileLimit(int blocks, Path stderr, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "ulimit -f " + blocks
                + " && exec \"$0\" \"$@\""));
        command.addAll(CliProcess.command(args));
        Process p = CliProcess.builder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile()).start();
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run ends");
        } finally {
            p.destroyForcibly();
        }
        String[] lines = Files.readString(stderr).split("[\r\n]+");
        return new Ended(p.exitValue(), lines[lines.length - 1]);
    }

    /**
     * A full disk (here the limit on the size of a file a process may write, {@code ulimit -f}, which fails a write
     * with "File too large" as a full disk fails it with "No space left on device") stops the run in one line that
     * says whether what was written plays: a fragmented mp4 up to its last whole fragment, a plain one not at all.
     */
    @Test
    void aFullDiskSaysWhetherTheVideoWrittenPlays() throws Exception {
        Path longClip = longClip();
        for (String mode : new String[] {"--fragmented", "--no-fragmented"}) {
            Path out = tmp.resolve("full" + mode + ".mp4");
            Path stderr = tmp.resolve("full" + mode + ".txt");
            Ended run = underFileLimit(400, stderr, "video", "--model", VideoPipelineTest.MODEL.toString(),
                    longClip.toString(), "--out", out.toString(), mode);
            String error = run.error();
            assertEquals(1, run.exit(), error);
            assertTrue(error.matches("cam4j: error: cannot write video " + java.util.regex.Pattern.quote(out.toString())
                    + " at frame \\d+: .*File too large.*"), error);
            if (mode.equals("--fragmented")) {
                assertTrue(error.endsWith("; the video written plays up to its last whole fragment"), error);
                List<Long> times = decodedTimes(out);
                assertTrue(times.size() >= 25, times.size() + " frames");
                assertEquals((times.size() - 1) * 40_000L, times.get(times.size() - 1), "every frame up to there");
            } else {
                assertTrue(error.endsWith("; the video written does not play: a plain mp4's index is written at its end"
                        + " (a fragmented mp4 plays up to where writing stopped)"), error);
                assertThrows(FrameGrabber.Exception.class, () -> decodedTimes(out));
            }
        }
    }

    /**
     * A full disk as a plain mp4 is finished (here {@code ulimit -f 200}, 100 KiB in sh's 512-byte blocks, under the
     * about 215 KB this clip of noise makes: the muxer holds a plain mp4 until its end, so the write fails only there)
     * stops the run in one line saying the video does not play. The trailer's failure went unsaid: "wrote ...: 100
     * frames", exit 0, and a file cut at 100 KiB that does not open (as on a 200 KiB tmpfs, 48 KiB left).
     */
    @Test
    void aFullDiskAsTheVideoIsFinishedIsSaid() throws Exception {
        Path noise = tmp.resolve("noise-96.y4m");
        java.util.Random random = new java.util.Random(5);
        TestVideos.greyY4m(noise, 96, 96, 100, i -> {
            byte[] y = new byte[96 * 96];
            random.nextBytes(y);
            return y;
        });
        Path out = tmp.resolve("full-at-end.mp4");
        Path stderr = tmp.resolve("full-at-end.txt");
        Ended run = underFileLimit(200, stderr, "video", "--model", VideoPipelineTest.MODEL.toString(),
                noise.toString(), "--out", out.toString(), "--no-fragmented");
        String error = run.error();
        assertEquals(1, run.exit(), error);
        assertEquals("cam4j: error: cannot finish video " + out + ": av_write_trailer() error -27 (File too large)"
                + " while writing the mp4's end; the video written does not play: a plain mp4's index is written at its"
                + " end (a fragmented mp4 plays up to where writing stopped)", error);
        assertThrows(FrameGrabber.Exception.class, () -> decodedTimes(out));
    }

    /**
     * A full disk under {@code --frames-dir} (here {@code ulimit -f 200}: 100 KiB a file in sh's 512-byte blocks,
     * which the PNG of a 320x240 frame of noise passes and the PNGs of black frames, a few KiB, and the video of eleven
     * frames, do not) stops the run
     * naming the PNG, and says whether the video written plays: a plain mp4 every frame up to the one whose PNG failed,
     * a fragmented one up to its last whole fragment. The line had said nothing of the video.
     */
    @Test
    void aFullDiskUnderTheFramesFolderSaysTheVideoWrittenPlays() throws Exception {
        Path late = tmp.resolve("noise-late.y4m");
        java.util.Random random = new java.util.Random(3);
        TestVideos.greyY4m(late, 320, 240, 14, i -> {
            byte[] y = new byte[320 * 240];
            if (i >= 10) {
                random.nextBytes(y);
            }
            return y;
        });
        for (String mode : new String[] {"--fragmented", "--no-fragmented"}) {
            Path out = tmp.resolve("full-frames" + mode + ".mp4");
            Path frames = tmp.resolve("full-frames" + mode);
            Path stderr = tmp.resolve("full-frames" + mode + ".txt");
            Ended run = underFileLimit(200, stderr, "video", "--model", VideoPipelineTest.MODEL.toString(),
                    late.toString(), "--out", out.toString(), "--frames-dir", frames.toString(), mode);
            String error = run.error();
            assertEquals(1, run.exit(), error);
            String written = "cam4j: error: cannot write image " + frames.resolve("frame-000010.png") + " (OpenCV's"
                    + " imwrite failed: check permissions and free space); the video written, " + out + ", ";
            // A fragmented mp4's last fragment may be lost to a full disk too (with 50 KiB it was), so it is said to
            // play up to its last whole one; a plain mp4 that opens holds every frame recorded.
            assertEquals(written + (mode.equals("--fragmented") ? "plays up to its last whole fragment"
                    : "plays its first 11 frames"), error);
            assertEquals(11, TestVideos.countFrames(out), mode);
            try (var pngs = Files.list(frames)) {
                assertEquals(10, pngs.count(), "frames 0 to 9, and no PNG cut short");
            }
        }
    }

    /**
     * A whole fragmented run reads back as a plain one does: every frame, evenly spaced, and the sound with them to the
     * end. With sound, pictures and sound both come 23 ms later than in a plain mp4, whose edit list hides the AAC
     * encoder's priming (1024 samples at 44.1 kHz) where a fragmented mp4, which has no list of frames up front, plays
     * it; the first picture is shown that much longer.
     */
    @Test
    void aFragmentedVideoReadsBackWhole() throws Exception {
        Path tone = tmp.resolve("tone-for-fragments.mkv");
        TestVideos.toneClip(tone, 60, 44100, 1);
        Path out = tmp.resolve("fragmented-whole.mp4");
        CliRun r = cam4j("video", "--model", VideoPipelineTest.MODEL.toString(), tone.toString(), "--out", out.toString(),
                "--fragmented");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(new String(Files.readAllBytes(out), java.nio.charset.StandardCharsets.ISO_8859_1).contains("moof"),
                "written in fragments");
        List<Long> times = decodedTimes(out);
        assertEquals(60, times.size());
        assertEquals(0, times.get(0));
        long priming = times.get(1) - 40_000;
        assertEquals(1024 / 44100.0, priming / 1e6, 0.001, "the AAC encoder's priming");
        for (int i = 1; i < times.size(); i++) {
            assertEquals(i * 40_000L + priming, times.get(i));
        }
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(out.toFile())) {
            g.start();
            assertEquals(1, g.getAudioChannels());
            assertEquals(2.4 + priming / 1e6, g.getLengthInTime() / 1e6, 0.001, "60 frames at 25 fps, and their sound");
            long soundEnd = 0;
            for (Frame f; (f = g.grabSamples()) != null; ) {
                soundEnd = f.timestamp + f.samples[0].limit() * 1_000_000L / g.getSampleRate();
            }
            assertEquals(2.4 + priming / 1e6, soundEnd / 1e6, 0.03, "the sound goes on to the end");
        }
    }

    /** The kill tests' clip, written once: a minute of one digit at a time gliding across 160x120 at 25 fps. */
    private static synchronized Path longClip() throws Exception {
        Path longClip = tmp.resolve("long.mp4");
        if (!Files.exists(longClip)) {
            TestVideos.movingDigits(longClip, Dataset.open(SharedData.mnist()).test(), 160, 120, LONG_FRAMES, 1, false,
                    25, false);
        }
        return longClip;
    }

    /**
     * Runs {@code cam4j video} on the clip in a JVM of its own and kills it (SIGKILL: no hook runs, nothing is closed)
     * once the output holds about 150 KB, some seconds of video, long before the run's end.
     */
    private static void killMidway(Path clip, Path out, String mode) throws Exception {
        Process p = CliProcess.builder(CliProcess.command("video", "--model", VideoPipelineTest.MODEL.toString(),
                clip.toString(), "--out", out.toString(), mode)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (p.isAlive() && (!Files.exists(out) || Files.size(out) < 150_000) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(p.isAlive(), "the run is still going when it is killed (exit code "
                    + (p.isAlive() ? "" : p.exitValue()) + ")");
        } finally {
            p.destroyForcibly();
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(128 + 9, p.exitValue(), "killed by SIGKILL");
    }

    /** @return the times of the video's frames, decoded one by one, microseconds; each frame is 160x120 */
    private static List<Long> decodedTimes(Path video) throws FrameGrabber.Exception {
        List<Long> times = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile())) {
            g.start();
            for (Frame f; (f = g.grabImage()) != null; ) {
                assertEquals(160, f.imageWidth);
                assertEquals(120, f.imageHeight);
                times.add(f.timestamp);
            }
        }
        return times;
    }
}
