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
 * @param redraw null for the trained weights; for a foreign SavedModel, which of its weights are re-drawn as Keras
 *     initialises new layers, and with which seed (the randomized-weights sanity check and its cascade; other models
 *     refuse it)
 * @param gradients null for CAM (the classifier's kernel weighs the features); else how the gradient of the class's
 *     logit at the features weighs them (Grad-CAM and its variants, {@link GradientWeighting}): for models without global average pooling, or to
 *     compare
 * @param lightOnDark overrides whether the model was trained on light ink on a dark ground (null: keep what the model's
 *     metadata says; a model without cam4j metadata is taken as not, so no picture is inverted on a guess)
 * @param pixelOffset overrides the offset added after the pixel scaling (null: the spec's own, or 0 when
 *     {@code pixelScale} is given), e.g. -1 with a scale of 1/127.5 for a model trained on pixels taken to -1..1
 *     outside it, as {@code keras.applications} MobileNet's {@code preprocess_input} does
 * @param preprocessing null, or a named mode of {@code keras.applications}' {@code preprocess_input} done outside the
 *     model ({@link PixelPreprocessing}), which sets the pixel scale, offset and per-channel standardisation in force
 *     together and goes with none of {@code pixelScale}, {@code pixelOffset} and {@code standardization}
 * @param standardization overrides the per-channel standardisation after the scaling (channel order, mean,
 *     deviation) of whatever input spec is in force (null: keep it)
 */
public record LoadOptions(InputSpec input, List<String> labels, TensorNames tensors, String kernelTensor, String biasTensor,
        ClassifierActivation activation, boolean trust, String signature, Float pixelScale, FoundOverrides found,
        io.github.cam4j.savedmodel.keras.RedrawnWeights redraw, GradientWeighting gradients, Boolean lightOnDark, Float pixelOffset,
        PixelPreprocessing preprocessing, PixelStandardization standardization) {

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
                CamContract.SERVING_SIGNATURE, null, null, null, null, null, null, null, null);
    }

    /**
     * @param spec what the input expects
     * @return a copy with that input spec
     */
    public LoadOptions withInput(InputSpec spec) {
        return new LoadOptions(spec, labels, tensors, kernelTensor, biasTensor, activation, trust, signature,
                pixelScale, found, redraw, gradients, lightOnDark, pixelOffset, preprocessing, standardization);
    }

    /**
     * @param names the class labels, in class order, none null
     * @return a copy with those labels
     * @throws IllegalArgumentException when a label is null
     */
    public LoadOptions withLabels(List<String> names) {
        java.util.Objects.requireNonNull(names, "names is null: the class labels, in class order");
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i) == null) {
                // List.copyOf's bare NullPointerException said neither which label nor that it was one.
                throw new IllegalArgumentException("label " + i + " of " + names.size() + " is null: give every class"
                        + " a label, in class order");
            }
        }
        return new LoadOptions(input, List.copyOf(names), tensors, kernelTensor, biasTensor, activation, trust,
                signature, pixelScale, found, redraw, gradients, lightOnDark, pixelOffset, preprocessing, standardization);
    }

    /**
     * @param trusted whether to skip the op check
     * @return a copy with that trust
     */
    public LoadOptions withTrust(boolean trusted) {
        return new LoadOptions(input, labels, tensors, kernelTensor, biasTensor, activation, trusted, signature,
                pixelScale, found, redraw, gradients, lightOnDark, pixelOffset, preprocessing, standardization);
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
                "activation"), trust, signature, pixelScale, found, redraw, gradients, lightOnDark, pixelOffset, preprocessing, standardization);
    }

    /**
     * @param names the tensors
     * @param kernel the kernel tensor
     * @param bias the bias tensor or null
     * @return a copy that opens the graph by these names
     */
    public LoadOptions withTensors(TensorNames names, String kernel, String bias) {
        return new LoadOptions(input, labels, names, kernel, bias, activation, trust, signature, pixelScale, found,
                redraw, gradients, lightOnDark, pixelOffset, preprocessing, standardization);
    }

    /**
     * @param scale model input = pixel (0..255) × scale
     * @return a copy with that pixel scale
     */
    public LoadOptions withPixelScale(float scale) {
        if (!(scale > 0) || !Float.isFinite(scale)) {
            // A scale of -1 fed negative pictures, read with confidence (class 3 at p=1.0, logit 9370).
            throw new IllegalArgumentException("pixel scale must be a positive number, got " + scale);
        }
        return new LoadOptions(input, labels, tensors, kernelTensor, biasTensor, activation, trust, signature, scale,
                found, redraw, gradients, lightOnDark, pixelOffset, preprocessing, standardization);
    }

    /**
     * @param features the features tensor to use instead of what import finds, or null
     * @param logits the logits tensor to use instead of what import finds, or null
     * @return a copy with those overrides
     */
    public LoadOptions withFoundOverrides(String features, String logits) {
        return new LoadOptions(input, labels, tensors, kernelTensor, biasTensor, activation, trust, signature,
                pixelScale, new FoundOverrides(features, logits), redraw, gradients, lightOnDark, pixelOffset, preprocessing, standardization);
    }

    /**
     * @param key the signature of a foreign SavedModel to import
     * @return a copy importing that signature
     */
    public LoadOptions withSignature(String key) {
        return new LoadOptions(input, labels, tensors, kernelTensor, biasTensor, activation, trust, key, pixelScale,
                found, redraw, gradients, lightOnDark, pixelOffset, preprocessing, standardization);
    }

    /**
     * @param seed the seed of the draw
     * @return a copy that opens a foreign SavedModel with its weights re-drawn as Keras initialises new layers
     */
    public LoadOptions withRedrawnWeights(long seed) {
        return withRedrawnWeights(io.github.cam4j.savedmodel.keras.RedrawnWeights.all(seed));
    }

    /**
     * @param weights which weights to re-draw (every layer's, or the layers nearest the output), and the seed
     * @return a copy that opens a foreign SavedModel with those weights re-drawn as Keras initialises new layers
     */
    public LoadOptions withRedrawnWeights(io.github.cam4j.savedmodel.keras.RedrawnWeights weights) {
        return new LoadOptions(input, labels, tensors, kernelTensor, biasTensor, activation, trust, signature,
                pixelScale, found, weights, gradients, lightOnDark, pixelOffset, preprocessing, standardization);
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
                pixelScale, found, redraw, java.util.Objects.requireNonNull(weighting,
                "weighting is null: e.g. GradientWeighting.GRAD_CAM; LoadOptions.defaults() for CAM"), lightOnDark, pixelOffset, preprocessing, standardization);
    }

    /**
     * @param light whether the model was trained on light ink on a dark ground (as MNIST is), which an imported model
     *     cannot say itself: with it, dark-on-light photos are inverted and can be framed as MNIST's digits were
     * @return a copy with that polarity
     */
    public LoadOptions withInk(boolean light) {
        return new LoadOptions(input, labels, tensors, kernelTensor, biasTensor, activation, trust, signature,
                pixelScale, found, redraw, gradients, light, pixelOffset, preprocessing, standardization);
    }

    /** @return whether the model is explained by gradients (Grad-CAM or Grad-CAM++) rather than by its kernel */
    public boolean gradCam() {
        return gradients != null;
    }

    /**
     * @param base the input spec from the model's metadata or signature
     * @return the spec in force: {@link #input()} if given, else {@code base}, with {@link #preprocessing()} or
     *     {@link #pixelScale()}, {@link #pixelOffset()} and {@link #standardization()}, and {@link #lightOnDark()}
     *     applied
     * @throws IllegalArgumentException when a preprocessing mode is given with a pixel scale, offset or
     *     standardisation, or a per-channel one for a grey model; the message names the option
     */
    public InputSpec resolveInput(InputSpec base) {
        InputSpec spec = input != null ? input : base;
        if (preprocessing != null) {
            if (pixelScale != null || pixelOffset != null || standardization != null) {
                throw new IllegalArgumentException(preprocessingOption() + " sets the pixel scale, offset and per-channel"
                        + " standardization itself; it goes with none of --pixel-scale, --pixel-offset, --pixel-mean,"
                        + " --pixel-std, --channel-order (LoadOptions.withPixelScale, withPixelOffset, withStandardization)");
            }
            PixelStandardization per = preprocessing.standardization();
            if (per != null && per.unfitFor(spec.channels()) != null) {
                throw new IllegalArgumentException(preprocessingOption() + " is per-channel preprocessing (" + per
                        + ") for a colour model; this model takes " + spec.channels() + " channel (--preprocess tf and"
                        + " raw apply to grey models)");
            }
            return new InputSpec(spec.height(), spec.width(), spec.channels(), preprocessing.scale(),
                    preprocessing.offset(), lightOnDark == null ? spec.lightOnDark() : lightOnDark, per);
        }
        if (pixelScale == null && pixelOffset == null && lightOnDark == null && standardization == null) {
            return spec;
        }
        if (standardization != null && standardization.unfitFor(spec.channels()) != null) {
            throw new IllegalArgumentException("--pixel-mean, --pixel-std, --channel-order (" + standardization + "): "
                    + standardization.unfitFor(spec.channels()));
        }
        float offset = pixelOffset != null ? pixelOffset : pixelScale == null ? spec.pixelOffset() : 0f;
        PixelStandardization per = standardization == null ? spec.standardization()
                : standardization.changesNothing() ? null : standardization;
        return new InputSpec(spec.height(), spec.width(), spec.channels(), pixelScale == null ? spec.pixelScale() : pixelScale,
                offset, lightOnDark == null ? spec.lightOnDark() : lightOnDark, per);
    }

    /**
     * @return whether these options preprocess pixels outside the model beyond a plain scaling to 0..1 or raw: a mode
     *     other than raw ({@link #preprocessing()}), or a standardisation that subtracts or divides; such options
     *     contradict a model that rescales or standardises its input itself
     */
    public boolean preprocessesOutside() {
        return (preprocessing != null && preprocessing.changesPixels())
                || (standardization != null && standardization.standardises());
    }

    /**
     * @return how a user gave {@link #preprocessing()} or {@link #standardization()}, for messages: e.g.
     *     {@code --preprocess caffe (LoadOptions.withPreprocessing(CAFFE))}
     */
    public String preprocessingOption() {
        if (preprocessing != null) {
            return "--preprocess " + preprocessing.modeName() + " (LoadOptions.withPreprocessing(" + preprocessing.name()
                    + "))";
        }
        return "--pixel-mean/--pixel-std (LoadOptions.withStandardization: " + standardization + ")";
    }

    /**
     * @param mode a named mode of {@code keras.applications}' {@code preprocess_input}, done by cam4j to every picture
     *     for a model that was trained with it done outside: it sets the pixel scale, offset and per-channel
     *     standardisation together, and goes with none of {@link #withPixelScale}, {@link #withPixelOffset} and
     *     {@link #withStandardization} (opening then fails)
     * @return a copy with that preprocessing
     */
    public LoadOptions withPreprocessing(PixelPreprocessing mode) {
        return new LoadOptions(input, labels, tensors, kernelTensor, biasTensor, activation, trust, signature,
                pixelScale, found, redraw, gradients, lightOnDark, pixelOffset,
                java.util.Objects.requireNonNull(mode, "mode is null"), standardization);
    }

    /**
     * @param per the channel order, mean and deviation applied after the pixel scaling, replacing whatever the model's
     *     metadata says (one that changes nothing removes it)
     * @return a copy with that standardisation
     */
    public LoadOptions withStandardization(PixelStandardization per) {
        return new LoadOptions(input, labels, tensors, kernelTensor, biasTensor, activation, trust, signature,
                pixelScale, found, redraw, gradients, lightOnDark, pixelOffset, preprocessing,
                java.util.Objects.requireNonNull(per, "standardization is null"));
    }

    /**
     * @param offset added to every pixel after the scaling: model input = pixel (0..255) x scale + offset; finite
     * @return a copy with that offset, over whatever input spec is in force
     * @throws IllegalArgumentException when the offset is NaN or infinite
     */
    public LoadOptions withPixelOffset(float offset) {
        if (!Float.isFinite(offset)) {
            // Taken, it was refused only when the model opened, in the input spec's words, naming no option.
            throw new IllegalArgumentException("pixel offset must be a finite number, got " + offset);
        }
        return new LoadOptions(input, labels, tensors, kernelTensor, biasTensor, activation, trust, signature,
                pixelScale, found, redraw, gradients, lightOnDark, offset, preprocessing, standardization);
    }
}
