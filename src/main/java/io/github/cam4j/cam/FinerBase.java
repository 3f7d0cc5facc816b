package io.github.cam4j.cam;

import io.github.cam4j.savedmodel.GradientWeighting;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The base methods Finer-CAM ({@link GradientWeighting#FINER_CAM}) weighs its target's gradient by
 * ({@link CamSession.Builder#optFinerBase}). Both reference libraries wrap a base method and hand it the gradient of
 * the contrastive target in place of the class logit's: pytorch-grad-cam's {@code FinerCAM(model, target_layers,
 * base_method=GradCAM)} ({@code finer_cam.py}) backpropagates the Finer target and calls the base's
 * {@code compute_cam_per_layer}, whose {@code get_cam_weights} reads only the hooked gradient (and activations);
 * torch-cam's {@code FinerCAM(base_method=GradCAM)} ({@code torchcam/methods/gradient.py}) gives the base the
 * contrastive score as its only score column and refuses any base but {@code GradCAM}, {@code GradCAMpp} and
 * {@code LayerCAM}. So a base's map here is that method's weighting of the Finer target's gradient, nothing recomputed: Grad-CAM++'s
 * {@code g^2 / (2 g^2 + S g^3)} terms are powers of that one gradient, as pytorch-grad-cam's "exp trick" takes them,
 * not second and third derivatives of the Finer target.
 */
public final class FinerBase {
    /** The bases pytorch-grad-cam's FinerCAM takes that cam4j has, among the gradient methods of one gradient. */
    public static final Set<GradientWeighting> PYTORCH_GRAD_CAM = Set.copyOf(EnumSet.of(GradientWeighting.GRAD_CAM,
            GradientWeighting.GRAD_CAM_PLUS_PLUS, GradientWeighting.XGRAD_CAM, GradientWeighting.HIRES_CAM,
            GradientWeighting.LAYER_CAM, GradientWeighting.GRAD_CAM_ELEMENT_WISE));

    /** The bases torch-cam's FinerCAM takes ({@code base_method not in {GradCAM, GradCAMpp, LayerCAM}} is refused). */
    public static final Set<GradientWeighting> TORCH_CAM = Set.copyOf(EnumSet.of(GradientWeighting.GRAD_CAM,
            GradientWeighting.GRAD_CAM_PLUS_PLUS, GradientWeighting.LAYER_CAM));

    /** The base when none is given: Grad-CAM, both libraries' default. */
    public static final GradientWeighting DEFAULT = GradientWeighting.GRAD_CAM;

    private FinerBase() {}

    /**
     * @param base a gradient weighting
     * @param torchCam whether Finer-CAM's form is torch-cam's
     *     ({@link io.github.cam4j.savedmodel.FinerComparison#unweighted()})
     * @return why {@code base} cannot be Finer-CAM's base in that form, or empty when it can
     */
    public static Optional<String> problem(GradientWeighting base, boolean torchCam) {
        if (!PYTORCH_GRAD_CAM.contains(base)) {
            return Optional.of(base.title() + " is not a base Finer-CAM takes: its bases are Grad-CAM, Grad-CAM++,"
                    + " XGrad-CAM, HiResCAM, LayerCAM and Grad-CAM element-wise (a weighting of one gradient)");
        }
        if (torchCam && !TORCH_CAM.contains(base)) {
            return Optional.of(base.title() + " is not a base torch-cam's FinerCAM takes (it refuses any but GradCAM,"
                    + " GradCAMpp and LayerCAM): give Grad-CAM, Grad-CAM++ or LayerCAM, or pytorch-grad-cam's form");
        }
        return Optional.empty();
    }
}
