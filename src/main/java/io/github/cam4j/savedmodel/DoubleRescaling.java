package io.github.cam4j.savedmodel;

import io.github.cam4j.savedmodel.keras.InputRescaling;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Refuses to feed a model that rescales its own input (a Keras {@code Rescaling(1/255)} inside it) pixels that cam4j's
 * metadata beside it, {@code assets/cam4j.json}, says to scale already: the model then sees 0..0.0039 of every picture,
 * an almost black one, and answers with confidence for the wrong class, maps to match, without a word. The Python export
 * refuses to write such metadata since stop 52, but an export written before, or metadata written by hand, still holds
 * it (helper-162 found 1/255 written for a model that divides by 255 itself).
 */
final class DoubleRescaling {
    /**
     * A scale that leaves a model under a tenth of the 0..255 it rescales itself is this mistake, as the import route
     * judges {@code --pixel-scale} (0.01 read a 0 as a 1 at p=0.97).
     */
    private static final float MAX_SCALED_SPAN = 25.5f;

    private DoubleRescaling() {}

    /**
     * @param dir the model's folder, for the message
     * @param input the input spec the model is to be fed by (the metadata's, or as options overrode it)
     * @param own the rescaling the model's graph applies to its input first, if any
     * @param options the load options, to say whether the scale came from them or from the metadata
     * @throws ModelLoadException when the model rescales raw pixels itself and {@code input} scales them first
     */
    static void refuse(Path dir, InputSpec input, Optional<InputRescaling> own, LoadOptions options)
            throws ModelLoadException {
        if (own.isEmpty() || !own.get().takesRawPixels() || Math.abs(255f * input.pixelScale()) >= MAX_SCALED_SPAN) {
            return;
        }
        InputRescaling r = own.get();
        float low = Math.min(input.pixelOffset(), 255f * input.pixelScale() + input.pixelOffset());
        float high = Math.max(input.pixelOffset(), 255f * input.pixelScale() + input.pixelOffset());
        boolean fromOptions = options.pixelScale() != null;
        String given = fromOptions ? "--pixel-scale " + options.pixelScale() + " (LoadOptions.withPixelScale)"
                : "its metadata, assets/" + CamContract.METADATA_ASSET + ", with \"pixelScale\": " + input.pixelScale()
                        + (input.pixelOffset() == 0 ? "" : " and \"pixelOffset\": " + input.pixelOffset()) + ",";
        throw new ModelLoadException(dir + ": " + given + " takes pixels to " + low + ".." + high + ", but the model"
                + " rescales its input itself: " + r + ", from the raw pixels 0..255; it would see them at "
                + (float) (low * r.scale() + r.offset()) + ".." + (float) (high * r.scale() + r.offset())
                + (fromOptions ? "; leave the option out"
                        : "; write \"pixelScale\": 1 and \"pixelOffset\": 0 in the metadata (export_cam.py writes them"
                                + " so for such a model), or give --pixel-scale 1 (LoadOptions.withPixelScale(1f))"));
    }
}
