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
import java.util.List;
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

    /** An op between the input and a 3x3 'same' convolution and a 2x2 pooling, as a test builds it in a graph. */
    private interface Between {
        org.tensorflow.Operand<org.tensorflow.types.TFloat32> apply(org.tensorflow.op.Ops tf,
                org.tensorflow.Operand<org.tensorflow.types.TFloat32> images);
    }

    private static final long[] ONES = {1, 1, 1, 1};

    private static org.tensorflow.Operand<org.tensorflow.types.TFloat32> slice(org.tensorflow.op.Ops tf,
            org.tensorflow.Operand<org.tensorflow.types.TFloat32> x, long[] begin, long[] end, long[] strides,
            long beginMask, long endMask, long ellipsisMask) {
        return tf.stridedSlice(x, tf.constant(begin), tf.constant(end), tf.constant(strides),
                org.tensorflow.op.core.StridedSlice.beginMask(beginMask),
                org.tensorflow.op.core.StridedSlice.endMask(endMask),
                org.tensorflow.op.core.StridedSlice.ellipsisMask(ellipsisMask));
    }

    /** @return the grid of features after {@code between}, a 3x3 'same' convolution and a 2x2 max pooling */
    private static Optional<FeatureGrid> gridAfter(Between between) {
        try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
            org.tensorflow.op.Ops tf = org.tensorflow.op.Ops.create(g);
            var images = tf.withName("images").placeholder(org.tensorflow.types.TFloat32.class,
                    org.tensorflow.op.core.Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, 28, 28, 3)));
            var x = between.apply(tf, images);
            long channels = x.shape().get(3);
            var kernel = tf.constant(org.tensorflow.ndarray.Shape.of(3, 3, channels, 4),
                    org.tensorflow.ndarray.buffer.DataBuffers.of(new float[(int) (9 * channels * 4)]));
            var conv = tf.nn.conv2d(x, kernel, java.util.List.of(1L, 1L, 1L, 1L), "SAME");
            tf.withName("features").nn.maxPool(tf.nn.relu(conv), tf.constant(new int[] {1, 2, 2, 1}),
                    tf.constant(new int[] {1, 2, 2, 1}), "VALID");
            return FeatureGrid.find(g, "images:0", "features:0");
        }
    }

    /**
     * Ops that only pick, reorder, split or join channels leave every position where it is (keras.applications'
     * 'caffe' preprocessing reverses them; grouped blocks split and concatenate them), so the grid is the convolution's
     * and pooling's: cell i on pixel 2i + 0.5. The same ops along a spatial axis, or a slice that crops, strides or
     * slices positions, move them: no grid is claimed (the map is then stretched, never placed wrong).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"reverse channels (-1)", "reverse channels (3)",
            "slice channels x[:, :, :, 0:2]", "slice channels x[..., 1:3]", "stack channels (axis -1)",
            "stack channels (axis 3)", "split and concatenate channels", "split unevenly and concatenate channels"})
    void channelOpsKeepEveryPosition(String op) {
        assertEquals(Optional.of(new FeatureGrid(2, 2, 0.5, 0.5)), gridAfter(channelOp(op)), op);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"reverse columns", "crop rows x[:, 1:, :, :]",
            "crop rows x[:, :27, :, :]", "every other column x[:, :, ::2, :]", "crop columns x[..., 2:, :]",
            "stack along columns", "concatenate along columns", "split along rows and concatenate channels"})
    void spatialOpsHaveNoGrid(String op) {
        assertEquals(Optional.empty(), gridAfter(channelOp(op)), op);
    }

    private static Between channelOp(String op) {
        return (tf, x) -> switch (op) {
            case "reverse channels (-1)" -> tf.reverse(x, tf.constant(new int[] {-1}));
            case "reverse channels (3)" -> tf.reverse(x, tf.constant(new int[] {3}));
            case "reverse columns" -> tf.reverse(x, tf.constant(new int[] {2}));
            case "slice channels x[:, :, :, 0:2]" -> slice(tf, x, new long[] {0, 0, 0, 0}, new long[] {0, 0, 0, 2}, ONES,
                    7, 7, 0);
            case "slice channels x[..., 1:3]" -> slice(tf, x, new long[] {0, 1}, new long[] {0, 3}, new long[] {1, 1},
                    0, 0, 1);
            case "crop rows x[:, 1:, :, :]" -> slice(tf, x, new long[] {0, 1, 0, 0}, new long[] {0, 0, 0, 0}, ONES, 13,
                    15, 0);
            case "crop rows x[:, :27, :, :]" -> slice(tf, x, new long[] {0, 0, 0, 0}, new long[] {0, 27, 0, 0}, ONES,
                    15, 13, 0);
            case "every other column x[:, :, ::2, :]" -> slice(tf, x, new long[] {0, 0, 0, 0}, new long[] {0, 0, 0, 0},
                    new long[] {1, 1, 2, 1}, 15, 15, 0);
            case "crop columns x[..., 2:, :]" -> slice(tf, x, new long[] {0, 2, 0}, new long[] {0, 0, 0},
                    new long[] {1, 1, 1}, 4, 6, 1);
            case "stack channels (axis -1)", "stack channels (axis 3)", "stack along columns" -> {
                List<org.tensorflow.Operand<org.tensorflow.types.TFloat32>> planes = new java.util.ArrayList<>();
                for (int c = 2; c >= 0; c--) {
                    planes.add(tf.stridedSlice(x, tf.constant(new long[] {0, c}), tf.constant(new long[] {0, c + 1}),
                            tf.constant(new long[] {1, 1}), org.tensorflow.op.core.StridedSlice.ellipsisMask(1L),
                            org.tensorflow.op.core.StridedSlice.shrinkAxisMask(2L)));
                }
                long axis = op.equals("stack channels (axis -1)") ? -1 : op.equals("stack channels (axis 3)") ? 3 : 2;
                yield tf.stack(planes, org.tensorflow.op.core.Stack.axis(axis));
            }
            case "split and concatenate channels" -> {
                var parts = tf.split(tf.constant(3), x, 3L);
                yield tf.concat(List.of(parts.output().get(2), parts.output().get(0), parts.output().get(1)),
                        tf.constant(3));
            }
            case "split unevenly and concatenate channels" -> {
                var parts = tf.splitV(x, tf.constant(new int[] {1, 2}), tf.constant(-1), 2L);
                yield tf.concat(List.of(parts.output().get(1), parts.output().get(0)), tf.constant(-1));
            }
            case "concatenate along columns" -> tf.concat(List.of(x, x), tf.constant(2));
            case "split along rows and concatenate channels" -> {
                var parts = tf.split(tf.constant(1), x, 2L);
                yield tf.concat(List.of(parts.output().get(0), parts.output().get(1)), tf.constant(3));
            }
            default -> throw new IllegalArgumentException(op);
        };
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
