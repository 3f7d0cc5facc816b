package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.render.Images;
import io.github.cam4j.testing.ForeignModels;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** {@code cam4j maximize} on the bundled pooled model: the grid it writes, overwriting, and each bad option named. */
class MaximizeCommandTest {
    static final String MODEL = SharedData.bundledModels().resolve("mnist-pooled").toString();

    @TempDir
    static Path tmp;

    /**
     * Two classes, 5 steps: a grid of two cells, each the 28x28 picture enlarged 6 times (to at least 160), in
     * FigureGrid.table's padding max(4, 168 / 24) = 7 and no header band (the grid has no headers): 7 + 2 x (168 + 7)
     * = 357 wide, 7 + 168 + 7 = 182 high. Standard output names each class with its probability and logits. Written
     * again without --force, the command refuses (exit 1, as explain and compare) and leaves the file as it was; with --force it overwrites.
     */
    /**
     * A channel whose mean activation ends below the noise's is said to have fallen, with the settings that outweighed
     * its climb: at tf-keras-vis' defaults the first convolution's channels of mnist-pooled fall (channel 0: 0.2519
     * -> 0.05768 in 200 steps, already below by step 10), and the lines had said so only in their numbers. Plain ascent
     * on the last convolution climbs (ActivationMaximizerTest#aChannelsMeanActivationClimbs), and no note comes.
     */
    @Test
    void aChannelThatFellBelowTheNoiseIsSaidToHaveFallen() {
        Path out = tmp.resolve("fell.png");
        CliRun fell = CliRun.of("maximize", "--model", MODEL, "--layer", "conv2d/Relu", "--channels", "0,3", "--steps",
                "20", "--out", out.toString());
        assertEquals(0, fell.exitCode(), fell.err());
        assertTrue(fell.out().contains("channel 0 of conv2d/Relu: mean activation 0.2519 -> "), fell.out());
        String note = fell.err().lines().filter(l -> l.startsWith("cam4j: note: ")).findFirst().orElse("");
        assertTrue(note.startsWith("cam4j: note: channel 0 of conv2d/Relu and 1 more ended below the mean activation"
                + " of the noise they started from (0.2519 -> "), fell.err());
        assertTrue(note.contains("): their ascent was outweighed by --tv-weight 1.0, --norm-weight 0.3, --jitter 4,"
                + " --rotate 1.0"), note);
        CliRun climbed = CliRun.of("maximize", "--model", MODEL, "--layer", "conv2d_2/Relu", "--channels", "0,2",
                "--steps", "20", "--tv-weight", "0", "--norm-weight", "0", "--jitter", "0", "--rotate", "0", "--out",
                tmp.resolve("climbed.png").toString());
        assertEquals(0, climbed.exitCode(), climbed.err());
        assertFalse(climbed.err().contains("cam4j: note:"), climbed.err());
    }

    /**
     * A weight so large that RMSprop's running mean overflows is refused by the API as "take smaller regularizer
     * weights"; on the command line those are --tv-weight and --norm-weight, named with the values given.
     */
    @Test
    void anOverflowingWeightNamesTheOptionsToLower() {
        CliRun run = CliRun.of("maximize", "--model", MODEL, "--classes", "0", "--steps", "2", "--norm-weight", "3e38",
                "--jitter", "0", "--rotate", "0", "--out", tmp.resolve("overflow.png").toString());
        assertTrue(run.exitCode() != 0, run.err());
        assertTrue(run.err().contains("at step 1 of 2") && run.err().contains("; lower --tv-weight (1.0) or"
                + " --norm-weight (3e38)"), run.err());
        assertFalse(run.err().contains("regularizer weights"), run.err());
        assertFalse(Files.exists(tmp.resolve("overflow.png")), "nothing is written");
    }

