package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.testing.ForeignModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Features named by the user are checked to lie between the images and the logits. Before, the convolution's kernel
 * (a constant [3, 3, 1, 8]: rank 4, 8 channels like the real features) was taken as the features and drew a 3x1 map,
 * the same for every image, with no error; and a layer beside the classifier gave maps of something the logits never
 * read.
 */
class TensorDependenceTest {
    @TempDir
    static Path tmp;

    static Path model;

    /** The usual GAP classifier, plus a convolution of the images ({@code side}, 8 channels) the logits do not read. */
    @BeforeAll
    static void export() {
        model = ForeignModels.export(tmp.resolve("gap-with-side-branch"), (tf, random, in, out) -> {
            Placeholder<TFloat32> x = ForeignModels.images(tf, -1, 28, 28, 1);
            in.put("x", x);
            Operand<TFloat32> logits = ForeignModels.dense(tf, random,
                    ForeignModels.gap(tf, ForeignModels.trunk(tf, random, x, 1)), ForeignModels.K, 10);
            out.put("y", tf.withName("probs").nn.softmax(logits));
            tf.withName("side").nn.relu(tf.nn.conv2d(x, ForeignModels.weights(tf, random, "side_kernel", 0.5f, 3, 3, 1,
                    ForeignModels.K), List.of(1L, 1L, 1L, 1L), "SAME"));
        });
    }

    @Test
    void aConstantNamedAsFeaturesIsRefusedByCamAndGradCam() {
        for (LoadOptions options : List.of(LoadOptions.defaults(), LoadOptions.defaults().withGradCam())) {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> CamModelLoader.load(model,
                    options.withFoundOverrides("conv_kernel:0", null)).close());
            assertTrue(e.getMessage().contains("features tensor 'conv_kernel:0' does not depend on the input"),
                    e.getMessage());
        }
    }

    @Test
    void featuresTheLogitsDoNotReadAreRefused() {
        LoadOptions byNames = LoadOptions.defaults().withTensors(new TensorNames("images:0", "side:0",
                "dense_bias:0", "probs:0"), "dense_kernel:0", "dense_b:0");
        for (LoadOptions options : List.of(byNames, byNames.withGradCam())) {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> CamModelLoader.load(model, options
                    .gradCam() ? options.withTensors(options.tensors(), null, null) : options).close());
            assertTrue(e.getMessage().contains("logits tensor 'dense_bias:0' does not depend on features tensor"
                    + " 'side:0'"), e.getMessage());
        }
    }

    @Test
    void theRealFeaturesPass() throws Exception {
        CamModelLoader.load(model, LoadOptions.defaults().withFoundOverrides("features:0", null)).close();
        CamModelLoader.load(model, LoadOptions.defaults().withGradCam().withFoundOverrides("features:0", null)).close();
    }
}
