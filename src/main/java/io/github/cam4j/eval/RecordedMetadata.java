package io.github.cam4j.eval;

import io.github.cam4j.savedmodel.CamContract;
import io.github.cam4j.savedmodel.ModelLoadException;
import io.github.cam4j.savedmodel.ModelMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The cam4j metadata a model folder carries ({@code assets/cam4j.json}), for what the report says of the model. */
final class RecordedMetadata {
    private RecordedMetadata() {}

    /** @return the metadata of the cam4j model in {@code modelPath}, empty for a folder without any (a foreign model) */
    static Optional<ModelMetadata> of(String modelPath) {
        if (modelPath == null) {
            return Optional.empty();
        }
        Path asset = Path.of(modelPath).resolve("assets").resolve(CamContract.METADATA_ASSET);
        if (!Files.isRegularFile(asset)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ModelMetadata.read(asset));
        } catch (ModelLoadException e) {
            // The model was opened from this folder already; a metadata file unreadable now changes only the wording.
            return Optional.empty();
        }
    }
}
