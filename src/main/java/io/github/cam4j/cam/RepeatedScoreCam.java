package io.github.cam4j.cam;

import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.Placement;
import io.github.cam4j.render.Resize;
import io.github.cam4j.savedmodel.CamModel;
import java.util.Random;

/**
 * SS-CAM's and IS-CAM's masked runs ({@link ScoreCamVariant}), as torch-cam's {@code SSCAM} and {@code ISCAM} make
 * them: {@link ScoreCam}'s masked pictures, each run once per round (noisy masks, or the masked picture scaled), and
 * the class's logits averaged over the rounds. torch-cam averages the logits less the unmasked picture's, then takes
 * the softmax over the channels; the softmax does not change when every channel's value moves by the same amount, so
 * the plain mean weighs the channels alike, and {@link ScoreCam#map} makes the map from it as from Score-CAM's logits.
 */
final class RepeatedScoreCam {
    private RepeatedScoreCam() {}

    /**
     * Runs the model on one picture masked by each of its feature channels, once per round of {@code variant}.
     * Parameters as {@link ScoreCam#maskedLogits}'s; the masks are torch-cam's ({@link #mask}), and a crop is fed as
     * there: a masked copy is zero wherever the picture is, noise or scale whatever.
     *
     * @param variant SS-CAM or IS-CAM
     * @return the explained classes' logits, each the mean over the rounds, channel by channel
     * @throws IllegalArgumentException when SS-CAM's noise puts a masked copy beyond float32's range
     * @throws ExplanationStoppedException when the thread is interrupted, before one of the runs
     */
    static ScoreCam.Scores maskedLogits(CamModel model, float[] pictures, int image, int height, int width,
            int inputChannels, float[] features, int cellsHigh, int cellsWide, Placement cellsOnPicture,
            int[] explained, BlankCrop crop, float[] blankLogits, ScoreCamVariant variant)
            throws ExplanationStoppedException {
        int channels = model.channels();
        int top = crop == null ? 0 : crop.top();
        int left = crop == null ? 0 : crop.left();
        int fedHeight = crop == null ? height : crop.height();
        int fedWidth = crop == null ? width : crop.width();
        int source = image * height * width * inputChannels;
        int fedRow = fedWidth * inputChannels;
        int fedPlane = fedHeight * fedRow;
        int perRun = (int) Math.max(1, Math.min(channels, ScoreCam.VALUES_PER_RUN / fedPlane));
        // One generator per picture: its noise, and so its map, do not depend on the pictures beside it.
        Random noise = variant.integrated() ? null : new Random(variant.seed());
        float[] channelCells = new float[cellsHigh * cellsWide];
        double[][] sums = new double[channels][explained.length];
        float[][] logits = new float[channels][explained.length];
        float[] noisy = variant.integrated() ? null : new float[height * width];
        for (int round = 0; round < variant.samples(); round++) {
            float coefficient = (float) variant.coefficient(round);
            for (int from = 0; from < channels; from += perRun) {
                // Up to 1000 rounds of a picture's channels: minutes for one picture, so an interrupt is honoured
                // before each run rather than between pictures (a Ctrl-C waited out the command line's 30 s).
                ExplanationStoppedException.ifInterrupted(variant.title());
                int n = Math.min(perRun, channels - from);
                float[] masked = new float[n * fedPlane];
                for (int j = 0; j < n; j++) {
                    // Made again each round rather than kept: K masks of a large picture would hold gigabytes, and
                    // each costs far less than its model run.
                    for (int p = 0; p < channelCells.length; p++) {
                        channelCells[p] = features[p * channels + from + j];
                    }
                    float[] mask = mask(channelCells, cellsHigh, cellsWide, height, width, cellsOnPicture);
                    if (noise != null) {
                        // torch-cam: activation + Normal(0, std).sample(activation.size()), over the whole picture.
                        for (int p = 0; p < noisy.length; p++) {
                            noisy[p] = mask[p] + (float) (noise.nextGaussian() * variant.std());
                        }
                        mask = noisy;
                    }
                    for (int y = 0; y < fedHeight; y++) {
                        int target = j * fedPlane + y * fedRow;
                        int pixel = (top + y) * width + left;
                        for (int x = 0; x < fedWidth; x++, pixel++) {
                            for (int c = 0; c < inputChannels; c++) {
                                // torch-cam's coeff * (masks * input), the product rounded to float first.
                                float product = pictures[source + pixel * inputChannels + c] * mask[pixel];
                                if (!Float.isFinite(product)) {
                                    // --sscam-std 1e308 drew a flat map said as "no evidence", exit 0.
                                    throw new IllegalArgumentException(Float32Range.beyond("SS-CAM's noise (std "
                                            + variant.std() + ")", "the picture's masked copies", "std"));
                                }
                                masked[target + x * inputChannels + c] = variant.integrated() ? coefficient * product
                                        : product;
                            }
                        }
                    }
                }
                ScoreCam.run(model, masked, n, fedHeight, fedWidth, inputChannels, crop, blankLogits, explained, logits,
                        from);
                for (int j = 0; j < n; j++) {
                    for (int c = 0; c < explained.length; c++) {
                        sums[from + j][c] += logits[from + j][c];
                    }
                }
            }
        }
        float[][] means = new float[channels][explained.length];
        for (int k = 0; k < channels; k++) {
            for (int c = 0; c < explained.length; c++) {
                means[k][c] = (float) (sums[k][c] / variant.samples());
            }
        }
        return new ScoreCam.Scores(explained.clone(), means);
    }

    /**
     * One channel's mask on the picture as torch-cam's {@code ScoreCAM._get_weights} makes it: the cells min-max
     * normalised, {@code (A - min) / (max - min + 1e-8)} in float (all 0 for a constant channel), then upsampled as cam4j
     * places cells. cam4j's Score-CAM normalises after upsampling instead, as pytorch-grad-cam does; the two differ
     * where upsampling does not reach a cell's extreme value.
     *
     * @param cells the channel's cells, row-major
     * @return {@code height * width} values in [0, 1]
     */
    static float[] mask(float[] cells, int cellsHigh, int cellsWide, int height, int width, Placement cellsOnPicture) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : cells) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float[] normalised = new float[cells.length];
        float range = (max - min) + 1e-8f;
        for (int p = 0; p < cells.length; p++) {
            normalised[p] = (cells[p] - min) / range;
        }
        return Resize.placed(new FloatMap(cellsHigh, cellsWide, normalised), height, width, cellsOnPicture).values();
    }
}
