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
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> x = tf.constant(Shape.of(inputShape), DataBuffers.of(input));
            Map<String, Operand<TFloat32>> w = new HashMap<>();
            for (WeightSpec spec : layer.weights(inputShape)) {
                w.put(spec.name(), tf.constant(Shape.of(spec.shape()), DataBuffers.of(weights.get(spec.name()))));
            }
            Operand<TFloat32> y = layer.call(tf, x, w);
            try (Result r = s.runner().fetch(y).run()) {
                return new Output(r.get(0).shape().asArray(), TensorData.toArray(r.get(0)));
            }
        }
    }
}