    /**
     * A --layer of another signature's head (a SavedModel of two, each serving one classifier) is refused naming that
     * signature and --signature, as explain's --features is: it read "does not exist in the graph", as a mistyped name.
     * A name no signature has is refused as before; given --signature, the layer is grown.
     */
    @Test
    void aLayerOfAnotherSignatureIsRefusedNamingIt() {
        String model = ForeignModels.exportPerOutput(tmp.resolve("two-heads"), ForeignModels.twoHeads()).toString();
        Path out = tmp.resolve("two-heads.png");
        CliRun other = CliRun.of("maximize", "--model", model, "--layer", "parity/features", "--steps", "2", "--out",
                out.toString());
        assertEquals(2, other.exitCode(), other.err());
        assertEquals("cam4j: error: --layer parity/features is not in the graph of signature 'serving_default', the one"
                + " imported; signature 'parity' has it: give --signature parity to import that one ('cam4j inspect"
                + " --model " + model + " --signature parity' lists them) (see 'cam4j maximize --help')",
                other.err().strip());
        CliRun back = CliRun.of("maximize", "--model", model, "--signature", "parity", "--layer", "digits/features",
                "--steps", "2", "--out", out.toString());
        assertEquals(2, back.exitCode(), back.err());
        assertTrue(back.err().startsWith("cam4j: error: --layer digits/features is not in the graph of signature"
                + " 'parity', the one imported; signature 'serving_default' has it"), back.err());
        CliRun none = CliRun.of("maximize", "--model", model, "--layer", "nope", "--steps", "2", "--out",
                out.toString());
        assertEquals(2, none.exitCode(), none.err());
        assertTrue(none.err().startsWith("cam4j: error: --layer nope: layer tensor 'nope' does not exist in the graph"),
                none.err());
        assertFalse(Files.exists(out));
        CliRun chosen = CliRun.of("maximize", "--model", model, "--signature", "parity", "--layer", "parity/features",
                "--channels", "0", "--steps", "2", "--out", out.toString());
        assertEquals(0, chosen.exitCode(), chosen.err());
    }

    @Test
    void writesTheGridAndRefusesToOverwriteWithoutForce() throws Exception {
        Path out = tmp.resolve("digits.png");
        CliRun run = CliRun.of("maximize", "--model", MODEL, "--classes", "3,7", "--steps", "5", "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        try (Mat grid = Images.read(out)) {
            assertEquals(357, grid.cols());
            assertEquals(182, grid.rows());
        }
        assertTrue(run.out().contains("class 3: p="), run.out());
        assertTrue(run.out().contains("class 7: p="), run.out());
        assertTrue(run.out().contains("logit"), run.out());
        byte[] before = Files.readAllBytes(out);
        CliRun again = CliRun.of("maximize", "--model", MODEL, "--classes", "1", "--steps", "2", "--out",
                out.toString());
        assertEquals(1, again.exitCode(), again.err());
        assertTrue(again.err().contains("already exists; add --force"), again.err());
        assertArrayEquals(before, Files.readAllBytes(out));
        CliRun forced = CliRun.of("maximize", "--model", MODEL, "--classes", "1", "--steps", "2", "--out",
                out.toString(), "--force");
        assertEquals(0, forced.exitCode(), forced.err());
        try (Mat grid = Images.read(out)) {
            assertEquals(7 + 168 + 7, grid.cols());
        }
    }

    /**
     * Standard output names a class by its label under {@code --labels}, as the figure's caption does; it had said
     * "class 7" whatever the labels file said. The number stays, for scripts that look for it.
     */
    @Test
    void standardOutputNamesTheClassesByTheirLabels() throws Exception {
        Path labels = Files.writeString(tmp.resolve("words.txt"),
                "zero\none\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\n");
        CliRun run = CliRun.of("maximize", "--model", MODEL, "--labels", labels.toString(), "--classes", "7",
                "--steps", "2", "--out", tmp.resolve("labelled.png").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("class 7 (seven): p="), run.out());
    }

