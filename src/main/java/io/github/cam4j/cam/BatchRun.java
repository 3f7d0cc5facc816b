package io.github.cam4j.cam;

import io.github.cam4j.model.TensorData;
import io.github.cam4j.render.Placement;
import io.github.cam4j.savedmodel.AblationFeed;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.FinerComparison;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.GradientHead;
import io.github.cam4j.savedmodel.TensorNames;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One batch of pictures of one size through the model: what is fed (the whole batch, or a mostly blank picture's
 * non-blank part), one run fetching features, logits, probabilities and the first gradient together, the further runs
 * of Score-CAM, of Ablation-CAM and of a gradient method's top-k classes, and the images' explanations made in parallel. A model failure
 * is reported naming the pictures. Holds no state of its own between runs: {@link CamSession} runs it from concurrent
 * callers, under its lifecycle lock.
 */
final class BatchRun {
    /** Batches of at least this many images make their maps in parallel. */
    private static final int PARALLEL_FROM = 8;
    /**
     * Whether pictures are fed at their own size ({@link CamSession.Builder#optKeepInputSize}): a size failure then
     * says so.
     */
    private final boolean keepsInputSize;

    private final CamModel model;
    private final boolean skipBlank;
    private final boolean scoreCam;
    /** Faster Score-CAM's channels scored per picture ({@link CamSession.Builder#optScoreCamChannels}); 0 for all. */
    private final int scoreCamChannels;
    /** The method that makes maps from the features alone (Eigen-CAM, FEM...); null for the others. */
    private final FeatureMethod featureMethod;
    /** Whether maps are {@link EigenSmooth}ed ({@link CamSession.Builder#optEigenSmooth}). */
    private final boolean eigenSmooth;
    /** Where Ablation-CAM feeds its ablated features; null for the other methods. */
    private final AblationFeed ablation;
    /** Occlusion sensitivity's tiles and grey ({@link CamSession.Builder#optOcclusion}); null for the other methods. */
    private final Occlusion occlusion;
    /** Finer-CAM's comparison when not the graph's default ({@link CamSession.Builder#optFinerComparison}), or null. */
    private final FinerComparison finer;
    /** How Finer-CAM's target's gradient weighs the channels ({@link CamSession.Builder#optFinerBase}). */
    private final GradientWeighting finerBase;
    /** SS-CAM or IS-CAM when {@link #scoreCam} is one of them ({@link CamSession.Builder#optScoreCamVariant}); else null. */
    private final ScoreCamVariant scoreVariant;
    /** Smooth Grad-CAM++'s noise, for a model explained by it ({@link CamSession.Builder#optSmoothGradNoise}). */
    private final SmoothGradNoise smoothNoise;
    private final RunChecks checks;
    private final ImageRows rows;
    private final ImageExplainer explainer;
    /** The graph's memory floors, read at the first run. */
    private PeakMemory peak;

    BatchRun(CamModel model, boolean skipBlank, boolean scoreCam, int scoreCamChannels, FeatureMethod featureMethod,
            boolean eigenSmooth, AblationFeed ablation, boolean keepsInputSize, FinerComparison finer,
            GradientWeighting finerBase, Occlusion occlusion, ScoreCamVariant scoreVariant, SmoothGradNoise smoothNoise) {
        this.model = model;
        this.finerBase = java.util.Objects.requireNonNull(finerBase, "finerBase: FinerBase.DEFAULT");
        this.scoreCamChannels = scoreCamChannels;
        this.occlusion = occlusion;
        this.scoreVariant = scoreVariant;
        this.smoothNoise = smoothNoise;
        this.finer = FinerComparison.DEFAULT.equals(finer) ? null : finer;
        this.skipBlank = skipBlank;
        this.scoreCam = scoreCam;
        this.featureMethod = featureMethod;
        this.eigenSmooth = eigenSmooth;
        this.ablation = ablation;
        this.keepsInputSize = keepsInputSize;
        this.checks = new RunChecks(model);
        this.rows = new ImageRows(model);
        this.explainer = new ImageExplainer(model, featureMethod, eigenSmooth, rows, occlusion);
    }

