package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.CV_16UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
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
 * <p>Grey pictures keep their stored sample values (as OpenCV and {@code ImageIO} read a grey PNG): Java's
 * {@code getRGB} would carry them through its linear grey colour space and brighten them. Every other picture is taken
 * as {@code getRGB} gives it (sRGB, alpha kept): indexed, premultiplied, 16-bit colour and custom colour models alike.
 */
public final class AwtImages {
    private AwtImages() {}

    /**
     * @param image a picture
     * @return a new Mat the caller closes: 8-bit grey (a 16-bit grey picture gives 16-bit grey), BGR, or BGRA when the
     *     picture has alpha
     * @throws IllegalArgumentException when the image is null
     */
    public static Mat toMat(BufferedImage image) {
        if (image == null) {
            throw new IllegalArgumentException("BufferedImage is null");
        }
        int w = image.getWidth();
        int h = image.getHeight();
        if (isGrey(image)) {
            int[] samples = image.getRaster().getSamples(0, 0, w, h, 0, (int[]) null);
            if (image.getColorModel().getComponentSize(0) > 8) {
                short[] wide = new short[samples.length];
                for (int i = 0; i < samples.length; i++) {
                    wide[i] = (short) samples[i];
                }
                Mat grey = new Mat(h, w, CV_16UC1);
                new ShortPointer(grey.data()).put(wide);
                return grey;
            }
            byte[] bytes = new byte[samples.length];
            for (int i = 0; i < samples.length; i++) {
                bytes[i] = (byte) samples[i];
            }
            Mat grey = new Mat(h, w, CV_8UC(1));
            grey.data().put(bytes);
            return grey;
        }
        boolean alpha = image.getColorModel().hasAlpha();
        int channels = alpha ? 4 : 3;
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] bytes = new byte[argb.length * channels];
        for (int i = 0, o = 0; i < argb.length; i++, o += channels) {
            int p = argb[i];
            bytes[o] = (byte) p; // blue
            bytes[o + 1] = (byte) (p >> 8); // green
            bytes[o + 2] = (byte) (p >> 16); // red
            if (alpha) {
                bytes[o + 3] = (byte) (p >>> 24);
            }
        }
        Mat mat = new Mat(h, w, CV_8UC(channels));
        mat.data().put(bytes);
        return mat;
    }

    /**
     * @param image an 8-bit picture of 1 (grey), 3 (BGR) or 4 (BGRA) channels, e.g. an overlay from {@link Overlay} or
     *     {@link Annotation}; not modified
     * @return a new picture: {@code TYPE_BYTE_GRAY}, {@code TYPE_3BYTE_BGR} or {@code TYPE_4BYTE_ABGR}
     * @throws IllegalArgumentException when the Mat is null or empty, not 8-bit, or of another channel count
     */
    public static BufferedImage toBufferedImage(Mat image) {
        if (image == null || image.isNull() || image.empty()) {
            throw new IllegalArgumentException("Mat is null or empty: no picture to convert");
        }
        int ch = image.channels();
        if (image.depth() != CV_8U || (ch != 1 && ch != 3 && ch != 4)) {
            throw new IllegalArgumentException("Mat of depth " + image.depth() + " with " + ch + " channels: toBufferedImage"
                    + " takes 8-bit grey, BGR or BGRA (Images.toBgr8 converts others)");
        }
        int w = image.cols();
        int h = image.rows();
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

    private static boolean isGrey(BufferedImage image) {
        Raster raster = image.getRaster();
        return raster.getNumBands() == 1 && image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && image.getColorModel().getComponentSize(0) <= 16;
    }
}
