package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.ImageExplanation;
import io.github.cam4j.cam.Target;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.model.Sequential;
import io.github.cam4j.savedmodel.ContractWeights;
import io.github.cam4j.savedmodel.ModelLoadException;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The randomised twins of the sanity check, built from the bundled pooled model's own weights read back out of its
 * SavedModel: the whole twin, and the cascade that re-draws layers from the classifier down.
 */
class RandomizedModelTest {
    static final Path POOLED = SharedData.bundledModels().resolve("mnist-pooled");
    static final long SEED = 43;

    @TempDir
    Path tmp;

    @Test
    void theCascadeRedrawsLayersFromTheClassifierDownAndEndsAtTheTwin() throws Exception {
        Sequential architecture = RandomizedModel.architecture(POOLED).orElseThrow();
        assertEquals(List.of("dense", "conv2d_2", "conv2d_1", "conv2d"), RandomizedModel.layersTopFirst(architecture));
        Map<String, float[]> trained = ContractWeights.read(POOLED, architecture);
        Map<String, float[]> drawn = architecture.initialWeights(SEED);

        List<String> one = RandomizedModel.exportCascade(POOLED, architecture, trained, drawn, 1, tmp.resolve("one"));
        assertEquals(List.of("dense"), one);
        Map<String, float[]> oneWeights = ContractWeights.read(tmp.resolve("one"), architecture);
        for (String weight : trained.keySet()) {
            float[] expected = weight.startsWith("dense_") ? drawn.get(weight) : trained.get(weight);
            assertArrayEquals(expected, oneWeights.get(weight), weight);
        }

        List<String> all = RandomizedModel.exportCascade(POOLED, architecture, trained, drawn, 4, tmp.resolve("all"));
        assertEquals(RandomizedModel.layersTopFirst(architecture), all);
        RandomizedModel.export(POOLED, SEED, tmp.resolve("twin")).orElseThrow();
        Map<String, float[]> allWeights = ContractWeights.read(tmp.resolve("all"), architecture);
        Map<String, float[]> twinWeights = ContractWeights.read(tmp.resolve("twin"), architecture);
        for (String weight : trained.keySet()) {
            assertArrayEquals(twinWeights.get(weight), allWeights.get(weight), weight);
            assertFalse(java.util.Arrays.equals(trained.get(weight), allWeights.get(weight)), weight + " re-drawn");
        }
        assertThrows(IllegalArgumentException.class,
                () -> RandomizedModel.exportCascade(POOLED, architecture, trained, drawn, 5, tmp.resolve("five")));
    }

    /** Weights read back and exported again make the same model: the maps agree to the last bit. */
    @Test
    void weightsReadBackMakeTheSameModel() throws Exception {
        Sequential architecture = RandomizedModel.architecture(POOLED).orElseThrow();
        Path copy = tmp.resolve("copy");
        io.github.cam4j.savedmodel.CamModelExporter.export(architecture, ContractWeights.read(POOLED, architecture),
                io.github.cam4j.savedmodel.ModelMetadata.read(POOLED.resolve("assets").resolve("cam4j.json")), copy);
        LabeledImages test = Dataset.openTest(SharedData.mnist()).test();
        float[] digits = new float[16 * 784];
        for (int i = 0; i < digits.length; i++) {
            digits[i] = (test.pixels()[i] & 0xFF) / 255f;
        }
        try (CamSession original = CamSession.builder().setModel(POOLED).build();
                CamSession again = CamSession.builder().setModel(copy).build()) {
            List<ImageExplanation> a = original.explainPixels(digits, 16, 28, 28, Target.predicted());
            List<ImageExplanation> b = again.explainPixels(digits, 16, 28, 28, Target.predicted());
            for (int i = 0; i < 16; i++) {
                assertEquals(a.get(i).predicted(), b.get(i).predicted());
                assertArrayEquals(a.get(i).first().rawMap().values(), b.get(i).first().rawMap().values(), "digit " + i);
            }
        }
    }

    /** A SavedModel whose variables are not the architecture's is refused with the weight it lacks. */
    @Test
    void aModelWithoutTheArchitecturesVariablesIsRefusedNamingTheWeight() throws Exception {
        Sequential architecture = RandomizedModel.architecture(POOLED).orElseThrow();
        Path keras = SharedData.kerasSavedModels().resolve("mnist-conv-head-gap");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ContractWeights.read(keras, architecture));
        assertTrue(e.getMessage().contains(keras.toString()) && e.getMessage().contains("'conv2d_kernel'"), e.getMessage());
    }
}
