package io.github.cam4j.cli;

import io.github.cam4j.render.CaptionTitles;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.FeatureMethod;
import io.github.cam4j.cam.Framing;
import io.github.cam4j.cam.Invert;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import io.github.cam4j.savedmodel.TensorNames;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every command that opens a model shares ({@code @Mixin}). */
final class ModelOptions {
    @Option(names = "--model", required = true, description = "a SavedModel folder (cam4j's, Python Keras', or any with --features/--logits/--kernel), or a bundled model's name: mnist-pooled, mnist-unpooled")
    Path model;

    @Mixin
    LoadFlags load;

    @Mixin
    MethodOptions methodOptions;

    /**
     * {@code --ink}, light or dark, or null for the model's metadata. Not an option here: explain, compare and video each
     * declare it, since it changes different things in each (explain and compare frame photos, video clears frames'
     * ground and measures digits); not evaluate's either, which feeds MNIST's canvases as they are and would ignore it.
     */
    String ink;

    /**
     * {@code --layers}: the target layers whose maps are fused ({@link CamSession.Builder#optLayers}), or null for the
     * model's one layer. Not an option here: explain and compare declare it (evaluate takes its methods' layers by
     * --also-at, and CAM, its reference, at its one layer).
     */
    List<String> layers;

    /**
     * {@code --layers-form}: whose fusion of the {@code --layers} maps, pytorch-grad-cam's mean or torch-cam's maximum,
     * or null for pytorch-grad-cam's. Declared beside {@code --layers} by explain and compare.
     */
    String layersForm;

    /** {@code --layers-form}'s help, for the commands that declare it. */
    static final String LAYERS_FORM_HELP = "with --layers: whose fusion of the layers' maps, pytorch-grad-cam (each"
            + " layer's map scaled, placed on the input, the maps averaged, the mean scaled) or torch-cam (torch-cam's"
            + " fuse_cams, the LayerCAM paper's: each layer's map normalised at its cells, layercam's through tanh(2 x),"
            + " resized to the largest layer's cells by half-pixel bilinear, the element-wise maximum there, not scaled"
            + " again, placed on the input as that layer's maps are; the layers' grids must nest); not for refinecam,"
            + " whose product is its own fusion (--refine-form torch-cam is torch-cam's RefineCAM) (default:"
            + " pytorch-grad-cam)";

    /** {@code --layers}' help, for the commands that declare it. */
    static final String LAYERS_HELP = "two or more rank-4 tensors, comma-separated (e.g. the last two blocks' outputs;"
            + " inspect lists a model's layers), whose maps are fused as pytorch-grad-cam fuses target_layers: each"
            + " layer's map by the method, ReLU and min-max scaled, placed on the model input's pixels as cam4j places"
            + " cells, averaged, the mean scaled again (refinecam: each scaled again, multiplied, the product scaled);"
            + " probabilities are the picture's own. Any method but cam (the"
            + " classifier's kernel weighs one layer); not with --features. Opens the model once and runs it once per"
            + " batch for all the layers (Score-CAM's masked and Ablation-CAM's ablated runs are each layer's own)";

    /** The part of each command's {@code --ink} help that is the same for both: what it says, and its default. */
    static final String INK_DEFAULT = "(default: the model's cam4j metadata; a model without it is taken as dark, so"
            + " nothing is inverted on a guess)";

    @Option(names = "--invert", defaultValue = "auto", converter = Choices.InvertMode.class, description = "auto, never or always: invert dark-on-light pictures for models trained on light-on-dark digits (default: ${DEFAULT-VALUE})")
    String invert;

