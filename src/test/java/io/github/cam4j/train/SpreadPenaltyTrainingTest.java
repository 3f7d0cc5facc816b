package io.github.cam4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.model.Presets;
import io.github.cam4j.model.Sequential;
import io.github.cam4j.model.WeightSpec;
import io.github.cam4j.testing.SharedData;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Training with the spread penalty on MNIST: the trainer lowers what the penalty charges, reproducibly. Whether that
 * spreads the maps of a fully trained model over the digits is measured on the evaluation canvases
 * ({@code docs/explanation-quality.md}); a brief run is too short for the maps to gather on a few cells to begin with.
 */
class SpreadPenaltyTrainingTest {
    static LabeledImages train;
    static LabeledImages test;

    @BeforeAll
    static void load() throws Exception {
        Dataset mnist = Dataset.open(SharedData.mnist());
        train = mnist.train();
        test = mnist.test().slice(0, 300);
    }

    private static TrainingResult briefly(Sequential model, SpreadPenalty penalty) {
        TrainingConfig config = new TrainingConfig(1, 64, TrainingConfig.DEFAULT_LEARNING_RATE, 0.0, 42, 2000,
                LearningRateSchedule.CONSTANT, 1, HideAndSeek.OFF, RandomShift.OFF, AttentionDrop.OFF, penalty);
        return new Trainer(model, config, TrainingListener.SILENT).fit(train, test);
    }

    /**
     * With a heavy weight (100) the trained model's maps of the held-out digits cost the penalty a fraction of what the
     * same training without it leaves (measured: 0.00022 against 0.00079, 0.28 of it). A trainer that built the penalty
     * but did not add it to the loss would leave the two equal; half sits between.
     */
    @Test
    void theTrainerLowersWhatThePenaltyChargesReproducibly() throws Exception {
        Sequential unpooled = Presets.resolve("unpooled");
        TrainingResult plain = briefly(unpooled, SpreadPenalty.OFF);
        TrainingResult penalised = briefly(unpooled, new SpreadPenalty(100));
        TrainingResult again = briefly(unpooled, new SpreadPenalty(100));
        for (String name : plain.weights().keySet()) {
            assertArrayEquals(penalised.weights().get(name), again.weights().get(name), 0f, name);
        }
        double before = charged(plain);
        double after = charged(penalised);
        System.out.printf("penalty on held-out digits: plain %.5f, penalised %.5f%n", before, after);
        assertTrue(after < 0.5 * before, "penalised " + after + " against plain " + before);
    }

    /** The penalty at weight 1 on the held-out digits, through the exported model's function of the trained weights. */
    private static double charged(TrainingResult result) {
        Sequential model = result.model();
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Map<String, Operand<TFloat32>> weights = new LinkedHashMap<>();
            for (WeightSpec spec : model.weights()) {
                weights.put(spec.name(), tf.constant(Shape.of(spec.shape()), DataBuffers.of(result.weights().get(spec.name()))));
            }
            Batch all = Batch.of(test, IntStream.range(0, test.count()).toArray(), 0, test.count(), model.classes());
            try (TFloat32 x = all.images(); TFloat32 y = all.oneHot()) {
                Operand<TFloat32> features = model.build(tf, tf.constant(x), weights).features();
                Operand<TFloat32> value = new SpreadPenalty(1).apply(tf, features,
                        weights.get(model.classifier().name() + "_kernel"), tf.constant(y));
                try (Result r = s.runner().fetch(value).run()) {
                    return ((TFloat32) r.get(0)).getFloat();
                }
            }
        }
    }
}
