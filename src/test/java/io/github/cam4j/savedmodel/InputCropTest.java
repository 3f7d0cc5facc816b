package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;

import io.github.cam4j.cam.CamResult;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.Framing;
import io.github.cam4j.render.Box;
import io.github.cam4j.model.TensorData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.op.image.ResizeBicubic;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.image.ResizeNearestNeighbor;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Crops and resizes before the convolutions ({@link InputCrop}), placed on the input: where the cells sit and what part
 * of the input the model saw, computed here by hand from TensorFlow's own rules, not from cam4j's code. TensorFlow's
 * {@code ResizeBilinear} with {@code half_pixel_centers} (TF 2's {@code tf.image.resize}, Keras' {@code Resizing})
 * reads output pixel {@code o} at input coordinate {@code (o + 0.5) * in / out - 0.5}; a {@code StridedSlice} from
 * {@code b} with stride 1 makes output pixel {@code o} input pixel {@code b + o}.
 */
class InputCropTest {
    private static final Path RESIZED = Path.of("src/test/resources/keras3/resized-export");

    /**
     * {@code resized-export}: Resizing(32, 32), then CenterCrop(28, 28), of a 28x28 input; then conv 'same', 2x2 pool,
     * conv 'same'. CenterCrop starts at (32 - 28) / 2 = 2. Crop pixel {@code o} is resized pixel {@code o + 2}, read at
     * input {@code (o + 2.5) * 28 / 32 - 0.5 = 0.875 o + 1.6875}; feature cell {@code i} sits on crop pixel
     * {@code 2 i + 0.5}, so on input {@code 1.75 i + 2.125}. The crop spans crop coordinates -0.5..27.5: input
     * 1.25..25.75, the middle 24.5 of 28 pixels; but crop pixel 0, read at 1.6875, is made of pixels 1 and 2, and crop
     * pixel 27, at 25.3125, of pixels 25 and 26: the part seen is pixels 1 to 26 whole, 0.5..26.5.
     */
    @Test
    void resizedExportIsPlacedFromItsResizeAndCrop() throws Exception {
        try (CamModel m = CamModelLoader.load(RESIZED, LoadOptions.defaults())) {
            InputCrop crop = m.inputCrop().orElseThrow();
            assertTrue(crop.unplaceable().isEmpty(), crop.toString());
            assertTrue(crop.crops());
            assertTrue(crop.toString().startsWith("ResizeBilinear to 32x32 (half-pixel centres), then StridedSlice rows 2:30,"
                    + " columns 2:30"), crop.toString());
            assertTrue(m.featureGrid().isEmpty(), "the grid on the input depends on the crop");
            double scale = 28.0 / 32;
            DoubleUnaryOperator onInput = cropCoordinate -> (cropCoordinate + 2 + 0.5) * scale - 0.5;
            InputCrop.View v = m.cellsOn(28, 28).orElseThrow();
            assertEquals(2 * scale, v.cells().strideY(), 1e-12);
            assertEquals(2 * scale, v.cells().strideX(), 1e-12);
            assertEquals(onInput.applyAsDouble(0.5), v.cells().offsetY(), 1e-12);
            assertEquals(onInput.applyAsDouble(0.5), v.cells().offsetX(), 1e-12);
            // The footprint's edges, 1.25 and 25.75, fall inside the first and last pixels read.
            assertEquals(1.25, onInput.applyAsDouble(-0.5), 1e-12);
            assertEquals(25.75, onInput.applyAsDouble(27.5), 1e-12);
            assertEquals(List.of(0.5, 0.5, 26.5, 26.5), List.of(v.top(), v.left(), v.bottom(), v.right()));
            assertFalse(v.whole(28, 28));
        }
    }

