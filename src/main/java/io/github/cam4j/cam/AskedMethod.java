package io.github.cam4j.cam;

import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.GradientHead;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;

/**
 * What a {@link CamSession.Builder}'s settings ask of the model: the gradient weighting that makes its maps, and the
 * options its folder is opened with at several layers. Read by the option checks, the opening and the session alike.
 */
final class AskedMethod {
    private AskedMethod() {}

    /**
     * @return whether the session's maps are made by the gradient weighting {@code method}: the model is (or its
     *     folder is opened) for it, and no gradient-free or pixel method is asked for instead
     */
    static boolean makes(CamSession.Builder b, GradientWeighting method) {
        CamModel opened = b.model != null ? b.model : b.lentLayers != null ? b.lentLayers.get(0) : null;
        GradientWeighting weighting = opened != null
                ? opened.gradients().map(GradientHead::weighting).orElse(null) : b.loadOptions.gradients();
        boolean gradientsRun = !b.scoreCam && b.scoreVariant == null && b.featureMethod() == null && !b.ablationCam
                && b.occlusion == null && b.pixelMethod == null;
        return weighting == method && gradientsRun;
    }

    /**
     * @return the load options that open the folder at the layers ({@link
     *     io.github.cam4j.savedmodel.CamModelLoader#loadAtLayers}, keeping a logits tensor given): a gradient-free
     *     method's model is opened for Grad-CAM, whose gradients it never runs, as the command line opens it
     */
    static LoadOptions layerOptions(CamSession.Builder b) {
        return b.loadOptions.gradCam() ? b.loadOptions : b.loadOptions.withGradients(GradientWeighting.GRAD_CAM);
    }
}
