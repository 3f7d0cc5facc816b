package io.github.cam4j.cam;

import io.github.cam4j.model.TensorData;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.MapNormalizer;
import io.github.cam4j.render.Placement;
import io.github.cam4j.render.Resize;
import io.github.cam4j.savedmodel.CamModel;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Score-CAM (Wang et al. 2020, "Score-CAM: Score-Weighted Visual Explanations for Convolutional Neural Networks"), as
 * pytorch-grad-cam computes it but for one convention. Each feature channel, upsampled to the picture and min-max
 * normalised over the upsampled values, masks the picture (upsampled as cam4j places its maps, each cell at its centre
 * on the picture; pytorch-grad-cam's {@code UpsamplingBilinear2d} aligns the corner cells with the corner pixels
 * instead); the model's logit for the class on each masked picture, softmax-ed over the channels, weighs the channels:
 * {@code map = ReLU(sum_k w_k f_k)}, {@code w = softmax_k(logit_c(picture * mask_k))}. No gradient and no classifier
 * kernel: any model whose features and logits can be fetched, at the cost of one model run per channel (batched); a
 * mostly blank picture's masked copies are fed as its non-blank part when the model allows ({@link BlankCrop}).
 *
 * <p>The masked pictures' logits hold every class at once, so one set of runs serves any number of target classes;
 * only the explained classes' are kept ({@link Scores}), so a model of a thousand classes and thousands of channels
 * holds a few kilobytes a picture, not megabytes.
 *
 * <p>Faster Score-CAM (tabayashi0117's, tf-keras-vis's {@code Scorecam(max_N=N)}) scores only the N channels of the
 * picture's features that vary most over its cells ({@link #largestSpread}): N masked runs instead of K, the softmax
 * taken over those N, the other channels weighing 0.
 */
final class ScoreCam {
    /**
     * The most input values one masked run feeds (16 MB of floats): a picture's K masked copies go in as few runs as
     * fit, counted at the size fed (a crop's, when the picture is cropped). The model's activations are larger still
     * (the pooled model's first convolution holds 32 values per input value), so four 1000x1000 pictures a run already
     * take half a gigabyte there; 128 canvases of 84x84 go in one.
     */
    static final long VALUES_PER_RUN = 4_000_000L;

    private ScoreCam() {}

    /**
     * One picture's masked runs, for the classes explained.
     *
     * @param classes the classes kept
     * @param logits {@code [channels.length][classes.length]}: the logit of each kept class on the picture masked by
     *     each scored channel
     * @param channels the channels scored, ascending: all K, or Faster Score-CAM's N ({@link #largestSpread})
     */
    record Scores(int[] classes, float[][] logits, int[] channels) {
        /** Every channel scored: {@code logits[k]} is channel k's. */
        Scores(int[] classes, float[][] logits) {
            this(classes, logits, IntStream.range(0, logits.length).toArray());
        }

        /** @return the column of {@code classIndex} in {@link #logits} */
        int column(int classIndex) {
            for (int j = 0; j < classes.length; j++) {
                if (classes[j] == classIndex) {
                    return j;
                }
            }
            throw new IllegalArgumentException("class " + classIndex + " was not among the masked runs' classes "
                    + Arrays.toString(classes));
        }
    }

