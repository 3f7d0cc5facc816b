package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.model.Presets;
import io.github.cam4j.model.Sequential;
import io.github.cam4j.savedmodel.keras.ImportOptions;
import io.github.cam4j.savedmodel.keras.ImportedModel;
import io.github.cam4j.testing.SharedData;
import io.github.cam4j.testing.TinyModels;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;

class FeatureGridTest {
    @TempDir
    Path tmp;

    private static FeatureGrid gridOf(Path dir) throws Exception {
        try (SavedModelBundle b = SavedModelBundle.load(dir.toString(), "serve")) {
            Optional<FeatureGrid> grid = FeatureGrid.find(b.graph(), "images:0", "features:0");
            assertTrue(grid.isPresent(), "every op between images and features has a known geometry");
            return grid.get();
        }
    }

    @Test
    void pooledPresetHasStrideFourOffsetOneAndAHalf() throws Exception {
        // conv 3x3 same (no shift), pool 2 (centre +0.5, stride 2), conv same, pool 2 (+0.5 x 2), conv same:
        // cell i is centred on pixel 4i + 1.5, exactly where stretching a 7x7 map over 28x28 puts it.
        Sequential pooled = Presets.resolve("pooled");
        Path dir = tmp.resolve("pooled");
        TinyModels.export(pooled, 1, dir);
        assertEquals(new FeatureGrid(4, 4, 1.5, 1.5), gridOf(dir));
    }

    @Test
    void unpooledPresetIsOnePixelPerCell() throws Exception {
        Path dir = tmp.resolve("unpooled");
        TinyModels.export(Presets.resolve("unpooled"), 1, dir);
        assertEquals(new FeatureGrid(1, 1, 0, 0), gridOf(dir));
    }

    @Test
    void kerasConvHeadModelWithValidConvolutionsIsShifted() throws Exception {
        // README of the shared data: conv 3x3 valid -> pool 2 -> conv 3x3 valid -> pool 2 -> 1x1 head: cells at 4i + 4.5.
        try (ImportedModel m = ImportedModel.open(SharedData.kerasSavedModels().resolve("mnist-conv-head-gap"),
                ImportOptions.defaults())) {
            Optional<FeatureGrid> grid = FeatureGrid.find(m.graph(), m.inputTensor(), m.featuresTensor());
            assertEquals(Optional.of(new FeatureGrid(4, 4, 4.5, 4.5)), grid);
        }
    }

