package io.github.cam4j.video;

import io.github.cam4j.cam.CamResult;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.Target;
import io.github.cam4j.render.Box;
import io.github.cam4j.render.Placement;
import io.github.cam4j.savedmodel.CamModel;
import java.util.List;
import java.util.Optional;

/**
 * Which class a frame's caption names, with which probability and window, under {@link Prediction#WINDOW}: the most
 * confident digit-sized window's ({@link WindowPrediction}), for the sessions whose maps are the classifier kernel's
 * sums (CAM's own, or a plain CAM session's beside another method: {@link CamWindows}); the whole region's prediction
 * for the others.
 */
final class WindowChoice {
    private WindowChoice() {}

    /**
     * The map drawn and what the caption says of it.
     *
     * @param map the map of the class named
     * @param probability that class's probability: the window's, or the region's
     * @param window the window that class was found in, in frame pixels; empty without one
     */
    record Chosen(CamResult map, float probability, Optional<Box> window) {
        /** @return the region's own prediction: its first map, with no window */
        static Chosen region(CamResult first) {
            return new Chosen(first, first.probability(), Optional.empty());
        }
    }

    /**
     * @return whether a frame's windows are scored: asked for, and the session's maps are the classifier kernel's sums
     *     over a model's input of its own size
     */
    static boolean applies(Prediction prediction, CamSession session) {
        CamModel model = session.model();
        // Windows score the classifier's kernel over parts of CAM's map: a Grad-CAM model has no kernel to score with,
        // and Score-CAM's, Eigen-CAM's, Ablation-CAM's and the pixel methods' maps are not the kernel's sums, nor is a
        // smoothed CAM's (its weighted features' principal component: session.eigenSmooth()); a binary classifier's two
        // classes share its one unit's column, which the windows' scoring reads as one class. A model that crops or
        // resizes its input sees a window of its input size only through that crop: its cells per window are not the
        // input's.
        return prediction == Prediction.WINDOW && model.input().height() > 0 && model.input().width() > 0
                && model.gradients().isEmpty() && !session.scoreCam() && session.featureMethod().isEmpty()
                && !session.ablationCam()
                // Occlusion's maps are 1 - p per tile of the input, not the kernel's sums.
                && session.occlusion().isEmpty() && session.pixelMethod().isEmpty()
                && !session.eigenSmooth()
                && !model.isBinary() && model.inputCrop().isEmpty()
                // Aug smoothing's maps are means of scaled maps on the input's pixels, not the kernel's sums either.
                && !session.augSmooth();
    }

    /**
     * @param maps every class's map of the frame, most probable first
     * @param model the model that made them
     * @param target the class asked for, if one was
     * @param fedHeight the rows of the picture fed
     * @param fedWidth the columns of the picture fed
     * @param region the part of the frame that was fed, in frame pixels
     * @return the most confident window's class; the class asked for, without a window, when no window fits; else the
     *     region's prediction
     */
    static Chosen choose(List<CamResult> maps, CamModel model, Target target, int fedHeight, int fedWidth, Box region) {
        CamResult r = maps.get(0);
        float probability = r.probability();
        Optional<Box> window = Optional.empty();
        Placement fed = r.placement();
        int onlyClass = target instanceof Target.OfClass c ? c.classIndex() : -1;
        Optional<WindowPrediction.Choice> best = WindowPrediction.best(maps, model.weights(), model.activation(),
                (int) Math.round(model.input().height() / fed.strideY()),
                (int) Math.round(model.input().width() / fed.strideX()), onlyClass);
        if (best.isPresent()) {
            WindowPrediction.Choice w = best.get();
            r = maps.stream().filter(m -> m.classIndex() == w.classIndex()).findFirst().orElseThrow();
            probability = w.probability();
            // A window clipped to nothing (a frame smaller than one window) is no window.
            window = Optional.of(WindowPrediction.windowBox(w, fed.rescaled(fedHeight, fedWidth, region.height(),
                    region.width()), region)).filter(b -> !b.isEmpty());
        } else if (onlyClass >= 0) {
            int wanted = onlyClass;
            r = maps.stream().filter(m -> m.classIndex() == wanted).findFirst().orElseThrow();
            probability = r.probability();
        }
        return new Chosen(r, probability, window);
    }
}
