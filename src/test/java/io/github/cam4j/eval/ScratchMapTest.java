package io.github.cam4j.eval;

import io.github.cam4j.cam.*;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScratchMapTest {
    @Test
    void maps() throws Exception {
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        Path model = Path.of(System.getProperty("probe.model", "/work/devmodels/mnist-pooled-2epochs"));
        CanvasGenerator g = new CanvasGenerator(test, 84, 42);
        try (CamSession s = CamSession.builder().setModel(model).optKeepInputSize(true).build()) {
            ModelInput in = new ModelInput(s.model().input());
            for (int d = 0; d < 3; d++) {
                Canvas c = g.plain(d);
                long t0 = System.nanoTime();
                ImageExplanation e = s.explainPixels(in.batch(List.of(c.pixels())), 1, 84, 84, Target.of(c.label())).get(0);
                System.out.println("label " + c.label() + " pred " + e.predicted() + " p " + e.first().probability() + " truth " + c.truth());
                var raw = e.first().rawMap();
                for (int y = 0; y < raw.height(); y++) {
                    StringBuilder sb = new StringBuilder();
                    for (int x = 0; x < raw.width(); x++) sb.append(String.format("%6.1f", raw.get(y, x)));
                    System.out.println(sb);
                }
                System.out.println(java.util.Arrays.toString(e.probabilities()));
            }
            // timing
            float[] batch = new float[128 * 84 * 84];
            for (int i = 0; i < 128; i++) in.put(g.plain(i).pixels(), batch, i);
            for (int rep = 0; rep < 3; rep++) {
                long t0 = System.nanoTime();
                s.explainPixels(batch, 128, 84, 84, Target.predicted());
                long t1 = System.nanoTime();
                new Predictor(s.model(), 256).probabilities(batch, 128, 84, 84);
                long t2 = System.nanoTime();
                System.out.printf("explain 128: %.0f ms, predict 128: %.0f ms%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6);
            }
        }
    }
}
