package io.github.cam4j.eval;

import io.github.cam4j.data.LabeledImages;
import java.util.Locale;
import java.util.Optional;

/**
 * The evaluated digits without ink, whose canvases have an empty truth box. A canvas's truth box is its digit's ink
 * ({@link CanvasGenerator#INK_THRESHOLD}); a digit without ink leaves it empty, and no map can hit an empty box, so its
 * plain and cluttered canvases are misses for CAM and every baseline alike. A dataset of such pictures (blank ones, or
 * dark ink on white read as the wrong polarity's background) gave localisation figures of 0 % measured on nothing,
 * without a word.
 */
public final class EmptyTruthBoxes {
    private EmptyTruthBoxes() {}

    /**
     * @param test the test split
     * @param selection the indices of the digits evaluated
     * @return how many of them have no pixel above {@link CanvasGenerator#INK_THRESHOLD}
     */
    public static int count(LabeledImages test, int[] selection) {
        int empty = 0;
        for (int i : selection) {
            empty += hasInk(test, i) ? 0 : 1;
        }
        return empty;
    }

    private static boolean hasInk(LabeledImages test, int index) {
        for (int r = 0; r < test.rows(); r++) {
            for (int c = 0; c < test.cols(); c++) {
                if (test.pixel(index, r, c) > CanvasGenerator.INK_THRESHOLD) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @param empty the digits without ink ({@link #count})
     * @param digits the digits evaluated
     * @param data the dataset folder, as the report names it
     * @return the warning, one sentence without its final stop; empty when every digit has ink
     */
    public static Optional<String> warning(int empty, int digits, String data) {
        if (empty == 0) {
            return Optional.empty();
        }
        boolean one = empty == 1;
        String which = empty == digits ? one ? "the one digit evaluated" : String.format(Locale.ROOT,
                "all %d digits evaluated", digits) : String.format(Locale.ROOT, "%d of the %d digits evaluated", empty,
                        digits);
        String canvases = one ? "its plain and cluttered canvases" : String.format(Locale.ROOT,
                "their %d plain and %d cluttered canvases", empty, empty);
        return Optional.of(String.format(Locale.ROOT, "%s from %s %s no ink (no pixel above %d), so %s have an empty"
                + " truth box, which no map can hit: localisation (pointing, IoU) counts them as misses for every method"
                + " and baseline alike%s", which, data, one ? "has" : "have", CanvasGenerator.INK_THRESHOLD, canvases,
                empty == digits ? ", so the localisation figures are measured on nothing (are the pictures blank?)"
                        : empty * 2 > digits ? ", most of the canvases: the localisation figures say little" : ""));
    }
}
