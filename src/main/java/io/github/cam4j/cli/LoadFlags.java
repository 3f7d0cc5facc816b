package io.github.cam4j.cli;

import io.github.cam4j.savedmodel.LoadOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How any command opens models: trust, labels and pixel scaling ({@code @Mixin} of {@link ModelOptions} and evaluate). */
final class LoadFlags {
    @Option(names = "--trust", description = "skip the check of the model's ops against cam4j's allow-list (only for models you vouch for)")
    boolean trust;

    @Option(names = "--labels", paramLabel = "FILE", description = "class labels, one per line in class order (default: the model's own, else 0, 1, 2, ...)")
    Path labels;

    @Option(names = "--pixel-scale", description = "model input = pixel (0..255) x scale; for models without cam4j metadata (default: 1/255, or 1 for an imported model that rescales its input itself, e.g. with a Keras Rescaling layer)")
    Float pixelScale;

    /**
     * @return the defaults with these flags applied, each checked
     * @throws IllegalArgumentException when a flag's value or the labels file is unusable, saying which and why
     */
    LoadOptions options() {
        LoadOptions options = LoadOptions.defaults().withTrust(trust);
        if (pixelScale != null) {
            if (!Float.isFinite(pixelScale) || pixelScale == 0) {
                throw new IllegalArgumentException("--pixel-scale must be finite and non-zero, got " + pixelScale);
            }
            options = options.withPixelScale(pixelScale);
        }
        if (labels != null) {
            options = options.withLabels(LabelFile.read(labels));
        }
        return options;
    }
}
