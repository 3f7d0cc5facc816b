package io.github.cam4j.savedmodel.keras;

import io.github.cam4j.savedmodel.ModelLoadException;
import io.github.cam4j.savedmodel.NotCamReadyException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

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
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ImportedModel(OpenedGraph opened, CamLocator.CamHead head, String description) {
        this.graph = opened.graph;
        this.session = opened.session;
        this.inputTensor = opened.input;
        this.inputShape = opened.inputShape;
        this.head = head;
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
        OpenedGraph opened = OpenedGraph.open(dir, options);
        try {
            opened.requireCamShapedSignature();
            CamLocator.CamHead head = prefix(dir, () -> opened.locator().locate(options.featuresOverride(),
                    options.logitsOverride()));
            return new ImportedModel(opened, head, opened.describe(head, null));
        } catch (ModelLoadException | RuntimeException e) {
            opened.close();
            throw e;
        }
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
        try (OpenedGraph opened = OpenedGraph.open(dir, options)) {
            try {
                opened.requireCamShapedSignature();
                CamLocator.CamHead head = opened.locator().locate(options.featuresOverride(),
                        options.logitsOverride());
                return opened.describe(head, null);
            } catch (NotCamReadyException e) {
                return opened.describe(null, e.getMessage());
            }
        }
    }

    private interface Locate {
        CamLocator.CamHead get() throws NotCamReadyException;
    }

    private static CamLocator.CamHead prefix(Path dir, Locate locate) throws NotCamReadyException {
        try {
            return locate.get();
        } catch (NotCamReadyException e) {
            throw new NotCamReadyException(dir + ": " + e.getMessage(), e);
        }
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

    /** @return the rank-4 [N, h, w, K] features tensor */
    public String featuresTensor() {
        return head.features();
    }

    /** @return the [N, classes] pre-activation tensor */
    public String logitsTensor() {
        return head.logits();
    }

    /** @return the [N, classes] output after the activation, or {@code null} when the model has none */
    public String probabilitiesTensor() {
        return head.probabilities();
    }

    /** @return the classifier activation found at the end of the model */
    public ClassifierActivation activation() {
        return head.activation();
    }

    /** @return a copy of the classifier kernel, [K][classes] */
    public float[][] kernel() {
        float[][] k = head.kernel();
        float[][] copy = new float[k.length][];
        for (int i = 0; i < k.length; i++) {
            copy[i] = k[i].clone();
        }
        return copy;
    }

    /** @return a copy of the classifier bias, [classes] */
    public float[] bias() {
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

    /** The steps shared by {@link #open} and {@link #inspect}: check, freeze, inline, import. */
    private static final class OpenedGraph implements AutoCloseable {
        final Path dir;
        final MetaGraphDef metaGraph;
        final String signatureKey;
        final SignatureDef signature;
        final FrozenGraphBuilder.FrozenGraph frozen;
        final Graph graph;
        final Session session;
        String input;
        long[] inputShape;
        String output;
        private CamLocator locator;

        private OpenedGraph(Path dir, MetaGraphDef metaGraph, String signatureKey,
                FrozenGraphBuilder.FrozenGraph frozen, Graph graph, Session session) throws ModelLoadException {
            this.dir = dir;
            this.metaGraph = metaGraph;
            this.signatureKey = signatureKey;
            this.signature = FrozenGraphBuilder.signature(metaGraph, signatureKey, dir);
            this.frozen = frozen;
            this.graph = graph;
            this.session = session;
        }

        static OpenedGraph open(Path dir, ImportOptions options) throws ModelLoadException {
            MetaGraphDef metaGraph = SavedModelProto.readServeMetaGraph(dir);
            if (!options.trust()) {
                OpAllowList.check(metaGraph, dir.resolve("saved_model.pb"));
            }
            String key = options.signatureKey();
            FrozenGraphBuilder.signature(metaGraph, key, dir);
            FrozenGraphBuilder.FrozenGraph frozen = FrozenGraphBuilder.build(dir, metaGraph, key);
            Graph graph = new Graph();
            try {
                graph.importGraphDef(frozen.graphDef());
                return new OpenedGraph(dir, metaGraph, key, frozen, graph, new Session(graph));
            } catch (IllegalArgumentException | org.tensorflow.exceptions.TensorFlowException e) {
                graph.close();
                throw new ModelLoadException(dir + ", signature '" + key + "': the inlined graph does not import: "
                        + e.getMessage(), e);
            }
        }

        /** One float32 rank-4 input and one output, or NotCamReady saying what there is. */
        void requireCamShapedSignature() throws NotCamReadyException {
            Map<String, TensorInfo> inputs = signature.getInputsMap();
            if (inputs.size() != 1) {
                throw new NotCamReadyException("signature '" + signatureKey + "' has " + inputs.size() + " inputs "
                        + inputs.keySet() + "; cam4j feeds one image tensor");
            }
            Map.Entry<String, TensorInfo> in = inputs.entrySet().iterator().next();
            long[] shape = dims(in.getValue());
            if (in.getValue().getDtype() != DataType.DT_FLOAT || (shape != null && shape.length != 4)) {
                throw new NotCamReadyException("signature '" + signatureKey + "' input '" + in.getKey() + "' is "
                        + type(in.getValue()) + "; cam4j feeds float32 images [N, H, W, C]");
            }
            Map<String, TensorInfo> outputs = signature.getOutputsMap();
            List<String> scores = new ArrayList<>();
            outputs.forEach((k, v) -> {
                long[] s = dims(v);
                if (v.getDtype() == DataType.DT_FLOAT && (s == null || s.length == 2)) {
                    scores.add(k);
                }
            });
            if (scores.size() != 1) {
                throw new NotCamReadyException("signature '" + signatureKey + "' has " + scores.size()
                        + " float [N, classes] outputs among " + outputs.keySet() + "; cam4j needs exactly one");
            }
            input = frozen.inputs().get(in.getKey());
            inputShape = shape != null ? shape : new long[] {-1, -1, -1, -1};
            output = frozen.outputs().get(scores.get(0));
        }

        CamLocator locator() {
            if (locator == null) {
                locator = new CamLocator(frozen.graphDef(), graph, session, output);
            }
            return locator;
        }

        /** @return a tensor's static shape in the imported graph as text */
        String locatorShape(String tensor) {
            InputRef r = InputRef.graphForm(tensor);
            org.tensorflow.GraphOperation op = graph.operation(r.name());
            if (op == null || r.index() >= op.numOutputs()) {
                return "<missing>";
            }
            org.tensorflow.ndarray.Shape s = op.output(r.index()).shape();
            return s.isUnknown() ? "<unknown>" : java.util.Arrays.toString(s.asArray());
        }

        String describe(CamLocator.CamHead head, String notReady) {
            return ModelDescription.of(this, head, notReady);
        }

        @Override
        public void close() {
            try {
                session.close();
            } finally {
                graph.close();
            }
        }
    }

    /** Writes {@link #description()} and {@link #inspect}. */
    private static final class ModelDescription {
        private ModelDescription() {}

        static String of(OpenedGraph o, CamLocator.CamHead head, String notReady) {
            StringBuilder b = new StringBuilder();
            b.append("SavedModel ").append(o.dir).append(" (written by TensorFlow ")
                    .append(o.metaGraph.getMetaInfoDef().getTensorflowVersion().isEmpty() ? "?"
                            : o.metaGraph.getMetaInfoDef().getTensorflowVersion())
                    .append(", tags ").append(o.metaGraph.getMetaInfoDef().getTagsList()).append(")\n");
            b.append("Signatures:\n");
            o.metaGraph.getSignatureDefMap().entrySet().stream()
                    .filter(e -> !e.getKey().equals(SavedModelProto.INIT_OP_SIGNATURE_KEY))
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(e -> b.append(e.getKey().equals(o.signatureKey) ? "  * " : "    ")
                            .append(e.getKey()).append(": ").append(tensors(e.getValue().getInputsMap()))
                            .append(" -> ").append(tensors(e.getValue().getOutputsMap())).append('\n'));
            long parameters = o.frozen.variables().values().stream()
                    .mapToLong(s -> java.util.Arrays.stream(s).reduce(1, (x, y) -> x * y)).sum();
            b.append("Imported '").append(o.signatureKey).append("' as a plain graph of ")
                    .append(o.frozen.graphDef().getNodeCount()).append(" nodes: ")
                    .append(o.frozen.inlinedFunctions().size()).append(" function(s) inlined ")
                    .append(o.frozen.inlinedFunctions()).append(", ").append(o.frozen.variables().size())
                    .append(" variable(s) frozen (").append(parameters).append(" values)\n");
            o.frozen.inputs().forEach((k, t) -> b.append("  input  ").append(k).append(" = ").append(t).append(' ')
                    .append(o.locatorShape(t)).append('\n'));
            o.frozen.outputs().forEach((k, t) -> b.append("  output ").append(k).append(" = ").append(t).append(' ')
                    .append(o.locatorShape(t)).append('\n'));
            if (o.output != null) {
                List<String> spine = o.locator().spine();
                String common = commonScope(spine);
                b.append("Layer chain from input to output").append(common.isEmpty() ? "" : " (node names under '"
                        + common + "')").append(":\n");
                for (String t : spine) {
                    String op = o.locator().opOf(t);
                    if (op.equals("Identity") || op.equals("NoOp")) {
                        continue;
                    }
                    String name = t.startsWith(common) ? t.substring(common.length()) : t;
                    b.append(String.format("  %-18s %-55s %s%n", op, name, o.locator().shapeString(t)));
                }
            }
            if (head != null) {
                b.append("CAM-ready: ").append(head.how()).append('\n');
                b.append("  features      ").append(head.features()).append(' ')
                        .append(o.locator().shapeString(head.features())).append('\n');
                b.append("  logits        ").append(head.logits()).append(' ')
                        .append(o.locator().shapeString(head.logits())).append('\n');
                b.append("  probabilities ").append(head.probabilities() == null ? "(none)" : head.probabilities())
                        .append(" (activation ").append(head.activation()).append(")\n");
                b.append("  kernel [").append(head.kernel().length).append(", ").append(head.bias().length)
                        .append("], bias [").append(head.bias().length).append("]: map_c = features . kernel[:, c],")
                        .append(" mean(map_c) + bias[c] = logit_c\n");
            } else {
                b.append("Not CAM-ready: ").append(notReady.replaceFirst("^not CAM-ready: ", ""))
                        .append('\n');
            }
            return b.toString();
        }

        private static String commonScope(List<String> tensors) {
            String common = null;
            for (String t : tensors) {
                String name = InputRef.graphForm(t).name();
                int slash = name.lastIndexOf('/');
                if (slash < 0) {
                    continue;
                }
                String scope = name.substring(0, slash + 1);
                if (common == null) {
                    common = scope;
                } else {
                    while (!scope.startsWith(common)) {
                        int cut = common.lastIndexOf('/', common.length() - 2);
                        common = cut < 0 ? "" : common.substring(0, cut + 1);
                    }
                }
            }
            return common == null ? "" : common;
        }

        private static String tensors(Map<String, TensorInfo> m) {
            List<String> parts = new ArrayList<>();
            m.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> parts.add(e.getKey() + " " + type(e.getValue())));
            return String.join(", ", parts);
        }
    }

    private static long[] dims(TensorInfo info) {
        TensorShapeProto s = info.getTensorShape();
        return s.getUnknownRank() ? null : s.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
    }

    private static String type(TensorInfo info) {
        long[] d = dims(info);
        String dtype = info.getDtype().name().replaceFirst("^DT_", "").toLowerCase(java.util.Locale.ROOT);
        return dtype + " " + (d == null ? "<unknown rank>" : java.util.Arrays.toString(d));
    }
}
