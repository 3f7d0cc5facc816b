package io.github.cam4j.savedmodel.keras;

import io.github.cam4j.savedmodel.ClassifierActivation;

import io.github.cam4j.savedmodel.NotCamReadyException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
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
        NodeDef last = producer(through(output));
        ClassifierActivation activation = switch (last.getOp()) {
            case "Softmax" -> ClassifierActivation.SOFTMAX;
            case "Sigmoid" -> ClassifierActivation.SIGMOID;
            default -> ClassifierActivation.NONE;
        };
        String logits = logitsOverride != null ? checkTensor(logitsOverride, "logits", 2)
                : activation == ClassifierActivation.NONE ? output : dataInput(last, 0);
        if (logitsOverride != null) {
            refuseActivated(logits);
        }
        if (activation == ClassifierActivation.SOFTMAX && lastDim(dataInput(last, 0)) == 1) {
            // A softmax over one unit is 1 whatever the image: nothing it says can be explained.
            throw new NotCamReadyException("the output " + describe(last) + " is a softmax over a single unit, so its"
                    + " probability is 1 for every image; a one-unit classifier takes a sigmoid");
        }
        return new OutputEnd(last, activation, activation == ClassifierActivation.NONE ? null : output, logits);
    }

    /**
     * A tensor named as the logits that a softmax or sigmoid made holds probabilities: CAM walked back from it into the
     * activation and advised Grad-CAM, and Grad-CAM fetched it twice (as logits and as the model's output: "Name
     * collision in the result set") or took the gradient of a probability, which saturates near 1.
     */
    private void refuseActivated(String logits) throws NotCamReadyException {
        NodeDef made = producer(through(logits));
        if (made.getOp().equals("Softmax") || made.getOp().equals("Sigmoid")) {
            throw new NotCamReadyException("the logits tensor '" + logits + "' is the output of " + describe(made)
                    + ": probabilities, not logits; name its input, '" + dataInput(made, 0) + "', as the logits, or"
                    + " do not name them (cam4j finds them)");
        }
    }

    /** A features tensor and the affine map from its pooled value to the logits. */
    private record Candidate(String features, double[][] kernel, double[] bias, String how) {}

    /** Why the walk stopped. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message, null, false, false);
        }
    }

    private static final Set<String> PASS_THROUGH = Set.of("Identity", "Snapshot", "StopGradient",
            "PreventGradient", "CheckNumerics", "CheckNumericsV2", "EnsureShape", "Cast");
    private static final Set<String> SHAPE_ONLY = Set.of("Reshape", "Squeeze", "ExpandDims");
    private static final Set<String> ADDS = Set.of("BiasAdd", "BiasAddV1", "Add", "AddV2", "Sub");
    private static final Set<String> NON_LINEAR = Set.of("Relu", "Relu6", "Elu", "Selu", "LeakyRelu", "Tanh",
            "Sigmoid", "Softmax", "LogSoftmax", "Softplus", "Softsign", "Maximum", "Minimum", "Exp", "Square",
            "Erf", "Abs", "ClipByValue");

    private final Graph graph;
    private final Session session;
    private final LazyVariables lazy;
    private final Map<String, NodeDef> nodes = new HashMap<>();
    private final Set<String> inputDependent = new HashSet<>();
    private final String output;

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
        this.graph = graph;
        this.session = session;
        this.lazy = lazy;
        this.output = normalize(output);
        Map<String, List<String>> consumers = new HashMap<>();
        Deque<String> todo = new ArrayDeque<>();
        for (NodeDef n : graphDef.getNodeList()) {
            nodes.put(n.getName(), n);
            for (String in : n.getInputList()) {
                InputRef r = InputRef.graphForm(in);
                if (!r.control()) {
                    consumers.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(n.getName());
                }
            }
            if (n.getOp().equals("Placeholder")) {
                todo.push(n.getName());
            }
        }
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (inputDependent.add(name)) {
                consumers.getOrDefault(name, List.of()).forEach(todo::push);
            }
        }
    }

    /**
     * @return the first op that draws random numbers among those the output is computed from, if any: data
     *     augmentation left active in the served graph (Keras 3's {@code model.export} of a model holding
     *     {@code RandomFlip}, {@code RandomRotation}..., which it traces as a call without {@code training=False})
     */
    Optional<NodeDef> randomOpBehindOutput() {
        Deque<String> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        todo.push(InputRef.graphForm(output).name());
        while (!todo.isEmpty()) {
            String name = todo.pop();
            NodeDef n = nodes.get(name);
            if (n == null || !seen.add(name)) {
                continue;
            }
            if (isRandom(n.getOp())) {
                return Optional.of(n);
            }
            for (String in : n.getInputList()) {
                InputRef r = InputRef.graphForm(in);
                if (!r.control()) {
                    todo.push(r.name());
                }
            }
        }
        return Optional.empty();
    }

    /** @return whether an op draws random numbers (stateless ones too: with a frozen seed they draw the same ones) */
    private static boolean isRandom(String op) {
        return op.contains("Random") || op.startsWith("Rng") || op.contains("TruncatedNormal")
                || op.contains("Multinomial") || op.contains("Shuffle");
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
        long classes = lastDim(logits);
        if (classes <= 0) {
            throw new NotCamReadyException("cannot tell the number of classes: logits tensor '" + logits
                    + "' has shape " + shapeString(logits) + "; give a logits tensor with a known last dimension");
        }
        List<String> walked = new ArrayList<>();
        if (activation != ClassifierActivation.NONE && logitsOverride == null) {
            walked.add(describe(last));
        }
        List<Candidate> candidates;
        Refusal refusal = null;
        try {
            candidates = walkHead(logits, (int) classes, walked);
        } catch (Refusal r) {
            candidates = List.of();
            refusal = r;
        } catch (IllegalStateException | org.tensorflow.exceptions.TensorFlowException e) {
            candidates = List.of();
            refusal = new Refusal("reading the classifier's weights failed: " + e.getMessage());
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
            chosen = forOverride(features, candidates, (int) classes, refusal, walked);
        }
        long channels = lastDim(features);
        if (channels > 0 && channels != chosen.kernel().length) {
            throw new NotCamReadyException("features tensor '" + features + "' has " + channels
                    + " channels but the classifier found takes " + chosen.kernel().length);
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
                long[] s = shape(t);
                if (s == null || s.length != 4 || opOf(t).equals("Placeholder")) {
                    continue;
                }
                String unusable = notAFeatureMap(t, s);
                if (unusable != null) {
                    skipped.add(describe(producer(t)) + " (" + unusable + ")");
                    continue;
                }
                return new CamHead(t, logits, probabilities, activation, null, null,
                        "Grad-CAM at the last feature map on the way to the output, " + describe(producer(t))
                                + " (the model is not CAM-ready)");
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
            int axis = channelAxis(t, 0);
            if (axis != 3) {
                return "channels first: its channels lie on axis " + axis + " (a Transpose or an NCHW op on the way)";
            }
        } catch (IllegalStateException | org.tensorflow.exceptions.TensorFlowException e) {
            return "a Transpose whose order cannot be read";
        }
        return null;
    }

    /** Ops whose output keeps its first input's layout (element-wise on one or more same-shaped tensors). */
    private static final Set<String> LAYOUT_KEEPING = union(PASS_THROUGH, NON_LINEAR, ADDS,
            Set.of("Mul", "RealDiv", "Neg", "Sqrt", "Rsqrt", "Log", "Swish"));

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new HashSet<>();
        for (Set<String> s : sets) {
            all.addAll(s);
        }
        return Set.copyOf(all);
    }

    /**
     * Where a rank-4 tensor's channels lie, followed back through the graph: an op with an NC* {@code data_format}
     * puts them on axis 1, a Transpose moves them where its order says (so NCHW's way back, [0, 2, 3, 1], puts them last
     * again), element-wise ops keep their input's layout; anything else (a convolution in NHWC, the input) has them
     * last. Looking at the tensor's own op only missed a ReLU after an NCHW transpose and took the transpose back for
     * one to channels first.
     *
     * @return the axis, 0..3 (3: channels last)
     */
    private int channelAxis(String t, int depth) {
        if (depth > 64) {
            return 3;
        }
        NodeDef n = producer(t);
        AttrValue format = n.getAttrMap().get("data_format");
        if (format != null) {
            return format.getS().toStringUtf8().startsWith("NC") ? 1 : 3;
        }
        if (n.getOp().equals("Transpose") && isConstant(dataInput(n, 1))) {
            double[] perm = floats(dataInput(n, 1));
            int in = channelAxis(dataInput(n, 0), depth + 1);
            for (int j = 0; j < perm.length; j++) {
                if ((int) perm[j] == in) {
                    return j;
                }
            }
            return 3;
        }
        long dataInputs = n.getInputList().stream().filter(i -> !i.startsWith("^")).count();
        if (LAYOUT_KEEPING.contains(n.getOp()) && dataInputs > 0) {
            long[] in = shape(dataInput(n, 0));
            // A broadcast scalar or per-channel vector as the first input carries no layout: the other one does.
            boolean firstIsFull = in != null && in.length == 4;
            return channelAxis(dataInput(n, firstIsFull || dataInputs < 2 ? 0 : 1), depth + 1);
        }
        return 3;
    }

    private Candidate forOverride(String features, List<Candidate> candidates, int classes, Refusal refusal,
            List<String> walked) throws NotCamReadyException {
        for (Candidate c : candidates) {
            if (c.features().equals(features)) {
                return c;
            }
        }
        long channels = lastDim(features);
        for (Candidate c : candidates) {
            if (channels == c.kernel().length) {
                return new Candidate(features, c.kernel(), c.bias(), "features given by name ('" + features
                        + "'), kernel and bias from the classifier found: " + c.how()
                        + " The map is exact only if that tensor is what the pooling reduces.");
            }
        }
        if (!candidates.isEmpty()) {
            Candidate c = candidates.get(0);
            throw new NotCamReadyException("features tensor '" + features + "' has " + channels
                    + " channels, but the classifier found (" + c.how() + ") takes " + c.kernel().length);
        }
        if (channels == classes) {
            return new Candidate(features, identity(classes), new double[classes], "features given by name ('"
                    + features + "') with one channel per class: each channel is its class map (identity kernel).");
        }
        throw notReady(refusal.getMessage() + "; the features tensor given by name ('" + features + "') has "
                + channels + " channels, not one per class (" + classes + "), so no kernel can be derived", walked);
    }

    /** Walks back from the logits to the global average pooling, folding the linear head. */
    private List<Candidate> walkHead(String logits, int classes, List<String> walked) throws Refusal {
        LinearHead head = new LinearHead(classes);
        int dense = 0;
        String denseName = null;
        String t = logits;
        while (true) {
            NodeDef n = producer(t);
            walked.add(describe(n));
            String op = n.getOp();
            if (PASS_THROUGH.contains(op) || op.equals("IdentityN")) {
                t = op.equals("IdentityN") ? dataInput(n, InputRef.graphForm(t).index()) : dataInput(n, 0);
            } else if (ADDS.contains(op)) {
                t = foldAdd(n, head);
            } else if (op.equals("Mul") || op.equals("RealDiv")) {
                t = foldScale(n, head);
            } else if (op.equals("MatMul")) {
                foldMatMul(n, head);
                dense++;
                denseName = n.getName();
                t = dataInput(n, 0);
            } else if (op.equals("Conv2D") && isPointwiseOnOneCell(n)) {
                // A 1x1 convolution of a 1x1 map (the pooling kept 4-D) is a Dense layer: keras.applications'
                // MobileNet ends in GlobalAveragePooling2D(keepdims=True), Dropout, Conv2D(classes, 1), Reshape.
                foldPointwise(n, head);
                dense++;
                denseName = n.getName();
                t = dataInput(n, 0);
            } else if (SHAPE_ONLY.contains(op)) {
                String in = dataInput(n, 0);
                long[] s = shape(in);
                boolean keptDims = s != null && s.length == 4 && s[1] == 1 && s[2] == 1;
                if (s == null || !(s.length == 2 || keptDims)) {
                    throw new Refusal(s != null && s.length == 4
                            ? "the classifier reads a Flatten (" + op + " '" + shortName(n.getName()) + "' of "
                                    + shapeString(in) + " to " + shapeString(t) + "), which keeps where things are"
                                    + " in the weights instead of averaging them away"
                            : op + " '" + shortName(n.getName()) + "' of " + shapeString(in) + " to "
                                    + shapeString(t) + " in the classifier");
                }
                t = in;
            } else if (op.equals("Mean")) {
                String in = dataInput(n, 0);
                if (!isGlobalSpatial(n)) {
                    throw new Refusal("Mean '" + shortName(n.getName()) + "' over axes "
                            + Arrays.toString(axes(n)) + " of " + shapeString(in)
                            + " is not a global average pooling over height and width (axes [1, 2] of NHWC)");
                }
                return pooled(in, head, dense, denseName, n);
            } else if (op.equals("AvgPool") && isFullWindow(n)) {
                // A 'valid' average pooling whose window is the whole map (AveragePooling2D(pool_size=h, w), then a
                // Flatten) is a global average pooling with its spatial dims kept.
                return pooled(dataInput(n, 0), head, dense, denseName, n);
            } else if (op.equals("Max") && isGlobalSpatial(n)) {
                throw new Refusal("the pooling is a global MAX pooling ('" + shortName(n.getName())
                        + "'); CAM needs a global average pooling");
            } else if (NON_LINEAR.contains(op)) {
                throw new Refusal(dense > 0
                        ? "a non-linearity (" + op + " '" + shortName(n.getName()) + "') stands between the Dense"
                                + " layer '" + shortName(denseName) + "' and what it reads, so the class scores are not"
                                + " linear in the pooled features (more than one Dense with a non-linearity between)"
                        : "a non-linearity (" + op + " '" + shortName(n.getName()) + "') stands between the pooling"
                                + " and the logits");
            } else {
                throw new Refusal("op " + op + " ('" + shortName(n.getName()) + "') stands in the classifier"
                        + " where a Dense layer or a global average pooling was expected");
            }
        }
    }

    private List<Candidate> pooled(String map, LinearHead head, int dense, String denseName, NodeDef mean) {
        String meanName = shortName(mean.getName());
        if (dense > 0) {
            return List.of(new Candidate(map, head.kernel(), head.bias, "(a) global average pooling '" + meanName
                    + "' then Dense '" + shortName(denseName) + "'" + (dense > 1 ? " (" + dense
                    + " Dense layers with no non-linearity between, folded into one)" : "")
                    + ": features are the tensor the pooling reduces."));
        }
        Candidate pooledMap = new Candidate(map, head.kernel(), head.bias, "(c) global average pooling '"
                + meanName + "' straight into the output: the pooled tensor has one channel per class and is the"
                + " class map.");
        // (b) a 1x1 convolution head: BiasAdd/Add(Conv2D(x, k[1,1,K,C]), b) before the pooling.
        String t = through(map);
        NodeDef n = producer(t);
        double[] convBias = null;
        if (ADDS.contains(n.getOp()) && !n.getOp().equals("Sub") && isConstant(dataInput(n, 1))) {
            convBias = floats(dataInput(n, 1));
            t = through(dataInput(n, 0));
            n = producer(t);
        }
        if (!n.getOp().equals("Conv2D") || !isConstant(dataInput(n, 1))) {
            return List.of(pooledMap);
        }
        long[] ks = shape(dataInput(n, 1));
        List<Long> strides = n.getAttrMap().containsKey("strides")
                ? n.getAttrMap().get("strides").getList().getIList() : List.of(1L, 1L, 1L, 1L);
        AttrValue format = n.getAttrMap().get("data_format");
        boolean nhwc = format == null || format.getS().toStringUtf8().equals("NHWC");
        if (ks == null || ks.length != 4 || ks[0] != 1 || ks[1] != 1 || !nhwc
                || strides.stream().anyMatch(s -> s != 1) || ks[3] != head.width()
                || (convBias != null && convBias.length != 1 && convBias.length != ks[3])) {
            return List.of(pooledMap);
        }
        double[] k = floats(dataInput(n, 1));
        int in = (int) ks[2];
        int out = (int) ks[3];
        double[][] w = new double[in][out];
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < out; j++) {
                w[i][j] = k[i * out + j];
            }
        }
        LinearHead folded = head.copy();
        if (convBias != null) {
            folded.add(convBias, 1);
        }
        folded.matmul(w);
        Candidate conv = new Candidate(dataInput(n, 0), folded.kernel(), folded.bias, "(b) 1x1 convolution head '"
                + shortName(n.getName()) + "' (" + in + " -> " + out + " channels) then global average pooling '"
                + meanName + "': features are the convolution's input, the kernel its weights as [" + in + ", " + out
                + "]; the same as pooling followed by a Dense layer with that kernel.");
        return List.of(conv, pooledMap);
    }

    // -------------------------------------------------------------------------------------------------- folding

    private String foldAdd(NodeDef n, LinearHead head) throws Refusal {
        String x = dataInput(n, 0);
        String y = dataInput(n, 1);
        boolean sub = n.getOp().equals("Sub");
        if (isConstant(y)) {
            head.add(vector(y, head, n), sub ? -1 : 1);
            return x;
        }
        if (isConstant(x) && !n.getOp().startsWith("BiasAdd")) {
            double[] v = vector(x, head, n);
            head.add(v, 1);
            if (sub) {
                head.negate();
            }
            return y;
        }
        Optional<NodeDef> statistic = channelStatistic(n);
        if (statistic.isPresent()) {
            throw normalisation(n, statistic.get());
        }
        throw new Refusal(n.getOp() + " '" + shortName(n.getName()) + "' adds two computed tensors (a residual"
                + " connection?) between the pooling and the logits");
    }

    private String foldScale(NodeDef n, LinearHead head) throws Refusal {
        String x = dataInput(n, 0);
        String y = dataInput(n, 1);
        boolean div = n.getOp().equals("RealDiv");
        if (isConstant(y)) {
            double[] v = vector(y, head, n);
            if (div) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = 1 / v[i];
                }
            }
            head.scale(v);
            return x;
        }
        if (!div && isConstant(x)) {
            head.scale(vector(x, head, n));
            return y;
        }
        Optional<NodeDef> statistic = channelStatistic(n);
        if (statistic.isPresent()) {
            throw normalisation(n, statistic.get());
        }
        throw new Refusal(n.getOp() + " '" + shortName(n.getName()) + "' " + (div ? "divides" : "multiplies")
                + " two computed tensors (a gate, or an activation such as swish or hard-swish, x · f(x)) between"
                + " the pooling and the logits, so the class scores are not linear in the pooled features");
    }

    private static Refusal normalisation(NodeDef n, NodeDef statistic) {
        return new Refusal(n.getOp() + " '" + shortName(n.getName()) + "' belongs to a normalisation of each picture's"
                + " pooled features by their own statistics (" + statistic.getOp() + " '"
                + shortName(statistic.getName()) + "' averages their channels, as a LayerNormalization does), so the"
                + " class scores are not linear in the pooled features");
    }

    /**
     * A per-picture statistic of the pooled features among the ops {@code n} is computed from, back to the pooling: a
     * {@code Mean} over the channel axis of a [N, K] tensor (or of a [N, 1, 1, K] one), as a LayerNormalization's
     * moments are. Looks at no more than 200 ops and never past a global average pooling.
     */
    private Optional<NodeDef> channelStatistic(NodeDef n) {
        Deque<NodeDef> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        todo.push(n);
        while (!todo.isEmpty() && seen.size() < 200) {
            NodeDef m = todo.pop();
            if (!seen.add(m.getName())) {
                continue;
            }
            if (m.getOp().equals("Mean")) {
                if (isGlobalSpatial(m)) {
                    continue;
                }
                long[] s = shape(dataInput(m, 0));
                if (s != null && (s.length == 2 || (s.length == 4 && s[1] == 1 && s[2] == 1))
                        && isConstant(dataInput(m, 1))) {
                    Set<Long> axes = new HashSet<>();
                    for (long a : axes(m)) {
                        axes.add(a < 0 ? a + s.length : a);
                    }
                    if (axes.equals(Set.of((long) s.length - 1))) {
                        return Optional.of(m);
                    }
                }
            }
            for (String in : m.getInputList()) {
                InputRef r = InputRef.graphForm(in);
                if (!r.control() && inputDependent.contains(r.name()) && nodes.containsKey(r.name())) {
                    todo.push(nodes.get(r.name()));
                }
            }
        }
        return Optional.empty();
    }

    private void foldMatMul(NodeDef n, LinearHead head) throws Refusal {
        String w = dataInput(n, 1);
        if (!isConstant(w) || attrBool(n, "transpose_a")) {
            throw new Refusal("MatMul '" + shortName(n.getName()) + "' is not x · constant kernel");
        }
        long[] s = shape(w);
        double[] v = floats(w);
        boolean tb = attrBool(n, "transpose_b");
        if (s == null || s.length != 2) {
            throw new Refusal("MatMul '" + shortName(n.getName()) + "' has a kernel of shape " + shapeString(w));
        }
        int rows = (int) (tb ? s[1] : s[0]);
        int cols = (int) (tb ? s[0] : s[1]);
        if (cols != head.width()) {
            throw new Refusal("MatMul '" + shortName(n.getName()) + "' gives " + cols + " values where "
                    + head.width() + " were expected");
        }
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = tb ? v[j * rows + i] : v[i * cols + j];
            }
        }
        head.matmul(m);
    }

    /**
     * @return whether a {@code Conv2D} is a Dense layer in disguise: an NHWC convolution of a statically 1x1 map by a
     *     constant 1x1 kernel, stride 1 (either padding gives the same one cell)
     */
    private boolean isPointwiseOnOneCell(NodeDef n) {
        long[] in = shape(dataInput(n, 0));
        long[] k = shape(dataInput(n, 1));
        AttrValue format = n.getAttrMap().get("data_format");
        AttrValue strides = n.getAttrMap().get("strides");
        return in != null && in.length == 4 && in[1] == 1 && in[2] == 1 && k != null && k.length == 4 && k[0] == 1
                && k[1] == 1 && isConstant(dataInput(n, 1))
                && (format == null || format.getS().toStringUtf8().equals("NHWC"))
                && (strides == null || strides.getList().getIList().stream().allMatch(v -> v == 1));
    }

    /** Folds a 1x1 convolution of a 1x1 map ({@link #isPointwiseOnOneCell}) as the Dense layer it is. */
    private void foldPointwise(NodeDef n, LinearHead head) throws Refusal {
        String w = dataInput(n, 1);
        long[] s = shape(w);
        int rows = (int) s[2];
        int cols = (int) s[3];
        if (cols != head.width()) {
            throw new Refusal("Conv2D '" + shortName(n.getName()) + "' gives " + cols + " values where "
                    + head.width() + " were expected");
        }
        double[] v = floats(w);
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = v[i * cols + j];
            }
        }
        head.matmul(m);
    }

    private double[] vector(String t, LinearHead head, NodeDef n) throws Refusal {
        double[] v = floats(t);
        if (v.length != 1 && v.length != head.width()) {
            throw new Refusal(n.getOp() + " '" + shortName(n.getName()) + "' applies a constant of shape "
                    + shapeString(t) + " where a scalar or one value per channel (" + head.width() + ") was expected");
        }
        return v;
    }

    /**
     * Ops that move or resample pixels without changing their range: a Keras {@code Resizing} ({@code ResizeBilinear}
     * ...) or {@code CenterCrop} ({@code StridedSlice}) before the {@code Rescaling} leaves the pixels 0..255 that the
     * rescaling then takes. Skipped when looking for the input's rescaling: it was not found behind them, and such a
     * model was fed pixels scaled to 0..1 and read 0 of 8 pictures as Keras did.
     * The channels reordered (RGB to BGR, as keras.applications' 'caffe' preprocess_input does: three
     * {@code StridedSlice}s {@code Pack}ed again, or a {@code ReverseV2}) move pixels too.
     */
    private static final Set<String> GEOMETRIC = Set.of("ResizeBilinear", "ResizeNearestNeighbor", "ResizeBicubic",
            "ResizeArea", "ScaleAndTranslate", "StridedSlice", "Slice", "Pad", "PadV2", "MirrorPad", "Reshape",
            "Squeeze", "ExpandDims", "Transpose", "Pack", "ReverseV2");

    /** @return the index in {@code chain} (the spine) of the first op after the input that computes with pixel values */
    private int firstArithmetic(List<String> chain) {
        int i = 1;
        while (i < chain.size() && (PASS_THROUGH.contains(opOf(chain.get(i))) || GEOMETRIC.contains(opOf(chain.get(i))))) {
            i++;
        }
        return i;
    }

    /**
     * @return the rescaling the graph applies to its input first, if it starts with a multiplication (or division) by
     *     a scalar constant, perhaps followed by the addition (or subtraction) of one: a Keras {@code Rescaling} layer
     */
    Optional<InputRescaling> inputRescaling() {
        List<String> chain = spine();
        int i = firstArithmetic(chain);
        if (i >= chain.size()) {
            return Optional.empty();
        }
        NodeDef multiply = producer(chain.get(i));
        boolean divide = multiply.getOp().equals("RealDiv");
        if (!divide && !multiply.getOp().equals("Mul")) {
            return Optional.empty();
        }
        Optional<Double> factor = scalarOperand(multiply, !divide);
        if (factor.isEmpty() || factor.get() == 0) {
            return Optional.empty();
        }
        double scale = divide ? 1 / factor.get() : factor.get();
        double offset = 0;
        if (i + 1 < chain.size()) {
            NodeDef add = producer(chain.get(i + 1));
            if (ADDS.contains(add.getOp()) && !add.getOp().startsWith("BiasAdd")) {
                Optional<Double> term = scalarOperand(add, add.getOp().startsWith("Add"));
                if (term.isPresent()) {
                    offset = add.getOp().equals("Sub") ? -term.get() : term.get();
                }
            }
        }
        return Optional.of(new InputRescaling(scale, offset, multiply.getName()));
    }

    /**
     * @return the standardisation the graph applies to its input first, if it starts with the subtraction of a constant
     *     (a scalar or one value per channel; or its addition, negated: a {@code BiasAdd}), perhaps followed by a
     *     division by one (or a multiplication by its reciprocal): a Keras {@code Normalization} layer, or
     *     keras.applications' 'caffe' preprocess_input (ImageNet's mean of raw pixels subtracted, no division; the
     *     deviation is then 1)
     */
    Optional<InputStandardisation> inputStandardisation() {
        List<String> chain = spine();
        int i = firstArithmetic(chain);
        if (i >= chain.size()) {
            return Optional.empty();
        }
        NodeDef shift = producer(chain.get(i));
        Optional<double[]> mean;
        if (shift.getOp().equals("Sub")) {
            mean = constantOperand(shift, false);
        } else if (ADDS.contains(shift.getOp())) {
            mean = constantOperand(shift, !shift.getOp().startsWith("BiasAdd")).map(v -> {
                double[] negated = new double[v.length];
                for (int c = 0; c < v.length; c++) {
                    negated[c] = -v[c];
                }
                return negated;
            });
        } else {
            return Optional.empty();
        }
        if (mean.isEmpty()) {
            return Optional.empty();
        }
        double[] std = {1};
        if (i + 1 < chain.size()) {
            NodeDef divide = producer(chain.get(i + 1));
            boolean div = divide.getOp().equals("RealDiv");
            Optional<double[]> scale = div || divide.getOp().equals("Mul") ? constantOperand(divide, !div)
                    : Optional.empty();
            if (scale.isPresent()) {
                std = scale.get().clone();
                if (!div) {
                    for (int c = 0; c < std.length; c++) {
                        std[c] = 1 / std[c];
                    }
                }
            }
        }
        return Optional.of(new InputStandardisation(mean.get(), std, shift.getName()));
    }

    /**
     * @param n a binary op
     * @param eitherSide whether the constant may be the first operand (for commutative ops)
     * @return its constant operand's finite values, if it has a constant operand
     */
    private Optional<double[]> constantOperand(NodeDef n, boolean eitherSide) {
        String y = dataInput(n, 1);
        String x = dataInput(n, 0);
        String constant = isConstant(y) ? y : eitherSide && isConstant(x) ? x : null;
        if (constant == null) {
            return Optional.empty();
        }
        try {
            double[] v = floats(constant);
            return v.length > 0 && Arrays.stream(v).allMatch(Double::isFinite) ? Optional.of(v) : Optional.empty();
        } catch (IllegalStateException | org.tensorflow.exceptions.TensorFlowException e) {
            return Optional.empty();
        }
    }

    /**
     * @param n a binary op
     * @param eitherSide whether the constant may be the first operand (for commutative ops)
     * @return its constant scalar operand (the second, or with {@code eitherSide} the first), if it has one
     */
    private Optional<Double> scalarOperand(NodeDef n, boolean eitherSide) {
        return constantOperand(n, eitherSide).filter(v -> v.length == 1).map(v -> v[0]);
    }

    // --------------------------------------------------------------------------------------------- graph helpers

    /** @return the layer chain from the input to the output: at each step the first input that depends on the input */
    List<String> spine() {
        List<String> chain = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String t = output;
        while (t != null && seen.add(t)) {
            NodeDef n = producer(t);
            chain.add(0, t);
            String next = null;
            for (String in : n.getInputList()) {
                InputRef r = InputRef.graphForm(in);
                if (!r.control() && inputDependent.contains(r.name())) {
                    next = normalize(in);
                    break;
                }
            }
            t = next;
        }
        return chain;
    }

    /** @return the op type of the node producing {@code tensor} */
    String opOf(String tensor) {
        return producer(tensor).getOp();
    }

    /** @return a tensor's static shape as text, e.g. {@code [-1, 28, 28, 1]}, or {@code <unknown>} */
    String shapeString(String tensor) {
        long[] s = shape(tensor);
        return s == null ? "<unknown>" : Arrays.toString(s);
    }

    /** @return the static shape, -1 where unknown, or {@code null} when even the rank is unknown */
    long[] shape(String tensor) {
        InputRef r = InputRef.graphForm(tensor);
        GraphOperation op = graph.operation(r.name());
        if (op == null || r.index() >= op.numOutputs()) {
            return null;
        }
        org.tensorflow.ndarray.Shape s = op.output(r.index()).shape();
        return s.isUnknown() ? null : s.asArray();
    }

    private long lastDim(String tensor) {
        long[] s = shape(tensor);
        return s == null || s.length == 0 ? -1 : s[s.length - 1];
    }

    private String checkTensor(String name, String what, int rank) throws NotCamReadyException {
        String t = resolve(name, what);
        InputRef r = InputRef.graphForm(t);
        GraphOperation op = graph.operation(r.name());
        if (op == null || r.index() >= op.numOutputs()) {
            throw new NotCamReadyException("the " + what + " tensor '" + name + "' is not in the inlined graph"
                    + " (see the names the inspection lists)");
        }
        long[] s = shape(t);
        if (s != null && s.length != rank) {
            throw new NotCamReadyException("the " + what + " tensor '" + name + "' has shape " + Arrays.toString(s)
                    + "; a " + what + " tensor has rank " + rank);
        }
        if (isConstant(t)) {
            // A constant of the right rank (a convolution's kernel) would give the same map for every image.
            throw new NotCamReadyException("the " + what + " tensor '" + name + "' does not depend on the input ("
                    + op.type() + " " + Arrays.toString(s) + "); name a layer the images flow through");
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
        if (nodes.containsKey(r.name())) {
            return t;
        }
        List<String> matches = nodes.keySet().stream().filter(n -> n.endsWith("/" + r.name())).sorted().toList();
        if (matches.size() > 1) {
            throw new NotCamReadyException("the " + what + " tensor '" + name + "' names " + matches.size()
                    + " nodes of the inlined graph (" + String.join(", ", matches.subList(0, Math.min(3, matches.size())))
                    + (matches.size() > 3 ? ", ..." : "") + "); give more of the name");
        }
        return matches.isEmpty() ? t : matches.get(0) + ":" + r.index();
    }

    private String through(String t) {
        NodeDef n = producer(t);
        while (PASS_THROUGH.contains(n.getOp())) {
            t = dataInput(n, 0);
            n = producer(t);
        }
        return t;
    }

    private NodeDef producer(String tensor) {
        NodeDef n = nodes.get(InputRef.graphForm(tensor).name());
        if (n == null) {
            throw new IllegalStateException("tensor '" + tensor + "' has no producer in the inlined graph");
        }
        return n;
    }

    private static String dataInput(NodeDef n, int i) {
        int k = 0;
        for (String in : n.getInputList()) {
            if (!in.startsWith("^") && k++ == i) {
                return normalize(in);
            }
        }
        throw new IllegalStateException("node '" + n.getName() + "' (" + n.getOp() + ") has no input " + i);
    }

    private static String normalize(String tensor) {
        InputRef r = InputRef.graphForm(tensor);
        return r.name() + ":" + r.index();
    }

    private boolean isConstant(String tensor) {
        return !inputDependent.contains(InputRef.graphForm(tensor).name());
    }

    private boolean isGlobalSpatial(NodeDef reduce) {
        long[] s = shape(dataInput(reduce, 0));
        if (s == null || s.length != 4 || !isConstant(dataInput(reduce, 1))) {
            return false;
        }
        Set<Long> axes = new HashSet<>();
        for (long a : axes(reduce)) {
            axes.add(a < 0 ? a + 4 : a);
        }
        return axes.equals(Set.of(1L, 2L));
    }

    /** @return whether an {@code AvgPool} averages its NHWC input's whole, statically known, h x w grid in one window */
    private boolean isFullWindow(NodeDef pool) {
        long[] s = shape(dataInput(pool, 0));
        AttrValue format = pool.getAttrMap().get("data_format");
        AttrValue padding = pool.getAttrMap().get("padding");
        AttrValue ksize = pool.getAttrMap().get("ksize");
        if (s == null || s.length != 4 || s[1] <= 0 || s[2] <= 0 || ksize == null
                || (format != null && !format.getS().toStringUtf8().equals("NHWC"))
                || padding == null || !padding.getS().toStringUtf8().equals("VALID")) {
            return false;
        }
        return ksize.getList().getIList().equals(List.of(1L, s[1], s[2], 1L));
    }

    private long[] axes(NodeDef reduce) {
        double[] v = floats(dataInput(reduce, 1));
        return Arrays.stream(v).mapToLong(d -> (long) d).toArray();
    }

    /** Evaluates a constant (input-independent) tensor. */
    private double[] floats(String tensor) {
        String t = tensor;
        NodeDef n = producer(t);
        while (n.getOp().equals("Cast") || n.getOp().equals("Identity")) {
            t = dataInput(n, 0);
            n = producer(t);
        }
        if (lazy != null && lazy.deferred().contains(InputRef.graphForm(t).name())) {
            // A deferred variable itself (a Dense kernel): TensorFlow refuses to fetch what it is fed.
            return doubles(lazy.value(InputRef.graphForm(t).name()), tensor);
        }
        Session.Runner runner = session.runner();
        if (lazy != null) {
            // The constants of deferred variables hold no values: run unfed, they would read as zeros.
            lazy.feed(runner, deferredBehind(t));
        }
        try (Result r = runner.fetch(t).run()) {
            return doubles(r.get(0), tensor);
        }
    }

    /** @return a constant's values as doubles; {@code tensor} names it in the message for another type */
    private static double[] doubles(Tensor v, String tensor) {
        int size = (int) v.shape().size();
        double[] out = new double[size];
        DataType type = v.dataType();
        var data = v.asRawTensor().data();
        switch (type) {
            case DT_FLOAT -> {
                float[] f = new float[size];
                data.asFloats().read(f);
                for (int i = 0; i < size; i++) {
                    out[i] = f[i];
                }
            }
            case DT_DOUBLE -> data.asDoubles().read(out);
            case DT_INT32 -> {
                int[] f = new int[size];
                data.asInts().read(f);
                for (int i = 0; i < size; i++) {
                    out[i] = f[i];
                }
            }
            case DT_INT64 -> {
                long[] f = new long[size];
                data.asLongs().read(f);
                for (int i = 0; i < size; i++) {
                    out[i] = f[i];
                }
            }
            default -> throw new IllegalStateException("constant '" + tensor + "' is " + type
                    + "; cam4j reads float32, float64 and integer weights");
        }
        return out;
    }

    /** @return the deferred variables' constants among the ops {@code tensor} is computed from */
    private List<String> deferredBehind(String tensor) {
        Set<String> deferred = lazy.deferred();
        List<String> found = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        todo.push(InputRef.graphForm(tensor).name());
        while (!todo.isEmpty()) {
            String name = todo.pop();
            NodeDef n = nodes.get(name);
            if (n == null || !seen.add(name)) {
                continue;
            }
            if (deferred.contains(name)) {
                found.add(name);
            }
            n.getInputList().forEach(in -> todo.push(InputRef.graphForm(in).name()));
        }
        return found;
    }

    private static boolean attrBool(NodeDef n, String name) {
        AttrValue v = n.getAttrMap().get(name);
        return v != null && v.getB();
    }

    private String describe(NodeDef n) {
        String t = n.getName() + ":0";
        return n.getOp() + " '" + shortName(n.getName()) + "' " + shapeString(t);
    }

    /** @return the last two segments of a node name, e.g. {@code dense_1/BiasAdd}: the Keras layer and its op */
    static String shortName(String name) {
        String[] parts = name.split("/");
        return parts.length <= 2 ? name : parts[parts.length - 2] + "/" + parts[parts.length - 1];
    }

    private NotCamReadyException notReady(String reason, List<String> walked) {
        boolean gap = false;
        String flatten = null;
        for (String t : spine()) {
            NodeDef n = producer(t);
            if (n.getOp().equals("Mean") && isGlobalSpatial(n)) {
                gap = true;
            }
            if (SHAPE_ONLY.contains(n.getOp())) {
                long[] in = shape(dataInput(n, 0));
                long[] out = shape(t);
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
