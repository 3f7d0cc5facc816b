package io.github.cam4j.savedmodel.keras;

import io.github.cam4j.savedmodel.ClassifierActivation;

import io.github.cam4j.savedmodel.ModelLoadException;
import io.github.cam4j.savedmodel.NotCamReadyException;
import io.github.cam4j.savedmodel.UnknownTensorException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/**
 * An imported SavedModel, opened as a plain graph whose CAM tensors are fetchable. Owns graph + session.
 *
 * <p>Opening checks every op against the {@link OpAllowList} (unless trusted), loads the model, freezes the variables
 * its signature reads into constants, inlines the signature's library functions into one graph
 * ({@link FrozenGraphBuilder}, {@link FunctionInliner}), imports that graph into a new {@link Graph} and finds the
 * features, logits and classifier weights ({@link CamLocator}).
 *
 * <pre>
 * try (ImportedModel m = ImportedModel.open(Path.of("mnist-conv-head-gap"), ImportOptions.defaults());
 *      TFloat32 images = ...;                                   // float32 [N, H, W, C] as the model expects
 *      Result r = m.session().runner().feed(m.inputTensor(), images)
 *              .fetch(m.featuresTensor()).fetch(m.logitsTensor()).run()) {
 *     // map of class c = features · m.kernel()[:, c]; its mean + m.bias()[c] is the logit of c
 * }
 * </pre>
 */
public final class ImportedModel implements AutoCloseable {

    private final Graph graph;
    private final Session session;
    private final String inputTensor;
    private final long[] inputShape;
    private final CamLocator.CamHead head;
    private final InputRescaling rescaling;
    private final InputStandardisation standardisation;
    private final String description;
    /** Further target layers' features in this graph ({@link #openForGradients(Path, ImportOptions, List)}). */
    private final List<String> furtherFeatures;
    /** Why CAM's opening of this import refuses it, for a model opened without the kernel; null when not known so. */
    private final String camRefusal;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ImportedModel(OpenedGraph opened, CamLocator.CamHead head, InputRescaling rescaling,
            InputStandardisation standardisation, String description, List<String> furtherFeatures,
            String camRefusal) {
        this.furtherFeatures = List.copyOf(furtherFeatures);
        this.camRefusal = camRefusal;
        this.graph = opened.graph;
        this.session = opened.session;
        this.inputTensor = opened.input;
        this.inputShape = opened.inputShape;
        this.head = head;
        this.rescaling = rescaling;
        this.standardisation = standardisation;
        this.description = description;
    }

    /**
     * Opens a SavedModel folder for CAM.
     *
     * @param dir the folder holding {@code saved_model.pb} and {@code variables/}
     * @param options signature, trust, tensor overrides
     * @return the opened model; close it
     * @throws io.github.cam4j.savedmodel.UntrustedModelException if an op is not on the allow-list
     * @throws NotCamReadyException if the model has no CAM-ready classifier (the message says why and what would work)
     * @throws ModelLoadException if the folder, the signature or the graph cannot be read, loaded or rebuilt
     */
    public static ImportedModel open(Path dir, ImportOptions options) throws ModelLoadException {
        return open(dir, options, (locator, o) -> camHead(locator, o, false));
    }

    /**
     * Opens a SavedModel folder for CAM, or, when CAM refuses it for want of a global average pooling
     * ({@link NotCamReadyException#gradientsMayExplain()}) and a feature map is found, for Grad-CAM: the model
     * {@link #openForGradients(Path, ImportOptions)} would open, from this one import. For a method that needs neither
     * the kernel nor gradients, which CAM's features serve where CAM takes the model and Grad-CAM's elsewhere.
     *
     * @param dir the folder holding {@code saved_model.pb} and {@code variables/}
     * @param options signature, trust, tensor overrides
     * @return the opened model, with a {@link #kernel()} when CAM took it ({@link #hasKernel()}); close it
     * @throws NotCamReadyException as {@link #open} throws it when neither CAM nor Grad-CAM takes the model
     * @throws ModelLoadException if the folder, the signature or the graph cannot be read, loaded or rebuilt
     */
    public static ImportedModel openForCamOrGradients(Path dir, ImportOptions options) throws ModelLoadException {
        return open(dir, options, (locator, o) -> camHead(locator, o, true));
    }

