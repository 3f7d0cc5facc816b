package io.github.cam4j.video;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;

import io.github.cam4j.cam.GreyLevels;
import io.github.cam4j.cam.Invert;
import io.github.cam4j.render.Box;
import io.github.cam4j.render.PictureResize;
import io.github.cam4j.savedmodel.InputSpec;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Brings a frame to the model: crops the region of interest, converts to the model's channels, resizes by the
 * {@link Scale}, inverts dark-on-light pictures for light-on-dark models, takes the ground (paper, however lit) off
 * and clears the faint background to the model's blank (see {@link #DEFAULT_FLOOR}), and applies the model's pixel
 * scaling. Stateless and thread-safe.
 */
final class FramePreparer {
    /** The smallest side, in model pixels, of what is fed: two 2x2 poolings need at least 4, a useful map more. */
    static final int MIN_SIDE = 8;
    /** The side of the largest square fed to the model: see {@link #MAX_FED_PIXELS}. */
    static final int MAX_FED_SIDE = 2048;
    /**
     * The most pixels fed to the model for one frame (2048 x 2048, 4.2 megapixels). The model's memory and time grow
     * with the pixels fed: measured with the bundled pooled model, a frame scaled to 2720x2040 (5.5 MP) took 300 MB
     * more than at scale 1, about 55 bytes a pixel; a tester's --scale 60 took 7.4 GB and 43 s for one frame, and
     * --scale 1000 ran out of memory inside OpenCV. Digits need far less: the automatic scale feeds 112 pixels high,
     * and even a 1080p frame at scale 1 (2.1 MP) fits.
     */
    static final long MAX_FED_PIXELS = (long) MAX_FED_SIDE * MAX_FED_SIDE;
    /**
     * Intensities below this fraction of full white (after any inversion) become 0, for models trained on light ink on
     * a black background (MNIST's is exactly 0). Video never is: sensor noise and compression leave values of a few
     * percent everywhere, which such a model reads as faint strokes, and which keep a bias-free model from skipping
     * the blank part of the frame ({@code CamSession.Builder#optSkipBlank}). Ten percent is below MNIST's ink
     * (strokes are near full white, only their anti-aliased rims are fainter) and above H.264's artefacts on black.
     */
    static final double DEFAULT_FLOOR = 0.1;

    private final InputSpec spec;
    private final Invert invert;
    private final Scale scale;
    private final Box roi;
    private final int multiple;
    private final double floorFraction;
    private final float floor;
    /**
     * The frames' pixel width over height as shown (1 for square pixels): the region is widened by it as it is
     * resized, so the model sees the picture as shown. An anamorphic video stores its pixels squeezed (a 2:1 one half
     * as wide): fed as stored, its digits came to the model half as wide, and every 7 read as a 1.
     */
    private final double pixelAspect;
    /** Where a first frame of dark ink on a light ground is noted, for a model whose ink is unknown; null for none. */
    private final java.util.function.Consumer<String> inkNotes;
    /** Whether that note was given: shared by the copies {@link #withScale} makes, so it is given once a stream. */
    private final java.util.concurrent.atomic.AtomicBoolean noted;

    FramePreparer(InputSpec spec, Invert invert, Scale scale, Box roi) {
        this(spec, invert, scale, roi, 1);
    }

    FramePreparer(InputSpec spec, Invert invert, Scale scale, Box roi, int multiple) {
        this(spec, invert, scale, roi, multiple, DEFAULT_FLOOR);
    }

    /**
     * @param multiple fed sides are rounded to a multiple of this: the model's feature stride, so that its cells tile
     *     the fed image exactly and the map's upsampling is a plain resize (1 for no rounding)
     * @param floor the ground is taken off, then intensities below this fraction of white become 0 (light-on-dark models
     *     only; 0 for neither)
     */
    FramePreparer(InputSpec spec, Invert invert, Scale scale, Box roi, int multiple, double floor) {
        this(spec, invert, scale, roi, multiple, floor, null, new java.util.concurrent.atomic.AtomicBoolean(), 1);
    }

    private FramePreparer(InputSpec spec, Invert invert, Scale scale, Box roi, int multiple, double floor,
            java.util.function.Consumer<String> inkNotes, java.util.concurrent.atomic.AtomicBoolean noted,
            double pixelAspect) {
        this.pixelAspect = pixelAspect > 0 && Double.isFinite(pixelAspect) ? pixelAspect : 1;
        this.inkNotes = inkNotes;
        this.noted = noted;
        this.spec = spec;
        this.invert = invert;
        this.scale = scale;
        this.roi = roi;
        this.multiple = Math.max(1, multiple);
        this.floorFraction = floor;
        this.floor = spec.lightOnDark() ? (float) (floor * 255.0) : 0f;
    }

