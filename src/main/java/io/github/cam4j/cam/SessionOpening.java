package io.github.cam4j.cam;

import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.GradientHead;
import io.github.cam4j.savedmodel.InputSpec;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the model of a {@link CamSession.Builder} whose settings passed {@link SessionOptionChecks} (or takes the
 * one lent), refuses a model those settings cannot explain with, naming it, and builds the session on it. A model
 * opened here and then refused is closed; a lent one is left open.
 */
final class SessionOpening {
    private SessionOpening() {}

    /**
     * @return the session
     * @throws ModelLoadException when the model folder cannot be opened for the method, or the model opened cannot
     *     make its maps
     * @throws IllegalArgumentException when a setting does not fit the model opened (framing, occlusion patch, mirror,
     *     Score-CAM's channels, Smooth Grad-CAM++'s noise, Finer-CAM's ranks: a {@link SettingBeyondModelException} for
     *     the last four)
     */
    static CamSession open(CamSession.Builder b) throws ModelLoadException {
        // Each build loads its own model from a folder (with the options given by then), so that sessions built
        // from one builder neither share a model that one of them closes nor ignore options changed in between.
        boolean ownsModel = b.model == null && b.lentLayers == null;
        // Several layers: the folder is opened once, each further layer's model sharing the first's session.
        List<CamModel> atLayers = b.layers.isEmpty() ? List.of() : b.lentLayers != null ? b.lentLayers
                : CamModelLoader.loadAtLayers(b.modelDir, AskedMethod.layerOptions(b), b.layers);
        CamModel model = b.model != null ? b.model : b.layers.isEmpty() ? load(b) : atLayers.get(0);
        try {
            return checked(b, model, ownsModel, atLayers);
        } catch (ModelLoadException | RuntimeException e) {
            // A refused setting or model leaves nothing open that the builder opened: every layer's model, the first
            // (the session's own) last. The checks below had each closed the first alone, and the further layers'
            // models only when a layer's own check failed.
            if (ownsModel) {
                for (int i = atLayers.size() - 1; i > 0; i--) {
                    atLayers.get(i).close();
                }
                model.close();
            }
            throw e;
        }
    }

    /**
     * Opens the builder's folder at its one layer. For a gradient-free method and no {@code optLoadOptions}, a folder
     * that CAM's opening refuses for want of global average pooling (or, with cam4j's signatures, for features that do
     * not give its logits) is opened as a gradient method opens it
     * (Grad-CAM's options, whose gradients the method never runs; {@link CamModelLoader#loadForCamOrGradCam}), as the
     * command line opens it for that method; a folder CAM opens is explained as before, at the features CAM reads.
     *
     * @throws ModelLoadException as {@link CamModelLoader#load} does; for a gradient-free method given
     *     {@code optLoadOptions} that ask for no gradient method, a folder that CAM's opening refuses for want of global
     *     average pooling is refused naming the method asked for and the options that open it
     */
    private static CamModel load(CamSession.Builder b) throws ModelLoadException {
        LoadOptions options = pixelOptions(b);
        GradientFree method = gradientFreeMethod(b);
        if (method != null && !b.loadOptionsGiven && !options.gradCam() && options.tensors() == null) {
            // Only a refused folder is opened for Grad-CAM: one CAM opens keeps CAM's opening, so its maps stay as
            // they were. The caller who gave options gets them as given, and the refusal below says what to add. A
            // foreign SavedModel is imported once for both: the refused import and a second one made Eigen-CAM's build
            // on keras mnist-flatten-dense take 1.9 to 2.2 s, one import 1.0 s (medians of 5, on a loaded machine).
            return CamModelLoader.loadForCamOrGradCam(b.modelDir, options);
        }
        try {
            return CamModelLoader.load(b.modelDir, options);
        } catch (io.github.cam4j.savedmodel.NotCamReadyException e) {
            if (method == null || options.gradCam() || options.tensors() != null || !e.gradientsMayExplain()) {
                throw e;
            }
            // The method needs no kernel and no gradient, as its javadoc says, yet the options given open the folder
            // as CAM opens it; CAM's refusal alone ended "explain it by Grad-CAM", as if the method were the fault.
            throw new io.github.cam4j.savedmodel.NotCamReadyException(method.title() + " (" + method.option()
                    + ") needs no global average pooling, but the LoadOptions given open the folder as CAM does (they"
                    + " ask for no gradient method): add .withGradCam() to the LoadOptions given to optLoadOptions,"
                    + " which finds the features of any convolutional classifier (" + method.title() + " runs no"
                    + " gradient; without optLoadOptions, setModel(Path) opens the folder so itself). CAM's opening"
                    + " said: " + e.getMessage(), e);
        }
    }

    /** A gradient-free method as a refusal names it: its title and the builder option that asked for it. */
    private record GradientFree(String title, String option) {}

