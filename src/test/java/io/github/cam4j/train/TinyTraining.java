package io.github.cam4j.train;

import io.github.cam4j.data.LabeledImages;
import java.util.Random;

/** A net and data small enough that a test can take training steps in well under a second. */
final class TinyTraining {
    /** One 3x3 convolution of 4 filters, the pooling and a softmax Dense, on 8x8 grey pictures. */
    static final String SMALL = """
            {"class_name": "Sequential", "config": {"name": "small", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 8, 8, 1], "name": "in"}},
              {"class_name": "Conv2D", "config": {"name": "c1", "filters": 4, "kernel_size": 3, "padding": "same",
                "activation": "relu"}},
              {"class_name": "GlobalAveragePooling2D", "config": {"name": "gap"}},
              {"class_name": "Dense", "config": {"name": "dense", "units": 10, "activation": "softmax"}}
            ]}}
            """;

    private TinyTraining() {}

    /** @return {@code count} seeded random 8x8 pictures with labels 0 to 9 in turn: enough to take steps on */
    static LabeledImages noise(int count) {
        byte[] pixels = new byte[count * 64];
        new Random(7).nextBytes(pixels);
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 10);
        }
        return new LabeledImages(pixels, labels, count, 8, 8);
    }
}