    /** @return a preparer like this one that resizes by {@code other} */
    FramePreparer withScale(Scale other) {
        return new FramePreparer(spec, invert, other, roi, multiple, floorFraction, inkNotes, noted, pixelAspect);
    }

    /**
     * @param aspect the frames' pixel width over height as shown ({@link FrameSource#pixelAspect()}): 1 for square
     *     pixels
     * @return a preparer like this one that widens the region by it as it resizes, so square pixels are fed
     */
    FramePreparer withPixelAspect(double aspect) {
        return new FramePreparer(spec, invert, scale, roi, multiple, floorFraction, inkNotes, noted, aspect);
    }

    /**
     * @param sink where the first frame of dark ink on a light ground is noted, once a stream: for a model whose ink
     *     is unknown, whose frames are fed as they are (nothing inverted on a guess)
     * @return a preparer like this one that notes it
     */
    FramePreparer withInkNotes(java.util.function.Consumer<String> sink) {
        return new FramePreparer(spec, invert, scale, roi, multiple, floorFraction, sink, noted, pixelAspect);
    }

    /** @return the scale it resizes by */
    Scale scale() {
        return scale;
    }

    /** @return the grey level (0..255) above the ground below which intensities become 0; 0 for none */
    float floor() {
        return floor;
    }

    /**
     * @return whether {@link InkScale} can measure the ink of what this prepares: the whole frame under the automatic
     *     rule, for a one-channel model of light ink whose ground is cleared to its blank (so what is left is ink)
     */
    boolean inkMeasurable() {
        return scale.isAuto() && roi == null && spec.channels() == 1 && floor > 0;
    }

    /**
     * @param values model input, {@code height * width * channels}, row-major
     * @param height fed height
     * @param width fed width
     * @param region what of the frame was fed, in frame pixels
     * @param inverted whether intensities were inverted
     */
    record Prepared(float[] values, int height, int width, Box region, boolean inverted) {}

    /** @return whether whole frames are explained (no region of interest) */
    boolean wholeFrames() {
        return roi == null;
    }

    /** @return the region explained in a frame of the given size, checked to lie inside it */
    Box region(int frameHeight, int frameWidth) {
        return region(roi, frameHeight, frameWidth);
    }

    /** @return the region {@code roi} (null: the whole frame) explains in a frame of the given size, checked */
    static Box region(Box roi, int frameHeight, int frameWidth) {
        if (roi == null) {
            return new Box(0, 0, frameWidth, frameHeight);
        }
        // In long: x + w past the largest int wrapped to a negative number, passed, and crashed OpenCV.
        if (roi.isEmpty() || roi.x() < 0 || roi.y() < 0 || (long) roi.x() + roi.width() > frameWidth
                || (long) roi.y() + roi.height() > frameHeight) {
            throw new FrameSizeException(FrameSizeException.Refused.REGION, "region of interest " + roi
                    + " (x,y,w,h) does not lie inside the " + frameWidth + "x" + frameHeight + " frame");
        }
        return roi;
    }

    /**
     * Checks a frame size: the region must fit, and its scaled size must be large enough for the model.
     *
     * @return the scaled {@code {height, width}} fed to the model
     * @throws IllegalArgumentException naming the region, the scale and the sizes when not
     */
    int[] fedSize(int frameHeight, int frameWidth) {
        return fedSize(scale, roi, frameHeight, frameWidth, multiple, pixelAspect);
    }

    /**
     * {@link #fedSize(int, int)} without a model: the region and scale checks a caller can make before loading one.
     *
     * @param multiple the model's feature stride (1 when not known yet)
     */
    static int[] fedSize(Scale scale, Box roi, int frameHeight, int frameWidth, int multiple) {
        return fedSize(scale, roi, frameHeight, frameWidth, multiple, 1);
    }

