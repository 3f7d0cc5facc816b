package io.github.cam4j.savedmodel;

import org.tensorflow.Output;
import org.tensorflow.Session;

/**
 * Checks, when a {@link CamModel} opens, that its tensors have the ranks and sizes explaining needs and agree with
 * each other, with the classifier's kernel and with the input spec; a disagreement is refused naming the tensor, rather
 * than found at the first picture as a picture of the wrong size or a failed run.
 */
final class ModelShapeChecks {
    private final Session session;
    private final TensorNames tensors;
    /** The classifier's kernel and bias; null for a model explained by gradients, which has none. */
    private final ClassifierWeights weights;
    private final ClassifierActivation activation;
    private final InputSpec input;

    private ModelShapeChecks(Session session, TensorNames tensors, ClassifierWeights weights,
            ClassifierActivation activation, InputSpec input) {
        this.session = session;
        this.tensors = tensors;
        this.weights = weights;
        this.activation = activation;
        this.input = input;
    }

    /**
     * @throws ModelLoadException when a tensor is missing or of the wrong rank, or the sizes disagree (named)
     */
    static void check(Session session, TensorNames tensors, ClassifierWeights weights, ClassifierActivation activation,
            InputSpec input) throws ModelLoadException {
        new ModelShapeChecks(session, tensors, weights, activation, input).checkShapes();
    }

    private void checkShapes() throws ModelLoadException {
        var graph = session.graph();
        Output<?> in = GraphTensors.find(graph, tensors.input(), "input");
        GraphTensors.requireRank(in, 4, "input", tensors.input());
        checkInput(in);
        Output<?> features = GraphTensors.find(graph, tensors.features(), "features");
        GraphTensors.requireRank(features, 4, "features", tensors.features());
        long k = features.shape().numDimensions() == 4 ? features.shape().get(3) : -1;
        if (tensors.probabilities() == null && activation == null) {
            throw new ModelLoadException("no probabilities tensor and no activation: give the tensor's name, or the"
                    + " activation (softmax, sigmoid) that turns logits '" + tensors.logits() + "' into probabilities");
        }
        if (weights == null) {
            return;
        }
        if (k >= 0 && k != weights.channels()) {
            // Its own type: a --features the user named is then said in that option's words, as a usage error.
            throw new TensorChannelsException(tensors.features(), k, weights.channels(), "the kernel", "features tensor '"
                    + tensors.features() + "' has " + k + " channels but the kernel has " + weights.channels() + " rows");
        }
        requireClassColumns(graph, "logits", tensors.logits());
        if (tensors.probabilities() != null) {
            // Checked here: at the first explanation, rows of the wrong width read as a picture of the wrong size.
            requireClassColumns(graph, "probabilities", tensors.probabilities());
        }
    }

    /**
     * The picture cam4j makes (the input spec's size and channels) must fit the input tensor where the tensor fixes
     * them: a metadata asset that says 32x32 for a [1, 28, 28, 1] input would have the picture fed at the wrong size.
     */
    private void checkInput(Output<?> in) throws ModelLoadException {
        if (in.shape().numDimensions() != 4) {
            return;
        }
        long inChannels = in.shape().get(3);
        if (inChannels > 0 && inChannels != input.channels()) {
            throw new ModelLoadException("input tensor '" + tensors.input() + "' takes " + inChannels
                    + " channels but the input spec says " + input.channels());
        }
        long height = in.shape().get(1);
        long width = in.shape().get(2);
        if ((height > 0 && input.height() > 0 && height != input.height())
                || (width > 0 && input.width() > 0 && width != input.width())) {
            throw new ModelLoadException("input tensor '" + tensors.input() + "' takes " + (height > 0 ? height : "any")
                    + "x" + (width > 0 ? width : "any") + " pictures but the input spec (the model's metadata, or"
                    + " the input given) says " + input.height() + "x" + input.width());
        }
    }

    /** A rank-2 [N, classes] tensor whose classes, when known, are the kernel's columns. */
    private void requireClassColumns(org.tensorflow.Graph graph, String kind, String name) throws ModelLoadException {
        Output<?> tensor = GraphTensors.find(graph, name, kind);
        GraphTensors.requireRank(tensor, 2, kind, name);
        long columns = tensor.shape().numDimensions() == 2 ? tensor.shape().get(1) : -1;
        if (columns >= 0 && columns != weights.classes()) {
            throw new ModelLoadException(kind + " tensor '" + name + "' has " + columns + " columns but the kernel has "
                    + weights.classes() + " classes");
        }
    }
}
