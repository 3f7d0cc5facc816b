package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.bitwise_and;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_core.sumElems;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.blendLinear;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Lays a picture with an alpha channel on a solid ground, so that what the model and the overlay see is what a
 * viewer shows.
 *
 * <p><b>The ground</b>: white, unless the picture's opaque pixels are mostly light (more than half of them, each
 * counted by its opacity, have a grey level of 128 or more), then black. A transparent pixel's colour means
 * nothing (editors store it as 0,0,0 or anything else), and a viewer shows transparency on its own ground, which
 * the file does not name; what the file does say is the colour of its ink. Black ink on transparency is meant to
 * be seen on a light ground and light ink on a dark one, so the ground is chosen to contrast with the ink: a
 * black digit on a transparent background comes out as a black digit on white, a white digit as white on black,
 * and the usual polarity detection takes it from there.
 *
 * <p>That holds while the opaque pixels are the ink, a minority of the picture. When they cover more than half of it
 * (their opacity summed) and show ink of their own (more than one in a thousand of their solid pixels, alpha 224
 * or more, lies 64 grey levels or more from the median of them all), they hold a ground of their own, and the
 * transparency is a margin around it: a photo of paper turned in an editor, its corners left transparent, or a
 * screenshot with rounded corners. The ground then continues theirs (white when they are mostly light, else black):
 * laid on black, the corners of a turned photo of a 1 on paper became dark wedges that inverting made ink, and it was
 * read as a 0 at p=0.46 (as a 1 at p=0.9999 laid on white); pencil at 150 on paper at 235 is such ink, light as
 * both are. Opaque pixels all of one colour are ink however much they cover (a thick digit cropped close), their
 * shade varying or not: laid on their own colour, a white digit on white, it vanished and was read as a blank
 * picture.
 */
public final class Transparency {
    /** Grey levels from this one up count as light. */
    static final int LIGHT = 128;

    /**
     * Opacities from this one up count as solid, where a pixel's colour is what it shows rather than a fringe's. A
     * thick white digit whose fringe stores its opacity as its colour (alpha 150, grey 150) would otherwise show ink
     * of its own.
     */
    private static final int SOLID = 224;

    /** Solid pixels this many grey levels or more from the median of all solid ones are ink on their ground. */
    private static final int CONTRAST = 64;

    /**
     * Opaque pixels covering most of the picture hold a ground of their own when more than one solid pixel in this
     * many contrasts with the rest (a digit is some hundredths of a photo of paper; ink alone has none).
     */
    private static final int INK_SHARE = 1000;

    private Transparency() {}