    /**
     * A load option overriding the model's metadata is warned of, as explain warns of it: {@code --pixel-scale 1} drew
     * pictures for a model fed pixels 255 times larger than in training without a word. Without the option, no warning.
     */
    @Test
    void aPixelScaleOverTheMetadataIsWarnedOf() {
        CliRun scaled = CliRun.of("maximize", "--model", MODEL, "--classes", "7", "--steps", "2", "--pixel-scale", "1",
                "--out", tmp.resolve("scaled.png").toString());
        assertEquals(0, scaled.exitCode(), scaled.err());
        assertTrue(scaled.err().contains("cam4j: warning: --pixel-scale 1.0 (LoadOptions.withPixelScale) overrides the"
                + " metadata of "), scaled.err());
        CliRun plain = CliRun.of("maximize", "--model", MODEL, "--classes", "7", "--steps", "2", "--out",
                tmp.resolve("plain.png").toString());
        assertEquals(0, plain.exitCode(), plain.err());
        assertFalse(plain.err().contains("warning"), plain.err());
    }

    /**
     * A --classes or --channels of separators only names no target, said in the option's words: "--classes ," was
     * answered "--classes: nothing to maximize: setClasses(...) or setChannels(layer, ...)", the builder's API.
     */
    @Test
    void targetsOfSeparatorsOnlyAreRefusedInTheOptionsWords() {
        String[][] cases = {
            {"--classes names no class: give class numbers, comma-separated (e.g. 0,3), or all (the default)",
                "--classes", ","},
            {"--channels names no channel: give channel numbers, comma-separated (e.g. 0,3), or leave --channels out"
                + " for the first 8", "--layer", "conv2d/Relu", "--channels", ","},
        };
        for (String[] c : cases) {
            Path out = tmp.resolve("no-targets.png");
            List<String> args = new java.util.ArrayList<>(List.of("maximize", "--model", MODEL, "--steps", "1", "--out",
                    out.toString()));
            args.addAll(java.util.Arrays.asList(c).subList(1, c.length));
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(2, run.exitCode(), run.err());
            assertEquals("cam4j: error: " + c[0] + " (see 'cam4j maximize --help')", run.err().strip());
            assertFalse(Files.exists(out));
        }
    }

    /**
     * A grey format for the colour grid is one error line before any step: {@code --out grid.pgm} ran every step, showed
     * their progress bar, and only then said that PGM holds grey pictures.
     */
    @Test
    void aGreyFormatIsRefusedBeforeAnyStep() {
        Path out = tmp.resolve("grid.pgm");
        CliRun run = CliRun.of("maximize", "--model", MODEL, "--classes", "3", "--steps", "5", "--out", out.toString());
        // The name typed is at fault: a usage error naming the option (it had exited 1, naming no option).
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("", run.out());
        assertEquals("cam4j: error: --out " + out + ": PGM and PBM files hold grey pictures, and the figure is drawn in"
                + " colour (write it as .png or .ppm) (see 'cam4j maximize --help')", run.err().strip());
        assertFalse(Files.exists(out));
    }

    /**
     * An --out in a missing folder is refused in one line naming --out, before the model opens: the model named does
     * not exist, and its error would come first otherwise. It had said "cannot write image ...", naming no option.
     */
    @Test
    void anOutInAMissingFolderIsNamedBeforeTheModelOpens() {
        Path out = tmp.resolve("nofolder").resolve("x.png");
        CliRun run = CliRun.of("maximize", "--model", tmp.resolve("no-model").toString(), "--out", out.toString());
        assertEquals(1, run.exitCode(), run.out());
        assertEquals("cam4j: error: --out " + out + " cannot be written: folder " + out.getParent() + " does not exist;"
                + " create it first", run.err().strip());
        assertFalse(Files.exists(out.getParent()));
    }

