package io.github.cam4j.cli;

import io.github.cam4j.savedmodel.GradientWeighting;
import java.util.Locale;
import java.util.Optional;

/** The explanation methods' names on the command line ({@code --method}, {@code evaluate --also}). */
final class MethodNames {
    private MethodNames() {}

    /**
     * @param option the option's name, for the error
     * @param name what the user wrote
     * @param camAllowed whether {@code cam} is one of the choices
     * @return the gradient weighting the name means; empty for {@code cam}
     * @throws IllegalArgumentException naming the option and the choices for any other name
     */
    static Optional<GradientWeighting> parse(String option, String name, boolean camAllowed) {
        switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "gradcam", "grad-cam" -> {
                return Optional.of(GradientWeighting.GRAD_CAM);
            }
            case "gradcam++", "grad-cam++", "gradcampp" -> {
                return Optional.of(GradientWeighting.GRAD_CAM_PLUS_PLUS);
            }
            case "xgradcam", "xgrad-cam" -> {
                return Optional.of(GradientWeighting.XGRAD_CAM);
            }
            case "hirescam", "hires-cam" -> {
                return Optional.of(GradientWeighting.HIRES_CAM);
            }
            case "layercam", "layer-cam" -> {
                return Optional.of(GradientWeighting.LAYER_CAM);
            }
            case "cam" -> {
                if (camAllowed) {
                    return Optional.empty();
                }
            }
            default -> { }
        }
        throw new IllegalArgumentException(option + " '" + name + "' is not one of " + (camAllowed ? "cam, " : "")
                + "gradcam, gradcam++, xgradcam, hirescam, layercam");
    }

    /** @return CAM for none, else the gradient method's name, for titles */
    static String title(GradientWeighting weighting) {
        return weighting == null ? "CAM" : weighting.title();
    }
}
