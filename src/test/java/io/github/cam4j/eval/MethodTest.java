package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How reports name a method when the methods beside CAM were smoothed. */
class MethodTest {
    /** Only a method measured beside CAM is marked: CAM, the reference, and the baselines are never smoothed. */
    @Test
    void onlyTheMethodsBesideCamAreMarkedSmoothed() {
        assertEquals("Grad-CAM (eigen-smooth)", Method.GRAD_CAM.shownTitle("eigen-smooth"));
        assertEquals("Ablation-CAM (eigen-smooth, aug-smooth)", Method.ABLATION_CAM.shownTitle("eigen-smooth, aug-smooth"));
        assertEquals("CAM", Method.CAM.shownTitle("aug-smooth"));
        assertEquals(Method.CAM_POSITIVE_MASK.title(), Method.CAM_POSITIVE_MASK.shownTitle("aug-smooth"));
        assertEquals(Method.RANDOMIZED.title(), Method.RANDOMIZED.shownTitle("aug-smooth"));
        assertEquals("Grad-CAM", Method.GRAD_CAM.shownTitle(null));
        assertEquals("Grad-CAM++ eigen+aug", Method.GRAD_CAM_PLUS_PLUS.chartTitle("eigen-smooth, aug-smooth"));
        assertEquals("CAM", Method.CAM.chartTitle("aug-smooth"));
        assertEquals("Grad-CAM", Method.GRAD_CAM.chartTitle(null));
    }
}