    /**
     * Pictures too large for the machine's memory are refused before TensorFlow runs: at 16384x16384 the JVM ended in a
     * SIGSEGV inside TensorFlow, which does not check a failed allocation (helper-161's audit). The bundled pooled model
     * is estimated at 8.7 kB a pixel, its gradients' outputs included: about 2 300 GB, beyond any machine this runs on.
     */
    @Test
    void picturesTooLargeForTheMachinesMemoryAreRefused() {
        Path out = tmp.resolve("huge.png");
        CliRun run = CliRun.of("maximize", "--model", MODEL, "--classes", "0", "--steps", "1", "--size", "16384x16384",
                "--out", out.toString());
        assertEquals(2, run.exitCode(), run.out());
        assertTrue(run.err().startsWith("cam4j: error: --size 16384x16384 for 1 picture at once: model "), run.err());
        assertTrue(run.err().matches("(?s).*would need about \\d+\\.\\d GB for its layers' outputs \\(\\d+\\.\\d MB a picture,"
                + " estimated from its graph\\), more than 80 % of this machine's.*"), run.err());
        assertTrue(run.err().contains("draw smaller pictures or fewer targets at a time (--size, --classes or --channels)"),
                run.err());
        assertFalse(Files.exists(out));
    }

    /**
     * Pictures whose values pass one Java array are said as the size they are drawn at, as those too large for the
     * machine's memory are: the ten classes' pictures at 16384x16384, with --classes not given, were said as a fault
     * of --classes.
     */
    @Test
    void picturesPastOneArrayAreSaidAsTheirSize() {
        Path out = tmp.resolve("array.png");
        CliRun run = CliRun.of("maximize", "--model", MODEL, "--steps", "1", "--size", "16384x16384", "--out",
                out.toString());
        assertEquals(2, run.exitCode(), run.out());
        assertTrue(run.err().startsWith("cam4j: error: --size 16384x16384 for 10 pictures at once: 2684354560 values"
                + " (16384x16384x1 each), more than one Java array holds (2147483639): draw fewer targets at a time, or"
                + " at a smaller size"), run.err());
        assertFalse(Files.exists(out));
    }

    /** A class or channel named twice is refused, as explain refuses a picture given twice; it was drawn twice. */
    @Test
    void aTargetNamedTwiceIsRefused() {
        Path out = tmp.resolve("twice.png");
        CliRun classes = CliRun.of("maximize", "--model", MODEL, "--classes", "1,1", "--steps", "1", "--out",
                out.toString());
        assertEquals(2, classes.exitCode(), classes.out());
        assertTrue(classes.err().startsWith("cam4j: error: --classes names 1 twice; each is drawn once"), classes.err());
        CliRun channels = CliRun.of("maximize", "--model", MODEL, "--layer", "conv2d_1/Relu", "--channels", "2,0,2",
                "--steps", "1", "--out", out.toString());
        assertEquals(2, channels.exitCode(), channels.out());
        assertTrue(channels.err().startsWith("cam4j: error: --channels names 2 twice"), channels.err());
        assertFalse(Files.exists(out));
    }

    /**
     * Three classes in rows of two: the last row is filled with a white cell, the grid 7 + 2 x (168 + 7) = 357 wide and
     * 7 + 2 x (168 + 7) = 357 high (no header band), the filling white (255) where the third picture's row has no second picture.
     */
    @Test
    void aShortLastRowIsFilledWithWhite() throws Exception {
        Path out = tmp.resolve("three.png");
        CliRun run = CliRun.of("maximize", "--model", MODEL, "--classes", "1,2,3", "--steps", "1", "--columns", "2",
                "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        try (Mat grid = Images.read(out);
                org.bytedeco.javacpp.indexer.UByteIndexer pixels = grid.createIndexer()) {
            assertEquals(357, grid.cols());
            assertEquals(357, grid.rows());
            // The middle of the empty cell: row 7 + 175 + 84, column 7 + 175 + 84.
            for (int c = 0; c < 3; c++) {
                assertEquals(255, pixels.get(7 + 175 + 84, 7 + 175 + 84, c));
            }
        }
    }

    /** A layer's channels: a cell each, captioned by the channel, and standard output's mean activations. */
    @Test
    void drawsALayersChannels() throws Exception {
        Path out = tmp.resolve("channels.png");
        CliRun run = CliRun.of("maximize", "--model", MODEL, "--layer", "conv2d_2/Relu", "--channels", "0,2",
                "--steps", "3", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("channel 0 of conv2d_2/Relu: mean activation"), run.out());
        assertTrue(run.out().contains("channel 2 of conv2d_2/Relu: mean activation"), run.out());
        assertTrue(Files.size(out) > 0);
    }

