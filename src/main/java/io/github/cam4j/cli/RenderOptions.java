package io.github.cam4j.cli;

import io.github.cam4j.render.Colormap;
import picocli.CommandLine.Option;

/** How explanations are drawn ({@code @Mixin} of the commands that write pictures). */
final class RenderOptions {
    @Option(names = "--colormap", defaultValue = "jet", converter = Choices.ColormapName.class, description = "an OpenCV colormap name (default: ${DEFAULT-VALUE})")
    String colormap;

    @Option(names = "--alpha", defaultValue = "0.5", description = "weight of the heatmap over the image, 0..1 (default: ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--threshold", defaultValue = "0.2", description = "CAM box: keep pixels above this fraction of the map's maximum (default: ${DEFAULT-VALUE}, the paper's)")
    double threshold;

    /** @return the colormap, checked */
    Colormap colormap() {
        return Colormap.byName(colormap);
    }

    /** Checks alpha and threshold, naming the option at fault. */
    void validate() {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new UsageException("--alpha must be in [0, 1], got " + alpha);
        }
        if (!(threshold > 0 && threshold <= 1)) {
            throw new UsageException("--threshold must be in (0, 1], got " + threshold);
        }
        colormap();
    }
}
