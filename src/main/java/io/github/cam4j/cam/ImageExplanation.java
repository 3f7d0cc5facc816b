package io.github.cam4j.cam;

import java.util.List;

/**
 * Everything one model run says about one image: the prediction, all probabilities, and one map per target class.
 *
 * @param predicted the most probable class
 * @param probabilities one per class
 * @param logits one per class
 * @param maps one result per explained class, in the target's order
 */
public record ImageExplanation(int predicted, float[] probabilities, float[] logits, List<CamResult> maps) {

    /** @return the first (for a top-k target: the most probable) explained map */
    public CamResult first() {
        return maps.get(0);
    }
}
