package io.github.cam4j.eval;

import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.Box;
import java.util.SplittableRandom;

/**
 * Makes translated MNIST canvases: each test digit pasted at a random position of a larger black square, and a
 * cluttered variant with fragments of other digits around it. Everything is drawn from the seed and the digit's
 * index, so a canvas is the same whatever order, batch or thread asks for it, and the cluttered canvas is the plain
 * one (same position) plus clutter.
 *
 * <pre>{@code
 * CanvasGenerator canvases = new CanvasGenerator(test, 84, 42);
 * Canvas c = canvases.plain(17);         // digit 17 somewhere on 84x84, c.truth() its ink box
 * Canvas d = canvases.cluttered(17);     // the same, plus fragments that leave the ink box untouched
 * }</pre>
 *
 * <p><b>Clutter</b>: {@value #FRAGMENTS} attempts per canvas, each a random {@value #FRAGMENT_MIN}..{@value
 * #FRAGMENT_MAX}-pixel square crop of another random digit holding at least {@value #FRAGMENT_MIN_INK} ink pixels
 * (sizes for MNIST's 28-pixel digits; other digits' fragments are the same share of their side, {@link #fragmentMin}),
 * placed at a random position where none of its ink falls inside the target's ink box (up to {@value #PLACEMENT_TRIES}
 * tries, else the fragment is dropped). Overlapping strokes combine by maximum.
 */
public final class CanvasGenerator {
    /** The default canvas side: three MNIST digits wide. */
    public static final int DEFAULT_SIZE = 84;
    /** A pixel is ink when its value exceeds this (0: every non-black pixel of the digit counts). */
    public static final int INK_THRESHOLD = 0;
    /** Fragments tried per cluttered canvas. */
    public static final int FRAGMENTS = 4;
    /** Smallest fragment side, of a 28-pixel digit. */
    public static final int FRAGMENT_MIN = 10;
    /** Largest fragment side, of a 28-pixel digit. */
    public static final int FRAGMENT_MAX = 14;
    /** A crop of a 28-pixel digit with fewer ink pixels is redrawn (it would be an invisible fragment). */
    public static final int FRAGMENT_MIN_INK = 15;
    /** The digit side the fragment sizes above are for: MNIST's. */
    static final int FRAGMENT_DIGIT_SIDE = 28;
    /** Positions tried for a fragment before it is dropped. */
    public static final int PLACEMENT_TRIES = 50;

    private static final long CLUTTER_STREAM = 0x5DEECE66DL;

    private final LabeledImages digits;
    private final int size;
    private final long seed;
    private final int fragmentMin;
    private final int fragmentMax;
    private final int fragmentMinInk;

    /**
     * @param digits the digits to paste (and to cut fragments from)
     * @param size the canvas side, at least the digits' size; a canvas of at most
     *     {@link io.github.cam4j.render.Images#MAX_PIXELS} pixels
     * @param seed the seed
     * @throws IllegalArgumentException when the size is below the digits' or past that many pixels, or there are fewer
     *     than two digits
     * @throws NullPointerException naming them, when the digits are null
     */
    public CanvasGenerator(LabeledImages digits, int size, long seed) {
        java.util.Objects.requireNonNull(digits, "digits is null: the digits to paste");
        long pixels = (long) size * size;
        if (pixels > io.github.cam4j.render.Images.MAX_PIXELS) {
            // Each canvas is a float[size * size]: past int range the product wrapped round, and the first canvas
            // failed with an ArrayIndexOutOfBoundsException of a negative index.
            throw new IllegalArgumentException("canvas size " + size + " makes canvases of " + size + "x" + size + " = "
                    + pixels + " pixels, more than cam4j takes (2^28 = " + io.github.cam4j.render.Images.MAX_PIXELS
                    + " pixels)");
        }
        if (size < digits.rows() || size < digits.cols()) {
            throw new IllegalArgumentException("canvas size " + size + " is smaller than the " + digits.rows() + "x"
                    + digits.cols() + " digits");
        }
        if (digits.count() < 2) {
            throw new IllegalArgumentException("need at least two digits (clutter is cut from the others)");
        }
        this.digits = digits;
        this.size = size;
        this.seed = seed;
        // A fragment is the same share of a digit whatever its size: 10..14 pixels of 28 are 4..6 of 12 (a 12-pixel
        // digit has no 14-pixel crop), 20..28 of 56.
        int side = Math.min(digits.rows(), digits.cols());
        double scale = side / (double) FRAGMENT_DIGIT_SIDE;
        this.fragmentMin = Math.max(1, (int) Math.round(FRAGMENT_MIN * scale));
        this.fragmentMax = Math.max(fragmentMin, Math.min(side, (int) Math.round(FRAGMENT_MAX * scale)));
        this.fragmentMinInk = Math.max(1, (int) Math.round(FRAGMENT_MIN_INK * scale * scale));
    }

