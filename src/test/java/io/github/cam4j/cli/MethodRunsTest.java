package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What compare's bar counts a method's picture as ({@link MethodRuns}): README's "runs per picture", on the bundled
 * pooled model's shape (128 channels at conv2d_2, a 28x28 input). Counts, exact: no tolerance.
 */
class MethodRunsTest {
    private static final List<Integer> POOLED = List.of(128);

    private static long runs(String method, MethodOptions settings) {
        return MethodRuns.perPicture(method, settings, POOLED, 28, 28, false);
    }

    @Test
    void theDefaultsCountAsReadmesTableSays() {
        MethodOptions defaults = new MethodOptions();
        for (String one : List.of("cam", "gradcam", "gradcam++", "xgradcam", "hirescam", "layercam",
                "gradcam-elementwise", "finercam", "shapleycam", "eigencam", "fem", "kpcacam", "randomcam", "refinecam",
                "saliency", "gradxinput", "fullgrad")) {
            assertEquals(1, runs(one, defaults), one);
        }
        assertEquals(1 + 128, runs("scorecam", defaults));
        assertEquals(1 + 128, runs("ablationcam", defaults));
        assertEquals(1 + 4, runs("smoothgradcam++", defaults));
        assertEquals(1 + 35 * 128, runs("sscam", defaults));
        assertEquals(1 + 10 * 128, runs("iscam", defaults));
        // 7x7 tiles of 4 pixels on 28x28.
        assertEquals(1 + 49, runs("occlusion", defaults));
        assertEquals(5, runs("smoothgrad", defaults));
        assertEquals(10, runs("ig", defaults));
    }

    @Test
    void theSettingsThatChangeTheRunsAreCounted() {
        MethodOptions settings = new MethodOptions();
        settings.scoreCamChannels = 16;
        settings.ssSamples = 2;
        settings.isSteps = 3;
        settings.sgSamples = 8;
        settings.smoothgradSamples = 20;
        settings.igSteps = 50;
        // ceil(28 / 5) = 6 tiles a side, the last cut at the edge.
        settings.occlusionPatch = 5;
        settings.refineBase = "scorecam";
        assertEquals(1 + 16, runs("scorecam", settings));
        assertEquals(1 + 2 * 128, runs("sscam", settings));
        assertEquals(1 + 3 * 128, runs("iscam", settings));
        assertEquals(1 + 8, runs("smoothgradcam++", settings));
        assertEquals(20, runs("smoothgrad", settings));
        assertEquals(50, runs("integratedgradients", settings));
        assertEquals(1 + 36, runs("occlusion", settings));
        // RefineCAM costs its base's runs: Score-CAM's, of its 16 channels.
        assertEquals(1 + 16, runs("refinecam", settings));
    }

    @Test
    void eachLayerAndEachAugVariantCounts() {
        MethodOptions defaults = new MethodOptions();
        // conv2d_1 (64) and conv2d_2 (128): a run per channel at each layer, the picture's own once.
        assertEquals(1 + 64 + 128, MethodRuns.perPicture("ablationcam", defaults, List.of(64, 128), 28, 28, false));
        // A gradient gives every layer's in one run.
        assertEquals(1, MethodRuns.perPicture("gradcam", defaults, List.of(64, 128), 28, 28, false));
        assertEquals(6 * (1 + 128), MethodRuns.perPicture("scorecam", defaults, POOLED, 28, 28, true));
        // A 100x60 picture fed at its own size: 25 x 15 tiles.
        assertEquals(1 + 25 * 15, MethodRuns.perPicture("occlusion", defaults, POOLED, 100, 60, false));
    }
}