    /**
     * One model run: feeds the batch, fetches features, logits (and probabilities) together, makes the maps. A single
     * picture that is mostly blank is fed as its non-blank part when the model allows it ({@link BlankCrop}).
     */
    List<ImageExplanation> run(float[] batch, int count, int height, int width, Target target, int[][] outputSizes,
            InputFrame[] frames, List<String> pictures) throws CamException {
        TensorNames names = model.tensors();
        int channels = model.input().channels();
        // Score-CAM normalises each channel's mask over the whole picture's features, so its unmasked run sees it whole
        // (its masked runs are cropped, scoreCamLogits); Eigen-CAM and the other feature methods centre or threshold the
        // features over all the picture's cells. A
        // gradient taken over a crop's cells is not the whole picture's: a model opened for a gradient method is fed
        // whole. Ablation-CAM's runs feed the features, whose every cell the head reads: fed whole too. A smoothed map
        // centres its weighted activations over all the picture's cells, as Eigen-CAM does. Occlusion tiles the whole
        // input from its corner.
        BlankCrop crop = count == 1 && skipBlank && !scoreCam && featureMethod == null && !eigenSmooth && ablation == null
                && occlusion == null
                && model.gradients().isEmpty()
                && model.localFeatures().isPresent() && model.activation() != null
                ? BlankCrop.find(batch, height, width, channels, model.localFeatures().get()).orElse(null)
                : null;
        float[] fed = crop == null ? batch : crop.cut(batch, width, channels);
        int fedHeight = crop == null ? height : crop.height();
        int fedWidth = crop == null ? width : crop.width();
        checkCells(fedHeight, fedWidth, pictures);
        checkMemory(count, fedHeight, fedWidth, pictures);
        if (occlusion != null && (occlusion.patch() > fedHeight || occlusion.patch() > fedWidth)) {
            // Named as the command line names it, as KPCA-CAM's gamma is: video's whole frames and explain's --fit none
            // pictures meet it only here, once their size is known, and said "the occlusion patch" alone.
            throw new InvalidInputException("the occlusion patch of " + occlusion.patch() + " pixels is larger than the "
                    + fedHeight + "x" + fedWidth + " input " + (pictures == null ? "the pictures are" : (pictures.size() == 1
                            ? "image " : "images ") + String.join(", ", pictures) + (pictures.size() == 1 ? " is" : " are"))
                    + " fed at: give a patch of at most " + Math.min(fedHeight, fedWidth) + " pixels (--occlusion-patch)");
        }
        // A model opened for a gradient method may be explained by Score-CAM, a feature method, Ablation-CAM or
        // occlusion instead; its gradients are then not run.
        GradientHead gradients = gradients();
        // Smooth Grad-CAM++ takes its gradients from noisy copies only (smoothMaps): the clean run fetches none.
        boolean smooth = smooth(gradients);
        int[] givenClasses = gradients == null || smooth ? null : TargetClasses.givenClasses(target, count);
        try (TFloat32 input = TensorData.floats(Shape.of(count, fedHeight, fedWidth, channels), fed);
                TFloat32 classWeights = givenClasses == null ? null
                        : GradientBatch.classWeights(givenClasses, count, model);
                TFloat32 alpha = finerFed(gradients) ? TFloat32.vectorOf(finer.fedWeights()) : null;
                TInt32 ranks = finerFed(gradients) ? TInt32.vectorOf(finer.ranks().stream().mapToInt(Integer::intValue)
                        .toArray()) : null) {
            var runner = model.session().runner().feed(names.input(), input).fetch(names.features()).fetch(names.logits());
            boolean fetchProbabilities = names.probabilities() != null && crop == null;
            if (fetchProbabilities) {
                runner.fetch(names.probabilities());
            }
            // Ablation-CAM's side inputs (a skip connection's tensors) come from this run, as the features do.
            List<String> sideInputs = sideInputs();
            sideInputs.forEach(runner::fetch);
            if (alpha != null) {
                runner.feed(gradients.finer().weights(), alpha).feed(gradients.finer().ranks(), ranks);
            }
            if (gradients != null && !smooth) {
                // One run for the first target class: a given one is fed, the predicted one is found in the graph.
                if (classWeights != null) {
                    runner.feed(gradients.classWeights(), classWeights).fetch(gradients.gradient());
                } else {
                    runner.fetch(gradients.predictedGradient());
                }
            }
            try (Result result = runner.run()) {
                FeatureBatch features = features(result.get(0), fedHeight, fedWidth, pictures);
                float[] logits = TensorData.toArray(result.get(1));
                float[] probabilities = fetchProbabilities ? TensorData.toArray(result.get(2)) : null;
                checkOutputs(logits, probabilities, fed, count, fedHeight, fedWidth, pictures);
                int firstSide = fetchProbabilities ? 3 : 2;
                float[][][] gradientMaps = gradients == null ? null
                        : smooth ? smoothMaps(gradients, fed, count, fedHeight, fedWidth, target, logits, probabilities,
                                features)
                        : gradientMaps(gradients, input, alpha, ranks, result.get(firstSide + sideInputs.size()),
                                classWeights != null ? gradients.gradient() : gradients.predictedGradient(), target,
                                count, logits, probabilities, features);
                if (gradientMaps != null && gradients.weighting() == GradientWeighting.FINER_CAM) {
                    checkFinerFinite(gradientMaps, pictures);
                }
                return explainFetched(fed, count, fedHeight, fedWidth, target, new Fed(height, width, outputSizes,
                        frames, crop, pictures), features, logits, probabilities, gradientMaps,
                        sideTensors(result, firstSide, sideInputs.size()));
            }
        } catch (RuntimeException e) {
            throw failure(e, count, height, width, fedHeight, fedWidth, pictures);
        }
    }

