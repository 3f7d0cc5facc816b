package io.github.cam4j.testing;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.savedmodel.CamModel;

/** The first MNIST test digits of the shared data, as a model takes them. */
public final class TestDigits {
    private TestDigits() {}

    /**
     * @param model the model whose input scale the pixels are brought to ({@code input().toModelInput})
     * @param count how many of the first 28x28 test digits
     * @return their pixels, one after the other, at the model's input scale
     * @throws Exception when the shared MNIST test files cannot be read
     */
    public static float[] asModelInput(CamModel model, int count) throws Exception {
        LabeledImages test = Dataset.openTest(SharedData.mnist()).test();
        float[] pixels = new float[count * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = test.pixels()[i] & 0xFF;
        }
        model.input().toModelInput(pixels);
        return pixels;
    }

    /**
     * @param count how many of the first 28x28 test digits
     * @return their pixels scaled to [0, 1] ({@code LabeledImages.imageAsFloats}), one after the other: a batch for
     *     {@code CamSession.explainPixels}
     * @throws Exception when the shared MNIST test files cannot be read
     */
    public static float[] scaledToOne(int count) throws Exception {
        LabeledImages test = Dataset.openTest(SharedData.mnist()).test();
        float[] pixels = new float[count * 28 * 28];
        for (int i = 0; i < count; i++) {
            System.arraycopy(test.imageAsFloats(i), 0, pixels, i * 28 * 28, 28 * 28);
        }
        return pixels;
    }
}
