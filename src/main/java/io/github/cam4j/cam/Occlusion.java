package io.github.cam4j.cam;

import io.github.cam4j.render.Placement;

/**
 * Occlusion sensitivity (Zeiler and Fergus 2014, "Visualizing and Understanding Convolutional Networks"), as tf-explain
 * computes it ({@code tf_explain/core/occlusion_sensitivity.py}, {@code OcclusionSensitivity.get_sensitivity_map}):
 * the model's input is tiled by square patches of {@link #patch()} pixels from its top-left corner (the last row and
 * column of tiles cut at the input's edge), each tile in turn painted with one grey value, and the class's probability
 * {@code p} read on each occluded copy; the map holds {@code 1 - p} per tile, so the tiles whose occlusion lowers the
 * class's probability most are highest. It needs nothing but the model's class probabilities: no features, gradients
 * or classifier kernel are read, so it explains any model cam4j opens, at the cost of one model run per tile (batched
 * with the other tiles and pictures).
 *
 * <pre>{@code
 * try (CamSession occlusion = CamSession.builder().setModel(dir)
 *         .optLoadOptions(LoadOptions.defaults().withGradCam())   // opens any convolutional model
 *         .optOcclusion(Occlusion.of(Occlusion.DEFAULT_PATCH)).build()) {
 *     CamResult r = occlusion.explain(picture);   // rawMap(): 1 - p per tile, 7x7 on a 28x28 input
 * }
 * }</pre>
 *
 * <p>The grey is a pixel value, 0..255, as the model's pictures hold them ({@link #fill()}; default
 * {@value #DEFAULT_FILL}, tf-explain's {@code apply_grey_patch}, which writes 127.5 into the array the model is fed):
 * cam4j brings it to the model's input as it brings every pixel ({@code InputSpec.toModelInput}: scaled, offset,
 * standardised), so a model that takes pixels 0..255 (its rescaling inside the graph, as Keras models often have it)
 * is fed 127.5 exactly as tf-explain feeds it, and one that takes [0, 1] is fed 0.5, the same grey. It is painted on
 * the model's input as cam4j prepared it (framed, inverted for a model of light ink): on MNIST's black ground, 127.5 is
 * a grey square of half-strength ink, which can read as a stroke; {@code withFill(0)} erases to the ground instead.
 *
 * <p>Where the map lies: tile {@code (i, j)}'s value is placed at the centre of a full tile, pixel
 * {@code (i p + (p - 1) / 2, j p + (p - 1) / 2)} of the model's input, and upsampled bilinearly between tile centres
 * as every map is, then carried to the picture as the other methods' maps are (back to where a framed digit was). When
 * {@code p} divides the input's sides this is tf-explain's {@code cv2.resize} of the tile grid to the input size
 * exactly; when it does not, {@code cv2.resize} stretches the grid over the whole input, shifting every tile's value,
 * while cam4j keeps the full tiles where they are and places the cut last tile's value half a tile from its start.
 *
 * <p>The map is min-max normalised for display as any map ({@link CamResult#map()}), where {@code 1 - p} and the
 * probability's drop {@code p(picture) - p} (Zeiler and Fergus's) differ only by a constant. cam4j tiles as
 * tf-explain does, with no overlap (its stride is the patch).
 */
public final class Occlusion {
    /**
     * The default patch side in pixels, 4: tf-explain's {@code patch_size} has no default; its README's example and its
     * tests use 4, which tiles a 28x28 MNIST input in 7x7 tiles (49 model runs a picture).
     */
    public static final int DEFAULT_PATCH = 4;
    /** The default grey, tf-explain's: pixel value 127.5 of 255. */
    public static final float DEFAULT_FILL = 127.5f;

    private final int patch;
    private final float fill;

    private Occlusion(int patch, float fill) {
        this.patch = patch;
        this.fill = fill;
    }

    /**
     * @param patch the tiles' side in the model input's pixels, 1 or more (and at most the input's sides, which a
     *     session checks on each picture)
     * @return occlusion by tiles of that side, painted with tf-explain's grey ({@value #DEFAULT_FILL})
     * @throws IllegalArgumentException when {@code patch} is below 1
     */
    public static Occlusion of(int patch) {
        if (patch < 1) {
            throw new IllegalArgumentException("the occlusion patch must be at least 1 pixel, got " + patch);
        }
        return new Occlusion(patch, DEFAULT_FILL);
    }

    /**
     * @param pixel the grey the tiles are painted with, a pixel value 0..255 as the model's pictures hold them (0:
     *     MNIST's black ground)
     * @return these tiles painted with that value
     * @throws IllegalArgumentException when {@code pixel} is outside 0..255 or not finite
     */
    public Occlusion withFill(float pixel) {
        if (!(pixel >= 0 && pixel <= 255)) {
            throw new IllegalArgumentException("the occlusion fill must be a pixel value 0..255, got " + pixel);
        }
        return new Occlusion(patch, pixel);
    }

    /** @return the tiles' side in the model input's pixels */
    public int patch() {
        return patch;
    }

    /** @return the grey the tiles are painted with, a pixel value 0..255 */
    public float fill() {
        return fill;
    }

    /**
     * @param side an input side in pixels
     * @return the tiles along it, {@code ceil(side / patch)}
     */
    int tilesAlong(int side) {
        return (side + patch - 1) / patch;
    }

    /** @return where the tiles' values lie on the model's input: at the full tiles' centres ({@link Occlusion}) */
    Placement onInput() {
        double centre = (patch - 1) / 2.0;
        return new Placement(patch, patch, centre, centre);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Occlusion other && other.patch == patch && Float.compare(other.fill, fill) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * patch + Float.hashCode(fill);
    }

    /** @return e.g. "occlusion (patch 4, fill 127.5)" */
    @Override
    public String toString() {
        return "occlusion (patch " + patch + ", fill " + fill + ")";
    }
}
