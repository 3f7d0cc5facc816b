package io.github.cam4j.savedmodel;

import java.util.List;

/**
 * How to open a model folder. Everything is optional: a cam4j SavedModel needs none of it, a Keras SavedModel
 * usually only its pixel scaling, a TF1-style graph its tensor names.
 *
 * @param input overrides what the input expects (a cam4j model's metadata, or the signature's shape and [0,1] pixels)
 * @param labels overrides the class labels
 * @param tensors the tensors to use instead of the {@code cam} signature or of what import finds
 * @param kernelTensor with {@code tensors}: the classifier kernel {@code [K, classes]}
 * @param biasTensor with {@code tensors}: the classifier bias, or null
 * @param activation with {@code tensors} and no probabilities tensor: how logits become probabilities
 * @param trust skip the check of the graph's ops against the allow-list (for models the user vouches for)
 * @param signature the signature to import from a foreign SavedModel
 * @param pixelScale overrides only the pixel scaling of whatever input spec is in force (null: keep it), e.g. 1 for
 *     a Keras model that takes raw 0..255 pixels because a Rescaling layer is inside it
 * @param found overrides of what import finds in a foreign SavedModel (features and/or logits tensor), or null
 * @param redrawSeed null for the trained weights; for a foreign SavedModel, the seed with which its weights are re-drawn
 *     as Keras initialises new layers (the randomized-weights sanity check; other models refuse it)
 * @param gradients null for CAM (the classifier's kernel weighs the features); else how the gradient of the class's
 *     logit at the features weighs them (Grad-CAM and its variants, {@link GradientWeighting}): for models without global average pooling, or to
 *     compare
 * @param lightOnDark overrides whether the model was trained on light ink on a dark ground (null: keep what the model's
 *     metadata says; a model without cam4j metadata is taken as not, so no picture is inverted on a guess)
 * @param pixelOffset overrides the offset added after the pixel scaling (null: the spec's own, or 0 when
 *     {@code pixelScale} is given), e.g. -1 with a scale of 1/127.5 for a model trained on pixels taken to -1..1
 *     outside it, as {@code keras.applications} MobileNet's {@code preprocess_input} does
 */
