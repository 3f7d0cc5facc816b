package io.github.cam4j.train;

import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.model.Dense;
import io.github.cam4j.model.ModelOutputs;
import io.github.cam4j.model.Sequential;
import io.github.cam4j.model.TensorData;
import io.github.cam4j.model.WeightSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Trains a {@link Sequential} classifier in TensorFlow Java, as Keras' {@code fit} would with Adam and categorical
 * cross-entropy: seeded initial weights, shuffled minibatches, a validation split held out from the end of the
 * training set, and the test accuracy at the end.
 *
 * <pre>{@code
 * TrainingResult result = new Trainer(model, config, listener).fit(dataset.train(), dataset.test());
 * }</pre>
 *
 * <p>Reproducibility: the initial weights and the batch order depend only on the seed. TensorFlow's CPU kernels
 * then run with a fixed thread count; repeated runs on one machine give the same weights (checked by a test).
 */
public final class Trainer {
    /** Images per forward pass when evaluating; larger batches only cost memory. */
    static final int EVAL_BATCH = 500;

    private final Sequential model;
    private final TrainingConfig config;
    private final TrainingListener listener;

    /**
     * @param model the architecture; its input shape must match the images
     * @param config how to train
     * @param listener hears progress
     */
    public Trainer(Sequential model, TrainingConfig config, TrainingListener listener) {
        this.model = model;
        this.config = config;
        this.listener = listener;
    }

    /**
     * Everything {@link #fit} checks before it trains, for a caller that wants to fail before announcing a run.
     *
     * @param trainSet the training images
     * @param testSet the test images
     * @throws ModelDataMismatchException naming the architecture's setting that does not fit the data: an input that
     *     does not take the pictures, a kernel or window larger than the layers before it leave of them, fewer
     *     classifier units than labels ({@link ClassifierTooSmallException}), a classifier other than softmax
     * @throws TrainTestSizeMismatchException when the training and test pictures differ in size
     * @throws IllegalArgumentException naming what else cannot be trained: settings too large for the pictures, no
     *     training images left after validation
     */
    public void check(LabeledImages trainSet, LabeledImages testSet) {
        // The training images the limit keeps, whose labels are those trained: a 5-unit classifier trained on 200 of
        // MNIST's images was refused with "(29404 of its 60000 labels above 4)", counts of images it never reads.
        checkFits(trainSet, config.usedImages(trainSet.count()), false);
        // Before the test set's own fit: 14x14 test pictures beside 28x28 training ones were blamed on the architecture
        // ("--arch pooled: the input's batch_input_shape [null, 28, 28, 1] does not take the dataset's 14x14
        // pictures ... give it [null, 14, 14, 1]"), which the training pictures fit.
        if (trainSet.rows() != testSet.rows() || trainSet.cols() != testSet.cols()) {
            throw new TrainTestSizeMismatchException("the training images are " + trainSet.rows() + "x" + trainSet.cols()
                    + " but the test images " + testSet.rows() + "x" + testSet.cols() + ": the test accuracy would be of"
                    + " other pictures than the model learned");
        }
        checkFits(testSet, testSet.count(), true);
        // Training minimises softmax cross-entropy: a classifier exported with another activation would hand out its
        // activation of logits trained for softmax as "probabilities" (a linear one gave p=-0.26).
        for (io.github.cam4j.model.Layer layer : model.layers()) {
            if (layer instanceof io.github.cam4j.model.Dense d && d.activation() != io.github.cam4j.model.Activation.SOFTMAX) {
                throw new ModelDataMismatchException("layer '" + d.name() + "' (Dense) has activation '"
                        + d.activation().name().toLowerCase(java.util.Locale.ROOT) + "', but cam4j trains a softmax"
                        + " classifier (cross-entropy on softmax): give it \"activation\": \"softmax\"");
            }
        }
        HideAndSeek hiding = config.hiding();
        int smaller = Math.min(trainSet.rows(), trainSet.cols());
        if (hiding.active() && hiding.patch() > smaller / 2) { // not patch * 2: past 2^30 that overflowed to negative
            // One or two patches a side would hide most or all of a picture and leave its label to be learned from
            // nothing.
            throw new IllegalArgumentException("--hide-patch " + hiding.patch() + " is more than half the training pictures'"
                    + " " + smaller + " pixels: at most " + smaller / 2 + ", so each side holds at least two patches");
        }
        if (config.shift().pixels() >= smaller) {
            // Every draw at the extremes would move the whole picture out of itself.
            throw new IllegalArgumentException("--shift " + config.shift().pixels() + " is not less than the training"
                    + " pictures' " + smaller + " pixels: a picture moved that far is blank");
        }
        int used = config.usedImages(trainSet.count());
        if (used == 0) {
            // "a validation split of 0.1 holds out all 0 images" blamed the split for a dataset without any (helper-165).
            throw new IllegalArgumentException("no training images: the training split of the dataset holds none");
        }
        if (used - config.validationImages(trainSet.count()) == 0) {
            throw new IllegalArgumentException("no training images: a validation split of " + config.validationSplit()
                    + " holds out all " + io.github.cam4j.Counted.of(used, "image"));
        }
    }

