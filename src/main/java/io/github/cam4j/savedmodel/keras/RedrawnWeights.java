package io.github.cam4j.savedmodel.keras;

/**
 * Which weights of an imported model to re-draw as Keras initialises a new layer ({@code WeightRedraw}), and with
 * which seed: every layer's, for the randomized-weights twin of Adebayo et al.'s sanity check, or only the layers
 * nearest the output, for a step of their cascading randomisation.
 *
 * <pre>{@code
 * RedrawnWeights twin = RedrawnWeights.all(43);       // every layer with weights: the untrained twin
 * RedrawnWeights step = RedrawnWeights.top(43, 2);    // the classifier and the layer below it; the rest as trained
 * }</pre>
 *
 * <p>A layer is a group of variables under one name ({@code dense/kernel} and {@code dense/bias} are layer
 * {@code dense}) holding something a draw changes; layers are ordered by how near their variables are read to the
 * output in the imported graph ({@link ImportedModel#layersTopFirst}). Each variable's draw depends on the seed and its
 * name only, so a layer re-drawn in a step holds the twin's values for it, and the last step is the twin.
 *
 * @param seed the seed of the draw
 * @param topLayers how many layers to re-draw, nearest the output first; 0 for every one
 */
public record RedrawnWeights(long seed, int topLayers) {
    /**
     * @param seed the seed of the draw
     * @param topLayers 0 for every layer, else how many, nearest the output first
     */
    public RedrawnWeights {
        if (topLayers < 0) {
            throw new IllegalArgumentException("layers to re-draw must be 0 (all) or more, got " + topLayers);
        }
    }

    /**
     * @param seed the seed of the draw
     * @return every layer re-drawn: the randomized-weights twin
     */
    public static RedrawnWeights all(long seed) {
        return new RedrawnWeights(seed, 0);
    }

    /**
     * @param seed the seed of the draw
     * @param layers how many layers to re-draw, nearest the output first, at least 1
     * @return those layers re-drawn, the others keeping their trained weights
     */
    public static RedrawnWeights top(long seed, int layers) {
        if (layers < 1) {
            throw new IllegalArgumentException("layers to re-draw from the top must be at least 1, got " + layers);
        }
        return new RedrawnWeights(seed, layers);
    }

    /** @return whether every layer is re-drawn */
    public boolean everyLayer() {
        return topLayers == 0;
    }
}
