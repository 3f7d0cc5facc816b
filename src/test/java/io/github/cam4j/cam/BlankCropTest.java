package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cam4j.savedmodel.LocalFeatures;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BlankCropTest {
    /** The pooled preset's geometry (see LocalFeaturesTest): stride 4, window [-7, 10]. */
    static final LocalFeatures POOLED = new LocalFeatures(4, -7, 10, List.of(2, 2));

    @Test
    void cropsToTheInkWidenedByTheReachAndAlignedToCells() {
        float[] pixels = new float[120 * 160];
        pixels[50 * 160 + 60] = 1f;
        pixels[53 * 160 + 70] = 0.5f;
        BlankCrop c = BlankCrop.find(pixels, 120, 160, 1, POOLED).orElseThrow();
        // Rows 50..53 widened by 10 -> 40..63, aligned to 4 -> [40, 64); columns 60..70 -> [48, 84).
        assertEquals(new BlankCrop(40, 48, 24, 36, 10, 12, 6, 9, 30, 40), c);
        float[] cut = c.cut(pixels, 160, 1);
        assertEquals(1f, cut[(50 - 40) * 36 + (60 - 48)]);
        assertEquals(0.5f, cut[(53 - 40) * 36 + (70 - 48)]);
    }

    @Test
    void clipsAtThePictureEdges() {
        float[] pixels = new float[30 * 41];
        pixels[0] = 1f;
        BlankCrop c = BlankCrop.find(pixels, 30, 41, 1, POOLED).orElseThrow();
        assertEquals(0, c.top());
        assertEquals(0, c.left());
        assertEquals(12, c.height(), "0 + 10 rounded up to 12");
        assertEquals(7, c.wholeCellsHigh(), "30 -> 15 -> 7");
        assertEquals(10, c.wholeCellsWide(), "41 -> 20 -> 10");
    }

    @Test
    void blankOrBusyPicturesAreFedWhole() {
        assertEquals(Optional.empty(), BlankCrop.find(new float[120 * 160], 120, 160, 1, POOLED), "nothing to crop to");
        float[] busy = new float[120 * 160];
        busy[0] = 1f;
        busy[busy.length - 1] = 1f;
        assertEquals(Optional.empty(), BlankCrop.find(busy, 120, 160, 1, POOLED), "ink in two far corners");
    }

    @Test
    void colourPixelsCountWhenAnyChannelIsSet() {
        float[] rgb = new float[40 * 40 * 3];
        rgb[(20 * 40 + 30) * 3 + 2] = 1f; // blue only, at row 20, column 30
        BlankCrop c = BlankCrop.find(rgb, 40, 40, 3, new LocalFeatures(1, -1, 1, List.of())).orElseThrow();
        assertEquals(new BlankCrop(19, 29, 3, 3, 19, 29, 3, 3, 40, 40), c);
        assertEquals(1f, c.cut(rgb, 40, 3)[(1 * 3 + 1) * 3 + 2]);
    }

    @Test
    void embedsCellsAndRescalesTheAveragedLogits() {
        BlankCrop c = new BlankCrop(4, 8, 8, 8, 1, 2, 2, 2, 4, 5);
        float[] whole = c.embed(new float[] {1, 2, 3, 4});
        float[] expected = new float[20];
        expected[1 * 5 + 2] = 1;
        expected[1 * 5 + 3] = 2;
        expected[2 * 5 + 2] = 3;
        expected[2 * 5 + 3] = 4;
        assertArrayEquals(expected, whole);
        // Crop mean 2.5 (sum 10 over 4 cells) + bias 1 = 3.5; the whole grid's mean is 10 / 20 = 0.5, + 1 = 1.5.
        assertArrayEquals(new float[] {1.5f}, c.wholeLogits(new float[] {3.5f}, new float[] {1f}), 1e-6f);
    }
}
