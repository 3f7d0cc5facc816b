package io.github.cam4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras' Dropout: what it drops while training, that the exported model keeps everything, and its config. */
class DropoutTest {
    private static final long[] SHAPE = {4, 10, 10, 25};

    private static float[] ones() {
        float[] x = new float[(int) (SHAPE[0] * SHAPE[1] * SHAPE[2] * SHAPE[3])];
        Arrays.fill(x, 1f);
        return x;
    }

    @Test
    void whileTrainingItDropsAboutTheRateAndScalesTheRest() throws Exception {
        float[] y = LayerRunner.run(new Dropout("d", 0.5, null), SHAPE, ones(), Map.of(), true).values();
        int dropped = 0;
        for (float v : y) {
            assertTrue(v == 0f || v == 2f, "each value is dropped (0) or kept and scaled by 1 / (1 - 0.5): " + v);
            dropped += v == 0f ? 1 : 0;
        }
        // 10 000 independent draws at 0.5: the dropped fraction's standard deviation is 0.005; 0.03 is six of them.
        assertEquals(0.5, (double) dropped / y.length, 0.03);
    }

    @Test
    void aNoiseShapeOfOneAlongChannelsDropsWholeCells() throws Exception {
        Dropout cells = new Dropout("d", 0.5, new Long[] {null, null, null, 1L});
        float[] y = LayerRunner.run(cells, SHAPE, ones(), Map.of(), true).values();
        int channels = (int) SHAPE[3];
        int droppedCells = 0;
        for (int cell = 0; cell < y.length / channels; cell++) {
            float first = y[cell * channels];
            for (int c = 1; c < channels; c++) {
                assertEquals(first, y[cell * channels + c], 0f, "every channel of cell " + cell + " shares one draw");
            }
            droppedCells += first == 0f ? 1 : 0;
        }
        // 400 cells at 0.5: standard deviation 0.025; 0.15 is six of them.
        assertEquals(0.5, droppedCells / 400.0, 0.15);
    }

    @Test
    void theSameSeedDropsTheSameValues() throws Exception {
        Dropout d = new Dropout("d", 0.3, null);
        float[] a = LayerRunner.run(d, SHAPE, ones(), Map.of(), true).values();
        float[] b = LayerRunner.run(d, SHAPE, ones(), Map.of(), true).values();
        assertArrayEquals(a, b, 0f);
    }

    @Test
    void theExportedModelKeepsEverythingAndAddsNoOp() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> x = tf.placeholder(TFloat32.class);
            long before = countOps(g);
            assertSame(x, new Dropout("d", 0.5, new Long[] {null, null, null, 1L}).call(tf, x, Map.of()),
                    "the features CAM reads stay the convolution's own tensor");
            assertEquals(before, countOps(g));
        }
    }

    private static long countOps(Graph g) {
        long n = 0;
        for (var it = g.operations(); it.hasNext(); it.next()) {
            n++;
        }
        return n;
    }

    @Test
    void aConfigRoundTripsAndItsSeedIsNotedAsUnused() throws Exception {
        Sequential model = Sequential.fromJson(config("{\"name\": \"drop\", \"rate\": 0.25, \"noise_shape\": [null, null, null, 1],"
                + " \"seed\": 7}"));
        Dropout d = (Dropout) model.layers().get(1);
        assertEquals(0.25, d.rate());
        assertArrayEquals(new Long[] {null, null, null, 1L}, d.noiseShape());
        assertTrue(model.configNotes().stream().anyMatch(n -> n.contains("'drop'") && n.contains("seed 7")),
                model.configNotes().toString());
        assertEquals(model, Sequential.fromJson(model.toJson()));
        assertTrue(model.hasTrainingOnlyLayers());
        assertFalse(Sequential.fromJson(config("{\"name\": \"drop\", \"rate\": 0}")).hasTrainingOnlyLayers());
    }

    @Test
    void aBadRateOrNoiseShapeIsRefusedNamingTheLayer() {
        for (String bad : new String[] {"{\"name\": \"drop\", \"rate\": 1.0}", "{\"name\": \"drop\", \"rate\": -0.1}",
                "{\"name\": \"drop\"}", "{\"name\": \"drop\", \"rate\": \"half\"}",
                "{\"name\": \"drop\", \"rate\": 0.5, \"noise_shape\": [null, 1]}",
                "{\"name\": \"drop\", \"rate\": 0.5, \"noise_shape\": [null, 5, null, 1]}",
                "{\"name\": \"drop\", \"rate\": 0.5, \"noise_shape\": [null, 0, null, 1]}",
                "{\"name\": \"drop\", \"rate\": 0.5, \"noise_shape\": \"cells\"}"}) {
            ModelConfigException e = assertThrows(ModelConfigException.class, () -> Sequential.fromJson(config(bad)), bad);
            assertTrue(e.getMessage().contains("'drop'"), e.getMessage());
            assertTrue(e.getMessage().contains("rate") || e.getMessage().contains("noise_shape"), e.getMessage());
        }
    }

    @Test
    void cellDropoutGoesRightBeforeThePoolingAndRateZeroAddsNothing() throws Exception {
        Sequential unpooled = Presets.resolve("unpooled");
        assertSame(unpooled, unpooled.withCellDropout(0));
        Sequential dropped = unpooled.withCellDropout(0.9);
        List<Layer> layers = dropped.layers();
        assertEquals(unpooled.layers().size() + 1, layers.size());
        Dropout d = (Dropout) layers.get(layers.size() - 3);
        assertEquals("cell_dropout", d.name());
        assertEquals(0.9, d.rate());
        assertArrayEquals(new Long[] {null, null, null, 1L}, d.noiseShape());
        assertTrue(layers.get(layers.size() - 2) instanceof GlobalAveragePooling2D);
        // The same weights, so that a model trained with it exports as the preset's architecture would.
        assertEquals(unpooled.weights().toString(), dropped.weights().toString());
        ModelConfigException twice = assertThrows(ModelConfigException.class, () -> dropped.withCellDropout(0.5));
        assertTrue(twice.getMessage().contains("'cell_dropout'"), twice.getMessage());
    }

    /** A 28x28 model with the Dropout layer given between its convolution and the pooling. */
    private static String config(String dropoutConfig) {
        return "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 28, 28, 1], \"name\": \"in\"}},"
                + "{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"conv\", \"filters\": 4, \"kernel_size\": [3, 3],"
                + " \"padding\": \"same\", \"activation\": \"relu\", \"use_bias\": false}},"
                + "{\"class_name\": \"Dropout\", \"config\": " + dropoutConfig + "},"
                + "{\"class_name\": \"GlobalAveragePooling2D\", \"config\": {\"name\": \"gap\"}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 10, \"activation\": \"softmax\","
                + " \"use_bias\": false}}]}}";
    }
}
