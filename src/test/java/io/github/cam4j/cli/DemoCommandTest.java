package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.render.Images;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /**
     * demo's 12 to 25 s (two models opened, 256 digits explained, a 6 MB PNG written) showed nothing until it ended:
     * a log (standard error a file or pipe, as under surefire) gets its steps as whole lines, the last at 5 of 5, each
     * model's opening and figure and the writing, before the line on standard output.
     */
    @Test
    void showsItsStepsInALog() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(io.github.cam4j.ProgressBars.stderrIsTerminal(),
                "standard error is a terminal here: the bar is redrawn in place");
        CliRun.Logged logged = CliRun.ofCapturingProcessErr("demo", "--data", SharedData.mnist().toString(), "--first",
                "2", "--out", tmp.resolve("logged.png").toString());
        CliRun run = logged.run();
        assertEquals(0, run.exitCode(), run.err());
        String log = logged.processErr();
        List<String> bar = log.lines().filter(l -> l.startsWith("demo ")).toList();
        assertFalse(bar.isEmpty(), log);
        String last = bar.get(bar.size() - 1);
        assertTrue(last.contains("100%") && last.contains(" 5/5 steps"), log);
        assertFalse(log.contains("\r"), log);
    }

    /**
     * A test split with fewer digits than the figure draws is named, with the digits it holds: an empty one said
     * "--first must be in 1..0 (the dataset's test digits), got 12", blaming an option not given for an empty file
     * (helper-153); demo, compare and explain --grid alike.
     */
    @Test
    void aTestSplitWithTooFewDigitsIsNamed() throws Exception {
        Path empty = writeTestSplit(tmp.resolve("empty"), 0);
        Path three = writeTestSplit(tmp.resolve("three"), 3);
        String[][] runs = {
                {"demo", "--data", null, "--out", tmp.resolve("demo.png").toString()},
                {"compare", "--model", "mnist-pooled", "--methods", "cam", "--data", null, "--out",
                        tmp.resolve("compare.png").toString()},
                {"explain", "--model", "mnist-pooled", "--data", null, "--grid", tmp.resolve("grid.png").toString()}};
        for (String[] args : runs) {
            int data = java.util.Arrays.asList(args).indexOf(null);
            args[data] = empty.toString();
            CliRun none = CliRun.of(args);
            assertEquals(1, none.exitCode(), none.err());
            assertEquals("cam4j: error: the test split of " + empty + " holds no digits", none.err().strip(), args[0]);
            args[data] = three.toString();
            CliRun few = CliRun.of(args);
            assertEquals(1, few.exitCode(), few.err());
            assertTrue(few.err().strip().startsWith("cam4j: error: the test split of " + three + " holds 3 digits, fewer"
                    + " than the "), few.err());
            assertTrue(few.err().strip().endsWith("drawn (--first, given or its default); give --first 3 or less"),
                    few.err());
        }
        assertTrue(Files.notExists(tmp.resolve("demo.png")) && Files.notExists(tmp.resolve("compare.png"))
                && Files.notExists(tmp.resolve("grid.png")));
    }

    /** @return a folder holding an IDX test split of {@code n} blank 28x28 digits */
    private static Path writeTestSplit(Path dir, int n) throws java.io.IOException {
        Files.createDirectories(dir);
        java.io.ByteArrayOutputStream images = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream idx = new java.io.DataOutputStream(images);
        idx.writeInt(0x00000803);
        idx.writeInt(n);
        idx.writeInt(28);
        idx.writeInt(28);
        idx.write(new byte[n * 28 * 28]);
        java.io.ByteArrayOutputStream labels = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream lidx = new java.io.DataOutputStream(labels);
        lidx.writeInt(0x00000801);
        lidx.writeInt(n);
        lidx.write(new byte[n]);
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), images.toByteArray());
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels.toByteArray());
        return dir;
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
        // The name typed is at fault: a usage error naming the option (it had exited 1, naming no option).
        String[][] runs = {{"demo", "--out"}, {"explain", "--grid"}};
        for (String[] r : runs) {
            CliRun run = r[0].equals("demo")
                    ? CliRun.of("demo", "--data", tmp.resolve("none").toString(), "--out", gif.toString())
                    : CliRun.of("explain", "--model", "mnist-pooled", "--data", tmp.resolve("none").toString(), "--grid",
                            gif.toString());
            assertEquals(2, run.exitCode(), run.err());
            assertEquals("cam4j: error: " + r[1] + " " + gif + ": OpenCV has no writer for its extension (use .png,"
                    + " .jpg, .bmp, ...) (see 'cam4j " + r[0] + " --help')", run.err().strip());
        }
    }

    /**
     * A mistyped --models, a model's own folder and a folder holding one of the two were all said to "not hold
     * mnist-pooled and mnist-unpooled"; now each is said for what it is, before the dataset is read.
     */
    @Test
    void saysWhatAModelsFolderIsInsteadOfOneHoldingBoth() throws Exception {
        Path missing = tmp.resolve("no-such-models");
        Path pooled = SharedData.bundledModels().resolve("mnist-pooled");
        Path half = Files.createDirectories(tmp.resolve("half").resolve("mnist-pooled")).getParent();
        String[][] cases = {
            {missing.toString(), "does not exist; give the folder that holds mnist-pooled and mnist-unpooled"},
            {pooled.toString(), "is a SavedModel itself; give the folder that holds mnist-pooled and mnist-unpooled"},
            {half.toString(), "holds mnist-pooled but not mnist-unpooled"}};
        for (String[] c : cases) {
            CliRun run = CliRun.of("demo", "--models", c[0], "--data", tmp.resolve("no-data").toString(), "--out",
                    tmp.resolve("models-x.png").toString());
            assertEquals(1, run.exitCode(), run.err());
            assertEquals("cam4j: error: --models " + c[0] + " " + c[1], run.err().strip());
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