    /**
     * Runs the model on one picture masked by each of its feature channels.
     *
     * <p>A masked picture is zero wherever the picture is, so a crop of the picture ({@link BlankCrop}) holds all of
     * every masked copy's non-zero pixels: given one, only the crop of each masked copy is fed, and its logits are
     * carried to the whole picture's. The masks are still made and normalised over the whole picture.
     *
     * @param model the model
     * @param pictures the fed batch, NHWC in the model's input scale
     * @param image which picture of the batch
     * @param height the pictures' rows
     * @param width their columns
     * @param inputChannels their channels
     * @param features the picture's features, {@code cellsHigh * cellsWide * K} row-major
     * @param cellsHigh feature rows
     * @param cellsWide feature columns
     * @param cellsOnPicture where the cells' centres lie on the picture
     * @param explained the classes whose logits to keep
     * @param crop the part of the picture to feed, or null to feed it whole
     * @param blankLogits the model's logits on a blank picture ({@link CamModel#blankLogits()}) when {@code crop} is
     *     given, which its logits are carried to the whole picture's around; else null
     * @param scored the channels to mask the picture with, ascending ({@link #largestSpread}), or null for all
     * @return the logits of the whole picture masked by each scored channel, for the explained classes
     * @throws ExplanationStoppedException when the thread is interrupted, before one of the runs
     */
    static Scores maskedLogits(CamModel model, float[] pictures, int image, int height, int width, int inputChannels,
            float[] features, int cellsHigh, int cellsWide, Placement cellsOnPicture, int[] explained, BlankCrop crop,
            float[] blankLogits, int[] scored) throws ExplanationStoppedException {
        int featureChannels = model.channels();
        int[] masking = scored == null ? IntStream.range(0, featureChannels).toArray() : scored;
        int channels = masking.length;
        int top = crop == null ? 0 : crop.top();
        int left = crop == null ? 0 : crop.left();
        int fedHeight = crop == null ? height : crop.height();
        int fedWidth = crop == null ? width : crop.width();
        int source = image * height * width * inputChannels;
        int fedRow = fedWidth * inputChannels;
        int fedPlane = fedHeight * fedRow;
        int perRun = (int) Math.max(1, Math.min(channels, VALUES_PER_RUN / fedPlane));
        float[][] logits = new float[channels][explained.length];
        float[] channelCells = new float[cellsHigh * cellsWide];
        for (int from = 0; from < channels; from += perRun) {
            // A picture's channels (512 of a VGG's) are as many runs: an interrupt is honoured between them.
            ExplanationStoppedException.ifInterrupted("Score-CAM");
            int n = Math.min(perRun, channels - from);
            float[] masked = new float[n * fedPlane];
            for (int j = 0; j < n; j++) {
                int k = masking[from + j];
                for (int p = 0; p < channelCells.length; p++) {
                    channelCells[p] = features[p * featureChannels + k];
                }
                float[] mask = mask(channelCells, cellsHigh, cellsWide, height, width, cellsOnPicture);
                for (int y = 0; y < fedHeight; y++) {
                    int target = j * fedPlane + y * fedRow;
                    int pixel = (top + y) * width + left;
                    for (int x = 0; x < fedWidth; x++, pixel++) {
                        for (int c = 0; c < inputChannels; c++) {
                            masked[target + x * inputChannels + c] = pictures[source + pixel * inputChannels + c]
                                    * mask[pixel];
                        }
                    }
                }
            }
            run(model, masked, n, fedHeight, fedWidth, inputChannels, crop, blankLogits, explained, logits, from);
        }
        return new Scores(explained.clone(), logits, masking);
    }

    /**
     * Feeds {@code n} masked pictures in one run and keeps the explained classes' logits, carried to the whole
     * picture's when they are a crop's.
     *
     * @param masked {@code n} pictures of {@code fedHeight x fedWidth x inputChannels}, NHWC
     * @param logits where row {@code from + j} receives picture {@code j}'s logits of the explained classes
     */
    static void run(CamModel model, float[] masked, int n, int fedHeight, int fedWidth, int inputChannels,
            BlankCrop crop, float[] blankLogits, int[] explained, float[][] logits, int from) {
        int units = model.units();
        // The masked pictures have the size of the run CamSession checked the rows of (or of a crop of it, which
        // makes as many rows): one row each.
        try (TFloat32 input = TensorData.floats(Shape.of(n, fedHeight, fedWidth, inputChannels), masked);
                Result r = model.session().runner().feed(model.tensors().input(), input)
                        .fetch(model.tensors().logits()).run()) {
            float[] rows = TensorData.toArray(r.get(0));
            for (int j = 0; j < n; j++) {
                float[] row = Arrays.copyOfRange(rows, j * units, (j + 1) * units);
                // Per class: a binary classifier's class 0 scores its unit's logit negated.
                float[] whole = model.classLogits(crop == null ? row : crop.wholeLogits(row, blankLogits));
                for (int c = 0; c < explained.length; c++) {
                    logits[from + j][c] = whole[explained[c]];
                }
            }
        }
    }

