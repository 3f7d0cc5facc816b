package io.github.cam4j.savedmodel;

import io.github.cam4j.model.TensorData;
import java.util.Random;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Checks, once when a model opens for CAM, the identity CAM rests on: for every class c,
 * {@code mean over cells(features · kernel[:, c]) + bias[c] = logit_c}, on one probe image. It fails when the features
 * are not what the global average pooling reduces (an earlier layer named by the user, with as many channels), or the
 * kernel is not the classifier's; the maps would then not add up to the prediction they claim to explain.
 */
final class CamIdentityCheck {
    /**
     * Allowed error, relative to the row's largest logit (at least 1): float32 rounding of a sum over a few thousand
     * products stays some orders of magnitude below it, a wrong layer far above it.
     */
    static final double RELATIVE_TOLERANCE = 1e-3;

    /**
     * Probe sides tried, in turn, for an input that takes any height or width and whose spec does not say: small first
     * (cheap), larger for models that need more (a large 'valid' convolution; InceptionV3 needs 75 pixels, Xception
     * 71). A model no probe can run is not refused here: its first picture will say what it needs.
     */
    private static final int[] OPEN_SIDES = {32, 96, 224, 299};

    private CamIdentityCheck() {}

    /**
     * @param session the model's session
     * @param tensors input, features and logits
     * @param weights the classifier's kernel and bias
     * @param input what the input expects (its size when the tensor's is open, its pixel scaling)
     * @param source where the model came from, for the message
     * @throws ModelLoadException when the identity fails on the probe, naming the tensors, the class, the logit and the
     *     value the map gives: a {@link CamIdentityException} unless the logits named look like probabilities
     */
    static void verify(Session session, TensorNames tensors, ClassifierWeights weights, InputSpec input, String source)
            throws ModelLoadException {
        Shape declared = GraphTensors.find(session.graph(), tensors.input(), "input").shape();
        long[] dims = {1, input.height() > 0 ? input.height() : -1, input.width() > 0 ? input.width() : -1,
                input.channels()};
        if (!declared.isUnknown() && declared.numDimensions() == 4) {
            for (int i = 0; i < 4; i++) {
                if (declared.size(i) > 0) {
                    dims[i] = declared.size(i);
                }
            }
        }
        boolean open = dims[1] < 0 || dims[2] < 0;
        Probe probe = null;
        RuntimeException failure = null;
        for (int side : open ? OPEN_SIDES : new int[] {0}) {
            long[] tried = dims.clone();
            tried[1] = tried[1] < 0 ? side : tried[1];
            tried[2] = tried[2] < 0 ? side : tried[2];
            try {
                probe = run(session, tensors, input, tried);
                break;
            } catch (RuntimeException e) {
                failure = e;
                dims = tried;
            }
        }
        if (probe == null) {
            if (open) {
                // Too small for every probe side: not a reason to refuse a model that takes any size.
                return;
            }
            throw new ModelLoadException(source + ": running the model on a " + Shape.of(dims) + " probe image to check"
                    + " CAM's identity failed: " + failure.getMessage(), failure);
        }
        float[] features = probe.features();
        long[] shape = probe.shape();
        float[] logits = probe.logits();
        int classes = weights.classes();
        int channels = weights.channels();
        if (shape.length != 4 || shape[3] != channels || logits.length != shape[0] * classes) {
            throw new ModelLoadException(source + ": on a probe image features '" + tensors.features() + "' are "
                    + Shape.of(shape) + " and logits '" + tensors.logits() + "' hold " + logits.length + " values, not "
                    + channels + " channels and " + classes + " classes per image");
        }
        for (float v : logits) {
            if (!Float.isFinite(v)) {
                // The model makes NaN or infinity from random pixels (e.g. a square root of a negative), so the identity
                // cannot be checked here; said "the logit is NaN but mean(features)·kernel + bias is NaN". As for a
                // model no probe can run, the first picture it fails on will be named.
                return;
            }
        }
        int cells = (int) (shape[1] * shape[2]);
        float[] bias = weights.bias();
        for (int n = 0; n < shape[0]; n++) {
            double[] pooled = new double[channels];
            for (int p = 0; p < cells; p++) {
                int at = (n * cells + p) * channels;
                for (int k = 0; k < channels; k++) {
                    pooled[k] += features[at + k];
                }
            }
            double scale = 1;
            for (int c = 0; c < classes; c++) {
                scale = Math.max(scale, Math.abs(logits[n * classes + c]));
            }
            for (int c = 0; c < classes; c++) {
                double fromMap = bias[c];
                float[] column = weights.column(c);
                for (int k = 0; k < channels; k++) {
                    fromMap += pooled[k] / cells * column[k];
                }
                double logit = logits[n * classes + c];
                if (!(Math.abs(fromMap - logit) <= RELATIVE_TOLERANCE * scale)) {
                    // Probabilities named as the logits (a softmax's output) failed with advice about the features,
                    // which were right.
                    boolean probabilities = looksLikeProbabilities(logits, n, classes);
                    String hint = probabilities ? "the values named as logits lie in 0..1"
                            + " and sum to 1 on each image: probabilities, a softmax's output? Name the tensor before the"
                            + " softmax as the logits"
                            : "name the tensor the global average pooling reduces, or explain this layer by a gradient"
                                    + " method (Grad-CAM)";
                    String message = String.format(java.util.Locale.ROOT, "%s: features '%s' do not give"
                            + " logits '%s' by global average pooling and the classifier's kernel: on a probe image the"
                            + " logit of class %d is %.6g but mean(features)·kernel + bias is %.6g (tolerance %.1g of"
                            + " the largest logit); %s", source, tensors.features(), tensors.logits(), c,
                            logit, fromMap, RELATIVE_TOLERANCE, hint);
                    // Features of the kernel's channels that are not what the pooling reduces: their own type, so that
                    // a --features the user named is said in that option's words (it exited 1, naming no option).
                    // Not where the logits look like probabilities: the features may be right, the logits are not.
                    throw probabilities ? new ModelLoadException(message)
                            : new CamIdentityException(tensors.features(), channels, c, logit, fromMap, message);
                }
            }
        }
    }

    /** @return whether image {@code n}'s row lies in [0, 1] and sums to 1: a softmax's output */
    private static boolean looksLikeProbabilities(float[] values, int n, int classes) {
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            float v = values[n * classes + c];
            if (v < 0 || v > 1) {
                return false;
            }
            sum += v;
        }
        return classes > 1 && Math.abs(sum - 1) < 1e-3;
    }

    private record Probe(float[] features, long[] shape, float[] logits) {}

    /** Runs the model once on seeded random pixels of the given shape, fetching features and logits. */
    private static Probe run(Session session, TensorNames tensors, InputSpec input, long[] dims) {
        float[] pixels = new float[(int) (dims[0] * dims[1] * dims[2] * dims[3])];
        Random random = new Random(1);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(256);
        }
        if (dims[3] == input.channels()) {
            input.toModelInput(pixels);
        } else {
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = pixels[i] * input.pixelScale() + input.pixelOffset();
            }
        }
        try (TFloat32 probe = TFloat32.tensorOf(Shape.of(dims), DataBuffers.of(pixels, true, false));
                Result r = session.runner().feed(tensors.input(), probe).fetch(tensors.features())
                        .fetch(tensors.logits()).run()) {
            return new Probe(TensorData.toArray(r.get(0)), r.get(0).shape().asArray(), TensorData.toArray(r.get(1)));
        }
    }
}
