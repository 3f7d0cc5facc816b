package io.github.cam4j.train;

import io.github.cam4j.SettingOutOfRangeException;
import java.util.Random;

/**
 * Hide-and-Seek (Singh and Lee, ICCV 2017): during training, each picture is cut into a grid of square patches and
 * every patch is hidden with a given probability, a new draw for each picture at each step. A network that cannot count
 * on the single most telling part of a digit (the loop of a 6, the bar of a 7) should learn to find the class in all of
 * it, so that its class activation map covers more of the object; at test time nothing is hidden. That is the paper's
 * claim, on photographs. On MNIST, measured (README, "Explanation quality"), it moved the maps' peaks off the digits.
 *
 * <p>A hidden patch is set to 0, the background of light-on-dark digits: a hidden part then looks like the blank
 * ground that every test picture has plenty of. (The paper fills with the dataset's mean, so that a natural photo's
 * filters see their usual average; on MNIST a grey square is something no test picture shows. Measured with the mean,
 * the pooled model pointed somewhat better than with 0, and still worse than without hiding.)
 *
 * @param patch the side of a square patch in pixels (the last row and column of patches may be narrower); 0 turns
 *     hiding off
 * @param probability the chance that a patch is hidden, in [0, 1)
 */
public record HideAndSeek(int patch, double probability) {
    /** No hiding: the article's training. */
    public static final HideAndSeek OFF = new HideAndSeek(0, 0);

    /**
     * Checks each argument, naming its command-line option.
     *
     * @param patch the side of a square patch in pixels, 0 or more; 0 turns hiding off
     * @param probability the chance that a patch is hidden, in [0, 1); 0 turns hiding off
     * @throws IllegalArgumentException naming the option, when a value is out of range
     */
    public HideAndSeek {
        if (patch < 0) {
            throw new IllegalArgumentException("--hide-patch must not be negative, got " + patch);
        }
        if (!(probability >= 0 && probability < 1)) {
            throw SettingOutOfRangeException.of("--hide-probability", "must be in [0, 1)", probability);
        }
    }

    /** @return whether any patch can be hidden */
    public boolean active() {
        return patch > 0 && probability > 0;
    }

    /**
     * Hides patches of each picture in place.
     *
     * @param pixels {@code count} single-channel pictures of {@code rows x cols}, row-major
     * @param count pictures
     * @param rows rows of a picture
     * @param cols columns of a picture
     * @param random the draws; seeded by the caller so that a run repeats
     */
    void hide(float[] pixels, int count, int rows, int cols, Random random) {
        if (!active()) {
            return;
        }
        for (int image = 0; image < count; image++) {
            int base = image * rows * cols;
            for (int top = 0; top < rows; top += patch) {
                for (int left = 0; left < cols; left += patch) {
                    if (random.nextDouble() < probability) {
                        clear(pixels, base, cols, top, Math.min(top + patch, rows), left, Math.min(left + patch, cols));
                    }
                }
            }
        }
    }

    private static void clear(float[] pixels, int base, int cols, int top, int bottom, int left, int right) {
        for (int y = top; y < bottom; y++) {
            java.util.Arrays.fill(pixels, base + y * cols + left, base + y * cols + right, 0f);
        }
    }
}