    /**
     * @param pixelAspect the frames' pixel width over height as shown: the fed width is widened by it (square pixels)
     */
    static int[] fedSize(Scale scale, Box roi, int frameHeight, int frameWidth, int multiple, double pixelAspect) {
        Box region = region(roi, frameHeight, frameWidth);
        double f = scale.factor(region.height(), roi != null);
        if (scale.chosenByCam4j()) {
            f = withinLimits(f, region, multiple, pixelAspect);
        }
        double rawH = region.height() * f;
        double rawW = region.width() * f * pixelAspect;
        if (rawH * rawW > MAX_FED_PIXELS) {
            String scaled = scaledText(region, f, pixelAspect);
            // Sides beyond a billion (--scale 1e308 makes them infinite) are no size anyone reads: "far larger" instead.
            String size = rawW < 1e9 && rawH < 1e9 ? Math.round(rawW) + "x" + Math.round(rawH)
                    + String.format(java.util.Locale.ROOT, " (%.1f megapixels)", rawH * rawW / 1e6) : "far larger";
            throw new FrameSizeException(FrameSizeException.Refused.SCALE, scaled + " is " + size + ", above the " + MAX_FED_SIDE + "x"
                    + MAX_FED_SIDE + " pixels the model is fed at most: lower the scale");
        }
        int h = roundTo(rawH, multiple);
        int w = roundTo(rawW, multiple);
        if (h < MIN_SIDE || w < MIN_SIDE) {
            String scaled = scaledText(region, f, pixelAspect);
            String rounded = multiple > 1 ? String.format(java.util.Locale.ROOT, " (%.1fx%.1f rounded to the model's %d-pixel"
                    + " cells)", rawW, rawH, multiple) : "";
            throw new FrameSizeException(FrameSizeException.Refused.SCALE, scaled + " is " + w + "x" + h + rounded
                    + ", below the " + MIN_SIDE
                    + "x" + MIN_SIDE + " the model needs: raise the scale");
        }
        return new int[] {h, w};
    }

    /**
     * The region and its scale as the refusals name them; only written for a refusal, as every frame asks its fed
     * size and formatting the factor was 1 % of the explain stage's samples in a profile of the video benchmark.
     */
    private static String scaledText(Box region, double f, double pixelAspect) {
        return "a " + region.width() + "x" + region.height() + " region scaled by " + factorText(f)
                + (pixelAspect != 1 ? " (and its width by " + factorText(pixelAspect) + " more, its pixels' shape as "
                        + "shown)" : "");
    }

    /**
     * The automatic scale kept within what the model is fed: its shorter side at least {@link #MIN_SIDE} (after the
     * model's rounding) and its pixels at most {@link #MAX_FED_PIXELS}. The rule takes a digit for a quarter of the
     * frame's height, which on a strip of a frame is no digit: an 8000x16 video was scaled by 7 to 56000x112 and
     * refused with "lower the scale", a 16x8000 one by 0.014 to 1x112 and told to raise it, though the user had set no
     * scale (helper-156's audit).
     *
     * @throws IllegalArgumentException when no scale meets both, naming the region
     */
    private static double withinLimits(double f, Box region, int multiple, double pixelAspect) {
        double h = region.height();
        double w = region.width() * pixelAspect;
        double fewest = Math.ceil((double) MIN_SIDE / multiple) * multiple;
        double lowest = fewest / Math.min(h, w);
        double highest = Math.sqrt(MAX_FED_PIXELS / (h * w)) * (1 - 1e-12);
        if (lowest > highest) {
            throw new FrameSizeException(FrameSizeException.Refused.SCALE, String.format(java.util.Locale.ROOT,
                    "a %dx%d region cannot be fed to "
                    + "the model at any scale: with its shorter side at the %d pixels the model needs, it is %.1f "
                    + "megapixels, above the %dx%d it is fed at most; explain a part of it (--roi x,y,w,h)",
                    region.width(), region.height(), (int) fewest, h * w * lowest * lowest / 1e6, MAX_FED_SIDE,
                    MAX_FED_SIDE));
        }
        return Math.min(Math.max(f, lowest), highest);
    }

    /**
     * @return a scale factor as the messages give it, 0.233 or 60.000; one far outside typed scales in scientific
     *     notation (1e-9 read "0.000", 1e308 three hundred digits)
     */
    static String factorText(double f) {
        return String.format(java.util.Locale.ROOT, f >= 0.001 && f < 1e6 ? "%.3f" : "%.3g", f);
    }

    /** @return {@code v} rounded to the nearest multiple of {@code m} (at least {@code m}) */
    static int roundTo(double v, int m) {
        return (int) Math.max(m, Math.round(v / m) * m);
    }

