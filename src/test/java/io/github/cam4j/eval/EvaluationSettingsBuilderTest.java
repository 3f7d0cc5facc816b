package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cam4j.cam.FeatureMethod;
import io.github.cam4j.cam.Occlusion;
import io.github.cam4j.cam.PixelMethod;
import io.github.cam4j.cam.ScoreCamVariant;
import io.github.cam4j.cam.SmoothGradNoise;
import io.github.cam4j.savedmodel.FinerComparison;
import io.github.cam4j.savedmodel.GradientWeighting;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link EvaluationSettings.Builder} replaced a chain of positional constructors: its defaults must be what the
 * shortest of them gave, and {@code toBuilder} must carry every setting, including ones added later.
 */
class EvaluationSettingsBuilderTest {
    /**
     * The values the old five-argument constructor passed down its chain to the canonical one (read from that chain:
     * empty {@code also}, no layer, no Score-CAM, Eigen-CAM or Ablation-CAM, {@link Smoothing#NONE}, no ROAD, no feature
     * methods, {@link FinerComparison#DEFAULT}, no occlusion, no pixel methods, all Score-CAM channels, no score
     * variants, {@link SmoothGradNoise#DEFAULT}, no RefineCAM, pytorch-grad-cam's RefineCAM form, Finer-CAM over Grad-CAM, pytorch-grad-cam's fusion of layers), with {@link EvaluationSettings#defaults()}'s first five.
     */
    private static EvaluationSettings oldShortConstructorDefaults() {
        return new EvaluationSettings(CanvasGenerator.DEFAULT_SIZE, EvaluationSettings.DEFAULT_SEED,
                EvaluationSettings.DEFAULT_FAITHFULNESS, Faithfulness.DEFAULT_STEPS, EvaluationSettings.DEFAULT_BATCH,
                Set.of(), null, false, false, false, Smoothing.NONE, false, List.of(), FinerComparison.DEFAULT, null,
                List.of(), 0, List.of(), SmoothGradNoise.DEFAULT, null,
                io.github.cam4j.cam.RefineForm.PYTORCH_GRAD_CAM, GradientWeighting.GRAD_CAM,
                io.github.cam4j.cam.LayersForm.PYTORCH_GRAD_CAM);
    }

    /** Every setting away from its default, in a combination the settings accept together. */
    private static EvaluationSettings everySettingChanged() {
        return EvaluationSettings.builder().optCanvasSize(56).optSeed(3).optFaithfulnessLimit(10).optSteps(4)
                .optBatch(16).optAlso(Set.of(GradientWeighting.GRAD_CAM, GradientWeighting.FINER_CAM))
                .optAlsoAt("conv2d/Relu,conv2d_1/Relu").optAlsoScoreCam(true).optAlsoEigenCam(true)
                .optAlsoAblationCam(true).optAlsoSmoothing(new Smoothing(false, true)).optRoad(true)
                .optAlsoFeatureMethods(List.of(FeatureMethod.fem(FeatureMethod.DEFAULT_FEM_K)))
                .optAlsoFinerComparison(new FinerComparison(0.5f, List.of(1))).optAlsoOcclusion(Occlusion.of(7))
                .optAlsoFinerBase(GradientWeighting.XGRAD_CAM)
                .optAlsoPixelMethods(List.of(PixelMethod.saliency())).optScoreCamChannels(3)
                .optAlsoScoreVariants(List.of(ScoreCamVariant.isCam())).optSmoothGradNoise(new SmoothGradNoise(2, 0.1, 7))
                .optAlsoRefineBase(Method.GRAD_CAM)
                .optAlsoRefineForm(io.github.cam4j.cam.RefineForm.TORCH_CAM)
                .optAlsoLayersForm(io.github.cam4j.cam.LayersForm.TORCH_CAM).build();
    }

    /** Compares every record component by its accessor, so that one added later is compared too. */
    private static void assertSameSettings(EvaluationSettings expected, EvaluationSettings actual) throws Exception {
        for (RecordComponent c : EvaluationSettings.class.getRecordComponents()) {
            assertEquals(c.getAccessor().invoke(expected), c.getAccessor().invoke(actual), c.getName());
        }
    }

    @Test
    void anUntouchedBuilderGivesWhatTheOldShortConstructorGave() throws Exception {
        assertSameSettings(oldShortConstructorDefaults(), EvaluationSettings.builder().build());
        assertSameSettings(oldShortConstructorDefaults(), EvaluationSettings.defaults());
    }

    @Test
    void toBuilderCarriesEverySetting() throws Exception {
        EvaluationSettings changed = everySettingChanged();
        // A setting left at its default here would not show a toBuilder that forgets it.
        EvaluationSettings defaults = EvaluationSettings.defaults();
        for (RecordComponent c : EvaluationSettings.class.getRecordComponents()) {
            assertNotEquals(c.getAccessor().invoke(defaults), c.getAccessor().invoke(changed), c.getName());
        }
        assertSameSettings(changed, changed.toBuilder().build());
        assertSameSettings(defaults, defaults.toBuilder().build());
    }

    @Test
    void aVariantDerivedByToBuilderDiffersInTheChangedSettingOnly() throws Exception {
        EvaluationSettings changed = everySettingChanged();
        EvaluationSettings variant = changed.toBuilder().optSeed(99).build();
        assertEquals(99, variant.seed());
        assertEquals(3, changed.seed(), "the original is not changed");
        assertSameSettings(changed, variant.toBuilder().optSeed(changed.seed()).build());
    }

    @Test
    void anInvalidSettingFailsWithItsMessage() {
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> EvaluationSettings.builder().optBatch(0).build());
        assertEquals("batch must be in 1..256, got 0", batch.getMessage());
        IllegalArgumentException canvas = assertThrows(IllegalArgumentException.class,
                () -> EvaluationSettings.builder().optCanvasSize(EvaluationSettings.MAX_CANVAS + 1).build());
        assertEquals("canvas size must be in 1..1024, got 1025", canvas.getMessage());
        // Checked together at build(): a layer with no method to take there.
        IllegalArgumentException layer = assertThrows(IllegalArgumentException.class,
                () -> EvaluationSettings.builder().optAlsoAt("conv2d_1/Relu").build());
        assertEquals("a layer for the methods measured beside CAM ('conv2d_1/Relu') needs such methods",
                layer.getMessage());
        NullPointerException nul = assertThrows(NullPointerException.class,
                () -> EvaluationSettings.builder().optAlsoPixelMethods(null));
        assertEquals("alsoPixelMethods is null: an empty list for none", nul.getMessage());
    }
}
