package io.github.cam4j.video;

import static org.bytedeco.opencv.global.opencv_core.CMP_GE;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.compare;
import static org.bytedeco.opencv.global.opencv_core.minMaxLoc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.render.Box;
import io.github.cam4j.render.CamBox;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.Placement;
import io.github.cam4j.render.Resize;
import java.util.Optional;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

class FrameRendererTest {
    /** A sparse map as a frame's normalised cells are: zero background, a few blobs of random heat, some ties. */
    static FloatMap randomCells(Random random, int h, int w) {
        float[] v = new float[h * w];
        int blobs = 1 + random.nextInt(3);
        for (int b = 0; b < blobs; b++) {
            int cy = random.nextInt(h);
            int cx = random.nextInt(w);
            int r = 1 + random.nextInt(3);
            for (int y = Math.max(0, cy - r); y <= Math.min(h - 1, cy + r); y++) {
                for (int x = Math.max(0, cx - r); x <= Math.min(w - 1, cx + r); x++) {
                    v[y * w + x] = Math.max(v[y * w + x], random.nextInt(5) == 0 ? 1f : random.nextFloat());
                }
            }
        }
        return new FloatMap(h, w, v);
    }

    /** The rule on every pixel of the map, as before the window. */
    static Optional<Box> wholeFrameBox(Mat heat, double threshold, Box region) {
        double[] max = new double[1];
        try (Mat noMask = new Mat(); Mat mask = new Mat();
                Mat level = new Mat(1, 1, CV_64F, new Scalar(0))) {
            minMaxLoc(heat, null, max, null, null, noMask);
            if (!(max[0] > 0)) {
                return Optional.empty();
            }
            try (Mat cut = new Mat(1, 1, CV_64F, new Scalar(threshold * max[0]))) {
                compare(heat, cut, mask, CMP_GE);
            }
            return CamBox.largestRegion(mask).map(b -> new Box(b.x() + region.x(), b.y() + region.y(), b.width(),
                    b.height()));
        }
    }

    @Test
    void theBoxFoundInTheHotWindowIsTheWholeFramesBox() {
        Random random = new Random(7);
        Box region = new Box(5, 3, 160, 120);
        // Cells tiling the region (a plain resize), and cells of a 'valid' model, offset and not tiling (a warp).
        Placement[] placements = {Placement.stretch(30, 40, 120, 160), new Placement(4, 4, 6.5, 6.5)};
        int checked = 0;
        for (Placement p : placements) {
            for (int trial = 0; trial < 150; trial++) {
                FloatMap cells = randomCells(random, 30, 40);
                double threshold = trial % 3 == 0 ? 0.2 : 0.05 + 0.9 * random.nextDouble();
                try (Mat cellMat = Resize.toMat(cells); Mat heat = new Mat(); Size size = new Size(160, 120)) {
                    FrameRenderer.placed(cellMat, heat, size, p);
                    assertEquals(CV_32F, heat.type());
                    double[] max = new double[1];
                    try (Mat noMask = new Mat()) {
                        minMaxLoc(heat, null, max, null, null, noMask);
                    }
                    // The maximum draw reads in the positive cells' window only: the whole frame's, exactly, as the
                    // window holds every pixel a positive cell reaches (no tolerance: the same floats are compared).
                    double windowMax = FrameRenderer.maximum(heat, FrameRenderer.warmWindow(heat, cells, p));
                    assertEquals(max[0] > 0 ? max[0] : 0.0, windowMax, "trial " + trial + " with " + p);
                    Optional<Box> expected = wholeFrameBox(heat, threshold, region);
                    assertEquals(expected, FrameRenderer.box(heat, windowMax, threshold, region, cells, p),
                            "trial " + trial + " at threshold " + threshold + " with " + p);
                    checked += expected.isPresent() ? 1 : 0;
                }
            }
        }
        assertTrue(checked > 250, "most random maps have a box: " + checked);
    }

    @Test
    void blendingOnlyTheWarmWindowGivesTheWholeFramesBlend() {
        Random random = new Random(11);
        for (int trial = 0; trial < 40; trial++) {
            // Trial 0: a blank map (no window); trial 1: warm everywhere (one window, the whole frame).
            float[] everywhere = new float[1200];
            java.util.Arrays.fill(everywhere, 0.5f);
            FloatMap cells = trial == 0 ? new FloatMap(30, 40, new float[1200])
                    : trial == 1 ? new FloatMap(30, 40, everywhere) : randomCells(random, 30, 40);
            Placement p = trial % 2 == 0 ? Placement.stretch(30, 40, 120, 160) : new Placement(4, 4, 6.5, 6.5);
            try (Mat frame = new Mat(120, 160, org.bytedeco.opencv.global.opencv_core.CV_8UC3);
                    Mat low = new Mat(1, 1, CV_64F, new Scalar(0));
                    Mat high = new Mat(1, 1, CV_64F, new Scalar(256));
                    Mat cellMat = Resize.toMat(cells);
                    Mat heat = new Mat();
                    Mat levels = new Mat();
                    Mat colours = new Mat();
                    Mat expected = new Mat();
                    Mat actual = new Mat(120, 160, org.bytedeco.opencv.global.opencv_core.CV_8UC3);
                    Mat diff = new Mat();
                    Size size = new Size(160, 120)) {
                org.bytedeco.opencv.global.opencv_core.randu(frame, low, high);
                FrameRenderer.placed(cellMat, heat, size, p);
                heat.convertTo(levels, org.bytedeco.opencv.global.opencv_core.CV_8U, 255.0, 0.0);
                org.bytedeco.opencv.global.opencv_imgproc.applyColorMap(levels, colours,
                        io.github.cam4j.render.Colormap.DEFAULT.openCvCode());
                org.bytedeco.opencv.global.opencv_core.addWeighted(frame, 0.6, colours, 0.4, 0.0, expected);
                FrameRenderer.blendHeat(frame, actual, heat, FrameRenderer.warmWindow(heat, cells, p),
                        io.github.cam4j.render.Colormap.DEFAULT, 0.4);
                org.bytedeco.opencv.global.opencv_core.absdiff(expected, actual, diff);
                double[] worst = new double[1];
                try (Mat grey = diff.reshape(1, 0); Mat noMask = new Mat()) {
                    minMaxLoc(grey, null, worst, null, null, noMask);
                }
                // The same addWeighted of the same colours, by window or not: identical pixels.
                assertEquals(0.0, worst[0], "trial " + trial + ": pixels differ by " + worst[0] + " levels");
            }
        }
    }