    /**
     * The unpooled preset with 'valid' convolutions at dilation 1, 2 and 4: each loses (k - 1) x d pixels, half on each
     * side, so cell 0 is centred on pixel 1 + 2 + 4 = 7, one cell a pixel. Read without the dilations, it would be 3.
     */
    @Test
    void dilatedValidConvolutionsShiftByTheirReach() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode config = json.readTree(Presets.json("unpooled"));
        int rate = 1;
        for (com.fasterxml.jackson.databind.JsonNode layer : config.get("config").get("layers")) {
            if (layer.get("class_name").asText().equals("Conv2D")) {
                com.fasterxml.jackson.databind.node.ObjectNode c = (com.fasterxml.jackson.databind.node.ObjectNode) layer.get("config");
                c.put("padding", "valid");
                c.putArray("dilation_rate").add(rate).add(rate);
                rate *= 2;
            }
        }
        Sequential dilated = Sequential.fromJson(json.writeValueAsString(config));
        assertEquals(dilated.toJson(), Sequential.fromJson(dilated.toJson()).toJson(), "the dilations round-trip");
        Path dir = tmp.resolve("dilated");
        TinyModels.export(dilated, 1, dir);
        assertEquals(new FeatureGrid(1, 1, 7, 7), gridOf(dir));
    }

    /**
     * Keras 3 on TensorFlow writes {@code Conv2D(3, dilation_rate=3, padding='valid')} on a 28x28 input as
     * SpaceToBatchND (rate 3, paddings [[0, 2], [0, 2]] to make 30 divide by 3), a 'valid' 3x3 convolution, and
     * BatchToSpaceND cropping the 2 back (seen in an export by TensorFlow 2.21). As one window that is a 7x7 kernel,
     * unpadded: cell 0 on pixel 3. Read op by op the chain had no geometry, and the map was stretched.
     */
    @Test
    void kerasDilatedConvolutionChainIsOneWindow() {
        try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
            org.tensorflow.op.Ops tf = org.tensorflow.op.Ops.create(g);
            var images = tf.withName("images").placeholder(org.tensorflow.types.TFloat32.class,
                    org.tensorflow.op.core.Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, 28, 28, 1)));
            var kernel = tf.constant(new float[3][3][1][4]);
            var rate = tf.constant(new int[] {3, 3});
            var edges = tf.constant(new int[][] {{0, 2}, {0, 2}});
            var blocks = tf.spaceToBatchNd(images, rate, edges);
            var conv = tf.nn.conv2d(blocks, kernel, java.util.List.of(1L, 1L, 1L, 1L), "VALID");
            var back = tf.batchToSpaceNd(tf.nn.biasAdd(conv, tf.constant(new float[4])), rate, edges);
            tf.withName("features").nn.relu(back);
            assertEquals(Optional.of(new FeatureGrid(1, 1, 3, 3)), FeatureGrid.find(g, "images:0", "features:0"));

            // Without its BatchToSpaceND the chain is not a dilated convolution: no geometry, as before.
            tf.withName("halfway").nn.relu(conv);
            assertEquals(Optional.empty(), FeatureGrid.find(g, "images:0", "halfway:0"));
        }
    }

    /**
     * images [-1, 8, 8, 1] -> conv 3x3 'valid' (4 channels; cell 0 on pixel 1) -> {@code between} -> relu -> features:
     * the grid found, or empty when {@code between} moves positions in a way it does not know.
     */
    private static Optional<FeatureGrid> gridThrough(java.util.function.BiFunction<org.tensorflow.op.Ops,
            org.tensorflow.Operand<org.tensorflow.types.TFloat32>, org.tensorflow.Operand<org.tensorflow.types.TFloat32>>
            between) {
        try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
            org.tensorflow.op.Ops tf = org.tensorflow.op.Ops.create(g);
            var images = tf.withName("images").placeholder(org.tensorflow.types.TFloat32.class,
                    org.tensorflow.op.core.Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, 8, 8, 1)));
            var conv = tf.nn.conv2d(images, tf.constant(new float[3][3][1][4]), java.util.List.of(1L, 1L, 1L, 1L), "VALID");
            tf.withName("features").nn.relu(between.apply(tf, conv));
            return FeatureGrid.find(g, "images:0", "features:0");
        }
    }

    private static final Optional<FeatureGrid> VALID_3X3 = Optional.of(new FeatureGrid(1, 1, 1, 1));

    /**
     * Grouped and inception-like blocks split and join channels, keeping every cell where it is; the same ops along
     * height or width move cells, and the grid is then unknown (the map is stretched) rather than wrong.
     */
    @Test
    void channelsSplitJoinedStackedOrReversedKeepTheGridAndSpatialAxesDoNot() {
        assertEquals(VALID_3X3, gridThrough((tf, x) -> tf.concat(tf.split(tf.constant(3), x, 2L), tf.constant(-1))),
                "split and concatenated along the channels");
        assertEquals(VALID_3X3, gridThrough((tf, x) -> tf.reverse(x, tf.constant(new int[] {3}))), "channels reversed");
        for (long axis : new long[] {3, -1}) {
            assertEquals(VALID_3X3, gridThrough((tf, x) -> tf.stack(java.util.List.of(channel(tf, x, 2), channel(tf, x, 0)),
                    org.tensorflow.op.core.Stack.axis(axis))), "two channels stacked again on axis " + axis);
        }
        assertEquals(Optional.empty(), gridThrough((tf, x) -> tf.concat(java.util.List.of(x, x), tf.constant(1))),
                "concatenated along height: the rows below the first copy are a second picture's");
        assertEquals(Optional.empty(), gridThrough((tf, x) -> tf.reverse(x, tf.constant(new int[] {2}))),
                "mirrored: column j is column 5 - j");
        assertEquals(Optional.empty(), gridThrough((tf, x) -> tf.stack(java.util.List.of(channel(tf, x, 2),
                channel(tf, x, 0)), org.tensorflow.op.core.Stack.axis(1L))), "stacked on axis 1: [N, 2, 6, 6]");
    }

    /** {@code x[..., c]}: an ellipsis, then the channel, shrunk. */
    private static org.tensorflow.Operand<org.tensorflow.types.TFloat32> channel(org.tensorflow.op.Ops tf,
            org.tensorflow.Operand<org.tensorflow.types.TFloat32> x, int c) {
        return tf.stridedSlice(x, org.tensorflow.ndarray.index.Indices.ellipsis(), org.tensorflow.ndarray.index.Indices.at(c));
    }

    /**
     * A StridedSlice that takes channels only keeps the grid (as four specs: batch, rows and columns taken whole by
     * their begin and end masks, stride 1); one that crops or strides rows or columns, or shrinks one, does not.
     */
    @Test
    void aSliceOfChannelsKeepsTheGridAndASpatialSliceDoesNot() {
        assertEquals(VALID_3X3, gridThrough((tf, x) -> slice(tf, x, new int[] {0, 0, 0, 1}, new int[] {0, 0, 0, 3},
                new int[] {1, 1, 1, 1}, 7, 7, 0)), "x[:, :, :, 1:3]");
        assertEquals(VALID_3X3, gridThrough((tf, x) -> slice(tf, x, new int[] {0, 0, 0, 1},
                new int[] {0, 0, 0, 2}, new int[] {1, 1, 1, 1}, 7, 7, 8)), "x[:, :, :, 1], [N, 6, 6]");
        assertEquals(Optional.empty(), gridThrough((tf, x) -> slice(tf, x, new int[] {0, 1, 0, 0},
                new int[] {0, 0, 0, 0}, new int[] {1, 1, 1, 1}, 13, 15, 0)), "x[:, 1:, :, :]: rows cropped");
        assertEquals(Optional.empty(), gridThrough((tf, x) -> slice(tf, x, new int[] {0, 0, 0, 0},
                new int[] {0, 0, 5, 0}, new int[] {1, 1, 1, 1}, 15, 11, 0)), "x[:, :, :5, :]: columns cropped");
        assertEquals(Optional.empty(), gridThrough((tf, x) -> slice(tf, x, new int[] {0, 0, 0, 0},
                new int[] {0, 0, 0, 0}, new int[] {1, 2, 1, 1}, 15, 15, 0)), "x[:, ::2, :, :]: every other row");
        assertEquals(Optional.empty(), gridThrough((tf, x) -> slice(tf, x, new int[] {0, 0, 0, 0},
                new int[] {0, 1, 0, 0}, new int[] {1, 1, 1, 1}, 13, 13, 2)), "x[:, 0, :, :]: one row");
    }

    private static org.tensorflow.Operand<org.tensorflow.types.TFloat32> slice(org.tensorflow.op.Ops tf,
            org.tensorflow.Operand<org.tensorflow.types.TFloat32> x, int[] begin, int[] end, int[] strides, long beginMask,
            long endMask, long shrinkMask) {
        return tf.stridedSlice(x, tf.constant(begin), tf.constant(end), tf.constant(strides),
                org.tensorflow.op.core.StridedSlice.beginMask(beginMask), org.tensorflow.op.core.StridedSlice.endMask(endMask),
                org.tensorflow.op.core.StridedSlice.shrinkAxisMask(shrinkMask));
    }

    /**
     * A convolution padded explicitly (tf.nn.conv2d with a list of paddings): 2 rows above, 1 column left, so a 3x3
     * kernel centres cell 0 on row -1, column 0.
     */
    @Test
    void explicitPaddingShiftsByThePaddingBefore() {
        try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
            org.tensorflow.op.Ops tf = org.tensorflow.op.Ops.create(g);
            var images = tf.withName("images").placeholder(org.tensorflow.types.TFloat32.class,
                    org.tensorflow.op.core.Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, 8, 8, 1)));
            tf.withName("features").nn.conv2d(images, tf.constant(new float[3][3][1][4]), java.util.List.of(1L, 1L, 1L, 1L),
                    "EXPLICIT", org.tensorflow.op.nn.Conv2d.explicitPaddings(java.util.List.of(0L, 0L, 2L, 0L, 1L, 0L, 0L, 0L)));
            assertEquals(Optional.of(new FeatureGrid(1, 1, -1, 0)), FeatureGrid.find(g, "images:0", "features:0"));
        }
    }
}
