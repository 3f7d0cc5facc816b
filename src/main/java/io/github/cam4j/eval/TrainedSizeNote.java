package io.github.cam4j.eval;

import io.github.cam4j.savedmodel.InputSpec;
import java.util.Optional;

/**
 * Notes a model evaluated on digits of another size than its metadata says it was trained on, or, for a model without
 * cam4j's metadata (an imported Keras model), than its signature fixes for its input. A model that takes any size
 * (global average pooling) runs on them without complaint, but its filters then meet strokes at another scale than they
 * learned: a 12x12-trained model's maps of 28x28 digits were reported as if they were its own, without a word, and so
 * were a Keras model's of 20x20 digits, its signature declaring 28x28.
 */
public final class TrainedSizeNote {
    private TrainedSizeNote() {}

    /**
     * @param r a model's report
     * @return the note, one sentence without its final stop; empty when the sizes agree, or when the model's folder
     *     records no training size (in cam4j's metadata) and its signatures fix none (a model trained to take any size,
     *     of which nothing is guessed)
     */
    public static Optional<String> of(ModelReport r) {
        Optional<String> recorded = RecordedMetadata.of(r.path()).map(m -> m.input()).flatMap(TrainedSizeNote::size);
        if (recorded.isPresent()) {
            return of(r.name(), recorded.get(), "its metadata's input size, assets/cam4j.json", r.digitSize());
        }
        // Without a recorded size, a size the graph fixes is the one the model was built and trained at: Keras' Input
        // shape. One that takes any size says nothing of its training pictures, and nothing is said.
        return DeclaredInputSize.of(r.path())
                .flatMap(size -> of(r.name(), size, "the input size its SavedModel signature declares", r.digitSize()));
    }

    private static Optional<String> size(InputSpec input) {
        if (input == null || input.height() < 1 || input.width() < 1) {
            return Optional.empty();
        }
        return Optional.of(input.height() + "x" + input.width());
    }

    private static Optional<String> of(String model, String trained, String source, String digitSize) {
        if (trained.equals(digitSize)) {
            return Optional.empty();
        }
        return Optional.of(model + " was trained on " + trained + " pictures (" + source + ") and is"
                + " evaluated on " + digitSize + " digits: its maps describe pictures of another size than it learned,"
                + " so its figures need not be what it gives at its own size (evaluate it on " + trained
                + " pictures for those)");
    }
}
