package io.github.cam4j.cam;

import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The warnings a {@link CamSession} gives when it opens a model, for those who use the model without a session (the
 * activation maximizer): load options that override the model's metadata ({@code --pixel-scale}, {@code
 * --pixel-offset}, {@code --ink}), and inputs that every picture reaches nearly alike. {@code cam4j maximize
 * --pixel-offset -1} drew pictures for a model fed pixels it was not trained on, without the word {@code explain}
 * says.
 *
 * <pre>{@code
 * try (CamModel model = CamModelLoader.load(dir, options)) {
 *     LoadWarnings.say(model, dir, options, w -> System.err.println("warning: " + w));
 * }
 * }</pre>
 */
public final class LoadWarnings {
    private LoadWarnings() {}

    /**
     * @param model the model, opened with {@code options}
     * @param modelDir the folder it was opened from, whose metadata the options are checked against
     * @param options the options it was opened with
     * @param warnings where each warning goes, one line naming the option and the model
     * @throws ModelLoadException when the model's metadata cannot be read
     */
    public static void say(CamModel model, Path modelDir, LoadOptions options, Consumer<String> warnings)
            throws ModelLoadException {
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(modelDir, "modelDir is null: the folder the model was opened from");
        Objects.requireNonNull(options, "options is null: the LoadOptions the model was opened with");
        Objects.requireNonNull(warnings, "warnings is null: warning -> { } to drop them");
        MetadataOverrides.warn(modelDir, options, warnings);
        MetadataOverrides.farInputs(model.input()).ifPresent(warnings);
    }
}
