package io.github.cam4j.cam;

/**
 * torch-cam's two forms of Score-CAM that run each channel's masked picture several times and weigh the channels by the
 * class's mean logit over those runs, softmax-ed over the channels ({@code torchcam/methods/activation.py}, read at
 * frgfm/torch-cam f44afef). Both make their masks as torch-cam's {@code ScoreCAM} does: each channel min-max
 * normalised over its own cells ({@code (A - min) / (max - min + 1e-8)}), then upsampled to the picture (as cam4j
 * places cells; torch-cam's {@code F.interpolate(..., align_corners=False)} is the same half-pixel rule wherever a
 * cell's centre lies where that rule puts it), then multiplied into the picture.
 *
 * <ul>
 *   <li>SS-CAM (Wang et al. 2020, "SS-CAM: Smoothed Score-CAM", torch-cam's {@code SSCAM}): each of {@code samples}
 *       rounds adds Gaussian noise of standard deviation {@code std} to every upsampled mask, pixel by pixel, before it
 *       multiplies the picture. The noise is {@code java.util.Random(seed).nextGaussian() * std}, one generator per
 *       picture, drawn round by round, channel by channel, row by row over the picture: the same picture gives the
 *       same map whatever its batch (torch-cam draws from torch's global generator).</li>
 *   <li>IS-CAM (Naidu et al. 2020, "IS-CAM: Integrated Score-CAM", torch-cam's {@code ISCAM}): round {@code s} of
 *       {@code samples} (1-based) feeds the masked picture times {@code sum_{j=1..s} j / samples}, torch-cam's running
 *       sum of the coefficients, which passes 1 at the fourth of 10 rounds and ends at {@code (samples + 1) / 2}.</li>
 * </ul>
 *
 * <p>Given to {@link CamSession.Builder#optScoreCamVariant}. Both cost {@code samples} times Score-CAM's model runs.
 *
 * @param integrated true for IS-CAM, false for SS-CAM
 * @param samples SS-CAM's noisy rounds, IS-CAM's integration steps; 1 to {@value #MAX_SAMPLES}
 * @param std SS-CAM's noise standard deviation, in the mask's units (a mask runs from 0 to 1); 0 for IS-CAM
 * @param seed SS-CAM's noise seed; 0 for IS-CAM
 */
public record ScoreCamVariant(boolean integrated, int samples, double std, long seed) {
    /** torch-cam's {@code SSCAM(num_samples=35)}. */
    public static final int DEFAULT_SS_SAMPLES = 35;
    /** torch-cam's {@code SSCAM(std=2.0)}. */
    public static final double DEFAULT_SS_STD = 2.0;
    /** torch-cam's {@code ISCAM(num_samples=10)}. */
    public static final int DEFAULT_IS_STEPS = 10;
    /**
     * The most rounds or steps: about 30 and 100 times torch-cam's defaults. Each runs the model once per feature
     * channel, so 2^31 had run for years without a word; fewer than SmoothGrad's ({@link PixelMethod#MAX_SAMPLES}),
     * whose copies cost one run each: 100 IS-CAM steps of a digit on the pooled model (128 channels) take about 5 s.
     */
    public static final int MAX_SAMPLES = 1_000;
    /** The default seed of SS-CAM's noise. */
    public static final long DEFAULT_SEED = 0;

    /**
     * @param integrated true for IS-CAM, false for SS-CAM
     * @param samples rounds, 1 to {@value #MAX_SAMPLES}
     * @param std SS-CAM's noise deviation, finite and positive; 0 for IS-CAM
     * @param seed SS-CAM's noise seed; 0 for IS-CAM
     * @throws IllegalArgumentException for fewer than 1 sample or more than {@value #MAX_SAMPLES}, SS-CAM's standard deviation not finite and positive
     *     (torch's {@code Normal} refuses 0 too), or IS-CAM given a deviation or a seed
     */
    public ScoreCamVariant {
        String title = integrated ? "IS-CAM" : "SS-CAM";
        if (samples < 1) {
            throw new IllegalArgumentException(title + " needs at least 1 " + (integrated ? "step" : "sample") + ", got "
                    + samples);
        }
        if (samples > MAX_SAMPLES) {
            throw new IllegalArgumentException(title + " takes at most " + MAX_SAMPLES + " "
                    + (integrated ? "steps" : "samples") + ", got " + samples);
        }
        if (!integrated && !(Double.isFinite(std) && std > 0)) {
            throw new IllegalArgumentException("SS-CAM's noise standard deviation must be finite and positive, got " + std);
        }
        if (integrated && (std != 0 || seed != 0)) {
            throw new IllegalArgumentException("IS-CAM adds no noise: its std and seed are 0, got " + std + " and " + seed);
        }
    }

    /**
     * @param samples noisy rounds, 1 to {@value #MAX_SAMPLES} ({@link #DEFAULT_SS_SAMPLES})
     * @param std the noise's standard deviation, finite and positive ({@link #DEFAULT_SS_STD})
     * @param seed the noise's seed ({@link #DEFAULT_SEED})
     * @return SS-CAM
     */
    public static ScoreCamVariant ssCam(int samples, double std, long seed) {
        return new ScoreCamVariant(false, samples, std, seed);
    }

    /** @return SS-CAM with torch-cam's defaults: 35 samples, std 2, seed 0 */
    public static ScoreCamVariant ssCam() {
        return ssCam(DEFAULT_SS_SAMPLES, DEFAULT_SS_STD, DEFAULT_SEED);
    }

    /**
     * @param steps integration steps, 1 to {@value #MAX_SAMPLES} ({@link #DEFAULT_IS_STEPS})
     * @return IS-CAM
     */
    public static ScoreCamVariant isCam(int steps) {
        return new ScoreCamVariant(true, steps, 0, 0);
    }

    /** @return IS-CAM with torch-cam's default of 10 steps */
    public static ScoreCamVariant isCam() {
        return isCam(DEFAULT_IS_STEPS);
    }

    /** @return "SS-CAM" or "IS-CAM" */
    public String title() {
        return integrated ? "IS-CAM" : "SS-CAM";
    }

    /**
     * @param round a round, 0-based
     * @return what IS-CAM multiplies the masked picture by in that round, torch-cam's {@code coeff} after
     *     {@code coeff += (sidx + 1) / num_samples} (summed in double, as Python does); 1 for SS-CAM
     */
    double coefficient(int round) {
        if (!integrated) {
            return 1;
        }
        double coeff = 0;
        for (int s = 0; s <= round; s++) {
            coeff += (s + 1) / (double) samples;
        }
        return coeff;
    }

    @Override
    public String toString() {
        return integrated ? "IS-CAM(steps " + samples + ")" : "SS-CAM(samples " + samples + ", std " + std + ", seed "
                + seed + ")";
    }
}
