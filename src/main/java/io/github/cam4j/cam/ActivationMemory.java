package io.github.cam4j.cam;

import java.util.Iterator;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;

/**
 * How much memory a model's run on large pictures needs, estimated from its graph before the run: TensorFlow Java does
 * not check an allocation that fails, and a run too large for the machine ended the JVM (a SIGSEGV in
 * {@code Tensor::CheckTypeAndIsAligned}, helper-161's audit: activation maximization at 16384x16384).
 *
 * <p>The estimate counts every float operation output of rank 4 whose channels the graph fixes, 4 bytes a value: at its
 * own size where the graph fixes its height and width too (a {@code keras.applications} model's), else as if at the
 * picture's full resolution. Pooling and strides make an open-size graph's outputs smaller, so for those it errs high:
 * the bundled pooled model's serving graph counts 897 channels, 3.6 kB a pixel, and its graph for activation
 * maximization, the gradients' outputs included, 8.7 kB.
 */
public final class ActivationMemory {
    /** The share of the machine's memory a run may be estimated to take. */
    static final double SHARE = 0.8;

    private ActivationMemory() {}

    /**
     * @param graph the graph the run uses
     * @param pixels the picture's height times width
     * @return the estimated bytes of one picture's run: 4 per value of the graph's 4-D float outputs
     */
    static double bytesPerPicture(Graph graph, long pixels) {
        double bytes = 0;
        Iterator<GraphOperation> ops = graph.operations();
        while (ops.hasNext()) {
            GraphOperation op = ops.next();
            for (int i = 0; i < op.numOutputs(); i++) {
                Shape shape = op.output(i).shape();
                if (shape.numDimensions() == 4 && shape.size(3) > 0 && op.output(i).dataType() == DataType.DT_FLOAT) {
                    boolean sized = shape.size(1) > 0 && shape.size(2) > 0;
                    bytes += 4.0 * shape.size(3) * (sized ? shape.size(1) * shape.size(2) : pixels);
                }
            }
        }
        return bytes;
    }

    /**
     * @return this machine's physical memory in bytes (a container's limit where one is set), which a run's estimated
     *     memory is weighed against; read once per process
     */
    public static long physicalBytes() {
        return Physical.BYTES;
    }

    /**
     * Read at first use and kept: the JDK reads the container's limit from its files on every call, 155 µs each here,
     * and every batch is weighed against it, a video's every frame among them.
     */
    private static final class Physical {
        static final long BYTES = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
    }
}
