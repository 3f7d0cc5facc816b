package io.github.cam4j.savedmodel.keras;

import io.github.cam4j.savedmodel.DtypeNames;
import io.github.cam4j.savedmodel.LeakyReluRemapper;
import io.github.cam4j.savedmodel.ModelLoadException;
import io.github.cam4j.savedmodel.NotCamReadyException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The steps {@link ImportedModel#open} and {@link ImportedModel#inspect} share: read {@code saved_model.pb}, check it
 * against the {@link OpAllowList} (unless trusted), freeze and inline the signature ({@link FrozenGraphBuilder}) and
 * import the result into a new graph with its session, which this object owns until {@link ImportedModel} takes them.
 * For {@link ImportedModel#inspect} ({@link #openForInspection}) the float weights are frozen as their shape only and
 * read when asked ({@link LazyVariables}); this object then owns those too.
 */
final class OpenedGraph implements AutoCloseable {
    final Path dir;
    final MetaGraphDef metaGraph;
    final String signatureKey;
    final SignatureDef signature;
    final FrozenGraphBuilder.FrozenGraph frozen;
    final Graph graph;
    final Session session;
    /** The variables frozen as their shape only, read when asked ({@link #openForInspection}); else {@code null}. */
    final LazyVariables lazy;
    /** Set by {@link #requireCamShapedSignature()}: the image input, its shape, the class-score output. */
    String input;
    long[] inputShape;
    String output;
    private CamLocator locator;

    private OpenedGraph(Path dir, MetaGraphDef metaGraph, String signatureKey,
            FrozenGraphBuilder.FrozenGraph frozen, LazyVariables lazy, Graph graph, Session session)
            throws ModelLoadException {
        this.dir = dir;
        this.metaGraph = metaGraph;
        this.signatureKey = signatureKey;
        this.signature = FrozenGraphBuilder.signature(metaGraph, signatureKey, dir);
        this.frozen = frozen;
        this.lazy = lazy;
        this.graph = graph;
        this.session = session;
    }

    /** Reads, checks, freezes, inlines and imports; the caller closes the result. */
    static OpenedGraph open(Path dir, ImportOptions options) throws ModelLoadException {
        MetaGraphDef metaGraph = SavedModelProto.readServeMetaGraph(dir);
        if (!options.trust()) {
            OpAllowList.check(metaGraph, dir.resolve("saved_model.pb"));
        }
        return inlined(dir, metaGraph, options.signatureKey(), options.redraw());
    }

    /**
     * Freezes, inlines and imports one signature, its ops already checked (or trusted); the caller closes the result.
     *
     * @param redraw {@code null} for the trained weights, else which weights are re-drawn and with which seed
     */
    static OpenedGraph inlined(Path dir, MetaGraphDef metaGraph, String key, RedrawnWeights redraw)
            throws ModelLoadException {
        return inlined(dir, metaGraph, key, redraw, null);
    }

    /**
     * {@link #inlined(Path, MetaGraphDef, String, RedrawnWeights)}, running {@code alsoRead} on the model as loaded to
     * freeze its variables, before that bundle is closed (and before the frozen graph is imported, so that the two are
     * never held at once); {@code null} for nothing more.
     */
    static OpenedGraph inlined(Path dir, MetaGraphDef metaGraph, String key, RedrawnWeights redraw,
            InlinedSignature.WhileLoaded alsoRead) throws ModelLoadException {
        FrozenGraphBuilder.signature(metaGraph, key, dir);
        return imported(dir, metaGraph, key, FrozenGraphBuilder.build(dir, metaGraph, key, redraw, alsoRead), null);
    }

    /**
     * Like {@link #open}, for {@code cam4j inspect}, which never runs the whole model: the float variables are frozen as
     * constants of their shape only where {@link LazyVariables#plan} can read them one by one, and only the values the
     * report needs are read ({@link GraphView} feeds them); the caller closes the result.
     */
    static OpenedGraph openForInspection(Path dir, ImportOptions options) throws ModelLoadException {
        MetaGraphDef metaGraph = SavedModelProto.readServeMetaGraph(dir);
        if (!options.trust()) {
            OpAllowList.check(metaGraph, dir.resolve("saved_model.pb"));
        }
        String key = options.signatureKey();
        if (options.redraw() != null) {
            // Re-drawn weights are drawn in Java from the trained ones: all of them are read in any case.
            return inlined(dir, metaGraph, key, options.redraw());
        }
        FrozenGraphBuilder.signature(metaGraph, key, dir);
        FrozenGraphBuilder.Inspected inspected = FrozenGraphBuilder.buildForInspection(dir, metaGraph, key);
        return imported(dir, metaGraph, key, inspected.frozen(), inspected.lazy());
    }

    private static OpenedGraph imported(Path dir, MetaGraphDef metaGraph, String key,
            FrozenGraphBuilder.FrozenGraph frozen, LazyVariables lazy) throws ModelLoadException {
        Graph graph = new Graph();
        try {
            graph.importGraphDef(frozen.graphDef());
            return new OpenedGraph(dir, metaGraph, key, frozen, lazy, graph, new Session(graph, sessionConfig(frozen.graphDef())));
        } catch (IllegalArgumentException | org.tensorflow.exceptions.TensorFlowException e) {
            graph.close();
            if (lazy != null) {
                lazy.close();
            }
            throw new ModelLoadException(dir + ", signature '" + key + "': the inlined graph does not import: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The imported graph's session options: Grappler, TensorFlow's graph optimiser, rewrites the graph on the first run
     * of each set of fetches, and each of its passes copies the whole graph, frozen weights included. On
     * keras.applications' VGG16 (528 MB of weights) that first run took 27–37 s and 8.1 GB resident, 14 s of it in
     * the memory optimiser and 4 s in the layout optimiser, which changed nothing in the graph. Turned off here are the
     * passes that do not change what the graph computes on a CPU: the memory optimiser (swapping and recomputation,
     * for accelerators), the layout optimiser (NHWC to NCHW, for GPUs) and the TFG (MLIR) passes (attribute tidying, a
     * topological sort, shape inference). Constant folding, arithmetic simplification, the remapper's fused kernels
     * and the second round of passes stay: without constant folding VGG16's outputs changed in their last bits, with
     * one round ResNet50's. VGG16's and ResNet50's outputs are the same floats as under TensorFlow's defaults.
     * A graph with a {@code LeakyRelu} also has the remapper off ({@link #sessionConfig(GraphDef)}).
     */
    static final ConfigProto SESSION_CONFIG = sessionConfig(false);

    /**
     * {@link #SESSION_CONFIG}, with the remapper off too when the graph has a {@code LeakyRelu}
     * ({@link LeakyReluRemapper}): its gradient's {@code LeakyReluGrad} reads the {@code BiasAdd} the remapper's oneDNN
     * fusion deletes, and Grappler logged "remapper failed" at ERROR on every pixel-method run. On
     * mnist-conv-head-gap, the remapper off changed no output float of a batch of 256 and no time beyond the noise
     * (docs/known-limitations.md). ReLU6, whose gradient also reads its input, does not trip it (a Conv2D + BiasAdd +
     * Relu6 graph and its gradient run without the line), so only LeakyRelu turns it off.
     *
     * @param graph the imported graph
     * @return the session options for it
     */
    static ConfigProto sessionConfig(GraphDef graph) {
        return LeakyReluRemapper.breaksOn(graph) ? sessionConfig(true) : SESSION_CONFIG;
    }

    private static ConfigProto sessionConfig(boolean remapperOff) {
        ConfigProto.Builder config = ConfigProto.newBuilder();
        RewriterConfig.Builder rewrite = config.getGraphOptionsBuilder().getRewriteOptionsBuilder()
                .setMemoryOptimization(RewriterConfig.MemOptType.NO_MEM_OPT)
                .setLayoutOptimizer(RewriterConfig.Toggle.OFF)
                .setDisableTfgOptimizer(true);
        if (remapperOff) {
            rewrite.setRemapping(RewriterConfig.Toggle.OFF);
        }
        return config.build();
    }

    /**
     * Picture types other than float32 that export_cam.py's float32 signature feeds: Keras casts what a model is called
     * with to its input's dtype (Keras 3's Functional._convert_inputs_to_tensors, ops.convert_to_tensor: tf.cast), an
     * 8-bit input (Input(dtype="uint8") before a Rescaling) and a float64 or float16 one alike.
     */
    private static final java.util.Set<DataType> PICTURE_TYPES = java.util.Set.of(DataType.DT_UINT8, DataType.DT_INT8,
            DataType.DT_UINT16, DataType.DT_INT16, DataType.DT_INT32, DataType.DT_INT64, DataType.DT_DOUBLE,
            DataType.DT_HALF, DataType.DT_BFLOAT16);

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
            // An 8-bit image input (Input(dtype="uint8") before a Rescaling) is a picture all the same: export_cam.py's
            // signature takes float32 pixels and the model casts them. So is a float64 or float16 one, which had been
            // told only what cam4j feeds. cam4j does not cast them itself: its float32 pictures would have to be
            // rounded to 8 bits (resized pictures are not whole), and a float64 input may lead into float64 layers,
            // whose features and logits cam4j's arithmetic does not take; export_cam.py casts those to float32.
            boolean otherPictures = (shape == null || shape.length == 4)
                    && PICTURE_TYPES.contains(in.getValue().getDtype());
            // A grey model whose input has no channel axis (Input((28, 28)) before a Reshape, a common MNIST form) had
            // been told only what cam4j feeds, not how to get there (helper-162).
            boolean greyWithoutChannels = in.getValue().getDtype() == DataType.DT_FLOAT && shape != null
                    && shape.length == 3;
            throw new NotCamReadyException("signature '" + signatureKey + "' input '" + in.getKey() + "' is "
                    + type(in.getValue()) + "; cam4j feeds float32 images [N, H, W, C]" + (otherPictures
                            ? ": export the Keras model with python-export/export_cam.py, whose signature takes float32"
                                    + " pixels and hands them to the model as its input's type"
                            : greyWithoutChannels ? ": for a grey model whose input has no channel axis, export it"
                                    + " behind one, keras.Model(i := keras.Input((H, W, 1)), model(keras.layers.Reshape((H,"
                                    + " W))(i))).export(DIR) (docs/keras-models.md)" : ""));
        }
        long channels = shape == null ? -1 : shape[3];
        // [N, 3, H, W] with H and W open can only be channels first: a fixed height of 1 or 3 under an open width and
        // open channels would be no picture.
        boolean openChannelsFirst = shape != null && channels < 0 && (shape[1] == 1 || shape[1] == 3) && shape[2] < 0;
        if (openChannelsFirst || (channels > 0 && channels != 1 && channels != 3)) {
            // Fed as it stands, the picture would be brought to this many channels and fail at the first run (or an
            // NCHW input's width would be taken for its channels).
            boolean channelsFirst = openChannelsFirst || shape[1] == 1 || shape[1] == 3;
            throw new NotCamReadyException("signature '" + signatureKey + "' input '" + in.getKey() + "' ("
                    + in.getValue().getName() + ") is " + type(in.getValue()) + ": "
                    + (channelsFirst ? "channels first [N, C, H, W]" : channels + " channels")
                    + "; cam4j feeds images [N, H, W, C] with 1 (grey) or 3 (RGB) channels"
                    // It said what was wrong and not what to do (helper-182).
                    + (channelsFirst ? ": " + ChannelsLast.REBUILD : ""));
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
                    + " float32 [N, classes] outputs among " + outputs.keySet() + "; cam4j needs exactly one"
                    + (scores.size() > 1 ? ": export a model of the one head to explain, e.g. in Keras"
                            + " keras.Model(model.inputs, model.outputs[0]).export(DIR)" : ""));
        }
        input = frozen.inputs().get(in.getKey());
        inputShape = shape != null ? shape : new long[] {-1, -1, -1, -1};
        output = frozen.outputs().get(scores.get(0));
    }

    /** @return the locator on the imported graph, created once; needs {@link #output} */
    CamLocator locator() {
        if (output == null) {
            throw new IllegalStateException("the signature's output is not known before requireCamShapedSignature()");
        }
        if (locator == null) {
            locator = new CamLocator(frozen.graphDef(), graph, session, output, lazy);
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

    /** @return the human report, with the located head or the reason the model is not CAM-ready */
    String describe(CamLocator.CamHead head, String notReady) {
        return ModelDescription.of(this, head, notReady);
    }

    /** Closes the session, then the graph, then the variables read. */
    @Override
    public void close() {
        try {
            session.close();
        } finally {
            try {
                graph.close();
            } finally {
                if (lazy != null) {
                    lazy.close();
                }
            }
        }
    }

static long[] dims(TensorInfo info) {
    TensorShapeProto s = info.getTensorShape();
    return s.getUnknownRank() ? null : s.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
}

static String type(TensorInfo info) {
    long[] d = dims(info);
    String dtype = DtypeNames.of(info.getDtype());
    return dtype + " " + (d == null ? "<unknown rank>" : java.util.Arrays.toString(d));
}
}
