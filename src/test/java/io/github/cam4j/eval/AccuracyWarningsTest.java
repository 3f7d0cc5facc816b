package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sentences the report prints about a model's accuracy, for the cases they were written for. */
class AccuracyWarningsTest {
    private static ModelReport report(double accuracy, double canvasAccuracy) {
        return new ModelReport("m", "/models/m", 100, "28x28", accuracy, 84, "21x21", canvasAccuracy, canvasAccuracy,
                Map.of(), Map.of(), Map.of(), null, null, List.of(), List.of(), 1.0);
    }

    /** A model read at chance (fed the wrong pixels) is the case the first warning exists for; it once failed to format. */
    @Test
    void aModelReadingFewDigitsIsToldToCheckItsPixels() {
        List<String> w = AccuracyWarnings.of(report(0.1, 0.1));
        assertEquals(1, w.size());
        assertTrue(w.get(0).startsWith("m reads only 10.0 % of the plain 28x28 test digits"), w.get(0));
        // No pixel option given: the model's own mapping is what fed it, and where to see it and replace it.
        assertTrue(w.get(0).contains("no pixel option was given, so the model's own mapping fed them: 'cam4j inspect'"
                + " shows it, and 'cam4j evaluate --help' the options that replace it"), w.get(0));
        // It advised "--invert", an option evaluate does not have ("Unknown options: '--invert'").
        assertFalse(w.get(0).contains("--invert"), w.get(0));
    }

    /**
     * The warning names the pixel options the user gave, with their values, and no other: it named all six ("check
     * --preprocess, or --pixel-scale, --pixel-offset, --pixel-mean, --pixel-std and --channel-order ..., where given")
     * to a run given only {@code --pixel-offset -3}, or none.
     */
    @Test
    void theWarningNamesOnlyThePixelOptionsGiven() {
        String offset = AccuracyWarnings.of(report(0.07, 0.07), List.of("--pixel-offset -3")).get(0);
        assertTrue(offset.contains("(check the pixel options given: --pixel-offset -3 (model input ="
                + " (pixel 0..255 x scale + offset - mean) / std); the digits are MNIST's"), offset);
        String caffe = AccuracyWarnings.of(report(0.07, 0.07), List.of("--preprocess caffe")).get(0);
        assertTrue(caffe.contains("(check the pixel options given: --preprocess caffe; the digits"), caffe);
        for (String option : List.of("--preprocess", "--pixel-scale", "--pixel-offset", "--pixel-mean", "--pixel-std",
                "--channel-order")) {
            assertEquals(option.equals("--pixel-offset"), offset.contains(option), option + ": " + offset);
            assertEquals(option.equals("--preprocess"), caffe.contains(option), option + ": " + caffe);
            assertFalse(AccuracyWarnings.of(report(0.07, 0.07)).get(0).contains(option), option);
        }
    }

