package io.github.cam4j.testing;

import io.github.cam4j.model.Activation;
import io.github.cam4j.model.Conv2D;
import io.github.cam4j.model.Dense;
import io.github.cam4j.model.GlobalAveragePooling2D;
import io.github.cam4j.model.ModelConfigException;
import io.github.cam4j.model.Padding;
import io.github.cam4j.model.Sequential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A tiny model whose logit is not piecewise linear in its features, so that ShapleyCAM's Hessian term is not 0: 8x8
 * grey input, Conv2D "c1" (3, 3x3, same, relu: the features), Conv2D "c2" (2, 1x1, sigmoid), global average pooling,
 * Dense(3, softmax), with biases; exported by cam4j itself ({@link TinyModels#export}, seed {@link #SEED}), no Python
 * TensorFlow needed. {@code main(DIR)} writes it for {@code python-export/make_pytorch_grad_cam_shapley_reference.py}.
 */
public final class SigmoidHeadModel {
    /** The weights' seed. */
    public static final long SEED = 7;

    private SigmoidHeadModel() {}

    /** @return the model's layers */
    public static Sequential model() {
        try {
            return new Sequential("sigmoid_head", new long[] {8, 8, 1}, List.of(
                    Conv2D.of("c1", 3, 3, Padding.SAME, Activation.RELU),
                    Conv2D.of("c2", 2, 1, Padding.SAME, Activation.SIGMOID), new GlobalAveragePooling2D("gap"),
                    Dense.of("dense", 3, Activation.SOFTMAX)));
        } catch (ModelConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Exports the model to {@code dir}; @return its weights by name ({@code c1_kernel}, HWIO, ...) */
    public static Map<String, float[]> export(Path dir) throws IOException {
        return TinyModels.export(model(), SEED, dir);
    }

    /** @param args the folder to export to */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: SigmoidHeadModel DIR (the folder to write the SavedModel to)");
        }
        export(Path.of(args[0]));
    }
}