    @Option(names = "--method", defaultValue = "cam", converter = MethodNames.MethodValue.class, description = "cam (the classifier's kernel; needs global average pooling), gradcam, gradcam++, xgradcam, hirescam, layercam or gradcam-elementwise (gradients of the class's logit at the features: any convolutional classifier), finercam (Grad-CAM of the class's logit less those of the classes nearest it, weighed by their probabilities: what tells it from its look-alikes; --finer-alpha, --finer-ranks; --finer-form torch-cam: less 0.6 of their plain mean, torch-cam's FinerCAM), shapleycam (Grad-CAM of the gradient less half its Hessian-vector product with the features; needs TensorFlow's second-order gradients), scorecam (the class's logits on the picture masked by each feature channel: any convolutional classifier, one model run per channel), eigencam (the features' first principal component: any convolutional classifier, the same map for every class), fem (channels weighted by their share of cells above mean + k std, --fem-k), kpcacam (the features' first kernel principal component, --kpca-kernel, --kpca-gamma) or randomcam (seeded random channel weights in [-1, 1), a baseline, --randomcam-seed) (all three: any convolutional classifier, the same map for every class), or ablationcam (the class logit's relative drop when each feature channel is zeroed: any convolutional classifier, one run of the layers after the features per channel, batched), torch-cam's smoothgradcam++ (Grad-CAM++ from the gradients of noisy copies of the picture, --sgcampp-samples, --sgcampp-std, --sgcampp-seed), sscam (Score-CAM with noise on the masks, averaged over rounds, --sscam-samples, --sscam-std, --sscam-seed) or iscam (Score-CAM over scaled masked pictures, --iscam-steps), pytorch-grad-cam's refinecam (RefineCAM: a base method's maps at several target layers multiplied pixel by pixel, each scaled on the input first, the product scaled: evidence only where every layer has some; --refine-base, gradcam++ by default; --refine-form torch-cam multiplies at the largest layer's cells, torch-cam's RefineCAM; at one layer, --features or the model's own, the base's map scaled), or occlusion (tf-explain's occlusion sensitivity: 1 - the class's probability with each square tile of the input painted grey, --occlusion-patch, --occlusion-fill; reads only the probabilities, one model run per tile, batched); or, not CAMs but pixel attribution from the class logit's gradient by the model's input itself, one value per input pixel: saliency (|gradient|, max over colour channels), gradxinput (|input x gradient|), smoothgrad (saliency averaged over noisy copies, --smoothgrad-samples, --smoothgrad-noise, --smoothgrad-seed) or integratedgradients, alias ig (input x the gradient averaged on the path from a black picture, --ig-steps), or pytorch-grad-cam's fullgrad (|input x gradient| plus every convolution's and batch norm's |bias x gradient| at its output, channel by channel, min-max scaled, resized and summed; all bias layers, no target layer) (default: ${DEFAULT-VALUE})")

    String method;

    /**
     * The option that picks another method, offered where CAM refuses a {@code --features} its kernel does not weigh:
     * explain's {@code --method}; compare, whose only method CAM may be, sets its {@code --methods}.
     */
    String methodOption = "--method";

    @Option(names = "--features", description = "tensor name of the features: the last convolution's activations for CAM, any rank-4 layer for the other methods (overrides what import finds; with --input, --logits, --kernel: opens any graph by names)")
    String features;

    @Option(names = "--logits", description = "tensor name of the logits (with --features)")
    String logits;

    @Option(names = "--kernel", description = "tensor name of the classifier kernel [K, classes] (with --features)")
    String kernel;

    @Option(names = "--bias", description = "tensor name of the classifier bias (with --features)")
    String bias;

    @Option(names = "--signature", description = "the signature of a foreign SavedModel to import (default: serving_default)")
    String signature;

    @Option(names = "--input", description = "tensor name of the images input (with --features)")
    String input;

    @Option(names = "--activation", converter = Choices.Activation.class, description = "with tensors named by --input, --features, --logits: what turns the logits into probabilities, softmax (the default) or sigmoid (a binary or multi-label head)")
    String activation;

    @Option(names = "--aug-smooth", description = "average each map over six variants of its picture, pytorch-grad-cam's aug_smooth: as fed, mirrored left to right or not, its values times 0.9, 1 and 1.1, each explained for the picture's class, mirrored back and averaged (fewer artefacts of any one view); the probabilities stay the picture's own. Costs about 6 times the model work; video's windows are then scored by a plain CAM run beside it, as for methods other than cam (on a model CAM cannot open, the caption gives the region's prediction)")
    boolean augSmooth;

    @Option(names = "--eigen-smooth", description = "smooth the maps as pytorch-grad-cam's eigen_smooth: the method's weighted features (each channel times its weight; HiResCAM, LayerCAM and Grad-CAM element-wise: times its own gradient, cell by cell, the last cut at 0) projected on their first principal component instead of summed over the channels, signed to agree with the unsmoothed map; keeps the dominant pattern, drops speckle. Any method but eigencam and kpcacam, which are such projections of the features already, and fem, whose pytorch-grad-cam form ignores eigen_smooth")
    boolean eigenSmooth;

    /**
     * @param keepInputSize feed pictures at their own size
     * @param warnings where the opening's warnings go (an option overriding the model's metadata)
     * @return a session over the model, as the options say
     */
    CamSession open(boolean keepInputSize, java.util.function.Consumer<String> warnings) throws ModelLoadException {
        return namingLabels(() -> builder().optKeepInputSize(keepInputSize).optWarnings(warnings).build());
    }

