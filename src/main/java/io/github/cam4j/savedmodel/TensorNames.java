package io.github.cam4j.savedmodel;

/**
 * The graph tensors CAM feeds and fetches, as {@code op_name:index} (an index of 0 may be left out).
 *
 * @param input the images input, float32 {@code [N,H,W,C]}
 * @param features the last convolution's activations {@code [N,h,w,K]}
 * @param logits the classifier's pre-activation {@code [N,classes]}
 * @param probabilities the classifier's output {@code [N,classes]}, or null to compute it from the logits
 */
public record TensorNames(String input, String features, String logits, String probabilities) {

    /**
     * Checks the required names are given.
     *
     * @param input the images input, float32 {@code [N,H,W,C]} (e.g. {@code "serving_default_input_1:0"}); required
     * @param features the last convolution's activations {@code [N,h,w,K]}; required
     * @param logits the classifier's pre-activation {@code [N,classes]}; required
     * @param probabilities the classifier's output {@code [N,classes]}, or null to compute it from the logits
     * @throws IllegalArgumentException when the input, features or logits name is null or blank
     */
    public TensorNames {
        requireName("input", input);
        requireName("features", features);
        requireName("logits", logits);
    }

    private static void requireName(String what, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the " + what + " tensor name is required");
        }
    }
}
