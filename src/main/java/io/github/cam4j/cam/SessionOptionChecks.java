package io.github.cam4j.cam;

import io.github.cam4j.savedmodel.CamModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The refusals of a {@link CamSession.Builder}'s settings that need no model opened: methods that exclude each other,
 * options for a method the session does not make, and target layers that cannot be chosen. Each is refused before a
 * folder is opened, with the builder's own names for what was given.
 */
final class SessionOptionChecks {
    private SessionOptionChecks() {}

    /**
     * @throws IllegalStateException when no model is set, the model lent is closed, or options were given beside a model
     *     opened already
     * @throws IllegalArgumentException when settings exclude each other, or one is for a method the session does not
     *     make
     */
    static void refuse(CamSession.Builder b) {
        if (b.model == null && b.modelDir == null) {
            throw new IllegalStateException("setModel(...) is required");
        }
        CamModel lent = b.model != null ? b.model : b.lentLayers != null ? b.lentLayers.get(0) : null;
        if (lent != null && lent.isClosed()) {
            // It was taken, and the session failed only at its first picture.
            throw new IllegalStateException("the model lent to this session, " + lent.source() + ", is closed:"
                    + " close a model after the sessions it is lent to");
        }
        if (b.model != null && b.loadOptionsGiven) {
            // They were ignored without a word: Grad-CAM and labels asked for, plain CAM and the model's own labels
            // given.
            throw new IllegalStateException("optLoadOptions(...) says how to open a model folder, and setModel(CamModel)"
                    + " gave one opened already: open it with those options (CamModelLoader.load(dir, options)), or"
                    + " give its folder to setModel(Path)");
        }
        List<String> methods = new ArrayList<>();
        if (b.scoreCam) {
            methods.add("optScoreCam(true)");
        }
        if (b.scoreVariant != null) {
            methods.add("optScoreCamVariant(" + b.scoreVariant + ")");
        }
        if (b.eigenCam) {
            methods.add("optEigenCam(true)");
        }
        if (b.otherFeatureMethod != null && !(b.eigenCam && b.otherFeatureMethod.isEigenCam())) {
            methods.add("optFeatureMethod(" + b.otherFeatureMethod + ")");
        }
        if (b.ablationCam) {
            methods.add("optAblationCam(true)");
        }
        if (b.pixelMethod != null) {
            methods.add("optPixelMethod(" + b.pixelMethod + ")");
        }
        if (b.occlusion != null) {
            methods.add("optOcclusion(" + b.occlusion + ")");
        }
        if (methods.size() > 1) {
            throw new IllegalArgumentException(String.join(" and ", methods) + " exclude each other: a session"
                    + " makes one kind of map");
        }
        if (b.scoreCamChannels > 0 && !b.scoreCam) {
            throw new IllegalArgumentException("optScoreCamChannels(" + b.scoreCamChannels + ") (--scorecam-channels)"
                    + " sets how many channels Score-CAM scores; the session is not Score-CAM's (optScoreCam(true))");
        }
        if (b.eigenSmooth && b.featureMethod() != null && b.featureMethod().isEigenCam()) {
            throw new IllegalArgumentException("optEigenSmooth(true) and optEigenCam(true) exclude each other:"
                    + " Eigen-CAM's map is already the first principal component of the features; smoothing projects"
                    + " another method's weighted features the same way");
        }
        if (b.eigenSmooth && b.featureMethod() != null && !b.featureMethod().takesEigenSmooth()) {
            throw new IllegalArgumentException("optEigenSmooth(true) and " + b.featureMethod() + " exclude each"
                    + " other: " + b.featureMethod().whyNotEigenSmoothed().orElseThrow());
        }
        if (b.pixelMethod != null && b.eigenSmooth) {
            throw new IllegalArgumentException("optEigenSmooth(true) and optPixelMethod(" + b.pixelMethod + ") exclude"
                    + " each other: eigen smoothing projects a feature layer's weighted activations, and a pixel"
                    + " attribution method has none (its map is the gradient by the input)");
        }
        if (b.pixelMethod != null && !b.layers.isEmpty()) {
            throw new IllegalArgumentException("optLayers(" + b.layers + ") and optPixelMethod(" + b.pixelMethod + ")"
                    + " exclude each other: a pixel attribution method takes the gradient at the model's input, not"
                    + " at target layers");
        }
        if (b.eigenSmooth && b.occlusion != null) {
            throw new IllegalArgumentException("optEigenSmooth(true) and optOcclusion(...) exclude each other:"
                    + " smoothing projects a method's weighted features, and occlusion weighs none (its map is"
                    + " 1 - p per tile)");
        }
        if (b.framing == Framing.DIGIT && b.keepInputSize) {
            throw new IllegalArgumentException("optFraming(DIGIT) and optKeepInputSize(true) exclude each other: a "
                    + "framed digit is fed at the model's training size");
        }
        checkRefine(b);
        checkLayersForm(b);
        checkFinerBase(b);
        checkMethodSettings(b);
        checkLayers(b);
    }

