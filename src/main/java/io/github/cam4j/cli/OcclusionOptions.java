package io.github.cam4j.cli;

import io.github.cam4j.cam.Occlusion;
import java.util.Collection;
import picocli.CommandLine.Option;

/**
 * Occlusion sensitivity's settings ({@code @Mixin} of {@link ModelOptions} and evaluate), refused where no method given
 * is {@code occlusion}, rather than ignored.
 */
final class OcclusionOptions {
    @Option(names = "--occlusion-patch", paramLabel = "N", description = "occlusion: the side of the square tiles painted grey in turn, in the model input's pixels, 1 up to the input's sides (default: " + Occlusion.DEFAULT_PATCH + ", as tf-explain's README and tests: 7x7 tiles, 49 model runs, on a 28x28 input; tf-explain has no default)")
    Integer patch;

    @Option(names = "--occlusion-fill", paramLabel = "PIXEL", description = "occlusion: the grey the tiles are painted, a pixel value 0..255 as the model sees its pictures (after any inversion), brought to the model's input as any pixel (default: 127.5, tf-explain's; 0 erases to MNIST's black ground instead of painting half-strength ink)")
    Float fill;

    /**
     * @param method a method's name on the command line
     * @return occlusion with these settings when it names occlusion; null otherwise
     * @throws UsageException naming the option whose value cannot be one
     */
    Occlusion of(String method) {
        if (!MethodNames.isOcclusion(method)) {
            return null;
        }
        int side = patch == null ? Occlusion.DEFAULT_PATCH : patch;
        if (side < 1) {
            throw new UsageException("--occlusion-patch must be at least 1 pixel, got " + side);
        }
        float grey = fill == null ? Occlusion.DEFAULT_FILL : fill;
        if (!(grey >= 0 && grey <= 255)) {
            throw new UsageException("--occlusion-fill must be a pixel value 0..255, got " + fill);
        }
        return Occlusion.of(side).withFill(grey);
    }

    /**
     * Refuses a setting when none of {@code methods} is occlusion: silently ignored, it would suggest it was applied.
     *
     * @param methods the methods' names as given
     * @param option where they were given ({@code --method}, {@code --methods}, {@code --also})
     * @throws UsageException naming the setting
     */
    void checkUsed(Collection<String> methods, String option) {
        boolean named = methods.stream().anyMatch(MethodNames::isOcclusion);
        if (!named && (patch != null || fill != null)) {
            throw new UsageException((patch != null ? "--occlusion-patch" : "--occlusion-fill") + " is occlusion's"
                    + " setting, and " + option + " does not name occlusion");
        }
        if (named) {
            of("occlusion");
        }
    }
}
