package io.github.cam4j.savedmodel;

import io.github.cam4j.savedmodel.keras.InputRescaling;
import io.github.cam4j.savedmodel.keras.InputStandardisation;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Refuses to feed a model that takes raw pixels and scales them itself (a Keras {@code Rescaling(1/255)} inside it, or
 * a {@code Normalization} adapted on the 8-bit pictures) pixels that cam4j's metadata beside it,
 * {@code assets/cam4j.json}, says to scale already: a rescaling model then sees 0..0.0039 of every picture, an almost
 * black one, and a standardising one a nearly flat picture; either answers with confidence for one class whatever the
 * picture, maps to match, without a word. The Python export refuses to write such metadata since stop 52, but an export
 * written before, or metadata written by hand, still holds it (helper-162 found 1/255 written for a model that divides
 * by 255 itself). Preprocessing given in the options for such a model is refused as the import route refuses it. An
 * imported model without metadata is checked by the same rule against {@code --pixel-scale}, so that a Normalization
 * adapted on raw pixels is refused the scale a Rescaling is (it read a 7 as a 1 at p=0.96 before).
 */
final class DoubleRescaling {
    /**
     * A scale that leaves a model under a tenth of the 0..255 it takes is this mistake, as the import route judges
     * {@code --pixel-scale} (0.01 read a 0 as a 1 at p=0.97).
     */
    private static final float MAX_SCALED_SPAN = 25.5f;

    private DoubleRescaling() {}

    /**
     * @param dir the model's folder, for the message
     * @param input the input spec the model is to be fed by (the metadata's, or as options overrode it)
     * @param rescaling the rescaling the model's graph applies to its input first, if any
     * @param standardisation the standardisation the model's graph applies to its input first, if any
     * @param options the load options, to say whether the scale came from them or from the metadata
     * @param metadataBeside whether cam4j's metadata lies beside the model; without it (an imported model) the model is
     *     fed raw pixels unless the options scale them, and the message says so
     * @throws ModelLoadException when the model takes raw pixels, scaling them itself, and {@code input} scales them
     *     first; or when the options preprocess pixels ({@link LoadOptions#preprocessesOutside()}) for a model that
     *     rescales or standardises them itself
     */
    static void refuse(Path dir, InputSpec input, Optional<InputRescaling> rescaling,
            Optional<InputStandardisation> standardisation, LoadOptions options, boolean metadataBeside)
            throws ModelLoadException {
        if (options.preprocessesOutside()) {
            // As the import route refuses it: a ResNet50 with its 'caffe' preprocess_input inside, given --preprocess
            // caffe too, is fed pixels minus ImageNet's mean twice over.
            String inside = rescaling.map(r -> "rescales its input itself: " + r)
                    .or(() -> standardisation.map(st -> "standardises its input itself: " + st)).orElse(null);
            if (inside != null) {
                throw new ModelLoadException(options.preprocessingOption() + " preprocesses pixels outside the model,"
                        + " but " + dir + " " + inside + "; leave the option out: its metadata says how it is fed"
                        + " ('cam4j inspect' shows it)");
            }
        }
        Optional<InputRescaling> rescales = rescaling.filter(InputRescaling::takesRawPixels);
        // A rescaling comes first when there is one: a standardisation after it works on pixels it has scaled.
        Optional<InputStandardisation> standardises = rescaling.isPresent() ? Optional.empty()
                : standardisation.filter(InputStandardisation::takesRawPixels);
        if ((rescales.isEmpty() && standardises.isEmpty()) || Math.abs(255f * input.pixelScale()) >= MAX_SCALED_SPAN) {
            return;
        }
        float low = Math.min(input.pixelOffset(), 255f * input.pixelScale() + input.pixelOffset());
        float high = Math.max(input.pixelOffset(), 255f * input.pixelScale() + input.pixelOffset());
        String itself = rescales.map(r -> "rescales its input itself: " + r + ", from the raw pixels 0..255; it would"
                + " see them at " + (float) (low * r.scale() + r.offset()) + ".." + (float) (high * r.scale() + r.offset()))
                .orElseGet(() -> "standardises its input itself by statistics of the raw pixels 0..255: "
                        + standardises.get() + "; it would see a nearly flat picture");
        if (options.pixelScale() != null) {
            Float offset = options.pixelOffset();
            throw new ModelLoadException("--pixel-scale " + options.pixelScale()
                    + (offset == null || offset == 0 ? "" : " --pixel-offset " + offset)
                    + " (LoadOptions.withPixelScale) takes pixels to " + low + ".." + high + ", but " + dir + " " + itself
                    + "; leave the option out" + (metadataBeside ? ""
                            : ": cam4j feeds this model raw pixels, 0..255 ('cam4j inspect' shows it)"));
        }
        throw new ModelLoadException(dir + ": its metadata, assets/" + CamContract.METADATA_ASSET
                + ", with \"pixelScale\": " + input.pixelScale()
                + (input.pixelOffset() == 0 ? "" : " and \"pixelOffset\": " + input.pixelOffset()) + ", takes pixels to "
                + low + ".." + high + ", but the model " + itself
                // Not --pixel-scale 1 as well: a scale given over the metadata's is warned of as untrained.
                + "; write \"pixelScale\": 1 and \"pixelOffset\": 0 in the metadata, as export_cam.py writes them"
                + " for such a model");
    }
}