    /**
     * @param framing how pictures are brought to the training size
     * @param keepInputSize feed pictures at their own size instead (then {@code framing} is AUTO's levels only)
     * @param warnings where warnings about a picture go (a forced --invert that left it mostly ink)
     * @param notes where remarks about a picture go (dark ink on paper for a model that cannot say its ink)
     * @return a session over the model, as the options say, bringing pictures to the training size as told
     */
    CamSession open(Framing framing, boolean keepInputSize, java.util.function.Consumer<String> warnings,
            java.util.function.Consumer<String> notes) throws ModelLoadException {
        return namingLabels(() -> builder().optFraming(framing).optKeepInputSize(keepInputSize).optWarnings(warnings)
                .optNotes(notes).build());
    }

    /**
     * Opens the model as {@link #open(Framing, boolean, java.util.function.Consumer, java.util.function.Consumer)}
     * would for a method of {@code options}, for sessions that share it ({@link #open(CamModel, Path, LoadOptions,
     * Framing, boolean, java.util.function.Consumer, java.util.function.Consumer)}); the caller closes it after them.
     *
     * @param dir the folder {@link #modelDir()} gave
     * @param options the options {@link #loadOptions()} gave
     * @return the opened model
     * @throws ModelLoadException when it cannot be opened so, the labels file named as a session's opening names it
     */
    CamModel load(Path dir, LoadOptions options) throws ModelLoadException {
        try {
            return CamModelLoader.load(dir, options);
        } catch (ModelLoadException e) {
            throw refused(e);
        }
    }

    /**
     * Opens the model at {@code --layers} as a session with those layers would, for sessions that share it
     * ({@link #openAtLayers}); the caller closes the first model after them (the others own nothing).
     *
     * @param dir the folder {@link #modelDir()} gave
     * @param options the options {@link #loadOptions()} gave, for a gradient method
     * @param layers the target layers
     * @return a model per layer, the first owning their session
     * @throws ModelLoadException when it cannot be opened so, the labels file named as a session's opening names it
     */
    List<CamModel> loadAtLayers(Path dir, LoadOptions options, List<String> layers) throws ModelLoadException {
        try {
            return CamModelLoader.loadAtLayers(dir, options, layers);
        } catch (ModelLoadException e) {
            throw refused(e);
        }
    }

    /**
     * A session for {@code --method} at {@code --layers} over models {@link #loadAtLayers} opened, which it borrows:
     * the session {@link #open(Framing, boolean, java.util.function.Consumer, java.util.function.Consumer)} makes with
     * {@code --layers}, without opening the folder again.
     *
     * @param loaded a model per layer of {@code --layers}, or {@link CamModel#withGradients} views of them
     * @param dir the folder they were opened from
     * @param options the options {@link #loadOptions()} gives the method
     * @param framing how pictures are brought to the training size
     * @param keepInputSize feed pictures at their own size instead
     * @param warnings where warnings about a picture go
     * @param notes where remarks about a picture go
     * @return the session; closing it leaves the models open
     * @throws ModelLoadException when a layer's model does not allow the method
     */
    CamSession openAtLayers(List<CamModel> loaded, Path dir, LoadOptions options, Framing framing,
            boolean keepInputSize, java.util.function.Consumer<String> warnings,
            java.util.function.Consumer<String> notes) throws ModelLoadException {
        return namingLabels(() -> methodBuilder().optLayers(layers).setModelAtLayers(loaded, dir, options)
                .optFraming(framing).optKeepInputSize(keepInputSize).optWarnings(warnings).optNotes(notes).build());
    }

    /** @return the folder {@code --model} names: as given, or a bundled model's copy ({@link ModelPaths}) */
    Path modelDir() throws ModelLoadException {
        return ModelPaths.resolve(model);
    }

    /**
     * A session for {@code --method} over a model {@link #load} opened, which it borrows: the same session as
     * {@link #open(Framing, boolean, java.util.function.Consumer, java.util.function.Consumer)} makes, notes and
     * warnings included, without loading the model again.
     *
     * @param loaded the model, or a {@link CamModel#withGradients} view of it for the method's weighting
     * @param dir the folder it was opened from
     * @param options the options it was opened with ({@link #loadOptions()} for the method)
     * @param framing how pictures are brought to the training size
     * @param keepInputSize feed pictures at their own size instead
     * @param warnings where warnings about a picture go
     * @param notes where remarks about a picture go
     * @return the session; closing it leaves the model open
     * @throws ModelLoadException when the model does not allow the method (gradients it cannot trust)
     */
    CamSession open(CamModel loaded, Path dir, LoadOptions options, Framing framing, boolean keepInputSize,
            java.util.function.Consumer<String> warnings, java.util.function.Consumer<String> notes)
            throws ModelLoadException {
        return namingLabels(() -> methodBuilder().setModel(loaded, dir, options).optFraming(framing)
                .optKeepInputSize(keepInputSize).optWarnings(warnings).optNotes(notes).build());
    }

