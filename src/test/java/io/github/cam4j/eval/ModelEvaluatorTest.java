package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cam4j.cam.FeatureMethod;
import io.github.cam4j.cam.KpcaKernel;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link ModelEvaluator} used wrongly from Java: each case named what is wrong only late, or not at all. */
class ModelEvaluatorTest {
    static final Path POOLED = SharedData.bundledModels().resolve("mnist-pooled");

    /**
     * An empty selection is refused: evaluated, it gave a report of 0 digits whose accuracy, pointing and IoU rates
     * read 0.0 and whose means were NaN, as if the model had failed on every digit.
     */
    @Test
    void anEmptySelectionIsRefused() throws Exception {
        LabeledImages test = Dataset.openTest(SharedData.mnist()).test();
        ModelEvaluator evaluator = new ModelEvaluator(EvaluationSettings.defaults(), LoadOptions.defaults(), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> evaluator.evaluate(POOLED, test, new int[0]));
        assertEquals("selection is empty: give the indices of at least one test digit (Sampling.sample(test.count(),"
                + " 0, seed) takes them all)", e.getMessage());
        assertEquals("selection is null: the test digits' indices, e.g. Sampling.sample(test.count(), 2000, 42)",
                assertThrows(NullPointerException.class, () -> evaluator.evaluate(POOLED, test, null)).getMessage());
    }

    /**
     * A null setting or option is named when the evaluator is made: they were NullPointerExceptions from inside
     * {@code evaluate} ("Cannot invoke ... seed() because this.settings is null"), after the model had been opened.
     */
    @Test
    void nullArgumentsAreNamed() {
        assertEquals("settings is null: EvaluationSettings.defaults() for the defaults", assertThrows(
                NullPointerException.class, () -> new ModelEvaluator(null, LoadOptions.defaults(), null)).getMessage());
        assertEquals("loadOptions is null: LoadOptions.defaults() for none", assertThrows(NullPointerException.class,
                () -> new ModelEvaluator(EvaluationSettings.defaults(), null, null)).getMessage());
    }