    /**
     * A cell's caption says what it shows: "class 3  p=0.63" and "channel 2  mean 22.3", where it read "3 p=0.63" and
     * "ch 2 22.3", neither saying class nor what the channel's figure was. A class's label is used where it can be
     * drawn, its number otherwise.
     */
    @Test
    void captionsSayWhatTheyShow() {
        float[] probabilities = new float[10];
        probabilities[3] = 0.63f;
        var digit = new io.github.cam4j.cam.MaximizedPicture(null, 3, 28, 28, 1, new float[784], new float[1], 0f,
                new float[10], 4.2f, probabilities);
        List<String> labels = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertEquals("class 3  p=0.63", MaximizeCommand.caption(digit, labels));
        assertEquals("class three  p=0.63", MaximizeCommand.caption(digit, List.of("zero", "one", "two", "three", "four",
                "five", "six", "seven", "eight", "nine")));
        var channel = new io.github.cam4j.cam.MaximizedPicture("conv2d_2/Relu", 2, 28, 28, 1, new float[784],
                new float[1], 0f, new float[10], 22.31f, new float[10]);
        assertEquals("channel 2  mean 22.3", MaximizeCommand.caption(channel, labels));
    }

    /** Each bad input is refused before any step, in one line that names the option and what is wrong. */
    @Test
    void eachBadOptionIsNamed() {
        String out = tmp.resolve("bad.png").toString();
        assertRefused("--classes", "out of range", "--classes", "10");
        assertRefused("--classes", "not a class number", "--classes", "seven");
        // The inspect command it points to is the one to type, not "cam4j inspect --model ...".
        assertRefused("--layer", "does not exist in the graph ('cam4j inspect --model " + MODEL + "' lists",
                "--layer", "no_such_layer");
        assertRefused("--layer", "float32 layer of rank 4 [N, h, w, channels] or 2 [N, units] ('cam4j inspect --model "
                + MODEL + "' lists", "--layer", "classifier_bias");
        assertRefused("--channels", "channel 999", "--layer", "conv2d_2/Relu", "--channels", "999");
        assertRefused("--channels", "negative", "--layer", "conv2d_2/Relu", "--channels", "-1");
        assertRefused("--steps", "at least 1", "--steps", "0");
        assertRefused("--tv-weight", "0 or more", "--tv-weight", "-1");
        assertRefused("--norm-weight", "0 or more", "--norm-weight", "-0.5");
        assertRefused("--learning-rate", "positive", "--learning-rate", "0");
        assertRefused("--jitter", "0 (off) or more", "--jitter", "-1");
        // A roll wraps around: more than 28 pixels reach beyond the model's 28x28 pictures (1000 was taken, and from
        // 2^30 up the draws' bound overflowed an int).
        assertRefused("--jitter 29 pixels reaches beyond the 28x28 pictures", "give at most 28", "--jitter", "29");
        assertRefused("--jitter 2147483647 pixels", "give at most 28", "--jitter", "2147483647");
        assertRefused("--jitter 41 pixels reaches beyond the 40x60 pictures", "give at most 40", "--jitter", "41",
                "--size", "40x60");
        assertRefused("--rotate", "0 (off) or more", "--rotate", "NaN");
        assertRefused("--size", "1 to 16384", "--size", "0x28");
        assertRefused("--size", "1 to 16384", "--size", "-3x5");
        assertRefused("--size", "1 to 16384", "--size", "16385x16385");
        assertRefused("--size", "1 to 16384", "--size", "99999999999x1");
        assertRefused("--size", "is not HxW", "--size", "abc");
        assertRefused("--size", "is not HxW", "--size", "28");
        assertRefused("--size", "is not HxW", "--size", "2.5x28");
        assertTrue(Files.notExists(Path.of(out)));
    }

