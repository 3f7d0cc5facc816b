package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cam4j.render.Box;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.testing.CroppingModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TFloat32;

/**
 * The part of a picture a cropping model saw, as {@code explain} outlines it ({@link CamResult#seenRegion()}), against
 * the model itself, as {@code ResizeReachTest} checks a model's own resizes against TensorFlow: a picture of another size
 * than the model's 28x28 input is resized to it by cam4j, one picture per pixel with ink (255) on that pixel alone and
 * black elsewhere; the pixels whose ink changes the class scores (the logits, compared exactly: with nothing else
 * inked, the least weight OpenCV or the model gives a pixel still shows) are the pixels the model read. The outline must
 * be exactly their box, and every pixel in it read. Pictures that grow (bilinear, one axis or both), that grow on one
 * axis and shrink on the other (OpenCV's area resize, emulated by interpolation), and that shrink (averaged).
 *
 * <p>Before, the part seen on the input was carried to the picture by scaling its edges, which misses what an
 * interpolation reads beyond them: a 14x14 picture fed to the model that keeps rows 4 to 23 changed its scores with ink
 * on rows 1 to 12 and was outlined on rows 2 to 11. Of the 13 pictures here that only grow, 9 were outlined short on
 * one model or more; the two that grow on one axis and shrink on the other were outlined one pixel beyond what the
 * emulated area resize reads on their shrunk axis.
 */
class SeenPartTest {
    /** Pictures that grow to 28x28 on both axes, on one, on one while shrinking on the other, and shrink. */
    private static final int[][] SIZES = {{1, 1}, {2, 2}, {5, 5}, {7, 7}, {9, 9}, {10, 10}, {14, 14}, {21, 21}, {27, 27},
        {14, 20}, {28, 9}, {5, 28}, {27, 11}, {14, 40}, {40, 20}, {33, 33}, {40, 40}};

    /** The crops: a name and the ops from the 28x28 images to the cropped tensor. */
    private record Crop(String name, BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> ops) {}

    private static final List<Crop> CROPS = List.of(
            new Crop("rows and columns 4..23", (tf, x) -> CroppingModels.slice(tf, x, 4, 24, 4, 24)),
            new Crop("rows 3..20, columns 6..27", (tf, x) -> CroppingModels.slice(tf, x, 3, 21, 6, 28)),
            new Crop("resized to 32x32, then 2..29 (resized-export)", (tf, x) -> CroppingModels.slice(tf,
                    resized(tf, x, 32), 2, 30, 2, 30)),
            new Crop("resized to 56x56, then 14..41", (tf, x) -> CroppingModels.slice(tf, resized(tf, x, 56), 14, 42,
                    14, 42)));

    /** @return Keras' Resizing(size, size): bilinear, half-pixel centres */
    private static Operand<TFloat32> resized(Ops tf, Operand<TFloat32> x, int size) {
        return tf.image.resizeBilinear(x, tf.constant(new int[] {size, size}), ResizeBilinear.halfPixelCenters(true));
    }

    @Test
    void theOutlineIsExactlyThePixelsWhoseInkChangesTheScores() throws Exception {
        for (Crop crop : CROPS) {
            try (Graph g = new Graph(); Session s = new Session(g);
                    CamModel m = CroppingModels.open(g, s, crop.ops()); CamSession cam = session(m)) {
                for (int[] size : SIZES) {
                    Read r = read(cam, size[0], size[1]);
                    String what = crop.name() + ", a " + size[0] + "x" + size[1] + " picture";
                    assertEquals(r.box(), r.outline(), what + ": the outline (x, y, width, height)");
                    assertEquals(r.box().width() * r.box().height(), r.count(), what + ": every pixel outlined is read");
                }
            }
        }
    }

    /**
     * README's probe: the model that keeps rows and columns 4 to 23, fed a 14x14 picture grown to 28x28, reads rows
     * and columns 1 to 12 (input row 4 samples picture row 1.75, row 23 row 11.25); it was outlined on 2 to 11.
     */
    @Test
    void aDoubledPictureIsOutlinedOnTheRowsItsInterpolationReads() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g);
                CamModel m = CroppingModels.open(g, s, CROPS.get(0).ops()); CamSession cam = session(m)) {
            Read r = read(cam, 14, 14);
            assertEquals(new Box(1, 1, 12, 12), r.box());
            assertEquals(new Box(1, 1, 12, 12), r.outline());
        }
    }

    /**
     * @param box the pixels whose ink changed the scores, as one box
     * @param count how many did
     * @param outline what cam4j outlines
     */
    private record Read(Box box, int count, Box outline) {}

    private static Read read(CamSession cam, int h, int w) throws CamException {
        List<Mat> pictures = new ArrayList<>();
        try {
            pictures.add(new Mat(h, w, opencv_core.CV_8UC1, new Scalar(0)));
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    Mat p = new Mat(h, w, opencv_core.CV_8UC1, new Scalar(0));
                    try (UByteIndexer ix = p.createIndexer()) {
                        ix.put(y, x, 255);
                    }
                    pictures.add(p);
                }
            }
            List<ImageExplanation> explained = cam.explain(pictures, Target.predicted());
            float[] blank = explained.get(0).logits();
            int y0 = h;
            int x0 = w;
            int y1 = -1;
            int x1 = -1;
            int count = 0;
            for (int i = 1; i < explained.size(); i++) {
                if (!Arrays.equals(blank, explained.get(i).logits())) {
                    int y = (i - 1) / w;
                    int x = (i - 1) % w;
                    y0 = Math.min(y0, y);
                    x0 = Math.min(x0, x);
                    y1 = Math.max(y1, y);
                    x1 = Math.max(x1, x);
                    count++;
                }
            }
            Box outline = explained.get(1).first().seenRegion().orElseThrow();
            return new Read(new Box(x0, y0, x1 - x0 + 1, y1 - y0 + 1), count, outline);
        } finally {
            pictures.forEach(Mat::close);
        }
    }

    /** Stretched as it is (no digit framing, no inversion), in batches as explain runs them. */
    private static CamSession session(CamModel m) throws Exception {
        return CamSession.builder().setModel(m).optFraming(Framing.STRETCH).optInvert(Invert.NEVER).build();
    }
}