    private interface Opening {
        CamSession open() throws ModelLoadException;
    }

    /** The model counts the labels against its classes but never saw the file they came from: say which it was. */
    private CamSession namingLabels(Opening opening) throws ModelLoadException {
        try {
            return opening.open();
        } catch (ModelLoadException e) {
            throw refused(e);
        }
    }

    /**
     * @param e a failure to open the model
     * @return {@code e}, the labels file named when its count was refused
     * @throws UsageException naming the option, when the graph lacks a tensor {@code --features} (or another tensor
     *     option) named
     */
    private ModelLoadException refused(ModelLoadException e) {
        java.util.Optional<UsageException> usage = new TensorOptions(features, logits, input, kernel, bias, layers)
                .refusal(e, model.toString(), methodOption);
        if (usage.isPresent()) {
            throw usage.get();
        }
        return load.namingLabels(e);
    }

    /**
     * Refuses {@code --features} or {@code --logits} with {@code --method cam} on a cam4j model, whose 'cam' signature
     * names its own: the loader refused it too, but as a failure (exit 1) in its API's words. Not for concepts, which
     * opens such a model by CAM first and, refused, at the layer by Eigen-CAM.
     *
     * @throws UsageException naming the option, when the method is CAM and the model cam4j's
     * @throws ModelLoadException when the model's folder cannot be read
     */
    void refuseTensorsForCam() throws ModelLoadException {
        if (isCam(method) && input == null && (features != null || logits != null)
                && !CamModelLoader.isForeign(modelDir(), loadOptions())) {
            String option = features != null ? "--features " + features : "--logits " + logits;
            throw new UsageException(option + ": --method " + method + " reads the features and logits cam4j's model "
                    + model + " names itself; " + (features != null ? "--features" : "--logits") + " chooses the layer"
                    + " of the other methods (e.g. --method gradcam) or of a foreign SavedModel");
        }
    }

    private CamSession.Builder builder() throws ModelLoadException {
        Path dir = modelDir();
        LoadOptions options = loadOptions();
        return methodBuilder().setModel(dir).optLoadOptions(options).optLayers(layers == null ? List.of() : layers);
    }

    /**
     * Refuses {@code --layers} where it cannot apply, in the options' words: fewer than two layers, one given twice,
     * {@code --method cam}, or with {@code --features}.
     *
     * @throws UsageException naming the options
     */
    void checkLayers() {
        checkLayers(true);
    }

    /**
     * Refuses {@code --layers} as {@link #checkLayers()} does, {@code --method cam} only when {@code oneMethod}: among
     * several methods (compare), CAM is skipped with its reason instead, as a model's other refusals are.
     *
     * @param oneMethod whether {@code method} is the only method the command runs
     * @throws UsageException naming the options
     */
    void checkLayers(boolean oneMethod) {
        io.github.cam4j.cam.LayersForm form = layersFormGiven();
        if (layers == null) {
            if (form != io.github.cam4j.cam.LayersForm.PYTORCH_GRAD_CAM) {
                throw new UsageException("--layers-form " + form.cliName() + " fuses the maps of two or more target"
                        + " layers, and no --layers are given: give them by --layers, or leave out --layers-form");
            }
            return;
        }
        if (oneMethod && refineCam() && form != io.github.cam4j.cam.LayersForm.PYTORCH_GRAD_CAM) {
            throw new UsageException("--layers-form " + form.cliName() + " and --method refinecam exclude each other:"
                    + " RefineCAM fuses its layers by their product; --refine-form torch-cam is torch-cam's RefineCAM");
        }
        if (layers.isEmpty() || layers.stream().anyMatch(String::isBlank)) {
            // "--layers ," splits into no name at all, which reached layers.get(0) below: an IndexOutOfBoundsException.
            throw new UsageException("--layers '" + String.join(",", layers) + "' holds an empty name: give the layers'"
                    + " tensors, comma-separated");
        }
        if (layers.size() < 2) {
            throw new UsageException("--layers takes two or more tensors, comma-separated; one layer is --features "
                    + layers.get(0));
        }
        // "x" and "x:0" name the same tensor (its first output), so they are one layer, as the model reads it.
        List<String> tensors = layers.stream().map(l -> l.endsWith(":0") ? l.substring(0, l.length() - 2) : l).toList();
        for (int i = 0; i < layers.size(); i++) {
            if (tensors.indexOf(tensors.get(i)) != i) {
                throw new UsageException("--layers names " + layers.get(i) + " twice; each layer counts once in the"
                        + " mean");
            }
        }
        if (oneMethod && pixelMethod() != null) {
            throw new UsageException("--layers fuses target layers' maps; --method " + method + " "
                    + MethodNames.pixelGradientsAt(method) + ": leave out --layers, or choose a CAM method");
        }
        if (oneMethod && occlusion() != null) {
            throw new UsageException("--layers fuses several layers' maps; --method " + method + " paints the model's"
                    + " input and reads its probabilities, no layer: leave out --layers");
        }
        if (oneMethod && isCam(method)) {
            throw new UsageException("--layers fuses several layers' maps; --method " + method + " weighs the last"
                    + " convolution's features by the classifier's kernel, one layer by definition: choose another"
                    + " --method (gradcam, scorecam, eigencam...)");
        }
        if (features != null) {
            throw new UsageException("--layers and --features both choose the layer: give the layers to --layers only");
        }
    }

