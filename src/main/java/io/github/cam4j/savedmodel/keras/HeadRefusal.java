package io.github.cam4j.savedmodel.keras;

/**
 * Why the walk back from the logits stopped: the classifier is not of the form CAM explains. {@link CamLocator} turns
 * it into a {@link io.github.cam4j.savedmodel.NotCamReadyException} that also says what was found and what would work.
 */
final class HeadRefusal extends Exception {
    private static final long serialVersionUID = 1L;

    HeadRefusal(String message) {
        super(message, null, false, false);
    }
}
