package io.github.cam4j.savedmodel.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.PixelMethod;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pixel attribution methods on Keras 3 exports equal the same maps computed in Python from TensorFlow's own
 * gradient of the predicted class's logit by the pixels 0..255 the models take, through their Rescaling layer
 * ({@code make_test_models.py --pixel}, {@code pixel.json}): the Flatten model and the blocks model (batch
 * normalisation, a depthwise convolution, ReLU6, a residual Add). SmoothGrad's noise is java.util.Random's, which the
 * Python side reproduces, so the comparison is exact up to float rounding.
 */
class Keras3PixelTest {
    private static final Path DIR = Path.of("src/test/resources/keras3");

    /**
     * Within 1e-4 of the largest value of the method's 16 maps on that model (as the gradient methods' references are
     * held: float32 kernels differ between TensorFlow's Python and Java builds by far less), every digit's predicted
     * class the reference's.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"flatten, saliency", "flatten, gradxinput", "flatten, smoothgrad", "flatten, integratedgradients",
            "blocks, saliency", "blocks, gradxinput", "blocks, smoothgrad", "blocks, integratedgradients"})
    void pixelMapsEqualTensorFlowsInPython(String model, String key) throws Exception {
        JsonNode document = new ObjectMapper().readTree(DIR.resolve("pixel.json").toFile());
        JsonNode smooth = document.get("smoothgrad");
        PixelMethod method = switch (key) {
            case "saliency" -> PixelMethod.saliency();
            case "gradxinput" -> PixelMethod.gradientTimesInput();
            case "smoothgrad" -> PixelMethod.smoothGrad(smooth.get("samples").asInt(), smooth.get("noise").asDouble(),
                    smooth.get("seed").asLong());
            default -> PixelMethod.integratedGradients(document.get("igSteps").asInt());
        };
        JsonNode reference = document.get(model);
        JsonNode maps = reference.get("maps").get(key);
        double largest = 0;
        for (JsonNode m : maps) {
            for (JsonNode v : m) {
                largest = Math.max(largest, Math.abs(v.asDouble()));
            }
        }
        assertTrue(largest > 0, key + ": the reference maps are blank");
        assertEquals(28 * 28, maps.get(0).size(), "one value per input pixel");
        TestData.Digits digits = TestData.mnistTest(16);
        try (CamSession session = CamSession.builder().setModel(DIR.resolve(model + "-export")).optPixelMethod(method)
                .build()) {
            ReferenceMaps.assertMatch(session, digits, reference.get("predicted"), maps, 1e-4 * largest,
                    model + " " + key);
        }
    }
}
