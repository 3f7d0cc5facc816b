package io.github.cam4j.cam;

import java.util.Objects;

/**
 * A pixel attribution method: the map is the gradient of the explained class's logit with respect to the model's
 * input itself, one value per input pixel, not a feature layer's cells placed on the input as the CAM methods' are
 * (tf-explain's {@code VanillaGradients}, {@code GradientsInputs}, {@code SmoothGrad}, {@code IntegratedGradients},
 * tf-keras-vis's {@code Saliency}). Given to {@link CamSession.Builder#optPixelMethod}.
 *
 * <p>With {@code g(x)} the gradient of the class's logit by the input values fed ({@code x}, the picture as cam4j
 * feeds it: framed, inverted, at the model's scale), per pixel over its colour channels {@code c}:
 * <ul>
 *   <li>{@link #saliency()}: {@code max_c |g(x)|} (Simonyan et al. 2014; tf-keras-vis {@code Saliency}, its
 *       default {@code abs} modifier and channel maximum);</li>
 *   <li>{@link #gradientTimesInput()}: {@code sum_c |x g(x)|} (tf-explain {@code GradientsInputs}, its absolute value
 *       summed over the channels);</li>
 *   <li>{@link #smoothGrad}: {@code max_c mean_s |g(x + n_s)|}, {@code n_s} Gaussian noise of deviation
 *       {@code noise x (max(x) - min(x))} (Smilkov et al. 2017, as tf-keras-vis {@code Saliency(smooth_samples,
 *       smooth_noise)} computes it);</li>
 *   <li>{@link #integratedGradients}: {@code sum_c |x mean_i g(i/(n-1) x)|}, {@code i = 0..n-1}, the baseline black
 *       (Sundararajan et al. 2017; tf-explain {@code IntegratedGradients}' path and reduction, times {@code x - 0} as
 *       the paper defines it, which tf-explain leaves out);</li>
 *   <li>{@link #fullGrad()}: FullGrad (Srinivas and Fleuret 2019; pytorch-grad-cam {@code FullGrad}), the scaled
 *       {@code |x g(x)|} of each input channel plus every convolution's and batch norm's scaled {@code |b d y_c / d out|},
 *       channel by channel, resized to the input.</li>
 * </ul>
 * Every map is at least 0; the explained class and the probabilities are the picture's own run's.
 *
 * <pre>{@code
 * try (CamSession saliency = CamSession.builder().setModel(dir)
 *         .optPixelMethod(PixelMethod.saliency()).build()) {
 *     CamResult r = saliency.explain(picture);
 * }
 * }</pre>
 */
public final class PixelMethod {
    /** SmoothGrad's default number of noisy copies: tf-explain's {@code num_samples=5} (tf-keras-vis's 0 turns it off). */
    public static final int DEFAULT_SAMPLES = 5;
    /** SmoothGrad's default noise, a fraction of the picture's value range: tf-keras-vis's {@code smooth_noise=0.20}. */
    public static final double DEFAULT_NOISE = 0.20;
    /**
     * The largest SmoothGrad noise: a standard deviation of the picture's whole value range. Beyond it the copies are
     * more noise than picture and the map stops pointing at the picture's evidence: on 200 translated test digits
     * ({@code cam4j evaluate --limit 200 --also smoothgrad}, pooled model) SmoothGrad's pointing game was 51.5 % at
     * 0.2, 26.5 % at 0.5, 11.0 % at 1 (the centre Gaussian baseline's level), 5.0 % at 2 and 0.5 % at 10, under a
     * uniform random map's 3.5 %.
     */
    public static final double MAX_NOISE = 1.0;
    /** SmoothGrad's default seed. */
    public static final long DEFAULT_SEED = 0;
    /** Integrated Gradients' default number of points on the path: tf-explain's {@code n_steps=10}. */
    public static final int DEFAULT_STEPS = 10;
    /** The most noisy copies or path points a picture may take. */
    public static final int MAX_SAMPLES = 10_000;

    /** The five methods. */
    public enum Kind {
        /** Vanilla gradients' absolute value. */
        SALIENCY("Saliency", "Saliency"),
        /** Gradient times input. */
        GRADIENT_X_INPUT("Gradient x input", "Grad*In"),
        /** SmoothGrad. */
        SMOOTHGRAD("SmoothGrad", "SmoothGrad"),
        /** Integrated Gradients. */
        INTEGRATED_GRADIENTS("Integrated Gradients", "IntGrad"),
        /** FullGrad: the input's and every bias layer's gradient terms. */
        FULLGRAD("FullGrad", "FullGrad");

        private final String title;
        private final String shortTitle;

        Kind(String title, String shortTitle) {
            this.title = title;
            this.shortTitle = shortTitle;
        }
    }

    private final Kind kind;
    private final int samples;
    private final double noise;
    private final long seed;

