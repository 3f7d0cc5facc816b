package io.github.cam4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.model.Presets;
import io.github.cam4j.model.Sequential;
import io.github.cam4j.model.TensorData;
import io.github.cam4j.savedmodel.CamContract;
import io.github.cam4j.savedmodel.CamModelExporter;
import io.github.cam4j.savedmodel.InputSpec;
import io.github.cam4j.savedmodel.ModelMetadata;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/** One short real training run on MNIST (no full training in the suite), its export, and its reload. */
class TrainerTest {
    static LabeledImages train;
    static LabeledImages test;
    static TrainingResult result;
    static List<EpochStats> heard = new ArrayList<>();

    @TempDir
    static Path tmp;

    @BeforeAll
    static void trainBriefly() throws Exception {
        Dataset mnist = Dataset.open(SharedData.mnist());
        train = mnist.train();
        test = mnist.test().slice(0, 2000);
        TrainingConfig config = new TrainingConfig(1, 64, TrainingConfig.DEFAULT_LEARNING_RATE, 0.1, 42, 10000,
                LearningRateSchedule.CONSTANT, 0);
        result = new Trainer(Presets.resolve("pooled"), config, new TrainingListener() {
            @Override
            public void epochFinished(EpochStats stats) {
                heard.add(stats);
            }
        }).fit(train, test);
    }

    @Test
    void oneShortEpochClearsAFloorWellAboveChance() {
        // 9 000 images, one epoch: this run reaches about 0.9; chance is 0.10. A floor of 0.6 fails on a broken
        // loss, broken gradients or mislabelled batches, not on the noise between machines and thread counts.
        assertTrue(result.testAccuracy() > 0.6, "test accuracy " + result.testAccuracy());
        assertEquals(2000, result.testImages());
        assertEquals(1, heard.size());
        EpochStats epoch = heard.get(0);
        assertTrue(epoch.validationAccuracy() > 0.6, epoch.toString());
        assertTrue(epoch.loss() < Math.log(10), "mean loss below chance's ln 10: " + epoch);
    }

    @Test
    void theSameSeedGivesTheSameWeights() throws Exception {
        TrainingConfig config = new TrainingConfig(1, 64, TrainingConfig.DEFAULT_LEARNING_RATE, 0.0, 42, 640,
                LearningRateSchedule.COSINE, 0);
        Sequential model = Presets.resolve("pooled");
        TrainingResult a = new Trainer(model, config, TrainingListener.SILENT).fit(train, test.slice(0, 100));
        TrainingResult b = new Trainer(model, config, TrainingListener.SILENT).fit(train, test.slice(0, 100));
        for (String name : a.weights().keySet()) {
            // Same initial weights, same batch order, same kernels and threads on one machine: bit-identical.
            assertArrayEquals(a.weights().get(name), b.weights().get(name), 0f, name);
        }
    }

    /**
     * Hide-and-Seek changes what is learned; a probability of 0 hides nothing and gives the article's training's weights
     * bit for bit.
     */
    @Test
    void hidingPatchesChangesTheWeightsAndHidingNoneDoesNot() throws Exception {
        Sequential model = Presets.resolve("pooled");
        TrainingResult plain = briefly(model, HideAndSeek.OFF);
        TrainingResult none = briefly(model, new HideAndSeek(7, 0));
        TrainingResult hidden = briefly(model, new HideAndSeek(7, 0.5));
        boolean changed = false;
        for (String name : plain.weights().keySet()) {
            assertArrayEquals(plain.weights().get(name), none.weights().get(name), 0f, name);
            changed |= !java.util.Arrays.equals(plain.weights().get(name), hidden.weights().get(name));
        }
        assertTrue(changed, "hiding half the squares left every weight as it was");
    }

    /** A shift reaches the training; shifting nothing gives the article's training's weights bit for bit. */
    @Test
    void shiftingPicturesChangesTheWeightsAndShiftingNoneDoesNot() throws Exception {
        Sequential model = Presets.resolve("pooled");
        TrainingResult plain = briefly(model, HideAndSeek.OFF);
        TrainingResult none = briefly(model, HideAndSeek.OFF, new RandomShift(0));
        TrainingResult shifted = briefly(model, HideAndSeek.OFF, new RandomShift(3));
        boolean changed = false;
        for (String name : plain.weights().keySet()) {
            assertArrayEquals(plain.weights().get(name), none.weights().get(name), 0f, name);
            changed |= !java.util.Arrays.equals(plain.weights().get(name), shifted.weights().get(name));
        }
        assertTrue(changed, "shifting the pictures left every weight as it was");
    }

    private static TrainingResult briefly(Sequential model, HideAndSeek hiding) throws Exception {
        return briefly(model, hiding, RandomShift.OFF);
    }

    private static TrainingResult briefly(Sequential model, HideAndSeek hiding, RandomShift shift) throws Exception {
        TrainingConfig config = new TrainingConfig(1, 64, TrainingConfig.DEFAULT_LEARNING_RATE, 0.0, 42, 320,
                LearningRateSchedule.CONSTANT, 1, hiding, shift);
        return new Trainer(model, config, TrainingListener.SILENT).fit(train, test.slice(0, 100));
    }

    @Test
    void exportedModelReloadsWithIdenticalOutputs() throws Exception {
        Path dir = tmp.resolve("exported");
        ModelMetadata metadata = new ModelMetadata(CamContract.FORMAT, "test", "pooled", null, InputSpec.mnist(),
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), null, result.testAccuracy(), result.testImages());
        CamModelExporter.export(result.model(), result.weights(), metadata, dir);
        int n = 200;
        float[] pixels = new float[n * 784];
        for (int i = 0; i < n; i++) {
            System.arraycopy(test.imageAsFloats(i), 0, pixels, i * 784, 784);
        }
        float[] before = forwardInFreshGraph(result, pixels, n);
        float[] after;
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), CamContract.TAG);
                TFloat32 x = TensorData.floats(Shape.of(n, 28, 28, 1), pixels);
                Result r = bundle.session().runner().feed("images", x).fetch("probabilities").run()) {
            after = TensorData.toArray(r.get(0));
        }
        // Same graph ops on the same weights and inputs: identical floats.
        assertArrayEquals(before, after, 0f);
        long correct = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < 10; c++) {
                best = after[i * 10 + c] > after[i * 10 + best] ? c : best;
            }
            correct += best == test.label(i) ? 1 : 0;
        }
        assertTrue(correct > 0.6 * n, "reloaded model still classifies: " + correct + "/" + n);
    }

    /** The trained weights as constants in a new graph: what the model computed before export. */
    private static float[] forwardInFreshGraph(TrainingResult trained, float[] pixels, int n) {
        try (org.tensorflow.Graph g = new org.tensorflow.Graph(); org.tensorflow.Session s = new org.tensorflow.Session(g)) {
            var tf = org.tensorflow.op.Ops.create(g);
            var images = tf.placeholder(TFloat32.class);
            java.util.Map<String, org.tensorflow.Operand<TFloat32>> w = new java.util.HashMap<>();
            for (var spec : trained.model().weights()) {
                w.put(spec.name(), tf.constant(Shape.of(spec.shape()),
                        org.tensorflow.ndarray.buffer.DataBuffers.of(trained.weights().get(spec.name()))));
            }
            var out = trained.model().build(tf, images, w);
            try (TFloat32 x = TensorData.floats(Shape.of(n, 28, 28, 1), pixels);
                    Result r = s.runner().feed(images, x).fetch(out.probabilities()).run()) {
                return TensorData.toArray(r.get(0));
            }
        }
    }
}
