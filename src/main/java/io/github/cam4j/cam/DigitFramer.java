package io.github.cam4j.cam;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_HEIGHT;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_LEFT;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_TOP;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_WIDTH;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;

import io.github.cam4j.render.Box;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Frames a picture of one digit as MNIST's digits were framed ({@link Framing#DIGIT}).
 *
 * <p>The steps, on a grey picture with light ink on a dark ground (inverted before when needed):
 * <ol>
 *   <li>the ground's level is the picture's median, the ink's the maximum of the picture blurred (a lone noisy pixel
 *       does not survive the blur; a stroke does);</li>
 *   <li>ink is what the blurred picture shows above 40 % of the way from ground to ink; its connected regions of at
 *       least a tenth of the largest one's area make the ink box (stray specks are left out, a digit in two pieces is
 *       not cut); ink whose box spans under 1/20 of the picture's shorter side, that taken as 5 pixels at least and
 *       10 at most, is a speck, not a digit, and is not framed ({@link TooSmall});</li>
 *   <li>the box's pixels are rescaled so the ground is 0 and the ink 255, with what stays under 15 % (paper grain,
 *       sensor noise) set to 0;</li>
 *   <li>the box is resized, aspect kept, so its longer side fills the digit box (20 of 28 pixels), and placed so its
 *       centre of mass sits at pixel (14, 14) of 28x28 (in proportion for other sizes), moved back inside the field if that would cut it.</li>
 * </ol>
 */
final class DigitFramer {
    /** MNIST's digit box and field: 20x20 pixels of ink box in a 28x28 picture. */
    private static final double BOX_SHARE = 20.0 / 28.0;
    /** The blurred picture's share of the way from ground to ink that counts as ink. */
    private static final double INK_LEVEL = 0.4;
    /** Regions smaller than this share of the largest are specks, not part of the digit. */
    private static final double SPECK_SHARE = 0.1;
    /**
     * Ink whose box's longer side is under this share of the picture's shorter side is a speck, not a digit: a 2x2 dot
     * on a 200x200 picture was framed, blown up to 20 pixels and read as a 0 at p=0.85. Photos of digits fill far more
     * ({@code DigitPhotos}: 9 % and up). The share asks no more than {@link #LEGIBLE_PIXELS}, though.
     */
    private static final double MIN_DIGIT_SHARE = 1.0 / 20;
    /** Nor is ink under 5 pixels on its longer side a digit, whatever the picture's size: the smallest legible digits
     * (3x5 pixel fonts) are 5 pixels tall. */
    private static final int MIN_DIGIT_PIXELS = 5;
    /**
     * Ink this long or longer is a digit on a picture of any size: an MNIST digit at its own size (its ink box 13 to
     * 28 pixels) on a 1000x1000 page is framed and read at p of 0.99 or more, but 1/20 of the page, 50 pixels, took it
     * for a speck and stretched the page whole ("no evidence", class 0 at p=0.1).
     */
    private static final int LEGIBLE_PIXELS = 10;

    private DigitFramer() {}

    /**
     * A framed digit.
     *
     * @param values {@code fieldHeight * fieldWidth} values, 0..255, row-major
     * @param frame where the picture's pixels went
     * @param ink the box of the picture's ink that was framed
     */
    record Framed(float[] values, InputFrame frame, Box ink) {
        /** Digits are about as wide as tall or narrower (a 1); ink this much wider is more than one digit. */
        static final int ROW_OF_DIGITS = 3;

        /** @return whether the ink is so much wider than tall that it is likely a row of digits, squashed as one */
        boolean looksLikeARow() {
            return ink.width() > ROW_OF_DIGITS * ink.height();
        }
    }

    /** The picture's ink is a speck, too small to be a digit: it is not framed. */
    static final class TooSmall extends InvalidInputException {
        private static final long serialVersionUID = 1L;
        /** What the ink is, without the picture's name: "its ink spans only 4x4 pixels, ...". */
        private final String why;

        TooSmall(String name, String why) {
            super("image " + name + " shows no digit to frame: " + why);
            this.why = why;
        }