    /** images [-1, h, w, 1] -> crop -> a 1x1 convolution of weight 1 (the features are the crop) -> mean -> [1, -1]. */
    private static CamModel model(Graph g, Session s, long[] shape,
            java.util.function.BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> crop) throws Exception {
        Ops tf = Ops.create(g);
        Placeholder<TFloat32> images = tf.withName("images").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(shape)));
        Operand<TFloat32> cropped = crop.apply(tf, images);
        Operand<TFloat32> one = tf.constant(Shape.of(1, 1, 1, 1), DataBuffers.of(new float[] {1}));
        Operand<TFloat32> features = tf.withName("features").nn.relu(tf.nn.conv2d(cropped, one,
                List.of(1L, 1L, 1L, 1L), "SAME"));
        Operand<TFloat32> pooled = tf.math.mean(features, tf.constant(new int[] {1, 2}));
        tf.withName("classifier_kernel").constant(Shape.of(1, 2), DataBuffers.of(new float[] {1, -1}));
        tf.withName("logits").linalg.matMul(pooled, g.operation("classifier_kernel").output(0));
        int h = (int) shape[1];
        int w = (int) shape[2];
        return CamModel.fromSession(s, new TensorNames("images", "features", "logits", null), "classifier_kernel", null,
                ClassifierActivation.SOFTMAX, new InputSpec(h, w, 1, 1f / 255f, 0f, true), null);
    }

    /** resized-export's front: ResizeBilinear 28 -> 32 with half-pixel centres, then [2:30, 2:30]. */
    private static Operand<TFloat32> resizeThenCrop(Ops tf, Operand<TFloat32> x) {
        Operand<TFloat32> resized = tf.image.resizeBilinear(x, tf.constant(new int[] {32, 32}),
                ResizeBilinear.halfPixelCenters(true));
        return tf.stridedSlice(resized, tf.constant(new int[] {0, 2, 2, 0}), tf.constant(new int[] {0, 30, 30, 0}),
                tf.constant(new int[] {1, 1, 1, 1}), StridedSlice.beginMask(9L), StridedSlice.endMask(9L));
    }

    private static Mat hotPixel(int size, int y, int x) {
        Mat m = new Mat(size, size, CV_8UC1, new Scalar(0));
        try (UByteIndexer ix = m.createIndexer()) {
            ix.put(y, x, 255);
        }
        return m;
    }

    /**
     * The model's features are its crop itself, so its map's hottest cell is the one that read a lone hot pixel most:
     * its peak must be that pixel, for every pixel the model sees whole (2..25). Stretched over the 28x28 picture as
     * before, the 28 cells sat one per pixel and the peak of pixel (5, 20) was (4, 21). Pixels 0 and 27 are never read:
     * the map is flat there, and zero.
     */
    @Test
    void aHotPixelPeaksWhereItIsThroughTheResizeAndCrop() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g);
                CamModel m = model(g, s, new long[] {-1, 28, 28, 1}, InputCropTest::resizeThenCrop);
                CamSession cam = CamSession.builder().setModel(m).optFraming(Framing.STRETCH).build()) {
            for (int y = 2; y <= 25; y++) {
                for (int x : new int[] {2, 5, 13, 20, 25}) {
                    CamResult r;
                    try (Mat picture = hotPixel(28, y, x)) {
                        r = cam.explain(picture);
                    }
                    assertEquals(List.of(y, x), List.of(r.peak()[0], r.peak()[1]), "hot pixel (" + y + ", " + x + ")");
                    assertEquals(new Box(1, 1, 26, 26), r.seenRegion().orElseThrow());
                    if (y > 2 && y < 25 && x > 2 && x < 25) {
                        // (Beyond the outermost cells' centres, 1.6875 and 25.3125, the map holds their values flat.)
                        int[] hottest = r.map().argMaxYX();
                        assertEquals(List.of(y, x), List.of(hottest[0], hottest[1]), "the map's maximum");
                    }
                }
            }
            for (int[] outside : new int[][] {{0, 13}, {27, 13}, {13, 0}, {13, 27}, {0, 0}}) {
                try (Mat picture = hotPixel(28, outside[0], outside[1])) {
                    CamResult r = cam.explain(picture);
                    assertFalse(r.hasEvidence(), "pixel " + outside[0] + "," + outside[1] + " is never read");
                    assertEquals(0f, r.map().max(), 0f);
                }
            }
        }
    }

    /**
     * A picture four times the input's size is resized to it: the part seen and the peak scale with it (input pixel
     * edges scale, so input coordinate 0.5, the first edge of input pixel 1, is picture (0.5 + 0.5) * 4 - 0.5 = 3.5).
     */
    @Test
    void aLargerPictureGetsThePartSeenScaled() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g);
                CamModel m = model(g, s, new long[] {-1, 28, 28, 1}, InputCropTest::resizeThenCrop);
                CamSession cam = CamSession.builder().setModel(m).optFraming(Framing.STRETCH).build();
                Mat picture = new Mat(112, 112, CV_8UC1, new Scalar(0))) {
            // A 4x4 block on input pixel (5, 20).
            fillWhite(picture, 20, 24, 80, 84);
            CamResult r = cam.explain(picture);
            // Input pixels 1 to 26, edges 0.5 and 26.5: picture 3.5 and (26.5 + 0.5) * 4 - 0.5 = 107.5, pixels 4 to 107
            // (before the resize's reach was counted, the footprint 1.25..25.75 made them 7 to 104, though picture rows
            // 4 to 6 are input row 1, which the model reads).
            assertEquals(new Box(4, 4, 104, 104), r.seenRegion().orElseThrow());
            int[] peak = r.peak();
            assertTrue(peak[0] >= 20 && peak[0] < 24 && peak[1] >= 80 && peak[1] < 84, peak[0] + "," + peak[1]);
            assertEquals(0f, r.map().values()[3 * 112 + 50], 0f, "no evidence outside the part seen");
        }
    }

    /**
     * A photo of a digit is framed as MNIST's were (the digit cut out, scaled, placed on the 28x28 input), then cropped
     * by the model: the part seen is carried back through both, so it lies within the framed part, and the map holds no
     * evidence outside it.
     */
    @Test
    void aFramedDigitIsCarriedBackThroughTheCropToo() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g);
                CamModel m = model(g, s, new long[] {-1, 28, 28, 1}, InputCropTest::resizeThenCrop);
                CamSession cam = CamSession.builder().setModel(m).optFraming(Framing.DIGIT).build();
                Mat picture = new Mat(200, 200, CV_8UC1, new Scalar(0))) {
            // A bar 40 high and 12 wide: framed, its height fills 20 of the input's 28 pixels.
            fillWhite(picture, 80, 120, 94, 106);
            var explained = cam.explain(List.of(picture), io.github.cam4j.cam.Target.predicted()).get(0);
            Box framed = explained.framedRegion().orElseThrow();
            CamResult r = explained.first();
            Box seen = r.seenRegion().orElseThrow();
            assertEquals(seen, seen.intersect(framed), seen + " within " + framed);
            assertTrue(seen.width() < framed.width() && seen.height() < framed.height(), seen + " in " + framed);
            // The framed input spans 1.4 times the bar's 40 rows (56 picture pixels for 28 input ones, 2 per pixel):
            // the part seen, input pixels 1 to 26, is 52 picture pixels, give or take a pixel of rounding.
            assertTrue(Math.abs(seen.height() - 52) <= 1, seen.toString());
            float[] v = r.map().values();
            assertEquals(0f, v[(seen.y() - 1) * 200 + seen.x() + 5], 0f, "above the part seen");
            assertEquals(0f, v[(seen.y() + 5) * 200 + seen.x() + seen.width()], 0f, "right of it");
            int[] peak = r.peak();
            assertTrue(peak[0] >= 80 && peak[0] < 120 && peak[1] >= 94 && peak[1] < 106, peak[0] + "," + peak[1]);
        }
    }

    /**
     * A framed photo much larger than the input (one input pixel is some 35 picture pixels): the map made on the input
     * holds no evidence outside the part seen, but carried onto the picture it is interpolated between the last input
     * pixel outside (no evidence) and the first inside, so picture pixels outside the part seen got some evidence
     * (1 161 of them, up to 0.04 of the map's range) unless the part seen is cut on the picture too.
     */
    @Test
    void aLargeFramedPhotoHasNoEvidenceOutsideThePartSeen() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g);
                CamModel m = model(g, s, new long[] {-1, 28, 28, 1}, InputCropTest::resizeThenCrop);
                CamSession cam = CamSession.builder().setModel(m).optFraming(Framing.DIGIT).build();
                Mat picture = new Mat(1000, 700, CV_8UC1, new Scalar(0))) {
            // A bar 800 high and 60 wide, reaching near the picture's top and bottom.
            fillWhite(picture, 100, 900, 20, 80);
            CamResult r = cam.explain(List.of(picture), io.github.cam4j.cam.Target.predicted()).get(0).first();
            Box seen = r.seenRegion().orElseThrow();
            float[] v = r.map().values();
            int outside = 0;
            for (int y = 0; y < r.height(); y++) {
                for (int x = 0; x < r.width(); x++) {
                    boolean in = y >= seen.y() && y < seen.y() + seen.height() && x >= seen.x() && x < seen.x() + seen.width();
                    if (!in && v[y * r.width() + x] != 0f) {
                        outside++;
                    }
                }
            }
            assertEquals(0, outside, "pixels outside the part seen " + seen + " with evidence");
        }
    }

    /**
     * Keras' CenterCrop(28, 28) on a 20x24 picture, smaller than its crop, takes the largest centred window of the crop's
     * aspect (20x20 from column int((24 - 20) / 2) = 2) and resizes it to 28x28 (smart_resize): a slice, then a resize.
     * Crop pixel {@code o} reads window coordinate {@code (o + 0.5) * 20 / 28 - 0.5}; the window spans columns 1.5..21.5.
     */
    @Test
    void centerCropsResizingPathIsASliceThenAResize() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g);
                CamModel m = model(g, s, new long[] {-1, 20, 24, 1}, (tf, x) -> tf.image.resizeBilinear(
                        tf.stridedSlice(x, tf.constant(new int[] {0, 0, 2, 0}), tf.constant(new int[] {0, 20, 22, 0}),
                                tf.constant(new int[] {1, 1, 1, 1}), StridedSlice.beginMask(9L), StridedSlice.endMask(9L)),
                        tf.constant(new int[] {28, 28}), ResizeBilinear.halfPixelCenters(true)));
                CamSession cam = CamSession.builder().setModel(m).optFraming(Framing.STRETCH).build()) {
            InputCrop.View v = m.cellsOn(20, 24).orElseThrow();
            double scale = 20.0 / 28;
            assertEquals(scale, v.cells().strideY(), 1e-12);
            assertEquals(0.5 * scale - 0.5, v.cells().offsetY(), 1e-12);
            assertEquals(2 + 0.5 * scale - 0.5, v.cells().offsetX(), 1e-12);
            assertEquals(-0.5, v.top(), 1e-12);
            assertEquals(19.5, v.bottom(), 1e-12);
            assertEquals(1.5, v.left(), 1e-12);
            assertEquals(21.5, v.right(), 1e-12);
            try (Mat picture = new Mat(20, 24, CV_8UC1, new Scalar(0))) {
                try (UByteIndexer ix = picture.createIndexer()) {
                    ix.put(7, 15, 255);
                }
                CamResult r = cam.explain(picture);
                assertEquals(new Box(2, 0, 20, 20), r.seenRegion().orElseThrow());
                assertEquals(List.of(7, 15), List.of(r.peak()[0], r.peak()[1]));
            }
        }
    }

    /**
     * A reviewer's probe: Keras' Resizing(56, 56) then CenterCrop(28, 28) of a 28x28 input. Crop pixel {@code c} is
     * resized pixel {@code c + 14}, read at input {@code (c + 14.5) / 2 - 0.5 = c / 2 + 6.75}: the crop's footprint is
     * 6.5..20.5, but the bilinear kernel makes crop pixel 0 of 0.25 of pixel 6 and 0.75 of pixel 7, and crop pixel 27
     * (at 20.25) of 0.75 of pixel 20 and 0.25 of pixel 21. Ink on pixel 6 or 21 alone changes the class scores, ink on 5
     * or 22 does not; the part seen is pixels 6 to 21, and the map holds evidence on the ink. Before, the part seen was
     * the footprint, pixels 7 to 20: ink on pixel 6 swayed the class from outside the outline, where the map was 0. The
     * cells stay where they were, centred on their resized pixels' coordinates.
     */
    @Test
    void aBilinearEnlargementReadsAPixelBeyondItsFootprint() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g);
                CamModel m = model(g, s, new long[] {-1, 28, 28, 1}, resizeThenCrop("bilinear", 56, 14, 42));
                CamSession cam = CamSession.builder().setModel(m).optFraming(Framing.STRETCH).build()) {
            assertReads(m, 6, 21);
            assertEquals(new FeatureGrid(0.5, 0.5, 6.75, 6.75), m.cellsOn(28, 28).orElseThrow().cells());
            for (int[] ink : new int[][] {{6, 13}, {13, 6}, {21, 13}, {13, 21}}) {
                try (Mat picture = hotPixel(28, ink[0], ink[1])) {
                    CamResult r = cam.explain(picture);
                    assertEquals(new Box(6, 6, 16, 16), r.seenRegion().orElseThrow());
                    assertTrue(r.hasEvidence());
                    // Beyond the outermost cells' centres (6.75, 20.25) the map holds their value: here its largest.
                    assertEquals(1f, r.map().values()[ink[0] * 28 + ink[1]], 1e-6f, "evidence on the ink");
                }
            }
        }
    }

    /**
     * The part seen grows only as far as a kernel reads. Nearest neighbour with half-pixel centres (Keras' Resizing with
     * interpolation "nearest") reads one pixel, {@code floor((o + 0.5) * in / out)}: Resizing(56, 56) then
     * CenterCrop(28, 28) reads pixels floor(14.5 / 2) = 7 to floor(41.5 / 2) = 20, its footprint 6.5..20.5 and no more.
     * A bilinear resize that shrinks, 28 to 14 then rows and columns 2 to 11, reads crop pixel 0 at 2.5 * 2 - 0.5 = 4.5
     * (pixels 4 and 5) and crop pixel 9 at 22.5 (22 and 23): pixels 4 to 23, its footprint 3.5..23.5 again. Bicubic
     * (Keys' kernel, half-pixel centres) as the probe above reads four taps around 6.75 and around 20.25: pixels 5 to
     * 22, two beyond the footprint on each side.
     */
    @Test
    void thePartSeenGrowsOnlyAsFarAsTheKernelReads() throws Exception {
        String[][] cases = {{"nearest", "56", "14", "42", "7", "20"}, {"bilinear", "14", "2", "12", "4", "23"},
            {"bicubic", "56", "14", "42", "5", "22"}};
        for (String[] c : cases) {
            try (Graph g = new Graph(); Session s = new Session(g);
                    CamModel m = model(g, s, new long[] {-1, 28, 28, 1}, resizeThenCrop(c[0], Integer.parseInt(c[1]),
                            Integer.parseInt(c[2]), Integer.parseInt(c[3])))) {
                assertReads(m, Integer.parseInt(c[4]), Integer.parseInt(c[5]));
            }
        }
    }

    /**
     * Asserts that the model reads input rows and columns {@code first} to {@code last} and no others, by its class
     * scores on a grey picture with one pixel inked (grey, so that a cubic kernel's negative tap still shows through the
     * ReLU), and that its part seen is exactly those pixels.
     */
    private static void assertReads(CamModel m, int first, int last) {
        assertReadsOnly(m, first, last);
        InputCrop.View v = m.cellsOn(28, 28).orElseThrow();
        assertEquals(List.of(first - 0.5, first - 0.5, last + 0.5, last + 0.5),
                List.of(v.top(), v.left(), v.bottom(), v.right()));
    }

    /** Asserts, by the model's class scores as {@link #assertReads} does, that it reads rows and columns first..last. */
    private static void assertReadsOnly(CamModel m, int first, int last) {
        float[] grey = logits(m, -1, -1);
        for (int p : new int[] {first, last}) {
            assertFalse(Arrays.equals(grey, logits(m, p, 13)), "row " + p + " is read");
            assertFalse(Arrays.equals(grey, logits(m, 13, p)), "column " + p + " is read");
        }
        for (int p : new int[] {first - 1, last + 1}) {
            assertArrayEquals(grey, logits(m, p, 13), 0f, "row " + p + " is not read");
            assertArrayEquals(grey, logits(m, 13, p), 0f, "column " + p + " is not read");
        }
    }

    /** @return the model's logits for a 28x28 picture of grey 0.5 with pixel {@code (y, x)} at 1 (none when negative) */
    private static float[] logits(CamModel m, int y, int x) {
        return logits(m, 28, 28, y, x);
    }

    /** @return the model's logits for an h x w picture of grey 0.5 with pixel {@code (y, x)} at 1 (none when negative) */
    private static float[] logits(CamModel m, int h, int w, int y, int x) {
        float[] pixels = new float[h * w];
        Arrays.fill(pixels, 0.5f);
        if (y >= 0) {
            pixels[y * w + x] = 1f;
        }
        try (TFloat32 in = TFloat32.tensorOf(Shape.of(1, h, w, 1), DataBuffers.of(pixels));
                Result r = m.session().runner().feed(m.tensors().input(), in).fetch(m.tensors().logits()).run()) {
            return TensorData.toArray(r.get(0));
        }
    }

    /** A Keras Resizing(to, to) with half-pixel centres, then rows and columns {@code begin..end-1}. */
    private static java.util.function.BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> resizeThenCrop(String kind,
            int to, int begin, int end) {
        return (tf, x) -> {
            Operand<TInt32> size = tf.constant(new int[] {to, to});
            Operand<TFloat32> resized = switch (kind) {
                case "nearest" -> tf.image.resizeNearestNeighbor(x, size, ResizeNearestNeighbor.halfPixelCenters(true));
                case "bicubic" -> tf.image.resizeBicubic(x, size, ResizeBicubic.halfPixelCenters(true));
                default -> tf.image.resizeBilinear(x, size, ResizeBilinear.halfPixelCenters(true));
            };
            return tf.stridedSlice(resized, tf.constant(new int[] {0, begin, begin, 0}),
                    tf.constant(new int[] {0, end, end, 0}), tf.constant(new int[] {1, 1, 1, 1}),
                    StridedSlice.beginMask(9L), StridedSlice.endMask(9L));
        };
    }

    /**
     * Keras' Cropping2D(((2, 3), (1, 4))) is {@code x[:, 2:-3, 1:-4, :]}: on an input of any size its end counts from the
     * far edge, so what is seen depends on the size fed.
     */
    @Test
    void aCropFromBothEdgesIsPlacedAtEverySize() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g);
                CamModel m = model(g, s, new long[] {-1, -1, -1, 1}, (tf, x) -> tf.stridedSlice(x,
                        tf.constant(new int[] {0, 2, 1, 0}), tf.constant(new int[] {0, -3, -4, 0}),
                        tf.constant(new int[] {1, 1, 1, 1}), StridedSlice.beginMask(9L), StridedSlice.endMask(9L)))) {
            for (int[] size : new int[][] {{20, 30}, {41, 17}}) {
                InputCrop.View v = m.cellsOn(size[0], size[1]).orElseThrow();
                assertEquals(new FeatureGrid(1, 1, 2, 1), v.cells());
                assertEquals(1.5, v.top(), 1e-12);
                assertEquals(0.5, v.left(), 1e-12);
                assertEquals(size[0] - 3 - 0.5, v.bottom(), 1e-12);
                assertEquals(size[1] - 4 - 0.5, v.right(), 1e-12);
            }
            assertTrue(m.cellsOn(4, 30).isEmpty(), "rows 2 to 4 - 3 leave nothing");
        }
    }

    /** A {@code Slice} with a size of -1 (to the end) is placed as a strided slice is. */
    @Test
    void aSliceIsPlaced() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g);
                CamModel m = model(g, s, new long[] {-1, 28, 28, 1}, (tf, x) -> tf.slice(x,
                        tf.constant(new int[] {0, 3, 4, 0}), tf.constant(new int[] {-1, 20, -1, -1})))) {
            InputCrop.View v = m.cellsOn(28, 28).orElseThrow();
            assertEquals(new FeatureGrid(1, 1, 3, 4), v.cells());
            assertEquals(List.of(2.5, 3.5, 22.5, 27.5), List.of(v.top(), v.left(), v.bottom(), v.right()));
        }
    }

    /**
     * A crop whose bounds are computed (here passed through an Identity, as a crop computed from the picture's shape is
     * not a constant either) cannot be placed: the map is stretched as before, and {@link InputCrop#unplaceable()} says
     * why.
     */
    @Test
    void aComputedCropIsNotPlaced() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g);
                CamModel m = model(g, s, new long[] {-1, 28, 28, 1}, (tf, x) -> tf.stridedSlice(x,
                        tf.identity(tf.constant(new int[] {0, 2, 2, 0})), tf.constant(new int[] {0, 26, 26, 0}),
                        tf.constant(new int[] {1, 1, 1, 1}), StridedSlice.beginMask(9L), StridedSlice.endMask(9L)));
                CamSession cam = CamSession.builder().setModel(m).optFraming(Framing.STRETCH).build();
                Mat picture = hotPixel(28, 13, 13)) {
            InputCrop crop = m.inputCrop().orElseThrow();
            assertTrue(crop.unplaceable().orElseThrow().contains("not constants"), crop.toString());
            assertTrue(crop.op().startsWith("StridedSlice '"), crop.op());
            assertTrue(m.cellsOn(28, 28).isEmpty());
            CamResult r = cam.explain(picture);
            assertTrue(r.seenRegion().isEmpty());
            assertEquals(new io.github.cam4j.render.Placement(28.0 / 24, 28.0 / 24, (28.0 / 24 - 1) / 2,
                    (28.0 / 24 - 1) / 2), r.placement(), "stretched");
        }
    }

    /**
     * keras.applications' 'caffe' preprocess_input reorders RGB to BGR: three StridedSlices of one channel each
     * ({@code x[..., 2]}), stacked again (or a ReverseV2 of the channel axis). That moves no pixel: the model sees the
     * whole picture, and the cells of a 'valid' 3x3 convolution after it sit from pixel 1. Before, the slices were taken
     * for a crop cam4j cannot place ("adds, drops or elides axes"), explain's note said the model "sees only part of
     * each picture", and the map was stretched.
     */
    @Test
    void aChannelReorderIsNoCrop() throws Exception {
        java.util.function.BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> stacked = (tf, x) -> tf.stack(List.of(
                tf.stridedSlice(x, org.tensorflow.ndarray.index.Indices.ellipsis(), org.tensorflow.ndarray.index.Indices.at(2)),
                tf.stridedSlice(x, org.tensorflow.ndarray.index.Indices.ellipsis(), org.tensorflow.ndarray.index.Indices.at(1)),
                tf.stridedSlice(x, org.tensorflow.ndarray.index.Indices.ellipsis(), org.tensorflow.ndarray.index.Indices.at(0))),
                org.tensorflow.op.core.Stack.axis(-1L));
        java.util.function.BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> reversed = (tf, x) -> tf.reverse(x,
                tf.constant(new int[] {-1}));
        for (var reorder : List.of(stacked, reversed)) {
            try (Graph g = new Graph(); Session s = new Session(g)) {
                Ops tf = Ops.create(g);
                Placeholder<TFloat32> images = tf.withName("images").placeholder(TFloat32.class,
                        Placeholder.shape(Shape.of(-1, 28, 28, 3)));
                Operand<TFloat32> bgr = tf.nn.biasAdd(reorder.apply(tf, images), tf.constant(new float[] {-0.4f, -0.5f, -0.6f}));
                Operand<TFloat32> k = tf.constant(Shape.of(3, 3, 3, 2), DataBuffers.of(new float[54]));
                tf.withName("features").nn.relu(tf.nn.conv2d(bgr, k, List.of(1L, 1L, 1L, 1L), "VALID"));
                tf.withName("logits").linalg.matMul(tf.math.mean(g.operation("features").output(0),
                        tf.constant(new int[] {1, 2})), tf.withName("classifier_kernel").constant(Shape.of(2, 2),
                        DataBuffers.of(new float[] {1, -1, -1, 1})));
                try (CamModel m = CamModel.fromSession(s, new TensorNames("images", "features", "logits", null),
                        "classifier_kernel", null, ClassifierActivation.SOFTMAX, new InputSpec(28, 28, 3, 1f / 255f, 0f,
                                false), null)) {
                    assertTrue(m.inputCrop().isEmpty(), () -> m.inputCrop().orElseThrow().toString());
                    assertEquals(new FeatureGrid(1, 1, 1, 1), m.featureGrid().orElseThrow());
                }
            }
        }
    }

    /** A crop after the first convolution is not placed either. */
    @Test
    void aCropAfterAConvolutionIsNotPlaced() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g);
                CamModel m = model(g, s, new long[] {-1, 28, 28, 1}, (tf, x) -> {
                    Operand<TFloat32> k = tf.constant(Shape.of(3, 3, 1, 1), DataBuffers.of(new float[9]));
                    Operand<TFloat32> c = tf.nn.conv2d(x, k, List.of(1L, 1L, 1L, 1L), "SAME");
                    return tf.stridedSlice(c, tf.constant(new int[] {0, 2, 2, 0}), tf.constant(new int[] {0, 26, 26, 0}),
                            tf.constant(new int[] {1, 1, 1, 1}), StridedSlice.beginMask(9L), StridedSlice.endMask(9L));
                })) {
            assertTrue(m.inputCrop().orElseThrow().unplaceable().orElseThrow().contains("comes after Conv2D '"));
        }
    }

    /** Sets rows {@code top..bottom-1}, columns {@code left..right-1} of an 8-bit grey picture to 255. */
    private static void fillWhite(Mat picture, int top, int bottom, int left, int right) {
        try (UByteIndexer ix = picture.createIndexer()) {
            for (int y = top; y < bottom; y++) {
                for (int x = left; x < right; x++) {
                    ix.put(y, x, 255);
                }
            }
        }
    }

    /** inspect printed "a 84x84 picture": the article follows the number as it is read aloud. */
    @Test
    void theArticleFollowsTheNumberReadAloud() {
        for (long n : new long[] {8, 11, 18, 84, 800, 11_000}) {
            assertEquals("an", InputCrop.article(n), Long.toString(n));
        }
        for (long n : new long[] {1, 28, 112, 180, 1_100, 110}) {
            assertEquals("a", InputCrop.article(n), Long.toString(n));
        }
    }

    /**
     * TensorFlow 1's resizes (tf.compat.v1.image.resize without half-pixel centres) in its two conventions, each 28 to a
     * larger size alone (1x1 convolution after, so cell {@code o} is resized pixel {@code o}). Aligned corners, 28 to
     * 55: output pixel {@code o} is input coordinate {@code o * 27 / 54 = o / 2}, the corners' centres kept: its
     * footprint -0.25..27.25 inside the picture. The legacy sampling, 28 to 56: output pixel {@code o} is input
     * {@code o * 28 / 56 = o / 2} too, but its footprint, -0.25..27.75, runs past the picture's last edge, 27.5: the part
     * seen stops there. Both read every pixel (the nearest below is 0, the last read 27), so the part seen is the
     * whole picture.
     */
    @Test
    void tensorFlowOnesResizesArePlacedByTheirConvention() throws Exception {
        for (boolean aligned : new boolean[] {true, false}) {
            int to = aligned ? 55 : 56;
            try (Graph g = new Graph(); Session s = new Session(g);
                    CamModel m = model(g, s, new long[] {-1, 28, 28, 1}, (tf, x) -> tf.withName("resize").image
                            .resizeBilinear(x, tf.constant(new int[] {to, to}), ResizeBilinear.alignCorners(aligned)))) {
                InputCrop.View v = m.cellsOn(28, 28).orElseThrow();
                assertEquals(new FeatureGrid(0.5, 0.5, 0, 0), v.cells(), "aligned " + aligned);
                assertEquals(List.of(-0.5, -0.5, 27.5, 27.5), List.of(v.top(), v.left(), v.bottom(), v.right()));
                assertTrue(v.whole(28, 28));
                InputCrop crop = m.inputCrop().orElseThrow();
                assertFalse(crop.crops(), "a resize alone cuts nothing away");
                assertEquals(List.of("input resize: a 28x28 picture is resized to " + to + "x" + to + ", bilinear with "
                        + (aligned ? "aligned corners" : "TensorFlow 1 sampling") + " (ResizeBilinear 'resize')",
                        "  the model reads every pixel of the picture; the map is placed on it by the resize's geometry"),
                        crop.describe(28, 28));
            }
        }
    }

    /**
     * Nearest neighbour with aligned corners rounds the source coordinate, halves away from 0 (C's roundf): 28 to 55,
     * then rows and columns 1 to 52, reads input pixel round(1 / 2) = 1 first and round(52 / 2) = 26 last, as the model's
     * class scores show; pixel 0, which the resize's own corner reads, is cut away (floored, 0.5 would read it).
     */
    @Test
    void anAlignedNearestNeighbourCropReadsFromTheRoundedCoordinate() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g);
                CamModel m = model(g, s, new long[] {-1, 28, 28, 1}, (tf, x) -> tf.stridedSlice(tf.image
                        .resizeNearestNeighbor(x, tf.constant(new int[] {55, 55}), ResizeNearestNeighbor.alignCorners(true)),
                        tf.constant(new int[] {0, 1, 1, 0}), tf.constant(new int[] {0, 53, 53, 0}),
                        tf.constant(new int[] {1, 1, 1, 1}), StridedSlice.beginMask(9L), StridedSlice.endMask(9L)))) {
            assertReadsOnly(m, 1, 26);
            // Crop pixel 0 is resized pixel 1, centred on input 0.5 and half a resized pixel (0.25) wide each way: its
            // footprint reaches a quarter into pixel 0, which is unread; the map is placed on the footprint, and
            // inspect says the two apart.
            InputCrop.View v = m.cellsOn(28, 28).orElseThrow();
            assertEquals(new FeatureGrid(0.5, 0.5, 0.5, 0.5), v.cells());
            assertEquals(List.of(0.25, 0.25, 26.5, 26.5), List.of(v.top(), v.left(), v.bottom(), v.right()));
            String said = m.inputCrop().orElseThrow().describe(28, 28).get(1);
            assertTrue(said.startsWith("  the model reads rows 1..26, columns 1..26 of the 28x28 picture (the first and"
                    + " last pixels a resize reads with non-zero weight); the map is placed on rows 0..26, columns 0..26"),
                    said);
        }
    }

    /**
     * Where a StridedSlice's begin mask is set TensorFlow starts the axis at 0 whatever its begin says: rows from 0 (the
     * 5 ignored) to 25, columns 2 to 25. Read from the begin, the part seen started at row 5.
     */
    @Test
    void aMaskedBeginStartsTheAxisAtZero() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g);
                CamModel m = model(g, s, new long[] {-1, 28, 28, 1}, (tf, x) -> tf.stridedSlice(x,
                        tf.constant(new int[] {0, 5, 2, 0}), tf.constant(new int[] {0, 26, 26, 0}),
                        tf.constant(new int[] {1, 1, 1, 1}), StridedSlice.beginMask(1L | 2L | 8L), StridedSlice.endMask(9L)))) {
            InputCrop.View v = m.cellsOn(28, 28).orElseThrow();
            assertEquals(new FeatureGrid(1, 1, 0, 2), v.cells());
            assertEquals(List.of(-0.5, 1.5, 25.5, 25.5), List.of(v.top(), v.left(), v.bottom(), v.right()));
            assertEquals("input crop: a 28x28 picture is cut to rows 0..25, columns 2..25", m.inputCrop().orElseThrow()
                    .describe(28, 28).get(0).replaceFirst(" \\(StridedSlice .*", ""));
        }
    }

    /** A Slice from row 0 (a begin of 0 is a bound like any other) is placed. */
    @Test
    void aSliceFromTheFirstRowIsPlaced() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g);
                CamModel m = model(g, s, new long[] {-1, 28, 28, 1}, (tf, x) -> tf.slice(x,
                        tf.constant(new int[] {0, 0, 4, 0}), tf.constant(new int[] {-1, 20, -1, -1})))) {
            InputCrop.View v = m.cellsOn(28, 28).orElseThrow();
            assertEquals(new FeatureGrid(1, 1, 0, 4), v.cells());
            assertEquals(List.of(-0.5, 3.5, 19.5, 27.5), List.of(v.top(), v.left(), v.bottom(), v.right()));
            // Its begin of 0 is a number, not counted from the far edge, whatever the picture's size.
            assertEquals("input crop: a picture of h rows and w columns is cut to rows 0..19, columns 4..w-1 (Slice"
                    + " 'Slice')", m.inputCrop().orElseThrow().describe(-1, -1).get(0));
        }
    }

    /**
     * Crops and resizes cam4j does not place, each with its reason (the map is then stretched over the picture, and
     * explain and inspect say why): read from the graph alone, as TensorFlow refuses some of them only when run.
     */
    @Test
    void cropsThatCannotBePlacedSayWhy() {
        java.util.Map<String, java.util.function.BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>>> crops =
                java.util.Map.of(
                "sets both align_corners and half_pixel_centers", (tf, x) -> tf.image.resizeBilinear(x,
                        tf.constant(new int[] {32, 32}), ResizeBilinear.alignCorners(true),
                        ResizeBilinear.halfPixelCenters(true)),
                "aligns corners in a way cam4j does not place", (tf, x) -> tf.image.resizeArea(x,
                        tf.constant(new int[] {32, 32}), org.tensorflow.op.image.ResizeArea.alignCorners(true)),
                "resizes to a size that is not a constant", (tf, x) -> tf.image.resizeBilinear(x,
                        tf.identity(tf.constant(new int[] {32, 32}))),
                "reverses or steps backwards, which cam4j does not place", (tf, x) -> tf.stridedSlice(x,
                        tf.constant(new int[] {0, 0, 0, 0}), tf.constant(new int[] {0, 0, 0, 0}),
                        tf.constant(new int[] {1, -1, 1, 1}), StridedSlice.beginMask(15L), StridedSlice.endMask(15L)),
                "slices the batch or channel axis", (tf, x) -> tf.stridedSlice(x, tf.constant(new int[] {1, 2, 2, 0}),
                        tf.constant(new int[] {0, 26, 26, 0}), tf.constant(new int[] {1, 1, 1, 1}),
                        StridedSlice.beginMask(8L), StridedSlice.endMask(9L)),
                "has bounds that are not constants (computed from the picture's shape)", (tf, x) -> tf.slice(x,
                        tf.identity(tf.constant(new int[] {0, 2, 2, 0})), tf.constant(new int[] {-1, 20, 20, -1})),
                "adds, drops or elides axes", (tf, x) -> tf.expandDims(tf.stridedSlice(x,
                        tf.constant(new int[] {0, 2, 2, 0}), tf.constant(new int[] {0, 26, 26, 1}),
                        tf.constant(new int[] {1, 1, 1, 1}), StridedSlice.beginMask(1L), StridedSlice.endMask(1L),
                        StridedSlice.shrinkAxisMask(8L)), tf.constant(-1)),
                "slices the batch or channel axis (Slice)", (tf, x) -> tf.slice(x, tf.constant(new int[] {0, 2, 2, 0}),
                        tf.constant(new int[] {-1, 20, 20, 1})));
        for (var crop : crops.entrySet()) {
            try (Graph g = new Graph()) {
                Ops tf = Ops.create(g);
                Placeholder<TFloat32> images = tf.withName("images").placeholder(TFloat32.class,
                        Placeholder.shape(Shape.of(-1, 28, 28, 1)));
                tf.withName("features").nn.relu(tf.withName("crop").nn.conv2d(crop.getValue().apply(tf, images),
                        tf.constant(Shape.of(1, 1, 1, 1), DataBuffers.of(new float[] {1})), List.of(1L, 1L, 1L, 1L),
                        "SAME"));
                InputCrop found = InputCrop.find(g.toGraphDef(), "images:0", "features:0").orElseThrow();
                String why = found.unplaceable().orElseThrow(() -> new AssertionError(crop.getKey() + ": placed"));
                assertTrue(why.endsWith(" " + crop.getKey().replace(" (Slice)", "")), crop.getKey() + " / " + why);
                assertTrue(found.at(28, 28).isEmpty(), crop.getKey());
                assertEquals(List.of("input crop: the model " + found.unplaceableNote().orElseThrow()),
                        found.describe(28, 28));
            }
        }
    }

    /**
     * What inspect says of crops on a picture of known size: Keras' Cropping2D(((2, 3), (1, 4))) on a 28x28 input
     * keeps rows 2..24 and columns 1..23 (its ends count from the far edge, here known); on a picture of 4 rows it
     * keeps no row. A slice of every other row and column from 1, {@code x[:, 1::2, 1::2, :]}, keeps 14 of each,
     * 1..27, its cells two pixels apart.
     */
    @Test
    void inspectNamesTheRowsAndColumnsKept() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g);
                CamModel m = model(g, s, new long[] {-1, 28, 28, 1}, (tf, x) -> tf.withName("cropping2d").stridedSlice(x,
                        tf.constant(new int[] {0, 2, 1, 0}), tf.constant(new int[] {0, -3, -4, 0}),
                        tf.constant(new int[] {1, 1, 1, 1}), StridedSlice.beginMask(9L), StridedSlice.endMask(9L)))) {
            InputCrop crop = m.inputCrop().orElseThrow();
            assertEquals("input crop: a 28x28 picture is cut to rows 2..24, columns 1..23 (StridedSlice 'cropping2d')",
                    crop.describe(28, 28).get(0));
            assertEquals(List.of("input crop: a 4x30 picture is cut to rows none, columns 1..25 (StridedSlice"
                    + " 'cropping2d')", "  the crop leaves nothing of a 4x30 picture"), crop.describe(4, 30));
        }
        try (Graph g = new Graph(); Session s = new Session(g);
                CamModel m = model(g, s, new long[] {-1, 28, 28, 1}, (tf, x) -> tf.withName("every_other").stridedSlice(x,
                        tf.constant(new int[] {0, 1, 1, 0}), tf.constant(new int[] {0, 0, 0, 0}),
                        tf.constant(new int[] {1, 2, 2, 1}), StridedSlice.beginMask(9L), StridedSlice.endMask(15L)))) {
            assertEquals("input crop: a 28x28 picture is cut to rows 1..27 every 2 pixels, columns 1..27 every 2 pixels"
                    + " (StridedSlice 'every_other')", m.inputCrop().orElseThrow().describe(28, 28).get(0));
            assertEquals(new FeatureGrid(2, 2, 1, 1), m.cellsOn(28, 28).orElseThrow().cells());
        }
    }

    /**
     * A slice written with three specs, as {@code x[:, 2:26, 3:25]} in Python writes it (the channel axis not listed,
     * so taken whole), is placed as the four-spec one.
     */
    @Test
    void aSliceOfThreeSpecsIsPlaced() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g);
                CamModel m = model(g, s, new long[] {-1, 28, 28, 1}, (tf, x) -> tf.stridedSlice(x,
                        tf.constant(new int[] {0, 2, 3}), tf.constant(new int[] {0, 26, 25}), tf.constant(new int[] {1, 1, 1}),
                        StridedSlice.beginMask(1L), StridedSlice.endMask(1L)))) {
            InputCrop.View v = m.cellsOn(28, 28).orElseThrow();
            assertEquals(new FeatureGrid(1, 1, 2, 3), v.cells());
            assertEquals(List.of(1.5, 2.5, 25.5, 24.5), List.of(v.top(), v.left(), v.bottom(), v.right()));
        }
    }

    /**
     * Read from the graph alone: features right after the crop (no convolution; the cells are the crop's pixels), and a
     * crop to the single top-left pixel, which still leaves something to place.
     */
    @Test
    void cropsUpToTheFeaturesAndToOnePixelArePlaced() {
        for (int side : new int[] {20, 1}) {
            try (Graph g = new Graph()) {
                Ops tf = Ops.create(g);
                Placeholder<TFloat32> images = tf.withName("images").placeholder(TFloat32.class,
                        Placeholder.shape(Shape.of(-1, 28, 28, 1)));
                tf.withName("features").nn.relu(tf.slice(images, tf.constant(new int[] {0, 0, 0, 0}),
                        tf.constant(new int[] {-1, side, side, -1})));
                InputCrop.View v = InputCrop.find(g.toGraphDef(), "images:0", "features:0").orElseThrow().at(28, 28)
                        .orElseThrow(() -> new AssertionError(side + "x" + side + ": not placed"));
                assertEquals(new FeatureGrid(1, 1, 0, 0), v.cells());
                assertEquals(List.of(-0.5, -0.5, side - 0.5, side - 0.5), List.of(v.top(), v.left(), v.bottom(), v.right()));
            }
        }
    }

    /**
     * Cropping2D(((10, 10), (1, 1))) of an input of any size, on a picture of 30 rows and 15 columns: it keeps rows
     * 10..19 and columns 1..13. Inspect said "columns none": it sized the column axis by 15 and the row axis by 15 too,
     * and 10 rows from each edge of 15 leave none, so the whole slice read as empty.
     */
    @Test
    void eachAxisKeptIsSizedByItsOwnLength() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g);
                CamModel m = model(g, s, new long[] {-1, -1, -1, 1}, (tf, x) -> tf.withName("cropping2d").stridedSlice(x,
                        tf.constant(new int[] {0, 10, 1, 0}), tf.constant(new int[] {0, -10, -1, 0}),
                        tf.constant(new int[] {1, 1, 1, 1}), StridedSlice.beginMask(9L), StridedSlice.endMask(9L)))) {
            InputCrop crop = m.inputCrop().orElseThrow();
            assertEquals("input crop: a 30x15 picture is cut to rows 10..19, columns 1..13 (StridedSlice 'cropping2d')",
                    crop.describe(30, 15).get(0));
            assertEquals("input crop: a 15x30 picture is cut to rows none, columns 1..28 (StridedSlice 'cropping2d')",
                    crop.describe(15, 30).get(0));
            InputCrop.View v = m.cellsOn(30, 15).orElseThrow();
            assertEquals(List.of(9.5, 0.5, 19.5, 13.5), List.of(v.top(), v.left(), v.bottom(), v.right()));
        }
    }

    /**
     * Asserts, by the model's class scores on an h x w grey picture with one pixel inked, that of the pixels listed it
     * reads those marked and no other: rows along column {@code column}, columns along row {@code row}.
     *
     * @param readRows rows, each {row, 1 when read, 0 when not}
     * @param readColumns the same for columns
     */
    private static void assertReadsPixels(CamModel m, int h, int w, int row, int column, int[][] readRows,
            int[][] readColumns) {
        float[] grey = logits(m, h, w, -1, -1);
        for (int[] r : readRows) {
            assertEquals(r[1] == 1, !Arrays.equals(grey, logits(m, h, w, r[0], column)), "row " + r[0] + " read");
        }
        for (int[] c : readColumns) {
            assertEquals(c[1] == 1, !Arrays.equals(grey, logits(m, h, w, row, c[0])), "column " + c[0] + " read");
        }
    }

    /** Keras' Cropping2D(((2, 3), (1, 4))), then every other row from the second and columns 3 to the third from last. */
    private static Operand<TFloat32> sliceAfterSlice(Ops tf, Operand<TFloat32> x) {
        Operand<TFloat32> cropped = tf.withName("first").stridedSlice(x, tf.constant(new int[] {0, 2, 1, 0}),
                tf.constant(new int[] {0, -3, -4, 0}), tf.constant(new int[] {1, 1, 1, 1}), StridedSlice.beginMask(9L),
                StridedSlice.endMask(9L));
        return tf.withName("second").stridedSlice(cropped, tf.constant(new int[] {0, 1, 3, 0}),
                tf.constant(new int[] {0, 0, -2, 0}), tf.constant(new int[] {1, 2, 1, 1}), StridedSlice.beginMask(9L),
                StridedSlice.endMask(11L));
    }

    /**
     * A slice after a slice: on a 30x20 picture Cropping2D(((2, 3), (1, 4))) keeps rows 2..26 and columns 1..15 (25 x
     * 15), and {@code [1::2, 3:-2]} of that keeps its rows 1..23 every 2 and columns 3..12: picture rows 3..25 every 2,
     * columns 4..13, which the model's class scores confirm pixel by pixel. Inspect says the second slice of what the
     * first leaves.
     */
    @Test
    void aSliceAfterASliceIsPlaced() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g);
                CamModel m = model(g, s, new long[] {-1, -1, -1, 1}, InputCropTest::sliceAfterSlice)) {
            assertReadsPixels(m, 30, 20, 11, 8, new int[][] {{2, 0}, {3, 1}, {4, 0}, {5, 1}, {25, 1}, {26, 0}},
                    new int[][] {{3, 0}, {4, 1}, {13, 1}, {14, 0}});
            InputCrop.View v = m.cellsOn(30, 20).orElseThrow();
            assertEquals(new FeatureGrid(2, 1, 3, 4), v.cells());
            // A cell two rows high spans its row and half of each beside it: rows 2 .. 26 of the picture.
            assertEquals(List.of(2.0, 3.5, 26.0, 13.5), List.of(v.top(), v.left(), v.bottom(), v.right()));
            assertEquals("input crop: a 30x20 picture is cut to rows 2..26, columns 1..15 (StridedSlice 'first'), then cut"
                    + " to rows 1..23 every 2 pixels, columns 3..12 (StridedSlice 'second')",
                    m.inputCrop().orElseThrow().describe(30, 20).get(0));
        }
    }

    /**
     * Each slice after the first is said of what the one before leaves, each axis by its own length: rows 2..26 of a
     * 5x20 picture leave none, but the 15 columns the first slice keeps are there for the second to cut to 3..12 (it said
     * "columns none"). Of a picture of any size the second slice's rows counted from the far edge are those the first
     * leaves, h' and w', not the picture's h and w (it said "rows 1..h-1", as if of the picture).
     */
    @Test
    void aSliceAfterASliceIsSaidOfWhatTheFirstLeaves() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g);
                CamModel m = model(g, s, new long[] {-1, -1, -1, 1}, InputCropTest::sliceAfterSlice)) {
            InputCrop crop = m.inputCrop().orElseThrow();
            assertEquals("input crop: a 5x20 picture is cut to rows none, columns 1..15 (StridedSlice 'first'), then cut"
                    + " to rows none, columns 3..12 (StridedSlice 'second')", crop.describe(5, 20).get(0));
            assertEquals("input crop: a picture of h rows and w columns is cut to rows 2..h-4, columns 1..w-5"
                    + " (StridedSlice 'first'), then cut to rows 1..h'-1 every 2 pixels, columns 3..w'-3 of the h' rows"
                    + " and w' columns left (StridedSlice 'second')", crop.describe(-1, -1).get(0));
        }
    }

    /**
     * A resize to a size that is not square, then a crop: Resizing(56, 42) of a 28x28 picture (half-pixel centres),
     * then rows 14..41 and columns 7..34. Row 14 samples (14.5 * 28 / 56) - 0.5 = 6.75 and row 41 20.25: pixels 6 to
     * 21; column 7 samples 7.5 * 28 / 42 - 0.5 = 4.5 and column 34 22.5: pixels 4 to 23. Each axis is read by its own
     * size (the rows by the 56, the columns by the 42), as the model's class scores confirm.
     */
    @Test
    void aNonSquareResizeThenACropReadsEachAxisByItsOwnSize() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g);
                CamModel m = model(g, s, new long[] {-1, 28, 28, 1}, (tf, x) -> tf.stridedSlice(tf.image.resizeBilinear(x,
                        tf.constant(new int[] {56, 42}), ResizeBilinear.halfPixelCenters(true)),
                        tf.constant(new int[] {0, 14, 7, 0}), tf.constant(new int[] {0, 42, 35, 0}),
                        tf.constant(new int[] {1, 1, 1, 1}), StridedSlice.beginMask(9L), StridedSlice.endMask(9L)))) {
            assertReadsPixels(m, 28, 28, 13, 13, new int[][] {{5, 0}, {6, 1}, {21, 1}, {22, 0}},
                    new int[][] {{3, 0}, {4, 1}, {23, 1}, {24, 0}});
            String seen = m.inputCrop().orElseThrow().describe(28, 28).get(1);
            assertTrue(seen.startsWith("  the model reads rows 6..21, columns 4..23 of the 28x28 picture"), seen);
        }
    }

    /**
     * Negative bounds count from the far edge: {@code x[:, -20:-2, -10:]} of a 28x28 picture keeps rows 8..25 and
     * columns 18..27, as the model's class scores confirm. An end of 0 without its mask is 0, not the far edge: {@code
     * x[:, 2:0]} keeps no row (TensorFlow gives a tensor of none), and so nothing is placed, whatever the picture's size.
     */
    @Test
    void negativeBoundsCountFromTheFarEdgeAndAnEndOfZeroIsZero() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g);
                CamModel m = model(g, s, new long[] {-1, 28, 28, 1}, (tf, x) -> tf.withName("tail").stridedSlice(x,
                        tf.constant(new int[] {0, -20, -10, 0}), tf.constant(new int[] {0, -2, 0, 0}),
                        tf.constant(new int[] {1, 1, 1, 1}), StridedSlice.beginMask(9L), StridedSlice.endMask(13L)))) {
            assertReadsPixels(m, 28, 28, 13, 20, new int[][] {{7, 0}, {8, 1}, {25, 1}, {26, 0}},
                    new int[][] {{17, 0}, {18, 1}, {27, 1}});
            assertEquals("input crop: a 28x28 picture is cut to rows 8..25, columns 18..27 (StridedSlice 'tail')",
                    m.inputCrop().orElseThrow().describe(28, 28).get(0));
            InputCrop.View v = m.cellsOn(28, 28).orElseThrow();
            assertEquals(List.of(7.5, 17.5, 25.5, 27.5), List.of(v.top(), v.left(), v.bottom(), v.right()));
        }
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> images = tf.withName("images").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, 28, 28, 1)));
            Operand<TFloat32> none = tf.withName("none").stridedSlice(images, tf.constant(new int[] {0, 2, 0, 0}),
                    tf.constant(new int[] {0, 0, 0, 0}), tf.constant(new int[] {1, 1, 1, 1}), StridedSlice.beginMask(13L),
                    StridedSlice.endMask(13L));
            tf.withName("features").nn.relu(none);
            try (Session s = new Session(g); TFloat32 in = TFloat32.tensorOf(Shape.of(1, 28, 28, 1));
                    Result r = s.runner().feed("images", in).fetch("none").run()) {
                assertEquals(Shape.of(1, 0, 28, 1), r.get(0).shape(), "TensorFlow keeps no row");
            }
            InputCrop crop = InputCrop.find(g.toGraphDef(), "images:0", "features:0").orElseThrow();
            assertTrue(crop.at(28, 28).isEmpty());
            assertEquals(List.of("input crop: a 28x28 picture is cut to rows none, columns 0..27 (StridedSlice 'none')",
                    "  the crop leaves nothing of a 28x28 picture"), crop.describe(28, 28));
            // Of a picture of any size too: it said rows 2..h-1, an end of 0 read as the far edge.
            assertEquals("input crop: a picture of h rows and w columns is cut to rows none, columns 0..w-1 (StridedSlice"
                    + " 'none')", crop.describe(-1, -1).get(0));
        }
    }

    /**
     * Of a picture of any size, rows kept are said as numbers or counted from the far edge, and "none" where the bounds
     * keep nothing at every size: both counted from the same edge with the end not past the begin, or an end of 0
     * without its mask. Each case is checked against TensorFlow on a 10x10 picture: no row where "none" is said, the
     * rows said where they are not.
     */
    @Test
    void boundsThatKeepNothingAtAnySizeAreSaidNone() {
        // {begin, end, begin masked (1) or not (0), rows kept of 10 by TensorFlow}, and what inspect says of the rows
        Object[][] cases = {{5, 3, 0, 0, "none"}, {3, 3, 0, 0, "none"}, {-3, -5, 0, 0, "none"}, {-4, -4, 0, 0, "none"},
            {-3, 0, 0, 0, "none"}, {-5, 3, 0, 0, "h-5..2"}, {2, -1, 0, 7, "2..h-2"}, {5, 3, 1, 3, "0..2"},
            {3, 4, 0, 1, "3..3"}, {-5, -4, 0, 1, "h-5..h-5"}, {0, -3, 0, 7, "0..h-4"}};
        for (Object[] c : cases) {
            int begin = (int) c[0];
            int end = (int) c[1];
            long beginMask = 9L | ((int) c[2] == 1 ? 2L : 0L);
            try (Graph g = new Graph()) {
                Ops tf = Ops.create(g);
                Placeholder<TFloat32> images = tf.withName("images").placeholder(TFloat32.class,
                        Placeholder.shape(Shape.of(-1, -1, -1, 1)));
                tf.withName("features").nn.relu(tf.withName("cut").stridedSlice(images, tf.constant(new int[] {0, begin,
                        0, 0}), tf.constant(new int[] {0, end, 0, 0}), tf.constant(new int[] {1, 1, 1, 1}),
                        StridedSlice.beginMask(beginMask), StridedSlice.endMask(13L)));
                String rows = begin + ":" + end + (beginMask == 9L ? "" : " (begin masked)");
                try (Session s = new Session(g); TFloat32 in = TFloat32.tensorOf(Shape.of(1, 10, 10, 1));
                        Result r = s.runner().feed("images", in).fetch("cut").run()) {
                    assertEquals((int) c[3], r.get(0).shape().get(1), rows + ": rows TensorFlow keeps of 10");
                }
                String said = InputCrop.find(g.toGraphDef(), "images:0", "features:0").orElseThrow().describe(-1, -1)
                        .get(0);
                assertEquals("input crop: a picture of h rows and w columns is cut to rows " + c[4] + ", columns 0..w-1"
                        + " (StridedSlice 'cut')", said, rows);
            }
        }
    }
}