    /** @return the smallest fragment side for these digits: {@link #FRAGMENT_MIN} of a 28-pixel digit, scaled */
    public int fragmentMin() {
        return fragmentMin;
    }

    /** @return the largest fragment side for these digits, at most their side: {@link #FRAGMENT_MAX} scaled */
    public int fragmentMax() {
        return fragmentMax;
    }

    /** @return the fewest ink pixels a fragment of these digits holds: {@link #FRAGMENT_MIN_INK} scaled by area */
    public int fragmentMinInk() {
        return fragmentMinInk;
    }

    /** @return the canvas side */
    public int size() {
        return size;
    }

    /**
     * @param digitIndex which digit
     * @return the digit alone at its seeded position
     */
    public Canvas plain(int digitIndex) {
        float[] pixels = new float[size * size];
        Box truth = pasteTarget(digitIndex, pixels);
        return new Canvas(digitIndex, digits.label(digitIndex), size, pixels, truth, false);
    }

    /**
     * @param digitIndex which digit
     * @return the plain canvas plus fragments of other digits that leave its ink box untouched
     */
    public Canvas cluttered(int digitIndex) {
        float[] pixels = new float[size * size];
        Box truth = pasteTarget(digitIndex, pixels);
        SplittableRandom rng = random(digitIndex, CLUTTER_STREAM);
        for (int f = 0; f < FRAGMENTS; f++) {
            addFragment(digitIndex, truth, pixels, rng);
        }
        return new Canvas(digitIndex, digits.label(digitIndex), size, pixels, truth, true);
    }

    private Box pasteTarget(int digitIndex, float[] pixels) {
        if (digitIndex < 0 || digitIndex >= digits.count()) {
            throw new IndexOutOfBoundsException("digit " + digitIndex + " outside 0.." + (digits.count() - 1));
        }
        SplittableRandom rng = random(digitIndex, 0);
        int x0 = rng.nextInt(size - digits.cols() + 1);
        int y0 = rng.nextInt(size - digits.rows() + 1);
        int left = Integer.MAX_VALUE;
        int top = Integer.MAX_VALUE;
        int right = -1;
        int bottom = -1;
        for (int r = 0; r < digits.rows(); r++) {
            for (int c = 0; c < digits.cols(); c++) {
                int v = digits.pixel(digitIndex, r, c);
                pixels[(y0 + r) * size + x0 + c] = v;
                if (v > INK_THRESHOLD) {
                    left = Math.min(left, x0 + c);
                    right = Math.max(right, x0 + c);
                    top = Math.min(top, y0 + r);
                    bottom = Math.max(bottom, y0 + r);
                }
            }
        }
        // A blank digit has no ink: its box is empty, and no map can hit it.
        return right < 0 ? new Box(x0, y0, 0, 0) : new Box(left, top, right - left + 1, bottom - top + 1);
    }

    private void addFragment(int target, Box truth, float[] pixels, SplittableRandom rng) {
        int side = fragmentMin + rng.nextInt(fragmentMax - fragmentMin + 1);
        int source = -1;
        int cx = 0;
        int cy = 0;
        for (int attempt = 0; attempt < PLACEMENT_TRIES && source < 0; attempt++) {
            int candidate = rng.nextInt(digits.count() - 1);
            candidate = candidate >= target ? candidate + 1 : candidate; // any digit but the target
            int x = rng.nextInt(digits.cols() - side + 1);
            int y = rng.nextInt(digits.rows() - side + 1);
            if (ink(candidate, x, y, side) >= fragmentMinInk) {
                source = candidate;
                cx = x;
                cy = y;
            }
        }
        if (source < 0) {
            return;
        }
        for (int attempt = 0; attempt < PLACEMENT_TRIES; attempt++) {
            int px = rng.nextInt(size - side + 1);
            int py = rng.nextInt(size - side + 1);
            if (!inkInside(source, cx, cy, side, px, py, truth)) {
                for (int r = 0; r < side; r++) {
                    for (int c = 0; c < side; c++) {
                        int i = (py + r) * size + px + c;
                        pixels[i] = Math.max(pixels[i], digits.pixel(source, cy + r, cx + c));
                    }
                }
                return;
            }
        }
    }

    private int ink(int digit, int x, int y, int side) {
        int n = 0;
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                if (digits.pixel(digit, y + r, x + c) > INK_THRESHOLD) {
                    n++;
                }
            }
        }
        return n;
    }

    private boolean inkInside(int digit, int cx, int cy, int side, int px, int py, Box truth) {
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                if (digits.pixel(digit, cy + r, cx + c) > INK_THRESHOLD && truth.contains(px + c, py + r)) {
                    return true;
                }
            }
        }
        return false;
    }

    private SplittableRandom random(int digitIndex, long stream) {
        // SplittableRandom mixes its seed, so neighbouring seeds give unrelated streams.
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + digitIndex + stream * 0xBF58476D1CE4E5B9L);
    }
}
