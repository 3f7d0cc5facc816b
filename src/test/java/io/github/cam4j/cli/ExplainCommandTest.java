package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.Box;
import io.github.cam4j.render.Images;
import io.github.cam4j.testing.DigitPhotos;
import io.github.cam4j.testing.SavedModelCopies;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cam4j explain} end to end on the bundled pooled model and real MNIST digits written as PNG files. */
class ExplainCommandTest {
    static final Path MODEL = SharedData.bundledModels().resolve("mnist-pooled");

    @TempDir
    static Path tmp;

    static Path seven;
    static Path two;

    @BeforeAll
    static void writeDigits() throws Exception {
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        seven = tmp.resolve("seven.png");
        two = tmp.resolve("two.png");
        try (Mat a = ArticleFigure.digit(test, 0); Mat b = ArticleFigure.digit(test, 1)) {
            Images.write(a, seven);
            Images.write(b, two);
        }
    }

    @Test
    void writesOneOverlayPerImageAndALinePerImage() throws Exception {
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), two.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("seven.png: class 7 p="), run.out());
        assertTrue(run.out().contains("two.png: class 2 p="), run.out());
        // A 28x28 digit is drawn 6 times enlarged (shorter side at least 160 px by default), so it can be seen and
        // its caption read; the box stays in the image's pixels.
        assertTrue(run.out().contains("seven-cam.png (drawn 6x enlarged)"), run.out());
        try (Mat overlay = Images.read(out.resolve("seven-cam.png"))) {
            assertEquals(168, overlay.rows());
            assertEquals(168, overlay.cols());
            assertEquals(3, overlay.channels());
        }
    }

    /**
     * A folder's PAM file (Netpbm's P7, which OpenCV reads) was left out of the run without a word, its extension not
     * among the pictures'; named directly it was explained.
     */
    @Test
    void aFoldersPamFileIsExplained() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("with-pam"));
        Files.copy(seven, folder.resolve("seven.png"));
        java.io.ByteArrayOutputStream pam = new java.io.ByteArrayOutputStream();
        pam.writeBytes("P7\nWIDTH 28\nHEIGHT 28\nDEPTH 1\nMAXVAL 255\nTUPLTYPE GRAYSCALE\nENDHDR\n".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII));
        try (Mat grey = Images.readFlat(two)) {
            byte[] pixels = new byte[28 * 28];
            grey.data().get(pixels);
            pam.writeBytes(pixels);
        }
        Files.write(folder.resolve("two.pam"), pam.toByteArray());
        Path out = tmp.resolve("out-pam");
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), folder.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("two.pam: class 2 p="), run.out());
        assertTrue(Files.isRegularFile(out.resolve("two-cam.png")));
    }

    /**
     * A multi-page TIFF (a scan of several sheets) had its first page explained without a word of the others: now a
     * warning names the file and its pages. A TIFF of one page, and a PNG, are not warned of.
     */
    @Test
    void aMultiPageTiffIsSaidToBeExplainedByItsFirstPageOnly() throws Exception {
        java.awt.image.BufferedImage first = javax.imageio.ImageIO.read(seven.toFile());
        java.awt.image.BufferedImage second = javax.imageio.ImageIO.read(two.toFile());
        Path pages = tmp.resolve("scan pages.tif");
        Path single = tmp.resolve("single.tif");
        javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("tiff").next();
        try (javax.imageio.stream.ImageOutputStream stream = javax.imageio.ImageIO.createImageOutputStream(pages.toFile())) {
            writer.setOutput(stream);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(new javax.imageio.IIOImage(first, null, null), null);
            writer.writeToSequence(new javax.imageio.IIOImage(second, null, null), null);
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        assertTrue(javax.imageio.ImageIO.write(first, "tiff", single.toFile()));
        Path out = tmp.resolve("out-pages");
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), pages.toString(), single.toString(),
                seven.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("scan pages.tif: class 7 p="), run.out());
        assertEquals("cam4j: warning: image " + pages + " holds 2 pages (a multi-page TIFF); only its first is explained:"
                + " save the others as pictures of their own to explain them", run.err().strip());
    }

    /**
     * A folder made for overlays of which none came is removed: explain nosuch.png --out e1/ said the picture did not
     * exist and left e1/ behind, empty (helper-152). A folder that was there before stays, and one that holds an
     * overlay stays.
     */
    @Test
    void aFolderMadeForOverlaysThatNeverCameIsRemoved() throws Exception {
        Path nosuch = tmp.resolve("nosuch.png");
        Path made = tmp.resolve("never-filled");
        CliRun none = CliRun.of("explain", "--model", MODEL.toString(), nosuch.toString(), "--out", made.toString());
        assertEquals(1, none.exitCode(), none.err());
        assertTrue(none.err().contains(nosuch + " does not exist"), none.err());
        assertTrue(Files.notExists(made), "no empty folder left");

        Path existing = Files.createDirectories(tmp.resolve("there-before"));
        CliRun again = CliRun.of("explain", "--model", MODEL.toString(), nosuch.toString(), "--out", existing.toString());
        assertEquals(1, again.exitCode(), again.err());
        assertTrue(Files.isDirectory(existing), "the user's folder stays");

        Path half = tmp.resolve("half-filled");
        CliRun some = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), nosuch.toString(), "--out",
                half.toString());
        assertEquals(1, some.exitCode(), some.err());
        assertTrue(Files.isRegularFile(half.resolve("seven-cam.png")), "the overlay that came stays");
    }

    /**
     * A SavedModel copied without its {@code variables/} folder is the loader's one line naming the folder and what it
     * lacks, exit 1, nothing on standard output and no overlay (as inspect and evaluate now say it; explain already
     * did: kept so that it stays so).
     */
    @Test
    void aFolderWithoutItsVariablesIsOneErrorLine() throws Exception {
        Path copy = SavedModelCopies.copyWithout(MODEL, tmp.resolve("no-variables"), "variables");
        Path out = tmp.resolve("out-no-variables");
        CliRun run = CliRun.of("explain", "--model", copy.toString(), seven.toString(), "--out", out.toString());
        assertEquals(1, run.exitCode(), run.out());
        assertEquals("", run.out());
        assertEquals("cam4j: error: SavedModel " + copy + " has no variables/variables.index: its trained weights"
                + " (variable 'conv2d_kernel' and others) are missing; copy the whole SavedModel folder, variables/"
                + " included", run.err().strip());
        assertFalse(Files.exists(out.resolve("seven-cam.png")));
    }

    /**
     * A forced polarity that leaves the picture mostly ink (light, for a model of light ink on dark) is warned of,
     * naming the picture and the option: {@code --invert always} on MNIST's own light-on-dark 7, and {@code never} on the
     * same 7 drawn dark on white at 112x112 (framed as a digit), were explained with nothing said. Still explained
     * (a warning, not a refusal); no warning where the option fits the picture, or under {@code auto}.
     */
    @Test
    void aForcedInversionThatLeavesThePictureMostlyInkIsWarnedOf() throws Exception {
        Path paper = tmp.resolve("paper-seven.png");
        try (Mat light = Images.read(seven); Mat dark = new Mat(); Mat big = new Mat()) {
            org.bytedeco.opencv.global.opencv_core.bitwise_not(light, dark);
            org.bytedeco.opencv.global.opencv_imgproc.resize(dark, big, new org.bytedeco.opencv.opencv_core.Size(112, 112));
            Images.write(big, paper);
        }
        CliRun always = CliRun.of("explain", "--model", MODEL.toString(), "--invert", "always", seven.toString(), "--out",
                tmp.resolve("always-out").toString());
        assertEquals(0, always.exitCode(), always.err());
        assertTrue(always.err().contains("cam4j: warning: --invert always made " + seven + " mostly ink ("), always.err());
        assertTrue(always.err().contains("its ink is probably light already; try --invert auto"), always.err());
        assertEquals(1, always.err().lines().filter(l -> l.contains("warning")).count(), always.err());
        assertTrue(Files.exists(tmp.resolve("always-out").resolve("seven-cam.png")));

        CliRun never = CliRun.of("explain", "--model", MODEL.toString(), "--invert", "never", paper.toString(), "--out",
                tmp.resolve("never-out").toString());
        assertEquals(0, never.exitCode(), never.err());
        assertTrue(never.err().contains("cam4j: warning: --invert never left " + paper + " mostly ink ("), never.err());
        assertTrue(never.err().contains("try --invert auto"), never.err());

        for (String[] fits : new String[][] {{"always", paper.toString()}, {"never", seven.toString()},
                {"auto", paper.toString()}, {"auto", seven.toString()}}) {
            CliRun ok = CliRun.of("explain", "--model", MODEL.toString(), "--invert", fits[0], fits[1], "--out",
                    tmp.resolve("fits-" + fits[0]).toString(), "--force");
            assertEquals(0, ok.exitCode(), ok.err());
            assertFalse(ok.err().contains("warning"), fits[0] + " " + fits[1] + ": " + ok.err());
            assertTrue(ok.out().contains("class 7"), ok.out());
        }
    }

    /**
     * A Keras model that crops its input before its convolutions ({@code resized-export}: Resizing to 32x32, then
     * CenterCrop to 28x28) sees only the middle of the picture, input pixels 1 to 26 (partly 1 and 26, never 0 and 27):
     * its map covers that part, outlined in white, and the rest of the overlay is the picture uncoloured; the line and
     * the JSON say which part ("seen"). No note: the crop is placed. The bundled model, which crops nothing, has no
     * "seen" part.
     */
    @Test
    void aModelThatCropsItsInputHasItsMapOnThePartItSaw() throws Exception {
        Path resized = Path.of("src/test/resources/keras3/resized-export");
        Path out = tmp.resolve("crop-out");
        CliRun run = CliRun.of("explain", "--model", resized.toString(), seven.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(run.err().contains("note"), run.err());
        assertTrue(run.out().contains(" (seen 1,1,26,26) -> "), run.out());
        try (Mat overlay = Images.read(out.resolve("seven-cam.png")); Mat picture = Images.read(seven)) {
            assertEquals(168, overlay.rows(), "drawn 6x enlarged");
            var o = overlay.createIndexer();
            var p = picture.createIndexer();
            try (o; p) {
                for (int i = 0; i < 28; i++) {
                    // The never-seen outer ring: the picture's own grey, in every channel (blocks of 6x6).
                    for (int[] q : new int[][] {{0, i}, {27, i}, {i, 0}, {i, 27}}) {
                        if (q[0] < 3 && q[1] < 14) {
                            continue; // the caption, top left (the 7's peak lies lower)
                        }
                        double grey = p.getDouble(q[0], q[1]);
                        for (int c = 0; c < 3; c++) {
                            assertEquals(grey, ((org.bytedeco.javacpp.indexer.UByteIndexer) o).get(q[0] * 6 + 2,
                                    q[1] * 6 + 2, c), 0.0, "pixel " + q[0] + "," + q[1]);
                        }
                    }
                }
                // The outline: picture pixel 1's block starts at overlay pixel 6 (right of the caption, which is drawn
                // over the outline).
                for (int c = 0; c < 3; c++) {
                    assertEquals(255, ((org.bytedeco.javacpp.indexer.UByteIndexer) o).get(6, 150, c));
                }
                // Inside, the heatmap colours the black ground: not grey.
                var u = (org.bytedeco.javacpp.indexer.UByteIndexer) o;
                assertTrue(u.get(3 * 6 + 2, 3 * 6 + 2, 0) != u.get(3 * 6 + 2, 3 * 6 + 2, 2), "coloured inside");
            }
        }
        CliRun json = CliRun.of("explain", "--model", resized.toString(), seven.toString(), "--json", "--out",
                tmp.resolve("crop-json").toString());
        assertEquals(0, json.exitCode(), json.err());
        JsonNode seen = new ObjectMapper().readTree(json.out()).get(0).get("seen");
        assertEquals(List.of(1, 1, 26, 26), List.of(seen.get("x").asInt(), seen.get("y").asInt(),
                seen.get("width").asInt(), seen.get("height").asInt()));
        CliRun plain = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--json", "--out",
                tmp.resolve("no-crop-out").toString());
        assertEquals(0, plain.exitCode(), plain.err());
        assertTrue(new ObjectMapper().readTree(plain.out()).get(0).get("seen").isNull(), plain.out());
        // A 10x10 picture, stretched to the input, is seen whole: no "seen" part (it was "seen 0,0,10,10").
        Path tiny = tmp.resolve("tiny10.png");
        try (Mat digit = Images.read(seven); Mat small = new Mat()) {
            org.bytedeco.opencv.global.opencv_imgproc.resize(digit, small, new org.bytedeco.opencv.opencv_core.Size(10, 10));
            Images.write(small, tiny);
        }
        CliRun whole = CliRun.of("explain", "--model", resized.toString(), tiny.toString(), "--json", "--out",
                tmp.resolve("crop-tiny-out").toString());
        assertEquals(0, whole.exitCode(), whole.err());
        assertTrue(new ObjectMapper().readTree(whole.out()).get(0).get("seen").isNull(), whole.out());
    }

    /**
     * A crop cam4j cannot read exactly (its bounds computed, here through an Identity, as a crop computed from the
     * picture's shape is) is stretched over the whole picture as before, and a note says so, naming the op and why.
     */
    @Test
    void aCropThatCannotBePlacedIsNoted() throws Exception {
        Path dir = io.github.cam4j.testing.ForeignModels.export(tmp.resolve("computed-crop"), (tf, random, in, outs) -> {
            var x = io.github.cam4j.testing.ForeignModels.images(tf, -1, 28, 28, 1);
            in.put("x", x);
            var cropped = tf.withName("crop").stridedSlice(x, tf.identity(tf.constant(new int[] {0, 2, 2, 0})),
                    tf.constant(new int[] {0, 26, 26, 0}), tf.constant(new int[] {1, 1, 1, 1}),
                    org.tensorflow.op.core.StridedSlice.beginMask(9L), org.tensorflow.op.core.StridedSlice.endMask(9L));
            var features = io.github.cam4j.testing.ForeignModels.trunk(tf, random, cropped, 1);
            outs.put("y", tf.withName("probs").nn.softmax(io.github.cam4j.testing.ForeignModels.dense(tf, random,
                    io.github.cam4j.testing.ForeignModels.gap(tf, features), io.github.cam4j.testing.ForeignModels.K, 10)));
        });
        CliRun run = CliRun.of("explain", "--model", dir.toString(), seven.toString(), "--out",
                tmp.resolve("computed-crop-out").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("cam4j: note: model " + dir + " crops or resizes its input before its features"
                + " (StridedSlice '"), run.err());
        assertTrue(run.err().contains("has bounds that are not constants"), run.err());
        assertTrue(run.err().contains("its map is stretched over the whole picture"), run.err());
        assertFalse(run.out().contains("(seen "), run.out());
    }

    @Test
    void minSideZeroKeepsTheOverlayAtTheImagesSize() throws Exception {
        Path out = tmp.resolve("native");
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--min-side", "0", "--json", "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\"overlay_scale\" : 1"), run.out());
        assertTrue(run.out().contains("\"method\" : \"CAM\"") && run.out().contains("\"heat\" : \"minmax\""),
                "the method and the colouring are said: " + run.out());
        try (Mat overlay = Images.read(out.resolve("seven-cam.png"))) {
            assertEquals(28, overlay.rows());
            assertEquals(28, overlay.cols());
        }
        CliRun bad = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--min-side", "-1", "--out",
                tmp.resolve("bad-side").toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--min-side must be 0"), bad.err());
    }

    @Test
    void aBundledModelOpensByNameFromAnyFolder() throws Exception {
        // The working directory (the repository) has no folder named mnist-unpooled: the name means the jar's copy.
        assertFalse(Files.exists(Path.of("mnist-unpooled")));
        Path out = tmp.resolve("by-name");
        CliRun run = CliRun.of("explain", "--model", "mnist-unpooled", seven.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("seven.png: class 7 p="), run.out());
        CliRun unknown = CliRun.of("explain", "--model", "mnist-big", seven.toString(), "--out", tmp.resolve("x").toString());
        assertEquals(1, unknown.exitCode());
        // One line naming the option and the names it takes, where it had been the loader's "model folder mnist-big
        // does not exist or is not a folder", which left a user who mistyped a bundled name looking for a folder.
        assertEquals("cam4j: error: --model mnist-big: no such folder, nor a bundled model's name (mnist-pooled,"
                + " mnist-unpooled)\n", unknown.err());
        Path absent = tmp.resolve("no-such-model");
        CliRun missing = CliRun.of("inspect", "--model", absent.toString());
        assertEquals(1, missing.exitCode());
        assertEquals("cam4j: error: --model " + absent + ": no such folder\n", missing.err());
    }

    @Test
    void aPhotoOfADigitIsFramedLikeMnist() throws Exception {
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        Path photoFile = tmp.resolve("photo.png");
        DigitPhotos.Photo photo = DigitPhotos.of(test, 0, new java.util.Random(5));
        int rows;
        try (Mat picture = photo.picture()) {
            rows = picture.rows();
            Images.write(picture, photoFile);
        }
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), photoFile.toString(), "--out",
                tmp.resolve("photo").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("photo.png: class " + test.label(0) + " p="), run.out());
        assertTrue(run.out().contains("(framed "), run.out());
        try (Mat overlay = Images.read(tmp.resolve("photo").resolve("photo-cam.png"))) {
            assertEquals(rows, overlay.rows(), "the overlay is drawn on the photo itself");
        }
        // The part of the photo the model saw: around the digit's ink, a small part of the photo.
        CliRun json = CliRun.of("explain", "--model", MODEL.toString(), photoFile.toString(), "--json", "--out",
                tmp.resolve("photo-json").toString());
        assertEquals(0, json.exitCode(), json.err());
        JsonNode framed = new ObjectMapper().readTree(json.out()).get(0).get("framed");
        Box seen = new Box(framed.get("x").asInt(), framed.get("y").asInt(), framed.get("width").asInt(),
                framed.get("height").asInt());
        Box ink = new Box(photo.inkBox().x(), photo.inkBox().y(), photo.inkBox().width(), photo.inkBox().height());
        assertEquals(ink, seen.intersect(ink), "the framed part " + seen + " holds the ink box " + ink);
        // MNIST's framing puts the ink box's longer side on 20 of the input's 28 pixels, so the input spans 1.4 times it
        // (a tenth more allowed for the faint edges the box is widened to, and a pixel for rounding).
        double side = 1.4 * Math.max(ink.width(), ink.height()) * 1.1 + 1;
        assertTrue(seen.width() <= side && seen.height() <= side, "framed " + seen + " around ink " + ink);
        CliRun bad = CliRun.of("explain", "--model", MODEL.toString(), photoFile.toString(), "--fit", "crop", "--out",
                tmp.resolve("bad").toString());
        assertEquals(2, bad.exitCode()); // a mistyped command line
        assertTrue(bad.err().contains("'--fit': 'crop' is not one of auto, digit, stretch"), bad.err());
    }

    @Test
    void aFolderStandsForTheImagesInIt() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("folder"));
        Files.copy(seven, folder.resolve("b-seven.png"));
        Files.copy(two, folder.resolve("a-two.png"));
        Files.writeString(folder.resolve("notes.txt"), "not an image, not taken");
        Path out = tmp.resolve("from-folder");
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), folder.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        String[] lines = run.out().trim().split("\n");
        assertEquals(2, lines.length, run.out());
        assertTrue(lines[0].startsWith(folder.resolve("a-two.png") + ": class 2"), "by name: " + lines[0]);
        assertTrue(lines[1].startsWith(folder.resolve("b-seven.png") + ": class 7"), lines[1]);
        Path empty = Files.createDirectories(tmp.resolve("no-images"));
        CliRun none = CliRun.of("explain", "--model", MODEL.toString(), empty.toString(), "--out", tmp.resolve("x").toString());
        assertEquals(1, none.exitCode());
        assertTrue(none.err().contains("folder " + empty + " holds no image file"), none.err());
    }

    @Test
    void aFolderOfManyImagesShowsProgressOnStandardError() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("many"));
        for (int i = 0; i < ExplainCommand.PROGRESS_FROM; i++) {
            Files.copy(seven, folder.resolve(String.format("d%02d.png", i)));
        }
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), folder.toString(), "--out",
                tmp.resolve("many-out").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("explain 100%") && run.err().contains(ExplainCommand.PROGRESS_FROM + "/"
                + ExplainCommand.PROGRESS_FROM + " images"), run.err());
        assertTrue(run.err().endsWith(System.lineSeparator()), "the bar's line is ended");
        if (!io.github.cam4j.ProgressBars.stderrIsTerminal()) {
            // Standard error is a pipe here, as a log: whole lines, not a bar redrawn over itself.
            assertFalse(run.err().contains("\r"), "a carriage return in a log: " + run.err());
        }
        assertEquals(ExplainCommand.PROGRESS_FROM, run.out().lines().filter(l -> l.contains(": class 7 p=")).count(),
                "one result line per image on standard output: " + run.out());
    }

    @Test
    void inkOnTransparencyIsReadOnAContrastingGround() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("transparent"));
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        byte[] ink = new byte[28 * 28];
        System.arraycopy(test.pixels(), 0, ink, 0, ink.length); // test digit 0, a 7: its grey levels become opacity
        // Black ink; the transparent pixels store 0,0,0,0 (dropping alpha would leave an all-black picture).
        writeRgba(folder.resolve("dark.png"), ink, 0, 0, false);
        // White ink; the transparent pixels store white (dropping alpha would leave an all-white picture).
        writeRgba(folder.resolve("light.png"), ink, 255, 255, false);
        writeRgba(folder.resolve("dark16.png"), ink, 0, 0, true);
        writeGreyAlpha(folder.resolve("grey-alpha.png"), ink);
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), folder.toString(), "--json", "--out",
                tmp.resolve("transparent-out").toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode results = new ObjectMapper().readTree(run.out());
        assertEquals(4, results.size(), run.out());
        for (JsonNode r : results) {
            assertEquals(7, r.get("class").asInt(), run.out());
            assertTrue(r.get("probability").asDouble() > 0.9, run.out());
        }
        // The overlay shows the picture as a viewer does: the same as for the 7 drawn opaque, black on white.
        Path opaque = tmp.resolve("opaque-seven.png");
        try (Mat grey = new Mat(28, 28, opencv_core.CV_8UC1)) {
            byte[] inverted = new byte[ink.length];
            for (int i = 0; i < ink.length; i++) {
                inverted[i] = (byte) (255 - (ink[i] & 0xff));
            }
            grey.data().put(inverted);
            Images.write(grey, opaque);
        }
        CliRun plain = CliRun.of("explain", "--model", MODEL.toString(), opaque.toString(), "--out",
                tmp.resolve("opaque-out").toString());
        assertEquals(0, plain.exitCode(), plain.err());
        assertEquals(-1L, Files.mismatch(tmp.resolve("opaque-out").resolve("opaque-seven-cam.png"),
                tmp.resolve("transparent-out").resolve("dark-cam.png")), "overlays differ");
    }

    /**
     * A photo of paper turned in an editor or cut with rounded corners keeps its corners transparent (storing black):
     * its opaque pixels, most of the picture, hold their own light ground, which the corners continue. They were laid
     * on black as if the paper were light ink, became dark wedges, then ink once inverted, and none of the first ten
     * test digits, drawn dark on paper with such corners, was read as itself (a 7 as a 5 at p=0.44).
     */
    @Test
    void aPaperPhotoWithTransparentCornersIsReadAsOnWhite() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("corners"));
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        int side = 56;
        for (int d = 0; d < 10; d++) {
            byte[] pixels = new byte[side * side * 4];
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    int i = 4 * (y * side + x);
                    int near = Math.min(Math.min(x + y, side - 1 - x + y),
                            Math.min(x + side - 1 - y, 2 * (side - 1) - x - y));
                    if (near < 20) {
                        continue; // a transparent corner, stored 0,0,0,0 as editors write it
                    }
                    boolean digit = x >= 14 && x < 42 && y >= 14 && y < 42;
                    int level = digit ? 255 - (test.pixels()[d * 784 + (y - 14) * 28 + x - 14] & 0xff) : 255;
                    java.util.Arrays.fill(pixels, i, i + 3, (byte) level);
                    pixels[i + 3] = (byte) 255;
                }
            }
            try (Mat bgra = new Mat(side, side, opencv_core.CV_8UC4)) {
                bgra.data().put(pixels);
                Images.write(bgra, folder.resolve("paper" + d + ".png"));
            }
        }
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), folder.toString(), "--json", "--out",
                tmp.resolve("corners-out").toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode results = new ObjectMapper().readTree(run.out());
        assertEquals(10, results.size(), run.out());
        for (int d = 0; d < 10; d++) {
            JsonNode r = results.get(d);
            assertTrue(r.get("image").asText().endsWith("paper" + d + ".png"), run.out());
            assertEquals(test.labels()[d], r.get("class").asInt(), r.toString());
            assertTrue(r.get("probability").asDouble() > 0.9, r.toString());
        }
    }

    /**
     * A digit drawn thick on transparency can cover most of the picture and still be ink alone, one colour: it is laid
     * on the ground contrasting with it, as thin ink is. Taken for a ground of its own (as a photo of paper with
     * transparent corners is, above), a white digit was laid on white and a black one on black, and both read as a
     * blank picture: class 0 at p=0.1, no box.
     */
    @Test
    void inkCoveringMostOfTheTransparencyIsStillInk() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("thick"));
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        // Test digits 3 (a 0) and 6 (a 4), dilated by 3 pixels: opaque on 58 % and 52 % of the picture.
        int[] digits = {3, 6};
        for (int d : digits) {
            byte[] ink = new byte[28 * 28];
            try (Mat digit = new Mat(28, 28, opencv_core.CV_8UC1); Mat thick = new Mat();
                    Mat square = opencv_imgproc.getStructuringElement(opencv_imgproc.MORPH_RECT,
                            new org.bytedeco.opencv.opencv_core.Size(7, 7))) {
                digit.data().put(test.pixels(), d * 784, 784);
                opencv_imgproc.dilate(digit, thick, square);
                thick.data().get(ink);
                // The same digit drawn opaque, black on white: what both transparent ones must read as.
                try (Mat opaque = new Mat()) {
                    thick.convertTo(opaque, opencv_core.CV_8U, -1, 255);
                    Images.write(opaque, folder.resolve(d + "-opaque.png"));
                }
            }
            long opacity = 0;
            for (byte b : ink) {
                opacity += b & 0xff;
            }
            assertTrue(opacity * 2 > 255L * ink.length, "digit " + d + " covers most of the picture");
            writeRgba(folder.resolve(d + "-dark.png"), ink, 0, 0, false);
            writeRgba(folder.resolve(d + "-light.png"), ink, 255, 255, false);
        }
        Path out = tmp.resolve("thick-out");
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), folder.toString(), "--json", "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode results = new ObjectMapper().readTree(run.out());
        assertEquals(6, results.size(), run.out());
        for (int i = 0; i < 6; i += 3) {
            JsonNode dark = results.get(i);
            JsonNode light = results.get(i + 1);
            JsonNode opaque = results.get(i + 2);
            int d = digits[i / 3];
            assertTrue(opaque.get("image").asText().endsWith(d + "-opaque.png"), run.out());
            assertEquals(test.labels()[d], opaque.get("class").asInt(), opaque.toString());
            assertTrue(opaque.get("probability").asDouble() > 0.9, opaque.toString());
            for (JsonNode r : List.of(dark, light)) {
                assertEquals(opaque.get("class"), r.get("class"), r.toString());
                assertEquals(opaque.get("probability"), r.get("probability"), r.toString());
                assertEquals(opaque.get("box"), r.get("box"), r.toString());
            }
            assertEquals(-1L, Files.mismatch(out.resolve(d + "-opaque-cam.png"), out.resolve(d + "-dark-cam.png")),
                    "overlays differ");
        }
    }

    /** Writes a BGRA PNG of one colour whose opacity is {@code alpha}; transparent pixels store {@code under}. */
    private static void writeRgba(Path file, byte[] alpha, int ink, int under, boolean sixteen) throws Exception {
        try (Mat bgra = new Mat(28, 28, opencv_core.CV_8UC4); Mat deep = new Mat()) {
            byte[] pixels = new byte[28 * 28 * 4];
            for (int i = 0; i < alpha.length; i++) {
                int level = alpha[i] == 0 ? under : ink;
                java.util.Arrays.fill(pixels, 4 * i, 4 * i + 3, (byte) level);
                pixels[4 * i + 3] = alpha[i];
            }
            bgra.data().put(pixels);
            if (sixteen) {
                bgra.convertTo(deep, opencv_core.CV_16U, 257, 0);
            }
            Images.write(sixteen ? deep : bgra, file);
        }
    }

    /** Writes a grey-with-alpha PNG (OpenCV writes none) of black ink whose opacity is {@code alpha}. */
    private static void writeGreyAlpha(Path file, byte[] alpha) throws Exception {
        java.awt.image.ComponentColorModel model = new java.awt.image.ComponentColorModel(
                java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_GRAY), true, false,
                java.awt.Transparency.TRANSLUCENT, java.awt.image.DataBuffer.TYPE_BYTE);
        java.awt.image.WritableRaster raster = model.createCompatibleWritableRaster(28, 28);
        for (int i = 0; i < alpha.length; i++) {
            raster.setPixel(i % 28, i / 28, new int[] {0, alpha[i] & 0xff});
        }
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(model, raster, false, null), "png", file.toFile());
    }

    @Test
    void sixteenBitPngsAreExplainedAsTheir8BitVersion() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("sixteen"));
        try (Mat grey8 = Images.read(seven); Mat bgr8 = new Mat(); Mat grey16 = new Mat(); Mat bgr16 = new Mat()) {
            opencv_imgproc.cvtColor(grey8, bgr8, opencv_imgproc.COLOR_GRAY2BGR);
            // 257 * v is v's exact 16-bit counterpart (255 -> 65535).
            grey8.convertTo(grey16, opencv_core.CV_16U, 257, 0);
            bgr8.convertTo(bgr16, opencv_core.CV_16U, 257, 0);
            Images.write(grey16, folder.resolve("grey16.png"));
            Images.write(bgr16, folder.resolve("colour16.png"));
        }
        try (Mat back = Images.read(folder.resolve("colour16.png"))) {
            assertEquals(opencv_core.CV_16UC3, back.type(), "the file really is 16-bit colour");
        }
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), folder.resolve("grey16.png").toString(),
                folder.resolve("colour16.png").toString(), "--json", "--out", tmp.resolve("sixteen-out").toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode results = new ObjectMapper().readTree(run.out());
        assertEquals(3, results.size(), run.out());
        for (int i = 1; i < 3; i++) {
            assertEquals(7, results.get(i).get("class").asInt(), run.out());
            assertEquals(results.get(0).get("box"), results.get(i).get("box"), run.out());
            assertEquals(results.get(0).get("probability").asDouble(), results.get(i).get("probability").asDouble(), 1e-6);
        }
    }

    @Test
    void jsonOutputAndTopK() throws Exception {
        Path out = tmp.resolve("json");
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--top-k", "3", "--json", "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode results = new ObjectMapper().readTree(run.out());
        assertEquals(3, results.size());
        assertEquals(7, results.get(0).get("class").asInt());
        assertTrue(results.get(0).get("probability").asDouble() >= results.get(1).get("probability").asDouble());
        assertTrue(Files.exists(out.resolve("seven-top3-cam.png")));
    }

    /** --json promises one JSON array whatever happens: a mistyped option (exit 2) printed none. */
    @Test
    void aMistypedCommandLineUnderJsonStillPrintsOneArray() throws Exception {
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--alpha", "abc", "--json",
                "--out", tmp.resolve("mistyped").toString());
        assertEquals(2, run.exitCode(), run.err());
        JsonNode document = new ObjectMapper().readTree(run.out());
        assertEquals(1, document.size(), run.out());
        assertTrue(document.get(0).get("image").isNull(), run.out());
        assertTrue(document.get(0).get("error").asText().contains("--alpha"), run.out());
        assertTrue(run.err().startsWith("cam4j: error: "), run.err());
        // Without --json, nothing on standard output.
        CliRun plain = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--alpha", "abc", "--out",
                tmp.resolve("mistyped").toString());
        assertEquals("", plain.out());
    }

    /**
     * A setting the model cannot take is said in --json's document as on standard error, as the option typed: the
     * document had the library's words ("FEM's k 2.147483647E9 ..."), standard error "--fem-k 2147483647 ...".
     */
    @Test
    void aSettingTheModelCannotTakeIsSaidInTheDocumentAsTheOptionTyped() throws Exception {
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--method", "fem", "--fem-k",
                "2147483647", "--json", "--out", tmp.resolve("fem-k").toString());
        assertEquals(2, run.exitCode(), run.err());
        JsonNode document = new ObjectMapper().readTree(run.out());
        assertEquals(1, document.size(), run.out());
        String error = document.get(0).get("error").asText();
        assertTrue(error.startsWith("--fem-k 2147483647 cannot be passed by any cell"), run.out());
        assertEquals("cam4j: error: " + error + " (see 'cam4j explain --help')", run.err().strip());
    }

    /**
     * Pictures without {@code --out} is a command line missing an option, as picocli answers one elsewhere (evaluate
     * without --out): exit 2, one line naming --out and the help, and under --json one array. It exited 1, as a failure.
     */
    @Test
    void picturesWithoutOutAreAUsageError() throws Exception {
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), seven.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("cam4j: error: Missing required option: '--out=<out>', the folder for the overlay PNGs (see "
                + "'cam4j explain --help')", run.err().strip());
        assertEquals("", run.out());
        CliRun json = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--json");
        assertEquals(2, json.exitCode(), json.err());
        JsonNode document = new ObjectMapper().readTree(json.out());
        assertEquals(1, document.size(), json.out());
        assertTrue(document.get(0).get("error").asText().startsWith("Missing required option: '--out=<out>'"), json.out());
    }

    /**
     * An --out folder no file can be made in (Linux's /proc/sys refuses new files, root included) is said before the
     * model loads, naming --out and the folder; it was "/proc/sys/x does not exist" once the model had loaded.
     */
    @Test
    void anOutFolderThatCannotBeWrittenIsSaidBeforeTheModelLoads() throws Exception {
        Path sys = Path.of("/proc/sys");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(sys) && !Files.isWritable(sys), "Linux's /proc/sys");
        CliRun run = CliRun.of("explain", "--model", tmp.resolve("no-model").toString(), seven.toString(), "--out",
                "/proc/sys/cam4j-overlays");
        assertEquals(1, run.exitCode(), run.err());
        assertEquals("cam4j: error: --out /proc/sys/cam4j-overlays cannot be created: folder /proc/sys is not writable",
                run.err().strip());
    }

    @Test
    void nothingToExplainIsAUsageError() throws Exception {
        CliRun run = CliRun.of("explain", "--model", MODEL.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("cam4j: error: give at least one IMAGE, or --grid FILE.png with --data (see 'cam4j explain --help')",
                run.err().strip());
        assertEquals("", run.out());
    }

    /** A blank picture's map is flat: its JSON gave a hottest point (the first feature cell's centre) all the same. */
    @Test
    void aBlankPictureHasNoHottestPoint() throws Exception {
        Path blank = tmp.resolve("blank-peak.png");
        try (Mat black = new Mat(28, 28, opencv_core.CV_8UC1, new org.bytedeco.opencv.opencv_core.Scalar(0, 0, 0, 0))) {
            Images.write(black, blank);
        }
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), blank.toString(), seven.toString(), "--json",
                "--out", tmp.resolve("blank-peak").toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode results = new ObjectMapper().readTree(run.out());
        assertTrue(results.get(0).get("peak_xy").isNull(), run.out());
        assertEquals(2, results.get(1).get("peak_xy").size(), run.out());
        // Its line says why its class means nothing (the first of ten equal probabilities); the seven's does not.
        CliRun lines = CliRun.of("explain", "--model", MODEL.toString(), blank.toString(), seven.toString(), "--out",
                tmp.resolve("blank-lines").toString());
        List<String> out = lines.out().lines().toList();
        assertTrue(out.get(0).contains("class 0 p=0.1000 (no evidence: the map is flat) box none"), lines.out());
        assertFalse(out.get(1).contains("no evidence"), lines.out());
    }

    /**
     * Score-CAM needs no global average pooling either, and is Score-CAM, not the gradient method its model is opened
     * for: on the same digit its overlay differs from Grad-CAM's.
     */
    @Test
    void scoreCamExplainsAKerasModelThatCamCannotAndIsNotGradCam() throws Exception {
        String flattenDense = SharedData.kerasSavedModels().resolve("mnist-flatten-dense").toString();
        CliRun score = CliRun.of("explain", "--model", flattenDense, "--method", "scorecam", seven.toString(), "--json",
                "--out", tmp.resolve("score").toString());
        assertEquals(0, score.exitCode(), score.err());
        assertEquals(7, new ObjectMapper().readTree(score.out()).get(0).get("class").asInt(), score.out());
        CliRun grad = CliRun.of("explain", "--model", flattenDense, "--method", "gradcam", seven.toString(), "--out",
                tmp.resolve("score-grad").toString());
        assertEquals(0, grad.exitCode(), grad.err());
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(tmp.resolve("score").resolve("seven-cam.png")),
                Files.readAllBytes(tmp.resolve("score-grad").resolve("seven-cam.png"))), "Score-CAM drew Grad-CAM's map");
        CliRun kernel = CliRun.of("explain", "--model", MODEL.toString(), "--method", "score-cam", "--input", "images",
                "--features", "features", "--logits", "logits", "--kernel", "classifier_kernel", seven.toString(), "--out",
                tmp.resolve("score-kernel").toString());
        assertEquals(2, kernel.exitCode());
        assertTrue(kernel.err().contains("--method score-cam weighs the features by masked model runs"), kernel.err());
    }

    /**
     * An overlay of another method than CAM says which in its caption, where it fits whole: the overlays of every method
     * are named NAME-cam.png and looked alike. The caption's band (Draw's grey, 32) is measured along its edge row: with
     * "  Grad-CAM" it is wider by that text's width (about 80 px at the smallest font; 40 px allows for the font's
     * metrics). " Grad-CAM++" fits a 168-px overlay with single spaces between the parts (with two it did not, and the
     * caption stayed CAM's), the class whole. "Grad-CAM element-wise" does not fit on the caption's line: it takes its
     * short title, "  Grad-EW", instead. "Finer-CAM" and "ShapleyCAM" fit whole, as "Grad-CAM++" does.
     */
    @Test
    void anOverlayOfAnotherMethodNamesItWhereItFits() throws Exception {
        int[] widths = new int[6];
        String[] methods = {"cam", "gradcam", "gradcam++", "gradcam-elementwise", "finercam", "shapleycam"};
        for (int i = 0; i < methods.length; i++) {
            Path out = tmp.resolve("caption-" + i);
            CliRun run = CliRun.of("explain", "--model", MODEL.toString(), "--method", methods[i], seven.toString(),
                    "--out", out.toString());
            assertEquals(0, run.exitCode(), run.err());
            try (Mat overlay = Images.read(out.resolve("seven-cam.png"))) {
                assertEquals(168, overlay.cols());
                widths[i] = Math.max(bandRun(overlay, 0), bandRun(overlay, overlay.rows() - 1));
            }
        }
        assertTrue(widths[0] >= 60, "CAM's caption band: " + widths[0]);
        assertTrue(widths[1] >= widths[0] + 40, "Grad-CAM's caption names it: " + java.util.Arrays.toString(widths));
        assertTrue(widths[2] >= widths[0] + 40, "Grad-CAM++'s caption names it: " + java.util.Arrays.toString(widths));
        assertTrue(widths[3] >= widths[0] + 40, "Grad-CAM element-wise's caption names it short: "
                + java.util.Arrays.toString(widths));
        assertTrue(widths[4] >= widths[0] + 40, "Finer-CAM's caption names it: " + java.util.Arrays.toString(widths));
        assertTrue(widths[5] >= widths[0] + 40, "ShapleyCAM's caption names it: " + java.util.Arrays.toString(widths));
    }

    /**
     * An overlay too small to name its method even in a font three quarters of a label's (a 64x48 picture at
     * --min-side 0) is said on standard error in compare's words, once a run for two such pictures: Grad-CAM++'s read
     * "7  p=1.000" alone, as plain CAM's does, with no word of it. Plain CAM, named by no caption, and the default
     * --min-side, which enlarges the picture until the name fits, say nothing.
     */
    @Test
    void anOverlayTooSmallToNameItsMethodIsSaidOnceARun() throws Exception {
        Path small = tmp.resolve("small-overlays");
        Files.createDirectories(small);
        Path[] pictures = {small.resolve("seven-64x48.png"), small.resolve("again-64x48.png")};
        try (Mat digit = Images.read(seven); Mat page = new Mat(48, 64, digit.type(),
                new org.bytedeco.opencv.opencv_core.Scalar(0.0)); Mat scaled = new Mat()) {
            opencv_imgproc.resize(digit, scaled, new org.bytedeco.opencv.opencv_core.Size(42, 42), 0, 0,
                    opencv_imgproc.INTER_NEAREST);
            try (Mat place = page.apply(new org.bytedeco.opencv.opencv_core.Rect(11, 3, 42, 42))) {
                scaled.copyTo(place);
            }
            for (Path p : pictures) {
                Images.write(page, p);
            }
        }
        CliRun tiny = CliRun.of("explain", "--model", MODEL.toString(), "--method", "gradcampp", "--min-side", "0",
                pictures[0].toString(), pictures[1].toString(), "--out", tmp.resolve("tiny-overlays").toString());
        assertEquals(0, tiny.exitCode(), tiny.err());
        assertEquals("cam4j: note: overlays of 64x48 are too small to name Grad-CAM++ beside \"7  p=1.000\" in their"
                + " captions, even in a font three quarters of a label's: --min-side 160, the default, draws them"
                + " enlarged\n", tiny.err());
        CliRun cam = CliRun.of("explain", "--model", MODEL.toString(), "--min-side", "0", pictures[0].toString(),
                "--out", tmp.resolve("tiny-cam").toString());
        assertEquals(0, cam.exitCode(), cam.err());
        assertEquals("", cam.err());
        CliRun enlarged = CliRun.of("explain", "--model", MODEL.toString(), "--method", "gradcampp",
                pictures[0].toString(), "--out", tmp.resolve("enlarged").toString());
        assertEquals(0, enlarged.exitCode(), enlarged.err());
        assertEquals("", enlarged.err());
    }

    /** @return how many pixels from the left of the row are the caption band's grey */
    private static int bandRun(Mat image, int row) {
        try (org.bytedeco.javacpp.indexer.UByteIndexer ix = image.createIndexer()) {
            int x = 0;
            while (x < image.cols() && ix.get(row, x, 0) == 32 && ix.get(row, x, 1) == 32 && ix.get(row, x, 2) == 32) {
                x++;
            }
            return x;
        }
    }

    /**
     * Eigen-CAM needs no global average pooling either: on the same digit it draws neither Grad-CAM's map nor
     * Score-CAM's, and it takes no kernel.
     */
    @Test
    void eigenCamExplainsAKerasModelThatCamCannot() throws Exception {
        String flattenDense = SharedData.kerasSavedModels().resolve("mnist-flatten-dense").toString();
        CliRun eigen = CliRun.of("explain", "--model", flattenDense, "--method", "eigencam", seven.toString(), "--json",
                "--out", tmp.resolve("eigen").toString());
        assertEquals(0, eigen.exitCode(), eigen.err());
        assertEquals(7, new ObjectMapper().readTree(eigen.out()).get(0).get("class").asInt(), eigen.out());
        for (String other : new String[] {"gradcam", "scorecam"}) {
            CliRun run = CliRun.of("explain", "--model", flattenDense, "--method", other, seven.toString(), "--out",
                    tmp.resolve("eigen-" + other).toString());
            assertEquals(0, run.exitCode(), run.err());
            assertFalse(java.util.Arrays.equals(Files.readAllBytes(tmp.resolve("eigen").resolve("seven-cam.png")),
                    Files.readAllBytes(tmp.resolve("eigen-" + other).resolve("seven-cam.png"))), "Eigen-CAM drew " + other);
        }
        CliRun kernel = CliRun.of("explain", "--model", MODEL.toString(), "--method", "eigencam", "--input", "images",
                "--features", "features", "--logits", "logits", "--kernel", "classifier_kernel", seven.toString(), "--out",
                tmp.resolve("eigen-kernel").toString());
        assertEquals(2, kernel.exitCode());
        assertTrue(kernel.err().contains("--method eigencam weighs the features by their principal component"),
                kernel.err());
    }

    /**
     * Occlusion reads only the probabilities: it explains the Flatten model CAM cannot, its JSON and caption name it,
     * its map differs from Grad-CAM's, and its settings are refused in one line where they cannot apply (a patch of 0,
     * one larger than the 28x28 input, a fill outside 0..255, --eigen-smooth, --layers, --features, a setting without
     * --method occlusion).
     */
    @Test
    void occlusionExplainsAKerasModelThatCamCannotAndRefusesWhatCannotApply() throws Exception {
        String flattenDense = SharedData.kerasSavedModels().resolve("mnist-flatten-dense").toString();
        CliRun occlusion = CliRun.of("explain", "--model", flattenDense, "--method", "occlusion", seven.toString(),
                "--json", "--out", tmp.resolve("occlusion").toString());
        assertEquals(0, occlusion.exitCode(), occlusion.err());
        assertEquals(7, new ObjectMapper().readTree(occlusion.out()).get(0).get("class").asInt(), occlusion.out());
        assertTrue(occlusion.out().contains("Occlusion"), "the JSON names the method: " + occlusion.out());
        CliRun grad = CliRun.of("explain", "--model", flattenDense, "--method", "gradcam", seven.toString(), "--out",
                tmp.resolve("occlusion-gradcam").toString());
        assertEquals(0, grad.exitCode(), grad.err());
        assertFalse(java.util.Arrays.equals(middleRows(tmp.resolve("occlusion").resolve("seven-cam.png")),
                middleRows(tmp.resolve("occlusion-gradcam").resolve("seven-cam.png"))), "occlusion drew Grad-CAM's map");
        String[][] refused = {
            {"--occlusion-patch 0", "--occlusion-patch must be at least 1 pixel, got 0"},
            {"--occlusion-patch 29", "cam4j: error: --occlusion-patch 29 is larger than model " + flattenDense
                    + "'s 28x28 input; give a patch of at most 28 pixels (see 'cam4j explain --help')"},
            {"--occlusion-fill 256", "--occlusion-fill must be a pixel value 0..255, got 256 "},
            {"--eigen-smooth", "--method occlusion weighs none"},
            {"--layers a,b", "--method occlusion paints the model's input and reads its probabilities, no layer"},
            {"--features conv2d/Relu", "--method occlusion reads only the model's probabilities"},
        };
        for (String[] r : refused) {
            List<String> args = new java.util.ArrayList<>(List.of("explain", "--model", flattenDense, "--method",
                    "occlusion", seven.toString(), "--out", tmp.resolve("refused").toString()));
            args.addAll(List.of(r[0].split(" ")));
            CliRun run = CliRun.of(args.toArray(new String[0]));
            assertEquals(2, run.exitCode(), r[0] + ": " + run.err());
            assertEquals(1, run.err().lines().count(), r[0] + ": one line: " + run.err());
            assertTrue(run.err().contains(r[1]), r[0] + ": " + run.err());
            assertFalse(Files.exists(tmp.resolve("refused").resolve("seven-cam.png")), r[0] + ": nothing written");
        }
        CliRun unused = CliRun.of("explain", "--model", MODEL.toString(), "--occlusion-patch", "3", seven.toString(),
                "--out", tmp.resolve("unused").toString());
        assertEquals(2, unused.exitCode());
        assertTrue(unused.err().contains("--occlusion-patch is occlusion's setting, and --method does not name"
                + " occlusion"), unused.err());
    }

    /**
     * Ablation-CAM needs no global average pooling either (the features go into the Flatten head with a channel zeroed):
     * on the same digit it draws neither Grad-CAM's map nor Score-CAM's nor Eigen-CAM's, its JSON and caption name it,
     * and it takes no kernel.
     */
    @Test
    void ablationCamExplainsAKerasModelThatCamCannot() throws Exception {
        String flattenDense = SharedData.kerasSavedModels().resolve("mnist-flatten-dense").toString();
        CliRun ablation = CliRun.of("explain", "--model", flattenDense, "--method", "ablationcam", seven.toString(),
                "--json", "--out", tmp.resolve("ablation").toString());
        assertEquals(0, ablation.exitCode(), ablation.err());
        JsonNode first = new ObjectMapper().readTree(ablation.out()).get(0);
        assertEquals(7, first.get("class").asInt(), ablation.out());
        assertTrue(ablation.out().contains("Ablation-CAM"), "the JSON names the method: " + ablation.out());
        for (String other : new String[] {"gradcam", "scorecam", "eigencam"}) {
            CliRun run = CliRun.of("explain", "--model", flattenDense, "--method", other, seven.toString(), "--out",
                    tmp.resolve("ablation-" + other).toString());
            assertEquals(0, run.exitCode(), run.err());
            // Away from the caption, which names the method: the maps drawn differ, not only their names.
            assertFalse(java.util.Arrays.equals(middleRows(tmp.resolve("ablation").resolve("seven-cam.png")),
                    middleRows(tmp.resolve("ablation-" + other).resolve("seven-cam.png"))), "Ablation-CAM drew " + other);
        }
        CliRun kernel = CliRun.of("explain", "--model", MODEL.toString(), "--method", "Ablation-CAM", "--input", "images",
                "--features", "features", "--logits", "logits", "--kernel", "classifier_kernel", seven.toString(), "--out",
                tmp.resolve("ablation-kernel").toString());
        assertEquals(2, kernel.exitCode());
        assertTrue(kernel.err().contains("--method Ablation-CAM weighs the features by ablated model runs"),
                kernel.err());
    }

    /** @return the pixels of an overlay's middle half of rows, away from its caption band at the top or bottom */
    private static byte[] middleRows(Path png) throws Exception {
        try (Mat overlay = Images.read(png)) {
            int rowBytes = overlay.cols() * overlay.channels();
            byte[] all = new byte[overlay.rows() * rowBytes];
            overlay.data().get(all);
            return java.util.Arrays.copyOfRange(all, overlay.rows() / 4 * rowBytes, overlay.rows() * 3 / 4 * rowBytes);
        }
    }

    @Test
    void gradCamExplainsAKerasModelThatCamCannot() throws Exception {
        String flattenDense = SharedData.kerasSavedModels().resolve("mnist-flatten-dense").toString();
        CliRun cam = CliRun.of("explain", "--model", flattenDense, seven.toString(), "--out", tmp.resolve("cam").toString());
        assertEquals(1, cam.exitCode());
        assertTrue(cam.err().contains("no global average pooling") && cam.err().contains("--method gradcam"), cam.err());

        CliRun grad = CliRun.of("explain", "--model", flattenDense, "--method", "gradcam", seven.toString(), "--json",
                "--out", tmp.resolve("grad").toString());
        assertEquals(0, grad.exitCode(), grad.err());
        JsonNode result = new ObjectMapper().readTree(grad.out()).get(0);
        assertEquals(7, result.get("class").asInt(), grad.out());
        assertTrue(Files.size(tmp.resolve("grad").resolve("seven-cam.png")) > 0);

        CliRun plusPlus = CliRun.of("explain", "--model", flattenDense, "--method", "gradcam++", seven.toString(), "--out",
                tmp.resolve("plusplus").toString());
        assertEquals(0, plusPlus.exitCode(), plusPlus.err());
        assertTrue(plusPlus.out().contains("seven.png: class 7 p="), plusPlus.out());
        CliRun layerCam = CliRun.of("explain", "--model", flattenDense, "--method", "layercam", seven.toString(), "--out",
                tmp.resolve("layercam").toString());
        assertEquals(0, layerCam.exitCode(), layerCam.err());
        assertTrue(layerCam.out().contains("seven.png: class 7 p="), layerCam.out());

        CliRun kernel = CliRun.of("explain", "--model", MODEL.toString(), "--method", "gradcam", "--input", "images",
                "--features", "features", "--logits", "logits", "--kernel", "classifier_kernel", seven.toString(), "--out",
                tmp.resolve("kernel").toString());
        assertEquals(2, kernel.exitCode());
        assertTrue(kernel.err().contains("--kernel and --bias are CAM's"), kernel.err());

        // An activation import would ignore must not look applied.
        CliRun activation = CliRun.of("explain", "--model", flattenDense, "--activation", "sigmoid", seven.toString(),
                "--out", tmp.resolve("act").toString());
        assertEquals(2, activation.exitCode());
        assertTrue(activation.err().contains("--activation goes with tensors named by --input"), activation.err());

        CliRun bad = CliRun.of("explain", "--model", flattenDense, "--method", "lime", seven.toString(), "--out",
                tmp.resolve("bad").toString());
        // A value that is not a method is a mistyped command line: exit 2, one line, pointing to --help.
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("'--method': 'lime' is not one of cam, gradcam, gradcam++, xgradcam, hirescam, layercam,"
                + " gradcam-elementwise, finercam, shapleycam, scorecam, eigencam, fem, kpcacam, randomcam, ablationcam,"
                + " smoothgradcam++, sscam, iscam, refinecam, occlusion, saliency, gradxinput, smoothgrad, integratedgradients, fullgrad (see 'cam4j explain"
                + " --help')"), bad.err());
    }

    @Test
    void aLabelsFileNamesTheClasses() throws Exception {
        String[] names = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
        Path labels = Files.writeString(tmp.resolve("labels.txt"), String.join("\n", names) + "\n\n");
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--labels", labels.toString(),
                "--out", tmp.resolve("named").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("seven.png: class seven p="), run.out());

        Path three = Files.writeString(tmp.resolve("three.txt"), "a\nb\nc\n");
        CliRun tooFew = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--labels", three.toString(),
                "--out", tmp.resolve("few").toString());
        assertEquals(1, tooFew.exitCode());
        assertTrue(tooFew.err().contains("3 labels given for its 10 classes"), tooFew.err());

        Path gap = Files.writeString(tmp.resolve("gap.txt"), "a\n\nc\n");
        CliRun blank = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--labels", gap.toString(),
                "--out", tmp.resolve("gap").toString());
        assertEquals(1, blank.exitCode());
        assertTrue(blank.err().contains("line 2 of labels file " + gap + " is blank"), blank.err());

        CliRun missing = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--labels",
                tmp.resolve("none.txt").toString(), "--out", tmp.resolve("none").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("labels file " + tmp.resolve("none.txt") + " does not exist"), missing.err());
    }

    @Test
    void aLabelNoFontDrawsIsCaptionedByItsIndexAndSaidOnce() throws Exception {
        String[] names = {"zero", "one", "two", "three", "four", "five", "six", "семь七", "eight", "nine"};
        Path labels = Files.writeString(tmp.resolve("unicode-labels.txt"), String.join("\n", names) + "\n");
        Path again = Files.copy(seven, tmp.resolve("seven-again.png"));
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), again.toString(), "--labels",
                labels.toString(), "--json", "--out", tmp.resolve("unicode").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("семь七", new ObjectMapper().readTree(run.out()).get(0).get("label").asText());
        long notes = run.err().lines().filter(l -> l.contains("no installed font draws the label 'семь七'")).count();
        assertEquals(io.github.cam4j.render.Draw.canDraw("семь七") ? 0 : 1, notes, run.err());
    }

    /** With the progress bar drawn (20 images or more), the note still starts a line of its own, not the bar's end. */
    @Test
    void theFontNoteDoesNotRunIntoTheProgressBar() throws Exception {
        String[] names = {"0", "1", "2", "3", "4", "5", "6", "\uE000", "8", "9"};
        Path labels = Files.writeString(tmp.resolve("private-use-labels.txt"), String.join("\n", names) + "\n");
        Path folder = Files.createDirectories(tmp.resolve("many-sevens"));
        for (int i = 0; i < ExplainCommand.PROGRESS_FROM; i++) {
            Files.copy(seven, folder.resolve("seven" + i + ".png"));
        }
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), folder.toString(), "--labels", labels.toString(),
                "--out", tmp.resolve("many-sevens-out").toString());
        assertEquals(0, run.exitCode(), run.err());
        org.junit.jupiter.api.Assumptions.assumeFalse(io.github.cam4j.render.Draw.canDraw("\uE000"),
                "a font here draws U+E000: no note to place");
        assertTrue(run.err().contains("explain "), "the bar is drawn: " + run.err());
        assertTrue(run.err().lines().anyMatch(l -> l.startsWith("cam4j: note: no installed font draws the label")),
                run.err());
    }

    @Test
    void refusesToOverwriteWithoutForce() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("exists"));
        Files.writeString(out.resolve("seven-cam.png"), "keep me");
        CliRun refused = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--out", out.toString());
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().contains("already exists; add --force"), refused.err());
        assertEquals("keep me", Files.readString(out.resolve("seven-cam.png")));
        CliRun forced = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--out", out.toString(), "--force");
        assertEquals(0, forced.exitCode(), forced.err());
        assertFalse(Files.readString(out.resolve("seven-cam.png"), java.nio.charset.StandardCharsets.ISO_8859_1)
                .equals("keep me"));
    }

    @Test
    void outMayNotBeAnInputFolderNorOverwriteAnInput() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("in-and-out"));
        Files.copy(seven, folder.resolve("normal.png"));
        for (String force : new String[] {"--force", "--verbose"}) {
            CliRun run = CliRun.of("explain", "--model", MODEL.toString(), folder.toString(), "--out", folder.toString(), force);
            assertEquals(1, run.exitCode());
            assertTrue(run.err().startsWith("cam4j: error: --out " + folder + " is also an IMAGE folder"), run.err());
        }
        // The same folder spelt another way.
        CliRun other = CliRun.of("explain", "--model", MODEL.toString(), folder.toString(), "--out",
                folder.resolve("..").resolve("in-and-out").toString());
        assertEquals(1, other.exitCode());
        assertTrue(other.err().contains("is also an IMAGE folder"), other.err());
        assertEquals(List.of("normal.png"), fileNames(folder), "nothing written");

        // Files given one by one: an overlay would land on an input.
        Files.copy(seven, folder.resolve("normal-cam.png"));
        CliRun files = CliRun.of("explain", "--model", MODEL.toString(), folder.resolve("normal.png").toString(),
                folder.resolve("normal-cam.png").toString(), "--out", folder.toString(), "--force");
        assertEquals(1, files.exitCode());
        assertTrue(files.err().contains("--out " + folder + ": the overlay of " + folder.resolve("normal.png")
                + " would overwrite the IMAGE " + folder.resolve("normal-cam.png")), files.err());
        assertEquals(-1L, Files.mismatch(seven, folder.resolve("normal-cam.png")), "the input is untouched");
    }

    @Test
    void twoImagesSharingANameAreBothNamed() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("share-a"));
        Path b = Files.createDirectories(tmp.resolve("share-b"));
        Files.copy(seven, a.resolve("digit.png"));
        Files.copy(two, b.resolve("digit.png"));
        Files.copy(two, a.resolve("digit.bmp"));
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), a.resolve("digit.png").toString(),
                b.resolve("digit.png").toString(), "--out", tmp.resolve("share-out").toString());
        // Both named on the command line: its words alone put two overlays on one name, a usage error (it had exited 1).
        assertEquals(2, run.exitCode());
        assertEquals("cam4j: error: IMAGE files " + a.resolve("digit.png") + " and " + b.resolve("digit.png")
                + " share a name: both overlays would be " + tmp.resolve("share-out").resolve("digit.png-cam.png")
                + "; rename one or explain them with different --out folders (see 'cam4j explain --help')",
                run.err().strip());
        assertFalse(Files.exists(tmp.resolve("share-out")), "nothing written");
        // Found in the folders given, it is what the disk holds: the same line runs elsewhere (exit 1).
        CliRun folders = CliRun.of("explain", "--model", MODEL.toString(), a.toString(), b.toString(), "--out",
                tmp.resolve("share-out").toString());
        assertEquals(1, folders.exitCode());
        assertEquals("cam4j: error: IMAGE files " + a.resolve("digit.png") + " and " + b.resolve("digit.png")
                + " share a name: both overlays would be " + tmp.resolve("share-out").resolve("digit.png-cam.png")
                + "; rename one or explain them with different --out folders", folders.err().strip());
        assertFalse(Files.exists(tmp.resolve("share-out")), "nothing written");
        // Names that differ only in their extension (a photo kept as JPEG and as PNG) keep it in their overlays' names.
        CliRun kinds = CliRun.of("explain", "--model", MODEL.toString(), a.resolve("digit.png").toString(),
                a.resolve("digit.bmp").toString(), seven.toString(), "--out", tmp.resolve("kinds-out").toString());
        assertEquals(0, kinds.exitCode(), kinds.err());
        assertTrue(Files.isRegularFile(tmp.resolve("kinds-out").resolve("digit.png-cam.png")), kinds.out());
        assertTrue(Files.isRegularFile(tmp.resolve("kinds-out").resolve("digit.bmp-cam.png")), kinds.out());
        assertTrue(Files.isRegularFile(tmp.resolve("kinds-out").resolve(seven.getFileName().toString()
                .replaceFirst("\\.[^.]*$", "") + "-cam.png")), "a name alone keeps the short form: " + kinds.out());
        CliRun twice = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), seven.toString(), "--out",
                tmp.resolve("twice-out").toString());
        // A picture named twice is the command line's fault, as evaluate's --model given twice is (it had exited 1).
        assertEquals(2, twice.exitCode(), twice.err());
        assertEquals("cam4j: error: IMAGE " + seven + " is given twice (see 'cam4j explain --help')", twice.err().strip());
        // A folder typed twice is named as typed: the check on the files it stands for had named one inside it
        // ("IMAGE .../share-a/digit.bmp is given twice"), which the user never typed.
        for (String again : new String[] {a.toString(), a.getParent().resolve(".").resolve(a.getFileName()).toString()}) {
            CliRun folder = CliRun.of("explain", "--model", MODEL.toString(), a.toString(), again, "--out",
                    tmp.resolve("twice-out").toString());
            assertEquals(2, folder.exitCode(), folder.err());
            assertEquals("cam4j: error: IMAGE " + again + " is given twice" + (again.equals(a.toString()) ? ""
                    : " (also as " + a + ")") + " (see 'cam4j explain --help')", folder.err().strip());
        }
        // A file that does not exist, typed twice, is said not to exist: "given twice" sent the user to drop one of the
        // two, and the next run failed on the other for want of the file.
        Path missing = tmp.resolve("no-such-digit.png");
        CliRun gone = CliRun.of("explain", "--model", MODEL.toString(), missing.toString(), missing.toString(), "--out",
                tmp.resolve("twice-out").toString());
        assertEquals("cam4j: error: image " + missing + " does not exist; the picture after it was not explained"
                + " (--keep-going skips a picture that cannot be explained and goes on)", gone.err().strip());
        assertFalse(Files.exists(tmp.resolve("twice-out")), "nothing written");
    }

    /**
     * A folder of three distinct pictures, a.png, a.jpg and a.png.bmp: the first two keep their extension in their
     * overlays' names, which made a.png-cam.png, the third's short name too, and the run was refused (exit 1, nothing
     * written) as two pictures sharing a name, which no renaming of --out could help. The third keeps its extension as
     * well, and so does a fourth whose short name is the third's whole name (a.png.bmp.tif).
     */
    @Test
    void aPicturesShortNameThatIsAnothersWholeNameKeepsItsExtension() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("stems"));
        Files.copy(seven, folder.resolve("a.png"));
        Files.copy(two, folder.resolve("a.jpg"));
        Files.copy(two, folder.resolve("a.png.bmp"));
        Files.copy(seven, folder.resolve("a.png.bmp.tif"));
        Path out = tmp.resolve("stems-out");
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), folder.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of("a.jpg-cam.png", "a.png-cam.png", "a.png.bmp-cam.png", "a.png.bmp.tif-cam.png"),
                fileNames(out));
        assertTrue(run.out().contains(folder.resolve("a.png.bmp") + ": class 2 p="), run.out());
        assertTrue(run.out().contains(folder.resolve("a.png.bmp.tif") + ": class 7 p="), run.out());
    }

    /**
     * A picture whose short name is the whole name of another that keeps its short one: beside a.png (a-cam.png),
     * a.png.png wrote a.png-cam.png, the name a.png's own overlay takes in the long form, so that the folder seemed to
     * hold a.png's overlay twice. It keeps its extension (a.png.png-cam.png), as the README's rule says.
     */
    @Test
    void aPicturesShortNameThatIsALoneOnesWholeNameKeepsItsExtension() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("lone-stems"));
        Files.copy(seven, folder.resolve("a.png"));
        Files.copy(two, folder.resolve("a.png.png"));
        Path out = tmp.resolve("lone-stems-out");
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), folder.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of("a-cam.png", "a.png.png-cam.png"), fileNames(out));
        assertTrue(run.out().contains(folder.resolve("a.png") + ": class 7 p="), run.out());
        assertTrue(run.out().contains(folder.resolve("a.png.png") + ": class 2 p="), run.out());
    }

    private static List<String> fileNames(Path folder) throws Exception {
        try (var files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * With --json, standard output is one JSON array whatever happens: the overlays written before a failure, then an
     * entry naming the image that stopped the run and why (the error line's words). When the first image failed,
     * nothing at all was printed, which no JSON reader takes.
     */
    @Test
    void jsonListsTheOverlaysWrittenBeforeABadImageAndTheBadImage() throws Exception {
        Path notImage = Files.writeString(tmp.resolve("broken.png"), "hello");
        Path out = tmp.resolve("json-midway");
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), notImage.toString(), two.toString(),
                "--json", "--out", out.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("cam4j: error: image " + notImage) && run.err().lines().count() <= 2, run.err());
        JsonNode results = new ObjectMapper().readTree(run.out());
        assertEquals(2, results.size(), run.out());
        assertEquals(seven.toString(), results.get(0).get("image").asText());
        assertTrue(Files.exists(Path.of(results.get(0).get("overlay").asText())));
        assertEquals(notImage.toString(), results.get(1).get("image").asText());
        assertEquals(run.err().strip(), "cam4j: error: " + results.get(1).get("error").asText());

        CliRun first = CliRun.of("explain", "--model", MODEL.toString(), notImage.toString(), seven.toString(), "--json",
                "--out", tmp.resolve("json-first").toString());
        assertEquals(1, first.exitCode());
        JsonNode only = new ObjectMapper().readTree(first.out());
        assertEquals(1, only.size(), first.out());
        assertEquals(notImage.toString(), only.get(0).get("image").asText());
        assertTrue(only.get(0).get("error").asText().startsWith("image " + notImage + " is not a readable image"),
                first.out());
        assertFalse(Files.exists(tmp.resolve("json-first").resolve("seven-cam.png")), "none after it");
        assertTrue(only.get(0).get("error").asText().endsWith("; the picture after it was not explained (--keep-going"
                + " skips a picture that cannot be explained and goes on)"), first.out());

        // A failure that is no one image's: "image" is null.
        CliRun badClass = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--class", "10", "--json",
                "--out", tmp.resolve("json-class").toString());
        assertEquals(2, badClass.exitCode());
        JsonNode classError = new ObjectMapper().readTree(badClass.out());
        assertEquals(1, classError.size(), badClass.out());
        assertTrue(classError.get(0).get("image").isNull(), badClass.out());
        assertTrue(classError.get(0).get("error").asText().startsWith("--class 10 is out of range"), badClass.out());
    }

    /**
     * A picture the model run refuses (no ink under --fit digit) stops the run as an unreadable file does: the pictures
     * before it in its batch are written and the failure names it. The whole batch was lost, and the error named no file
     * a JSON reader could pick out.
     */
    @Test
    void aPictureTheModelRefusesStopsTheRunAfterThePicturesBeforeIt() throws Exception {
        Path blank = tmp.resolve("blank.png");
        try (Mat black = new Mat(40, 40, opencv_core.CV_8UC1, new org.bytedeco.opencv.opencv_core.Scalar(0, 0, 0, 0))) {
            Images.write(black, blank);
        }
        Path out = tmp.resolve("refused");
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), blank.toString(), two.toString(),
                "--fit", "digit", "--json", "--out", out.toString());
        assertEquals(1, run.exitCode(), run.err());
        JsonNode results = new ObjectMapper().readTree(run.out());
        assertEquals(2, results.size(), run.out());
        assertEquals(7, results.get(0).get("class").asInt());
        assertTrue(Files.exists(out.resolve("seven-cam.png")));
        assertEquals(blank.toString(), results.get(1).get("image").asText());
        assertTrue(run.err().contains(blank.toString()), run.err());
        // The picture after it was never looked at: said, with the option that would have gone on.
        assertTrue(run.err().strip().endsWith("; the picture after it was not explained (--keep-going skips a picture"
                + " that cannot be explained and goes on)"), run.err());
        assertFalse(Files.exists(out.resolve("two-cam.png")), "none after it");
    }

    /**
     * --keep-going: an unreadable file and a picture the model refuses are each named and skipped, every other picture is
     * explained under its own overlay names (top-k's names included), and the exit code still says something failed.
     */
    @Test
    void keepGoingSkipsWhatCannotBeExplainedAndExplainsTheRest() throws Exception {
        Path broken = Files.writeString(tmp.resolve("torn.png"), "hello");
        Path blank = tmp.resolve("empty.png");
        try (Mat black = new Mat(40, 40, opencv_core.CV_8UC1, new org.bytedeco.opencv.opencv_core.Scalar(0, 0, 0, 0))) {
            Images.write(black, blank);
        }
        Path out = tmp.resolve("keep-going");
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), broken.toString(), blank.toString(),
                two.toString(), "--fit", "digit", "--top-k", "2", "--keep-going", "--json", "--out", out.toString());
        assertEquals(1, run.exitCode(), run.err());
        JsonNode results = new ObjectMapper().readTree(run.out());
        assertEquals(6, results.size(), run.out());
        assertEquals(out.resolve("seven-top1-cam.png").toString(), results.get(0).get("overlay").asText());
        assertEquals(out.resolve("seven-top2-cam.png").toString(), results.get(1).get("overlay").asText());
        assertEquals(broken.toString(), results.get(2).get("image").asText());
        assertTrue(results.get(2).get("error").asText().contains("is not a readable image"), run.out());
        assertEquals(blank.toString(), results.get(3).get("image").asText());
        assertTrue(results.get(3).has("error"), run.out());
        assertEquals(2, results.get(4).get("class").asInt());
        assertEquals(out.resolve("two-top1-cam.png").toString(), results.get(4).get("overlay").asText());
        assertEquals(out.resolve("two-top2-cam.png").toString(), results.get(5).get("overlay").asText());
        for (String png : List.of("seven-top1-cam.png", "seven-top2-cam.png", "two-top1-cam.png", "two-top2-cam.png")) {
            assertTrue(Files.exists(out.resolve(png)), png);
        }
        try (var written = Files.list(out)) {
            assertEquals(4, written.count(), "nothing for the skipped images");
        }
        List<String> errors = run.err().lines().toList();
        assertEquals(3, errors.size(), run.err());
        assertTrue(errors.get(0).startsWith("cam4j: error: image " + broken), run.err());
        assertTrue(errors.get(1).startsWith("cam4j: error: ") && errors.get(1).contains(blank.toString()), run.err());
        assertEquals("cam4j: error: 2 of 4 images could not be explained (named above); the others were written",
                errors.get(2));

        CliRun lines = CliRun.of("explain", "--model", MODEL.toString(), broken.toString(), seven.toString(), "--keep-going",
                "--out", tmp.resolve("keep-going-lines").toString());
        assertEquals(1, lines.exitCode(), lines.err());
        assertTrue(lines.out().contains("seven.png: class 7"), lines.out());
    }

    /**
     * --keep-going when the refused picture is alone in its model run: first before an unreadable file (which ends a
     * batch), and last after another refused one. A batch of one picture used to throw its refusal straight out, so the
     * run stopped there and "two" was never explained.
     */
    @Test
    void keepGoingSkipsARefusedPictureThatIsAloneInItsBatch() throws Exception {
        Path broken = Files.writeString(tmp.resolve("torn-alone.png"), "hello");
        Path blank = tmp.resolve("blank-first.png");
        Path blankToo = tmp.resolve("blank-last.png");
        try (Mat black = new Mat(40, 40, opencv_core.CV_8UC1, new org.bytedeco.opencv.opencv_core.Scalar(0, 0, 0, 0))) {
            Images.write(black, blank);
            Images.write(black, blankToo);
        }
        Path out = tmp.resolve("keep-going-alone");
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), blank.toString(), broken.toString(), two.toString(),
                blankToo.toString(), "--fit", "digit", "--keep-going", "--json", "--out",
                out.toString());
        assertEquals(1, run.exitCode(), run.err());
        JsonNode results = new ObjectMapper().readTree(run.out());
        assertEquals(4, results.size(), run.out());
        assertEquals(blank.toString(), results.get(0).get("image").asText(), run.out());
        assertTrue(results.get(0).has("error"), run.out());
        assertEquals(broken.toString(), results.get(1).get("image").asText(), run.out());
        assertEquals(out.resolve("two-cam.png").toString(), results.get(2).get("overlay").asText(), run.out());
        assertEquals(blankToo.toString(), results.get(3).get("image").asText(), run.out());
        assertTrue(results.get(3).has("error"), run.out());
        assertTrue(Files.exists(out.resolve("two-cam.png")));
        assertTrue(run.err().strip().endsWith("3 of 4 images could not be explained (named above); the others were written"),
                run.err());
    }

    /**
     * A Finer-CAM map that overflows float32 is one picture's failure, as a picture the model refuses is: at alpha 1e33
     * the first test digit's map holds and the second's does not. The run stops at the second with the first written,
     * and --keep-going skips it and explains the one after. Both had stopped the whole batch, nothing written, exit 1.
     */
    @Test
    void aFinerCamMapThatOverflowsIsOnePicturesFailure() throws Exception {
        Path after = Files.copy(seven, tmp.resolve("seven-after.png"));
        Path out = tmp.resolve("finer-overflow");
        CliRun stop = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), two.toString(), after.toString(),
                "--method", "finercam", "--finer-alpha", "1e33", "--out", out.toString());
        assertEquals(1, stop.exitCode(), stop.err());
        assertTrue(stop.out().contains("seven.png: class 7 p="), stop.out());
        assertEquals(List.of("cam4j: error: Finer-CAM's map of image " + two + " is not finite: its target, the class's"
                + " logit less 1.0E33 times the compared classes' logits, overflows float32 (largest 3.4028235E38); give a"
                + " smaller alpha (--finer-alpha; pytorch-grad-cam's is 1); the picture after it was not explained"
                + " (--keep-going skips a picture that cannot be explained and goes on)"), stop.err().lines().toList());
        assertTrue(Files.exists(out.resolve("seven-cam.png")));
        assertFalse(Files.exists(out.resolve("seven-after-cam.png")), "none after the failure");

        keepGoingSkipsTheSecond(after, "finer-overflow-keep-going", "cam4j: error: Finer-CAM's map of image " + two
                + " is not finite", "--method", "finercam", "--finer-alpha", "1e33");
    }

    /**
     * A KPCA-CAM map whose numbers overflow is one picture's failure, as Finer-CAM's is: at poly gamma 5e21 the first
     * test digit's cells stay within a float on the top component and the second's do not (3.82e38; at gamma 1e22 the
     * first's reach 6.30e38, so about 2.2e38 at 5e21, the coordinates growing as gamma^1.5). The
     * run stops at the second, naming it, with the first written, and --keep-going skips it and explains the one after.
     * The settings' error had named no picture and stopped the whole batch, nothing written, --keep-going or not.
     */
    @Test
    void aKpcaCamMapThatOverflowsIsOnePicturesFailure() throws Exception {
        Path after = Files.copy(seven, tmp.resolve("seven-after-kpca.png"));
        String[] method = {"--method", "kpcacam", "--kpca-kernel", "poly", "--kpca-gamma", "5e21"};
        Path out = tmp.resolve("kpca-overflow");
        List<String> args = new ArrayList<>(List.of("explain", "--model", MODEL.toString(), seven.toString(),
                two.toString(), after.toString(), "--out", out.toString()));
        args.addAll(List.of(method));
        CliRun stop = CliRun.of(args.toArray(String[]::new));
        assertEquals(1, stop.exitCode(), stop.err());
        assertTrue(stop.out().contains("seven.png: class 7 p="), stop.out());
        List<String> said = stop.err().lines().toList();
        assertEquals(1, said.size(), stop.err());
        assertTrue(said.get(0).startsWith("cam4j: error: KPCA-CAM's poly kernel at gamma 5.0E21 puts the cells of image "
                + two + " beyond a float's range on its top component (coordinates up to "), stop.err());
        assertTrue(said.get(0).endsWith("; give a smaller gamma (--kpca-gamma); the picture after it was not explained"
                + " (--keep-going skips a picture that cannot be explained and goes on)"), stop.err());
        assertTrue(Files.exists(out.resolve("seven-cam.png")));
        assertFalse(Files.exists(out.resolve("seven-after-kpca-cam.png")), "none after the failure");

        keepGoingSkipsTheSecond(after, "kpca-overflow-keep-going", "cam4j: error: KPCA-CAM's poly kernel at gamma"
                + " 5.0E21 puts the cells of image " + two + " beyond", method);
    }

    /**
     * Runs explain on seven, two and {@code after} with --keep-going and {@code method}, under which two's map fails:
     * the error names two, the summary counts one of three, and seven's and after's overlays are written, two's not.
     */
    private static void keepGoingSkipsTheSecond(Path after, String folder, String errorStart, String... method) {
        Path going = tmp.resolve(folder);
        List<String> args = new ArrayList<>(List.of("explain", "--model", MODEL.toString(), seven.toString(),
                two.toString(), after.toString(), "--keep-going", "--out", going.toString()));
        args.addAll(List.of(method));
        CliRun kept = CliRun.of(args.toArray(String[]::new));
        assertEquals(1, kept.exitCode(), kept.err());
        List<String> errors = kept.err().lines().toList();
        assertEquals(2, errors.size(), kept.err());
        assertTrue(errors.get(0).startsWith(errorStart), kept.err());
        assertEquals("cam4j: error: 1 of 3 images could not be explained (named above); the others were written",
                errors.get(1));
        assertTrue(Files.exists(going.resolve("seven-cam.png")));
        String name = after.getFileName().toString();
        assertTrue(Files.exists(going.resolve(name.substring(0, name.length() - ".png".length()) + "-cam.png")));
        assertFalse(Files.exists(going.resolve("two-cam.png")));
    }

    /** When --keep-going skipped every image, the summary said "the others were written": there were none. */
    @Test
    void keepGoingSaysSoWhenNoImageWasExplained() throws Exception {
        Path broken = Files.writeString(tmp.resolve("torn-every.png"), "hello");
        Path gif = Files.writeString(tmp.resolve("every.gif"), "GIF89a");
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), broken.toString(), gif.toString(), "--keep-going",
                "--out", tmp.resolve("keep-going-none").toString());
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().strip().endsWith("cam4j: error: none of the 2 images could be explained (named above); no "
                + "overlay was written"), run.err());
        CliRun one = CliRun.of("explain", "--model", MODEL.toString(), broken.toString(), "--keep-going", "--out",
                tmp.resolve("keep-going-none-1").toString());
        assertTrue(one.err().strip().endsWith("cam4j: error: the image could not be explained (named above); no overlay "
                + "was written"), one.err());
    }

    @Test
    void badInputIsOneLineWithoutAStackTrace() throws Exception {
        Path notImage = Files.writeString(tmp.resolve("readme.png"), "hello");
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), notImage.toString(), "--out", tmp.resolve("x").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("cam4j: error: ") && run.err().contains("readme.png"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace without --verbose: " + run.err());

        // The pictures before an unreadable one are explained and written; none after it.
        CliRun midway = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), notImage.toString(), two.toString(),
                "--out", tmp.resolve("midway").toString());
        assertEquals(1, midway.exitCode());
        assertTrue(midway.err().contains("readme.png") && midway.out().contains("seven.png: class 7"), midway.err());
        assertTrue(Files.exists(tmp.resolve("midway").resolve("seven-cam.png")));
        assertFalse(Files.exists(tmp.resolve("midway").resolve("two-cam.png")));

        CliRun badClass = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--class", "10", "--out",
                tmp.resolve("y").toString());
        assertEquals(2, badClass.exitCode());
        assertTrue(badClass.err().contains("--class 10 is out of range"), badClass.err());

        CliRun badModel = CliRun.of("explain", "--model", tmp.toString(), seven.toString(), "--out", tmp.resolve("z").toString());
        assertEquals(1, badModel.exitCode());
        assertTrue(badModel.err().contains("is not a SavedModel"), badModel.err());

        CliRun badAlpha = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--alpha", "2", "--out",
                tmp.resolve("w").toString());
        assertEquals(2, badAlpha.exitCode());
        assertTrue(badAlpha.err().contains("--alpha must be in [0, 1]"), badAlpha.err());

        // A cam4j model names its own features; a --features meant for an imported model was once silently ignored.
        CliRun ignored = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--features", "conv/Relu:0",
                "--out", tmp.resolve("v").toString());
        // Refused as a usage error, in the option's words (TensorOptionsTest).
        assertEquals(2, ignored.exitCode());
        assertTrue(ignored.err().contains("--features conv/Relu:0: --method cam reads the features and logits"),
                ignored.err());
        assertFalse(Files.exists(tmp.resolve("v")), "nothing written");
    }

    /**
     * --heat positive colours 0 as the colormap's lowest colour: the blank ground around the unpooled model's 5 (test
     * digit 8), which min-max colouring paints olive, is jet's dark blue blended over black, (64, 0, 0) in BGR.
     */
    @Test
    void heatPositiveGivesTheGroundTheLowestColour() throws Exception {
        Path five = tmp.resolve("five.png");
        try (Mat digit = ArticleFigure.digit(Dataset.open(SharedData.mnist()).test(), 8)) {
            Images.write(digit, five);
        }
        Path unpooled = SharedData.bundledModels().resolve("mnist-unpooled");
        int[][] corner = new int[2][];
        String[] heats = {"positive", "minmax"};
        for (int h = 0; h < 2; h++) {
            Path out = tmp.resolve("heat-" + heats[h]);
            CliRun run = CliRun.of("explain", "--model", unpooled.toString(), five.toString(), "--heat", heats[h], "--out",
                    out.toString());
            assertEquals(0, run.exitCode(), run.err());
            try (Mat overlay = Images.read(out.resolve("five-cam.png"));
                    org.bytedeco.javacpp.indexer.UByteIndexer ix = overlay.createIndexer()) {
                // The top right corner: right of the caption, far from the digit.
                corner[h] = new int[] {ix.get(2, 165, 0), ix.get(2, 165, 1), ix.get(2, 165, 2)};
            }
        }
        assertArrayEquals(new int[] {64, 0, 0}, corner[0], "positive: jet(0) = (128, 0, 0) at alpha 0.5 over black");
        assertTrue(corner[1][1] > 32 || corner[1][2] > 32, "min-max: the same ground is coloured: "
                + java.util.Arrays.toString(corner[1]));
        CliRun wrong = CliRun.of("explain", "--model", unpooled.toString(), five.toString(), "--heat", "relu", "--out",
                tmp.resolve("heat-wrong").toString());
        assertEquals(2, wrong.exitCode(), wrong.err());
    }

    /**
     * --fit none feeds a picture at its own size, as video feeds frames: a 300x100 picture of three digits was framed
     * or stretched into one 28x28 digit (class 1 at p=0.17, its peak on blank paper). The pooled model reads it whole
     * and boxes one digit where it is; a model that flattens its features, which takes 28x28 only, fails with the
     * size named.
     */
    @Test
    void fitNoneFeedsThePictureAtItsOwnSize() throws Exception {
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        Path strip = tmp.resolve("strip.png");
        try (Mat canvas = new Mat(100, 300, org.bytedeco.opencv.global.opencv_core.CV_8UC1,
                new org.bytedeco.opencv.opencv_core.Scalar(0))) {
            for (int d = 0; d < 3; d++) {
                try (Mat digit = ArticleFigure.digit(test, d);
                        Mat place = canvas.apply(new org.bytedeco.opencv.opencv_core.Rect(30 + 100 * d, 36, 28, 28))) {
                    digit.copyTo(place);
                }
            }
            Images.write(canvas, strip);
        }
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), "--fit", "none", strip.toString(), "--out",
                tmp.resolve("strip-out").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(run.out().contains("framed"), run.out());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("box (\\d+),(\\d+),(\\d+),(\\d+)").matcher(run.out());
        assertTrue(m.find(), run.out());
        int x = Integer.parseInt(m.group(1));
        int w = Integer.parseInt(m.group(3));
        // The box lies on one of the three digits (x 30-58, 130-158, 230-258), not across the strip.
        assertTrue(w <= 40 && (x >= 20 && x <= 60 || x >= 120 && x <= 160 || x >= 220 && x <= 260), run.out());

        CliRun flat = CliRun.of("explain", "--model", SharedData.kerasSavedModels().resolve("mnist-flatten-dense").toString(),
                "--method", "gradcam", "--fit", "none", strip.toString(), "--out", tmp.resolve("strip-flat").toString());
        assertEquals(1, flat.exitCode(), flat.out());
        assertTrue(flat.err().contains("failed on image " + strip + " fed at 100x300: ")
                && flat.err().contains("(it was made for 28x28 pictures and may take no other size: feed it pictures"
                        + " brought to that size, that is, leave out optKeepInputSize(true), --fit none on the command"
                        + " line)"), flat.err());
        // Refused as that picture's input: --keep-going skips it and writes the others.
        Path seven28 = tmp.resolve("seven28.png");
        try (Mat digit = ArticleFigure.digit(test, 0)) {
            Images.write(digit, seven28);
        }
        CliRun going = CliRun.of("explain", "--model", SharedData.kerasSavedModels().resolve("mnist-flatten-dense")
                .toString(), "--method", "gradcam", "--fit", "none", "--keep-going", strip.toString(), seven28.toString(),
                "--out", tmp.resolve("strip-going").toString());
        assertEquals(1, going.exitCode(), going.out());
        assertTrue(going.out().contains(seven28 + ": class 7"), going.out() + going.err());
        assertTrue(going.err().contains("1 of 2 images could not be explained"), going.err());
    }

    /** The folder above the models, given for one, is refused naming the SavedModels in it; it named none. */
    @Test
    void theFolderAboveTheModelsNamesTheModelsInIt() {
        Path models = MODEL.getParent();
        CliRun run = CliRun.of("explain", "--model", models.toString(), seven.toString(), "--out",
                tmp.resolve("above").toString());
        assertEquals(1, run.exitCode(), run.out());
        assertEquals("cam4j: error: " + models + " is not a SavedModel: it has no saved_model.pb; the SavedModels in it: "
                + models.resolve("mnist-pooled") + ", " + models.resolve("mnist-unpooled"), run.err().strip());
    }

    /**
     * A cam4j model is explained by its own 'cam' signature: a --signature meant for an imported model was silently
     * ignored (a mistyped one too), and the overlays were written as if it had been followed.
     */
    @Test
    void aSignatureForACam4jModelIsRefusedNotIgnored() {
        CliRun foreign = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--signature", "serve",
                "--out", tmp.resolve("signature").toString());
        assertEquals(2, foreign.exitCode(), foreign.out());
        assertTrue(foreign.err().contains("has cam4j's 'cam' signature")
                && foreign.err().contains("--signature 'serve' chooses which signature of a foreign SavedModel"),
                foreign.err());
        assertFalse(Files.exists(tmp.resolve("signature")), "nothing written");

        // The default, spelt out, and the signature cam4j does use are no contradiction.
        for (String harmless : new String[] {"serving_default", "cam"}) {
            CliRun run = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--signature", harmless,
                    "--out", tmp.resolve("signature-" + harmless).toString());
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().contains("seven.png: class 7 p="), run.out());
        }
    }

    @Test
    void gridWritesTheArticlesFigure() throws Exception {
        Path grid = tmp.resolve("grid.png");
        CliRun run = CliRun.of("explain", "--model", MODEL.toString(), "--data", SharedData.mnist().toString(), "--first", "8",
                "--grid", grid.toString());
        assertEquals(0, run.exitCode(), run.err());
        try (Mat figure = Images.read(grid)) {
            assertTrue(figure.cols() > 4 * 2 * ArticleFigure.CELL, "four pairs per row: " + figure.cols());
        }
        // The whole test set made a 1022x385065 PNG; the bound is checked before the dataset and model are looked at.
        CliRun tooMany = CliRun.of("explain", "--model", MODEL.toString(), "--data", tmp.resolve("none").toString(), "--first",
                "10000", "--grid", tmp.resolve("big-grid.png").toString());
        assertEquals(2, tooMany.exitCode());
        assertTrue(tooMany.err().startsWith("cam4j: error: --first must be in 1.." + ArticleFigure.MAX_DIGITS + " "),
                tooMany.err());
        assertFalse(Files.exists(tmp.resolve("big-grid.png")));
        assertFalse(run.err().contains("warning"), run.err());
        // An option over the model's metadata is warned of, as for pictures: the figure was drawn without a word.
        CliRun shifted = CliRun.of("explain", "--model", MODEL.toString(), "--data", SharedData.mnist().toString(),
                "--first", "2", "--grid", tmp.resolve("shifted-grid.png").toString(), "--pixel-offset=-1");
        assertEquals(0, shifted.exitCode(), shifted.err());
        assertTrue(shifted.err().contains("cam4j: warning: --pixel-offset -1.0 (LoadOptions.withPixelOffset) overrides"
                + " the metadata of "), shifted.err());
        // Paths of the wrong kind are usage errors, the option named: both had exited 1, as a failed write does.
        Path folder = Files.createDirectories(tmp.resolve("grid-folder"));
        CliRun gridFolder = CliRun.of("explain", "--model", MODEL.toString(), "--data", SharedData.mnist().toString(),
                "--first", "1", "--grid", folder.toString());
        assertEquals(2, gridFolder.exitCode(), gridFolder.err());
        assertEquals("cam4j: error: --grid " + folder + " is a folder; name a file to write (see 'cam4j explain"
                + " --help')", gridFolder.err().strip());
        CliRun dataFile = CliRun.of("explain", "--model", MODEL.toString(), "--data", seven.toString(), "--first", "1",
                "--grid", tmp.resolve("grid-of-a-file.png").toString());
        assertEquals(2, dataFile.exitCode(), dataFile.err());
        assertEquals("cam4j: error: --data " + seven + ": dataset folder " + seven + " is a file, not a folder: give"
                + " the folder that holds the IDX files (see 'cam4j explain --help')", dataFile.err().strip());
        assertFalse(Files.exists(tmp.resolve("grid-of-a-file.png")));
    }

    /**
     * The figure of --grid draws each digit's predicted class with jet at alpha 0.5 and no box; options that would change
     * that were taken and ignored (--class 3 gave a figure of predicted classes, exit 0).
     */
    @Test
    void imageOptionsWithGridAreRefusedNotIgnored() {
        for (String[] option : new String[][] {{"--class", "3"}, {"--top-k", "2"}, {"--colormap", "viridis"},
            {"--alpha", "0.9"}, {"--threshold", "0.5"}, {"--json"}, {"--out", tmp.resolve("grid-out").toString()},
            {"--min-side", "0"}, {"--fit", "stretch"}}) {
            Path grid = tmp.resolve("grid-ignored.png");
            List<String> args = new java.util.ArrayList<>(List.of("explain", "--model", MODEL.toString(), "--data",
                    SharedData.mnist().toString(), "--first", "1", "--grid", grid.toString()));
            args.addAll(List.of(option));
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertEquals(2, r.exitCode(), option[0] + ": " + r.out());
            assertTrue(r.err().startsWith("cam4j: error: " + option[0] + " applies to IMAGE files"), r.err());
            assertFalse(Files.exists(grid), option[0]);
        }
        // Without them, the one digit's figure is written and said in the singular ("1 digits" before).
        Path grid = tmp.resolve("grid-one.png");
        CliRun one = CliRun.of("explain", "--model", MODEL.toString(), "--data", SharedData.mnist().toString(), "--first",
                "1", "--grid", grid.toString());
        assertEquals(0, one.exitCode(), one.err());
        assertEquals("wrote " + grid + " (1 digit)", one.out().strip());
    }

    /** A negative class or a top-k under 1 means nothing for any model: exit 2 before it loads, the help named. */
    @Test
    void aNegativeClassOrAZeroTopKIsAUsageError() {
        CliRun negative = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--class", "-1", "--out",
                tmp.resolve("neg").toString());
        assertEquals(2, negative.exitCode());
        assertEquals("cam4j: error: --class must be 0 or more, got -1 (see 'cam4j explain --help')",
                negative.err().strip());
        CliRun zero = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--top-k", "0", "--out",
                tmp.resolve("zero").toString());
        assertEquals(2, zero.exitCode());
        assertEquals("cam4j: error: --top-k must be 1 or more, got 0 (see 'cam4j explain --help')", zero.err().strip());
        // Beyond this model's classes is the model's to say, once it is open: a usage error all the same (exit 2), as
        // maximize's --classes 42 is.
        CliRun ten = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--class", "10", "--out",
                tmp.resolve("ten").toString());
        assertEquals(2, ten.exitCode());
        // Named as typed, as --top-k is (it said "class index 10", naming no option; helper-103's audit).
        assertTrue(ten.err().contains("cam4j: error: --class 10 is out of range: the model has 10 classes (0..9)"),
                ten.err());
    }

    /**
     * A top-k far past any model's classes is refused with the model's class count, as --top-k 11 is: 2147483647 built
     * that many overlay names per picture before the model was asked, and ran out of memory. A top-k within the
     * model's classes but above the names planned up front (1000) would need a model of more classes than any here.
     */
    @Test
    void aHugeTopKIsRefusedWithTheModelsClassCount() {
        CliRun r = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--top-k", "2147483647", "--out",
                tmp.resolve("huge-k").toString());
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("cam4j: error: --top-k 2147483647 is outside 1..10 (the model has 10 classes) (see 'cam4j explain"
                + " --help')", r.err().strip());
        CliRun eleven = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--top-k", "11", "--out",
                tmp.resolve("eleven").toString());
        assertEquals(2, eleven.exitCode(), eleven.err());
        assertEquals("cam4j: error: --top-k 11 is outside 1..10 (the model has 10 classes) (see 'cam4j explain --help')",
                eleven.err().strip());
    }

    /** Tensor names that must go together are a command line that cannot mean anything: exit 2, the help named. */
    @Test
    void tensorNamesWithoutTheirKernelAreAUsageError() {
        CliRun r = CliRun.of("explain", "--model", MODEL.toString(), "--input", "images", "--features", "features",
                "--logits", "logits", seven.toString(), "--out", tmp.resolve("no-kernel").toString());
        assertEquals(2, r.exitCode());
        assertEquals("cam4j: error: --input, --features, --logits and --kernel go together (--bias is optional) (see"
                + " 'cam4j explain --help')", r.err().strip());
    }

    /**
     * The probabilities named as the logits are called what they look like: the refusal gave advice about the features,
     * which were right.
     */
    @Test
    void probabilitiesNamedAsLogitsAreCalledProbabilities() {
        CliRun r = CliRun.of("explain", "--model", MODEL.toString(), "--input", "images", "--features", "features",
                "--logits", "probabilities", "--kernel", "classifier_kernel", seven.toString(), "--out",
                tmp.resolve("probs").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("the values named as logits lie in 0..1 and sum to 1 on each image: probabilities, a"
                + " softmax's output? Name the tensor before the softmax as the logits"), r.err());
    }

    /** An --out that is a file was reported as "X already exists", with --force too, which --force did not cure. */
    @Test
    void anOutThatIsAFileIsNamedAsOne() throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "mine");
        for (boolean force : new boolean[] {false, true}) {
            CliRun r = force
                    ? CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--out", file.toString(), "--force")
                    : CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--out", file.toString());
            // A path of the wrong kind is a usage error (it had exited 1, as a failed write does).
            assertEquals(2, r.exitCode(), r.err());
            assertEquals("cam4j: error: --out " + file + " is a file, not a folder; choose a folder for the overlays"
                    + " (see 'cam4j explain --help')", r.err().strip());
            assertEquals("mine", Files.readString(file));
        }
    }

    /**
     * {@code --out single.png} made a folder called single.png with the overlay inside, and said only where it went; a
     * user who expected one file is told what --out is. A folder of that name made beforehand is taken as asked. So
     * too a name of a format cam4j does not read (.jp2, .gif), which had still made a folder of that name.
     */
    @Test
    void anOutNamedLikeAPictureIsRefusedUnlessItIsAFolder() throws Exception {
        for (String name : List.of("o.jp2", "anim.GIF", "single.png")) {
            Path named = tmp.resolve(name);
            CliRun r = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--out", named.toString());
            assertEquals(2, r.exitCode(), name);
            assertEquals("cam4j: error: --out " + named + " is named like a picture, but --out is the folder the"
                    + " overlays go in (NAME-cam.png each); name a folder, e.g. --out overlays/ (or create " + named
                    + " first to use that name for one) (see 'cam4j explain --help')", r.err().strip());
            assertFalse(Files.exists(named), "nothing made");
        }
        Path named = tmp.resolve("single.png");
        Files.createDirectories(named);
        CliRun folder = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--out", named.toString());
        assertEquals(0, folder.exitCode(), folder.err());
        assertTrue(Files.isRegularFile(named.resolve("seven-cam.png")));
    }

    /**
     * An --out under a file, or a link to nothing, failed only after the model had loaded, in words that hid the cause:
     * "X/overlays: Not a directory (run again with --verbose for details)", "X already exists".
     */
    @Test
    void anOutThatCannotBeMadeIsNamedWithTheCause() throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.md"), "mine");
        Path under = file.resolve("overlays");
        CliRun r = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--out", under.toString());
        // A path of the wrong kind, a usage error (it had exited 1).
        assertEquals(2, r.exitCode());
        assertEquals("cam4j: error: --out " + under + " cannot be created: " + file + " is a file, not a folder"
                + " (see 'cam4j explain --help')", r.err().strip());
        Path link = Files.createSymbolicLink(tmp.resolve("overlays-link"), tmp.resolve("gone"));
        r = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--out", link.toString());
        assertEquals(1, r.exitCode());
        assertEquals("cam4j: error: --out " + link + " cannot be created: " + link + " is a link to " + tmp.resolve("gone")
                + ", which does not exist", r.err().strip());
        assertEquals("mine", Files.readString(file));
    }

    /**
     * An overlay's name in --out taken by a link no write gets through, into a missing folder or going round in a
     * loop, is refused before any work, --force or not, in the words compare's and the other figures' --out get: explain
     * ran the model, then said "cannot write image D/seven-cam.png (OpenCV's imwrite failed: check permissions and free
     * space)", or that the links go round in a loop. A link to nothing or to another file is refused without --force,
     * as it was.
     */
    @Test
    void anOverlayNameTakenByALinkNoWriteGetsThroughIsRefusedBeforeTheWork() throws Exception {
        Path into = Files.createDirectories(tmp.resolve("into-missing"));
        Path intoLink = Files.createSymbolicLink(into.resolve("seven-cam.png"), Path.of("gone/x.png"));
        Path loop = Files.createDirectories(tmp.resolve("looping"));
        Path loopLink = Files.createSymbolicLink(loop.resolve("seven-cam.png"), Path.of("other.png"));
        Files.createSymbolicLink(loop.resolve("other.png"), Path.of("seven-cam.png"));
        String intoMissing = "it links to gone/x.png, where folder " + into.resolve("gone") + " does not exist";
        String looping = "its symbolic links go round in a loop";
        for (boolean force : new boolean[] {false, true}) {
            for (Path[] folderAndLink : new Path[][] {{into, intoLink}, {loop, loopLink}}) {
                List<String> args = new java.util.ArrayList<>(List.of("explain", "--model", MODEL.toString(),
                        seven.toString(), "--out", folderAndLink[0].toString()));
                if (force) {
                    args.add("--force");
                }
                CliRun r = CliRun.of(args.toArray(String[]::new));
                assertEquals(1, r.exitCode(), r.err());
                assertEquals("cam4j: error: overlay " + folderAndLink[1] + " cannot be written: "
                        + (folderAndLink[0] == into ? intoMissing : looping), r.err().strip(), args.toString());
                assertEquals("", r.out(), "nothing explained");
            }
        }
        assertFalse(Files.exists(into.resolve("gone")));
        Path dangling = Files.createDirectories(tmp.resolve("dangling"));
        Files.createSymbolicLink(dangling.resolve("seven-cam.png"), Path.of("nothing.png"));
        CliRun r = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--out", dangling.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertEquals("cam4j: error: overlay " + dangling.resolve("seven-cam.png") + " is a link to nothing.png, which does"
                + " not exist; add --force to create it through the link", r.err().strip());
    }

    /**
     * An overlay's name in --out that is a link to notes.txt, with --force: the overlay goes through the link in the
     * format the file it reaches is named for, so explain ran the model, then failed ("could not find a writer for the
     * specified extension"). Refused before the model runs, naming the link and notes.txt, which is left as it was.
     */
    @Test
    void anOverlayNameLinkedToAFileOfAnotherFormatIsRefusedBeforeTheWork() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("linked-notes"));
        Path notes = Files.writeString(tmp.resolve("linked-notes.txt"), "my notes");
        Path link = Files.createSymbolicLink(folder.resolve("seven-cam.png"), Path.of("../linked-notes.txt"));
        CliRun r = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--out", folder.toString(),
                "--force");
        assertEquals(1, r.exitCode(), r.err());
        assertEquals("cam4j: error: overlay " + link + " cannot be written: it is a symbolic link to " + notes + ", and"
                + " OpenCV has no writer for that name's extension (a picture is written through a link in the format of"
                + " the file it reaches); remove the link or give another path", r.err().strip());
        assertEquals("", r.out(), "nothing explained");
        assertEquals("my notes", Files.readString(notes));
    }

    /**
     * A folder's files are taken by their extension; pictures in formats cam4j cannot read (a phone's HEIC, a GIF) were
     * left out without a word, as a text file is, and the run ended with exit 0 as if every picture were explained.
     */
    @Test
    void picturesAFolderHoldsInFormatsCamCannotReadAreNamed() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("phone"));
        Files.copy(seven, folder.resolve("seven.png"));
        Files.write(folder.resolve("IMG_0001.HEIC"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c'});
        Files.write(folder.resolve("anim.gif"), "GIF89a".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        // OpenCV's JPEG 2000 codec is off: a .jp2 was taken as a picture and stopped the run.
        Files.write(folder.resolve("scan.jp2"), new byte[] {0, 0, 0, 12, 'j', 'P', ' ', ' ', '\r', '\n', (byte) 0x87, '\n'});
        Files.writeString(folder.resolve("notes.txt"), "not a picture");
        CliRun r = CliRun.of("explain", "--model", MODEL.toString(), folder.toString(), "--out", tmp.resolve("phone-out")
                .toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("seven.png: class 7"), r.out());
        assertEquals("cam4j: note: left out 3 pictures of formats cam4j cannot read: " + folder.resolve("IMG_0001.HEIC")
                + " (HEIC), " + folder.resolve("anim.gif") + " (GIF), " + folder.resolve("scan.jp2") + " (JPEG 2000); convert"
                + " them, e.g. to PNG", r.err().strip());
    }

    /**
     * A folder's entries named as pictures that are not regular files (a dangling link, a link loop, a FIFO, a directory
     * named like a picture) were left out without a word, while an unreadable GIF got a note: they get one too, each
     * with what it is, and the pictures beside them are explained.
     */
    @Test
    void entriesAFolderHoldsThatAreNotRegularFilesAreNamed() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("odd"));
        Files.copy(seven, folder.resolve("seven.png"));
        Files.createSymbolicLink(folder.resolve("a-dangling.png"), tmp.resolve("gone.png"));
        Files.createSymbolicLink(folder.resolve("b-loop.png"), folder.resolve("c-loop.png"));
        Files.createSymbolicLink(folder.resolve("c-loop.png"), folder.resolve("b-loop.png"));
        Files.createDirectory(folder.resolve("d-dir.png"));
        Process mkfifo = new ProcessBuilder("mkfifo", folder.resolve("e-fifo.png").toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        CliRun r = CliRun.of("explain", "--model", MODEL.toString(), folder.toString(), "--out", tmp.resolve("odd-out")
                .toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("seven.png: class 7"), r.out());
        assertEquals("cam4j: note: left out 5 entries named as a picture but not a regular file: "
                + folder.resolve("a-dangling.png") + " (a link to a missing file), " + folder.resolve("b-loop.png")
                + " (a symbolic link loop), " + folder.resolve("c-loop.png") + " (a symbolic link loop), "
                + folder.resolve("d-dir.png") + " (a directory), " + folder.resolve("e-fifo.png") + " (a FIFO (named pipe))",
                r.err().strip());
    }

    /**
     * macOS writes a ._NAME metadata file (AppleDouble) beside each picture on USB sticks and network shares; a folder's
     * hidden files were taken as pictures, and the first, sorted before every picture, stopped the run.
     */
    @Test
    void aFoldersHiddenFilesAreLeftOut() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("from-a-mac"));
        Files.copy(seven, folder.resolve("seven.png"));
        byte[] appleDouble = new byte[4096];
        System.arraycopy(new byte[] {0, 5, 0x16, 7, 0, 2, 0, 0}, 0, appleDouble, 0, 8);
        Files.write(folder.resolve("._seven.png"), appleDouble);
        Files.write(folder.resolve("._anim.gif"), appleDouble);
        CliRun r = CliRun.of("explain", "--model", MODEL.toString(), folder.toString(), "--out", tmp.resolve("mac-out")
                .toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("seven.png: class 7"), r.out());
        assertEquals("", r.err().strip(), "no note either: the ._ files are not pictures");
    }

    /**
     * A value that is not one of an option's choices is a mistyped command line, as README says and --method has it:
     * exit 2, one line pointing to --help. --fit, --invert, --colormap and --activation exited 1.
     */
    @Test
    void aValueThatIsNotAChoiceIsAMistypedCommandLine() {
        for (String[] option : new String[][] {{"--fit", "crop", "auto, digit, stretch"},
            {"--invert", "sometimes", "auto, never, always"}, {"--colormap", "rainbows", "autumn, bone, jet"},
            {"--activation", "tanh", "softmax, sigmoid"}}) {
            CliRun r = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--out",
                    tmp.resolve("not-a-choice").toString(), option[0], option[1]);
            assertEquals(2, r.exitCode(), r.err());
            String line = r.err().strip();
            assertTrue(line.startsWith("cam4j: error: Invalid value for option '" + option[0] + "': '" + option[1]
                    + "' is not one of " + option[2]), line);
            assertTrue(line.endsWith(" (see 'cam4j explain --help')") && !line.contains("\n"), line);
        }
    }

    @Test
    void firstWithImageFilesIsRefusedNotIgnored() {
        CliRun r = CliRun.of("explain", "--model", MODEL.toString(), "--first", "1", seven.toString(), "--out",
                tmp.resolve("first-images").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--first counts the test digits of --grid; IMAGE files are all explained"), r.err());
    }

    /** --data with IMAGE files was ignored without a word (exit 0), where --first is refused: it is refused the same. */
    @Test
    void dataWithImageFilesIsRefusedNotIgnored() {
        Path out = tmp.resolve("data-images");
        CliRun r = CliRun.of("explain", "--model", MODEL.toString(), "--data", SharedData.mnist().toString(),
                seven.toString(), "--out", out.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("cam4j: error: --data is the dataset of --grid's test digits; IMAGE files are read"
                + " as they are"), r.err());
        assertFalse(Files.exists(out));
    }

    /**
     * An rbf gamma so large that exp(-gamma |x - y|²) vanishes between every two cells makes the kernel the identity,
     * whose top eigenvector is no one's: the map was the Lanczos run's seeded start, the same for the 7 and the 2
     * (exit 0, overlays written). It is refused naming the gamma. Huge gammas that are sound stay taken: the default
     * sigmoid kernel saturates to the sign of x·y and the poly kernel's map does not change with its scale.
     */
    @Test
    void anRbfGammaThatMakesTheKernelTheIdentityIsRefused() {
        CliRun r = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), two.toString(), "--out",
                tmp.resolve("rbf-identity").toString(), "--method", "kpcacam", "--kpca-kernel", "rbf", "--kpca-gamma",
                "2147483647");
        assertEquals(1, r.exitCode(), r.err());
        String line = r.err().strip();
        assertTrue(line.startsWith("cam4j: error: KPCA-CAM's rbf kernel is the identity on the features of image "
                + seven + " at gamma 2.147483647E9: exp(-gamma |x - y|²) is below 1.0E-11 between every two cells (the"
                + " nearest two at |x - y|² = "), line);
        assertTrue(line.endsWith("so the map would not depend on the picture; give a smaller gamma (--kpca-gamma); the"
                + " picture after it was not explained (--keep-going skips a picture that cannot be explained and goes"
                + " on)"), line);
        assertEquals(1, line.lines().count(), line);
        for (String kernel : new String[] {"sigmoid", "poly"}) {
            CliRun sound = CliRun.of("explain", "--model", MODEL.toString(), seven.toString(), "--out",
                    tmp.resolve("huge-" + kernel).toString(), "--method", "kpcacam", "--kpca-kernel", kernel,
                    "--kpca-gamma", "2147483647");
            assertEquals(0, sound.exitCode(), kernel + ": " + sound.err());
        }
    }
}
