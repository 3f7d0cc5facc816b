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

    /**
     * The loaders refuse a constant features tensor earlier, in their own words; a model opened from a session is
     * checked here alone, and the message says what the tensor is instead (a constant, or nothing in the graph).
     */
    @Test
    void featuresOffThePathAreRefusedSayingWhatTheyAre() throws Exception {
        try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
            org.tensorflow.op.Ops tf = org.tensorflow.op.Ops.create(g);
            Placeholder<TFloat32> images = tf.withName("images").placeholder(TFloat32.class);
            Operand<TFloat32> kernel = tf.withName("kernel").constant(new float[3][3][1][2]);
            Operand<TFloat32> features = tf.withName("features").nn.relu(tf.nn.conv2d(images, kernel,
                    List.of(1L, 1L, 1L, 1L), "SAME"));
            tf.withName("logits").math.mean(features, tf.constant(new int[] {1, 2}));
            TensorDependence graph = new TensorDependence(g.toGraphDef());
            graph.requireChain(new TensorNames("images:0", "features:0", "logits:0", null));
            ModelLoadException constant = assertThrows(ModelLoadException.class, () -> graph.requireChain(
                    new TensorNames("images:0", "kernel:0", "logits:0", null)));
            assertTrue(constant.getMessage().startsWith("features tensor 'kernel:0' does not depend on the input"
                    + " 'images:0' (a Const op): its map would be the same for every image"), constant.getMessage());
            ModelLoadException missing = assertThrows(ModelLoadException.class, () -> graph.requireChain(
                    new TensorNames("images:0", "nowhere:0", "logits:0", null)));
            assertTrue(missing.getMessage().contains("'nowhere:0' does not depend on the input 'images:0' (not in the"
                    + " graph)"), missing.getMessage());
        }
    }

    @Test
    void theRealFeaturesPass() throws Exception {
        CamModelLoader.load(model, LoadOptions.defaults().withFoundOverrides("features:0", null)).close();
        CamModelLoader.load(model, LoadOptions.defaults().withGradCam().withFoundOverrides("features:0", null)).close();
    }
}