    Prepared prepare(Mat frame) {
        if (frame == null || frame.isNull() || frame.empty()) {
            throw new IllegalArgumentException("frame is empty");
        }
        Box region = region(frame.rows(), frame.cols());
        int[] fed = fedSize(frame.rows(), frame.cols());
        int h = fed[0];
        int w = fed[1];
        try (Rect rect = new Rect(region.x(), region.y(), region.width(), region.height());
                Mat view = new Mat(frame, rect);
                Mat channels = modelChannels(view);
                Mat sized = resize(channels, h, w);
                Mat floats = new Mat()) {
            sized.convertTo(floats, CV_32F);
            int n = h * w * spec.channels();
            float[] values = new float[n];
            try (FloatPointer data = new FloatPointer(floats.data())) {
                data.get(values);
            }
            boolean flip = invert.appliesTo(spec.lightOnDark(), values, h, w, spec.channels());
            // As explain notes a picture: dark ink on paper, for a grey model that cannot say its ink, is fed as it is,
            // and misread when the model is MNIST's kind. Said once, for the first such frame.
            if (inkNotes != null && invert == Invert.AUTO && spec.channels() == 1 && !noted.get()
                    && Invert.lightBorder(values, h, w, spec.channels()) && noted.compareAndSet(false, true)) {
                inkNotes.accept("the video's frames have a light ground (dark ink on paper?) and are fed as they are: the"
                        + " model does not say which ink it was trained on; if light ink on a dark ground, as MNIST's, say"
                        + " so (--ink light, LoadOptions.withInk(true))");
            }
            if (flip) {
                for (int i = 0; i < n; i++) {
                    values[i] = 255f - values[i];
                }
            }
            // Paper is not black once inverted (white paper under room light reads 180..220, so 35..75 inverted), nor
            // even (a lamp to one side, vignetting): the ground under each pixel comes off, then what is left of it
            // (the frame's median while the ink covers less than half of it), before the floor.
            if (floor > 0 && spec.channels() == 1) {
                values = GreyLevels.withoutShading(values, h, w);
            }
            float ground = floor > 0 ? GreyLevels.median(values) : 0f;
            for (int i = 0; i < n; i++) {
                float v = values[i] - ground;
                values[i] = v < floor ? 0f : v;
            }
            spec.toModelInput(values);
            return new Prepared(values, h, w, region, flip);
        }
    }

    /** @return 8-bit grey, or 8-bit RGB for colour models, as a new continuous Mat */
    private Mat modelChannels(Mat view) {
        if (spec.channels() == 1) {
            if (view.type() == org.bytedeco.opencv.global.opencv_core.CV_8UC3) {
                // The usual video frame: straight to grey, without Images' general-purpose copy.
                Mat grey = new Mat();
                opencv_imgproc.cvtColor(view, grey, opencv_imgproc.COLOR_BGR2GRAY);
                return grey;
            }
            return FramePixels.eightBit(view, true);
        }
        try (Mat bgr = FramePixels.eightBit(view, false)) {
            Mat rgb = new Mat();
            opencv_imgproc.cvtColor(bgr, rgb, COLOR_BGR2RGB);
            return rgb;
        }
    }

    static Mat resize(Mat image, int h, int w) {
        Mat out = new Mat();
        if (image.rows() == h && image.cols() == w) {
            image.copyTo(out);
            return out;
        }
        boolean shrinking = h < image.rows() || w < image.cols();
        if (shrinking) {
            // OpenCV averages areas fast only for a whole factor (640x480 -> 160x120 in 0.15 ms, -> 148x112 in
            // 0.64 ms). So shrink by the largest whole factor that divides both sides first, then the small rest.
            int k = Math.min(image.rows() / h, image.cols() / w);
            while (k >= 2 && (image.rows() % k != 0 || image.cols() % k != 0)) {
                k--;
            }
            if (k >= 2 && (image.rows() / k != h || image.cols() / k != w)) {
                try (Mat coarse = new Mat(); Size size = new Size(image.cols() / k, image.rows() / k)) {
                    opencv_imgproc.resize(image, coarse, size, 0, 0, INTER_AREA);
                    try (Size target = new Size(w, h)) {
                        opencv_imgproc.resize(coarse, out, target, 0, 0, INTER_AREA);
                    }
                    return out;
                }
            }
        }
        try (Size size = new Size(w, h)) {
            // Averaged where it shrinks, interpolated where it only grows, as a picture is: SeenPart reads the part a
            // cropping model saw by this rule.
            opencv_imgproc.resize(image, out, size, 0, 0, PictureResize.interpolation(image.rows(), image.cols(), h, w));
        }
        return out;
    }
}
