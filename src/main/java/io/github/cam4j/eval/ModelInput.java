package io.github.cam4j.eval;

import io.github.cam4j.savedmodel.InputSpec;

/**
 * Grey 0..255 pixels to a model's input tensor values: repeated over the channels for a colour model, then
 * {@code pixel * scale + offset} and the input's per-channel standardisation ({@link InputSpec#toModelInput}). MNIST's polarity (light digit on black) is kept: the
 * canvases are what the model was trained on.
 */
final class ModelInput {
    private final InputSpec spec;

    ModelInput(InputSpec spec) {
        this.spec = spec;
    }

    int channels() {
        return spec.channels();
    }

    /**
     * Writes one image into a batch.
     *
     * @param grey {@code h * w} pixels 0..255
     * @param batch the batch's values
     * @param image the image's position in the batch
     */
    void put(float[] grey, float[] batch, int image) {
        int ch = spec.channels();
        int base = image * grey.length * ch;
        for (int i = 0; i < grey.length; i++) {
            for (int c = 0; c < ch; c++) {
                batch[base + i * ch + c] = grey[i];
            }
        }
        spec.toModelInput(batch, base, base + grey.length * ch);
    }

    /**
     * @param images grey images of one size
     * @return their batch
     */
    float[] batch(java.util.List<float[]> images) {
        int plane = images.get(0).length * spec.channels();
        float[] batch = new float[images.size() * plane];
        for (int i = 0; i < images.size(); i++) {
            put(images.get(i), batch, i);
        }
        return batch;
    }
}
