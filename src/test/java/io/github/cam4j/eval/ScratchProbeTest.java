package io.github.cam4j.eval;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScratchProbeTest {
    @Test
    void probe() throws Exception {
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        int n = Integer.getInteger("probe.n", 256);
        int[] sel = Sampling.sample(test.count(), n, 42);
        Path model = Path.of(System.getProperty("probe.model", "/work/devmodels/mnist-pooled-2epochs"));
        for (int f : new int[] {0, n}) {
            long t0 = System.nanoTime();
            ModelEvaluation e = new ModelEvaluator(new EvaluationSettings(84, 42, f, 16, 128), LoadOptions.defaults(), null)
                    .evaluate(model, test, sel);
            System.out.printf("faithfulness %d: %.1f s%n", f, (System.nanoTime() - t0) / 1e9);
            ModelReport r = e.report();
            System.out.println("acc " + r.accuracy() + " canvas " + r.canvasAccuracy() + " clutter " + r.clutteredAccuracy() + " map " + r.mapSize());
            r.plain().forEach((m, s) -> System.out.printf("plain %s pointing %.3f iou50 %.3f miou %.3f best %.2f->%.3f%n", m, s.pointing(), s.iouRate(), s.meanIou(), s.bestThreshold(), s.bestIouRate()));
            r.cluttered().forEach((m, s) -> System.out.printf("clut %s pointing %.3f iou50 %.3f miou %.3f best %.2f->%.3f%n", m, s.pointing(), s.iouRate(), s.meanIou(), s.bestThreshold(), s.bestIouRate()));
            r.faithfulness().forEach((m, s) -> System.out.printf("faith %s AD %.2f IC %.2f del %.3f ins %.3f%n", m, s.averageDrop(), s.increaseInConfidence(), s.deletionAuc(), s.insertionAuc()));
            System.out.println(r.randomizedSpearman());
        }
    }
}