    /** @return whether {@code name} is CAM: neither a gradient weighting nor a gradient-free method */
    static boolean isCam(String name) {
        return MethodNames.parse("--method", name, true).isEmpty() && !MethodNames.isGradientFree(name);
    }

    /** @return a builder for {@code --method} and how pictures are fed, without the model */
    private CamSession.Builder methodBuilder() {
        // Finer-CAM's comparison and Smooth Grad-CAM++'s noise only for their own method: the builder refuses them
        // beside another.
        return smoothing(CamSession.builder().optInvert(invertMode())
                .optFinerComparison(gradientWeighting() == GradientWeighting.FINER_CAM ? finerComparison()
                        : io.github.cam4j.savedmodel.FinerComparison.DEFAULT)
                .optFinerBase(finerCam() ? methodOptions.finerBase() : io.github.cam4j.cam.FinerBase.DEFAULT)
                .optScoreCam(scoreCam()).optScoreCamChannels(scoreCam() ? methodOptions.scoreCamChannels() : 0)
                .optEigenCam(eigenCam()).optFeatureMethod(featureMethod())
                .optAblationCam(ablationCam()).optOcclusion(occlusion()).optPixelMethod(pixelMethod())
                .optScoreCamVariant(methodOptions.scoreVariant(base()))
                .optSmoothGradNoise(gradientWeighting() == GradientWeighting.SMOOTH_GRAD_CAM_PLUS_PLUS
                        ? methodOptions.smoothGradNoise() : io.github.cam4j.cam.SmoothGradNoise.DEFAULT)
                .optRefine(refineCam()).optRefineForm(refineForm())
                // RefineCAM's product is its own fusion: compare skips it under torch-cam's form (its reason said).
                .optLayersForm(refineCam() ? io.github.cam4j.cam.LayersForm.PYTORCH_GRAD_CAM : layersFormGiven())
                .optAugSmooth(augSmooth));
    }

    /** {@code --eigen-smooth} on the session, for the methods it applies to ({@link #eigenSmoothed()}). */
    private CamSession.Builder smoothing(CamSession.Builder builder) {
        return builder.optEigenSmooth(eigenSmoothed());
    }

    /**
     * @return whether this method's maps are smoothed: {@code --eigen-smooth} given and the method not Eigen-CAM,
     *     KPCA-CAM or FEM, which compare draws as they are beside the smoothed methods (explain and video refuse the
     *     pair first, {@link #checkMethodOptions()})
     */
    boolean eigenSmoothed() {
        return eigenSmooth && !eigenCam() && (featureMethod() == null || featureMethod().takesEigenSmooth())
                && occlusion() == null && pixelMethod() == null;
    }

    /**
     * Refuses {@code --eigen-smooth} with {@code --method eigencam}, {@code kpcacam} or {@code fem}, and a feature
     * method's setting ({@code --fem-k}...) without its method, for the commands that make one method's maps.
     *
     * @throws UsageException naming both options
     */
    void checkMethodOptions() {
        if (eigenSmooth && eigenCam()) {
            throw new UsageException("--eigen-smooth projects a method's weighted features on their first principal"
                    + " component; --method " + method + " is that projection of the features already: leave out"
                    + " --eigen-smooth, or choose another method");
        }
        if (eigenSmooth && featureMethod() != null && !featureMethod().takesEigenSmooth()) {
            throw new UsageException("--eigen-smooth does not apply to --method " + method + ": "
                    + featureMethod().whyNotEigenSmoothed().orElseThrow() + "; leave out --eigen-smooth, or choose"
                    + " another method");
        }
        if (eigenSmooth && occlusion() != null) {
            throw new UsageException("--eigen-smooth projects a method's weighted features; --method " + method
                    + " weighs none (its map is 1 - p per tile): leave out --eigen-smooth, or choose another method");
        }
        if (features != null && input == null && occlusion() != null) {
            throw new UsageException("--features chooses the layer a CAM method reads; --method " + method + " reads"
                    + " only the model's probabilities: leave out --features");
        }
        if (pixelMethod() != null) {
            refuseForPixels(method);
        }
        methodOptions.checkUsed(List.of(method), "--method");
    }

