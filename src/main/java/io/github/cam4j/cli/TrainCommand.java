package io.github.cam4j.cli;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.DatasetLocator;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.model.Presets;
import io.github.cam4j.model.Sequential;
import io.github.cam4j.savedmodel.CamContract;
import io.github.cam4j.savedmodel.CamModelExporter;
import io.github.cam4j.savedmodel.InputSpec;
import io.github.cam4j.savedmodel.ModelMetadata;
import io.github.cam4j.train.EpochStats;
import io.github.cam4j.train.LearningRateSchedule;
import io.github.cam4j.train.ProgressBarListener;
import io.github.cam4j.train.Trainer;
import io.github.cam4j.train.TrainingConfig;
import io.github.cam4j.train.TrainingResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
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

    @Option(names = "--arch", required = true, description = "pooled, unpooled, or a Keras JSON config file")
    String arch;

    @Option(names = "--data", description = "dataset folder (default: $CAM4J_DATA, else ~/.cache/cam4j/mnist, downloaded if absent)")
    Path data;

    @Option(names = "--epochs", defaultValue = "15", description = "epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64", description = "batch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "0.003", description = "Adam initial learning rate (default: ${DEFAULT-VALUE})")
    float learningRate;

    @Option(names = "--lr-schedule", defaultValue = "cosine",
            description = "constant or cosine (Keras' CosineDecay to 1%% of the rate) (default: ${DEFAULT-VALUE})")
    String schedule;

    @Option(names = "--validation-split", defaultValue = "0.1", description = "fraction held out from the end of the training set (default: ${DEFAULT-VALUE})")
    double validationSplit;

    @Option(names = "--seed", defaultValue = "42", description = "seed of initial weights and shuffling (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--limit", defaultValue = "0", description = "train on the first N images only (0: all)")
    int limit;

    @Option(names = "--threads", defaultValue = "0", description = "TensorFlow intra-op threads (0: one per core)")
    int threads;

    @Option(names = "--out", required = true, description = "the SavedModel folder to write")
    Path out;

    @Option(names = "--force", description = "replace --out if it exists")
    boolean force;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        PrintStream progress = System.err;
        Sequential model = Presets.resolve(arch);
        TrainingConfig config = new TrainingConfig(epochs, batchSize, learningRate, validationSplit, seed, limit,
                schedule(schedule), threads);
        OutputFolder.checkReplaceable(out, force, OutputFolder.Kind.MODEL, data == null ? List.of() : List.of(data));
        Dataset dataset = DatasetLocator.standard().locate(data);
        LabeledImages train = dataset.train();
        LabeledImages test = dataset.test();
        var stdout = spec.commandLine().getOut();
        stdout.printf("training %s (%d parameters) on %s: %d training images, %d test images%n", model.name(),
                model.parameterCount(), dataset.dir(), limit > 0 ? Math.min(limit, train.count()) : train.count(), test.count());
        stdout.flush();
        TrainingResult result = new Trainer(model, config, new ProgressBarListener(progress)).fit(train, test);
        EpochStats last = result.history().get(result.history().size() - 1);
        stdout.printf("test accuracy %.4f on %d images; %.1f s per epoch%n", result.testAccuracy(), result.testImages(),
                result.secondsPerEpoch());
        ModelMetadata metadata = metadata(result, dataset.dir(), train.count(), last);
        OutputFolder.replaceable(out, force, OutputFolder.Kind.MODEL, data == null ? List.of() : List.of(data));
        CamModelExporter.export(model, result.weights(), metadata, out);
        stdout.printf("exported %s%n", out);
        return 0;
    }

    private static LearningRateSchedule schedule(String name) {
        for (LearningRateSchedule s : LearningRateSchedule.values()) {
            if (s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("--lr-schedule '" + name + "' is not one of constant, cosine");
    }

    private static ModelMetadata metadata(TrainingResult result, Path dataDir, int trainCount, EpochStats last) {
        TrainingConfig c = result.config();
        int used = c.trainLimit() > 0 ? Math.min(c.trainLimit(), trainCount) : trainCount;
        int validation = (int) Math.round(used * c.validationSplit());
        List<String> labels = IntStream.range(0, result.model().classes()).mapToObj(Integer::toString).toList();
        String machine = Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch");
        return new ModelMetadata(CamContract.FORMAT, Cam4j.cam4jVersion(), result.model().name(),
                ModelMetadata.parseTree(result.model().toJson()), InputSpec.mnist(), labels,
                new ModelMetadata.Training(dataDir.getFileName().toString(), c.epochs(), c.batchSize(),
                        Double.parseDouble(Float.toString(c.learningRate())), c.schedule().name(),
                        c.seed(), used - validation, validation, last.validationAccuracy(), result.secondsPerEpoch(), machine),
                result.testAccuracy(), result.testImages());
    }
}