    /**
     * A digit whose canvas a method cannot map (KPCA-CAM's poly kernel at gamma 3e21 puts test digit 5031's plain
     * canvas, both of 3487's and test digit 5's cluttered one beyond a float's range, not those of test digits 0..4, 6
     * and 7) is left out for every method and baseline,
     * both its canvases, and the run goes on: every figure is then that of the other digits, as an evaluation of those
     * digits alone gives it, faithfulness on the first ones among them too. The whole run had stopped at the first.
     */
    @Test
    void aDigitAMethodCannotMapIsLeftOutForEveryMethodAndTheFiguresAreTheOthers() throws Exception {
        LabeledImages test = Dataset.openTest(SharedData.mnist()).test();
        int[] selection = {0, 5031, 1, 2, 3487, 3, 4, 5, 6, 7};
        // Faithfulness on the first four: one of them left out.
        EvaluationSettings kpca = EvaluationSettings.builder().optFaithfulnessLimit(4).optSteps(4)
                .optAlsoFeatureMethods(List.of(FeatureMethod.kpcaCam(KpcaKernel.POLY, 3e21))).build();
        List<String> said = new ArrayList<>();
        ModelEvaluation evaluation = new ModelEvaluator(kpca, LoadOptions.defaults(), null, said::add)
                .evaluate(POOLED, test, selection);
        ModelReport withKpca = evaluation.report();
        assertEquals(List.of(5031, 3487, 3487, 5), withKpca.leftOut().stream().map(ModelReport.LeftOut::digit)
                .toList(), withKpca.leftOut().toString());
        assertEquals(List.of("plain", "plain", "cluttered", "cluttered"), withKpca.leftOut().stream()
                .map(ModelReport.LeftOut::canvas).toList());
        for (ModelReport.LeftOut l : withKpca.leftOut()) {
            assertEquals("KPCA-CAM", l.method());
            assertTrue(l.reason().startsWith("KPCA-CAM's poly kernel at gamma 3.0E21 puts the cells of image test digit "
                    + l.digit() + "'s " + l.canvas() + " canvas beyond a float's range"), l.reason());
        }
        assertEquals(4, said.size(), said.toString());
        assertTrue(said.get(3).startsWith("test digit 5's cluttered canvas left out for every method and baseline (with"
                + " its plain one): "), said.get(3));
        assertTrue(said.get(0).startsWith("test digit 5031's plain canvas left out for every method and baseline (with"
                + " its cluttered one): KPCA-CAM could not map it: KPCA-CAM's poly kernel"), said.get(0));
        assertEquals(10, withKpca.digits(), "the digits evaluated, their accuracy over all ten");

        // The same model on the seven other digits alone, without KPCA-CAM: the same canvases (seeded by digit).
        EvaluationSettings camOnly = EvaluationSettings.builder().optFaithfulnessLimit(3).optSteps(4).build();
        int[] others = IntStream.of(selection).filter(d -> d != 5031 && d != 3487 && d != 5).toArray();
        ModelReport alone = new ModelEvaluator(camOnly, LoadOptions.defaults(), null).evaluate(POOLED, test, others)
                .report();
        assertTrue(alone.leftOut().isEmpty());
        // What a comparison with another model pairs the canvases by.
        assertEquals(java.util.Arrays.toString(others), java.util.Arrays.toString(evaluation.scoredDigits()));
        ObjectMapper json = new ObjectMapper();
        for (Method m : List.of(Method.CAM, Method.CENTRE, Method.RANDOM, Method.RANDOMIZED)) {
            assertEquals(json.writeValueAsString(alone.plain().get(m)), json.writeValueAsString(withKpca.plain().get(m)),
                    m + " on plain canvases");
            assertEquals(json.writeValueAsString(alone.cluttered().get(m)),
                    json.writeValueAsString(withKpca.cluttered().get(m)), m + " on cluttered canvases");
            assertEquals(json.writeValueAsString(alone.faithfulness().get(m)),
                    json.writeValueAsString(withKpca.faithfulness().get(m)), m + "'s faithfulness");
        }
        assertEquals(7, withKpca.plain().get(Method.KPCA_CAM).canvases());
        assertEquals(7, withKpca.cluttered().get(Method.KPCA_CAM).canvases());
        assertEquals(3, withKpca.faithfulness().get(Method.KPCA_CAM).canvases());
        assertEquals(alone.canvasAccuracy(), withKpca.canvasAccuracy());
        assertEquals(alone.clutteredAccuracy(), withKpca.clutteredAccuracy());
        assertEquals(json.writeValueAsString(alone.randomizedSpearman()),
                json.writeValueAsString(withKpca.randomizedSpearman()));
        // The cascading randomisation too: it correlated the left-out digits' plain canvases as well.
        assertEquals(json.writeValueAsString(alone.cascade()), json.writeValueAsString(withKpca.cascade()));
    }

