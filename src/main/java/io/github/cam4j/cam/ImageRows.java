package io.github.cam4j.cam;

import io.github.cam4j.savedmodel.CamModel;
import java.util.Arrays;

/**
 * One image's row of a run's logits and probabilities, read as the model's classes (a binary classifier's one unit
 * gives two), for the maps, the target's classes and the explanation alike.
 */
final class ImageRows {
    private final CamModel model;

    ImageRows(CamModel model) {
        this.model = model;
    }

    /**
     * @return image {@code i}'s logits per class ({@link CamModel#classLogits}), carried from a crop to its whole picture
     *     when the picture was cropped
     */
    float[] rowLogits(float[] logits, int i, BlankCrop crop) {
        int units = model.units();
        float[] row = Arrays.copyOfRange(logits, i * units, (i + 1) * units);
        return model.classLogits(crop == null ? row : crop.wholeLogits(row, model.blankLogits().orElseThrow()));
    }

    /**
     * @param rowLogits the image's logits per class ({@link #rowLogits})
     * @return image {@code i}'s probabilities per class: the fetched ones, or the activation of its (whole-picture)
     *     logits (a binary classifier's sigmoid of {@code [-z, z]} is {@code [1 - p, p]})
     */
    float[] rowProbabilities(float[] rowLogits, float[] probabilities, int i) {
        int units = model.units();
        return probabilities != null
                ? model.classProbabilities(Arrays.copyOfRange(probabilities, i * units, (i + 1) * units))
                : model.activation().apply(rowLogits);
    }
}
