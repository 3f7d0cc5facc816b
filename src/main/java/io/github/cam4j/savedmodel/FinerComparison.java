package io.github.cam4j.savedmodel;

import java.util.List;

/**
 * What Finer-CAM ({@link GradientWeighting#FINER_CAM}) compares the explained class with, as pytorch-grad-cam's
 * {@code FinerCAM.forward(alpha=1, comparison_categories=[1, 2, 3])} takes it: the classes at these ranks when all are
 * sorted by how near their logits lie to the explained class's (rank 0 being that class itself), and how strongly
 * their logits are subtracted; or, {@code unweighted}, as torch-cam's {@code FinerCAM(gamma=0.6, num_references=3)}
 * over its default base GradCAM takes it: the {@code num_references} classes whose scores lie nearest the target's
 * (ranks 1 to {@code num_references}), their logits' plain mean subtracted.
 *
 * @param alpha the comparison's strength: the target is {@code sum_j p_j (y_c - alpha y_j) / (sum_j p_j + 1e-9)}; 0
 *     gives the class's logit (Grad-CAM's gradient), 1 its margins over the nearest classes. torch-cam's gamma when
 *     {@code unweighted}
 * @param ranks the comparison ranks, each at least 1
 * @param unweighted false for pytorch-grad-cam's weights {@code p_j = softmax(y)_j} (differentiated through), true for
 *     torch-cam's {@code y_c - alpha · mean_j y_j}: every {@code p_j} taken as 1
 */
public record FinerComparison(float alpha, List<Integer> ranks, boolean unweighted) {
    /** pytorch-grad-cam's defaults: alpha 1, the three nearest classes. */
    public static final FinerComparison DEFAULT = new FinerComparison(1f, List.of(1, 2, 3));

    /** torch-cam's {@code FinerCAM} defaults: gamma 0.6, three references, the mean of their logits. */
    public static final FinerComparison TORCH_CAM_DEFAULT = new FinerComparison(0.6f, List.of(1, 2, 3), true);

    /**
     * pytorch-grad-cam's form, the compared classes weighed by their probabilities.
     *
     * @param alpha the comparison's strength
     * @param ranks the comparison ranks, each at least 1
     * @throws IllegalArgumentException as the canonical constructor
     */
    public FinerComparison(float alpha, List<Integer> ranks) {
        this(alpha, ranks, false);
    }

    /**
     * @param alpha the comparison's strength
     * @param ranks the comparison ranks, each at least 1
     * @param unweighted torch-cam's plain mean of the compared logits rather than pytorch-grad-cam's probability weights
     * @throws IllegalArgumentException for an alpha that is not a finite number (or, unweighted, is negative: torch-cam
     *     refuses a negative gamma), no ranks, a rank below 1, or a rank given twice
     */
    public FinerComparison {
        if (!Float.isFinite(alpha)) {
            throw new IllegalArgumentException("Finer-CAM's alpha must be a finite number, got " + alpha);
        }
        if (unweighted && alpha < 0) {
            throw new IllegalArgumentException("torch-cam's Finer-CAM takes a gamma (alpha) of 0 or more, as torch-cam"
                    + " refuses a negative one, got " + alpha);
        }
        ranks = List.copyOf(ranks);
        if (ranks.isEmpty()) {
            throw new IllegalArgumentException("Finer-CAM needs at least one comparison rank (e.g. 1, 2, 3)");
        }
        for (int rank : ranks) {
            if (rank < 1) {
                throw new IllegalArgumentException("Finer-CAM's comparison ranks count from 1 (the class nearest the"
                        + " explained one; rank 0 is that class itself), got " + rank);
            }
        }
        for (int i = 0; i < ranks.size(); i++) {
            if (ranks.indexOf(ranks.get(i)) != i) {
                // The same class counted twice weighs its probability twice in the numerator and the denominator: the
                // comparison of the ranks without the repeat, up to pytorch-grad-cam's 1e-9. Refused rather than taken.
                throw new IllegalArgumentException("Finer-CAM's comparison ranks name each class once, got rank "
                        + ranks.get(i) + " twice in " + io.github.cam4j.Abbreviated.list(ranks));
            }
        }
    }

    /** @return the highest rank compared */
    public int deepest() {
        return ranks.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    /**
     * @param classes the model's classes
     * @return why this comparison cannot be made on such a model (its deepest rank needs more classes), or null
     */
    public String problem(int classes) {
        if (deepest() < classes) {
            return null;
        }
        // Say what to do as well: the ranks the model allows, or, with one class, that no comparison exists.
        return "Finer-CAM compares the explained class with the classes at ranks " + io.github.cam4j.Abbreviated.list(ranks)
                + " of nearness to its logit, which needs at least " + (deepest() + 1L) + " classes; this model has " + classes
                + (classes > 1 ? ": give ranks from 1 to " + (classes - 1) + " (--finer-ranks)"
                        : ": no other class to compare with, use another method");
    }

    /**
     * @return what the graph's Finer-CAM target is fed ({@code FinerTargetOps}): {@code {alpha, probability share}}, the
     *     share 1 for pytorch-grad-cam's probability weights, 0 for torch-cam's unweighted mean
     */
    public float[] fedWeights() {
        return new float[] {alpha, unweighted ? 0f : 1f};
    }

    /** @return the ranks as TensorFlow takes them */
    int[] rankArray() {
        return ranks.stream().mapToInt(Integer::intValue).toArray();
    }
}
