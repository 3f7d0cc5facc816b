package io.github.cam4j.savedmodel.keras;

import static io.github.cam4j.savedmodel.keras.GraphView.dataInput;
import static io.github.cam4j.savedmodel.keras.GraphView.normalize;
import static io.github.cam4j.savedmodel.keras.OpKinds.SHAPE_ONLY;

import io.github.cam4j.savedmodel.AmbiguousTensorException;
import io.github.cam4j.savedmodel.ClassifierActivation;

import io.github.cam4j.savedmodel.NotCamReadyException;
import io.github.cam4j.savedmodel.TensorChannelsException;
import io.github.cam4j.savedmodel.TensorRankException;
import io.github.cam4j.savedmodel.UnknownTensorException;
import io.github.cam4j.savedmodel.keras.HeadWalker.Candidate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Session;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Finds the tensors a class activation map needs in an inlined, frozen classifier graph, walking back from the
 * signature's output:
 * <ol>
 *   <li>the classifier activation ({@code Softmax}, {@code Sigmoid} or none); its input is the logits;</li>
 *   <li>the linear head between the logits and a global average pooling ({@code Mean} over axes [1, 2] of a rank-4
 *       tensor, or a 'valid' {@code AvgPool} whose window is the whole, statically known, map): a Dense layer ({@code MatMul} with a constant kernel, then {@code BiasAdd}/{@code Add}), with
 *       pass-through ops ({@code Identity}, {@code Cast}, {@code Reshape}/{@code Squeeze} of a kept-dims mean) and
 *       constant per-channel scales and shifts (a {@code Rescaling}, an inference-mode batch normalisation) folded
 *       into the kernel and bias; two Dense layers with no non-linearity between them fold into one; a 1x1
 *       {@code Conv2D} of the pooled map kept 4-D ([N, 1, 1, K], keras.applications' MobileNet head) is a Dense;</li>
 *   <li>the features: (a) with a Dense head, the rank-4 tensor the pooling reduces (whatever comes before it,
 *       BatchNorm or ReLU included); (b) with no Dense, if the pooled tensor is a 1x1, stride-1 {@code Conv2D}
 *       (+ bias) — a "conv head" — the convolution's input, its kernel reshaped to [K, classes]; (c) otherwise the
 *       pooled tensor itself is the class map (kernel = identity).</li>
 * </ol>
 * In every case, for a batch item, {@code mean_hw(features · kernel[:, c]) + bias[c] = logit_c}: the map of class c is
 * {@code features · kernel[:, c]}. What is not of that form (a {@code Flatten} before the Dense, a non-linearity between
 * two Dense layers, a global max pooling) is refused with a {@link NotCamReadyException} saying what was found.
 */
final class CamLocator {

    /**
     * The located CAM tensors.
     *
     * @param features rank-4 [N, h, w, K] tensor name
     * @param logits [N, classes] pre-activation tensor name
     * @param probabilities [N, classes] post-activation tensor name, {@code null} for {@link ClassifierActivation#NONE}
     * @param activation the classifier activation
     * @param kernel [K][classes]
     * @param bias [classes]
     * @param how one paragraph: which form was found, from which ops
     */
    record CamHead(String features, String logits, String probabilities, ClassifierActivation activation,
            float[][] kernel, float[] bias, String how) {}

    /**
     * How the model's output ends: its last op (past pass-through ops), the activation it applies, and so which tensor
     * holds the probabilities (none without an activation) and which the logits.
     */
    private record OutputEnd(NodeDef last, ClassifierActivation activation, String probabilities, String logits) {}

    /** @param logitsOverride a logits tensor named by the user, or {@code null} */
    private OutputEnd outputEnd(String logitsOverride) throws NotCamReadyException {
        String output = graph.output();
        NodeDef last = outputProducer();
        refuseActivationBeforeReshape(last);
        ClassifierActivation activation = switch (last.getOp()) {
            case "Softmax" -> ClassifierActivation.SOFTMAX;
            case "Sigmoid" -> ClassifierActivation.SIGMOID;
            default -> ClassifierActivation.NONE;
        };
        // A log-softmax output (Activation("log_softmax"), log-probabilities) is log(softmax(z)): its input z is
        // the logits, the class scores CAM explains, and softmax(z) the probabilities, which cam4j takes as it takes
        // raw logits' (activation NONE, no probabilities tensor). Walking back from the log-softmax instead refused a
        // CAM-ready model as "a non-linearity between the pooling and the logits".
        boolean logSoftmax = isLogSoftmax(last);
        String logits = logitsOverride != null ? checkTensor(logitsOverride, "logits", 2)
                : activation == ClassifierActivation.NONE && !logSoftmax ? output : dataInput(last, 0);
        if (logitsOverride != null) {
            refuseActivated(logits);
        }
        if ((activation == ClassifierActivation.SOFTMAX || logSoftmax) && graph.lastDim(dataInput(last, 0)) == 1) {
            // A softmax over one unit is 1 whatever the image: nothing it says can be explained.
            throw new NotCamReadyException("the output " + graph.describe(last) + " is a " + (logSoftmax ? "log-" : "")
                    + "softmax over a single unit, so its probability is 1 for every image; a one-unit classifier"
                    + " takes a sigmoid");
        }
        return new OutputEnd(last, activation, activation == ClassifierActivation.NONE ? null : output, logits);
    }

    /**
     * @return the op that makes the output, past pass-through ops and any Reshape((classes,)) or Flatten that keeps
     *     [N, classes]: the activation is behind such a reshape. Stopping at it, CAM refused the model ("a
     *     non-linearity (Softmax ...) stands between the pooling and the logits") and Grad-CAM took the probabilities
     *     for logits, reporting their softmax (helper-182).
     */
    private NodeDef outputProducer() {
        String output = graph.output();
        NodeDef last = graph.producer(graph.through(output));
        while (OpKinds.SHAPE_ONLY.contains(last.getOp()) && keepsClasses(graph.through(dataInput(last, 0)), output)) {
            last = graph.producer(graph.through(dataInput(last, 0)));
        }
        return last;
    }

    /** Whether a tensor is [N, classes] as the output is, with the same, known, number of classes. */
    private boolean keepsClasses(String t, String output) {
        long[] s = graph.shape(t);
        long[] o = graph.shape(output);
        return s != null && o != null && s.length == 2 && o.length == 2 && s[1] > 0 && s[1] == o[1];
    }

    /** The classifier activations, by op, as a Keras layer's activation argument names them. */
    private static final java.util.Map<String, String> KERAS_ACTIVATION = java.util.Map.of("Softmax", "softmax",
            "Sigmoid", "sigmoid", "LogSoftmax", "log_softmax");

    /**
     * Conv2D(classes, 1, activation="softmax") on GlobalAveragePooling2D(keepdims=True), then a Reshape to [N,
     * classes] (a head export_cam.py reads): the activation comes before the Reshape, so no [N, classes] tensor holds
     * the logits. CAM refused it as "a non-linearity (Softmax ...) stands between the pooling and the logits", no
     * reason and no way out, and Grad-CAM, which that refusal advised, took the output's probabilities for logits: it
     * reported their softmax (p=0.11 for Keras' 0.20) and differentiated a probability (helper-182).
     *
     * @param last the output's producer, past pass-through ops
     */
    private void refuseActivationBeforeReshape(NodeDef last) throws NotCamReadyException {
        if (!SHAPE_ONLY.contains(last.getOp())) {
            return;
        }
        String in = graph.through(dataInput(last, 0));
        NodeDef activation = graph.producer(in);
        long[] s = graph.shape(in);
        String keras = KERAS_ACTIVATION.get(activation.getOp());
        if (keras == null || s == null || s.length != 4 || s[1] != 1 || s[2] != 1) {
            return;
        }
        throw new NotCamReadyException("the classifier's activation (" + activation.getOp() + " '"
                + GraphView.shortName(activation.getName()) + "') is applied to the class scores kept 4-D, "
                + graph.shapeString(in) + " (a Conv2D(classes, 1, activation=\"" + keras + "\") on"
                + " GlobalAveragePooling2D(keepdims=True)), before the " + last.getOp() + " to [N, classes], so no"
                + " tensor holds the logits as [N, classes]; export the model with python-export/export_cam.py, which"
                + " reads this head, or build that Conv2D without activation and put Activation(\"" + keras + "\")"
                + " after the " + last.getOp() + ", as keras.applications' MobileNet ends (the weights do not change)");
    }

    private static boolean isLogSoftmax(NodeDef n) {
        return n.getOp().equals("LogSoftmax");
    }

    /**
     * @return the model's output op described when it is a log-softmax (the output holds log-probabilities, its input
     *     the logits), else {@code null}
     */
    String logSoftmaxOutput() {
        // The same op the head was read from: a log-softmax behind a Reshape was read as one, and inspect said nothing.
        NodeDef last = outputProducer();
        return isLogSoftmax(last) ? graph.describe(last) : null;
    }

    /**
     * A tensor named as the logits that a softmax or sigmoid made holds probabilities: CAM walked back from it into the
     * activation and advised Grad-CAM, and Grad-CAM fetched it twice (as logits and as the model's output: "Name
     * collision in the result set") or took the gradient of a probability, which saturates near 1.
     */
    private void refuseActivated(String logits) throws NotCamReadyException {
        NodeDef made = graph.producer(graph.through(logits));
        if (made.getOp().equals("Softmax") || made.getOp().equals("Sigmoid")) {
            throw new NotCamReadyException("the logits tensor '" + logits + "' is the output of "
                    + graph.describe(made) + ": probabilities, not logits; name its input, '" + dataInput(made, 0)
                    + "', as the logits, or do not name them (cam4j finds them)");
        }
    }

    private final GraphView graph;
    private final HeadWalker walker;
    private final InputPreprocessingFinder preprocessing;
    private final ChannelLayout layout;

    /**
     * @param graphDef the inlined graph
     * @param graph the same graph, imported (for static shapes)
     * @param session a session on {@code graph} (to evaluate constant weights)
     * @param output the signature's output tensor in {@code graph}
     */
    CamLocator(GraphDef graphDef, Graph graph, Session session, String output) {
        this(graphDef, graph, session, output, null);
    }

    /**
     * @param graphDef the inlined graph
     * @param graph the same graph, imported (for static shapes)
     * @param session a session on {@code graph} (to evaluate constant weights)
     * @param output the signature's output tensor in {@code graph}
     * @param lazy the variables frozen as their shape only, whose values are fed when a constant is evaluated; or
     *     {@code null} when every variable holds its value
     */
    CamLocator(GraphDef graphDef, Graph graph, Session session, String output, LazyVariables lazy) {
        this.graph = new GraphView(graphDef, graph, session, output, lazy);
        this.walker = new HeadWalker(this.graph);
        this.preprocessing = new InputPreprocessingFinder(this.graph);
        this.layout = new ChannelLayout(this.graph);
    }

    /** @return the first op drawing random numbers on the way to the output: {@link GraphView#randomOpBehindOutput} */
    Optional<NodeDef> randomOpBehindOutput() {
        return graph.randomOpBehindOutput();
    }

    /** @return the random op behind the output, described for a refusal, or {@code null} when there is none */
    String randomOpRefusal() {
        return randomOpBehindOutput().map(n -> "the served graph draws random numbers on the way to the output ("
                + n.getOp() + " '" + n.getName() + "'): data augmentation (RandomFlip, RandomRotation...) left active,"
                + " as Keras 3's model.export leaves it, so each picture would be explained transformed at random"
                + " (here one fixed transform, its seed frozen); export it with python-export/export_cam.py, which"
                + " calls the model with training=False, or export the model without its augmentation layers")
                .orElse(null);
    }

    // ------------------------------------------------------------------------------------------------------ locate

    /**
     * @param featuresOverride a features tensor named by the user, or {@code null}
     * @param logitsOverride a logits tensor named by the user, or {@code null}
     * @return the CAM tensors and weights
     * @throws NotCamReadyException saying why, what was found and what would work
     */
    CamHead locate(String featuresOverride, String logitsOverride) throws NotCamReadyException {
        OutputEnd end = outputEnd(logitsOverride);
        NodeDef last = end.last();
        ClassifierActivation activation = end.activation();
        String probabilities = end.probabilities();
        String logits = end.logits();
        long classes = graph.lastDim(logits);
        if (classes <= 0) {
            throw new NotCamReadyException("cannot tell the number of classes: logits tensor '" + logits
                    + "' has shape " + graph.shapeString(logits)
                    + "; give a logits tensor with a known last dimension");
        }
        List<String> walked = new ArrayList<>();
        if ((activation != ClassifierActivation.NONE || isLogSoftmax(last)) && logitsOverride == null) {
            walked.add(graph.describe(last));
        }
        List<Candidate> candidates;
        HeadRefusal refusal = null;
        try {
            candidates = walker.walkHead(logits, (int) classes, walked);
        } catch (HeadRefusal r) {
            candidates = List.of();
            refusal = r;
        } catch (IllegalStateException | org.tensorflow.exceptions.TensorFlowException e) {
            candidates = List.of();
            refusal = new HeadRefusal("reading the classifier's weights failed: " + e.getMessage());
        }

        Candidate chosen;
        String features;
        if (featuresOverride == null) {
            if (refusal != null) {
                throw notReady(refusal.getMessage(), walked);
            }
            chosen = candidates.get(0);
            features = chosen.features();
        } else {
            features = checkTensor(featuresOverride, "features", 4);
            chosen = forOverride(featuresOverride, features, candidates, (int) classes, refusal, walked);
        }
        long channels = graph.lastDim(features);
        if (channels > 0 && channels != chosen.kernel().length) {
            String message = "features tensor '" + features + "' has " + channels
                    + " channels but the classifier found takes " + chosen.kernel().length;
            throw featuresOverride == null ? new NotCamReadyException(message) : new NotCamReadyException(message,
                    new TensorChannelsException(featuresOverride, channels, chosen.kernel().length,
                            "the classifier's kernel", message));
        }
        return new CamHead(features, logits, probabilities, activation, toFloat(chosen.kernel()),
                toFloat(chosen.bias()), chosen.how());
    }

    /**
     * The tensors Grad-CAM needs: the logits (before the output's softmax or sigmoid) and a feature map. The feature
     * map is the one named, else the one CAM would use when the model is CAM-ready (Grad-CAM is then CAM without its
     * negative part), else the last rank-4 tensor on the path from the input to the output.
     *
     * @param featuresOverride a features tensor named by the user, or {@code null}
     * @param logitsOverride a logits tensor named by the user, or {@code null}
     * @return the tensors, without kernel and bias
     * @throws NotCamReadyException when no feature map is found or a named tensor is unusable
     */
    CamHead locateForGradients(String featuresOverride, String logitsOverride) throws NotCamReadyException {
        OutputEnd end = outputEnd(logitsOverride);
        ClassifierActivation activation = end.activation();
        String probabilities = end.probabilities();
        String logits = end.logits();
        if (featuresOverride != null) {
            String features = checkTensor(featuresOverride, "features", 4);
            return new CamHead(features, logits, probabilities, activation, null, null,
                    "Grad-CAM at the features given by name ('" + features + "')");
        }
        try {
            CamHead cam = locate(null, logitsOverride);
            return new CamHead(cam.features(), logits, probabilities, activation, null, null,
                    "Grad-CAM at the features CAM uses: " + cam.how());
        } catch (NotCamReadyException notCamReady) {
            List<String> chain = spine();
            List<String> skipped = new ArrayList<>();
            for (int i = chain.size() - 1; i >= 0; i--) {
                String t = chain.get(i);
                long[] s = graph.shape(t);
                if (s == null || s.length != 4 || opOf(t).equals("Placeholder")) {
                    continue;
                }
                String unusable = notAFeatureMap(t, s);
                if (unusable != null) {
                    skipped.add(graph.describe(graph.producer(t)) + " (" + unusable + ")");
                    continue;
                }
                return new CamHead(t, logits, probabilities, activation, null, null,
                        "Grad-CAM at the last feature map on the way to the output, "
                                + graph.describe(graph.producer(t)) + " (the model is not CAM-ready)");
            }
            throw new NotCamReadyException("Grad-CAM needs a feature map: no rank-4 [N, h, w, K] tensor with a spatial"
                    + " grid was found between the input and the output" + (skipped.isEmpty() ? ""
                            : " (skipped: " + String.join("; ", skipped) + ")") + "; name one (features override)");
        }
    }

    /**
     * @param t a rank-4 tensor on the way to the output
     * @param s its static shape
     * @return why it is no [N, h, w, K] map to explain by, or {@code null} when it may be one: a 1x1 grid (a pooled
     *     tensor kept 4-D) has nothing to show; a channels-first tensor ([N, K, h, w], after a Transpose to that order
     *     or made by an NCHW op) would be read with its channels as rows
     */
    private String notAFeatureMap(String t, long[] s) {
        if (s[1] == 1 && s[2] == 1) {
            return "a 1x1 grid";
        }
        try {
            int axis = layout.channelAxis(t);
            if (axis != 3) {
                return "channels first: its channels lie on axis " + axis + " (a Transpose or an NCHW op on the way)";
            }
        } catch (IllegalStateException | org.tensorflow.exceptions.TensorFlowException e) {
            return "a Transpose whose order cannot be read";
        }
        return null;
    }

    private Candidate forOverride(String given, String features, List<Candidate> candidates, int classes,
            HeadRefusal refusal, List<String> walked) throws NotCamReadyException {
        for (Candidate c : candidates) {
            if (c.features().equals(features)) {
                return c;
            }
        }
        long channels = graph.lastDim(features);
        for (Candidate c : candidates) {
            if (channels == c.kernel().length) {
                return new Candidate(features, c.kernel(), c.bias(), "features given by name ('" + features
                        + "'), kernel and bias from the classifier found: " + c.how()
                        + " The map is exact only if that tensor is what the pooling reduces.");
            }
        }
        if (!candidates.isEmpty()) {
            Candidate c = candidates.get(0);
            String message = "features tensor '" + features + "' has " + channels
                    + " channels, but the classifier found (" + c.how() + ") takes " + c.kernel().length;
            // The name as typed goes with it: --features conv_a_1/Relu for CAM had exited 1 naming no option.
            throw new NotCamReadyException(message, new TensorChannelsException(given, channels, c.kernel().length,
                    "the classifier's kernel", message));
        }
        if (channels == classes) {
            return new Candidate(features, identity(classes), new double[classes], "features given by name ('"
                    + features + "') with one channel per class: each channel is its class map (identity kernel).");
        }
        throw notReady(refusal.getMessage() + "; the features tensor given by name ('" + features + "') has "
                + channels + " channels, not one per class (" + classes + "), so no kernel can be derived", walked);
    }

    /** @return the rescaling the graph applies to its input first: {@link InputPreprocessingFinder#inputRescaling} */
    Optional<InputRescaling> inputRescaling() {
        return preprocessing.inputRescaling();
    }

    /**
     * @return the standardisation the graph applies to its input first:
     *     {@link InputPreprocessingFinder#inputStandardisation}
     */
    Optional<InputStandardisation> inputStandardisation() {
        return preprocessing.inputStandardisation();
    }

    // --------------------------------------------------------------------------------------------- graph helpers

    /** @return the layer chain from the input to the output: at each step the first input that depends on the input */
    List<String> spine() {
        return graph.spine();
    }

    /** @return the layer chain as inspect lists it: {@link #spine()} without its identities and no-ops */
    List<String> shownChain() {
        return spine().stream().filter(t -> !opOf(t).equals("Identity") && !opOf(t).equals("NoOp")).toList();
    }

    /** @return the op type of the node producing {@code tensor} */
    String opOf(String tensor) {
        return graph.opOf(tensor);
    }

    /** @return a tensor's static shape as text, e.g. {@code [-1, 28, 28, 1]}, or {@code <unknown>} */
    String shapeString(String tensor) {
        return graph.shapeString(tensor);
    }

    /** @return the static shape, -1 where unknown, or {@code null} when even the rank is unknown */
    long[] shape(String tensor) {
        return graph.shape(tensor);
    }

    private String checkTensor(String name, String what, int rank) throws NotCamReadyException {
        String t = resolve(name, what);
        InputRef r = InputRef.graphForm(t);
        GraphOperation op = graph.operation(r.name());
        // The cause's type lets the command line say a mistyped --features or --logits in that option's words, as a
        // usage error, as it does for cam4j's own models (GraphTensors); without it a foreign model's refusal named
        // no option and exited 1.
        if (op == null || r.index() >= op.numOutputs()) {
            String message = "the " + what + " tensor '" + name + "' is not in the inlined graph"
                    + " (see the names the inspection lists)";
            throw new NotCamReadyException(message, new UnknownTensorException(name, message));
        }
        long[] s = graph.shape(t);
        if (s != null && s.length != rank) {
            String message = "the " + what + " tensor '" + name + "' has shape " + Arrays.toString(s)
                    + "; a " + what + " tensor has rank " + rank;
            throw new NotCamReadyException(message,
                    new TensorRankException(name, rank, s.length + " (shape " + Arrays.toString(s) + ")", message));
        }
        if (graph.isConstant(t)) {
            // A constant of the right rank (a convolution's kernel) would give the same map for every image.
            throw new NotCamReadyException("the " + what + " tensor '" + name + "' does not depend on the input ("
                    + op.type() + " " + graph.shapeString(t) + "); name a layer the images flow through");
        }
        return t;
    }

    /**
     * A tensor named by the user, as the graph names it. Inspection lists a Keras model's layers under their common
     * scope ("node names under 'StatefulPartitionedCall_1/'"), and a user writes a layer's short name
     * ({@code conv2d_1/Relu}, as for cam4j's own models): a name the graph does not hold is looked up as the end of
     * exactly one node's name, at a '/' boundary.
     *
     * @return the tensor's full name with its output index, or the name as given when no node ends with it
     * @throws NotCamReadyException when several nodes end with it, naming a few
     */
    private String resolve(String name, String what) throws NotCamReadyException {
        String t = normalize(name);
        InputRef r = InputRef.graphForm(t);
        if (graph.nodeNames().contains(r.name())) {
            return t;
        }
        String sole;
        try {
            sole = AmbiguousTensorException.soleEnding(graph.nodeNames().stream(), r.name(), name, "the " + what,
                    "nodes of the inlined graph");
        } catch (AmbiguousTensorException e) {
            // Its own cause, so that the command line says it as its option's usage error, as a mistyped name.
            throw new NotCamReadyException(e.getMessage(), e);
        }
        return sole == null ? t : sole + ":" + r.index();
    }

    /** @return the last two segments of a node name, e.g. {@code dense_1/BiasAdd}: the Keras layer and its op */
    static String shortName(String name) {
        return GraphView.shortName(name);
    }

    private NotCamReadyException notReady(String reason, List<String> walked) {
        boolean gap = false;
        String flatten = null;
        for (String t : spine()) {
            NodeDef n = graph.producer(t);
            if (n.getOp().equals("Mean") && graph.isGlobalSpatial(n)) {
                gap = true;
            }
            if (SHAPE_ONLY.contains(n.getOp())) {
                long[] in = graph.shape(dataInput(n, 0));
                long[] out = graph.shape(t);
                if (in != null && out != null && in.length == 4 && out.length == 2 && (in[1] != 1 || in[2] != 1)) {
                    flatten = n.getOp() + " '" + shortName(n.getName()) + "' flattens " + Arrays.toString(in)
                            + " to " + Arrays.toString(out);
                }
            }
        }
        String why = gap ? "between the global average pooling and the output, " + reason
                : "no global average pooling (a Mean over axes [1, 2] of a rank-4 tensor) was found between the input"
                        + " and the output" + (flatten == null ? "" : " (" + flatten + ")") + "; " + reason;
        return new NotCamReadyException("not CAM-ready: " + why + ".\nFound, from the output back: "
                + String.join(" <- ", walked) + "."
                + "\nWhat would work: end the model in GlobalAveragePooling2D followed by one Dense layer (with"
                + " softmax or not), or in a 1x1 Conv2D with one filter per class followed by GlobalAveragePooling2D;"
                + " or name the features and logits tensors yourself (features/logits overrides); or explain it by"
                + " Grad-CAM, which needs no global average pooling (--method gradcam, LoadOptions.withGradCam()).",
                true);
    }

    static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    private static float[][] toFloat(double[][] m) {
        float[][] out = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = toFloat(m[i]);
        }
        return out;
    }

    private static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }
}
