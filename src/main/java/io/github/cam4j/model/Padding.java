package io.github.cam4j.model;

/** Keras' {@code padding} argument of convolution and pooling layers. */
public enum Padding {
    /** Output size {@code ceil(in / stride)}: the input is zero-padded so every position is covered. */
    SAME,
    /** Output size {@code ceil((in - window + 1) / stride)}: no padding. */
    VALID;

    /** @return the name Keras writes in its config ({@code "same"} or {@code "valid"}) */
    public String kerasName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @return the name TensorFlow's ops take */
    public String tfName() {
        return name();
    }

    /**
     * Output length along one spatial axis, or -1 when the input length is unknown.
     *
     * @param in input length, -1 when open
     * @param window kernel or pool size
     * @param stride stride
     * @return output length
     */
    public long outputLength(long in, int window, int stride) {
        if (in < 0) {
            return -1;
        }
        long span = this == SAME ? in : in - window + 1;
        return span <= 0 ? 0 : (span + stride - 1) / stride;
    }

    static Padding fromKeras(String layer, String value) throws ModelConfigException {
        for (Padding p : values()) {
            // Keras lower-cases padding ("SAME" works there).
            if (p.kerasName().equalsIgnoreCase(value)) {
                return p;
            }
        }
        throw new ModelConfigException("layer '" + layer + "': padding '" + value + "' is not supported (use 'same' or 'valid')");
    }
}