    /** @return the BGR values of {@code m}'s pixel at ({@code x}, {@code y}) */
    private static int[] pixel(Mat m, int y, int x) {
        org.bytedeco.javacpp.indexer.UByteIndexer ix = m.createIndexer();
        try {
            return new int[] {ix.get(y, x, 0), ix.get(y, x, 1), ix.get(y, x, 2)};
        } finally {
            ix.close();
        }
    }

    private static void assertRefused(String option, String why, String... args) {
        String[] line = new String[args.length + 6];
        line[0] = "maximize";
        line[1] = "--model";
        line[2] = MODEL;
        System.arraycopy(args, 0, line, 3, args.length);
        line[args.length + 3] = "--out";
        line[args.length + 4] = tmp.resolve("bad.png").toString();
        line[args.length + 5] = "--force";
        CliRun run = CliRun.of(line);
        assertEquals(2, run.exitCode(), String.join(" ", args) + ": " + run.err());
        String error = run.err().lines().filter(l -> l.startsWith("cam4j: error:")).findFirst().orElse("");
        assertTrue(error.contains(option) && error.contains(why), String.join(" ", args) + ": " + run.err());
    }

    /**
     * The bundled pooled model's graph takes any size: {@code --size 40x36} draws a 40x36 picture, enlarged 5 times
     * (160 / 36, rounded up) to a 200x180 cell, in FigureGrid.table's padding max(4, 180 / 24) = 7 and header band
     * no header band: 7 + 180 + 7 = 194 wide, 7 + 200 + 7 = 214 high; standard output's probability is a
     * number in [0, 1], not NaN.
     */
    @Test
    void drawsAnOpenSizeModelAtTheSizeGiven() throws Exception {
        Path out = tmp.resolve("sized.png");
        CliRun run = CliRun.of("maximize", "--model", MODEL, "--classes", "3", "--steps", "5", "--size", "40x36",
                "--out", out.toString(), "--force");
        assertEquals(0, run.exitCode(), run.err());
        try (Mat grid = Images.read(out)) {
            assertEquals(194, grid.cols());
            assertEquals(214, grid.rows());
        }
        java.util.regex.Matcher p = java.util.regex.Pattern.compile("class 3: p=(\\S+) ").matcher(run.out());
        assertTrue(p.find(), run.out());
        double probability = Double.parseDouble(p.group(1));
        assertTrue(probability >= 0 && probability <= 1, run.out());
    }

