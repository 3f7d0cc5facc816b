package io.github.cam4j.eval;

import io.github.cam4j.cam.CamException;
import io.github.cam4j.model.TensorData;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.ClassifierActivation;
import java.util.Arrays;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Class log-probabilities only (no features, no maps) for batches of images in the model's input scale: what the
 * perturbation measures need, many times per image. Large batches run in slices of at most {@code maxBatch}.
 *
 * <p>They are computed in double precision from the graph's logits, by the model's softmax or sigmoid, not read from
 * its single-precision probabilities, which round to 1 once the logit margin passes about 17: a rise in confidence
 * beyond that would be invisible.
 *
 * <pre>{@code
 * double[] logP = new Predictor(model, 256).logProbabilities(nhwc, count, 84, 84);   // count * classes values
 * }</pre>
 */
public final class Predictor implements Classifier {
    private final CamModel model;
    private final int maxBatch;

    /**
     * @param model an open model (borrowed, not closed)
     * @param maxBatch images per model run, at least 1
     */
    public Predictor(CamModel model, int maxBatch) {
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
     */
    @Override
    public double[] logProbabilities(float[] nhwc, int count, int height, int width) throws CamException {
        int channels = model.input().channels();
        int plane = height * width * channels;
        if ((long) count * plane != nhwc.length) {
            throw new IllegalArgumentException(nhwc.length + " values do not hold " + count + " images of " + height + "x"
                    + width + "x" + channels);
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
     * @return {@code n * classes} log-probabilities, from the graph's rows of {@link CamModel#units()} logits read per
     *     class (a binary classifier's one sigmoid unit {@code z} gives the classes {@code -z} and {@code z}, as
     *     {@code CamSession} reads it)
     */
    private double[] run(float[] batch, int n, int height, int width, int channels) throws CamException {
        float[] values;
        try (TFloat32 input = TensorData.floats(Shape.of(n, height, width, channels), batch);
                Result result = model.session().runner().feed(model.tensors().input(), input)
                        .fetch(model.tensors().logits()).run()) {
            values = TensorData.toArray(result.get(0));
        } catch (RuntimeException e) {
            throw new CamException("model " + model.source() + " failed on a batch of " + n + " images of " + height + "x"
                    + width + ": " + e.getMessage(), e);
        }
        // Row by row in the graph's units, out by class: a binary classifier's one unit is two classes, and copying
        // classes-wide rows out of units-wide ones failed (evaluate: "arraycopy: last source index 80 out of bounds").
        int units = model.units();
        int classes = model.classes();
        ClassifierActivation activation = model.activation() == ClassifierActivation.NONE
                ? ClassifierActivation.forRawLogits(units) : model.activation();
        double[] out = new double[n * classes];
        for (int i = 0; i < n; i++) {
            float[] logits = model.classLogits(Arrays.copyOfRange(values, i * units, (i + 1) * units));
            double[] logP = activation == ClassifierActivation.SIGMOID ? logSigmoid(logits) : logSoftmax(logits);
            System.arraycopy(logP, 0, out, i * classes, classes);
        }
        return out;
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
