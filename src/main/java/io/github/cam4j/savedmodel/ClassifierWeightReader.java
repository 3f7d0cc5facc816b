package io.github.cam4j.savedmodel;

import io.github.cam4j.model.TensorData;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;

/** Reads a classifier's kernel and bias from a graph's tensors once, checking their shapes against each other. */
final class ClassifierWeightReader {
    private ClassifierWeightReader() {}

    /**
     * @param session the session over the graph
     * @param kernelName the kernel's tensor, {@code [K, classes]}
     * @param biasName the bias's tensor, {@code [classes]}, or null for none (zeros)
     * @return the weights
     * @throws ModelLoadException when a tensor is missing or of another shape, naming it
     */
    static ClassifierWeights read(Session session, String kernelName, String biasName) throws ModelLoadException {
        Output<?> kernelOut = GraphTensors.find(session.graph(), kernelName, "kernel");
        GraphTensors.requireRank(kernelOut, 2, "kernel", kernelName);
        float[] kernel;
        long[] kernelShape;
        try (Result r = session.runner().fetch(kernelOut).run()) {
            kernelShape = r.get(0).shape().asArray();
            if (kernelShape.length != 2) {
                throw new ModelLoadException("kernel tensor '" + kernelName + "' has shape " + r.get(0).shape()
                        + ", expected [K, classes]");
            }
            kernel = TensorData.toArray(r.get(0));
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("kernel tensor '" + kernelName + "': " + e.getMessage(), e);
        }
        float[] bias = new float[(int) kernelShape[1]];
        if (biasName != null) {
            Output<?> biasOut = GraphTensors.find(session.graph(), biasName, "bias");
            try (Result r = session.runner().fetch(biasOut).run()) {
                if (r.get(0).shape().numDimensions() != 1 || r.get(0).shape().get(0) != kernelShape[1]) {
                    throw new ModelLoadException("bias tensor '" + biasName + "' has shape " + r.get(0).shape()
                            + ", expected [" + kernelShape[1] + "] to match the kernel's classes");
                }
                bias = TensorData.toArray(r.get(0));
            } catch (IllegalArgumentException e) {
                throw new ModelLoadException("bias tensor '" + biasName + "': " + e.getMessage(), e);
            }
        }
        return ClassifierWeights.fromFlat(kernel, bias);
    }
}
