package io.github.cam4j.savedmodel.keras;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cam.CamResult;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.ImageExplanation;
import io.github.cam4j.cam.Target;
import io.github.cam4j.render.Box;
import io.github.cam4j.render.CellPeak;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.Placement;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code resized-export} (python-export/make_test_models.py: Resizing(32, 32), then CenterCrop(28, 28), before its
 * Rescaling and convolutions) sees only the middle of its 28x28 input: its map covers that part alone.
 *
 * <p>Expected geometry, from TensorFlow's rules rather than cam4j's code: ResizeBilinear with half-pixel centres reads
 * resized pixel {@code r} at input {@code (r + 0.5) * 28 / 32 - 0.5}; CenterCrop keeps resized pixels 2..29, so crop
 * pixel {@code o} is read at input {@code 0.875 o + 1.6875}, and the crop's edges (-0.5 and 27.5) at 1.25 and 25.75;
 * input pixels 1 and 26 are partly read (by crop pixels 0 and 27, weight 0.3125), pixels 0 and 27 never. The features,
 * after a 'same' convolution, a 2x2 pooling and a 'same' convolution, put cell {@code i} on crop pixel {@code 2 i + 0.5}.
 */
class ResizedExportCropTest {
    private static final Path RESIZED = Path.of("src/test/resources/keras3/resized-export");

    private static double inputOfCropPixel(double o) {
        return (o + 2 + 0.5) * 28.0 / 32.0 - 0.5;
    }

    private static Mat picture(int... ring) {
        Mat m = new Mat(28, 28, CV_8UC1, new Scalar(0));
        try (UByteIndexer ix = m.createIndexer()) {
            for (int r : ring) {
                for (int i = 0; i < 28; i++) {
                    ix.put(r, i, 255);
                    ix.put(i, r, 255);
                }
            }
        }
        return m;
    }

    private static ImageExplanation explain(CamSession cam, Mat picture) throws Exception {
        return cam.explain(List.of(picture), Target.predicted()).get(0);
    }

    /**
     * Ink on the picture's outer ring (rows and columns 0 and 27) never reaches the model: it reads the picture exactly
     * as a blank one, and the map there holds no evidence. Ink one pixel further in (rows and columns 1 and 26) does
     * reach it, so the part seen, pixels 1 to 26, is no wider than it must be.
     */
    @Test
    void inkOutsideTheCropGivesNoEvidenceThere() throws Exception {
        try (CamSession cam = CamSession.builder().setModel(RESIZED).build();
                Mat blank = picture();
                Mat outer = picture(0, 27);
                Mat inner = picture(1, 26)) {
            ImageExplanation none = explain(cam, blank);
            ImageExplanation out = explain(cam, outer);
            ImageExplanation in = explain(cam, inner);
            assertArrayEquals(none.probabilities(), out.probabilities(), 0f, "ink the model never read");
            assertArrayEquals(none.first().rawMap().values(), out.first().rawMap().values(), 0f);
            assertFalse(java.util.Arrays.equals(none.probabilities(), in.probabilities()), "pixels 1 and 26 are read");

            CamResult r = out.first();
            assertEquals(new Box(1, 1, 26, 26), r.seenRegion().orElseThrow());
            FloatMap raw = r.rawMap();
            float rawNone = Math.max(raw.min(), Math.min(raw.max(), 0f));
            float noEvidence = (rawNone - raw.min()) / (raw.max() - raw.min());
            FloatMap map = r.map();
            for (int i = 0; i < 28; i++) {
                for (int[] p : new int[][] {{0, i}, {27, i}, {i, 0}, {i, 27}}) {
                    assertEquals(noEvidence, map.values()[p[0] * 28 + p[1]], 1e-6f, "pixel " + p[0] + "," + p[1]);
                }
            }
            Box seen = r.seenRegion().get();
            r.box(0.2).ifPresent(b -> assertEquals(b, b.intersect(seen), "the CAM box lies in the part seen"));
            int[] peak = r.peak();
            assertTrue(peak[0] >= 1 && peak[0] <= 26 && peak[1] >= 1 && peak[1] <= 26, peak[0] + "," + peak[1]);
        }
    }

