package io.github.cam4j.cam;

import io.github.cam4j.render.Box;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.Placement;
import io.github.cam4j.render.Resize;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.InputCrop;
import java.util.List;

/**
 * One image's explanation from a run's features and logits: its probabilities, the target classes' maps at feature
 * resolution (CAM's, Score-CAM's, Eigen-CAM's, Ablation-CAM's, or a gradient method's made already), and where they lie on the
 * picture: a framed digit's carried back to where it was, no evidence outside the part a cropping model saw.
 */
final class ImageExplainer {
    private final CamModel model;
    /** Eigen-CAM, FEM, KPCA-CAM or RandomCAM: one map for every class, from the features alone; null for none. */
    private final FeatureMethod featureMethod;
    /** Whether CAM's, Score-CAM's and Ablation-CAM's maps are {@link EigenSmooth}ed (gradient maps come made). */
    private final boolean eigenSmooth;
    private final ImageRows rows;
    /** Occlusion sensitivity's tiles, whose maps lie on the input's tiles, not on feature cells; null for the others. */
    private final Occlusion occlusion;

    ImageExplainer(CamModel model, FeatureMethod featureMethod, boolean eigenSmooth, ImageRows rows,
            Occlusion occlusion) {
        this.model = model;
        this.occlusion = occlusion;
        this.featureMethod = featureMethod;
        this.eigenSmooth = eigenSmooth;
        this.rows = rows;
    }

    /**
     * One image of a run: its probabilities, the target classes' maps at feature and at picture resolution. The
     * first target's picture map is made here, in the run's parallel pass; further top-k maps when first asked for.
     * Occlusion's maps ({@code tileMaps}, one per target class) lie on the input's tiles, and are placed from there.
     */
    ImageExplanation explainOne(FeatureBatch features, int i, float[] logits, float[] probabilities,
            Target target, int height, int width, int[] outputSize, InputFrame frame, BlankCrop crop,
            float[][] gradientMaps, ScoreCam.Scores scoreCamLogits, AblationCam.Scores ablatedLogits,
            float[][] tileMaps) {
        float[] rowLogits = rows.rowLogits(logits, i, crop);
        float[] rowProbabilities = rows.rowProbabilities(rowLogits, probabilities, i);
        int predicted = CamMath.argMax(rowProbabilities);
        int[] explained = TargetClasses.classesFor(target, i, predicted, rowProbabilities);
        // CAM weighs the channels by the classifier's kernel column, Score-CAM by its masked runs, Ablation-CAM by its
        // ablated runs, a feature method (Eigen-CAM, FEM, KPCA-CAM, RandomCAM) from the features alone (one map for every
        // class); the gradient methods'
        // maps are already made. CAM's maps are read from the features where they lie; the others, and a smoothed CAM,
        // work on a copy.
        float[] imageFeatures = featureMethod != null || scoreCamLogits != null || ablatedLogits != null
                || (eigenSmooth && gradientMaps == null) ? features.image(i) : null;
        int cellCount = features.height() * features.width();
        float[] featureCells = featureMethod == null ? null
                : featureMethod.map(imageFeatures, cellCount, model.channels(), eigenSmooth);
        int fh = tileMaps != null ? occlusion.tilesAlong(height) : crop == null ? features.height() : crop.wholeCellsHigh();
        int fw = tileMaps != null ? occlusion.tilesAlong(width) : crop == null ? features.width() : crop.wholeCellsWide();
        // A framed digit's cells are placed on the input, then carried back to where that part of the picture was.
        // Occlusion's tiles lie where the tiles were painted on the input, whatever the features.
        Placement tilesOnInput = tileMaps == null ? null : occlusion.onInput();
        Placement onInput = frame == null ? null : tilesOnInput != null ? tilesOnInput
                : placement(fh, fw, height, width, height, width);
        Placement placement = frame != null ? frame.onPicture(onInput)
                : tilesOnInput != null ? tilesOnInput.rescaled(height, width, outputSize[0], outputSize[1])
                : placement(fh, fw, height, width, outputSize[0], outputSize[1]);
        // A model that crops its input saw only part of it: the rest of the picture holds no evidence.
        SeenPart seenOnInput = SeenPart.seenBy(model, height, width).orElse(null);
        Box seenOnInputPixels = seenOnInput == null ? null : seenOnInput.pixels(height, width);
        Box seen = seenOnPicture(seenOnInput, height, width, outputSize, frame);
        CamResult[] maps = new CamResult[explained.length];
        for (int j = 0; j < explained.length; j++) {
            int c = explained[j];
            float[] cells = gradientMaps != null ? gradientMaps[j]
                    : tileMaps != null ? tileMaps[j]
                    : featureCells != null ? featureCells
                    : scoreCamLogits != null ? eigenSmooth ? ScoreCam.smoothedMap(imageFeatures, cellCount,
                            model.channels(), scoreCamLogits, c)
                            : ScoreCam.map(imageFeatures, cellCount, model.channels(), scoreCamLogits, c)
                    : ablatedLogits != null ? AblationCam.map(imageFeatures, cellCount, ablatedLogits, c, eigenSmooth)
                    : eigenSmooth ? EigenSmooth.channelWeighted(imageFeatures, cellCount, model.channels(),
                            model.classColumn(c))
                    : features.classMap(i, model.classColumn(c));
            FloatMap raw = new FloatMap(fh, fw, crop == null || tileMaps != null ? cells : crop.embed(cells));
            maps[j] = CamResult.deferred(c, model.labels().get(c), rowProbabilities[c], rowLogits[c], raw, placement,
                    outputSize[0], outputSize[1], seen, () -> frame == null
                            ? withinSeen(Resize.placed(raw, outputSize[0], outputSize[1], placement), seen, raw)
                            : withinSeen(framedMap(raw, onInput, height, width, frame, outputSize, seenOnInputPixels),
                                    seen, raw));
        }
        maps[0].map();
        return new ImageExplanation(predicted, rowProbabilities, rowLogits, List.of(maps),
                frame == null ? null : frame.region(height, width, outputSize[0], outputSize[1]));
    }

