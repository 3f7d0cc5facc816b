package io.github.cam4j.video;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The plain CAM session that scores a frame's digit-sized windows ({@link WindowChoice}) for a session whose own maps
 * cannot: Grad-CAM's, Eigen-CAM's, Score-CAM's, a smoothed CAM's... on a model CAM opens (global average pooling then
 * one dense layer, its kernel known). The caption then names the window's class and probability, as a CAM video's
 * does, and the map drawn is the method's own map of that class.
 */
final class CamWindows {
    private CamWindows() {}

    /**
     * @param prediction which class the caption names
     * @param session the method's session
     * @return a CAM session whose maps score windows on the model of {@code session}, which the caller closes; empty
     *     under {@link Prediction#REGION}, where {@code session} scores windows itself, and where CAM cannot open the
     *     model (no kernel: a model without global average pooling, or one opened by the application, not from a
     *     folder) or its maps cannot score windows (a binary classifier, a model that crops its input)
     */
    static Optional<CamSession> open(Prediction prediction, CamSession session) {
        if (prediction != Prediction.WINDOW || WindowChoice.applies(prediction, session)) {
            return Optional.empty();
        }
        CamModel model = session.model();
        if (model.isBinary() || model.inputCrop().isPresent()) {
            // Windows CAM could not score either (WindowChoice.applies): not worth opening the folder again to learn so.
            return Optional.empty();
        }
        CamSession cam;
        try {
            if (model.gradients().isEmpty()) {
                // Opened by its kernel already (a gradient-free method or a smoothed CAM on a folder CAM opens): plain
                // CAM borrows the same model, so nothing is loaded again.
                cam = CamSession.builder().setModel(model).build();
            } else {
                // Opened for gradients, which keeps no kernel: CAM opens the folder once more, as it would for a CAM
                // video (a load per video, not per frame). Grad-CAM's features at another layer do not matter: the
                // windows are CAM's, scored at CAM's features.
                Optional<LoadOptions> opened = model.openedWith();
                Path dir = Path.of(model.source());
                // A foreign model whose import found no CAM head (keras mnist-flatten-dense): opening it again would
                // only be refused, after a second import (about 0.3-0.6 s of CPU in a 12-frame clip's 5-6 s).
                if (opened.isEmpty() || !Files.isDirectory(dir) || model.camRefusal().isPresent()) {
                    return Optional.empty();
                }
                LoadOptions o = opened.get();
                LoadOptions byKernel = new LoadOptions(o.input(), o.labels(), o.tensors(), o.kernelTensor(),
                        o.biasTensor(), o.activation(), o.trust(), o.signature(), o.pixelScale(), null, o.redraw(), null,
                        o.lightOnDark(), o.pixelOffset(), o.preprocessing(), o.standardization());
                cam = CamSession.builder().setModel(dir).optLoadOptions(byKernel).build();
            }
        } catch (ModelLoadException | IllegalArgumentException e) {
            // No kernel to score with (CAM refuses the folder) or a setting CAM refuses: the region's prediction, as
            // before, which the command line notes.
            return Optional.empty();
        }
        // The windows' scores must be of the very pixels fed, read as the method's model reads them.
        if (!WindowChoice.applies(prediction, cam) || !cam.model().input().equals(model.input())
                || cam.model().classes() != model.classes()) {
            cam.close();
            return Optional.empty();
        }
        return Optional.of(cam);
    }
}