    /** Refuses {@link #optRefine} beside a method that takes no target layer: CAM, occlusion, a pixel method. */
    private static void checkRefine(CamSession.Builder b) {
        if (!b.refine) {
            if (b.refineForm != RefineForm.PYTORCH_GRAD_CAM) {
                throw new IllegalArgumentException("optRefineForm(" + b.refineForm + ") chooses RefineCAM's form; it"
                        + " needs optRefine(true)");
            }
            return;
        }
        if (b.refineForm == RefineForm.TORCH_CAM && (b.layers == null || b.layers.size() < 2)) {
            throw new IllegalArgumentException("torch-cam's RefineCAM (optRefineForm(TORCH_CAM)) multiplies the maps"
                    + " of two or more target layers, as torch-cam's refuses fewer: give them by optLayers");
        }
        if (b.pixelMethod != null || b.occlusion != null) {
            throw new IllegalArgumentException("optRefine(true) multiplies a base method's maps of target layers; "
                    + (b.pixelMethod != null ? "optPixelMethod(" + b.pixelMethod + ") takes the gradient at the model's"
                            + " input" : "occlusion paints the model's input and reads its probabilities")
                    + ", no layer");
        }
        boolean camOnly = b.model != null ? b.model.gradients().isEmpty() : !b.loadOptions.gradCam();
        if (camOnly && !b.scoreCam && b.scoreVariant == null && b.featureMethod() == null && !b.ablationCam) {
            throw new IllegalArgumentException("optRefine(true) multiplies a base method's maps of target layers;"
                    + " CAM weighs the last convolution's features by the classifier's kernel, one layer by"
                    + " definition: give a base method (LoadOptions.withGradients(GRAD_CAM_PLUS_PLUS), pytorch-grad-"
                    + "cam's default, Score-CAM, Eigen-CAM, Ablation-CAM...)");
        }
    }

    /**
     * Refuses torch-cam's fusion of layers ({@link #optLayersForm}) with fewer than two layers, where nothing is
     * fused, and with RefineCAM, which fuses by its own product.
     */
    private static void checkLayersForm(CamSession.Builder b) {
        if (b.layersForm == LayersForm.PYTORCH_GRAD_CAM) {
            return;
        }
        if (b.refine) {
            throw new IllegalArgumentException("optLayersForm(" + b.layersForm + ") and optRefine(true) exclude each"
                    + " other: RefineCAM fuses its layers by their product; optRefineForm(RefineForm.TORCH_CAM) is"
                    + " torch-cam's RefineCAM");
        }
        if (b.layers.size() < 2) {
            throw new IllegalArgumentException("optLayersForm(" + b.layersForm + ") fuses the maps of two or more"
                    + " target layers, and there is one: give them by optLayers");
        }
    }

    /**
     * Refuses a Finer-CAM base ({@link #optFinerBase}) other than Grad-CAM where it would change nothing (no
     * Finer-CAM map is made) and one torch-cam's form does not take.
     */
    private static void checkFinerBase(CamSession.Builder b) {
        if (b.finerBase == FinerBase.DEFAULT) {
            return;
        }
        FinerBase.problem(b.finerBase, b.finerComparison.unweighted()).ifPresent(p -> {
            throw new IllegalArgumentException("optFinerBase(" + b.finerBase + "): " + p);
        });
        if (!AskedMethod.makes(b, io.github.cam4j.savedmodel.GradientWeighting.FINER_CAM)) {
            throw new IllegalArgumentException("optFinerBase(" + b.finerBase + ") chooses how Finer-CAM weighs its"
                    + " target's gradient, and this session makes no Finer-CAM map: open the model for"
                    + " GradientWeighting.FINER_CAM (LoadOptions.withGradients) and give no other method");
        }
    }

