package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EvaluationSettingsTest {
    /**
     * --batch means canvases per run at 84x84; larger canvases run fewer so a run's pixels stay bounded. A 1024x1024
     * evaluation at the default batch once held 128 canvases per run (10 GB resident with --batch 4 already).
     */
    @Test
    void largerCanvasesRunProportionallyFewerPerBatch() {
        assertEquals(128, new EvaluationSettings(84, 42, 0, 16, 128).canvasesPerRun());
        assertEquals(128, new EvaluationSettings(28, 42, 0, 16, 128).canvasesPerRun());
        assertEquals(32, new EvaluationSettings(168, 42, 0, 16, 128).canvasesPerRun());
        assertEquals(1, new EvaluationSettings(1024, 42, 0, 16, 128).canvasesPerRun());
    }
}
