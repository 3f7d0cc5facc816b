package io.github.cam4j.cam;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2RGB;

import io.github.cam4j.render.Images;
import io.github.cam4j.render.PictureResize;
import io.github.cam4j.savedmodel.InputSpec;
import java.nio.FloatBuffer;
import java.util.function.Consumer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Brings any picture to what a model's input expects: its channels (grey, or RGB from OpenCV's BGR), its training
 * size when it has one (stretched, or framed as MNIST framed its digits: {@link Framing}), its polarity (light
 * strokes on dark for MNIST models) and its pixel scaling.
 *
 * <p>Accepted Mats: 8-bit (0..255), 16-bit (0..65535) or 32-bit float (0..1, OpenCV's convention for float images,
 * whatever the channels; finite, and within {@value PixelRules#FLOAT_SLACK} of that range, else refused), with 1 (grey), 2 (grey,
 * alpha), 3 (BGR) or 4 (BGRA) channels, any size. 16-bit pictures and pictures with alpha
 * are first brought to what a viewer shows by {@link Images#flatten(Mat)}: divided by 257, and laid on white (or on
 * black when their opaque pixels are mostly light ink; when they cover most of the picture with ink of their own, on the
 * ground they hold).
 */
final class ImagePreparer {
    private final InputSpec spec;
    private final Invert invert;
    private final boolean keepSize;
    private final Framing framing;
    private final Consumer<String> warnings;
    /** Where a picture of dark ink on a light ground is noted, for a model whose ink is unknown; null for no note. */
    private final Consumer<String> inkNotes;

    /**
     * @param warnings where a warning about a picture goes (one line naming it), e.g. a forced inversion that left it
     *     mostly ink ({@link InkCoverage})
     * @param inkNotes for a model whose ink cam4j cannot tell, where a picture of dark ink on a light ground, fed as it
     *     is, is noted (one line naming it); null when the model's ink is known
     */
    ImagePreparer(InputSpec spec, Invert invert, boolean keepSize, Framing framing, Consumer<String> warnings,
            Consumer<String> inkNotes) {
        this.spec = spec;
        this.invert = invert;
        this.keepSize = keepSize;
        this.framing = framing;
        this.warnings = warnings;
        this.inkNotes = inkNotes;
    }

    /**
     * A picture ready for the model.
     *
     * @param values the model's input, row-major
     * @param height its rows
     * @param width its columns
     * @param frame where the picture went on the input when it was framed as a digit; null when it was stretched
     *     whole (or kept)
     */
    record Prepared(float[] values, int height, int width, InputFrame frame) {}

    /**
     * @return whether every picture is fed at its own size (kept, or a model without a training size), which is then
     *     known before any preparing: framing a digit ({@link Framing#DIGIT}) always brings it to the training size
     */
    boolean feedsOwnSize() {
        boolean fixed = spec.height() > 0 && spec.width() > 0;
        return framing != Framing.DIGIT && (keepSize || !fixed);
    }

    Prepared prepare(Mat image, String name) throws InvalidInputException {
        if (image != null && !image.isNull() && image.depth() == CV_64F) {
            // Doubles (what OpenCV arithmetic in CV_64F leaves) are float pixels too, under the same 0..1 rule; a model
            // takes single precision.
            try (Mat single = new Mat()) {
                image.convertTo(single, CV_32F);
                return prepare(single, name);
            }
        }
        // Doubles are taken above, so a refusal of another depth names them (it said "8-bit, 16-bit or 32-bit float").
        PixelRules.check(image, name, "8-bit, 16-bit, 32-bit float or 64-bit float");
        int depth = image.depth();
        int ch = image.channels();
        // Transparency before anything else: the colour under a transparent pixel is often black, and would be read.
        if (depth != CV_16U && ch != 2 && ch != 4) {
            return prepareFlat(image, name);
        }
        if (depth == CV_32F) {
            // Float pixels are 0..1 whatever the channels (Images.flatten guesses the range from the maximum, which
            // suits drawing but would feed a float BGRA picture otherwise than the same picture without alpha).
            try (Mat eight = PixelRules.to8Bit(image); Mat flat = Images.flatten(eight)) {
                return prepareFlat(flat, name);
            }
        }
        try (Mat eight = Images.flatten(image)) {
            return prepareFlat(eight, name);
        }
    }

    /** Prepares an 8-bit or float image with 1, 3 or 4 (BGRA, all opaque when flattened) channels. */
    private Prepared prepareFlat(Mat image, String name) throws InvalidInputException {
        int depth = image.depth();
        int ch = image.channels();
        if (ch != 1 && ch != 3 && ch != 4) {
            throw new InvalidInputException("image " + name + " has " + ch + " channels; cam4j takes 1, 3 (BGR) or 4 (BGRA)");
        }
        try (Mat colour = toModelChannels(image)) {
            if (framesAsDigit(colour)) {
                Prepared framed = framed(colour, name);
                if (framed != null) {
                    return framed;
                }
            }
            return stretched(colour, name);
        }
    }

    /**
     * Digit framing applies to single-channel models of light ink on a dark ground (MNIST's kind) with a training
     * size, for pictures not of that size.
     */
    private boolean framesAsDigit(Mat colour) {
        boolean fixed = spec.height() > 0 && spec.width() > 0;
        boolean otherSize = colour.rows() != spec.height() || colour.cols() != spec.width();
        return switch (framing) {
            case STRETCH -> false;
            case DIGIT -> true;
            case AUTO -> !keepSize && fixed && spec.channels() == 1 && spec.lightOnDark() && otherSize;
        };
    }

    /** @return the framed digit, or null when AUTO found no ink (the picture is then stretched) */
    private Prepared framed(Mat grey, String name) throws InvalidInputException {
        float[] values = new float[grey.rows() * grey.cols()];
        ((FloatBuffer) grey.createBuffer()).get(values);
        if (invert.appliesTo(spec.lightOnDark(), values, grey.rows(), grey.cols(), 1)) {
            for (int i = 0; i < values.length; i++) {
                values[i] = 255f - values[i];
            }
        }
        InkCoverage.forcedInversionWarning(invert, spec.lightOnDark(), values, grey.rows(), grey.cols(), 1, name)
                .ifPresent(warnings);
        DigitFramer.Framed framed;
        try {
            framed = DigitFramer.frame(values, grey.rows(), grey.cols(), spec.height(), spec.width(), name);
        } catch (InvalidInputException e) {
            if (framing == Framing.AUTO) {
                // A picture without ink is stretched as it is; a speck is said, as the model will read it as it can.
                if (e instanceof DigitFramer.TooSmall small) {
                    warnings.accept(name + ": " + small.why() + "; not framed as a digit; the picture is stretched whole");
                }
                return null;
            }
            throw e;
        }
        if (framed.looksLikeARow()) {
            // A strip of forty 7s was squashed into one digit's frame, 20 pixels by 1, and read as a 1 without a word
            // (helper-161's audit).
            warnings.accept(name + ": its ink spans " + framed.ink().width() + "x" + framed.ink().height() + " pixels,"
                    + " more than " + DigitFramer.Framed.ROW_OF_DIGITS + " times wider than tall (a row of digits?):"
                    + " framed as one digit it is squashed; --fit none (optKeepInputSize) explains the picture as it is");
        }
        float[] input = framed.values();
        spec.toModelInput(input);
        return new Prepared(input, spec.height(), spec.width(), framed.frame());
    }

    private Prepared stretched(Mat colour, String name) {
        try (Mat sized = resized(colour)) {
            int h = sized.rows();
            int w = sized.cols();
            int n = h * w * spec.channels();
            float[] values = new float[n];
            FloatBuffer buffer = sized.createBuffer();
            buffer.get(values);
            boolean flip = invert.appliesTo(spec.lightOnDark(), values, h, w, spec.channels());
            if (flip) {
                for (int i = 0; i < n; i++) {
                    values[i] = 255f - values[i];
                }
            }
            // Dark ink on paper, for a grey model that cannot say its ink: fed as it is (nothing is inverted on a guess),
            // which misreads it when the model is MNIST's kind; only the user can say so.
            if (inkNotes != null && invert == Invert.AUTO && spec.channels() == 1
                    && Invert.lightBorder(values, h, w, spec.channels())) {
                String picture = PictureName.inWords(name);
                inkNotes.accept(picture + " has a light ground (dark ink on paper?) and is fed as it is: the model does"
                        + " not say which ink it was trained on; if light ink on a dark ground, as MNIST's, say so"
                        + " (--ink light, LoadOptions.withInk(true))");
            }
            // A framed picture that fell back here (no ink found) was warned of already.
            if (!framesAsDigit(colour)) {
                InkCoverage.forcedInversionWarning(invert, spec.lightOnDark(), values, h, w, spec.channels(), name)
                        .ifPresent(warnings);
            }
            if (framing != Framing.STRETCH && spec.channels() == 1 && spec.lightOnDark()) {
                values = GreyLevels.onBlackGround(values, h, w);
            }
            // Scaled, then standardised per channel (BGR for a model that takes it: only what is fed is reordered).
            spec.toModelInput(values);
            return new Prepared(values, h, w, null);
        }
    }

    /** Converts to the model's channel order and to float 0..255 in one place. */
    private Mat toModelChannels(Mat image) {
        Mat converted = new Mat();
        int ch = image.channels();
        if (spec.channels() == 1) {
            if (ch == 1) {
                image.copyTo(converted);
            } else {
                opencv_imgproc.cvtColor(image, converted, ch == 4 ? COLOR_BGRA2GRAY : COLOR_BGR2GRAY);
            }
        } else {
            int code = ch == 1 ? COLOR_GRAY2RGB : ch == 4 ? COLOR_BGRA2RGB : COLOR_BGR2RGB;
            opencv_imgproc.cvtColor(image, converted, code);
        }
        Mat floats = new Mat();
        converted.convertTo(floats, CV_32F, image.depth() == CV_32F ? 255.0 : 1.0, 0.0);
        converted.close();
        return floats;
    }

    private Mat resized(Mat image) {
        boolean fixed = spec.height() > 0 && spec.width() > 0;
        if (keepSize || !fixed || (image.rows() == spec.height() && image.cols() == spec.width())) {
            return image.clone();
        }
        Mat out = new Mat();
        try (Size size = new Size(spec.width(), spec.height())) {
            double[] flat = flatColour(image);
            if (flat != null) {
                // OpenCV resizes floats with float weights that do not sum to exactly 1: a white 100x100 picture came
                // out 254.99998, inverted to 2e-5 instead of 0, and that dust gave a "map" normalised to full range,
                // a box over the whole picture and a class (4, p=0.1000) for a picture showing nothing.
                try (Scalar colour = new Scalar(flat[0], flat[1], flat[2], flat[3]);
                        Mat filled = new Mat(size, image.type(), colour)) {
                    filled.copyTo(out);
                }
                return out;
            }
            // Averaged where it shrinks, interpolated where it only grows: SeenPart reads the part seen by this rule.
            opencv_imgproc.resize(image, out, size, 0, 0, PictureResize.interpolation(image.rows(), image.cols(),
                    spec.height(), spec.width()));
        }
        return out;
    }

    /** @return each channel's value when the picture is one flat colour (4 values, unused ones 0); else null */
    private static double[] flatColour(Mat image) {
        if (!image.isContinuous()) {
            return null; // not from toModelChannels, which always makes a new Mat; resized as it is
        }
        double[] colour = new double[4];
        try (Mat columns = image.reshape(1, image.rows() * image.cols())) {
            for (int c = 0; c < image.channels(); c++) {
                double[] min = new double[1];
                double[] max = new double[1];
                try (Mat channel = columns.col(c); Mat noMask = new Mat()) {
                    opencv_core.minMaxLoc(channel, min, max, null, null, noMask);
                }
                if (min[0] != max[0]) {
                    return null;
                }
                colour[c] = min[0];
            }
        }
        return colour;
    }
}
