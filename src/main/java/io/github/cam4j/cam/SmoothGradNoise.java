package io.github.cam4j.cam;

/**
 * The noise of Smooth Grad-CAM++ ({@link io.github.cam4j.savedmodel.GradientWeighting#SMOOTH_GRAD_CAM_PLUS_PLUS}):
 * how many noisy copies of a picture are run and how noisy they are, as torch-cam's
 * {@code SmoothGradCAMpp(num_samples=4, std=0.3)} takes it. The noise is added to the picture as fed to the model (in
 * the model input's units: the bundled models take pixels in [0, 1]), each value
 * {@code (float) (java.util.Random(seed).nextGaussian() * std)}, one generator per picture drawn copy by copy, row by
 * row, channel innermost (torch-cam draws from torch's global generator): a picture gets the same map whatever its
 * batch. Given to {@link CamSession.Builder#optSmoothGradNoise}.
 *
 * @param samples noisy copies, 1 to {@value #MAX_SAMPLES}
 * @param std the noise's standard deviation, finite and positive (torch's {@code Normal} refuses 0)
 * @param seed the noise's seed
 */
public record SmoothGradNoise(int samples, double std, long seed) {
    /** torch-cam's {@code num_samples=4}. */
    public static final int DEFAULT_SAMPLES = 4;
    /** torch-cam's {@code std=0.3}. */
    public static final double DEFAULT_STD = 0.3;
    /** The default seed. */
    public static final long DEFAULT_SEED = 0;
    /**
     * The most noisy copies a picture may take, as many as SmoothGrad's ({@link PixelMethod#MAX_SAMPLES}): 2^31 had run
     * for years without a word (1 000 take about 3 s for a digit on the pooled model).
     */
    public static final int MAX_SAMPLES = PixelMethod.MAX_SAMPLES;
    /** torch-cam's defaults, seed 0. */
    public static final SmoothGradNoise DEFAULT = new SmoothGradNoise(DEFAULT_SAMPLES, DEFAULT_STD, DEFAULT_SEED);

    /**
     * @param samples noisy copies, 1 to {@value #MAX_SAMPLES}
     * @param std the noise's standard deviation, finite and positive
     * @param seed the noise's seed
     * @throws IllegalArgumentException for fewer than 1 sample or more than {@value #MAX_SAMPLES}, or a deviation that
     *     is not finite and positive
     */
    public SmoothGradNoise {
        if (samples < 1) {
            throw new IllegalArgumentException("Smooth Grad-CAM++ needs at least 1 noisy sample, got " + samples);
        }
        if (samples > MAX_SAMPLES) {
            throw new IllegalArgumentException("Smooth Grad-CAM++ takes at most " + MAX_SAMPLES + " noisy samples, got "
                    + samples);
        }
        if (!(Double.isFinite(std) && std > 0)) {
            throw new IllegalArgumentException("Smooth Grad-CAM++'s noise standard deviation must be finite and positive,"
                    + " got " + std);
        }
    }

    /**
     * Says when the noise drowns the pictures a model is fed: a deviation above its input's whole range (its widest
     * channel's, {@code 255 × |pixelScale| / std}). The deviation is in the model input's units, so the bound is too:
     * 1 for the bundled models' pixels in [0, 1], 255 for a model fed raw pixels, about 4.4 for ImageNet's
     * standardisation, for which torch-cam's default of 0.3 was chosen. On the bundled pooled model (32 test digits,
     * {@code cam4j compare --methods gradcam++,smoothgradcam++}) the maps' mean Spearman correlation with Grad-CAM++'s
     * was 0.93 at 0.1, 0.51 at 0.3, -0.02 at 1 and -0.22 at 10, no peak in the same place from 1 on.
     *
     * @param input what the model is fed
     * @param model the model, as the refusal names it
     * @return the refusal of this noise on it, naming the model (the value said as given: {@link
     *     SettingBeyondModelException#problem(String)} says it as a caller does), or null when it is not too loud
     */
    SettingBeyondModelException tooLoudFor(io.github.cam4j.savedmodel.InputSpec input, String model) {
        double range = 255.0 * Math.abs(input.pixelScale());
        if (input.standardization() != null) {
            float narrowest = Float.MAX_VALUE;
            for (float s : input.standardization().std()) {
                narrowest = Math.min(narrowest, Math.abs(s));
            }
            range /= narrowest;
        }
        if (std <= range) {
            return null;
        }
        String fed = "model " + model + " is fed pixels 0..255 as " + (float) input.pixelOffset() + ".."
                + (float) (255.0 * input.pixelScale() + input.pixelOffset()) + (input.standardization() == null ? ""
                        : ", then standardised") + ", a range of " + (float) range;
        float bound = (float) range;
        SettingBeyondModelException.Wording drowned = said -> fed + "; a noise standard deviation of " + said
                + " drowns that: the noisy copies are more noise than picture, and the map stops being about the"
                + " picture; give at most " + bound;
        String given = String.valueOf(std);
        return new SettingBeyondModelException(SettingBeyondModelException.Setting.SMOOTH_GRAD_NOISE, given,
                v -> ": " + drowned.say(v), "optSmoothGradNoise (--sgcampp-std): " + drowned.say(given));
    }
}