    /**
     * A map made from a run's features elsewhere ({@link FeatureFactorization}'s concepts) placed on its picture as
     * {@link #explainOne} places a class's: cells where the graph puts them, a framed digit's carried back to where it
     * was, nothing outside the part a cropping model saw.
     *
     * @param raw the map's cells, the picture's whole feature grid
     * @param height the model input's rows the picture was fed at
     * @param width the input's columns
     * @param outputSize the picture's {@code {rows, columns}}
     * @param frame where the picture went on the input when framed as a digit; null otherwise
     * @return the map at the picture's size, bilinear between the cells
     */
    FloatMap onPicture(FloatMap raw, int height, int width, int[] outputSize, InputFrame frame) {
        SeenPart seenOnInput = SeenPart.seenBy(model, height, width).orElse(null);
        Box seen = seenOnPicture(seenOnInput, height, width, outputSize, frame);
        if (frame == null) {
            Placement placement = placement(raw.height(), raw.width(), height, width, outputSize[0], outputSize[1]);
            return withinSeen(Resize.placed(raw, outputSize[0], outputSize[1], placement), seen, raw);
        }
        Placement onInput = placement(raw.height(), raw.width(), height, width, height, width);
        Box seenOnInputPixels = seenOnInput == null ? null : seenOnInput.pixels(height, width);
        return withinSeen(framedMap(raw, onInput, height, width, frame, outputSize, seenOnInputPixels), seen, raw);
    }

    /**
     * @param seenOnInput the part of the input a model that crops its input saw, or null
     * @return the picture's pixels the model read through that part: for a picture stretched to the input, those read
     *     through it (an enlarging resize reads one beyond its scaled edge); null when the model saw the whole input
     */
    private static Box seenOnPicture(SeenPart seenOnInput, int height, int width, int[] outputSize, InputFrame frame) {
        return seenOnInput == null ? null : frame == null
                ? seenOnInput.onResizedPicture(height, width, outputSize[0], outputSize[1])
                : seenOnInput.onPicture(frame).pixels(outputSize[0], outputSize[1]);
    }

    /**
     * One picture's explanation from maps made on its model input's pixels, one value per input pixel (the means of
     * {@link AugSmoothing}): the classes, probabilities and logits of its own run, each map placed on the picture as
     * {@link #explainOne} places cells (carried back where a framed digit was, no evidence outside the part a cropping
     * model saw).
     *
     * @param plain the picture's own run's explanation, its maps' classes in order
     * @param maps one per map of {@code plain}, {@code height x width}
     * @param height the model input's rows
     * @param width its columns
     * @param outputSize the picture's {@code {rows, columns}}
     * @param frame where the picture went on the input when framed as a digit; null otherwise
     */
    static ImageExplanation fromInputPixels(CamModel model, ImageExplanation plain, FloatMap[] maps, int height,
            int width, int[] outputSize, InputFrame frame) {
        int[] classes = plain.maps().stream().mapToInt(CamResult::classIndex).toArray();
        return fromInputPixels(model, plain.predicted(), plain.probabilities(), plain.logits(), classes, maps, height,
                width, outputSize, frame);
    }

