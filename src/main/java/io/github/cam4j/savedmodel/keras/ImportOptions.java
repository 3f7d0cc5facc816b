package io.github.cam4j.savedmodel.keras;

/**
 * How to open a foreign SavedModel.
 *
 * <pre>
 * ImportOptions o = ImportOptions.defaults();                                   // serving_default, checked, found tensors
 * ImportOptions t = new ImportOptions("serve", true, null, null);                // other signature, trusted model
 * ImportOptions f = new ImportOptions(null, false, "StatefulPartitionedCall_1/.../BiasAdd:0", null); // own features: a name inspect lists
 * </pre>
 *
 * @param signature the signature to import; {@code null} or blank means {@value #DEFAULT_SIGNATURE}
 * @param trust skip the op allow-list check (only for models whose author you trust)
 * @param featuresOverride name of the rank-4 feature tensor in the inlined graph, or {@code null} to find it
 * @param logitsOverride name of the pre-activation [N, classes] tensor in the inlined graph, or {@code null} to find it
 * @param redraw {@code null} for the trained weights; else which weights are re-drawn as Keras initialises a new layer,
 *     and with which seed (the model-randomisation sanity check and its cascade; see {@link RedrawnWeights})
 */
public record ImportOptions(String signature, boolean trust, String featuresOverride, String logitsOverride,
        RedrawnWeights redraw) {

    /** The signature Keras writes for inference. */
    public static final String DEFAULT_SIGNATURE = "serving_default";

    /**
     * Blank strings are read as null, the others stripped of leading and trailing white space.
     *
     * @param signature the signature to import; null or blank means {@value #DEFAULT_SIGNATURE}
     * @param trust true to skip the op allow-list check (only for models whose author you trust)
     * @param featuresOverride name ({@code "op:index"}) of the rank-4 feature tensor in the inlined graph, as
     *     {@code cam4j inspect} lists them; null or blank to find it
     * @param logitsOverride name of the pre-activation [N, classes] tensor in the inlined graph; null or blank to find
     *     it
     * @param redraw null for the trained weights; else which weights are re-drawn as Keras initialises a new layer,
     *     and with which seed (the model-randomisation sanity check and its cascade)
     */
    public ImportOptions {
        signature = blankToNull(signature);
        featuresOverride = blankToNull(featuresOverride);
        logitsOverride = blankToNull(logitsOverride);
    }

    /**
     * With the trained weights.
     *
     * @param signature the signature to import; null or blank means {@value #DEFAULT_SIGNATURE}
     * @param trust true to skip the op allow-list check (only for models whose author you trust)
     * @param featuresOverride name ({@code "op:index"}) of the rank-4 feature tensor in the inlined graph, as
     *     {@code cam4j inspect} lists them; null or blank to find it
     * @param logitsOverride name of the pre-activation [N, classes] tensor in the inlined graph; null or blank to find
     *     it
     */
    public ImportOptions(String signature, boolean trust, String featuresOverride, String logitsOverride) {
        this(signature, trust, featuresOverride, logitsOverride, null);
    }

    /** @return {@value #DEFAULT_SIGNATURE}, allow-list check on, tensors found automatically */
    public static ImportOptions defaults() {
        return new ImportOptions(null, false, null, null);
    }

    /**
     * @param seed the seed of the draw
     * @return a copy whose model has its weights re-drawn as Keras initialises a new layer
     */
    public ImportOptions withRedrawnWeights(long seed) {
        return withRedrawnWeights(RedrawnWeights.all(seed));
    }

    /**
     * @param weights which weights to re-draw, and the seed
     * @return a copy whose model has those weights re-drawn as Keras initialises a new layer
     */
    public ImportOptions withRedrawnWeights(RedrawnWeights weights) {
        return new ImportOptions(signature, trust, featuresOverride, logitsOverride, weights);
    }

    /** @return the signature key to import, {@value #DEFAULT_SIGNATURE} when none was given */
    public String signatureKey() {
        return signature == null ? DEFAULT_SIGNATURE : signature;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
