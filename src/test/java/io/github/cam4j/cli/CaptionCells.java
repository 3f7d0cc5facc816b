package io.github.cam4j.cli;

import io.github.cam4j.render.Draw;

/** The size a figure's cells must reach for their captions to be drawn whole, as the --min-side tests compute it. */
final class CaptionCells {
    private CaptionCells() {}

    /**
     * @param step the picture's side (28 for an MNIST digit): cells grow by whole enlargements of it
     * @param captions the captions drawn on one cell
     * @return the first multiple of {@code step} at which a square cell holds every caption whole
     */
    static int firstSideHolding(int step, String... captions) {
        int side = step;
        while (!fitsAll(side, captions)) {
            side += step;
        }
        return side;
    }

    private static boolean fitsAll(int side, String... captions) {
        for (String caption : captions) {
            if (!Draw.labelFits(side, side, caption)) {
                return false;
            }
        }
        return true;
    }
}
