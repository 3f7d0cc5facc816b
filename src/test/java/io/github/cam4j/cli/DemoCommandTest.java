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

    /**
     * A figure in a folder no file can be made in (Linux's /proc/sys, root included) is said before the figure is made,
     * naming --out; it was OpenCV's "imwrite failed" after it.
     */
    @Test
    void anOutInAFolderThatCannotBeWrittenIsSaidFirst() {
        Path sys = Path.of("/proc/sys");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(sys) && !Files.isWritable(sys), "Linux's /proc/sys");
        CliRun run = CliRun.of("demo", "--data", SharedData.mnist().toString(), "--out", "/proc/sys/cam4j-demo.png");
        assertEquals(1, run.exitCode(), run.err());
        assertEquals("cam4j: error: --out /proc/sys/cam4j-demo.png cannot be written: folder /proc/sys is not writable",
                run.err().strip());
    }

    /** explain --grid likewise: it was refused by OpenCV's "imwrite failed" once the model and the data had loaded. */
    @Test
    void aGridInAFolderThatCannotBeWrittenIsSaidFirst() {
        Path sys = Path.of("/proc/sys");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(sys) && !Files.isWritable(sys), "Linux's /proc/sys");
        CliRun run = CliRun.of("explain", "--model", "mnist-pooled", "--data", SharedData.mnist().toString(), "--grid",
                "/proc/sys/cam4j-grid.png");
        assertEquals(1, run.exitCode(), run.err());
        assertEquals("cam4j: error: --grid /proc/sys/cam4j-grid.png cannot be written: folder /proc/sys is not writable",
                run.err().strip());
    }

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
    void firstIsBoundedToAViewableFigureBeforeAnythingLoads() {
        // A missing models folder and dataset: the bound is checked before either is looked at.
        for (String first : new String[] {"10000", "0"}) {
            CliRun run = CliRun.of("demo", "--models", tmp.resolve("none").toString(), "--data", tmp.resolve("none").toString(),
                    "--first", first, "--out", tmp.resolve("d.png").toString());
            assertEquals(2, run.exitCode());
            assertEquals("cam4j: error: --first must be in 1.." + ArticleFigure.MAX_DIGITS + " (a figure of more digits is too "
                    + "large to view), got " + first + " (see 'cam4j demo --help')", run.err().lines().findFirst().orElse(""), run.err());
        }
        assertTrue(Files.notExists(tmp.resolve("d.png")));
    }

    /**
     * A picture format OpenCV does not write was found only when the figure was done: demo --out figure.gif ran both
     * models first. Checked now before the dataset (missing here) is looked at; explain --grid alike.
     */
    @Test
    void anOutputFormatThatCannotBeWrittenIsRefusedBeforeTheWork() {
        Path gif = tmp.resolve("figure.gif");
        for (CliRun run : new CliRun[] {
            CliRun.of("demo", "--data", tmp.resolve("none").toString(), "--out", gif.toString()),
            CliRun.of("explain", "--model", "mnist-pooled", "--data", tmp.resolve("none").toString(), "--grid",
                    gif.toString())}) {
            assertEquals(1, run.exitCode());
            assertEquals("cam4j: error: cannot write image " + gif + ": OpenCV has no writer for its extension (use .png, "
                    + ".jpg, .bmp, ...)", run.err().strip());
        }
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
