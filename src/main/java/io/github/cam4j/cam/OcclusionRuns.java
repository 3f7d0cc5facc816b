package io.github.cam4j.cam;

import io.github.cam4j.model.TensorData;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.TensorNames;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * {@link Occlusion}'s model runs: each picture of a batch copied once per tile with the tile painted grey, the copies
 * of all the batch's pictures fed together in runs of at most {@link #VALUES_PER_RUN} input values, and each explained
 * class's {@code 1 - p} kept per tile.
 */
final class OcclusionRuns {
    /**
     * The most input values one run feeds (4 MB of floats). The model's activations are larger (the pooled MNIST
     * model's first convolution holds 32 values per input value: 128 MB at this size); a 28x28 picture's 49 copies take
     * 38 416 values, so 26 pictures' copies go in one run, and an 84x84 canvas's 441 copies of 7 056 values two runs.
     */
    static final long VALUES_PER_RUN = 1_000_000L;

    private OcclusionRuns() {}

    /**
     * @param model the model
     * @param occlusion the tiles and their grey
     * @param rows reads a run's rows as the model's classes
     * @param pictures the fed batch, NHWC in the model's input scale
     * @param count pictures in the batch
     * @param height their rows
     * @param width their columns
     * @param explained per picture, the classes whose maps to make
     * @param names the pictures' names for errors, or null to name them by their place in the batch
     * @return per picture and explained class (in {@code explained}'s order), {@code 1 - p} per tile, row-major over
     *     {@code tilesAlong(height) x tilesAlong(width)} tiles
     * @throws CamException when a probability on an occluded copy is not a number, naming the picture and the tile
     */
    static float[][][] maps(CamModel model, Occlusion occlusion, ImageRows rows, float[] pictures, int count,
            int height, int width, int[][] explained, List<String> names) throws CamException {
        int channels = model.input().channels();
        int plane = height * width * channels;
        int tilesHigh = occlusion.tilesAlong(height);
        int tilesWide = occlusion.tilesAlong(width);
        int tiles = tilesHigh * tilesWide;
        float[][][] out = new float[count][][];
        for (int i = 0; i < count; i++) {
            out[i] = new float[explained[i].length][tiles];
        }
        // The grey as the model's input holds it: one pixel brought there as every pixel of a picture is.
        float[] grey = new float[channels];
        Arrays.fill(grey, occlusion.fill());
        model.input().toModelInput(grey);
        long total = (long) count * tiles;
        int perRun = (int) Math.max(1, Math.min(total, VALUES_PER_RUN / plane));
        TensorNames tensors = model.tensors();
        for (long from = 0; from < total; from += perRun) {
            // A large picture's tiles are many runs: an interrupt is honoured between them.
            ExplanationStoppedException.ifInterrupted("occlusion");
            int n = (int) Math.min(perRun, total - from);
            float[] copies = new float[Math.multiplyExact(n, plane)];
            for (int j = 0; j < n; j++) {
                int picture = (int) ((from + j) / tiles);
                int tile = (int) ((from + j) % tiles);
                System.arraycopy(pictures, picture * plane, copies, j * plane, plane);
                paint(copies, j * plane, height, width, channels, occlusion.patch(), tile / tilesWide,
                        tile % tilesWide, grey);
            }
            float[] logits;
            float[] probabilities = null;
            try (TFloat32 input = TensorData.floats(Shape.of(n, height, width, channels), copies)) {
                var runner = model.session().runner().feed(tensors.input(), input).fetch(tensors.logits());
                if (tensors.probabilities() != null) {
                    runner.fetch(tensors.probabilities());
                }
                try (Result r = runner.run()) {
                    logits = TensorData.toArray(r.get(0));
                    if (tensors.probabilities() != null) {
                        probabilities = TensorData.toArray(r.get(1));
                    }
                }
            }
            for (int j = 0; j < n; j++) {
                int picture = (int) ((from + j) / tiles);
                int tile = (int) ((from + j) % tiles);
                float[] p = rows.rowProbabilities(rows.rowLogits(logits, j, null), probabilities, j);
                for (int c = 0; c < explained[picture].length; c++) {
                    float v = p[explained[picture][c]];
                    if (Float.isNaN(v)) {
                        throw new CamException("model " + model.source() + " gave probability NaN for class "
                                + explained[picture][c] + " on " + (names == null ? "picture " + picture
                                        : "image " + names.get(picture)) + " with its tile at row " + tile / tilesWide
                                + ", column " + tile % tilesWide + " occluded (pixels from "
                                + (tile / tilesWide) * occlusion.patch() + ", " + (tile % tilesWide) * occlusion.patch()
                                + " of its input)");
                    }
                    out[picture][c][tile] = 1f - v;
                }
            }
        }
        return out;
    }

    /**
     * Paints tile {@code (tileRow, tileColumn)} of one picture with the grey, tf-explain's {@code apply_grey_patch}:
     * rows {@code tileRow * patch} up to {@code patch} more, cut at the picture's edge, likewise the columns.
     */
    static void paint(float[] values, int offset, int height, int width, int channels, int patch, int tileRow,
            int tileColumn, float[] grey) {
        int top = tileRow * patch;
        int left = tileColumn * patch;
        int bottom = Math.min(height, top + patch);
        int right = Math.min(width, left + patch);
        for (int y = top; y < bottom; y++) {
            for (int x = left; x < right; x++) {
                System.arraycopy(grey, 0, values, offset + (y * width + x) * channels, channels);
            }
        }
    }
}