        /** @return what is wrong with the ink, for a warning that names the picture itself */
        String why() {
            return why;
        }
    }

    /**
     * @param pixels a grey picture, 0..255, light ink on a dark ground, row-major
     * @param h its rows
     * @param w its columns
     * @param fieldHeight rows of the model's input
     * @param fieldWidth columns of the model's input
     * @param name the picture's name, for errors
     * @return the framed digit
     * @throws InvalidInputException when the picture shows no ink, or only a speck ({@link TooSmall})
     */
    static Framed frame(float[] picture, int h, int w, int fieldHeight, int fieldWidth, String name)
            throws InvalidInputException {
        float[] pixels = GreyLevels.withoutShading(picture, h, w);
        float ground = GreyLevels.median(pixels);
        double sigma = blurWidth(h, w);
        Smoothed smooth = smoothed(pixels, h, w, sigma);
        float ink = GreyLevels.max(smooth.values());
        if (ink - ground < GreyLevels.MIN_CONTRAST) {
            throw new InvalidInputException("image " + name + " shows no digit to frame: its ink stands only "
                    + Math.round(ink - ground) + " of 255 above its background");
        }
        Box found = smooth.onPicture(inkBox(smooth.values(), smooth.height(), smooth.width(),
                ground + INK_LEVEL * (ink - ground)), h, w);
        Box box = faintEdges(pixels, h, w, found, (int) Math.ceil(3 * sigma),
                ground + GreyLevels.FLOOR * (ink - ground));
        int share = (int) Math.ceil(MIN_DIGIT_SHARE * Math.min(h, w));
        int least = Math.max(MIN_DIGIT_PIXELS, Math.min(LEGIBLE_PIXELS, share));
        if (Math.max(box.width(), box.height()) < least) {
            // Said as the ink's own pixels: the box found on the blurred picture is as wide as the blur around a speck
            // (a 2x2 dot's was 4x4).
            float floor = ground + GreyLevels.FLOOR * (ink - ground);
            Box seen = inkPixels(pixels, w, box, floor);
            throw new TooSmall(name, "its ink spans only " + seen.width() + "x" + seen.height() + " pixels, too small for a"
                    + " digit (under " + least + " pixels" + (least == share && least > MIN_DIGIT_PIXELS
                            ? ", 1/20 of the picture's shorter side" : "") + ")");
        }
        return place(pixels, w, box, ground, ink, fieldHeight, fieldWidth);
    }

    /**
     * @return the width (sigma, pixels) of the blur that finds ink in an {@code h x w} picture: it follows the
     *     picture's size, as a stroke's width does
     */
    static double blurWidth(int h, int w) {
        return Math.max(1.0, Math.min(h, w) / 150.0);
    }

    /**
     * The picture blurred, on a grid coarse enough for the blur: a Gaussian's cost grows with its width, and at
     * {@code min(h, w) / 150} a 100-megapixel picture's took about 24 s of its 37. So a picture whose blur is 4 pixels
     * or wider is first shrunk by averaging (OpenCV's area interpolation) a whole number of times, to a blur of 2 to 4
     * of its pixels. The averaging widens the blur by about a hundredth; the ink's level and box, all the blurred
     * picture serves, move by little more (measured in {@code DigitFramingTest}: levels by 0.4 % of the ink's height
     * above the ground, box edges by 0.6 of a shrunk pixel).
     *
     * @param pixels a grey picture, row-major
     * @param h its rows
     * @param w its columns
     * @param sigma the blur's width in the picture's pixels
     * @return the blurred picture, on the picture's grid or a coarser one
     */
    static Smoothed smoothed(float[] pixels, int h, int w, double sigma) {
        int shrink = Math.max(1, (int) Math.floor(sigma / 2));
        int sh = Math.max(1, h / shrink);
        int sw = Math.max(1, w / shrink);
        try (Mat grey = new Mat(h, w, CV_32FC1); Mat small = new Mat(); Mat blurred = new Mat();
                Size auto = new Size(0, 0); Size smallSize = new Size(sw, sh)) {
            ((FloatBuffer) grey.createBuffer()).put(pixels);
            Mat source = grey;
            if (shrink > 1) {
                opencv_imgproc.resize(grey, small, smallSize, 0, 0, INTER_AREA);
                source = small;
            }
            opencv_imgproc.GaussianBlur(source, blurred, auto, shrink > 1 ? sigma * sw / w : sigma);
            float[] values = new float[blurred.rows() * blurred.cols()];
            ((FloatBuffer) blurred.createBuffer()).get(values);
            return new Smoothed(values, blurred.rows(), blurred.cols());
        }
    }

