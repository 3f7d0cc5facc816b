package io.github.cam4j.savedmodel.keras;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cam4j.cam.CamResult;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.savedmodel.ModelLoadException;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * SavedModels written by real Keras 3 (TensorFlow 2.21, Keras 3.15) with {@code python-export/make_test_models.py}: a
 * small classifier taking pixels 0..255 (a Rescaling layer inside), with biases, Dropout before a linear Dense and a
 * Softmax layer. {@code reference.json} holds what Keras itself computed on the first 16 MNIST test digits: the
 * predicted class, its probability and the CAM at the features' 14x14 resolution.
 *
 * <p>Tolerances: the same float32 arithmetic in two builds of TensorFlow (Python 2.21 and TensorFlow Java 1.1.0's),
 * whose kernels may sum in another order; 2e-6 relative was seen on a larger model, so 1e-4 of the map's largest value
 * and 1e-5 on a probability leave two orders of margin while a wrong pixel scale, class or channel is far outside.
 */
class Keras3ExportsTest {
    private static final Path DIR = Path.of("src/test/resources/keras3");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cam-export", "keras-export"})
    void camFromAKeras3ExportEqualsKerasOwn(String export) throws Exception {
        JsonNode reference = new ObjectMapper().readTree(DIR.resolve("reference.json").toFile());
        TestData.Digits digits = TestData.mnistTest(16);
        try (CamSession session = CamSession.builder().setModel(DIR.resolve(export)).build()) {
            for (int i = 0; i < 16; i++) {
                CamResult r;
                try (Mat digit = digit(digits, i)) {
                    r = session.explain(digit);
                }
                assertEquals(reference.get("predicted").get(i).asInt(), r.classIndex(), export + ", digit " + i);
                assertEquals(reference.get("probability").get(i).asDouble(), r.probability(), 1e-5, export + ", digit " + i);
                JsonNode cam = reference.get("cam").get(i);
                float[] map = r.rawMap().values();
                assertEquals(cam.size(), map.length, export + ": cells");
                double largest = 0;
                for (JsonNode v : cam) {
                    largest = Math.max(largest, Math.abs(v.asDouble()));
                }
                for (int c = 0; c < map.length; c++) {
                    assertEquals(cam.get(c).asDouble(), map[c], 1e-4 * largest, export + ", digit " + i + ", cell " + c);
                }
            }
        }
    }

    /**
     * The folder Keras 3's {@code tf.saved_model.save} writes is refused with the cause and the two ways out, not
     * TensorFlow's "Could not find variable" alone.
     */
    @Test
    void aKeras3TfSavedModelSaveFolderIsRefusedSayingHowToExportInstead() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> CamSession.builder().setModel(DIR.resolve("tf-save")).build());
        // In the first line: error lines leave out what follows it (TensorFlow's node list).
        assertTrue(e.getMessage().lines().findFirst().orElse("").contains("never restores a variable its signature reads; under Keras 3,"
                + " tf.saved_model.save(model, DIR) writes such folders: export with model.export(DIR) instead, or with"
                + " cam4j's python-export/export_cam.py"), e.getMessage());
    }

    /** Test digit {@code index} as an 8-bit grey Mat, as a user's PNG of it would load. */
    private static Mat digit(TestData.Digits digits, int index) {
        byte[] pixels = new byte[digits.rows() * digits.cols()];
        System.arraycopy(digits.pixels(), index * pixels.length, pixels, 0, pixels.length);
        Mat mat = new Mat(digits.rows(), digits.cols(), CV_8UC1);
        try (BytePointer data = new BytePointer(mat.data())) {
            data.put(pixels);
        }
        return mat;
    }
}
