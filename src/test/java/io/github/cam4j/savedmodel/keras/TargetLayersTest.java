package io.github.cam4j.savedmodel.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Several target layers ({@link CamSession.Builder#optLayers}) on the Keras 3 blocks model against pytorch-grad-cam's
 * aggregation computed in Python ({@code layers.json}, {@code make_test_models.py --layers}): Grad-CAM and LayerCAM at
 * {@code depthwise_relu6} (inside the residual branch) and at the residual Add, both 28x28, the input's size, where
 * pytorch-grad-cam's {@code cv2.resize} and cam4j's placement of cells are both the identity, so the comparison is exact.
 */
class TargetLayersTest {
    private static final Path DIR = Path.of("src/test/resources/keras3");

    /**
     * Each digit's fused map equals the reference's within 1e-4 (its maps are scaled to [0, 1]; float32 kernels of
     * TensorFlow's Python and Java builds differ by far less, and cam4j's scaling without pytorch-grad-cam's 1e-7 by
     * 1e-7 of a layer's range). The reference's fused map is more than 0.05 (500 times the tolerance) from either layer's own scaled map on every
     * digit, so one layer's map in its place fails here.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"GRAD_CAM, gradcam", "LAYER_CAM, layercam"})
    void twoLayersFuseAsPytorchGradCamAggregatesTargetLayers(String method, String key) throws Exception {
        JsonNode reference = new ObjectMapper().readTree(DIR.resolve("layers.json").toFile());
        JsonNode maps = reference.get("methods").get(key).get("maps");
        for (JsonNode layerMaps : reference.get("methods").get(key).get("layerMaps")) {
            for (int i = 0; i < maps.size(); i++) {
                double most = 0;
                for (int c = 0; c < maps.get(i).size(); c++) {
                    most = Math.max(most, Math.abs(maps.get(i).get(c).asDouble() - layerMaps.get(i).get(c).asDouble()));
                }
                assertTrue(most > 0.05, key + ", digit " + i + ": the fused map is its layer's own (" + most + ")");
            }
        }
        List<String> layers = new ArrayList<>();
        reference.get("tensors").forEach(t -> layers.add(t.asText()));
        try (CamSession session = CamSession.builder().setModel(DIR.resolve("blocks-export"))
                .optLoadOptions(LoadOptions.defaults().withGradients(GradientWeighting.valueOf(method)))
                .optLayers(layers).build()) {
            assertEquals(layers, session.layers());
            ReferenceMaps.assertMatch(session, TestData.mnistTest(16), reference.get("predicted"), maps, 1e-4, key);
        }
    }

    /** A layer that is not a rank-4 feature map is refused when the session opens, naming the tensor. */
    @Test
    void aLayerThatIsNotRank4IsRefused() {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> CamSession.builder()
                .setModel(DIR.resolve("blocks-export")).optLoadOptions(LoadOptions.defaults().withGradCam())
                .optLayers(List.of("residual_1/Add", "gap_1/Mean")).build());
        assertTrue(e.getMessage().contains("gap_1/Mean"), e.getMessage());
    }
}
