package io.github.cam4j.cam;

import java.util.Objects;

/**
 * A method whose map comes from one picture's features alone, with no class, classifier kernel, gradient or extra
 * model run (pytorch-grad-cam's methods that take no gradient, and its RandomCAM baseline): every class of a picture
 * gets the same map, and the probabilities still say which class it is. Given to
 * {@link CamSession.Builder#optFeatureMethod}.
 *
 * <pre>{@code
 * try (CamSession fem = CamSession.builder().setModel(dir)
 *         .optLoadOptions(LoadOptions.defaults().withGradCam())   // finds the features of any convolutional model
 *         .optFeatureMethod(FeatureMethod.fem(FeatureMethod.DEFAULT_FEM_K)).build()) {
 *     CamResult r = fem.explain(picture);
 * }
 * }</pre>
 */
public final class FeatureMethod {
    /** FEM's default {@code k}, pytorch-grad-cam's: a cell counts when above its channel's mean plus 2 deviations. */
    public static final double DEFAULT_FEM_K = 2;
    /** RandomCAM's default seed. */
    public static final long DEFAULT_RANDOM_SEED = 0;

    private enum Kind { EIGEN_CAM, FEM, KPCA_CAM, RANDOM_CAM }

    private final Kind kind;
    private final double k;
    private final KpcaKernel kernel;
    /** KPCA-CAM's gamma; NaN for scikit-learn's default, 1 / channels. */
    private final double gamma;
    private final long seed;

    private FeatureMethod(Kind kind, double k, KpcaKernel kernel, double gamma, long seed) {
        this.kind = kind;
        this.k = k;
        this.kernel = kernel;
        this.gamma = gamma;
        this.seed = seed;
    }

    /** @return Eigen-CAM, as {@link CamSession.Builder#optEigenCam} gives it */
    public static FeatureMethod eigenCam() {
        return new FeatureMethod(Kind.EIGEN_CAM, 0, null, Double.NaN, 0);
    }

    /**
     * FEM (Fuad et al. 2020), pytorch-grad-cam's {@code FEM}: each channel weighted by the share of the picture's cells
     * where it exceeds its mean plus {@code k} standard deviations (the population's, over the cells), then
     * {@code ReLU(sum_k w_k A_k)}.
     *
     * @param k the threshold's standard deviations, finite and at least 0 ({@link #DEFAULT_FEM_K})
     * @return the method
     * @throws IllegalArgumentException when {@code k} is negative or not finite
     */
    public static FeatureMethod fem(double k) {
        if (!Double.isFinite(k) || k < 0) {
            throw new IllegalArgumentException("FEM's k must be a finite number of standard deviations, 0 or more, got "
                    + k);
        }
        return new FeatureMethod(Kind.FEM, k, null, Double.NaN, 0);
    }

    /**
     * KPCA-CAM (Karmani et al. 2024), pytorch-grad-cam's {@code KPCA_CAM}: the centred features' first kernel principal
     * component, as scikit-learn's {@code KernelPCA(n_components=1)} finds it, with gamma {@code 1 / channels}, signed
     * as Eigen-CAM is, then ReLU.
     *
     * @param kernel the kernel (pytorch-grad-cam's default: {@link KpcaKernel#SIGMOID})
     * @return the method
     */
    public static FeatureMethod kpcaCam(KpcaKernel kernel) {
        return new FeatureMethod(Kind.KPCA_CAM, 0, Objects.requireNonNull(kernel, "kernel is null: e.g. SIGMOID"),
                Double.NaN, 0);
    }

    /**
     * @param kernel the kernel, one that {@link KpcaKernel#takesGamma}
     * @param gamma its gamma, finite and positive
     * @return {@link #kpcaCam(KpcaKernel)} with this gamma instead of {@code 1 / channels}
     * @throws IllegalArgumentException when the kernel takes no gamma (scikit-learn would ignore it), or gamma is not
     *     finite and positive
     */
    public static FeatureMethod kpcaCam(KpcaKernel kernel, double gamma) {
        Objects.requireNonNull(kernel, "kernel is null: e.g. SIGMOID");
        if (!kernel.takesGamma()) {
            throw new IllegalArgumentException("the " + kernel.sklearnName() + " kernel takes no gamma (sigmoid, rbf and"
                    + " poly do)");
        }
        if (!Double.isFinite(gamma) || gamma <= 0) {
            throw new IllegalArgumentException("KPCA-CAM's gamma must be finite and positive, got "
                    + io.github.cam4j.DecimalText.shortest(gamma));
        }
        return new FeatureMethod(Kind.KPCA_CAM, 0, kernel, gamma, 0);
    }

