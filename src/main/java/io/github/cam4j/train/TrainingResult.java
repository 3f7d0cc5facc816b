package io.github.cam4j.train;

import io.github.cam4j.model.Sequential;
import java.util.List;
import java.util.Map;

/**
 * A trained model: its architecture, final weights and what training measured.
 *
 * @param model the architecture
 * @param weights the trained values by weight name
 * @param history one entry per epoch
 * @param testAccuracy accuracy on the test set
 * @param testImages how many test images that accuracy is over
 * @param config how it was trained
 */
public record TrainingResult(Sequential model, Map<String, float[]> weights, List<EpochStats> history,
        double testAccuracy, int testImages, TrainingConfig config) {

    /** @return mean wall seconds per epoch */
    public double secondsPerEpoch() {
        return history.stream().mapToDouble(EpochStats::seconds).average().orElse(Double.NaN);
    }
}
