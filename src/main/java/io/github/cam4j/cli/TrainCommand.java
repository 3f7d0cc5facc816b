package io.github.cam4j.cli;

import io.github.cam4j.SettingOutOfRangeException;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.model.ModelConfigException;
import io.github.cam4j.model.Presets;
import io.github.cam4j.model.Sequential;
import io.github.cam4j.savedmodel.CamContract;
import io.github.cam4j.savedmodel.CamModelExporter;
import io.github.cam4j.savedmodel.InputSpec;
import io.github.cam4j.savedmodel.ModelMetadata;
import io.github.cam4j.train.AttentionDrop;
import io.github.cam4j.train.ClassifierTooSmallException;
import io.github.cam4j.train.EpochStats;
import io.github.cam4j.train.HideAndSeek;
import io.github.cam4j.train.RandomShift;
import io.github.cam4j.train.LearningRateSchedule;
import io.github.cam4j.train.ModelDataMismatchException;
import io.github.cam4j.train.ProgressBarListener;
import io.github.cam4j.train.SpreadPenalty;
import io.github.cam4j.train.TemperatureScaling;
import io.github.cam4j.train.Trainer;
import io.github.cam4j.train.TrainTestSizeMismatchException;
import io.github.cam4j.train.TrainingStoppedException;
import io.github.cam4j.train.TrainingConfig;
import io.github.cam4j.train.TrainingDivergedException;
import io.github.cam4j.train.TrainingResult;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cam4j train}: trains a Keras-style architecture on an IDX dataset and exports a CAM-ready SavedModel. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train an architecture (preset or Keras JSON) on MNIST-like IDX data and export a CAM SavedModel.")
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--arch", required = true, description = "pooled, unpooled, or a Keras JSON config file (to edit a"
            + " preset's, e.g. its \"units\": " + PRINTED_PRESET + ")")
    String arch;

    /** How a preset's config is copied to a file to edit, as help and refusals say it. */
    static final String PRINTED_PRESET = "cam4j train --arch pooled --print-arch > pooled.json";

    @Option(names = "--print-arch", description = "print the Keras JSON config --arch names on standard output and exit,"
            + " training nothing: a preset's as shipped, to copy and edit, or a file's as cam4j reads it (what it does"
            + " not keep said in notes on standard error)")
    boolean printArch;

    @Option(names = "--data", description = "dataset folder (default: $CAM4J_DATA, else ~/.cache/cam4j/mnist, downloaded if absent)")
    Path data;

    @Option(names = "--epochs", defaultValue = "15", description = "epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64", description = "batch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "0.003", converter = NumberText.TypedDoubles.class, description = "Adam initial learning rate (default: ${DEFAULT-VALUE})")
    NumberText.Typed learningRate;

    @Option(names = "--lr-schedule", defaultValue = "cosine",
            description = "constant or cosine (Keras' CosineDecay to 1%% of the rate) (default: ${DEFAULT-VALUE})")
    String schedule;

    @Option(names = "--validation-split", defaultValue = "0.1", converter = NumberText.TypedDoubles.class, description = "fraction held out from the end of the training set (default: ${DEFAULT-VALUE})")
    NumberText.Typed validationSplit;

    @Option(names = "--seed", defaultValue = "42", description = "seed of initial weights and shuffling (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--limit", defaultValue = "0", description = "train on the first N images only (default: 0, all)")
    int limit;

    @Option(names = "--hide-patch", defaultValue = "0", description = "Hide-and-Seek (Singh and Lee 2017): hide random"
            + " squares of this side from the training pictures, meant to spread the maps over whole objects; on MNIST it"
            + " moved CAM's peaks off the digits (docs/explanation-quality.md) (default: 0, off: the article's training)")
    int hidePatch;

    @Option(names = "--hide-probability", converter = NumberText.TypedDoubles.class, description = "Hide-and-Seek: the chance each patch is hidden (default: "
            + DEFAULT_HIDE_PROBABILITY + ", as in the paper)")
    NumberText.Typed hideProbability;

    static final double DEFAULT_HIDE_PROBABILITY = 0.5;

    @Option(names = "--shift", defaultValue = "0", description = "move each training picture by up to this many pixels"
            + " across and down, at random (much as Keras' RandomTranslation, whole pixels, 0 fill), so that a model with pooling"
            + " sees digits in every position against its feature cells (default: 0, off: the article's training)")
    int shift;

    @Option(names = "--cell-dropout", defaultValue = "0", converter = NumberText.TypedDoubles.class, description = "while training, drop each position of the last"
            + " feature map with this probability, all its channels at once (a Keras Dropout with noise_shape [null, null,"
            + " null, 1] before the pooling), so that no class rests on a few positions; the exported model drops nothing"
            + " (default: 0, off: the article's training)")
    NumberText.Typed cellDropout;

    @Option(names = "--attention-drop", defaultValue = "0", converter = NumberText.TypedDoubles.class, description = "while training, with this probability per"
            + " picture, zero the cells of the last feature map whose channels' mean reaches --attention-threshold of the"
            + " picture's highest (the drop mask of Choe and Shim's Attention-based Dropout Layer), so that a class cannot"
            + " rest on its strongest cells; the exported model drops nothing (default: 0, off: the article's training)")
    NumberText.Typed attentionDrop;

    @Option(names = "--attention-threshold", converter = NumberText.TypedDoubles.class, description = "with --attention-drop: the fraction of a picture's highest"
            + " channel mean from which cells are dropped (default: " + AttentionDrop.DEFAULT_THRESHOLD + ", as in the"
            + " paper's code)")
    NumberText.Typed attentionThreshold;

    @Option(names = "--spread-penalty", defaultValue = "0", converter = NumberText.TypedDoubles.class, description = "while training, add this weight times the"
            + " variance that dropping cells of the last feature map would add to each picture's own logit (the sum of its"
            + " class map's squared cell values over the squared number of cells) to the loss, so that the evidence is spread"
            + " over the object instead of a few cells; the deterministic counterpart of --cell-dropout (the variance of"
            + " dropping cells at rate w/(1+w), charged instead of drawn); it also keeps the logits small: pair it with"
            + " --calibrate; the exported model is unchanged (default: 0, off: the article's training)")
    NumberText.Typed spreadPenalty;

    @Option(names = "--calibrate", description = "after training, divide the classifier by the one temperature that makes"
            + " the probabilities fit the held-out validation images best (temperature scaling, Guo et al. 2017): the"
            + " same predictions and the same maps, scaled, with probabilities that say how sure the model is; needs a"
            + " --validation-split above 0")
    boolean calibrate;

    /** The largest model trained: a CAM classifier for small pictures needs far fewer; 100 000 filters ran out of memory. */
    static final long MAX_PARAMETERS = 50_000_000;

    /** Fewer held-out images than this fit a temperature that is noted as weak. */
    static final int MIN_CALIBRATION_IMAGES = 1000;

    /** TensorFlow's threads beyond this only cost: 100 000 hung the command. */
    static final int MAX_THREADS = 1024;

    @Option(names = "--threads", defaultValue = "0", description = "TensorFlow intra-op threads (default: 0, one per core)")
    int threads;

    @Option(names = "--out", description = "the SavedModel folder to write (required unless --print-arch); " + OutputFolder.CREATED_IF_ABSENT)
    Path out;

    @Option(names = "--force", description = "replace --out if it exists")
    boolean force;

    @Mixin
    VerboseOption verbose;

    /** Set when a signal asks the training under way to stop between two steps. */
    private volatile boolean stopAsked;

    @Override
    public Integer call() throws Exception {
        if (printArch) {
            return printArch();
        }
        if (out == null) {
            // Answered as picocli answers a missing required option (exit 2, the help named); picocli cannot require
            // --out itself, since --print-arch writes nothing.
            throw new CommandLine.MissingParameterException(spec.commandLine(), spec.findOption("--out"),
                    "Missing required option: '--out=<out>'");
        }
        // Ctrl-C or SIGTERM ended a training mid-epoch without a word (the bar just stopped): now it says what became of
        // --out. Said on standard error, a diagnostic: standard output holds what was done.
        PrintWriter stderr = spec.commandLine().getErr();
        try (StopSignal stop = new StopSignal(() -> {
            stderr.println("cam4j: train stopped; " + nothingWritten());
            stderr.flush();
        }, "cam4j-train-shutdown")) {
            return train(stop);
        }
    }

    /**
     * Prints the config {@code --arch} names: a preset's resource byte for byte, so that a copy is exactly what the
     * preset trains, or a file's as the parser read it (its defaults filled in), which also checks it; what the file
     * says that cam4j does not keep (a seed, a batch size) is said in notes on standard error.
     *
     * @return 0
     * @throws UsageException when another option is given with it, since nothing is trained or written
     */
    private int printArch() throws ModelConfigException {
        for (CommandLine.Model.OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            String name = option.longestName();
            if (!name.equals("--arch") && !name.equals("--print-arch") && !name.equals("--verbose")) {
                // A training option beside it would be dropped without a word: the user may think it trained.
                throw new UsageException("--print-arch prints the config and trains nothing: " + name
                        + " does not apply");
            }
        }
        String config;
        if (Presets.NAMES.contains(arch)) {
            config = Presets.json(arch);
        } else {
            Sequential model = resolveArch();
            config = model.toJson();
            // What the file says that the print leaves out (a seed, a batch size) is said as train says it: the print
            // had set them to null without a word. No --seed is given here, so a seed's note ends naming the option.
            for (String note : model.configNotes()) {
                spec.commandLine().getErr().println("cam4j: note: " + note);
            }
            spec.commandLine().getErr().flush();
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(config.endsWith("\n") ? config : config + "\n");
        stdout.flush();
        return 0;
    }

    /**
     * @return the model {@code --arch} names
     * @throws UsageException when it names a folder, or neither a preset nor a file
     * @throws ModelConfigException when its config file is refused
     */
    private Sequential resolveArch() throws ModelConfigException {
        try {
            return Presets.resolve(arch);
        } catch (ModelConfigException e) {
            if (namesNoFile(arch) || Files.isDirectory(Path.of(arch))) {
                // A folder where a config file or a preset's name goes, or a name that is neither (--arch resnet, a
                // mistyped path): the command line is at fault, not a config. The name had exited 1.
                throw new UsageException(e.getMessage(), e);
            }
            throw e;
        }
    }

    /** @return whether {@code arch} is no path at all, or one where nothing is */
    private static boolean namesNoFile(String arch) {
        try {
            return Files.notExists(Path.of(arch));
        } catch (java.nio.file.InvalidPathException e) {
            return true;
        }
    }

    /**
     * @return what can be done about a preset's classifier of too few units, which cannot be edited: the labels file
     *     when few labels lie beyond it, and a copy of the preset's config (shipped in the jar) given the units needed
     */
    private String presetUnitsAdvice(ClassifierTooSmallException e) {
        return "a preset's units are fixed: " + (e.fewBeyond() ? "check the labels file, or " : "") + "train a copy of"
                + " its config with \"units\": " + e.classes() + " (cam4j train --arch " + arch + " --print-arch > "
                + arch + ".json, edit it, then --arch " + arch + ".json)";
    }

    /** @return what a stop before the model's export leaves of --out */
    private String nothingWritten() {
        return Files.exists(out) ? out + " is as it was (nothing was written)" : "nothing was written";
    }

    private int train(StopSignal stop) throws Exception {
        PrintStream progress = System.err;
        Sequential preset = resolveArch();
        Sequential model;
        try {
            model = preset.withCellDropout(cellDropout.value());
        } catch (ModelConfigException e) {
            // The Dropout layer's refusal says the double it was given ("got 2.0"): said as typed, "got 2".
            String problem = e.getCause() instanceof SettingOutOfRangeException range ? range.message(cellDropout.text())
                    : e.getMessage();
            throw new UsageException("--cell-dropout " + cellDropout + ": " + problem, e);
        }
        float rate = (float) learningRate.value();
        if (Double.isFinite(learningRate.value()) && Float.isInfinite(rate)) {
            // 1e300 was refused as "must be positive, got 1e300": the float it rounds to, infinity, was at fault.
            throw new UsageException("--learning-rate " + learningRate + " is too large for float32, in which TensorFlow"
                    + " trains (it would round to " + rate + ")");
        }
        if (learningRate.value() > 0 && Float.isFinite(rate) && rate < Float.MIN_NORMAL) {
            // It was refused as "must be positive, got 0.0", the float it rounded to, not what was typed.
            throw new UsageException("--learning-rate " + learningRate + " is too small for float32, in which TensorFlow"
                    + " trains (it would round to " + rate + ")");
        }
        TrainingConfig config;
        try {
            config = new TrainingConfig(epochs, batchSize, rate, validationSplit.value(), seed, limit, schedule(schedule),
                    threads, hiding(), new RandomShift(shift), attentionDropping(), new SpreadPenalty(spreadPenalty.value()));
        } catch (UsageException e) {
            throw e;
        } catch (SettingOutOfRangeException e) {
            // A number setting's range check says the double or float it was given ("got 2.0", "got 2.14748365E9"):
            // said as typed instead ("got 2", "got 2147483647"). A usage error, as below.
            NumberText.Typed typed = typedNumbers().get(e.setting());
            throw new UsageException(typed == null ? e.getMessage() : e.message(typed.text()), e);
        } catch (IllegalArgumentException e) {
            // The settings' own range checks ("--epochs must be at least 1, got 0"): a command line that cannot mean
            // anything, answered as one (exit 2, the help named), as --lr-schedule's is.
            throw new UsageException(e.getMessage(), e);
        }
        if (calibrate && validationSplit.value() == 0) {
            throw new UsageException("--calibrate fits the temperature on the held-out validation images:"
                    + " --validation-split 0 holds none out");
        }
        OutputFolder.checkNotPictureName(out, "the SavedModel is written to", "my-model/");
        OutputFolder.checkNotInput(out, "--data", data, "data folder", "the model");
        OutputFolder.checkReplaceable(out, force, OutputFolder.Kind.MODEL, inputs());
        OutputFolder.checkCreatable(out);
        if (threads > MAX_THREADS) {
            throw new UsageException("--threads " + threads + " is more than " + MAX_THREADS + " (this machine has "
                    + Runtime.getRuntime().availableProcessors() + " cores)");
        }
        // The architecture's own limits before the dataset: a model too large to train was refused only once MNIST's
        // 70 000 images were read, or downloaded for nothing.
        long parameters;
        try {
            parameters = model.parameterCount();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("--arch " + arch + ": a layer has more than 2^31 weights");
        }
        if (parameters > MAX_PARAMETERS) {
            // Weights, their gradients and Adam's two moments: 16 bytes each, before any activation.
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "--arch %s: %,d parameters, more"
                    + " than the %,d cam4j trains (%.1f GB for weights, gradients and Adam's moments alone)", arch,
                    parameters, MAX_PARAMETERS, parameters * 16 / 1e9));
        }
        Dataset dataset = DataOption.open(data, false);
        LabeledImages train = dataset.train();
        LabeledImages test = dataset.test();
        var stdout = spec.commandLine().getOut();
        ProgressBarListener bars = new ProgressBarListener(progress, () -> stopAsked);
        Trainer trainer = new Trainer(model, config, bars);
        // Before "training ...": a run that cannot start says why and nothing else.
        if (train.count() == 0) {
            // The library's words ("no training images: the training split of the dataset holds none") named no folder.
            throw new IllegalArgumentException(dataNamed(dataset) + ": its training split holds no images; give a"
                    + " dataset whose training images hold some");
        }
        try {
            trainer.check(train, test);
        } catch (ClassifierTooSmallException e) {
            // A preset cannot be given "units": 256 as the library's words advise: its config, copied, can.
            throw new IllegalArgumentException("--arch " + arch + ": " + (Presets.NAMES.contains(arch)
                    ? e.problem() + ": " + presetUnitsAdvice(e) : e.getMessage()), e);
        } catch (ModelDataMismatchException e) {
            // Said as the option that gave the architecture, as a config the parser refuses is.
            throw new IllegalArgumentException("--arch " + arch + ": " + e.getMessage(), e);
        } catch (TrainTestSizeMismatchException e) {
            // The dataset's two splits disagree, not the architecture: said as the folder that holds them, which the
            // library's words ("the training images are 28x28 but the test images 14x14") did not name.
            throw new IllegalArgumentException(dataNamed(dataset) + ": " + e.getMessage(), e);
        }
        checkMemory(model, train, config);
        if (Presets.NAMES.contains(arch) && Files.isRegularFile(Path.of(arch))) {
            // The preset wins over a file of the same name in the working folder, which was not read without a word.
            spec.commandLine().getErr().println("cam4j: note: --arch " + arch + " is the preset; the file " + arch
                    + " in the working folder is not read (give ./" + arch + " to train it)");
        }
        for (String note : model.configNotes()) {
            // A seed's note ends naming what --seed draws instead (initial weights, a Dropout's masks): its value
            // completes it. A batch size's does not end so, and had been given the seed as a stray last word.
            spec.commandLine().getErr().println("cam4j: note: " + note + (note.endsWith("--seed") ? " " + seed : ""));
        }
        spec.commandLine().getErr().flush();
        int used = config.usedImages(train.count());
        int heldOut = config.validationImages(train.count());
        if (limit > train.count()) {
            // Clamped: the count line below said so only by its figure.
            spec.commandLine().getErr().printf(Locale.ROOT, "cam4j: note: --limit %d is more than the %d training images of %s:"
                    + " all are used%n", limit, train.count(), dataset.dir());
        }
        int learning = used - heldOut;
        if (batchSize > learning && learning > 0 && spec.commandLine().getParseResult().hasMatchedOption("--batch-size")) {
            // Clamped as --limit is: --batch-size 100000 on 540 images ran one step of 540 per epoch without a word.
            // Said of a batch size given only: the default's, clamped by a small --limit, is no choice of the user's.
            spec.commandLine().getErr().printf(Locale.ROOT, "cam4j: note: --batch-size %d is more than the %s: each"
                    + " epoch is one step over all of them%n", batchSize, io.github.cam4j.Counted.of(learning,
                            "training image"));
        }
        if (calibrate && heldOut == 0) {
            throw new IllegalArgumentException("--calibrate fits the temperature on the held-out validation images: a"
                    + " --validation-split of " + validationSplit + " holds none of the " + used + " images out");
        }
        LabeledImages learned = train.slice(0, used - heldOut);
        if (learned.labelsPresent() == 1) {
            // Trained and exported with exit 0 and no word: --limit 1, or a labels file of one class, made a model that
            // calls every picture that class (a softmax of one class learnt has nothing to tell apart), and the chance
            // warning, which counts the classes learnt, has no chance level for one.
            throw new IllegalArgumentException(oneClass(learned, heldOut, train.count(), dataset));
        }
        noteUntrainedClasses(learned, model.classes());
        stdout.printf(Locale.ROOT, "training %s (%d parameters) on %s: %s (%d more held out for validation), %s%n",
                model.name(), model.parameterCount(), dataset.dir(), io.github.cam4j.Counted.of(used - heldOut,
                        "training image"), heldOut, io.github.cam4j.Counted.of(test.count(), "test image"));
        stdout.flush();
        // From here a signal stops the training between two steps and waits for this command to say so: the JVM had
        // ended with the training inside TensorFlow, which crashed it once in some 35 stops (helper-165's audit), and a
        // stop while the model was written left its staging folders behind. The export itself, a second, is finished.
        if (!stop.working(() -> stopAsked = true)) {
            return StopSignal.STOPPED_EXIT;
        }
        TrainingResult result;
        try {
            result = trainer.fit(train, test);
        } catch (TrainingStoppedException e) {
            return stopped(e);
        } catch (TrainingDivergedException e) {
            // Its message says the float the rate became ("2.14748365E9"); the user typed 2147483647.
            throw new IllegalArgumentException(e.message(learningRate.text(), spreadPenalty.text()), e);
        }
        EpochStats last = result.history().get(result.history().size() - 1);
        if (result.testImages() == 0) {
            // An accuracy over no image is no figure: it was printed and recorded as NaN.
            stdout.printf(Locale.ROOT, "test accuracy not measured: the test split holds no images; %.1f s per epoch%n",
                    result.secondsPerEpoch());
        } else {
            stdout.printf(Locale.ROOT, "test accuracy %.4f on %d images; %.1f s per epoch%n", result.testAccuracy(),
                    result.testImages(), result.secondsPerEpoch());
        }
        // The classes the model learned, when fewer than the units: a 10-unit classifier of 2-class data guesses at
        // 0.5 (helper-69). Counted as the labels present in the training images, not as the largest label plus one
        // (data of labels 8 and 9 were counted 10 classes, and a model at 0.5 passed for one above chance), nor as the
        // classes of the test images: a model of ten digits tested on 4s and 9s alone, at 0.51 where its guess scores
        // 0.10, was warned of as at chance (helper-171's audit).
        warnIfChance(result, last, Math.min(model.classes(), learned.labelsPresent()), model.classes());
        Map<String, float[]> weights = result.weights();
        TemperatureScaling.Fit calibration = null;
        double testAccuracy = result.testAccuracy();
        // Heard between the calibration's batches: its two passes (10 000 test digits through the unpooled model: 16 s
        // on this machine) had outlasted the signal's wait, which then cut the command short.
        int steps = (int) (((long) used - heldOut + batchSize - 1) / batchSize);
        Runnable calibrating = () -> {
            if (stopAsked) {
                throw new TrainingStoppedException(epochs, steps, steps, "while calibrating");
            }
            bars.passBatch();
        };
        if (calibrate) {
            // The same held-out images the training validated on: the last of those it used.
            LabeledImages heldOutImages = train.slice(used - heldOut, used);
            Map<String, float[]> trained = weights;
            try {
                calibration = pass(bars, "calibrating", heldOutImages.count(), () -> TemperatureScaling.fit(
                        TemperatureScaling.logits(model, trained, heldOutImages, threads, calibrating), model.classes(),
                        labelsOf(heldOutImages)));
            } catch (TrainingStoppedException e) {
                return stopped(e);
            }
            if (calibration.atSearchBound() || heldOut < MIN_CALIBRATION_IMAGES) {
                spec.commandLine().getErr().printf(java.util.Locale.ROOT, "cam4j: note: the temperature %.4g was fitted on"
                        + " %d held-out images%s; it says little about how sure the model should be%n",
                        calibration.temperature(), heldOut, calibration.atSearchBound()
                                ? " and lies at the end of the range searched (1/1000 to 1000)" : "");
            }
            weights = TemperatureScaling.apply(model, weights, calibration.temperature());
            // Recounted from the scaled weights, whose rounding could in principle break a near tie differently.
            Map<String, float[]> calibrated = weights;
            try {
                testAccuracy = pass(bars, "calibrated test accuracy", test.count(), () -> TemperatureScaling.accuracy(
                        TemperatureScaling.logits(model, calibrated, test, threads, calibrating), labelsOf(test)));
            } catch (TrainingStoppedException e) {
                return stopped(e);
            }
            stdout.printf(java.util.Locale.ROOT, "calibrated: temperature %.4f fitted on %d held-out images (their"
                    + " cross-entropy %.4f -> %.4f); test accuracy %.4f%n", calibration.temperature(), calibration.images(),
                    calibration.crossEntropyBefore(), calibration.crossEntropyAfter(), testAccuracy);
        }
        ModelMetadata metadata = metadata(result, dataset.dir(), train, last, calibration, testAccuracy,
                learningRate.typed());
        // Checked again (the folder may have changed during the training); replaced only once the new model is whole.
        OutputFolder.checkReplaceable(out, force, OutputFolder.Kind.MODEL, inputs());
        CamModelExporter.export(model, weights, metadata, out, force);
        stdout.printf(Locale.ROOT, "exported %s%n", out);
        if (stop.requested()) {
            PrintWriter stderr = spec.commandLine().getErr();
            stderr.println("cam4j: train stopped after the training ended; the model was written to " + out);
            stderr.flush();
            return StopSignal.STOPPED_EXIT;
        }
        return 0;
    }

    /**
     * Runs a pass over {@code pictures} after the training's steps under a bar of its batches, closed however the pass
     * ends: before a stop's line is said.
     */
    private static <T> T pass(ProgressBarListener bars, String what, int pictures, java.util.function.Supplier<T> run) {
        bars.passStarted(what, Trainer.batches(pictures));
        try {
            return run.get();
        } finally {
            bars.passFinished();
        }
    }

    /** @return the dataset as the user chose it: {@code --data DIR}, or the default folder, said to be the default */
    private String dataNamed(Dataset dataset) {
        return data != null ? "--data " + data : "the dataset " + dataset.dir() + " (--data's default)";
    }

    /**
     * @return why images of one label alone are refused, naming what chose them: --limit when it cut the training set,
     *     else the data folder, and the held-out images when the split took some
     */
    /**
     * Notes the classifier's classes that no trained image is labelled with: accepted without a word, they are never a
     * label, yet get maps and probabilities. Counted among the images trained (the first --limit ones, less those held
     * out): the whole training split's labels had been counted, so --limit 5 (labels 5, 0, 4, 1) said nothing of the
     * six digits it never trains.
     *
     * @param learned the images trained
     * @param classes the classifier's units
     */
    private void noteUntrainedClasses(LabeledImages learned, int classes) {
        boolean[] trained = new boolean[classes];
        int top = -1;
        for (int i = 0; i < learned.count(); i++) {
            int label = learned.label(i);
            if (label >= 0 && label < classes) {
                trained[label] = true;
                top = Math.max(top, label);
            }
        }
        List<Integer> never = java.util.stream.IntStream.range(0, classes).filter(c -> !trained[c]).boxed().toList();
        if (never.isEmpty()) {
            return;
        }
        boolean onlyAboveTop = never.size() == classes - 1 - top;
        String labels = onlyAboveTop ? "the training labels are 0 to " + top
                : "none of the " + learned.count() + " training images is labelled " + listed(never, " or ");
        String which = never.size() == 1 ? "class " + never.get(0) + " is"
                : onlyAboveTop ? "classes " + (top + 1) + " to " + (classes - 1) + " are"
                : "classes " + listed(never, " and ") + " are";
        spec.commandLine().getErr().printf(Locale.ROOT, "cam4j: note: the classifier has %d units, but %s: %s never"
                + " trained, yet %s probabilities and maps%n", classes, labels, which,
                never.size() > 1 ? "they get" : "it gets");
    }

    /** @return the values in words: "8", or "6, 7" then {@code last} (" or ", " and ") then "8" */
    private static String listed(List<Integer> values, String last) {
        List<String> words = values.stream().map(String::valueOf).toList();
        return words.size() == 1 ? words.get(0)
                : String.join(", ", words.subList(0, words.size() - 1)) + last + words.get(words.size() - 1);
    }

    private String oneClass(LabeledImages learned, int heldOut, int available, Dataset dataset) {
        String which = learned.count() == 1 ? "the 1 training image" : "all " + learned.count() + " training images";
        String from = limit > 0 && limit < available ? "--limit " + limit + ": " + which + " it takes"
                : dataNamed(dataset) + ": " + which;
        return from + (heldOut > 0 ? " (" + heldOut + " more held out for validation)" : "") + (learned.count() == 1
                ? " is" : " are") + " of one class, label " + learned.label(0) + ": a classifier learns nothing from one"
                + " class (it would call every picture a " + learned.label(0) + "); give images of two classes or more";
    }

    /** Says where a stop asked by a signal ended the run, and what became of --out. */
    private int stopped(TrainingStoppedException e) {
        PrintWriter stderr = spec.commandLine().getErr();
        stderr.println("cam4j: train stopped " + e.where() + "; " + nothingWritten());
        stderr.flush();
        return StopSignal.STOPPED_EXIT;
    }

    /**
     * Warns when the model trained guesses no better than chance: a diverged run whose loss stayed finite (learning rate
     * 1e5: loss 1.4e24, validation loss ln 10) was exported without a word, and every map it drew was flat. A run whose
     * loss never rose far above an even guess's did not diverge, and is told to train longer or faster: the warning had
     * told every run to lower its learning rate, --learning-rate 1e-6 too ("Try a smaller --learning-rate (this run:
     * 1e-6)"), and the default's on a few hundred digits for an epoch, where a smaller rate learns less still.
     *
     * @param units the classifier's, over which an even guess's loss is ln(units)
     */
    private void warnIfChance(TrainingResult result, EpochStats last, int classes, int units) {
        double accuracy = result.testImages() > 0 ? result.testAccuracy() : last.validationAccuracy();
        // Half again above chance: a model that learnt anything at all clears it within its first epoch.
        if (classes > 1 && !Double.isNaN(accuracy) && accuracy <= 1.5 / classes) {
            // Twice an even guess's loss: pooled on 900 digits, learning rate 0.03 reached 4.78 (ten units: ln 10 is
            // 2.30) in its first epoch, 0.1 reached 43 and 50 reached 7e11, where 1e-6, or the default for 8 steps,
            // stayed between 2.51 and 2.65 (the initial weights' own loss).
            double even = Math.log(units);
            EpochStats highest = result.history().stream().max(java.util.Comparator.comparingDouble(EpochStats::loss))
                    .orElse(last);
            String advice = highest.loss() > 2 * even
                    ? String.format(java.util.Locale.ROOT, "the training diverged or did not learn; its maps say"
                            + " nothing. Try a smaller --learning-rate (this run: %s)%s or more --epochs", learningRate,
                            lessOf())
                    : String.format(java.util.Locale.ROOT, "the training did not learn (its loss ended at %.4f, near"
                            + " the %.4f of an even guess over its %d units); its maps say nothing. Try more --epochs"
                            + " or training images%s or a larger --learning-rate (this run: %s)", last.loss(), even,
                            units, lessOf(), learningRate);
            spec.commandLine().getErr().printf(java.util.Locale.ROOT, "cam4j: warning: the model guesses no better than"
                    + " chance (%s accuracy %.4f, trained on %d classes): %s%n",
                    result.testImages() > 0 ? "test" : "validation", accuracy, classes, advice);
            spec.commandLine().getErr().flush();
        }
    }

    /**
     * @return ", less of --spread-penalty 1e11" naming the regularisers in force, each as typed, which can keep a model
     *     from learning as a learning rate can: --spread-penalty 1e11 ended at chance, and the warning had named the
     *     learning rate alone
     */
    private String lessOf() {
        List<String> given = new ArrayList<>();
        if (spreadPenalty.value() > 0) {
            given.add("--spread-penalty " + spreadPenalty);
        }
        if (cellDropout.value() > 0) {
            given.add("--cell-dropout " + cellDropout);
        }
        if (attentionDrop.value() > 0) {
            given.add("--attention-drop " + attentionDrop);
        }
        if (hidePatch > 0) {
            given.add("--hide-patch " + hidePatch);
        }
        return given.isEmpty() ? "" : ", less of " + String.join(", ", given) + ",";
    }

    /**
     * @return the double and float options as typed, by name as their settings' range checks name them
     *     ({@link SettingOutOfRangeException#setting()}); an option not given (no default) maps to null
     */
    private Map<String, NumberText.Typed> typedNumbers() {
        Map<String, NumberText.Typed> given = new HashMap<>();
        given.put("--learning-rate", learningRate);
        given.put("--validation-split", validationSplit);
        given.put("--hide-probability", hideProbability);
        given.put("--attention-drop", attentionDrop);
        given.put("--attention-threshold", attentionThreshold);
        given.put("--spread-penalty", spreadPenalty);
        return given;
    }

    /** The attention drop from its two options; a threshold without a rate would be silently ignored, so refused. */
    private AttentionDrop attentionDropping() {
        if (attentionDrop.value() == 0 && attentionThreshold != null) {
            throw new UsageException("--attention-threshold " + attentionThreshold + " needs --attention-drop: the"
                    + " chance that a picture's strongest cells are dropped, e.g. --attention-drop 0.75");
        }
        return new AttentionDrop(attentionDrop.value(),
                attentionThreshold == null ? AttentionDrop.DEFAULT_THRESHOLD : attentionThreshold.value());
    }

    /** Hide-and-Seek from its two options; a probability without a patch size would be silently ignored, so refused. */
    private HideAndSeek hiding() {
        if (hidePatch == 0) {
            if (hideProbability != null) {
                throw new UsageException("--hide-probability " + hideProbability + " needs --hide-patch: the side"
                        + " of the squares to hide, e.g. --hide-patch 7");
            }
            return HideAndSeek.OFF;
        }
        return new HideAndSeek(hidePatch, hideProbability == null ? DEFAULT_HIDE_PROBABILITY : hideProbability.value());
    }

    /**
     * Refuses a batch whose activations would not fit this machine's memory (100 000 filters on 28x28 pictures in
     * batches of 64 asked for tens of gigabytes and died with an OutOfMemoryError trace). The estimate: each layer's
     * output, its gradient and TensorFlow's working copy, in float32.
     */
    private void checkMemory(Sequential model, LabeledImages train, TrainingConfig config) throws Exception {
        long perImage;
        try {
            perImage = model.activationsPerImage(train.rows(), train.cols());
        } catch (ArithmeticException e) {
            perImage = Long.MAX_VALUE / 64;
        }
        double bytes = (double) perImage * 12 * Math.min(batchSize, Math.max(1, config.usedImages(train.count())));
        long physical = io.github.cam4j.cam.ActivationMemory.physicalBytes();
        if (bytes > 0.8 * physical) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "model '%s' on %dx%d pictures in"
                    + " batches of %d needs about %.1f GB for its layers' outputs alone, more than this machine's %.1f GB:"
                    + " lower --batch-size or the layers' sizes", model.name(), train.rows(), train.cols(), batchSize,
                    bytes / 1e9, physical / 1e9));
        }
    }

    /** The files and folders this command reads, which replacing --out must never delete. */
    private List<Path> inputs() {
        List<Path> inputs = new java.util.ArrayList<>();
        if (data != null) {
            inputs.add(data);
        }
        Path archFile = Path.of(arch);
        if (java.nio.file.Files.exists(archFile)) {
            inputs.add(archFile);
        }
        return inputs;
    }

    /** @return the dataset folder's own name ("mnist"), also for "." or "data/" */
    private static String datasetName(Path dataDir) {
        Path name = dataDir.toAbsolutePath().normalize().getFileName();
        return name == null ? dataDir.toString() : name.toString();
    }

    private static LearningRateSchedule schedule(String name) {
        for (LearningRateSchedule s : LearningRateSchedule.values()) {
            if (s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new UsageException("--lr-schedule '" + name + "' is not one of constant, cosine");
    }

    private static int[] labelsOf(LabeledImages set) {
        return IntStream.range(0, set.count()).map(set::label).toArray();
    }

    /**
     * @param learningRate the learning rate as typed, to a double's precision ({@link NumberText.Typed#typed()}),
     *     which typed again trains with the same float: the float's own shortest decimal had been recorded, and that
     *     of {@code --learning-rate 2147483647}'s float, 2147483648, is 2.14748365E9, read 2147483650, a rate nobody
     *     typed and the run did not use
     */
    private static ModelMetadata metadata(TrainingResult result, Path dataDir, LabeledImages train, EpochStats last,
            TemperatureScaling.Fit calibration, double testAccuracy, double learningRate) {
        TrainingConfig c = result.config();
        int used = c.usedImages(train.count());
        int validation = c.validationImages(train.count());
        List<String> labels = IntStream.range(0, result.model().classes()).mapToObj(Integer::toString).toList();
        // The threads and oneDNN change the floats a run adds up (same seed, other weights): what reproduces it.
        String oneDnn = System.getenv(NativeEnvironment.ONEDNN);
        boolean oneDnnOn = oneDnn != null && (oneDnn.strip().equals("1") || oneDnn.strip().equalsIgnoreCase("true"));
        String machine = Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + "; TensorFlow intra-op threads " + (c.threads() > 0 ? c.threads()
                        : Runtime.getRuntime().availableProcessors()) + ", oneDNN " + (oneDnnOn ? "on" : "off");
        return new ModelMetadata(CamContract.FORMAT, Cam4j.cam4jVersion(), result.model().name(),
                ModelMetadata.parseTree(result.model().toJson()),
                // The size trained on, which an open-size config ([null, null, null, 1]) does not say: recorded as
                // 28x28 whatever the data, pictures were then framed to a size the model never saw.
                new InputSpec(train.rows(), train.cols(), result.model().channels(), 1f / 255f, 0f, true), labels,
                new ModelMetadata.Training(datasetName(dataDir), c.epochs(), c.batchSize(),
                        learningRate, c.schedule().name(),
                        c.seed(), used - validation, validation,
                        Double.isNaN(last.validationAccuracy()) ? null : last.validationAccuracy(), result.secondsPerEpoch(),
                        machine, c.hiding().active()
                                ? new ModelMetadata.Hiding(c.hiding().patch(), c.hiding().probability()) : null,
                        c.shift().active() ? c.shift().pixels() : null,
                        c.attentionDrop().active()
                                ? new ModelMetadata.AttentionDrop(c.attentionDrop().rate(), c.attentionDrop().threshold())
                                : null,
                        c.spreadPenalty().active() ? c.spreadPenalty().weight() : null,
                        calibration == null ? null : calibration.temperature()),
                result.testImages() > 0 ? testAccuracy : null, result.testImages());
    }
}
