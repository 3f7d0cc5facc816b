package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's "Evaluating from Java" block, compiled as written and run: on the bundled pooled model (the block's
 * {@code saved_models/mnist-pooled}, the tests' working folder being the checkout) and 12 MNIST test digits, the
 * {@code mnist}, {@code limit} and {@code out} it leaves to the reader. 12 digits keep it to seconds of model runs
 * (faithfulness then takes all 12, the cascade its canvases of them).
 */
class ReadmeEvaluateExampleTest {
    static final int LIMIT = 12;

    @TempDir
    Path tmp;

    @Test
    void theReadmeBlockCompilesRunsAndWritesTheReport() throws Exception {
        io.github.cam4j.testing.ReadmeBlocks.Block readmeBlock =
                io.github.cam4j.testing.ReadmeBlocks.firstJavaBlockAfter("**Evaluating from Java.**");
        String block = readmeBlock.text();
        long firstLine = readmeBlock.firstLine();
        // The imports the block's first comment names, and nothing else: the block says what a user must import.
        List<String> header = List.of(
                "import io.github.cam4j.eval.*;",
                "import java.nio.file.Path;",
                "import java.util.List;",
                "public class ReadmeEvaluateBlock {",
                "    public static void run(Path mnist, int limit, Path out) throws Exception {");
        String source = String.join("\n", header) + "\n" + block + "\n    }\n}\n";
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        io.github.cam4j.testing.ReadmeBlocks.assertCompiles("ReadmeEvaluateBlock", source, classes, firstLine,
                header.size());

        Path out = tmp.resolve("eval-out");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            loader.loadClass("ReadmeEvaluateBlock").getMethod("run", Path.class, int.class, Path.class)
                    .invoke(null, SharedData.mnist(), LIMIT, out);
        } finally {
            System.setOut(stdout);
        }
        String lines = printed.toString(StandardCharsets.UTF_8);
        // The loop printed a line per comparison, pointing against the centre baseline among them.
        assertTrue(lines.contains("pointing, CAM - centre Gaussian: +"), lines);
        String json = Files.readString(out.resolve("report.json"));
        assertTrue(json.contains("\"digits\" : " + LIMIT), "report.json of the " + LIMIT + " digits asked for");
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains(LIMIT + " of the 10000 test digits"), md.substring(0, Math.min(400, md.length())));
        assertTrue(Files.exists(out.resolve("mnist-pooled-examples.png")), "the examples' grid is written");
    }

    /**
     * The run's figures are those of the command line's sample: the digits {@code evaluate --limit N} takes with the
     * settings' seed, faithfulness on the first ones.
     */
    @Test
    void aRunSamplesAsLimitDoes() throws Exception {
        EvaluationRun run = EvaluationRun.of(SharedData.mnist(), LIMIT, EvaluationSettings.defaults());
        assertEquals(10_000, run.test().count());
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                Sampling.sample(10_000, LIMIT, EvaluationSettings.DEFAULT_SEED), run.selection());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> run.writeReport(List.of(), tmp));
        assertEquals("evaluations is empty: give the ModelEvaluations of this run's models", e.getMessage());
    }

    /**
     * A missing list, or a null in it, is named: both were bare NullPointerExceptions ("Cannot invoke
     * \"java.util.List.isEmpty()\" because \"evaluations\" is null").
     */
    @Test
    void aNullEvaluationListOrEntryIsNamed() throws Exception {
        EvaluationRun run = EvaluationRun.of(SharedData.mnist(), LIMIT, EvaluationSettings.defaults());
        NullPointerException none = org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class,
                () -> run.writeReport(null, tmp));
        assertEquals("evaluations is null: the ModelEvaluations of this run's models", none.getMessage());
        NullPointerException entry = org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class,
                () -> run.writeReport(java.util.Arrays.asList((ModelEvaluation) null), tmp));
        assertEquals("evaluations holds null at index 0: give the ModelEvaluations of this run's models",
                entry.getMessage());
    }
}