    /**
     * Refuses the options that choose or smooth a feature layer with a pixel attribution method, which has none:
     * {@code --eigen-smooth}, and {@code --features} naming an imported model's layer (a graph opened by names,
     * {@code --input}, needs its features tensor to open).
     *
     * @param name the pixel method as given
     * @throws UsageException naming the option
     */
    void refuseForPixels(String name) {
        if (eigenSmooth) {
            throw new UsageException("--eigen-smooth projects a feature layer's weighted activations; --method " + name
                    + ("fullgrad".equals(MethodNames.pixelName(name))
                            ? " sums scaled gradient terms of the input and of every bias layer, and cam4j does not"
                                    + " project them (pytorch-grad-cam's eigen_smooth for FullGrad is not ported)"
                            : " takes the gradient at the model's input and has none")
                    + ": leave out --eigen-smooth");
        }
        if (features != null && input == null) {
            throw new UsageException("--features chooses the layer a CAM is taken at; --method " + name + " "
                    + MethodNames.pixelGradientsAt(name) + ": leave out --features");
        }
    }

    /** @return Finer-CAM's comparison as {@code --finer-alpha} and {@code --finer-ranks} say ({@link MethodOptions}) */
    io.github.cam4j.savedmodel.FinerComparison finerComparison() {
        return methodOptions.finerComparison();
    }

    /**
     * @return {@link #methodTitle()}, with how many layers the maps are fused from (" (max of 2 layers)" for
     *     torch-cam's {@code --layers-form}, which takes their maximum, not their mean) and how they are smoothed,
     *     " (2 layers)", " (eigen-smooth)", " (aug-smooth)" or " (2 layers, eigen-smooth, aug-smooth)": for captions and
     *     figures
     */
    String shownTitle() {
        List<String> said = new java.util.ArrayList<>();
        if (fusedLayers() > 0) {
            said.add((fusedByMaximum() ? "max of " : "") + fusedLayers() + " layers");
        }
        smoothings().forEach(s -> said.add(s + "-smooth"));
        return methodTitle() + (said.isEmpty() ? "" : " (" + String.join(", ", said) + ")");
    }

    /**
     * @return the method's titles for a caption: {@link #shownTitle()}, then as short as its layers and smoothing can be
     *     said in words ("Grad-CAM 2 layers", "Grad-CAM eigen+aug"), each followed by its form with
     *     {@link #methodShortTitle()} where the method has one, then, smoothed and fused, with the layers said "2L"
     *     ("Grad-CAM 2L eigen+aug"); bare, {@link #methodTitle()} and its short form with the layers and without the
     *     smoothing, then with "2L" (a fused map is never named as one layer's, which would be another map)
     */
    CaptionTitles shownTitles() {
        List<String> smoothing = smoothings();
        int fused = fusedLayers();
        String max = fusedByMaximum() ? " max of" : "";
        String words = fused == 0 ? "" : max + " " + fused + " layers";
        // "2L" is terse: a caption takes it only where "2 layers" does not fit, on a line of the class's or its own.
        String terse = fused == 0 ? "" : " " + fused + "L" + (max.isEmpty() ? "" : " max");
        String joined = smoothing.isEmpty() ? "" : " " + String.join("+", smoothing);
        List<String> named = new java.util.ArrayList<>(List.of(shownTitle(), methodTitle() + words + joined,
                methodShortTitle() + words + joined));
        List<String> bare = new java.util.ArrayList<>();
        if (!smoothing.isEmpty()) {
            named.addAll(List.of(methodTitle() + terse + joined, methodShortTitle() + terse + joined));
            bare.addAll(List.of(methodTitle() + words, methodShortTitle() + words));
        }
        if (fused > 0) {
            bare.addAll(List.of(methodTitle() + terse, methodShortTitle() + terse));
        }
        return new CaptionTitles(named.stream().distinct().toList(), bare.stream().distinct().toList());
    }

    /** @return how many layers the maps are fused from ({@code --layers}), or 0 for the model's one layer */
    private int fusedLayers() {
        return layers == null || layers.size() < 2 ? 0 : layers.size();
    }

    /**
     * @return whether the fused layers' maps are combined by torch-cam's maximum ({@code --layers-form torch-cam}),
     *     which a caption must say: the mean's "2 layers" would name another map (RefineCAM's product has its own title)
     */
    private boolean fusedByMaximum() {
        return fusedLayers() > 0 && !refineCam() && layersFormGiven() == io.github.cam4j.cam.LayersForm.TORCH_CAM;
    }

