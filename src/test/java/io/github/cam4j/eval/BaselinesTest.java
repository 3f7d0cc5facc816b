package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.render.Box;
import io.github.cam4j.render.CamBox;
import io.github.cam4j.render.FloatMap;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BaselinesTest {

    @Test
    void theCentreGaussianPeaksInTheMiddleAndItsPaperBoxIsDigitSized() {
        FloatMap centre = Baselines.centre(84, Baselines.centreSigma(28));
        assertArrayEquals(new int[] {41, 41}, centre.argMaxYX(), "even side: the top-left of the four middle pixels");
        assertEquals(centre.get(41, 41), centre.get(42, 42), 1e-7f, "symmetric about 41.5");
        Box box = CamBox.of(centre, 0.2).orElseThrow();
        // The 20 % contour is a circle of diameter 28 px around 41.5: its box spans 28 +- 1 pixels.
        assertEquals(28, box.width(), 1);
        assertEquals(box.width(), box.height());
        assertEquals(41.5, box.x() + (box.width() - 1) / 2.0, 0.01);
    }

    @Test
    void uniformNoiseIsSeededPerDigitAndFillsTheUnitInterval() {
        FloatMap a = Baselines.uniformRandom(84, 42, 7);
        assertEquals(a, Baselines.uniformRandom(84, 42, 7));
        assertFalse(a.equals(Baselines.uniformRandom(84, 42, 8)), "another digit, other noise");
        assertFalse(a.equals(Baselines.uniformRandom(84, 43, 7)), "another seed, other noise");
        double mean = 0;
        for (float v : a.values()) {
            assertTrue(v >= 0 && v < 1);
            mean += v / a.values().length;
        }
        assertEquals(0.5, mean, 0.02, "uniform on [0, 1): mean 0.5 within 0.02 over 7056 pixels (6 sigma)");
    }

    @Test
    void samplesAreSeededDistinctAndCoverAllWhenUnlimited() {
        int[] a = Sampling.sample(1000, 100, 3);
        assertArrayEquals(a, Sampling.sample(1000, 100, 3));
        assertEquals(100, Arrays.stream(a).distinct().count());
        assertFalse(Arrays.equals(a, Sampling.sample(1000, 100, 4)));
        assertArrayEquals(a, Arrays.copyOf(Sampling.sample(1000, 200, 3), 100), "a larger sample extends a smaller one");
        int[] all = Sampling.sample(50, 0, 3);
        assertEquals(50, Arrays.stream(all).distinct().count());
    }
}
