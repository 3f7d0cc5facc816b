package io.github.cam4j.cam;

import io.github.cam4j.model.TensorData;
import io.github.cam4j.savedmodel.AblationFeed;
import io.github.cam4j.savedmodel.CamModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Ablation-CAM (Desai and Ramaswamy 2020, "Ablation-CAM: Visual Explanations for Deep Convolutional Network via
 * Gradient-free Localization"), as pytorch-grad-cam computes it but for three conventions. Each feature channel {@code k}
 * of the picture's features is set to 0 and the rest of the network run on them; the class's logit falls from
 * {@code y_c} to {@code y_c^k}, and the channel weighs {@code w_k = (y_c - y_c^k) / |y_c|}: {@code map = ReLU(sum_k w_k
 * A_k)}. {@code y} are the logits, before any softmax, per class ({@link CamModel#classLogits}).
 *
 * <p>The network's rest runs in the model's own graph: the ablated copies are fed at the features tensor
 * ({@link AblationFeed}), with the picture's own values of the tensors by which the logits also read it another way
 * (a skip connection's) beside them, so one run of the head takes many channels (and pictures) at once, up to {@link #VALUES_PER_RUN}. Every run also holds each of its
 * pictures' features unablated, whose logits must be the picture's own (a head that mixes the pictures of a batch,
 * batch statistics, or that the fed tensor does not drive would give weights of nothing, and is refused naming the
 * tensor), and against which the run's drops are taken.
 *
 * <p>The three conventions, each where pytorch-grad-cam's gives no usable answer:
 * <ul>
 *   <li>The ablated channel is always 0, the paper's ablation. pytorch-grad-cam's {@code AblationLayer} uses 0 only
 *       when the layer's smallest activation is 0 (any ReLU layer), and that minimum minus 1e7 otherwise, which on a
 *       layer that goes below 0 measures the network's answer to a value far outside anything it was trained on.
 *   <li>{@code y_c = 0}: the relative drop is undefined and pytorch-grad-cam's division gives infinities and NaN. cam4j
 *       weighs by the drop itself, {@code w_k = y_c - y_c^k}: the map as {@code y_c} tends to 0 from above, up to a
 *       positive factor, which the normalised map ({@link CamResult#map()}) does not see. The same when {@code y_c} is
 *       so near 0 that dividing by it overflows a float. Never NaN.
 *   <li>The drop is divided by {@code |y_c|}: {@code w_k = (y_c - y_c^k) / |y_c|}. pytorch-grad-cam divides by
 *       {@code y_c}, so a class whose logit is negative (as on a picture that holds other digits' strokes) has every
 *       weight's sign turned, and its map shows the channels whose removal <em>raises</em> the score. For {@code y_c
 *       > 0} the two are the same.
 * </ul>
 */
final class AblationCam {
    /**
     * The most feature values one run feeds (16 MB of floats), the side inputs' values beside them counted too
     * ({@link AblationFeed#sideInputs}): a picture's K ablated copies go in as few runs as fit, each run with the picture
     * unchanged too. A 7x7x2048 layer's 2 048 copies take 54 runs of 39 rows; the pooled MNIST model's 7x7x128 go in
     * one, with four other pictures'.
     */
    static final long VALUES_PER_RUN = 4_000_000L;

    private AblationCam() {}

    /**
     * One picture's ablated runs, for the classes explained.
     *
     * @param classes the classes kept
     * @param original {@code [classes.length]}: each kept class's logit on the picture
     * @param ablated {@code [K][classes.length]}: each kept class's logit with channel {@code k} zeroed
     * @param unchanged {@code [K][classes.length]}: each kept class's logit on the picture's features fed unchanged in
     *     the same run as channel {@code k}'s copy; the drop is taken against it
     */
    record Scores(int[] classes, float[] original, float[][] ablated, float[][] unchanged) {
        /** Scores whose drops are taken against {@code original} itself. */
        Scores(int[] classes, float[] original, float[][] ablated) {
            this(classes, original, ablated, sameRows(original, ablated.length));
        }

        private static float[][] sameRows(float[] row, int count) {
            float[][] rows = new float[count][];
            java.util.Arrays.fill(rows, row);
            return rows;
        }

        /** @return the column of {@code classIndex} in {@link #ablated} */
        int column(int classIndex) {
            for (int j = 0; j < classes.length; j++) {
                if (classes[j] == classIndex) {
                    return j;
                }
            }
            throw new IllegalArgumentException("class " + classIndex + " was not among the ablated runs' classes "
                    + Arrays.toString(classes));
        }
    }

    /**
     * Runs the network's rest on each picture's features with each channel zeroed in turn, the copies of several
     * pictures in one run when they fit.
     *
     * @param model the model
     * @param feed where the features are fed
     * @param side the batch's values of the tensors fed beside the copies ({@link SideInputs})
     * @param features the batch's features
     * @param classLogits per picture, its logits per class from the model's run
     * @param explained per picture, the classes whose logits to keep
     * @return per picture, the logits of its kept classes unablated and with each channel zeroed
     * @throws CamException when the picture's features fed back do not give its logits, or the feed fails, naming the
     *     model and the tensor
     */
    static Scores[] ablatedLogits(CamModel model, AblationFeed feed, SideInputs side, FeatureBatch features,
            float[][] classLogits, int[][] explained) throws CamException {
        int count = classLogits.length;
        int channels = model.channels();
        int cells = features.height() * features.width();
        int plane = cells * channels;
        long perRow = plane + side.perPicture();
        int perRun = (int) Math.max(2, Math.min((long) count * (channels + 1), VALUES_PER_RUN / perRow));
        Scores[] out = new Scores[count];
        for (int i = 0; i < count; i++) {
            float[] original = new float[explained[i].length];
            for (int j = 0; j < original.length; j++) {
                original[j] = classLogits[i][explained[i][j]];
            }
            out[i] = new Scores(explained[i].clone(), original, new float[channels][explained[i].length],
                    new float[channels][]);
        }
        // Runs of at most perRun rows, each row a picture's features with one channel zeroed; every run that holds a
        // picture's copies holds the picture unchanged first, and the channel's drop is taken against that row, in
        // the same run. TensorFlow gives the same features logits a few millionths apart at another batch size, and
        // taken against the model's own run of the picture that difference went into every drop alike: the map
        // moved by it times the sum of the channels, 7.8e-4 of its largest value on a ResNet50's 2048 channels,
        // against 2e-5 for float arithmetic (helper-86).
        List<int[]> run = new ArrayList<>(perRun);
        for (int i = 0; i < count; i++) {
            int k = 0;
            while (k < channels) {
                if (run.size() + 2 > perRun) {
                    runRows(model, feed, side, features, classLogits, explained, out, run);
                    run.clear();
                }
                run.add(new int[] {i, -1});
                while (k < channels && run.size() < perRun) {
                    run.add(new int[] {i, k++});
                }
            }
        }
        if (!run.isEmpty()) {
            runRows(model, feed, side, features, classLogits, explained, out, run);
        }
        return out;
    }

    /**
     * Runs one batch of rows ({@code {picture, channel zeroed}}, -1: none, the picture unchanged, which comes before
     * its copies) and keeps, for each copy, its class logits and those of its run's unchanged row, against which
     * {@link #map} takes the drop.
     */
    private static void runRows(CamModel model, AblationFeed feed, SideInputs side, FeatureBatch features, float[][] classLogits, int[][] explained, Scores[] out, List<int[]> rows)
            throws CamException {
        // A picture's channels ablated are runs of a few rows each for a large model: an interrupt is honoured
        // between them.
        ExplanationStoppedException.ifInterrupted("Ablation-CAM");
        int channels = model.channels();
        int cells = features.height() * features.width();
        int n = rows.size();
        int[] pictures = new int[n];
        for (int j = 0; j < n; j++) {
            pictures[j] = rows.get(j)[0];
        }
        // Each copy written straight into the fed tensor from one picture-sized row: an array of all the copies (1.6 MB
        // a picture for the pooled model) was a humongous object each time: 240 MiB more of the heap resident over 20 000.
        AblatedCopies copies = new AblatedCopies(features, rows, cells, channels);
        float[] logits = run(model, feed, copies, side, pictures, features.height(), features.width());
        int units = model.units();
        // The kept classes' logits of the run's unchanged row for the picture whose copies follow it, shared by them.
        float[] unchanged = null;
        for (int j = 0; j < n; j++) {
            int i = rows.get(j)[0];
            int k = rows.get(j)[1];
            float[] row = model.classLogits(Arrays.copyOfRange(logits, j * units, (j + 1) * units));
            if (k < 0) {
                checkFedBack(model, feed, row, classLogits[i]);
                unchanged = new float[explained[i].length];
                for (int c = 0; c < unchanged.length; c++) {
                    unchanged[c] = row[explained[i][c]];
                }
            } else {
                for (int c = 0; c < explained[i].length; c++) {
                    out[i].ablated()[k][c] = row[explained[i][c]];
                }
                out[i].unchanged()[k] = unchanged;
            }
        }
    }

    /**
     * A run's rows as {@link TensorData#rows} writes them, one at a time: row {@code j} is its picture's features with
     * its channel zeroed (none for a picture's unchanged row). One picture-sized array serves every row; a picture's
     * features are read once a run, as a run keeps its rows of one picture together.
     */
    private static final class AblatedCopies implements IntFunction<float[]> {
        private final FeatureBatch features;
        private final List<int[]> rows;
        private final int cells;
        private final int channels;
        private final float[] copy;
        private float[] picture;
        private int pictureOf = -1;

        AblatedCopies(FeatureBatch features, List<int[]> rows, int cells, int channels) {
            this.features = features;
            this.rows = rows;
            this.cells = cells;
            this.channels = channels;
            this.copy = new float[cells * channels];
        }

        @Override
        public float[] apply(int j) {
            int i = rows.get(j)[0];
            int k = rows.get(j)[1];
            if (i != pictureOf) {
                // FeatureBatch.image returns this thread's buffer, which keeps the size of the largest picture the
                // thread has read: only the picture's own features are copied.
                picture = Arrays.copyOf(features.image(i), copy.length);
                pictureOf = i;
            }
            System.arraycopy(picture, 0, copy, 0, copy.length);
            if (k >= 0) {
                for (int p = 0; p < cells; p++) {
                    copy[p * channels + k] = 0f;
                }
            }
            return copy;
        }
    }

    private static float[] run(CamModel model, AblationFeed feed, IntFunction<float[]> copies, SideInputs side,
            int[] pictures, int cellsHigh, int cellsWide) throws CamException {
        List<TFloat32> sideTensors = new ArrayList<>();
        try (TFloat32 fedFeatures = TensorData.rows(Shape.of(pictures.length, cellsHigh, cellsWide, model.channels()),
                copies)) {
            var runner = model.session().runner().feed(feed.features(), fedFeatures).fetch(model.tensors().logits());
            for (int t = 0; t < side.tensors().size(); t++) {
                TFloat32 values = side.rows(t, pictures);
                sideTensors.add(values);
                runner.feed(side.tensors().get(t), values);
            }
            try (Result r = runner.run()) {
                return TensorData.toArray(r.get(0));
            }
        } catch (RuntimeException e) {
            if (!ModelFailure.fromTensorFlow(e)) {
                throw e;
            }
            throw new CamException("model " + model.source() + ": Ablation-CAM could not run the logits '"
                    + model.tensors().logits() + "' on features fed at '" + feed.features() + "'"
                    + (side.tensors().isEmpty() ? "" : " (with " + String.join(", ", side.tensors()) + ")") + ": "
                    + io.github.cam4j.model.TensorFlowStatus.oneLine(e.getMessage()), e);
        } finally {
            sideTensors.forEach(TFloat32::close);
        }
    }

    /**
     * The picture's own features, fed back among its ablated copies, must give its own logits: else the weights would
     * measure something else than the channels.
     */
    private static void checkFedBack(CamModel model, AblationFeed feed, float[] fedBack, float[] own)
            throws CamException {
        double largest = 0;
        double off = 0;
        for (int c = 0; c < own.length; c++) {
            largest = Math.max(largest, Math.abs(own[c]));
            off = Math.max(off, Math.abs(fedBack[c] - own[c]));
        }
        // Kernels of another batch size may sum in another order: 1e-4 of the largest logit is rounding; a head that
        // reads the batch's other pictures or ignores the fed tensor is off by the logits' own scale.
        if (!(off <= 1e-4 * Math.max(1, largest))) {
            throw new CamException("model " + model.source() + ": Ablation-CAM cannot ablate features tensor '"
                    + feed.features() + "': fed back unchanged beside its ablated copies, the picture's features gave"
                    + " logits " + Arrays.toString(fedBack) + ", not its own " + Arrays.toString(own) + " (the head"
                    + " may mix the pictures of a batch, e.g. batch statistics, or not be computed from that tensor"
                    + " alone); explain it by another method");
        }
    }

    /**
     * @param features one picture's features, {@code cells * K} row-major
     * @param cells feature cells
     * @param scores {@link #ablatedLogits} of the picture
     * @param classIndex the class to explain, one of the scores' classes
     * @return the class's Ablation-CAM at feature resolution, {@code ReLU(sum_k w_k A_k)} with the conventions of the
     *     class comment; finite
     */
    static float[] map(float[] features, int cells, Scores scores, int classIndex) {
        return map(features, cells, scores, classIndex, false);
    }

    /**
     * @param features one picture's features, {@code cells * K} row-major
     * @param cells feature cells
     * @param scores {@link #ablatedLogits} of the picture
     * @param classIndex the class to explain, one of the scores' classes
     * @param eigenSmooth whether the weighted features are projected on their first principal component
     *     ({@link EigenSmooth}) instead of summed over the channels
     * @return the class's Ablation-CAM at feature resolution, {@code ReLU(sum_k w_k A_k)} with the conventions of the
     *     class comment, or its smoothed form; finite
     */
    static float[] map(float[] features, int cells, Scores scores, int classIndex, boolean eigenSmooth) {
        int column = scores.column(classIndex);
        int channels = scores.ablated().length;
        double y = scores.original()[column];
        double[] drops = new double[channels];
        for (int k = 0; k < channels; k++) {
            drops[k] = (double) scores.unchanged()[k][column] - scores.ablated()[k][column];
        }
        double[] sums = new double[cells];
        if (eigenSmooth) {
            // The drops weigh the channels, and 1 / |y_c| is applied after, as to the sums: a positive factor, which
            // changes neither the component nor the sign the projection is given.
            float[] projected = EigenSmooth.channelWeighted(features, cells, channels, drops);
            for (int p = 0; p < cells; p++) {
                sums[p] = projected[p];
            }
        } else {
            for (int p = 0; p < cells; p++) {
                double v = 0;
                int at = p * channels;
                for (int k = 0; k < channels; k++) {
                    v += drops[k] * features[at + k];
                }
                sums[p] = v;
            }
        }
        double largest = 0;
        for (int p = 0; p < cells; p++) {
            largest = Math.max(largest, Math.abs(sums[p]));
        }
        // Divided by |y_c|, last, so that only the result can overflow: it is y_c's size that decides. By |y_c|, not
        // y_c: a negative score turned every weight's sign in pytorch-grad-cam, and the map showed what raises the
        // score. On 300 cluttered canvases (103 of 600 maps with y_c < 0), pointing 55.0 % that way, 81.3 % this way.
        double scale = y == 0 || largest / Math.abs(y) > Float.MAX_VALUE ? 1 : 1 / Math.abs(y);
        float[] map = new float[cells];
        for (int p = 0; p < cells; p++) {
            map[p] = (float) Math.max(0, sums[p] * scale);
        }
        return map;
    }
}