    /**
     * Where a batch's maps go once made: the pictures' input size, their own sizes and frames, the crop fed, their
     * names.
     *
     * @param height the model input's rows
     * @param width its columns
     * @param outputSizes each picture's {@code {rows, columns}}
     * @param frames where each framed digit went on the input; null entries otherwise
     * @param crop the part of a mostly blank picture fed, or null
     * @param pictures the pictures' names, for errors; may be null
     */
    record Fed(int height, int width, int[][] outputSizes, InputFrame[] frames, BlankCrop crop, List<String> pictures) {}

    /**
     * Makes a batch's maps from what a run fetched: Score-CAM's masked runs, Ablation-CAM's and occlusion's runs, then
     * each image's explanation, in parallel. {@link #run} calls it on its own run; {@link LayerRun} on a run it shares with the
     * other target layers, which fetched this layer's features, side inputs and gradients.
     *
     * @param fed the pictures fed, {@code count x fedHeight x fedWidth x channels}
     * @param gradientMaps per image and target class, the gradient method's map at the features; null for the others
     * @param sides Ablation-CAM's side inputs, fetched with the features ({@link #sideInputs}); empty for the others
     */
    List<ImageExplanation> explainFetched(float[] fed, int count, int fedHeight, int fedWidth, Target target, Fed at,
            FeatureBatch features, float[] logits, float[] probabilities, float[][][] gradientMaps,
            List<org.tensorflow.Tensor> sides) throws CamException {
        ImageExplanation[] out = new ImageExplanation[count];
        // The maps of a batch are independent: spread the Java work over the cores, idle while it runs. Each
        // image is finished in one go (its features read from the tensor into a per-thread buffer, maps
        // made, upsampled, normalised) so its data stays in cache, and no batch-sized copy is ever made
        // (the features of 256 images of the unpooled model are 103 MB).
        ScoreCam.Scores[] scores = scoreCam
                ? scoreCamLogits(fed, count, fedHeight, fedWidth, features, logits, probabilities, target) : null;
        AblationCam.Scores[] ablated = ablation == null ? null
                : ablatedLogits(SideInputs.of(model, ablation, sides, fed, count, fedHeight, fedWidth), count, features,
                        logits, probabilities, target);
        float[][][] occluded = occlusion == null ? null
                : occludedMaps(fed, count, fedHeight, fedWidth, logits, probabilities, target, at.pictures());
        PictureOverflowException[] overflowed = new PictureOverflowException[count];
        parallelOver(count, i -> {
            try {
                out[i] = explainer.explainOne(features, i, logits, probabilities, target,
                        at.height(), at.width(), at.outputSizes()[i], at.frames()[i], at.crop(),
                        gradientMaps == null ? null : gradientMaps[i], scores == null ? null : scores[i],
                        ablated == null ? null : ablated[i], occluded == null ? null : occluded[i]);
            } catch (PictureOverflowException e) {
                overflowed[i] = e;
            }
        });
        refuseOverflowed(overflowed, at.pictures());
        return List.of(out);
    }

