package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.render.Images;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code explain --layers}: the maps of several target layers fused, on the bundled pooled model. */
class LayersOptionTest {
    static final String MODEL = SharedData.bundledModels().resolve("mnist-pooled").toString();
    /** The pooled model's second convolution (14x14 cells) and its last (7x7), as inspect lists them. */
    static final String TWO = "conv2d_1/Relu,conv2d_2/Relu";

    @TempDir
    static Path tmp;

    static Path seven;

    @BeforeAll
    static void digits() throws Exception {
        seven = tmp.resolve("seven.png");
        try (Mat a = ArticleFigure.digit(Dataset.open(SharedData.mnist()).test(), 0)) {
            Images.write(a, seven);
        }
    }

    private static CliRun explain(String out, String... more) {
        List<String> args = new ArrayList<>(List.of("explain", "--model", MODEL, seven.toString(), "--json", "--out",
                tmp.resolve(out).toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(new String[0]));
    }

    /**
     * The JSON names the layers (null for one); the class and probability are the picture's own, the same as one
     * layer's to the bit; the fused overlay is neither layer's own. Smooth Grad-CAM++ too (it had been refused: its
     * noisy copies ran at one layer only), each run with the same default noise (4 copies, std 0.3, seed 0).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gradcam", "smoothgradcam++"})
    void explainsJsonNamesTheLayersAndKeepsTheProbability(String method) throws Exception {
        ObjectMapper json = new ObjectMapper();
        CliRun last = explain(method + "-last", "--method", method);
        CliRun second = explain(method + "-second", "--method", method, "--features", "conv2d_1/Relu");
        CliRun fused = explain(method + "-fused", "--method", method, "--layers", TWO);
        for (CliRun run : List.of(last, second, fused)) {
            assertEquals(0, run.exitCode(), run.err());
        }
        JsonNode one = json.readTree(last.out()).get(0);
        JsonNode both = json.readTree(fused.out()).get(0);
        assertTrue(one.get("layers").isNull(), one.toString());
        assertEquals("[\"conv2d_1/Relu\",\"conv2d_2/Relu\"]", both.get("layers").toString());
        assertEquals(7, both.get("class").asInt());
        assertEquals(one.get("probability").asDouble(), both.get("probability").asDouble(), 0.0);
        byte[] fusedPng = Files.readAllBytes(Path.of(both.get("overlay").asText()));
        for (CliRun single : List.of(last, second)) {
            byte[] png = Files.readAllBytes(Path.of(json.readTree(single.out()).get(0).get("overlay").asText()));
            assertNotEquals(java.util.Arrays.hashCode(png), java.util.Arrays.hashCode(fusedPng),
                    "the fused overlay is one layer's");
        }
    }

    /** Every refusal is a usage error (exit 2) naming the option and what to do, before the model loads. */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "--method gradcam --layers conv2d_2/Relu|two or more tensors",
        "--method gradcam --layers conv2d_2/Relu,conv2d_2/Relu|names conv2d_2/Relu twice",
        "--method gradcam --layers conv2d_2/Relu,conv2d_1/Relu,conv2d_2/Relu:0|names conv2d_2/Relu:0 twice",
        "--layers conv2d_1/Relu,conv2d_2/Relu|--method cam weighs the last convolution's features",
        "--method gradcam --features conv2d_2/Relu --layers conv2d_1/Relu,conv2d_2/Relu|both choose the layer"})
    void refusals(String options, String says) {
        CliRun run = explain("refused", options.split(" "));
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains(says), run.err());
    }

    /**
     * A layer that is not a feature map is refused when the model opens, naming the layer: a usage error in the
     * option's words, as a layer the graph lacks is (it had exited 1 with the loader's "target layer dense/MatMul").
     */
    @Test
    void aLayerThatIsNotAFeatureMapIsNamed() {
        CliRun run = explain("rank", "--method", "gradcam", "--layers", "conv2d_2/Relu,dense/MatMul");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("--layers dense/MatMul has rank 2 (shape [-1, 10]): it takes rank-4 layers'"
                + " tensors"), run.err());
    }

    /**
     * A --layers of separators only names no layer, and is refused in one line as an empty name is: "--layers ,"
     * reached the one-layer message's layers.get(0) and printed "java.lang.IndexOutOfBoundsException: Index 0 out of
     * bounds for length 0", exit 1.
     */
    @Test
    void layersOfSeparatorsOnlyAreAnEmptyName() {
        FirstTestDigit.assertEachRefusedInOneLine(MODEL, seven, tmp.resolve("separators"), new String[][] {
            {"--method gradcam --layers ,", "cam4j: error: --layers '' holds an empty name: give the layers' tensors,"
                    + " comma-separated (see 'cam4j explain --help')"},
            {"--method gradcam --layers conv2d_1/Relu,,conv2d_2/Relu", "--layers 'conv2d_1/Relu,,conv2d_2/Relu' holds"
                    + " an empty name"},
        });
    }
}
