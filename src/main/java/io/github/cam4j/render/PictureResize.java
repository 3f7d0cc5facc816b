package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;

/**
 * How cam4j brings a picture to a model's input size ({@code ImagePreparer} for images, {@code FramePreparer} for video
 * frames), and which of the picture's pixels each resized pixel is made of: what the part of a picture a model saw must
 * cover ({@code SeenPart}).
 *
 * <p>A picture that shrinks on either axis is averaged (OpenCV's {@code INTER_AREA}: a thin stroke must not fall between
 * samples), one that only grows is interpolated ({@code INTER_LINEAR}). Where no axis grows, an averaged pixel is made
 * of the picture pixels its footprint covers, so a part's edges simply scale. Where one grows, OpenCV interpolates
 * between two pixels per axis, and a resized pixel near the part's edge reads the picture pixel beyond the scaled edge:
 * {@link #reads} follows OpenCV's own arithmetic ({@code cv::hal::resize}, its generic path: the sample's coordinate in
 * single precision, the upper neighbour read when its weight, the coordinate's fraction, is not 0).
 *
 * <pre>{@code
 * int[] rows = PictureResize.reads(14, 14, 28, 28, 0, 4, 23);   // {1, 12}: input rows 4..23 read picture rows 1..12
 * }</pre>
 */
public final class PictureResize {
    private PictureResize() {}

    /**
     * @param fromRows the picture's rows
     * @param fromCols its columns
     * @param toRows the rows it is resized to
     * @param toCols the columns it is resized to
     * @return {@code INTER_AREA} when the picture shrinks on either axis, else {@code INTER_LINEAR}
     */
    public static int interpolation(int fromRows, int fromCols, int toRows, int toCols) {
        return toRows < fromRows || toCols < fromCols ? INTER_AREA : INTER_LINEAR;
    }

    /**
     * @param fromRows the picture's rows
     * @param fromCols its columns
     * @param toRows the rows it is resized to
     * @param toCols the columns it is resized to
     * @return whether the picture grows on either axis: OpenCV then interpolates (with {@code INTER_AREA} too, which it
     *     emulates by interpolation unless no axis grows), and {@link #reads} gives what each resized pixel reads
     */
    public static boolean interpolates(int fromRows, int fromCols, int toRows, int toCols) {
        return toRows > fromRows || toCols > fromCols;
    }

    /**
     * The picture pixels that resized pixels {@code first..last} of one axis are made of with non-zero weight, for a
     * picture resized as {@link #interpolation} says and that grows on some axis ({@link #interpolates}).
     *
     * <p>OpenCV's generic resize samples output pixel {@code o} at {@code c = (o + 0.5) * scale - 0.5}
     * ({@code INTER_LINEAR}), or, for {@code INTER_AREA} emulated, starts at {@code s = floor(o * scale)} with weight
     * {@code f = frac((o + 1) - (s + 1) / scale)} on the next pixel (0 when that is not positive); it reads pixel
     * {@code floor(c)} (or {@code s}) and the next one when the weight on it, the fraction, is not 0, both clamped to
     * the picture. {@code scale} is {@code 1 / (to / from)} in double precision and {@code c} is rounded to a float, as
     * OpenCV takes them. These are the weights of a float picture ({@code ImagePreparer}); an 8-bit one
     * ({@code FramePreparer}) rounds them to 1/2048ths, so a pixel read at a weight under 1/4096 is not read there: the
     * pixels given here may then include one that is not.
     *
     * @param fromRows the picture's rows
     * @param fromCols its columns
     * @param toRows the rows it is resized to
     * @param toCols the columns it is resized to
     * @param axis 0 for rows, 1 for columns
     * @param first the first resized pixel on that axis
     * @param last the last one, at least {@code first}
     * @return {first, last} picture pixel read on that axis (pixels between them are read too)
     * @throws IllegalArgumentException when the picture grows on neither axis, or the pixels are not in the resized
     *     picture
     */
    public static int[] reads(int fromRows, int fromCols, int toRows, int toCols, int axis, int first, int last) {
        if (!interpolates(fromRows, fromCols, toRows, toCols)) {
            throw new IllegalArgumentException("a picture of " + fromRows + "x" + fromCols + " resized to " + toRows + "x"
                    + toCols + " grows on neither axis: it is averaged (or copied), not interpolated");
        }
        int from = axis == 0 ? fromRows : fromCols;
        int to = axis == 0 ? toRows : toCols;
        if (first < 0 || last < first || last >= to) {
            throw new IllegalArgumentException("resized pixels " + first + ".." + last + " are not within 0.." + (to - 1));
        }
        boolean area = interpolation(fromRows, fromCols, toRows, toCols) == INTER_AREA;
        double inverse = (double) to / from;
        double scale = 1.0 / inverse;
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        // Every resized pixel, not only the two ends: a few thousand at most, and no reliance on the reads rising with
        // the pixel through float rounding.
        for (int o = first; o <= last; o++) {
            long s;
            float f;
            if (area) {
                s = (long) Math.floor(o * scale);
                f = (float) ((o + 1) - (s + 1) * inverse);
                f = f <= 0 ? 0f : f - (float) Math.floor(f);
            } else {
                float c = (float) ((o + 0.5) * scale - 0.5);
                s = (long) Math.floor(c);
                f = c - s;
            }
            lo = Math.min(lo, clamp(s, from));
            hi = Math.max(hi, clamp(f != 0f ? s + 1 : s, from));
        }
        return new int[] {lo, hi};
    }

    private static int clamp(long i, int size) {
        return (int) Math.max(0, Math.min(size - 1, i));
    }
}
