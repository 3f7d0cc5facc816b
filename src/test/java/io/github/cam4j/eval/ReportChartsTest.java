package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The report's bar charts, from a real evaluation of the bundled pooled model. */
class ReportChartsTest {
    static final Path POOLED = SharedData.bundledModels().resolve("mnist-pooled");

    /**
     * With {@code --faithfulness 0} the bar charts kept Average Drop, Increase in Confidence and the deletion and
     * insertion AUCs as categories of bars 0 high, on Average Drop and deletion AUC (lower is better) a perfect score
     * for every method. What was not measured is left out of the charts.
     */
    /**
     * The positive-part masks' deletion curve is CAM's on a map nowhere negative, and lay hidden under CAM's line, its
     * legend giving the same area as CAM's: the legend says "(as CAM)", as the sweep's does of their boxes (Charts
     * rings the line). A curve that differs keeps its area.
     */
    @Test
    void aPositivePartCurveThatIsCamsIsNamedSo() {
        double[] deletion = {0.9, 0.3, 0.1};
        double[] insertion = {0.1, 0.6, 0.9};
        java.util.Map<Method, FaithfulnessSummary> same = new java.util.EnumMap<>(Method.class);
        same.put(Method.CAM, new FaithfulnessSummary(4, 30, 0, 0.325, 0.55, deletion, insertion));
        same.put(Method.CAM_POSITIVE_MASK, new FaithfulnessSummary(4, 30, 0, 0.325, 0.55, deletion.clone(),
                new double[] {0.1, 0.5, 0.9}));
        ModelReport m = new ModelReport("m", "/m", 4, "28x28", 1, 84, "21x21", 1, 1, java.util.Map.of(),
                java.util.Map.of(), same, null, null, List.of(), List.of(), 1.0);
        assertEquals(List.of("CAM (0.325)", "CAM, positive-part masks (as CAM)"),
                ReportCharts.curveSeries(m, true, null).stream().map(Charts.Series::name).toList());
        assertEquals(List.of("CAM (0.550)", "CAM, positive-part masks (0.550)"),
                ReportCharts.curveSeries(m, false, null).stream().map(Charts.Series::name).toList());
        ReportCharts.curves(m, true, null).close();
    }

    @Test
    void barChartsLeaveOutTheMetricsNotMeasured() throws Exception {
        LabeledImages test = Dataset.openTest(SharedData.mnist()).test();
        int[] digits = IntStream.range(0, 12).toArray();
        ModelReport without = new ModelEvaluator(EvaluationSettings.builder().optCanvasSize(56).optSeed(3).optFaithfulnessLimit(0)
                .optSteps(4).optBatch(16).build(), LoadOptions.defaults(), null)
                .evaluate(POOLED, test, digits).report();
        List<String> charted = ReportCharts.charted(List.of(without)).stream().map(Scoreboard.Metric::name).toList();
        assertEquals(Scoreboard.METRICS.stream().filter(m -> !m.optIn()).map(Scoreboard.Metric::name)
                .filter(n -> !n.startsWith("Average Drop") && !n.startsWith("Increase") && !n.endsWith("AUC")
                        && !n.equals("complexity") && !n.equals("coherency")).toList(),
                charted);
        ReportCharts.baselines(without, null).close();
        ReportCharts.acrossModels(List.of(without)).close();
        // The titles name the scaling of what is shown: they spoke of AD and IC with both left out.
        assertEquals("(distance per canvas diagonal; (-) lower is better)",
                ReportCharts.scales(ReportCharts.charted(List.of(without))));

        ModelReport with = new ModelEvaluator(EvaluationSettings.builder().optCanvasSize(56).optSeed(3).optFaithfulnessLimit(2)
                .optSteps(4).optBatch(16).build(), LoadOptions.defaults(), null)
                .evaluate(POOLED, test, digits).report();
        // ROAD, not asked for, is left out as well.
        List<Scoreboard.Metric> measured = Scoreboard.METRICS.stream().filter(m -> !m.optIn()).toList();
        assertEquals(measured, ReportCharts.charted(List.of(with)));
        assertEquals("(AD, IC as fractions, distance per canvas diagonal; (-) lower is better)",
                ReportCharts.scales(ReportCharts.charted(List.of(with))));
        assertEquals(measured, ReportCharts.charted(List.of(without, with)), "measured for one model: charted");
    }

    /**
     * Each method keeps one colour in every chart and every report, whatever --also methods are beside it (they took
     * their place in each chart's list: Eigen-CAM purple in one report, grey in the next, helper-158's audit). CAM and
     * the baselines keep the colours a plain run's charts had (tab10's first five, then the cluttered CAM's brown), and
     * no two series of a report share one.
     */
    @Test
    void eachMethodHasOneColourOfItsOwn() {
        assertEquals(List.of(0, 1, 2, 3, 4), List.of(ReportCharts.colourOf(Method.CAM),
                ReportCharts.colourOf(Method.CAM_POSITIVE_MASK), ReportCharts.colourOf(Method.CENTRE),
                ReportCharts.colourOf(Method.RANDOM), ReportCharts.colourOf(Method.RANDOMIZED)));
        assertEquals(5, ReportCharts.CLUTTERED_COLOUR);
        java.util.Set<Integer> used = new java.util.HashSet<>(List.of(ReportCharts.CLUTTERED_COLOUR));
        for (Method m : Method.values()) {
            int colour = ReportCharts.colourOf(m);
            org.junit.jupiter.api.Assertions.assertTrue(used.add(colour) && colour < Charts.colours(),
                    m + ": colour " + colour);
        }
    }
}
