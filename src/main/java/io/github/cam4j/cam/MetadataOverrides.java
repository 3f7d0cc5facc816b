package io.github.cam4j.cam;

import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Warns when load options contradict what a model's metadata records of its training: a pixel scale or an ink the
 * model was not trained on is the caller's to give (a model's metadata can be wrong), but said, not silently applied.
 * The bundled models told {@code --ink dark} read a photographed 4 as a 0 at p=1.0, and told
 * {@code withPixelScale(1)} a 7 at p=1.0 with logits in the thousands, without a word, where {@code --invert never},
 * the same mistake made another way, was warned about.
 */
final class MetadataOverrides {
    private MetadataOverrides() {}

    /**
     * @param modelDir the model's folder
     * @param options how it is opened
     * @param warnings where each contradiction goes, one line naming the option and the model
     * @throws ModelLoadException when the metadata cannot be read
     */
    static void warn(Path modelDir, LoadOptions options, Consumer<String> warnings) throws ModelLoadException {
        Float toldScale = options.pixelScale();
        if (toldScale != null) {
            Optional<Float> recorded = CamModelLoader.recordedPixelScale(modelDir);
            if (recorded.isPresent() && Math.abs(recorded.get() - toldScale) > 1e-6f * Math.abs(recorded.get())) {
                warnings.accept("--pixel-scale " + toldScale + " (LoadOptions.withPixelScale) overrides the metadata of "
                        + modelDir + ", which records training on pixels x " + recorded.get() + ": pictures reach it"
                        + " scaled otherwise than in training; leave the option out to use the metadata");
            }
        }
        Boolean toldInk = options.lightOnDark();
        if (toldInk != null) {
            Optional<Boolean> recorded = CamModelLoader.recordedInk(modelDir);
            if (recorded.isPresent() && !recorded.get().equals(toldInk)) {
                String trained = recorded.get() ? "light ink on a dark ground" : "dark ink on a light ground";
                String other = recorded.get() ? "dark ink on a light ground" : "light ink on a dark ground";
                warnings.accept("--ink " + (toldInk ? "light" : "dark") + " (LoadOptions.withInk(" + toldInk + "))"
                        + " overrides the metadata of " + modelDir + ", which records training on " + trained
                        + ": pictures of " + other + " then reach it uninverted, the ink it was not trained on; leave"
                        + " --ink out to use the metadata");
            }
        }
    }
}
