package io.github.cam4j.cam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cam4j.data.IdxReader;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;

/**
 * The torch libraries' maps of the bundled models' torch port ({@code src/test/resources/torch}, written by
 * {@code python-export/make_pytorch_grad_cam_reference.py} and {@code make_torch_cam_reference.py}), and the same
 * pictures explained by cam4j.
 */
final class TorchReference {
    static final Path DIR = Path.of("src/test/resources/torch");

    private TorchReference() {}

    /** @return the reference file {@code DIR/name} */
    static JsonNode read(String name) throws IOException {
        return new ObjectMapper().readTree(DIR.resolve(name).toFile());
    }

    /** A test model's export, returning the weights it wrote by name (SigmoidHeadModel's, FusedBatchNormModel's). */
    @FunctionalInterface
    interface Exporter {
        /** @return the weights written into {@code dir}, by the names the reference records them under */
        Map<String, float[]> export(Path dir) throws Exception;
    }

    /**
     * Exports a test model into {@code dir} unless it is there already, and checks that its weights are, to the bit,
     * those the reference's port was made with ({@code reference.weights}): a port of other weights would compare
     * nothing.
     *
     * @return {@code dir}
     */
    static Path exportChecked(Path dir, JsonNode reference, Exporter exporter) throws Exception {
        if (!Files.exists(dir)) {
            Map<String, float[]> weights = exporter.export(dir);
            JsonNode recorded = reference.get("weights");
            Assertions.assertEquals(recorded.size(), weights.size(), "weights " + weights.keySet());
            for (Map.Entry<String, float[]> e : weights.entrySet()) {
                JsonNode r = recorded.get(e.getKey());
                Assertions.assertNotNull(r, "no weights '" + e.getKey() + "' in the reference");
                Assertions.assertEquals(r.size(), e.getValue().length, e.getKey());
                for (int i = 0; i < r.size(); i++) {
                    Assertions.assertEquals((float) r.get(i).asDouble(), e.getValue()[i], 0f,
                            e.getKey() + "[" + i + "]");
                }
            }
        }
        return dir;
    }

    /** @return {@code saved_models/mnist-<model>}, the bundled model the reference's port was made from */
    static Path bundled(String model) {
        return Path.of("saved_models/mnist-" + model);
    }

    /**
     * The first {@code count} MNIST test digits as the reference fed them: {@code pixel * pixelScale + pixelOffset} in
     * float, NHWC (one channel, so NCHW's order too).
     */
    static float[] digits(int count, CamSession session) throws Exception {
        LabeledImages digits = IdxReader.read(SharedData.mnist().resolve("t10k-images-idx3-ubyte.gz"),
                SharedData.mnist().resolve("t10k-labels-idx1-ubyte.gz")).slice(0, count);
        float scale = session.model().input().pixelScale();
        float offset = session.model().input().pixelOffset();
        float[] pixels = new float[count * 28 * 28];
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < 28 * 28; p++) {
                pixels[i * 784 + p] = digits.pixel(i, p / 28, p % 28) * scale + offset;
            }
        }
        return pixels;
    }

    /** Explains the first {@code count} digits, each for its predicted class, in one batch. */
    static List<ImageExplanation> explain(CamSession.Builder builder, int count) throws Exception {
        try (CamSession session = builder.build()) {
            return session.explainPixels(digits(count, session), count, 28, 28, Target.predicted());
        }
    }

    /** @return the largest absolute value among the first {@code count} maps */
    static double largest(JsonNode maps, int count) {
        double largest = 0;
        for (int i = 0; i < count; i++) {
            for (JsonNode v : maps.get(i)) {
                largest = Math.max(largest, Math.abs(v.asDouble()));
            }
        }
        return largest;
    }
}
