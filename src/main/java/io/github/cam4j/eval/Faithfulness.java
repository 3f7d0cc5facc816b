package io.github.cam4j.eval;

import io.github.cam4j.cam.CamException;
import io.github.cam4j.render.FloatMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks the model whether a map marks what it relies on, by perturbing the image along the map.
 *
 * <ul>
 *   <li><b>Average Drop / Increase in Confidence</b> (Chattopadhyay et al., Grad-CAM++, 2018): the image multiplied
 *       pixel by pixel by the map (in [0, 1]) is shown to the model; O is the class's probability on it, Y on the
 *       image itself. Both are taken in double precision from the logits ({@link Classifier}), and whether O rose
 *       above Y is decided on their logs, so a rise stays visible when both round to 1.</li>
 *   <li><b>Deletion / insertion</b> (Petsiuk et al., RISE, 2018): pixels are ranked by map value (equal values in a
 *       random order seeded by the evaluation's seed and the digit, the same for every map of one canvas) and, over
 *       {@code steps} equal steps, set to black (deletion) or copied from the image onto a black canvas (insertion); the curve of the class's probability has {@code steps + 1} points, from 0 % to 100 % of
 *       the pixels. Deletion's baseline and insertion's start are both black (0), MNIST's background: a black
 *       canvas is what the model saw around every training digit, not an out-of-distribution blur.</li>
 * </ul>
 *
 * <p>All perturbed images of a batch of canvases go to the model together. An image that equals one already scored
 * (a step that only blacks out pixels that were black) is not run again: it has the same probability, exactly.
 *
 * <p>{@link ModelEvaluator} builds one per model (its constructor takes the package's model input) and calls
 * {@link #measure} batch by batch; {@code cam4j evaluate} reports the results.
 */
public final class Faithfulness {
    /** The default number of deletion and insertion steps. */
    public static final int DEFAULT_STEPS = 16;
    /** Canvases whose perturbed images are built and run together, at most. */
    static final int GROUP = 16;
    /**
     * Values the batch of one group's perturbed images may hold, at most, counting each pixel once per channel of the
     * model's input (256 MB of floats; the grey images it is built from add a third of that for a colour model, as much
     * again for a grey one): on 1024x1024 canvases, 16 canvases' 33 images each came to 2 GB and more.
     */
    static final long GROUP_VALUES = 64L << 20;

    private final Classifier predictor;
    private final ModelInput input;
    private final int steps;
    private final long seed;
    private double[] blackLogProbabilities;
    private int blackSize = -1;

    /**
     * The scores of one canvas under one map.
     *
     * @param logY the natural log of the class's probability on the canvas
     * @param logMasked its log-probability on the canvas times the map (log O)
     * @param deletion the deletion curve, {@code steps + 1} probabilities
     * @param insertion the insertion curve, {@code steps + 1} probabilities
     */
    public record Scores(double logY, double logMasked, double[] deletion, double[] insertion) {
        /** @return the class's probability on the canvas (Y) */
        public double y() {
            return Math.exp(logY);
        }

        /** @return its probability on the canvas times the map (O) */
        public double masked() {
            return Math.exp(logMasked);
        }

        /** @return the deletion curve's area (lower is better) */
        public double deletionAuc() {
            return Metrics.trapezoidAuc(deletion);
        }

        /** @return the insertion curve's area (higher is better) */
        public double insertionAuc() {
            return Metrics.trapezoidAuc(insertion);
        }
    }

    /**
     * @param predictor the model
     * @param input how canvases become its input
     * @param steps deletion and insertion steps, at least 2
     * @param seed decides the order of equal map values (with each canvas's digit index)
     */
    Faithfulness(Classifier predictor, ModelInput input, int steps, long seed) {
        if (steps < 2) {
            throw new IllegalArgumentException("deletion and insertion need at least 2 steps, got " + steps);
        }
        this.predictor = predictor;
        this.input = input;
        this.steps = steps;
        this.seed = seed;
    }

    /** @return the number of steps of the curves */
    public int steps() {
        return steps;
    }

    /**
     * @param canvases canvases of one size
     * @param classes the class scored on each
     * @param maps one map per canvas at the canvas's size, in [0, 1]
     * @return one score per canvas
     * @throws CamException when the model fails
     */
    public List<Scores> measure(List<Canvas> canvases, int[] classes, List<FloatMap> maps) throws CamException {
        if (canvases.size() != classes.length || canvases.size() != maps.size()) {
            throw new IllegalArgumentException("need one class and map per canvas");
        }
        List<Scores> out = new ArrayList<>(canvases.size());
        if (canvases.isEmpty()) {
            return out;
        }
        int group = groupSize(steps, canvases.get(0).pixels().length, input.channels());
        for (int from = 0; from < canvases.size(); from += group) {
            int to = Math.min(canvases.size(), from + group);
            out.addAll(measureGroup(canvases.subList(from, to), java.util.Arrays.copyOfRange(classes, from, to),
                    maps.subList(from, to)));
        }
        return out;
    }

    /**
     * @param steps deletion and insertion steps
     * @param pixels one canvas's pixels
     * @param channels the model input's channels
     * @return how many canvases' perturbed images are built and run together: as many as keep their batch within
     *     {@link #GROUP_VALUES} values, at most {@link #GROUP}, at least one
     */
    static int groupSize(int steps, int pixels, int channels) {
        // Up to 2 * steps + 1 perturbed images per canvas.
        return groupOf(2L * steps + 1, pixels, channels);
    }

    /**
     * @param imagesPerCanvas the images built from one canvas ({@link Road}'s: the canvas and two per percentile)
     * @param pixels one canvas's pixels
     * @param channels the model input's channels
     * @return how many canvases' images keep their batch within {@link #GROUP_VALUES} values, at most {@link #GROUP},
     *     at least one
     */
    static int groupOf(long imagesPerCanvas, int pixels, int channels) {
        // Groups bound the memory of the images as the model takes them: a colour model's batch repeats each grey pixel
        // over its three channels, and counted in pixels its groups were three times the memory meant.
        long perCanvas = imagesPerCanvas * pixels * channels;
        return (int) Math.max(1, Math.min(GROUP, GROUP_VALUES / perCanvas));
    }

    private List<Scores> measureGroup(List<Canvas> canvases, int[] classes, List<FloatMap> maps) throws CamException {
        int n = canvases.size();
        int size = canvases.get(0).size();
        int pixels = size * size;
        double[] black = black(size);
        List<float[]> images = new ArrayList<>();
        // For each canvas: image index of the canvas itself (run here too, for its log-probability in double
        // precision) and of the masked image, and of each curve step (-1: original, -2: black).
        int[] originalIndex = new int[n];
        int[] maskedIndex = new int[n];
        int[][] deletionIndex = new int[n][steps + 1];
        int[][] insertionIndex = new int[n][steps + 1];
        for (int i = 0; i < n; i++) {
            float[] image = canvases.get(i).pixels();
            float[] map = maps.get(i).values();
            originalIndex[i] = images.size();
            images.add(image);
            // A map of 1 on every ink pixel leaves the canvas as it is: O is then Y itself, not a second run of the
            // same picture, whose logits can differ in their last bits from one batch position to another (oneDNN's
            // convolutions do) and would count as a drop or, decided on the logs, as a rise.
            float[] masked = masked(image, map);
            if (java.util.Arrays.equals(masked, image)) {
                maskedIndex[i] = originalIndex[i];
            } else {
                maskedIndex[i] = images.size();
                images.add(masked);
            }
            // One tie order per canvas, whatever the map, so methods are compared on the same walk.
            int[] order = Metrics.descendingOrder(map, seed * 1_000_003L + canvases.get(i).digitIndex());
            int ink = 0;
            for (float v : image) {
                ink += v != 0 ? 1 : 0;
            }
            int taken = 0;
            int inkTaken = 0;
            int lastDeletion = -1;
            int lastInsertion = -2;
            int lastInk = 0;
            for (int k = 0; k <= steps; k++) {
                int target = (int) Math.round((double) k * pixels / steps);
                while (taken < target) {
                    inkTaken += image[order[taken++]] != 0 ? 1 : 0;
                }
                if (inkTaken == 0) {
                    deletionIndex[i][k] = -1;
                    insertionIndex[i][k] = -2;
                } else if (inkTaken == ink) {
                    deletionIndex[i][k] = -2;
                    insertionIndex[i][k] = -1;
                } else if (inkTaken == lastInk) {
                    deletionIndex[i][k] = lastDeletion;
                    insertionIndex[i][k] = lastInsertion;
                } else {
                    float[] deleted = image.clone();
                    float[] inserted = new float[pixels];
                    for (int t = 0; t < taken; t++) {
                        deleted[order[t]] = 0;
                        inserted[order[t]] = image[order[t]];
                    }
                    deletionIndex[i][k] = images.size();
                    images.add(deleted);
                    insertionIndex[i][k] = images.size();
                    images.add(inserted);
                }
                lastInk = inkTaken;
                lastDeletion = deletionIndex[i][k];
                lastInsertion = insertionIndex[i][k];
            }
        }
        double[] logP = predictor.logProbabilities(input.batch(images), images.size(), size, size);
        int classCount = predictor.classes();
        List<Scores> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int c = classes[i];
            double logY = logP[originalIndex[i] * classCount + c];
            double[] deletion = new double[steps + 1];
            double[] insertion = new double[steps + 1];
            for (int k = 0; k <= steps; k++) {
                deletion[k] = Math.exp(lookup(deletionIndex[i][k], logP, classCount, c, logY, black[c]));
                insertion[k] = Math.exp(lookup(insertionIndex[i][k], logP, classCount, c, logY, black[c]));
            }
            out.add(new Scores(logY, logP[maskedIndex[i] * classCount + c], deletion, insertion));
        }
        return out;
    }

    private static double lookup(int index, double[] logP, int classes, int c, double original, double black) {
        return switch (index) {
            case -1 -> original;
            case -2 -> black;
            default -> logP[index * classes + c];
        };
    }

    /**
     * @param image a canvas's grey levels
     * @param map a map in [0, 1] at its size
     * @return the canvas times the map, pixel by pixel: what Average Drop shows the model, and what coherency explains
     */
    static float[] masked(float[] image, float[] map) {
        float[] out = new float[image.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = image[i] * map[i];
        }
        return out;
    }

    /** The log-probabilities of an all-black canvas: the end of every deletion and the start of every insertion. */
    private double[] black(int size) throws CamException {
        if (blackSize != size) {
            float[] batch = new float[size * size * input.channels()];
            input.put(new float[size * size], batch, 0);
            blackLogProbabilities = predictor.logProbabilities(batch, 1, size, size);
            blackSize = size;
        }
        return blackLogProbabilities;
    }
}
