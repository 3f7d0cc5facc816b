package io.github.cam4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.savedmodel.CamContract;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelMetadata;
import io.github.cam4j.savedmodel.VariableFiles;
import io.github.cam4j.savedmodel.keras.ImportOptions;
import io.github.cam4j.savedmodel.keras.ImportedModel;
import io.github.cam4j.savedmodel.keras.OpAllowList;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cam4j inspect}: what a SavedModel holds and whether and how CAM can explain it — signatures with their
 * inputs and outputs, the chain of layers, the features tensor and the classifier weights found.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show a SavedModel's signatures, layers, and whether and how it is CAM-ready.")
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "a SavedModel folder, or a bundled model's name (mnist-pooled, mnist-unpooled)")
    Path model;

    @Option(names = "--trust", description = "skip the check of the model's ops against cam4j's allow-list")
    boolean trust;

    @Option(names = "--signature", defaultValue = "serving_default", description = "signature to import from a foreign SavedModel (default: ${DEFAULT-VALUE})")
    String signature;

    @Option(names = "--json", description = "print one JSON object instead: what inspect finds as values (format,"
            + " signatures, cam_ready, cam_refusal, cam tensors, grad_cam, metadata, feature_grid, gradient_layers,"
            + " input: how pixels are fed, layers: a foreign model's layer chain) and the description itself")
    boolean json;

    @Mixin
    VerboseOption verbose;

    /** What a stop says: inspect writes no file, and what it printed on standard output may end early. */
    static final String STOPPED = "cam4j: inspect stopped; its description may be cut short (it writes no file)";

    @Override
    public Integer call() throws Exception {
        // Ctrl-C or SIGTERM while a model is read (a slow disk, a large foreign model's import) ended the run without
        // a word, as no hook was there: said in a line on standard error, as the other commands say theirs.
        PrintWriter err = spec.commandLine().getErr();
        try (StopSignal stop = new StopSignal(() -> {
            err.println(STOPPED);
            err.flush();
        }, "cam4j-inspect-shutdown")) {
            return stop.requested() ? StopSignal.STOPPED_EXIT : describe();
        }
    }

    /** @return the exit code, once the model is described on standard output */
    private int describe() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // Written aside, printed once whole: with --json it is the document's last value, and a model whose weights or
        // metadata cannot be read had half its description printed (signatures, graph tensors, training) above the
        // error, which read as if the model were whole until its last lines.
        java.io.StringWriter aside = new java.io.StringWriter();
        PrintWriter text = new PrintWriter(aside);
        String typed = model.toString();
        model = ModelPaths.resolve(model);
        String path = model.toAbsolutePath().normalize().toString();
        MetaGraphDef meta = CamModelLoader.readMetaGraph(model);
        if (!trust) {
            OpAllowList.check(meta, model.resolve("saved_model.pb"));
        }
        // Before anything is printed: described first, a model without its weights read as a whole one until the
        // error under its description.
        VariableFiles.checkPresent(model, meta);
        Map<String, SignatureDef> signatures = meta.getSignatureDefMap();
        if (signatures.containsKey(CamContract.CAM_SIGNATURE) && signatures.containsKey(CamContract.WEIGHTS_SIGNATURE)) {
            if (!signature.equals(CamContract.SERVING_SIGNATURE) && !signature.equals(CamContract.CAM_SIGNATURE)) {
                // As explain refuses it (CamModelLoader): described regardless, it read as if it had been followed.
                throw new UsageException(model + " has cam4j's '" + CamContract.CAM_SIGNATURE + "' signature,"
                        + " which it is explained by; --signature '" + signature + "' chooses which signature of a foreign"
                        + " SavedModel to import");
            }
            document = new InspectJson(typed, path, "cam4j", CamContract.CAM_SIGNATURE, signatures);
            describeCam4j(text, signatures);
        } else if (!signatures.containsKey(signature)) {
            document = new InspectJson(typed, path, "foreign", signature, signatures);
            describeSignatures(text, signatures);
            if (spec.commandLine().getParseResult().hasMatchedOption("--signature")) {
                // Asked for by name, a signature the model lacks is an error, as explain says it is (it exited 0); with
                // --json no document is printed, as for any other error.
                text.flush();
                if (!json) {
                    out.print(aside);
                    out.flush();
                }
                // A usage error, as explain's --signature nope is (SignatureOption): it had exited 1.
                // With --json nothing is listed above the error: the line names them itself.
                throw new UsageException("--signature " + signature + ": " + model + " has no such signature" + (json
                        ? "; its signatures: " + String.join(", ", signatures.keySet().stream()
                                .filter(k -> !k.startsWith("__")).sorted().toList())
                        : " (its signatures are listed above)"));
            }
            document.notCamReady("it has no signature '" + signature + "': choose one of its signatures with"
                    + " --signature NAME");
            document.gradCam(false, null, null, "no signature '" + signature + "' to import");
        } else {
            document = new InspectJson(typed, path, "foreign", signature, signatures);
            ImportedModel.Inspection found = ImportedModel.inspection(model, new ImportOptions(signature, true, null,
                    null));
            if (found.camReady()) {
                ObjectNode cam = document.camReady();
                cam.put("features", found.features());
                cam.put("logits", found.logits());
                cam.putArray("kernel").add(found.channels()).add(found.classes());
            } else {
                document.notCamReady(ModelPaths.asTyped(found.camRefusal()));
            }
            document.gradCam(found.gradCamApplies(), found.features(), found.logits(),
                    found.gradCamRefusal() == null ? null : ModelPaths.asTyped(found.gradCamRefusal()));
            // Metadata written beside a foreign model wins over import's guess of its scaling, as explain reads it
            // (CamModelLoader): the document said 1/255 "assumed" for a model explain fed 1/127.5 - 1 from its asset.
            Path asset = model.resolve("assets").resolve(CamContract.METADATA_ASSET);
            ModelMetadata written = Files.isRegularFile(asset) ? ModelMetadata.read(asset) : null;
            if (written != null) {
                document.root().set("metadata", document.mapper().readTree(asset.toFile()));
            }
            if (found.feeding() != null) {
                ImportedModel.InputFeeding f = found.feeding();
                if (written == null) {
                    document.input((float) f.pixelScale(), 0, f.assumed(), f.rescaling(), f.standardisation());
                } else {
                    document.input(written.input().pixelScale(), written.input().pixelOffset(), false, f.rescaling(),
                            f.standardisation());
                }
                document.layers(found.layers());
            }
            // Metadata that scales pixels the model rescales itself is refused by explain, and by the opening below:
            // --json exited 1 with explain's words where inspect described the model (exit 0). Said in both.
            String refused = written == null || found.feeding() == null ? null
                    : CamModelLoader.metadataRefusal(model, written, found.feeding()).orElse(null);
            if (json && found.gradCamApplies() && refused == null) {
                foreignGridAndLayers();
            }
            // The report ends in a line break of its own: println of it left a blank line after a foreign model's.
            text.println(ModelPaths.asTyped(found.description()).stripTrailing());
            if (refused != null) {
                text.println("note: explain refuses the model as it stands: " + ModelPaths.asTyped(refused));
            } else if (written != null) {
                // The report above reads the graph alone, and may say a scaling is assumed that the asset overrides.
                text.printf(Locale.ROOT, "note: %s is read as explain reads it, over what the graph suggests: pixel"
                        + " scale %s, pixel offset %s%s%n", ModelPaths.asTyped(asset.toString()),
                        written.input().pixelScale(), written.input().pixelOffset(),
                        written.input().lightOnDark() ? ", light ink on a dark ground" : "");
            }
        }
        text.flush();
        if (json) {
            document.print(aside.toString(), out);
        } else {
            out.print(aside);
        }
        out.flush();
        return 0;
    }

    /** What --json prints, filled as the model is described. */
    private InspectJson document;

    /** @return the graph tensor a signature's key stands for, or "?" when the signature lacks the key */
    private static String graphName(Map<String, org.tensorflow.proto.TensorInfo> tensors, String key) {
        org.tensorflow.proto.TensorInfo info = tensors.get(key);
        return info == null ? "?" : info.getName();
    }

    /** A foreign model without the signature asked for: what it has, and how to choose one. */
    private void describeSignatures(PrintWriter out, Map<String, SignatureDef> signatures) {
        out.println(ModelPaths.asTyped(model.toString()) + ": a SavedModel without cam4j's signatures, and without signature '" + signature + "'");
        out.println("signatures:");
        signatures.entrySet().stream().filter(e -> !e.getKey().startsWith("__"))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.println("  " + e.getKey() + ": " + tensors(e.getValue().getInputsMap()) + " -> "
                        + tensors(e.getValue().getOutputsMap())));
        // Every command that opens a --model takes --signature beside it; this said "explain and video" only.
        out.println("cam4j imports one signature: choose it with --signature NAME, here and beside --model in every"
                + " other command (explain, video, evaluate, compare, concepts, maximize)");
    }

    private void describeCam4j(PrintWriter out, Map<String, SignatureDef> signatures) throws Exception {
        // A bundled model by the name typed, its copy's path in parentheses, as the other commands say it.
        out.println(ModelPaths.asTyped(model.toString()) + ": a cam4j SavedModel (contract " + CamContract.FORMAT + ")");
        out.println("signatures:");
        signatures.forEach((key, def) -> out.println("  " + key + ": " + tensors(def.getInputsMap()) + " -> "
                + tensors(def.getOutputsMap())));
        // cam4j left the method name empty until stop 51: such a model serves, but not where a server checks it.
        // TensorFlow's own entries ("__saved_model_init_op", which tf.saved_model.save writes) are not served.
        List<String> notPredict = signatures.entrySet().stream()
                .filter(e -> !e.getKey().startsWith("__"))
                .filter(e -> !e.getValue().getMethodName().equals(CamContract.PREDICT_METHOD)).map(Map.Entry::getKey)
                .sorted().toList();
        if (!notPredict.isEmpty()) {
            out.println("note: signature" + (notPredict.size() == 1 ? " " : "s ") + String.join(", ", notPredict)
                    + (notPredict.size() == 1 ? " does" : " do") + " not name the Predict method ("
                    + CamContract.PREDICT_METHOD + "): TensorFlow Serving started with"
                    + " --enable_signature_method_name_check refuses Predict calls on "
                    + (notPredict.size() == 1 ? "it" : "them") + "; a default server serves "
                    + (notPredict.size() == 1 ? "it" : "them"));
        }
        // The signatures' keys are not the graph's names (the kernel is 'classifier_kernel'), and naming tensors by
        // --input ... --kernel needs the graph's: a user who took 'kernel' from the line above was told it does not exist.
        SignatureDef camSignature = signatures.get(CamContract.CAM_SIGNATURE);
        SignatureDef weights = signatures.get(CamContract.WEIGHTS_SIGNATURE);
        out.println("graph tensors (--input, --features, --logits, --kernel, --bias): "
                + graphName(camSignature.getInputsMap(), CamContract.INPUT_IMAGES) + ", "
                + graphName(camSignature.getOutputsMap(), CamContract.OUTPUT_FEATURES) + ", "
                + graphName(camSignature.getOutputsMap(), CamContract.OUTPUT_LOGITS) + ", "
                + graphName(weights.getOutputsMap(), CamContract.OUTPUT_KERNEL) + ", "
                + graphName(weights.getOutputsMap(), CamContract.OUTPUT_BIAS));
        Path asset = model.resolve("assets").resolve(CamContract.METADATA_ASSET);
        if (Files.isRegularFile(asset)) {
            ModelMetadata m = ModelMetadata.read(asset);
            // As the model carries it, once read as valid: its architecture, training and labels in full.
            document.root().set("metadata", document.mapper().readTree(asset.toFile()));
            document.input(m.input().pixelScale(), m.input().pixelOffset(), false, Optional.empty(), Optional.empty());
            // An offset is what a model fed -1..1 (scale 1/127.5, offset -1) differs by from one fed 0..2.
            String offset = m.input().pixelOffset() == 0 ? ""
                    : String.format(Locale.ROOT, ", pixel offset %s", m.input().pixelOffset());
            if (m.input().standardization() != null) {
                // What preprocess_input did outside the model, written by export_cam.py --preprocess: done to each picture.
                offset += ", then per channel " + m.input().standardization();
            }
            out.printf(Locale.ROOT, "model: %s, input %dx%dx%d, pixel scale %.6f%s, labels %s%n", m.name(),
                    m.input().height(), m.input().width(), m.input().channels(), m.input().pixelScale(), offset,
                    m.labels());
            if (m.testAccuracy() != null) {
                // A model exported from Python may say its accuracy without the number of images ("on null images").
                out.printf(Locale.ROOT, "test accuracy: %.4f%s%n", m.testAccuracy(),
                        m.testImages() == null ? "" : " on " + m.testImages() + " images");
            }
            if (m.training() != null) {
                out.println("trained: " + trainingLine(m.training()));
            }
            if (m.architecture() != null) {
                out.print("layers: input");
                m.architecture().path("config").path("layers").forEach(l -> {
                    if (!"InputLayer".equals(l.path("class_name").asText())) {
                        out.print(" -> " + l.path("class_name").asText() + " '" + l.path("config").path("name").asText() + "'"
                                + dilation(l.path("config").path("dilation_rate")) + dropout(l));
                    }
                });
                out.println();
            }
        } else {
            document.root().putNull("metadata");
            // What the note below says the model is opened as taking.
            document.input(1 / 255f, 0, true, Optional.empty(), Optional.empty());
            // Without it the model is opened on guesses, said nowhere: a light-ink model read dark pictures as class 0
            // at p=0.9996 (helper-161's audit).
            out.println("note: " + asset + " is missing, which cam4j exports write: the model is opened as taking"
                    + " pixels scaled to 0..1, dark ink on a light ground and classes named 0, 1, 2...; copy the file"
                    + " back, or give --pixel-scale, --ink and --labels");
        }
        try (CamSession cam = CamSession.builder().setModel(model).optLoadOptions(
                io.github.cam4j.savedmodel.LoadOptions.defaults().withTrust(true)).build()) {
            CamModel m = cam.model();
            out.println("CAM-ready: features " + m.tensors().features() + " weighed by the classifier kernel ["
                    + m.weights().channels() + ", " + m.weights().classes() + "] from signature cam_weights");
            ObjectNode tensors = document.camReady();
            tensors.put("input", graphName(camSignature.getInputsMap(), CamContract.INPUT_IMAGES));
            tensors.put("features", m.tensors().features());
            tensors.put("logits", m.tensors().logits());
            tensors.put("kernel_tensor", graphName(weights.getOutputsMap(), CamContract.OUTPUT_KERNEL));
            tensors.put("bias_tensor", graphName(weights.getOutputsMap(), CamContract.OUTPUT_BIAS));
            tensors.putArray("kernel").add(m.weights().channels()).add(m.weights().classes());
            document.gradCam(true, m.tensors().features(), m.tensors().logits(), null);
            m.featureGrid().ifPresent(g -> out.printf(Locale.ROOT,
                    "feature grid: a cell every %.1f x %.1f input pixels, the first centred at (%.1f, %.1f)%n",
                    g.strideY(), g.strideX(), g.offsetY(), g.offsetX()));
            m.inputCrop().ifPresent(c -> c.describe(m.input().height(), m.input().width()).forEach(out::println));
            List<FeatureLayer> layers = featureMaps(m.session().graph(), m.tensors().logits());
            // None in a model that pools its input at once (InputLayer, GlobalAveragePooling2D, Dense, which Keras
            // and train take): the line had ended at its colon.
            out.println("Grad-CAM, Score-CAM, Eigen-CAM and Ablation-CAM layers (--method"
                    + " gradcam|scorecam|eigencam|ablationcam --features NAME): " + (layers.isEmpty()
                            ? "none (no convolution, activation or pooling: the methods weigh " + m.tensors().features()
                                    + ", the features CAM weighs)"
                            : String.join(", ", layers.stream().map(FeatureLayer::toString).toList())));
            putGridAndLayers(m, layers);
        }
    }

    /**
     * Fills a foreign model's {@code feature_grid} and {@code gradient_layers}, as a cam4j model's are filled: the
     * model opened as a gradient method opens it (which finds a feature map in a model CAM cannot explain too). Its
     * description does not list them (a second load of the model for every plain {@code inspect}), so only {@code
     * --json} opens it.
     */
    private void foreignGridAndLayers() throws Exception {
        LoadOptions options = LoadOptions.defaults().withTrust(true).withSignature(signature)
                .withGradients(io.github.cam4j.savedmodel.GradientWeighting.GRAD_CAM);
        try (CamSession cam = CamSession.builder().setModel(model).optLoadOptions(options).build()) {
            CamModel m = cam.model();
            putGridAndLayers(m, featureMaps(m.session().graph(), m.tensors().logits()));
        }
    }

    /** Puts where the model's feature cells sit and the layers the feature-map methods take into the document. */
    private void putGridAndLayers(CamModel m, List<FeatureLayer> layers) {
        m.featureGrid().ifPresentOrElse(g -> {
            ObjectNode grid = document.root().putObject("feature_grid");
            grid.put("stride_y", g.strideY());
            grid.put("stride_x", g.strideX());
            grid.put("offset_y", g.offsetY());
            grid.put("offset_x", g.offsetX());
        }, () -> document.root().putNull("feature_grid"));
        ArrayNode listed = document.root().putArray("gradient_layers");
        layers.forEach(l -> {
            ObjectNode layer = listed.addObject();
            layer.put("name", l.name());
            ArrayNode dims = layer.putArray("shape");
            for (int i = 0; i < l.shape().numDimensions(); i++) {
                dims.add(l.shape().size(i));
            }
            layer.put("gradients", l.dilatedConvolution() == null);
        });
    }

    /**
     * A layer the feature-map methods can be taken at.
     *
     * @param name its op's name, as {@code --features} takes it
     * @param shape its output's shape, -1 where open
     * @param dilatedConvolution a dilated convolution its gradient would cross that cam4j cannot take it across, which
     *     leaves it to Score-CAM, Eigen-CAM and Ablation-CAM; null when every method takes it
     */
    private record FeatureLayer(String name, org.tensorflow.ndarray.Shape shape, String dilatedConvolution) {
        @Override
        public String toString() {
            return name + " " + shape + (dilatedConvolution == null ? "" : " (Score-CAM, Eigen-CAM and Ablation-CAM"
                    + " only: the gradient through the dilated convolution '" + dilatedConvolution
                    + "' would be wrong)");
        }
    }

    /**
     * Activations and poolings that give a rank-4 float map, and convolutions without an activation after them: the
     * layers Grad-CAM can be taken at, those marked whose gradient would cross a dilated convolution cam4j cannot take
     * it across by the convolution's SpaceToBatchND twin (a path around it: {@code DilatedGradients}), which the
     * gradient methods refuse (Score-CAM, Eigen-CAM and Ablation-CAM take them). cam4j's own poolings are {@code MaxPoolV2} ops, and a linear
     * convolution ends in its {@code BiasAdd} (or its {@code Conv2D}, without a bias; or its batch norm): these were
     * left out of the list, though {@code --features} takes them.
     */
    private static java.util.List<FeatureLayer> featureMaps(org.tensorflow.Graph graph, String logits) {
        java.util.Set<String> kinds = java.util.Set.of("Relu", "Relu6", "LeakyRelu", "Elu", "Selu", "MaxPool", "MaxPoolV2",
                "AvgPool");
        // A batch norm ends its convolution as a bias does: the layer is where the last of them is, unless an
        // activation follows (a Keras flatten model's last feature map is its batch norm, Grad-CAM's default there).
        java.util.Set<String> ends = java.util.Set.of("BiasAdd", "Conv2D", "FusedBatchNorm", "FusedBatchNormV3");
        java.util.Set<String> after = java.util.Set.of("BiasAdd", "FusedBatchNorm", "FusedBatchNormV3", "Relu", "Relu6",
                "LeakyRelu", "Elu", "Selu");
        java.util.List<FeatureLayer> names = new java.util.ArrayList<>();
        graph.operations().forEachRemaining(op -> {
            boolean linearConvolution = ends.contains(op.type()) && op.numOutputs() > 0
                    && op.consumers(0).stream().noneMatch(c -> after.contains(c.type()));
            if ((kinds.contains(op.type()) || linearConvolution) && op.numOutputs() > 0
                    && op.output(0).shape().numDimensions() == 4 && !op.name().startsWith("cam4j_gradcam")) {
                names.add(new FeatureLayer(op.name(), op.output(0).shape(), io.github.cam4j.savedmodel.GradientOps
                        .dilatedConvolutionAfter(graph, op.name(), logits).orElse(null)));
            }
        });
        return names;
    }

    /** What a Dropout did while training; the exported model has no such op, so without this it would not show. */
    private static String dropout(com.fasterxml.jackson.databind.JsonNode layer) {
        if (!"Dropout".equals(layer.path("class_name").asText())) {
            return "";
        }
        com.fasterxml.jackson.databind.JsonNode shape = layer.path("config").path("noise_shape");
        String grouping = !shape.isArray() ? "" : shape.toString().equals("[null,null,null,1]") ? ", whole cells"
                : ", noise_shape " + shape;
        return " (only while training: rate " + layer.path("config").path("rate").asDouble() + grouping + ")";
    }

    /** @return " (dilation 2x2)" for a Keras config's dilation rate above 1, else nothing */
    private static String dilation(com.fasterxml.jackson.databind.JsonNode rate) {
        int y = rate.isArray() ? rate.path(0).asInt(1) : rate.asInt(1);
        int x = rate.isArray() ? rate.path(1).asInt(1) : rate.asInt(1);
        return y == 1 && x == 1 ? "" : " (dilation " + y + "x" + x + ")";
    }

    private static String tensors(Map<String, TensorInfo> map) {
        StringBuilder b = new StringBuilder("{");
        map.forEach((k, v) -> {
            if (b.length() > 1) {
                b.append(", ");
            }
            b.append(k).append(' ').append(shape(v.getTensorShape()));
        });
        return b.append('}').toString();
    }

    private static String shape(TensorShapeProto s) {
        if (s.getUnknownRank()) {
            return "[?]";
        }
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < s.getDimCount(); i++) {
            b.append(i > 0 ? "," : "").append(s.getDim(i).getSize() < 0 ? "?" : String.valueOf(s.getDim(i).getSize()));
        }
        return b.append(']').toString();
    }

    /**
     * @return how a cam4j model was trained, from its metadata: what a user needs to judge or repeat it (the README's
     *     {@code train} command takes the same values), Hide-and-Seek included, since it changes what the maps show
     */
    static String trainingLine(ModelMetadata.Training t) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "%d epoch%s on %s, batch %d, Adam from %s (%s), seed %d, %d images", t.epochs(),
                t.epochs() == 1 ? "" : "s", t.dataset(), t.batchSize(), t.learningRate(),
                String.valueOf(t.schedule()).toLowerCase(Locale.ROOT), t.seed(), t.trainImages()));
        if (t.validationImages() > 0) {
            line.append(" (").append(t.validationImages()).append(" held out");
            if (t.validationAccuracy() != null) {
                line.append(String.format(Locale.ROOT, ", validation accuracy %.4f", t.validationAccuracy()));
            }
            line.append(')');
        }
        line.append(String.format(Locale.ROOT, ", %.1f s per epoch on %s", t.secondsPerEpoch(), t.machine()));
        if (t.hiding() != null) {
            line.append(String.format(Locale.ROOT, "; Hide-and-Seek: %dx%d squares hidden with probability %s",
                    t.hiding().patch(), t.hiding().patch(), t.hiding().probability()));
        }
        if (t.shift() != null) {
            line.append(String.format(Locale.ROOT, "; pictures shifted at random by up to %d pixel%s", t.shift(),
                    t.shift() == 1 ? "" : "s"));
        }
        if (t.attentionDrop() != null) {
            line.append(String.format(Locale.ROOT, "; attention drop: with probability %s, cells from %s of the highest"
                    + " channel mean dropped", t.attentionDrop().rate(), t.attentionDrop().threshold()));
        }
        if (t.spreadPenalty() != null) {
            line.append(String.format(Locale.ROOT, "; spread penalty %s (the variance dropping cells would add to the"
                    + " picture's own logit)", t.spreadPenalty()));
        }
        if (t.temperature() != null) {
            line.append(String.format(Locale.ROOT, "; calibrated: classifier divided by the temperature %.4f fitted on the"
                    + " held-out images", t.temperature()));
        }
        return line.toString();
    }
}
