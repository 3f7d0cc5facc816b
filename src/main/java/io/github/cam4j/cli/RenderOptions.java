package io.github.cam4j.cli;

import io.github.cam4j.render.Colormap;
import picocli.CommandLine.Option;

/** How explanations are drawn ({@code @Mixin} of the commands that write pictures). */
final class RenderOptions {
    @Option(names = "--colormap", defaultValue = "jet", converter = Choices.ColormapName.class, description = "an OpenCV colormap name (default: ${DEFAULT-VALUE})")
    String colormap;

    @Option(names = "--alpha", defaultValue = "0.5", converter = NumberText.TypedDoubles.class, description = "weight of the heatmap over the image, 0..1 (default: ${DEFAULT-VALUE})")
    NumberText.Typed alpha;

    @Option(names = "--threshold", defaultValue = "0.2", converter = NumberText.TypedDoubles.class,
            description = "CAM box: round the largest connected region of pixels at or above this fraction of the map's"
                    + " maximum (default: ${DEFAULT-VALUE}, the paper's); the hottest point, the cross, may lie in a"
                    + " smaller region outside it")
    NumberText.Typed threshold;

    /** @return the colormap, checked */
    Colormap colormap() {
        return Colormap.byName(colormap);
    }

    /** @return the heatmap's weight over the image ({@code --alpha}) */
    double alpha() {
        return alpha.value();
    }

    /** @return the CAM box's fraction of the map's maximum ({@code --threshold}) */
    double threshold() {
        return threshold.value();
    }

    /** Checks alpha and threshold, naming the option at fault and quoting its value as typed ("got 2", not "2.0"). */
    void validate() {
        if (!(alpha() >= 0 && alpha() <= 1)) {
            throw new UsageException("--alpha must be in [0, 1], got " + alpha);
        }
        if (!(threshold() > 0 && threshold() <= 1)) {
            throw new UsageException("--threshold must be in (0, 1], got " + threshold);
        }
        colormap();
    }
}
