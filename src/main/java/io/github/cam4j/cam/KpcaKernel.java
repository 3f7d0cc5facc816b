package io.github.cam4j.cam;

import java.util.Locale;

/**
 * The kernels KPCA-CAM ({@link FeatureMethod#kpcaCam}) can use, scikit-learn's {@code pairwise_kernels} of the same
 * names with its defaults (which pytorch-grad-cam's {@code KPCA_CAM} leaves as they are): {@code coef0 = 1},
 * {@code degree = 3}, and {@code gamma = 1 / channels} unless one is given. {@code x} and {@code y} are two cells'
 * centred feature vectors.
 */
public enum KpcaKernel {
    /** {@code tanh(gamma x·y + 1)}, pytorch-grad-cam's default; not positive semi-definite in general. */
    SIGMOID(true),
    /** {@code exp(-gamma |x - y|²)}. */
    RBF(true),
    /** {@code x·y}: then KPCA-CAM's projection is Eigen-CAM's, up to the sign rule. */
    LINEAR(false),
    /** {@code (gamma x·y + 1)³}. */
    POLY(true),
    /** {@code x·y / (|x| |y|)}, 0 for a cell at the channels' mean (scikit-learn's {@code normalize} leaves it 0). */
    COSINE(false);

    private final boolean takesGamma;

    KpcaKernel(boolean takesGamma) {
        this.takesGamma = takesGamma;
    }

    /** @return whether the kernel has a {@code gamma} (scikit-learn ignores one given to the others) */
    public boolean takesGamma() {
        return takesGamma;
    }

    /** @return scikit-learn's name for it: {@code "sigmoid"}, {@code "rbf"}, ... */
    public String sklearnName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the kernels' names as {@link #of} reads them, in order: "sigmoid, rbf, linear, poly, cosine" */
    public static String names() {
        return java.util.Arrays.stream(values()).map(KpcaKernel::sklearnName)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /**
     * @param name scikit-learn's name, any case
     * @return the kernel
     * @throws IllegalArgumentException naming the choices when it is none of them
     */
    public static KpcaKernel of(String name) {
        for (KpcaKernel k : values()) {
            if (k.sklearnName().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("kernel '" + name + "' is not one of " + names());
    }
}
