package io.github.cam4j.bench;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.testing.SharedData;
import io.github.cam4j.data.DatasetException;

/** The input of the CAM-versus-plain benchmarks: the first MNIST test digits, as one batch of model input. */
final class BenchDigits {
    private BenchDigits() {}

    /**
     * @param batch images
     * @return {@code batch} 28x28 test digits (repeated past the test set's end), row-major, in the bundled models'
     *     input scale
     * @throws DatasetException when the shared MNIST cannot be read
     */
    static float[] batch(int batch) throws DatasetException {
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        float[] pixels = new float[batch * 784];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(test.imageAsFloats(i % test.count()), 0, pixels, i * 784, 784);
        }
        return pixels;
    }
}