    /**
     * The first 16 test digits: the peak is next to the centre of the hottest cell, on the input where the resize and
     * crop put it ({@code inputOfCropPixel(2 i + 0.5)} = 1.75 i + 2.125), not where stretching 14 cells over 28 pixels put it
     * (2 i + 0.5: up to 1.6 pixels off at the edges); and the placement says the same for every cell.
     */
    @Test
    void digitsPeakWhereTheirCellsSit() throws Exception {
        TestData.Digits digits = TestData.mnistTest(16);
        double stride = inputOfCropPixel(2.5) - inputOfCropPixel(0.5);
        double offset = inputOfCropPixel(0.5);
        try (CamSession cam = CamSession.builder().setModel(RESIZED).build()) {
            for (int d = 0; d < 16; d++) {
                CamResult r;
                try (Mat digit = digits.mat(d)) {
                    r = cam.explain(digit);
                }
                assertEquals(new Placement(stride, stride, offset, offset), r.placement(), "digit " + d);
                int cell = r.rawMap().argMax();
                int i = cell / 14;
                int j = cell % 14;
                // Next to the cell's centre (CellPeak: the hotter side of a centre between two pixels).
                assertTrue(Math.abs(r.peak()[0] - (offset + stride * i)) < 1
                        && Math.abs(r.peak()[1] - (offset + stride * j)) < 1, "digit " + d + ", cell " + i + "," + j
                        + ": peak " + r.peak()[0] + "," + r.peak()[1]);
                int[] expected = CellPeak.of(r.rawMap(), new Placement(stride, stride, offset, offset));
                assertEquals(List.of(expected[0], expected[1]), List.of(r.peak()[0], r.peak()[1]), "digit " + d);
                assertEquals(new Box(1, 1, 26, 26), r.seenRegion().orElseThrow());
            }
        }
    }

    /**
     * The gradient methods, Score-CAM and Eigen-CAM place their maps as CAM does: the same cells, the same part seen,
     * no evidence outside it.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GRAD_CAM", "GRAD_CAM_PLUS_PLUS", "LAYER_CAM", "scorecam", "eigencam"})
    void everyMethodHasItsMapOnThePartSeen(String method) throws Exception {
        TestData.Digits digits = TestData.mnistTest(2);
        CamSession.Builder b = CamSession.builder().setModel(RESIZED);
        if (method.equals("scorecam")) {
            b.optScoreCam(true);
        } else if (method.equals("eigencam")) {
            b.optEigenCam(true);
        } else {
            b.optLoadOptions(io.github.cam4j.savedmodel.LoadOptions.defaults().withGradients(
                    io.github.cam4j.savedmodel.GradientWeighting.valueOf(method)));
        }
        double stride = inputOfCropPixel(2.5) - inputOfCropPixel(0.5);
        double offset = inputOfCropPixel(0.5);
        try (CamSession cam = b.build(); Mat digit = digits.mat(1)) {
            CamResult r = cam.explain(digit);
            assertEquals(new Placement(stride, stride, offset, offset), r.placement());
            assertEquals(new Box(1, 1, 26, 26), r.seenRegion().orElseThrow());
            FloatMap raw = r.rawMap();
            float rawNone = Math.max(raw.min(), Math.min(raw.max(), 0f));
            float noEvidence = (rawNone - raw.min()) / (raw.max() - raw.min());
            for (int i = 0; i < 28; i++) {
                assertEquals(noEvidence, r.map().values()[i], 1e-6f, "row 0, column " + i);
                assertEquals(noEvidence, r.map().values()[i * 28 + 27], 1e-6f, "row " + i + ", column 27");
            }
            Box seen = r.seenRegion().get();
            r.box(0.2).ifPresent(box -> assertEquals(box, box.intersect(seen)));
        }
    }

}
