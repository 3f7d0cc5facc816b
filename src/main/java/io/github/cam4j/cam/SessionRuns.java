package io.github.cam4j.cam;

import io.github.cam4j.savedmodel.AblationFeed;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.GradientWeighting;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a session's runs from its {@link CamSession.Builder}'s settings: the batch run at each target layer's model,
 * and the fusion of their maps when there are several layers, or RefineCAM's at one.
 */
final class SessionRuns {
    private SessionRuns() {}

    /**
     * @param model the model at one target layer
     * @param ablation Ablation-CAM's feed at that layer; null for the other methods
     * @param occlusion occlusion's settings (the first layer's run only); null otherwise
     * @return the run of a batch at that layer by the builder's method
     */
    static BatchRun at(CamSession.Builder b, CamModel model, AblationFeed ablation, Occlusion occlusion) {
        return new BatchRun(model, b.skipBlank, b.scoreCam || b.scoreVariant != null, b.scoreCamChannels,
                b.featureMethod(), b.eigenSmooth, ablation, b.keepInputSize, b.finerComparison, b.finerBase, occlusion,
                b.scoreVariant, b.smoothNoise);
    }

    /**
     * @param first the run at the model's first (or one) layer
     * @param layerModels the models of the target layers after the first; empty for one layer
     * @param layerAblations Ablation-CAM's feed at each of those layers (null entries for the other methods)
     * @return the fusion of the layers' maps, or RefineCAM's of the one layer's; null for one layer without RefineCAM
     */
    static LayerFusion fusion(CamSession.Builder b, BatchRun first, List<CamModel> layerModels,
            List<AblationFeed> layerAblations) {
        if (layerModels.isEmpty()) {
            // RefineCAM at the model's one layer: the product of one map, that map on the input's pixels, scaled.
            return b.refine ? LayerFusion.sharingRuns(List.of(first), LayerFusion.Combination.refine(b.refineForm))
                    : null;
        }
        List<BatchRun> runs = new ArrayList<>();
        runs.add(first);
        for (int i = 0; i < layerModels.size(); i++) {
            runs.add(at(b, layerModels.get(i), layerAblations.get(i), null));
        }
        return LayerFusion.sharingRuns(runs, b.refine
                ? LayerFusion.Combination.refine(b.refineForm)
                : LayerFusion.Combination.layers(b.layersForm, AskedMethod.makes(b, GradientWeighting.LAYER_CAM)));
    }
}
