package io.github.cam4j.eval;

import io.github.cam4j.cam.CamException;
import io.github.cam4j.model.TensorData;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.ClassifierActivation;
import io.github.cam4j.savedmodel.TensorNames;
import java.util.Arrays;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Class log-probabilities only (no features, no maps) for batches of images in the model's input scale: what the
 * perturbation measures need, many times per image. Large batches run in slices of at most {@code maxBatch}.
 *
 * <p>They are computed in double precision from the graph's logits, by the model's softmax or sigmoid, not read from
 * its single-precision probabilities, which round to 1 once the logit margin passes about 17: a rise in confidence
 * beyond that would be invisible. Where the graph names its probabilities too, they are checked to be that activation
 * of the logits; a model opened by names without an activation has only them, and their logs are given.
 *
 * <pre>{@code
 * double[] logP = new Predictor(model, 256).logProbabilities(nhwc, count, 84, 84);   // count * classes values
 * }</pre>
 */
public final class Predictor implements Classifier {
    /** Largest difference allowed between a graph's probability and the activation of its logits. */
    static final double AGREEMENT = 1e-3;

    private final CamModel model;
    private final int maxBatch;

    /**
     * @param model an open model (borrowed, not closed)
     * @param maxBatch images per model run, at least 1
     */
    public Predictor(CamModel model, int maxBatch) {
        java.util.Objects.requireNonNull(model, "model is null: the open model to run");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("max batch must be at least 1, got " + maxBatch);
        }
        this.model = model;
        this.maxBatch = maxBatch;
    }

    @Override
    public int classes() {
        return model.classes();
    }

    /**
     * @param nhwc {@code count * height * width * channels} values in the model's input scale
     * @param count images
     * @param height their height
     * @param width their width
     * @return {@code count * classes} log-probabilities, image-major
     * @throws CamException when the model fails
     * @throws IllegalArgumentException when the values do not hold that many images, or one is NaN or infinite (named
     *     by image and pixel, as {@code CamSession.explainPixels} names it)
     */
    @Override
    public double[] logProbabilities(float[] nhwc, int count, int height, int width) throws CamException {
        int channels = model.input().channels();
        int plane = height * width * channels;
        if ((long) count * plane != nhwc.length) {
            throw new IllegalArgumentException(nhwc.length + " values do not hold " + count + " images of " + height + "x"
                    + width + "x" + channels);
        }
        for (int i = 0; i < nhwc.length; i++) {
            if (!Float.isFinite(nhwc[i])) {
                // A max-pooling swallows a NaN: a digit with one NaN pixel came back as ten equal probabilities.
                int pixel = (i % plane) / channels;
                throw new IllegalArgumentException("pixels hold " + nhwc[i] + " at image #" + i / plane + " (y="
                        + pixel / width + ", x=" + pixel % width + ", channel " + i % channels + "): a model's input is a"
                        + " finite number at every pixel");
            }
        }
        int classes = model.classes();
        double[] out = new double[count * classes];
        for (int from = 0; from < count; from += maxBatch) {
            int n = Math.min(maxBatch, count - from);
            float[] slice = from == 0 && n == count ? nhwc : Arrays.copyOfRange(nhwc, from * plane, (from + n) * plane);
            System.arraycopy(run(slice, n, height, width, channels), 0, out, from * classes, n * classes);
        }
        return out;
    }

    /**
     * @return a hold on the borrowed model for one run ({@link CamModel#holdOpenFor}): its owner's close on another thread
     *     waits for the run, which had failed in TensorFlow's words (23 of 30 such closes, helper-171's audit)
     * @throws IllegalStateException when the model has been closed
     */
    private CamModel.Hold openRun() {
        return model.holdOpenFor("this Predictor runs", "close a model after the predictions made with it");
    }

    /**
     * @return {@code n * classes} log-probabilities, from the graph's rows of {@link CamModel#units()} logits read per
     *     class (a binary classifier's one sigmoid unit {@code z} gives the classes {@code -z} and {@code z}, as
     *     {@code CamSession} reads it); for a model opened without an activation, the logs of its graph's own
     *     probabilities, as {@code CamSession} reports them
     * @throws CamException when the model fails, or its graph's probabilities are not its activation of its logits
     */
    private double[] run(float[] batch, int n, int height, int width, int channels) throws CamException {
        TensorNames names = model.tensors();
        boolean withProbabilities = names.probabilities() != null;
        // Outside the run's own try, whose catch takes what it throws for the model failing on the pictures.
        try (CamModel.Hold open = openRun()) {
            return run(batch, n, height, width, channels, names, withProbabilities);
        }
    }

    private double[] run(float[] batch, int n, int height, int width, int channels, TensorNames names,
            boolean withProbabilities) throws CamException {
        float[] values;
        float[] probabilities = null;
        try (TFloat32 input = TensorData.floats(Shape.of(n, height, width, channels), batch)) {
            Session.Runner runner = model.session().runner().feed(names.input(), input).fetch(names.logits());
            if (withProbabilities) {
                runner.fetch(names.probabilities());
            }
            try (Result result = runner.run()) {
                values = TensorData.toArray(result.get(0));
                if (withProbabilities) {
                    probabilities = TensorData.toArray(result.get(1));
                }
            }
        } catch (RuntimeException e) {
            throw new CamException("model " + model.source() + " failed on a batch of " + n + " images of " + height + "x"
                    + width + ": " + e.getMessage(), e);
        }
        // Row by row in the graph's units, out by class: a binary classifier's one unit is two classes, and copying
        // classes-wide rows out of units-wide ones failed (evaluate: "arraycopy: last source index 80 out of bounds").
        int units = model.units();
        int classes = model.classes();
        // A model opened by names with its probabilities tensor may come without an activation (null,
        // CamModel.fromSession): only that tensor says what its probabilities are. (Raw logits, NONE, are read by
        // softmax or sigmoid: CamModel says which, as CamSession reports them.)
        ClassifierActivation activation = model.activation();
        double[] out = new double[n * classes];
        for (int i = 0; i < n; i++) {
            float[] p = probabilities == null ? null
                    : model.classProbabilities(Arrays.copyOfRange(probabilities, i * units, (i + 1) * units));
            double[] logP;
            if (activation == null) {
                logP = new double[classes];
                for (int c = 0; c < classes; c++) {
                    logP[c] = Math.log(p[c]);
                }
            } else {
                float[] logits = model.classLogits(Arrays.copyOfRange(values, i * units, (i + 1) * units));
                logP = activation == ClassifierActivation.SIGMOID ? logSigmoid(logits) : logSoftmax(logits);
                if (p != null) {
                    requireAgreement(logP, p, activation, names);
                }
            }
            System.arraycopy(logP, 0, out, i * classes, classes);
        }
        return out;
    }

    /**
     * The graph's probabilities, where it names them, must be the activation of its logits: CamSession reports the
     * former, the measures take the latter, and a model opened by names with an activation its probabilities tensor
     * does not apply (softmax said, a sigmoid in the graph) would be scored as another model than the one explained.
     * Float32 rounding and a graph's own softmax stay far below the tolerance; another activation does not.
     */
    private void requireAgreement(double[] logP, float[] p, ClassifierActivation activation, TensorNames names)
            throws CamException {
        for (int c = 0; c < logP.length; c++) {
            double mine = Math.exp(logP[c]);
            // A NaN in the graph (its softmax of an infinite logit) says nothing to compare with.
            if (!Float.isNaN(p[c]) && !(Math.abs(mine - p[c]) <= AGREEMENT)) {
                throw new CamException(String.format(java.util.Locale.ROOT, "model %s: its probabilities '%s' are not"
                        + " the %s of its logits '%s' (class %d: %.4g in the graph, %.4g by the %s); open it with the"
                        + " activation its probabilities tensor applies, or with none to read that tensor",
                        model.source(), names.probabilities(), activation.name().toLowerCase(java.util.Locale.ROOT),
                        names.logits(), c, p[c], mine, activation.name().toLowerCase(java.util.Locale.ROOT)));
            }
        }
    }

    /**
     * @return log softmax, relative to the top logit so that nothing rounds away: the top class's is
     *     {@code -log1p(s)}, {@code s} the sum of the other classes' {@code exp(z - top)}, which stays exact however
     *     small {@code s} is (added to the top logit, a sum of 1e-20 would vanish)
     */
    static double[] logSoftmax(float[] logits) {
        int top = 0;
        for (int j = 1; j < logits.length; j++) {
            top = logits[j] > logits[top] ? j : top;
        }
        double others = 0;
        for (int j = 0; j < logits.length; j++) {
            others += j == top ? 0 : Math.exp(fromTop(logits[j], logits[top]));
        }
        double logSum = Math.log1p(others);
        double[] out = new double[logits.length];
        for (int j = 0; j < logits.length; j++) {
            out[j] = fromTop(logits[j], logits[top]) - logSum;
        }
        return out;
    }

    /**
     * @return {@code z - top}, 0 for a logit equal to the top one: an infinite top logit (a float32 overflow) minus
     *     itself is NaN, and made the surest class's log-probability NaN where it is 0 (or {@code -log 2} for two)
     */
    private static double fromTop(float z, float top) {
        return z == top ? 0 : (double) z - top;
    }

    /** @return {@code log(sigmoid(z)) = -softplus(-z)} per unit, without overflow either way */
    static double[] logSigmoid(float[] logits) {
        double[] out = new double[logits.length];
        for (int j = 0; j < logits.length; j++) {
            double z = logits[j];
            out[j] = -(Math.max(-z, 0) + Math.log1p(Math.exp(-Math.abs(z))));
        }
        return out;
    }
}
