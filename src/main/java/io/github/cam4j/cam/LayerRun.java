package io.github.cam4j.cam;

import io.github.cam4j.model.TensorData;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.GradientHead;
import io.github.cam4j.savedmodel.TensorNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One batch of the target layers of a fused map ({@link LayerFusion}) through the model once. The layers' models share
 * one session ({@link io.github.cam4j.savedmodel.CamModelLoader#loadAtLayers}), so one run feeds the pictures and
 * fetches the logits, the probabilities and, for every layer, its features, Ablation-CAM's side inputs and the gradient
 * of the run's class (the given one, or the predicted one with the class weights the graph worked out for it). A
 * gradient for other classes (a top-k target's further ranks, or a class the run did not take) is fetched when a
 * layer first asks for it, for every layer at once in one more run. Each layer's maps are then made from what was
 * fetched as {@link BatchRun#run} makes them from a run of its own: the same tensors, so the same maps.
 *
 * <p>Smooth Grad-CAM++ takes no gradient from the clean run: its noisy copies of the batch are run once per set of
 * classes for every layer together, each run fetching every layer's features and gradient ({@link SmoothGradPlusPlus}),
 * as torch-cam's {@code SmoothGradCAMpp} with several target layers runs them.
 *
 * <p>Score-CAM's and Ablation-CAM's further runs feed masked pictures or ablated features, one layer's at a time: those
 * stay per layer.
 */
final class LayerRun implements LayerFusion.Batch {
    private final List<BatchRun> layers;
    private final float[] batch;
    private final int count;
    private final int height;
    private final int width;
    private final List<String> pictures;
    /** What the runs of this batch fed; closed with it. */
    private final List<Tensor> fedTensors = new ArrayList<>();
    /** What they fetched; closed with it. */
    private final List<Result> results = new ArrayList<>();
    private final TFloat32 input;
    private final float[] logits;
    private final float[] probabilities;
    private final FeatureBatch[] features;
    private final List<List<Tensor>> sides = new ArrayList<>();
    /**
     * Per image classes whose gradients were fetched, and per layer where: the first run's, then each further run's.
     */
    private final Map<List<Integer>, Tensor[]> gradients = new HashMap<>();
    /** Per layer, its gradient tensor's name in each fetch, for errors (the same for the same kind of fetch). */
    private final Map<List<Integer>, String[]> gradientNames = new HashMap<>();
    /** The first run's gradients per layer, whatever their classes: a non-given target's first rank. */
    private final Tensor[] firstGradients;
    private final String[] firstNames;
    private final TFloat32 alpha;
    private final TInt32 ranks;
    /**
     * Smooth Grad-CAM++'s maps per set of classes, one per image: per layer, per image, made by one set of noisy runs
     * for every layer ({@link #smoothMaps}).
     */
    private final Map<List<Integer>, float[][][]> smoothMaps = new HashMap<>();
    /**
     * The model runs this batch made: one, and one per further class set (Smooth Grad-CAM++: its noisy copies per class
     * set, for every layer together).
     */
    private int runs;

    private LayerRun(List<BatchRun> layers, float[] batch, int count, int height, int width, Target target,
            List<String> pictures) throws CamException {
        this.layers = layers;
        this.batch = batch;
        this.count = count;
        this.height = height;
        this.width = width;
        this.pictures = pictures;
        BatchRun first = layers.get(0);
        CamModel model = first.model();
        TensorNames names = model.tensors();
        // Every layer's model is opened for a gradient method (its ops may go unrun), so none feeds a blank crop: the
        // pictures are fed whole, as each layer's own run fed them.
        for (BatchRun layer : layers) {
            layer.checkCells(height, width, pictures);
        }
        // The layers share the first's session and graph: one estimate of the run's memory covers them, refused before
        // TensorFlow allocates it, as every other method's run is (helper-177 found this path without it).
        first.checkMemory(count, height, width, pictures);
        GradientHead firstHead = first.gradients();
        // Smooth Grad-CAM++'s gradients come from its noisy runs only: the clean run fetches none, as BatchRun's.
        boolean smooth = BatchRun.smooth(firstHead);
        int[] given = firstHead == null || smooth ? null : TargetClasses.givenClasses(target, count);
        this.features = new FeatureBatch[layers.size()];
        this.firstGradients = new Tensor[layers.size()];
        this.firstNames = new String[layers.size()];
        try {
            this.input = own(TensorData.floats(Shape.of(count, height, width, model.input().channels()), batch));
            this.alpha = first.finerFed(firstHead) ? own(TFloat32.vectorOf(first.finer().fedWeights())) : null;
            this.ranks = alpha == null ? null : own(TInt32.vectorOf(first.finer().ranks().stream()
                    .mapToInt(Integer::intValue).toArray()));
            TFloat32 classWeights = given == null ? null : own(GradientBatch.classWeights(given, count, model));
            Session.Runner runner = model.session().runner().feed(names.input(), input).fetch(names.logits());
            boolean fetchProbabilities = names.probabilities() != null;
            if (fetchProbabilities) {
                runner.fetch(names.probabilities());
            }
            int next = fetchProbabilities ? 2 : 1;
            int[] featureAt = new int[layers.size()];
            int[][] sideAt = new int[layers.size()][];
            int[] gradientAt = new int[layers.size()];
            int[] predictedAt = new int[layers.size()];
            for (int l = 0; l < layers.size(); l++) {
                BatchRun layer = layers.get(l);
                runner.fetch(layer.model().tensors().features());
                featureAt[l] = next++;
                List<String> sideInputs = layer.sideInputs();
                sideInputs.forEach(runner::fetch);
                sideAt[l] = new int[] {next, sideInputs.size()};
                next += sideInputs.size();
                GradientHead head = layer.gradients();
                gradientAt[l] = -1;
                predictedAt[l] = -1;
                if (head == null || smooth || (l > 0 && classWeights == null && ownPredictedTarget(head))) {
                    continue;
                }
                withFiner(runner, head);
                if (classWeights != null) {
                    runner.feed(head.classWeights(), classWeights).fetch(head.gradient());
                    firstNames[l] = head.gradient();
                } else {
                    runner.fetch(head.predictedGradient()).fetch(head.predictedClassWeights());
                    firstNames[l] = head.predictedGradient();
                    predictedAt[l] = next + 1;
                }
                gradientAt[l] = next;
                next += classWeights != null ? 1 : 2;
            }
            Result result = own(runner.run());
            runs++;
            this.logits = TensorData.toArray(result.get(0));
            this.probabilities = fetchProbabilities ? TensorData.toArray(result.get(1)) : null;
            first.checkOutputs(logits, probabilities, batch, count, height, width, pictures);
            List<Integer> firstClasses = given == null ? null : key(given);
            for (int l = 0; l < layers.size(); l++) {
                features[l] = layers.get(l).features(result.get(featureAt[l]), height, width, pictures);
                List<Tensor> layerSides = new ArrayList<>();
                for (int s = 0; s < sideAt[l][1]; s++) {
                    layerSides.add(result.get(sideAt[l][0] + s));
                }
                sides.add(layerSides);
                if (gradientAt[l] >= 0) {
                    firstGradients[l] = result.get(gradientAt[l]);
                }
            }
            if (firstHead != null && !smooth) {
                // The classes the first run's gradients are for: the given ones, or those the graph predicted, read
                // from the class weights it worked out (every layer's from the same logits).
                List<Integer> classes = firstClasses != null ? firstClasses
                        : key(predictedClasses(result.get(predictedAt[0]), model));
                Tensor[] at = firstGradients.clone();
                for (int l = 1; l < layers.size() && firstClasses == null; l++) {
                    if (predictedAt[l] < 0 || !classes.equals(key(predictedClasses(result.get(predictedAt[l]), model)))) {
                        at[l] = null;
                    }
                }
                gradients.put(classes, at);
                gradientNames.put(classes, firstNames.clone());
            }
        } catch (RuntimeException e) {
            close();
            throw first.failure(e, count, height, width, height, width, pictures);
        } catch (CamException e) {
            close();
            throw e;
        }
    }

    /**
     * Runs a batch through the model once for every layer.
     *
     * @param layers one per target layer, in order, their models sharing one session
     * @param target what the first layer explains (the others are asked for its classes)
     * @return the batch's run, whose {@link #layers()} make each layer's maps; close it after
     * @throws CamException when the model fails on the pictures, or its outputs are refused
     */
    static LayerRun open(List<BatchRun> layers, float[] batch, int count, int height, int width, Target target,
            List<String> pictures) throws CamException {
        return new LayerRun(layers, batch, count, height, width, target, pictures);
    }

    /**
     * @return one per layer, in order: each makes its layer's maps from this run for the target it is asked, of the
     *     pictures this run fed (the pictures and sizes it is passed are those, {@link LayerFusion} passing them on)
     */
    @Override
    public List<AugSmoothing.Runs> layers() {
        List<AugSmoothing.Runs> out = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            int layer = l;
            out.add((fed, n, h, w, target, outputSizes, frames, names) -> explain(layer, target, outputSizes, frames));
        }
        return out;
    }

    /** @return the model runs this batch made so far: one, and one per further set of classes asked */
    int runs() {
        return runs;
    }

    /** Layer {@code l}'s maps of the batch for {@code target}, from what was fetched. */
    private List<ImageExplanation> explain(int l, Target target, int[][] outputSizes, InputFrame[] frames)
            throws CamException {
        BatchRun layer = layers.get(l);
        try {
            float[][][] maps = null;
            GradientHead head = layer.gradients();
            if (BatchRun.smooth(head)) {
                maps = smoothMaps(l, target);
            } else if (head != null) {
                int k = target instanceof Target.TopK t ? t.k() : 1;
                int[] given = TargetClasses.givenClasses(target, count);
                int[][] ranked = k > 1 ? layer.rankedClasses(logits, probabilities, count, k) : null;
                maps = new float[count][k][];
                for (int rank = 0; rank < k; rank++) {
                    Tensor gradient;
                    String name;
                    if (rank == 0 && given == null) {
                        // The first rank of a target that names no class: the run's own gradient, as a layer's own
                        // run takes it (the class the graph predicts).
                        gradient = firstGradients[l];
                        name = firstNames[l];
                    } else {
                        int[] classes = rank == 0 ? given : column(ranked, rank);
                        List<Integer> key = key(classes);
                        if (gradients.get(key) == null || gradients.get(key)[l] == null) {
                            // One more run per class of the top k, as BatchRun's: an interrupt is honoured before each.
                            ExplanationStoppedException.ifInterrupted(head.weighting().title());
                            fetchGradients(classes);
                        }
                        gradient = gradients.get(key)[l];
                        name = gradientNames.get(key)[l];
                    }
                    float[][] rankMaps = layer.gradientMaps(gradient, name, features[l]);
                    for (int i = 0; i < count; i++) {
                        maps[i][rank] = rankMaps[i];
                    }
                }
            }
            return layer.explainFetched(batch, count, height, width, target,
                    new BatchRun.Fed(height, width, outputSizes, frames, null, pictures), features[l], logits,
                    probabilities, maps, sides.get(l));
        } catch (RuntimeException e) {
            throw layer.failure(e, count, height, width, height, width, pictures);
        }
    }

    /**
     * Layer {@code l}'s Smooth Grad-CAM++ maps for {@code target}, per image and class: each set of classes' noisy runs
     * made once for every layer, the first layer to ask making them (the further layers ask the first's classes).
     */
    private float[][][] smoothMaps(int l, Target target) throws CamException {
        int[][] explained = layers.get(l).explainedClasses(target, count, logits, probabilities);
        float[][][] maps = new float[count][explained[0].length][];
        for (int rank = 0; rank < explained[0].length; rank++) {
            int[] classes = column(explained, rank);
            float[][][] made = smoothMaps.get(key(classes));
            if (made == null) {
                List<SmoothGradPlusPlus.Layer> all = new ArrayList<>();
                for (int m = 0; m < layers.size(); m++) {
                    BatchRun layer = layers.get(m);
                    all.add(new SmoothGradPlusPlus.Layer(layer.model(), layer.gradients(), features[m]));
                }
                made = layers.get(0).smoothMaps(all, batch, count, height, width, classes, () -> runs++);
                smoothMaps.put(key(classes), made);
            }
            for (int i = 0; i < count; i++) {
                maps[i][rank] = made[l][i];
            }
        }
        return maps;
    }

    /** One more run: every layer's gradient of the classes given, one per image. */
    private void fetchGradients(int[] classes) {
        CamModel model = layers.get(0).model();
        TFloat32 weights = own(GradientBatch.classWeights(classes, count, model));
        Session.Runner runner = model.session().runner().feed(model.tensors().input(), input);
        String[] names = new String[layers.size()];
        List<Integer> fetched = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            GradientHead head = layers.get(l).gradients();
            if (head == null) {
                continue;
            }
            withFiner(runner, head).feed(head.classWeights(), weights).fetch(head.gradient());
            names[l] = head.gradient();
            fetched.add(l);
        }
        Result result = own(runner.run());
        runs++;
        Tensor[] at = new Tensor[layers.size()];
        for (int f = 0; f < fetched.size(); f++) {
            at[fetched.get(f)] = result.get(f);
        }
        gradients.put(key(classes), at);
        gradientNames.put(key(classes), names);
    }

    /**
     * @return whether the head's predicted class has a target of its own ops (Finer-CAM's comparison, ShapleyCAM's
     *     Hessian term), other than those of a class fed: its gradient then differed from the fed class's by a float
     *     rounding (Finer-CAM: one unit in the last place), and a further layer, which explains the first layer's
     *     class as a class fed, takes the fed class's gradient, as its own run did
     */
    private static boolean ownPredictedTarget(GradientHead head) {
        return head.weighting() == io.github.cam4j.savedmodel.GradientWeighting.FINER_CAM
                || head.weighting() == io.github.cam4j.savedmodel.GradientWeighting.SHAPLEY_CAM;
    }

    private Session.Runner withFiner(Session.Runner runner, GradientHead head) {
        return alpha == null || head.finer() == null ? runner
                : runner.feed(head.finer().weights(), alpha).feed(head.finer().ranks(), ranks);
    }

    /**
     * @param weights the class weights the graph worked out for its predicted gradient, [N, units]
     * @return the class each image's predicted gradient is for: the one-hot row's class, or for a binary classifier's
     *     one unit class 1 where it is +1 and class 0 where it is -1
     */
    private static int[] predictedClasses(Tensor weights, CamModel model) {
        float[] rows = TensorData.toArray((TFloat32) weights);
        int units = model.units();
        int n = rows.length / units;
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            if (model.isBinary()) {
                classes[i] = rows[i] > 0 ? 1 : 0;
            } else {
                classes[i] = CamMath.argMax(Arrays.copyOfRange(rows, i * units, (i + 1) * units));
            }
        }
        return classes;
    }

    private static int[] column(int[][] ranked, int rank) {
        int[] classes = new int[ranked.length];
        for (int i = 0; i < ranked.length; i++) {
            classes[i] = ranked[i][rank];
        }
        return classes;
    }

    private static List<Integer> key(int[] classes) {
        return Arrays.stream(classes).boxed().toList();
    }

    private <T extends Tensor> T own(T tensor) {
        fedTensors.add(tensor);
        return tensor;
    }

    private Result own(Result result) {
        results.add(result);
        return result;
    }

    /** Closes what the runs fed and fetched; a second call does nothing. */
    @Override
    public void close() {
        results.forEach(Result::close);
        results.clear();
        fedTensors.forEach(Tensor::close);
        fedTensors.clear();
    }
}