    /**
     * Refuses Smooth Grad-CAM++'s noise ({@link #optSmoothGradNoise}) and Finer-CAM's comparison
     * ({@link #optFinerComparison}) given to a session that makes no map of that method: they were ignored without a
     * word, and a Grad-CAM session given noise made Grad-CAM's maps, not the smoothed ones asked for.
     */
    private static void checkMethodSettings(CamSession.Builder b) {
        if (!b.smoothNoise.equals(SmoothGradNoise.DEFAULT)
                && !AskedMethod.makes(b, io.github.cam4j.savedmodel.GradientWeighting.SMOOTH_GRAD_CAM_PLUS_PLUS)) {
            throw new IllegalArgumentException("optSmoothGradNoise(" + b.smoothNoise + ") sets Smooth Grad-CAM++'s"
                    + " noisy copies, and this session makes no Smooth Grad-CAM++ map: open the model for"
                    + " GradientWeighting.SMOOTH_GRAD_CAM_PLUS_PLUS (LoadOptions.withGradients) and give no other"
                    + " method");
        }
        if (!b.finerComparison.equals(io.github.cam4j.savedmodel.FinerComparison.DEFAULT)
                && !AskedMethod.makes(b, io.github.cam4j.savedmodel.GradientWeighting.FINER_CAM)) {
            throw new IllegalArgumentException("optFinerComparison(" + b.finerComparison + ") sets what Finer-CAM"
                    + " compares a class with, and this session makes no Finer-CAM map: open the model for"
                    + " GradientWeighting.FINER_CAM (LoadOptions.withGradients) and give no other method");
        }
    }

    /**
     * Refuses {@link #optLayers} where the layers cannot be chosen: with a model opened already, for CAM, with a
     * features tensor given to the load options, or with a graph opened by names.
     */
    private static void checkLayers(CamSession.Builder b) {
        if (b.layers.isEmpty()) {
            if (b.lentLayers != null) {
                throw new IllegalStateException("setModelAtLayers lends models opened at target layers: name those"
                        + " layers, in the same order, to optLayers");
            }
            return;
        }
        if (b.lentLayers != null && b.lentLayers.size() != b.layers.size()) {
            throw new IllegalArgumentException("setModelAtLayers lends " + b.lentLayers.size() + " models and"
                    + " optLayers names " + b.layers.size() + " layers " + b.layers + ": give one model per layer,"
                    + " opened at it");
        }
        if (b.lentLayers != null) {
            // Each layer's model records the options loadAtLayers opened it with at that layer: a model opened at
            // another layer, or with other options, would have its maps fused and labelled as this layer's.
            for (int i = 0; i < b.layers.size(); i++) {
                LentOptions.check(b.lentLayers.get(i), "the model lent for target layer " + b.layers.get(i),
                        b.modelDir, AskedMethod.layerOptions(b).withFoundOverrides(b.layers.get(i),
                        b.loadOptions.found() == null ? null : b.loadOptions.found().logits()),
                        "Give setModelAtLayers the models CamModelLoader.loadAtLayers opened at optLayers' layers,"
                        + " in their order, and the LoadOptions it was given (a gradient weighting may differ)");
            }
        }
        if (b.model != null) {
            throw new IllegalStateException("optLayers(" + b.layers + ") opens the model folder itself, once for every layer: give"
                    + " the folder to setModel(Path), or the models opened at the layers to setModelAtLayers, not a"
                    + " model opened already");
        }
        if (b.occlusion != null) {
            throw new IllegalArgumentException("optLayers(" + b.layers + "): occlusion paints the model's input and"
                    + " reads its probabilities; it takes no layer");
        }
        if (!b.loadOptions.gradCam() && !b.scoreCam && b.scoreVariant == null && b.featureMethod() == null && !b.ablationCam) {
            throw new IllegalArgumentException("optLayers(" + b.layers + "): CAM weighs the last convolution's"
                    + " features by the classifier's kernel, one layer by definition; fuse layers of a gradient"
                    + " method (LoadOptions.withGradients), Score-CAM, Eigen-CAM, Ablation-CAM, FEM, KPCA-CAM or"
                    + " RandomCAM");
        }
        if (b.loadOptions.found() != null && b.loadOptions.found().features() != null) {
            throw new IllegalArgumentException("optLayers(" + b.layers + ") and LoadOptions.withFoundOverrides("
                    + b.loadOptions.found().features() + ", ...) both choose the layer: give the layers to optLayers"
                    + " only");
        }
        if (b.loadOptions.tensors() != null) {
            throw new IllegalArgumentException("optLayers(" + b.layers + ") chooses layers of a SavedModel cam4j"
                    + " opens itself; a graph opened by names (LoadOptions.withTensors) has its one features tensor");
        }
    }
}