    /**
     * @param orGradients whether a model CAM refuses for want of a global average pooling is taken at Grad-CAM's
     *     features; otherwise it is refused
     * @return CAM's head, or Grad-CAM's as {@code orGradients} allows
     */
    private static CamLocator.CamHead camHead(CamLocator locator, ImportOptions o, boolean orGradients)
            throws NotCamReadyException {
        try {
            return locator.locate(o.featuresOverride(), o.logitsOverride());
        } catch (NotCamReadyException notCamReady) {
            if (!notCamReady.gradientsMayExplain()) {
                throw notCamReady;
            }
            // Grad-CAM was advised for any model CAM refused for want of a global average pooling, one without a
            // feature map to take it at too (a model that averages a rank-3 sequence), which Grad-CAM then refused.
            CamLocator.CamHead byGradients;
            try {
                byGradients = locator.locateForGradients(o.featuresOverride(), o.logitsOverride());
            } catch (NotCamReadyException noFeatureMap) {
                // On the first line, which error lines show; what was found and what would work after it.
                String first = notCamReady.getMessage();
                String details = notCamReady.details();
                throw new NotCamReadyException((first.endsWith(".") ? first.substring(0, first.length() - 1) : first)
                        + "; Grad-CAM does not apply either: " + noFeatureMap.withDetails()
                        + (details.isEmpty() ? "" : "\n" + details), false);
            }
            if (orGradients) {
                return byGradients;
            }
            throw notCamReady;
        }
    }

    /**
     * Opens a SavedModel for Grad-CAM: like {@link #open}, but any model with a convolutional feature map will do, CAM-ready
     * or not; the model has no {@link #kernel()} or {@link #bias()}.
     *
     * @param dir the folder holding {@code saved_model.pb} and {@code variables/}
     * @param options signature, trust, tensor overrides
     * @return the opened model; close it
     * @throws NotCamReadyException if no feature map is found (the message says what would work)
     * @throws ModelLoadException if the folder, the signature or the graph cannot be read, loaded or rebuilt
     */
    public static ImportedModel openForGradients(Path dir, ImportOptions options) throws ModelLoadException {
        return openForGradients(dir, options, List.of());
    }

    /**
     * Opens a SavedModel for a gradient method at several target layers: as {@link #openForGradients(Path,
     * ImportOptions)} at the layer the options name, each further layer found in the same graph as that one is (by the
     * name inspection lists, or its end), so that the model is imported once for all of them.
     *
     * @param dir the folder holding {@code saved_model.pb} and {@code variables/}
     * @param options signature, trust, tensor overrides (the features override is the first target layer)
     * @param furtherLayers the target layers after the options' one
     * @return the opened model, its further layers' tensors in {@link #furtherFeatures()}; close it
     * @throws NotCamReadyException if no feature map is found, or a further layer is not a rank-4 tensor of the graph
     *     that depends on the input (its message then starts "target layer NAME: ")
     * @throws ModelLoadException if the folder, the signature or the graph cannot be read, loaded or rebuilt
     */
    public static ImportedModel openForGradients(Path dir, ImportOptions options, List<String> furtherLayers)
            throws ModelLoadException {
        return open(dir, options, (locator, o) -> locator.locateForGradients(o.featuresOverride(), o.logitsOverride()),
                furtherLayers);
    }

    /**
     * The layers whose weights {@link RedrawnWeights#top} re-draws, in the order it takes them: the ones a draw changes
     * (kernels, biases, batch normalisation's parameters and statistics), grouped by the name before the variable's
     * last '/', the layer whose variables are read fewest ops from the output first. For Adebayo et al.'s cascading
     * randomisation of a model that carries no architecture.
     *
     * @param dir the SavedModel folder
     * @param options signature and trust (the ops are checked against the allow-list first unless trusted)
     * @return the layers' names, nearest the output first
     * @throws ModelLoadException if the model cannot be checked, loaded or rebuilt, or reads no weight a draw changes
     */
    public static List<String> layersTopFirst(Path dir, ImportOptions options) throws ModelLoadException {
        org.tensorflow.proto.MetaGraphDef metaGraph = SavedModelProto.readServeMetaGraph(dir);
        if (!options.trust()) {
            OpAllowList.check(metaGraph, dir.resolve("saved_model.pb"));
        }
        FrozenGraphBuilder.signature(metaGraph, options.signatureKey(), dir);
        return FrozenGraphBuilder.layersTopFirst(dir, metaGraph, options.signatureKey());
    }

