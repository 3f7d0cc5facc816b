package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.testing.SharedData;
import org.junit.jupiter.api.Test;

class InspectCommandTest {
    @Test
    void describesACam4jModel() {
        CliRun run = CliRun.of("inspect", "--model", SharedData.bundledModels().resolve("mnist-pooled").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("cam: {images [?,?,?,1]} -> {"), run.out());
        assertTrue(run.out().contains("CAM-ready: features features:0"), run.out());
        assertTrue(run.out().contains("feature grid: a cell every 4.0 x 4.0 input pixels, the first centred at (1.5, 1.5)"),
                run.out());
        assertTrue(run.out().contains("Grad-CAM layers (--method gradcam --features NAME): ")
                && run.out().contains("conv2d_1/Relu [-1, -1, -1, 64]"), run.out());
    }

    @Test
    void describesAKerasModelAndWhyAnotherIsNotCamReady() {
        CliRun ready = CliRun.of("inspect", "--model", SharedData.kerasSavedModels().resolve("mnist-conv-head-gap").toString());
        assertEquals(0, ready.exitCode(), ready.err());
        assertTrue(ready.out().contains("CAM-ready: (b) 1x1 convolution head"), ready.out());
        CliRun refused = CliRun.of("inspect", "--model", SharedData.kerasSavedModels().resolve("mnist-flatten-dense").toString());
        assertEquals(0, refused.exitCode(), refused.err());
        assertTrue(refused.out().contains("no global average pooling"), refused.out());
    }
}
