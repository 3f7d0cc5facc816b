package io.github.cam4j.video;

import io.github.cam4j.cam.CamResult;
import io.github.cam4j.render.Box;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.Placement;
import io.github.cam4j.savedmodel.ClassifierActivation;
import io.github.cam4j.savedmodel.ClassifierWeights;
import java.util.List;
import java.util.Optional;

/**
 * The model's prediction for every window of {@code cellsHigh x cellsWide} feature cells at once: the window's logit
 * for class {@code c} is the mean of {@code c}'s raw class map over the window plus {@code c}'s bias, which is what
 * the classifier computes for an input whose features are those cells (CAM's identity, Zhou et al. 2016, eq. 1-2).
 * Summed-area tables make each window cost one subtraction per class.
 */
final class WindowPrediction {
    private WindowPrediction() {}

    /**
     * The chosen window.
     *
     * @param classIndex its class
     * @param probability the probability of that class for the window
     * @param cellY top cell row
     * @param cellX left cell column
     * @param cellsHigh window height in cells
     * @param cellsWide window width in cells
     */
    record Choice(int classIndex, float probability, int cellY, int cellX, int cellsHigh, int cellsWide) {}

    /**
     * @param maps one result per class (raw maps of one image, all classes)
     * @param weights the classifier (for its bias)
     * @param activation softmax or sigmoid, as the model's head
     * @param cellsHigh window height in cells
     * @param cellsWide window width in cells
     * @param onlyClass a class to score windows by, or -1 to score each window by its most probable class
     * @return the window of highest probability (the first in raster order on a tie); empty when the map is smaller
     *     than a window or some class's map is missing
     */
    static Optional<Choice> best(List<CamResult> maps, ClassifierWeights weights, ClassifierActivation activation,
            int cellsHigh, int cellsWide, int onlyClass) {
        int classes = weights.classes();
        FloatMap[] raw = new FloatMap[classes];
        for (CamResult r : maps) {
            raw[r.classIndex()] = r.rawMap();
        }
        for (FloatMap m : raw) {
            if (m == null) {
                return Optional.empty();
            }
        }
        int fh = raw[0].height();
        int fw = raw[0].width();
        if (cellsHigh < 1 || cellsWide < 1 || fh < cellsHigh || fw < cellsWide) {
            return Optional.empty();
        }
        double[][] sums = new double[classes][];
        for (int c = 0; c < classes; c++) {
            sums[c] = summedArea(raw[c]);
        }
        double cells = (double) cellsHigh * cellsWide;
        float[] logits = new float[classes];
        Choice best = null;
        for (int y = 0; y + cellsHigh <= fh; y++) {
            for (int x = 0; x + cellsWide <= fw; x++) {
                for (int c = 0; c < classes; c++) {
                    double[] s = sums[c];
                    int w = fw + 1;
                    double total = s[(y + cellsHigh) * w + x + cellsWide] - s[y * w + x + cellsWide]
                            - s[(y + cellsHigh) * w + x] + s[y * w + x];
                    logits[c] = (float) (total / cells + weights.bias(c));
                }
                float[] p = activation.apply(logits);
                int k = onlyClass >= 0 ? onlyClass : argMax(p);
                if (best == null || p[k] > best.probability()) {
                    best = new Choice(k, p[k], y, x, cellsHigh, cellsWide);
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** @return the summed-area table, {@code (h + 1) x (w + 1)}, row 0 and column 0 zero */
    static double[] summedArea(FloatMap m) {
        int h = m.height();
        int w = m.width();
        float[] v = m.values();
        double[] s = new double[(h + 1) * (w + 1)];
        for (int y = 0; y < h; y++) {
            double row = 0;
            for (int x = 0; x < w; x++) {
                row += v[y * w + x];
                s[(y + 1) * (w + 1) + x + 1] = s[y * (w + 1) + x + 1] + row;
            }
        }
        return s;
    }

    private static int argMax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    /** @return the cells' span of a window, in frame pixels, clipped to the region */
    static Box windowBox(Choice w, Placement inRegion, Box region) {
        double top = inRegion.offsetY() + inRegion.strideY() * (w.cellY() - 0.5);
        double left = inRegion.offsetX() + inRegion.strideX() * (w.cellX() - 0.5);
        int y0 = (int) Math.max(0, Math.round(top));
        int x0 = (int) Math.max(0, Math.round(left));
        int y1 = (int) Math.min(region.height(), Math.round(top + inRegion.strideY() * w.cellsHigh()));
        int x1 = (int) Math.min(region.width(), Math.round(left + inRegion.strideX() * w.cellsWide()));
        return new Box(region.x() + x0, region.y() + y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
    }
}
