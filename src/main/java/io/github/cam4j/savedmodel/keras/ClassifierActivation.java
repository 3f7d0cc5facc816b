package io.github.cam4j.savedmodel.keras;

/** The activation that turns a classifier's logits into its output, as found at the end of an imported model. */
public enum ClassifierActivation {
    /** {@code Softmax} over the classes: the output sums to one. */
    SOFTMAX,
    /** {@code Sigmoid} per class: independent probabilities. */
    SIGMOID,
    /** No activation: the model outputs its logits. */
    NONE
}