    /**
     * An extreme aspect ratio is drawn without blank bands, in cells no longer than 480 pixels, as compare's: {@code
     * --size 4x200} was enlarged 20 times (4096 / 200, the longest side drawn) to an 80x4000 strip, and three classes
     * made a figure 12 016 pixels wide. Its pictures are 480x16 now (480 across, 9.6 rows lifted to the 16 a cell is
     * drawn at, stretched, which stderr says), each under its caption's 17-pixel band, which had covered the strip over
     * its whole height and a quarter of its length: cells 480x33, padded by max(4, min(480, 33) / 24) = 4, 4 + 3 x (480
     * + 4) = 1456 wide, 41 high, the band white past the caption's end. The same picture turned,
     * 200x4, is a column of 16x480 pictures, each right of its caption's band: 4 + 3 x (33 + 4) = 115 wide, 488 high.
     */
    @Test
    void anExtremeAspectRatioIsDrawnInCellsNoLongerThan480() throws Exception {
        for (String size : List.of("4x200", "200x4")) {
            Path out = tmp.resolve("strip-" + size + ".png");
            CliRun run = CliRun.of("maximize", "--model", MODEL, "--classes", "3,5,7", "--steps", "2", "--size", size,
                    "--columns", "5", "--out", out.toString(), "--force");
            assertEquals(0, run.exitCode(), run.err());
            boolean wide = size.equals("4x200");
            try (Mat grid = Images.read(out)) {
                assertEquals(wide ? 1456 : 3 * (33 + 4) + 4, grid.cols(), size);
                assertEquals(wide ? 41 : 488, grid.rows(), size);
                // Along a line through the first cell's caption (its band's grey padding, 32), then past its end:
                // the band is its 17 pixels, then the picture; past the caption, the band's place is white.
                int bandLength = 0;
                for (int i = 4; i < 4 + 33; i++) {
                    bandLength += java.util.Arrays.equals(new int[] {32, 32, 32}, wide ? pixel(grid, i, 5)
                            : pixel(grid, 5, i)) ? 1 : 0;
                }
                assertEquals(17, bandLength, size + ": the caption's band beside the picture, not on it");
                int[] white = {255, 255, 255};
                assertArrayEquals(white, wide ? pixel(grid, 12, 300) : pixel(grid, 300, 12), size);
                int[] band = pixel(grid, 5, 5);
                assertArrayEquals(new int[] {32, 32, 32}, band, size + ": the caption's band, outside the picture");
            }
            // The note gives the picture's size and the cell's with its band; it had said "cells of 16x480" of
            // cells 33x480.
            String drawn = wide ? "at 16x480 (height x width) in cells of 33x480 with the caption's band above"
                    : "at 480x16 (height x width) in cells of 480x33 with the caption's band left of";
            assertTrue(run.err().contains("cam4j: note: the " + size + " pictures are drawn " + drawn + " the picture,"
                    + " stretched across: 480 pixels is the longest side a picture is drawn at and 16 the least, so they"
                    + " do not keep their shape\n"), run.err());
        }
    }

    /**
     * A SavedModel whose input placeholder leaves its size open and that records none is refused without --size (exit
     * 2, one line naming --size, nothing written) and drawn at the size given with it; the imported Keras model, whose
     * input tensor fixes 28x28, refuses another --size in one line naming its size.
     */
    @Test
    void aSizeIsNeededWhereTheModelHasNoneAndRefusedWhereItHasAnother() throws Exception {
        Path dir = ForeignModels.export(tmp.resolve("open"), ForeignModels.gapClassifier(new long[] {-1, -1, -1, 1},
                10, true));
        Path out = tmp.resolve("open.png");
        CliRun without = CliRun.of("maximize", "--model", dir.toString(), "--classes", "3", "--steps", "2", "--out",
                out.toString());
        assertEquals(2, without.exitCode(), without.err());
        assertEquals(1, without.err().lines().filter(l -> l.startsWith("cam4j: error: --size not given")
                && l.contains("any size")).count(), without.err());
        assertTrue(Files.notExists(out));
        CliRun with = CliRun.of("maximize", "--model", dir.toString(), "--classes", "3", "--steps", "2", "--size",
                "32x24", "--out", out.toString());
        assertEquals(0, with.exitCode(), with.err());
        try (Mat grid = Images.read(out)) {
            // 32x24 enlarged 7 times (160 / 24, rounded up): 224x168, padding 7, no header band: 182 wide, 238 high.
            assertEquals(7 + 168 + 7, grid.cols());
            assertEquals(7 + 224 + 7, grid.rows());
        }
        // Smaller than one cell of the pooled model's last convolution (4x4 pixels): no cells, refused before the
        // model runs; TensorFlow's matrix sizes and "may take no other size" were said before. 4x4 itself is drawn.
        String pooled = SharedData.bundledModels().resolve("mnist-pooled").toString();
        CliRun tiny = CliRun.of("maximize", "--model", pooled, "--classes", "3", "--steps", "2", "--size", "3x4",
                "--out", tmp.resolve("tiny.png").toString());
        assertEquals(2, tiny.exitCode(), tiny.err());
        List<String> lines = tiny.err().lines().toList();
        assertEquals(1, lines.size(), tiny.err());
        assertTrue(lines.get(0).startsWith("cam4j: error: --size 3x4: model " + pooled + " makes no feature cells from"
                + " it (one cell of its last convolution spans 4x4 pixels); give at least 4x4"), tiny.err());
        assertTrue(Files.notExists(tmp.resolve("tiny.png")));
        CliRun least = CliRun.of("maximize", "--model", pooled, "--classes", "3", "--steps", "2", "--size", "4x4",
                "--out", tmp.resolve("least.png").toString());
        assertEquals(0, least.exitCode(), least.err());
        String keras = SharedData.kerasSavedModels().resolve("mnist-conv-head-gap").toString();
        CliRun fixed = CliRun.of("maximize", "--model", keras, "--classes", "3", "--steps", "2", "--size", "40x40",
                "--out", tmp.resolve("keras.png").toString());
        assertEquals(2, fixed.exitCode(), fixed.err());
        assertEquals(1, fixed.err().lines().filter(l -> l.startsWith("cam4j: error: --size 40x40")
                && l.contains("takes 28x28 pictures only")).count(), fixed.err());
        assertTrue(Files.notExists(tmp.resolve("keras.png")));
    }