    /**
     * Refuses the first picture whose map's numbers overflowed ({@link PictureOverflowException}: a KPCA-CAM kernel's
     * gamma too large for its features), naming it. It is that picture's failure, as Finer-CAM's overflow is
     * ({@link #checkFinerFinite}): explain writes the pictures before it and, under --keep-going, skips it and explains
     * the rest, where the settings' IllegalArgumentException, naming no picture, had stopped the whole batch with
     * nothing written.
     *
     * @param overflowed per picture, its overflow, or null where its maps were made
     * @param pictures the pictures' names, or null: a picture is then named by its place in the batch (evaluate's
     *     canvases, the API's unnamed pictures), which is not its place in a data set
     * @throws InvalidInputException naming the picture and the setting to change
     */
    private static void refuseOverflowed(PictureOverflowException[] overflowed, List<String> pictures)
            throws InvalidInputException {
        for (int i = 0; i < overflowed.length; i++) {
            if (overflowed[i] != null) {
                throw new InvalidInputException(overflowed[i].about(pictures == null ? "picture " + i + " of its batch"
                        : "image " + pictures.get(i)), overflowed[i]);
            }
        }
    }

    /** @return the model this run explains */
    CamModel model() {
        return model;
    }

    /**
     * @return the gradient ops the method runs; null for Score-CAM, a feature method, Ablation-CAM and occlusion, which
     *     run none
     *     (a model opened for a gradient method may be explained by them)
     */
    GradientHead gradients() {
        return scoreCam || featureMethod != null || ablation != null || occlusion != null ? null
                : model.gradients().orElse(null);
    }

    /** @return the tensors Ablation-CAM's runs take from the pictures' run besides the features; empty otherwise */
    List<String> sideInputs() {
        return ablation == null ? List.of() : ablation.sideInputs();
    }

    /** @return Finer-CAM's comparison when fed ({@link #finerFed}), else null */
    FinerComparison finer() {
        return finer;
    }

    /**
     * Below one cell's stride the model makes no cells, and TensorFlow's kernels fail in ways that name a matrix
     * product (oneDNN's: "Matrix size-incompatible: In[0]: [1,64]"), not the picture: refused first.
     */
    void checkCells(int fedHeight, int fedWidth, List<String> pictures) throws InvalidInputException {
        checks.checkCells(fedHeight, fedWidth, pictures);
    }

    /**
     * Refuses a batch whose run cannot fit in the machine's memory ({@link PeakMemory}): TensorFlow ended the JVM on an
     * allocation that failed instead of reporting it.
     */
    void checkMemory(int count, int fedHeight, int fedWidth, List<String> pictures) throws InvalidInputException {
        if (peak == null) {
            peak = PeakMemory.of(model.session().graph());
        }
        peak.check(model.source(), count, fedHeight, fedWidth, pictures, ActivationMemory.physicalBytes());
    }

