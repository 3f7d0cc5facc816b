package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.savedmodel.CamContract;
import io.github.cam4j.savedmodel.ModelMetadata;
import io.github.cam4j.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cam4j train} against what an adversarial review found: user files deleted by {@code --force}, a config value
 * that aborted the JVM, settings read wrongly or ignored, and models exported untrained or mislabelled, all with exit 0.
 * Each run trains on at most 200 small pictures for one epoch: seconds.
 */
class TrainSafetyTest {
    @TempDir
    static Path tmp;

    /** 16x16 pictures: the centre of MNIST test digits, 300 to train on and 100 to test. */
    static Path data16;

    /** A small CAM-ready config of an open input size, with one setting to vary in each test. */
    private static String config(String conv1Extra, String denseActivation) {
        return """
                {"class_name": "Sequential", "config": {"name": "small", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, null, null, 1], "name": "in"}},
                  {"class_name": "Conv2D", "config": {"name": "c1", "filters": 8, "kernel_size": [3, 3], "padding": "same",
                    "activation": "relu", "use_bias": false%s}},
                  {"class_name": "GlobalAveragePooling2D", "config": {"name": "gap"}},
                  {"class_name": "Dense", "config": {"name": "dense", "units": 10, "activation": "%s", "use_bias": false}}
                ]}}
                """.formatted(conv1Extra, denseActivation);
    }

    @BeforeAll
    static void writeSmallDataset() throws Exception {
        LabeledImages mnist = Dataset.openTest(SharedData.mnist()).test();
        data16 = Files.createDirectories(tmp.resolve("mnist16"));
        writeIdx(mnist, 0, 300, data16.resolve("train-images-idx3-ubyte"), data16.resolve("train-labels-idx1-ubyte"));
        writeIdx(mnist, 300, 400, data16.resolve("t10k-images-idx3-ubyte"), data16.resolve("t10k-labels-idx1-ubyte"));
    }

    private static void writeIdx(LabeledImages from, int start, int end, Path images, Path labels) throws IOException {
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        DataOutputStream idx = new DataOutputStream(pixels);
        idx.writeInt(0x803);
        idx.writeInt(end - start);
        idx.writeInt(16);
        idx.writeInt(16);
        ByteArrayOutputStream classes = new ByteArrayOutputStream();
        DataOutputStream lidx = new DataOutputStream(classes);
        lidx.writeInt(0x801);
        lidx.writeInt(end - start);
        for (int i = start; i < end; i++) {
            for (int y = 6; y < 22; y++) {
                for (int x = 6; x < 22; x++) {
                    idx.writeByte(from.pixel(i, y, x));
                }
            }
            lidx.writeByte(from.label(i));
        }
        Files.write(images, pixels.toByteArray());
        Files.write(labels, classes.toByteArray());
    }

    private static CliRun train(Path arch, Path out, String... more) {
        String[] base = {"train", "--arch", arch.toString(), "--data", data16.toString(), "--epochs", "1", "--limit", "200",
            "--out", out.toString()};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRun.of(args);
    }