    /** @return the gradient-free method the builder asks for; null for CAM, a gradient method and a pixel method */
    private static GradientFree gradientFreeMethod(CamSession.Builder b) {
        if (b.scoreVariant != null) {
            return new GradientFree(b.scoreVariant.title(), "optScoreCamVariant");
        }
        if (b.scoreCam) {
            return new GradientFree("Score-CAM", "optScoreCam(true)");
        }
        if (b.featureMethod() != null) {
            return new GradientFree(b.featureMethod().title(), b.eigenCam ? "optEigenCam(true)" : "optFeatureMethod");
        }
        if (b.ablationCam) {
            return new GradientFree("Ablation-CAM", "optAblationCam(true)");
        }
        return b.occlusion != null ? new GradientFree("Occlusion sensitivity", "optOcclusion") : null;
    }

    /**
     * Checks the opened model (and its further layers' models) against the builder's settings, and makes the session.
     *
     * @param b the builder
     * @param model the session's model, at its first layer
     * @param ownsModel whether the session closes its models
     * @param atLayers the models at each of the builder's layers (the first is {@code model}); empty for one layer
     * @return the session
     * @throws ModelLoadException as {@link #open} says; the caller closes what it opened
     */
    private static CamSession checked(CamSession.Builder b, CamModel model, boolean ownsModel, List<CamModel> atLayers)
            throws ModelLoadException {
        SettingBeyondModelException channels = channelsBeyond(b, model, model.source().toString());
        if (channels != null) {
            throw channels;
        }
        String unreliable = unreliable(b, model);
        if (unreliable != null) {
            throw new ModelLoadException(model.source() + ": " + unreliable);
        }
        SettingBeyondModelException ranks = finerBeyond(b, model, model.source().toString());
        if (ranks != null) {
            throw ranks;
        }
        if (b.pixelMethod != null) {
            // The gradient ops are added now, so that a model they cannot be built for is refused here, not per run.
            String problem;
            try {
                problem = b.pixelMethod.kind() == PixelMethod.Kind.FULLGRAD ? model.fullGradients().unreliable()
                        : model.inputGradients().unreliable();
            } catch (ModelLoadException e) {
                throw new ModelLoadException(model.source() + ": " + e.getMessage(), e);
            }
            if (problem != null) {
                throw new ModelLoadException(model.source() + ": " + problem);
            }
        }
        io.github.cam4j.savedmodel.AblationFeed ablation = b.ablationCam
                ? io.github.cam4j.savedmodel.AblationFeed.of(model) : null;
        InputSpec input = model.input();
        if (b.framing == Framing.DIGIT && (input.channels() != 1 || !input.lightOnDark() || input.height() <= 0
                || input.width() <= 0)) {
            String reason = input.channels() != 1 ? "has " + input.channels() + " channels"
                    : !input.lightOnDark() ? "is not known to take light ink on a dark ground as MNIST does (a model"
                            + " without cam4j metadata cannot say so: LoadOptions.withInk(true), --ink light on the"
                            + " command line, tells it)"
                    : "has no training size (give one through LoadOptions)";
            throw new IllegalArgumentException("framing pictures as MNIST's digits were (optFraming(DIGIT), --fit digit)"
                    + " needs a single-channel model of light ink on a dark ground with a training size;"
                    + " model " + model.source() + " " + reason);
        }
        // A model the caller opened came with the input spec the caller gave it: its ink is theirs to know. One
        // lent with its folder (setModel(CamModel, Path, LoadOptions)) is told of as one opened here is.
        boolean fromFolder = b.modelDir != null;
        boolean inkUnknown = fromFolder && !CamModelLoader.inkKnown(b.modelDir, b.loadOptions);
        if (fromFolder) {
            MetadataOverrides.warn(b.modelDir, b.loadOptions, b.warnings);
        }
        MetadataOverrides.farInputs(input).ifPresent(b.warnings);
        if (b.occlusion != null && !b.keepInputSize && input.height() > 0 && input.width() > 0
                && (b.occlusion.patch() > input.height() || b.occlusion.patch() > input.width())) {
            // Every picture is fed at the training size: refused now rather than on each picture.
            String problem = "larger than model " + model.source() + "'s " + input.height() + "x" + input.width()
                    + " input; give a patch of at most " + Math.min(input.height(), input.width()) + " pixels";
            throw new SettingBeyondModelException(SettingBeyondModelException.Setting.OCCLUSION_PATCH,
                    String.valueOf(b.occlusion.patch()), "is " + problem, "the occlusion patch of " + b.occlusion.patch()
                    + " pixels is " + problem);
        }
        SettingBeyondModelException loud = AskedMethod.makes(b,
                io.github.cam4j.savedmodel.GradientWeighting.SMOOTH_GRAD_CAM_PLUS_PLUS)
                ? b.smoothNoise.tooLoudFor(input, model.source().toString()) : null;
        if (loud != null) {
            // --sgcampp-std 1000 drew a map unrelated to the picture, exit 0; the bound is the model's own range.
            throw loud;
        }
        java.util.Optional<String> mirrored = b.augSmooth && !b.keepInputSize && input.height() > 0 && input.width() > 0
                ? AugSmoothing.mirrorProblem(model, input.height(), input.width()) : java.util.Optional.empty();
        if (mirrored.isPresent()) {
            // Every picture is fed at the training size: refused now rather than on each picture.
            throw new IllegalArgumentException("optAugSmooth(true): " + mirrored.get());
        }
        List<CamModel> layerModels = new ArrayList<>();
        List<io.github.cam4j.savedmodel.AblationFeed> layerAblations = new ArrayList<>();
        for (int i = 1; i < atLayers.size(); i++) {
            String layer = b.layers.get(i);
            CamModel at = atLayers.get(i);
            layerModels.add(at);
            SettingBeyondModelException layerChannels = channelsBeyond(b, at, at.source() + " at layer " + layer);
            if (layerChannels != null) {
                throw layerChannels;
            }
            String problem = unreliable(b, at);
            if (problem != null) {
                throw new ModelLoadException(at.source() + " at layer " + layer + ": " + problem);
            }
            SettingBeyondModelException layerRanks = finerBeyond(b, at, at.source() + " at layer " + layer);
            if (layerRanks != null) {
                throw layerRanks;
            }
            layerAblations.add(b.ablationCam ? io.github.cam4j.savedmodel.AblationFeed.of(at) : null);
        }
        return new CamSession(b, model, ownsModel, inkUnknown, ablation, layerModels, layerAblations);
    }

