package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.CV_16UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.ShortPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Between Java's {@link BufferedImage} (what {@code ImageIO}, Swing and most Java web stacks hand over) and OpenCV's
 * {@link Mat}, so an application explains the pictures it already holds and shows the overlays it gets back without
 * writing files in between.
 *
 * <pre>{@code
 * try (Mat picture = AwtImages.toMat(ImageIO.read(upload));
 *      Mat overlay = Overlay.blend(picture, cam.explain(picture).map())) {
 *     BufferedImage shown = AwtImages.toBufferedImage(overlay);
 * }
 * }</pre>
 *
 * <p>Grey pictures, with alpha or not, keep their stored sample values (as OpenCV and {@code ImageIO} read a grey PNG),
 * scaled from their bit depth: Java's {@code getRGB} would carry them through its linear grey colour space and brighten
 * them. Every other picture is taken as {@code getRGB} gives it (sRGB, alpha kept): indexed, premultiplied, 16-bit
 * colour and custom colour models alike. A picture of more pixels than OpenCV reads from a file (2^30) is refused.
 */
public final class AwtImages {
    private AwtImages() {}

    /**
     * @param image a picture
     * @return a new Mat the caller closes: 8-bit grey (a grey picture of more than 8 bits gives 16-bit grey), BGR, or
     *     BGRA when the picture has alpha (grey with alpha too, its grey in all three)
     * @throws IllegalArgumentException when the image is null, of more pixels than OpenCV reads from a file (2^30),
     *     or of float samples outside its colour space's range (0..1) or NaN
     */
    public static Mat toMat(BufferedImage image) {
        if (image == null) {
            throw new IllegalArgumentException("BufferedImage is null");
        }
        int w = image.getWidth();
        int h = image.getHeight();
        long pixels = (long) w * h;
        if (pixels > ImageFormats.MAX_PIXELS) {
            // An int per pixel (getRGB's array) would not fit in memory; times 3 or 4 channels it passed 2^31.
            throw new IllegalArgumentException("BufferedImage of " + w + "x" + h + " = " + pixels + " pixels is more than"
                    + " OpenCV reads from a file (2^30 = " + ImageFormats.MAX_PIXELS + " pixels); scale it down first");
        }
        checkFloatSamples(image);
        // Row by row, straight into the Mat: whole-picture arrays of a 30000x30000 picture did not fit an int index.
        if (isGrey(image)) {
            return grey(image);
        }
        boolean alpha = image.getColorModel().hasAlpha();
        int channels = alpha ? 4 : 3;
        Mat mat = new Mat(h, w, CV_8UC(channels));
        int[] argb = new int[w];
        byte[] bytes = new byte[w * channels];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, argb, 0, w);
            for (int i = 0, o = 0; i < w; i++, o += channels) {
                int p = argb[i];
                bytes[o] = (byte) p; // blue
                bytes[o + 1] = (byte) (p >> 8); // green
                bytes[o + 2] = (byte) (p >> 16); // red
                if (alpha) {
                    bytes[o + 3] = (byte) (p >>> 24);
                }
            }
            mat.ptr(y).put(bytes);
        }
        return mat;
    }

    /**
     * A grey picture, with or without alpha, by its stored values scaled from its bits to 8 (or 16 past 8 bits without
     * alpha); alpha comes out as BGRA with the grey in all three, as OpenCV reads a grey PNG with alpha.
     */
    private static Mat grey(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        boolean alpha = model.hasAlpha();
        int bits = model.getComponentSize(0);
        boolean wide = !alpha && bits > 8;
        int top = wide ? 65535 : 255;
        int transfer = raster.getTransferType();
        // Integer samples are read as they are; premultiplied or other types through the model's normalised values.
        boolean samples = (transfer == DataBuffer.TYPE_BYTE || transfer == DataBuffer.TYPE_USHORT)
                && !model.isAlphaPremultiplied() && bits <= 16 && (!alpha || model.getComponentSize(1) <= 16);
        int greyMax = samples ? (1 << bits) - 1 : 0;
        int alphaMax = samples && alpha ? (1 << model.getComponentSize(1)) - 1 : 0;
        int channels = alpha ? 4 : 1;
        Mat out = new Mat(h, w, wide ? CV_16UC1 : CV_8UC(channels));
        int[] level = new int[w];
        int[] opacity = alpha ? new int[w] : null;
        byte[] row8 = wide ? null : new byte[w * channels];
        short[] row16 = wide ? new short[w] : null;
        Object element = null;
        float[] normalised = null;
        for (int y = 0; y < h; y++) {
            if (samples) {
                raster.getSamples(0, y, w, 1, 0, level);
                if (alpha) {
                    raster.getSamples(0, y, w, 1, 1, opacity);
                }
                for (int x = 0; x < w; x++) {
                    level[x] = scale(level[x], greyMax, top);
                    if (alpha) {
                        opacity[x] = scale(opacity[x], alphaMax, 255);
                    }
                }
            } else {
                for (int x = 0; x < w; x++) {
                    element = raster.getDataElements(x, y, element);
                    normalised = model.getNormalizedComponents(element, normalised, 0); // not premultiplied
                    level[x] = level(normalised[0], top);
                    if (alpha) {
                        opacity[x] = level(normalised[1], 255);
                    }
                }
            }
            if (wide) {
                for (int x = 0; x < w; x++) {
                    row16[x] = (short) level[x];
                }
                new ShortPointer(out.ptr(y)).put(row16);
                continue;
            }
            for (int x = 0, o = 0; x < w; x++, o += channels) {
                row8[o] = (byte) level[x];
                if (alpha) {
                    row8[o + 1] = (byte) level[x];
                    row8[o + 2] = (byte) level[x];
                    row8[o + 3] = (byte) opacity[x];
                }
            }
            out.ptr(y).put(row8);
        }
        return out;
    }

    /**
     * Refuses a picture of float (or double) samples outside its colour space's range (0..1 for grey and sRGB), or NaN,
     * as a float {@code Mat} is refused: Java's colour model clamps them, and a digit stored as floats of 0..255 was
     * read as a saturated 7 (logit 14.8 against 12.3), one with NaN strokes as a 1 (helper-154), without a word.
     */
    private static void checkFloatSamples(BufferedImage image) {
        Raster raster = image.getRaster();
        int transfer = raster.getTransferType();
        if (transfer != DataBuffer.TYPE_FLOAT && transfer != DataBuffer.TYPE_DOUBLE) {
            return;
        }
        ColorModel model = image.getColorModel();
        java.awt.color.ColorSpace space = model.getColorSpace();
        int colours = space.getNumComponents();
        int w = image.getWidth();
        double[] row = new double[w];
        for (int band = 0; band < raster.getNumBands(); band++) {
            // Alpha, after the colours, lies in 0..1.
            double min = band < colours ? space.getMinValue(band) : 0;
            double max = band < colours ? space.getMaxValue(band) : 1;
            for (int y = 0; y < image.getHeight(); y++) {
                raster.getSamples(0, y, w, 1, band, row);
                for (int x = 0; x < w; x++) {
                    double v = row[x];
                    if (!(v >= min && v <= max)) {
                        throw new IllegalArgumentException("BufferedImage holds " + v + " at (y=" + y + ", x=" + x
                                + ")" + (raster.getNumBands() > 1 ? " in band " + band : "") + ": a float picture's"
                                + " values lie in " + min + ".." + max + " (a picture of 0..255 is given as bytes, or"
                                + " divided by 255)");
                    }
                }
            }
        }
    }

    /** A sample of 0..max as 0..top, rounded (unchanged when the ranges are equal). */
    private static int scale(int sample, int max, int top) {
        return max == top ? sample : (int) ((sample * (long) top + max / 2) / max);
    }

    /** A normalised value as 0..top; out of [0, 1] clamped, NaN 0. */
    private static int level(float normalised, int top) {
        return normalised > 0 ? Math.round(Math.min(normalised, 1f) * top) : 0;
    }

    /**
     * @param image an 8-bit picture of 1 (grey), 3 (BGR) or 4 (BGRA) channels, e.g. an overlay from {@link Overlay} or
     *     {@link Annotation}; not modified
     * @return a new picture: {@code TYPE_BYTE_GRAY}, {@code TYPE_3BYTE_BGR} or {@code TYPE_4BYTE_ABGR}
     * @throws IllegalArgumentException when the Mat is null or empty, not 2-dimensional, not 8-bit, of another channel
     *     count, or of 2^31 bytes or more
     */
    public static BufferedImage toBufferedImage(Mat image) {
        if (image == null || image.isNull() || image.empty()) {
            throw new IllegalArgumentException("Mat is null or empty: no picture to convert");
        }
        if (image.dims() > 2) {
            // Its rows and columns read -1, which AWT refused as "w and h must be > 0".
            throw new IllegalArgumentException("Mat has " + image.dims() + " dimensions; a picture has 2 (rows x"
                    + " columns)");
        }
        int ch = image.channels();
        if (image.depth() != CV_8U || (ch != 1 && ch != 3 && ch != 4)) {
            throw new IllegalArgumentException("Mat is " + DepthNames.of(image) + ": toBufferedImage takes 8-bit grey,"
                    + " BGR or BGRA (Images.toBgr8 converts others)");
        }
        int w = image.cols();
        int h = image.rows();
        long bytes = (long) w * h * ch;
        if (bytes > Integer.MAX_VALUE - 8) {
            // A BufferedImage keeps its pixels in one Java array; past 2^31 bytes its constructor threw
            // NegativeArraySizeException.
            throw new IllegalArgumentException("Mat of " + w + "x" + h + ", " + DepthNames.of(image) + ", is "
                    + bytes + " bytes, more than a BufferedImage holds (one Java array, under 2^31 bytes); scale it"
                    + " down first");
        }
        int type = ch == 1 ? BufferedImage.TYPE_BYTE_GRAY : ch == 3 ? BufferedImage.TYPE_3BYTE_BGR
                : BufferedImage.TYPE_4BYTE_ABGR;
        BufferedImage out = new BufferedImage(w, h, type);
        byte[] target = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        // Row by row: a Mat that is a region of a larger one is not continuous.
        byte[] row = new byte[w * ch];
        for (int y = 0; y < h; y++) {
            BytePointer line = image.ptr(y);
            line.get(row);
            if (ch == 4) {
                // BGRA → ABGR
                for (int x = 0; x < w; x++) {
                    int i = 4 * x;
                    target[y * w * 4 + i] = row[i + 3];
                    target[y * w * 4 + i + 1] = row[i];
                    target[y * w * 4 + i + 2] = row[i + 1];
                    target[y * w * 4 + i + 3] = row[i + 2];
                }
            } else {
                System.arraycopy(row, 0, target, y * w * ch, w * ch);
            }
        }
        return out;
    }

    /** A grey picture: one grey component (and perhaps alpha) in a component model, whatever its sample type. */
    private static boolean isGrey(BufferedImage image) {
        ColorModel model = image.getColorModel();
        return model instanceof ComponentColorModel && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && model.getNumColorComponents() == 1 && image.getRaster().getNumBands() == model.getNumComponents();
    }
}
