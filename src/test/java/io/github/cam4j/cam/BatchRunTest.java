package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A batch's failure is reported as the model failing on its pictures only when TensorFlow threw it: an exception of
 * cam4j's own Java work after the run (a fault of cam4j) was reported as "model ... failed on a batch", and for a
 * model fed another size than its own as the pictures' fault, which a run that keeps going then skipped.
 */
class BatchRunTest {

    @Test
    void tensorFlowsFailuresAreTheModelsAndJavaFaultsAreNot() {
        RuntimeException tf;
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tfOps = Ops.create(g);
            // A reshape that cannot be done, as a model that flattens its features fails on another input size. Its
            // exception (TFInvalidArgumentException) extends Java's IllegalArgumentException.
            var in = tfOps.placeholder(TFloat32.class);
            var reshaped = tfOps.reshape(in, tfOps.constant(new int[] {-1, 7}));
            try (TFloat32 five = TFloat32.tensorOf(Shape.of(5))) {
                tf = assertThrows(RuntimeException.class,
                        () -> s.runner().feed(in, five).fetch(reshaped).run().close());
            }
        }
        assertTrue(tf instanceof IllegalArgumentException, tf.getClass().getName());
        assertTrue(ModelFailure.fromTensorFlow(tf), tf.getClass().getName());

        float[][] rows = new float[3][];
        RuntimeException ours = assertThrows(IndexOutOfBoundsException.class, () -> rows[3] = new float[0]);
        assertFalse(ModelFailure.fromTensorFlow(ours));
        assertFalse(ModelFailure.fromTensorFlow(new IllegalArgumentException("a check of cam4j's")));
    }
}
