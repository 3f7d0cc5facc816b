package io.github.cam4j.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/** {@link ConceptOverlay}: pytorch-grad-cam's colours and its blend of the strongest concept over the picture. */
class ConceptOverlayTest {

    /**
     * matplotlib 3.6.3's {@code get_cmap('gist_rainbow')(i)} for {@code i} in {@code np.arange(0, 1, 1/k)}, printed to 6
     * places (Debian's python3-matplotlib): what pytorch-grad-cam colours k concepts with.
     */
    @Test
    void theColoursAreMatplotlibsGistRainbow() {
        double[][] five = {{1.0, 0.0, 0.16}, {1.0, 0.918919, 0.0}, {0.0, 1.0, 0.0}, {0.0, 0.923913, 1.0},
            {0.163043, 0.0, 1.0}};
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(five[i], ConceptOverlay.colour(i, 5), 1e-6, "concept " + i + " of 5");
        }
        double[][] three = {{1.0, 0.0, 0.16}, {0.36036, 1.0, 0.0}, {0.0, 0.561594, 1.0}};
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(three[i], ConceptOverlay.colour(i, 3), 1e-6, "concept " + i + " of 3");
        }
        assertThrows(IllegalArgumentException.class, () -> ConceptOverlay.colour(3, 3));
    }

    /**
     * A grey picture of level 100 and two concepts: where concept 1 is stronger the pixel is 0.3 of the picture plus
     * 0.7 of concept 1's colour times its heat; where neither has heat, 0.3 of the picture alone.
     */
    @Test
    void eachPixelTakesItsStrongestConceptsColourTimesItsHeat() {
        try (Scalar level = new Scalar(100.0); Mat grey = new Mat(1, 3, opencv_core.CV_8UC1, level)) {
            FloatMap first = new FloatMap(1, 3, new float[] {0.9f, 0.2f, 0f});
            FloatMap second = new FloatMap(1, 3, new float[] {0.5f, 0.6f, 0f});
            try (Mat out = ConceptOverlay.draw(grey, List.of(first, second)); UByteIndexer px = out.createIndexer()) {
                double[] red = ConceptOverlay.colour(0, 2);
                double[] cyan = ConceptOverlay.colour(1, 2);
                double image = 0.3 * 100 / 255;
                for (int c = 0; c < 3; c++) {
                    // Stored BGR, colours RGB.
                    assertEquals(Math.round((image + 0.7 * red[2 - c] * 0.9) * 255), px.get(0, 0, c), "pixel 0 channel " + c);
                    assertEquals(Math.round((image + 0.7 * cyan[2 - c] * 0.6) * 255), px.get(0, 1, c), "pixel 1 channel " + c);
                    assertEquals(Math.round(image * 255), px.get(0, 2, c), "pixel 2 channel " + c);
                }
            }
            assertThrows(IllegalArgumentException.class, () -> ConceptOverlay.draw(grey, List.of()));
            assertThrows(IllegalArgumentException.class,
                    () -> ConceptOverlay.draw(grey, List.of(new FloatMap(3, 1, new float[3]))));
        }
    }

    /** A line per concept, its swatch in the concept's colour at the line's left. */
    @Test
    void theLegendHasASwatchPerConcept() {
        try (Mat legend = ConceptOverlay.legend(List.of("concept 0: 7 0.98", "concept 1: 1 0.50"), 30);
                UByteIndexer px = legend.createIndexer()) {
            assertEquals(10 + 2 * 30, legend.rows());
            // Line 1's swatch spans x 10..29, y 40..59: the middle of it is concept 1's colour.
            double[] rgb = ConceptOverlay.colour(1, 2);
            for (int c = 0; c < 3; c++) {
                assertEquals(Math.round(rgb[2 - c] * 255), px.get(50, 20, c), 1);
            }
            assertTrue(legend.cols() > 100, "room for the text");
        }
    }
}
