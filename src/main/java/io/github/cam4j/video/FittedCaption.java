package io.github.cam4j.video;

import io.github.cam4j.render.Annotation;
import io.github.cam4j.render.Box;

/**
 * Where the caption of a frame fitted into the output's size goes: the rule of {@link Annotation#captionAtBottom(int,
 * int, int[], Box, int, double, double)} (top left unless the hottest point lies under that band and not the bottom
 * one, the CAM box's top edge does and its bottom edge not, or the top band holds clearly more of the map), applied to
 * the picture as placed in the output. The caption is drawn
 * there at the output's size, after the map has been drawn and let go, so the map comes as its sums by row in the
 * picture's own rows and is carried to the placed size here.
 */
final class FittedCaption {
    private FittedCaption() {}

    /**
     * @param at where the picture lies in the output, {@code {x, y, width, height}} ({@link Letterbox#place})
     * @param rows the picture's height as stored
     * @param cols its width as stored
     * @param band the caption band's height in output rows
     * @param peak the hottest point, {@code {y, x}} in the picture's stored pixels, or null when none is marked
     * @param heatByRow the map's sum over each of the picture's stored rows (values in [0, 1]), or null when unknown:
     *     then only the point decides
     * @return whether the caption goes at the placed picture's bottom
     */
    static boolean atBottom(int[] at, int rows, int cols, int band, int[] peak, double[] heatByRow) {
        return atBottom(at, rows, cols, band, peak, null, heatByRow);
    }

    /**
     * {@link #atBottom(int[], int, int, int, int[], double[])} keeping off the CAM box's top edge too, as frames drawn
     * at their own size do: fitted frames went by point and heat only, and a digit touching the picture's top had its
     * box's top edge under the caption.
     *
     * @param at where the picture lies in the output, {@code {x, y, width, height}} ({@link Letterbox#place})
     * @param rows the picture's height as stored
     * @param cols its width as stored
     * @param band the caption band's height in output rows
     * @param peak the hottest point, {@code {y, x}} in the picture's stored pixels, or null when none is marked
     * @param box the CAM box drawn, in the picture's stored pixels, or null when none is
     * @param heatByRow the map's sum over each of the picture's stored rows (values in [0, 1]), or null when unknown
     * @return whether the caption goes at the placed picture's bottom
     */
    static boolean atBottom(int[] at, int rows, int cols, int band, int[] peak, Box box, double[] heatByRow) {
        if (heatByRow != null && heatByRow.length != rows) {
            throw new IllegalArgumentException("the map's sums by row cover " + heatByRow.length + " rows, not the "
                    + rows + " of the picture");
        }
        double scaleY = (double) at[3] / rows;
        double scaleX = (double) at[2] / cols;
        int[] hot = peak == null ? null
                : new int[] {(int) ((peak[0] + 0.5) * scaleY), (int) ((peak[1] + 0.5) * scaleX)};
        double top = 0;
        double bottom = 0;
        if (heatByRow != null && band > 0 && 2 * band <= at[3]) {
            // A band of output rows covers band / scaleY stored rows; each stored row's sum stands for scaleY rows
            // of scaleX times its pixels once placed, as the rule's sums over the placed picture would count it.
            double stored = band / scaleY;
            double area = scaleX * scaleY;
            top = area * sum(heatByRow, 0, stored);
            bottom = area * sum(heatByRow, rows - stored, rows);
        }
        return Annotation.captionAtBottom(at[3], at[2], hot, placed(box, scaleX, scaleY), band, top, bottom);
    }

    /**
     * @return {@code box} carried to the placed picture's pixels, covering every placed row and column a stored one it
     *     covers reaches (at the picture's own size, the box itself); null for null
     */
    static Box placed(Box box, double scaleX, double scaleY) {
        if (box == null) {
            return null;
        }
        int x = (int) Math.floor(box.x() * scaleX);
        int y = (int) Math.floor(box.y() * scaleY);
        int right = (int) Math.ceil(((long) box.x() + box.width()) * scaleX);
        int bottom = (int) Math.ceil(((long) box.y() + box.height()) * scaleY);
        return new Box(x, y, right - x, bottom - y);
    }

    /** @return the sum of {@code rows} over {@code [from, to)}, a row cut by either end counted by the part inside */
    static double sum(double[] rows, double from, double to) {
        double total = 0;
        for (int y = Math.max(0, (int) Math.floor(from)); y < rows.length && y < to; y++) {
            double inside = Math.min(to, y + 1) - Math.max(from, y);
            if (inside > 0) {
                total += inside * rows[y];
            }
        }
        return total;
    }
}
