package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/**
 * The noisy methods add their noise in double and feed float32: a noise whose copies leave float32's range made every
 * fed value infinite (or NaN where a mask of 0 met it), and the map of nothing that followed was drawn as if it meant
 * something ("no evidence", exit 0). Each refuses such a noise naming its method, its deviation and what to give
 * instead, on the bundled pooled model; a noise inside the range still makes a map.
 */
class NoiseBeyondFloat32Test {
    private static final Path POOLED = SharedData.bundledModels().resolve("mnist-pooled");

    /** SS-CAM's deviation has no bound of its own in the library (the command line's --sscam-std has): 1e39. */
    @Test
    void ssCamsNoiseBeyondFloat32IsRefusedNamingItsDeviation() throws Exception {
        try (CamSession loud = scoreVariant(ScoreCamVariant.ssCam(2, 1e39, 0));
                CamSession quiet = scoreVariant(ScoreCamVariant.ssCam(2, 2, 0));
                Mat digit = digit()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loud.explain(digit));
            assertTrue(e.getMessage().startsWith("SS-CAM's noise (std 1.0E39) puts the picture's masked copies beyond"
                    + " float32's range"), e.getMessage());
            assertEquals(28, quiet.explain(digit).map().width(), "inside float32's range, a map");
        }
    }

    /**
     * Smooth Grad-CAM++'s deviation is bounded by the input's range, which a pixel scale of 1e36 takes to 2.55e38: a
     * black picture (fed 0, so the clean run's logits stay finite) with a noise of 2.5e38, just inside that bound, has
     * copies past 3.4e38 (any draw beyond 1.36 deviations, certain among 4 x 784).
     */
    @Test
    void smoothGradCamPlusPlusNoiseBeyondFloat32IsRefusedNamingItsDeviation() throws Exception {
        LoadOptions scaled = LoadOptions.defaults().withGradients(GradientWeighting.SMOOTH_GRAD_CAM_PLUS_PLUS)
                .withPixelScale(1e36f);
        try (CamSession loud = CamSession.builder().setModel(POOLED).optLoadOptions(scaled)
                .optSmoothGradNoise(new SmoothGradNoise(4, 2.5e38, 0)).build();
                CamSession quiet = CamSession.builder().setModel(POOLED).optLoadOptions(scaled)
                        .optSmoothGradNoise(new SmoothGradNoise(4, 1e30, 0)).build();
                Mat black = new Mat(28, 28, opencv_core.CV_8UC1, new Scalar(0))) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> loud.explain(black));
            assertTrue(e.getMessage().startsWith("SmoothGrad-CAM++'s noise (std 2.5E38) puts the picture's noisy"
                    + " copies beyond float32's range"), e.getMessage());
            assertEquals(28, quiet.explain(black).map().width(), "inside float32's range, a map");
        }
    }

    private static CamSession scoreVariant(ScoreCamVariant variant) throws Exception {
        return CamSession.builder().setModel(POOLED).optLoadOptions(LoadOptions.defaults()
                .withGradients(GradientWeighting.GRAD_CAM)).optScoreCamVariant(variant).build();
    }

    /** @return an MNIST-like stroke: a bright bar on black */
    private static Mat digit() {
        Mat digit = new Mat(28, 28, opencv_core.CV_8UC1, new Scalar(0));
        try (Scalar white = new Scalar(255)) {
            opencv_imgproc.rectangle(digit, new Rect(12, 6, 4, 16), white, opencv_imgproc.FILLED, opencv_imgproc.LINE_8,
                    0);
        }
        return digit;
    }
}
