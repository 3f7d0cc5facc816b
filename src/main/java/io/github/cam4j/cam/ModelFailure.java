package io.github.cam4j.cam;

import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.InputSpec;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What a model's run that TensorFlow refused is reported as: the model failing on the pictures named, or, when they were
 * fed at another size than a model made for one size, those pictures' input refused, so that a run that keeps going
 * skips them. One wording for every path that runs a model on pictures (CAM and its kin, pixel attribution).
 */
final class ModelFailure {
    private ModelFailure() {}

    /**
     * @param model the model run
     * @param e what the run threw
     * @param count the pictures in the batch
     * @param height the pictures' height as given
     * @param width the pictures' width as given
     * @param fedHeight their height as fed to the model
     * @param fedWidth their width as fed
     * @param pictures their names, or null when they have none (a picture given as pixels); a name given more than once
     *     (the noisy copies of one picture) is said once
     * @param keepsInputSize whether the pictures were fed at their own size ({@code optKeepInputSize}, {@code --fit
     *     none}), which the remedy then names
     * @return the model's failure on these pictures, when TensorFlow threw it
     * @throws RuntimeException {@code e} itself when cam4j's Java work threw it: a fault of cam4j, not of the pictures
     */
    static CamException of(CamModel model, RuntimeException e, int count, int height, int width, int fedHeight,
            int fedWidth, List<String> pictures, boolean keepsInputSize) {
        if (!fromTensorFlow(e)) {
            // An exception from cam4j's Java work after the run is a fault of cam4j, not of the pictures: it must
            // not be reported as the model failing on them (nor let a run that keeps going skip them).
            throw e;
        }
        String why = io.github.cam4j.model.TensorFlowStatus.oneLine(e.getMessage());
        String which = pictures == null ? count == 1 ? "a picture" : count + " pictures"
                : (pictures.size() == 1 ? "image " : "images ") + String.join(", ", new LinkedHashSet<>(pictures));
        InputSpec in = model.input();
        if (in.height() > 0 && in.width() > 0 && (fedHeight != in.height() || fedWidth != in.width())) {
            // A model that flattens its features fails inside TensorFlow ("Input to reshape is a tensor with 95424
            // values, but the requested shape requires a multiple of 576") on any other size than its own. TensorFlow's
            // own words are kept beside the size: another cause would show there.
            return new FedSizeException("model " + model.source() + " failed on " + which + " fed at " + fedHeight
                    + "x" + fedWidth + ": " + why + " (it was made for " + in.height() + "x" + in.width()
                    + " pictures and may take no other size: " + (keepsInputSize && pictures != null
                            ? "feed it pictures brought to that size, that is, leave out optKeepInputSize(true),"
                                    + " --fit none on the command line)"
                            : "give it pictures of that size)"));
        }
        return new CamException("model " + model.source() + " failed on " + which + " of " + height + "x" + width
                + ": " + why, e);
    }

    /**
     * @return whether TensorFlow threw it: its own exceptions ({@code org.tensorflow.exceptions}, some of which extend
     *     Java's IllegalArgumentException or UnsupportedOperationException) or one thrown from TensorFlow Java's code
     */
    static boolean fromTensorFlow(RuntimeException e) {
        if (e.getClass().getName().startsWith("org.tensorflow.")) {
            return true;
        }
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length > 0 && trace[0].getClassName().startsWith("org.tensorflow.");
    }
}
