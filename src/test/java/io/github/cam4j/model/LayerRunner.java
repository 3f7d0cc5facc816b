package io.github.cam4j.model;

import java.util.HashMap;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Runs one layer in a real TensorFlow graph on given input and weights, for checks against hand computation. */
final class LayerRunner {
    private LayerRunner() {}

    record Output(long[] shape, float[] values) {}

    static Output run(Layer layer, long[] inputShape, float[] input, Map<String, float[]> weights) throws Exception {
        return run(layer, inputShape, input, weights, false);
    }

    /** As {@link #run(Layer, long[], float[], Map)}, by {@link Layer#callForTraining} when {@code training}. */
    static Output run(Layer layer, long[] inputShape, float[] input, Map<String, float[]> weights, boolean training)
            throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> x = tf.constant(Shape.of(inputShape), DataBuffers.of(input));
            Map<String, Operand<TFloat32>> w = new HashMap<>();
            for (WeightSpec spec : layer.weights(inputShape)) {
                w.put(spec.name(), tf.constant(Shape.of(spec.shape()), DataBuffers.of(weights.get(spec.name()))));
            }
            Operand<TFloat32> y = training ? layer.callForTraining(tf, x, w, 42L) : layer.call(tf, x, w);
            try (Result r = s.runner().fetch(y).run()) {
                return new Output(r.get(0).shape().asArray(), TensorData.toArray(r.get(0)));
            }
        }
    }
}
