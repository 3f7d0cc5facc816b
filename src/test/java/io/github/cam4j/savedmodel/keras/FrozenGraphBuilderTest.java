package io.github.cam4j.savedmodel.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.testing.ForeignModels;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * {@link FrozenGraphBuilder} freezes TF1-style ref variables ({@code VariableV2}) as it freezes resource variables.
 * Before, only {@code VarHandleOp} was frozen: a ref variable was copied into the inlined graph uninitialised, so
 * inspect said "reading the classifier's weights failed: Attempting to use uninitialized value dense_kernel" (and then
 * that Grad-CAM applied), and explain --method gradcam failed the same way at its first run.
 */
class FrozenGraphBuilderTest {
    @TempDir
    static Path tmp;

    /** The GAP classifier with its Dense kernel a ref variable, {@code dense_kernel}. */
    private static Path refVariableModel() {
        return ForeignModels.export(tmp.resolve("ref-variable"), (tf, random, in, out) -> {
            Placeholder<TFloat32> x = ForeignModels.images(tf, -1, 28, 28, 1);
            in.put("x", x);
            Operand<TFloat32> pooled = ForeignModels.gap(tf, ForeignModels.trunk(tf, random, x, 1));
            Operand<TFloat32> kernel = tf.withName("dense_kernel").variable(ForeignModels.weights(tf, random,
                    "dense_kernel_init", 0.5f, ForeignModels.K, 10));
            Operand<TFloat32> logits = tf.withName("dense_bias").nn.biasAdd(tf.withName("dense_matmul").linalg
                    .matMul(pooled, kernel), ForeignModels.weights(tf, random, "dense_b", 0.3f, 10));
            out.put("y", tf.withName("probs").nn.softmax(logits));
        });
    }

    @Test
    void refVariablesAreFrozenAndTheModelOpens() throws Exception {
        Path dir = refVariableModel();
        float[] pixels = new float[2 * 28 * 28];
        Random random = new Random(3);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        float[] original = new float[20];
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), "serve");
                TFloat32 images = TFloat32.tensorOf(Shape.of(2, 28, 28, 1), DataBuffers.of(pixels, true, false));
                Result r = bundle.session().runner().feed("images:0", images).fetch("probs:0").run()) {
            r.get(0).asRawTensor().data().asFloats().read(original);
        }
        for (boolean gradients : new boolean[] {false, true}) {
            try (ImportedModel m = gradients ? ImportedModel.openForGradients(dir, ImportOptions.defaults())
                    : ImportedModel.open(dir, ImportOptions.defaults());
                    TFloat32 images = TFloat32.tensorOf(Shape.of(2, 28, 28, 1), DataBuffers.of(pixels, true, false));
                    Result r = m.session().runner().feed(m.inputTensor(), images).fetch(m.probabilitiesTensor()).run()) {
                float[] imported = new float[20];
                r.get(0).asRawTensor().data().asFloats().read(imported);
                assertArrayEquals(original, imported, 1e-6f);
                if (!gradients) {
                    assertEquals(10, m.kernel()[0].length);
                }
                assertTrue(m.description().contains("1 variable frozen (80 values)"), m.description());
            }
        }
        String report = ImportedModel.inspect(dir, ImportOptions.defaults());
        assertTrue(report.contains("CAM-ready: (a)"), report);
    }
}