    /**
     * Faster Score-CAM's channels: the {@code n} whose activations vary most over the picture's cells, by their
     * standard deviation over the cells (population, tf-keras-vis's {@code tf.math.reduce_std}); of equal ones the lower
     * index first, as {@code tf.math.top_k} takes them.
     *
     * @param features one picture's features, {@code cells * channels} row-major (longer arrays are read to there)
     * @param cells feature cells
     * @param channels K
     * @param n how many, 1 to K
     * @return the chosen channels, ascending
     */
    static int[] largestSpread(float[] features, int cells, int channels, int n) {
        if (n < 1 || n > channels) {
            throw new IllegalArgumentException("Faster Score-CAM scores 1 to " + channels + " channels, asked " + n);
        }
        double[] sum = new double[channels];
        double[] squares = new double[channels];
        for (int p = 0; p < cells; p++) {
            for (int k = 0; k < channels; k++) {
                double v = features[p * channels + k];
                sum[k] += v;
            }
        }
        for (int p = 0; p < cells; p++) {
            for (int k = 0; k < channels; k++) {
                // Two passes: the squared deviations from the mean, not E[x^2] - E[x]^2, which cancels to noise for a
                // channel of large, nearly constant values.
                double d = features[p * channels + k] - sum[k] / cells;
                squares[k] += d * d;
            }
        }
        // Sorted by spread, the larger first; equal ones keep their index order (a stable sort).
        Integer[] order = IntStream.range(0, channels).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer k) -> squares[k]).reversed());
        int[] chosen = new int[n];
        for (int i = 0; i < n; i++) {
            chosen[i] = order[i];
        }
        Arrays.sort(chosen);
        return chosen;
    }

    /**
     * One channel's mask on the picture: its cells upsampled as the map is, min-max normalised.
     *
     * @param cells the channel's cells, row-major
     * @return {@code height * width} values in [0, 1]; all 0 for a channel constant over its cells, as {@code (x - min) /
     *     (max - min + 1e-8)} makes it in pytorch-grad-cam. Checked on the cells: upsampling a constant by warpAffine
     *     leaves it an ulp of range, which normalising would stretch into a full-contrast mask of rounding noise.
     */
    static float[] mask(float[] cells, int cellsHigh, int cellsWide, int height, int width, Placement cellsOnPicture) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : cells) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (!(max > min)) {
            return new float[height * width];
        }
        // Resize.placed reads the cells and returns a new array, which is normalised in place.
        return MapNormalizer.minMaxInPlace(Resize.placed(new FloatMap(cellsHigh, cellsWide, cells), height, width,
                cellsOnPicture)).values();
    }

    /**
     * @param features one picture's features, {@code cells * K} row-major (a longer array is read to there)
     * @param cells feature cells
     * @param channels K, the features' channels
     * @param scores {@link #maskedLogits} of the picture
     * @param classIndex the class to explain, one of the scores' classes
     * @return the class's Score-CAM at feature resolution, {@code ReLU(sum_k w_k f_k)}
     */
    static float[] map(float[] features, int cells, int channels, Scores scores, int classIndex) {
        double[] weights = weights(scores, classIndex, channels);
        return CamMath.weightedRelu(features, cells, weights.length, weights);
    }

    /**
     * @param features one picture's features, {@code cells * K} row-major (a longer array is read to there)
     * @param cells feature cells
     * @param channels K, the features' channels
     * @param scores {@link #maskedLogits} of the picture
     * @param classIndex the class to explain, one of the scores' classes
     * @return the class's Score-CAM under {@link EigenSmooth}: the same weights, the weighted features projected on
     *     their first principal component instead of summed
     */
    static float[] smoothedMap(float[] features, int cells, int channels, Scores scores, int classIndex) {
        double[] weights = weights(scores, classIndex, channels);
        return EigenSmooth.channelWeighted(features, cells, weights.length, weights);
    }

    /**
     * @param channels K, the features' channels
     * @return the channels' weights, the softmax over the scored channels of the class's logits on the masked pictures;
     *     0 for a channel not scored
     */
    private static double[] weights(Scores scores, int classIndex, int channels) {
        float[][] maskedLogits = scores.logits();
        int column = scores.column(classIndex);
        int scored = maskedLogits.length;
        double[] softmax = new double[scored];
        double largest = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < scored; j++) {
            largest = Math.max(largest, maskedLogits[j][column]);
        }
        double sum = 0;
        for (int j = 0; j < scored; j++) {
            // Shifted by the largest score: the softmax's value, without exp overflowing for logits in the hundreds.
            softmax[j] = Math.exp(maskedLogits[j][column] - largest);
            sum += softmax[j];
        }
        double[] weights = new double[channels];
        int[] which = scores.channels();
        for (int j = 0; j < scored; j++) {
            weights[which[j]] = softmax[j] / sum;
        }
        return weights;
    }
}
