package io.github.cam4j.testing;

import io.github.cam4j.model.ModelConfigException;
import io.github.cam4j.model.Sequential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * cam4j models with dilated convolutions, built from a Keras config with {@code dilation_rate} and exported with seeded
 * weights ({@link TinyModels#export}), for the tests of the gradients taken through them ({@code DilatedGradientsTest},
 * against the same model with its kernels spread out; {@code DilatedPytorchGradCamParityTest}, against
 * pytorch-grad-cam on a torch port, {@code python-export/make_pytorch_grad_cam_dilated_reference.py}).
 */
public final class DilatedModels {
    /** The seed of {@link #exportParity}'s weights. */
    public static final long PARITY_SEED = 7;

    private DilatedModels() {}

    /**
     * 28x28 grey input, then a Conv2D {@code c1}, {@code c2}... per entry of the arrays (ReLU, biases, stride 1), global
     * average pooling {@code gap}, a Dense {@code dense} of 10 with softmax.
     *
     * @param filters every convolution's filters
     * @param kernels each convolution's (square) kernel size
     * @param rates each convolution's dilation rate
     * @param paddings each convolution's padding, "same" or "valid"
     */
    public static Sequential sequential(int filters, int[] kernels, int[] rates, String[] paddings) {
        StringBuilder layers = new StringBuilder();
        for (int i = 0; i < rates.length; i++) {
            layers.append("{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"c").append(i + 1)
                    .append("\", \"filters\": ").append(filters).append(", \"kernel_size\": ").append(kernels[i])
                    .append(", \"padding\": \"").append(paddings[i]).append("\", \"dilation_rate\": ").append(rates[i])
                    .append(", \"activation\": \"relu\", \"use_bias\": true}},");
        }
        try {
            return Sequential.fromJson("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"dilated\","
                    + " \"layers\": [{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 28, 28,"
                    + " 1], \"name\": \"in\"}}," + layers + "{\"class_name\": \"GlobalAveragePooling2D\","
                    + " \"config\": {\"name\": \"gap\"}}, {\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\","
                    + " \"units\": 10, \"activation\": \"softmax\", \"use_bias\": true}}]}}");
        } catch (ModelConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The model pytorch-grad-cam's reference was made on: {@code c1} 3x3 rate 1, {@code c2} 3x3 rate 2, {@code c3} 2x2
     * rate 3, 8 filters each, all 'same', so every layer is 28x28 (pytorch-grad-cam's resize to the input and cam4j's
     * placement of cells are both the identity). {@code c3}'s kernel is even so that TensorFlow's 'same' padding is
     * uneven: a reach of 4 pixels pads 1 row and column before and 2 after, which a port or a twin padding 2 and 1, or
     * 1.5 each way, gets wrong.
     */
    public static Sequential parity() {
        return sequential(8, new int[] {3, 3, 2}, new int[] {1, 2, 3}, new String[] {"same", "same", "same"});
    }

    /**
     * Exports {@link #parity()} with the weights of {@link #PARITY_SEED}.
     *
     * @return the weights exported, by variable name (kernels HWIO)
     */
    public static Map<String, float[]> exportParity(Path dir) throws IOException {
        return TinyModels.export(parity(), PARITY_SEED, dir);
    }

    /** @param args the folder to export {@link #parity()} to (it must not exist) */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: DilatedModels DIR (the new folder to write the model to)");
        }
        if (Files.exists(Path.of(args[0]))) {
            throw new IllegalArgumentException("DilatedModels: " + args[0] + " exists already");
        }
        exportParity(Path.of(args[0]));
    }
}
