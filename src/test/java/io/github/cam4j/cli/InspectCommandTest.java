package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.testing.ForeignModels;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import io.github.cam4j.savedmodel.ModelMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TFloat32;

class InspectCommandTest {
    @Test
    void describesACam4jModel() {
        CliRun run = CliRun.of("inspect", "--model", SharedData.bundledModels().resolve("mnist-pooled").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("cam: {images [?,?,?,1]} -> {"), run.out());
        assertTrue(run.out().contains("CAM-ready: features features:0"), run.out());
        // The graph's names for the tensor options: the signature says 'kernel', the graph 'classifier_kernel', and a
        // user who took the key was told the tensor does not exist.
        assertTrue(run.out().contains("graph tensors (--input, --features, --logits, --kernel, --bias): images:0,"
                + " features:0, logits:0, classifier_kernel:0, classifier_bias:0"), run.out());
        // How it was trained, from its metadata: what the README's train command repeats.
        assertTrue(run.out().contains("trained: 15 epochs on mnist, batch 64, Adam from 0.003 (cosine), seed 42, 54000"
                + " images (6000 held out, validation accuracy 0.9932), 25.9 s per epoch on 2 cores, Linux amd64;"
                + " pictures shifted at random by up to 8 pixels"), run.out());
        assertTrue(run.out().contains("feature grid: a cell every 4.0 x 4.0 input pixels, the first centred at (1.5, 1.5)"),
                run.out());
        assertTrue(run.out().contains("Grad-CAM, Score-CAM, Eigen-CAM and Ablation-CAM layers (--method"
                + " gradcam|scorecam|eigencam|ablationcam --features NAME): ")
                && run.out().contains("conv2d_1/Relu [-1, -1, -1, 64]"), run.out());
        // cam4j's poolings are MaxPoolV2 ops, which --features takes: they were left out of the list.
        assertTrue(run.out().contains("max_pooling2d_1/MaxPool [-1, -1, -1, 64]"), run.out());
    }

    /**
     * A file where the model's folder goes is a path of the wrong kind: exit 2, as --out naming a file is, and as
     * explain and evaluate say it; it had exited 1, as a model that fails to load does. In the loader's words: a Keras
     * file gets how to export it.
     */
    @Test
    void aModelThatIsAFileIsAUsageError(@TempDir Path tmp) throws Exception {
        Path h5 = Files.write(tmp.resolve("model.h5"), new byte[] {1, 2, 3});
        CliRun inspect = CliRun.of("inspect", "--model", h5.toString());
        assertEquals(2, inspect.exitCode(), inspect.err());
        assertEquals("cam4j: error: --model " + h5 + " is a file, not a SavedModel folder: a Keras model file, which"
                + " TensorFlow Java cannot read; export it as a SavedModel, model.export(DIR) under Keras 3 or cam4j's"
                + " python-export/export_cam.py, and give DIR (see 'cam4j inspect --help')", inspect.err().strip());
        Path pb = SharedData.bundledModels().resolve("mnist-pooled").resolve("saved_model.pb");
        Path picture = Files.write(tmp.resolve("x.txt"), new byte[] {1});
        CliRun explain = CliRun.of("explain", "--model", pb.toString(), picture.toString(), "--out",
                tmp.resolve("out").toString());
        assertEquals(2, explain.exitCode(), explain.err());
        assertEquals("cam4j: error: --model " + pb + " is a file, not a SavedModel folder; give the folder that holds"
                + " it, " + pb.toAbsolutePath().getParent() + " (see 'cam4j explain --help')", explain.err().strip());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    /**
     * A model exported by cam4j before stop 51 leaves its signatures' method name empty: a default TensorFlow Serving
     * serves it, one that checks method names refuses it, and inspect says so (the bundled models now name Predict).
     */
    @Test
    void signaturesThatDoNotNamePredictAreNoted(@TempDir Path tmp) throws Exception {
        CliRun bundled = CliRun.of("inspect", "--model", SharedData.bundledModels().resolve("mnist-pooled").toString());
        assertEquals(0, bundled.exitCode(), bundled.err());
        assertFalse(bundled.out().contains("Predict method"), bundled.out());

        Path pooled = SharedData.bundledModels().resolve("mnist-pooled");
        Path old = tmp.resolve("old-export");
        for (String file : List.of("saved_model.pb", "assets/cam4j.json", "variables/variables.index",
                "variables/variables.data-00000-of-00001")) {
            Files.createDirectories(old.resolve(file).getParent());
            Files.copy(pooled.resolve(file), old.resolve(file));
        }
        SavedModel saved = SavedModel.parseFrom(Files.readAllBytes(old.resolve("saved_model.pb")));
        MetaGraphDef.Builder meta = saved.getMetaGraphs(0).toBuilder();
        for (String key : List.of("cam", "cam_weights")) {
            meta.putSignatureDef(key, meta.getSignatureDefOrThrow(key).toBuilder().setMethodName("").build());
        }
        // As tf.saved_model.save writes it beside the signatures (python-export/export_cam.py's exports): TensorFlow's
        // initialisation entry, never served, which was noted as a signature without Predict's name (helper-162).
        meta.getGraphDefBuilder().addNode(org.tensorflow.proto.NodeDef.newBuilder().setName("init_noop").setOp("NoOp"));
        meta.putSignatureDef("__saved_model_init_op", org.tensorflow.proto.SignatureDef.newBuilder().putOutputs(
                "__saved_model_init_op", org.tensorflow.proto.TensorInfo.newBuilder().setName("init_noop").build()).build());
        Files.write(old.resolve("saved_model.pb"), saved.toBuilder().setMetaGraphs(0, meta).build().toByteArray());

        CliRun run = CliRun.of("inspect", "--model", old.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("note: signatures cam, cam_weights do not name the Predict method"
                + " (tensorflow/serving/predict): TensorFlow Serving started with --enable_signature_method_name_check"
                + " refuses Predict calls on them; a default server serves them"), run.out());
    }

    /**
     * A bundled model named by its name is said as every other command says it, by that name with its copy's path in
     * parentheses; inspect printed the cache's path alone ({@code ~/.cache/cam4j/models/<hash>/mnist-pooled}).
     */
    /**
     * A SavedModel copied without its variables/ folder: one error line naming the folder and what is missing, as
     * explain, evaluate and video give, and nothing of the model described before it (inspect had printed its
     * signatures, layers and training, then the error, so that the description read as if the model were whole).
     */
    @Test
    void aModelWithoutItsVariablesIsOneErrorLineAndNoDescription(@TempDir Path tmp) throws Exception {
        Path pooled = SharedData.bundledModels().resolve("mnist-pooled");
        Path copy = tmp.resolve("no-variables");
        java.nio.file.Files.createDirectories(copy.resolve("assets"));
        java.nio.file.Files.copy(pooled.resolve("saved_model.pb"), copy.resolve("saved_model.pb"));
        java.nio.file.Files.copy(pooled.resolve("assets").resolve("cam4j.json"), copy.resolve("assets").resolve("cam4j.json"));
        CliRun run = CliRun.of("inspect", "--model", copy.toString());
        assertEquals(1, run.exitCode(), run.err());
        assertEquals("", run.out(), "nothing described before the error");
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains(copy + " has no variables/variables.index"), run.err());
    }

