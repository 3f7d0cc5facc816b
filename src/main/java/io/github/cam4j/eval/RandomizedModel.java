package io.github.cam4j.eval;

import io.github.cam4j.model.ModelConfigException;
import io.github.cam4j.model.Sequential;
import io.github.cam4j.savedmodel.CamContract;
import io.github.cam4j.savedmodel.ContractWeights;
import io.github.cam4j.savedmodel.CamModelExporter;
import io.github.cam4j.savedmodel.ModelLoadException;
import io.github.cam4j.savedmodel.ModelMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model-randomisation sanity check of Adebayo et al. ("Sanity Checks for Saliency Maps", NeurIPS 2018): the
 * same architecture with every weight (convolutions and classifier) re-drawn from its initialiser. An explanation
 * that looks the same for this model as for the trained one does not explain what the model learned.
 *
 * <pre>{@code
 * Optional<Path> random = RandomizedModel.export(Path.of("saved_models/mnist-pooled"), 1234, tmp.resolve("r"));
 * }</pre>
 *
 * <p>It needs the architecture, which cam4j SavedModels carry in their metadata asset. Foreign (Keras) SavedModels have
 * none; their twin is made instead by re-drawing the frozen weights of the imported graph
 * ({@link io.github.cam4j.savedmodel.LoadOptions#withRedrawnWeights}); other models without an architecture go without
 * this baseline.
 */
public final class RandomizedModel {
    private RandomizedModel() {}

    /**
     * @param modelDir a cam4j SavedModel folder
     * @param seed the seed of the re-drawn weights
     * @param into the folder to write (must not exist)
     * @return {@code into}, or empty when the model carries no architecture to rebuild
     * @throws ModelLoadException when the metadata or its architecture cannot be read
     * @throws IOException when the copy cannot be written
     */
    public static Optional<Path> export(Path modelDir, long seed, Path into) throws ModelLoadException, IOException {
        Optional<Sequential> architecture = architecture(modelDir);
        if (architecture.isEmpty()) {
            return Optional.empty();
        }
        write(modelDir, architecture.get(), architecture.get().initialWeights(seed), "-randomized", into);
        return Optional.of(into);
    }

    /**
     * One step of Adebayo et al.'s cascading randomisation: the top {@code layers} layers with weights re-drawn, from
     * the classifier down, and the layers below keeping their trained weights. Given {@link #export}'s draws for the
     * same seed ({@code architecture.initialWeights(seed)}), the last step is that twin.
     *
     * @param modelDir a cam4j SavedModel folder
     * @param architecture its architecture ({@link #architecture})
     * @param trained its trained weights ({@link ContractWeights#read}), read once for every step
     * @param drawn the re-drawn weights ({@link Sequential#initialWeights}), drawn once for every step
     * @param layers how many layers with weights to re-draw, from the top, 1 to all of them
     * @param into the folder to write (must not exist)
     * @return the names of the layers re-drawn, top first
     * @throws ModelLoadException when the model's metadata cannot be read
     * @throws IOException when the copy cannot be written
     */
    public static List<String> exportCascade(Path modelDir, Sequential architecture, Map<String, float[]> trained,
            Map<String, float[]> drawn, int layers, Path into) throws ModelLoadException, IOException {
        List<String> topFirst = layersTopFirst(architecture);
        if (layers < 1 || layers > topFirst.size()) {
            throw new IllegalArgumentException("layers to re-draw must be 1 to " + topFirst.size() + ", got " + layers);
        }
        List<String> redrawn = topFirst.subList(0, layers);
        Map<String, float[]> weights = new java.util.LinkedHashMap<>(trained);
        Map<String, List<String>> byLayer = architecture.weightNamesByLayer();
        for (String layer : redrawn) {
            for (String weight : byLayer.get(layer)) {
                weights.put(weight, drawn.get(weight));
            }
        }
        write(modelDir, architecture, weights, "-cascade-" + layers, into);
        return List.copyOf(redrawn);
    }

    /**
     * @param architecture a model's architecture
     * @return its layers with weights, the classifier first: the order the cascade re-draws them in
     */
    public static List<String> layersTopFirst(Sequential architecture) {
        List<String> layers = new ArrayList<>(architecture.weightNamesByLayer().keySet());
        Collections.reverse(layers);
        return layers;
    }

    /**
     * @param modelDir a cam4j SavedModel folder
     * @return the architecture its metadata carries, or empty when it carries none (a foreign SavedModel)
     * @throws ModelLoadException when the metadata or its architecture cannot be read
     */
    public static Optional<Sequential> architecture(Path modelDir) throws ModelLoadException {
        Path asset = modelDir.resolve("assets").resolve(CamContract.METADATA_ASSET);
        if (!Files.isRegularFile(asset)) {
            return Optional.empty();
        }
        ModelMetadata trained = ModelMetadata.read(asset);
        if (trained.architecture() == null || trained.architecture().isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Sequential.fromJson(trained.architecture().toString()));
        } catch (ModelConfigException e) {
            throw new ModelLoadException(asset + ": its architecture cannot be rebuilt: " + e.getMessage(), e);
        }
    }

    private static void write(Path modelDir, Sequential architecture, Map<String, float[]> weights, String suffix,
            Path into) throws ModelLoadException, IOException {
        ModelMetadata trained = ModelMetadata.read(modelDir.resolve("assets").resolve(CamContract.METADATA_ASSET));
        ModelMetadata copy = new ModelMetadata(trained.format(), trained.cam4jVersion(), trained.name() + suffix,
                trained.architecture(), trained.input(), trained.labels(), null, null, null);
        CamModelExporter.export(architecture, weights, copy, into);
    }
}
