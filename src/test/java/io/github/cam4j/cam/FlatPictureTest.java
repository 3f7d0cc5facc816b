package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.testing.SharedData;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A picture of one flat colour (a blank page, a cleared canvas, a white frame) shows nothing, at any size: its map is
 * flat and it has no box. Shrunk to the model's size in float arithmetic, a white 100x100 picture came out a few
 * millionths short of white; inverted, that dust was all the model saw, and its map, normalised to full range, put a
 * box over the whole picture with class 4 at p=0.1000. A grey one (level 200, or 60) was fed as a grey field, and
 * the model read its border as a 1 (p=0.335) until a grey ground was taken for the ground ({@link GreyGroundTest}).
 */
class FlatPictureTest {

    @ParameterizedTest(name = "{0}x{1}, {2} channels, level {3}")
    @CsvSource({
        "100, 100, 1, 255", // white, inverted to black
        "700, 1000, 1, 255",
        "200, 300, 3, 255",
        "64, 48, 1, 0", // black: exact before the fix too
        "97, 131, 4, 255",
        "28, 28, 1, 200", // grey paper, of the model's own size
        "100, 100, 1, 200",
        "100, 100, 1, 60", // a dark grey ground, not inverted
    })
    void aPictureOfOneColourHasNoEvidence(int rows, int cols, int channels, int level) throws Exception {
        try (CamSession cam = CamSession.builder().setModel(SharedData.bundledModels().resolve("mnist-pooled")).build();
                Scalar colour = new Scalar(level, level, level, 255);
                Mat picture = new Mat(rows, cols, opencv_core.CV_8UC(channels), colour)) {
            CamResult r = cam.explain(picture);
            assertFalse(r.hasEvidence(), r + ": raw map from " + r.rawMap().min() + " to " + r.rawMap().max());
            assertTrue(r.box(0.2).isEmpty(), r + " has a box " + r.box(0.2));
            assertEquals(0.1f, r.probability(), 1e-6f, "ten classes, none favoured");
        }
    }

    /**
     * A white page with one pixel a few levels off, as a scan's "blank" page has, shows nothing either. The framing
     * finds no ink in it and hands it on resized; inverted and shrunk, the pixel reached the model as a speck under a
     * tenth of a level on black, and the map, normalised to full range, put a box over half the page with class 1 at
     * p=0.1001. Each of these failed so before its ink was looked for on a black ground too.
     */
    @ParameterizedTest(name = "{0}x{1} white, pixel ({3}, {4}) at {2}")
    @CsvSource({
        "100, 100, 254, 50, 50",
        "100, 100, 250, 0, 0",
        "100, 100, 200, 50, 50", // a grey speck: no digit
        "28, 28, 254, 14, 14", // the model's own size
    })
    void aWhitePageWithOnePixelOffHasNoEvidence(int rows, int cols, int level, int y, int x) throws Exception {
        try (CamSession cam = CamSession.builder().setModel(SharedData.bundledModels().resolve("mnist-pooled")).build();
                Scalar white = new Scalar(255, 255, 255, 255);
                Mat picture = new Mat(rows, cols, opencv_core.CV_8UC1, white);
                UByteIndexer px = picture.createIndexer()) {
            px.put(y, x, level);
            CamResult r = cam.explain(picture);
            assertFalse(r.hasEvidence(), r + ": raw map from " + r.rawMap().min() + " to " + r.rawMap().max());
            assertTrue(r.box(0.2).isEmpty(), r + " has a box " + r.box(0.2));
            assertEquals(0.1f, r.probability(), 1e-6f, "ten classes, none favoured");
        }
    }

    /**
     * A model with biases gives a blank picture a flat map far from zero. Its box covered the whole picture, and its
     * map, upsampled (equal cells come out a few units in the last place apart) and then stretched to full range, was
     * a speckle with a cross on it, under the caption "no evidence"; at the model's own size, where nothing is
     * upsampled, it was already right.
     */
    @ParameterizedTest(name = "{0}x{1}, level {2}")
    @CsvSource({"50, 50, 255", "50, 50, 0", "100, 100, 0", "28, 28, 0", "37, 91, 128"})
    void aModelWithBiasesShowsNothingOnABlankPicture(int rows, int cols, int level) throws Exception {
        try (CamSession cam = CamSession.builder().setModel(SharedData.kerasSavedModels().resolve("mnist-conv-head-gap"))
                        .build();
                Scalar colour = new Scalar(level, level, level, 255);
                Mat picture = new Mat(rows, cols, opencv_core.CV_8UC1, colour)) {
            CamResult r = cam.explain(picture);
            assertFalse(r.hasEvidence(), r + ": raw map from " + r.rawMap().min() + " to " + r.rawMap().max());
            assertTrue(r.rawMap().max() != 0, "the biases keep the flat map away from 0, which is the case here");
            assertTrue(r.box(0.2).isEmpty(), r + " has a box " + r.box(0.2));
            assertEquals(0f, r.map().max(), r + ": the map drawn is blank");
        }
    }
}

