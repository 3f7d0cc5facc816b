package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.render.Images;
import io.github.cam4j.testing.CaptionBands;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cam4j concepts} on the bundled pooled model, a Keras model without pooling, and MNIST's test digits. */
class ConceptsCommandTest {
    static final String MODEL = SharedData.bundledModels().resolve("mnist-pooled").toString();
    static final String FLATTEN = "src/test/resources/keras3/flatten-export";
    static final String DATA = SharedData.mnist().toString();
    /** A 28x28 digit drawn 6 times enlarged under the default --min-side 160. */
    static final int CELL = 168;
    /** FigureGrid.table's padding and header band for cells of {@value #CELL}: max(4, 168 / 24), max(16, 168 / 6). */
    static final int PAD = 7;
    static final int HEADER = 28;

    @TempDir
    static Path tmp;

    static Path digit0;
    static Path digit1;

    @BeforeAll
    static void writeDigits() throws Exception {
        Path[] digits = FirstTestDigit.writeFirstTwoIn(tmp);
        digit0 = digits[0];
        digit1 = digits[1];
    }

    /**
     * With standard error a log (a file or a pipe, as under surefire), NMF's progress is written there as whole lines,
     * as evaluate's and video's bars are ({@code ProgressBars.console}): the command showed its bar on a terminal only,
     * and a long factorisation in a log said nothing until it ended. No carriage return: each state is a line. The
     * last is 100 %, at the iterations NMF ran.
     */
    @Test
    void aLogGetsTheProgressAsWholeLines() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(io.github.cam4j.ProgressBars.stderrIsTerminal(),
                "standard error is a terminal here: the bar is redrawn in place");
        CliRun.Logged logged = CliRun.ofCapturingProcessErr("concepts", "--model", MODEL, "--data", DATA, "--first", "2",
                "--concepts", "3", "--out", tmp.resolve("logged.png").toString());
        CliRun run = logged.run();
        assertEquals(0, run.exitCode(), run.err());
        String log = logged.processErr();
        List<String> bar = log.lines().filter(l -> l.startsWith("concepts ")).toList();
        assertFalse(bar.isEmpty(), log);
        assertTrue(bar.get(bar.size() - 1).contains(" NMF iterations"), log);
        assertFalse(log.contains("\r"), log);
        // NMF stops when it converges: the bar then ends at 100 %, at the iterations standard output reports (it had
        // stayed at 63/200, 31 %, as if the run had been cut short).
        java.util.regex.Matcher ran = java.util.regex.Pattern.compile("NMF (\\d+) iterations").matcher(run.out());
        assertTrue(ran.find(), run.out());
        String last = bar.get(bar.size() - 1);
        assertTrue(last.contains("100%") && last.contains(" " + ran.group(1) + "/" + ran.group(1) + " NMF"), log);
    }

    /**
     * Three test digits, 4 concepts: one row of three picture-and-overlay pairs (the table's 7 + 6 x (168 + 7) = 1 057
     * pixels wide and 7 + 28 + 168 + 7 = 210 high), the legend under it (FigureGrid.stacked's padding max(8, 1 057 / 40)
     * = 26 around both), the overlay columns in the concepts' colours (gist_rainbow's red, yellow-green, cyan, violet:
     * thousands of pixels whose channels differ by more than 100, which a grey digit never has), and standard output's
     * summary and a line per concept naming two classes.
     */
    @Test
    void theFigureHasAPairPerPictureInTheConceptsColoursAndSaysWhatEachConceptIs() throws Exception {
        Path out = tmp.resolve("concepts.png");
        CliRun run = CliRun.of("concepts", "--model", MODEL, "--data", DATA, "--first", "3", "--concepts", "4", "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        try (Mat figure = Images.read(out)) {
            int tableWidth = PAD + 6 * (CELL + PAD);
            int tableHeight = PAD + HEADER + CELL + PAD;
            int p = 26;
            assertEquals(p + tableWidth + p, figure.cols(), "width");
            assertTrue(figure.rows() > p + tableHeight + p + 4 * 16, "the legend's four lines under the table");
            int pair = 2 * (CELL + PAD);
            for (int i = 0; i < 3; i++) {
                int picture = p + PAD + i * pair;
                // Each picture column is grey; its overlay column holds the concepts' colours.
                assertEquals(0, colourful(figure, picture, picture + CELL, p + tableHeight), "picture " + i);
                assertTrue(colourful(figure, picture + CELL + PAD, picture + CELL + PAD + CELL, p + tableHeight) > 3000,
                        "overlay " + i);
            }
            // The legend's swatches, under the table at the left.
            assertTrue(colourful(figure, p, p + 40, figure.rows()) - colourful(figure, p, p + 40, p + tableHeight) > 200);
        }
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).matches("wrote " + java.util.regex.Pattern.quote(out.toString()) + ": 4 concepts of 3"
                + " pictures \\(3 shown\\), 128 channels; NMF \\d+ iterations(| \\(the limit: not converged\\)),"
                + " reconstruction error [0-9.]+"), lines.get(0));
        assertEquals(5, lines.size(), run.out());
        for (int i = 0; i < 4; i++) {
            assertTrue(lines.get(1 + i).matches("concept " + i + ": \\d 0\\.\\d\\d, \\d 0\\.\\d\\d"), lines.get(1 + i));
        }
    }

    /**
     * Pairs drawn across: about as many rows as pairs of columns, one more across when that leaves fewer blank places,
     * never more than there are pictures. The default --show 16 had been a column of 16 rows beside a short legend.
     */
    @Test
    void picturesAreLaidOutInRowsOfPairsWithFewBlankPlaces() {
        int[][] expected = {{1, 1}, {2, 1}, {3, 3}, {4, 2}, {8, 2}, {9, 3}, {16, 4}, {64, 6}};
        for (int[] e : expected) {
            assertEquals(e[1], ConceptsCommand.pairsPerRow(e[0]), e[0] + " pictures");
        }
    }

    /**
     * A thin picture is drawn as compare draws it: brought down to --max-side on its longer side, 16 pixels across,
     * stretched, and standard error says so (a 3000x1 strip had been drawn 480x2 pixels, a line).
     */
    @Test
    void aThinPictureIsStretchedToBeSeenAndSaidSo() throws Exception {
        Path strip = io.github.cam4j.testing.FlatPictures.write(tmp.resolve("thin-row.png"), 1, 3000, 128.0);
        CliRun run = CliRun.of("concepts", "--model", MODEL, "--concepts", "2", "--out", tmp.resolve("thin-row-figure.png")
                .toString(), strip.toString(), digit0.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("cam4j: note: thin-row.png (3000x1 pixels) is drawn in cells of 480x16, stretched"
                + " across: --max-side 480 bounds their longer side and 16 pixels is the least the figure draws a side"
                + " at, so they do not keep its shape"), run.err());
        assertFalse(run.err().contains(digit0.getFileName() + " ("), "a digit keeps its shape: " + run.err());
    }

    /**
     * Every caption of the figure is drawn in one font, as compare's: beside a 28x28 digit (cells 168x168) a 640x480
     * picture's cells (480x360) were captioned in a label's font for a 360-pixel cell, bands of 29 rows to the digit's
     * 17, its name and its overlay's "4  p=1.00" alike. Now each band is the digit's, counted down the cell's second
     * column (the band's padding). The cells as FigureGrid.table places them, a pair to a row (padding max(4, min(480,
     * 360) / 24) = 15, header band 480 / 6 = 80, each cell centred in its column), under stacked's padding max(8, 1005
     * / 40) = 25.
     */
    @Test
    void theCaptionsOfPicturesOfDifferentSizesShareOneFont() throws Exception {
        Path page = CaptionBands.writeLargePage(digit1, tmp.resolve("four-640x480.png"));
        Path out = tmp.resolve("two-sizes.png");
        CliRun run = CliRun.of("concepts", "--model", MODEL, "--concepts", "2", "--out", out.toString(),
                digit0.toString(), page.toString());
        assertEquals(0, run.exitCode(), run.err());
        int margin = 25;
        int pad = 15;
        int digitRow = margin + pad + 80;
        int pictures = margin + pad;
        int overlays = pictures + 480 + pad;
        int band = io.github.cam4j.render.Draw.labelHeight(CELL, CELL, digit0.getFileName().toString());
        try (Mat figure = Images.read(out)) {
            assertEquals(margin + pad + 2 * (480 + pad) + margin, figure.cols(), "two columns of 480");
            CaptionBands.assertOneBandHeight(figure, band, pictures, overlays, digitRow, CELL);
        }
    }

    /** Picture files, and --show: both factorised, one drawn; --data with files is refused as compare refuses it. */
    @Test
    void pictureFilesAreFactorisedAndShowDrawsTheFirst() throws Exception {
        Path out = tmp.resolve("files.png");
        CliRun run = CliRun.of("concepts", "--model", MODEL, "--concepts", "2", "--show", "1", "--out", out.toString(),
                digit0.toString(), digit1.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("wrote " + out + ": 2 concepts of 2 pictures (1 shown)"), run.out());
        try (Mat figure = Images.read(out)) {
            // One pair: the table 7 + 2 x (168 + 7) = 357 pixels wide, the two-line legend under it (stacked's padding
            // max(8, 357 / 40) = 8).
            assertEquals(8 + PAD + 2 * (CELL + PAD) + 8, figure.cols());
            assertTrue(figure.rows() > 8 + PAD + HEADER + CELL + PAD + 8 + 2 * 16, "the legend under the table");
        }
        CliRun both = CliRun.of("concepts", "--model", MODEL, "--concepts", "2", "--data", DATA, "--out",
                tmp.resolve("both.png").toString(), digit0.toString());
        assertEquals(2, both.exitCode(), both.err());
        assertTrue(both.err().contains("--data picks MNIST test digits; PICTURE files are factorised instead"), both.err());
        // A picture given twice (here once by another path) is refused: it was factorised twice without a word.
        Path again = digit0.getParent().resolve(".").resolve(digit0.getFileName());
        CliRun twice = CliRun.of("concepts", "--model", MODEL, "--concepts", "2", "--out", tmp.resolve("twice.png").toString(),
                digit0.toString(), digit1.toString(), again.toString());
        // The command line's fault, as explain's IMAGE given twice is (it had exited 1).
        assertEquals(2, twice.exitCode(), twice.err());
        assertEquals("cam4j: error: PICTURE " + again + " is given twice (also as " + digit0 + ") (see 'cam4j concepts"
                + " --help')", twice.err().strip());
        assertFalse(Files.exists(tmp.resolve("twice.png")));
        // Blank pictures' features are the same everywhere: refused, where NMF had said "1 iteration, error 0" and
        // written identical concepts.
        Path black = tmp.resolve("black.png");
        Path white = tmp.resolve("white.png");
        try (Mat b = new Mat(28, 28, org.bytedeco.opencv.global.opencv_core.CV_8UC1, new org.bytedeco.opencv.opencv_core.Scalar(0));
                Mat w = new Mat(28, 28, org.bytedeco.opencv.global.opencv_core.CV_8UC1,
                        new org.bytedeco.opencv.opencv_core.Scalar(255))) {
            Images.write(b, black);
            Images.write(w, white);
        }
        CliRun blank = CliRun.of("concepts", "--model", MODEL, "--concepts", "3", "--out", tmp.resolve("blank.png").toString(),
                black.toString(), white.toString());
        assertEquals(1, blank.exitCode(), blank.out());
        // Naming the pictures: "of the 2 pictures" left the user to find which (all of them are).
        assertEquals("cam4j: error: every channel of the features has one value at all 98 cells of the 2 pictures "
                + black + ", " + white + " (as blank pictures give): there is nothing to factorise into concepts",
                blank.err().strip());
        assertFalse(Files.exists(tmp.resolve("blank.png")));
        // One picture: its 7x7 cells, said of the picture ("the same at each of their 49 cells" said of nothing).
        CliRun one = CliRun.of("concepts", "--model", MODEL, "--concepts", "3", "--out", tmp.resolve("one.png").toString(),
                black.toString());
        assertEquals(1, one.exitCode(), one.out());
        assertEquals("cam4j: error: every channel of the features has one value at all 49 cells of the picture " + black
                + " (as blank pictures give): there is nothing to factorise into concepts", one.err().strip());
        // A folder of them: each named, as PICTURE's folders name their files; a long list is cut short.
        Path folder = Files.createDirectories(tmp.resolve("blanks"));
        try (Mat b = new Mat(28, 28, org.bytedeco.opencv.global.opencv_core.CV_8UC1, new org.bytedeco.opencv.opencv_core.Scalar(0))) {
            for (int i = 0; i < 14; i++) {
                Images.write(b, folder.resolve(String.format(java.util.Locale.ROOT, "b%02d.png", i)));
            }
        }
        CliRun many = CliRun.of("concepts", "--model", MODEL, "--concepts", "3", "--out", tmp.resolve("many.png").toString(),
                folder.toString());
        assertEquals(1, many.exitCode(), many.out());
        assertEquals("cam4j: error: every channel of the features has one value at all 686 cells of the 14 pictures "
                + folder.resolve("b00.png") + ", " + folder.resolve("b01.png") + ", " + folder.resolve("b02.png") + ", "
                + folder.resolve("b03.png") + ", " + folder.resolve("b04.png") + ", " + folder.resolve("b05.png")
                + ", ..., " + folder.resolve("b13.png") + " (as blank pictures give): there is nothing to factorise"
                + " into concepts", many.err().strip());
    }

    /**
     * A model cam4j cannot feed (Keras 3's export of an 8-bit input) is refused in the loader's words before the test
     * digits are looked for: it was refused only once MNIST was read, so without it (here a --data folder lacking its
     * files; by default, ~/.cache/cam4j/mnist absent) the user heard of the dataset, or waited for a download, instead.
     * explain --grid, which draws the test digits too, the same.
     */
    @Test
    void aModelThatCannotBeFedIsRefusedBeforeTheTestDigitsAreLookedFor() throws Exception {
        String uint8 = "src/test/resources/keras3/uint8-export";
        Path noMnist = Files.createDirectories(tmp.resolve("no-mnist"));
        String words = "cam4j: error: " + uint8 + ": signature 'serving_default' input 'raw' is uint8 [-1, 28, 28, 1];"
                + " cam4j feeds float32 images [N, H, W, C]";
        CliRun concepts = CliRun.of("concepts", "--model", uint8, "--concepts", "2", "--data", noMnist.toString(),
                "--out", tmp.resolve("uint8.png").toString());
        assertEquals(1, concepts.exitCode(), concepts.err());
        assertTrue(concepts.err().startsWith(words), concepts.err());
        assertFalse(concepts.err().contains(noMnist.toString()), "the dataset was looked for: " + concepts.err());
        CliRun grid = CliRun.of("explain", "--model", uint8, "--data", noMnist.toString(), "--grid",
                tmp.resolve("uint8-grid.png").toString());
        assertEquals(1, grid.exitCode(), grid.err());
        assertTrue(grid.err().startsWith(words), grid.err());
        assertFalse(grid.err().contains(noMnist.toString()), "the dataset was looked for: " + grid.err());
        assertFalse(Files.exists(tmp.resolve("uint8.png")) || Files.exists(tmp.resolve("uint8-grid.png")));
    }

    /**
     * At --min-side 0 a 28x28 digit's cells were 28x28 and their captions cut without a sign: the overlay's
     * "7  p=1.00" to "7", the picture's name to its first letter. Now the cells are enlarged as far as their captions
     * need: the figure is the one --min-side N draws, N the first multiple of 28 at which both fit whole.
     */
    @Test
    void atMinSideZeroTheCellsAreLargeEnoughForTheirCaptions() throws Exception {
        Path zero = tmp.resolve("concepts-min-side-0.png");
        CliRun run = CliRun.of("concepts", "--model", MODEL, "--concepts", "2", "--min-side", "0", "--out",
                zero.toString(), digit0.toString());
        assertEquals(0, run.exitCode(), run.err());
        String name = digit0.getFileName().toString();
        // MNIST's first test digit, a 7 the pooled model is sure of; Hershey's digits are all one width.
        String caption = "7  p=1.00";
        int side = CaptionCells.firstSideHolding(28, caption, name);
        assertTrue(side > 28, "the captions fit a 28x28 cell");
        Path held = tmp.resolve("concepts-min-side-held.png");
        CliRun enlarged = CliRun.of("concepts", "--model", MODEL, "--concepts", "2", "--min-side",
                Integer.toString(side), "--out", held.toString(), digit0.toString());
        assertEquals(0, enlarged.exitCode(), enlarged.err());
        try (Mat atZero = Images.read(zero); Mat atSide = Images.read(held)) {
            assertEquals(atSide.cols() + "x" + atSide.rows(), atZero.cols() + "x" + atZero.rows(),
                    "cells of " + side + " pixels a side");
        }
    }

    /**
     * More concepts than the pictures' feature cells are refused: one digit's 49 cells hold features of rank 49 at
     * most, and 100 concepts of them were drawn and scored, some (concepts 50 and 60) 0.10 for every class.
     */
    @Test
    void moreConceptsThanFeatureCellsAreRefused() throws Exception {
        Path out = tmp.resolve("too-many.png");
        CliRun run = CliRun.of("concepts", "--model", MODEL, "--data", DATA, "--first", "1", "--concepts", "50",
                "--out", out.toString());
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("cam4j: error: 50 concepts asked of the 49 feature cells of the picture test"
                + " digit 0: a"
                + " factorisation of them has at most 49; ask fewer concepts, or give more pictures"), run.err());
        assertFalse(Files.exists(out), "nothing written");
        CliRun two = CliRun.of("concepts", "--model", MODEL, "--data", DATA, "--first", "2", "--concepts", "50",
                "--out", out.toString());
        assertEquals(0, two.exitCode(), two.err());
    }

    @Test
    void anExistingOutIsRefusedWithoutForce() throws Exception {
        Path out = tmp.resolve("existing.png");
        Files.writeString(out, "keep me");
        CliRun run = CliRun.of("concepts", "--model", MODEL, "--concepts", "2", "--out", out.toString(),
                digit0.toString());
        assertEquals(1, run.exitCode(), run.err());
        assertEquals("cam4j: error: --out " + out + " already exists; add --force to overwrite it", run.err().strip());
        assertEquals("keep me", Files.readString(out));
        CliRun forced = CliRun.of("concepts", "--model", MODEL, "--concepts", "2", "--out", out.toString(), "--force",
                digit0.toString());
        assertEquals(0, forced.exitCode(), forced.err());
        try (Mat figure = Images.read(out)) {
            assertFalse(figure.empty());
        }
    }

    /**
     * A model of one feature channel (TinyModels' 8x8 model with one filter): one concept of one channel, said in the
     * singular ("1 channels" before).
     */
    @Test
    void oneChannelIsSaidInTheSingular() throws Exception {
        Path model = tmp.resolve("one-channel");
        io.github.cam4j.testing.TinyModels.export(new io.github.cam4j.model.Sequential("one", new long[] {8, 8, 1},
                List.of(io.github.cam4j.model.Conv2D.of("conv", 1, 3, io.github.cam4j.model.Padding.SAME,
                        io.github.cam4j.model.Activation.RELU), new io.github.cam4j.model.GlobalAveragePooling2D("gap"),
                        io.github.cam4j.model.Dense.of("dense", 3, io.github.cam4j.model.Activation.SOFTMAX))), 3, model);
        Path out = tmp.resolve("one-channel.png");
        CliRun run = CliRun.of("concepts", "--model", model.toString(), "--concepts", "1", "--out", out.toString(),
                digit0.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("wrote " + out + ": 1 concept of 1 picture (1 shown), 1 channel; NMF "), run.out());
    }

    /** Concepts the features cannot hold, a seed numpy would refuse, no --concepts: one line each, nothing written. */
    @Test
    void badOptionsAreRefusedInOneLine() throws Exception {
        Path out = tmp.resolve("bad.png");
        String[][] cases = {
            {"--concepts", "0"}, {"--concepts", "129"}, {"--concepts", "2", "--seed", "-1"},
            {"--concepts", "2", "--seed", "4294967296"}, {"--concepts", "2", "--top", "6"}, {"--concepts", "2", "--show", "0"},
        };
        String[] expected = {
            "cam4j: error: --concepts must be at least 1, got 0",
            "cam4j: error: --concepts must be 1 to 128 (the channels of model " + MODEL + "'s features), got 129",
            "cam4j: error: --seed must be 0 to 4294967295 (numpy's RandomState takes no other), got -1",
            "cam4j: error: --seed must be 0 to 4294967295 (numpy's RandomState takes no other), got 4294967296",
            "cam4j: error: --top must be 1 to 5, got 6",
            "cam4j: error: --show must be at least 1, got 0",
        };
        for (int i = 0; i < cases.length; i++) {
            List<String> args = new java.util.ArrayList<>(List.of("concepts", "--model", MODEL, "--out", out.toString()));
            args.addAll(List.of(cases[i]));
            args.add(digit0.toString());
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(2, run.exitCode(), run.err());
            assertEquals(expected[i] + " (see 'cam4j concepts --help')", run.err().strip());
            assertFalse(Files.exists(out));
        }
        // --first's bound is not explain --grid's figure size: concepts draws only --show of the digits.
        CliRun many = CliRun.of("concepts", "--model", MODEL, "--data", DATA, "--first", "257", "--concepts", "2",
                "--out", out.toString());
        assertEquals(2, many.exitCode(), many.err());
        assertEquals("cam4j: error: --first must be in 1..256 (the test digits factorised; the figure draws the first"
                + " --show of them), got 257 (see 'cam4j concepts --help')", many.err().strip());
        assertFalse(Files.exists(out));
        CliRun missing = CliRun.of("concepts", "--model", MODEL, "--out", out.toString(), digit0.toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().startsWith("cam4j: error: Missing required option: '--concepts=K'"), missing.err());
        CliRun method = CliRun.of("concepts", "--model", MODEL, "--concepts", "2", "--method", "gradcam", "--out",
                out.toString(), digit0.toString());
        assertEquals(2, method.exitCode());
        assertTrue(method.err().startsWith("cam4j: error: Unknown option: '--method'"), method.err());
        // The methods' settings are no option of concepts either (they were listed by --help and silently ignored).
        for (String[] setting : new String[][] {{"--fem-k", "1"}, {"--kpca-kernel", "rbf"}, {"--kpca-gamma", "0.5"},
                {"--randomcam-seed", "3"}, {"--finer-alpha", "2"}, {"--finer-ranks", "1"}}) {
            CliRun run = CliRun.of("concepts", "--model", MODEL, "--concepts", "2", setting[0], setting[1], "--out",
                    out.toString(), digit0.toString());
            assertEquals(2, run.exitCode(), run.err());
            assertTrue(run.err().startsWith("cam4j: error: Unknown option: '" + setting[0] + "'"), run.err());
            assertFalse(Files.exists(out));
        }
        CliRun help = CliRun.of("concepts", "--help");
        assertFalse(help.out().contains("--fem-k") || help.out().contains("--finer-ranks"), help.out());
    }

    /**
     * A Keras model that flattens its features has no kernel after global average pooling: it is opened as the
     * gradient-free methods open it, its concepts found and drawn, and each said to be unscored.
     */
    @Test
    void aModelWithoutAKernelHasUnscoredConcepts() throws Exception {
        Path out = tmp.resolve("flatten.png");
        CliRun run = CliRun.of("concepts", "--model", FLATTEN, "--concepts", "3", "--ink", "light", "--out",
                out.toString(), digit0.toString(), digit1.toString());
        assertEquals(0, run.exitCode(), run.err());
        // The note says what is missing and what to pass, once: it repeated the whole refusal inspect gives (the
        // chain of ops found, the model's path twice), some 600 characters. The inspect command it points to is the
        // one to type, where it said 'cam4j inspect --model ...'.
        assertEquals("cam4j: note: the concepts are not scored: model " + FLATTEN + " has no global average pooling"
                + " followed by a linear layer, whose kernel would score them ('cam4j inspect --model " + FLATTEN
                + "' shows what it has); if it has them and cam4j did not find them, name them with --features and"
                + " --logits",
                run.err().strip());
        List<String> lines = run.out().lines().toList();
        assertEquals(4, lines.size(), run.out());
        assertEquals("concept 2: not scored (no classifier kernel)", lines.get(3));
        assertTrue(Files.size(out) > 0);
    }

    /**
     * --features names another layer of a cam4j model (its second convolution, 64 channels): factorised there, said to
     * be unscored because CAM does not open the model at that layer (not because the model lacks a kernel).
     */
    @Test
    void anotherLayerIsFactorisedUnscored() throws Exception {
        Path out = tmp.resolve("layer.png");
        CliRun run = CliRun.of("concepts", "--model", MODEL, "--features", "conv2d_1/Relu", "--concepts", "3", "--out",
                out.toString(), digit0.toString(), digit1.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("wrote " + out + ": 3 concepts of 2 pictures (2 shown), 64 channels;"),
                run.out());
        assertEquals("cam4j: note: the concepts of --features conv2d_1/Relu are not scored: CAM, whose classifier kernel"
                + " scores them, does not open model " + MODEL + " at that layer", run.err().strip());

        // A Keras export's first convolution (16 channels; CAM's kernel weighs the second's 32), which explain refuses
        // as a usage error: factorised there too, unscored.
        String keras = "src/test/resources/keras3/keras-export";
        CliRun foreign = CliRun.of("concepts", "--model", keras, "--features", "conv_a_1/Relu", "--concepts", "2",
                "--out", tmp.resolve("foreign-layer.png").toString(), digit0.toString());
        assertEquals(0, foreign.exitCode(), foreign.err());
        assertTrue(foreign.out().contains("2 concepts of 1 picture (1 shown), 16 channels;"), foreign.out());
        assertEquals("cam4j: note: the concepts of --features conv_a_1/Relu are not scored: CAM, whose classifier kernel"
                + " scores them, does not open model " + keras + " at that layer", foreign.err().strip());

        // Of the kernel's channels but not what the pooling reduces (mnist-conv-head-gap's concatenation before its last
        // max pooling), which explain refuses as a usage error too: factorised, unscored.
        String gap = io.github.cam4j.testing.SharedData.kerasSavedModels().resolve("mnist-conv-head-gap").toString();
        CliRun concat = CliRun.of("concepts", "--model", gap, "--features", "concatenate_1/concat", "--concepts", "2",
                "--out", tmp.resolve("identity-layer.png").toString(), digit0.toString());
        assertEquals(0, concat.exitCode(), concat.err());
        assertTrue(concat.out().contains("2 concepts of 1 picture (1 shown), 64 channels;"), concat.out());

        // A --concepts the layer's channels cannot give is a usage error said alone: the note came first (helper-201).
        CliRun tooMany = CliRun.of("concepts", "--model", MODEL, "--features", "conv2d_1/Relu", "--concepts", "65",
                "--out", tmp.resolve("too-many.png").toString(), digit0.toString());
        assertEquals(2, tooMany.exitCode(), tooMany.err());
        assertTrue(tooMany.err().startsWith("cam4j: error: --concepts must be 1 to 64 (the channels of model "),
                tooMany.err());
        assertFalse(tooMany.err().contains("note:"), tooMany.err());
    }

    /**
     * An --out that is one of the PICTUREs is refused even with --force, as explain refuses an overlay over an IMAGE and
     * video an output over its input: the figure was written over the user's picture.
     */
    @Test
    void anOutThatIsAPictureIsRefusedEvenWithForce() throws Exception {
        Path own = Files.copy(digit0, tmp.resolve("own.png"));
        byte[] before = Files.readAllBytes(own);
        CliRun run = CliRun.of("concepts", "--model", MODEL, "--concepts", "2", own.toString(), digit1.toString(),
                "--out", own.toString(), "--force");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("cam4j: error: --out " + own + " is the PICTURE " + own + " (the same file), which the figure would"
                + " overwrite; choose another file for --out (see 'cam4j concepts --help')", run.err().strip());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(own)));
    }

    /**
     * The first column names a test digit's true class as the overlays beside it name classes, by the model's labels:
     * with --labels it said "#0  true 7" beside "seven  p=1.00", as compare's had until helper-158's audit
     * (helper-175's). The first picture's cell is the one FigureGrid draws for the caption "#0  true seven".
     */
    @Test
    void theFirstColumnNamesTheTrueClassAsTheOverlaysDo() throws Exception {
        Path labels = tmp.resolve("words.txt");
        Files.writeString(labels, "zero\none\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\n");
        Path out = tmp.resolve("labelled.png");
        CliRun run = CliRun.of("concepts", "--model", MODEL, "--data", DATA, "--first", "3", "--concepts", "4", "--labels",
                labels.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        // The table and the legend under it as in theFigureHasAPairPerPictureInTheConceptsColoursAndSaysWhatEachConceptIs.
        int p = 26;
        try (Mat figure = Images.read(out);
                Mat digit = ArticleFigure.digit(io.github.cam4j.data.Dataset.open(SharedData.mnist()).test(), 0);
                Mat expected = io.github.cam4j.render.FigureGrid.cell(digit, CELL, CELL, "#0  true seven");
                Mat cell = figure.apply(new org.bytedeco.opencv.opencv_core.Rect(p + PAD, p + PAD + HEADER, CELL, CELL))
                        .clone()) {
            assertTrue(java.util.Arrays.equals(CompareCommandTest.pixels(expected), CompareCommandTest.pixels(cell)),
                    "the first picture's caption");
        }
    }

    /**
     * A folder's entries concepts leaves out, a GIF and a link to a missing file named as a picture, are named as explain
     * names them: the folder's other pictures had been factorised without a word of them (helper-175's audit).
     */
    @Test
    void aFoldersEntriesThatAreLeftOutAreNamed() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("mixed"));
        Files.copy(digit0, folder.resolve("seven.png"));
        Files.copy(digit1, folder.resolve("two.png"));
        Files.write(folder.resolve("anim.gif"), "GIF89a".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Files.createSymbolicLink(folder.resolve("gone.png"), tmp.resolve("nowhere.png"));
        Path out = tmp.resolve("mixed.png");
        CliRun run = CliRun.of("concepts", "--model", MODEL, "--concepts", "2", folder.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("wrote " + out + ": 2 concepts of 2 pictures"), run.out());
        List<String> said = run.err().lines().filter(l -> l.startsWith("cam4j: ")).toList();
        assertEquals(List.of("cam4j: note: left out 1 entry named as a picture but not a regular file: "
                + folder.resolve("gone.png") + " (a link to a missing file)", "cam4j: note: left out 1 picture of formats"
                + " cam4j cannot read: " + folder.resolve("anim.gif") + " (GIF); convert them, e.g. to PNG"), said);
    }

    /**
     * An --out in a folder given as PICTURE is refused, --force or not, and an --out that is a PICTURE is said to be one
     * before --force is asked for: the figure in that folder was factorised on the next run, whose first error asked for
     * --force and whose second refused the figure as the PICTURE it had become (helper-175's audit).
     */
    @Test
    void anOutAmongThePicturesIsRefusedBeforeForceIsAskedFor() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("shots"));
        Path own = Files.copy(digit0, folder.resolve("seven.png"));
        Path out = folder.resolve("figure.png");
        CliRun inFolder = CliRun.of("concepts", "--model", MODEL, "--concepts", "2", folder.toString(), "--out",
                out.toString());
        // The command line's words alone: a usage error (exit 2), as --frames-json naming a video's input is (exit 1
        // before stop 69). Through a link only, what the disk holds (exit 1).
        assertEquals(2, inFolder.exitCode(), inFolder.err());
        assertEquals("cam4j: error: --out " + out + " is in the PICTURE folder " + folder + ", whose pictures are read by"
                + " name: the figure would be taken as a picture on the next run; choose a file outside it for --out"
                + " (see 'cam4j concepts --help')", inFolder.err().strip());
        assertFalse(Files.exists(out));
        CliRun named = CliRun.of("concepts", "--model", MODEL, "--concepts", "2", own.toString(), "--out", own.toString());
        assertEquals(2, named.exitCode(), named.err());
        assertEquals("cam4j: error: --out " + own + " is the PICTURE " + own + " (the same file), which the figure would"
                + " overwrite; choose another file for --out (see 'cam4j concepts --help')", named.err().strip());
        Path link = Files.createSymbolicLink(tmp.resolve("link-to-seven.png"), own);
        CliRun linked = CliRun.of("concepts", "--model", MODEL, "--concepts", "2", own.toString(), "--out",
                link.toString(), "--force");
        assertEquals(1, linked.exitCode(), linked.err());
        assertEquals("cam4j: error: --out " + link + " is the PICTURE " + own + " (the same file), which the figure"
                + " would overwrite; choose another file for --out", linked.err().strip());
    }

    /**
     * --fit none, which the warning on a row of digits points to, factorises the row at its own size (a grid of 28 x 7
     * cells on the pooled model) where concepts had no such option ("Unknown option: '--fit'", helper-175's audit); the
     * warning is gone with it.
     */
    @Test
    void aRowOfDigitsIsFactorisedWholeWithFitNone() throws Exception {
        Path row = tmp.resolve("row.png");
        try (Mat seven = Images.read(digit0); Mat two = Images.read(digit1); Mat strip = new Mat()) {
            org.bytedeco.opencv.global.opencv_core.hconcat(new org.bytedeco.opencv.opencv_core.MatVector(seven, two,
                    seven, two), strip);
            Images.write(strip, row);
        }
        CliRun framed = CliRun.of("concepts", "--model", MODEL, "--concepts", "2", row.toString(), digit0.toString(),
                "--out", tmp.resolve("row-framed.png").toString());
        assertEquals(0, framed.exitCode(), framed.err());
        assertTrue(framed.err().contains("framed as one digit it is squashed; --fit none"), framed.err());
        Path out = tmp.resolve("row-whole.png");
        CliRun whole = CliRun.of("concepts", "--model", MODEL, "--concepts", "2", "--fit", "none", row.toString(),
                digit0.toString(), "--out", out.toString());
        assertEquals(0, whole.exitCode(), whole.err());
        assertFalse(whole.err().contains("squashed"), whole.err());
        assertTrue(Files.size(out) > 0);
    }

    /** @return the pixels of columns {@code from..to} whose channels differ by more than 100 */
    /**
     * A long class name on a picture's concept overlay: the caption was written "NAME p=0.98", one space apart, and cut
     * off at the overlay's right edge, probability and all ("seven - a very long class"); captioned as every overlay is,
     * the name is shortened and the band ends before the edge. Row 1 lies in the band's top padding, above any letter:
     * grey where the band is, black beyond it.
     */
    @Test
    void aLongClassNameIsShortenedBeforeTheProbability() {
        try (Mat overlay = new Mat(168, 168, org.bytedeco.opencv.global.opencv_core.CV_8UC3,
                new org.bytedeco.opencv.opencv_core.Scalar(0, 0, 0, 0));
                UByteIndexer ix = overlay.createIndexer()) {
            ConceptsCommand.caption(overlay,
                    ConceptsCommand.captionText("seven - a very long class name indeed for testing", 0.98));
            assertTrue(ix.get(1, 0, 0) > 0, "the band starts at the left edge");
            assertEquals(0, ix.get(1, 167, 0), "the band ends before the right edge");
        }
    }

    private static int colourful(Mat figure, int from, int to, int belowRow) {
        int n = 0;
        try (UByteIndexer px = figure.createIndexer()) {
            for (int y = 0; y < belowRow; y++) {
                for (int x = from; x < to; x++) {
                    int b = px.get(y, x, 0);
                    int g = px.get(y, x, 1);
                    int r = px.get(y, x, 2);
                    if (Math.max(b, Math.max(g, r)) - Math.min(b, Math.min(g, r)) > 100) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /**
     * A picture whose file name no installed font draws is captioned by its place among the pictures, "#0", and a note
     * names the file: 零一.png was captioned with a row of empty boxes on a machine with DejaVu fonts only.
     * The figure is, pixel for pixel, that of the same picture in a file named "#0" (where a font draws the name, the
     * two differ and nothing is noted).
     */
    @Test
    void aFileNameNoFontDrawsIsCaptionedByThePicturesPlace() throws Exception {
        CompareCommandTest.assertCaptionedByPlace(digit0, tmp, "concepts", "--concepts", "3");
    }
}
