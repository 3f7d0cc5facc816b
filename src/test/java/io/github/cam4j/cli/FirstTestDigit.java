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
     * Explains the first test digit on the command line and reads the overlay back: the option tests' way of seeing
     * whether a setting changed the map (byte for byte).
     *
     * @param model the model folder
     * @param seven the digit's PNG ({@link #writeIn})
     * @param out the folder for the overlay, overwritten
     * @param options explain's options besides the model, the picture and {@code --out}
     * @return the overlay PNG's bytes
     */
    static byte[] overlayOf(String model, Path seven, Path out, String... options) throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("explain", "--model", model,
                seven.toString(), "--out", out.toString(), "--force"));
        args.addAll(java.util.Arrays.asList(options));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        org.junit.jupiter.api.Assertions.assertEquals(0, run.exitCode(), run.err());
        String name = seven.getFileName().toString().replaceFirst("\\.png$", "");
        return java.nio.file.Files.readAllBytes(out.resolve(name + "-cam.png"));
    }

    /**
     * Explains the first test digit with options that must be refused: exit 2, the error holding {@code expected},
     * nothing written to {@code out}.
     *
     * @param model the model folder
     * @param seven the digit's PNG ({@link #writeIn})
     * @param out the folder explain is told to write, which must not come to exist
     * @param options explain's options besides the model, the picture and {@code --out}, separated by single spaces
     * @param expected what the error must say
     * @return the run, for further checks of its error
     */
    static CliRun assertRefused(String model, Path seven, Path out, String options, String expected) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("explain", "--model", model,
                seven.toString(), "--out", out.toString()));
        args.addAll(java.util.Arrays.asList(options.split(" ")));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        org.junit.jupiter.api.Assertions.assertEquals(2, run.exitCode(), options + ": " + run.err());
        org.junit.jupiter.api.Assertions.assertTrue(run.err().contains(expected), options + ": " + run.err());
        org.junit.jupiter.api.Assertions.assertFalse(java.nio.file.Files.exists(out),
                options + ": refused before anything was written");
        return run;
    }

    /**
     * Explains the first test digit with each set of options, each refused in one line ({@link #assertRefused}).
     *
     * @param refused per case, explain's options separated by single spaces and what the error must say
     */
    static void assertEachRefusedInOneLine(String model, Path seven, Path out, String[][] refused) {
        for (String[] r : refused) {
            CliRun run = assertRefused(model, seven, out, r[0], r[1]);
            org.junit.jupiter.api.Assertions.assertEquals(1, run.err().strip().lines().count(), run.err());
        }
    }

    /**
     * Explains the first test digit with {@code --json} and reads its entry.
     *
     * @param options explain's options besides the model, the picture, {@code --json} and {@code --out}
     * @return the JSON entry of the digit
     */
    static com.fasterxml.jackson.databind.JsonNode jsonOf(String model, Path seven, Path out, String... options)
            throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("explain", "--model", model,
                seven.toString(), "--json", "--out", out.toString()));
        args.addAll(java.util.Arrays.asList(options));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        org.junit.jupiter.api.Assertions.assertEquals(0, run.exitCode(), run.err());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out()).get(0);
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
