package io.github.cam4j.render;

/**
 * Where the cells of a low-resolution map sit on a larger picture: cell {@code (i, j)} is centred on pixel
 * {@code (offsetY + strideY * i, offsetX + strideX * j)}, in pixel-centre coordinates (pixel 0 spans -0.5..0.5).
 *
 * <p>A CNN's feature map does not always cover its input edge to edge: a 5x5 map after two valid 3x3 convolutions
 * and two 2x2 poolings has stride 4 and offset 4.5, so it spans pixels 4.5..20.5 of a 28x28 input. Stretching it
 * over the whole input would move its peak by up to 4 pixels. {@link #stretch} is the edge-to-edge placement that
 * plain resizing assumes, exact for 'same' convolutions and even poolings.
 *
 * @param strideY rows between cell centres, in pixels
 * @param strideX columns between cell centres, in pixels
 * @param offsetY row of cell 0's centre
 * @param offsetX column of cell 0's centre
 */
public record Placement(double strideY, double strideX, double offsetY, double offsetX) {

    /**
     * Checks the strides are positive and everything finite.
     *
     * @param strideY rows between cell centres, in pixels; positive
     * @param strideX columns between cell centres, in pixels; positive
     * @param offsetY row of cell 0's centre, in pixel-centre coordinates; may be negative or fractional
     * @param offsetX column of cell 0's centre, likewise
     * @throws IllegalArgumentException when a stride is not positive, or a value not finite
     */
    public Placement {
        if (!(strideY > 0) || !(strideX > 0) || !Double.isFinite(strideY) || !Double.isFinite(strideX)
                || !Double.isFinite(offsetY) || !Double.isFinite(offsetX)) {
            // Not "+ this": a compact constructor's fields are still 0 here, so every refusal read
            // "got Placement[strideY=0.0, strideX=0.0, offsetY=0.0, offsetX=0.0]", whatever was given.
            throw new IllegalArgumentException("placement strides must be positive and finite, offsets finite; got"
                    + " strideY=" + strideY + ", strideX=" + strideX + ", offsetY=" + offsetY + ", offsetX=" + offsetX);
        }
    }

    /**
     * The edge-to-edge placement of plain bilinear resizing (OpenCV's and {@code cv2.resize}'s convention).
     *
     * @param mapHeight map rows
     * @param mapWidth map columns
     * @param outHeight picture rows
     * @param outWidth picture columns
     * @return the placement
     * @throws IllegalArgumentException when a size is below 1, naming the sizes
     */
    public static Placement stretch(int mapHeight, int mapWidth, int outHeight, int outWidth) {
        if (mapHeight < 1 || mapWidth < 1 || outHeight < 1 || outWidth < 1) {
            throw new IllegalArgumentException("cannot stretch a " + mapHeight + "x" + mapWidth + " map over a "
                    + outHeight + "x" + outWidth + " picture: every size must be at least 1");
        }
        double sy = (double) outHeight / mapHeight;
        double sx = (double) outWidth / mapWidth;
        return new Placement(sy, sx, (sy - 1) / 2, (sx - 1) / 2);
    }

    /**
     * The same cells on a picture resized from the one this placement is for.
     *
     * @param fromHeight rows of the picture this placement is for
     * @param fromWidth columns of the picture this placement is for
     * @param toHeight rows of the resized picture
     * @param toWidth columns of the resized picture
     * @return the placement on the resized picture
     * @throws IllegalArgumentException when a size is below 1, naming the sizes
     */
    public Placement rescaled(int fromHeight, int fromWidth, int toHeight, int toWidth) {
        if (fromHeight < 1 || fromWidth < 1 || toHeight < 1 || toWidth < 1) {
            throw new IllegalArgumentException("cannot rescale a placement from a " + fromHeight + "x" + fromWidth
                    + " picture to a " + toHeight + "x" + toWidth + " one: every size must be at least 1");
        }
        double fy = (double) toHeight / fromHeight;
        double fx = (double) toWidth / fromWidth;
        // A pixel centre p maps to (p + 0.5) * f - 0.5 under OpenCV's resize convention.
        return new Placement(strideY * fy, strideX * fx, (offsetY + 0.5) * fy - 0.5, (offsetX + 0.5) * fx - 0.5);
    }
}
