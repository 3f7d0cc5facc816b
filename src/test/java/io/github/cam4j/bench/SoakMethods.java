package io.github.cam4j.bench;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.FeatureMethod;
import io.github.cam4j.cam.KpcaKernel;
import io.github.cam4j.cam.Occlusion;
import io.github.cam4j.cam.PixelMethod;
import io.github.cam4j.cam.ScoreCamVariant;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import java.util.List;
import java.util.Locale;

/**
 * The soaks' {@code --method}: a session builder set for one method, named as the command line names the gradient-free
 * ones ({@code cam}, {@code scorecam}, {@code sscam}, {@code iscam}, {@code eigencam}, {@code fem}, {@code kpcacam}
 * (sigmoid kernel), {@code randomcam} (seed 0), {@code ablationcam}, {@code occlusion} (patch 4), {@code refinecam} on Grad-CAM++, {@code saliency},
 * {@code gradientxinput}, {@code smoothgrad}, {@code integratedgradients}, {@code fullgrad}), each with its defaults, or
 * a gradient weighting's constant ({@code GRAD_CAM}, {@code GRAD_CAM_PLUS_PLUS}, {@code FINER_CAM},
 * {@code SMOOTH_GRAD_CAM_PLUS_PLUS}...); and the smoothing options ({@code --smooth aug,eigen}).
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
            case "sscam" -> {
                return builder.optScoreCamVariant(ScoreCamVariant.ssCam());
            }
            case "iscam" -> {
                return builder.optScoreCamVariant(ScoreCamVariant.isCam());
            }
            case "kpcacam" -> {
                return builder.optFeatureMethod(FeatureMethod.kpcaCam(KpcaKernel.SIGMOID));
            }
            case "randomcam" -> {
                return builder.optFeatureMethod(FeatureMethod.randomCam(FeatureMethod.DEFAULT_RANDOM_SEED));
            }
            case "occlusion" -> {
                return builder.optOcclusion(Occlusion.of(Occlusion.DEFAULT_PATCH));
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
            case "gradientxinput" -> {
                return builder.optPixelMethod(PixelMethod.gradientTimesInput());
            }
            case "fullgrad" -> {
                return builder.optPixelMethod(PixelMethod.fullGrad());
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
                    throw new IllegalArgumentException("--method " + method + ": not cam, scorecam, sscam, iscam,"
                            + " eigencam, fem, kpcacam, randomcam, ablationcam, occlusion, refinecam, saliency, gradientxinput,"
                            + " smoothgrad, integratedgradients, fullgrad or a GradientWeighting constant (GRAD_CAM,"
                            + " GRAD_CAM_PLUS_PLUS, FINER_CAM, SMOOTH_GRAD_CAM_PLUS_PLUS...)", e);
                }
            }
        }
    }

    /**
     * @param builder a session builder
     * @param smoothing the soaks' {@code --smooth}: empty for none, else {@code aug}, {@code eigen} or both,
     *     comma-separated ({@code optAugSmooth}, {@code optEigenSmooth})
     * @return the builder, smoothing so
     * @throws IllegalArgumentException naming a smoothing that is neither
     */
    static CamSession.Builder smooth(CamSession.Builder builder, String smoothing) {
        for (String s : smoothing.isEmpty() ? new String[0] : smoothing.split(",")) {
            switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "aug" -> builder.optAugSmooth(true);
                case "eigen" -> builder.optEigenSmooth(true);
                default -> throw new IllegalArgumentException("--smooth " + smoothing + ": " + s + " is not aug or eigen");
            }
        }
        return builder;
    }

    private static CamSession.Builder gradients(CamSession.Builder builder, GradientWeighting weighting) {
        return builder.optLoadOptions(LoadOptions.defaults().withGradients(weighting));
    }
}
