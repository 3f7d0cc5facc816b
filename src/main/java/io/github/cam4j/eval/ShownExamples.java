package io.github.cam4j.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps the canvases a report shows: the first few plain canvases with their cluttered twins, and the worst-localised
 * plain canvases (lowest CAM IoU at the paper's threshold, then a missed peak before a hit, then digit order).
 */
final class ShownExamples {
    /** Worst localised first. */
    static final Comparator<ModelEvaluation.Shown> WORST_FIRST = Comparator
            .comparingDouble((ModelEvaluation.Shown s) -> s.info().iou())
            .thenComparing(s -> s.info().pointing())
            .thenComparingInt(s -> s.info().digitIndex());

    private final int first;
    private final int worstCount;
    private final List<ModelEvaluation.Shown> plain = new ArrayList<>();
    private final List<ModelEvaluation.Shown> cluttered = new ArrayList<>();
    private final List<ModelEvaluation.Shown> worst = new ArrayList<>();

    /**
     * @param first how many of the first canvases to keep
     * @param worstCount how many of the worst to keep
     */
    ShownExamples(int first, int worstCount) {
        this.first = first;
        this.worstCount = worstCount;
    }

    /**
     * @param position the canvas's place in the evaluation's order
     * @param plainShown the plain canvas with its map
     * @param clutteredShown the cluttered canvas with its map
     */
    void offer(int position, ModelEvaluation.Shown plainShown, ModelEvaluation.Shown clutteredShown) {
        if (position < first) {
            plain.add(plainShown);
            cluttered.add(clutteredShown);
        }
        if (worst.size() < worstCount || WORST_FIRST.compare(plainShown, worst.get(worst.size() - 1)) < 0) {
            worst.add(plainShown);
            worst.sort(WORST_FIRST);
            if (worst.size() > worstCount) {
                worst.remove(worst.size() - 1);
            }
        }
    }

    /** @return the first plain canvases, then the same digits cluttered */
    List<ModelEvaluation.Shown> examples() {
        List<ModelEvaluation.Shown> out = new ArrayList<>(plain);
        out.addAll(cluttered);
        return out;
    }

    /** @return the worst-localised plain canvases, worst first */
    List<ModelEvaluation.Shown> worst() {
        return List.copyOf(worst);
    }
}
