package io.github.cam4j.cam;

import io.github.cam4j.render.Box;
import java.util.List;
import java.util.Optional;

/**
 * Everything one model run says about one image: the prediction, all probabilities, one map per target class, and
 * which part of the picture the model saw when it was framed.
 *
 * @param predicted the most probable class
 * @param probabilities one per class (a binary classifier's one sigmoid unit gives two, {@code [1 - p, p]}:
 *     {@link io.github.cam4j.savedmodel.CamModel#isBinary()})
 * @param logits one per class ({@code [-z, z]} for a binary classifier)
 * @param maps one result per explained class, in the target's order
 * @param framed the part of the picture the model's input showed when the picture was framed as a digit
 *     ({@link Framing}), in picture pixels; {@code null} when the whole picture was shown
 */
public record ImageExplanation(int predicted, float[] probabilities, float[] logits, List<CamResult> maps, Box framed) {

    /** How far past [0, 1] a probability may lie from float rounding (about 840 units in the last place of 1). */
    private static final float ROUNDING = 1e-4f;

    /**
     * Copies what it is given, so that an explanation, once made, cannot be changed by its maker or its readers: its
     * probabilities and logits are copied in and out. Its {@link CamResult}s' maps are shared, not copied (a video
     * frame's map is the picture's size): treat their values as read-only, as {@link CamResult#map()} says.
     *
     * @param predicted the most probable class, 0-based
     * @param probabilities one per class, in [0, 1]; not null
     * @param logits one per class, before softmax (or sigmoid); not null
     * @param maps one result per explained class, in the target's order; not null, with no null element, not empty
     * @param framed the part of the picture the model's input showed when the picture was framed as a digit, in
     *     picture pixels; null when the whole picture was shown
     * @throws NullPointerException naming the argument, when one is null
     * @throws IllegalArgumentException when {@code maps} is empty (first() then failed with an index out of bounds),
     *     the probabilities and logits differ in number or hold a value not finite, a probability lies outside [0, 1]
     *     by more than float rounding's 1e-4 (their sum is not checked: a model of independent sigmoids gives any),
     *     or {@code predicted} is not one of their classes
     */
    public ImageExplanation {
        probabilities = java.util.Objects.requireNonNull(probabilities, "probabilities is null").clone();
        logits = java.util.Objects.requireNonNull(logits, "logits is null").clone();
        maps = List.copyOf(java.util.Objects.requireNonNull(maps, "maps is null"));
        if (maps.isEmpty()) {
            throw new IllegalArgumentException("maps is empty: an explanation holds at least the map of one class");
        }
        // Predicted 99 of one probability beside three logits was accepted (helper-154).
        if (probabilities.length == 0 || probabilities.length != logits.length) {
            throw new IllegalArgumentException(probabilities.length + " probabilities and " + logits.length + " logits:"
                    + " an explanation holds one of each per class");
        }
        if (predicted < 0 || predicted >= probabilities.length) {
            throw new IllegalArgumentException("predicted class " + predicted + " is not one of the " + probabilities.length
                    + " classes (0.." + (probabilities.length - 1) + ")");
        }
        for (int c = 0; c < probabilities.length; c++) {
            if (!Float.isFinite(probabilities[c]) || !Float.isFinite(logits[c])) {
                throw new IllegalArgumentException("class " + c + "'s probability " + probabilities[c] + " or logit "
                        + logits[c] + " is not finite");
            }
            // A probability of 7 or -0.5 was kept and read back as one (a softmax's or sigmoid's output lies in [0, 1];
            // their sum is not checked: a multi-label model's independent sigmoids need not sum to one). A model's own
            // probabilities tensor may hold a softmax computed in float by multiplying with the sum's reciprocal, which
            // may end a few units in the last place past 1: that far beyond the range (ROUNDING) is taken.
            if (!(probabilities[c] >= -ROUNDING && probabilities[c] <= 1f + ROUNDING)) {
                throw new IllegalArgumentException("class " + c + "'s probability is " + probabilities[c] + ": a"
                        + " probability lies in [0, 1] (give the model's softmax or sigmoid outputs, not its logits)");
            }
        }
    }

    /** @return one probability per class (a copy) */
    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }

    /** @return one logit per class (a copy) */
    @Override
    public float[] logits() {
        return logits.clone();
    }

    /**
     * An explanation of a picture the model saw whole.
     *
     * @param predicted the most probable class, 0-based
     * @param probabilities one per class, in [0, 1]; not null
     * @param logits one per class, before softmax (or sigmoid); not null
     * @param maps one result per explained class, in the target's order; not null, with no null element
     */
    public ImageExplanation(int predicted, float[] probabilities, float[] logits, List<CamResult> maps) {
        this(predicted, probabilities, logits, maps, null);
    }

    /**
     * Equal to an explanation of the same prediction, values, maps (the same {@link CamResult}s) and framing: the
     * record's own equals compared its arrays, copied in, by identity, so no two explanations were ever equal.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof ImageExplanation other && predicted == other.predicted
                && java.util.Arrays.equals(probabilities, other.probabilities)
                && java.util.Arrays.equals(logits, other.logits) && maps.equals(other.maps)
                && java.util.Objects.equals(framed, other.framed);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(predicted, java.util.Arrays.hashCode(probabilities),
                java.util.Arrays.hashCode(logits), maps, framed);
    }

    /** @return its values, as a record of lists would show them (the record's own showed "[F@3f390d63") */
    @Override
    public String toString() {
        return "ImageExplanation[predicted=" + predicted + ", probabilities=" + java.util.Arrays.toString(probabilities)
                + ", logits=" + java.util.Arrays.toString(logits) + ", maps=" + maps + ", framed=" + framed + "]";
    }

    /** @return the first (for a top-k target: the most probable) explained map */
    public CamResult first() {
        return maps.get(0);
    }

    /**
     * @return the part of the picture the model saw, when it was framed as a digit; empty when it saw the whole picture
     *     (stretched to its input, or at its own size)
     */
    public Optional<Box> framedRegion() {
        return Optional.ofNullable(framed);
    }
}
