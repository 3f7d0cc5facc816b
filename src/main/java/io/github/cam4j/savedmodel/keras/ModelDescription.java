package io.github.cam4j.savedmodel.keras;

import io.github.cam4j.savedmodel.ClassifierActivation;
import io.github.cam4j.savedmodel.InputCrop;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.proto.TensorInfo;

/**
 * Writes the report of {@link ImportedModel#description()} and {@link ImportedModel#inspect}: signatures, the imported
 * graph, the chain of layers from input to output, and how the model is CAM-ready or why it is not.
 */
final class ModelDescription {
    private ModelDescription() {}

    /**
     * @param o the opened model
     * @param head the located CAM tensors, or {@code null}
     * @param notReady why the model is not CAM-ready, when {@code head} is {@code null}
     * @return the report
     */
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
                .append(io.github.cam4j.Counted.of(o.frozen.inlinedFunctions().size(), "function")).append(" inlined ")
                .append(o.frozen.inlinedFunctions()).append(", ")
                .append(io.github.cam4j.Counted.of(o.frozen.variables().size(), "variable")).append(" frozen (").append(parameters).append(" values")
                .append(redrawn(o.frozen)).append(")\n");
        o.frozen.inputs().forEach((k, t) -> b.append("  input  ").append(k).append(" = ").append(t).append(' ')
                .append(o.locatorShape(t)).append('\n'));
        o.frozen.outputs().forEach((k, t) -> b.append("  output ").append(k).append(" = ").append(t).append(' ')
                .append(o.locatorShape(t)).append('\n'));
        if (o.output != null) {
            var rescaling = o.locator().inputRescaling();
            var standardisation = rescaling.isPresent() ? java.util.Optional.<InputStandardisation>empty()
                    : o.locator().inputStandardisation();
            if (rescaling.isPresent()) {
                InputRescaling r = rescaling.get();
                b.append("  the model rescales its input itself: ").append(r)
                        .append(r.takesRawPixels() ? "; cam4j feeds it raw pixels, 0..255 (--pixel-scale overrides;"
                                + " --preprocess other than raw is refused: it would preprocess them twice)"
                                : "; cam4j feeds pixels scaled to 0..1 unless --pixel-scale says otherwise").append('\n');
            } else if (standardisation.isPresent()) {
                InputStandardisation s = standardisation.get();
                b.append("  the model standardises its input itself: ").append(s)
                        .append(s.takesRawPixels() ? ", statistics of raw pixels (a mean or deviation above 1); cam4j"
                                + " feeds it raw pixels, 0..255 (--pixel-scale overrides; --preprocess other than raw is"
                                + " refused: it would preprocess them twice)"
                                : ", statistics of pixels in 0..1; cam4j feeds pixels scaled to 0..1 unless"
                                + " --pixel-scale says otherwise").append('\n');
            } else {
                // Nothing in the graph tells a model fed -1..1 from outside (MobileNet's preprocess_input) from one
                // fed 0..1: the user says so, on each command line or once in the metadata export_cam.py writes.
                // keras.applications' 'caffe' (ResNet50, VGG16: RGB to BGR, minus ImageNet's mean) and 'torch'
                // (DenseNet: minus a mean, over a deviation, per channel) modes have their own option; inside the
                // model, cam4j finds them (a ResNet50 fed it outside read three pictures all as one class).
                // Three short lines: what was not found, what cam4j assumes, the option that corrects it. The mode's
                // arithmetic, the metadata route (export_cam.py --preprocess) and the model-inside route are in
                // --help and docs/keras-models.md ("Pixel scaling"); one 755-character line had them all.
                b.append("  no rescaling of the input was found: cam4j assumes the model takes pixels scaled to 0..1\n")
                        .append("    if it was trained on keras.applications' preprocess_input, pass --preprocess tf"
                                + " (MobileNet, Inception, Xception), caffe (ResNet50, VGG16) or torch (DenseNet)\n")
                        .append("    any other scaling: --pixel-scale, --pixel-offset, --pixel-mean, --pixel-std,"
                                + " --channel-order (see 'cam4j explain --help')\n");
            }
            // Each row names its tensor in full, as the features and logits lines below do and as --features and
            // --logits take it: rows written without their common scope ('StatefulPartitionedCall/sequential/...')
            // gave one tensor two names on one screen, one of them looking like a node of the outer graph.
            List<String> shown = o.locator().shownChain();
            int width = shown.stream().mapToInt(String::length).max().orElse(0);
            b.append("Layer chain from input to output:\n");
            for (String t : shown) {
                b.append(String.format(Locale.ROOT, "  %-18s %-" + width + "s %s%n", o.locator().opOf(t), t,
                        o.locator().shapeString(t)));
            }
        }
        if (head != null && head.kernel() == null) {
            b.append(head.how()).append('\n');
            b.append("  features      ").append(head.features()).append(' ')
                    .append(o.locator().shapeString(head.features())).append('\n');
            b.append("  logits        ").append(head.logits()).append(' ')
                    .append(o.locator().shapeString(head.logits())).append('\n');
            b.append(probabilities(head, o.locator().shape(head.logits()), o.locator().logSoftmaxOutput()));
            b.append(inputCrop(o, head.features()));
        } else if (head != null) {
            b.append("CAM-ready: ").append(head.how()).append('\n');
            b.append("  features      ").append(head.features()).append(' ')
                    .append(o.locator().shapeString(head.features())).append('\n');
            b.append("  logits        ").append(head.logits()).append(' ')
                    .append(o.locator().shapeString(head.logits())).append('\n');
            b.append(probabilities(head, o.locator().shape(head.logits()), o.locator().logSoftmaxOutput()));
            b.append("  kernel [").append(head.kernel().length).append(", ").append(head.bias().length)
                    .append("], bias [").append(head.bias().length).append("]: map_c = features . kernel[:, c],")
                    .append(" mean(map_c) + bias[c] = logit_c\n");
            b.append(inputCrop(o, head.features()));
        } else {
            b.append("Not CAM-ready: ").append(notReady.replaceFirst("^not CAM-ready: ", ""))
                    .append('\n');
        }
        return b.toString();
    }

    /**
     * @param features the features tensor the map is read from
     * @return what the model crops or resizes of its input before those features, and the part of a picture it then
     *     reads ({@link InputCrop#describe}), a line each; empty when it does neither
     */
    static String inputCrop(OpenedGraph o, String features) {
        // A fixed input size is what every picture is brought to, so the part read can be given in its pixels.
        int height = o.inputShape[1] > 0 ? (int) o.inputShape[1] : -1;
        int width = o.inputShape[2] > 0 ? (int) o.inputShape[2] : -1;
        return InputCrop.find(o.frozen.graphDef(), o.input, features)
                .map(c -> String.join("\n", c.describe(height, width)) + "\n").orElse("");
    }

    /** @return what was re-drawn, as the description's parenthesis goes on: nothing for the trained weights */
    private static String redrawn(FrozenGraphBuilder.FrozenGraph frozen) {
        RedrawnWeights r = frozen.redraw();
        if (r == null) {
            return "";
        }
        String layers = r.everyLayer() ? "" : ", only the " + io.github.cam4j.Counted.of(r.topLayers(), "layer") + " nearest the output "
                + frozen.redrawnLayers() + ", the others as trained";
        return ", re-drawn as Keras initialises new layers, seed " + r.seed() + layers;
    }

    /** @param logSoftmax the output's log-softmax described, or {@code null} when it ends otherwise */
    private static String probabilities(CamLocator.CamHead head, long[] logitsShape, String logSoftmax) {
        // One unit under a sigmoid (given or taken) is a binary classifier: say how its two classes are read.
        boolean oneUnit = logitsShape != null && logitsShape.length == 2 && logitsShape[1] == 1;
        String binary = "  binary classifier: its one unit gives p = P(class 1); cam4j explains class 1 (p, the unit's"
                + " map) and class 0 (1 - p, the unit's map negated), and predicts class 1 when p > 0.5\n";
        if (head.probabilities() == null && logSoftmax != null) {
            return "  probabilities (none): the output is a log-softmax (" + logSoftmax + "), log-probabilities;"
                    + " cam4j takes the softmax of its input, the logits (the exponential of the output)\n";
        }
        if (head.probabilities() == null) {
            return "  probabilities (none): no probabilities output: cam4j takes softmax of the logits"
                    + " (the sigmoid of a single logit)\n" + (oneUnit ? binary : "");
        }
        return "  probabilities " + head.probabilities() + " (activation " + head.activation() + ")\n"
                + (oneUnit && head.activation() == ClassifierActivation.SIGMOID ? binary : "");
    }

    private static String tensors(Map<String, TensorInfo> m) {
        List<String> parts = new ArrayList<>();
        m.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> parts.add(e.getKey() + " " + OpenedGraph.type(e.getValue())));
        return String.join(", ", parts);
    }
}
