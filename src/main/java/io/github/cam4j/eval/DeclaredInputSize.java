package io.github.cam4j.eval;

import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.ModelLoadException;
import java.nio.file.Path;
import java.util.Optional;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The picture size a SavedModel's signatures fix for its input, for a model without cam4j's metadata (an imported Keras
 * model): a Keras model built on {@code Input((28, 28, 1))} declares {@code [-1, 28, 28, 1]}, the size it was trained
 * at; one built to take any size declares {@code [-1, -1, -1, 1]}, and no size is made up for it.
 */
final class DeclaredInputSize {
    private DeclaredInputSize() {}

    /**
     * @param modelPath a SavedModel folder
     * @return {@code HxW} when every signature of the folder with one rank-4 input declares that height and width (Keras
     *     exports {@code serve} and {@code serving_default} alike); empty when one leaves a side open, two disagree (the
     *     report does not know which one {@code --signature} chose), none has such an input, or the folder is unreadable
     */
    static Optional<String> of(String modelPath) {
        if (modelPath == null) {
            return Optional.empty();
        }
        MetaGraphDef meta;
        try {
            meta = CamModelLoader.readMetaGraph(Path.of(modelPath));
        } catch (ModelLoadException | RuntimeException e) {
            // The model was opened from this folder already; a file unreadable now changes only the wording.
            return Optional.empty();
        }
        String size = null;
        for (SignatureDef signature : meta.getSignatureDefMap().values()) {
            if (signature.getInputsCount() != 1) {
                continue;
            }
            TensorInfo input = signature.getInputsMap().values().iterator().next();
            TensorShapeProto shape = input.getTensorShape();
            if (shape.getUnknownRank() || shape.getDimCount() != 4) {
                continue;
            }
            long height = shape.getDim(1).getSize();
            long width = shape.getDim(2).getSize();
            long channels = shape.getDim(3).getSize();
            // Channels last (Keras' default), as cam4j feeds pictures: [-1, 1, 28, 28], channels first, would read
            // as 1x28. A side left open says nothing either.
            if (height < 1 || width < 1 || (channels != 1 && channels != 3 && channels != 4)) {
                return Optional.empty();
            }
            String declared = height + "x" + width;
            if (size != null && !size.equals(declared)) {
                return Optional.empty();
            }
            size = declared;
        }
        return Optional.ofNullable(size);
    }
}