    /**
     * Weights that are there but cannot be loaded (another architecture's, of the same names: a model trained again
     * with another --arch copied over an old one's variables/) and a metadata file that is not JSON: one error line, as
     * for missing weights, and nothing described. Inspect had printed the model's signatures and graph tensors (with
     * bad weights its metadata, training and layers too) on standard output above the error line.
     */
    @Test
    void aModelWhoseWeightsOrMetadataCannotBeReadIsOneErrorLineAndNoDescription(@TempDir Path tmp) throws Exception {
        Path pooled = SharedData.bundledModels().resolve("mnist-pooled");
        Path unpooled = SharedData.bundledModels().resolve("mnist-unpooled");
        Path otherWeights = tmp.resolve("other-weights");
        Path badMetadata = tmp.resolve("bad-metadata");
        for (Path copy : List.of(otherWeights, badMetadata)) {
            for (String file : List.of("saved_model.pb", "assets/cam4j.json", "variables/variables.index",
                    "variables/variables.data-00000-of-00001")) {
                Files.createDirectories(copy.resolve(file).getParent());
                Files.copy((copy == otherWeights && file.startsWith("variables") ? unpooled : pooled).resolve(file),
                        copy.resolve(file));
            }
        }
        Files.writeString(badMetadata.resolve("assets").resolve("cam4j.json"), "{broken");
        for (Path copy : List.of(otherWeights, badMetadata)) {
            CliRun run = CliRun.of("inspect", "--model", copy.toString());
            assertEquals(1, run.exitCode(), run.err());
            assertEquals("", run.out(), copy + ": nothing described before the error");
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertTrue(run.err().startsWith("cam4j: error: ") && run.err().contains(copy.toString()), run.err());
        }
        assertTrue(CliRun.of("inspect", "--model", otherWeights.toString()).err().contains("the files in "
                + otherWeights.resolve("variables") + " are missing, truncated, damaged or from another model"));
    }

    /** A cam4j model without its metadata file is described with a note of what is then guessed; nothing said so. */
    @Test
    void aModelWithoutItsMetadataSaysWhatIsGuessed(@TempDir Path tmp) throws Exception {
        Path pooled = SharedData.bundledModels().resolve("mnist-pooled");
        Path copy = tmp.resolve("no-metadata");
        for (String file : List.of("saved_model.pb", "variables/variables.index", "variables/variables.data-00000-of-00001")) {
            Files.createDirectories(copy.resolve(file).getParent());
            Files.copy(pooled.resolve(file), copy.resolve(file));
        }
        CliRun run = CliRun.of("inspect", "--model", copy.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("note: " + copy.resolve("assets").resolve("cam4j.json") + " is missing, which cam4j"
                + " exports write: the model is opened as taking pixels scaled to 0..1, dark ink on a light ground and"
                + " classes named 0, 1, 2...; copy the file back, or give --pixel-scale, --ink and --labels"), run.out());
        assertFalse(CliRun.of("inspect", "--model", pooled.toString()).out().contains("is missing"));
    }