    /**
     * A blurred picture on its own grid, which may be coarser than the picture's.
     *
     * @param values {@code height * width} values, row-major
     * @param height rows of the grid
     * @param width columns of the grid
     */
    record Smoothed(float[] values, int height, int width) {
        /** @return a box on this grid as the picture's pixels it covers */
        Box onPicture(Box box, int h, int w) {
            if (height == h && width == w) {
                return box;
            }
            double sy = (double) h / height;
            double sx = (double) w / width;
            int x0 = (int) Math.floor(box.x() * sx);
            int y0 = (int) Math.floor(box.y() * sy);
            int x1 = Math.min(w, (int) Math.ceil((box.x() + box.width()) * sx));
            int y1 = Math.min(h, (int) Math.ceil((box.y() + box.height()) * sy));
            return new Box(x0, y0, x1 - x0, y1 - y0);
        }
    }

    /** The union of the ink regions' boxes, specks left out. */
    private static Box inkBox(float[] smooth, int h, int w, double level) {
        try (Mat mask = new Mat(h, w, CV_8U); Mat labels = new Mat(); Mat stats = new Mat(); Mat centroids = new Mat()) {
            byte[] bits = new byte[h * w];
            for (int i = 0; i < bits.length; i++) {
                bits[i] = smooth[i] > level ? (byte) 1 : 0;
            }
            mask.data().put(bits);
            int count = opencv_imgproc.connectedComponentsWithStats(mask, labels, stats, centroids);
            try (IntIndexer s = stats.createIndexer()) {
                long largest = 0;
                for (int c = 1; c < count; c++) {
                    largest = Math.max(largest, s.get(c, CC_STAT_AREA));
                }
                int top = h;
                int left = w;
                int bottom = 0;
                int right = 0;
                for (int c = 1; c < count; c++) {
                    if (s.get(c, CC_STAT_AREA) >= SPECK_SHARE * largest) {
                        top = Math.min(top, s.get(c, CC_STAT_TOP));
                        left = Math.min(left, s.get(c, CC_STAT_LEFT));
                        bottom = Math.max(bottom, s.get(c, CC_STAT_TOP) + s.get(c, CC_STAT_HEIGHT));
                        right = Math.max(right, s.get(c, CC_STAT_LEFT) + s.get(c, CC_STAT_WIDTH));
                    }
                }
                return new Box(left, top, right - left, bottom - top);
            }
        }
    }

    /**
     * The cut at 40 % of the blurred ink finds the digit but trims its faint edges, which MNIST's box of all inked
     * pixels includes: the box is widened by the blur's reach and closed back onto the pixels above the floor.
     */
    private static Box faintEdges(float[] pixels, int h, int w, Box found, int reach, float floor) {
        int y0 = Math.max(0, found.y() - reach);
        int x0 = Math.max(0, found.x() - reach);
        int y1 = Math.min(h, found.y() + found.height() + reach);
        int x1 = Math.min(w, found.x() + found.width() + reach);
        Box faint = aboveFloor(pixels, w, new Box(x0, y0, x1 - x0, y1 - y0), floor);
        if (faint == null) {
            return found;
        }
        int left = Math.min(found.x(), faint.x());
        int top = Math.min(found.y(), faint.y());
        int right = Math.max(found.x() + found.width(), faint.x() + faint.width());
        int bottom = Math.max(found.y() + found.height(), faint.y() + faint.height());
        return new Box(left, top, right - left, bottom - top);
    }

