package io.github.cam4j.cam;

import io.github.cam4j.model.TensorData;
import io.github.cam4j.savedmodel.CamModel;
import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * One batch of prepared pictures of one size through the model, keeping what {@link FeatureFactorization} needs of
 * each: a copy of its features, its probabilities. Every picture is fed whole (a factorisation spans all cells of all
 * pictures, so no crop applies), as Eigen-CAM feeds them.
 */
final class FeatureRun {
    private FeatureRun() {}

    /**
     * One picture's run.
     *
     * @param features {@code cellsHigh * cellsWide * channels} values, cell by cell
     * @param cellsHigh the feature grid's rows
     * @param cellsWide its columns
     * @param probabilities per class, as {@link ImageRows#rowProbabilities} reads them
     */
    record PictureFeatures(float[] features, int cellsHigh, int cellsWide, float[] probabilities) {}

    /**
     * One picture's run with where it was fed: what places its maps on it.
     *
     * @param run its features and probabilities
     * @param height the model input's rows it was fed at
     * @param width the input's columns
     * @param outputSize the picture's {@code {rows, columns}}
     * @param frame where the picture went on the input when framed as a digit; null otherwise
     */
    record Fed(PictureFeatures run, int height, int width, int[] outputSize, InputFrame frame) {}

    /**
     * @param batch {@code count} pictures of {@code height x width}, the model's input, row-major
     * @param pictures their names, for errors
     * @param keepsInputSize whether the pictures were fed at their own size, which a size failure's remedy then names
     * @return one entry per picture, in order
     * @throws CamException when the model fails ({@link ModelFailure}: a {@link FedSizeException} when it failed at
     *     another size than the one it was made for), or gives features that are not finite or no cells
     */
    static PictureFeatures[] run(CamModel model, float[] batch, int count, int height, int width, List<String> pictures,
            boolean keepsInputSize) throws CamException {
        int channels = model.input().channels();
        RunChecks checks = new RunChecks(model);
        var grid = model.featureGrid();
        if (grid.isPresent() && (height < grid.get().strideY() || width < grid.get().strideX())) {
            throw checks.noCells(height, width, "one cell of its last convolution spans " + (int) grid.get().strideY()
                    + "x" + (int) grid.get().strideX() + " pixels", pictures);
        }
        var names = model.tensors();
        ImageRows rows = new ImageRows(model);
        try (TFloat32 input = TensorData.floats(Shape.of(count, height, width, channels), batch)) {
            var runner = model.session().runner().feed(names.input(), input).fetch(names.features())
                    .fetch(names.logits());
            boolean fetchProbabilities = names.probabilities() != null;
            if (fetchProbabilities) {
                runner.fetch(names.probabilities());
            }
            try (Result result = runner.run()) {
                FeatureBatch features = FeatureBatch.of(result.get(0), names.features(), model.channels());
                if (features.height() == 0 || features.width() == 0) {
                    throw checks.noCells(height, width, "its features '" + names.features() + "' come out "
                            + features.height() + "x" + features.width(), pictures);
                }
                float[] logits = TensorData.toArray(result.get(1));
                float[] probabilities = fetchProbabilities ? TensorData.toArray(result.get(2)) : null;
                checks.checkRows(logits, count, height, width, "logits");
                if (probabilities != null) {
                    checks.checkRows(probabilities, count, height, width, "probabilities");
                }
                int perImage = features.height() * features.width() * model.channels();
                PictureFeatures[] out = new PictureFeatures[count];
                for (int i = 0; i < count; i++) {
                    float[] own = java.util.Arrays.copyOf(features.image(i), perImage);
                    for (int v = 0; v < perImage; v++) {
                        if (!Float.isFinite(own[v])) {
                            // NMF takes finite values; pytorch-grad-cam sets NaN to 0, which would factorise a
                            // broken run as if it were a picture.
                            throw new InvalidInputException("model " + model.source() + " gave feature " + own[v]
                                    + " on " + (pictures == null ? "picture #" + i : pictures.get(i)) + " (cell "
                                    + v / model.channels() + ", channel " + v % model.channels() + ")");
                        }
                    }
                    out[i] = new PictureFeatures(own, features.height(), features.width(),
                            rows.rowProbabilities(rows.rowLogits(logits, i, null), probabilities, i));
                }
                return out;
            }
        } catch (RuntimeException e) {
            // In the words every other run of pictures uses: a model made for one size, fed another (a Flatten's
            // reshape), failed here as a plain CamException, where explain's runs say it as a FedSizeException.
            throw ModelFailure.of(model, e, count, height, width, height, width, pictures, keepsInputSize);
        }
    }
}
