package io.github.cam4j.eval;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;

import io.github.cam4j.render.Box;
import io.github.cam4j.render.ColourKey;
import io.github.cam4j.render.Draw;
import io.github.cam4j.render.FigureGrid;
import io.github.cam4j.render.Images;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * The report's pictures of canvases: each canvas with its truth box (green) and CAM's box at the paper's threshold
 * (red), beside the CAM overlay, captioned with true and predicted class and the IoU. The overlays colour the map the
 * canvas was scored by, CAM's positive part over its maximum, and the key under them says so.
 */
final class ExampleGrids {
    /** Canvases per row. */
    static final int COLUMNS = 4;

    private ExampleGrids() {}

    /**
     * @param shown canvases with their maps
     * @param title the figure's title
     * @return a new BGR figure the caller closes
     */
    static Mat grid(List<ModelEvaluation.Shown> shown, String title) {
        return grid(shown, COLUMNS, title);
    }

    /**
     * A class's name as the grids' captions can show it: its index where no installed font draws the name, as explain's
     * overlays and compare's cells give it. A CJK name on a server without a CJK font was drawn as an empty box on
     * each side of the arrow, "[]->[] p=0.58 IoU 0.71" (evaluate --labels naming the ten digits in Chinese).
     */
    private static String drawable(String name, int index) {
        return Draw.canDraw(name) ? name : Integer.toString(index);
    }

    /**
     * The first canvases, plain ones above their cluttered twins: the cluttered start a row of their own. With fewer
     * than {@link ModelEvaluator#EXAMPLES} digits (--limit 5) four to a row had put the fifth plain canvas beside the
     * first cluttered ones, under a title saying "plain (top) and cluttered (bottom)".
     *
     * @param plainThenCluttered the plain canvases, then the same digits cluttered, in the same order
     * @param title the figure's title
     * @return a new BGR figure the caller closes
     */
    static Mat plainOverCluttered(List<ModelEvaluation.Shown> plainThenCluttered, String title) {
        int plain = plainThenCluttered.size() / 2;
        return grid(plainThenCluttered, plain % COLUMNS == 0 ? COLUMNS : plain, title);
    }

    private static Mat grid(List<ModelEvaluation.Shown> shown, int columns, String title) {
        List<Mat> originals = new ArrayList<>();
        try {
            List<FigureGrid.Panel> panels = new ArrayList<>();
            for (ModelEvaluation.Shown s : shown) {
                Mat image = annotated(s);
                originals.add(image);
                ModelReport.Example e = s.info();
                // The model's names for the classes ("7", or what --labels gave): they had been the indices whatever
                // the labels (helper-158's audit).
                String caption = String.format(Locale.ROOT, "%s->%s p=%.2f IoU %.2f%s",
                        drawable(e.labelName(), e.label()), drawable(e.predictedName(), e.predicted()),
                        e.probability(), e.iou(), e.pointing() ? "" : " miss");
                panels.add(new FigureGrid.Panel(image, s.map(), caption));
            }
            try (Mat figure = FigureGrid.build(panels, columns, cellSize(shown.get(0).canvas().size()), title)) {
                // The maps drawn are those the evaluator points and boxes with: the positive part over its maximum
                // (ModelEvaluator's located maps), 0 the colormap's lowest colour. The key had said "each picture's
                // lowest", the min-max map's words, under them.
                return ColourKey.under(figure, FigureGrid.COLORMAP, ColourKey.Scale.POSITIVE);
            }
        } finally {
            originals.forEach(Mat::close);
        }
    }

    /**
     * @param canvas a canvas's side
     * @return the side it is drawn at: twice its own, but 112 pixels at least (a 28-pixel canvas drawn at 56 had
     *     captions 6 pixels high under it) and 168 at most
     */
    static int cellSize(int canvas) {
        return Math.max(MIN_CELL, Math.min(168, 2 * canvas));
    }

    /** The least side a canvas is drawn at: its caption band is then 28 pixels, its letters about 14. */
    private static final int MIN_CELL = 112;

    private static Mat annotated(ModelEvaluation.Shown s) {
        Canvas c = s.canvas();
        try (Mat grey = new Mat(c.size(), c.size(), opencv_core.CV_32FC1);
                FloatPointer data = new FloatPointer(grey.data());
                Mat eight = new Mat()) {
            data.put(c.pixels());
            grey.convertTo(eight, CV_8UC1);
            Mat bgr = Images.toBgr8(eight);
            try (Scalar green = new Scalar(0, 200, 0, 0); Scalar red = new Scalar(0, 0, 255, 0)) {
                Draw.box(bgr, c.truth(), green, 1);
                if (s.info().camBox() != null) {
                    Draw.box(bgr, Box.parse(s.info().camBox()), red, 1);
                }
            }
            return bgr;
        }
    }
}
