package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link BaselineComparisons}: which values are paired (CAM's and a baseline's, canvas by canvas, CAM first), on which
 * metrics and baselines, and which are left out. These pairs are what evaluate's "better beyond noise on 38 of 43"
 * counts; mutation round 41 found them reached by no unit test (1 of 19 mutants killed).
 */
class BaselineComparisonsTest {
    private static final double[] NO_IOU = new double[LocalisationTally.THRESHOLDS.length];

    /** A tally of canvases whose peaks lie at these distances from their boxes, each box's IoU 0.6 or 0. */
    private static LocalisationTally tally(double... distances) {
        LocalisationTally t = new LocalisationTally(10);
        for (double d : distances) {
            double[] ious = NO_IOU.clone();
            if (d == 0) {
                java.util.Arrays.fill(ious, 0.6);
            }
            t.add(1, d, ious);
        }
        return t;
    }

    private static ModelReport.Comparison find(List<ModelReport.Comparison> all, String metric, Method baseline) {
        return all.stream().filter(c -> c.metric().equals(metric) && c.baseline().equals(baseline.title())).findFirst()
                .orElse(null);
    }

    @Test
    void eachBaselineIsPairedWithCamCanvasByCanvasOnEveryLocalisationMetric() {
        Map<Method, LocalisationTally> plain = Map.of(Method.CAM, tally(0, 0, 0, 5), Method.CENTRE, tally(5, 5, 0, 5),
                Method.RANDOM, tally(0, 0, 0, 5));
        // The uniform random map's cluttered canvases are fewer: nothing to pair it with there.
        Map<Method, LocalisationTally> cluttered = Map.of(Method.CAM, tally(0, 9, 0, 0), Method.CENTRE,
                tally(9, 9, 9, 0), Method.RANDOM, tally(0, 0, 0));
        List<ModelReport.Comparison> all = BaselineComparisons.of(plain, cluttered, Map.of());

        // 6 plain metrics against two baselines, 3 cluttered against one; no faithfulness, no randomized twin.
        assertEquals(6 * 2 + 3, all.size(), all.toString());
        assertTrue(all.stream().noneMatch(c -> c.baseline().equals(Method.RANDOMIZED.title())));
        List<String> order = Scoreboard.METRICS.stream().map(Scoreboard.Metric::name).toList();
        for (int i = 1; i < all.size(); i++) {
            assertTrue(order.indexOf(all.get(i - 1).metric()) <= order.indexOf(all.get(i).metric()),
                    "in the metrics' order: " + all);
        }

        ModelReport.Comparison pointing = find(all, "pointing", Method.CENTRE);
        // CAM minus the centre Gaussian: 1 - 0, 1 - 0, 1 - 1, 0 - 0.
        assertEquals(0.5, pointing.difference(), 1e-12);
        assertEquals(4, pointing.canvases());
        assertTrue(pointing.higherIsBetter());
        // Its interval (-0.07 to 1.07) cut at 1, the largest gap two rates can have.
        PairedDifference expected = PairedDifference.of(new double[] {1, 1, 1, 0}, new double[] {0, 0, 1, 0}).within(1);
        assertEquals(1, expected.high());
        assertEquals(expected.low(), pointing.low(), 1e-12);
        assertEquals(expected.high(), pointing.high(), 1e-12);

        ModelReport.Comparison distance = find(all, "mean peak distance to box, px", Method.CENTRE);
        assertEquals(-2.5, distance.difference(), 1e-12);
        assertFalse(distance.higherIsBetter(), "a distance is better lower");

        ModelReport.Comparison same = find(all, "mean IoU (t=0.2)", Method.RANDOM);
        assertEquals(0, same.difference());
        assertEquals(0, same.low());
        assertEquals(0, same.high());

        ModelReport.Comparison clutteredPointing = find(all, "pointing, cluttered", Method.CENTRE);
        assertEquals(0.5, clutteredPointing.difference(), 1e-12, "the cluttered tallies, not the plain ones");
        assertEquals(null, find(all, "pointing, cluttered", Method.RANDOM));

        Map<String, double[]> cam = BaselineComparisons.camValues(plain, cluttered, Map.of());
        assertEquals(order.subList(0, 9), List.copyOf(cam.keySet()));
        assertArrayEquals(new double[] {0, 0, 0, 5}, cam.get("mean peak distance to box, px"));
        assertArrayEquals(new double[] {1, 0, 1, 1}, cam.get("pointing, cluttered"));
    }