    /**
     * {@link #fromInputPixels(CamModel, ImageExplanation, FloatMap[], int, int, int[], InputFrame)} from a run's rows:
     * the picture's prediction, probabilities and logits per class, and the classes its maps explain, in order.
     */
    static ImageExplanation fromInputPixels(CamModel model, int predicted, float[] probabilities, float[] logits,
            int[] classes, FloatMap[] maps, int height, int width, int[] outputSize, InputFrame frame) {
        Placement onInput = new Placement(1, 1, 0, 0);
        Placement placement = frame == null ? onInput.rescaled(height, width, outputSize[0], outputSize[1])
                : frame.onPicture(onInput);
        SeenPart seenOnInput = SeenPart.seenBy(model, height, width).orElse(null);
        Box seenOnInputPixels = seenOnInput == null ? null : seenOnInput.pixels(height, width);
        Box seen = seenOnPicture(seenOnInput, height, width, outputSize, frame);
        CamResult[] results = new CamResult[maps.length];
        for (int j = 0; j < maps.length; j++) {
            int c = classes[j];
            FloatMap raw = maps[j];
            results[j] = CamResult.deferred(c, model.labels().get(c), probabilities[c], logits[c], raw,
                    placement, outputSize[0], outputSize[1], seen, () -> frame == null
                            ? withinSeen(Resize.placed(raw, outputSize[0], outputSize[1], placement), seen, raw)
                            : withinSeen(framedMap(raw, onInput, height, width, frame, outputSize, seenOnInputPixels),
                                    seen, raw));
        }
        results[0].map();
        return new ImageExplanation(predicted, probabilities, logits, List.of(results),
                frame == null ? null : frame.region(height, width, outputSize[0], outputSize[1]));
    }

    /**
     * A framed digit's map on its picture: first on the model's input, as for any picture, then carried to where the
     * digit was. The picture outside the framed part was never shown to the model, so there the map holds no evidence:
     * 0 (or the map's value nearest 0, so normalisation and the box's cut still see the raw map's range). For a model
     * that crops its input the caller cuts the part seen again on the picture: emptied on the input only, the map is
     * interpolated across the part's edge when carried onto a much larger picture (a 1000x700 photo: 1 161 pixels
     * outside the part seen had evidence).
     */
    private static FloatMap framedMap(FloatMap raw, Placement cellsOnInput, int height, int width, InputFrame frame,
            int[] outputSize, Box seenOnInput) {
        FloatMap onInput = withinSeen(Resize.placed(raw, height, width, cellsOnInput), seenOnInput, raw);
        float none = SeenPart.none(raw);
        return Resize.placedWithin(onInput, outputSize[0], outputSize[1], frame.onPicture(new Placement(1, 1, 0, 0)), none);
    }

    /**
     * @param placed a map at pixel resolution, made for this call
     * @param seen the pixels the model saw, or null when it saw the whole picture
     * @param raw the map's cells
     * @return {@code placed}, holding no evidence ({@link SeenPart#none}) outside what the model saw
     */
    private static FloatMap withinSeen(FloatMap placed, Box seen, FloatMap raw) {
        return seen == null ? placed : SeenPart.fillOutside(placed, seen, SeenPart.none(raw));
    }

    /**
     * Where the feature cells lie on the output picture: the graph's own geometry when known (valid convolutions
     * shift it; a crop or resize before them, {@link InputCrop}, scales and shifts it), carried from the model's input
     * size to the picture's; otherwise edge to edge.
     */
    Placement placement(int featureHeight, int featureWidth, int inputHeight, int inputWidth, int outHeight,
            int outWidth) {
        return model.cellsOn(inputHeight, inputWidth).map(InputCrop.View::cells)
                .map(g -> new Placement(g.strideY(), g.strideX(), g.offsetY(), g.offsetX())
                        .rescaled(inputHeight, inputWidth, outHeight, outWidth))
                .orElseGet(() -> Placement.stretch(featureHeight, featureWidth, outHeight, outWidth));
    }
}
