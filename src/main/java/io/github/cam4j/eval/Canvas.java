package io.github.cam4j.eval;

import io.github.cam4j.render.Box;

/**
 * One test digit pasted onto a larger black canvas: what the localisation and faithfulness measures look at.
 *
 * @param digitIndex the digit's index in its dataset split
 * @param label its class
 * @param size the canvas's side in pixels (canvases are square)
 * @param pixels {@code size * size} grey values, 0..255, row-major, light digit on black (MNIST's polarity)
 * @param truth the digit's ink box: every pixel of the pasted digit above {@link CanvasGenerator#INK_THRESHOLD}
 *     (clutter excluded)
 * @param cluttered whether fragments of other digits were added around it
 */
public record Canvas(int digitIndex, int label, int size, float[] pixels, Box truth, boolean cluttered) {

    /**
     * Checks the pixel count.
     *
     * @param digitIndex the digit's index in its dataset split
     * @param label its class, 0..9 for MNIST
     * @param size the canvas's side in pixels (canvases are square)
     * @param pixels {@code size * size} grey values, 0..255, row-major, light digit on black; kept, not copied
     * @param truth the digit's ink box in canvas pixels (clutter excluded)
     * @param cluttered whether fragments of other digits were added around it
     * @throws IllegalArgumentException when {@code pixels} does not hold {@code size * size} values
     */
    public Canvas {
        if (pixels.length != size * size) {
            throw new IllegalArgumentException("a " + size + "x" + size + " canvas needs " + size * size + " pixels, got "
                    + pixels.length);
        }
    }
}