    /** @return the fetched features, refused when they have no cells */
    FeatureBatch features(org.tensorflow.Tensor fetched, int fedHeight, int fedWidth, List<String> pictures)
            throws CamException {
        FeatureBatch features = FeatureBatch.of(fetched, model.tensors().features(), model.channels());
        if (features.height() == 0 || features.width() == 0) {
            throw checks.noCells(fedHeight, fedWidth, "its features '" + model.tensors().features() + "' come out "
                    + features.height() + "x" + features.width(), pictures);
        }
        return features;
    }

    /** Refuses logits and probabilities of the wrong width, or not finite, naming the pictures. */
    void checkOutputs(float[] logits, float[] probabilities, float[] fed, int count, int fedHeight, int fedWidth,
            List<String> pictures) throws CamException {
        checks.checkRows(logits, count, fedHeight, fedWidth, "logits");
        checks.checkFiniteLogits(logits, fed, count, pictures);
        if (probabilities != null) {
            checks.checkRows(probabilities, count, fedHeight, fedWidth, "probabilities");
            checks.checkFiniteProbabilities(probabilities, count);
        }
    }

    /**
     * @param gradient a fetched gradient of one class's logit per image, at this layer's features
     * @param name its tensor's name, for errors
     * @return per image, the method's map at the features
     */
    float[][] gradientMaps(org.tensorflow.Tensor gradient, String name, FeatureBatch features) throws CamException {
        GradientHead head = model.gradients().orElseThrow();
        return GradientBatch.maps(gradient, name, head.channels(), weighting(head), features, eigenSmooth);
    }

    /**
     * @return how {@code head}'s gradient weighs the channels: for Finer-CAM its base's weighting of the Finer target's
     *     gradient (Grad-CAM by default, as both libraries'), else the head's own
     */
    private GradientWeighting weighting(GradientHead head) {
        return head.weighting() == GradientWeighting.FINER_CAM ? finerBase : head.weighting();
    }

    /**
     * @param logits the batch's logits, as its run fetched them
     * @param probabilities its probabilities, or null where the model has none
     * @return per image, the classes its maps explain for {@code target}: the run's predicted one, each of its top k,
     *     or the one given
     */
    int[][] explainedClasses(Target target, int count, float[] logits, float[] probabilities) {
        int[][] explained = new int[count][];
        for (int i = 0; i < count; i++) {
            float[] rowProbabilities = rows.rowProbabilities(rows.rowLogits(logits, i, null), probabilities, i);
            explained[i] = TargetClasses.classesFor(target, i, CamMath.argMax(rowProbabilities), rowProbabilities);
        }
        return explained;
    }

    /**
     * @param gradients the gradient ops this run runs ({@link #gradients()}), or null
     * @return whether they are Smooth Grad-CAM++'s, whose maps come from noisy runs ({@link SmoothGradPlusPlus}), not
     *     from the clean run's gradient
     */
    static boolean smooth(GradientHead gradients) {
        return gradients != null && gradients.weighting() == GradientWeighting.SMOOTH_GRAD_CAM_PLUS_PLUS;
    }

    /**
     * Smooth Grad-CAM++'s maps of several layers from one set of noisy runs ({@link SmoothGradPlusPlus#maps(List,
     * float[], int, int, int, int[], boolean, SmoothGradNoise, Runnable)}), with this run's noise and smoothing.
     *
     * @param layers the target layers, this run's first
     * @param afterRun called after each run of the session
     * @return per layer, per picture, the map at the layer's features
     */
    float[][][] smoothMaps(List<SmoothGradPlusPlus.Layer> layers, float[] fed, int count, int height, int width,
            int[] classes, Runnable afterRun) throws CamException {
        return SmoothGradPlusPlus.maps(layers, fed, count, height, width, classes, eigenSmooth, smoothNoise, afterRun);
    }