    /**
     * @return the box of the pixels inside {@code box} darker (inkier) than {@code floor}; {@code box} itself when the
     *     ink shows only once blurred
     */
    private static Box inkPixels(float[] pixels, int w, Box box, float floor) {
        Box ink = aboveFloor(pixels, w, box, floor);
        return ink == null ? box : ink;
    }

    /** @return the box of the pixels inside {@code region} above {@code floor}; null when there are none */
    private static Box aboveFloor(float[] pixels, int w, Box region, float floor) {
        int top = Integer.MAX_VALUE;
        int left = Integer.MAX_VALUE;
        int bottom = -1;
        int right = -1;
        for (int y = region.y(); y < region.y() + region.height(); y++) {
            for (int x = region.x(); x < region.x() + region.width(); x++) {
                if (pixels[y * w + x] > floor) {
                    top = Math.min(top, y);
                    left = Math.min(left, x);
                    bottom = Math.max(bottom, y + 1);
                    right = Math.max(right, x + 1);
                }
            }
        }
        return bottom < 0 ? null : new Box(left, top, right - left, bottom - top);
    }

    private static Framed place(float[] pixels, int w, Box box, float ground, float ink, int fieldHeight,
            int fieldWidth) {
        int bh = box.height();
        int bw = box.width();
        float[] cut = new float[bh * bw];
        float scale = 255f / (ink - ground);
        for (int y = 0; y < bh; y++) {
            for (int x = 0; x < bw; x++) {
                cut[y * bw + x] = GreyLevels.inkLevel(pixels[(box.y() + y) * w + box.x() + x], ground, scale);
            }
        }
        double fit = BOX_SHARE * Math.min(fieldHeight, fieldWidth) / Math.max(bh, bw);
        int nh = Math.max(1, Math.min(fieldHeight, (int) Math.round(bh * fit)));
        int nw = Math.max(1, Math.min(fieldWidth, (int) Math.round(bw * fit)));
        float[] digit = new float[nh * nw];
        try (Mat src = new Mat(bh, bw, CV_32FC1); Mat dst = new Mat(); Size size = new Size(nw, nh)) {
            ((FloatBuffer) src.createBuffer()).put(cut);
            // Area averaging when shrinking: a photo's 3-pixel stroke must not vanish between samples.
            opencv_imgproc.resize(src, dst, size, 0, 0, nh < bh ? INTER_AREA : INTER_LINEAR);
            ((FloatBuffer) dst.createBuffer()).get(digit);
        }
        double mass = 0;
        double sumY = 0;
        double sumX = 0;
        for (int y = 0; y < nh; y++) {
            for (int x = 0; x < nw; x++) {
                float v = Math.max(0f, digit[y * nw + x]);
                mass += v;
                sumY += v * y;
                sumX += v * x;
            }
        }
        double comY = mass > 0 ? sumY / mass : (nh - 1) / 2.0;
        double comX = mass > 0 ? sumX / mass : (nw - 1) / 2.0;
        // MNIST put the centre of mass on pixel (14, 14) of 28x28, not between pixels: its test digits' average is
        // (13.99, 14.00).
        int offY = clamp((int) Math.round(fieldHeight / 2.0 - comY), 0, fieldHeight - nh);
        int offX = clamp((int) Math.round(fieldWidth / 2.0 - comX), 0, fieldWidth - nw);
        float[] field = new float[fieldHeight * fieldWidth];
        for (int y = 0; y < nh; y++) {
            System.arraycopy(digit, y * nw, field, (y + offY) * fieldWidth + offX, nw);
        }
        // OpenCV's resize maps picture pixel centre p to (p - box + 0.5) * s - 0.5 of the resized box.
        double sy = (double) nh / bh;
        double sx = (double) nw / bw;
        InputFrame frame = new InputFrame(sy, sx, (0.5 - box.y()) * sy - 0.5 + offY, (0.5 - box.x()) * sx - 0.5 + offX);
        return new Framed(field, frame, box);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
