package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cli.CliProcess;
import io.github.cam4j.testing.ForeignModels;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A SavedModel opened by tensor names ({@code --input}, {@code --features}, {@code --logits}) runs in the session
 * TensorFlow's loader makes, not the imported graph's ({@code OpenedGraph}): a graph with a Conv2D + BiasAdd +
 * LeakyRelu there printed Grappler's "remapper failed ... LeakyReluGrad" under a pixel method as the imported Keras
 * model did.
 */
class LeakyReluByNamesTest {
    @TempDir
    Path tmp;

    /** images [-1, 28, 28, 1] -> 3x3 conv, bias, LeakyRelu ({@code features}) -> global average pooling -> Dense. */
    private static ForeignModels.Body leakyClassifier() {
        return (tf, random, in, out) -> {
            var x = ForeignModels.images(tf, -1, 28, 28, 1);
            in.put("x", x);
            Operand<TFloat32> conv = tf.withName("conv").nn.conv2d(x, ForeignModels.weights(tf, random, "conv_kernel",
                    0.5f, 3, 3, 1, ForeignModels.K), List.of(1L, 1L, 1L, 1L), "SAME");
            Operand<TFloat32> biased = tf.withName("conv_biased").nn.biasAdd(conv,
                    ForeignModels.weights(tf, random, "conv_bias", 0.1f, ForeignModels.K));
            Operand<TFloat32> features = tf.withName("features").nn.leakyRelu(biased,
                    org.tensorflow.op.nn.LeakyRelu.alpha(0.2f));
            out.put("y", ForeignModels.dense(tf, random, ForeignModels.gap(tf, features), ForeignModels.K, 10));
        };
    }

    /**
     * Saliency (the gradient by the input, through the LeakyRelu) with oneDNN on, verbose, in a JVM of its own as
     * OpenedGraphTest runs the imported model: its standard error shows TensorFlow's logging and not the remapper's
     * failure.
     */
    @Test
    void saliencyOnALeakyReluGraphOpenedByNamesLogsNoRemapperFailure() throws Exception {
        Path model = ForeignModels.export(tmp.resolve("leaky-by-names"), leakyClassifier());
        Path grid = tmp.resolve("grid.png");
        String stderr = CliProcess.verboseStderr(tmp, "explain", "--model", model.toString(), "--input", "images",
                "--features", "features", "--logits", "dense_bias", "--data", SharedData.mnist().toString(), "--grid",
                grid.toString(), "--first", "2", "--method", "saliency", "--verbose");
        assertTrue(Files.size(grid) > 0);
        assertFalse(stderr.contains("remapper failed"), stderr);
    }
}