    /** @return per image, its {@code k} most probable classes, most probable first, as its maps explain them */
    int[][] rankedClasses(float[] logits, float[] probabilities, int count, int k) {
        int[][] ranked = new int[count][];
        for (int i = 0; i < count; i++) {
            ranked[i] = TargetClasses.topK(rows.rowProbabilities(rows.rowLogits(logits, i, null), probabilities, i), k);
        }
        return ranked;
    }

    /**
     * @param e what a run or the maps' making threw
     * @return the model's failure on these pictures, when TensorFlow threw it ({@link ModelFailure})
     * @throws RuntimeException {@code e} itself when cam4j's Java work threw it: a fault of cam4j, not of the pictures
     */
    CamException failure(RuntimeException e, int count, int height, int width, int fedHeight, int fedWidth,
            List<String> pictures) {
        return ModelFailure.of(model, e, count, height, width, fedHeight, fedWidth, pictures, keepsInputSize);
    }

    /**
     * Score-CAM's masked runs, picture by picture, keeping the logits of the classes each picture's maps explain. The
     * pictures were fed whole, so their rows of logits and probabilities are the run's own; each picture's masked
     * copies are fed as its crop when {@link CamSession.Builder#optSkipBlank}'s crop applies
     * ({@link ScoreCam#maskedLogits}). Faster Score-CAM scores each picture's own most varying channels.
     */
    private ScoreCam.Scores[] scoreCamLogits(float[] fed, int count, int fedHeight, int fedWidth, FeatureBatch features,
            float[] logits, float[] probabilities, Target target) throws ExplanationStoppedException {
        Placement cellsOnInput = explainer.placement(features.height(), features.width(), fedHeight, fedWidth, fedHeight,
                fedWidth);
        int channels = model.input().channels();
        int plane = fedHeight * fedWidth * channels;
        // Only the masked runs' logits are carried to the whole picture: unlike CAM's crop, no activation is needed.
        float[] blankLogits = skipBlank ? model.blankLogits().orElse(null) : null;
        ScoreCam.Scores[] scores = new ScoreCam.Scores[count];
        for (int i = 0; i < count; i++) {
            float[] rowProbabilities = rows.rowProbabilities(rows.rowLogits(logits, i, null), probabilities, i);
            int[] explained = TargetClasses.classesFor(target, i, CamMath.argMax(rowProbabilities), rowProbabilities);
            BlankCrop crop = blankLogits == null ? null : BlankCrop.find(Arrays.copyOfRange(fed, i * plane, (i + 1) * plane),
                    fedHeight, fedWidth, channels, model.localFeatures().orElseThrow()).orElse(null);
            float[] image = features.image(i);
            int cells = features.height() * features.width();
            int[] scored = scoreCamChannels > 0 && scoreCamChannels < model.channels()
                    ? ScoreCam.largestSpread(image, cells, model.channels(), scoreCamChannels) : null;
            scores[i] = scoreVariant != null
                    ? RepeatedScoreCam.maskedLogits(model, fed, i, fedHeight, fedWidth, channels, image,
                            features.height(), features.width(), cellsOnInput, explained, crop, blankLogits, scoreVariant)
                    : ScoreCam.maskedLogits(model, fed, i, fedHeight, fedWidth, channels, image,
                            features.height(), features.width(), cellsOnInput, explained, crop, blankLogits, scored);
        }
        return scores;
    }

