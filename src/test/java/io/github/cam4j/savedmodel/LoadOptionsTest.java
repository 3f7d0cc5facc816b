package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cam4j.savedmodel.keras.RedrawnWeights;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LoadOptions}: what each option changes, and what it leaves as it was (round 40's survivors). */
class LoadOptionsTest {
    /** A model's own spec: pixels to -1..1, as keras.applications' MobileNet takes them. */
    private static final InputSpec MINUS_ONE_TO_ONE = new InputSpec(28, 28, 1, 1 / 127.5f, -1f, false, null);

    /** A scale of 0 made every picture black, and the model read them all as one class. */
    @Test
    void aPixelScaleOfZeroIsRefused() {
        assertEquals("pixel scale must be a positive number, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> LoadOptions.defaults().withPixelScale(0f)).getMessage());
    }

    /**
     * A pixel scale given alone starts the pixels at 0 (its documented offset): the model's own offset belongs to its
     * own scale. Other options (the ink) keep the model's offset.
     */
    @Test
    void aScaleGivenAloneOffsetsByZeroTheInkAloneKeepsTheModelsOffset() {
        InputSpec raw = LoadOptions.defaults().withPixelScale(1f).resolveInput(MINUS_ONE_TO_ONE);
        assertEquals(1f, raw.pixelScale());
        assertEquals(0f, raw.pixelOffset());
        InputSpec inked = LoadOptions.defaults().withInk(true).resolveInput(MINUS_ONE_TO_ONE);
        assertEquals(-1f, inked.pixelOffset());
        assertEquals(1 / 127.5f, inked.pixelScale());
        assertEquals(true, inked.lightOnDark());
        assertEquals(-0.5f, LoadOptions.defaults().withPixelScale(1f).withPixelOffset(-0.5f).resolveInput(MINUS_ONE_TO_ONE)
                .pixelOffset());
    }

    /**
     * A standardisation given is the one fed; one that changes nothing (mean 0, std 1, RGB) replaces the model's own
     * with none, so that {@code --pixel-mean 0 --pixel-std 1} switches a model's standardisation off.
     */
    @Test
    void aGivenStandardizationIsFedAndAnIdentityOneSwitchesTheModelsOff() {
        PixelStandardization imageNet = PixelStandardization.of(false, new float[] {0.485f, 0.456f, 0.406f},
                new float[] {0.229f, 0.224f, 0.225f});
        InputSpec colour = new InputSpec(32, 32, 3, 1 / 255f, 0f, false, imageNet);
        PixelStandardization other = PixelStandardization.of(true, new float[] {0.5f, 0.5f, 0.5f},
                new float[] {0.25f, 0.25f, 0.25f});
        assertEquals(other, LoadOptions.defaults().withStandardization(other).resolveInput(colour).standardization());
        PixelStandardization identity = PixelStandardization.of(false, new float[] {0, 0, 0}, new float[] {1, 1, 1});
        assertEquals(null, LoadOptions.defaults().withStandardization(identity).resolveInput(colour).standardization());
        assertEquals(imageNet, LoadOptions.defaults().withInk(false).resolveInput(colour).standardization());
    }

    /** Each option is set on a copy and keeps every other: a chain of them loses none. */
    @Test
    void eachOptionKeepsTheOthers() {
        TensorNames names = new TensorNames("x:0", "features:0", "logits:0", null);
        LoadOptions all = LoadOptions.defaults().withInput(MINUS_ONE_TO_ONE).withLabels(List.of("a", "b"))
                .withTensors(names, "kernel:0", "bias:0").withActivation(ClassifierActivation.SIGMOID).withTrust(true)
                .withSignature("cam").withPixelScale(2f).withFoundOverrides("f:0", "l:0")
                .withRedrawnWeights(new RedrawnWeights(7, 2)).withGradients(GradientWeighting.GRAD_CAM).withInk(true)
                .withPixelOffset(0.5f).withPreprocessing(PixelPreprocessing.TF)
                .withStandardization(PixelStandardization.of(false, new float[] {0.5f}, new float[] {0.25f}));
        assertEquals(new LoadOptions(MINUS_ONE_TO_ONE, List.of("a", "b"), names, "kernel:0", "bias:0",
                ClassifierActivation.SIGMOID, true, "cam", 2f, new LoadOptions.FoundOverrides("f:0", "l:0"),
                new RedrawnWeights(7, 2), GradientWeighting.GRAD_CAM, true, 0.5f, PixelPreprocessing.TF,
                PixelStandardization.of(false, new float[] {0.5f}, new float[] {0.25f})), all);
        assertEquals(RedrawnWeights.all(3), LoadOptions.defaults().withRedrawnWeights(3).redraw());
    }
}
