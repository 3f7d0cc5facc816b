package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SharedData;
import io.github.cam4j.testing.TestDigits;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Models lent at several target layers ({@code CamSession.Builder#setModelAtLayers}) are checked model by model: each
 * must come from the folder named and be opened at the layer it is lent for, or its map would be fused and labelled
 * as another layer's. Until the thirty-third round only the first was checked.
 */
class LentLayersTest {
    private static final Path POOLED = SharedData.bundledModels().resolve("mnist-pooled");
    private static final Path UNPOOLED = SharedData.bundledModels().resolve("mnist-unpooled");
    private static final List<String> TWO = List.of("conv2d_1/Relu", "conv2d_2/Relu");
    private static final LoadOptions GRAD_CAM = LoadOptions.defaults().withGradients(GradientWeighting.GRAD_CAM);

    /** The models lent in the layers' order: the same maps, to the bit, as the session that opens the folder itself. */
    @Test
    void modelsLentInTheLayersOrderGiveTheMapsOfTheFolderOpenedAtThem() throws Exception {
        List<CamModel> at = CamModelLoader.loadAtLayers(POOLED, GRAD_CAM, TWO);
        try (CamSession lent = CamSession.builder().optLayers(TWO).setModelAtLayers(at, POOLED, GRAD_CAM).build();
                CamSession opened = CamSession.builder().setModel(POOLED).optLoadOptions(GRAD_CAM).optLayers(TWO)
                        .build()) {
            float[] pixels = TestDigits.asModelInput(opened.model(), 4);
            List<ImageExplanation> want = opened.explainPixels(pixels, 4, 28, 28, Target.predicted());
            List<ImageExplanation> got = lent.explainPixels(pixels, 4, 28, 28, Target.predicted());
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(want.get(i).maps().get(0).rawMap().values(), got.get(i).maps().get(0).rawMap().values(),
                        0f, "digit " + i + ": the same graph's ops on the same input");
            }
        } finally {
            at.get(0).close();
        }
    }

    /**
     * A later layer's model lent for another layer (opened at {@code conv2d_2/Relu}, lent for {@code conv2d/Relu}): its
     * map would be fused and labelled as the other layer's; refused naming the layer it is lent for and the one it was
     * opened at.
     */
    @Test
    void aModelLentForALayerItWasNotOpenedAtIsRefusedNamingTheLayer() throws Exception {
        List<CamModel> at = CamModelLoader.loadAtLayers(POOLED, GRAD_CAM,
                List.of("conv2d/Relu", "conv2d_1/Relu", "conv2d_2/Relu"));
        try {
            CamSession.Builder builder = CamSession.builder().optLayers(List.of("conv2d_1/Relu", "conv2d/Relu"))
                    .setModelAtLayers(List.of(at.get(1), at.get(2)), POOLED, GRAD_CAM);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
            assertTrue(e.getMessage().contains("the model lent for target layer conv2d/Relu"), e.getMessage());
            assertTrue(e.getMessage().contains("conv2d_2/Relu"), "says which layer it was opened at: " + e.getMessage());
        } finally {
            at.get(0).close();
        }
    }

    /** A later layer's model from another folder (the same layer names): refused when lent, naming its place. */
    @Test
    void aLaterModelFromAnotherFolderIsRefusedNamingItsPlace() throws Exception {
        List<CamModel> pooled = CamModelLoader.loadAtLayers(POOLED, GRAD_CAM, TWO);
        List<CamModel> unpooled = CamModelLoader.loadAtLayers(UNPOOLED, GRAD_CAM, TWO);
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CamSession.builder()
                    .optLayers(TWO).setModelAtLayers(List.of(pooled.get(0), unpooled.get(1)), POOLED, GRAD_CAM));
            assertTrue(e.getMessage().contains("target layer 2 of 2"), e.getMessage());
            assertTrue(e.getMessage().contains("mnist-unpooled"), e.getMessage());
        } finally {
            pooled.get(0).close();
            unpooled.get(0).close();
        }
    }

    /** What a model of loadAtLayers records: the options that would open the folder at its own layer. */
    @Test
    void eachModelOfLoadAtLayersRecordsItsOwnLayer() throws Exception {
        List<CamModel> at = CamModelLoader.loadAtLayers(POOLED, GRAD_CAM, TWO);
        try {
            for (int i = 0; i < TWO.size(); i++) {
                assertEquals(GRAD_CAM.withFoundOverrides(TWO.get(i), null), at.get(i).openedWith().orElseThrow(),
                        "layer " + TWO.get(i));
            }
        } finally {
            at.get(0).close();
        }
    }
}
