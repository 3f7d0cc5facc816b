package io.github.cam4j.eval;

import io.github.cam4j.cam.CamException;
import io.github.cam4j.model.TensorData;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.TensorNames;
import java.util.Arrays;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Class probabilities only (no features, no maps) for batches of images in the model's input scale: what the
 * perturbation measures need, many times per image. Large batches run in slices of at most {@code maxBatch}.
 *
 * <pre>{@code
 * float[] p = new Predictor(model, 256).probabilities(nhwc, count, 84, 84);   // count * classes values
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
     * @return {@code count * classes} probabilities, image-major
     * @throws CamException when the model fails
     */
    @Override
    public float[] probabilities(float[] nhwc, int count, int height, int width) throws CamException {
        int channels = model.input().channels();
        int plane = height * width * channels;
        if ((long) count * plane != nhwc.length) {
            throw new IllegalArgumentException(nhwc.length + " values do not hold " + count + " images of " + height + "x"
                    + width + "x" + channels);
        }
        int classes = model.classes();
        float[] out = new float[count * classes];
        for (int from = 0; from < count; from += maxBatch) {
            int n = Math.min(maxBatch, count - from);
            float[] slice = from == 0 && n == count ? nhwc : Arrays.copyOfRange(nhwc, from * plane, (from + n) * plane);
            System.arraycopy(run(slice, n, height, width, channels), 0, out, from * classes, n * classes);
        }
        return out;
    }

    /**
     * @return {@code n * classes} probabilities: the graph's rows of {@link CamModel#units()} values, read per class (a
     *     binary classifier's one sigmoid unit gives {@code [1 - p, p]}, as {@code CamSession} reads it)
     */
    private float[] run(float[] batch, int n, int height, int width, int channels) throws CamException {
        TensorNames names = model.tensors();
        String fetched = names.probabilities() != null ? names.probabilities() : names.logits();
        float[] values;
        try (TFloat32 input = TensorData.floats(Shape.of(n, height, width, channels), batch);
                Result result = model.session().runner().feed(names.input(), input).fetch(fetched).run()) {
            values = TensorData.toArray(result.get(0));
        } catch (RuntimeException e) {
            throw new CamException("model " + model.source() + " failed on a batch of " + n + " images of " + height + "x"
                    + width + ": " + e.getMessage(), e);
        }
        // Row by row in the graph's units, out by class: a binary classifier's one unit is two classes, and copying
        // classes-wide rows out of units-wide ones failed (evaluate: "arraycopy: last source index 80 out of bounds").
        int units = model.units();
        int classes = model.classes();
        float[] out = new float[n * classes];
        for (int i = 0; i < n; i++) {
            float[] row = Arrays.copyOfRange(values, i * units, (i + 1) * units);
            float[] p = names.probabilities() != null ? model.classProbabilities(row)
                    : model.activation().apply(model.classLogits(row));
            System.arraycopy(p, 0, out, i * classes, classes);
        }
        return out;
    }
}