    /**
     * Ablation-CAM's runs for the whole batch, keeping the logits of the classes each picture's maps explain
     * ({@link AblationCam#ablatedLogits}). The pictures were fed whole, so their rows of logits are the run's own.
     */
    private AblationCam.Scores[] ablatedLogits(SideInputs side, int count, FeatureBatch features, float[] logits,
            float[] probabilities, Target target) throws CamException {
        float[][] classLogits = new float[count][];
        int[][] explained = new int[count][];
        for (int i = 0; i < count; i++) {
            classLogits[i] = rows.rowLogits(logits, i, null);
            float[] rowProbabilities = rows.rowProbabilities(classLogits[i], probabilities, i);
            explained[i] = TargetClasses.classesFor(target, i, CamMath.argMax(rowProbabilities), rowProbabilities);
        }
        return AblationCam.ablatedLogits(model, ablation, side, features, classLogits, explained);
    }

    /**
     * Occlusion's runs for the whole batch ({@link OcclusionRuns#maps}), for the classes each picture's maps explain.
     * The pictures were fed whole, so their rows of logits are the run's own.
     */
    private float[][][] occludedMaps(float[] fed, int count, int fedHeight, int fedWidth, float[] logits,
            float[] probabilities, Target target, List<String> pictures) throws CamException {
        int[][] explained = explainedClasses(target, count, logits, probabilities);
        return OcclusionRuns.maps(model, occlusion, rows, fed, count, fedHeight, fedWidth, explained, pictures);
    }