    /**
     * An imported Keras model's layer is taken by its short name, the end of one operation's name, as explain's
     * {@code --features} takes it: {@code og_leaky_1/LeakyRelu} was refused as not in the graph, where its full name
     * (under {@code StatefulPartitionedCall_1/.../functional_1/}) drew. Both draw the same pictures; a name several
     * operations end with is a usage error naming some of them.
     */
    @Test
    void anImportedLayerIsTakenByItsShortNameAsExplainTakesIt() throws Exception {
        String keras = SharedData.kerasSavedModels().resolve("mnist-conv-head-gap").toString();
        String full = "StatefulPartitionedCall_1/StatefulPartitionedCall/functional_1/og_leaky_1/LeakyRelu";
        List<String> means = new java.util.ArrayList<>();
        for (String layer : List.of("og_leaky_1/LeakyRelu", full)) {
            CliRun run = CliRun.of("maximize", "--model", keras, "--layer", layer, "--channels", "0,1", "--steps", "2",
                    "--out", tmp.resolve(layer.replace('/', '_') + ".png").toString());
            assertEquals(0, run.exitCode(), layer + ": " + run.err());
            means.add(run.out().lines().filter(l -> l.startsWith("channel ")).map(l -> l.substring(l.indexOf(':')))
                    .toList().toString());
        }
        assertEquals(means.get(1), means.get(0), "the short name is the same layer");
        CliRun several = CliRun.of("maximize", "--model", keras, "--layer", "convolution", "--steps", "2", "--out",
                tmp.resolve("several.png").toString());
        assertEquals(2, several.exitCode(), several.err());
        assertTrue(several.err().startsWith("cam4j: error: --layer convolution: layer tensor 'convolution' names 4"
                + " operations of the graph (StatefulPartitionedCall_1/StatefulPartitionedCall/functional_1/bottleneck_1/"
                + "convolution, "), several.err());
        assertTrue(Files.notExists(tmp.resolve("several.png")));
    }

    /**
     * A model whose input is no picture (a flat [N, 784] vector into a dense layer) is refused by the model's own
     * checks, in one line naming what is wrong, and nothing is written.
     */
    @Test
    void aModelWithoutAPictureInputIsRefused() {
        Path dir = ForeignModels.export(tmp.resolve("flat"), (tf, random, in, outs) -> {
            Placeholder<TFloat32> x = ForeignModels.images(tf, -1, 784);
            in.put("x", x);
            outs.put("y", tf.withName("probs").nn.softmax(ForeignModels.dense(tf, random, x, 784, 10)));
        });
        Path out = tmp.resolve("flat.png");
        CliRun run = CliRun.of("maximize", "--model", dir.toString(), "--out", out.toString());
        assertTrue(run.exitCode() != 0, run.err());
        assertEquals(1, run.err().lines().filter(l -> l.startsWith("cam4j: error:")).count(), run.err());
        assertTrue(run.err().contains("input 'x' is float32 [-1, 784]; cam4j feeds float32 images [N, H, W, C]"),
                run.err());
        assertTrue(Files.notExists(out));
    }
}
