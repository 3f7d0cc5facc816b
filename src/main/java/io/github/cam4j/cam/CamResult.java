package io.github.cam4j.cam;

import io.github.cam4j.render.Box;
import io.github.cam4j.render.CamBox;
import io.github.cam4j.render.FloatMap;
import java.util.Optional;

/**
 * The class activation map of one image for one class.
 *
 * @param classIndex the explained class
 * @param label its label
 * @param probability the model's probability for it
 * @param logit the classifier's logit for it
 * @param rawMap {@code features · kernel[:, class]} at the features' resolution, before any scaling (its mean plus the
 *     class's bias is the logit)
 * @param map the map upsampled bilinearly to the input image's size and min-max normalised to [0, 1]
 */
public record CamResult(int classIndex, String label, float probability, float logit, FloatMap rawMap, FloatMap map) {

    /**
     * The CAM paper's bounding box: pixels above {@code threshold} × the maximum, largest connected component.
     *
     * @param threshold fraction of the maximum, in (0, 1]; the paper uses 0.2
     * @return the box in input-image pixels, empty when the map is flat zero
     */
    public Optional<Box> box(double threshold) {
        return CamBox.of(map, threshold);
    }

    /** @return {@code {y, x}} of the hottest point of {@link #map()} */
    public int[] peak() {
        return map.argMaxYX();
    }
}