    /**
     * @param eight an 8-bit image with 2 (grey, alpha) or 4 (BGRA) channels
     * @return a new 8-bit image without alpha (1 channel for grey with alpha, else 3) laid on the ground the class
     *     describes; the caller closes it
     */
    static Mat composite(Mat eight) {
        int channels = eight.channels();
        if (eight.depth() != CV_8U || (channels != 2 && channels != 4)) {
            throw new IllegalArgumentException("composite takes 8-bit images with alpha, got type " + eight.type());
        }
        Mat out = new Mat();
        try (PointerScope scope = new PointerScope()) {
            Mat colour = new Mat();
            Mat grey = new Mat();
            Mat alpha = new Mat();
            if (channels == 4) {
                cvtColor(eight, colour, COLOR_BGRA2BGR);
                cvtColor(eight, grey, COLOR_BGRA2GRAY);
            } else {
                extractChannel(eight, colour, 0);
                colour.copyTo(grey);
            }
            extractChannel(eight, alpha, channels - 1);
            int ground = ground(grey, alpha);
            Mat background = new Mat(eight.rows(), eight.cols(), channels == 4 ? CV_8UC3 : CV_8UC1,
                    new Scalar(ground, ground, ground, 0));
            Mat opacity = new Mat();
            Mat rest = new Mat();
            alpha.convertTo(opacity, CV_32F, 1.0 / 255.0, 0);
            opacity.convertTo(rest, CV_32F, -1.0, 1.0);
            // out = colour * a + ground * (1 - a), per pixel (blendLinear divides by the weights' sum, here 1).
            blendLinear(colour, background, opacity, rest, out);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }

    /**
     * The ground the class describes for a picture with an alpha channel, for a caller that lays it itself: a video
     * decides it once, from its first frame that shows anything and is transparent somewhere, so that its ground does
     * not flicker from frame to frame, and flattens every frame over it as {@code explain} flattens a picture.
     *
     * @param bgra an 8-bit picture with 4 channels, BGRA; not changed
     * @return the ground's grey level, 255 (white) or 0 (black); white for a picture transparent everywhere
     */
    public static int ground(Mat bgra) {
        if (bgra.depth() != CV_8U || bgra.channels() != 4) {
            throw new IllegalArgumentException("ground takes 8-bit BGRA images, got type " + bgra.type());
        }
        try (Mat grey = new Mat(); Mat alpha = new Mat()) {
            cvtColor(bgra, grey, COLOR_BGRA2GRAY);
            extractChannel(bgra, alpha, 3);
            return ground(grey, alpha);
        }
    }

    /**
     * @return the grey level of the ground (0 or 255) the class describes: contrasting with the opaque pixels when
     *     they are the ink, continuing them when they cover most of the picture; white for a fully transparent one
     */
    private static int ground(Mat grey, Mat alpha) {
        try (Mat light = new Mat(); Mat lightAlpha = new Mat()) {
            threshold(grey, light, LIGHT - 1, 255, THRESH_BINARY);
            bitwise_and(alpha, light, lightAlpha);
            double total;
            double onLight;
            try (Scalar all = sumElems(alpha); Scalar lit = sumElems(lightAlpha)) {
                total = all.get(0);
                onLight = lit.get(0);
            }
            boolean mostlyLight = total > 0 && onLight * 2 > total;
            // A ground of their own needs ink on it: opaque pixels all of one colour are ink, however much of the
            // picture they cover (a thick digit cropped close), and laid on their own colour would vanish.
            boolean ownGround = total * 2 > 255.0 * alpha.total() && showsInk(grey, alpha);
            return mostlyLight == ownGround ? 255 : 0;
        }
    }

    /**
     * @return whether the solid pixels hold ink of their own: more than one in {@value #INK_SHARE} lies
     *     {@value #CONTRAST} grey levels or more from their median, the ground they mostly show. The ground is the
     *     pixels' own, not split at 128: pencil at 150 on paper at 235 is ink though both are light (split at 128, a
     *     photo of it with transparent corners was laid on black, its corners became ink, and a 7 was read as a 5 at
     *     p=0.71); ink whose own shade varies (grey 160 to 255 at random) has no pixel that far from its median and
     *     stays ink alone (split at the middle of its span, a thick white digit so drawn was laid on white and read as
     *     an 8).
     */
    private static boolean showsInk(Mat grey, Mat alpha) {
        long[] histogram = new long[256];
        long solidCount = 0;
        // Clones are continuous, read as one run of bytes each.
        try (Mat g = grey.clone(); Mat a = alpha.clone()) {
            byte[] levels = new byte[(int) g.total()];
            byte[] opacity = new byte[(int) a.total()];
            g.data().get(levels);
            a.data().get(opacity);
            for (int i = 0; i < levels.length; i++) {
                if ((opacity[i] & 0xff) >= SOLID) {
                    histogram[levels[i] & 0xff]++;
                    solidCount++;
                }
            }
        }
        if (solidCount == 0) {
            return false;
        }
        int median = 0;
        for (long seen = histogram[0]; seen * 2 < solidCount; seen += histogram[++median]) {
            // up to the level that holds the middle solid pixel
        }
        long far = 0;
        for (int level = 0; level < 256; level++) {
            if (Math.abs(level - median) >= CONTRAST) {
                far += histogram[level];
            }
        }
        return far * INK_SHARE > solidCount;
    }
}
