package io.github.cam4j.savedmodel;

/** What turns a classifier's logits into its outputs. */
public enum ClassifierActivation {
    /** Probabilities over classes that sum to one. */
    SOFTMAX,
    /** One independent probability per unit (e.g. a single-unit binary classifier). */
    SIGMOID,
    /**
     * The outputs are the logits: a model opened with it (or imported with such an output) reports probabilities by
     * {@link #forRawLogits}, softmax, or a sigmoid for one logit, and never has NONE as its
     * {@link CamModel#activation()}.
     */
    NONE;

    /**
     * What turns a model's raw logits into probabilities when its graph ends without an activation (a Dense layer
     * without softmax, a Keras model trained with {@code from_logits=True}): the softmax over its classes, or the
     * sigmoid of a single logit, as its training loss took them.
     *
     * @param classes the logits' width
     * @return {@link #SIGMOID} for one class, else {@link #SOFTMAX}
     */
    public static ClassifierActivation forRawLogits(int classes) {
        return classes == 1 ? SIGMOID : SOFTMAX;
    }

    /**
     * Applies the activation to one row of logits, for models whose graph has no probabilities tensor.
     *
     * @param logits one image's logits
     * @return its probabilities (a copy)
     */
    public float[] apply(float[] logits) {
        float[] p = new float[logits.length];
        switch (this) {
            case SOFTMAX -> {
                float max = Float.NEGATIVE_INFINITY;
                for (float v : logits) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (int i = 0; i < p.length; i++) {
                    p[i] = (float) Math.exp(logits[i] - max);
                    sum += p[i];
                }
                for (int i = 0; i < p.length; i++) {
                    p[i] /= (float) sum;
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < p.length; i++) {
                    p[i] = (float) (1 / (1 + Math.exp(-logits[i])));
                }
            }
            case NONE -> System.arraycopy(logits, 0, p, 0, p.length);
        }
        return p;
    }
}
