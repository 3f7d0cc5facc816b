package io.github.cam4j.eval;

import io.github.cam4j.render.*;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class ScratchBoxTest {
    @Test
    void bench() {
        var mx = ManagementFactory.getThreadMXBean();
        FloatMap m = Baselines.uniformRandom(84, 1, 1);
        for (int rep = 0; rep < 4; rep++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < 3200; i++) CamBox.of(m, 0.05 * (1 + i % 16));
            long t1 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < 200; i++) ThresholdSweep.boxes(m, LocalisationTally.THRESHOLDS);
            long t2 = mx.getCurrentThreadCpuTime();
            System.out.printf("cpu us per 16 thresholds: opencv %.1f, sweep %.1f%n", (t1-t0)/200e3, (t2-t1)/200e3);
        }
    }
}
