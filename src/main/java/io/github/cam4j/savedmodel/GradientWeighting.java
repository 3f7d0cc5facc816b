package io.github.cam4j.savedmodel;

/** How a gradient-based map weighs the feature channels, from the gradient of the class's logit at the features. */
public enum GradientWeighting {
    /** Grad-CAM (Selvaraju et al. 2017): a channel's weight is its gradient's mean over the cells. */
    GRAD_CAM("Grad-CAM"),
    /**
     * Grad-CAM++ (Chattopadhay et al. 2018), in its closed form for an exponential score as pytorch-grad-cam computes
     * it: {@code w_k = sum over cells of ReLU(g) * g^2 / (2 g^2 + S_k g^3 + 1e-7)}, {@code S_k} the channel's sum over
     * the cells. Cells weigh in by their own gradient, so several instances of a class show up, not just the strongest.
     */
    GRAD_CAM_PLUS_PLUS("Grad-CAM++"),
    /**
     * XGrad-CAM (Fu et al. 2020, "Axiom-based Grad-CAM"), as pytorch-grad-cam computes it: a channel's weight is its
     * gradient averaged over the cells with the channel's own activations as weights,
     * {@code w_k = sum over cells of g * f / (S_k + 1e-7)}. Cells where the channel is active count, silent ones do
     * not; on a model ending in global average pooling it equals Grad-CAM.
     */
    XGRAD_CAM("XGrad-CAM");

    private final String title;

    GradientWeighting(String title) {
        this.title = title;
    }

    /** @return the method's name as papers and reports write it */
    public String title() {
        return title;
    }
}
