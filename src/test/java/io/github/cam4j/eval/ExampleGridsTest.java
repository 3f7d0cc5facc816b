package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cam4j.render.Box;
import io.github.cam4j.render.FloatMap;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class ExampleGridsTest {

    /** Four 28x28 canvases (evaluate --canvas 28), each a bright square in its middle, and their maps. */
    private static List<ModelEvaluation.Shown> smallCanvases() {
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
                            "8,8,12,12", "7", "7")));
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
}