    /**
     * @return {@link #methodTitle()} said short where it is too long for a digit's caption
     *     ({@link GradientWeighting#shortTitle()}: "Grad-EW"); the title itself for every other method
     */
    String methodShortTitle() {
        if (refineCam()) {
            // "RefineCAM (Grad-CAM++)" said short: the base is in the full title and in --json's method_settings.
            return "RefineCAM";
        }
        if (pixelMethod() != null) {
            return pixelMethod().shortTitle();
        }
        GradientWeighting weighting = MethodNames.isGradientFree(method) ? null : gradientWeighting();
        return weighting == null ? methodTitle() : weighting.shortTitle();
    }

    /** @return the smoothings the maps get, as their options name them without "-smooth" */
    private List<String> smoothings() {
        List<String> smoothing = new java.util.ArrayList<>();
        if (eigenSmoothed()) {
            smoothing.add("eigen");
        }
        if (augSmooth) {
            smoothing.add("aug");
        }
        return smoothing;
    }

    LoadOptions loadOptions() {
        LoadOptions options = load.options();
        if (ink != null) {
            options = switch (ink.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "light" -> options.withInk(true);
                case "dark" -> options.withInk(false);
                default -> throw new UsageException("--ink '" + ink + "' is neither light nor dark");
            };
        }
        // Score-CAM, Eigen-CAM and Ablation-CAM need only the features and the logits, which the gradient methods'
        // loading finds in any convolutional classifier (CAM's needs global average pooling); its gradients are never
        // run.
        GradientWeighting weighting = MethodNames.isGradientFree(base()) ? GradientWeighting.GRAD_CAM
                : gradientWeighting();
        boolean gradCam = weighting != null;
        if (gradCam) {
            options = options.withGradients(weighting);
        }
        if (gradCam && (kernel != null || bias != null)) {
            // Silently ignored, they would suggest the map used them.
            throw new UsageException("--kernel and --bias are CAM's; --method " + method
                    + (occlusion() != null ? " reads only the probabilities of occluded pictures" : " weighs the features"
                    + (scoreCam() || methodOptions.scoreVariant(base()) != null ? " by masked model runs" : eigenCam() ? " by their principal component"
                            : ablationCam() ? " by ablated model runs"
                            : featureMethod() != null ? " from the features alone"
                            : pixelMethod() != null ? " not at all (its map is the gradient by the input)"
                            : " by gradients"))
                    + " and takes neither");
        }
        if (kernel != null || input != null || bias != null) {
            // A graph without cam4j's signature, opened by names (TF1 style); Grad-CAM needs no kernel.
            if (features == null || logits == null || input == null || (kernel == null && !gradCam)) {
                throw new UsageException(gradCam ? "--input, --features and --logits go together"
                        : "--input, --features, --logits and --kernel go together (--bias is optional)");
            }
            options = options.withTensors(new TensorNames(input, features, logits, null), kernel, bias);
            if (activation != null) {
                options = options.withActivation(switch (activation.strip().toLowerCase(java.util.Locale.ROOT)) {
                    case "softmax" -> io.github.cam4j.savedmodel.ClassifierActivation.SOFTMAX;
                    case "sigmoid" -> io.github.cam4j.savedmodel.ClassifierActivation.SIGMOID;
                    default -> throw new UsageException("--activation '" + activation + "' is not softmax or"
                            + " sigmoid");
                });
            }
        } else if (features != null || logits != null) {
            // A foreign SavedModel: replace what import finds.
            options = options.withFoundOverrides(features, logits);
        }
        if (activation != null && input == null) {
            // Import reads the activation from the graph; a value it would ignore must not look applied.
            throw new UsageException("--activation goes with tensors named by --input, --features, --logits;"
                    + " an imported model's activation is read from its graph");
        }
        if (signature != null) {
            options = options.withSignature(signature);
        }
        return options;
    }

    /** @return whether {@code --method} is Finer-CAM, whose target's gradient its base ({@code --finer-base}) weighs */
    boolean finerCam() {
        return MethodNames.isFinerCam(method);
    }

    /**
     * @return the fusion of the layers {@code --layers-form} names; pytorch-grad-cam's, the default, when left out
     * @throws UsageException naming {@code --layers-form} for a name that is neither form
     */
    io.github.cam4j.cam.LayersForm layersFormGiven() {
        return layersForm(layersForm);
    }

