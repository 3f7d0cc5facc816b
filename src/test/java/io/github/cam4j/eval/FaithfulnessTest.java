package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.render.Box;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.savedmodel.InputSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaithfulnessTest {
    private static final double EXACT = 1e-9;
    private static final int SIZE = 10;

    /**
     * A stand-in model with two classes whose class-0 probability is the fraction of the canvas's ink still present
     * (ten pixels of 255 are all of it); it counts the images it is shown.
     */
    private static final class InkFraction implements Classifier {
        int images;

        @Override
        public int classes() {
            return 2;
        }

        @Override
        public double[] logProbabilities(float[] nhwc, int count, int height, int width) {
            images += count;
            double[] logP = new double[count * 2];
            for (int i = 0; i < count; i++) {
                double sum = 0;
                for (int j = 0; j < height * width; j++) {
                    sum += nhwc[i * height * width + j];
                }
                double p = Math.min(1, sum / 10); // pixels arrive scaled to 0..1
                logP[2 * i] = Math.log(p);
                logP[2 * i + 1] = Math.log(1 - p);
            }
            return logP;
        }
    }

    /** A 10x10 canvas with ink (255) along its first column. */
    private static Canvas canvas() {
        float[] v = new float[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            v[y * SIZE] = 255;
        }
        return new Canvas(0, 0, SIZE, v, new Box(0, 0, 1, SIZE), false);
    }

    private static FloatMap map(java.util.function.IntToDoubleFunction value) {
        float[] v = new float[SIZE * SIZE];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) value.applyAsDouble(i);
        }
        return new FloatMap(SIZE, SIZE, v);
    }

    private static Faithfulness.Scores measure(InkFraction model, FloatMap map) throws Exception {
        Faithfulness f = new Faithfulness(model, new ModelInput(InputSpec.mnist()), 10, 42);
        return f.measure(List.of(canvas()), new int[] {0}, List.of(map)).get(0);
    }

    @Test
    void aMapOnTheInkDeletesEverythingInTheFirstStep() throws Exception {
        InkFraction model = new InkFraction();
        Faithfulness.Scores s = measure(model, map(i -> i % SIZE == 0 ? 1 : 0));
        // Step k removes 10k pixels, ink first: the first step removes all ten ink pixels.
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, s.deletion(), EXACT);
        assertArrayEquals(new double[] {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, s.insertion(), EXACT);
        assertEquals(0.05, s.deletionAuc(), EXACT);
        assertEquals(0.95, s.insertionAuc(), EXACT);
        // Image times map keeps all the ink: no drop.
        assertEquals(1.0, s.masked(), EXACT);
        // Only the canvas and the black canvas were run: the masked image is the canvas, and every curve step equals
        // the original or black.
        assertEquals(2, model.images);
    }

    @Test
    void aMapOnTheInkLastKeepsTheClassUntilTheEnd() throws Exception {
        Faithfulness.Scores s = measure(new InkFraction(), map(i -> i % SIZE == 0 ? 0 : 1));
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0}, s.deletion(), EXACT);
        assertEquals(0.95, s.deletionAuc(), EXACT);
        assertEquals(0.05, s.insertionAuc(), EXACT);
        assertEquals(0.0, s.masked(), EXACT, "the map is zero on the ink");
    }

    @Test
    void oneInkPixelPerStepGivesStraightLines() throws Exception {
        // Rows ranked top to bottom: each step of 10 pixels is one row, holding one ink pixel.
        InkFraction model = new InkFraction();
        Faithfulness.Scores s = measure(model, map(i -> 1.0 - (i / SIZE) / 10.0));
        for (int k = 0; k <= 10; k++) {
            assertEquals(1 - k / 10.0, s.deletion()[k], 1e-6);
            assertEquals(k / 10.0, s.insertion()[k], 1e-6);
        }
        assertEquals(0.5, s.deletionAuc(), 1e-6);
        assertEquals(0.5, s.insertionAuc(), 1e-6);
        // Half-strength map on the ink (0.55 on average over the ink column): O = 0.55.
        assertEquals(0.55, s.masked(), 1e-6);
        // 9 intermediate steps of each curve, the canvas, the masked image and the black canvas.
        assertEquals(2 * 9 + 3, model.images);
    }

    /**
     * Equal map values are walked in a seeded random order, so a map that cannot tell pixels apart gives the same curve
     * wherever the ink lies. In index order (as until this round) a constant map deleted ink in the top row in the first
     * step (deletion AUC 0.05) and ink in the bottom row in the last (0.95). 40 ink pixels among 1 600 taken at random
     * give AUCs near 0.5; 0.1 is about three standard deviations of the hypergeometric fraction deleted per step.
     */
    @Test
    void aConstantMapGivesTheSameCurvesWhereverTheInkLies() throws Exception {
        int side = 40;
        double[] auc = new double[2];
        for (int placement = 0; placement < 2; placement++) {
            float[] v = new float[side * side];
            int row = placement == 0 ? 0 : side - 1;
            for (int x = 0; x < side; x++) {
                v[row * side + x] = 255;
            }
            Canvas c = new Canvas(7, 0, side, v, new Box(0, row, side, 1), false);
            // Class 0's probability: the fraction of the 40 ink pixels still present.
            Classifier model = TwoClassStandIn.of((image, pixels) -> {
                double sum = 0;
                for (float v1 : pixels) {
                    sum += v1;
                }
                return sum / side;
            });
            Faithfulness f = new Faithfulness(model, new ModelInput(InputSpec.mnist()), 10, 42);
            Faithfulness.Scores s = f.measure(List.of(c), new int[] {0},
                    List.of(new FloatMap(side, side, new float[side * side]))).get(0);
            auc[placement] = s.deletionAuc();
            assertEquals(0.5, s.deletionAuc(), 0.1, "deletion AUC, ink in row " + row);
            assertEquals(0.5, s.insertionAuc(), 0.1, "insertion AUC, ink in row " + row);
        }
        assertEquals(auc[0], auc[1], 0.1);
    }

    @Test
    void descendingOrderPutsHighValuesFirstAndShufflesOnlyTies() {
        float[] values = {0.5f, -1f, 0.9f, 0.5f, 0.5f};
        int[] order = Metrics.descendingOrder(values, 3);
        assertEquals(2, order[0]);
        assertEquals(1, order[4]);
        assertEquals(java.util.Set.of(0, 3, 4), java.util.Set.of(order[1], order[2], order[3]));
        assertArrayEquals(order, Metrics.descendingOrder(values, 3), "the same seed, the same order");
    }

    @Test
    void averageDropAndIncreaseOverScores() {
        FaithfulnessTally tally = new FaithfulnessTally();
        double[] flat = {0.5, 0.5, 0.5};
        tally.addAll(List.of(new Faithfulness.Scores(Math.log(0.8), Math.log(0.4), flat, flat),
                new Faithfulness.Scores(Math.log(0.5), Math.log(0.6), flat, flat)));
        FaithfulnessSummary s = tally.summary();
        assertEquals(25.0, s.averageDrop(), EXACT); // (0.5 + 0) / 2
        assertEquals(50.0, s.increaseInConfidence(), EXACT);
        assertEquals(0.5, s.deletionAuc(), EXACT);
        assertArrayEquals(flat, s.meanDeletion(), EXACT);
    }

    /**
     * A map that keeps every ink pixel at full strength leaves the canvas as it is: O is Y, no drop and no rise. A real
     * model's logits for one picture differ in their last bits from one place in a batch to another (the Keras
     * mnist-conv-head-gap's by about 2e-6 in log-probability): with the masked copy run as an image of its own, a map
     * of ones on that model counted as an Increase in Confidence on 82.5 % of 40 canvases, and as an Average Drop
     * above 0. The stand-in here gives each batch position its own such rounding.
     */
    @Test
    void aMaskThatChangesNothingIsNeitherADropNorARise() throws Exception {
        // 0.9 for class 0, its last bits set by the image's place in the batch.
        Classifier positionNoise = TwoClassStandIn.of((image, pixels) -> 0.9 * Math.exp(image * 1e-12));
        Faithfulness f = new Faithfulness(positionNoise, new ModelInput(InputSpec.mnist()), 10, 42);
        FaithfulnessTally tally = new FaithfulnessTally();
        List<Faithfulness.Scores> scores = f.measure(List.of(canvas(), canvas()), new int[] {0, 1},
                List.of(map(i -> 1), map(i -> i % SIZE == 0 ? 1 : 0.5)));
        for (Faithfulness.Scores s : scores) {
            assertEquals(s.logY(), s.logMasked(), 0, "the masked canvas is the canvas");
        }
        tally.addAll(scores);
        assertEquals(0.0, tally.summary().increaseInConfidence(), 0);
        assertEquals(0.0, tally.summary().averageDrop(), 0);
    }

    /**
     * A rise between two probabilities that both round to 1 (1 - 1e-19 to 1 - 1e-20, logit margins of about 44 and
     * 46) is a rise: compared as probabilities it was not counted, and a
     * confident model's Increase in Confidence came out near 0 for every map.
     */
    @Test
    void aRiseCloseToCertaintyCounts() {
        FaithfulnessTally tally = new FaithfulnessTally();
        double[] flat = {0.5, 0.5};
        tally.addAll(List.of(new Faithfulness.Scores(-1e-19, -1e-20, flat, flat),
                new Faithfulness.Scores(-1e-20, -1e-19, flat, flat)));
        assertEquals(1.0, Math.exp(-1e-19), 0, "both are 1 as probabilities, even in double precision");
        assertEquals(50.0, tally.summary().increaseInConfidence(), EXACT);
    }

    /**
     * The group bound counts the values the batch of perturbed images holds, pixels times the model's channels: a colour
     * model's canvas is three values a pixel, and its groups were three times the memory meant (on 400x400 canvases
     * with 16 steps, 12 canvases of 33 images, 190 million floats, 760 MB, where the bound is 64 Mi). A grey model's
     * groups are as before: {@code 64 Mi / ((2 * steps + 1) * pixels)}, at most {@link Faithfulness#GROUP}, at least 1.
     * Exact integers throughout, no tolerance.
     */
    @Test
    void theGroupBoundCountsChannels() {
        int steps = Faithfulness.DEFAULT_STEPS;
        for (int side : new int[] {10, 84, 200, 300, 400, 600, 1024, 3000}) {
            int pixels = side * side;
            long before = Math.max(1, Math.min(Faithfulness.GROUP, (64L << 20) / ((2L * steps + 1) * pixels)));
            assertEquals(before, Faithfulness.groupSize(steps, pixels, 1), "grey, " + side + "x" + side);
            int colour = Faithfulness.groupSize(steps, pixels, 3);
            assertTrue(colour >= 1, "at least one canvas a group");
            assertTrue(colour == 1 || (long) colour * (2L * steps + 1) * pixels * 3 <= Faithfulness.GROUP_VALUES,
                    "colour, " + side + "x" + side + ": " + colour + " canvases exceed the bound");
        }
        // 400x400: 33 images of 160 000 pixels a canvas; 64 Mi holds 12.7 grey canvases, 4.2 colour ones.
        assertEquals(12, Faithfulness.groupSize(steps, 400 * 400, 1));
        assertEquals(4, Faithfulness.groupSize(steps, 400 * 400, 3), "a third of the grey group");
        // Small canvases stay at the cap, whatever the channels: MNIST's 84x84 canvases in groups of 16.
        assertEquals(Faithfulness.GROUP, Faithfulness.groupSize(steps, 84 * 84, 3));
    }

    /**
     * Two steps, the fewest the constructor takes, give curves of three points: 0 %, 50 % and 100 % of the 100 pixels.
     * With the map on the ink column the first half taken holds all ten ink pixels, so deletion is 1, 0, 0 and
     * insertion 0, 1, 1; one step is refused.
     */
    @Test
    void twoStepsAreTheFewestAndGiveThreePoints() throws Exception {
        Faithfulness f = new Faithfulness(new InkFraction(), new ModelInput(InputSpec.mnist()), 2, 42);
        assertEquals(2, f.steps());
        Faithfulness.Scores s = f.measure(List.of(canvas()), new int[] {0}, List.of(map(i -> i % SIZE == 0 ? 1 : 0)))
                .get(0);
        assertArrayEquals(new double[] {1, 0, 0}, s.deletion(), EXACT);
        assertArrayEquals(new double[] {0, 1, 1}, s.insertion(), EXACT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Faithfulness(new InkFraction(), new ModelInput(InputSpec.mnist()), 1, 42));
        assertEquals("deletion and insertion need at least 2 steps, got 1", e.getMessage());
    }

    /**
     * Class 1 scored, whose probability is the share of ink taken away (1 - class 0's): with one ink pixel per step
     * (rows ranked top to bottom, as in {@link #oneInkPixelPerStepGivesStraightLines}) deletion rises k / 10 and
     * insertion falls 1 - k / 10, read at class 1's column of the model's output at every intermediate step; O, on the
     * canvas times a map averaging 0.55 on the ink, is 1 - 0.55 = 0.45. Tolerance as there: float pixels.
     */
    @Test
    void theScoredClassIsReadAtItsOwnColumn() throws Exception {
        Faithfulness f = new Faithfulness(new InkFraction(), new ModelInput(InputSpec.mnist()), 10, 42);
        Faithfulness.Scores s = f.measure(List.of(canvas()), new int[] {1}, List.of(map(i -> 1.0 - (i / SIZE) / 10.0)))
                .get(0);
        for (int k = 0; k <= 10; k++) {
            assertEquals(k / 10.0, s.deletion()[k], 1e-6, "deletion step " + k);
            assertEquals(1 - k / 10.0, s.insertion()[k], 1e-6, "insertion step " + k);
        }
        assertEquals(0.0, s.y(), EXACT, "class 1 on the whole canvas");
        assertEquals(0.45, s.masked(), 1e-6);
    }

    /**
     * The black canvas at the end of deletion and the start of insertion is black as the model takes it: through the
     * model's input like every other image, here a colour model whose pixels are brought to [-1, 1] (scale 2/255, offset
     * -1), so black is -1 on each of three channels, not 0. The stand-in's class 0 is the ink present, the sum of
     * {@code (v + 1) / 2} over all values divided by the 30 of the canvas's ten ink pixels: 1 on the canvas, 0 on black.
     * With the map on the ink, deletion's first step takes all the ink (1, then 0 for the rest: each step is the black
     * canvas) and insertion is 0 then 1. An all-zero batch in the model's units (mid-grey here) would give class 0 the
     * value min(1, 150 / 30) = 1 at every black step. Tolerance 1e-6: 2/255 in float times 255, less 1, is 1 within
     * a few 1e-8.
     */
    @Test
    void theBlackCanvasIsBlackInTheModelsUnits() throws Exception {
        // The ink present: (v + 1) / 2 summed over every value, over the 30 of ten ink pixels of three channels.
        Classifier inkPresent = TwoClassStandIn.of((image, values) -> {
            double ink = 0;
            for (float v : values) {
                ink += (v + 1) / 2;
            }
            return Math.min(1, ink / 30);
        });
        ModelInput colour = new ModelInput(new InputSpec(SIZE, SIZE, 3, 2f / 255, -1f, true));
        Faithfulness f = new Faithfulness(inkPresent, colour, 10, 42);
        Faithfulness.Scores s = f.measure(List.of(canvas()), new int[] {0}, List.of(map(i -> i % SIZE == 0 ? 1 : 0)))
                .get(0);
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, s.deletion(), 1e-6);
        assertArrayEquals(new double[] {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, s.insertion(), 1e-6);
    }

    /**
     * Thirty-two canvases, two full groups of {@link Faithfulness#GROUP}: each keeps its own scores and place. Canvas i
     * has its first {@code 1 + i % 10} pixels of the ink column (the stand-in's class 0 is the ink present over 10), so
     * Y is {@code (1 + i % 10) / 10} for class 0, scored on even canvases, and {@code 1 - } that for class 1, on odd ones.
     */
    @Test
    void canvasesFillingWholeGroupsKeepTheirOwnScores() throws Exception {
        int n = 2 * Faithfulness.GROUP;
        List<Canvas> canvases = new java.util.ArrayList<>();
        List<FloatMap> maps = new java.util.ArrayList<>();
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            float[] v = new float[SIZE * SIZE];
            for (int y = 0; y <= i % 10; y++) {
                v[y * SIZE] = 255;
            }
            canvases.add(new Canvas(i, 0, SIZE, v, new Box(0, 0, 1, 1 + i % 10), false));
            maps.add(map(j -> j % SIZE == 0 ? 1 : 0));
            classes[i] = i % 2;
        }
        Faithfulness f = new Faithfulness(new InkFraction(), new ModelInput(InputSpec.mnist()), 10, 42);
        List<Faithfulness.Scores> scores = f.measure(canvases, classes, maps);
        assertEquals(n, scores.size());
        for (int i = 0; i < n; i++) {
            double ink = (1 + i % 10) / 10.0;
            assertEquals(i % 2 == 0 ? ink : 1 - ink, scores.get(i).y(), 1e-6, "canvas " + i);
        }
    }

    /**
     * The seed decides the walk through equal map values ({@code --seed}): on a constant map over a 40x40 canvas whose
     * ink is one row, seeds 1 and 2 delete the ink in different orders, so their deletion curves differ (the chance
     * that two random walks through 1 600 pixels take the same number of the 40 ink pixels at all nine inner steps is
     * negligible), while one seed twice gives one curve.
     */
    @Test
    void theSeedDecidesTheOrderOfEqualValues() throws Exception {
        int side = 40;
        float[] v = new float[side * side];
        for (int x = 0; x < side; x++) {
            v[x] = 255;
        }
        Canvas c = new Canvas(7, 0, side, v, new Box(0, 0, side, 1), false);
        Classifier model = TwoClassStandIn.of((image, pixels) -> {
            double sum = 0;
            for (float p : pixels) {
                sum += p;
            }
            return sum / side;
        });
        double[][] curves = new double[3][];
        long[] seeds = {1, 2, 1};
        for (int i = 0; i < 3; i++) {
            Faithfulness f = new Faithfulness(model, new ModelInput(InputSpec.mnist()), 10, seeds[i]);
            curves[i] = f.measure(List.of(c), new int[] {0}, List.of(new FloatMap(side, side, new float[side * side])))
                    .get(0).deletion();
        }
        assertArrayEquals(curves[0], curves[2], 0, "one seed, one curve");
        assertTrue(!java.util.Arrays.equals(curves[0], curves[1]), "seeds 1 and 2 gave one curve: "
                + java.util.Arrays.toString(curves[0]));
    }
}
