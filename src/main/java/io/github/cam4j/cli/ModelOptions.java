package io.github.cam4j.cli;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.Invert;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import io.github.cam4j.savedmodel.TensorNames;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command that opens a model shares ({@code @Mixin}). */
final class ModelOptions {
    @Option(names = "--model", required = true, description = "a SavedModel folder (cam4j's, Python Keras', or any with --features/--logits/--kernel)")
    Path model;

    @Option(names = "--trust", description = "skip the check of the model's ops against cam4j's allow-list (only for models you vouch for)")
    boolean trust;

    @Option(names = "--pixel-scale", description = "model input = pixel (0..255) x scale; for models without cam4j metadata (default: 1/255; a Keras model with a Rescaling layer inside wants 1)")
    Float pixelScale;

    @Option(names = "--invert", defaultValue = "auto", description = "auto, never or always: invert dark-on-light pictures for models trained on light-on-dark digits (default: ${DEFAULT-VALUE})")
    String invert;

    @Option(names = "--features", description = "tensor name of the last convolution's activations (overrides what import finds; with --input, --logits, --kernel: opens any graph by names)")
    String features;

    @Option(names = "--logits", description = "tensor name of the logits (with --features)")
    String logits;

    @Option(names = "--kernel", description = "tensor name of the classifier kernel [K, classes] (with --features)")
    String kernel;

    @Option(names = "--bias", description = "tensor name of the classifier bias (with --features)")
    String bias;

    @Option(names = "--signature", description = "the signature of a foreign SavedModel to import (default: serving_default)")
    String signature;

    @Option(names = "--input", description = "tensor name of the images input (with --features)")
    String input;

    /** @return a session over the model, as the options say */
    CamSession open(boolean keepInputSize) throws ModelLoadException {
        return CamSession.builder().setModel(model).optLoadOptions(loadOptions()).optInvert(invertMode())
                .optKeepInputSize(keepInputSize).build();
    }

    LoadOptions loadOptions() {
        LoadOptions options = LoadOptions.defaults().withTrust(trust);
        if (pixelScale != null) {
            if (!Float.isFinite(pixelScale) || pixelScale == 0) {
                throw new IllegalArgumentException("--pixel-scale must be finite and non-zero, got " + pixelScale);
            }
            options = options.withPixelScale(pixelScale);
        }
        if (kernel != null || input != null || bias != null) {
            // A graph without cam4j's signature, opened by names (TF1 style).
            if (features == null || logits == null || kernel == null || input == null) {
                throw new IllegalArgumentException("--input, --features, --logits and --kernel go together (--bias is optional)");
            }
            options = options.withTensors(new TensorNames(input, features, logits, null), kernel, bias);
        } else if (features != null || logits != null) {
            // A foreign SavedModel: replace what import finds.
            options = options.withFoundOverrides(features, logits);
        }
        if (signature != null) {
            options = options.withSignature(signature);
        }
        return options;
    }

    Invert invertMode() {
        for (Invert mode : Invert.values()) {
            if (mode.name().equalsIgnoreCase(invert)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("--invert '" + invert + "' is not one of auto, never, always");
    }
}
