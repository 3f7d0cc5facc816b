package io.github.cam4j.eval;

import io.github.cam4j.savedmodel.InputSpec;
import java.util.Optional;

/**
 * Notes a model evaluated on digits of another size than its metadata says it was trained on. A model that takes any
 * size (global average pooling) runs on them without complaint, but its filters then meet strokes at another scale
 * than they learned: a 12x12-trained model's maps of 28x28 digits were reported as if they were its own, without a
 * word.
 */
public final class TrainedSizeNote {
    private TrainedSizeNote() {}

    /**
     * @param r a model's report
     * @return the note, one sentence without its final stop; empty when the sizes agree or the model's folder records
     *     no training size (a foreign model, or one trained to take any size)
     */
    public static Optional<String> of(ModelReport r) {
        return RecordedMetadata.of(r.path()).map(m -> m.input()).flatMap(input -> of(r.name(), input, r.digitSize()));
    }

    private static Optional<String> of(String model, InputSpec input, String digitSize) {
        if (input == null || input.height() < 1 || input.width() < 1) {
            return Optional.empty();
        }
        String trained = input.height() + "x" + input.width();
        if (trained.equals(digitSize)) {
            return Optional.empty();
        }
        return Optional.of(model + " was trained on " + trained + " pictures (its metadata's input size, assets/cam4j.json) and is"
                + " evaluated on " + digitSize + " digits: its maps describe pictures of another size than it learned,"
                + " so its figures need not be what it gives at its own size (evaluate it on " + trained
                + " pictures for those)");
    }
}
