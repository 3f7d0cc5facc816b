package io.github.cam4j.bench;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.FeatureMethod;
import io.github.cam4j.cam.PixelMethod;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import java.util.List;
import java.util.Locale;

/**
 * The soaks' {@code --method}: a session builder set for one method, named as the command line names the gradient-free
 * ones ({@code cam}, {@code scorecam}, {@code eigencam}, {@code fem}, {@code ablationcam}, {@code refinecam} on
 * Grad-CAM++, {@code saliency}, {@code smoothgrad}, {@code integratedgradients}) or a gradient weighting's constant
 * ({@code GRAD_CAM}, {@code GRAD_CAM_PLUS_PLUS}, {@code FINER_CAM}...).
 */
final class SoakMethods {
    private SoakMethods() {}

    /**
     * @param builder a session builder, its model not yet opened
     * @param method the method's name
     * @param layers the target layers ({@code --layers}), empty for the model's one
     * @return the builder, set for the method
     * @throws IllegalArgumentException naming the method when it is none of the above
     */
    static CamSession.Builder set(CamSession.Builder builder, String method, List<String> layers) {
        builder.optLayers(layers);
        switch (method.toLowerCase(Locale.ROOT)) {
            case "cam" -> {
                return builder;
            }
            case "scorecam" -> {
                return builder.optScoreCam(true);
            }
            case "eigencam" -> {
                return builder.optEigenCam(true);
            }
            case "fem" -> {
                return builder.optFeatureMethod(FeatureMethod.fem(FeatureMethod.DEFAULT_FEM_K));
            }
            case "ablationcam" -> {
                return builder.optAblationCam(true);
            }
            case "refinecam" -> {
                return gradients(builder, GradientWeighting.GRAD_CAM_PLUS_PLUS).optRefine(true);
            }
            case "saliency" -> {
                return builder.optPixelMethod(PixelMethod.saliency());
            }
            case "smoothgrad" -> {
                return builder.optPixelMethod(PixelMethod.smoothGrad(PixelMethod.DEFAULT_SAMPLES,
                        PixelMethod.DEFAULT_NOISE, PixelMethod.DEFAULT_SEED));
            }
            case "integratedgradients" -> {
                return builder.optPixelMethod(PixelMethod.integratedGradients(PixelMethod.DEFAULT_STEPS));
            }
            default -> {
                try {
                    return gradients(builder, GradientWeighting.valueOf(method.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--method " + method + ": not cam, scorecam, eigencam, fem,"
                            + " ablationcam, refinecam, saliency, smoothgrad, integratedgradients or a GradientWeighting"
                            + " constant (GRAD_CAM, GRAD_CAM_PLUS_PLUS, FINER_CAM...)", e);
                }
            }
        }
    }

    private static CamSession.Builder gradients(CamSession.Builder builder, GradientWeighting weighting) {
        return builder.optLoadOptions(LoadOptions.defaults().withGradients(weighting));
    }
}