    private PixelMethod(Kind kind, int samples, double noise, long seed) {
        this.kind = kind;
        this.samples = samples;
        this.noise = noise;
        this.seed = seed;
    }

    /** @return vanilla gradients' saliency, {@code max_c |d y_c / d x|}: one gradient run per picture and class */
    public static PixelMethod saliency() {
        return new PixelMethod(Kind.SALIENCY, 1, 0, 0);
    }

    /** @return gradient x input, {@code sum_c |x d y_c / d x|}: one gradient run per picture and class */
    public static PixelMethod gradientTimesInput() {
        return new PixelMethod(Kind.GRADIENT_X_INPUT, 1, 0, 0);
    }

    /**
     * @param samples noisy copies per picture and class, 1 to {@value #MAX_SAMPLES} ({@link #DEFAULT_SAMPLES})
     * @param noise the noise's standard deviation as a fraction of the picture's value range ({@code max - min} of its
     *     fed values), 0 to {@value #MAX_NOISE} ({@link #DEFAULT_NOISE}); 0 gives saliency's map
     * @param seed the noise's seed: {@code java.util.Random(seed).nextGaussian()} draws, copy by copy, pixel by pixel,
     *     channel by channel, the same draws for every picture and class, so that a picture's map does not depend on the
     *     others in its batch
     * @return SmoothGrad
     * @throws IllegalArgumentException when {@code samples} or {@code noise} is out of range
     */
    public static PixelMethod smoothGrad(int samples, double noise, long seed) {
        if (samples < 1 || samples > MAX_SAMPLES) {
            throw new IllegalArgumentException("SmoothGrad's samples must be in 1.." + MAX_SAMPLES + ", got " + samples);
        }
        if (!(noise >= 0 && noise <= MAX_NOISE)) {
            throw new IllegalArgumentException("SmoothGrad's noise must be a fraction of the picture's range from 0 to "
                    + MAX_NOISE + " (more noise than the picture's whole range drowns it), got " + noise);
        }
        return new PixelMethod(Kind.SMOOTHGRAD, samples, noise, seed);
    }

    /**
     * @param steps points on the straight path from black to the picture, both ends included, 2 to
     *     {@value #MAX_SAMPLES} ({@link #DEFAULT_STEPS})
     * @return Integrated Gradients
     * @throws IllegalArgumentException when {@code steps} is out of range
     */
    public static PixelMethod integratedGradients(int steps) {
        if (steps < 2 || steps > MAX_SAMPLES) {
            throw new IllegalArgumentException("Integrated Gradients' steps must be in 2.." + MAX_SAMPLES
                    + " (the path's two ends at least), got " + steps);
        }
        return new PixelMethod(Kind.INTEGRATED_GRADIENTS, steps, 0, 0);
    }

    /**
     * FullGrad (Srinivas and Fleuret 2019, as pytorch-grad-cam's {@code FullGrad} computes it): {@code |x g(x)|} per
     * input channel, and for every convolution's and batch norm's bias {@code b} (a batch norm's is
     * {@code beta - mean gamma / sqrt(var + eps)}) {@code |b d y_c / d out|} per channel of the layer's output, each
     * channel min-max scaled by itself, the layers' resized bilinearly to the input's size, all summed and the sum
     * min-max scaled. It takes every bias layer, no target layer. On a model without biases (cam4j's bundled ones) it is
     * the min-max scaled {@code |x g(x)|}. One gradient run per picture and class, after the run for the logits.
     *
     * @return FullGrad
     */
    public static PixelMethod fullGrad() {
        return new PixelMethod(Kind.FULLGRAD, 1, 0, 0);
    }

    /** @return which of the five */
    public Kind kind() {
        return kind;
    }

    /**
     * @return the model inputs each picture and class is differentiated at: SmoothGrad's noisy copies, Integrated
     *     Gradients' path points, 1 for saliency, gradient x input and FullGrad
     */
    public int samples() {
        return samples;
    }

    /** @return SmoothGrad's noise, a fraction of the picture's value range; 0 for the others */
    public double noise() {
        return noise;
    }

    /** @return SmoothGrad's seed; 0 for the others */
    public long seed() {
        return seed;
    }

    /** @return the name reports and captions show ("SmoothGrad") */
    public String title() {
        return kind.title;
    }

    /** @return a title short enough for a 168x168 overlay's caption ("Grad*In", "IntGrad") */
    public String shortTitle() {
        return kind.shortTitle;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PixelMethod m && m.kind == kind && m.samples == samples
                && Double.compare(m.noise, noise) == 0 && m.seed == seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, samples, noise, seed);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case SMOOTHGRAD -> "SmoothGrad(samples " + samples + ", noise " + noise + ", seed " + seed + ")";
            case INTEGRATED_GRADIENTS -> "Integrated Gradients(" + samples + " steps)";
            default -> title();
        };
    }
}
