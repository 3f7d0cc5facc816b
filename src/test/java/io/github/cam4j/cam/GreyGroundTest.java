package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.savedmodel.InputSpec;
import io.github.cam4j.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pictures of the model's own size whose ground is not black, as a crop of a scan or of a photo of paper is once
 * inverted: they are brought to MNIST's levels (ground 0, ink 255, grain 0) before the model sees them, as the digits
 * framed from larger pictures are; MNIST's own pictures are fed as they are.
 */
class GreyGroundTest {
    static LabeledImages test;

    @BeforeAll
    static void load() throws Exception {
        test = Dataset.open(SharedData.mnist()).test();
    }

    /** Test digit {@code index} drawn dark ({@code ink}) on {@code paper}, with seeded sensor noise, 28x28, 8-bit. */
    static Mat onPaper(int index, int paper, int ink, double noise) {
        Mat m = new Mat(28, 28, opencv_core.CV_8UC1);
        float[] d = test.imageAsFloats(index);
        Random random = new Random(index);
        try (UByteIndexer px = m.createIndexer()) {
            for (int i = 0; i < d.length; i++) {
                double v = paper - (paper - ink) * d[i] + noise * random.nextGaussian();
                px.put(i / 28, i % 28, (int) Math.max(0, Math.min(255, Math.round(v))));
            }
        }
        return m;
    }

    /**
     * 300 test digits on grey paper (level 200, ink 30, noise of 8 levels) are read as MNIST's own: measured 99.3 % on
     * the first 1 000 (299 of these 300), where the grey ground, fed as it was, gave 58.9 %. 97 % leaves room for a
     * retrained model and fails the old way by far. Where the model looks stays too: the hottest cell is the one it
     * is on the clean digit for 280 of these 300 (93 %; 80 % required).
     */
    @Test
    void digitsOnGreyPaperAreReadAsOnBlack() throws Exception {
        int n = 300;
        List<Mat> paper = new ArrayList<>();
        List<Mat> clean = new ArrayList<>();
        try (CamSession cam = CamSession.builder().setModel(SharedData.bundledModels().resolve("mnist-pooled"))
                .build()) {
            for (int i = 0; i < n; i++) {
                paper.add(onPaper(i, 200, 30, 8));
                clean.add(onPaper(i, 255, 0, 0));
            }
            List<ImageExplanation> onPaper = cam.explain(paper, Target.predicted());
            List<ImageExplanation> onBlack = cam.explain(clean, Target.predicted());
            int right = 0;
            int samePeak = 0;
            for (int i = 0; i < n; i++) {
                right += onPaper.get(i).predicted() == test.label(i) ? 1 : 0;
                int peak = onPaper.get(i).first().rawMap().argMax();
                samePeak += peak == onBlack.get(i).first().rawMap().argMax() ? 1 : 0;
            }
            assertTrue(right >= 0.97 * n, right + " of " + n + " digits on grey paper read right");
            assertTrue(samePeak >= 0.8 * n, samePeak + " of " + n + " hottest cells where the clean digit's is");
        } finally {
            paper.forEach(Mat::close);
            clean.forEach(Mat::close);
        }
    }

    /** MNIST's own pictures (black ground) reach the model exactly as they are: pixel / 255. */
    @Test
    void mnistsOwnPicturesAreFedAsTheyAre() throws Exception {
        ImagePreparer preparer = new ImagePreparer(InputSpec.mnist(), Invert.AUTO, false, Framing.AUTO, warning -> { },
                null);
        for (int i = 0; i < 50; i++) {
            try (Mat digit = onPaper(i, 0, 255, 0)) {
                assertArrayEquals(test.imageAsFloats(i), preparer.prepare(digit, "digit " + i).values(), 1e-6f,
                        "digit " + i);
            }
        }
    }

    /** {@link Framing#STRETCH} feeds the levels as they are: the grey ground stays, inverted. */
    @Test
    void stretchKeepsTheLevels() throws Exception {
        ImagePreparer preparer = new ImagePreparer(InputSpec.mnist(), Invert.AUTO, false, Framing.STRETCH, warning -> { },
                null);
        try (Mat digit = onPaper(0, 200, 30, 8); UByteIndexer px = digit.createIndexer()) {
            float[] values = preparer.prepare(digit, "digit 0").values();
            for (int i = 0; i < values.length; i++) {
                assertEquals((255 - px.get(i / 28, i % 28)) / 255f, values[i], 1e-6f, "pixel " + i);
            }
        }
    }

    /**
     * A blank crop of grey paper with sensor noise (8 levels, as above) shows nothing, at the model's size and at a
     * size the framing finds no ink in and hands on resized. Its brightest pixel is noise 20 to 30 levels above the
     * ground; taken for the ink and stretched to 255, that noise was read as an 8 at p=1.000 with a map and a box
     * (all 20 at 28x28, 12 of the 20 at 32x32).
     */
    @Test
    void aBlankCropOfNoisyPaperHasNoEvidence() throws Exception {
        try (CamSession cam = CamSession.builder().setModel(SharedData.bundledModels().resolve("mnist-pooled"))
                .build()) {
            for (int size : new int[] {28, 32}) {
                for (int seed = 0; seed < 20; seed++) {
                    try (Mat blank = noisyPaper(size, 200, 8, seed)) {
                        CamResult r = cam.explain(blank);
                        String what = size + "x" + size + " paper, seed " + seed + ": " + r;
                        assertFalse(r.hasEvidence(), what);
                        assertTrue(r.box(0.2).isEmpty(), what + " has a box " + r.box(0.2));
                        assertEquals(0.1f, r.probability(), 1e-6f, what);
                    }
                }
            }
        }
    }

    /** A square of paper at {@code level} with seeded sensor noise of {@code noise} levels, 8-bit. */
    static Mat noisyPaper(int size, int level, double noise, long seed) {
        Mat m = new Mat(size, size, opencv_core.CV_8UC1);
        Random random = new Random(seed);
        try (UByteIndexer px = m.createIndexer()) {
            for (int i = 0; i < size * size; i++) {
                long v = Math.round(level + noise * random.nextGaussian());
                px.put(i / size, i % size, (int) Math.max(0, Math.min(255, v)));
            }
        }
        return m;
    }
}