    /**
     * Trains and measures.
     *
     * @param trainSet the training images (the validation split comes from its end)
     * @param testSet the test images
     * @return the trained weights and measurements
     * @throws TrainingDivergedException when the training diverges (a step's loss, the validation loss or a weight not
     *     finite; a step's loss at that step), naming where and the learning rate to lower
     * @throws IllegalArgumentException for what {@link #check} refuses
     * @throws TrainingStoppedException when the listener asks the training to stop ({@link
     *     TrainingListener#stopRequested()}), asked after each step and before each batch of the validation and test
     *     images
     */
    public TrainingResult fit(LabeledImages trainSet, LabeledImages testSet) {
        check(trainSet, testSet);
        int used = config.usedImages(trainSet.count());
        LabeledImages usable = used < trainSet.count() ? trainSet.slice(0, used) : trainSet;
        int validationCount = config.validationImages(trainSet.count());
        LabeledImages train = usable.slice(0, usable.count() - validationCount);
        LabeledImages validation = usable.slice(usable.count() - validationCount, usable.count());

        try (Graph graph = new Graph(); Session session = new Session(graph, sessionConfig(config.threads()))) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> images = tf.withName("images").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, train.rows(), train.cols(), model.channels())));
            Placeholder<TFloat32> labels = tf.withName("labels").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, model.classes())));
            Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
            Map<String, long[]> shapes = new LinkedHashMap<>();
            Map<String, float[]> initial = model.initialWeights(config.seed());
            for (WeightSpec spec : model.weights()) {
                shapes.put(spec.name(), spec.shape());
                variables.put(spec.name(), tf.withName(spec.name()).variable(
                        tf.constant(Shape.of(spec.shape()), org.tensorflow.ndarray.buffer.DataBuffers.of(initial.get(spec.name())))));
            }
            ModelOutputs out = model.buildForTraining(tf, images, new LinkedHashMap<>(variables), config.seed(),
                    features -> config.attentionDrop().apply(tf.withSubScope("attention_drop"), features,
                            config.seed() ^ 0x5eed_ad1L));
            // Validation and test accuracy are the exported model's: without Dropout's drops. The same graph serves
            // when no layer acts only while training.
            Operand<TFloat32> inferenceLogits = model.hasTrainingOnlyLayers() || config.attentionDrop().active()
                    ? model.build(tf.withSubScope("inference"), images, new LinkedHashMap<>(variables)).logits()
                    : out.logits();
            Operand<TFloat32> loss;
            if (config.spreadPenalty().active()) {
                // As Keras prints a regularised model's loss: what the optimiser lowers, penalty included.
                Operand<TFloat32> crossEntropy = tf.math.mean(
                        tf.nn.softmaxCrossEntropyWithLogits(out.logits(), labels).loss(), tf.constant(0));
                loss = tf.withName("loss").math.add(crossEntropy, config.spreadPenalty().apply(
                        tf.withSubScope("spread_penalty"), out.features(),
                        variables.get(model.classifier().name() + "_kernel"), labels));
            } else {
                loss = tf.withName("loss").math.mean(
                        tf.nn.softmaxCrossEntropyWithLogits(out.logits(), labels).loss(), tf.constant(0));
            }
            AdamOptimizer adam = new AdamOptimizer(tf, loss, variables, shapes);
            session.initialize();

            List<EpochStats> history = new ArrayList<>();
            Random shuffle = new Random(config.seed());
            // Its own stream, so that turning hiding on leaves the shuffling (and so the batches) as they were.
            Random hide = new Random(config.seed() ^ 0x5eed_4ec5L);
            Random shift = new Random(config.seed() ^ 0x5eed_5f17L);
            int[] order = identity(train.count());
            // In long arithmetic: a batch size near Integer.MAX_VALUE overflowed this to no steps at all.
            int steps = (int) ((train.count() + (long) config.batchSize() - 1) / config.batchSize());
            long globalStep = 0;
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                shuffleInPlace(order, shuffle);
                listener.epochStarted(epoch, config.epochs(), steps);
                long start = System.nanoTime();
                double lossSum = 0;
                long correct = 0;
                for (int step = 0; step < steps; step++) {
                    float batchLoss;
                    int from = step * config.batchSize();
                    int to = Math.min(from + config.batchSize(), train.count());
                    Batch batch = Batch.of(train, order, from, to, model.classes());
                    batch.hide(config.hiding(), hide);
                    batch.shift(config.shift(), shift);
                    float rate = config.schedule().rate(config.learningRate(), globalStep++, (long) steps * config.epochs());
                    try (TFloat32 x = batch.images(); TFloat32 y = batch.oneHot(); TFloat32 lr = TFloat32.scalarOf(rate);
                            Result r = session.runner().feed(images, x).feed(labels, y).feed(adam.learningRate(), lr)
                                    .addTarget(adam.step())
                                    .fetch(loss).fetch(out.logits()).run()) {
                        batchLoss = ((TFloat32) r.get(0)).getFloat();
                        lossSum += batchLoss * (to - from);
                        correct += batch.countCorrect(TensorData.toArray(r.get(1)));
                    }
                    listener.stepFinished(step + 1, lossSum / to, (double) correct / to);
                    if (!Float.isFinite(batchLoss)) {
                        // Said at the step it happens: the epoch had been trained to its end on NaN, the bar showing
                        // "loss NaN" for 37 of 43 steps, a full MNIST epoch for a minute and more, before the refusal.
                        // Exporting weights that make NaN would only fail later, at the first explanation; the learning
                        // rate given is what cannot be trained with, said in one line, not as an unexpected
                        // IllegalStateException (helper-159's audit).
                        listener.stopped(epoch, step + 1);
                        throw diverged("the loss became " + batchLoss + " in step " + (step + 1) + " of " + steps
                                + " of epoch " + epoch);
                    }
                    if (listener.stopRequested()) {
                        listener.stopped(epoch, step + 1);
                        throw new TrainingStoppedException(epoch, step + 1, steps);
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                int finished = epoch;
                // A stop asked once the steps are done is heard between the measurement's batches too: it had waited
                // for the validation, the test accuracy and the export, and a larger model's outlasted the signal's
                // 30 s (helper-176's audit: "did not stop within 30 s", cut short).
                Runnable validating = () -> {
                    if (listener.stopRequested()) {
                        listener.stopped(finished, steps);
                        throw new TrainingStoppedException(finished, steps, steps, "while validating");
                    }
                };
                double[] val = validation.count() > 0 ? evaluate(session, images, inferenceLogits, validation, validating)
                        : new double[] {Double.NaN, Double.NaN};
                if (validation.count() > 0 && !Double.isFinite(val[0])) {
                    // The training loss is summed before each step's update: the last step's update may have made the
                    // weights NaN unseen (learning rate 1e6: val_loss NaN in epoch 1, the model exported, exit 0).
                    throw diverged("the validation loss became " + val[0] + " in epoch " + epoch);
                }
                EpochStats stats = new EpochStats(epoch, lossSum / train.count(), (double) correct / train.count(),
                        val[0], val[1], seconds);
                history.add(stats);
                listener.epochFinished(stats);
            }
            Runnable testing = () -> {
                if (listener.stopRequested()) {
                    throw new TrainingStoppedException(config.epochs(), steps, steps,
                            "while measuring the test accuracy");
                }
                listener.passBatch();
            };
            listener.passStarted("test accuracy", batches(testSet.count()));
            double testAccuracy;
            try {
                testAccuracy = evaluate(session, images, inferenceLogits, testSet, testing)[1];
            } finally {
                listener.passFinished();
            }
            Map<String, float[]> weights = readWeights(session, variables);
            checkFinite(weights, config.epochs());
            return new TrainingResult(model, weights, List.copyOf(history), testAccuracy, testSet.count(), config);
        }
    }

    /**
     * @param pictures how many pictures a pass measures
     * @return the batches of {@link #EVAL_BATCH} pictures the pass runs
     */
    public static int batches(int pictures) {
        return (pictures + EVAL_BATCH - 1) / EVAL_BATCH;
    }

    /**
     * Loss and accuracy of the current weights on a set, in batches.
     *
     * @param beforeBatch run before each batch; throws to stop
     * @return {mean cross-entropy, accuracy}
     */
    static double[] evaluate(Session session, Operand<TFloat32> images, Operand<TFloat32> logits, LabeledImages set,
            Runnable beforeBatch) {
        double lossSum = 0;
        long correct = 0;
        int[] order = identity(set.count());
        for (int from = 0; from < set.count(); from += EVAL_BATCH) {
            beforeBatch.run();
            int to = Math.min(from + EVAL_BATCH, set.count());
            Batch batch = Batch.of(set, order, from, to, 0);
            try (TFloat32 x = batch.images(); Result r = session.runner().feed(images, x).fetch(logits).run()) {
                float[] values = TensorData.toArray(r.get(0));
                correct += batch.countCorrect(values);
                lossSum += batch.crossEntropySum(values);
            }
        }
        return new double[] {lossSum / set.count(), (double) correct / set.count()};
    }

    /** Per-session thread pools, so that one session's thread count does not leak into others of the process. */
    static ConfigProto sessionConfig(int threads) {
        ConfigProto.Builder builder = ConfigProto.newBuilder().setUsePerSessionThreads(true);
        if (threads > 0) {
            builder.setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(1);
        }
        return builder.build();
    }

    private static Map<String, float[]> readWeights(Session session, Map<String, Variable<TFloat32>> variables) {
        Map<String, float[]> weights = new LinkedHashMap<>();
        for (Map.Entry<String, Variable<TFloat32>> e : variables.entrySet()) {
            try (Result r = session.runner().fetch(e.getValue()).run()) {
                Tensor t = r.get(0);
                weights.put(e.getKey(), TensorData.toArray(t));
            }
        }
        return weights;
    }

    /**
     * Refuses weights that are not all finite, whatever the losses said (no validation split to see them): a model that
     * makes NaN would be exported, and fail only at its first explanation.
     */
    private void checkFinite(Map<String, float[]> weights, int epochs) {
        for (Map.Entry<String, float[]> e : weights.entrySet()) {
            long bad = 0;
            for (float v : e.getValue()) {
                if (!Float.isFinite(v)) {
                    bad++;
                }
            }
            if (bad > 0) {
                throw diverged(bad + " of the " + e.getValue().length + " values of " + e.getKey() + " became NaN or"
                        + " infinite by the end of epoch " + epochs);
            }
        }
    }

    /**
     * @return the refusal of a run whose numbers overflowed, naming what overflowed and the settings that scale the
     *     steps: the learning rate, and the spread penalty's weight when one is given
     */
    private TrainingDivergedException diverged(String what) {
        return new TrainingDivergedException(what, config.learningRate(), config.spreadPenalty().weight());
    }

    /**
     * @param used how many of the set's images, from its first, are read: their labels are checked
     * @param test whether the set is the test split, whose labels are then called so: beside training labels that
     *     fit (those --limit keeps), the test's had been called "the dataset's labels"
     */
    private void checkFits(LabeledImages set, int used, boolean test) {
        long[] in = model.inputShape();
        boolean sizeFits = (in[0] <= 0 || in[0] == set.rows()) && (in[1] <= 0 || in[1] == set.cols());
        if (!sizeFits || model.channels() != 1) {
            // One message for size and channels: a user fixing the size first was then told about the channels.
            throw new ModelDataMismatchException("the input's batch_input_shape " + shape(in, model.channels())
                    + " does not take the dataset's " + set.rows() + "x" + set.cols() + " pictures of 1 channel (IDX"
                    + " datasets are greyscale): give it " + shape(new long[] {set.rows(), set.cols()}, 1)
                    + ", or null for a side to take any size");
        }
        try {
            model.activationsPerImage(set.rows(), set.cols());
        } catch (io.github.cam4j.model.ModelConfigException e) {
            // An open-size input takes the pictures, yet a kernel or window may outgrow what the layers before it leave
            // of them: the layer's words ("input 1x1 is smaller than its 3x3 kernel") had come without the pictures'
            // size or the architecture's name, and check() had passed it.
            throw new ModelDataMismatchException("on the dataset's " + set.rows() + "x" + set.cols() + " pictures, "
                    + e.getMessage());
        } catch (ArithmeticException e) {
            // Counted past a long: what checks the memory refuses.
        }
        int classes = java.util.stream.IntStream.range(0, used).map(set::label).max().orElse(0) + 1;
        if (classes > model.classes()) {
            Dense classifier = model.classifier();
            // How many lie beyond, said: one damaged label of 60 000 (200 among digits) had been answered with
            // "give it units: 201" alone, as if the data held 201 classes.
            long beyond = java.util.stream.IntStream.range(0, used).filter(i -> set.label(i) >= model.classes())
                    .count();
            String labels = used < set.count() ? "the labels of the first " + used + " training images (the training"
                    + " limit) run 0 to " + (classes - 1) + " (" + beyond + " of those " + used
                    : test ? "the test images' labels run 0 to " + (classes - 1) + " (" + beyond + " of their " + used
                    : "the dataset's labels run 0 to " + (classes - 1) + " (" + beyond + " of its " + used;
            throw new ClassifierTooSmallException("layer '" + classifier.name() + "' (Dense) has "
                    + classifier.units() + (classifier.units() == 1 ? " unit" : " units") + ", one a class, but "
                    + labels + " labels above " + (model.classes() - 1) + ")", classes, beyond * 100 < used);
        }
    }

    /** As Keras writes a batch input shape: {@code [null, 28, 28, 1]}, an open side as {@code null}. */
    private static String shape(long[] heightWidth, int channels) {
        return "[null, " + (heightWidth[0] > 0 ? heightWidth[0] : "null") + ", "
                + (heightWidth[1] > 0 ? heightWidth[1] : "null") + ", " + channels + "]";
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    private static void shuffleInPlace(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