    /** Which tensors a way of explaining needs, found in the opened graph. */
    private interface HeadFinder {
        CamLocator.CamHead find(CamLocator locator, ImportOptions options) throws NotCamReadyException;
    }

    private static ImportedModel open(Path dir, ImportOptions options, HeadFinder finder) throws ModelLoadException {
        return open(dir, options, finder, List.of());
    }

    private static ImportedModel open(Path dir, ImportOptions options, HeadFinder finder, List<String> furtherLayers)
            throws ModelLoadException {
        OpenedGraph opened = OpenedGraph.open(dir, options);
        CamLocator.CamHead head;
        try {
            opened.requireCamShapedSignature();
            String random = opened.locator().randomOpRefusal();
            if (random != null) {
                throw new NotCamReadyException(random);
            }
            head = finder.find(opened.locator(), options);
        } catch (NotCamReadyException e) {
            opened.close();
            NotCamReadyException said = inOtherSignatures(opened, e);
            throw new NotCamReadyException(dir + ": " + said.getMessage(), said);
        } catch (RuntimeException e) {
            // Nothing in the try block throws a checked exception but NotCamReadyException, caught above.
            opened.close();
            throw e;
        }
        try {
            // Found now, while the locator is at hand: it holds the frozen graph's definition, weights and all, which
            // the model does not keep.
            List<String> further = new java.util.ArrayList<>();
            for (String layer : furtherLayers) {
                try {
                    further.add(opened.locator().locateForGradients(layer, options.logitsOverride()).features());
                } catch (NotCamReadyException e) {
                    NotCamReadyException said = inOtherSignatures(opened, e);
                    throw new NotCamReadyException("target layer " + layer + ": " + dir + ": " + said.getMessage(), said);
                }
            }
            return new ImportedModel(opened, head, opened.locator().inputRescaling().orElse(null),
                    opened.locator().inputStandardisation().orElse(null), opened.describe(head, null), further,
                    head.kernel() == null ? camRefusal(opened.locator()) : null);
        } catch (NotCamReadyException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /**
     * @return why CAM's head is not in the graph as CAM's opening looks for it (no tensor named), or null when it is,
     *     or when looking failed otherwise: read from the graph already imported, where opening the folder again for
     *     CAM would read, check and freeze it anew only to learn the same
     */
    private static String camRefusal(CamLocator locator) {
        try {
            locator.locate(null, null);
            return null;
        } catch (NotCamReadyException e) {
            return e.withDetails();
        } catch (RuntimeException e) {
            // Not known: whoever asks opens the folder for CAM and hears it there.
            return null;
        }
    }

    /**
     * For a tensor name that a model opened from {@code dir} by {@code signature} lacks, found after the import (a
     * layer whose channels {@code cam4j maximize} grows): which other signatures' graphs have it, as import refusals say
     * ({@link UnknownTensorException#otherSignatures()}). No weight is read.
     *
     * @param dir the SavedModel folder
     * @param signature the signature imported
     * @param tensor the name as given, {@code NAME} or {@code NAME:INDEX}
     * @return the other signatures whose graph has such a node, sorted; empty for none, and for a cam4j model (whose
     *     whole graph is loaded, not one signature's)
     * @throws ModelLoadException when the folder's {@code saved_model.pb} cannot be read
     */
    public static List<String> signaturesHolding(Path dir, String signature, String tensor) throws ModelLoadException {
        org.tensorflow.proto.MetaGraphDef meta = io.github.cam4j.savedmodel.CamModelLoader.readMetaGraph(dir);
        if (meta.getSignatureDefMap().containsKey(io.github.cam4j.savedmodel.CamContract.CAM_SIGNATURE)) {
            return List.of();
        }
        try {
            if (OtherSignatures.names(FrozenGraphBuilder.nodeNames(dir, meta, signature),
                    InputRef.graphForm(tensor).name())) {
                // The imported graph ends a node's name with it ("features" for "digits/features"): no other head's.
                return List.of();
            }
        } catch (ModelLoadException | RuntimeException e) {
            // A signature that cannot be inlined was not imported either: the others are still worth naming.
        }
        return OtherSignatures.others(dir, meta, signature, tensor);
    }

    /**
     * @param opened the signature imported
     * @param e a refusal of the import
     * @return {@code e}, or, when it refuses a tensor name the imported graph lacks and other signatures' graphs have
     *     (a layer of another head), a refusal that names them and how to import one ({@link OtherSignatures}): it
     *     read as a name the model did not have at all
     */
    private static NotCamReadyException inOtherSignatures(OpenedGraph opened, NotCamReadyException e) {
        UnknownTensorException unknown = null;
        for (Throwable t = e; t != null && unknown == null; t = t.getCause()) {
            unknown = t instanceof UnknownTensorException u ? u : null;
        }
        if (unknown == null || !unknown.otherSignatures().isEmpty()) {
            return e;
        }
        List<String> holding = OtherSignatures.holding(opened, unknown.tensor());
        if (holding.isEmpty()) {
            return e;
        }
        String message = e.getMessage() + "; " + (holding.size() == 1 ? "signature '" + holding.get(0) + "' has it"
                : "signatures " + holding.stream().map(k -> "'" + k + "'").collect(java.util.stream.Collectors.joining(", "))
                        + " have it") + ", where '" + opened.signatureKey + "' was imported: import "
                + (holding.size() == 1 ? "that one" : "one of them") + " (--signature " + (holding.size() == 1
                        ? holding.get(0) : "NAME") + ", LoadOptions.withSignature)";
        return new NotCamReadyException(message, new UnknownTensorException(unknown.tensor(), message,
                opened.signatureKey, holding));
    }

    /**
     * Describes a SavedModel for {@code cam4j inspect}: its signatures, the imported signature's input and output, the
     * chain of layers from input to output, and how it is CAM-ready — or why not, for a model that is not.
     *
     * @param dir the SavedModel folder
     * @param options signature, trust, tensor overrides
     * @return a multi-line human report
     * @throws ModelLoadException if the model cannot be checked, loaded or rebuilt at all (not for "not CAM-ready")
     */
    public static String inspect(Path dir, ImportOptions options) throws ModelLoadException {
        return inspection(dir, options).description();
    }

    /**
     * What {@code cam4j inspect} finds in a foreign SavedModel, for a program: the report {@link #inspect} prints, and
     * the findings it words, each as a value.
     *
     * @param description the multi-line human report ({@link #inspect})
     * @param camReady whether CAM can explain the model: a feature map, global average pooling and one dense layer
     *     were located
     * @param camRefusal why CAM cannot, as the report says it; null when it can
     * @param gradCamApplies whether Grad-CAM (and the other gradient methods) can, at the feature map located; true
     *     when CAM can
     * @param gradCamRefusal why Grad-CAM cannot either; null when it can
     * @param features the feature map's tensor CAM (or else Grad-CAM) reads; null when neither applies
     * @param logits the class scores' tensor explained; null when neither applies
     * @param channels the classifier kernel's rows, the feature map's channels, when CAM can; 0 otherwise
     * @param classes the classifier kernel's columns, the model's classes, when CAM can; 0 otherwise
     * @param feeding how cam4j feeds the model its pixels; null when its signature is not one cam4j can feed
     * @param layers the layer chain from the input to the output, as the report lists it (unmodifiable); empty when
     *     its signature is not one cam4j can feed
     */
    public record Inspection(String description, boolean camReady, String camRefusal, boolean gradCamApplies,
            String gradCamRefusal, String features, String logits, int channels, int classes, InputFeeding feeding,
            List<ChainLayer> layers) {}

    /**
     * How cam4j feeds an imported model its pixels when no option says otherwise, from what the graph does to its
     * input first.
     *
     * @param pixelScale what each pixel (0..255) is multiplied by before it is fed: 1 for a model that rescales or
     *     standardises raw pixels itself ({@link #takesRawPixels()}), 1/255 otherwise
     * @param rescaling the model's own rescaling of its input (a Keras {@code Rescaling} layer), if it starts with one
     * @param standardisation its own standardisation (a Keras {@code Normalization} layer), if it starts with one and
     *     no rescaling
     */
    public record InputFeeding(double pixelScale, Optional<InputRescaling> rescaling,
            Optional<InputStandardisation> standardisation) {
        /**
         * @return whether nothing in the graph says how its input is scaled, so that pixels scaled to 0..1 are
         *     assumed (a model fed -1..1 from outside looks the same: the user says so with {@code --preprocess} or
         *     {@code --pixel-scale})
         */
        public boolean assumed() {
            return rescaling.isEmpty() && standardisation.isEmpty();
        }
    }

    /**
     * One step of the layer chain from the input to the output.
     *
     * @param op the op type, e.g. {@code Conv2D}
     * @param tensor its output in full, as {@code --features} and {@code --logits} take it
     * @param shape its static shape, -1 where open; null when even its rank is unknown
     */
    public record ChainLayer(String op, String tensor, long[] shape) {}

    /**
     * The same description as {@link #inspect}, with its findings as values.
     *
     * @param dir the SavedModel folder
     * @param options signature, trust, tensor overrides
     * @return the report and what it found
     * @throws ModelLoadException if the model cannot be checked, loaded or rebuilt at all (not for "not CAM-ready")
     */
    public static Inspection inspection(Path dir, ImportOptions options) throws ModelLoadException {
        // Only the values a line of the report needs are read (LazyVariables), not the whole model's.
        try (OpenedGraph opened = OpenedGraph.openForInspection(dir, options)) {
            return inspection(opened, options);
        } catch (LazyVariables.VariableReadException e) {
            throw e.getCause();
        }
    }

    /** The report of {@link #inspect(Path, ImportOptions)} on a graph already opened; package-private for tests. */
    static String inspect(OpenedGraph opened, ImportOptions options) {
        return inspection(opened, options).description();
    }

    private static Inspection inspection(OpenedGraph opened, ImportOptions options) {
        try {
            opened.requireCamShapedSignature();
        } catch (NotCamReadyException signatureRefused) {
            // Without one image input and one class-score output there is no output to walk back from: neither
            // CAM nor Grad-CAM can be located, so the report stops at what the signature holds.
            String neither = "cam4j cannot feed or read this signature.";
            return new Inspection(opened.describe(null, signatureRefused.withDetails()) + "Grad-CAM does not apply"
                    + " either: " + neither + "\n", false, signatureRefused.withDetails(), false, neither, null, null,
                    0, 0, null, List.of());
        }
        InputFeeding feeding = feeding(opened.locator());
        List<ChainLayer> layers = chain(opened.locator());
        String random = opened.locator().randomOpRefusal();
        if (random != null) {
            String neither = "the same random transform would stand between the picture and its map.";
            return new Inspection(opened.describe(null, random) + "Grad-CAM does not apply either: " + neither + "\n",
                    false, random, false, neither, null, null, 0, 0, feeding, layers);
        }
        try {
            CamLocator.CamHead head = opened.locator().locate(options.featuresOverride(),
                    options.logitsOverride());
            return new Inspection(opened.describe(head, null), true, null, true, null, head.features(), head.logits(),
                    head.kernel().length, head.kernel().length == 0 ? 0 : head.kernel()[0].length, feeding, layers);
        } catch (NotCamReadyException e) {
            // The whole refusal, what was found and what would work with it: inspect is where they are read.
            String report = opened.describe(null, e.withDetails());
            try {
                CamLocator.CamHead gradients = opened.locator().locateForGradients(options.featuresOverride(),
                        options.logitsOverride());
                return new Inspection(report + "Grad-CAM applies (--method gradcam): at " + gradients.features() + " "
                        + opened.locator().shapeString(gradients.features()) + ", logits " + gradients.logits() + "\n"
                        + ModelDescription.inputCrop(opened, gradients.features()), false, e.withDetails(), true, null,
                        gradients.features(), gradients.logits(), 0, 0, feeding, layers);
            } catch (NotCamReadyException noFeatureMap) {
                return new Inspection(report + "Grad-CAM does not apply either: " + noFeatureMap.withDetails() + "\n",
                        false, e.withDetails(), false, noFeatureMap.withDetails(), null, null, 0, 0, feeding, layers);
            }
        }
    }

    /** @return how the report says cam4j feeds the model: the same choice {@link #takesRawPixels()} makes */
    private static InputFeeding feeding(CamLocator locator) {
        Optional<InputRescaling> rescaling = locator.inputRescaling();
        Optional<InputStandardisation> standardisation = rescaling.isPresent() ? Optional.empty()
                : locator.inputStandardisation();
        boolean raw = rescaling.map(InputRescaling::takesRawPixels)
                .orElseGet(() -> standardisation.map(InputStandardisation::takesRawPixels).orElse(false));
        return new InputFeeding(raw ? 1 : 1 / 255.0, rescaling, standardisation);
    }

    /** @return the layer chain as the report lists it */
    private static List<ChainLayer> chain(CamLocator locator) {
        return locator.shownChain().stream().map(t -> new ChainLayer(locator.opOf(t), t, locator.shape(t))).toList();
    }

    /** @return the session on the inlined graph; owned by this model */
    public Session session() {
        return session;
    }

    /** @return the inlined graph; owned by this model */
    public Graph graph() {
        return graph;
    }

    /** @return the tensor to feed float32 NHWC images to, e.g. {@code serving_default_keras_tensor:0} */
    public String inputTensor() {
        return inputTensor;
    }

    /** @return [N, H, W, C] from the signature, -1 where open */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /**
     * @return the rescaling the model applies to its input before anything else (a Keras {@code Rescaling} layer), if
     *     it starts with one
     */
    public Optional<InputRescaling> inputRescaling() {
        return Optional.ofNullable(rescaling);
    }

    /**
     * @return the standardisation the model applies to its input before anything else (a Keras {@code Normalization}
     *     layer), if it starts with one
     */
    public Optional<InputStandardisation> inputStandardisation() {
        return Optional.ofNullable(standardisation);
    }

    /**
     * @return whether the model wants raw pixels, 0..255: it rescales them itself ({@link #inputRescaling()} takes
     *     0..255 to a range one or two units wide), or, with no rescaling, standardises them by statistics of raw
     *     pixels ({@link #inputStandardisation()}); otherwise pixels scaled to 0..1 are what an imported model is fed
     */
    public boolean takesRawPixels() {
        if (rescaling != null) {
            return rescaling.takesRawPixels();
        }
        return standardisation != null && standardisation.takesRawPixels();
    }

    /** @return the rank-4 [N, h, w, K] features tensor */
    public String featuresTensor() {
        return head.features();
    }

    /**
     * @return the further target layers' features tensors, in the order {@link #openForGradients(Path, ImportOptions,
     *     List)} was given them, each as the graph names it; empty for a model opened at one layer
     */
    public List<String> furtherFeatures() {
        return furtherFeatures;
    }

    /** @return the [N, classes] pre-activation tensor */
    public String logitsTensor() {
        return head.logits();
    }

    /** @return the [N, classes] output after the activation, or {@code null} when the model has none */
    public String probabilitiesTensor() {
        return head.probabilities();
    }

    /** @return the number of classes: the logits' last dimension, -1 when the graph does not say */
    public int classes() {
        if (head.bias() != null) {
            return head.bias().length;
        }
        InputRef r = InputRef.graphForm(head.logits());
        org.tensorflow.ndarray.Shape s = graph.operation(r.name()).output(r.index()).shape();
        return s.isUnknown() || s.numDimensions() == 0 ? -1 : (int) s.size(s.numDimensions() - 1);
    }

    /** @return the classifier activation found at the end of the model */
    public ClassifierActivation activation() {
        return head.activation();
    }

    /**
     * @return whether the model has a classifier kernel and bias: false when it was opened for Grad-CAM
     *     ({@link #openForGradients}, or {@link #openForCamOrGradients} on a model CAM refuses)
     */
    public boolean hasKernel() {
        return head.kernel() != null;
    }

    /**
     * @return for a model opened without the kernel ({@link #hasKernel()} false), why {@link #open} of the same folder
     *     with the same signature and no tensor named refuses it (no global average pooling then one dense layer: a
     *     {@code Flatten} before the {@code Dense}...), found in this import's graph; empty when CAM's head is there,
     *     for a model with the kernel, and when it could not be told
     */
    public Optional<String> camRefusal() {
        return Optional.ofNullable(camRefusal);
    }

    /**
     * @return a copy of the classifier kernel, [K][classes]
     * @throws IllegalStateException for a model opened for Grad-CAM ({@link #openForGradients}), which has none
     */
    public float[][] kernel() {
        float[][] k = head.kernel();
        if (k == null) {
            throw new IllegalStateException("a model opened for Grad-CAM has no classifier kernel");
        }
        float[][] copy = new float[k.length][];
        for (int i = 0; i < k.length; i++) {
            copy[i] = k[i].clone();
        }
        return copy;
    }

    /**
     * @return a copy of the classifier bias, [classes]
     * @throws IllegalStateException for a model opened for Grad-CAM, which has none
     */
    public float[] bias() {
        if (head.bias() == null) {
            throw new IllegalStateException("a model opened for Grad-CAM has no classifier bias");
        }
        return head.bias().clone();
    }

    /** @return the multi-line human report {@link #inspect} gives, for this (CAM-ready) model */
    public String description() {
        return description;
    }

    /** Closes the session, then the graph. A second call does nothing. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            session.close();
        } finally {
            graph.close();
        }
    }
}
