package io.github.cam4j.cli;

import io.github.cam4j.savedmodel.LoadOptions;
import picocli.CommandLine.Option;

/** How any command opens models: trust and pixel scaling ({@code @Mixin} of {@link ModelOptions} and evaluate). */
final class LoadFlags {
    @Option(names = "--trust", description = "skip the check of the model's ops against cam4j's allow-list (only for models you vouch for)")
    boolean trust;

    @Option(names = "--pixel-scale", description = "model input = pixel (0..255) x scale; for models without cam4j metadata (default: 1/255, or 1 for an imported model that rescales its input itself, e.g. with a Keras Rescaling layer)")
    Float pixelScale;

    /** @return the defaults with these flags applied, each checked */
    LoadOptions options() {
        LoadOptions options = LoadOptions.defaults().withTrust(trust);
        if (pixelScale != null) {
            if (!Float.isFinite(pixelScale) || pixelScale == 0) {
                throw new IllegalArgumentException("--pixel-scale must be finite and non-zero, got " + pixelScale);
            }
            options = options.withPixelScale(pixelScale);
        }
        return options;
    }
}
