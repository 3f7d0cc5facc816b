package io.github.cam4j.cam;

import io.github.cam4j.model.TensorData;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.BiasLayer;
import io.github.cam4j.savedmodel.FullGradients;
import io.github.cam4j.savedmodel.InputGradients;
import io.github.cam4j.savedmodel.ModelLoadException;
import io.github.cam4j.savedmodel.TensorNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * One batch of pictures explained by a {@link PixelMethod}: a run for the logits (and, for saliency and gradient x
 * input, the first class's gradient by the input in the same run; for FullGrad, the first class's gradient by the input
 * and its spatial bias layers' contributions), then the gradient at each noisy copy or path point
 * of every picture, in runs of at most the session's batch, each copy weighted to its picture's explained class. The
 * maps are one value per input pixel, placed on the picture as {@link AugSmoothing}'s are (carried back where a framed
 * digit was): no feature cells, no upsampling. Holds no state between runs.
 */
final class PixelAttribution {
    private final CamModel model;
    private final PixelMethod method;
    private final int maxBatch;
    private final RunChecks checks;
    private final ImageRows rows;
    /** The model's estimate of a run's memory, made at the first run (it walks the graph). */
    private PeakMemory peak;

    PixelAttribution(CamModel model, PixelMethod method, int maxBatch) {
        this.model = model;
        this.method = method;
        this.maxBatch = maxBatch;
        this.checks = new RunChecks(model);
        this.rows = new ImageRows(model);
    }

    /** @return the method */
    PixelMethod method() {
        return method;
    }

