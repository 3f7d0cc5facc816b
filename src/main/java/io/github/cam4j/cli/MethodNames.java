package io.github.cam4j.cli;

import io.github.cam4j.savedmodel.GradientWeighting;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The explanation methods' names on the command line ({@code --method}, {@code evaluate --also}). */
final class MethodNames {
    private MethodNames() {}

    /**
     * Every method, in the order {@code compare} draws them and {@code --method}'s errors list them: a new method joins
     * every command's choices by one line here (and its case in {@link #parse}).
     */
    static final List<String> ALL = List.of(
            "cam",
            "gradcam",
            "gradcam++",
            "xgradcam",
            "hirescam",
            "layercam",
            "gradcam-elementwise",
            "finercam",
            "shapleycam",
            "scorecam",
            "eigencam",
            "fem",
            "kpcacam",
            "randomcam",
            "ablationcam",
            "smoothgradcam++",
            "sscam",
            "iscam",
            "refinecam",
            "occlusion",
            "saliency",
            "gradxinput",
            "smoothgrad",
            "integratedgradients",
            "fullgrad");

    /** {@link #ALL} for picocli's {@code completionCandidates}, so that help texts list it as {@code ${COMPLETION-CANDIDATES}}. */
    static final class Candidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ALL.iterator();
        }
    }

    /**
     * @param option the option's name, for the error
     * @param name what the user wrote
     * @param camAllowed whether {@code cam} is one of the choices
     * @return the gradient weighting the name means; empty for {@code cam}
     * @throws IllegalArgumentException naming the option and the choices for any other name
     */
    static Optional<GradientWeighting> parse(String option, String name, boolean camAllowed) {
        if (isGradientFree(name)) {
            // Not gradient methods: callers ask isScoreCam, isEigenCam, isAblationCam, isFeatureMethod, isOcclusion
            // and isPixelMethod first. Their spellings are those predicates', kept in one place.
            return Optional.empty();
        }
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
            case "gradcam-elementwise", "gradcamelementwise", "grad-cam-elementwise" -> {
                return Optional.of(GradientWeighting.GRAD_CAM_ELEMENT_WISE);
            }
            case "finercam", "finer-cam" -> {
                return Optional.of(GradientWeighting.FINER_CAM);
            }
            case "shapleycam", "shapley-cam" -> {
                return Optional.of(GradientWeighting.SHAPLEY_CAM);
            }
            case "smoothgradcam++", "smoothgradcampp", "smooth-grad-cam++" -> {
                return Optional.of(GradientWeighting.SMOOTH_GRAD_CAM_PLUS_PLUS);
            }
            case "cam" -> {
                if (camAllowed) {
                    return Optional.empty();
                }
            }
            default -> { }
        }
        throw new IllegalArgumentException(option + " " + notAChoice(name, camAllowed));
    }

    /**
     * @param name what the user wrote, a method {@link #parse} or the gradient-free checks accept
     * @return the method's name as {@link #ALL} spells it: one name for every spelling ("Grad-CAM", "gradcam")
     */
    static String canonical(String name) {
        for (String m : ALL) {
            boolean same = isGradientFree(m) ? isGradientFree(name) && gradientFreeName(name).equals(m)
                    : !isGradientFree(name) && parse("--method", m, true).equals(parse("--method", name, true));
            if (same) {
                return m;
            }
        }
        throw new IllegalArgumentException(notAChoice(name, true));
    }

    /**
     * @param weighting a gradient method
     * @return its name as {@link #ALL} spells it ("gradcam-elementwise" for Grad-CAM element-wise)
     */
    static String name(GradientWeighting weighting) {
        return ALL.stream().filter(m -> !isGradientFree(m) && parse("--method", m, true).orElse(null) == weighting)
                .findFirst().orElseThrow();
    }

    /** @return the gradient-free method's name as {@link #ALL} spells it */
    private static String gradientFreeName(String name) {
        return isScoreCam(name) ? "scorecam" : isEigenCam(name) ? "eigencam" : isFem(name) ? "fem"
                : isKpcaCam(name) ? "kpcacam" : isRandomCam(name) ? "randomcam" : isSsCam(name) ? "sscam"
                : isIsCam(name) ? "iscam" : isRefineCam(name) ? "refinecam" : isOcclusion(name) ? "occlusion"
                : isAblationCam(name) ? "ablationcam" : pixelName(name);
    }

    /**
     * @param name what the user wrote
     * @return whether it names Score-CAM, which weighs the channels by masked model runs, not by gradients
     */
    static boolean isScoreCam(String name) {
        return spelled(name, "scorecam", "score-cam");
    }

    /**
     * @param name what the user wrote
     * @return whether it names Eigen-CAM, which weighs the channels by their first principal component
     */
    static boolean isEigenCam(String name) {
        return spelled(name, "eigencam", "eigen-cam");
    }

    /**
     * @param name what the user wrote
     * @return whether it names FEM, which weighs each channel by the share of cells far above its mean
     */
    static boolean isFem(String name) {
        return spelled(name, "fem");
    }

    /**
     * @param name what the user wrote
     * @return whether it names KPCA-CAM, the features' first kernel principal component
     */
    static boolean isKpcaCam(String name) {
        return spelled(name, "kpcacam", "kpca-cam");
    }

    /**
     * @param name what the user wrote
     * @return whether it names RandomCAM, the baseline of seeded random channel weights
     */
    static boolean isRandomCam(String name) {
        return spelled(name, "randomcam", "random-cam");
    }

    /**
     * @param name what the user wrote
     * @return whether it names Finer-CAM, whose comparison {@link MethodOptions#finerComparison()} sets
     */
    static boolean isFinerCam(String name) {
        return !isGradientFree(name) && parse("--method", name, true).orElse(null) == GradientWeighting.FINER_CAM;
    }

    /**
     * @param name what the user wrote
     * @return whether it names FEM, KPCA-CAM or RandomCAM, made from the features alone ({@link MethodOptions})
     */
    static boolean isFeatureMethod(String name) {
        return isFem(name) || isKpcaCam(name) || isRandomCam(name);
    }

    /**
     * @param name what the user wrote
     * @return whether it names Ablation-CAM, which weighs the channels by the class score's drop when each is zeroed
     */
    static boolean isAblationCam(String name) {
        return spelled(name, "ablationcam", "ablation-cam");
    }

    /**
     * @param name what the user wrote
     * @return whether it names SS-CAM, torch-cam's Score-CAM with noisy masks
     */
    static boolean isSsCam(String name) {
        return spelled(name, "sscam", "ss-cam");
    }

    /**
     * @param name what the user wrote
     * @return whether it names occlusion sensitivity, which reads the class's probability with tiles of the input
     *     painted grey ({@link MethodOptions})
     */
    static boolean isOcclusion(String name) {
        return spelled(name, "occlusion", "occlusion-sensitivity");
    }

    /**
     * @param name what the user wrote
     * @return whether it names IS-CAM, torch-cam's Score-CAM integrated over scaled masked pictures
     */
    static boolean isIsCam(String name) {
        return spelled(name, "iscam", "is-cam");
    }

    /**
     * @param name what the user wrote
     * @return whether it names RefineCAM, pytorch-grad-cam's product of a base method's maps of several layers, whose
     *     base {@link MethodOptions#refineBase()} says
     */
    static boolean isRefineCam(String name) {
        return spelled(name, "refinecam", "refine-cam");
    }

    /**
     * @param name what the user wrote
     * @return whether it names Smooth Grad-CAM++, torch-cam's Grad-CAM++ over noisy copies of the picture
     */
    static boolean isSmoothGradCamPlusPlus(String name) {
        return !isGradientFree(name) && parse("--method", name, true).orElse(null)
                == GradientWeighting.SMOOTH_GRAD_CAM_PLUS_PLUS;
    }

    /**
     * @param name what the user wrote
     * @return whether it names a method that is no {@link GradientWeighting} of a feature layer's gradient: Score-CAM,
     *     SS-CAM, IS-CAM, Eigen-CAM, Ablation-CAM, FEM, KPCA-CAM, RandomCAM, occlusion, the pixel attribution
     *     methods ({@link #isPixelMethod}, whose gradient is the input's), and RefineCAM, whose weighting is its base
     *     method's ({@link MethodOptions#refineBase()})
     */
    static boolean isGradientFree(String name) {
        return isScoreCam(name) || isSsCam(name) || isIsCam(name) || isEigenCam(name) || isAblationCam(name)
                || isRefineCam(name)
                || isFeatureMethod(name) || isOcclusion(name) || isPixelMethod(name);
    }

    /** @return whether {@code name}, in any case and with spaces around it, is one of {@code spellings} */
    private static boolean spelled(String name, String... spellings) {
        return List.of(spellings).contains(name.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * @param name what the user wrote
     * @return the pixel attribution method's name as {@link #ALL} spells it ("ig" is "integratedgradients"), or null
     *     for any other method
     */
    static String pixelName(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "saliency" -> "saliency";
            case "gradxinput", "grad-x-input", "gradientsinputs" -> "gradxinput";
            case "smoothgrad", "smooth-grad" -> "smoothgrad";
            case "integratedgradients", "integrated-gradients", "ig" -> "integratedgradients";
            case "fullgrad", "full-grad" -> "fullgrad";
            default -> null;
        };
    }

    /**
     * @param name what the user wrote
     * @return whether it names a pixel attribution method (saliency, gradxinput, smoothgrad, integratedgradients,
     *     ig or fullgrad): the gradient of the class's logit by the model's input, no feature layer ({@link MethodOptions})
     */
    static boolean isPixelMethod(String name) {
        return pixelName(name) != null;
    }

    /**
     * @param name a pixel attribution method's name as given
     * @return what it takes its gradients at, for the messages that refuse a layer option beside it: FullGrad every bias
     *     layer's output besides the input (all of them: no target layer, as pytorch-grad-cam's FullGrad ignores its
     *     target layers), the others the model's input
     */
    static String pixelGradientsAt(String name) {
        return "fullgrad".equals(pixelName(name))
                ? "takes the gradient at the model's input and at every bias layer, all of them (no target layer: pytorch-"
                        + "grad-cam's FullGrad ignores its target_layers)"
                : "takes the gradient at the model's input, no layer";
    }

    /**
     * Checks a {@code --method} value while the command line is read, so that a mistyped one is a mistyped command
     * line (exit 2, pointing to --help) like any other value picocli cannot take.
     */
    static final class MethodValue implements picocli.CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return checked(value, true);
        }
    }

    /** As {@link MethodValue}, for {@code --also}, where {@code cam} is measured anyway and not a choice. */
    static final class AlsoValue implements picocli.CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return value.isBlank() ? value : checked(value, false);
        }
    }

    private static String checked(String value, boolean camAllowed) {
        try {
            parse(camAllowed ? "--method" : "--also", value, camAllowed);
            return value;
        } catch (IllegalArgumentException e) {
            // picocli names the option itself ("Invalid value for option '--also' (METHOD): ...").
            throw new picocli.CommandLine.TypeConversionException(notAChoice(value, camAllowed));
        }
    }

    private static String notAChoice(String name, boolean camAllowed) {
        return "'" + name + "' is not one of " + String.join(", ", ALL.stream().filter(m -> camAllowed || !m.equals("cam"))
                .toList());
    }

    /** @return CAM for none, else the gradient method's name, for titles */
    static String title(GradientWeighting weighting) {
        return weighting == null ? "CAM" : weighting.title();
    }
}
