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
     * 28x28 grey input → Conv2D "c1" (4, 3x3, relu) → Conv2D "c2" (4, 3x3, dilation rate 2, relu) → GAP → Dense(10,
     * softmax), no biases: features taken at {@code c1/Relu}, before the dilated convolution, have a gradient TensorFlow
     * gets wrong, which cam4j takes across the convolution by its SpaceToBatchND twin; ShapleyCAM, whose second-order
     * gradient would cross it by TensorFlow's rule, is refused there ({@code DilatedGradientTest}).
     */
    public static Sequential dilated() {
        try {
            return Sequential.fromJson("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"dilated\","
                    + " \"layers\": [{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 28, 28,"
                    + " 1], \"name\": \"in\"}}, {\"class_name\": \"Conv2D\", \"config\": {\"name\": \"c1\", \"filters\":"
                    + " 4, \"kernel_size\": 3, \"padding\": \"same\", \"activation\": \"relu\", \"use_bias\": false}},"
                    + " {\"class_name\": \"Conv2D\", \"config\": {\"name\": \"c2\", \"filters\": 4, \"kernel_size\": 3,"
                    + " \"padding\": \"same\", \"dilation_rate\": 2, \"activation\": \"relu\", \"use_bias\": false}},"
                    + " {\"class_name\": \"GlobalAveragePooling2D\", \"config\": {\"name\": \"gap\"}}, {\"class_name\":"
                    + " \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 10, \"activation\": \"softmax\","
                    + " \"use_bias\": false}}]}}");
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