    @Test
    void aBundledModelIsNamedAsTyped() {
        CliRun run = CliRun.of("inspect", "--model", "mnist-pooled");
        assertEquals(0, run.exitCode(), run.err());
        String first = run.out().lines().findFirst().orElse("");
        assertTrue(first.startsWith("mnist-pooled (bundled, at ") && first.endsWith("mnist-pooled): a cam4j SavedModel"
                + " (contract cam4j-savedmodel/1)"), first);
    }

    /** A --signature for a cam4j model is refused, as explain refuses it; it was ignored, the model described as usual. */
    @Test
    void aSignatureForACam4jModelIsRefused() {
        Path pooled = SharedData.bundledModels().resolve("mnist-pooled");
        CliRun run = CliRun.of("inspect", "--model", pooled.toString(), "--signature", "serve");
        // A usage error, as --features with --method cam on a cam4j model is: it had exited 1.
        assertEquals(2, run.exitCode(), run.out());
        assertEquals("cam4j: error: " + pooled + " has cam4j's 'cam' signature, which it is explained by; --signature"
                + " 'serve' chooses which signature of a foreign SavedModel to import (see 'cam4j inspect --help')",
                run.err().strip());
        assertEquals(0, CliRun.of("inspect", "--model", pooled.toString(), "--signature", "cam").exitCode());
    }

    /**
     * A model trained with dilated convolutions (c2 at rate 2, c3 at rate 4, 'valid'): inspect names the rates, places
     * the cells (cell 0 on pixel 1 + 2 + 4 = 7), and offers every layer to the gradient methods, which take the
     * gradient across a dilated convolution by its SpaceToBatchND twin (a layer before one they cannot take so, a
     * residual sum around it, is marked: DilatedGradientsTest). Until the twin, c1/Relu and c2/Relu were marked
     * "Score-CAM, Eigen-CAM and Ablation-CAM only"; before that mark, inspect said nothing of the dilation.
     */
    @Test
    void aDilatedModelsRatesAndLayersAreSaid(@TempDir Path tmp) throws Exception {
        StringBuilder layers = new StringBuilder();
        int[] rates = {1, 2, 4};
        for (int i = 0; i < 3; i++) {
            layers.append("{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"c").append(i + 1)
                    .append("\", \"filters\": 4, \"kernel_size\": 3, \"padding\": \"valid\", \"dilation_rate\": ")
                    .append(rates[i]).append(", \"activation\": \"relu\", \"use_bias\": false}},");
        }
        io.github.cam4j.model.Sequential dilated = io.github.cam4j.model.Sequential.fromJson("{\"class_name\":"
                + " \"Sequential\", \"config\": {\"name\": \"dilated\", \"layers\": [{\"class_name\": \"InputLayer\","
                + " \"config\": {\"batch_input_shape\": [null, 28, 28, 1], \"name\": \"in\"}}," + layers
                + "{\"class_name\": \"GlobalAveragePooling2D\", \"config\": {\"name\": \"gap\"}}, {\"class_name\":"
                + " \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 10, \"activation\": \"softmax\","
                + " \"use_bias\": false}}]}}");
        Path dir = tmp.resolve("dilated");
        io.github.cam4j.testing.TinyModels.export(dilated, 3, dir);
        CliRun run = CliRun.of("inspect", "--model", dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("layers: input -> Conv2D 'c1' -> Conv2D 'c2' (dilation 2x2) -> Conv2D 'c3' (dilation"
                + " 4x4) -> GlobalAveragePooling2D 'gap' -> Dense 'dense'\n"), run.out());
        assertTrue(run.out().contains("feature grid: a cell every 1.0 x 1.0 input pixels, the first centred at (7.0, 7.0)"),
                run.out());
        assertTrue(run.out().contains(": c1/Relu [-1, -1, -1, 4], c2/Relu [-1, -1, -1, 4], c3/Relu [-1, -1, -1, 4]\n"),
                run.out());
    }

    /**
     * A model with no layer between its input and the pooling (Keras and train take it) has no layer for --features:
     * the line had ended at its colon, "... --features NAME): ", and now says why and what the methods weigh.
     */
    @Test
    void aModelWithoutAConvolutionSaysItHasNoGradientLayer(@TempDir Path tmp) throws Exception {
        io.github.cam4j.model.Sequential bare = io.github.cam4j.model.Sequential.fromJson("{\"class_name\":"
                + " \"Sequential\", \"config\": {\"name\": \"bare\", \"layers\": [{\"class_name\": \"InputLayer\","
                + " \"config\": {\"batch_input_shape\": [null, 28, 28, 1], \"name\": \"in\"}}, {\"class_name\":"
                + " \"GlobalAveragePooling2D\", \"config\": {\"name\": \"gap\"}}, {\"class_name\": \"Dense\","
                + " \"config\": {\"name\": \"dense\", \"units\": 10, \"activation\": \"softmax\","
                + " \"use_bias\": false}}]}}");
        Path dir = tmp.resolve("bare");
        io.github.cam4j.testing.TinyModels.export(bare, 3, dir);
        CliRun run = CliRun.of("inspect", "--model", dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains(" --features NAME): none (no convolution, activation or pooling: the methods"
                + " weigh features:0, the features CAM weighs)\n"), run.out());
    }

    /**
     * A foreign model's description ends its last line, as a cam4j model's does, with no blank line after it: the
     * imported model's report, which ends in a line break, was printed with another (helper-213's audit).
     */
    @Test
    void aForeignModelsDescriptionEndsWithoutABlankLine() {
        CliRun run = CliRun.of("inspect", "--model", "src/test/resources/keras3/resized-export");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().endsWith("\n") && !run.out().endsWith("\n\n"),
                "ends in " + run.out().substring(Math.max(0, run.out().length() - 40)).replace("\n", "\\n"));
    }

