package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cam4j.render.Box;
import io.github.cam4j.render.FloatMap;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What a report shows stays the same size however many canvases a run has: each canvas's picture and map (two 84x84
 * float arrays, 56 KB) kept for every canvas would grow with the sample, so the evaluation keeps only the first few and
 * a bounded worst-k. Asserted on the structure's sizes, not on the process's memory, which the heap's growth blurs.
 */
class ShownExamplesTest {
    private static ModelEvaluation.Shown shown(int digit, double iou, boolean cluttered) {
        Canvas canvas = new Canvas(digit, digit % 10, 28, new float[28 * 28], new Box(10, 10, 20, 20), cluttered);
        ModelReport.Example info = new ModelReport.Example(digit, digit % 10, digit % 10, 0.9, iou, iou > 0.5,
                "[10, 10, 20, 20]", null, Integer.toString(digit % 10), Integer.toString(digit % 10));
        return new ModelEvaluation.Shown(canvas, new FloatMap(28, 28, new float[28 * 28]), info);
    }

    @Test
    void keepsTheFirstAndTheWorstOnlyOverTenThousandCanvases() {
        ShownExamples kept = new ShownExamples(ModelEvaluator.EXAMPLES, ModelEvaluator.WORST);
        SplittableRandom random = new SplittableRandom(7);
        double[] ious = IntStream.range(0, 10_000).mapToDouble(i -> random.nextDouble()).toArray();
        for (int i = 0; i < ious.length; i++) {
            kept.offer(i, shown(i, ious[i], false), shown(i, ious[i], true));
        }
        assertEquals(2 * ModelEvaluator.EXAMPLES, kept.examples().size());
        assertEquals(IntStream.range(0, ModelEvaluator.EXAMPLES).boxed().toList(), kept.examples().stream()
                .filter(s -> !s.canvas().cluttered()).map(s -> s.canvas().digitIndex()).toList());
        // The 16 lowest IoUs of the 10 000, lowest first: a bounded worst-k, not a sorted list of every canvas.
        List<Integer> lowest = IntStream.range(0, ious.length).boxed().sorted(Comparator.comparingDouble(i -> ious[i]))
                .limit(ModelEvaluator.WORST).toList();
        assertEquals(lowest, kept.worst().stream().map(s -> s.info().digitIndex()).toList());
    }
}
