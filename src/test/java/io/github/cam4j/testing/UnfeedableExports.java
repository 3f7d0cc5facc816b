package io.github.cam4j.testing;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Keras 3 exports in {@code src/test/resources/keras3} that cam4j cannot feed, with the loader's words for each: the
 * commands that open a model before reading data (compare, evaluate) must refuse them in these words first.
 */
public final class UnfeedableExports {
    private UnfeedableExports() {}

    /** @return each export's folder name and the start of the loader's refusal, for a {@code @MethodSource} */
    public static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("two-outputs-export", "signature 'serving_default' has 2 float32 [N, classes] outputs among"
                        + " [output_0, output_1]; cam4j needs exactly one"),
                Arguments.of("uint8-export", "signature 'serving_default' input 'raw' is uint8 [-1, 28, 28, 1]; cam4j"
                        + " feeds float32 images [N, H, W, C]"));
    }
}
