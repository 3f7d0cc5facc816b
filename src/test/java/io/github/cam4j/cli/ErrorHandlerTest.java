package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.testing.ForeignModels;
import io.github.cam4j.testing.SharedData;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Every failure reaches the user as one line that says what went wrong, without Java class names, C++ source paths or
 * TensorFlow's graph node lists; the failures below are real ones, raised by OpenCV, TensorFlow and the file system.
 */
class ErrorHandlerTest {
    @TempDir
    Path tmp;

    /** A command whose work does not fit the JVM's heap, as explain of a 20000x20000 scan does under a small -Xmx. */
    @picocli.CommandLine.Command(name = "greedy")
    static final class Greedy implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Option(names = "--verbose")
        boolean verbose;

        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    /** Running out of heap escaped picocli (it catches exceptions, not errors) as a stack trace from the JVM. */
    @Test
    void runningOutOfMemoryIsOneLine() {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = Cam4j.configure(new picocli.CommandLine(new Greedy()));
        cli.setErr(new java.io.PrintWriter(err));
        assertEquals(ErrorHandler.FAILED, cli.execute());
        String line = err.toString().strip();
        assertTrue(line.startsWith("cam4j: error: out of memory (Java heap space) with a heap of at most "), line);
        assertTrue(line.endsWith("MB: give the JVM more (java -Xmx8g -jar cam4j.jar ...) or use smaller images (run "
                + "again with --verbose for details)"), line);
        assertFalse(line.contains("\n"), line);
    }

    /** A command that runs out of memory in batches of its own. */
    @picocli.CommandLine.Command(name = "batched")
    static final class Batched implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Option(names = "--batch", defaultValue = "128")
        int batch;

