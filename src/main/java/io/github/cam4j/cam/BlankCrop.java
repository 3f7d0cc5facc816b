package io.github.cam4j.cam;

import io.github.cam4j.savedmodel.LocalFeatures;
import java.util.Optional;

/**
 * The part of one picture worth feeding to a model whose features are {@link LocalFeatures local and zero on blank
 * input}: the box around its non-zero pixels, widened by the features' reach and aligned to their cells. Everything
 * outside gives exactly zero features, so running the model on the crop and filling the rest of the feature grid
 * with zeros gives the whole picture's maps. The logits need one correction: global average pooling divided the
 * crop's sum by the crop's cells, and the whole picture has more.
 *
 * <p>What this buys: a 640x480 video frame showing one digit on a dark background costs the model a digit's worth of
 * work instead of the frame's.
 *
 * @param top first input row fed
 * @param left first input column fed
 * @param height input rows fed
 * @param width input columns fed
 * @param cellTop the crop's first feature row in the whole picture's grid
 * @param cellLeft its first feature column
 * @param cellsHigh feature rows of the crop
 * @param cellsWide feature columns of the crop
 * @param wholeCellsHigh feature rows of the whole picture
 * @param wholeCellsWide feature columns of the whole picture
 */
record BlankCrop(int top, int left, int height, int width, int cellTop, int cellLeft, int cellsHigh, int cellsWide,
        int wholeCellsHigh, int wholeCellsWide) {

    /** Crops larger than this share of the picture are not worth a copy: the picture is fed whole. */
    static final double MAX_SHARE = 0.5;

    /**
     * @param pixels one picture, {@code height * width * channels} values in the model's input scale
     * @param height its rows
     * @param width its columns
     * @param channels values per pixel
     * @param features the model's feature geometry
     * @return the crop, or empty when the picture is blank everywhere (nothing to crop to) or its content spreads
     *     over more than {@link #MAX_SHARE} of it
     */
    static Optional<BlankCrop> find(float[] pixels, int height, int width, int channels, LocalFeatures features) {
        int top = height;
        int bottom = -1;
        int left = width;
        int right = -1;
        int rowLength = width * channels;
        for (int y = 0; y < height; y++) {
            int base = y * rowLength;
            int first = -1;
            int last = -1;
            for (int i = 0; i < rowLength; i++) {
                if (pixels[base + i] != 0f) {
                    first = i;
                    break;
                }
            }
            if (first < 0) {
                continue;
            }
            for (int i = rowLength - 1; i >= first; i--) {
                if (pixels[base + i] != 0f) {
                    last = i;
                    break;
                }
            }
            top = Math.min(top, y);
            bottom = y;
            left = Math.min(left, first / channels);
            right = Math.max(right, last / channels);
        }
        if (bottom < 0) {
            return Optional.empty();
        }
        int s = features.stride();
        int m = features.margin();
        int y0 = Math.max(0, Math.floorDiv(top - m, s) * s);
        int x0 = Math.max(0, Math.floorDiv(left - m, s) * s);
        int y1 = Math.min(height, Math.floorDiv(bottom + m + s, s) * s);
        int x1 = Math.min(width, Math.floorDiv(right + m + s, s) * s);
        int cellsHigh = features.cells(y1 - y0);
        int cellsWide = features.cells(x1 - x0);
        if ((double) (y1 - y0) * (x1 - x0) > MAX_SHARE * height * width || cellsHigh < 1 || cellsWide < 1) {
            return Optional.empty();
        }
        return Optional.of(new BlankCrop(y0, x0, y1 - y0, x1 - x0, y0 / s, x0 / s, cellsHigh, cellsWide,
                features.cells(height), features.cells(width)));
    }

    /** @return the crop's pixels, {@code height * width * channels} values */
    float[] cut(float[] pixels, int pictureWidth, int channels) {
        float[] out = new float[height * width * channels];
        int rowLength = width * channels;
        for (int y = 0; y < height; y++) {
            System.arraycopy(pixels, ((top + y) * pictureWidth + left) * channels, out, y * rowLength, rowLength);
        }
        return out;
    }

    /** @return a map of the crop's cells placed in the whole picture's grid, zero elsewhere */
    float[] embed(float[] cropMap) {
        float[] whole = new float[wholeCellsHigh * wholeCellsWide];
        for (int y = 0; y < cellsHigh; y++) {
            System.arraycopy(cropMap, y * cellsWide, whole, (cellTop + y) * wholeCellsWide + cellLeft, cellsWide);
        }
        return whole;
    }

    /**
     * @param cropLogits what the model computed for the crop: mean of the crop's cells · kernel + bias
     * @param bias the classifier's bias
     * @return the whole picture's logits: the same sum over a larger grid of cells, the others being zero
     */
    float[] wholeLogits(float[] cropLogits, float[] bias) {
        double share = (double) cellsHigh * cellsWide / ((double) wholeCellsHigh * wholeCellsWide);
        float[] out = new float[cropLogits.length];
        for (int c = 0; c < out.length; c++) {
            out[c] = (float) ((cropLogits[c] - bias[c]) * share + bias[c]);
        }
        return out;
    }
}
