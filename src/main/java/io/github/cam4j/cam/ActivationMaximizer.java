package io.github.cam4j.cam;

import io.github.cam4j.model.TensorData;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.ChannelGradients;
import io.github.cam4j.savedmodel.InputGradients;
import io.github.cam4j.savedmodel.InputSpec;
import io.github.cam4j.savedmodel.ModelLoadException;
import io.github.cam4j.savedmodel.TensorNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.IntConsumer;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * tf-keras-vis' {@code ActivationMaximization}: a picture of what a class or a layer's channel responds to most, grown
 * from uniform noise by gradient ascent on its score, with tf-keras-vis' defaults.
 *
 * <p>Each of {@link Builder#optSteps steps} (200): every picture is jittered ({@code Jitter(jitter=4)}: rolled by up to
 * 4 pixels) and rotated ({@code Rotate2D(degree=1)}), kept so; one model run for all the targets' pictures fetches
 * each one's score (a class's logit — a Keras model's softmax replaced by a linear output, tf-keras-vis'
 * {@code ReplaceToLinear}, as cam4j's models give their logits — or a channel's mean activation, a
 * {@code CategoricalScore} on that layer's output) and its gradient by the model's input, TensorFlow's through the
 * whole graph; that gradient carried back to the pixels, the loss {@code -score + TotalVariation2D(weight=1.0) +
 * Norm(weight=0.3, p=1)} is descended by Keras' {@code RMSprop(learning_rate=1.0, rho=0.999)}. The pictures are
 * optimized in pixel values 0..255 (tf-keras-vis' default {@code input_range=(0, 255)}), fed through the model's own
 * pixel scaling ({@link InputSpec#toModelInput}), so a model that takes [0, 1] is maximized as tf-keras-vis maximizes a
 * Keras model that rescales 0..255 itself. As there, the pictures are not clipped while they are optimized; the result
 * is clipped to 0..255.
 *
 * <p>Where cam4j differs: the seed and the draws of jitter and angle come from {@link Random} seeded by
 * {@link Builder#optSeed}, not TensorFlow's and numpy's generators (tf-keras-vis' rotation is not seedable at all), so
 * the pictures are reproducible but not tf-keras-vis' bit for bit; the rotation is OpenCV's bilinear
 * {@code warpAffine} (fixed-point weights) where tf-keras-vis' is scipy's; the regularizers' gradients are computed in
 * Java from their exact formulas ({@link TotalVariation2D}, {@link NormRegularizer}); a jitter or rotation of 0 turns
 * the modifier off (numpy's {@code randint(0, 0)} raises).
 *
 * <p>The pictures' size ({@link PictureSize}): tf-keras-vis draws its seed at the model's input shape, or takes the
 * size of the {@code seed_input} it is given; here a model whose graph fixes its size is drawn at that size, and one
 * whose graph leaves it open at {@link Builder#optSize}, else at the training size its metadata records. A layer's
 * gradient ops are added to the model's graph once ({@link CamModel#channelGradients}) and a class's are the model's
 * own ({@link CamModel#inputGradients}): building again, at the same layer or another size, adds no ops.
 *
 * <pre>{@code
 * try (CamModel model = CamModelLoader.load(dir, LoadOptions.defaults().withGradCam())) {
 *     List<MaximizedPicture> digits = ActivationMaximizer.builder().setModel(model)
 *             .setClasses(0, 1, 2, 3, 4, 5, 6, 7, 8, 9).optSeed(1).build().maximize();
 * }
 * }</pre>
 */
public final class ActivationMaximizer {
    /** tf-keras-vis' default number of steps. */
    public static final int DEFAULT_STEPS = 200;
    /** tf-keras-vis' default learning rate (of its default RMSprop). */
    public static final float DEFAULT_LEARNING_RATE = RmsProp.DEFAULT_LEARNING_RATE;
    /** tf-keras-vis' default {@code TotalVariation2D} weight. */
    public static final float DEFAULT_TV_WEIGHT = TotalVariation2D.DEFAULT_WEIGHT;
    /** tf-keras-vis' default {@code Norm} weight (p = 1). */
    public static final float DEFAULT_NORM_WEIGHT = NormRegularizer.DEFAULT_WEIGHT;
    /** tf-keras-vis' default {@code Jitter}: up to this many pixels. */
    public static final int DEFAULT_JITTER = 4;
    /** tf-keras-vis' default {@code Rotate2D}: up to this many degrees. */
    public static final double DEFAULT_ROTATION = 1.0;
    /** The range the pictures are optimized in and clipped to at the end: tf-keras-vis' default input range. */
    public static final float LOW = 0f;
    /** See {@link #LOW}. */
    public static final float HIGH = 255f;
    /** The most values all the pictures may hold together: the largest Java array, as the JDK's own collections take. */
    static final long MAX_VALUES = Integer.MAX_VALUE - 8;
    /** The steps each target's score history holds at first; it doubles as the steps go on. */
    private static final int FIRST_SCORES = 1024;

    private final CamModel model;
    private final String layer;
    private final int[] targets;
    private final int steps;
    private final float learningRate;
    private final float tvWeight;
    private final float normWeight;
    private final int jitter;
    private final double rotation;
    private final long seed;
    private final IntConsumer progress;
    private final InputGradients classGradients;
    private final ChannelGradients channelGradients;
    private final int height;
    private final int width;
    private final int channels;
    private final ImageRows rows;
    /** The layer's channels: the graph's static count, else read by the first run that needs them. */
    private int layerWidth;

    private ActivationMaximizer(Builder b, PictureSize size, InputGradients classGradients,
            ChannelGradients channelGradients) {
        this.model = b.model;
        this.layer = b.layer;
        this.targets = b.targets;
        this.steps = b.steps;
        this.learningRate = b.learningRate;
        this.tvWeight = b.tvWeight;
        this.normWeight = b.normWeight;
        this.jitter = b.jitter;
        this.rotation = b.rotation;
        this.seed = b.seed;
        this.progress = b.progress;
        this.classGradients = classGradients;
        this.channelGradients = channelGradients;
        this.height = size.height();
        this.width = size.width();
        this.channels = model.input().channels();
        this.rows = new ImageRows(model);
        this.layerWidth = channelGradients == null ? -1 : channelGradients.channels();
    }

    /**
     * Refuses a run whose pictures, all optimised at once, would need more memory than the machine has
     * ({@link ActivationMemory}): it ended the JVM inside TensorFlow.
     */
    private void checkMemory(int count) throws InvalidInputException {
        double perPicture = ActivationMemory.bytesPerPicture(model.session().graph(), (long) height * width);
        double bytes = perPicture * count;
        long physical = ActivationMemory.physicalBytes();
        if (bytes > ActivationMemory.SHARE * physical) {
            throw new InvalidInputException(String.format(java.util.Locale.ROOT, "size %dx%d for %d picture%s at once:"
                    + " model %s would need about %.1f GB for its layers' outputs (%.1f MB a picture, estimated from its"
                    + " graph), more than %.0f %% of this machine's %.1f GB; draw smaller pictures or fewer targets at a"
                    + " time", height, width, count, count == 1 ? "" : "s", model.source(), bytes / 1e9, perPicture / 1e6,
                    100 * ActivationMemory.SHARE, physical / 1e9));
        }
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Draws one picture per target, all optimized together: one model run per step for every target.
     *
     * @return the pictures, in the targets' order
     * @throws CamException when the pictures, all optimised at once, would need more memory than 80 % of the machine's
     *     (an {@link InvalidInputException} whose message opens with "size HxW", estimated from the graph by
     *     {@code ActivationMemory}), when the model's score or gradient turns non-finite (too large a learning rate), a
     *     pixel's gradient is too large for RMSprop's float running mean of its square (regularizer weights near a
     *     float's largest: the pixel would move no more), or a
     *     channel is beyond the layer's (when the graph could not say its channels before running); an
     *     {@link ExplanationStoppedException} when the calling thread is interrupted, looked at before each step (the
     *     step in flight finishes first; nothing is returned, and the flag is left set)
     * @throws IllegalStateException when the model has been closed
     */
    public List<MaximizedPicture> maximize() throws CamException {
        try {
            return maximizeOnce();
        } catch (RuntimeException e) {
            // A lent bundle closed under the model: said so from whichever of its graph's calls found it first (the
            // memory estimate reads the graph before any run), not in TensorFlow's bare words.
            ClosedGraph.throwIfClosedUnder(model, e);
            throw e;
        }
    }

    /** {@link #maximize()}, whatever the model's lender did. */
    private List<MaximizedPicture> maximizeOnce() throws CamException {
        openRun().close();
        int count = targets.length;
        int plane = height * width * channels;
        checkMemory(count);
        Random random = new Random(seed);
        float[] x = new float[count * plane];
        // tf-keras-vis' seed: tf.random.uniform(shape, low, high), one picture per target.
        for (int i = 0; i < x.length; i++) {
            x[i] = LOW + (HIGH - LOW) * random.nextFloat();
        }
        Evaluation seedEvaluation = evaluate(x);
        checkFinite(seedEvaluation);
        RmsProp optimizer = new RmsProp(learningRate, RmsProp.DEFAULT_RHO, x.length);
        // Grown with the steps done, not made for all of them at once: --steps 2147483647 (run until stopped) asked
        // 8 GB a target before the first step and ended in "out of memory (Requested array size exceeds VM limit)".
        float[][] scores = new float[count][Math.min(steps, FIRST_SCORES)];
        float[] picture = new float[plane];
        float[] pictureGradient = new float[plane];
        // The targets' one-hot rows are the same at every step: one tensor for all of them.
        try (TFloat32 weights = targetWeights(count)) {
            for (int step = 0; step < steps; step++) {
                // Between two steps, as the methods of many runs look between theirs: a long maximization (thousands of
                // steps, or large pictures) ran to its end whatever its caller asked.
                if (Thread.currentThread().isInterrupted()) {
                    throw new ExplanationStoppedException("activation maximization stopped after " + step + " of "
                            + steps + " steps: the maximizing thread was interrupted");
                }
                if (jitter > 0) {
                    // numpy's randint(-j, j, 2): one shift per spatial axis, high end excluded.
                    int dy = random.nextInt(2 * jitter) - jitter;
                    int dx = random.nextInt(2 * jitter) - jitter;
                    InputModifiers.roll(x, count, height, width, channels, dy, dx);
                }
                if (rotation > 0) {
                    InputModifiers.rotate(x, count, height, width, channels,
                            rotationAngle(rotation, random.nextDouble()));
                }
                if (step == scores[0].length) {
                    for (int n = 0; n < count; n++) {
                        scores[n] = Arrays.copyOf(scores[n], (int) Math.min(steps, 2L * step));
                    }
                }
                float[] gradient = scoreGradient(x, weights, scores, step);
                for (int n = 0; n < count; n++) {
                    // The loss tf-keras-vis descends: -score + the regularizers, each picture's on its own.
                    System.arraycopy(x, n * plane, picture, 0, plane);
                    for (int i = 0; i < plane; i++) {
                        pictureGradient[i] = -gradient[n * plane + i];
                    }
                    if (tvWeight > 0) {
                        TotalVariation2D.addGradient(picture, height, width, channels, tvWeight, pictureGradient);
                    }
                    if (normWeight > 0) {
                        NormRegularizer.addGradient(picture, normWeight, NormRegularizer.DEFAULT_P, pictureGradient);
                    }
                    System.arraycopy(pictureGradient, 0, gradient, n * plane, plane);
                }
                int overflowed = optimizer.step(x, gradient);
                checkFinitePixels(x, step);
                checkFrozen(overflowed, gradient, plane, step);
                if (progress != null) {
                    progress.accept(step + 1);
                }
            }
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.min(HIGH, Math.max(LOW, x[i]));
        }
        Evaluation last = evaluate(x);
        List<MaximizedPicture> pictures = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            pictures.add(new MaximizedPicture(layer, targets[n], height, width, channels,
                    Arrays.copyOfRange(x, n * plane, (n + 1) * plane), Arrays.copyOf(scores[n], steps),
                    seedEvaluation.scores[n],
                    seedEvaluation.probabilities[n], last.scores[n], last.probabilities[n]));
        }
        return pictures;
    }

    /**
     * @param rotation the largest turn, in degrees, 0 or more and finite
     * @param u a uniform draw in [0, 1)
     * @return the turn drawn, uniform in [-rotation, rotation]: {@code -rotation + 2 rotation u}, as tf-keras-vis draws
     *     it, and so to the last bit; from a rotation of half a double's largest on, where {@code 2 rotation}
     *     overflowed to infinity (an infinite angle gave OpenCV a NaN rotation matrix), {@code rotation (2u - 1)}
     */
    static double rotationAngle(double rotation, double u) {
        return rotation <= Double.MAX_VALUE / 2 ? -rotation + 2 * rotation * u : rotation * (2 * u - 1);
    }

    /**
     * A value whose gradient's square overflowed RMSprop's float running mean moves no more (g / infinity = 0): with
     * {@code --norm-weight 3e38} the picture stayed the noise it started from, logit 3.114 -> 3.114, and was written
     * so without a word, where a weight of 1e20 draws it black as asked.
     *
     * @param overflowed the value {@link RmsProp#step} found overflowed, or -1
     * @param gradient the step's gradient (the step reads it, and leaves it as it was)
     */
    private void checkFrozen(int overflowed, float[] gradient, int plane, int step) throws CamException {
        if (overflowed >= 0) {
            throw new CamException(String.format(java.util.Locale.ROOT, "the gradient by a pixel of %s's picture"
                    + " reached %.3g at step %d of %d, too large for RMSprop's float running mean of its square (it"
                    + " overflowed, and the pixel would move no more, left as noise); take smaller regularizer weights",
                    targetName(overflowed / plane), Math.abs(gradient[overflowed]), step + 1, steps));
        }
    }

    /**
     * Pictures the step took to infinity or NaN (a learning rate or a regularizer's weight near a float's largest):
     * the next step's run says the score diverged, but after the last step none looks, and the clip to 0..255 keeps
     * NaN, which the figure drew black.
     */
    private void checkFinitePixels(float[] x, int step) throws CamException {
        for (float v : x) {
            if (!Float.isFinite(v)) {
                throw new CamException("a pixel became " + v + " at step " + (step + 1) + " of " + steps + ": the"
                        + " pictures diverged; take a smaller learning rate or regularizer weights");
            }
        }
    }

    /**
     * A model whose score is not finite on the starting noise has nothing to climb, and would be reported as diverging
     * at the first step: a picture too small for its layers (a pooling of no cells, whose mean is NaN) does this.
     */
    private void checkFinite(Evaluation seed) throws CamException {
        for (int n = 0; n < targets.length; n++) {
            boolean probabilities = true;
            for (float p : seed.probabilities[n]) {
                probabilities &= Float.isFinite(p);
            }
            if (!Float.isFinite(seed.scores[n]) || !probabilities) {
                throw new CamException("model " + model.source() + " gives " + targetName(n) + " a score of "
                        + seed.scores[n] + (probabilities ? "" : " and non-finite probabilities") + " on " + height
                        + "x" + width + " pictures of noise, before any step: nothing to climb (a size too small for"
                        + " the model's layers leaves them no cells; draw at a larger size)");
            }
        }
    }

    /** Each picture's score for its target and the model's class probabilities on it. */
    private record Evaluation(float[] scores, float[][] probabilities) {}

    /**
     * @return a hold on the model for one run ({@link CamModel#holdOpenFor}), each step's alone: a close on another
     *     thread waits for that run, not for the whole optimisation and its progress callback (a callback that waited on
     *     the closing thread deadlocked when the hold spanned them)
     * @throws IllegalStateException when the model has been closed, before or during the optimisation
     */
    private CamModel.Hold openRun() {
        return model.holdOpenFor("this ActivationMaximizer draws with", "close the model after maximize()");
    }

    /** One run on the pictures as they are: their scores and class probabilities. */
    private Evaluation evaluate(float[] pixels) throws CamException {
        int count = targets.length;
        TensorNames names = model.tensors();
        float[] logits;
        float[] probabilities = null;
        float[] means = null;
        try (CamModel.Hold open = openRun(); TFloat32 input = fed(pixels)) {
            Session.Runner runner = model.session().runner().feed(names.input(), input).fetch(names.logits());
            if (names.probabilities() != null) {
                runner.fetch(names.probabilities());
            }
            if (channelGradients != null) {
                runner.fetch(channelGradients.means());
            }
            try (Result r = runner.run()) {
                logits = TensorData.toArray(r.get(0));
                int next = 1;
                if (names.probabilities() != null) {
                    probabilities = TensorData.toArray(r.get(next++));
                }
                if (channelGradients != null) {
                    means = TensorData.toArray(r.get(next));
                }
            }
        } catch (RuntimeException e) {
            throw ModelFailure.of(model, e, count, height, width, height, width, null, false);
        }
        float[] scores = new float[count];
        float[][] rowProbabilities = new float[count][];
        for (int n = 0; n < count; n++) {
            float[] rowLogits = rows.rowLogits(logits, n, null);
            rowProbabilities[n] = rows.rowProbabilities(rowLogits, probabilities, n);
            scores[n] = channelGradients == null ? rowLogits[targets[n]]
                    : means[n * layerChannels(means) + targets[n]];
        }
        return new Evaluation(scores, rowProbabilities);
    }

    /**
     * One run: each picture's target score, written to {@code scores[n][step]}, and its gradient by the pixels.
     *
     * @param weights the targets' one-hot rows ({@link #targetWeights})
     * @return d score / d pixel, one picture after the other
     */
    private float[] scoreGradient(float[] pixels, TFloat32 weights, float[][] scores, int step) throws CamException {
        int count = targets.length;
        String weightsName = channelGradients == null ? classGradients.classWeights() : channelGradients.channelWeights();
        String gradientName = channelGradients == null ? classGradients.gradient() : channelGradients.gradient();
        String scoreName = channelGradients == null ? model.tensors().logits() : channelGradients.means();
        float[] gradient;
        float[] scoreRows;
        try (CamModel.Hold open = openRun(); TFloat32 input = fed(pixels)) {
            try (Result r = model.session().runner().feed(model.tensors().input(), input).feed(weightsName, weights)
                    .fetch(scoreName).fetch(gradientName).run()) {
                scoreRows = TensorData.toArray(r.get(0));
                gradient = TensorData.toArray(r.get(1));
            }
        } catch (RuntimeException e) {
            throw ModelFailure.of(model, e, count, height, width, height, width, null, false);
        }
        for (int n = 0; n < count; n++) {
            float s = channelGradients == null ? rows.rowLogits(scoreRows, n, null)[targets[n]]
                    : scoreRows[n * layerChannels(scoreRows) + targets[n]];
            scores[n][step] = s;
            if (!Float.isFinite(s)) {
                throw new CamException(targetName(n) + "'s score became " + s + " at step " + (step + 1) + " of " + steps
                        + ": the pictures diverged; take a smaller learning rate");
            }
        }
        for (float g : gradient) {
            if (!Float.isFinite(g)) {
                throw new CamException("the gradient by the pixels became " + g + " at step " + (step + 1) + " of "
                        + steps + ": the pictures diverged; take a smaller learning rate");
            }
        }
        model.input().toPixelGradient(gradient);
        return gradient;
    }

    /** @return the layer's channels, read from a run's means when the graph did not say them */
    private int layerChannels(float[] means) throws CamException {
        int known = means.length / targets.length;
        for (int t : targets) {
            if (t >= known) {
                throw new InvalidInputException("channel " + t + " is beyond layer " + layer + "'s " + known
                        + " channels (0.." + (known - 1) + ")");
            }
        }
        return known;
    }

    private String targetName(int n) {
        return layer == null ? "class " + targets[n] : "channel " + targets[n] + " of " + layer;
    }

    /** @return the pixels brought to the model's input, as a [count, h, w, c] tensor the caller closes */
    private TFloat32 fed(float[] pixels) {
        float[] values = pixels.clone();
        model.input().toModelInput(values);
        return TensorData.floats(Shape.of(targets.length, height, width, channels), values);
    }

    /** @return a one-hot row per picture at its target: its class's (a binary unit's signed) or its channel's */
    private TFloat32 targetWeights(int count) throws CamException {
        if (channelGradients == null) {
            return GradientBatch.classWeights(targets, count, model);
        }
        if (layerWidth < 0) {
            // The graph did not say the layer's channels: one run on black pictures reads them, once.
            try (CamModel.Hold open = openRun(); TFloat32 input = fed(new float[count * height * this.width * channels]);
                    Result r = model.session().runner().feed(model.tensors().input(), input)
                            .fetch(channelGradients.means()).run()) {
                layerWidth = layerChannels(TensorData.toArray(r.get(0)));
            }
        }
        int width = layerWidth;
        float[] weights = new float[count * width];
        for (int n = 0; n < count; n++) {
            weights[n * width + targets[n]] = 1f;
        }
        return TensorData.floats(Shape.of(count, width), weights);
    }

    /**
     * Sets what to maximize (a model, classes or a layer's channels) and how (tf-keras-vis' settings, its defaults
     * unless set).
     */
    public static final class Builder {
        private CamModel model;
        private String layer;
        private int[] targets;
        private int steps = DEFAULT_STEPS;
        private float learningRate = DEFAULT_LEARNING_RATE;
        private float tvWeight = DEFAULT_TV_WEIGHT;
        private float normWeight = DEFAULT_NORM_WEIGHT;
        private int jitter = DEFAULT_JITTER;
        private double rotation = DEFAULT_ROTATION;
        private long seed;
        private IntConsumer progress;
        private int[] size;

        private Builder() {}

        /**
         * @param model the model, opened for gradients (e.g. {@code LoadOptions.defaults().withGradCam()}); it stays
         *     the caller's, and a layer's gradient ops are added to its graph by the first {@link #build} at that layer
         *     ({@link CamModel#channelGradients}), reused by later builds
         * @return this builder
         */
        public Builder setModel(CamModel model) {
            this.model = Objects.requireNonNull(model, "model is null");
            return this;
        }

        /**
         * @param classes the classes whose logits to maximize, a picture each, in this order
         * @return this builder
         */
        public Builder setClasses(int... classes) {
            // A bare NullPointerException from clone() named neither the argument nor what it should be.
            Objects.requireNonNull(classes, "classes is null: the class indices to draw, e.g. setClasses(0, 1, 2)");
            this.layer = null;
            this.targets = classes.clone();
            return this;
        }

        /**
         * @param layer a layer's tensor, as {@code --layers} names it ({@code conv2d_1/Relu}; {@code cam4j inspect}
         *     lists them): rank 4, whose channels' means are maximized, or rank 2, whose units are
         * @param channels the channels, a picture each, in this order
         * @return this builder
         */
        public Builder setChannels(String layer, int... channels) {
            this.layer = Objects.requireNonNull(layer, "layer is null");
            Objects.requireNonNull(channels, "channels is null: the layer's channel indices to draw, e.g."
                    + " setChannels(layer, 0, 1)");
            this.targets = channels.clone();
            return this;
        }

        /**
         * @param steps gradient steps, at least 1 (default {@value ActivationMaximizer#DEFAULT_STEPS}, tf-keras-vis')
         * @return this builder
         */
        public Builder optSteps(int steps) {
            this.steps = steps;
            return this;
        }

        /**
         * @param learningRate RMSprop's learning rate, positive (default 1.0, tf-keras-vis')
         * @return this builder
         */
        public Builder optLearningRate(float learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /**
         * @param weight {@code TotalVariation2D}'s weight, 0 or more; 0 leaves it out (default 1.0, tf-keras-vis')
         * @return this builder
         */
        public Builder optTvWeight(float weight) {
            this.tvWeight = weight;
            return this;
        }

        /**
         * @param weight {@code Norm}'s weight (p = 1), 0 or more; 0 leaves it out (default 0.3, tf-keras-vis')
         * @return this builder
         */
        public Builder optNormWeight(float weight) {
            this.normWeight = weight;
            return this;
        }

        /**
         * @param pixels {@code Jitter}'s reach: each step rolls the pictures by a shift in [-pixels, pixels) per axis;
         *     0 turns it off (default {@value ActivationMaximizer#DEFAULT_JITTER}, tf-keras-vis')
         * @return this builder
         */
        public Builder optJitter(int pixels) {
            this.jitter = pixels;
            return this;
        }

        /**
         * @param degrees {@code Rotate2D}'s reach: each step turns the pictures by an angle in [-degrees, degrees); 0
         *     turns it off (default {@value ActivationMaximizer#DEFAULT_ROTATION}, tf-keras-vis')
         * @return this builder
         */
        public Builder optRotation(double degrees) {
            this.rotation = degrees;
            return this;
        }

        /**
         * @param seed the seed of the noise the pictures start from and of the jitter's and rotation's draws: the same
         *     seed gives the same pictures (default 0)
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * The size to draw the pictures at, for a model whose graph leaves it open; tf-keras-vis takes it from the
         * model's input shape, or from its {@code seed_input}'s shape when it is given one.
         *
         * @param height rows, 1 to {@value InputSpec#MAX_SIDE}
         * @param width columns, 1 to {@value InputSpec#MAX_SIDE}
         * @return this builder; without it the pictures are drawn at the size the model's graph fixes, else at the
         *     training size its metadata records ({@link PictureSize#forModel})
         */
        public Builder optSize(int height, int width) {
            this.size = new int[] {height, width};
            return this;
        }

        /**
         * @param progress told the steps done after each step, or null
         * @return this builder
         */
        public Builder optProgress(IntConsumer progress) {
            this.progress = progress;
            return this;
        }

        /**
         * Refuses a jitter that reaches beyond the picture: a roll wraps around, so a shift of more than a side's length
         * is a shift of its remainder, and the draws are no longer "up to {@code jitter}" ({@code 2 * jitter}, the
         * draws' bound, overflowed an int from 2^30 up).
         *
         * @param jitter the jitter's reach in pixels
         * @param picture the pictures' size
         * @throws IllegalArgumentException (its message opening with "jitter") when {@code jitter} is more than a side
         */
        public static void checkJitter(int jitter, PictureSize picture) {
            int side = Math.min(picture.height(), picture.width());
            if (jitter > side) {
                throw new IllegalArgumentException("jitter " + io.github.cam4j.Counted.of(jitter, "pixel")
                        + " reaches beyond the " + picture.height() + "x" + picture.width() + " pictures (a roll wraps"
                        + " around, so a shift of more than " + io.github.cam4j.Counted.of(side, "pixel") + " is that of"
                        + " its remainder); give at most " + side + ", or 0 for none");
            }
        }

        /**
         * Checks the settings and adds a layer's gradient to the model's graph, the first time that layer is asked for.
         *
         * @return the maximizer
         * @throws ModelLoadException when the layer is not in the graph, not of rank 4 or 2, or its gradient cannot be
         *     taken; when the model's logits cannot be differentiated by its input
         * @throws IllegalStateException when the model has been closed
         * @throws IllegalArgumentException when a setting is out of range: no model or targets, a class beyond the
         *     model's, a channel beyond the layer's (when the graph says its channels; a target given twice is drawn
         *     twice), steps below 1, a learning rate not positive, a weight, jitter or rotation negative or not
         *     finite; a jitter more than a side of the pictures; a size out of range ({@link PictureSize}), other than the size the model's graph fixes, or not
         *     given for a model that neither fixes nor records one; more pictures' values than one Java array holds
         */
        public ActivationMaximizer build() throws ModelLoadException {
            if (model == null) {
                throw new IllegalArgumentException("no model: setModel(model)");
            }
            if (model.isClosed()) {
                // TensorFlow's own words came from deep inside: "close() has been called on the Graph".
                throw new IllegalStateException("model " + model.source() + " is closed: build the maximizer, and"
                        + " maximize, before closing the model");
            }
            if (targets == null || targets.length == 0) {
                throw new IllegalArgumentException("nothing to maximize: setClasses(...) or setChannels(layer, ...)");
            }
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be at least 1, got " + steps);
            }
            if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
                throw new IllegalArgumentException("learning rate must be positive and finite, got " + learningRate);
            }
            checkWeight("total variation weight", tvWeight);
            checkWeight("norm weight", normWeight);
            if (jitter < 0) {
                throw new IllegalArgumentException("jitter must be 0 (off) or more pixels, got " + jitter);
            }
            if (!(rotation >= 0) || !Double.isFinite(rotation)) {
                throw new IllegalArgumentException("rotation must be 0 (off) or more degrees, finite, got " + rotation);
            }
            PictureSize picture = PictureSize.forModel(model, size == null ? null : new PictureSize(size[0], size[1]));
            checkJitter(jitter, picture);
            long values = (long) targets.length * picture.height() * picture.width() * model.input().channels();
            if (values > MAX_VALUES) {
                // The pictures are optimized together in one float array (and one tensor fed per step).
                // Opening with "size", as the memory check's refusal does: the size is as much at fault as the targets.
                throw new IllegalArgumentException("size " + picture.height() + "x" + picture.width() + " for "
                        + targets.length + " pictures at once: " + values + " values (" + picture + "x"
                        + model.input().channels() + " each), more than one Java array holds (" + MAX_VALUES + "): draw"
                        + " fewer targets at a time, or at a smaller size");
            }
            for (int t : targets) {
                if (t < 0) {
                    throw new IllegalArgumentException((layer == null ? "class " : "channel ") + t + " is negative");
                }
            }
            if (layer == null) {
                for (int t : targets) {
                    if (t >= model.classes()) {
                        throw new IllegalArgumentException("class " + t + " is beyond model " + model.source() + "'s "
                                + model.classes() + " classes (0.." + (model.classes() - 1) + ")");
                    }
                }
                return new ActivationMaximizer(this, picture, model.inputGradients(), null);
            }
            ChannelGradients ops = model.channelGradients(layer);
            for (int t : targets) {
                if (ops.channels() > 0 && t >= ops.channels()) {
                    throw new IllegalArgumentException("channel " + t + " is beyond layer " + layer + "'s "
                            + ops.channels() + " channels (0.." + (ops.channels() - 1) + ")");
                }
            }
            return new ActivationMaximizer(this, picture, null, ops);
        }

        private static void checkWeight(String what, float weight) {
            if (!(weight >= 0) || !Float.isFinite(weight)) {
                throw new IllegalArgumentException(what + " must be 0 or more, finite, got " + weight);
            }
        }
    }
}
