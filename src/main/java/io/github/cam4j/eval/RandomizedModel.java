package io.github.cam4j.eval;

import io.github.cam4j.model.ModelConfigException;
import io.github.cam4j.model.Sequential;
import io.github.cam4j.savedmodel.CamContract;
import io.github.cam4j.savedmodel.CamModelExporter;
import io.github.cam4j.savedmodel.ModelLoadException;
import io.github.cam4j.savedmodel.ModelMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Path asset = modelDir.resolve("assets").resolve(CamContract.METADATA_ASSET);
        if (!Files.isRegularFile(asset)) {
            return Optional.empty();
        }
        ModelMetadata trained = ModelMetadata.read(asset);
        if (trained.architecture() == null || trained.architecture().isNull()) {
            return Optional.empty();
        }
        Sequential architecture;
        try {
            architecture = Sequential.fromJson(trained.architecture().toString());
        } catch (ModelConfigException e) {
            throw new ModelLoadException(asset + ": its architecture cannot be rebuilt: " + e.getMessage(), e);
        }
        Map<String, float[]> weights = architecture.initialWeights(seed);
        ModelMetadata randomized = new ModelMetadata(trained.format(), trained.cam4jVersion(), trained.name() + "-randomized",
                trained.architecture(), trained.input(), trained.labels(), null, null, null);
        CamModelExporter.export(architecture, weights, randomized, into);
        return Optional.of(into);
    }
}
