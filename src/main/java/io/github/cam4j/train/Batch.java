package io.github.cam4j.train;

import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.model.TensorData;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/** One minibatch gathered from a set by an index order: pixels scaled to [0, 1], labels, and scoring helpers. */
final class Batch {
    private final float[] pixels;
    private final int[] labels;
    private final int rows;
    private final int cols;
    private final int classes;

    private Batch(float[] pixels, int[] labels, int rows, int cols, int classes) {
        this.pixels = pixels;
        this.labels = labels;
        this.rows = rows;
        this.cols = cols;
        this.classes = classes;
    }

    static Batch of(LabeledImages set, int[] order, int from, int to, int classes) {
        int size = set.imageSize();
        float[] pixels = new float[(to - from) * size];
        int[] labels = new int[to - from];
        byte[] source = set.pixels();
        for (int i = from; i < to; i++) {
            int index = order[i];
            int base = index * size;
            int dst = (i - from) * size;
            for (int p = 0; p < size; p++) {
                pixels[dst + p] = (source[base + p] & 0xFF) / 255f;
            }
            labels[i - from] = set.label(index);
        }
        return new Batch(pixels, labels, set.rows(), set.cols(), classes);
    }

    /** Hides patches of this batch's pictures in place (training batches only). */
    void hide(HideAndSeek hiding, java.util.Random random) {
        hiding.hide(pixels, labels.length, rows, cols, random);
    }

    /** Moves this batch's pictures in place (training batches only). */
    void shift(RandomShift shifting, java.util.Random random) {
        shifting.shift(pixels, labels.length, rows, cols, random);
    }

    TFloat32 images() {
        return TensorData.floats(Shape.of(labels.length, rows, cols, 1), pixels);
    }

    TFloat32 oneHot() {
        float[] y = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            y[i * classes + labels[i]] = 1f;
        }
        return TensorData.floats(Shape.of(labels.length, classes), y);
    }

    /** @param logits {@code [n, classes]} row-major */
    int countCorrect(float[] logits) {
        return countCorrect(logits, labels);
    }

    /** Sum over the batch of softmax cross-entropy, computed stably (log-sum-exp). */
    double crossEntropySum(float[] logits) {
        return crossEntropySum(logits, labels, 1);
    }

    /**
     * @param logits {@code [labels.length, classes]} row-major
     * @param labels each row's class
     * @return the rows whose largest logit is their label's (the first on ties)
     */
    static int countCorrect(float[] logits, int[] labels) {
        int k = logits.length / labels.length;
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (logits[i * k + c] > logits[i * k + best]) {
                    best = c;
                }
            }
            if (best == labels[i]) {
                correct++;
            }
        }
        return correct;
    }

    /**
     * @param logits {@code [labels.length, classes]} row-major
     * @param labels each row's class
     * @param scale the logits are multiplied by this first (an inverse temperature; 1 as trained)
     * @return the sum over the rows of the softmax cross-entropy, computed stably (log-sum-exp)
     */
    static double crossEntropySum(float[] logits, int[] labels, double scale) {
        int k = logits.length / labels.length;
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, logits[i * k + c] * scale);
            }
            double z = 0;
            for (int c = 0; c < k; c++) {
                z += Math.exp(logits[i * k + c] * scale - max);
            }
            sum += Math.log(z) + max - logits[i * k + labels[i]] * scale;
        }
        return sum;
    }
}