public record LoadOptions(InputSpec input, List<String> labels, TensorNames tensors, String kernelTensor, String biasTensor,
        ClassifierActivation activation, boolean trust, String signature, Float pixelScale, FoundOverrides found,
        Long redrawSeed, GradientWeighting gradients, Boolean lightOnDark, Float pixelOffset) {

    /**
     * Tensor names that replace what import found in a foreign SavedModel's inlined graph.
     *
     * @param features the features tensor, or null to keep what was found
     * @param logits the logits tensor, or null to keep what was found
     */
    public record FoundOverrides(String features, String logits) {}


    /** @return no overrides, ops checked, {@code serving_default} imported */
    public static LoadOptions defaults() {
        return new LoadOptions(null, null, null, null, null, ClassifierActivation.SOFTMAX, false,
                CamContract.SERVING_SIGNATURE, null, null, null, null, null, null);
    }

    /**
     * @param spec what the input expects
     * @return a copy with that input spec
     */
    public LoadOptions withInput(InputSpec spec) {
        return new LoadOptions(spec, labels, tensors, kernelTensor, biasTensor, activation, trust, signature,
                pixelScale, found, redrawSeed, gradients, lightOnDark, pixelOffset);
    }

    /**
     * @param names the class labels, in class order
     * @return a copy with those labels
     */
    public LoadOptions withLabels(List<String> names) {
        return new LoadOptions(input, List.copyOf(names), tensors, kernelTensor, biasTensor, activation, trust,
                signature, pixelScale, found, redrawSeed, gradients, lightOnDark, pixelOffset);
    }

    /**
     * @param trusted whether to skip the op check
     * @return a copy with that trust
     */
    public LoadOptions withTrust(boolean trusted) {
        return new LoadOptions(input, labels, tensors, kernelTensor, biasTensor, activation, trusted, signature,
                pixelScale, found, redrawSeed, gradients, lightOnDark, pixelOffset);
    }

    /**
     * @param how what turns the logits into probabilities for a graph opened by names ({@link #withTensors}) without a
     *     probabilities tensor: {@link ClassifierActivation#SOFTMAX} (the default) or {@link ClassifierActivation#SIGMOID}
     *     (a multi-label or binary head); {@link ClassifierActivation#NONE} reads raw logits as an imported model's are
     *     read ({@link ClassifierActivation#forRawLogits})
     * @return a copy with that activation
     */
    public LoadOptions withActivation(ClassifierActivation how) {
        return new LoadOptions(input, labels, tensors, kernelTensor, biasTensor, java.util.Objects.requireNonNull(how,
                "activation"), trust, signature, pixelScale, found, redrawSeed, gradients, lightOnDark, pixelOffset);
    }

    /**
     * @param names the tensors
     * @param kernel the kernel tensor
     * @param bias the bias tensor or null
     * @return a copy that opens the graph by these names
     */
    public LoadOptions withTensors(TensorNames names, String kernel, String bias) {
        return new LoadOptions(input, labels, names, kernel, bias, activation, trust, signature, pixelScale, found,
                redrawSeed, gradients, lightOnDark, pixelOffset);
    }

    /**
     * @param scale model input = pixel (0..255) × scale
     * @return a copy with that pixel scale
     */
    public LoadOptions withPixelScale(float scale) {
        return new LoadOptions(input, labels, tensors, kernelTensor, biasTensor, activation, trust, signature, scale,
                found, redrawSeed, gradients, lightOnDark, pixelOffset);
    }

    /**
     * @param features the features tensor to use instead of what import finds, or null
     * @param logits the logits tensor to use instead of what import finds, or null
     * @return a copy with those overrides
     */
    public LoadOptions withFoundOverrides(String features, String logits) {
        return new LoadOptions(input, labels, tensors, kernelTensor, biasTensor, activation, trust, signature,
                pixelScale, new FoundOverrides(features, logits), redrawSeed, gradients, lightOnDark, pixelOffset);
    }

    /**
     * @param key the signature of a foreign SavedModel to import
     * @return a copy importing that signature
     */
    public LoadOptions withSignature(String key) {
        return new LoadOptions(input, labels, tensors, kernelTensor, biasTensor, activation, trust, key, pixelScale,
                found, redrawSeed, gradients, lightOnDark, pixelOffset);
    }

    /**
     * @param seed the seed of the draw
     * @return a copy that opens a foreign SavedModel with its weights re-drawn as Keras initialises new layers
     */
    public LoadOptions withRedrawnWeights(long seed) {
        return new LoadOptions(input, labels, tensors, kernelTensor, biasTensor, activation, trust, signature,
                pixelScale, found, seed, gradients, lightOnDark, pixelOffset);
    }

    /**
     * @return a copy that explains by Grad-CAM: the model's graph gets gradient ops from the logits to the features,
     *     and needs no classifier kernel (nor global average pooling)
     */
    public LoadOptions withGradCam() {
        return withGradients(GradientWeighting.GRAD_CAM);
    }

    /**
     * @param weighting how the gradient weighs the feature channels
     * @return a copy that explains by that gradient-based method
     */
    public LoadOptions withGradients(GradientWeighting weighting) {
        return new LoadOptions(input, labels, tensors, kernelTensor, biasTensor, activation, trust, signature,
                pixelScale, found, redrawSeed, java.util.Objects.requireNonNull(weighting), lightOnDark, pixelOffset);
    }

    /**
     * @param light whether the model was trained on light ink on a dark ground (as MNIST is), which an imported model
     *     cannot say itself: with it, dark-on-light photos are inverted and can be framed as MNIST's digits were
     * @return a copy with that polarity
     */
    public LoadOptions withInk(boolean light) {
        return new LoadOptions(input, labels, tensors, kernelTensor, biasTensor, activation, trust, signature,
                pixelScale, found, redrawSeed, gradients, light, pixelOffset);
    }

    /** @return whether the model is explained by gradients (Grad-CAM or Grad-CAM++) rather than by its kernel */
    public boolean gradCam() {
        return gradients != null;
    }

    /**
     * @param base the input spec from the model's metadata or signature
     * @return the spec in force: {@link #input()} if given, else {@code base}, with {@link #pixelScale()},
     *     {@link #pixelOffset()} and {@link #lightOnDark()} applied
     */
    public InputSpec resolveInput(InputSpec base) {
        InputSpec spec = input != null ? input : base;
        if (pixelScale == null && pixelOffset == null && lightOnDark == null) {
            return spec;
        }
        float offset = pixelOffset != null ? pixelOffset : pixelScale == null ? spec.pixelOffset() : 0f;
        return new InputSpec(spec.height(), spec.width(), spec.channels(), pixelScale == null ? spec.pixelScale() : pixelScale,
                offset, lightOnDark == null ? spec.lightOnDark() : lightOnDark);
    }

    /**
     * @param offset added to every pixel after the scaling: model input = pixel (0..255) x scale + offset
     * @return a copy with that offset, over whatever input spec is in force
     */
    public LoadOptions withPixelOffset(float offset) {
        return new LoadOptions(input, labels, tensors, kernelTensor, biasTensor, activation, trust, signature,
                pixelScale, found, redrawSeed, gradients, lightOnDark, offset);
    }
}
