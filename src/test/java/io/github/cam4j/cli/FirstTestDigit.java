package io.github.cam4j.cli;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.render.Images;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;

/** MNIST test digits as PNG files, the pictures the command-line tests explain (the first is a 7). */
final class FirstTestDigit {
    private FirstTestDigit() {}

    /**
     * @param dir a folder to write it in
     * @return {@code dir/seven.png}, the first test digit as the article's figure draws it
     */
    static Path writeIn(Path dir) throws Exception {
        Path seven = dir.resolve("seven.png");
        try (Mat a = ArticleFigure.digit(Dataset.open(SharedData.mnist()).test(), 0)) {
            Images.write(a, seven);
        }
        return seven;
    }

    /**
     * @param dir a folder to write them in
     * @return {@code dir/digit0.png} and {@code dir/digit1.png}, the first two test digits (a 7 and a 2)
     */
    static Path[] writeFirstTwoIn(Path dir) throws Exception {
        Path[] out = {dir.resolve("digit0.png"), dir.resolve("digit1.png")};
        var test = Dataset.open(SharedData.mnist()).test();
        for (int i = 0; i < out.length; i++) {
            try (Mat a = ArticleFigure.digit(test, i)) {
                Images.write(a, out[i]);
            }
        }
        return out;
    }
}