    /**
     * RandomCAM, pytorch-grad-cam's baseline: Grad-CAM's shape with channel weights uniform in [-1, 1), here drawn from
     * {@code new java.util.Random(seed)} ({@code nextDouble() * 2 - 1}, channel by channel) so that maps are
     * reproducible: every picture and class gets the same weights.
     *
     * @param seed the weights' seed ({@link #DEFAULT_RANDOM_SEED})
     * @return the method
     */
    public static FeatureMethod randomCam(long seed) {
        return new FeatureMethod(Kind.RANDOM_CAM, 0, null, Double.NaN, seed);
    }

    /** @return the method's name for titles: "Eigen-CAM", "FEM", "KPCA-CAM" or "RandomCAM" */
    public String title() {
        return switch (kind) {
            case EIGEN_CAM -> "Eigen-CAM";
            case FEM -> "FEM";
            case KPCA_CAM -> "KPCA-CAM";
            case RANDOM_CAM -> "RandomCAM";
        };
    }

    /** @return whether this is Eigen-CAM */
    public boolean isEigenCam() {
        return kind == Kind.EIGEN_CAM;
    }

    /**
     * @return whether pytorch-grad-cam's {@code eigen_smooth} changes the method's map ({@link
     *     CamSession.Builder#optEigenSmooth}): RandomCAM's weighted features can be projected; Eigen-CAM and KPCA-CAM
     *     are projections already, and pytorch-grad-cam's FEM ignores it
     */
    public boolean takesEigenSmooth() {
        return whyNotEigenSmoothed().isEmpty();
    }

    /**
     * @return why {@code eigen_smooth} does not apply to the method, for an error that refuses it; empty for RandomCAM,
     *     to which it does
     */
    public java.util.Optional<String> whyNotEigenSmoothed() {
        return java.util.Optional.ofNullable(switch (kind) {
            case EIGEN_CAM -> "Eigen-CAM's map is already the first principal component of the features; smoothing"
                    + " projects another method's weighted features the same way";
            case KPCA_CAM -> "KPCA-CAM's map is already the features' first kernel principal component (pytorch-grad-cam's"
                    + " KPCA_CAM ignores eigen_smooth)";
            case FEM -> "pytorch-grad-cam's FEM ignores eigen_smooth (its get_cam_image sums the weighted features"
                    + " whatever the flag says), so there is no smoothed FEM to reproduce";
            case RANDOM_CAM -> null;
        });
    }

    /**
     * @param features one picture's features, {@code cells * channels} values, row-major (cell by cell)
     * @param eigenSmooth whether the map is smoothed (only where {@link #takesEigenSmooth})
     * @return its map at feature resolution, {@code cells} values, all at least 0
     */
    float[] map(float[] features, int cells, int channels, boolean eigenSmooth) {
        return switch (kind) {
            case EIGEN_CAM -> EigenCam.map(features, cells, channels);
            case FEM -> Fem.map(features, cells, channels, k);
            case KPCA_CAM -> KpcaCam.map(features, cells, channels, kernel,
                    Double.isNaN(gamma) ? 1.0 / channels : gamma);
            case RANDOM_CAM -> RandomCam.map(features, cells, channels, seed, eigenSmooth);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureMethod m && m.kind == kind && Double.compare(m.k, k) == 0 && m.kernel == kernel
                && Double.compare(m.gamma, gamma) == 0 && m.seed == seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, k, kernel, gamma, seed);
    }

    /** @return the method with its settings, e.g. "FEM (k = 2.0)", "KPCA-CAM (sigmoid, gamma = 1 / channels)" */
    @Override
    public String toString() {
        return switch (kind) {
            case EIGEN_CAM -> title();
            case FEM -> title() + " (k = " + k + ")";
            case KPCA_CAM -> title() + " (" + kernel.sklearnName() + (kernel.takesGamma()
                    ? ", gamma = " + (Double.isNaN(gamma) ? "1 / channels" : String.valueOf(gamma)) : "") + ")";
            case RANDOM_CAM -> title() + " (seed " + seed + ")";
        };
    }
}