        @Override
        public Integer call() {
            throw new OutOfMemoryError("Physical memory usage is too high: physicalBytes (1024M) > maxPhysicalBytes"
                    + " (1024M)");
        }
    }

    /**
     * evaluate, out of memory under -Xmx256m, was told to "use smaller images", where its pictures are its own 84x84
     * canvases: what it can change is its --batch, said with the value it ran with.
     */
    @Test
    void runningOutOfMemoryInBatchesAsksForASmallerBatch() {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = Cam4j.configure(new picocli.CommandLine(new Batched()));
        cli.setErr(new java.io.PrintWriter(err));
        assertEquals(ErrorHandler.FAILED, cli.execute("--batch", "64"));
        String line = err.toString().strip();
        assertTrue(line.endsWith("MB: give the JVM more (java -Xmx8g -jar cam4j.jar ...) or a smaller --batch (it was"
                + " 64) (run again with --verbose for details)"), line);
        assertFalse(line.contains("\n"), line);
    }

    @Test
    void openCvsAssertionsLoseTheirSourcePath() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> {
            try (Mat empty = new Mat(); Mat dst = new Mat(); Size size = new Size(0, 0)) {
                opencv_imgproc.resize(empty, dst, size);
            }
        });
        assertTrue(e.getMessage().startsWith("OpenCV("), e.getMessage());
        String line = ErrorHandler.describe(e);
        assertTrue(line.startsWith("OpenCV failed: Assertion failed: !ssize.empty()"), line);
        assertTrue(line.endsWith("(in resize)"), line);
        assertFalse(line.contains(".cpp") || line.contains("\n") || line.contains("RuntimeException"), line);
    }

    /**
     * cam4j's words before OpenCV's keep the space between them: a picture written through a link to notes.txt was said
     * "cannot write image g.png:OpenCV failed". Images.write now says that case in its own words, so the line is made
     * as it made it, its own words then a real OpenCV error's text.
     */
    @Test
    void wordsBeforeOpenCvsKeepTheirSpace() {
        RuntimeException opencv = assertThrows(RuntimeException.class, () -> {
            try (Mat empty = new Mat(); Mat dst = new Mat(); Size size = new Size(0, 0)) {
                opencv_imgproc.resize(empty, dst, size);
            }
        });
        java.nio.file.Path file = java.nio.file.Path.of("g.png");
        String line = ErrorHandler.describe(new io.github.cam4j.render.ImageException("cannot write image " + file + ": "
                + opencv.getMessage(), opencv));
        assertTrue(line.startsWith("cannot write image g.png: OpenCV failed: "), line);
        assertFalse(line.contains(".cpp") || line.contains("\n"), line);
    }

    @Test
    void tensorFlowsStatusErrorsLoseTheirNodeLists() {
        RuntimeException e;
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            var x = tf.placeholder(TFloat32.class);
            var y = tf.math.mul(x, x);
            e = assertThrows(RuntimeException.class, () -> s.runner().fetch(y).run().close());
        }
        String line = ErrorHandler.describe(e);
        assertTrue(line.startsWith("TensorFlow failed: "), line);
        assertFalse(line.contains("[[") || line.contains("\n") || line.contains("org.tensorflow"), line);
    }

    @Test
    void fileSystemErrorsSayWhatIsWrongWithWhichFile() throws Exception {
        Path taken = Files.writeString(tmp.resolve("existing.txt"), "x");
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class, () -> Files.createDirectory(taken));
        assertEquals(taken + " already exists", ErrorHandler.describe(e));
    }

    @Test
    void aModelCamCannotExplainPointsToGradCamInOneLine() {
        CliRun r = CliRun.of("explain", "--model", SharedData.kerasSavedModels().resolve("mnist-flatten-dense").toString(),
                tmp.resolve("x.png").toString(), "--out", tmp.resolve("o").toString());
        assertEquals(1, r.exitCode());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), err);
        assertTrue(err.startsWith("cam4j: error: ") && err.contains("not CAM-ready") && err.contains("--method gradcam"), err);
        assertFalse(err.contains("LoadOptions"), err);
    }

    /**
     * The Grad-CAM hint follows only a refusal for want of global average pooling, after a full stop, and only where
     * --method is CAM. Before, every NotCamReadyException got "Explain it with --method gradcam" appended without a
     * full stop: for a uint8 input too, with --method gradcam given, and in evaluate, which has no --method (evaluate
     * names the commands that explain such a model instead).
     */
    @Test
    void theGradCamHintFollowsOnlyMissingPoolingWhereTheMethodIsCam() {
        Path uint8 = ForeignModels.export(tmp.resolve("uint8"), ForeignModels.uint8Classifier());
        for (String method : new String[] {"cam", "gradcam"}) {
            CliRun r = CliRun.of("explain", "--model", uint8.toString(), "--method", method, tmp.resolve("x.png").toString(),
                    "--out", tmp.resolve("o-" + method).toString());
            assertEquals(1, r.exitCode());
            String err = r.err().strip();
            assertTrue(err.contains("cam4j feeds float32 images [N, H, W, C]: export the Keras model with"
                    + " python-export/export_cam.py, whose signature takes float32 pixels and hands them to the model as"
                    + " its input's type. 'cam4j inspect --model " + uint8 + "' shows what was found."), err);
            assertFalse(err.contains("--method gradcam"), err);
        }
        String flattenDense = SharedData.kerasSavedModels().resolve("mnist-flatten-dense").toString();
        CliRun cam = CliRun.of("explain", "--model", flattenDense, tmp.resolve("x.png").toString(), "--out",
                tmp.resolve("o").toString());
        assertTrue(cam.err().strip().matches(".*\\. Explain it with --method gradcam \\(no global average pooling needed\\);"
                + " 'cam4j inspect --model " + java.util.regex.Pattern.quote(flattenDense) + "' shows what was"
                + " found\\."), cam.err());
        // "CAM" is CAM as --method reads it.
        CliRun upper = CliRun.of("explain", "--model", flattenDense, "--method", "CAM", tmp.resolve("x.png").toString(),
                "--out", tmp.resolve("o-upper").toString());
        assertTrue(upper.err().contains("Explain it with --method gradcam"), upper.err());
        CliRun evaluate = CliRun.of("evaluate", "--model", flattenDense, "--data", SharedData.mnist().toString(),
                "--limit", "1", "--faithfulness", "0", "--out", tmp.resolve("eval").toString());
        assertEquals(1, evaluate.exitCode(), evaluate.err());
        // evaluate has no --method of its own: it is not told to use one, but names the commands that have it.
        assertTrue(evaluate.err().contains("no global average pooling")
                && !evaluate.err().contains("Explain it with --method gradcam")
                && evaluate.err().contains("'cam4j explain --method gradcam'"), evaluate.err());
    }

    @Test
    void aMistypedCommandLineIsOneLinePointingToTheHelp() {
        CliRun r = CliRun.of("explain", "--class", "abc", "--model", "mnist-pooled", "x.png", "--out",
                tmp.resolve("o").toString());
        assertEquals(2, r.exitCode(), "picocli's exit code for a usage error");
        assertEquals("cam4j: error: Invalid value for option '--class': 'abc' is not an int (see 'cam4j explain --help')",
                r.err().strip());
    }

    @Test
    void thePixelScaleTakesTheFractionItsHelpShows() {
        assertEquals(1f / 255, LoadFlags.parsePixelScale("1/255"), 1e-9f);
        assertEquals(0.5f, LoadFlags.parsePixelScale(" 0.5 "));
        for (String bad : new String[] {"-1", "0", "1e-30", "1/0", "abc", "NaN", "1e40"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoadFlags.parsePixelScale(bad));
            assertTrue(e.getMessage().startsWith("--pixel-scale"), e.getMessage());
        }
    }

    @Test
    void thePixelOffsetTakesANumberOfEitherSignAndNamesItselfOtherwise() {
        assertEquals(-1f, LoadFlags.parsePixelOffset("-1"));
        assertEquals(0.5f, LoadFlags.parsePixelOffset(" 0.5 "));
        for (String bad : new String[] {"abc", "NaN", "1e40", "-Infinity", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoadFlags.parsePixelOffset(bad));
            assertTrue(e.getMessage().startsWith("--pixel-offset"), e.getMessage());
        }
        CliRun r = CliRun.of("explain", "--model", "mnist-pooled", "--pixel-offset", "one", tmp.resolve("x.png").toString(),
                "--out", tmp.resolve("o").toString());
        // Not a number: a mistyped command line, as picocli answers one (exit 2, the help named).
        assertEquals(2, r.exitCode());
        assertEquals("cam4j: error: --pixel-offset 'one' is not a number (the usual offsets are 0 and -1) (see 'cam4j"
                + " explain --help')", r.err().strip());
    }

    @Test
    void aBundledModelIsNamedAsTypedNotByItsCachedCopysPath() throws Exception {
        Path labels = Files.writeString(tmp.resolve("three.txt"), "0\n1\n2\n");
        CliRun r = CliRun.of("explain", "--model", "mnist-pooled", "--labels", labels.toString(), tmp.resolve("x.png").toString(),
                "--out", tmp.resolve("o").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("cam4j: error: mnist-pooled (bundled, at "), r.err());
        assertTrue(r.err().contains("3 labels given for its 10 classes (--labels " + labels + ")"), r.err());
    }

    /**
     * The refusal of a model holding ops off the allow-list (here the real Keras model with a {@code tf.print} in its
     * serving function: StringFormat feeding PrintV2) opens with a whole line that says what happened and what to do,
     * then names the refused ops one a line, indented. The ops ran into one line ("... allow-list - 'StringFormat' ...").
     */
    @Test
    void aRefusedModelsOpsAreListedOneALine() throws Exception {
        Path model = printingKerasModel(tmp.resolve("printing"));
        Path pb = model.resolve("saved_model.pb");
        CliRun r = CliRun.of("inspect", "--model", model.toString());
        assertEquals(1, r.exitCode(), r.out());
        java.util.List<String> lines = r.err().lines().toList();
        assertEquals(3, lines.size(), r.err());
        assertEquals("cam4j: error: " + pb + ": refusing to load this SavedModel before anything in it runs: it holds 2 ops"
                + " that are not pure tensor ops, which an image classifier does not need; load it with trust"
                + " (ImportOptions.trust, --trust) only if you trust whoever made it", lines.get(0));
        assertTrue(lines.get(1).matches("  - 'StringFormat' \\(node 'format' in function '.+'\\) is not on the allow-list"),
                r.err());
        assertTrue(lines.get(2).matches("  - 'PrintV2' \\(node 'print' in function '.+'\\) is not on the allow-list"),
                r.err());
        // Where one line is all there is (explain --json's document), the ops follow the summary in it.
        CliRun json = CliRun.of("explain", "--model", model.toString(), tmp.resolve("x.png").toString(), "--json", "--out",
                tmp.resolve("o").toString());
        assertEquals(1, json.exitCode(), json.err());
        String error = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out()).get(0).get("error").asText();
        assertTrue(error.startsWith(lines.get(0).substring("cam4j: error: ".length()) + "; refused: 'StringFormat' (node"),
                error);
        assertFalse(error.contains("\n") || error.contains(" - "), error);
    }

    /**
     * @param dir where to write it
     * @return the shared Keras model mnist-conv-head-gap with what {@code tf.print(x)} adds to a function (a StringFormat
     *     whose string a PrintV2 prints) in the serving signature's function
     */
    private static Path printingKerasModel(Path dir) throws Exception {
        Path source = SharedData.kerasSavedModels().resolve("mnist-conv-head-gap");
        org.tensorflow.proto.SavedModel saved = org.tensorflow.proto.SavedModel.parseFrom(
                Files.readAllBytes(source.resolve("saved_model.pb")));
        org.tensorflow.proto.MetaGraphDef.Builder meta = saved.getMetaGraphs(0).toBuilder();
        org.tensorflow.proto.FunctionDefLibrary.Builder library = meta.getGraphDefBuilder().getLibraryBuilder();
        int serving = -1;
        for (int i = 0; i < library.getFunctionCount(); i++) {
            String name = library.getFunction(i).getSignature().getName();
            if (name.contains("serving_default") || (serving < 0 && name.contains("call"))) {
                serving = i;
            }
        }
        org.tensorflow.proto.FunctionDef.Builder f = library.getFunctionBuilder(serving);
        String input = f.getSignature().getInputArg(0).getName();
        f.addNodeDef(org.tensorflow.proto.NodeDef.newBuilder().setName("format").setOp("StringFormat").addInput(input)
                .putAttr("template", org.tensorflow.proto.AttrValue.newBuilder()
                        .setS(com.google.protobuf.ByteString.copyFromUtf8("{}")).build()));
        f.addNodeDef(org.tensorflow.proto.NodeDef.newBuilder().setName("print").setOp("PrintV2")
                .addInput("format:output:0"));
        Files.createDirectories(dir);
        Files.write(dir.resolve("saved_model.pb"), saved.toBuilder().setMetaGraphs(0, meta).build().toByteArray());
        try (java.util.stream.Stream<Path> files = Files.walk(source.resolve("variables"))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.copy(p, dir.resolve(source.relativize(p).toString()));
            }
        }
        return dir;
    }
}
