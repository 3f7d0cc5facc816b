package io.github.cam4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.model.Dropout;
import io.github.cam4j.model.Layer;
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
import org.tensorflow.types.TFloat32;

/**
 * Training through a Keras Dropout layer, or with the attention drop, on MNIST: it drops while training, reproducibly,
 * and the accuracy training reports is the exported model's, which keeps everything.
 */
class DropoutTrainingTest {
    static LabeledImages train;
    static LabeledImages test;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void load() throws Exception {
        Dataset mnist = Dataset.open(SharedData.mnist());
        train = mnist.train();
        test = mnist.test().slice(0, 300);
    }

    /** The pooled preset with a Dropout of whole cells (every channel of a position) before its pooling. */
    private static Sequential withCellDropout(double rate) throws Exception {
        Sequential pooled = Presets.resolve("pooled");
        List<Layer> layers = new ArrayList<>(pooled.layers());
        layers.add(layers.size() - 2, new Dropout("cells", rate, new Long[] {null, null, null, 1L}));
        return new Sequential("pooled-cells", pooled.inputShape(), layers);
    }

    private static TrainingResult briefly(Sequential model) {
        TrainingConfig config = new TrainingConfig(1, 64, TrainingConfig.DEFAULT_LEARNING_RATE, 0.0, 42, 640,
                LearningRateSchedule.CONSTANT, 1);
        return new Trainer(model, config, TrainingListener.SILENT).fit(train, test);
    }

    @Test
    void droppingChangesTheWeightsReproduciblyAndRateZeroDoesNot() throws Exception {
        TrainingResult plain = briefly(Presets.resolve("pooled"));
        TrainingResult rateZero = briefly(withCellDropout(0));
        TrainingResult dropped = briefly(withCellDropout(0.5));
        TrainingResult again = briefly(withCellDropout(0.5));
        boolean changed = false;
        for (String name : plain.weights().keySet()) {
            assertArrayEquals(plain.weights().get(name), rateZero.weights().get(name), 0f, name);
            // Same seed, same masks: bit-identical on one machine, as the plain training is.
            assertArrayEquals(dropped.weights().get(name), again.weights().get(name), 0f, name);
            changed |= !java.util.Arrays.equals(plain.weights().get(name), dropped.weights().get(name));
        }
        assertTrue(changed, "dropping half the cells left every weight as it was");
    }

    /**
     * At rate 0.9 nine cells in ten are dropped while training; were they dropped while measuring too, a digit's
     * prediction would change from run to run and the reported accuracy would not be the exported model's.
     */
    @Test
    void theReportedAccuracyIsTheExportedModelsWhichDropsNothing() throws Exception {
        assertReportedAccuracyIsTheExportedModels(briefly(withCellDropout(0.9)), "cells");
    }

    /**
     * The attention drop, with every picture's strongest cells (from half the highest channel mean) dropped at every
     * step, changes the weights reproducibly; measured through the training graph the test accuracy would be that of
     * maps stripped of their peaks, not the exported model's.
     */
    @Test
    void theAttentionDropActsOnlyWhileTrainingAndTheReportedAccuracyIsTheExportedModels() throws Exception {
        TrainingConfig config = new TrainingConfig(1, 64, TrainingConfig.DEFAULT_LEARNING_RATE, 0.0, 42, 640,
                LearningRateSchedule.CONSTANT, 1, HideAndSeek.OFF, RandomShift.OFF, new AttentionDrop(1, 0.5));
        TrainingResult dropped = new Trainer(Presets.resolve("pooled"), config, TrainingListener.SILENT).fit(train, test);
        TrainingResult again = new Trainer(Presets.resolve("pooled"), config, TrainingListener.SILENT).fit(train, test);
        TrainingResult plain = briefly(Presets.resolve("pooled"));
        boolean changed = false;
        for (String name : plain.weights().keySet()) {
            assertArrayEquals(dropped.weights().get(name), again.weights().get(name), 0f, name);
            changed |= !java.util.Arrays.equals(plain.weights().get(name), dropped.weights().get(name));
        }
        assertTrue(changed, "dropping every picture's peaks left every weight as it was");
        assertReportedAccuracyIsTheExportedModels(dropped, "attention");
    }

    private static void assertReportedAccuracyIsTheExportedModels(TrainingResult result, String name) throws Exception {
        Path dir = tmp.resolve(name);
        ModelMetadata metadata = new ModelMetadata(CamContract.FORMAT, "test", result.model().name(), null, InputSpec.mnist(),
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), null, result.testAccuracy(), result.testImages());
        CamModelExporter.export(result.model(), result.weights(), metadata, dir);
        // The test set as training measures it: one batch, pixels scaled as training feeds them.
        Batch all = Batch.of(test, java.util.stream.IntStream.range(0, test.count()).toArray(), 0, test.count(), 0);
        float[][] runs = new float[2][];
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), CamContract.TAG)) {
            for (int run = 0; run < 2; run++) {
                try (TFloat32 x = all.images();
                        Result r = bundle.session().runner().feed("images", x).fetch("probabilities").run()) {
                    runs[run] = TensorData.toArray(r.get(0));
                }
            }
        }
        assertArrayEquals(runs[0], runs[1], 0f, "the exported model draws nothing");
        long correct = all.countCorrect(runs[0]);
        assertEquals((double) correct / test.count(), result.testAccuracy(), 0.0);
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), CamContract.TAG)) {
            bundle.graph().operations().forEachRemaining(op -> assertTrue(!op.type().startsWith("RandomUniform"),
                    "the exported graph holds no random op: " + op.name()));
        }
    }
}