    /**
     * The run stops once a method could not map a canvas of more than half the digits so far, in a later batch too, not
     * only in the first: with two canvases a batch and KPCA-CAM's poly kernel at gamma 3e21, test digits 0 and 5031
     * (one of two left out) go on, 3487 and 5 then make three of four, and the run stops naming 3487's plain canvas;
     * 0, 5031, 1 and 3487 (two of four, half) are left out and the run is finished. The digits so far were counted as
     * those scored and the batch's, without those left out before: "3 of the 3", and the second run stopped at "2 of
     * 3".
     */
    @Test
    void failuresInALaterBatchStopTheRunOnceMoreThanHalfTheDigitsSoFarFailed() throws Exception {
        LabeledImages test = Dataset.openTest(SharedData.mnist()).test();
        EvaluationSettings kpca = EvaluationSettings.builder().optFaithfulnessLimit(0).optBatch(2)
                .optAlsoFeatureMethods(List.of(FeatureMethod.kpcaCam(KpcaKernel.POLY, 3e21))).build();
        List<String> said = new ArrayList<>();
        io.github.cam4j.cam.InvalidInputException stopped = assertThrows(
                io.github.cam4j.cam.InvalidInputException.class,
                () -> new ModelEvaluator(kpca, LoadOptions.defaults(), null, said::add).evaluate(POOLED, test,
                        new int[] {0, 5031, 3487, 5}));
        assertTrue(stopped.getMessage().startsWith("KPCA-CAM's poly kernel at gamma 3.0E21 puts the cells of image test"
                + " digit 3487's plain canvas beyond a float's range"), stopped.getMessage());
        assertTrue(stopped.getMessage().endsWith(" (KPCA-CAM could not map a canvas of 3 of the 4 test digits: the run"
                + " stops rather than score only the other one)"), stopped.getMessage());
        // The first batch's digit was said as it was left out, before the second batch stopped the run.
        assertEquals(1, said.size(), said.toString());
        assertTrue(said.get(0).startsWith("test digit 5031's plain canvas left out"), said.get(0));

        ModelReport half = new ModelEvaluator(kpca, LoadOptions.defaults(), null).evaluate(POOLED, test,
                new int[] {0, 5031, 1, 3487}).report();
        assertEquals(2, half.leftOutDigits(), half.leftOut().toString());
        assertEquals(2, half.plain().get(Method.CAM).canvases());
    }

    /**
     * The stop's words are true of its case: a first batch every digit of which failed (two canvases a batch, test
     * digits 5031 and 3487 at KPCA-CAM's poly gamma 5e21) goes on to none of the others, where "the run stops rather
     * than score the few others" was said with two digits not yet evaluated; more than half the digits of a batch that
     * is the whole sample leave the others, not "the few others", to score.
     */
    @Test
    void theStopSaysWhatItSparesInEachCase() throws Exception {
        LabeledImages test = Dataset.openTest(SharedData.mnist()).test();
        FeatureMethod gamma5e21 = FeatureMethod.kpcaCam(KpcaKernel.POLY, 5e21);
        EvaluationSettings batchOfTwo = EvaluationSettings.builder().optFaithfulnessLimit(0).optBatch(2)
                .optAlsoFeatureMethods(List.of(gamma5e21)).build();
        io.github.cam4j.cam.InvalidInputException first = assertThrows(io.github.cam4j.cam.InvalidInputException.class,
                () -> new ModelEvaluator(batchOfTwo, LoadOptions.defaults(), null).evaluate(POOLED, test,
                        new int[] {5031, 3487, 0, 1}));
        assertTrue(first.getMessage().endsWith(" (KPCA-CAM could not map a canvas of any of the 2 test digits of the"
                + " first batch: the run stops rather than go on to the other 2)"), first.getMessage());
        EvaluationSettings oneBatch = EvaluationSettings.builder().optFaithfulnessLimit(0)
                .optAlsoFeatureMethods(List.of(gamma5e21)).build();
        io.github.cam4j.cam.InvalidInputException all = assertThrows(io.github.cam4j.cam.InvalidInputException.class,
                () -> new ModelEvaluator(oneBatch, LoadOptions.defaults(), null).evaluate(POOLED, test,
                        new int[] {5031, 3487}));
        assertTrue(all.getMessage().endsWith(" (KPCA-CAM could not map a canvas of any of the 2 test digits: none is"
                + " left to score)"), all.getMessage());
    }

    /**
     * The faithfulness digits are batches of their own: with faithfulness on the first digit alone, test digit 5031,
     * which KPCA-CAM's poly kernel at gamma 3e21 cannot map, was a first batch all failed, and the run stopped ("1 of
     * the 1 test digits evaluated so far") where faithfulness on none left it out and scored 0 and 1. The stop is now
     * judged once a batch's worth of digits is in.
     */
    @Test
    void aFaithfulnessPhaseOfOneDigitDoesNotStopTheRunAlone() throws Exception {
        LabeledImages test = Dataset.openTest(SharedData.mnist()).test();
        EvaluationSettings kpca = EvaluationSettings.builder().optFaithfulnessLimit(1).optSteps(4)
                .optAlsoFeatureMethods(List.of(FeatureMethod.kpcaCam(KpcaKernel.POLY, 3e21))).build();
        ModelReport report = new ModelEvaluator(kpca, LoadOptions.defaults(), null).evaluate(POOLED, test,
                new int[] {5031, 0, 1}).report();
        assertEquals(1, report.leftOutDigits(), report.leftOut().toString());
        assertEquals(5031, report.leftOut().get(0).digit());
        assertEquals(2, report.plain().get(Method.CAM).canvases());
    }

