package io.github.cam4j.savedmodel;

import java.util.Arrays;

/**
 * The classifier after global average pooling, read once when a model opens: {@code logits = mean(features) · kernel
 * + bias}. Stored by class ({@code [classes][K]}) because CAM takes one class's column at a time.
 */
public final class ClassifierWeights {
    private final float[][] byClass;
    private final float[] bias;

    /**
     * @param kernel {@code [K][classes]}, as TensorFlow stores a Dense kernel
     * @param bias {@code [classes]}
     */
    public ClassifierWeights(float[][] kernel, float[] bias) {
        if (kernel.length == 0 || kernel[0].length == 0) {
            throw new IllegalArgumentException("classifier kernel is empty");
        }
        int classes = kernel[0].length;
        if (bias.length != classes) {
            throw new IllegalArgumentException("classifier bias has " + bias.length + " values but the kernel has " + classes
                    + " columns (classes)");
        }
        this.byClass = new float[classes][kernel.length];
        for (int k = 0; k < kernel.length; k++) {
            if (kernel[k].length != classes) {
                throw new IllegalArgumentException("classifier kernel row " + k + " has " + kernel[k].length
                        + " values, expected " + classes);
            }
            for (int c = 0; c < classes; c++) {
                byClass[c][k] = kernel[k][c];
            }
        }
        this.bias = bias.clone();
    }

    /**
     * @param flatKernel {@code K * classes} values, row-major {@code [K, classes]}
     * @param bias {@code [classes]}
     * @return the weights
     */
    public static ClassifierWeights fromFlat(float[] flatKernel, float[] bias) {
        int classes = bias.length;
        if (classes == 0 || flatKernel.length % classes != 0) {
            throw new IllegalArgumentException("classifier kernel of " + flatKernel.length + " values does not split into "
                    + classes + " classes");
        }
        float[][] kernel = new float[flatKernel.length / classes][classes];
        for (int k = 0; k < kernel.length; k++) {
            System.arraycopy(flatKernel, k * classes, kernel[k], 0, classes);
        }
        return new ClassifierWeights(kernel, bias);
    }

    /** @return the number of feature channels K */
    public int channels() {
        return byClass[0].length;
    }

    /** @return the number of classes */
    public int classes() {
        return byClass.length;
    }

    /**
     * @param c a class
     * @return its kernel column, length K (a copy: the shared one, written into by a caller, flattened every later map
     *     of the class without a word)
     * @throws IllegalArgumentException when {@code c} is not one of the classes
     */
    public float[] column(int c) {
        checkClass(c, byClass.length);
        return byClass[c].clone();
    }

    /**
     * @param c a class index
     * @param classes the model's classes
     * @throws IllegalArgumentException naming both, when {@code c} is not in {@code 0..classes-1}
     */
    static void checkClass(int c, int classes) {
        if (c < 0 || c >= classes) {
            throw new IllegalArgumentException("class " + c + " is not one of the model's " + classes + " classes (0.."
                    + (classes - 1) + ")");
        }
    }

    /**
     * @param c a class
     * @return its bias
     */
    public float bias(int c) {
        return bias[c];
    }

    /** @return a copy of the bias */
    public float[] bias() {
        return bias.clone();
    }

    @Override
    public String toString() {
        return "ClassifierWeights[K=" + channels() + ", classes=" + classes() + ", bias=" + Arrays.toString(bias) + "]";
    }
}
