package io.github.cam4j.testing;

import io.github.cam4j.data.LabeledImages;

/** Pictures for tests: one MNIST digit on an otherwise blank (0) picture of any size, in the 0..1 input scale. */
public final class DigitCanvas {
    private DigitCanvas() {}

    /**
     * @param digits 28x28 digits
     * @param height the picture's rows
     * @param width its columns
     * @param digit which digit
     * @param y the digit's top row
     * @param x its left column
     * @return {@code height x width} values, 0 but for the digit's pixels, divided by 255, with its top left at (y, x)
     */
    public static float[] blankBut(LabeledImages digits, int height, int width, int digit, int y, int x) {
        float[] out = new float[height * width];
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                out[(y + r) * width + x + c] = (digits.pixels()[digit * 784 + r * 28 + c] & 0xFF) / 255f;
            }
        }
        return out;
    }
}
