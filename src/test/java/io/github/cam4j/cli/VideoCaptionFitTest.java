package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.render.CaptionLine;
import io.github.cam4j.render.CaptionTitles;
import io.github.cam4j.render.Draw;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A video frame's caption names the method of {@code video --method} on small frames, in a smaller font where a
 * label's does not hold the name, and its ink stays inside the frame. At 160x120 "Grad-CAM++" and "Ablation-CAM" (at
 * 128x96 all but four of the methods) did not fit beside "7  p=0.192": the method went unnamed, the frames looking like a
 * CAM video's.
 */
class VideoCaptionFitTest {
    /** The widest captions a digit model's frame has ("no evidence" is as wide at these sizes). */
    private static final List<String> CAPTIONS = List.of("7  p=0.192", "no evidence");

    /** Every method with the options that lengthen its title: a Finer-CAM base, a RefineCAM base. */
    private static List<List<String>> methods() {
        List<List<String>> all = new ArrayList<>();
        for (String m : MethodNames.ALL) {
            all.add(List.of("--method", m));
        }
        all.add(List.of("--method", "finercam", "--finer-base", "gradcam-elementwise"));
        all.add(List.of("--method", "finercam", "--finer-base", "gradcam++"));
        all.add(List.of("--method", "refinecam", "--refine-base", "gradcam-elementwise"));
        return all;
    }

    /** @return the titles video's frames are captioned with after {@code video ARGS} */
    private static CaptionTitles titles(List<String> args) {
        VideoCommand video = new VideoCommand();
        List<String> line = new ArrayList<>(List.of("--model", "m", "--out", "o.mp4", "in.mp4"));
        line.addAll(args);
        new CommandLine(video).parseArgs(line.toArray(new String[0]));
        return video.modelOptions.shownTitles();
    }

    /**
     * At 160x120 and 128x96 every method but CAM is named, by one of its titles (at 128x96 a flat frame's "no evidence"
     * shortened to "flat" beside Grad-CAM++ and Ablation-CAM, where it had fitted no size and the method was unnamed), and
     * the caption's band is drawn whole:
     * the frame's pixels are those of the same caption drawn on a picture as high and four times as wide (the same
     * font: a label's size goes by the shorter side), which has no ink right of the frame's width. The font is a
     * label's own where the name fits so (Grad-CAM at 160x120), and never below {@link CaptionLine#SMALLEST_SIZE}.
     */
    @Test
    void everyMethodIsNamedAndItsCaptionStaysInsideSmallFrames() {
        List<String> wrong = new ArrayList<>();
        for (int[] size : new int[][] {{160, 120}, {128, 96}}) {
            int cols = size[0];
            int rows = size[1];
            for (List<String> args : methods()) {
                CaptionTitles titles = titles(args);
                for (String caption : CAPTIONS) {
                    try (Mat frame = picture(rows, cols); Mat wide = picture(rows, 4 * cols)) {
                        CaptionLine line = CaptionLine.of(caption, titles, frame, 1);
                        boolean cam = args.get(1).equals("cam");
                        boolean named = titles.named().stream().anyMatch(t -> line.text().endsWith(" " + t))
                                || titles.bare().stream().anyMatch(t -> line.text().endsWith(" " + t));
                        String what = cols + "x" + rows + " " + String.join(" ", args) + " '" + line.text() + "' at "
                                + line.size();
                        // At 128x96 "no evidence" beside Grad-CAM++ or Ablation-CAM fitted no size (2 and 3 pixels
                        // short at the smallest) and went unnamed: it is shortened to "flat" to name them.
                        if (cam ? !line.text().equals(caption) : !named) {
                            wrong.add(what + ": the method is not named");
                        }
                        if (line.size() < CaptionLine.SMALLEST_SIZE) {
                            wrong.add(what + ": below the smallest size");
                        }
                        line.draw(frame, 0, 0, 1);
                        line.draw(wide, 0, 0, 1);
                        if (inkRightOf(wide, cols) || !same(frame, wide, cols)) {
                            wrong.add(what + ": cut at the frame's edge");
                        }
                    }
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    /**
     * Where the name fits at a label's size the caption is what it was (5156a3cd's choice, drawn at size 1): frames of
     * 640x480 and larger, and Grad-CAM on 160x120. Where it fits only smaller, the largest size that holds it.
     */
    @Test
    void aLabelsSizeWhereTheNameFitsSoAndTheLargestThatHoldsItElsewhere() {
        try (Mat small = picture(120, 160); Mat large = picture(480, 640)) {
            assertEquals(new CaptionLine("7  p=0.192  Grad-CAM", 1),
                    CaptionLine.of("7  p=0.192", CaptionTitles.of("Grad-CAM"), small, 1));
            assertEquals(new CaptionLine("7  p=0.169  Ablation-CAM", 1),
                    CaptionLine.of("7  p=0.169", CaptionTitles.of("Ablation-CAM"), large, 1));
            CaptionLine plus = CaptionLine.of("7  p=0.192", CaptionTitles.of("Grad-CAM++"), small, 1);
            assertEquals("7 p=0.192 Grad-CAM++", plus.text());
            assertTrue(plus.size() < 1 && plus.fits(small, 1), plus.toString());
            assertTrue(!new CaptionLine(plus.text(), plus.size() + 0.05).fits(small, 1), "the largest size that holds it");
            assertEquals(new CaptionLine("7  p=0.192", 1), CaptionLine.of("7  p=0.192", CaptionTitles.of("CAM"), small, 1),
                    "plain CAM unnamed");
            assertEquals(new CaptionLine("7  p=0.192", 1), CaptionLine.of("7  p=0.192", null, small, 1));
            // No name fits even at the smallest size: the caption alone, at a label's size.
            assertEquals(new CaptionLine("7  p=0.192", 1), CaptionLine.of("7  p=0.192",
                    CaptionTitles.of("Finer-CAM (Grad-CAM element-wise)"), small, 1));
        }
    }

    private static Mat picture(int rows, int cols) {
        return new Mat(rows, cols, opencv_core.CV_8UC3, new Scalar(0, 0, 255, 0));
    }

    /** @return whether anything but the red ground lies at or right of column {@code from} */
    private static boolean inkRightOf(Mat picture, int from) {
        try (UByteIndexer ix = picture.createIndexer()) {
            for (int y = 0; y < picture.rows(); y++) {
                for (int x = from; x < picture.cols(); x++) {
                    if (ix.get(y, x, 0) != 0 || ix.get(y, x, 1) != 0 || ix.get(y, x, 2) != 255) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** @return whether the first {@code cols} columns of both pictures are the same pixels */
    private static boolean same(Mat frame, Mat wide, int cols) {
        try (Rect r = new Rect(0, 0, cols, frame.rows()); Mat left = new Mat(wide, r); Mat diff = new Mat()) {
            opencv_core.absdiff(frame, left, diff);
            return opencv_core.countNonZero(diff.reshape(1, 0)) == 0;
        }
    }
}