    @Test
    void faithfulnessIsPairedTooAndCoherencyOnlyWithAMapThatReadsTheCanvas() {
        Map<Method, FaithfulnessTally> faithful = new java.util.EnumMap<>(Method.class);
        // CAM's masked canvases keep more of the class's probability than the baselines' do.
        faithful.put(Method.CAM, faithfulness(new double[] {0.9, 0.8, 1.0}, 0.2, 0.9));
        faithful.put(Method.CENTRE, faithfulness(new double[] {0.5, 0.4, 0.6}, 0.6, 0.5));
        faithful.put(Method.RANDOM, faithfulness(new double[] {0.3, 0.2, 0.4}, 0.5, 0.2));
        faithful.put(Method.RANDOMIZED, faithfulness(new double[] {0.6, 0.5, 0.7}, 0.4, 0.6));
        List<ModelReport.Comparison> all = BaselineComparisons.of(Map.of(), Map.of(), faithful);

        // Average Drop, Increase in Confidence, deletion, insertion, complexity against three baselines; coherency
        // against the randomized twin only (the centre Gaussian's and uniform random maps ignore the canvas, so their
        // coherency is 1 by construction); ROAD and ARCC not measured.
        assertEquals(5 * 3 + 1, all.size(), all.toString());
        assertEquals(List.of(Method.RANDOMIZED.title()), all.stream().filter(c -> c.metric().equals("coherency"))
                .map(ModelReport.Comparison::baseline).toList());
        assertTrue(all.stream().noneMatch(c -> c.metric().equals("ROAD combined") || c.metric().equals("ARCC")));

        for (Method baseline : List.of(Method.CENTRE, Method.RANDOM, Method.RANDOMIZED)) {
            for (String metric : List.of("Average Drop %", "deletion AUC", "insertion AUC", "complexity")) {
                Scoreboard.Metric m = Scoreboard.METRICS.stream().filter(x -> x.name().equals(metric)).findFirst()
                        .orElseThrow();
                double[] a = faithful.get(Method.CAM).values(m.perCanvas());
                double[] b = faithful.get(baseline).values(m.perCanvas());
                ModelReport.Comparison c = find(all, metric, baseline);
                assertEquals(PairedDifference.of(a, b).difference(), c.difference(), 1e-12, metric + " " + baseline);
                assertEquals(m.higherIsBetter(), c.higherIsBetter(), metric);
                assertEquals(3, c.canvases());
            }
        }
        // CAM's masked probability 0.9, 0.8, 1.0 of 1 drops 10, 20, 0 %; the centre Gaussian's 50, 60, 40 %.
        assertEquals((10 + 20 + 0 - 50 - 60 - 40) / 3.0, find(all, "Average Drop %", Method.CENTRE).difference(), 1e-9);
        assertTrue(find(all, "Average Drop %", Method.CENTRE).clearlyBetter(), "a lower drop is better");
        assertEquals(0.2 - 0.6, find(all, "complexity", Method.CENTRE).difference(), 1e-12);
        assertEquals(0.9 - 0.6, find(all, "coherency", Method.RANDOMIZED).difference(), 1e-12);
    }

    /**
     * Three canvases each of probability 1, masked to {@code masked}, with deletion and insertion curves falling and
     * rising by the masked probability, and the map's complexity and coherency.
     */
    private static FaithfulnessTally faithfulness(double[] masked, double complexity, double coherency) {
        FaithfulnessTally t = new FaithfulnessTally();
        List<Faithfulness.Scores> scores = new java.util.ArrayList<>();
        List<Arcc.Parts> parts = new java.util.ArrayList<>();
        for (double m : masked) {
            scores.add(new Faithfulness.Scores(0, Math.log(m), new double[] {1, 1 - m, 0}, new double[] {0, m, 1}));
            parts.add(new Arcc.Parts(complexity, coherency));
        }
        t.addAll(scores);
        t.addArcc(parts);
        return t;
    }
}