    /** Explains a batch as {@link BatchRun#run} does, with the method's maps on the input's pixels. */
    List<ImageExplanation> run(float[] batch, int count, int height, int width, Target target, int[][] outputSizes,
            InputFrame[] frames, List<String> pictures) throws CamException {
        // As BatchRun checks the CAM methods' runs: a 1x1 picture under --fit none failed inside TensorFlow ("input
        // depth must be evenly divisible by filter depth: 32 vs 64") with the advice to feed 28x28 pictures only, and a
        // picture too large for the machine's memory was not refused before TensorFlow allocated it.
        checks.checkCells(height, width, pictures);
        if (peak == null) {
            peak = PeakMemory.of(model.session().graph());
        }
        peak.check(model.source(), count, height, width, pictures, ActivationMemory.physicalBytes());
        boolean full = method.kind() == PixelMethod.Kind.FULLGRAD;
        InputGradients gradients = full ? null : gradients();
        FullGradients fullTensors = full ? fullGradients(model) : null;
        TensorNames names = model.tensors();
        int channels = model.input().channels();
        boolean direct = method.kind() == PixelMethod.Kind.SALIENCY
                || method.kind() == PixelMethod.Kind.GRADIENT_X_INPUT;
        int[] given = direct || full ? TargetClasses.givenClasses(target, count) : null;
        float[] logits;
        float[] probabilities = null;
        float[] firstGradient = null;
        FullGradTerms firstTerms = null;
        try (TFloat32 input = TensorData.floats(Shape.of(count, height, width, channels), batch);
                TFloat32 weights = given == null ? null : GradientBatch.classWeights(given, count, model)) {
            Session.Runner runner = model.session().runner().feed(names.input(), input).fetch(names.logits());
            boolean fetchProbabilities = names.probabilities() != null;
            if (fetchProbabilities) {
                runner.fetch(names.probabilities());
            }
            if (direct) {
                // The first class's gradient from the same run: a given class is fed, the predicted one found in the graph.
                if (weights != null) {
                    runner.feed(gradients.classWeights(), weights).fetch(gradients.gradient());
                } else {
                    runner.fetch(gradients.predictedGradient());
                }
            } else if (full) {
                // FullGrad's terms for the first class from the same run: its class weights, unfed, are the predicted
                // class's, worked out in the graph.
                if (weights != null) {
                    runner.feed(fullTensors.classWeights(), weights);
                }
                fetchTerms(runner, fullTensors);
            }
            try (Result r = runner.run()) {
                logits = TensorData.toArray(r.get(0));
                if (fetchProbabilities) {
                    probabilities = TensorData.toArray(r.get(1));
                }
                int first = fetchProbabilities ? 2 : 1;
                if (direct) {
                    firstGradient = TensorData.toArray(r.get(first));
                } else if (full) {
                    firstTerms = readTerms(r, first, fullTensors.spatialLayers(), batch.length);
                }
            }
        } catch (RuntimeException e) {
            throw failure(e, count, height, width, pictures);
        }
        checks.checkRows(logits, count, height, width, "logits");
        checks.checkFiniteLogits(logits, batch, count, pictures);
        if (probabilities != null) {
            checks.checkRows(probabilities, count, height, width, "probabilities");
            checks.checkFiniteProbabilities(probabilities, count);
        }
        float[][] rowLogits = new float[count][];
        float[][] rowProbabilities = new float[count][];
        int[] predicted = new int[count];
        int[][] explained = new int[count][];
        for (int i = 0; i < count; i++) {
            rowLogits[i] = rows.rowLogits(logits, i, null);
            rowProbabilities[i] = rows.rowProbabilities(rowLogits[i], probabilities, i);
            predicted[i] = CamMath.argMax(rowProbabilities[i]);
            explained[i] = TargetClasses.classesFor(target, i, predicted[i], rowProbabilities[i]);
        }
        int ranks = explained[0].length;
        int plane = height * width * channels;
        FloatMap[][] maps = new FloatMap[count][ranks];
        for (int rank = 0; rank < ranks; rank++) {
            int[] classes = new int[count];
            for (int i = 0; i < count; i++) {
                classes[i] = explained[i][rank];
            }
            if (full) {
                float[][] fullMaps = rank == 0 ? fullGradMaps(firstTerms, batch, count, height, width, channels)
                        : fullGradMaps(batch, count, height, width, channels, classes, pictures);
                for (int i = 0; i < count; i++) {
                    maps[i][rank] = new FloatMap(height, width, fullMaps[i]);
                }
                continue;
            }
            float[] values = rank == 0 && direct ? firstGradient
                    : direct ? gradientsAt(gradients, batch, count, height, width, channels, classes, pictures) : null;
            for (int i = 0; i < count; i++) {
                float[] map = switch (method.kind()) {
                    case SALIENCY -> PixelMaps.saliency(values, i * plane, height * width, channels);
                    case GRADIENT_X_INPUT -> PixelMaps.gradientTimesInput(values, batch, i * plane, height * width,
                            channels);
                    default -> null;
                };
                if (map != null) {
                    maps[i][rank] = new FloatMap(height, width, map);
                }
            }
            if (!direct) {
                float[][] sampled = sampled(gradients, batch, count, height, width, channels, classes, pictures);
                for (int i = 0; i < count; i++) {
                    maps[i][rank] = new FloatMap(height, width, sampled[i]);
                }
            }
        }
        List<ImageExplanation> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(ImageExplainer.fromInputPixels(model, predicted[i], rowProbabilities[i], rowLogits[i], explained[i],
                    maps[i], height, width, outputSizes[i], frames[i]));
        }
        return out;
    }

    /**
     * FullGrad's maps ({@link FullGradMaps}) of a further class per picture, in runs of at most the batch, each fetching
     * the spatial layers' terms only (the others are not in the map).
     *
     * @return per picture, its map's {@code height * width} values
     */
    private float[][] fullGradMaps(float[] batch, int count, int height, int width, int channels, int[] classes,
            List<String> pictures) throws CamException {
        FullGradients tensors = fullGradients(model);
        int plane = height * width * channels;
        float[][] maps = new float[count][];
        for (int from = 0; from < count; from += maxBatch) {
            // One more run per class of the top k, each some 6 s for a 2000x2000 picture fed at its size: an interrupt
            // is honoured before each.
            ExplanationStoppedException.ifInterrupted(method.title());
            int n = Math.min(maxBatch, count - from);
            float[] fed = count <= maxBatch ? batch : java.util.Arrays.copyOfRange(batch, from * plane, (from + n) * plane);
            FullGradTerms terms = fullGradTerms(tensors, tensors.spatialLayers(), fed, n, height, width, channels,
                    java.util.Arrays.copyOfRange(classes, from, from + n), pictures == null ? null
                            : pictures.subList(from, from + n));
            System.arraycopy(fullGradMaps(terms, fed, n, height, width, channels), 0, maps, from, n);
        }
        return maps;
    }

    /**
     * @param terms the spatial layers' terms of the {@code n} pictures fed as {@code fed}
     * @return per picture, its FullGrad map's {@code height * width} values ({@link FullGradMaps})
     */
    private static float[][] fullGradMaps(FullGradTerms terms, float[] fed, int n, int height, int width, int channels) {
        List<FullGradMaps.Layer> spatial = new ArrayList<>(terms.contributions().length);
        for (int l = 0; l < terms.contributions().length; l++) {
            long[] shape = terms.shapes()[l];
            spatial.add(new FullGradMaps.Layer(terms.contributions()[l], (int) shape[1], (int) shape[2],
                    (int) shape[3]));
        }
        float[][] maps = new float[n][];
        for (int j = 0; j < n; j++) {
            maps[j] = FullGradMaps.map(fed, terms.inputGradient(), j, height, width, channels, spatial);
        }
        return maps;
    }

    /**
     * FullGrad's raw terms for a batch, one run: the gradient of each picture's class's logit by the input, and each
     * fetched bias layer's contribution (in the order asked) with its shape.
     */
    record FullGradTerms(float[] inputGradient, float[][] contributions, long[][] shapes) {}

    /**
     * @param layers the bias layers whose contributions to fetch, of {@link FullGradients#layers()}: the spatial ones make
     *     the map, the others only complete the logit's sum
     * @return the raw terms of {@code n} pictures fed as {@code fed}, each differentiated for its class
     */
    FullGradTerms fullGradTerms(FullGradients tensors, List<BiasLayer> layers, float[] fed, int n, int height, int width,
            int channels, int[] classes, List<String> pictures) throws CamException {
        try (TFloat32 input = TensorData.floats(Shape.of(n, height, width, channels), fed);
                TFloat32 weights = GradientBatch.classWeights(classes, n, model)) {
            Session.Runner runner = model.session().runner().feed(model.tensors().input(), input)
                    .feed(tensors.classWeights(), weights);
            fetchTerms(runner, tensors.inputGradient(), layers);
            try (Result r = runner.run()) {
                return readTerms(r, 0, layers, fed.length);
            }
        } catch (RuntimeException e) {
            throw failure(e, n, height, width, pictures);
        }
    }

    /** Asks the runner for the map's terms: the gradient by the input, then each spatial layer's contribution. */
    private static void fetchTerms(Session.Runner runner, FullGradients tensors) {
        fetchTerms(runner, tensors.inputGradient(), tensors.spatialLayers());
    }

    private static void fetchTerms(Session.Runner runner, String inputGradient, List<BiasLayer> layers) {
        runner.fetch(inputGradient);
        layers.forEach(l -> runner.fetch(l.contribution()));
    }

    /**
     * @param first the index of the gradient by the input among the run's fetches, the layers' contributions after it
     * @param fed how many values were fed, which the gradient by the input must have
     * @return the terms read
     */
    private FullGradTerms readTerms(Result r, int first, List<BiasLayer> layers, int fed) throws CamException {
        float[] g = TensorData.toArray(r.get(first));
        if (g.length != fed) {
            throw new CamException("model " + model.source() + ": the gradient by input '" + model.tensors().input()
                    + "' has " + g.length + " values for " + fed + " fed");
        }
        float[][] contributions = new float[layers.size()][];
        long[][] shapes = new long[layers.size()][];
        for (int l = 0; l < layers.size(); l++) {
            shapes[l] = r.get(first + l + 1).shape().asArray();
            contributions[l] = TensorData.toArray(r.get(first + l + 1));
            if (layers.get(l).spatial() && shapes[l].length != 4) {
                throw new CamException("model " + model.source() + ": FullGrad's bias layer '" + layers.get(l).op()
                        + "' gave a contribution of shape " + java.util.Arrays.toString(shapes[l]) + ", not [N, h, w, K]");
            }
        }
        return new FullGradTerms(g, contributions, shapes);
    }

    /** @return the model's FullGrad ops, added to its graph on the first call */
    static FullGradients fullGradients(CamModel model) throws CamException {
        try {
            return model.fullGradients();
        } catch (ModelLoadException e) {
            throw new CamException(model.source() + ": " + e.getMessage(), e);
        }
    }

    /** @return the model's input gradient ops, added to its graph on the first call */
    private InputGradients gradients() throws CamException {
        try {
            return model.inputGradients();
        } catch (ModelLoadException e) {
            throw new CamException(model.source() + ": " + e.getMessage(), e);
        }
    }

    /** @return the gradient of each picture's class's logit by the input, one run (in chunks of the batch) */
    private float[] gradientsAt(InputGradients gradients, float[] batch, int count, int height, int width, int channels,
            int[] classes, List<String> pictures) throws CamException {
        int plane = height * width * channels;
        float[] out = new float[count * plane];
        for (int from = 0; from < count; from += maxBatch) {
            // One more run per class of the top k, as FullGrad's: an interrupt is honoured before each.
            ExplanationStoppedException.ifInterrupted(method.title());
            int n = Math.min(maxBatch, count - from);
            float[] part = java.util.Arrays.copyOfRange(batch, from * plane, (from + n) * plane);
            float[] g = gradientOf(gradients, part, n, height, width, channels,
                    java.util.Arrays.copyOfRange(classes, from, from + n), pictures);
            System.arraycopy(g, 0, out, from * plane, n * plane);
        }
        return out;
    }

    /**
     * SmoothGrad's noisy copies or Integrated Gradients' path points, every picture's in turn, in runs of at most the
     * batch; each picture's gradients reduced to its map as they come.
     *
     * @return per picture, its map's {@code height * width} values
     */
    private float[][] sampled(InputGradients gradients, float[] batch, int count, int height, int width, int channels,
            int[] classes, List<String> pictures) throws CamException {
        int plane = height * width * channels;
        int samples = method.samples();
        boolean smooth = method.kind() == PixelMethod.Kind.SMOOTHGRAD;
        // A picture's sums live from its first copy to its last (copies run picture by picture): a batch of large
        // colour pictures would otherwise hold a double per value of every picture at once.
        double[][] sums = new double[count][];
        float[][] maps = new float[count][];
        long copies = (long) count * samples;
        Random noise = null;
        double sigma = 0;
        for (long from = 0; from < copies; from += maxBatch) {
            // Up to 10 000 copies per picture, runs of a batch each: an interrupt is honoured between them.
            ExplanationStoppedException.ifInterrupted(smooth ? "SmoothGrad" : "Integrated Gradients");
            int n = (int) Math.min(maxBatch, copies - from);
            float[] fed = new float[n * plane];
            int[] wanted = new int[n];
            for (int j = 0; j < n; j++) {
                long copy = from + j;
                int picture = (int) (copy / samples);
                int s = (int) (copy % samples);
                wanted[j] = classes[picture];
                int offset = picture * plane;
                if (s == 0) {
                    sums[picture] = new double[plane];
                }
                if (smooth) {
                    if (s == 0) {
                        // Every picture's copies draw the same noise: its map does not depend on its batch.
                        noise = new Random(method.seed());
                        sigma = method.noise() * range(batch, offset, plane);
                    }
                    for (int p = 0; p < plane; p++) {
                        float v = (float) (batch[offset + p] + sigma * noise.nextGaussian());
                        if (!Float.isFinite(v)) {
                            // An infinite input makes every gradient NaN or 0: a map of nothing, drawn as if it meant
                            // something (a noise of 1e39 drew a hot corner with exit 0).
                            String name = PictureName.inWords(pictures == null ? "#" + picture
                                    : pictures.get(picture));
                            throw new InvalidInputException(Float32Range.beyond("SmoothGrad's noise " + method.noise()
                                    + " of " + name
                                    + "'s value range (a deviation of " + sigma + ")", "its noisy copies", "noise"));
                        }
                        fed[j * plane + p] = v;
                    }
                } else {
                    // tf-explain's path: baseline + (x - baseline) * i / (n - 1), the baseline black (0).
                    for (int p = 0; p < plane; p++) {
                        fed[j * plane + p] = (float) ((double) batch[offset + p] * s / (samples - 1));
                    }
                }
            }
            List<String> names = pictures == null ? null : new ArrayList<>(n);
            if (names != null) {
                for (int j = 0; j < n; j++) {
                    names.add(pictures.get((int) ((from + j) / samples)));
                }
            }
            float[] g = gradientOf(gradients, fed, n, height, width, channels, wanted, names);
            for (int j = 0; j < n; j++) {
                int picture = (int) ((from + j) / samples);
                double[] sum = sums[picture];
                for (int p = 0; p < plane; p++) {
                    float v = g[j * plane + p];
                    // SmoothGrad averages each copy's absolute gradient (tf-keras-vis's modifier comes before the
                    // mean); Integrated Gradients averages the signed gradients, multiplied by the input after.
                    sum[p] += smooth ? Math.abs(v) : v;
                }
                if ((from + j) % samples == samples - 1) {
                    maps[picture] = smooth ? PixelMaps.smoothGrad(sum, samples, height * width, channels)
                            : PixelMaps.integratedGradients(sum, samples, batch, picture * plane, height * width,
                                    channels);
                    sums[picture] = null;
                }
            }
        }
        return maps;
    }

    /** @return the largest fed value less the smallest, over the picture's pixels and channels */
    static double range(float[] batch, int offset, int plane) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int p = offset; p < offset + plane; p++) {
            min = Math.min(min, batch[p]);
            max = Math.max(max, batch[p]);
        }
        return (double) max - min;
    }

    /** @return d(logit of each copy's class) / d(input), [n, height, width, channels], one run */
    private float[] gradientOf(InputGradients gradients, float[] fed, int n, int height, int width, int channels,
            int[] classes, List<String> pictures) throws CamException {
        try (TFloat32 input = TensorData.floats(Shape.of(n, height, width, channels), fed);
                TFloat32 weights = GradientBatch.classWeights(classes, n, model);
                Result r = model.session().runner().feed(model.tensors().input(), input)
                        .feed(gradients.classWeights(), weights).fetch(gradients.gradient()).run()) {
            float[] g = TensorData.toArray(r.get(0));
            if (g.length != fed.length) {
                throw new CamException("model " + model.source() + ": the gradient by input '" + model.tensors().input()
                        + "' has " + g.length + " values for " + fed.length + " fed");
            }
            return g;
        } catch (RuntimeException e) {
            throw failure(e, n, height, width, pictures);
        }
    }

    /** @return a model failure naming the pictures ({@link ModelFailure}); cam4j's own faults are thrown as they are */
    private CamException failure(RuntimeException e, int count, int height, int width, List<String> pictures) {
        return ModelFailure.of(model, e, count, height, width, height, width, pictures, false);
    }
}
