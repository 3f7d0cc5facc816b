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
    /**
     * A heatmap that is not a concept's heat in [0, 1], or missing, is refused naming it: NaN was drawn black and 7 as
     * a saturated colour without a word (Overlay.blend refuses both), and a null one was a bare NullPointerException
     * ("Cannot invoke ...FloatMap.height()").
     */
    @Test
    void heatmapsOutsideZeroToOneOrMissingAreNamed() {
        try (Scalar level = new Scalar(100.0); Mat grey = new Mat(1, 3, opencv_core.CV_8UC1, level)) {
            FloatMap fine = new FloatMap(1, 3, new float[] {0f, 0.5f, 1f});
            assertEquals("heatmaps[1] holds NaN at (y=0, x=2): a concept's heatmap runs from 0 to 1"
                    + " (Factorization.Picture.heatmap)", assertThrows(IllegalArgumentException.class,
                            () -> ConceptOverlay.draw(grey, List.of(fine, new FloatMap(1, 3,
                                    new float[] {0f, 0f, Float.NaN})))).getMessage());
            assertEquals("heatmaps[0] holds 7.0 at (y=0, x=1): a concept's heatmap runs from 0 to 1"
                    + " (Factorization.Picture.heatmap)", assertThrows(IllegalArgumentException.class,
                            () -> ConceptOverlay.draw(grey, List.of(new FloatMap(1, 3, new float[] {0f, 7f, 1f}))))
                            .getMessage());
            assertEquals("heatmaps[1] is null: one heatmap per concept", assertThrows(NullPointerException.class,
                    () -> ConceptOverlay.draw(grey, java.util.Arrays.asList(fine, null))).getMessage());
            // Float rounding of a resized 0..1 map stays drawable: Overlay's slack, 1e-3.
            try (Mat drawn = ConceptOverlay.draw(grey, List.of(new FloatMap(1, 3, new float[] {-1e-4f, 0.5f,
                1.0001f})))) {
                assertEquals(3, drawn.cols());
            }
        }
    }

    /**
     * A picture Overlay.blend refuses is refused here too, in its words: a signed 16-bit picture was taken and its
     * negative pixels drawn black under the concepts' colours, where an overlay of the same picture is refused. A
     * double-precision picture, which CamSession explains, is drawn as its single-precision copy.
     */
    @Test
    void picturesOverlayBlendRefusesAreRefusedHereToo() {
        FloatMap heat = new FloatMap(2, 3, new float[] {0f, 0.5f, 1f, 0f, 0.5f, 1f});
        try (Mat signed = new Mat(2, 3, opencv_core.CV_16SC1); Mat doubles = new Mat(2, 3, opencv_core.CV_64FC1);
                Mat singles = new Mat()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ConceptOverlay.draw(signed, List.of(heat)));
            assertEquals("picture has signed 16-bit pixels; an overlay is laid on 8-bit, 16-bit unsigned or float"
                    + " (CV_32F, CV_64F) pictures, as CamSession explains them", e.getMessage());
            IllegalArgumentException blend = assertThrows(IllegalArgumentException.class,
                    () -> Overlay.blend(signed, heat));
            assertEquals(e.getMessage().replaceFirst("^picture", "image"), blend.getMessage());
            try (org.bytedeco.javacpp.indexer.DoubleIndexer px = doubles.createIndexer()) {
                for (int i = 0; i < 6; i++) {
                    px.put(i / 3, i % 3, i / 5.0);
                }
            }
            doubles.convertTo(singles, opencv_core.CV_32F);
            try (Mat fromDoubles = ConceptOverlay.draw(doubles, List.of(heat));
                    Mat fromSingles = ConceptOverlay.draw(singles, List.of(heat))) {
                assertArrayEquals(TestMats.bytes(fromSingles), TestMats.bytes(fromDoubles));
            }
        }
    }

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

    /**
     * Past {@value ConceptOverlay#LINES_PER_COLUMN} lines a legend takes further columns where the width allows: 64
     * concepts in one column were a legend taller than the figure above it, the width beside it blank. 40 lines need
     * three columns of 14 (14, 14 and 12 lines); line 14 opens the second column, in its own colour.
     */
    @Test
    void aLongLegendFlowsIntoColumnsWithinTheWidthGiven() {
        List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            texts.add("concept " + i + ": 7 0.98, 1 0.01");
        }
        try (Mat one = ConceptOverlay.legend(texts, 30); Mat wide = ConceptOverlay.legend(texts, 30, 10_000);
                Mat narrow = ConceptOverlay.legend(texts, 30, 300); UByteIndexer px = wide.createIndexer()) {
            assertEquals(10 + 40 * 30, one.rows());
            int column = one.cols() - 10;
            assertEquals(10 + 14 * 30, wide.rows());
            assertEquals(10 + 3 * column, wide.cols());
            // Line 14's swatch: x 10 + column .. + 20, y 10..29, the middle of it concept 14's colour.
            double[] rgb = ConceptOverlay.colour(14, 40);
            for (int c = 0; c < 3; c++) {
                assertEquals(Math.round(rgb[2 - c] * 255), px.get(20, 20 + column, c), 1);
            }
            // No room for a second column: one, as before.
            assertEquals(one.rows(), narrow.rows());
            assertEquals(one.cols(), narrow.cols());
        }
    }

    /** A legend of up to {@value ConceptOverlay#LINES_PER_COLUMN} lines stays one column however wide the figure. */
    @Test
    void aShortLegendStaysOneColumn() {
        List<String> texts = java.util.Collections.nCopies(ConceptOverlay.LINES_PER_COLUMN, "concept 0: 7 0.98");
        try (Mat one = ConceptOverlay.legend(texts, 20); Mat wide = ConceptOverlay.legend(texts, 20, 10_000)) {
            assertEquals(one.rows(), wide.rows());
            assertEquals(one.cols(), wide.cols());
        }
    }
}
