package io.github.cam4j.savedmodel;

import io.github.cam4j.model.Sequential;
import io.github.cam4j.model.TensorData;
import io.github.cam4j.model.WeightSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;

/**
 * Reads the trained weights back out of a cam4j SavedModel, by the names {@link CamModelExporter} gave its variables
 * (each {@link WeightSpec#name()} of the architecture in the model's metadata), so that a copy with some of them changed
 * can be exported again: the layer-by-layer randomisation of the sanity check re-draws the top layers and keeps the rest.
 *
 * <pre>{@code
 * Map<String, float[]> trained = ContractWeights.read(Path.of("saved_models/mnist-pooled"), architecture);
 * }</pre>
 */
public final class ContractWeights {
    private ContractWeights() {}

    /**
     * @param dir a cam4j SavedModel folder
     * @param architecture the architecture it was exported from (its metadata's)
     * @return every weight's values by name, in the architecture's order
     * @throws ModelLoadException when the folder cannot be loaded, or holds no variable of a weight's name and size
     */
    public static Map<String, float[]> read(Path dir, Sequential architecture) throws ModelLoadException {
        try (SavedModelBundle bundle = CamModelLoader.loadBundle(dir)) {
            Map<String, float[]> weights = new LinkedHashMap<>();
            for (WeightSpec spec : architecture.weights()) {
                if (bundle.graph().operation(spec.name()) == null) {
                    throw new ModelLoadException(dir + " has no variable '" + spec.name() + "' for the weight its"
                            + " architecture names: it was not exported by cam4j from that architecture");
                }
                float[] values;
                try (Result r = bundle.session().runner().fetch(spec.name()).run()) {
                    Tensor t = r.get(0);
                    values = TensorData.toArray(t);
                } catch (RuntimeException e) {
                    throw new ModelLoadException(dir + ": cannot read variable '" + spec.name() + "': " + e.getMessage(), e);
                }
                if (values.length != spec.size()) {
                    throw new ModelLoadException(dir + ": variable '" + spec.name() + "' holds " + values.length
                            + " values, its architecture's weight " + spec.size());
                }
                weights.put(spec.name(), values);
            }
            return weights;
        }
    }
}
