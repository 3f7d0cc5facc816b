package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.render.Box;
import io.github.cam4j.render.ColourKey;
import io.github.cam4j.render.Draw;
import io.github.cam4j.render.FigureGrid;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.testing.SharedData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class ExampleGridsTest {

    /** Four 28x28 canvases (evaluate --canvas 28), each a bright square in its middle, and their maps. */
    private static List<ModelEvaluation.Shown> smallCanvases() {
        return smallCanvases("7");
    }

    /** {@link #smallCanvases()}, class 7 named {@code name} (true and predicted) as a model's labels would name it. */
    private static List<ModelEvaluation.Shown> smallCanvases(String name) {
        List<ModelEvaluation.Shown> shown = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            float[] pixels = new float[28 * 28];
            float[] map = new float[28 * 28];
            for (int y = 9; y < 19; y++) {
                for (int x = 9; x < 19; x++) {
                    pixels[y * 28 + x] = 255;
                    map[y * 28 + x] = 1;
                }
            }
            shown.add(new ModelEvaluation.Shown(new Canvas(i, 7, 28, pixels, new Box(9, 9, 10, 10), false),
                    new FloatMap(28, 28, map), new ModelReport.Example(i, 7, 7, 0.99, 0.57, false, "9,9,10,10",
                            "8,8,12,12", name, name)));
        }
        return shown;
    }

    /**
     * evaluate --canvas 28 drew its canvases at 56 pixels (twice their size), and the captions under them ("7->7
     * p=0.99 IoU 0.57 miss") in bands of 10 pixels: letters about 6 pixels high, on a figure 511 pixels wide. The
     * canvases are drawn at 112 pixels at least (FigureGrid's layout, s = 112: padding 14, caption band 28, whose text
     * takes 21), so the figure is 14 + 4 x (2 x 112 + 2 x 14) = 1022 pixels wide; an 84-pixel canvas keeps its 168.
     */
    @Test
    void smallCanvasesAreDrawnLargeEnoughForTheirCaptionsToBeRead() {
        try (Mat figure = ExampleGrids.grid(smallCanvases(), "t")) {
            assertEquals(14 + 4 * (2 * 112 + 2 * 14), figure.cols());
        }
        assertEquals(112, ExampleGrids.cellSize(28));
        assertEquals(112, ExampleGrids.cellSize(56));
        assertEquals(168, ExampleGrids.cellSize(84));
        assertEquals(168, ExampleGrids.cellSize(200));
    }

    /**
     * A class name no installed font draws is captioned by its index, as explain's overlays and compare's cells caption
     * it: evaluate --labels naming the digits in Chinese, on this machine's fonts (DejaVu, no CJK), drew
     * "[]->[] p=0.58 IoU 0.71", an empty box for each name. The grid of canvases named "七" is pixel for pixel the grid
     * of those named "7" where the fonts cannot draw 七 (exact: the same drawing calls); where they can, it is drawn.
     * "é" is drawn where the fonts have it, and not replaced.
     */
    @Test
    void aClassNameNoFontDrawsIsCaptionedByItsIndex() {
        String seven = "\u4e03";
        try (Mat chinese = ExampleGrids.grid(smallCanvases(seven), "t");
                Mat shown = ExampleGrids.grid(smallCanvases(Draw.canDraw(seven) ? seven : "7"), "t");
                Mat digits = ExampleGrids.grid(smallCanvases(), "t")) {
            assertArrayEquals(rows(shown, 0, shown.rows()), rows(chinese, 0, chinese.rows()));
            if (Draw.canDraw("\u00e9")) {
                try (Mat accented = ExampleGrids.grid(smallCanvases("\u00e9"), "t")) {
                    assertFalse(Arrays.equals(rows(digits, 0, digits.rows()), rows(accented, 0, accented.rows())),
                            "a name the fonts draw is drawn");
                }
            }
        }
    }

    /**
     * evaluate's example and worst grids colour each canvas by the map it was pointed and boxed with, CAM's positive
     * part over its maximum, where 0 is the colormap's lowest colour; the key under them read "each picture's lowest"
     * and "its highest value", the words of the min-max map (explain's default), under which the unpooled model's
     * blank ground, raw 0 above a negative minimum, is drawn mid-scale. Seen in `cam4j evaluate --model mnist-pooled
     * --model mnist-unpooled --limit 100`: mnist-unpooled-examples.png's ground dark blue, its key the min-max one.
     * On the bundled unpooled model's canvases of evaluate --limit 4: the maps are 0 on the ground far from ink, and
     * the key's band is the positive one's, pixel for pixel.
     */
    @Test
    void theGridsKeyNamesThePositivePartTheirMapsAre() throws Exception {
        EvaluationRun run = EvaluationRun.of(SharedData.mnist(), 4,
                EvaluationSettings.builder().optFaithfulnessLimit(1).build());
        ModelEvaluation e = run.evaluate(SharedData.bundledModels().resolve("mnist-unpooled"));
        for (ModelEvaluation.Shown s : e.examples()) {
            int far = groundFarFromInk(s.canvas(), 8);
            // The model has no biases: its cells far from ink are exactly 0, and so is the positive part there;
            // min-max scaling would lift them above the map's negative minimum (README: above 0.05 on every corner
            // of the first 100 test digits). Exact, no tolerance.
            assertTrue(far > 0, "canvas of digit " + s.info().digitIndex() + " has ground far from ink");
            float[] map = s.map().values();
            for (int p = 0; p < map.length; p++) {
                if (farFromInk(s.canvas(), p, 8)) {
                    assertEquals(0f, map[p], "digit " + s.info().digitIndex() + ", pixel " + p + " of the ground");
                }
            }
        }
        for (Mat grid : List.of(ExampleGrids.plainOverCluttered(e.examples(), "examples"),
                ExampleGrids.grid(e.worst(), "worst"))) {
            try (grid) {
                int band = ColourKey.bandHeight(grid.cols());
                byte[] drawn = rows(grid, grid.rows() - band, band);
                assertArrayEquals(keyBand(grid.cols(), ColourKey.Scale.POSITIVE), drawn, "the positive part's key");
                assertFalse(Arrays.equals(keyBand(grid.cols(), ColourKey.Scale.MIN_MAX), drawn),
                        "the two keys differ at this width");
            }
        }
    }

    /** @return how many of the canvas's pixels lie more than {@code distance} pixels (Chebyshev) from any ink */
    private static int groundFarFromInk(Canvas c, int distance) {
        int count = 0;
        for (int p = 0; p < c.size() * c.size(); p++) {
            count += farFromInk(c, p, distance) ? 1 : 0;
        }
        return count;
    }

    private static boolean farFromInk(Canvas c, int p, int distance) {
        int n = c.size();
        int y = p / n;
        int x = p % n;
        for (int yy = Math.max(0, y - distance); yy <= Math.min(n - 1, y + distance); yy++) {
            for (int xx = Math.max(0, x - distance); xx <= Math.min(n - 1, x + distance); xx++) {
                if (c.pixels()[yy * n + xx] > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** @return the key's band under a figure {@code width} pixels wide, as BGR bytes */
    private static byte[] keyBand(int width, ColourKey.Scale scale) {
        try (Scalar white = new Scalar(255, 255, 255, 0);
                Mat blank = new Mat(1, width, opencv_core.CV_8UC3, white);
                Mat keyed = ColourKey.under(blank, FigureGrid.COLORMAP, scale)) {
            return rows(keyed, 1, keyed.rows() - 1);
        }
    }

    /** @return rows {@code from} to {@code from + count} of a BGR figure, as bytes */
    private static byte[] rows(Mat figure, int from, int count) {
        try (Rect area = new Rect(0, from, figure.cols(), count);
                Mat view = figure.apply(area);
                Mat copy = view.clone();
                BytePointer data = new BytePointer(copy.data())) {
            byte[] bytes = new byte[count * figure.cols() * 3];
            data.get(bytes);
            return bytes;
        }
    }
}