    @Test
    void aBlankMapHasNoBox() {
        FloatMap cells = new FloatMap(3, 4, new float[12]);
        try (Mat cellMat = Resize.toMat(cells); Mat heat = new Mat(); Size size = new Size(16, 12)) {
            FrameRenderer.placed(cellMat, heat, size, Placement.stretch(3, 4, 12, 16));
            assertEquals(Optional.empty(), FrameRenderer.box(heat, 0, 0.2, new Box(0, 0, 16, 12), cells,
                    Placement.stretch(3, 4, 12, 16)));
        }
    }

    /**
     * A digit in the frame's top left corner, its hottest point under where the caption goes: the caption went top left
     * on every frame and hid the digit's top, box and cross (seen on a 320x240 clip). It goes at the bottom, as explain's
     * overlays place theirs (Annotation's rule); a frame hot at its bottom keeps it at the top. The band is found by its
     * grey (32) at column 1, which its padding keeps free of letters.
     */
    @Test
    void theCaptionMovesDownWhenTheHottestPointIsUnderIt() {
        for (int hotRow : new int[] {0, 5}) {
            FloatMap cells = new FloatMap(6, 8, new float[48]);
            cells.values()[hotRow * 8 + 1] = 1f;
            FrameExplanation e = new FrameExplanation(0, true, 7, "7", 0.99f, Optional.empty(), new Box(0, 0, 320, 240),
                    cells, Placement.stretch(6, 8, 240, 320), 0.2, true, 1.0);
            try (Mat frame = new Mat(240, 320, org.bytedeco.opencv.global.opencv_core.CV_8UC3, Scalar.all(0));
                    Mat drawn = FrameRenderer.draw(frame, e, io.github.cam4j.render.Colormap.DEFAULT, 0.5, 0.2);
                    org.bytedeco.javacpp.indexer.UByteIndexer ix = drawn.createIndexer()) {
                boolean top = ix.get(1, 1, 0) == 32 && ix.get(1, 1, 1) == 32 && ix.get(1, 1, 2) == 32;
                boolean bottom = ix.get(238, 1, 0) == 32 && ix.get(238, 1, 1) == 32 && ix.get(238, 1, 2) == 32;
                assertEquals(hotRow == 0, bottom, "peak in cell row " + hotRow + ": band at the bottom");
                assertEquals(hotRow != 0, top, "peak in cell row " + hotRow + ": band at the top");
            }
        }
    }
    /**
     * A frame drawn without its caption (to be fitted into another size) hands over the heat it drew, row by row, for
     * the caption drawn later to weigh ({@link FittedCaption}): the same sums as the explanation's own map gives,
     * within float rounding (OpenCV's bilinear resize against Resize's, both of values in [0, 1]: 1e-3 of a row of
     * 320 pixels is far below the band margin's tenth of a pixel a column).
     */
    @Test
    void aFrameDrawnForFittingHandsOverItsHeatByRow() {
        FloatMap cells = new FloatMap(6, 8, new float[48]);
        cells.values()[9] = 1f;
        cells.values()[10] = 0.5f;
        Placement placement = Placement.stretch(6, 8, 240, 320);
        FrameExplanation drawnOne = new FrameExplanation(0, true, 7, "7", 0.99f, Optional.empty(),
                new Box(0, 0, 320, 240), cells, placement, 0.2, true, 1.0);
        try (Mat frame = new Mat(240, 320, org.bytedeco.opencv.global.opencv_core.CV_8UC3, Scalar.all(0));
                Mat drawn = FrameRenderer.draw(frame, drawnOne, io.github.cam4j.render.Colormap.DEFAULT, 0.5, 0.2,
                        false, null)) {
            double[] fromDrawing = drawnOne.heatByRow();
            FloatMap map = drawnOne.map();
            double[] fromMap = new double[map.height()];
            for (int y = 0; y < map.height(); y++) {
                for (int x = 0; x < map.width(); x++) {
                    fromMap[y] += map.get(y, x);
                }
            }
            assertEquals(240, fromDrawing.length);
            double total = 0;
            for (int y = 0; y < 240; y++) {
                assertEquals(fromMap[y], fromDrawing[y], 1e-3 * 320, "row " + y);
                total += fromDrawing[y];
            }
            assertTrue(total > 100, "the heat is there: " + total);
            assertEquals(0, fromDrawing[239], 1e-3, "no heat in the bottom row, two cell rows away");
        }
    }
}
