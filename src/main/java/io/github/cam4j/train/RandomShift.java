package io.github.cam4j.train;

import java.util.Arrays;
import java.util.Random;

/**
 * Random translation of the training pictures: each picture moves by a whole number of pixels, drawn uniformly from
 * {@code -pixels..pixels} across and down, a new draw for each picture at each step, and what moves in is 0 (the
 * background of light-on-dark digits). Keras' {@code RandomTranslation} with {@code fill_mode="constant"} and
 * {@code interpolation="nearest"} does much the same, but draws each shift as a fraction of the size, uniformly over a
 * continuous range, so its whole-pixel shifts are not equally likely.
 *
 * <p>Why a CAM model wants it: max-pooling makes the last feature map's cells {@code 2^pools} pixels apart, and
 * MNIST's digits are centred, so a model trained on them alone sees each digit in one position against the cells. A
 * digit elsewhere on a larger picture falls between the cells in a way the model never saw. Shifting by up to
 * {@code 2^pools - 1} pixels shows it every such position. Measured (README, "Explanation quality"): the pooled model's
 * maps point at the digit and box it better on translated canvases, and it reads digits there as well as centred.
 *
 * @param pixels the largest shift either way; 0 turns it off (the article's training)
 */
public record RandomShift(int pixels) {
    /** No shifting: the article's training. */
    public static final RandomShift OFF = new RandomShift(0);

    /**
     * Checks the range, naming its command-line option.
     *
     * @param pixels the largest shift either way, 0 or more; 0 turns it off
     * @throws IllegalArgumentException naming the option, when {@code pixels} is negative
     */
    public RandomShift {
        if (pixels < 0) {
            throw new IllegalArgumentException("--shift must not be negative, got " + pixels);
        }
    }

    /** @return whether any picture can move */
    public boolean active() {
        return pixels > 0;
    }

    /**
     * Shifts each picture in place.
     *
     * @param images {@code count} single-channel pictures of {@code rows x cols}, row-major
     * @param count pictures
     * @param rows rows of a picture
     * @param cols columns of a picture
     * @param random the draws; seeded by the caller so that a run repeats
     */
    void shift(float[] images, int count, int rows, int cols, Random random) {
        if (!active()) {
            return;
        }
        int size = rows * cols;
        float[] moved = new float[size];
        for (int image = 0; image < count; image++) {
            int across = random.nextInt(2 * pixels + 1) - pixels;
            int down = random.nextInt(2 * pixels + 1) - pixels;
            Arrays.fill(moved, 0f);
            int base = image * size;
            // Row y of the result is row y - down of the picture; columns likewise, clipped to the picture.
            int firstColumn = Math.max(0, across);
            int lastColumn = Math.min(cols, cols + across);
            for (int y = Math.max(0, down); y < Math.min(rows, rows + down); y++) {
                if (lastColumn > firstColumn) {
                    System.arraycopy(images, base + (y - down) * cols + firstColumn - across, moved, y * cols + firstColumn,
                            lastColumn - firstColumn);
                }
            }
            System.arraycopy(moved, 0, images, base, size);
        }
    }
}