    /**
     * @param where the model, and its layer among several, as the message names it
     * @return the refusal of Faster Score-CAM asking more channels than the features have; null when fine
     */
    private static SettingBeyondModelException channelsBeyond(CamSession.Builder b, CamModel m, String where) {
        if (!b.scoreCam || b.scoreCamChannels <= m.channels()) {
            return null;
        }
        // A setting the model bounds, not a fault of the model: its own type lets the command line name its option.
        String problem = "asks more channels than its features '" + m.tensors().features() + "' have, "
                + m.channels() + ": give 1 to " + m.channels() + ", or leave it out to score them all";
        return new SettingBeyondModelException(SettingBeyondModelException.Setting.SCORE_CAM_CHANNELS,
                String.valueOf(b.scoreCamChannels), problem, where + ": optScoreCamChannels(" + b.scoreCamChannels
                + ") (--scorecam-channels " + b.scoreCamChannels + ") " + problem);
    }

    /**
     * @return why a model's gradient maps cannot be trusted; null when fine
     */
    private static String unreliable(CamSession.Builder b, CamModel m) {
        // A pixel method never runs the features' gradients: only its own, checked in build.
        boolean scoreRuns = b.scoreCam || b.scoreVariant != null;
        return scoreRuns || b.featureMethod() != null || b.ablationCam || b.occlusion != null
                || b.pixelMethod != null ? null : m.gradients().map(GradientHead::unreliable).orElse(null);
    }

    /**
     * @param where the model, and its layer among several, as the message names it
     * @return the refusal of Finer-CAM's ranks past the model's classes; null when fine or not Finer-CAM
     */
    private static SettingBeyondModelException finerBeyond(CamSession.Builder b, CamModel m, String where) {
        if (b.scoreCam || b.scoreVariant != null || b.eigenCam || b.ablationCam || b.occlusion != null
                || b.pixelMethod != null) {
            return null;
        }
        // Finer-CAM's ranks are fed, not built: a rank past the last class is refused here, not by a gather. A setting
        // the model bounds, as Score-CAM's channels are: its own type lets the command line name its option.
        String problem = m.gradients().filter(h -> h.finer() != null)
                .map(h -> b.finerComparison.problem(h.classes())).orElse(null);
        if (problem == null) {
            return null;
        }
        String ranks = String.join(",", b.finerComparison.ranks().stream().map(String::valueOf).toList());
        return new SettingBeyondModelException(SettingBeyondModelException.Setting.FINER_RANKS, ranks,
                ": " + problem.replace(" (--finer-ranks)", ""), where + ": " + problem);
    }

    /**
     * @return the load options a folder is opened with: as given, but for a pixel method on a folder cam4j imports
     *     itself, opened as for a gradient method (which finds any convolutional classifier's features and logits,
     *     where CAM's opening needs global average pooling): the feature layer is never used, only the logits
     */
    private static LoadOptions pixelOptions(CamSession.Builder b) {
        return b.pixelMethod == null || b.loadOptions.gradCam() || b.loadOptions.tensors() != null ? b.loadOptions
                : b.loadOptions.withGradients(io.github.cam4j.savedmodel.GradientWeighting.GRAD_CAM);
    }
}