    /**
     * A full disk as the trained model is exported (here {@code ulimit -f 200}, 100 KiB in sh's 512-byte blocks, under
     * the pooled preset's 375 KB of variables; trained on MNIST's 28x28 pictures, which it takes) is said of the --out
     * folder, with nothing left behind. It was said in TensorFlow's words of a file in the hidden folder the export
     * writes first, and removes: "cam4j: error: TensorFlow failed: .../.full-export-1634.../model/variables/
     * variables.data-00000-of-00001.tempstate369...; File too large".
     */
    @Test
    void aFullDiskAsTheModelIsExportedIsSaidOfItsFolder() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("full-disk"));
        Path out = folder.resolve("full");
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("/bin/sh", "-c",
                "ulimit -f 200 && exec \"$0\" \"$@\""));
        command.addAll(CliProcess.command("train", "--arch", "pooled", "--data", SharedData.mnist().toString(),
                "--epochs", "1", "--limit", "200", "--out", out.toString()));
        Path said = tmp.resolve("full-disk.txt");
        Process p = CliProcess.builder(command).redirectErrorStream(true).redirectOutput(said.toFile()).start();
        try {
            assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "the run ends");
        } finally {
            p.destroyForcibly();
        }
        java.util.List<String> lines = Files.readAllLines(said);
        assertEquals(1, p.exitValue(), String.join("\n", lines));
        assertEquals("cam4j: error: cannot write model " + out + ": File too large; nothing was written (run again with"
                + " --verbose for details)", lines.get(lines.size() - 1));
        try (var left = Files.list(folder)) {
            assertEquals(java.util.List.of(), left.toList(), "neither the model nor its hidden first copy");
        }
    }

    /** A folder that merely looks like a cam4j model (or is one with the user's notes in it) is not emptied by --force. */
    @Test
    void forceNeverDeletesFilesCamDidNotWrite() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Files.createDirectories(project.resolve("assets"));
        Files.writeString(project.resolve("saved_model.pb"), "");
        Files.writeString(project.resolve("assets").resolve("cam4j.json"), "{\"format\" : \"cam4j-savedmodel/1\"}");
        Path notes = Files.writeString(project.resolve("thesis.tex"), "my thesis");
        Path arch = Files.writeString(tmp.resolve("small.json"), config("", "softmax"));
        CliRun run = train(arch, project, "--force");
        assertEquals(1, run.exitCode(), run.out());
        assertTrue(run.err().contains("holds thesis.tex, which cam4j does not write there"), run.err());
        assertTrue(Files.exists(notes) && Files.exists(project.resolve("saved_model.pb")), "nothing was deleted");

        // The config being trained, inside the folder it would replace.
        Files.delete(notes);
        Path inside = Files.writeString(project.resolve("arch.json"), config("", "softmax"));
        CliRun own = train(inside, project, "--force");
        assertEquals(1, own.exitCode(), own.out());
        assertTrue(own.err().contains("holds an input, " + inside), own.err());
        assertTrue(Files.exists(inside));
    }

    /**
     * --out the data folder itself is said to be it, with or without --force: it had read "--out D holds an input, D,
     * which replacing it would delete" (as if the one held the other), and without --force "already exists; choose
     * another path or add --force to replace it", advice that led only to that refusal.
     */
    @Test
    void outTheDataFolderIsSaidToBeIt() throws Exception {
        Path arch = Files.writeString(tmp.resolve("small-data.json"), config("", "softmax"));
        String said = "--out " + data16 + " is the data folder (--data " + data16 + "): writing the model there would"
                + " replace it and delete what it holds; choose another folder for --out";
        for (String[] more : new String[][] {{"--force"}, {}}) {
            CliRun run = train(arch, data16, more);
            assertEquals(1, run.exitCode(), run.out());
            assertEquals("cam4j: error: " + said, run.err().strip());
        }
        assertTrue(Files.exists(data16.resolve("train-labels-idx1-ubyte")), "the data are kept");
    }

    /** Each of these was read wrongly or ignored (or, for the first, aborted the JVM inside TensorFlow). */
    @Test
    void configValuesCamCannotHonourAreRefusedNamingLayerAndArgument() throws Exception {
        String[][] cases = {
            {config(", \"kernel_size\": -3", "softmax").replace("\"kernel_size\": [3, 3], ", ""),
                "layer 'c1': argument 'kernel_size' must be positive, got -3"},
            {config("", "softmax").replace("\"filters\": 8", "\"filters\": 8.9"),
                "layer 'c1': argument 'filters' must be a whole number, got 8.9"},
            {config("", "softmax").replace("\"use_bias\": false}}", "\"use_bias\": \"True\"}}"),
                "argument 'use_bias' must be true or false, got \"True\""},
            {config(", \"trainable\": false", "softmax"), "cam4j trains every layer"},
            {config(", \"dtype\": \"float16\"", "softmax"), "Keras computes this layer in float16, its weights too"},
            {config("", "softmax").replace("\"kernel_size\": [3, 3], ", ""), "argument 'kernel_size' is required"},
            {config("", "linear"), "layer 'dense' (Dense) has activation 'linear', but cam4j trains a softmax classifier"},
        };
        assertRefusedInOneLineBeforeTraining("case", cases, arch -> "cam4j: error: ");
    }

    /**
     * Trains each case's config, whose refusal starts with what {@code opening} gives for its file and holds the case's
     * words, in one line, before a run is announced, exporting nothing.
     */
    private static void assertRefusedInOneLineBeforeTraining(String stem, String[][] cases,
            java.util.function.Function<Path, String> opening) throws IOException {
        for (int i = 0; i < cases.length; i++) {
            Path arch = Files.writeString(tmp.resolve(stem + i + ".json"), cases[i][0]);
            Path out = tmp.resolve(stem + i);
            CliRun run = train(arch, out);
            assertEquals(1, run.exitCode(), "case " + i + ": " + run.out() + run.err());
            assertTrue(run.err().startsWith(opening.apply(arch)), "case " + i + ": " + run.err());
            assertTrue(run.err().contains(cases[i][1]), "case " + i + ": " + run.err());
            assertEquals(1, run.err().lines().count(), "one line: " + run.err());
            assertFalse(Files.exists(out), "case " + i + " exported nothing");
            assertFalse(run.out().contains("training "), "case " + i + " refused before announcing a run: " + run.out());
        }
    }

    /**
     * An architecture that does not fit the dataset is refused as the option that gave it, naming the setting to change
     * and the value that fits: the class count had named the model ("has 1 classes"), not its Dense layer, and a size
     * refusal said nothing of the channels, which were refused only once the size was fixed.
     */
    @Test
    void anArchitectureThatDoesNotFitTheDataSaysWhichSettingToGiveWhat() throws Exception {
        String open = "\"batch_input_shape\": [null, null, null, 1]";
        String[][] cases = {
            {config("", "softmax").replace(open, "\"batch_input_shape\": [null, 28, 28, 3]"),
                "the input's batch_input_shape [null, 28, 28, 3] does not take the dataset's 16x16 pictures of 1 channel"
                    + " (IDX datasets are greyscale): give it [null, 16, 16, 1], or null for a side to take any size"},
            {config("", "softmax").replace(open, "\"batch_input_shape\": [null, null, 16, 3]"),
                "batch_input_shape [null, null, 16, 3] does not take"},
            {config("", "softmax").replace("\"units\": 10", "\"units\": 1"),
                "layer 'dense' (Dense) has 1 unit, one a class, but the labels of the first 200 training images (the"
                + " training limit) run 0 to 9 ("},
            {config("", "softmax").replace("\"units\": 10", "\"units\": 5"), "layer 'dense' (Dense) has 5 units"},
            {config("", "sigmoid"), "layer 'dense' (Dense) has activation 'sigmoid', but cam4j trains a softmax"},
        };
        assertRefusedInOneLineBeforeTraining("misfit", cases, arch -> "cam4j: error: --arch " + arch + ": ");
    }

    /** An open-size config trained on 16x16 pictures is recorded as a 16x16 model, not MNIST's 28x28. */
    @Test
    void theSizeTrainedOnIsRecorded() throws Exception {
        Path arch = Files.writeString(tmp.resolve("open.json"), config("", "softmax"));
        Path out = tmp.resolve("open16");
        CliRun run = train(arch, out);
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("180 training images (20 more held out for validation)"), run.out());
        ModelMetadata meta = ModelMetadata.read(out.resolve("assets").resolve(CamContract.METADATA_ASSET));
        assertEquals(16, meta.input().height());
        assertEquals(16, meta.input().width());
        assertEquals("mnist16", meta.training().dataset());

        // Nothing held out: no validation accuracy, written as JSON's null (it was the string "NaN").
        Path noValidation = tmp.resolve("no-validation");
        assertEquals(0, train(arch, noValidation, "--validation-split", "0").exitCode());
        String json = Files.readString(noValidation.resolve("assets").resolve(CamContract.METADATA_ASSET));
        assertTrue(json.contains("\"validationAccuracy\" : null"), json);
    }

    /** Settings that leave nothing to learn, or wreck it, end in an error naming why, and no model. */
    @Test
    void settingsThatCannotTrainAModelAreRefused() throws Exception {
        Path arch = Files.writeString(tmp.resolve("plain.json"), config("", "softmax"));
        CliRun none = train(arch, tmp.resolve("none"), "--validation-split", "0.999");
        assertEquals(1, none.exitCode());
        assertTrue(none.err().contains("no training images: a validation split of 0.999 holds out all 200 images"),
                none.err());
        assertFalse(none.out().contains("training "), none.out());
        // A dataset without training images: the split had been blamed, "holds out all 0 images" (helper-165).
        LabeledImages mnist = Dataset.openTest(SharedData.mnist()).test();
        Path empty = Files.createDirectories(tmp.resolve("no-train"));
        writeIdx(mnist, 0, 0, empty.resolve("train-images-idx3-ubyte"), empty.resolve("train-labels-idx1-ubyte"));
        writeIdx(mnist, 300, 320, empty.resolve("t10k-images-idx3-ubyte"), empty.resolve("t10k-labels-idx1-ubyte"));
        CliRun nothing = CliRun.of("train", "--arch", arch.toString(), "--data", empty.toString(), "--epochs", "1",
                "--out", tmp.resolve("nothing").toString());
        assertEquals(1, nothing.exitCode(), nothing.err());
        // Named as the folder the user gave (stop 69): the library's words named no folder.
        assertTrue(nothing.err().contains("cam4j: error: --data " + empty + ": its training split holds no images;"
                + " give a dataset whose training images hold some"), nothing.err());

        CliRun diverged = train(arch, tmp.resolve("diverged"), "--learning-rate", "1e30");
        assertEquals(1, diverged.exitCode());
        // One plain line, as every refusal: it was printed as an unexpected failure, "cam4j: error:
        // java.lang.IllegalStateException: training diverged ... (run again with --verbose for details)".
        assertTrue(diverged.err().strip().startsWith("cam4j: error: training diverged: the loss became")
                && diverged.err().strip().endsWith("; lower the learning rate"), diverged.err());
        assertFalse(Files.exists(tmp.resolve("diverged")));

        // The training loss is summed before each step's update, so the last updates can wreck the weights unseen: at
        // learning rate 1e6 the validation loss was NaN in epoch 1 and the model was exported, exit 0 (helper-165).
        // Seen by the validation loss, or, with nothing held out (180 images: 3 steps whose losses stay finite), by the
        // weights themselves.
        // Which values overflow, and how many, may vary with the machine's arithmetic; that some did, and where, may not.
        String[][] wrecks = {{"200", "0.1", "the validation loss became NaN in epoch 1"},
            {"180", "0", "[1-9]\\d* of the \\d+ values of \\w+_kernel became NaN or infinite by the end of epoch 1"}};
        for (String[] wreck : wrecks) {
            Path out = tmp.resolve("wrecked-" + wreck[0]);
            CliRun wrecked = CliRun.of("train", "--arch", "pooled", "--data", SharedData.mnist().toString(), "--epochs",
                    "1", "--limit", wreck[0], "--validation-split", wreck[1], "--learning-rate", "1e6", "--out",
                    out.toString());
            assertEquals(1, wrecked.exitCode(), wrecked.err());
            assertTrue(wrecked.err().strip().matches("cam4j: error: training diverged: " + wreck[2] + " at learning"
                    + " rate 1e6; lower the learning rate"), wrecked.err());
            assertFalse(Files.exists(out), wreck[0]);
        }
        // A penalty that overflows is named beside the rate, which alone had been blamed.
        CliRun penalty = train(arch, tmp.resolve("penalty"), "--spread-penalty", "1e30");
        assertEquals(1, penalty.exitCode(), penalty.err());
        assertTrue(penalty.err().strip().endsWith("at learning rate 0.003 and spread penalty 1e30; lower the learning"
                + " rate or the penalty"), penalty.err());

        // A batch far larger than the data trains in one step per epoch (it overflowed to no steps at all).
        CliRun huge = train(arch, tmp.resolve("huge-batch"), "--batch-size", "2147483647");
        assertEquals(0, huge.exitCode(), huge.err());
        java.util.List<Integer> steps = new java.util.ArrayList<>();
        new io.github.cam4j.train.Trainer(io.github.cam4j.model.Sequential.fromJson(config("", "softmax")),
                new io.github.cam4j.train.TrainingConfig(1, Integer.MAX_VALUE, 0.003f, 0.1, 42, 200,
                        io.github.cam4j.train.LearningRateSchedule.COSINE, 0),
                new io.github.cam4j.train.TrainingListener() {
                    @Override
                    public void epochStarted(int epoch, int epochs, int stepCount) {
                        steps.add(stepCount);
                    }
                }).fit(Dataset.open(data16).train(), Dataset.open(data16).test());
        assertEquals(java.util.List.of(1), steps, "one step per epoch");

        Path file = Files.writeString(tmp.resolve("a-file.txt"), "x");
        CliRun under = train(arch, file.resolve("model"));
        assertEquals(2, under.exitCode(), "a path of the wrong kind");
        assertTrue(under.err().contains("cannot be created: " + file + " is a file, not a folder"), under.err());
        assertFalse(under.out().contains("training"), "refused before training: " + under.out());
    }
}
