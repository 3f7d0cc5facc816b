package io.github.cam4j.cli;

import io.github.cam4j.savedmodel.BundledModels;
import io.github.cam4j.savedmodel.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a {@code --model} argument names: an existing folder as given; otherwise, when it is the bare name of a bundled
 * model ({@code mnist-pooled}, {@code mnist-unpooled}), that model, copied out of the cam4j jar
 * ({@link BundledModels}). A folder of that name in the working directory wins, so a retrained model is never hidden.
 */
final class ModelPaths {
    private ModelPaths() {}

    static Path resolve(Path given) throws ModelLoadException {
        if (Files.exists(given) || given.getNameCount() != 1 || !BundledModels.isBundled(given.toString())) {
            return given;
        }
        return BundledModels.locate(given.toString());
    }
}
