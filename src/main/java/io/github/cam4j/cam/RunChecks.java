package io.github.cam4j.cam;

import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.InputSpec;
import java.util.List;

/**
 * The checks on what a model run is fed and what it gives back: pixels that are not finite or not in the model's
 * scale, pictures too small to make a feature cell, rows of logits or probabilities that are not one per picture, and
 * logits or probabilities that are not finite. Each refusal is an {@link InvalidInputException} naming the picture or
 * the value.
 */
final class RunChecks {
    private final CamModel model;

    RunChecks(CamModel model) {
        this.model = model;
    }

    /**
     * One pass over the pixels, refusing three kinds, each named with where it is. NaN or infinity would come back as NaN
     * logits, or not at all (a max-pooling can swallow one). Pixels of 0..255 given where the model takes them scaled
     * to 0..1 read as digits 255 times too bright, with confidence (logits in the thousands, p=1.0): refused, as a float
     * Mat of 0..255 is; and so are pixels normalised already, below the range by half of it. Only a model whose input
     * runs to at most 2 is checked for scale, and only for values past twice that top or half the range below its
     * bottom, so pixels scaled by the user's own slightly different rule still pass.
     */
    static void checkPixels(float[] nhwc, int height, int width, int channels, InputSpec spec)
            throws InvalidInputException {
        float bottom = spec.pixelOffset();
        float top = 255f * spec.pixelScale() + bottom;
        boolean scaleChecked = spec.standardization() == null && spec.pixelScale() > 0 && top > 0f && top <= 2f;
        float limit = scaleChecked ? 2f * top : Float.POSITIVE_INFINITY;
        // Half the range below its bottom: pixels normalised to -1..1, which a 0..1 model read as a confident wrong digit
        // (a stroke at -1..1: class 3, p=1.0, helper-166), as explain(Mat) refuses them.
        float floor = scaleChecked ? bottom - 0.5f * (top - bottom) : Float.NEGATIVE_INFINITY;
        int lowest = -1;
        int highest = -1;
        for (int i = 0; i < nhwc.length; i++) {
            float v = nhwc[i];
            if (!Float.isFinite(v)) {
                throw new InvalidInputException("pixel array holds " + v + " at " + where(i, height, width, channels));
            }
            if (lowest < 0 || v < nhwc[lowest]) {
                lowest = i;
            }
            if (highest < 0 || v > nhwc[highest]) {
                highest = i;
            }
        }
        if (lowest < 0) {
            return;
        }
        String range = ", where the model's input runs from " + bottom + " to " + top + ": ";
        String scale = "(x " + spec.pixelScale() + (bottom == 0 ? "" : " + " + bottom) + ")";
        // Values below the range, even those that also pass its top (standardised MNIST runs -0.42 to 2.82), are pixels
        // normalised already: the 0..255 advice would be wrong for them.
        if (nhwc[lowest] < floor || (nhwc[highest] > limit && nhwc[lowest] < bottom)) {
            throw new InvalidInputException("pixel array holds " + nhwc[lowest] + " at " + where(lowest, height, width,
                    channels) + range + "pixels normalised already (a mean taken off, or -1..1)? Give the 0..255 pixels"
                    + " scaled as the model takes them " + scale + ", or a Mat, which explain(Mat) scales");
        }
        if (nhwc[highest] > limit) {
            throw new InvalidInputException("pixel array holds " + nhwc[highest] + " at " + where(highest, height, width,
                    channels) + range + "pixels of 0..255? Scale them " + scale + ", or give a Mat, which explain(Mat)"
                    + " scales");
        }
    }

    /** @return value {@code i} of a batch in words: {@code image #n (y=.., x=.., channel c)} */
    private static String where(int i, int height, int width, int channels) {
        int perImage = height * width * channels;
        int pixel = (i % perImage) / channels;
        return "image #" + i / perImage + " (y=" + pixel / width + ", x=" + pixel % width + ", channel " + i % channels
                + ")";
    }

    /**
     * @param pictures the names of the batch's pictures, all of this size; null for a pixel array's. A batch of files
     *     (the command line's) was refused without naming the file, which its error line is about.
     */
    InvalidInputException noCells(int height, int width, String why, List<String> pictures) {
        String which = fedAs(pictures, "a picture of ");
        return new InvalidInputException("model " + model.source() + " makes no feature cells from " + which + height + "x"
                + width + " pixels (" + why + "): the picture is too small for it; enlarge it");
    }

