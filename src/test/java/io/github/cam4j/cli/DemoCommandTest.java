package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.render.Images;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesBothModelsFiguresSideBySide() throws Exception {
        Path out = tmp.resolve("demo.png");
        CliRun run = CliRun.of("demo", "--data", SharedData.mnist().toString(), "--first", "8", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        try (Mat figure = Images.read(out)) {
            // Two figures of four digit pairs per row, side by side.
            assertTrue(figure.cols() > 2 * 4 * 2 * ArticleFigure.CELL, "width " + figure.cols());
        }
        CliRun again = CliRun.of("demo", "--data", SharedData.mnist().toString(), "--out", out.toString());
        assertEquals(1, again.exitCode(), "refuses to overwrite without --force");
        assertTrue(Files.size(out) > 0);
    }

    @Test
    void saysWhatAModelsFolderLacks() {
        CliRun run = CliRun.of("demo", "--models", tmp.toString(), "--data", SharedData.mnist().toString(), "--out",
                tmp.resolve("x.png").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("--models " + tmp) && run.err().contains("does not hold mnist-pooled and mnist-unpooled"),
                run.err());
    }
}
