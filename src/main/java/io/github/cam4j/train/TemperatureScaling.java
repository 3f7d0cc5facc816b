package io.github.cam4j.train;

import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.model.Dense;
import io.github.cam4j.model.Sequential;
import io.github.cam4j.model.TensorData;
import io.github.cam4j.model.WeightSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Temperature scaling (Guo et al., "On Calibration of Modern Neural Networks", ICML 2017), folded into the classifier:
 * the one number {@code T} that makes {@code softmax(logits / T)} fit held-out labels best (lowest mean cross-entropy)
 * is found, and the classifier's kernel and bias are divided by it. The predicted class of every picture stays the
 * same, and so does the shape of every class activation map: CAM is linear in the classifier, so each map is only
 * scaled by {@code 1 / T}, and its peak, its box at a fraction of its maximum and its min-max normalised picture are
 * unchanged. What changes is how sure the probabilities say the model is, for a model trained to keep its logits small
 * (a {@link SpreadPenalty} does).
 */
public final class TemperatureScaling {
    /** The mean cross-entropy is convex in {@code 1 / T}; searched over this range of it. */
    private static final double LOWEST_INVERSE = 1e-3;
    private static final double HIGHEST_INVERSE = 1e3;

    private TemperatureScaling() {}

    /**
     * The temperature found and what it did on the images it was fitted on.
     *
     * @param temperature the classifier is divided by this
     * @param crossEntropyBefore the images' mean cross-entropy as trained
     * @param crossEntropyAfter the same after the scaling
     * @param images how many images it was fitted on
     */
    public record Fit(double temperature, double crossEntropyBefore, double crossEntropyAfter, int images) {
        /**
         * @return whether the temperature is at an end of the range searched (1/1000 to 1000), where the best fit lies
         *     at or beyond it: probabilities as flat as possible (a model no better than chance on these images) or
         *     as sharp as possible (every one of them right with a wide margin)
         */
        public boolean atSearchBound() {
            return temperature > 0.999 * HIGHEST_INVERSE || temperature < 1.001 * LOWEST_INVERSE;
        }
    }