    /**
     * Below one cell's stride the model makes no cells, and TensorFlow's kernels fail in ways that name a matrix
     * product (oneDNN's: "Matrix size-incompatible: In[0]: [1,64]") or a filter's depth, not the picture: refused first.
     *
     * @param pictures the batch's pictures' names, or null for a pixel array's
     */
    void checkCells(int fedHeight, int fedWidth, List<String> pictures) throws InvalidInputException {
        var grid = model.featureGrid();
        if (grid.isPresent() && (fedHeight < grid.get().strideY() || fedWidth < grid.get().strideX())) {
            throw noCells(fedHeight, fedWidth, "one cell of its last convolution spans " + (int) grid.get().strideY() + "x"
                    + (int) grid.get().strideX() + " pixels", pictures);
        }
    }

    /**
     * @param pictures the batch's pictures' names, or null for a pixel array's
     * @param unnamed what is said of a pixel array's ("a picture of ")
     * @return the words before a size ("image a.png, fed as " 28x28): the pictures' names where they are given
     */
    static String fedAs(List<String> pictures, String unnamed) {
        return pictures == null ? unnamed : (pictures.size() == 1 ? "image " : "images ") + String.join(", ", pictures)
                + ", fed as ";
    }

    /**
     * A model that flattens its features (Flatten, then Dense) reshapes a larger picture into more rows than images:
     * reading the first row as the image's would explain a part of the picture as if it were all of it.
     */
    void checkRows(float[] values, int count, int fedHeight, int fedWidth, String what) throws CamException {
        if (values.length != (long) count * model.units()) {
            // Values that are no whole number of rows were counted as the rows they filled, rounded down.
            String rows = values.length % model.units() == 0 ? values.length / model.units() + " rows of " + what
                    : values.length + " " + what + " (no whole number of rows of " + model.units() + ")";
            throw new FedSizeException("model " + model.source() + " gave " + rows + " for "
                    + io.github.cam4j.Counted.of(count, "picture") + " of " + fedHeight + "x" + fedWidth
                    + ": it does not take pictures of that size" + (model.input().height() > 0 ? " (it was made for "
                            + model.input().height() + "x" + model.input().width() + ")" : ""));
        }
    }

    /**
     * A model that fetches its probabilities apart from its logits (its own output, e.g. a softmax computed its way) may
     * make them NaN from finite logits; a caption would read {@code p=NaN} and a top-k order would be arbitrary.
     */
    void checkFiniteProbabilities(float[] probabilities, int count) throws CamException {
        int classes = model.units();
        for (int i = 0; i < probabilities.length; i++) {
            if (!Float.isFinite(probabilities[i])) {
                throw new InvalidInputException("model " + model.source() + " gave probability " + probabilities[i]
                        + " for class " + i % classes + (count == 1 ? "" : " of picture #" + i / classes) + " from finite"
                        + " logits: its probabilities output '" + model.tensors().probabilities() + "' makes"
                        + " non-finite values");
            }
        }
    }

    /**
     * Non-finite logits make maps that cannot be normalised; say whether the input's size overflowed float arithmetic
     * (finite but huge values, e.g. 3e38) or the model itself made them.
     */
    void checkFiniteLogits(float[] logits, float[] fed, int count, List<String> pictures) throws CamException {
        int classes = model.units();
        for (int i = 0; i < logits.length; i++) {
            if (!Float.isFinite(logits[i])) {
                // That picture's own values, signed: the whole batch's largest magnitude, its sign lost, was said for
                // it (-3e38 read "reaches 3.0E38", helper-166).
                int perPicture = fed.length / count;
                int from = (i / classes) * perPicture;
                float largest = 0;
                for (int k = from; k < from + perPicture && k < fed.length; k++) {
                    if (Math.abs(fed[k]) > Math.abs(largest)) {
                        largest = fed[k];
                    }
                }
                // A batch of files names the file (the command line's error line is about it), else its place.
                String name = pictures == null ? null : pictures.get(i / classes);
                String where = name != null && !name.startsWith("#") ? "image " + name
                        : count == 1 ? "the picture" : "picture #" + i / classes;
                if (Math.abs(largest) > 1e6f) {
                    throw new InvalidInputException("model " + model.source() + " gave " + logits[i] + " logits for " + where
                            + ": the input reaches " + largest + ", which overflows float arithmetic (the model expects"
                            + " its input scale, e.g. 0..1)");
                }
                // Refused as this picture's input, not as the model's failure: it made NaN here and may not on the next
                // picture (a square root of a dark pixel), so the pictures before it are written and --keep-going goes on.
                throw new InvalidInputException("model " + model.source() + " gave " + logits[i] + " logits for " + where
                        + " from finite input up to " + largest + ": the model itself makes non-finite values");
            }
        }
    }
}
