package io.github.cam4j.render;

/**
 * The hottest point of a map of cells placed on a picture: a pixel next to the hottest cell's centre, the hotter of
 * those the bilinear map gives.
 *
 * <p>Why not the centre rounded: a cell's centre often lies between pixels (stride 4 and offset 1.5 put cell 3's at
 * 13.5), and rounding half up always took the lower-right one (14), though the map the picture shows is hotter on the
 * side of the hotter neighbouring cell (pixel 13 when cell 2 is hotter than cell 4). Why not the map's first maximum:
 * beyond the outermost cells' centres the map is held flat, so that maximum could lie anywhere on the plateau, far from
 * any centre; for the same reason a pixel beyond them is never preferred to the rounded centre. Where the pixels next to
 * the centre are equally hot, the rounded centre is kept.
 */
public final class CellPeak {
    private CellPeak() {}

    /**
     * @param cells the map's cells
     * @param placement where they lie on the picture
     * @return {@code {y, x}}, a pixel next to the hottest cell's centre (the first hottest cell in raster order); not
     *     clamped to the picture, as the callers clamp it to the part they show
     * @throws IllegalArgumentException when the map holds NaN or infinity, naming the first such cell
     * @throws NullPointerException naming it, when the map or the placement is null
     */
    public static int[] of(FloatMap cells, Placement placement) {
        java.util.Objects.requireNonNull(cells, "cells is null: the map whose hottest point to find");
        java.util.Objects.requireNonNull(placement, "placement is null: where the cells lie on the picture");
        // A NaN cell was skipped by argMax and the peak put on the hottest of the rest, an infinite one taken as the
        // peak: a plausible marker over a map CamBox, MapNormalizer and Overlay refuse.
        cells.requireFinite("find the peak of");
        int cell = cells.argMax();
        double cy = placement.offsetY() + placement.strideY() * (cell / cells.width());
        double cx = placement.offsetX() + placement.strideX() * (cell % cells.width());
        int[] ys = nextTo(cy, placement.offsetY(), placement.offsetY() + placement.strideY() * (cells.height() - 1));
        int[] xs = nextTo(cx, placement.offsetX(), placement.offsetX() + placement.strideX() * (cells.width() - 1));
        int bestY = ys[0];
        int bestX = xs[0];
        double best = bilinear(cells, placement, bestY, bestX);
        for (int y : ys) {
            for (int x : xs) {
                double v = bilinear(cells, placement, y, x);
                if (v > best) {
                    best = v;
                    bestY = y;
                    bestX = x;
                }
            }
        }
        return new int[] {bestY, bestX};
    }

    /**
     * @param first the outermost cells' centres along the axis: a pixel beyond them lies where the map is held flat at
     *     the outer cell's value, as hot as the centre by construction, not by evidence (a hot pixel read by cell 0,
     *     centred at 1.69, must peak at 2, not on the plateau at 1), so it is not taken over the rounded centre
     * @param last the other end
     * @return the rounded coordinate first (kept on ties), then the other pixel next to it when it lies between two
     */
    private static int[] nextTo(double c, double first, double last) {
        int rounded = (int) Math.round(c);
        int other = rounded == (int) Math.floor(c) ? (int) Math.ceil(c) : (int) Math.floor(c);
        return other == rounded || other < first || other > last ? new int[] {rounded} : new int[] {rounded, other};
    }

    /**
     * The map's value at a pixel as {@link Resize#placed} makes it: bilinear between the cells around it, held at the
     * outermost cells' values beyond their centres.
     */
    static double bilinear(FloatMap cells, Placement p, int y, int x) {
        double sy = clamp((y - p.offsetY()) / p.strideY(), cells.height() - 1);
        double sx = clamp((x - p.offsetX()) / p.strideX(), cells.width() - 1);
        int y0 = (int) Math.floor(sy);
        int x0 = (int) Math.floor(sx);
        int y1 = Math.min(y0 + 1, cells.height() - 1);
        int x1 = Math.min(x0 + 1, cells.width() - 1);
        double fy = sy - y0;
        double fx = sx - x0;
        double top = (1 - fx) * cells.get(y0, x0) + fx * cells.get(y0, x1);
        double bottom = (1 - fx) * cells.get(y1, x0) + fx * cells.get(y1, x1);
        return (1 - fy) * top + fy * bottom;
    }

    private static double clamp(double v, int last) {
        return Math.max(0, Math.min(last, v));
    }
}