    /** @return {@code count} of a run's fetched tensors from index {@code from} on */
    private static List<org.tensorflow.Tensor> sideTensors(Result result, int from, int count) {
        List<org.tensorflow.Tensor> tensors = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tensors.add(result.get(from + i));
        }
        return tensors;
    }

    /**
     * The gradient method's maps at feature resolution, per image and target class: the first class's from the run's
     * own gradient, further top-k classes' from one more run each (the gradient is taken for one class per image at a
     * time).
     */
    private float[][][] gradientMaps(GradientHead gradients, TFloat32 input, TFloat32 alpha, TInt32 ranks,
            org.tensorflow.Tensor firstGradient,
            String firstName, Target target, int count, float[] logits, float[] probabilities, FeatureBatch features)
            throws CamException {
        int k = target instanceof Target.TopK t ? t.k() : 1;
        float[][][] maps = new float[count][k][];
        float[][] first = GradientBatch.maps(firstGradient, firstName, gradients.channels(),
                weighting(gradients), features, eigenSmooth);
        for (int i = 0; i < count; i++) {
            maps[i][0] = first[i];
        }
        if (k > 1) {
            int[][] ranked = new int[count][];
            for (int i = 0; i < count; i++) {
                ranked[i] = TargetClasses.topK(rows.rowProbabilities(rows.rowLogits(logits, i, null), probabilities, i),
                        k);
            }
            for (int rank = 1; rank < k; rank++) {
                // One more run per class of the top k, each as costly as the picture's own (some 2 s for a 2000x2000
                // picture fed at its size): an interrupt is honoured before each.
                ExplanationStoppedException.ifInterrupted(gradients.weighting().title());
                int[] wanted = new int[count];
                for (int i = 0; i < count; i++) {
                    wanted[i] = ranked[i][rank];
                }
                try (TFloat32 weights = GradientBatch.classWeights(wanted, count, model);
                        Result r = withFiner(model.session().runner().feed(model.tensors().input(), input)
                                .feed(gradients.classWeights(), weights), gradients, alpha, ranks)
                                .fetch(gradients.gradient()).run()) {
                    float[][] next = GradientBatch.maps(r.get(0), gradients.gradient(), gradients.channels(),
                            weighting(gradients), features, eigenSmooth);
                    for (int i = 0; i < count; i++) {
                        maps[i][rank] = next[i];
                    }
                }
            }
        }
        return maps;
    }

    /**
     * Smooth Grad-CAM++'s maps at feature resolution, per image and target class: each class's noisy copies run
     * ({@link SmoothGradPlusPlus#maps}), for the classes the clean run's probabilities choose.
     */
    private float[][][] smoothMaps(GradientHead gradients, float[] fed, int count, int fedHeight, int fedWidth,
            Target target, float[] logits, float[] probabilities, FeatureBatch features) throws CamException {
        int[][] explained = explainedClasses(target, count, logits, probabilities);
        float[][][] maps = new float[count][explained[0].length][];
        for (int rank = 0; rank < explained[0].length; rank++) {
            int[] wanted = new int[count];
            for (int i = 0; i < count; i++) {
                wanted[i] = explained[i][rank];
            }
            float[][] made = SmoothGradPlusPlus.maps(model, gradients, fed, count, fedHeight, fedWidth, wanted,
                    features, eigenSmooth, smoothNoise);
            for (int i = 0; i < count; i++) {
                maps[i][rank] = made[i];
            }
        }
        return maps;
    }

    /**
     * Refuses Finer-CAM's maps that are not finite. Its target, {@code y_c - alpha y_j}, is computed in float32: an alpha
     * large enough that {@code alpha y_j} passes the largest float (3.4e38) makes it infinite and its gradient NaN, and
     * the map came out NaN, drawn as a flat map with "no evidence" where the cause was the alpha. How large depends on
     * the picture's logits (on the bundled pooled model the first test digit's map held at alpha 1e33, the second's did
     * not), so it is found here rather than when the alpha is given. It is the picture's failure, as a picture the model
     * refuses is: explain then writes the pictures before it and, under --keep-going, skips it and explains the rest,
     * where the whole batch had stopped with nothing written.
     *
     * @throws InvalidInputException naming the picture and the alpha
     */
    private void checkFinerFinite(float[][][] maps, List<String> pictures) throws InvalidInputException {
        for (int i = 0; i < maps.length; i++) {
            for (float[] map : maps[i]) {
                for (float v : map) {
                    if (!Float.isFinite(v)) {
                        float alpha = (finer == null ? FinerComparison.DEFAULT : finer).alpha();
                        // An unnamed picture is named by its place in its batch: "picture 0" alone read, in
                        // evaluate, as test digit 0.
                        String picture = pictures == null ? "picture " + i + " of its batch" : "image " + pictures.get(i);
                        throw new InvalidInputException("Finer-CAM's map of " + picture + " is not finite: its target,"
                                + " the class's logit less " + alpha + " times the compared classes' logits, overflows"
                                + " float32 (largest " + Float.MAX_VALUE + "); give a smaller alpha (--finer-alpha;"
                                + " pytorch-grad-cam's is 1)");
                    }
                }
            }
        }
    }

    /** @return whether this run feeds Finer-CAM's comparison: the method's, and not the graph's default */
    boolean finerFed(GradientHead gradients) {
        return finer != null && gradients != null && gradients.finer() != null;
    }

    private static org.tensorflow.Session.Runner withFiner(org.tensorflow.Session.Runner runner, GradientHead gradients,
            TFloat32 alpha, TInt32 ranks) {
        return alpha == null ? runner
                : runner.feed(gradients.finer().weights(), alpha).feed(gradients.finer().ranks(), ranks);
    }

    /**
     * Runs {@code work} for each of {@code count} pictures, in parallel from {@link #PARALLEL_FROM} pictures on.
     *
     * @throws RuntimeException what the work threw, as it threw it, on whichever thread
     */
    static void parallelOver(int count, java.util.function.IntConsumer work) {
        IntStream images = IntStream.range(0, count);
        try {
            (count >= PARALLEL_FROM ? images.parallel() : images).forEach(work);
        } catch (RuntimeException e) {
            // A pool thread's exception reaches this thread as a copy of its type whose message is the original's
            // toString(): "java.lang.IllegalArgumentException: KPCA-CAM's rbf kernel is the identity ...", said so by
            // evaluate for --kpca-gamma 1e300. The original is thrown, the copy (this thread's stack) kept beside it.
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException original && cause.getClass() == e.getClass()
                    && String.valueOf(cause).equals(e.getMessage())) {
                original.addSuppressed(e);
                throw original;
            }
            throw e;
        }
    }
}
