package io.github.cam4j.eval;

import io.github.cam4j.render.FloatMap;
import java.util.SplittableRandom;

/**
 * Maps that know nothing about the image, to show what a score is worth: a Gaussian peaked at the canvas's centre
 * (a prior that objects sit in the middle) and seeded uniform noise. The third baseline, the same architecture with
 * randomised weights, is a model and lives in {@link RandomizedModel}.
 *
 * <pre>{@code
 * FloatMap centre = Baselines.centre(84, Baselines.centreSigma(28));
 * FloatMap noise = Baselines.uniformRandom(84, 42, digitIndex);
 * }</pre>
 */
public final class Baselines {
    /** {@code sqrt(2 ln 5)}: a Gaussian falls to 20 % of its peak at this many sigmas. */
    static final double TWENTY_PERCENT_RADIUS = Math.sqrt(2 * Math.log(5));

    private Baselines() {}

    /**
     * The sigma that gives the centre baseline its best chance under the paper's box rule: its 20 %-of-max box is a
     * square of the digits' side, {@code sigma = digitSide / (2 sqrt(2 ln 5))} (7.8 px for 28-px MNIST digits).
     *
     * @param digitSide the pasted digits' side
     * @return sigma in pixels
     */
    public static double centreSigma(int digitSide) {
        return digitSide / (2 * TWENTY_PERCENT_RADIUS);
    }

    /**
     * @param size the canvas side
     * @param sigma the Gaussian's standard deviation in pixels
     * @return {@code exp(-r^2 / 2 sigma^2)} around the centre {@code ((size - 1) / 2, (size - 1) / 2)}; max 1
     *     (on an even side the four middle pixels tie, and argmax picks the top-left one of them)
     */
    public static FloatMap centre(int size, double sigma) {
        float[] v = new float[size * size];
        double c = (size - 1) / 2.0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double r2 = (y - c) * (y - c) + (x - c) * (x - c);
                v[y * size + x] = (float) Math.exp(-r2 / (2 * sigma * sigma));
            }
        }
        return new FloatMap(size, size, v);
    }

    /**
     * @param size the canvas side
     * @param seed the run's seed
     * @param digitIndex the canvas's digit, so each canvas gets its own noise, the same on every run
     * @return independent uniform values in [0, 1) per pixel
     */
    public static FloatMap uniformRandom(int size, long seed, int digitIndex) {
        SplittableRandom rng = new SplittableRandom(seed * 0xD1B54A32D192ED03L + digitIndex);
        float[] v = new float[size * size];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextDouble();
        }
        return new FloatMap(size, size, v);
    }
}
