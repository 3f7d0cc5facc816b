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

    /**
     * A refusal thrown on a pool thread of a batch explained in parallel (8 pictures or more) is said in its own words:
     * the pool's copy of it read "java.lang.IllegalArgumentException: KPCA-CAM's rbf kernel is the identity ...",
     * evaluate's error line for --kpca-kernel rbf --kpca-gamma 1e300. Each picture's work takes 50 ms, so the pool's
     * threads take some of them while the calling thread works on its own.
     */
    @Test
    void aRefusalOnAPoolThreadKeepsItsOwnMessage() {
        Thread caller = Thread.currentThread();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BatchRun.parallelOver(16, i -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
            if (Thread.currentThread() != caller) {
                throw new IllegalArgumentException("picture " + i + " refused");
            }
        }));
        assertTrue(e.getMessage().matches("picture \\d+ refused"), e.getMessage());
    }
}
