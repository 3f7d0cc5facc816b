package io.github.cam4j.testing;

import io.github.cam4j.model.Activation;
import io.github.cam4j.model.Conv2D;
import io.github.cam4j.model.Dense;
import io.github.cam4j.model.GlobalAveragePooling2D;
import io.github.cam4j.model.ModelConfigException;
import io.github.cam4j.model.Padding;
import io.github.cam4j.model.Sequential;
import io.github.cam4j.savedmodel.CamContract;
import io.github.cam4j.savedmodel.CamModelExporter;
import io.github.cam4j.savedmodel.InputSpec;
import io.github.cam4j.savedmodel.ModelMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Tiny real models, exported as real cam4j SavedModels, for tests whose expected values are computed by hand. */
public final class TinyModels {
    private TinyModels() {}

    /** 8x8 grey input → Conv2D(2, 3x3, same, relu) → GAP → Dense(3, softmax). */
    public static Sequential tiny() {
        try {
            return new Sequential("tiny", new long[] {8, 8, 1}, List.of(Conv2D.of("conv", 2, 3, Padding.SAME, Activation.RELU),
                    new GlobalAveragePooling2D("gap"), Dense.of("dense", 3, Activation.SOFTMAX)));
        } catch (ModelConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Exports a model with seeded random weights (biases too, so that they count in the checks).
     *
     * @return the weights exported
     */
    public static Map<String, float[]> export(Sequential model, long seed, Path dir) throws IOException {
        Map<String, float[]> weights = model.initialWeights(seed);
        java.util.Random random = new java.util.Random(seed);
        for (Map.Entry<String, float[]> e : weights.entrySet()) {
            if (e.getKey().endsWith("_bias")) {
                for (int i = 0; i < e.getValue().length; i++) {
                    e.getValue()[i] = (float) random.nextGaussian() * 0.1f;
                }
            }
        }
        List<String> labels = java.util.stream.IntStream.range(0, model.classes()).mapToObj(i -> "class" + i).toList();
        InputSpec input = new InputSpec((int) model.inputShape()[0], (int) model.inputShape()[1], model.channels(), 1f / 255f,
                0f, true);
        CamModelExporter.export(model, weights, new ModelMetadata(CamContract.FORMAT, "test", model.name(),
                ModelMetadata.parseTree(model.toJson()), input, labels, null, null, null), dir);
        return weights;
    }
}
