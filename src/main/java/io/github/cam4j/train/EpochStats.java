package io.github.cam4j.train;

/**
 * What one epoch measured.
 *
 * @param epoch 1-based
 * @param loss mean training cross-entropy over the epoch's batches
 * @param accuracy training accuracy over the epoch (as the weights moved)
 * @param validationLoss cross-entropy on the validation split after the epoch (NaN without a split)
 * @param validationAccuracy accuracy on the validation split after the epoch (NaN without a split)
 * @param seconds wall time of the epoch's training steps
 */
public record EpochStats(int epoch, double loss, double accuracy, double validationLoss, double validationAccuracy,
        double seconds) {

    /** @return Keras' epoch line; without a validation split it leaves the validation out (it printed "NaN") */
    @Override
    public String toString() {
        String validation = Double.isNaN(validationLoss) && Double.isNaN(validationAccuracy) ? ""
                : String.format(java.util.Locale.ROOT, ", val_loss %.4f, val_accuracy %.4f", validationLoss,
                        validationAccuracy);
        return String.format(java.util.Locale.ROOT, "epoch %d: loss %.4f, accuracy %.4f%s, %.1f s", epoch, loss, accuracy,
                validation, seconds);
    }
}
