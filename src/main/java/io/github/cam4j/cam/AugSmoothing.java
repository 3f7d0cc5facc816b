package io.github.cam4j.cam;

import io.github.cam4j.render.Box;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.Resize;
import io.github.cam4j.savedmodel.CamModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Test-time augmentation smoothing, pytorch-grad-cam's {@code aug_smooth=True} ({@code BaseCAM
 * .forward_augmentation_smoothing}): each picture is explained as fed and in five variants, the six of ttach's
 * {@code Compose([HorizontalFlip(), Multiply(factors=[0.9, 1, 1.1])])} (mirrored or not, times each factor); each
 * variant's map is scaled, mirrored back when its picture was, and the six are averaged. Maps of one picture then
 * agree more with its object and less with any one view's artefacts.
 *
 * <p>Where cam4j deliberately differs from pytorch-grad-cam:
 * <ul>
 *   <li>Every variant is explained for the same class: the class the picture as fed is explained for (its predicted
 *       class, each of its top k, or the class given). pytorch-grad-cam, given no target, lets each variant pick its
 *       own predicted class, so a mirrored digit read as another digit would average maps of different classes.</li>
 *   <li>The variants are transformed on the model's input as cam4j prepared it (framed, resized, scaled and
 *       standardised: the tensor fed, as ttach transforms the tensor given to the model), and their maps are mirrored
 *       back on that input's pixels, where the mirror is exact, then carried onto the picture as any map is. Mirrored
 *       at feature resolution instead, a map would be half a cell off on the bundled pooled model, whose 5x5 cells
 *       span input columns 4.5 to 20.5 of 28, not a span centred on the input.</li>
 *   <li>Each variant's map is scaled as pytorch-grad-cam scales it, ReLU then min-max ({@code scale_cam_image}):
 *       {@code max(v - m, 0) / (max - m)} with {@code m = max(min, 0)}, at the cells, then placed on the input's
 *       pixels and scaled so once more, as pytorch-grad-cam's {@code forward} scales the mean of its layers' upsampled
 *       maps ({@link #variantOnInput}); a flat map ({@link CamResult#hasEvidence()} false) or one with no positive cell counts
 *       as zeros, as there. So CAM's negative evidence, which cam4j's plain CAM keeps, is dropped: the smoothed CAM of
 *       a model ending in global average pooling and a dense layer is its smoothed Grad-CAM (whose maps are CAM's
 *       positive part), and on evaluate's canvases keeping it boxed the digits worse (docs/inputs-and-methods.md). The
 *       averaged map, in [0, 1], is then min-max normalised for display as any map ({@link CamResult#map()}), where
 *       pytorch-grad-cam returns the mean as it is.</li>
 *   <li>A picture's probabilities and prediction are its own run's, exactly as without smoothing; the variants only
 *       make maps.</li>
 * </ul>
 *
 * <p>Multiply matters only where the maps are not positively homogeneous in the picture: the bundled MNIST models have
 * no biases, so a picture's values times 1.1 give CAM, Grad-CAM, Eigen-CAM and Ablation-CAM maps times 1.1, the same once
 * scaled, and there the mirror is what smooths (Grad-CAM++'s weights, squares and cubes of the gradient against the
 * activations' sums, and Score-CAM's softmax over its channels' scores are not homogeneous). For imported Keras models
 * (biases, batch normalisation) both do.
 *
 * <p>Cost: the pictures' own run as usual, then their five variants per explained class, batched together in runs of at
 * most the session's maximum batch: six times the pictures fed (per class of a top-k target, five more).
 */
final class AugSmoothing {
    /** ttach's {@code Multiply} factors in pytorch-grad-cam's {@code forward_augmentation_smoothing}. */
    static final float[] FACTORS = {0.9f, 1f, 1.1f};
    /** Variants per picture, the picture as fed among them: not mirrored and mirrored, times each factor. */
    static final int VARIANTS = 2 * FACTORS.length;
    /** The variants beside the picture as fed, in ttach's order: {@code {mirrored ? 1 : 0, factor index}}. */
    private static final int[][] OTHERS = others();

    /** A batch's model run and its explanations ({@link BatchRun#run}); a seam through which a test counts the runs. */
    @FunctionalInterface
    interface Runs {
        /**
         * @return one explanation per picture, maps placed on pictures of {@code outputSizes} ({@link BatchRun#run})
         * @throws CamException as {@link BatchRun#run}
         */
        List<ImageExplanation> run(float[] batch, int count, int height, int width, Target target, int[][] outputSizes,
                InputFrame[] frames, List<String> pictures) throws CamException;
    }

    private final CamModel model;
    private final int maxBatch;

    /**
     * @param model the model explained
     * @param maxBatch the most pictures one run takes ({@link CamSession.Builder#optMaxBatch})
     */
    AugSmoothing(CamModel model, int maxBatch) {
        this.model = model;
        this.maxBatch = maxBatch;
    }

    /**
     * @param model a model
     * @param height the rows of an input it is fed
     * @param width its columns
     * @return why a mirrored input would show that model other pixels: it crops a part of its input not centred across
     *     its width ({@link SeenPart}); empty when mirroring is exact
     */
    static Optional<String> mirrorProblem(CamModel model, int height, int width) {
        Optional<SeenPart> seen = SeenPart.seenBy(model, height, width);
        // The part's edges, in pixel-centre coordinates, mirror to width - 1 - x: centred when they sum to width - 1.
        if (seen.isEmpty() || Math.abs(seen.get().left() + seen.get().right() - (width - 1)) < 1e-6) {
            return Optional.empty();
        }
        return Optional.of("aug smoothing explains each picture mirrored too, and model " + model.source() + " crops its "
                + height + "x" + width + " input to columns " + seen.get().left() + " to " + seen.get().right()
                + ", a part not centred across it: mirrored, a picture would show it other pixels; explain without aug"
                + " smoothing");
    }

    /**
     * Explains a batch as {@link BatchRun#run} does, each map the mean of its six variants' maps.
     *
     * @param batch the pictures as prepared for the model, {@code count x height x width x channels}
     * @param runs runs a batch through the model; the pictures' own run first, then their variants' in runs of at most
     *     the maximum batch
     * @return one explanation per picture: its own run's prediction, probabilities and logits, and the averaged maps,
     *     placed on pictures of {@code outputSizes} (through {@code frames} where framed)
     */
    List<ImageExplanation> explain(float[] batch, int count, int height, int width, Target target, int[][] outputSizes,
            InputFrame[] frames, List<String> pictures, Runs runs) throws CamException {
        Optional<String> problem = mirrorProblem(model, height, width);
        if (problem.isPresent()) {
            throw new InvalidInputException(problem.get());
        }
        // Every run places its maps on the model's input, where the variants are mirrored back and averaged.
        int[][] onInput = new int[count][];
        Arrays.fill(onInput, new int[] {height, width});
        List<ImageExplanation> plain = runs.run(batch, count, height, width, target, onInput, new InputFrame[count],
                pictures);
        int ranks = plain.get(0).maps().size();
        float[][][] sums = new float[count][ranks][height * width];
        for (int i = 0; i < count; i++) {
            for (int r = 0; r < ranks; r++) {
                add(sums[i][r], plain.get(i).maps().get(r), false, height, width);
            }
        }
        int plane = batch.length / count;
        int channels = plane / (height * width);
        int variants = count * OTHERS.length;
        for (int r = 0; r < ranks; r++) {
            // The class each picture's rank-r map explains, for all its variants: never a variant's own prediction.
            int[] classes = new int[count];
            for (int i = 0; i < count; i++) {
                classes[i] = plain.get(i).maps().get(r).classIndex();
            }
            for (int from = 0; from < variants; from += maxBatch) {
                // Five variants per class explained, a top 10 fifty runs of the method (some 110 s for a 2000x2000
                // picture fed at its size under Grad-CAM): an interrupt is honoured before each run.
                ExplanationStoppedException.ifInterrupted("aug smoothing");
                int n = Math.min(maxBatch, variants - from);
                float[] fed = new float[n * plane];
                int[] wanted = new int[n];
                List<String> names = pictures == null ? null : new ArrayList<>(n);
                for (int j = 0; j < n; j++) {
                    int picture = (from + j) / OTHERS.length;
                    int[] variant = OTHERS[(from + j) % OTHERS.length];
                    transform(batch, picture * plane, fed, j * plane, height, width, channels, variant[0] == 1,
                            FACTORS[variant[1]]);
                    wanted[j] = classes[picture];
                    if (names != null) {
                        names.add(pictures.get(picture));
                    }
                }
                int[][] sizes = new int[n][];
                Arrays.fill(sizes, new int[] {height, width});
                List<ImageExplanation> out = runs.run(fed, n, height, width, Target.perImage(wanted), sizes,
                        new InputFrame[n], names);
                for (int j = 0; j < n; j++) {
                    int picture = (from + j) / OTHERS.length;
                    add(sums[picture][r], out.get(j).maps().get(0), OTHERS[(from + j) % OTHERS.length][0] == 1, height,
                            width);
                }
            }
        }
        List<ImageExplanation> smoothed = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            FloatMap[] means = new FloatMap[ranks];
            for (int r = 0; r < ranks; r++) {
                float[] s = sums[i][r];
                for (int p = 0; p < s.length; p++) {
                    s[p] /= VARIANTS;
                }
                means[r] = new FloatMap(height, width, s);
            }
            smoothed.add(ImageExplainer.fromInputPixels(model, plain.get(i), means, height, width, outputSizes[i],
                    frames[i]));
        }
        return smoothed;
    }

    /**
     * @param raw a variant's raw map
     * @return pytorch-grad-cam's {@code scale_cam_image(np.maximum(cam, 0))}: {@code max(v - m, 0) / (max - m)},
     *     {@code m = max(min, 0)}; all zeros when it is flat or has no positive cell
     */
    static FloatMap scaled(FloatMap raw) {
        float max = raw.max();
        float[] out = new float[raw.values().length];
        if (!CamResult.holdsEvidence(raw) || !(max > 0)) {
            return new FloatMap(raw.height(), raw.width(), out);
        }
        float low = Math.max(raw.min(), 0f);
        float span = max - low;
        float[] v = raw.values();
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.max(v[i] - low, 0f) / span;
        }
        return new FloatMap(raw.height(), raw.width(), out);
    }

    /**
     * Adds a variant's scaled map, on the model input's pixels and mirrored back when its picture was mirrored, to a
     * picture's sum. The variant was run with its maps placed on the input ({@code r.placement()} is the input's).
     */
    private static void add(float[] sum, CamResult r, boolean mirrored, int height, int width) {
        float[] v = variantOnInput(r, height, width).values();
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                sum[row + x] += v[row + (mirrored ? width - 1 - x : x)];
            }
        }
    }

    /**
     * @param r a variant's map, of a run whose maps were placed on the model's input
     * @return the map pytorch-grad-cam's {@code forward} returns for the variant: {@link #scaledOnInput}, then scaled
     *     again on the input's pixels, as its {@code aggregate_multi_layers} scales the mean of its layers' resized maps
     *     (of one layer here; a fused map, already scaled there, is unchanged). Placed between its cells, a map scaled
     *     there spans less than [0, 1] on the pixels (the bundled pooled model's 7x7 cells fall on no pixel's centre:
     *     without this second scaling, its Grad-CAM means were 0.108 off pytorch-grad-cam's, PytorchGradCamParityTest)
     */
    static FloatMap variantOnInput(CamResult r, int height, int width) {
        return scaled(scaledOnInput(r, height, width));
    }

    /**
     * @param r a map of a run whose maps were placed on the model's input ({@code r.placement()} is the input's)
     * @param height the input's rows
     * @param width its columns
     * @return its raw map {@link #scaled} at its cells, then placed on the input's pixels as its cells lie there,
     *     holding nothing outside the part a cropping model saw
     */
    static FloatMap scaledOnInput(CamResult r, int height, int width) {
        return placedOnInput(scaled(r.rawMap()), r, height, width);
    }

    /**
     * @param scaled a map at {@code r}'s cells, scaled to [0, 1]
     * @param r the run's map whose cells it lies on ({@code r.placement()} is the input's)
     * @param height the input's rows
     * @param width its columns
     * @return {@code scaled} placed on the input's pixels as {@code r}'s cells lie there, holding nothing outside the
     *     part a cropping model saw
     */
    static FloatMap placedOnInput(FloatMap scaled, CamResult r, int height, int width) {
        FloatMap placed = Resize.placed(scaled, height, width, r.placement());
        Optional<Box> seen = r.seenRegion();
        if (seen.isPresent()) {
            // A model that crops its input saw nothing outside the part.
            SeenPart.fillOutside(placed, seen.get(), SeenPart.none(scaled));
        }
        return placed;
    }

    /** Writes one picture's variant: mirrored left to right when asked, every value times {@code factor}. */
    static void transform(float[] from, int fromOffset, float[] to, int toOffset, int height, int width, int channels,
            boolean mirrored, float factor) {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int source = fromOffset + (y * width + (mirrored ? width - 1 - x : x)) * channels;
                int target = toOffset + (y * width + x) * channels;
                for (int c = 0; c < channels; c++) {
                    to[target + c] = from[source + c] * factor;
                }
            }
        }
    }

    private static int[][] others() {
        List<int[]> others = new ArrayList<>();
        for (int mirrored = 0; mirrored < 2; mirrored++) {
            for (int f = 0; f < FACTORS.length; f++) {
                if (mirrored == 1 || FACTORS[f] != 1f) {
                    others.add(new int[] {mirrored, f});
                }
            }
        }
        return others.toArray(new int[0][]);
    }
}