    /**
     * A faithfulness digit whose canvas a method maps but cannot map once multiplied by that map (coherency's
     * explanation: Finer-CAM at alpha 2.5e38 maps test digit 2550's plain and cluttered canvases, but its target
     * overflows on the plain canvas masked by its map) is left out for every method and baseline as one it cannot map
     * at all, said and listed, and the figures are the other digits': the whole evaluation had stopped, nothing kept.
     */
    @Test
    void aCanvasAMethodCannotMapOnceMaskedForCoherencyIsLeftOutForEveryMethod() throws Exception {
        LabeledImages test = Dataset.openTest(SharedData.mnist()).test();
        // Faithfulness on the first four; Finer-CAM maps each of these digits' canvases.
        int[] selection = {12, 2550, 14, 18, 19, 26, 33, 36};
        EvaluationSettings finer = EvaluationSettings.builder().optFaithfulnessLimit(4).optSteps(4)
                .optAlso(java.util.Set.of(io.github.cam4j.savedmodel.GradientWeighting.FINER_CAM))
                .optAlsoFinerComparison(new io.github.cam4j.savedmodel.FinerComparison(2.5e38f, List.of(1, 2, 3)))
                .build();
        List<String> said = new ArrayList<>();
        ModelReport withFiner = new ModelEvaluator(finer, LoadOptions.defaults(), null, said::add)
                .evaluate(POOLED, test, selection).report();
        assertEquals(1, withFiner.leftOut().size(), withFiner.leftOut().toString());
        ModelReport.LeftOut left = withFiner.leftOut().get(0);
        assertEquals(List.of(2550, "plain", "Finer-CAM"), List.of(left.digit(), left.canvas(), left.method()));
        assertTrue(left.reason().startsWith("its map of the canvas multiplied by that map, for coherency: Finer-CAM's"
                + " map of image test digit 2550's plain canvas is not finite"), left.reason());
        assertEquals(List.of("test digit 2550's plain canvas left out for every method and baseline (with its cluttered"
                + " one): Finer-CAM could not map it: " + left.reason()), said);

        // The same model on the seven other digits alone, without Finer-CAM: the same canvases (seeded by digit).
        EvaluationSettings camOnly = EvaluationSettings.builder().optFaithfulnessLimit(3).optSteps(4).build();
        int[] others = IntStream.of(selection).filter(d -> d != 2550).toArray();
        ModelReport alone = new ModelEvaluator(camOnly, LoadOptions.defaults(), null).evaluate(POOLED, test, others)
                .report();
        ObjectMapper json = new ObjectMapper();
        for (Method m : List.of(Method.CAM, Method.CENTRE, Method.RANDOM, Method.RANDOMIZED)) {
            assertEquals(json.writeValueAsString(alone.plain().get(m)),
                    json.writeValueAsString(withFiner.plain().get(m)), m + " on plain canvases");
            assertEquals(json.writeValueAsString(alone.cluttered().get(m)),
                    json.writeValueAsString(withFiner.cluttered().get(m)), m + " on cluttered canvases");
            assertEquals(json.writeValueAsString(alone.faithfulness().get(m)),
                    json.writeValueAsString(withFiner.faithfulness().get(m)), m + "'s faithfulness");
        }
        assertEquals(7, withFiner.plain().get(Method.FINER_CAM).canvases());
        assertEquals(3, withFiner.faithfulness().get(Method.FINER_CAM).canvases());
        assertEquals(alone.canvasAccuracy(), withFiner.canvasAccuracy());
    }
}
