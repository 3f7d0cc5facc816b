package io.github.cam4j.eval;

import io.github.cam4j.cam.CamException;
import io.github.cam4j.render.FloatMap;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * ROAD, RemOve And Debias (Rong et al. 2022, "A Consistent and Efficient Evaluation Strategy for Attribution Methods",
 * ICML), as pytorch-grad-cam's {@code ROADCombined} computes it: pixels are removed along the map
 * ({@link RoadRemoval}) and filled in from their neighbours ({@link NoisyLinearImputer}), so the picture the model sees
 * carries no trace of which pixels were taken (the leak that black-pixel deletion has), and the model's confidence is
 * read again.
 *
 * <p>For each percentile p of {@link #PERCENTILES} (10, 20, ..., 90) the picture is imputed twice: with the pixels at or
 * above the map's p-th percentile removed (most relevant first, MoRF) and with those at or below its (100 - p)-th
 * (least relevant first, LeRF). The score of one such picture is the class's probability on it minus its probability on
 * the picture itself (pytorch-grad-cam's {@code PerturbationConfidenceMetric} with {@code return_diff}, and the
 * probability as {@code ClassifierOutputSoftmaxTarget} gives it). MoRF and LeRF are each averaged over the
 * percentiles ({@code ROADMostRelevantFirstAverage}, {@code ROADLeastRelevantFirstAverage}), and
 * <b>ROAD combined = (LeRF average - MoRF average) / 2</b>, in [-0.5, 0.5], higher is better: a faithful map's most
 * relevant pixels take the confidence with them, its least relevant ones leave it.
 *
 * <p>Where cam4j differs from pytorch-grad-cam: the imputer's solver and its seeded noise ({@link NoisyLinearImputer});
 * the noise's scale ({@link #NOISE}); the probability is computed in double precision from the logits
 * ({@link Classifier}). Pictures are grey canvases; the imputation runs on their 0..255 values before the model's own
 * scaling ({@link ModelInput}), as cam4j's other perturbations do.
 *
 * <p>Every imputed picture of a group of canvases goes to the model in one batch (the model runs them
 * {@link Predictor}'s slices at a time), the canvas itself among them.
 */
final class Road {
    /** The percentiles ROAD combined averages over, pytorch-grad-cam's default. */
    static final double[] PERCENTILES = {10, 20, 30, 40, 50, 60, 70, 80, 90};
    /**
     * The imputation noise's standard deviation in grey levels: the reference's 0.01 of a picture in [0, 1], which is
     * what the bundled models take (pixel / 255); the reference applies it to whatever its model takes (often
     * ImageNet-standardised pixels, where 0.01 is about 0.6 grey levels).
     */
    static final double NOISE = 0.01 * 255;

    private final Classifier predictor;
    private final ModelInput input;
    private final long seed;
    private final double noise;

    /**
     * One canvas's ROAD scores under one map.
     *
     * @param y the class's probability on the canvas
     * @param mostRelevantFirst its probability on each MoRF picture, one per percentile
     * @param leastRelevantFirst its probability on each LeRF picture
     */
    record Scores(double y, double[] mostRelevantFirst, double[] leastRelevantFirst) {
        /** @return the mean change of probability under MoRF (lower is better) */
        double morf() {
            return meanChange(mostRelevantFirst);
        }

        /** @return the mean change under LeRF (higher is better) */
        double lerf() {
            return meanChange(leastRelevantFirst);
        }

        /** @return ROAD combined, {@code (lerf - morf) / 2} (higher is better) */
        double combined() {
            return (lerf() - morf()) / 2;
        }

        /**
         * @param percentiles some of {@link #PERCENTILES}
         * @return ROAD combined over those percentiles alone, as pytorch-grad-cam's {@code ROADCombined(percentiles)}
         *     computes it ({@link Arcc} takes 20, 40, 60, 80 of the nine measured)
         * @throws IllegalArgumentException for a percentile not measured
         */
        double combinedAt(double... percentiles) {
            double lerf = 0;
            double morf = 0;
            for (double p : percentiles) {
                int level = java.util.Arrays.binarySearch(PERCENTILES, p);
                if (level < 0) {
                    throw new IllegalArgumentException("ROAD was not measured at percentile " + p);
                }
                lerf += (leastRelevantFirst[level] - y) / percentiles.length;
                morf += (mostRelevantFirst[level] - y) / percentiles.length;
            }
            return (lerf - morf) / 2;
        }

        private double meanChange(double[] after) {
            double sum = 0;
            for (double p : after) {
                sum += p - y;
            }
            return sum / after.length;
        }
    }

    /**
     * @param predictor the model
     * @param input how canvases become its input
     * @param seed seeds the noise (with each canvas's digit, the percentile and the order: the same noise for every map
     *     of one canvas)
     * @param noise the noise's standard deviation in grey levels ({@link #NOISE}; 0 for none)
     */
    Road(Classifier predictor, ModelInput input, long seed, double noise) {
        this.predictor = predictor;
        this.input = input;
        this.seed = seed;
        this.noise = noise;
    }

    /**
     * @param canvases canvases of one size
     * @param classes the class scored on each
     * @param maps one map per canvas at the canvas's size
     * @return one score per canvas
     * @throws CamException when the model fails
     */
    List<Scores> measure(List<Canvas> canvases, int[] classes, List<FloatMap> maps) throws CamException {
        if (canvases.size() != classes.length || canvases.size() != maps.size()) {
            throw new IllegalArgumentException("need one class and map per canvas");
        }
        List<Scores> out = new ArrayList<>(canvases.size());
        if (canvases.isEmpty()) {
            return out;
        }
        int group = groupSize(canvases.get(0).pixels().length, input.channels());
        for (int from = 0; from < canvases.size(); from += group) {
            int to = Math.min(canvases.size(), from + group);
            out.addAll(measureGroup(canvases.subList(from, to), java.util.Arrays.copyOfRange(classes, from, to),
                    maps.subList(from, to)));
        }
        return out;
    }

    /**
     * @param pixels one canvas's pixels
     * @param channels the model input's channels
     * @return how many canvases' imputed pictures (the canvas and one MoRF and one LeRF picture per percentile, 19) are
     *     built and run together: as the other faithfulness measures' groups ({@link Faithfulness#groupOf}), at most
     *     {@link Faithfulness#GROUP}, fewer when their batch would pass {@link Faithfulness#GROUP_VALUES} values
     */
    static int groupSize(int pixels, int channels) {
        return Faithfulness.groupOf(1L + 2 * PERCENTILES.length, pixels, channels);
    }

    private List<Scores> measureGroup(List<Canvas> canvases, int[] classes, List<FloatMap> maps) throws CamException {
        int n = canvases.size();
        int size = canvases.get(0).size();
        int k = PERCENTILES.length;
        // Per canvas: the canvas, then MoRF at each percentile, then LeRF at each.
        int perCanvas = 1 + 2 * k;
        float[][] images = new float[n * perCanvas][];
        RoadRemoval[] removals = new RoadRemoval[n];
        for (int i = 0; i < n; i++) {
            if (maps.get(i).values().length != canvases.get(i).pixels().length) {
                throw new IllegalArgumentException("a map of " + maps.get(i).values().length + " values for a canvas of "
                        + canvases.get(i).pixels().length + " pixels");
            }
            removals[i] = new RoadRemoval(maps.get(i).values());
        }
        // The solves are independent and the costly part outside TensorFlow: on all cores.
        IntStream.range(0, n * perCanvas).parallel().forEach(task -> {
            int i = task / perCanvas;
            int slot = task % perCanvas;
            Canvas canvas = canvases.get(i);
            if (slot == 0) {
                images[task] = canvas.pixels();
                return;
            }
            boolean morf = slot <= k;
            int level = morf ? slot - 1 : slot - 1 - k;
            boolean[] removed = morf ? removals[i].mostRelevantFirst(PERCENTILES[level])
                    : removals[i].leastRelevantFirst(PERCENTILES[level]);
            images[task] = NoisyLinearImputer.impute(canvas.pixels(), size, size, 1, removed, noise,
                    random(canvas.digitIndex(), level, morf));
        });
        double[] logP = predictor.logProbabilities(input.batch(java.util.Arrays.asList(images)), images.length, size, size);
        int classCount = predictor.classes();
        List<Scores> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int c = classes[i];
            int base = i * perCanvas;
            double[] morf = new double[k];
            double[] lerf = new double[k];
            for (int j = 0; j < k; j++) {
                morf[j] = Math.exp(logP[(base + 1 + j) * classCount + c]);
                lerf[j] = Math.exp(logP[(base + 1 + k + j) * classCount + c]);
            }
            out.add(new Scores(Math.exp(logP[base * classCount + c]), morf, lerf));
        }
        return out;
    }

    /** The noise of one canvas, percentile and order, whatever the map: methods are compared on the same draws. */
    private SplittableRandom random(int digitIndex, int level, boolean morf) {
        long key = ((seed * 1_000_003L + digitIndex) * 31 + level) * 2 + (morf ? 1 : 0);
        return new SplittableRandom(key * 0x9E3779B97F4A7C15L);
    }
}
