package io.github.cam4j.savedmodel;

import java.util.List;

/**
 * What Finer-CAM ({@link GradientWeighting#FINER_CAM}) compares the explained class with, as pytorch-grad-cam's
 * {@code FinerCAM.forward(alpha=1, comparison_categories=[1, 2, 3])} takes it: the classes at these ranks when all are
 * sorted by how near their logits lie to the explained class's (rank 0 being that class itself), and how strongly
 * their logits are subtracted.
 *
 * @param alpha the comparison's strength: the target is {@code sum_j p_j (y_c - alpha y_j) / (sum_j p_j + 1e-9)}; 0
 *     gives the class's logit (Grad-CAM's gradient), 1 its margins over the nearest classes
 * @param ranks the comparison ranks, each at least 1
 */
public record FinerComparison(float alpha, List<Integer> ranks) {
    /** pytorch-grad-cam's defaults: alpha 1, the three nearest classes. */
    public static final FinerComparison DEFAULT = new FinerComparison(1f, List.of(1, 2, 3));

    /**
     * @param alpha the comparison's strength
     * @param ranks the comparison ranks, each at least 1
     * @throws IllegalArgumentException for an alpha that is not a finite number, no ranks, a rank below 1, or a rank
     *     given twice
     */
    public FinerComparison {
        if (!Float.isFinite(alpha)) {
            throw new IllegalArgumentException("Finer-CAM's alpha must be a finite number, got " + alpha);
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
                        + ranks.get(i) + " twice in " + ranks);
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
        return "Finer-CAM compares the explained class with the classes at ranks " + ranks + " of nearness to its"
                + " logit, which needs at least " + (deepest() + 1L) + " classes; this model has " + classes
                + (classes > 1 ? ": give ranks from 1 to " + (classes - 1) + " (--finer-ranks)"
                        : ": no other class to compare with, use another method");
    }

    /** @return the ranks as TensorFlow takes them */
    int[] rankArray() {
        return ranks.stream().mapToInt(Integer::intValue).toArray();
    }
}
