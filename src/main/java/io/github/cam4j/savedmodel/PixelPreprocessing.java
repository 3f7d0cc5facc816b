package io.github.cam4j.savedmodel;

import java.util.List;
import java.util.Locale;

/**
 * The pixel preprocessing {@code keras.applications}' {@code preprocess_input} does, by mode, for a model it was done
 * to outside (a model saved without {@code preprocess_input} inside it): what cam4j then does to each picture before
 * feeding it ({@code --preprocess}, {@link LoadOptions#withPreprocessing}). Pixels are 0..255 in RGB order.
 *
 * <pre>{@code
 * LoadOptions resNet50 = LoadOptions.defaults().withPreprocessing(PixelPreprocessing.CAFFE);
 * }</pre>
 */
public enum PixelPreprocessing {
    /**
     * 'caffe' (ResNet50, VGG16, VGG19): RGB to BGR, then ImageNet's mean of raw pixels subtracted per channel,
     * {@code [103.939, 116.779, 123.68]} in BGR order; no scaling.
     */
    CAFFE(1f, 0f, new PixelStandardization(true, List.of(103.939f, 116.779f, 123.68f), List.of(1f))),
    /**
     * 'torch' (DenseNet): pixels over 255, minus {@code [0.485, 0.456, 0.406]}, over {@code [0.229, 0.224, 0.225]},
     * per RGB channel.
     */
    TORCH(1f / 255f, 0f, new PixelStandardization(false, List.of(0.485f, 0.456f, 0.406f),
            List.of(0.229f, 0.224f, 0.225f))),
    /** 'tf' (MobileNet, MobileNetV2, InceptionV3, Xception, NASNet): pixels over 127.5, minus 1, to -1..1. */
    TF(1f / 127.5f, -1f, null),
    /**
     * Raw pixels, 0..255, as they are (EfficientNet, ConvNeXt and RegNet, whose {@code preprocess_input} passes them
     * through and which rescale them inside).
     */
    RAW(1f, 0f, null);

    private final float scale;
    private final float offset;
    private final PixelStandardization standardization;

    PixelPreprocessing(float scale, float offset, PixelStandardization standardization) {
        this.scale = scale;
        this.offset = offset;
        this.standardization = standardization;
    }

    /** @return model input = pixel (0..255) × scale + offset, before {@link #standardization()} */
    public float scale() {
        return scale;
    }

    /** @return added after the scaling */
    public float offset() {
        return offset;
    }

    /** @return the per-channel part, or null when the mode has none ('tf', raw) */
    public PixelStandardization standardization() {
        return standardization;
    }

    /** @return the mode's name as Keras and the command line write it: caffe, torch, tf or raw */
    public String modeName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return whether the mode changes the raw pixels (every mode but {@link #RAW}) */
    public boolean changesPixels() {
        return this != RAW;
    }

    /**
     * @param name caffe, torch, tf or raw, in any case
     * @return that mode
     * @throws IllegalArgumentException naming the modes, when it is none of them
     */
    public static PixelPreprocessing parse(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (PixelPreprocessing mode : values()) {
            if (mode.modeName().equals(n)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("--preprocess '" + name + "' is not one of caffe, torch, tf, raw");
    }
}
