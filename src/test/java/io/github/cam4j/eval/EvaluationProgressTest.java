package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EvaluationProgressTest {
    /**
     * The digits measured for faithfulness cost dozens of model runs each, the others a few: one bar over both
     * extrapolated the first pace and showed over an hour left for the unpooled model's 10 000 canvases, which took
     * minutes. Each phase has its own bar, which ends full.
     */
    @Test
    void theFaithfulnessDigitsAndTheRestHaveABarEach() throws Exception {
        LabeledImages test = Dataset.openTest(SharedData.mnist()).test();
        ByteArrayOutputStream bars = new ByteArrayOutputStream();
        try (PrintStream progress = new PrintStream(bars, true, StandardCharsets.UTF_8)) {
            new ModelEvaluator(EvaluationSettings.builder().optCanvasSize(56).optSeed(3).optFaithfulnessLimit(8).optSteps(4)
                    .optBatch(16).build(), LoadOptions.defaults(), progress)
                    .evaluate(SharedData.bundledModels().resolve("mnist-pooled"), test, IntStream.range(0, 40).toArray());
        }
        String shown = bars.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("mnist-pooled, with faithfulness") && shown.contains("8/8 canvases"), shown);
        assertTrue(shown.matches("(?s).*mnist-pooled 100%.* 32/32 canvases.*"), shown);
    }
}
