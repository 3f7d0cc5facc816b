package io.github.cam4j.cam;

import io.github.cam4j.render.Box;
import io.github.cam4j.render.CamBox;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.MapNormalizer;
import io.github.cam4j.render.Placement;
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
 * @param placement where the raw map's cells are centred on the input image
 */
public record CamResult(int classIndex, String label, float probability, float logit, FloatMap rawMap, FloatMap map,
        Placement placement) {

    /**
     * The CAM paper's bounding box: pixels whose raw CAM value is at least {@code threshold} × its maximum, largest
     * connected component.
     *
     * @param threshold fraction of the maximum, in (0, 1]; the paper uses 0.2
     * @return the box in input-image pixels, empty when the map is flat zero
     */
    public Optional<Box> box(double threshold) {
        // The paper keeps raw CAM values >= threshold x max. The min-max map would move that cut down whenever the
        // raw map goes negative (a flat background above a negative minimum would then be kept whole), so the cut
        // is carried over: raw >= t * max  <=>  map01 >= (t * max - min) / (max - min).
        float max = rawMap.max();
        float min = rawMap.min();
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1], was " + threshold);
        }
        if (!(max > 0)) {
            return Optional.empty();
        }
        double range = Math.max(max - min, MapNormalizer.EPSILON);
        double cut = (threshold * max - min) / range;
        return CamBox.of(map, Math.min(1.0, Math.max(cut, Double.MIN_NORMAL)));
    }

    /**
     * The hottest point: the centre of the hottest feature cell, in input-image pixels. Taken from the raw map
     * rather than the upsampled one because, beyond the outermost cell centres, the upsampled map holds the border
     * value flat, and its first maximum in raster order could then lie anywhere on that plateau.
     *
     * @return {@code {y, x}}
     */
    public int[] peak() {
        int cell = rawMap.argMax();
        int y = (int) Math.round(placement.offsetY() + placement.strideY() * (cell / rawMap.width()));
        int x = (int) Math.round(placement.offsetX() + placement.strideX() * (cell % rawMap.width()));
        return new int[] {Math.max(0, Math.min(map.height() - 1, y)), Math.max(0, Math.min(map.width() - 1, x))};
    }
}
