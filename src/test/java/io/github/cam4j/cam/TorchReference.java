package io.github.cam4j.cam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cam4j.data.IdxReader;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.testing.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

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
