package io.github.cam4j.savedmodel;

import java.util.Optional;
import java.util.Set;
import org.tensorflow.proto.NodeDef;

/**
 * Finds a crop between a model's input and its features: a Keras {@code CenterCrop} or {@code Cropping2D} layer is a
 * {@code StridedSlice} there. The model then sees only part of the picture, but {@link FeatureGrid} knows no crop's
 * geometry, so the map is stretched over the whole picture: {@code resized-export} (a Resizing to 32x32, then a
 * CenterCrop back to 28x28) saw the middle 24.5 of its 28 pixels, and its map covered all 28 without a word.
 */
final class InputCrop {
    /** Ops that cut part of a tensor out: on the way from the images to the features, a spatial crop. */
    private static final Set<String> CROPS = Set.of("StridedSlice", "Slice", "CropAndResize");

    private InputCrop() {}

    /**
     * @param found the path from the input to the features
     * @return the first crop op on it, as {@code "StridedSlice 'name'"}; empty when the path holds none
     */
    static Optional<String> of(GraphPath found) {
        for (NodeDef n : found.path()) {
            if (CROPS.contains(n.getOp())) {
                return Optional.of(n.getOp() + " '" + n.getName() + "'");
            }
        }
        return Optional.empty();
    }
}