    /**
     * @param given {@code --layers-form}'s value, or null when left out
     * @return the form it names; pytorch-grad-cam's for null
     * @throws UsageException naming {@code --layers-form} for a name that is neither form
     */
    static io.github.cam4j.cam.LayersForm layersForm(String given) {
        if (given == null) {
            return io.github.cam4j.cam.LayersForm.PYTORCH_GRAD_CAM;
        }
        try {
            return io.github.cam4j.cam.LayersForm.of(given);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--layers-form " + e.getMessage());
        }
    }

    /** @return whether {@code --method} is RefineCAM, whose maps are its base method's ({@link #base()}) multiplied */
    boolean refineCam() {
        return MethodNames.isRefineCam(method);
    }

    /**
     * @return RefineCAM's form ({@code --refine-form}); pytorch-grad-cam's for any other method
     * @throws UsageException naming {@code --refine-form} for a bad name, or torch-cam's form with fewer than two
     *     target layers (torch-cam's RefineCAM refuses them)
     */
    io.github.cam4j.cam.RefineForm refineForm() {
        if (!refineCam()) {
            return io.github.cam4j.cam.RefineForm.PYTORCH_GRAD_CAM;
        }
        io.github.cam4j.cam.RefineForm form = methodOptions.refineForm();
        if (form == io.github.cam4j.cam.RefineForm.TORCH_CAM && fusedLayers() < 2) {
            throw new UsageException("--refine-form torch-cam multiplies the maps of two or more target layers, as"
                    + " torch-cam's RefineCAM refuses fewer: give them by --layers, or leave out --refine-form");
        }
        return form;
    }

    /**
     * @return the method whose maps are made: {@code --method}, or for RefineCAM its base ({@code --refine-base}),
     *     which the predicates below ask about, RefineCAM itself being the product of that method's maps
     */
    String base() {
        return refineCam() ? methodOptions.refineBase() : method;
    }

    /** @return whether {@code --method} (RefineCAM's base) is Score-CAM */
    boolean scoreCam() {
        return MethodNames.isScoreCam(base());
    }

    /** @return whether {@code --method} (RefineCAM's base) is Eigen-CAM */
    boolean eigenCam() {
        return MethodNames.isEigenCam(base());
    }

    /** @return FEM, KPCA-CAM or RandomCAM with their settings when {@code --method} names one; null otherwise */
    FeatureMethod featureMethod() {
        return methodOptions.of(base());
    }

    /** @return the pixel attribution method with its settings when {@code --method} names one; null otherwise */
    io.github.cam4j.cam.PixelMethod pixelMethod() {
        return methodOptions.pixelMethod(base());
    }

    /** @return whether {@code --method} (RefineCAM's base) is Ablation-CAM */
    boolean ablationCam() {
        return MethodNames.isAblationCam(base());
    }

    /** @return occlusion with its settings when {@code --method} is occlusion; null otherwise */
    io.github.cam4j.cam.Occlusion occlusion() {
        return MethodNames.isOcclusion(base()) ? methodOptions.occlusion() : null;
    }

    /**
     * @return how {@code --method} (RefineCAM's base) weighs the features by gradients; null for CAM and the
     *     gradient-free methods
     */
    GradientWeighting gradientWeighting() {
        return MethodNames.parse("--method", base(), true).orElse(null);
    }

    /**
     * @return the method's name for titles: CAM, or the gradient method's ({@link GradientWeighting#title()});
     *     RefineCAM with its base, "RefineCAM (Grad-CAM++)"; Finer-CAM with its base when not Grad-CAM, the default,
     *     "Finer-CAM (Grad-CAM++)" (the default's title stays "Finer-CAM", as before there were bases)
     */
    String methodTitle() {
        if (refineCam()) {
            return "RefineCAM (" + baseTitle() + ")";
        }
        if (finerCam() && methodOptions.finerBase() != io.github.cam4j.cam.FinerBase.DEFAULT) {
            return baseTitle() + " (" + methodOptions.finerBase().title() + ")";
        }
        return baseTitle();
    }

    /** @return {@link #base()}'s title */
    private String baseTitle() {
        var variant = methodOptions.scoreVariant(base());
        return scoreCam() ? "Score-CAM" : variant != null ? variant.title() : eigenCam() ? "Eigen-CAM"
                : ablationCam() ? "Ablation-CAM"
                : occlusion() != null ? "Occlusion"
                : featureMethod() != null ? featureMethod().title()
                : pixelMethod() != null ? pixelMethod().title() : MethodNames.title(gradientWeighting());
    }

    Invert invertMode() {
        for (Invert mode : Invert.values()) {
            if (mode.name().equalsIgnoreCase(invert)) {
                return mode;
            }
        }
        throw new UsageException("--invert '" + invert + "' is not one of auto, never, always");
    }
}
