package io.github.cam4j.render;

/**
 * An axis-aligned box in pixel coordinates: {@code x, y} is the top-left pixel, and the box covers columns
 * {@code x .. x + width - 1} and rows {@code y .. y + height - 1}. This is OpenCV's {@code Rect} convention and the
 * one {@code connectedComponentsWithStats} reports, held in plain Java so that metrics need no native memory.
 *
 * <pre>{@code
 * Box predicted = CamBox.of(map01, CamBox.DEFAULT_THRESHOLD).orElseThrow();
 * boolean hit = predicted.iou(groundTruth) >= 0.5;   // the usual localisation criterion
 * }</pre>
 *
 * @param x left column
 * @param y top row
 * @param width number of columns, 0 for an empty box
 * @param height number of rows, 0 for an empty box
 */
public record Box(int x, int y, int width, int height) {

    /**
     * Rejects negative sizes; a zero size is allowed because an intersection may be empty.
     *
     * @param x left column
     * @param y top row
     * @param width number of columns, at least 0
     * @param height number of rows, at least 0
     */
    public Box {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("Box width and height must not be negative, were " + width + "x" + height);
        }
    }

    /**
     * @param text four integers {@code x,y,w,h} as {@link #toString()} writes them (spaces allowed)
     * @return the box
     * @throws IllegalArgumentException when the text is not four integers, naming the text
     */
    public static Box parse(String text) {
        java.util.Objects.requireNonNull(text, "text is null: a box as x,y,w,h");
        // Limit -1: split dropped trailing empty parts, and --roi 1,2,3,4, (or 1,2,3,4,,,) passed as 1,2,3,4.
        String[] parts = text.split(",", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("box '" + text + "' must be four integers x,y,w,h");
        }
        try {
            return new Box(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()),
                    Integer.parseInt(parts[2].strip()), Integer.parseInt(parts[3].strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("box '" + text + "' must be four integers x,y,w,h", e);
        }
    }

    /** @return {@code width * height}, the number of pixels covered (a long: 100 000 x 100 000 passes an int) */
    public long area() {
        return (long) width * height;
    }

    /** @return true when the box covers no pixel */
    public boolean isEmpty() {
        return width == 0 || height == 0;
    }

    /**
     * @param px column
     * @param py row
     * @return true when pixel ({@code px}, {@code py}) lies inside the box (right and bottom edges exclusive)
     */
    public boolean contains(int px, int py) {
        // long: a box whose edge lies past the largest int (x + width wrapped negative) contained nothing.
        return px >= x && px < (long) x + width && py >= y && py < (long) y + height;
    }

    /**
     * @param factor a whole enlargement, 1 or more
     * @return the pixels this box covers on the picture enlarged {@code factor} times (each pixel a block)
     * @throws IllegalArgumentException when {@code factor} is below 1, or the enlarged box passes int range
     */
    public Box scaled(int factor) {
        if (factor < 1) {
            // 0 gave an empty box without a word, a negative factor a complaint about a box the caller never gave.
            throw new IllegalArgumentException("a box is enlarged by a whole factor of 1 or more; got " + factor);
        }
        return inRange((long) x * factor, (long) y * factor, (long) width * factor, (long) height * factor,
                "enlarged " + factor + " times");
    }

    /**
     * A box of sizes worked out in long or double, refused when they pass int range: cast, they wrapped round to a
     * negative width ("must not be negative, were -2x4", of a box the caller never gave) or a width of 1.
     */
    private Box inRange(double left, double top, double w, double h, String how) {
        if (Math.max(Math.abs(left), Math.abs(top)) > Integer.MAX_VALUE || Math.max(w, h) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("box " + this + " " + how + " passes int range: " + (long) left + ","
                    + (long) top + "," + (long) w + "," + (long) h);
        }
        return new Box((int) left, (int) top, (int) w, (int) h);
    }

    /**
     * @param sx how many times wider the picture is drawn (a fraction to shrink it)
     * @param sy how many times taller
     * @return the pixels this box covers on the picture drawn so: from the pixel its left and top edges fall in to the
     *     one its right and bottom edges reach, so that a box shrunk below a pixel still covers one; {@link
     *     #scaled(int)}'s blocks for a whole factor
     * @throws IllegalArgumentException when a factor is not finite and positive
     */
    public Box scaled(double sx, double sy) {
        if (!(sx > 0 && sy > 0 && Double.isFinite(sx) && Double.isFinite(sy))) {
            // NaN cast to pixel 0 and infinity to the largest int: a box somewhere, without a word.
            throw new IllegalArgumentException("a box is scaled by finite, positive factors; got " + sx + " x " + sy
                    + " (width x height)");
        }
        double left = Math.floor(x * sx);
        double top = Math.floor(y * sy);
        // In double: (x + width) in int wrapped round for a box reaching past the largest int.
        double right = Math.max(left + 1, Math.ceil(((double) x + width) * sx - 1e-9));
        double bottom = Math.max(top + 1, Math.ceil(((double) y + height) * sy - 1e-9));
        String how = "scaled " + sx + " x " + sy;
        return isEmpty() ? inRange(left, top, 0, 0, how) : inRange(left, top, right - left, bottom - top, how);
    }

    /**
     * @param o the other box
     * @return the pixels both boxes cover; an empty box (width or height 0) when they do not overlap
     */
    public Box intersect(Box o) {
        java.util.Objects.requireNonNull(o, "o is null: the other box");
        int left = Math.max(x, o.x);
        int top = Math.max(y, o.y);
        // long: an edge past the largest int wrapped round, and a box there overlapped one it lies clear of.
        long right = Math.min((long) x + width, (long) o.x + o.width);
        long bottom = Math.min((long) y + height, (long) o.y + o.height);
        return new Box(left, top, (int) Math.max(0, right - left), (int) Math.max(0, bottom - top));
    }

    /**
     * @param other the other box
     * @return intersection over union in [0, 1]; 0 when both boxes are empty (nothing to overlap)
     */
    public double iou(Box other) {
        java.util.Objects.requireNonNull(other, "other is null: the other box");
        // long: two large boxes' areas can overflow int when added.
        long inter = intersect(other).area();
        long union = area() + other.area() - inter;
        return union == 0 ? 0.0 : (double) inter / union;
    }

    /** @return {@code x,y,w,h}, the form {@link #parse(String)} reads and CSV reports use */
    @Override
    public String toString() {
        return x + "," + y + "," + width + "," + height;
    }
}