    /**
     * A model that crops or resizes its input: inspect says what it does to a picture and which part of the picture it
     * then reads, where explain places the map. {@code resized-export} (Keras 3: Resizing(32, 32), then CenterCrop(28,
     * 28)) resamples input 1.25..25.75 of 28 and its bilinear kernel reads all of pixels 1 and 26. Before, inspect said
     * nothing of the crop.
     */
    @Test
    void aCroppingModelsGeometryIsPrinted() {
        CliRun run = CliRun.of("inspect", "--model", "src/test/resources/keras3/resized-export");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\ninput crop: a 28x28 picture is resized to 32x32, bilinear with half-pixel centres"
                + " (ResizeBilinear 'keras3_resized_1/resize_1/resize/ResizeBilinear'), then cut to rows 2..29, columns"
                + " 2..29 (StridedSlice 'keras3_resized_1/crop_1/strided_slice_3')\n"), run.out());
        assertTrue(run.out().contains("\n  the model reads rows 1..26, columns 1..26 of the 28x28 picture (every pixel a"
                + " resize reads with non-zero weight): the map is placed on that part, which explain outlines, and holds"
                + " no evidence outside it\n"), run.out());
    }

    /**
     * Exported graphs that crop: the reviewer's probe (Resizing(56, 56) then CenterCrop(28, 28): the crop's footprint is
     * 6.5..20.5, its bilinear kernel reads pixels 6 to 21); Keras' Cropping2D(((2, 3), (1, 4))) on an input of any size,
     * whose part depends on the size fed; a crop whose bounds are computed, which gets explain's note; a resize alone,
     * which reads every pixel; and a model without a crop, which gets no line.
     */
    @Test
    void exportedCropsArePrintedAndOneThatCannotBePlacedIsNoted(@TempDir Path tmp) {
        Path probe = ForeignModels.export(tmp.resolve("probe"), cropped(new long[] {-1, 28, 28, 1}, (tf, x) -> {
            Operand<TFloat32> resized = tf.withName("resize").image.resizeBilinear(x, tf.constant(new int[] {56, 56}),
                    ResizeBilinear.halfPixelCenters(true));
            return tf.withName("center_crop").stridedSlice(resized, tf.constant(new int[] {0, 14, 14, 0}),
                    tf.constant(new int[] {0, 42, 42, 0}), tf.constant(new int[] {1, 1, 1, 1}), StridedSlice.beginMask(9L),
                    StridedSlice.endMask(9L));
        }));
        Path anySize = ForeignModels.export(tmp.resolve("any-size"), cropped(new long[] {-1, -1, -1, 1},
                (tf, x) -> tf.withName("cropping2d").stridedSlice(x, tf.constant(new int[] {0, 2, 1, 0}),
                        tf.constant(new int[] {0, -3, -4, 0}), tf.constant(new int[] {1, 1, 1, 1}),
                        StridedSlice.beginMask(9L), StridedSlice.endMask(9L))));
        Path computed = ForeignModels.export(tmp.resolve("computed"), cropped(new long[] {-1, 28, 28, 1},
                (tf, x) -> tf.withName("crop").stridedSlice(x, tf.identity(tf.constant(new int[] {0, 2, 2, 0})),
                        tf.constant(new int[] {0, 26, 26, 0}), tf.constant(new int[] {1, 1, 1, 1}),
                        StridedSlice.beginMask(9L), StridedSlice.endMask(9L))));

        CliRun run = CliRun.of("inspect", "--model", probe.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\ninput crop: a 28x28 picture is resized to 56x56, bilinear with half-pixel"
                + " centres (ResizeBilinear 'resize'), then cut to rows 14..41, columns 14..41 (StridedSlice"
                + " 'center_crop')\n  the model reads rows 6..21, columns 6..21 of the 28x28 picture"), run.out());

        run = CliRun.of("inspect", "--model", anySize.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\ninput crop: a picture of h rows and w columns is cut to rows 2..h-4, columns"
                + " 1..w-5 (StridedSlice 'cropping2d')\n  the part of a picture it reads depends on the picture's size"), run.out());

        run = CliRun.of("inspect", "--model", computed.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\ninput crop: the model crops or resizes its input before its features"
                + " (StridedSlice 'crop', e.g. a Keras CenterCrop) in a way cam4j cannot place (StridedSlice 'crop' has"
                + " bounds that are not constants (computed from the picture's shape)): it sees only part of each picture, or a resampling"
                + " of it, but its map is stretched over the whole picture\n"), run.out());

        Path resized = ForeignModels.export(tmp.resolve("resized"), cropped(new long[] {-1, 28, 28, 1},
                (tf, x) -> tf.withName("resizing").image.resizeBilinear(x, tf.constant(new int[] {32, 32}),
                        ResizeBilinear.halfPixelCenters(true))));
        run = CliRun.of("inspect", "--model", resized.toString());
        assertTrue(run.out().contains("\ninput resize: a 28x28 picture is resized to 32x32, bilinear with half-pixel"
                + " centres (ResizeBilinear 'resizing')\n  the model reads every pixel of the picture; the map is placed"
                + " on it by the resize's geometry\n"), run.out());

        run = CliRun.of("inspect", "--model", SharedData.kerasSavedModels().resolve("mnist-conv-head-gap").toString());
        assertFalse(run.out().contains("input crop") || run.out().contains("input resize"), run.out());
    }

    /**
     * Where the part the map is placed on (the crop's footprint, widened to what its resize reads) holds pixels the model
     * never reads at its edges, inspect said it read them: "the model reads rows 7..21" for a nearest-neighbour resize in
     * TensorFlow 1's sampling (28 to 56, output row o reads row floor(o / 2): rows 14..41 read 7..20), "rows 12..71" for
     * a bilinear one that shrinks by 3 (84 to 28 with half-pixel centres, output row o reads row 3o + 1 alone: rows
     * 4..23 read 13..70). README's Known limitations gives the first. The rows read and the rows outlined are now said
     * apart.
     */
    @Test
    void theRowsReadAreNotWidenedToTheOutline(@TempDir Path tmp) {
        Path nearest = ForeignModels.export(tmp.resolve("nearest"), cropped(new long[] {-1, 28, 28, 1}, (tf, x) -> {
            Operand<TFloat32> resized = tf.withName("resize").image.resizeNearestNeighbor(x, tf.constant(new int[] {56, 56}));
            return tf.withName("center_crop").stridedSlice(resized, tf.constant(new int[] {0, 14, 14, 0}),
                    tf.constant(new int[] {0, 42, 42, 0}), tf.constant(new int[] {1, 1, 1, 1}), StridedSlice.beginMask(9L),
                    StridedSlice.endMask(9L));
        }));
        CliRun run = CliRun.of("inspect", "--model", nearest.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\n  the model reads rows 7..20, columns 7..20 of the 28x28 picture (the first and last"
                + " pixels a resize reads with non-zero weight); the map is placed on rows 7..21, columns 7..21 (where the"
                + " crop's cells lie, and what its resize reads), which explain outlines, and holds no evidence outside"
                + " it\n"), run.out());
        Path shrink = ForeignModels.export(tmp.resolve("shrink"), cropped(new long[] {-1, 84, 84, 1}, (tf, x) -> {
            Operand<TFloat32> resized = tf.withName("resize").image.resizeBilinear(x, tf.constant(new int[] {28, 28}),
                    ResizeBilinear.halfPixelCenters(true));
            return tf.withName("center_crop").stridedSlice(resized, tf.constant(new int[] {0, 4, 4, 0}),
                    tf.constant(new int[] {0, 24, 24, 0}), tf.constant(new int[] {1, 1, 1, 1}), StridedSlice.beginMask(9L),
                    StridedSlice.endMask(9L));
        }));
        run = CliRun.of("inspect", "--model", shrink.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\n  the model reads rows 13..70, columns 13..70 of the 84x84 picture (the first and"
                + " last pixels a resize reads with non-zero weight); the map is placed on rows 12..71, columns 12..71"),
                run.out());
    }

    /** A CAM-ready classifier (the standard trunk, pooling, dense, softmax) whose images are first cropped. */
    private static ForeignModels.Body cropped(long[] shape,
            java.util.function.BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> crop) {
        return (tf, random, in, out) -> {
            Placeholder<TFloat32> x = ForeignModels.images(tf, shape);
            in.put("x", x);
            Operand<TFloat32> features = ForeignModels.trunk(tf, random, crop.apply(tf, x), 1);
            out.put("y", tf.withName("probs").nn.softmax(ForeignModels.dense(tf, random, ForeignModels.gap(tf, features),
                    ForeignModels.K, 10)));
        };
    }

    /**
     * Crops that only cut the picture are said as cuts: a strided slice (every second pixel) and a slice after a slice
     * had inspect's second line speak of "the first and last pixels a resize reads" and "every pixel a resize reads",
     * with no resize in the graph. A slice after a slice keeps the first's offset: rows 3..19 of rows 2..25 are the
     * picture's 5..21.
     */
    @Test
    void cropsWithoutAResizeAreSaidAsCuts(@TempDir Path tmp) {
        Path strided = ForeignModels.export(tmp.resolve("strided"), cropped(new long[] {-1, 28, 28, 1},
                (tf, x) -> tf.withName("every_second").stridedSlice(x, tf.constant(new int[] {0, 2, 2, 0}),
                        tf.constant(new int[] {0, 26, 26, 0}), tf.constant(new int[] {1, 2, 2, 1}),
                        StridedSlice.beginMask(9L), StridedSlice.endMask(9L))));
        Path twice = ForeignModels.export(tmp.resolve("twice"), cropped(new long[] {-1, 28, 28, 1},
                (tf, x) -> tf.withName("second").stridedSlice(tf.withName("first").stridedSlice(x,
                        tf.constant(new int[] {0, 2, 2, 0}), tf.constant(new int[] {0, 26, 26, 0}),
                        tf.constant(new int[] {1, 1, 1, 1}), StridedSlice.beginMask(9L), StridedSlice.endMask(9L)),
                        tf.constant(new int[] {0, 3, 1, 0}), tf.constant(new int[] {0, 20, 22, 0}),
                        tf.constant(new int[] {1, 1, 1, 1}), StridedSlice.beginMask(9L), StridedSlice.endMask(9L))));
        CliRun run = CliRun.of("inspect", "--model", strided.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\ninput crop: a 28x28 picture is cut to rows 2..24 every 2 pixels, columns 2..24"
                + " every 2 pixels (StridedSlice 'every_second')\n  the model reads rows 2..24, columns 2..24 of the 28x28"
                + " picture (the first and last pixels the crop keeps); the map is placed on rows 1..25, columns 1..25"
                + " (where the crop's cells lie, a kept pixel standing for its stride's pixels), which explain outlines,"
                + " and holds no evidence outside it\n"), run.out());
        run = CliRun.of("inspect", "--model", twice.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\ninput crop: a 28x28 picture is cut to rows 2..25, columns 2..25 (StridedSlice"
                + " 'first'), then cut to rows 3..19, columns 1..21 (StridedSlice 'second')\n  the model reads rows 5..21,"
                + " columns 3..23 of the 28x28 picture (the pixels the crop keeps): the map is placed on that part, which"
                + " explain outlines, and holds no evidence outside it\n"), run.out());
        assertFalse(run.out().contains("resize"), run.out());
    }

    /** One epoch is "1 epoch", not "1 epochs" (a quick trial run's model). */
    @Test
    void oneEpochIsSingular() {
        ModelMetadata.Training one = new ModelMetadata.Training("mnist", 1, 64, 0.003, "COSINE", 42, 300, 0, null, 2.5,
                "2 cores", null, null);
        assertTrue(InspectCommand.trainingLine(one).startsWith("1 epoch on mnist,"), InspectCommand.trainingLine(one));
    }

    @Test
    void describesAKerasModelAndWhyAnotherIsNotCamReady() {
        CliRun ready = CliRun.of("inspect", "--model", SharedData.kerasSavedModels().resolve("mnist-conv-head-gap").toString());
        assertEquals(0, ready.exitCode(), ready.err());
        assertTrue(ready.out().contains("CAM-ready: (b) 1x1 convolution head"), ready.out());
        CliRun refused = CliRun.of("inspect", "--model", SharedData.kerasSavedModels().resolve("mnist-flatten-dense").toString());
        assertEquals(0, refused.exitCode(), refused.err());
        assertTrue(refused.out().contains("no global average pooling"), refused.out());
    }

    /**
     * A Keras model whose output is {@code Activation("log_softmax")} (log-probabilities) is CAM-ready: its input is the
     * logits, and inspect says how the probabilities are taken. Before, it was refused, "a non-linearity (LogSoftmax
     * 'log_probs_1/LogSoftmax') stands between the pooling and the logits". A log-softmax over a single unit, whose
     * probability is 1 whatever the picture, is refused saying so.
     */
    @Test
    void aLogSoftmaxOutputIsReadAsLogitsThenTheirSoftmax(@TempDir Path tmp) {
        CliRun run = CliRun.of("inspect", "--model", "src/test/resources/keras3/logsoftmax-export");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\nCAM-ready: (a) global average pooling 'gap_1/Mean' then Dense"
                + " 'logits_1/MatMul'"), run.out());
        assertTrue(run.out().contains("/logits_1/BiasAdd:0 [-1, 10]\n  probabilities (none): the output is a log-softmax"
                + " (LogSoftmax 'log_probs_1/LogSoftmax' [-1, 10]), log-probabilities; cam4j takes the softmax of its"
                + " input, the logits (the exponential of the output)\n"), run.out());
        Path oneUnit = ForeignModels.export(tmp.resolve("one-unit"), (tf, random, in, out) -> {
            Placeholder<TFloat32> x = ForeignModels.images(tf, -1, 28, 28, 1);
            in.put("x", x);
            out.put("y", tf.withName("log_probs").nn.logSoftmax(ForeignModels.dense(tf, random,
                    ForeignModels.gap(tf, ForeignModels.trunk(tf, random, x, 1)), ForeignModels.K, 1)));
        });
        CliRun refused = CliRun.of("inspect", "--model", oneUnit.toString());
        assertEquals(0, refused.exitCode(), refused.err());
        assertTrue(refused.out().contains("Not CAM-ready: the output LogSoftmax 'log_probs' [-1, 1] is a log-softmax"
                + " over a single unit, so its probability is 1 for every image; a one-unit classifier takes a sigmoid"),
                refused.out());
    }

    /**
     * A Dense applied to the map before the pooling (Keras writes a Dense on a rank-4 tensor as a Tensordot) is read as
     * the 1x1 convolution head it is: the features are the last convolution's 32 channels. Before, it was read as the
     * class map, "(c) global average pooling 'gap_1/Mean' straight into the output", its features the Dense's output
     * (bias included, [-1, -1, -1, 10]).
     */
    @Test
    void aDenseOnTheMapIsReadAsAOneByOneConvolutionHead() {
        CliRun run = CliRun.of("inspect", "--model", "src/test/resources/keras3/densemap-export");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\nCAM-ready: (b) Dense 'cell_scores_1/Tensordot' applied to each cell (32 -> 10"
                + " channels) then global average pooling 'gap_1/Mean': features are the Dense's input"), run.out());
        assertTrue(run.out().contains("/last_conv_1/Relu:0 [-1, 14, 14, 32]\n"), run.out());
    }

    /**
     * A signature cam4j cannot feed (uint8 images, a flat [N, 784] input) or read (two outputs) is reported with the
     * reason. Before, inspect failed with a NullPointerException ("Cannot invoke String.startsWith because input is
     * null"): it went on to look for Grad-CAM's layers from an output it had not found.
     */
    @Test
    void aSignatureCam4jCannotUseIsReportedNotCrashedOn(@TempDir Path tmp) throws Exception {
        Path uint8 = ForeignModels.export(tmp.resolve("uint8"), ForeignModels.uint8Classifier());
        Path flat = ForeignModels.export(tmp.resolve("rank2"), (tf, random, in, out) -> {
            Placeholder<TFloat32> x = ForeignModels.images(tf, -1, 784);
            in.put("x", x);
            Operand<TFloat32> img = tf.reshape(x, tf.constant(new int[] {-1, 28, 28, 1}));
            out.put("y", tf.withName("probs").nn.softmax(ForeignModels.dense(tf, random,
                    ForeignModels.gap(tf, ForeignModels.trunk(tf, random, img, 1)), ForeignModels.K, 10)));
        });
        Path twoOutputs = ForeignModels.export(tmp.resolve("two-outputs"), (tf, random, in, out) -> {
            Placeholder<TFloat32> x = ForeignModels.images(tf, -1, 28, 28, 1);
            in.put("x", x);
            Operand<TFloat32> logits = ForeignModels.dense(tf, random,
                    ForeignModels.gap(tf, ForeignModels.trunk(tf, random, x, 1)), ForeignModels.K, 10);
            out.put("logits", logits);
            out.put("probs", tf.withName("probs").nn.softmax(logits));
        });
        for (Path model : new Path[] {uint8, flat, twoOutputs}) {
            CliRun run = CliRun.of("inspect", "--model", model.toString());
            assertEquals(0, run.exitCode(), model + ": " + run.err());
            assertTrue(run.out().contains("Not CAM-ready: signature 'serving_default'")
                    && run.out().contains("Grad-CAM does not apply either: cam4j cannot feed or read this signature"),
                    run.out());
        }
        assertTrue(CliRun.of("inspect", "--model", uint8.toString()).out().contains("is uint8 [-1, 28, 28, 1]; cam4j"
                + " feeds float32 images [N, H, W, C]"));

        // A grey input without a channel axis (Input((28, 28)) then Reshape) is told how to export it behind one.
        Path rank3 = ForeignModels.export(tmp.resolve("rank3"), (tf, random, in, out) -> {
            Placeholder<TFloat32> x = ForeignModels.images(tf, -1, 28, 28);
            in.put("x", x);
            Operand<TFloat32> img = tf.reshape(x, tf.constant(new int[] {-1, 28, 28, 1}));
            out.put("y", tf.withName("probs").nn.softmax(ForeignModels.dense(tf, random,
                    ForeignModels.gap(tf, ForeignModels.trunk(tf, random, img, 1)), ForeignModels.K, 10)));
        });
        CliRun grey = CliRun.of("explain", "--model", rank3.toString(), "--out", tmp.resolve("rank3-out").toString(),
                FirstTestDigit.writeFirstTwoIn(Files.createDirectories(tmp.resolve("rank3-digits")))[0].toString());
        assertEquals(1, grey.exitCode(), grey.out());
        assertTrue(grey.err().contains("input 'x' is float32 [-1, 28, 28]; cam4j feeds float32 images [N, H, W, C]: for a"
                + " grey model whose input has no channel axis, export it behind one, keras.Model(i := keras.Input((H, W,"
                + " 1)), model(keras.layers.Reshape((H, W))(i))).export(DIR)"), grey.err());
    }

    /**
     * An input cam4j cannot fill (channels first [-1, 1, 28, 28], 2 or 4 channels) is refused by inspect and explain
     * alike, naming the input, its shape and what cam4j takes. Before, inspect called such models CAM-ready and explain
     * then failed with "input tensor 'images:0' takes 28 channels but the input spec says 1".
     */
    @Test
    void anInputLayoutCam4jCannotFeedIsRefusedByInspectAndExplain(@TempDir Path tmp) {
        Path nchw = ForeignModels.export(tmp.resolve("nchw"), (tf, random, in, out) -> {
            Placeholder<TFloat32> x = ForeignModels.images(tf, -1, 1, 28, 28);
            in.put("x", x);
            Operand<TFloat32> img = tf.linalg.transpose(x, tf.constant(new int[] {0, 2, 3, 1}));
            out.put("y", tf.withName("probs").nn.softmax(ForeignModels.dense(tf, random,
                    ForeignModels.gap(tf, ForeignModels.trunk(tf, random, img, 1)), ForeignModels.K, 10)));
        });
        // Channels first with an open size: the channels were open too, and it passed as a 1-channel NHWC input.
        Path nchwOpen = ForeignModels.export(tmp.resolve("nchw-open"), (tf, random, in, out) -> {
            Placeholder<TFloat32> x = ForeignModels.images(tf, -1, 3, -1, -1);
            in.put("x", x);
            Operand<TFloat32> img = tf.linalg.transpose(x, tf.constant(new int[] {0, 2, 3, 1}));
            out.put("y", tf.withName("probs").nn.softmax(ForeignModels.dense(tf, random,
                    ForeignModels.gap(tf, ForeignModels.trunk(tf, random, img, 3)), ForeignModels.K, 10)));
        });
        Path fourChannels = ForeignModels.export(tmp.resolve("4ch"),
                ForeignModels.gapClassifier(new long[] {-1, 28, 28, 4}, 10, true));
        String[][] cases = {{nchw.toString(), "float32 [-1, 1, 28, 28]: channels first [N, C, H, W]"},
            {nchwOpen.toString(), "float32 [-1, 3, -1, -1]: channels first [N, C, H, W]"},
            {fourChannels.toString(), "float32 [-1, 28, 28, 4]: 4 channels"}};
        for (String[] c : cases) {
            String expected = "signature 'serving_default' input 'x' (images:0) is " + c[1]
                    + "; cam4j feeds images [N, H, W, C] with 1 (grey) or 3 (RGB) channels";
            CliRun inspect = CliRun.of("inspect", "--model", c[0]);
            assertEquals(0, inspect.exitCode(), inspect.err());
            assertTrue(inspect.out().contains("Not CAM-ready: " + expected), inspect.out());
            CliRun explain = CliRun.of("explain", "--model", c[0], tmp.resolve("x.png").toString(), "--out",
                    tmp.resolve("o").toString());
            assertEquals(1, explain.exitCode());
            assertTrue(explain.err().contains(expected), explain.err());
            // What to do, for a channels-first input (before, only what was wrong).
            assertEquals(c[1].contains("channels first"), explain.err().contains(expected + ": rebuild the Keras model"
                    + " with the same layers channels last (data_format=\"channels_last\""), explain.err());
        }
    }

    /**
     * A foreign model without serving_default gets its signatures listed and --signature named; before, inspect failed
     * with "has no signature 'serving_default'". A 0-byte saved_model.pb is called empty; before, it was said to have
     * "no MetaGraph tagged 'serve'".
     */
    @Test
    void noServingDefaultListsTheSignaturesAndAnEmptyFileIsCalledEmpty(@TempDir Path tmp) throws Exception {
        Path model = ForeignModels.export(tmp.resolve("predict"), ForeignModels.gapClassifier(10, true), "predict",
                "classify");
        CliRun run = CliRun.of("inspect", "--model", model.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("without signature 'serving_default'")
                && run.out().contains("  classify: {x [?,28,28,1]} -> {y [?,10]}")
                && run.out().contains("  predict: {x [?,28,28,1]} -> {y [?,10]}")
                && run.out().contains("choose it with --signature NAME, here and beside --model in every other"
                        + " command (explain, video, evaluate, compare, concepts, maximize)"), run.out());
        // Each of those commands does take it (it said "explain and video take it too").
        for (String command : List.of("explain", "video", "evaluate", "compare", "concepts", "maximize")) {
            CliRun help = CliRun.of(command, "--help");
            assertTrue(help.out().contains("--signature=<signature>"), command + ": " + help.out());
        }
        CliRun predict = CliRun.of("inspect", "--model", model.toString(), "--signature", "predict");
        assertTrue(predict.out().contains("CAM-ready: (a)"), predict.out());
        // Asked for by name, a missing signature is a usage error, as --features nope is (it exited 0, then 1), the
        // list still given.
        CliRun missing = CliRun.of("inspect", "--model", model.toString(), "--signature", "nope");
        assertEquals(2, missing.exitCode(), missing.err());
        assertTrue(missing.out().contains("  predict: {x [?,28,28,1]} -> {y [?,10]}"), missing.out());
        assertEquals("cam4j: error: --signature nope: " + model + " has no such signature (its signatures are listed"
                + " above) (see 'cam4j inspect --help')", missing.err().strip());

        Path empty = java.nio.file.Files.createDirectories(tmp.resolve("empty"));
        java.nio.file.Files.write(empty.resolve("saved_model.pb"), new byte[0]);
        CliRun refused = CliRun.of("inspect", "--model", empty.toString());
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().contains("saved_model.pb is empty (0 bytes)"), refused.err());
    }
}
