package io.github.cam4j.savedmodel;

import io.github.cam4j.model.TensorData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * A model opened for CAM: a live TensorFlow session, the names of the tensors to feed and fetch, the classifier
 * weights (read once), and what the input expects. Made by {@link CamModelLoader#load} from a folder, or from an
 * application's own {@link SavedModelBundle} or {@link Session}, which it then borrows and never closes.
 *
 * <pre>{@code
 * try (CamModel model = CamModelLoader.load(Path.of("saved_models/mnist-pooled"), LoadOptions.defaults())) {
 *     ...
 * }
 * }</pre>
 */
public final class CamModel implements AutoCloseable {
    private final Session session;
    private final TensorNames tensors;
    private final ClassifierWeights weights;
    private final ClassifierActivation activation;
    private final InputSpec input;
    private final List<String> labels;
    private final String source;
    private final List<AutoCloseable> owned;
    private final Optional<FeatureGrid> featureGrid;
    /** The crops and resizes between the input and the convolutions; empty when none. */
    private final Optional<InputCrop> inputCrop;
    private final Optional<LocalFeatures> localFeatures;
    /** The logits of a blank picture, which a crop's are carried to its whole picture around; null without a crop. */
    private final float[] blankLogits;
    private final GradientHead gradients;
    /**
     * The gradient of the class's logit at the features as {@link GradientOps} added it, which every method's
     * gradients derive from; null for CAM. A view's is its root's.
     */
    private final GradientHead baseGradients;
    /**
     * The root model's heads for the methods that add graph ops of their own (Finer-CAM, ShapleyCAM), each added once,
     * on first use, and shared by every view; guarded by the root.
     */
    private final Map<GradientWeighting, GradientHead> derivedHeads = new java.util.EnumMap<>(GradientWeighting.class);
    /**
     * The gradient of the logits by the input ({@link #inputGradients()}), added to the root's graph on first use and
     * shared by every view; guarded by the root. Null until asked for.
     */
    private InputGradients inputGradients;
    /** FullGrad's tensors ({@link #fullGradients()}), added to the root's graph on first use as the input gradient is. */
    private FullGradients fullGradients;
    /**
     * Activation maximization's tensors per layer ({@link #channelGradients(String)}), keyed by the layer's tensor with
     * its output index, added to the root's graph on first use as the input gradient is; guarded by the root.
     */
    private final Map<String, ChannelGradients> channelGradients = new java.util.HashMap<>();
    /** Why a layer's {@link #channelGradients} could not be built, kept so that asking again adds nothing more. */
    private final Map<String, String> channelRefusals = new java.util.HashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Whether what this model owns has been closed: after {@link #closed}, once no run holds it ({@link #close()}). */
    private final AtomicBoolean released = new AtomicBoolean();
    /**
     * Held for reading by each run of this model ({@link #holdOpen()}), for writing while what it owns is closed: a
     * close on another thread waits for the runs in flight. Without it, a lent model closed mid-run failed the run in
     * TensorFlow's words ("close() has been called on the Graph") in 51 of 200 tries, and once aborted the JVM.
     */
    private final java.util.concurrent.locks.ReentrantReadWriteLock runs =
            new java.util.concurrent.locks.ReentrantReadWriteLock();
    /** The model a {@link #withGradients} view shares everything with; null for a model that is not a view. */
    private final CamModel parent;
    /**
     * The options {@link CamModelLoader#load} opened this model with, set once right after it opened; null for a model
     * opened otherwise ({@link #fromBundle}, a graph) and for a view, which answers with its parent's.
     */
    private volatile LoadOptions openedWith;
    /**
     * The model whose session this one runs and does not own ({@link #byGradients}, {@link #atFeatures}), set once
     * right after it opened; null for a model that owns its session or borrows an application's.
     */
    private volatile CamModel sessionOwner;
    /** Why CAM's opening of the folder refuses it, known from the import that opened it for a gradient method; or null. */
    private volatile String camRefusal;
    /**
     * For a model opened for a gradient method: the kernel and bias its folder records for the layer CAM reads, not yet
     * checked against this model's features ({@link #classifier()}); null when there is none.
     */
    private ClassifierWeights recordedKernel;
    /** {@link #classifier()}'s answer once it is known; guarded by this model. */
    private Optional<ClassifierWeights> classifier;

    CamModel(Session session, TensorNames tensors, ClassifierWeights weights, ClassifierActivation activation,
            InputSpec input, List<String> labels, String source, List<AutoCloseable> owned) throws ModelLoadException {
        this(session, tensors, weights, null, activation, input, labels, source, owned);
    }

    /**
     * @param weights the classifier's kernel and bias (CAM), or null for a model explained by Grad-CAM
     * @param gradients the gradient ops Grad-CAM fetches, or null for CAM
     */
    CamModel(Session session, TensorNames tensors, ClassifierWeights weights, GradientHead gradients,
            ClassifierActivation activation, InputSpec input, List<String> labels, String source, List<AutoCloseable> owned)
            throws ModelLoadException {
        if ((weights == null) == (gradients == null)) {
            throw new IllegalArgumentException("a model is explained either by its kernel (CAM) or by gradients (Grad-CAM)");
        }
        this.parent = null;
        this.session = session;
        this.tensors = new TensorNames(GraphTensors.canonical(tensors.input()), GraphTensors.canonical(tensors.features()),
                GraphTensors.canonical(tensors.logits()),
                tensors.probabilities() == null ? null : GraphTensors.canonical(tensors.probabilities()));
        this.baseGradients = gradients;
        this.gradients = gradients == null ? null : headFor(gradients.weighting());
        this.weights = weights;
        // Every way of opening a model comes here: an output without activation is the logits, and reported as they
        // are they read as "probabilities" that do not sum to one (0.9 for a class whose softmax is 0.19), while
        // evaluate's measures took their softmax. They are read as the loader reads an imported model's.
        this.activation = activation == ClassifierActivation.NONE ? ClassifierActivation.forRawLogits(units())
                : activation;
        this.input = input;
        int classes = classes();
        for (int i = 0; labels != null && i < labels.size(); i++) {
            // List.copyOf's bare NullPointerException, message "null" (helper-166): said as LoadOptions.withLabels says
            // it. (Not labels.contains(null), which List.of's lists answer with a NullPointerException of their own.)
            if (labels.get(i) == null) {
                throw new IllegalArgumentException("label " + i + " of " + labels.size() + " is null: give every class"
                        + " a label, in class order");
            }
        }
        this.labels = labels == null ? defaultLabels(classes) : List.copyOf(labels);
        this.source = source;
        this.owned = List.copyOf(owned);
        if (this.labels.size() != classes) {
            throw new ModelLoadException(source + ": " + this.labels.size() + " labels given for its " + classes
                    + " classes" + (isBinary() ? " (its one sigmoid unit is a binary classifier: give class 0's label,"
                            + " then class 1's)" : ""));
        }
        ModelShapeChecks.check(session, this.tensors, this.weights, this.activation, input);
        // The dependence check and the path below read the same graph; serialising a large imported graph once is enough.
        org.tensorflow.proto.GraphDef graphDef = session.graph().toGraphDef();
        if (weights != null) {
            // (withGradients checked the chain before adding gradient ops to the graph.)
            new TensorDependence(graphDef).requireChain(this.tensors);
            CamIdentityCheck.verify(session, this.tensors, weights, input, source);
        }
        Optional<GraphPath> path = GraphPath.find(graphDef, this.tensors.input(), this.tensors.features());
        this.featureGrid = path.flatMap(FeatureGrid::of);
        this.inputCrop = path.flatMap(InputCrop::of);
        // A crop can only be fed to an input that takes any height and width.
        Shape inShape = GraphTensors.find(session.graph(), this.tensors.input(), "input").shape();
        boolean anySize = inShape.isUnknown()
                || (inShape.numDimensions() == 4 && inShape.size(1) < 0 && inShape.size(2) < 0);
        // Blank parts are cut away only where the logits are known to follow from the kept cells: the kernel's map
        // checked on a probe for CAM, the graph's head read for a model without a kernel.
        this.localFeatures = (anySize ? path.flatMap(LocalFeatures::of) : Optional.<LocalFeatures>empty())
                .filter(local -> gradients == null || MeanHead.holds(graphDef, this.tensors));
        this.blankLogits = localFeatures.isEmpty() ? null
                : weights != null ? weights.bias() : logitsOfBlank(session, this.tensors, input.channels(),
                        localFeatures.get().stride(), source);
    }

    /**
     * A view of {@code parent} whose gradient weighs the channels as {@code weighting} says: everything else is the
     * parent's, read when it opened, and nothing is owned ({@link #withGradients(GradientWeighting)}).
     */
    private CamModel(CamModel parent, GradientWeighting weighting) {
        this.parent = parent;
        this.baseGradients = parent.baseGradients;
        this.gradients = parent.root().headFor(weighting);
        this.session = parent.session;
        this.tensors = parent.tensors;
        this.weights = null;
        this.activation = parent.activation;
        this.input = parent.input;
        this.labels = parent.labels;
        this.source = parent.source;
        this.owned = List.of();
        this.featureGrid = parent.featureGrid;
        this.inputCrop = parent.inputCrop;
        this.localFeatures = parent.localFeatures;
        this.blankLogits = parent.blankLogits;
    }

    /**
     * The same model explained by another gradient method, without loading it again: TensorFlow's gradient ops are the
     * same for every {@link GradientWeighting} (the weighting only says how the gradient fetched weighs the channels),
     * so the view shares this model's session, graph and gradient ops, and reads nothing anew. Comparing methods on a
     * large model costs one load, not one per method ({@code cam4j compare} of five methods on a ResNet50 export took
     * 16 s instead of 26 once it shared its loads).
     *
     * <pre>{@code
     * try (CamModel model = CamModelLoader.load(dir, LoadOptions.defaults().withGradCam())) {
     *     try (CamSession plusPlus = CamSession.builder()
     *             .setModel(model.withGradients(GradientWeighting.GRAD_CAM_PLUS_PLUS)).build()) {
     *         ...
     *     }
     * }
     * }</pre>
     *
     * @param weighting how the gradient is to weigh the channels
     * @return a model that owns nothing: closing it closes nothing, and it works only while this model is open
     *     (close this one last); its {@link GradientHead#unreliable()} is this model's, so a gradient method still
     *     refuses it where this one's gradients would be wrong
     * @throws IllegalStateException for a model opened for CAM (by its classifier kernel), which has no gradient ops:
     *     open it for a gradient method ({@link LoadOptions#withGradients}) to explain it by any method but CAM; and
     *     naming it, when this model is closed
     */
    public CamModel withGradients(GradientWeighting weighting) {
        Objects.requireNonNull(weighting, "weighting is null: e.g. GradientWeighting.GRAD_CAM");
        requireOpen("withGradients");
        if (gradients == null) {
            throw new IllegalStateException("model " + source + " was opened for CAM, by its classifier kernel, and has no"
                    + " gradient ops: open it with LoadOptions.withGradients(...) to explain it by a gradient method");
        }
        return new CamModel(root(), weighting);
    }

    /**
     * The same model explained at another target layer, without loading it again: the gradient ops of this model's
     * method are added to its graph at {@code features} (under a scope of their own), and the new model runs this one's
     * session, so that one run can fetch every layer's features and gradients. Its cells' geometry, crop and heads are
     * read from the graph as for a model opened at that layer.
     *
     * @param features the rank-4 tensor, as the graph names it
     * @return a model that owns nothing: closing it closes nothing, and it works only while this one is open
     * @throws ModelLoadException as opening the folder at that layer would: a tensor missing, of the wrong rank, off
     *     the way to the logits, or one TensorFlow cannot differentiate at
     * @throws IllegalStateException for a model opened for CAM, which has no gradient ops
     */
    CamModel atFeatures(String features) throws ModelLoadException {
        if (gradients == null) {
            throw new IllegalStateException("model " + source + " was opened for CAM, by its classifier kernel: one layer"
                    + " by definition");
        }
        CamModel at = withGradients(session, new TensorNames(tensors.input(), features, tensors.logits(),
                tensors.probabilities()), activation, input, labels, source, List.of(), gradients.weighting());
        at.sessionOwner = this;
        return at;
    }

    /**
     * This model explained by a gradient method without loading it again. For a model opened for CAM, by its
     * classifier kernel, the gradient ops are added to its graph at its features and logits, as opening the folder for
     * a gradient method adds them there ({@link LoadOptions#withGradients}, with no other layer or tensors chosen):
     * the same tensors, so the same maps. {@code cam4j compare} of every method loads a model once so, where it had
     * loaded it for CAM and again for the others. For a model opened for a gradient method, {@link #withGradients}.
     *
     * <pre>{@code
     * try (CamModel model = CamModelLoader.load(dir, LoadOptions.defaults())) {          // CAM
     *     CamModel byGradients = model.byGradients(GradientWeighting.GRAD_CAM);        // owns nothing
     *     ...
     * }
     * }</pre>
     *
     * @param weighting how the gradient is to weigh the channels
     * @return a model that owns nothing: closing it closes nothing, and it works only while this model is open (close
     *     this one last); its {@link #openedWith()} is this one's with {@code weighting}
     * @throws ModelLoadException when TensorFlow cannot take the gradient from the logits to the features (an op
     *     without a gradient, no path between them), as opening the folder for a gradient method would say
     * @throws IllegalStateException naming it, when this model is closed
     */
    public CamModel byGradients(GradientWeighting weighting) throws ModelLoadException {
        Objects.requireNonNull(weighting, "weighting is null: e.g. GradientWeighting.GRAD_CAM");
        requireOpen("byGradients");
        if (gradients != null) {
            return withGradients(weighting);
        }
        CamModel byGradients = withGradients(session, tensors, activation, input, labels, source, List.of(), weighting);
        byGradients.sessionOwner = this;
        LoadOptions options = openedWith().orElse(null);
        byGradients.openedWith = options == null ? null : options.withGradients(weighting);
        return byGradients;
    }

    /**
     * Refuses a call that reads or extends the graph of a closed model, naming the model: once what it owns was closed,
     * TensorFlow's own words came out ("close() has been called on the Graph", naming neither), and a view made of a
     * closed model was handed out. A run of this thread that holds the model ({@link #holdOpen()}) and closed it from
     * within goes on, as its close waits for it.
     *
     * @param call the method called, for the message
     * @throws IllegalStateException "model SOURCE is closed: CALL reads its graph; ..." when it is closed
     */
    private void requireOpen(String call) {
        if (isClosed() && root().runs.getReadHoldCount() == 0) {
            throw new IllegalStateException("model " + source + " is closed: " + call + " reads its graph; call it"
                    + " while the model is open (close a model after what is made from it)");
        }
    }

    /** @return the model this one is a view of, or this one */
    private CamModel root() {
        return parent == null ? this : parent.root();
    }

    /**
     * @param weighting a gradient method
     * @return this root model's gradient ops for it: the logit's gradient, weighed by it; for Finer-CAM and ShapleyCAM
     *     their own gradients, added to the graph on first use, or the base head refused with why they cannot be
     *     ({@link GradientHead#unreliable()}): one method a model cannot take leaves the others usable
     */
    private synchronized GradientHead headFor(GradientWeighting weighting) {
        if (weighting != GradientWeighting.FINER_CAM && weighting != GradientWeighting.SHAPLEY_CAM) {
            return baseGradients.weighedBy(weighting);
        }
        GradientHead head = derivedHeads.get(weighting);
        if (head == null) {
            head = derivedHead(weighting);
            derivedHeads.put(weighting, head);
        }
        return head;
    }

    /**
     * The gradient of a class's logit by the model's input, for the pixel attribution methods (saliency, gradient x
     * input, SmoothGrad, Integrated Gradients): added to the graph on the first call, for a model opened by its kernel
     * or for a gradient method alike, and shared by every view of it ({@link #withGradients(GradientWeighting)}).
     *
     * @return the tensors to feed and fetch; {@link InputGradients#unreliable()} says when they would be wrong
     * @throws ModelLoadException when the gradient cannot be built (the input is not float32, the logits do not depend
     *     on it, an op on the way has no gradient), naming the tensors
     * @throws IllegalStateException naming it, when this model is closed
     */
    public InputGradients inputGradients() throws ModelLoadException {
        requireOpen("inputGradients");
        CamModel root = root();
        synchronized (root) {
            if (root.inputGradients == null) {
                root.inputGradients = GraphAdditions.once(session.graph(), "input gradients " + tensors.input() + " "
                        + tensors.logits() + " " + isBinary(), () -> InputGradientOps.add(session.graph(), tensors,
                                isBinary()));
            }
            return root.inputGradients;
        }
    }

    /**
     * FullGrad's tensors: the gradient of a class's logit by the model's input and by every bias layer's output, each
     * bias times its gradient ({@link FullGradOps}); added to the graph on the first call and shared by every view of
     * the model, as {@link #inputGradients()} is.
     *
     * @return the tensors to feed and fetch; {@link FullGradients#unreliable()} says when they would be wrong
     * @throws ModelLoadException when they cannot be built (the input is not float32, the logits do not depend on it, a
     *     bias cannot be read, an op on the way has no gradient), naming the tensor or op
     * @throws IllegalStateException naming it, when this model is closed
     */
    public FullGradients fullGradients() throws ModelLoadException {
        requireOpen("fullGradients");
        CamModel root = root();
        synchronized (root) {
            if (root.fullGradients == null) {
                root.fullGradients = GraphAdditions.once(session.graph(), "full gradients " + tensors.input() + " "
                        + tensors.logits() + " " + isBinary(), () -> FullGradOps.add(session.graph(), tensors,
                                isBinary()));
            }
            return root.fullGradients;
        }
    }

    /**
     * Activation maximization's tensors for a layer's channels: their mean activations and the gradient of a weighted
     * sum of them by the model's input ({@link ChannelGradientOps}), added to the graph on the first call for that layer
     * and reused by every later call and every view of the model, so that maximizing a layer again adds no ops.
     *
     * @param layer the layer's tensor, {@code op} or {@code op:index} (both name the same layer)
     * @return the tensors to feed and fetch
     * @throws ModelLoadException when the layer is not in the graph, not float32 of rank 4 or 2, does not depend on the
     *     input, or TensorFlow has no gradient for an op on the way; the same refusal on every call
     * @throws IllegalStateException naming it, when this model is closed
     */
    public ChannelGradients channelGradients(String layer) throws ModelLoadException {
        String key = GraphTensors.canonical(Objects.requireNonNull(layer, "layer is null"));
        requireOpen("channelGradients");
        CamModel root = root();
        synchronized (root) {
            ChannelGradients known = root.channelGradients.get(key);
            if (known != null) {
                return known;
            }
            String refused = root.channelRefusals.get(key);
            if (refused != null) {
                throw new ModelLoadException(refused);
            }
            try {
                ChannelGradients added = GraphAdditions.once(session.graph(), "channel gradients " + tensors.input()
                        + " " + layer, () -> ChannelGradientOps.add(session.graph(), tensors, layer));
                root.channelGradients.put(key, added);
                return added;
            } catch (ModelLoadException e) {
                // Ops may have been added before the refusal (the means, before a missing gradient was found).
                root.channelRefusals.put(key, e.getMessage());
                throw e;
            }
        }
    }

    /**
     * @return the input tensor's height and width as its graph fixes them, each -1 where the graph leaves it open (or
     *     does not say the tensor's rank); {@link #input()} says the size the model was trained at, where it is recorded
     * @throws IllegalStateException naming it, when this model is closed
     */
    public int[] graphInputSize() {
        requireOpen("graphInputSize");
        Output<?> in;
        try {
            in = GraphTensors.find(session.graph(), tensors.input(), "input");
        } catch (ModelLoadException e) {
            // The constructor found it: a graph does not lose an operation.
            throw new IllegalStateException(e.getMessage(), e);
        }
        Shape shape = in.shape();
        if (shape.numDimensions() != 4) {
            return new int[] {-1, -1};
        }
        return new int[] {shape.get(1) > 0 ? (int) shape.get(1) : -1, shape.get(2) > 0 ? (int) shape.get(2) : -1};
    }

    private GradientHead derivedHead(GradientWeighting weighting) {
        if (weighting == GradientWeighting.FINER_CAM && baseGradients.classes() < 2) {
            return baseGradients.refused(weighting, "Finer-CAM compares the explained class with the classes whose"
                    + " logits lie nearest its own; logits '" + tensors.logits() + "' have one unit (a binary"
                    + " classifier), so there is none to compare with");
        }
        try {
            org.tensorflow.Graph graph = session.graph();
            Output<?> features = GradientOps.source(GraphTensors.find(graph, tensors.features(), "features"));
            Output<?> logits = GraphTensors.find(graph, tensors.logits(), "logits");
            return GraphAdditions.once(graph, "derived " + weighting + " " + baseGradients.classWeights() + " "
                    + baseGradients.gradient(), () -> weighting == GradientWeighting.FINER_CAM
                            ? FinerTargetOps.add(graph, baseGradients, features, logits)
                            : HessianProductOps.add(graph, baseGradients, features, logits));
        } catch (ModelLoadException e) {
            return baseGradients.refused(weighting, e.getMessage());
        }
    }

    /**
     * @return the logits of a blank picture of one cell, whose features are all zero ({@link LocalFeatures}): what the
     *     head adds to the features' mean, its bias
     */
    private static float[] logitsOfBlank(Session session, TensorNames tensors, int channels, int stride, String source)
            throws ModelLoadException {
        try (TFloat32 blank = TensorData.floats(Shape.of(1, stride, stride, channels), new float[stride * stride * channels]);
                Result r = session.runner().feed(tensors.input(), blank).fetch(tensors.logits()).run()) {
            return TensorData.toArray(r.get(0));
        } catch (RuntimeException e) {
            throw new ModelLoadException(source + ": running logits '" + tensors.logits() + "' on a blank " + stride
                    + "x" + stride + " picture failed: " + e.getMessage(), e);
        }
    }

    /**
     * Uses an application's already-loaded cam4j SavedModel (signatures {@code cam} and {@code cam_weights}) without
     * loading it again. The bundle stays the caller's: closing this model does not close it.
     *
     * @param bundle a loaded SavedModel in cam4j's contract
     * @param input what its input expects (e.g. {@link ModelMetadata#input()} or {@link InputSpec#mnist()})
     * @param labels class labels, or null for "0", "1", ...
     * @return the model
     * @throws ModelLoadException when the bundle lacks the contract's signatures or tensors
     * @throws IllegalArgumentException when a label is null, naming which
     */
    public static CamModel fromBundle(SavedModelBundle bundle, InputSpec input, List<String> labels) throws ModelLoadException {
        Objects.requireNonNull(bundle, "bundle is null: the SavedModelBundle whose graph to explain");
        Objects.requireNonNull(input, "input: the InputSpec the model's pictures need (e.g. InputSpec.mnist())");
        return whileOpen("the SavedModelBundle given to CamModel.fromBundle", "a bundle",
                () -> fromContract(bundle, input, labels, "SavedModel", List.of()));
    }

    /** A factory's work on a caller's graph, which may have been closed before it was lent. */
    private interface OnGraph {
        CamModel make() throws ModelLoadException;
    }

    /**
     * @param given the caller's object, as the message names it
     * @param kind "a bundle" or "a session"
     * @return what {@code work} made
     * @throws IllegalStateException naming {@code given}, when its graph was closed: TensorFlow's own words, "close()
     *     has been called on the Graph", named neither it nor what to do
     */
    private static CamModel whileOpen(String given, String kind, OnGraph work) throws ModelLoadException {
        try {
            return work.make();
        } catch (IllegalStateException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("close() has been called")) {
                throw e;
            }
            throw new IllegalStateException(given + " is closed: lend " + kind + " while it is open, and close it after"
                    + " the models made from it", e);
        }
    }

    /**
     * A model explained by Grad-CAM: gradient ops from the logits to the features are added to the session's graph.
     *
     * @param session a session over the graph (its graph is extended)
     * @param tensors input, features, logits and (optionally) probabilities
     * @param activation what turns logits into probabilities when {@code tensors.probabilities()} is null;
     *     {@link ClassifierActivation#NONE}: the logits are raw, read by {@link ClassifierActivation#forRawLogits}
     * @param input what the input expects
     * @param labels class labels, or null
     * @param source where the model came from, for messages
     * @param owned what closing the model closes
     * @param weighting how the gradient weighs the channels
     * @return the model
     * @throws ModelLoadException when a tensor is missing or has the wrong rank, or a gradient cannot be made
     */
    static CamModel withGradients(Session session, TensorNames tensors, ClassifierActivation activation, InputSpec input,
            List<String> labels, String source, List<AutoCloseable> owned, GradientWeighting weighting)
            throws ModelLoadException {
        // Checked first: a gradient at a tensor off the path either fails in words that name TensorFlow's internals or,
        // at a constant, succeeds and gives the same map for every image.
        GraphTensors.find(session.graph(), tensors.input(), "input");
        GraphTensors.find(session.graph(), tensors.features(), "features");
        GraphTensors.find(session.graph(), tensors.logits(), "logits");
        if (GraphTensors.canonical(tensors.features()).equals(GraphTensors.canonical(tensors.input()))) {
            // A gradient at the input is a pixel attribution, not a layer's map; and TensorFlow cannot feed and fetch
            // one tensor, so every picture failed, blamed on the picture.
            throw new InputAsLayerException(tensors.features(), "features tensor '" + tensors.features() + "' is the"
                    + " model's input, which the pictures are fed to: name a layer the images flow through ('cam4j"
                    + " inspect --model ...' lists the model's layers; --method saliency and its kin explain by the"
                    + " input's gradient)");
        }
        // One raw logit is a binary classifier's, under a sigmoid (ClassifierActivation.forRawLogits), as the model's
        // constructor reads it; the flag matters for one unit only.
        boolean sigmoid = activation == ClassifierActivation.SIGMOID || activation == ClassifierActivation.NONE;
        // The weighting is a field of the head, not of its ops: one set of ops serves every gradient method.
        GradientHead gradients = GraphAdditions.once(session.graph(), "gradients " + tensors.input() + " "
                + tensors.features() + " " + tensors.logits() + " " + sigmoid, () -> {
                    new TensorDependence(session.graph().toGraphDef()).requireChain(new TensorNames(
                            GraphTensors.canonical(tensors.input()), GraphTensors.canonical(tensors.features()),
                            GraphTensors.canonical(tensors.logits()), null));
                    return GradientOps.add(session.graph(), tensors.features(), tensors.logits(), weighting, sigmoid);
                }).weighedBy(weighting);
        return new CamModel(session, tensors, null, gradients, activation, input, labels, source, owned);
    }

    /** A cam4j SavedModel explained by Grad-CAM at its contract's features, or at the layer {@code found} names. */
    static CamModel fromContractByGradients(SavedModelBundle bundle, LoadOptions.FoundOverrides found, InputSpec input,
            List<String> labels, String source, List<AutoCloseable> owned, GradientWeighting weighting)
            throws ModelLoadException {
        return withGradients(bundle.session(), overridden(ContractSignatures.tensors(bundle), found), ClassifierActivation.SOFTMAX,
                input, labels, source, owned, weighting);
    }

    /** @return {@code contract} with the features and logits {@code found} names, where it names them */
    static TensorNames overridden(TensorNames contract, LoadOptions.FoundOverrides found) {
        return found == null ? contract : new TensorNames(contract.input(),
                found.features() != null ? found.features() : contract.features(),
                found.logits() != null ? found.logits() : contract.logits(), contract.probabilities());
    }

    static CamModel fromContract(SavedModelBundle bundle, InputSpec input, List<String> labels, String source,
            List<AutoCloseable> owned) throws ModelLoadException {
        return new CamModel(bundle.session(), ContractSignatures.tensors(bundle), ContractSignatures.weights(bundle),
                ClassifierActivation.SOFTMAX, input, labels, source, owned);
    }

    /**
     * Explains an application's own graph by gradients (Grad-CAM, Grad-CAM++), given the names of its tensors: no
     * kernel is needed, nor global average pooling. Gradient ops are added to the session's graph (under
     * {@code cam4j_gradcam/}); the session stays the caller's.
     *
     * @param session a session over the graph
     * @param tensors input, features (any rank-4 layer), logits and (optionally) probabilities tensor names
     * @param activation what turns logits into probabilities; with a probabilities tensor named, either null (that
     *     tensor is read) or the activation it applies ({@code cam4j evaluate}'s measures take it from the logits, and
     *     refuse one the tensor contradicts); {@link ClassifierActivation#NONE} for raw logits, which are then read as
     *     {@link CamModelLoader} reads an imported model's ({@link ClassifierActivation#forRawLogits}: softmax, or a
     *     sigmoid for one logit, a binary classifier)
     * @param input what the input expects
     * @param labels class labels, or null for "0", "1", ...
     * @param weighting how the gradient weighs the features' channels
     * @return the model
     * @throws ModelLoadException when a tensor is missing or has the wrong rank, or TensorFlow cannot take the gradient
     */
    public static CamModel fromSessionByGradients(Session session, TensorNames tensors, ClassifierActivation activation,
            InputSpec input, List<String> labels, GradientWeighting weighting) throws ModelLoadException {
        requireGraphArguments(session, tensors, input);
        Objects.requireNonNull(weighting, "weighting is null");
        return whileOpen("the Session given to CamModel.fromSessionByGradients", "a session",
                () -> withGradients(session, tensors, activation, input, labels, "graph", List.of(), weighting));
    }

    /**
     * Uses a TF1-style graph that has no {@code cam} signature, given the names of its tensors. The session stays
     * the caller's.
     *
     * @param session a session over the graph
     * @param tensors input, features, logits and (optionally) probabilities tensor names
     * @param kernelTensor the classifier kernel {@code [K, classes]} (a variable's value or a constant)
     * @param biasTensor the classifier bias {@code [classes]}, or null for none
     * @param activation what turns logits into probabilities; with a probabilities tensor named, either null (that
     *     tensor is read) or the activation it applies ({@code cam4j evaluate}'s measures take it from the logits, and
     *     refuse one the tensor contradicts); {@link ClassifierActivation#NONE} for raw logits, which are then read as
     *     {@link CamModelLoader} reads an imported model's ({@link ClassifierActivation#forRawLogits}: softmax, or a
     *     sigmoid for one logit, a binary classifier)
     * @param input what the input expects
     * @param labels class labels, or null for "0", "1", ...
     * @return the model
     * @throws ModelLoadException when a tensor is missing or has the wrong rank, or the shapes disagree
     */
    public static CamModel fromSession(Session session, TensorNames tensors, String kernelTensor, String biasTensor,
            ClassifierActivation activation, InputSpec input, List<String> labels) throws ModelLoadException {
        requireGraphArguments(session, tensors, input);
        Objects.requireNonNull(kernelTensor, "kernelTensor: the classifier kernel's tensor name");
        return whileOpen("the Session given to CamModel.fromSession", "a session",
                () -> fromGraph(session, tensors, kernelTensor, biasTensor, activation, input, labels, "graph", List.of()));
    }

    /** Names a missing argument in words, not by the NPE of whatever first touches it. */
    private static void requireGraphArguments(Session session, TensorNames tensors, InputSpec input) {
        Objects.requireNonNull(session, "session is null: the TensorFlow Session whose graph to explain");
        Objects.requireNonNull(tensors, "tensors: the input, features and logits tensor names");
        Objects.requireNonNull(input, "input: the InputSpec the model's pictures need (e.g. InputSpec.mnist())");
    }

    static CamModel fromGraph(Session session, TensorNames tensors, String kernelTensor, String biasTensor,
            ClassifierActivation activation, InputSpec input, List<String> labels, String source, List<AutoCloseable> owned)
            throws ModelLoadException {
        ClassifierWeights weights = ClassifierWeightReader.read(session, kernelTensor, biasTensor);
        return new CamModel(session, tensors, weights, activation, input, labels, source, owned);
    }

    private static List<String> defaultLabels(int classes) {
        return IntStream.range(0, classes).mapToObj(Integer::toString).toList();
    }

    /** @return the session (shared by every caller; TensorFlow sessions are thread-safe) */
    public Session session() {
        return session;
    }

    /** @return the tensors fed and fetched, with explicit output indices */
    public TensorNames tensors() {
        return tensors;
    }

    /**
     * @return the classifier's weights
     * @throws IllegalStateException for a model explained by Grad-CAM, which has none ({@link #gradients()})
     */
    public ClassifierWeights weights() {
        if (weights == null) {
            throw new IllegalStateException("model " + source + " is explained by Grad-CAM and has no classifier kernel");
        }
        return weights;
    }

    /**
     * The classifier's kernel and bias that take this model's features, pooled, to its logits: {@link #weights()} for
     * CAM, and for a model opened for a gradient method the kernel its folder records for CAM (a cam4j SavedModel's, an
     * imported model's dense layer after global average pooling) when its features are the layer that kernel reads, as
     * CAM's opening checks it on a probe (checked once, on first asking). What reads pooled features by the classifier
     * ({@link io.github.cam4j.cam.FeatureFactorization}'s scores) reads it; a gradient method does not.
     *
     * @return the kernel and bias, or empty for a model opened for a gradient method at another layer, or whose folder
     *     records no kernel, or whose features the kernel does not give the logits of
     */
    public Optional<ClassifierWeights> classifier() {
        if (weights != null) {
            return Optional.of(weights);
        }
        if (parent != null) {
            return parent.classifier();
        }
        synchronized (this) {
            if (classifier == null) {
                classifier = Optional.empty();
                if (recordedKernel != null && recordedKernel.channels() == channels()
                        && recordedKernel.classes() == classes()) {
                    try {
                        CamIdentityCheck.verify(session, tensors, recordedKernel, input, source);
                        classifier = Optional.of(recordedKernel);
                    } catch (ModelLoadException | RuntimeException notThisLayers) {
                        // The kernel reads another layer (a --layer chosen), or the features do not give the logits by
                        // it (where CAM's opening refused the folder): no scores rather than wrong ones.
                        classifier = Optional.empty();
                    }
                }
            }
            return classifier;
        }
    }

    /** Records the kernel the folder holds for CAM's layer, checked when {@link #classifier()} is first asked. */
    void recordKernel(ClassifierWeights kernel) {
        this.recordedKernel = Objects.requireNonNull(kernel);
    }

    /** @return the gradient ops when the model is explained by Grad-CAM; empty for CAM (the classifier's kernel) */
    public Optional<GradientHead> gradients() {
        return Optional.ofNullable(gradients);
    }

    /** @return K, the features' channels */
    public int channels() {
        return weights != null ? weights.channels() : gradients.channels();
    }

    /**
     * @return how logits become probabilities: softmax or sigmoid, never {@link ClassifierActivation#NONE} (a model
     *     opened with it has raw logits, read as {@link ClassifierActivation#forRawLogits} says); null for a model
     *     opened by names without an activation, whose probabilities tensor is read
     */
    public ClassifierActivation activation() {
        return activation;
    }

    /** @return what the input expects */
    public InputSpec input() {
        return input;
    }

    /** @return one label per class */
    public List<String> labels() {
        return labels;
    }

    /**
     * @return the options {@link CamModelLoader#load} opened this model with, or for a model of
     *     {@link CamModelLoader#loadAtLayers} those that would open it at its layer (for a {@link #withGradients} view,
     *     the model it views'), or empty for a model opened otherwise: what {@code CamSession.Builder#setModel(CamModel,
     *     Path, LoadOptions)} checks the options it is told against
     */
    public Optional<LoadOptions> openedWith() {
        return Optional.ofNullable(parent != null ? parent.openedWith().orElse(null) : openedWith);
    }

    /** Records the options {@link CamModelLoader#load} opened this model with; called once, by it. */
    void recordOpenedWith(LoadOptions options) {
        this.openedWith = Objects.requireNonNull(options);
    }

    /**
     * @return for a foreign SavedModel opened for a gradient method, why opening the same folder for CAM (the same
     *     signature, no tensor named) refuses it, as its import already found: no global average pooling then one
     *     dense layer (a {@code Flatten} before the {@code Dense}...). Empty where CAM's head was found, and for any
     *     other model, where only opening the folder for CAM tells
     */
    public Optional<String> camRefusal() {
        if (parent != null) {
            return parent.camRefusal();
        }
        CamModel owner = sessionOwner;
        // A further layer's model (atFeatures) shares its first's import.
        return Optional.ofNullable(camRefusal != null || owner == null ? camRefusal : owner.camRefusal().orElse(null));
    }

    /** Records why CAM's opening refuses the folder, as the import found; called once, by {@link CamModelLoader}. */
    void recordCamRefusal(String why) {
        this.camRefusal = Objects.requireNonNull(why);
    }

    /** @return where the model came from, for messages */
    public String source() {
        return source;
    }

    /**
     * @return where the feature cells sit on the model's input, when the graph's path from input to features is made
     *     of ops whose geometry is known; empty means "stretch the map edge to edge", unless the model crops or
     *     resizes its input first ({@link #inputCrop()}), whose grid depends on the size fed ({@link #cellsOn})
     */
    public Optional<FeatureGrid> featureGrid() {
        return featureGrid;
    }

    /**
     * @return the crops and resizes the input goes through before the convolutions (a Keras {@code CenterCrop},
     *     {@code Cropping2D} or {@code Resizing}), when the model has any: it then sees only part of the picture, or
     *     a resampling of it, and {@link #featureGrid()} is empty. {@link InputCrop#at} places the cells and the part
     *     seen on an input of a given size, unless {@link InputCrop#unplaceable()} says why it cannot; empty otherwise
     */
    public Optional<InputCrop> inputCrop() {
        return inputCrop;
    }

    /**
     * @param height the input's rows as fed
     * @param width its columns
     * @return where the feature cells sit on an input of that size and the part of it the model saw, when the graph
     *     shows it: the feature grid (the whole input seen) or a placeable crop's view; empty means "stretch the map
     *     edge to edge"
     * @throws IllegalArgumentException when the height or width is below 1 (no input has such a size: its view had
     *     edges below its start)
     */
    public Optional<InputCrop.View> cellsOn(int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("an input of height " + height + " and width " + width + " has no"
                    + " pixels: both must be at least 1");
        }
        if (featureGrid.isPresent()) {
            return Optional.of(new InputCrop.View(featureGrid.get(), -0.5, -0.5, height - 0.5, width - 0.5));
        }
        return inputCrop.flatMap(c -> c.at(height, width));
    }

    /**
     * @return the proof that the features are local and zero on blank input, with their geometry, when the graph's
     *     path from input to features shows it, the input takes any height and width, and the logits follow from
     *     the mean of the feature cells (CAM's identity for a model with a kernel; for one opened for a gradient
     *     method, a head of global average pooling and affine ops read from the graph); empty otherwise (then a
     *     picture is always fed whole)
     */
    public Optional<LocalFeatures> localFeatures() {
        return localFeatures;
    }

    /**
     * @return the logits of a blank picture, whose features are all zero: the classifier's bias. A crop's logits
     *     differ from its whole picture's only in the share of cells the mean divides by, around these; present
     *     exactly when {@link #localFeatures()} is
     */
    public Optional<float[]> blankLogits() {
        return Optional.ofNullable(blankLogits).map(float[]::clone);
    }

    /**
     * @return the number of classes: the logits' width, except for a binary classifier ({@link #isBinary()}), whose
     *     one unit gives two classes
     */
    public int classes() {
        return isBinary() ? 2 : units();
    }

    /** @return the width of the logits tensor the graph computes (one for a binary classifier's sigmoid unit) */
    public int units() {
        return weights != null ? weights.classes() : gradients.classes();
    }

    /**
     * A single unit under a sigmoid is a binary classifier, as Keras builds one: its output is P(class 1). cam4j
     * then explains two classes, 1 (the unit's logit {@code z}, its map) and 0 (logit {@code -z}, probability
     * {@code 1 - p}, the negative of the unit's map), and predicts class 1 when {@code p > 0.5} as Keras'
     * {@code binary_accuracy} does. Read as one class, such a model was reported as "class 0 p=0.02" for a picture
     * it put in class 0 with probability 0.98.
     *
     * @return whether the model's head is one sigmoid unit
     */
    public boolean isBinary() {
        return units() == 1 && activation == ClassifierActivation.SIGMOID;
    }

    /**
     * @param unitLogits one image's row of the graph's logits ({@link #units()} values)
     * @return its logits per class ({@link #classes()} values): {@code [-z, z]} for a binary classifier, else the row
     * @throws IllegalArgumentException when the row is not {@link #units()} values long
     */
    public float[] classLogits(float[] unitLogits) {
        checkRow(unitLogits, "unitLogits");
        return isBinary() ? new float[] {-unitLogits[0], unitLogits[0]} : unitLogits;
    }

    /**
     * @param unitProbabilities one image's row of the graph's probabilities ({@link #units()} values)
     * @return its probabilities per class: {@code [1 - p, p]} for a binary classifier, else the row
     * @throws IllegalArgumentException when the row is not {@link #units()} values long
     */
    public float[] classProbabilities(float[] unitProbabilities) {
        checkRow(unitProbabilities, "unitProbabilities");
        return isBinary() ? new float[] {1 - unitProbabilities[0], unitProbabilities[0]} : unitProbabilities;
    }

    /**
     * Refuses a row of another length than the model's units: three values given for a 10-class model came back as
     * three classes' values, and a binary model's empty row failed on its first index.
     */
    private void checkRow(float[] row, String name) {
        java.util.Objects.requireNonNull(row, name + " is null");
        int units = units();
        if (units > 0 && row.length != units) {
            throw new IllegalArgumentException(name + " has " + row.length + " values; model " + source + " has "
                    + units + " output unit" + (units == 1 ? "" : "s") + ": give one image's row of them");
        }
    }

    /**
     * @param c a class
     * @return the kernel column whose weighted sum of the features is class {@code c}'s map: the unit's negated for a
     *     binary classifier's class 0, whose logit is the unit's negated; a copy, which the caller may change
     * @throws IllegalStateException for a model explained by gradients, which has no kernel
     * @throws IllegalArgumentException when {@code c} is not one of the model's {@link #classes()}
     */
    public float[] classColumn(int c) {
        ClassifierWeights.checkClass(c, classes());
        if (!isBinary()) {
            return weights().column(c);
        }
        float[] unit = weights().column(0);
        if (c == 1) {
            return unit;
        }
        float[] negated = new float[unit.length];
        for (int k = 0; k < unit.length; k++) {
            negated[k] = -unit[k];
        }
        return negated;
    }

    /**
     * @return whether the graph and session this model runs are closed: its own {@link #close()} called, or, for a
     *     {@link #withGradients} view or a model of another's session ({@link #byGradients}, a further target layer),
     *     which own nothing, so that closing them changes nothing, the model whose session it is closed
     */
    public boolean isClosed() {
        return parent != null ? parent.isClosed() : closed.get() || (sessionOwner != null && sessionOwner.isClosed());
    }

    /**
     * Keeps this model open while the caller runs it: a {@link #close()} on another thread meanwhile waits until the
     * hold is released, and runs that start after a close find {@link #isClosed()} true. {@code CamSession} holds its
     * model this way around every run; an application that runs {@link #session()} itself, beside a thread that may
     * close the model, can do the same. A view ({@link #withGradients}) or a model of another's session holds the
     * model whose session it runs.
     *
     * @return the hold; release it by closing it, on the thread that took it
     */
    public Hold holdOpen() {
        if (parent != null) {
            return parent.holdOpen();
        }
        runs.readLock().lock();
        CamModel owner = sessionOwner;
        if (owner == null) {
            return this::releaseHold;
        }
        Hold ownerHold;
        try {
            ownerHold = owner.holdOpen();
        } catch (RuntimeException e) {
            releaseHold();
            throw e;
        }
        return () -> {
            ownerHold.close();
            releaseHold();
        };
    }

    /**
     * {@link #holdOpen()} for a run of something that borrows this model, refused once the model is closed: TensorFlow's
     * own words for it ("close() has been called on the Graph") read as the model failing on the pictures.
     *
     * @param borrower how the refusal names what runs the model, e.g. {@code "this Predictor runs"}
     * @param advice what to do instead, e.g. {@code "close a model after the predictions made with it"}
     * @return the hold; release it by closing it, on the thread that took it
     * @throws IllegalStateException "the model BORROWER, SOURCE, was closed: ADVICE" when it has been closed
     */
    public Hold holdOpenFor(String borrower, String advice) {
        Hold hold = holdOpen();
        if (isClosed()) {
            hold.close();
            throw new IllegalStateException("the model " + borrower + ", " + source() + ", was closed: " + advice);
        }
        return hold;
    }

    /**
     * Ends one hold; the last hold released after a close made within a run ({@link #close()}) closes what the model
     * owns.
     */
    private void releaseHold() {
        runs.readLock().unlock();
        if (closed.get() && !released.get() && runs.writeLock().tryLock()) {
            // No hold is left (tryLock fails while any thread, this one included, holds one).
            try {
                release();
            } finally {
                runs.writeLock().unlock();
            }
        }
    }

    /** A model kept open by {@link #holdOpen()} until this is closed. */
    @FunctionalInterface
    public interface Hold extends AutoCloseable {
        /** Releases the hold; a close waiting for it may then go on. */
        @Override
        void close();
    }

    /**
     * Closes what this model owns (nothing, when it borrows an application's bundle or session); idempotent. From then
     * on {@link #isClosed()} is true and runs are refused. Runs in flight ({@link #holdOpen()}) finish first: on another
     * thread, this call waits for them; on this one (a close from within a run, e.g. a listener's), it returns at once,
     * and what the model owns is closed when the last run in flight ends, on the thread that ends it. Closed under a
     * run, TensorFlow failed it in its own words, and once aborted the JVM.
     */
    @Override
    public void close() {
        closed.set(true);
        if (runs.getReadHoldCount() > 0) {
            // Waiting for the write lock here would wait for this very run for ever: the last hold closes it.
            return;
        }
        java.util.concurrent.locks.Lock exclusive = runs.writeLock();
        exclusive.lock();
        try {
            release();
        } finally {
            exclusive.unlock();
        }
    }

    /** Closes what this model owns, once; called with no run in flight. */
    private void release() {
        if (released.getAndSet(true)) {
            return;
        }
        List<Exception> failures = new ArrayList<>();
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("closing model " + source + " failed");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }
}
