package io.github.cam4j.cam;

import io.github.cam4j.model.TensorData;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.GradientHead;
import io.github.cam4j.savedmodel.GradientWeighting;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Smooth Grad-CAM++'s noisy runs and arithmetic ({@link GradientWeighting#SMOOTH_GRAD_CAM_PLUS_PLUS}), as torch-cam's
 * {@code SmoothGradCAMpp._get_weights} computes them: per picture, {@code n} copies with Gaussian noise on its input
 * ({@link SmoothGradNoise}), each run for the features and the class logit's gradient at them; their gradients
 * squared and cubed averaged; then the weights from those means, the clean picture's features and the last copy's
 * gradient, the map from the last copy's features.
 *
 * <p>With several target layers ({@link LayerRun}) each noisy copy is run once for all of them, as torch-cam's
 * {@code SmoothGradCAMpp(model, [a, b])} runs it once and reads every hooked layer's gradient: one run fetches every
 * layer's features and gradient, and each layer's means and weights are then its own. The copies are drawn as for one
 * layer, so each layer's map is the one its own run would give.
 *
 * <p>The arithmetic after the gradients is in double where torch-cam's is in float32: alpha's denominator
 * {@code 2 D2 + sum D3 A} can come near 0 where activations are negative (a residual Add's), or where the cubed
 * gradients are (the pooled model's conv2d_1, a ReLU layer: |alpha| 3 382), and there float32
 * rounding alone moved a channel's weight by 1 % (the Keras 3 blocks model's residual Add, 1 noisy copy: 141.2 against
 * 142.5); double keeps the map what the formula gives for the gradients TensorFlow computed.
 */
final class SmoothGradPlusPlus {
    /** torch-cam's {@code eps=1e-8} in the alpha coefficient's denominator. */
    static final double EPSILON = 1e-8;

    /**
     * One target layer of the noisy runs.
     *
     * @param model the model opened at the layer, for gradients; every layer's runs the same session
     * @param head its gradient head
     * @param clean the clean run's features at the layer
     */
    record Layer(CamModel model, GradientHead head, FeatureBatch clean) {}

    private SmoothGradPlusPlus() {}

    /**
     * One layer's maps: {@link #maps(List, float[], int, int, int, int[], boolean, SmoothGradNoise, Runnable)} of that
     * layer.
     *
     * @param model the model, opened for gradients
     * @param head its gradient head
     * @param clean the clean run's features
     * @return per picture, the map's cells row-major, ReLU applied
     * @throws CamException when a run's features or gradient are not laid out as the clean run's
     */
    static float[][] maps(CamModel model, GradientHead head, float[] fed, int count, int height, int width,
            int[] classes, FeatureBatch clean, boolean eigenSmooth, SmoothGradNoise noise) throws CamException {
        return maps(List.of(new Layer(model, head, clean)), fed, count, height, width, classes, eigenSmooth, noise,
                () -> { })[0];
    }

    /**
     * Every layer's maps from one set of noisy runs: {@code noise.samples()} runs of the session, each fetching every
     * layer's features and gradient.
     *
     * @param layers the target layers, their models sharing the first's session
     * @param fed the clean batch as fed, NHWC
     * @param count pictures in it
     * @param height their rows as fed
     * @param width their columns as fed
     * @param classes the class each picture's maps explain
     * @param eigenSmooth project the weighted activations on their first principal component ({@link EigenSmooth})
     * @param noise how many noisy copies, how noisy
     * @param afterRun called after each run of the session: how the runs are counted ({@link LayerRun#runs()})
     * @return per layer, per picture, the map's cells row-major, ReLU applied
     * @throws CamException when a run's features or gradient are not laid out as the clean run's
     * @throws ExplanationStoppedException when the thread is interrupted, before one of the noisy runs
     */
    static float[][][] maps(List<Layer> layers, float[] fed, int count, int height, int width, int[] classes,
            boolean eigenSmooth, SmoothGradNoise noise, Runnable afterRun) throws CamException {
        CamModel model = layers.get(0).model();
        int inputChannels = model.input().channels();
        int plane = height * width * inputChannels;
        // One generator per picture, drawn copy after copy: a picture's noise does not depend on its batch.
        Random[] generators = new Random[count];
        for (int i = 0; i < count; i++) {
            generators[i] = new Random(noise.seed());
        }
        Means[] means = new Means[layers.size()];
        for (int l = 0; l < layers.size(); l++) {
            means[l] = new Means(count * perImage(layers.get(l)));
        }
        float[] noisy = new float[fed.length];
        try (TFloat32 weights = GradientBatch.classWeights(classes, count, model)) {
            for (int s = 0; s < noise.samples(); s++) {
                // Up to 10 000 noisy runs: an interrupt is honoured before each, not only once they are all done.
                ExplanationStoppedException.ifInterrupted("Smooth Grad-CAM++");
                for (int i = 0; i < count; i++) {
                    for (int v = i * plane; v < (i + 1) * plane; v++) {
                        noisy[v] = fed[v] + (float) (generators[i].nextGaussian() * noise.std());
                        if (!Float.isFinite(noisy[v])) {
                            // --sgcampp-std 1e308 drew a flat map said as "no evidence", exit 0, as SmoothGrad's noise
                            // did before it was checked.
                            throw new InvalidInputException(Float32Range.beyond("SmoothGrad-CAM++'s noise (std "
                                    + noise.std() + ")", "the picture's noisy copies", "std"));
                        }
                    }
                }
                try (TFloat32 input = TensorData.floats(Shape.of(count, height, width, inputChannels), noisy)) {
                    Session.Runner runner = model.session().runner().feed(model.tensors().input(), input);
                    for (Layer layer : layers) {
                        runner.feed(layer.head().classWeights(), weights).fetch(layer.model().tensors().features())
                                .fetch(layer.head().gradient());
                    }
                    try (Result r = runner.run()) {
                        afterRun.run();
                        for (int l = 0; l < layers.size(); l++) {
                            Layer layer = layers.get(l);
                            int expected = count * perImage(layer);
                            means[l].add(checked(TensorData.toArray(r.get(2 * l)), expected,
                                    layer.model().tensors().features()),
                                    checked(TensorData.toArray(r.get(2 * l + 1)), expected,
                                            layer.head().gradient()));
                        }
                    }
                }
            }
        }
        float[][][] maps = new float[layers.size()][][];
        for (int l = 0; l < layers.size(); l++) {
            maps[l] = means[l].maps(layers.get(l), count, noise.samples(), eigenSmooth);
        }
        return maps;
    }

    private static int perImage(Layer layer) {
        return layer.clean().height() * layer.clean().width() * layer.head().channels();
    }

    /** One layer's sums over the noisy copies, and the last copy's features and gradient. */
    private static final class Means {
        private final double[] squares;
        private final double[] cubes;
        private float[] lastGradient;
        private float[] lastFeatures;

        Means(int values) {
            squares = new double[values];
            cubes = new double[values];
        }

        void add(float[] features, float[] gradient) {
            lastFeatures = features;
            lastGradient = gradient;
            for (int v = 0; v < squares.length; v++) {
                double g = gradient[v];
                squares[v] += g * g;
                cubes[v] += g * g * g;
            }
        }

        /** @return per picture, the layer's map: the sums averaged over {@code samples} copies, weighed, ReLU'd */
        float[][] maps(Layer layer, int count, int samples, boolean eigenSmooth) {
            int channels = layer.head().channels();
            int cells = layer.clean().height() * layer.clean().width();
            int perImage = cells * channels;
            for (int v = 0; v < squares.length; v++) {
                squares[v] /= samples;
                cubes[v] /= samples;
            }
            float[][] maps = new float[count][];
            for (int i = 0; i < count; i++) {
                int at = i * perImage;
                double[] w = weights(Arrays.copyOfRange(squares, at, at + perImage),
                        Arrays.copyOfRange(cubes, at, at + perImage), layer.clean().image(i),
                        Arrays.copyOfRange(lastGradient, at, at + perImage), cells, channels);
                float[] activations = Arrays.copyOfRange(lastFeatures, at, at + perImage);
                maps[i] = eigenSmooth ? EigenSmooth.channelWeighted(activations, cells, channels, w)
                        : CamMath.weightedRelu(activations, cells, channels, w);
            }
            return maps;
        }
    }

    /**
     * torch-cam's weights from one picture's averaged gradients:
     * {@code alpha = D2 / (2 D2 + sum over cells of D3 A + 1e-8)}, {@code w_k = sum over cells of alpha ReLU(g)}, in
     * double. A weight that comes out NaN (a 0 / 0 alpha) is 0:
     * torch-cam sums the weighted channels by {@code nansum}, which drops such a channel's every term.
     *
     * @param squares the mean of the squared gradients, {@code cells * channels} row-major
     * @param cubes the mean of the cubed gradients
     * @param clean the clean picture's features
     * @param gradient the last noisy copy's gradient
     * @return one weight per channel
     */
    static double[] weights(double[] squares, double[] cubes, float[] clean, float[] gradient, int cells,
            int channels) {
        double[] activationTerms = new double[channels];
        for (int c = 0; c < cells; c++) {
            for (int k = 0; k < channels; k++) {
                activationTerms[k] += cubes[c * channels + k] * clean[c * channels + k];
            }
        }
        double[] weights = new double[channels];
        for (int c = 0; c < cells; c++) {
            for (int k = 0; k < channels; k++) {
                int v = c * channels + k;
                double alpha = squares[v] / (2 * squares[v] + activationTerms[k] + EPSILON);
                weights[k] += alpha * Math.max(0f, gradient[v]);
            }
        }
        for (int k = 0; k < channels; k++) {
            if (Double.isNaN(weights[k])) {
                weights[k] = 0;
            }
        }
        return weights;
    }

    private static float[] checked(float[] values, int expected, String name) throws CamException {
        if (values.length != expected) {
            throw new CamException("Smooth Grad-CAM++: tensor '" + name + "' of a noisy run holds " + values.length
                    + " values, the clean run's features " + expected);
        }
        return values;
    }
}
