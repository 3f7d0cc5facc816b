package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.ImageExplanation;
import io.github.cam4j.cam.Target;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.savedmodel.CamContract;
import io.github.cam4j.savedmodel.ModelMetadata;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    @TempDir
    Path tmp;

    @Test
    void trainsExportsAndRecordsWhatItMeasured() throws Exception {
        Path out = tmp.resolve("model");
        // Run where the default locale writes decimal commas: what train prints is read by scripts, as in any locale.
        Locale was = Locale.getDefault();
        CliRun run;
        try {
            Locale.setDefault(Locale.GERMANY);
            run = CliRun.of("train", "--arch", "pooled", "--data", SharedData.mnist().toString(), "--epochs", "1",
                    "--limit", "2000", "--out", out.toString());
        } finally {
            Locale.setDefault(was);
        }
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().matches("(?s).*test accuracy [01]\\.\\d{4} on 10000 images; \\d+\\.\\d s per epoch.*"),
                run.out());
        ModelMetadata meta = ModelMetadata.read(out.resolve("assets").resolve(CamContract.METADATA_ASSET));
        assertEquals("pooled", meta.name());
        assertEquals(1800, meta.training().trainImages());
        assertEquals(200, meta.training().validationImages());
        assertEquals(10000, meta.testImages());
        assertTrue(meta.testAccuracy() > 0.1, "well above nothing after 28 steps: " + meta.testAccuracy());
        assertEquals(null, meta.training().hiding(), "nothing hidden unless asked");
    }

    /**
     * A seed's note ends with --seed's value; a fixed batch size's is a sentence of its own (it had been given none, then
     * would have been given the seed as a stray last word).
     */
    @Test
    void saysThatAKerasInitializersOwnSeedAndAFixedBatchSizeAreNotUsed() throws Exception {
        Path config = Files.writeString(tmp.resolve("seeded.json"), """
                {"class_name": "Sequential", "config": {"name": "seeded", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_input_shape": [32, 28, 28, 1], "name": "in"}},
                  {"class_name": "Conv2D", "config": {"name": "c1", "filters": 4, "kernel_size": 3, "padding": "same",
                    "activation": "relu", "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": 1234}}}},
                  {"class_name": "GlobalAveragePooling2D", "config": {"name": "gap"}},
                  {"class_name": "Dense", "config": {"name": "dense", "units": 10, "activation": "softmax"}}]}}
                """);
        CliRun run = CliRun.of("train", "--arch", config.toString(), "--data", SharedData.mnist().toString(), "--epochs",
                "1", "--limit", "200", "--seed", "5", "--out", tmp.resolve("m").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("cam4j: note: layer 'c1': kernel_initializer's seed 1234 is not used (Keras' random"
                + " generators are not cam4j's); initial weights come from --seed 5"), run.err());
        assertTrue(run.err().contains("cam4j: note: layer 'in': its batch_input_shape [32,28,28,1] fixes a batch of 32"
                + " pictures, which cam4j does not keep: it trains in batches of --batch-size, and the model it exports"
                + " (and --print-arch writes) takes any number\n"), run.err());
    }

    /** A classifier of more units than the data has classes was trained without a word (helper-62's 12 on MNIST). */
    @Test
    void saysWhenTheClassifierHasUnitsNoLabelTrains() throws Exception {
        Path config = Files.writeString(tmp.resolve("twelve.json"), """
                {"class_name": "Sequential", "config": {"name": "twelve", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 28, 28, 1], "name": "in"}},
                  {"class_name": "Conv2D", "config": {"name": "c1", "filters": 4, "kernel_size": 3, "activation": "relu"}},
                  {"class_name": "GlobalAveragePooling2D", "config": {"name": "gap"}},
                  {"class_name": "Dense", "config": {"name": "dense", "units": 12, "activation": "softmax"}}]}}
                """);
        CliRun run = CliRun.of("train", "--arch", config.toString(), "--data", SharedData.mnist().toString(), "--epochs",
                "1", "--limit", "200", "--out", tmp.resolve("twelve").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("cam4j: note: the classifier has 12 units, but the training labels are 0 to 9:"
                + " classes 10 to 11 are never trained, yet they get probabilities and maps"), run.err());
    }

    /**
     * The classes never trained are counted among the images trained: MNIST's first nine training labels (--limit 10,
     * one held out) are 5, 0, 4, 1, 9, 2, 1, 3, 1, and the note counted the whole split's labels, 0 to 9, and said
     * nothing.
     */
    @Test
    void saysWhichClassesTheImagesTheLimitKeepsNeverTrain() throws Exception {
        CliRun run = CliRun.of("train", "--arch", "pooled", "--data", SharedData.mnist().toString(), "--epochs", "1",
                "--limit", "10", "--out", tmp.resolve("ten").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("cam4j: note: the classifier has 10 units, but none of the 9 training images is"
                + " labelled 6, 7 or 8: classes 6, 7 and 8 are never trained, yet they get probabilities and maps\n"),
                run.err());
    }

    @Test
    void aRandomShiftIsRecordedInTheModelAndItsRangeChecked() throws Exception {
        Path out = trainBriefly("shifted", "--shift", "3");
        assertEquals(3, trainingOf(out).shift());
        CliRun inspect = CliRun.of("inspect", "--model", out.toString());
        assertTrue(inspect.out().contains("; pictures shifted at random by up to 3 pixels"), inspect.out());

        CliRun negative = CliRun.of("train", "--arch", "pooled", "--data", SharedData.mnist().toString(), "--shift", "-2",
                "--out", tmp.resolve("n").toString());
        assertEquals(2, negative.exitCode());
        assertTrue(negative.err().contains("--shift must not be negative, got -2"), negative.err());
        CliRun far = CliRun.of("train", "--arch", "pooled", "--data", SharedData.mnist().toString(), "--shift", "28",
                "--out", tmp.resolve("f").toString());
        assertEquals(1, far.exitCode());
        assertTrue(far.err().contains("--shift 28 is not less than the training pictures' 28 pixels"), far.err());
        // The largest int: refused before 2 * shift + 1 could overflow in the draw.
        CliRun huge = CliRun.of("train", "--arch", "pooled", "--data", SharedData.mnist().toString(), "--shift",
                "2147483647", "--out", tmp.resolve("h").toString());
        assertEquals(1, huge.exitCode());
        assertTrue(huge.err().contains("--shift 2147483647 is not less than the training pictures' 28 pixels"), huge.err());
    }

    /**
     * The passes after the last step, the test accuracy and a calibration's two, show bars of their batches: an unpooled
     * model's took 27 s without a word after the last epoch's line (helper-176's audit).
     */
    @Test
    void thePassesAfterTheStepsShowTheirProgress() {
        // The bars go to the process's standard error, as the epochs' do (not the command's writer).
        CliRun.Logged logged = CliRun.ofCapturingProcessErr("train", "--arch", "pooled", "--data",
                SharedData.mnist().toString(), "--epochs", "1", "--limit", "1000", "--calibrate", "--out",
                tmp.resolve("bars").toString());
        CliRun run = logged.run();
        assertEquals(0, run.exitCode(), run.err());
        String bars = logged.processErr();
        // 10 000 test digits in batches of 500; the 100 held-out images in one.
        for (String bar : List.of("test accuracy", "calibrating", "calibrated test accuracy")) {
            String done = bar.equals("calibrating") ? "1/1 batches" : "20/20 batches";
            assertTrue(bars.lines().anyMatch(l -> l.startsWith(bar + " 100%") && l.contains(done)),
                    "a finished '" + bar + "' bar of " + done + " in:\n" + bars);
        }
    }

    /** Trains the pooled preset for one epoch on 1 000 images with the options given; returns the model's folder. */
    private Path trainBriefly(String name, String... options) {
        Path out = tmp.resolve(name);
        List<String> args = new java.util.ArrayList<>(List.of("train", "--arch", "pooled", "--data",
                SharedData.mnist().toString(), "--epochs", "1", "--limit", "1000", "--out", out.toString()));
        args.addAll(List.of(options));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        return out;
    }

    private static ModelMetadata.Training trainingOf(Path model) throws Exception {
        return ModelMetadata.read(model.resolve("assets").resolve(CamContract.METADATA_ASSET)).training();
    }

    /**
     * The learning rate is recorded as typed: {@code 2147483647} had been recorded as its float's shortest decimal,
     * 2.14748365E9, read 2147483650, a rate neither typed nor used (the float is 2147483648). One step (64 digits, one
     * batch, nothing held out): Adam's first step moves each weight by about the rate, large yet finite, so the model is
     * exported, at chance.
     */
    @Test
    void theLearningRateIsRecordedAsTyped() throws Exception {
        Path out = tmp.resolve("huge-rate");
        CliRun run = CliRun.of("train", "--arch", "pooled", "--data", SharedData.mnist().toString(), "--epochs", "1",
                "--limit", "64", "--validation-split", "0", "--threads", "1", "--learning-rate", "2147483647", "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(2147483647.0, trainingOf(out).learningRate(), "recorded exactly as typed");
    }

    @Test
    void cellDropoutIsRecordedInTheArchitectureAndItsRateChecked() throws Exception {
        Path out = trainBriefly("cells", "--cell-dropout", "0.75");
        String architecture = ModelMetadata.read(out.resolve("assets").resolve(CamContract.METADATA_ASSET)).architecture()
                .toString();
        assertTrue(architecture.contains("\"cell_dropout\"") && architecture.contains("\"rate\":0.75"), architecture);
        CliRun inspect = CliRun.of("inspect", "--model", out.toString());
        assertEquals(0, inspect.exitCode(), inspect.err());
        assertTrue(inspect.out().contains("-> Dropout 'cell_dropout' (only while training: rate 0.75, whole cells) ->"),
                inspect.out());

        for (String bad : List.of("1", "-0.1", "1.5")) {
            CliRun refused = CliRun.of("train", "--arch", "pooled", "--data", SharedData.mnist().toString(), "--cell-dropout",
                    bad, "--out", tmp.resolve("bad" + bad).toString());
            assertEquals(2, refused.exitCode(), refused.err());
            // The value as typed, twice: the option's and the layer's (helper-198's NumberText.Typed).
            assertTrue(refused.err().contains("--cell-dropout " + bad + ": layer 'cell_dropout' (Dropout):"
                    + " rate must be at least 0 and below 1, got " + bad + " "), refused.err());
            assertTrue(Files.notExists(tmp.resolve("bad" + bad)), "nothing written for " + bad);
        }
    }

    /**
     * The calibrated model predicts what the same training without calibration predicts, and its maps are that model's
     * divided by the recorded temperature: the same peaks, boxes and normalised pictures. Tolerance: float32 rounding of
     * a 128-term sum, 1e-5 of the largest map value.
     */
    @Test
    void calibrationKeepsThePredictionsAndDividesTheMapsByTheRecordedTemperature() throws Exception {
        Path plain = trainBriefly("uncalibrated");
        Path calibrated = trainBriefly("calibrated", "--calibrate");
        Double temperature = trainingOf(calibrated).temperature();
        assertTrue(temperature != null && temperature > 0, "temperature " + temperature);
        assertEquals(null, trainingOf(plain).temperature(), "left out when not calibrated");
        assertEquals(ModelMetadata.read(plain.resolve("assets").resolve(CamContract.METADATA_ASSET)).testAccuracy(),
                ModelMetadata.read(calibrated.resolve("assets").resolve(CamContract.METADATA_ASSET)).testAccuracy(), 0.0);
        LabeledImages digits = Dataset.open(SharedData.mnist()).test().slice(0, 50);
        float[] pixels = new float[50 * 28 * 28];
        for (int i = 0; i < 50; i++) {
            System.arraycopy(digits.imageAsFloats(i), 0, pixels, i * 28 * 28, 28 * 28);
        }
        try (CamSession before = CamSession.builder().setModel(plain).build();
                CamSession after = CamSession.builder().setModel(calibrated).build()) {
            List<ImageExplanation> a = before.explainPixels(pixels, 50, 28, 28, Target.predicted());
            List<ImageExplanation> b = after.explainPixels(pixels, 50, 28, 28, Target.predicted());
            for (int i = 0; i < 50; i++) {
                assertEquals(a.get(i).predicted(), b.get(i).predicted(), "digit " + i);
                float[] raw = a.get(i).first().rawMap().values();
                float[] scaled = b.get(i).first().rawMap().values();
                float largest = Math.max(Math.abs(a.get(i).first().rawMap().max()), Math.abs(a.get(i).first().rawMap().min()));
                for (int j = 0; j < raw.length; j++) {
                    assertEquals(raw[j] / temperature, scaled[j], 1e-5 * largest / temperature, "digit " + i + ", cell " + j);
                }
            }
        }
        CliRun inspect = CliRun.of("inspect", "--model", calibrated.toString());
        assertTrue(inspect.out().contains("; calibrated: classifier divided by the temperature "), inspect.out());

        // Two options that contradict each other are a command line that cannot mean anything (exit 2); a split that
        // holds none of the few images there are is found in the data (exit 1).
        assertCalibrationRefused("no-held-out", 2, "--validation-split 0 holds none out", "--validation-split", "0");
        assertCalibrationRefused("one-image", 1, "a --validation-split of 0.1 holds none of the 1 images out", "--limit", "1");
        CliRun fewImages = CliRun.of("train", "--arch", "pooled", "--data", SharedData.mnist().toString(), "--calibrate",
                "--epochs", "1", "--limit", "20", "--out", tmp.resolve("few-images").toString());
        assertEquals(0, fewImages.exitCode(), fewImages.err());
        assertTrue(fewImages.err().contains("cam4j: note: the temperature ") && fewImages.err().contains(" was fitted on 2"
                + " held-out images"), fewImages.err());
    }

    /** --calibrate with no image held out is refused before training, naming why, and writes nothing. */
    private void assertCalibrationRefused(String folder, int exitCode, String why, String... options) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("train", "--arch", "pooled", "--data",
                SharedData.mnist().toString(), "--calibrate", "--out", tmp.resolve(folder).toString()));
        args.addAll(java.util.List.of(options));
        CliRun refused = CliRun.of(args.toArray(String[]::new));
        assertEquals(exitCode, refused.exitCode());
        assertTrue(refused.err().contains("--calibrate fits the temperature on the held-out validation images: " + why),
                refused.err());
        assertTrue(Files.notExists(tmp.resolve(folder)), "nothing written");
    }

    @Test
    void spreadPenaltyIsRecordedInTheTrainingNotTheArchitectureAndItsWeightChecked() throws Exception {
        Path out = trainBriefly("spread", "--spread-penalty", "0.3");
        assertEquals(0.3, trainingOf(out).spreadPenalty(), 0.0);
        String architecture = ModelMetadata.read(out.resolve("assets").resolve(CamContract.METADATA_ASSET)).architecture()
                .toString();
        assertFalse(architecture.contains("pread"), architecture);
        CliRun inspect = CliRun.of("inspect", "--model", out.toString());
        assertEquals(0, inspect.exitCode(), inspect.err());
        assertTrue(inspect.out().contains("; spread penalty 0.3 (the variance dropping cells would add to the picture's own"
                + " logit)"), inspect.out());
        assertEquals(null, trainingOf(trainBriefly("no-spread")).spreadPenalty(), "left out when off");

        CliRun bad = CliRun.of("train", "--arch", "pooled", "--data", SharedData.mnist().toString(), "--spread-penalty", "-1",
                "--out", tmp.resolve("bad-spread").toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--spread-penalty must be a finite number of at least 0, got -1"), bad.err());
        assertTrue(Files.notExists(tmp.resolve("bad-spread")), "nothing written");
    }

    @Test
    void attentionDropIsRecordedInTheTrainingNotTheArchitectureAndItsOptionsChecked() throws Exception {
        Path out = trainBriefly("attention", "--attention-drop", "0.75", "--attention-threshold", "0.8");
        assertEquals(new ModelMetadata.AttentionDrop(0.75, 0.8), trainingOf(out).attentionDrop());
        String architecture = ModelMetadata.read(out.resolve("assets").resolve(CamContract.METADATA_ASSET)).architecture()
                .toString();
        // Not a Keras layer: the architecture stays one Keras rebuilds, and the exported graph has nothing of it.
        assertFalse(architecture.contains("ttention"), architecture);
        CliRun inspect = CliRun.of("inspect", "--model", out.toString());
        assertEquals(0, inspect.exitCode(), inspect.err());
        assertTrue(inspect.out().contains("; attention drop: with probability 0.75, cells from 0.8 of the highest channel mean"
                + " dropped"), inspect.out());
        assertEquals(0.9, trainingOf(trainBriefly("attention-default", "--attention-drop", "0.5")).attentionDrop().threshold(),
                0.0, "the paper code's threshold by default");

        CliRun alone = CliRun.of("train", "--arch", "pooled", "--data", SharedData.mnist().toString(),
                "--attention-threshold", "0.8", "--out", tmp.resolve("alone").toString());
        assertEquals(2, alone.exitCode());
        assertTrue(alone.err().contains("--attention-threshold 0.8 needs --attention-drop"), alone.err());
        CliRun bad = CliRun.of("train", "--arch", "pooled", "--data", SharedData.mnist().toString(), "--attention-drop", "1.5",
                "--out", tmp.resolve("bad").toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--attention-drop must be in [0, 1], got 1.5"), bad.err());
        assertTrue(Files.notExists(tmp.resolve("alone")) && Files.notExists(tmp.resolve("bad")), "nothing written");
    }

    @Test
    void hideAndSeekIsRecordedInTheModelAndItsOptionsChecked() throws Exception {
        Path out = trainBriefly("hidden", "--hide-patch", "7");
        assertEquals(new ModelMetadata.Hiding(7, 0.5), trainingOf(out).hiding());
        CliRun inspect = CliRun.of("inspect", "--model", out.toString());
        assertTrue(inspect.out().contains("; Hide-and-Seek: 7x7 squares hidden with probability 0.5"), inspect.out());

        CliRun alone = CliRun.of("train", "--arch", "pooled", "--data", SharedData.mnist().toString(), "--hide-probability",
                "0.3", "--out", tmp.resolve("a").toString());
        assertEquals(2, alone.exitCode());
        assertTrue(alone.err().contains("--hide-probability 0.3 needs --hide-patch"), alone.err());

        CliRun big = CliRun.of("train", "--arch", "pooled", "--data", SharedData.mnist().toString(), "--hide-patch", "15",
                "--out", tmp.resolve("b").toString());
        assertEquals(1, big.exitCode());
        assertTrue(big.err().contains("--hide-patch 15 is more than half the training pictures' 28 pixels: at most 14"),
                big.err());

        // Twice these passed 2^31 and came out negative, under any picture's size: accepted, they hid whole pictures.
        for (String huge : List.of("1073741824", "2147483647")) {
            CliRun overflow = CliRun.of("train", "--arch", "pooled", "--data", SharedData.mnist().toString(), "--epochs", "1",
                    "--limit", "200", "--hide-patch", huge, "--out", tmp.resolve("huge" + huge).toString());
            assertEquals(1, overflow.exitCode(), overflow.err());
            assertTrue(overflow.err().contains("--hide-patch " + huge + " is more than half"), overflow.err());
        }

        CliRun certain = CliRun.of("train", "--arch", "pooled", "--data", SharedData.mnist().toString(), "--hide-patch", "7",
                "--hide-probability", "1", "--out", tmp.resolve("c").toString());
        assertEquals(2, certain.exitCode());
        assertTrue(certain.err().contains("--hide-probability must be in [0, 1), got 1"), certain.err());
    }

    /**
     * A file given to --arch that is no Keras config, or a config file that is not there, is named as --arch: "README.md:
     * not valid JSON ..." did not say which option the file came from, and a missing .json file was the loader's "model
     * config x.json does not exist". Refused before the data or the output are looked at.
     */
    @Test
    void anArchThatIsNoConfigIsNamedAsArch() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.md"), "# not a config\n");
        CliRun notJson = CliRun.of("train", "--arch", text.toString(), "--data", SharedData.mnist().toString(), "--out",
                tmp.resolve("from-notes").toString());
        assertEquals(1, notJson.exitCode(), notJson.err());
        assertTrue(notJson.err().startsWith("cam4j: error: --arch " + text + ": not valid JSON at line 1, column 1: "),
                notJson.err());
        assertEquals(1, notJson.err().lines().count(), notJson.err());
        Path absent = tmp.resolve("absent.json");
        CliRun missing = CliRun.of("train", "--arch", absent.toString(), "--data", SharedData.mnist().toString(),
                "--out", tmp.resolve("from-absent").toString());
        // A name where nothing is, a preset's or a file's, is a usage error (it had exited 1), as a folder is.
        assertEquals(2, missing.exitCode(), missing.err());
        assertEquals("cam4j: error: --arch " + absent + ": no such file (nor a preset: pooled, unpooled) (see 'cam4j"
                + " train --help')\n", missing.err());
        assertFalse(Files.exists(tmp.resolve("from-notes")) || Files.exists(tmp.resolve("from-absent")));
    }

    /**
     * An architecture of more parameters than cam4j trains is refused before the dataset is looked for: it was refused
     * only once MNIST's 70 000 images were read, so without them (here a --data folder lacking its files; by default,
     * ~/.cache/cam4j/mnist absent) the user heard of the dataset, or waited for a download, instead.
     */
    @Test
    void anArchTooLargeToTrainIsRefusedBeforeTheDatasetIsLookedFor() throws Exception {
        Path config = Files.writeString(tmp.resolve("huge.json"), """
                {"class_name": "Sequential", "config": {"name": "huge", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 28, 28, 1], "name": "in"}},
                  {"class_name": "Conv2D", "config": {"name": "c1", "filters": 800, "kernel_size": 3, "activation": "relu"}},
                  {"class_name": "Conv2D", "config": {"name": "c2", "filters": 8000, "kernel_size": 3, "activation": "relu"}},
                  {"class_name": "GlobalAveragePooling2D", "config": {"name": "gap"}},
                  {"class_name": "Dense", "config": {"name": "dense", "units": 10, "activation": "softmax"}}]}}
                """);
        Path noMnist = Files.createDirectories(tmp.resolve("no-mnist"));
        CliRun run = CliRun.of("train", "--arch", config.toString(), "--data", noMnist.toString(), "--out",
                tmp.resolve("huge").toString());
        assertEquals(1, run.exitCode(), run.err());
        assertEquals("cam4j: error: --arch " + config + ": 57,696,010 parameters, more than the 50,000,000 cam4j trains"
                + " (0.9 GB for weights, gradients and Adam's moments alone)", run.err().strip());
        assertFalse(Files.exists(tmp.resolve("huge")));
    }

    @Test
    void refusesAnExistingOutputAndNamesBadArguments() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("taken"));
        CliRun taken = CliRun.of("train", "--arch", "pooled", "--data", SharedData.mnist().toString(), "--out", out.toString());
        assertEquals(1, taken.exitCode());
        assertTrue(taken.err().contains("already exists; choose another path or add --force"), taken.err());

        CliRun arch = CliRun.of("train", "--arch", "resnet", "--data", SharedData.mnist().toString(), "--out",
                tmp.resolve("x").toString());
        // No such preset and no such file: a usage error, as a folder is (it had exited 1), naming the presets.
        assertEquals(2, arch.exitCode(), arch.err());
        assertEquals("cam4j: error: --arch 'resnet' is neither a preset (pooled, unpooled) nor an existing Keras config"
                + " file (its model.to_json(), any name) (see 'cam4j train --help')\n", arch.err());
        // A folder is named as one; "nor a .json Keras config file" read as if only .json names were taken (helper-165).
        CliRun folder = CliRun.of("train", "--arch", tmp.toString(), "--data", SharedData.mnist().toString(), "--out",
                tmp.resolve("x").toString());
        // A path of the wrong kind is a usage error, as --grid given a folder is (it had exited 1).
        assertEquals(2, folder.exitCode(), folder.err());
        assertTrue(folder.err().contains("--arch " + tmp + " is a folder; give a Keras config file (its"
                + " model.to_json(), any name) or a preset: "), folder.err());
        Path file = Files.writeString(tmp.resolve("not-a-dataset.txt"), "text");
        CliRun dataFile = CliRun.of("train", "--arch", "pooled", "--data", file.toString(), "--out",
                tmp.resolve("x").toString());
        assertEquals(2, dataFile.exitCode(), dataFile.err());
        assertEquals("cam4j: error: --data " + file + ": dataset folder " + file + " is a file, not a folder: give the"
                + " folder that holds the IDX files (see 'cam4j train --help')", dataFile.err().strip());

        CliRun epochs = CliRun.of("train", "--arch", "pooled", "--epochs", "0", "--data", SharedData.mnist().toString(),
                "--out", tmp.resolve("y").toString());
        assertEquals(2, epochs.exitCode());
        assertTrue(epochs.err().contains("--epochs must be at least 1"), epochs.err());

        CliRun data = CliRun.of("train", "--arch", "pooled", "--data", tmp.resolve("nothing").toString(), "--out",
                tmp.resolve("z").toString());
        assertEquals(1, data.exitCode());
        assertTrue(data.err().contains("dataset folder") && data.err().contains("nothing"), data.err());
    }

    /**
     * What helper-62 found a run left unsaid: the threads and oneDNN, which change the weights a seed gives, were
     * recorded nowhere; an empty test split was printed and recorded as NaN (the string "NaN" in cam4j.json); a
     * training that diverged with a finite loss (learning rate 1e5) was exported as if it had learnt; a --limit above
     * the data was clamped without a word; --learning-rate 1e-50 was refused as "got 0.0". 300 MNIST training digits and
     * an empty test split keep it quick; at a learning rate of 1e5 Adam's first steps throw every weight far past where
     * ReLUs fire, so the model ends at chance (a model that learnt anything beats 0.15 with 10 classes).
     */
    @Test
    void aRunSaysWhatItCouldNotMeasureAndWhenItLearntNothing() throws Exception {
        Path data = threeHundredDigitsWithNoTestSplit(tmp.resolve("no-test"));
        Path out = tmp.resolve("diverged");
        CliRun run = CliRun.of("train", "--arch", "pooled", "--data", data.toString(), "--epochs", "1", "--limit", "1000",
                "--threads", "1", "--learning-rate", "1e5", "--lr-schedule", "constant", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("test accuracy not measured: the test split holds no images"), run.out());
        assertTrue(run.err().contains("cam4j: note: --limit 1000 is more than the 300 training images of " + data
                + ": all are used"), run.err());
        assertTrue(run.err().contains("cam4j: warning: the model guesses no better than chance (validation accuracy"),
                run.err());
        ModelMetadata meta = ModelMetadata.read(out.resolve("assets").resolve(CamContract.METADATA_ASSET));
        assertEquals(null, meta.testAccuracy(), "no accuracy over no image");
        assertEquals(0, meta.testImages());
        assertFalse(Files.readString(out.resolve("assets").resolve(CamContract.METADATA_ASSET)).contains("NaN"));
        String oneDnn = "1".equals(System.getenv("TF_ENABLE_ONEDNN_OPTS")) ? "on" : "off";
        assertTrue(meta.training().machine().endsWith("; TensorFlow intra-op threads 1, oneDNN " + oneDnn),
                meta.training().machine());

        assertEquals("epoch 1: loss 2.5000, accuracy 0.1000, 3.0 s", new io.github.cam4j.train.EpochStats(1, 2.5, 0.1,
                Double.NaN, Double.NaN, 3).toString(), "no validation, no NaN");
        assertEquals("epoch 2: loss 2.5000, accuracy 0.1000, val_loss 2.3026, val_accuracy 0.0950, 3.0 s",
                new io.github.cam4j.train.EpochStats(2, 2.5, 0.1, 2.302585, 0.095, 3).toString());

        CliRun tiny = CliRun.of("train", "--arch", "pooled", "--data", data.toString(), "--learning-rate", "1e-50",
                "--out", tmp.resolve("tiny").toString());
        assertEquals(2, tiny.exitCode());
        assertTrue(tiny.err().contains("--learning-rate 1e-50 is too small for float32, in which TensorFlow trains (it"
                + " would round to 0.0)"), tiny.err());
    }

    /** @return {@code dir}, holding the first 300 MNIST training digits and an empty test split: a quick training */
    private static Path threeHundredDigitsWithNoTestSplit(Path dir) throws Exception {
        Path data = Files.createDirectories(dir);
        LabeledImages mnist = Dataset.open(SharedData.mnist()).train().slice(0, 300);
        writeIdx(data.resolve("train-images-idx3-ubyte"), data.resolve("train-labels-idx1-ubyte"), mnist);
        writeIdx(data.resolve("t10k-images-idx3-ubyte"), data.resolve("t10k-labels-idx1-ubyte"), mnist.slice(0, 0));
        return data;
    }

    /**
     * A batch larger than the training images is clamped as a --limit above the data is, and now said so: --batch-size
     * 100000 on 540 images had run one step per epoch without a word. 300 MNIST digits, none held out, no test split.
     */
    @Test
    void aBatchLargerThanTheTrainingImagesIsNoted() throws Exception {
        Path data = threeHundredDigitsWithNoTestSplit(tmp.resolve("few"));
        CliRun.Logged logged = CliRun.ofCapturingProcessErr("train", "--arch", "pooled", "--data", data.toString(),
                "--epochs", "1", "--validation-split", "0", "--threads", "1", "--batch-size", "100000", "--out",
                tmp.resolve("m").toString());
        CliRun run = logged.run();
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("cam4j: note: --batch-size 100000 is more than the 300 training images: each epoch"
                + " is one step over all of them"), run.err());
        assertTrue(logged.processErr().contains("1/1 batches"), "one step: " + logged.processErr());
        // The default batch of 64, clamped by a small --limit, is not the user's choice: not noted.
        CliRun byDefault = CliRun.of("train", "--arch", "pooled", "--data", data.toString(), "--epochs", "1",
                "--validation-split", "0", "--threads", "1", "--limit", "20", "--out", tmp.resolve("d").toString());
        assertEquals(0, byDefault.exitCode(), byDefault.err());
        assertFalse(byDefault.err().contains("--batch-size"), byDefault.err());
    }

    /**
     * A regulariser strong enough to keep the model at chance is named in the chance warning beside the learning rate:
     * {@code --spread-penalty 1e11} ended at chance (0.1145 on the test set, 2 000 digits) and the warning advised only
     * a smaller learning rate or more epochs, neither of which helps. Without one, the advice is as before.
     */
    @Test
    void aRegulariserThatKeptTheModelAtChanceIsNamedInTheWarning() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("penalised-data"));
        LabeledImages mnist = Dataset.open(SharedData.mnist()).train().slice(0, 300);
        writeIdx(data.resolve("train-images-idx3-ubyte"), data.resolve("train-labels-idx1-ubyte"), mnist);
        writeIdx(data.resolve("t10k-images-idx3-ubyte"), data.resolve("t10k-labels-idx1-ubyte"),
                Dataset.openTest(SharedData.mnist()).test().slice(0, 500));
        CliRun run = CliRun.of("train", "--arch", "pooled", "--data", data.toString(), "--epochs", "1", "--threads", "1",
                "--spread-penalty", "1e11", "--out", tmp.resolve("penalised").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().matches("(?s).*cam4j: warning: the model guesses no better than chance \\(test accuracy"
                + " 0\\.\\d{4}, trained on 10 classes\\): the training diverged or did not learn; its maps say"
                + " nothing\\. Try a smaller --learning-rate \\(this run: 0\\.003\\), less of --spread-penalty 1e11,"
                + " or more --epochs\n.*"), run.err());
    }

    /**
     * A run at chance whose loss never rose is told to train longer or faster, not to lower its learning rate: at
     * {@code --learning-rate 1e-6} the warning read "Try a smaller --learning-rate (this run: 1e-6) or more --epochs"
     * (the loss 2.63 to 2.65, an even guess's 2.30: the initial weights', barely moved). A run that diverged is still
     * told to lower it (above, and {@code --learning-rate 1e5}'s test).
     */
    @Test
    void aRunAtChanceWhoseLossNeverRoseIsNotToldToLowerItsLearningRate() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("slow-data"));
        writeIdx(data.resolve("train-images-idx3-ubyte"), data.resolve("train-labels-idx1-ubyte"),
                Dataset.open(SharedData.mnist()).train().slice(0, 300));
        writeIdx(data.resolve("t10k-images-idx3-ubyte"), data.resolve("t10k-labels-idx1-ubyte"),
                Dataset.openTest(SharedData.mnist()).test().slice(0, 500));
        CliRun run = CliRun.of("train", "--arch", "pooled", "--data", data.toString(), "--epochs", "1", "--threads",
                "1", "--learning-rate", "1e-6", "--out", tmp.resolve("slow").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().matches("(?s).*cam4j: warning: the model guesses no better than chance \\(test accuracy"
                + " 0\\.\\d{4}, trained on 10 classes\\): the training did not learn \\(its loss ended at 2\\.\\d{4},"
                + " near the 2\\.3026 of an even guess over its 10 units\\); its maps say nothing\\. Try more --epochs"
                + " or training images or a larger --learning-rate \\(this run: 1e-6\\)\n.*"), run.err());
        assertFalse(run.err().contains("smaller --learning-rate"), run.err());
    }

    /**
     * The chance warning counts the classes the measured images have: pictures labelled 8 or 9 at random cannot be
     * learnt, and the model read 0.5050 of 400 test images, a coin's toss, without a warning; the classes were counted
     * as the largest label plus one, 10, whose chance (0.15 with the warning's margin) a coin's toss clears.
     */
    @Test
    void aModelAtChanceOnTwoClassesLabelledEightAndNineIsWarnedOf() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("coin"));
        java.util.Random coin = new java.util.Random(7);
        LabeledImages train = relabelled(Dataset.open(SharedData.mnist()).train().slice(0, 600), coin);
        LabeledImages test = relabelled(Dataset.openTest(SharedData.mnist()).test().slice(0, 200), coin);
        writeIdx(data.resolve("train-images-idx3-ubyte"), data.resolve("train-labels-idx1-ubyte"), train);
        writeIdx(data.resolve("t10k-images-idx3-ubyte"), data.resolve("t10k-labels-idx1-ubyte"), test);
        CliRun run = CliRun.of("train", "--arch", "pooled", "--data", data.toString(), "--epochs", "1", "--threads", "1",
                "--out", tmp.resolve("coin-model").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().matches("(?s).*cam4j: warning: the model guesses no better than chance \\(test accuracy"
                + " 0\\.\\d{4}, trained on 2 classes\\).*"), run.out() + run.err());

        // Ten classes learned, tested on 4s and 9s alone: a guess among ten scores 0.10 there, so 0.5 is no chance
        // level; counting the test images' classes had warned of it (helper-171's audit).
        Path narrow = Files.createDirectories(tmp.resolve("narrow-test"));
        LabeledImages tests = Dataset.openTest(SharedData.mnist()).test().slice(0, 400);
        int fours = 0;
        byte[] kept = new byte[400 * 784];
        byte[] keptLabels = new byte[400];
        for (int i = 0; i < tests.count() && fours < 60; i++) {
            if (tests.label(i) == 4 || tests.label(i) == 9) {
                System.arraycopy(tests.pixels(), i * 784, kept, fours * 784, 784);
                keptLabels[fours++] = (byte) tests.label(i);
            }
        }
        writeIdx(narrow.resolve("train-images-idx3-ubyte"), narrow.resolve("train-labels-idx1-ubyte"),
                Dataset.open(SharedData.mnist()).train().slice(0, 600));
        writeIdx(narrow.resolve("t10k-images-idx3-ubyte"), narrow.resolve("t10k-labels-idx1-ubyte"),
                new LabeledImages(java.util.Arrays.copyOf(kept, fours * 784), java.util.Arrays.copyOf(keptLabels, fours),
                        fours, 28, 28));
        CliRun ten = CliRun.of("train", "--arch", "pooled", "--data", narrow.toString(), "--epochs", "1", "--threads",
                "1", "--out", tmp.resolve("narrow-model").toString());
        assertEquals(0, ten.exitCode(), ten.err());
        assertFalse(ten.err().contains("no better than chance"), ten.out() + ten.err());
    }

    /**
     * Training images of one label are refused before the training: {@code --limit 1} (MNIST's first digit, a 5) and
     * data whose labels are all 3 were trained and exported with exit 0 and no word, a model that calls every picture
     * that class; the chance warning has no chance level for one class learnt.
     */
    @Test
    void trainingImagesOfOneClassAreRefused() throws Exception {
        Path one = tmp.resolve("one-digit");
        CliRun run = CliRun.of("train", "--arch", "pooled", "--data", SharedData.mnist().toString(), "--epochs", "1",
                "--limit", "1", "--out", one.toString());
        assertEquals(1, run.exitCode(), run.err());
        assertEquals("cam4j: error: --limit 1: the 1 training image it takes is of one class, label 5: a classifier"
                + " learns nothing from one class (it would call every picture a 5); give images of two classes or more"
                + System.lineSeparator(), run.err());
        assertFalse(Files.exists(one), "nothing written");

        Path data = Files.createDirectories(tmp.resolve("threes"));
        LabeledImages digits = Dataset.open(SharedData.mnist()).train().slice(0, 200);
        byte[] threes = new byte[digits.count()];
        java.util.Arrays.fill(threes, (byte) 3);
        writeIdx(data.resolve("train-images-idx3-ubyte"), data.resolve("train-labels-idx1-ubyte"),
                new LabeledImages(digits.pixels(), threes, digits.count(), 28, 28));
        writeIdx(data.resolve("t10k-images-idx3-ubyte"), data.resolve("t10k-labels-idx1-ubyte"),
                Dataset.openTest(SharedData.mnist()).test().slice(0, 100));
        Path out = tmp.resolve("threes-model");
        CliRun all = CliRun.of("train", "--arch", "pooled", "--data", data.toString(), "--epochs", "1", "--out",
                out.toString());
        assertEquals(1, all.exitCode(), all.err());
        assertTrue(all.err().contains("cam4j: error: --data " + data + ": all 180 training images (20 more held out for"
                + " validation) are of one class, label 3"), all.err());
        assertEquals("", all.out(), "refused before the training began");
        assertFalse(Files.exists(out), "nothing written");
    }

    /**
     * Training and test pictures of different sizes are said as the dataset folder that holds them: the library's words
     * ("the training images are 28x28 but the test images 14x14") named neither --data nor the folder (the audit).
     */
    @Test
    void trainAndTestPicturesOfDifferentSizesNameTheDataFolder() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("mixed-sizes"));
        writeIdx(data.resolve("train-images-idx3-ubyte"), data.resolve("train-labels-idx1-ubyte"),
                Dataset.open(SharedData.mnist()).train().slice(0, 20));
        writeIdx(data.resolve("t10k-images-idx3-ubyte"), data.resolve("t10k-labels-idx1-ubyte"),
                new LabeledImages(new byte[10 * 14 * 14], new byte[10], 10, 14, 14));
        Path out = tmp.resolve("never");
        CliRun run = CliRun.of("train", "--arch", "pooled", "--data", data.toString(), "--epochs", "1", "--out",
                out.toString());
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("--data " + data + ": the training images are 28x28 but the test images 14x14:"
                + " the test accuracy would be of other pictures than the model learned"), run.err());
        assertFalse(Files.exists(out), "nothing written");
    }

    /**
     * A preset's classifier of too few units is not advised to be given "units": 256, which a preset cannot take: the
     * labels file (when few labels lie beyond) or a copy of the preset's config from the jar. A config file keeps the
     * library's advice.
     */
    @Test
    void labelsBeyondAPresetsClassifierAreAnsweredWithWhatAPresetAllows() throws Exception {
        LabeledImages digits = Dataset.open(SharedData.mnist()).train().slice(0, 300);
        LabeledImages tests = Dataset.openTest(SharedData.mnist()).test().slice(0, 10);
        // One damaged label of 300: under 1 %, so the labels file is named first.
        byte[] damaged = digits.labels().clone();
        damaged[7] = (byte) 255;
        Path few = Files.createDirectories(tmp.resolve("one-damaged"));
        writeIdx(few.resolve("train-images-idx3-ubyte"), few.resolve("train-labels-idx1-ubyte"),
                new LabeledImages(digits.pixels(), damaged, 300, 28, 28));
        writeIdx(few.resolve("t10k-images-idx3-ubyte"), few.resolve("t10k-labels-idx1-ubyte"), tests);
        for (String preset : List.of("pooled", "unpooled")) {
            CliRun run = CliRun.of("train", "--arch", preset, "--data", few.toString(), "--epochs", "1", "--out",
                    tmp.resolve("never-" + preset).toString());
            assertEquals(1, run.exitCode(), run.err());
            assertTrue(run.err().contains("--arch " + preset + ": layer 'dense' (Dense) has 10 units, one a class, but"
                    + " the dataset's labels run 0 to 255 (1 of its 300 labels above 9): a preset's units are fixed:"
                    + " check the labels file, or train a copy of its config with \"units\": 256 (cam4j train --arch "
                    + preset + " --print-arch > " + preset + ".json, edit it, then --arch " + preset + ".json)"),
                    run.err());
        }
        // Data of more classes: a third of the labels 10 or 11, no labels file blamed.
        byte[] more = digits.labels().clone();
        for (int i = 0; i < 100; i++) {
            more[i] = (byte) (10 + i % 2);
        }
        Path twelve = Files.createDirectories(tmp.resolve("twelve-classes"));
        writeIdx(twelve.resolve("train-images-idx3-ubyte"), twelve.resolve("train-labels-idx1-ubyte"),
                new LabeledImages(digits.pixels(), more, 300, 28, 28));
        writeIdx(twelve.resolve("t10k-images-idx3-ubyte"), twelve.resolve("t10k-labels-idx1-ubyte"), tests);
        CliRun many = CliRun.of("train", "--arch", "pooled", "--data", twelve.toString(), "--epochs", "1", "--out",
                tmp.resolve("never-many").toString());
        assertEquals(1, many.exitCode(), many.err());
        assertTrue(many.err().contains("(100 of its 300 labels above 9): a preset's units are fixed: train a copy of its"
                + " config with \"units\": 12 (cam4j train --arch pooled --print-arch > pooled.json, edit it, then"
                + " --arch pooled.json)"), many.err());
        // The advice holds: the preset's config as --print-arch prints it, given 12 units, is taken and refused no more.
        CliRun printed = CliRun.of("train", "--arch", "pooled", "--print-arch");
        assertEquals(0, printed.exitCode(), printed.err());
        String config = printed.out();
        assertTrue(config.contains("\"units\": 10,"), "the preset's classifier as shipped");
        Path copy = Files.writeString(tmp.resolve("pooled.json"), config.replace("\"units\": 10,", "\"units\": 12,"));
        CliRun copied = CliRun.of("train", "--arch", copy.toString(), "--data", twelve.toString(), "--epochs", "1",
                "--threads", "1", "--out", tmp.resolve("twelve-model").toString());
        assertEquals(0, copied.exitCode(), copied.err());
        // A config file can be given the units: the library's advice, as before.
        CliRun fromFile = CliRun.of("train", "--arch", copy.toString(), "--data", few.toString(), "--epochs", "1",
                "--out", tmp.resolve("never-file").toString());
        assertEquals(1, fromFile.exitCode(), fromFile.err());
        assertTrue(fromFile.err().contains("(1 of its 300 labels above 11): give it \"units\": 256, or check the labels"
                + " file"), fromFile.err());
    }

    @Test
    void printArchPrintsAPresetAsShippedAndAFileAsRead() throws Exception {
        // A preset's config is printed as the jar carries it (one newline added at the end), so that a copy trains
        // exactly what the preset does; nothing is trained, and no --out is asked for.
        for (String preset : io.github.cam4j.model.Presets.NAMES) {
            CliRun run = CliRun.of("train", "--arch", preset, "--print-arch");
            assertEquals(0, run.exitCode(), run.err());
            assertEquals("", run.err());
            assertEquals(io.github.cam4j.model.Presets.json(preset).strip(), run.out().strip(), preset);
        }
        // A file's config is printed as the parser read it: the same model again when read back.
        Path copy = Files.writeString(tmp.resolve("unpooled.json"),
                CliRun.of("train", "--arch", "unpooled", "--print-arch").out());
        CliRun read = CliRun.of("train", "--arch", copy.toString(), "--print-arch");
        assertEquals(0, read.exitCode(), read.err());
        assertEquals(io.github.cam4j.model.Presets.resolve("unpooled"),
                io.github.cam4j.model.Sequential.fromJson(read.out()));
        // A training option beside it would be dropped unseen: refused, naming it (exit 2), nothing printed.
        CliRun mixed = CliRun.of("train", "--arch", "pooled", "--print-arch", "--out", tmp.resolve("m").toString());
        assertEquals(2, mixed.exitCode(), mixed.err());
        assertEquals("", mixed.out());
        assertTrue(mixed.err().startsWith("cam4j: error: --print-arch prints the config and trains nothing: --out does"
                + " not apply"), mixed.err());
        assertTrue(Files.notExists(tmp.resolve("m")));
        // Without it, --out is required as before.
        CliRun noOut = CliRun.of("train", "--arch", "pooled");
        assertEquals(2, noOut.exitCode(), noOut.err());
        assertTrue(noOut.err().startsWith("cam4j: error: Missing required option: '--out=<out>'"), noOut.err());
        // An --arch that names nothing is the command line's fault, as when training.
        CliRun none = CliRun.of("train", "--arch", tmp.resolve("missing.json").toString(), "--print-arch");
        assertEquals(2, none.exitCode(), none.err());
        assertTrue(none.err().contains("missing.json: no such file"), none.err());
    }

    /**
     * A functional config's refusal quotes what tf.keras 2 wrote of the model whole, on one line: the error handler
     * cut every message at its first "[[" (meant for TensorFlow's node list), so "its output_layers is" and "is called
     * 2 times (inbound_nodes" ended there, the layers and calls they named left out (the calls are now said in
     * words, FunctionalChainTest). The configs are the pooled preset's, written as the functional model tf.keras 2
     * writes for its layers called one on the other, given a second output, or a layer called twice.
     */
    @Test
    void aFunctionalConfigsRefusalQuotesItsNestedListsWhole() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        String[] quoted = {"[[\"dense\",0,0],[\"conv2d\",0,0]]", "(on 'conv2d', then on 'conv2d'"};
        for (int twice = 0; twice < 2; twice++) {
            com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode) json
                    .readTree(io.github.cam4j.model.Presets.json("pooled"));
            root.put("class_name", "Functional");
            com.fasterxml.jackson.databind.node.ObjectNode config = (com.fasterxml.jackson.databind.node.ObjectNode)
                    root.path("config");
            String previous = null;
            for (com.fasterxml.jackson.databind.JsonNode layer : config.path("layers")) {
                String name = layer.path("config").path("name").asText();
                com.fasterxml.jackson.databind.node.ArrayNode nodes = ((com.fasterxml.jackson.databind.node.ObjectNode)
                        layer).putArray("inbound_nodes");
                if (previous != null) {
                    nodes.addArray().addArray().add(previous).add(0).add(0).addObject();
                }
                previous = name;
            }
            config.putArray("input_layers").addArray().add("input_1").add(0).add(0);
            com.fasterxml.jackson.databind.node.ArrayNode outputs = config.putArray("output_layers");
            outputs.addArray().add(previous).add(0).add(0);
            if (twice == 0) {
                outputs.addArray().add("conv2d").add(0).add(0);
            } else {
                ((com.fasterxml.jackson.databind.node.ArrayNode) config.path("layers").get(2).path("inbound_nodes"))
                        .addArray().addArray().add("conv2d").add(0).add(0).addObject();
            }
            Path file = Files.writeString(tmp.resolve("functional" + twice + ".json"), json.writeValueAsString(root));
            CliRun run = CliRun.of("train", "--arch", file.toString(), "--print-arch");
            assertEquals(1, run.exitCode(), run.err());
            assertEquals("", run.out());
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().contains(quoted[twice] + (twice == 0 ? ", where cam4j reads one, the chain's last"
                    + " layer [\"dense\", 0, 0]" : "); cam4j reads a functional model whose layers are each called"
                    + " once")), run.err());
        }
    }

    /**
     * What a file says that cam4j does not keep, and so prints as null, is said on standard error as train says it (a
     * seed's note naming --seed, given no value here); standard output is the config alone. The print had set an
     * initializer's seed and a fixed batch size to null without a word.
     */
    @Test
    void printArchSaysWhatTheFileSaysThatItDoesNotKeep() throws Exception {
        Path config = Files.writeString(tmp.resolve("seeded.json"), """
                {"class_name": "Sequential", "config": {"name": "seeded", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_input_shape": [32, 28, 28, 1], "name": "in"}},
                  {"class_name": "Conv2D", "config": {"name": "c1", "filters": 4, "kernel_size": 3, "padding": "same",
                    "activation": "relu",
                    "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": 1234}}}},
                  {"class_name": "GlobalAveragePooling2D", "config": {"name": "gap"}},
                  {"class_name": "Dense", "config": {"name": "dense", "units": 10, "activation": "softmax"}}]}}
                """);
        CliRun run = CliRun.of("train", "--arch", config.toString(), "--print-arch");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("cam4j: note: layer 'in': its batch_input_shape [32,28,28,1] fixes a batch of 32 pictures, which"
                + " cam4j does not keep: it trains in batches of --batch-size, and the model it exports (and"
                + " --print-arch writes) takes any number\ncam4j: note: layer 'c1': kernel_initializer's seed 1234 is"
                + " not used (Keras' random generators are not cam4j's); initial weights come from --seed\n",
                run.err());
        com.fasterxml.jackson.databind.JsonNode layers = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(run.out()).path("config").path("layers");
        assertEquals("[null,28,28,1]", layers.get(0).path("config").path("batch_input_shape").toString());
        assertTrue(layers.get(1).path("config").path("kernel_initializer").path("config").path("seed").isNull());
    }

    /**
     * Configs Keras itself refuses, as a user edits the pooled preset's copy, and files that hold no config: each is
     * refused before any training in one line naming the file and what is wrong. The first three had been trained
     * (round 41, helper-274): an unnamed Conv2D beside one named conv2d_1 as "conv2d_2", a name 5 as '5', a
     * MaxPooling2D without its "config" with every argument at its default.
     */
    @Test
    void aConfigKerasRefusesOrAFileOfNoConfigIsOneLineNamingTheFile() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        String preset = CliRun.of("train", "--arch", "pooled", "--print-arch").out();
        // Every layer's name taken out but the last Conv2D's, conv2d_1: Keras names the second unnamed Conv2D so too.
        com.fasterxml.jackson.databind.node.ObjectNode clash = (com.fasterxml.jackson.databind.node.ObjectNode) json
                .readTree(preset);
        com.fasterxml.jackson.databind.JsonNode layers = clash.path("config").path("layers");
        for (int i = 1; i < layers.size(); i++) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) layers.get(i).path("config")).remove("name");
        }
        ((com.fasterxml.jackson.databind.node.ObjectNode) layers.get(5).path("config")).put("name", "conv2d_1");
        com.fasterxml.jackson.databind.node.ObjectNode numbered = (com.fasterxml.jackson.databind.node.ObjectNode) json
                .readTree(preset);
        ((com.fasterxml.jackson.databind.node.ObjectNode) numbered.path("config").path("layers").get(1).path("config"))
                .put("name", 5);
        com.fasterxml.jackson.databind.node.ObjectNode bare = (com.fasterxml.jackson.databind.node.ObjectNode) json
                .readTree(preset);
        ((com.fasterxml.jackson.databind.node.ObjectNode) bare.path("config").path("layers").get(2)).remove("config");
        byte[] noise = new byte[4096];
        new java.util.Random(11).nextBytes(noise);
        noise[0] = (byte) 0xfe;
        Object[][] cases = {
            {"clash.json", clash.toString(), "config.layers[3] (Conv2D) is given no name, so Keras names it 'conv2d_1',"
                    + " and config.layers[5] is named 'conv2d_1' too: Keras refuses the model"},
            {"numbered.json", numbered.toString(), "config.layers[1] (Conv2D): its \"name\" is number 5, not text"},
            {"bare.json", bare.toString(), "config.layers[2] (MaxPooling2D) has no \"config\""},
            {"list.json", json.readTree(preset).path("config").path("layers").toString(), "not a Keras model config: a"
                    + " JSON object with \"class_name\" and \"config\" (what model.to_json() writes) was expected, got"
                    + " array of layers, the model's get_config() in Keras before 2.2.3: give model.to_json()"},
            {"empty.json", "", "not a Keras model config: the file is empty"},
            {"random.gz", noise, "is not UTF-8 text (a JSON file was expected)"},
        };
        for (Object[] c : cases) {
            Path file = tmp.resolve((String) c[0]);
            if (c[1] instanceof byte[] bytes) {
                Files.write(file, bytes);
            } else {
                Files.writeString(file, (String) c[1]);
            }
            CliRun run = CliRun.of("train", "--arch", file.toString(), "--print-arch");
            assertEquals(1, run.exitCode(), run.err());
            assertEquals("", run.out(), (String) c[0]);
            assertTrue(run.err().startsWith("cam4j: error: --arch " + file + ": ") && run.err().contains((String) c[2])
                    && run.err().strip().lines().count() == 1, run.err());
        }
    }

    /** @return the images labelled 8 or 9 at random */
    private static LabeledImages relabelled(LabeledImages set, java.util.Random coin) {
        byte[] labels = new byte[set.count()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) (8 + coin.nextInt(2));
        }
        return new LabeledImages(set.pixels(), labels, set.count(), set.rows(), set.cols());
    }

    /** Writes images and labels as plain IDX files. */
    private static void writeIdx(Path images, Path labels, LabeledImages set) throws java.io.IOException {
        try (var out = new java.io.DataOutputStream(Files.newOutputStream(images))) {
            out.writeInt(0x803);
            out.writeInt(set.count());
            out.writeInt(set.rows());
            out.writeInt(set.cols());
            for (int i = 0; i < set.count(); i++) {
                for (int r = 0; r < set.rows(); r++) {
                    for (int c = 0; c < set.cols(); c++) {
                        out.writeByte(set.pixel(i, r, c));
                    }
                }
            }
        }
        try (var out = new java.io.DataOutputStream(Files.newOutputStream(labels))) {
            out.writeInt(0x801);
            out.writeInt(set.count());
            for (int i = 0; i < set.count(); i++) {
                out.writeByte(set.label(i));
            }
        }
    }
}
