package io.github.cam4j.savedmodel;

/** How a gradient-based map weighs the feature channels, from the gradient of the class's logit at the features. */
public enum GradientWeighting {
    /** Grad-CAM (Selvaraju et al. 2017): a channel's weight is its gradient's mean over the cells. */
    GRAD_CAM("Grad-CAM"),
    /**
     * Grad-CAM++ (Chattopadhay et al. 2018), in its closed form for an exponential score as pytorch-grad-cam computes
     * it: {@code w_k = sum over cells of ReLU(g) * g^2 / (2 g^2 + S_k g^3 + 1e-6)}, {@code S_k} the channel's sum over
     * the cells. Cells weigh in by their own gradient, so several instances of a class show up, not just the strongest.
     */
    GRAD_CAM_PLUS_PLUS("Grad-CAM++"),
    /**
     * XGrad-CAM (Fu et al. 2020, "Axiom-based Grad-CAM"), as pytorch-grad-cam computes it: a channel's weight is its
     * gradient averaged over the cells with the channel's own activations as weights,
     * {@code w_k = sum over cells of g * f / (S_k + 1e-7)}. Cells where the channel is active count, silent ones do
     * not; on a model ending in global average pooling it equals Grad-CAM.
     */
    XGRAD_CAM("XGrad-CAM"),
    /**
     * HiResCAM (Draelos and Carin 2020): each cell's activations weighed by that cell's own gradient,
     * {@code ReLU(sum_k g_k(y, x) f_k(y, x))}, where Grad-CAM first averages the gradient over the cells. The map then
     * shows what the class's logit is made of cell by cell: on a model ending in global average pooling it is CAM's
     * positive part over {@code h·w}, as Grad-CAM's is; where the gradient varies over the cells (a Flatten head, an
     * earlier layer) the two differ.
     */
    HIRES_CAM("HiResCAM"),
    /**
     * LayerCAM (Jiang et al. 2021): like HiResCAM with the gradient's positive part only,
     * {@code ReLU(sum_k ReLU(g_k(y, x)) f_k(y, x))}. Made for earlier, finer layers ({@code --features}), where
     * Grad-CAM's averaged weights blur.
     */
    LAYER_CAM("LayerCAM"),
    /**
     * pytorch-grad-cam's GradCAMElementWise ({@code pytorch_grad_cam/grad_cam_elementwise.py}): each channel's
     * contribution at each cell kept only where it speaks for the class,
     * {@code sum_k ReLU(g_k(y, x) f_k(y, x))} ({@code np.maximum(grads * activations, 0).sum(axis=1)}), then BaseCAM's
     * ReLU, which changes nothing: the sum is never negative. HiResCAM sums the same products before its ReLU, so a
     * channel against the class cancels one for it; here it cannot. Where the features are never negative (any layer
     * after a ReLU, as on the bundled models) {@code ReLU(g f) = ReLU(g) f}, and the map is LayerCAM's to the bit; the
     * two differ only where an activation below 0 has a gradient (a batch normalisation's or a residual Add's output
     * that later layers read).
     */
    GRAD_CAM_ELEMENT_WISE("Grad-CAM element-wise", "Grad-EW"),
    /**
     * Finer-CAM (Zhang, Gu et al. 2025, arXiv 2501.11309), as pytorch-grad-cam's
     * {@code FinerCAM} computes it over Grad-CAM: Grad-CAM's channel weights, the gradient's spatial mean, taken of
     * {@code sum_j p_j (y_c - alpha y_j) / (sum_j p_j + 1e-9)} instead of the class's logit {@code y_c}, with {@code j}
     * the classes whose logits lie nearest {@code y_c} (ranks 1, 2, 3 by {@code |y_j - y_c|}) and {@code p} the
     * softmax of the logits, differentiated too. What the class shares with its look-alikes cancels; what tells it
     * from them stays ({@link FinerComparison} sets alpha and the ranks). Needs more classes than its deepest rank.
     */
    FINER_CAM("Finer-CAM"),
    /**
     * ShapleyCAM (Cai 2025, "CAMs as Shapley Value-based Explainers", arXiv 2501.06261), as pytorch-grad-cam computes
     * it: a channel's weight is the spatial mean of {@code g - H A / 2}, the gradient less half the Hessian of the
     * class's logit at the features times the features (a second-order Taylor term of the Shapley value). Where the
     * logit is piecewise linear in the features (ReLU, pooling, dense layers: H = 0) it is Grad-CAM exactly; it needs
     * TensorFlow to differentiate the gradient ops, and refuses a model where it cannot, naming the op.
     */
    SHAPLEY_CAM("ShapleyCAM"),
    /**
     * Smooth Grad-CAM++ (Omeiza et al. 2019, arXiv 1908.01224), as torch-cam's {@code SmoothGradCAMpp} computes it
     * ({@code torchcam/methods/gradient.py} at frgfm/torch-cam f44afef): the picture is run {@code n} times with Gaussian
     * noise added to its input ({@code CamSession.Builder#optSmoothGradNoise}), and the noisy copies' gradients,
     * squared and cubed, are averaged separately into {@code D2} and {@code D3}; then
     * {@code alpha = D2 / (2 D2 + sum over cells of D3 A + 1e-8)} with {@code A} the clean picture's features,
     * {@code w_k = sum over cells of alpha ReLU(g)}, and the map {@code ReLU(sum_k w_k A'_k)}, where torch-cam's hooks
     * leave {@code g} and {@code A'} those of the last noisy copy (its forward and backward hooks stay on through the
     * noisy runs). NaN weights (0 / 0) drop out, as torch-cam's {@code nansum} drops them. Its denominator adds
     * {@code sum D3 A}, a channel's one number, where Grad-CAM++'s ({@link #GRAD_CAM_PLUS_PLUS}, pytorch-grad-cam's
     * form) adds {@code g^3 sum A} cell by cell.
     */
    SMOOTH_GRAD_CAM_PLUS_PLUS("Smooth Grad-CAM++", "SG-CAM++");

    private final String title;
    private final String shortTitle;

    GradientWeighting(String title) {
        this(title, title);
    }

    GradientWeighting(String title, String shortTitle) {
        this.title = title;
        this.shortTitle = shortTitle;
    }

    /** @return the method's name as papers and reports write it */
    public String title() {
        return title;
    }

    /**
     * @return the method's name for places as narrow as a digit's caption: {@link #title()}, or a shorter form of it
     *     ("Grad-EW") where that is too long for a 168x168 overlay beside the class and probability even with single
     *     spaces (as "Grad-CAM EW" would be; "Grad-CAM++" fits so)
     */
    public String shortTitle() {
        return shortTitle;
    }
}
