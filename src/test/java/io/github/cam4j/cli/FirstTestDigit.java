package io.github.cam4j.cli;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.render.Images;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;

/** The first MNIST test digit (a 7) as a PNG file, the picture the command-line option tests explain. */
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
}