    /**
     * Fits the temperature on a trained model's logits of labelled pictures.
     *
     * @param logits {@code count * classes} logits, row-major
     * @param classes logits per picture
     * @param labels the pictures' classes
     * @return the temperature minimising the mean cross-entropy of {@code softmax(logits / T)}
     * @throws IllegalArgumentException when there are no pictures or the sizes disagree
     */
    public static Fit fit(float[] logits, int classes, int[] labels) {
        if (labels.length == 0 || logits.length != labels.length * classes) {
            throw new IllegalArgumentException("temperature scaling needs held-out pictures: got " + labels.length
                    + " labels for " + logits.length + " logits of " + classes + " classes");
        }
        // Golden-section search in log(1 / T): the cross-entropy is convex in 1 / T, so unimodal in its logarithm.
        double lo = Math.log(LOWEST_INVERSE);
        double hi = Math.log(HIGHEST_INVERSE);
        double ratio = (Math.sqrt(5) - 1) / 2;
        double a = hi - ratio * (hi - lo);
        double b = lo + ratio * (hi - lo);
        double fa = crossEntropy(logits, labels, Math.exp(a));
        double fb = crossEntropy(logits, labels, Math.exp(b));
        while (hi - lo > 1e-7) {
            if (fa <= fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - ratio * (hi - lo);
                fa = crossEntropy(logits, labels, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + ratio * (hi - lo);
                fb = crossEntropy(logits, labels, Math.exp(b));
            }
        }
        double inverse = Math.exp((lo + hi) / 2);
        return new Fit(1 / inverse, crossEntropy(logits, labels, 1),
                crossEntropy(logits, labels, inverse), labels.length);
    }

    /**
     * The mean cross-entropy of {@code softmax(logits * inverseTemperature)} against the labels.
     *
     * @param logits {@code count * classes} logits, row-major (the classes are its length over the labels')
     * @param labels the pictures' classes
     * @param inverseTemperature {@code 1 / T}
     * @return the mean cross-entropy in nats
     */
    public static double crossEntropy(float[] logits, int[] labels, double inverseTemperature) {
        return Batch.crossEntropySum(logits, labels, inverseTemperature) / labels.length;
    }

    /**
     * @param logits {@code count * classes} logits, row-major
     * @param labels the pictures' classes
     * @return the fraction of pictures whose largest logit is their class's, as training counts it
     */
    public static double accuracy(float[] logits, int[] labels) {
        return (double) Batch.countCorrect(logits, labels) / labels.length;
    }

    /**
     * The weights with the classifier's kernel (and bias, when it has one) divided by the temperature; every other
     * weight is the same array.
     *
     * @param model the architecture
     * @param weights the trained weights by name
     * @param temperature the temperature, positive
     * @return a new map of the weights
     */
    public static Map<String, float[]> apply(Sequential model, Map<String, float[]> weights, double temperature) {
        Dense classifier = model.classifier();
        Map<String, float[]> scaled = new LinkedHashMap<>(weights);
        for (String name : new String[] {classifier.name() + "_kernel", classifier.name() + "_bias"}) {
            float[] values = weights.get(name);
            if (values != null) {
                float[] divided = new float[values.length];
                for (int i = 0; i < values.length; i++) {
                    divided[i] = (float) (values[i] / temperature);
                }
                scaled.put(name, divided);
            }
        }
        return scaled;
    }

    /**
     * A trained model's logits of a set of pictures, as the exported model computes them.
     *
     * @param model the architecture
     * @param weights the trained weights by name
     * @param set the pictures
     * @param threads TensorFlow's intra-op threads, 0 for one per core
     * @return {@code set.count() * classes} logits, row-major
     */
    public static float[] logits(Sequential model, Map<String, float[]> weights, LabeledImages set, int threads) {
        return logits(model, weights, set, threads, () -> { });
    }

    /**
     * A trained model's logits of a set of pictures, as the exported model computes them, with a check between its
     * batches: a command asked to stop ends the pass there rather than after it (10 000 test digits took 10 s and more).
     *
     * @param model the architecture
     * @param weights the trained weights by name
     * @param set the pictures
     * @param threads TensorFlow's intra-op threads, 0 for one per core
     * @param beforeBatch run before each batch of pictures; throws (a {@link TrainingStoppedException}) to stop
     * @return {@code set.count() * classes} logits, row-major
     */
    public static float[] logits(Sequential model, Map<String, float[]> weights, LabeledImages set, int threads,
            Runnable beforeBatch) {
        int classes = model.classes();
        float[] all = new float[set.count() * classes];
        try (Graph graph = new Graph(); Session session = new Session(graph, Trainer.sessionConfig(threads))) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> images = tf.placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, set.rows(), set.cols(), model.channels())));
            Map<String, Operand<TFloat32>> constants = new LinkedHashMap<>();
            for (WeightSpec spec : model.weights()) {
                constants.put(spec.name(), tf.constant(Shape.of(spec.shape()), DataBuffers.of(weights.get(spec.name()))));
            }
            Operand<TFloat32> logits = model.build(tf, images, constants).logits();
            int[] order = IntStream.range(0, set.count()).toArray();
            for (int from = 0; from < set.count(); from += Trainer.EVAL_BATCH) {
                beforeBatch.run();
                int to = Math.min(from + Trainer.EVAL_BATCH, set.count());
                try (TFloat32 x = Batch.of(set, order, from, to, 0).images();
                        Result r = session.runner().feed(images, x).fetch(logits).run()) {
                    System.arraycopy(TensorData.toArray(r.get(0)), 0, all, from * classes, (to - from) * classes);
                }
            }
        }
        return all;
    }
}
