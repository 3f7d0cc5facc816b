package io.github.cam4j.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * One Keras layer of a {@link Sequential} model. Shapes are {@code [batch, height, width, channels]} or
 * {@code [batch, units]}, with -1 for a dimension left open.
 */
public sealed interface Layer permits Conv2D, MaxPooling2D, Dropout, GlobalAveragePooling2D, Dense {

    /** @return the layer's name, unique in its model */
    String name();

    /** @return Keras' class name, as in the config's {@code class_name} */
    String kerasClassName();

    /**
     * @param input the input shape
     * @return the output shape
     * @throws ModelConfigException when the input does not fit this layer, naming the layer
     */
    long[] outputShape(long[] input) throws ModelConfigException;

    /**
     * @param input the input shape
     * @return the weights this layer needs for that input, none for layers without weights
     */
    List<WeightSpec> weights(long[] input);

    /**
     * Adds this layer's ops to a graph.
     *
     * @param tf ops in the graph
     * @param x the input
     * @param weights the layer's weights, by {@link WeightSpec#name()}
     * @return the output
     */
    Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, Map<String, Operand<TFloat32>> weights);

    /**
     * Adds this layer's ops to a graph that training differentiates: the same function as {@link #call}, in ops whose
     * gradient in TensorFlow's C++ registry (what {@code tf.gradients} uses in TensorFlow Java) is right, or, for a
     * layer that acts only while training ({@link Dropout}), what it does then.
     *
     * @param tf ops in the graph
     * @param x the input
     * @param weights the layer's weights, by {@link WeightSpec#name()}
     * @param seed the seed of the layer's random ops, if it has any; the same seed gives the same draws
     * @return the output
     */
    default Operand<TFloat32> callForTraining(Ops tf, Operand<TFloat32> x, Map<String, Operand<TFloat32>> weights,
            long seed) {
        return call(tf, x, weights);
    }

    /**
     * @param config the node to fill with this layer's Keras config (the object under {@code "config"})
     */
    void writeKerasConfig(ObjectNode config);
}