    /**
     * The warnings are printed by {@code cam4j evaluate} and written into its report: an option they point at must be
     * one of evaluate's. The first told the user to check {@code --invert}, which only explain and video have.
     */
    @Test
    void everyOptionAWarningNamesIsAnOptionOfEvaluate() {
        picocli.CommandLine.Model.CommandSpec evaluate = io.github.cam4j.cli.Cam4j.commandLine().getSubcommands()
                .get("evaluate").getCommandSpec();
        for (String w : AccuracyWarnings.of(report(0.1, 0.1))) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("--[a-z][a-z0-9-]*").matcher(w);
            while (m.find()) {
                assertTrue(evaluate.findOption(m.group()) != null, m.group() + " is not evaluate's: " + w);
            }
        }
    }

    @Test
    void aModelLosingTheDigitsOnCanvasesIsToldSoAndAGoodOneIsNot() {
        List<String> w = AccuracyWarnings.of(report(0.99, 0.11));
        assertEquals(1, w.size());
        assertTrue(w.get(0).startsWith("m reads 99.0 % of the digits at 28x28 but 11.0 % on the 84x84 canvases"), w.get(0));
        assertEquals(List.of(), AccuracyWarnings.of(report(0.99, 0.98)));
    }

    /**
     * A drop of more than 20 points is reported; the sentence said "most canvas maps explain a class the model did not
     * predict" whatever the drop, also when three quarters of the canvases were read right. It gives the share.
     */
    @Test
    void theShareOfMapsExplainingAClassNotPredictedIsTheCanvasErrorRate() {
        List<String> w = AccuracyWarnings.of(report(0.99, 0.75));
        assertEquals(1, w.size());
        assertTrue(w.get(0).endsWith(": 25.0 % of the canvas maps explain a class the model did not predict"), w.get(0));
        assertTrue(AccuracyWarnings.of(report(0.99, 0.11)).get(0).endsWith(": 89.0 % of the canvas maps explain a class the"
                + " model did not predict"));
    }

    /**
     * A model whose metadata records it as weak is called weak: it was told to check its pixel scaling, which a model
     * trained for one brief epoch (26 % on the test set, its metadata says) does not need.
     */
    @Test
    void aModelRecordedAsWeakIsCalledWeakNotFedWrong(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path assets = java.nio.file.Files.createDirectories(tmp.resolve("weak").resolve("assets"));
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode meta = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(
                io.github.cam4j.testing.SharedData.bundledModels().resolve("mnist-pooled").resolve("assets")
                        .resolve("cam4j.json").toFile());
        meta.put("testAccuracy", 0.2631);
        mapper.writeValue(assets.resolve("cam4j.json").toFile(), meta);
        ModelReport weak = new ModelReport("weak", tmp.resolve("weak").toString(), 100, "28x28", 0.25, 84, "21x21", 0.25,
                0.25, Map.of(), Map.of(), Map.of(), null, null, List.of(), List.of(), 1.0);
        List<String> w = AccuracyWarnings.of(weak);
        assertEquals(List.of("weak reads only 25.0 % of the plain 28x28 test digits, as weak as its metadata records it"
                + " (test accuracy 26.3 %): the model itself reads few digits, and its maps mean little"), w);
        // Recorded as good, read badly here: the pixels are the likely fault, as before.
        meta.put("testAccuracy", 0.99);
        mapper.writeValue(assets.resolve("cam4j.json").toFile(), meta);
        assertTrue(AccuracyWarnings.of(weak).get(0).contains("not fed the pixels"), AccuracyWarnings.of(weak).toString());
    }

    /** @return a report of a model of {@code units} classes, {@code present} of them (from the last down) with digits */
    private static ModelReport report(double accuracy, int units, int present) {
        List<ModelReport.ClassRow> rows = new java.util.ArrayList<>();
        for (int k = 0; k < units; k++) {
            int digits = k >= units - present ? 50 : 0;
            rows.add(new ModelReport.ClassRow(k, digits, accuracy, accuracy, 1, 1, 1, 1, 1, Integer.toString(k)));
        }
        return new ModelReport("m", "/models/m", 50 * present, "28x28", accuracy, 84, "21x21", accuracy, accuracy,
                Map.of(), Map.of(), Map.of(), null, null, rows, List.of(), 1.0);
    }

    /**
     * The bar is as far above chance for every class count as 0.5 is above ten classes' 0.1: a model of two classes
     * at 0.55, a hair above its guess's 0.5, was held to the ten-class 0.5 and passed without a word, as did a model
     * that learnt nothing, trained on labels 8 and 9 on ten units (0.52 on its own digits of 8 and 9). A ten-class
     * model at 0.55 is not warned of, and MNIST's bar stays 0.5.
     */
    @Test
    void theBarIsAsFarAboveChanceForEveryClassCount() {
        assertEquals(List.of("m reads only 55.0 % of the plain 28x28 test digits (a guess among its 2 classes reads"
                + " 50.0 %): it is probably not fed the pixels it was trained on (no pixel option was given, so the"
                + " model's own mapping fed them: 'cam4j inspect' shows it, and 'cam4j evaluate --help' the options that"
                + " replace it; the digits are MNIST's, light on black, as they are: a model of dark ink misreads them),"
                + " and its maps mean little"), AccuracyWarnings.of(report(0.55, 2, 2)));
        List<String> eightsAndNines = AccuracyWarnings.of(report(0.52, 10, 2));
        assertEquals(1, eightsAndNines.size());
        assertTrue(eightsAndNines.get(0).startsWith("m reads only 52.0 % of the plain 28x28 test digits (a guess among"
                + " their 2 classes reads 50.0 %)"), eightsAndNines.get(0));
        assertEquals(List.of(), AccuracyWarnings.of(report(0.55, 10, 10)));
        assertTrue(AccuracyWarnings.of(report(0.49, 10, 10)).get(0).contains("(a guess among its 10 classes reads 10.0 %)"));
        assertEquals(0.5, AccuracyWarnings.warnsBelow(10), 1e-12);
        // Two classes: 0.5 + 0.5 x 4/9.
        assertEquals(0.5 + 0.5 * 4 / 9, AccuracyWarnings.warnsBelow(2), 1e-12);
        assertEquals(List.of(), AccuracyWarnings.of(report(0.73, 2, 2)));
    }
}
