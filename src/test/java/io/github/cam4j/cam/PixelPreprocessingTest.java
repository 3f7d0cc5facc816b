package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.InputSpec;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import io.github.cam4j.savedmodel.ModelMetadata;
import io.github.cam4j.savedmodel.PixelPreprocessing;
import io.github.cam4j.savedmodel.PixelStandardization;
import io.github.cam4j.savedmodel.TensorNames;
import io.github.cam4j.testing.ForeignModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Per-channel preprocessing done outside a model ({@code --preprocess}, {@link LoadOptions#withPreprocessing},
 * {@link LoadOptions#withStandardization}): keras.applications' 'caffe', 'torch' and 'tf' modes of
 * {@code preprocess_input}. Before, only 'tf' could be said (as a scale and an offset), and a ResNet50 or DenseNet
 * trained on preprocessed pixels was fed 0..1.
 *
 * <p>The model here shows what it is fed: its features are its input ({@code Identity}, 2x3 cells of 3 channels) and
 * its kernel the 3x3 identity, so class {@code c}'s raw map is the fed channel {@code c}, cell by cell.
 */
class PixelPreprocessingTest {
    @TempDir
    static Path tmp;

    private static Path echo;

    /** The picture's pixels, row-major, in RGB. */
    private static final int[][] RGB = {
        {255, 0, 0}, {0, 255, 0}, {0, 0, 255},
        {10, 20, 30}, {128, 64, 200}, {255, 255, 255},
    };

    @BeforeAll
    static void exportTheEchoModel() {
        echo = ForeignModels.export(tmp.resolve("echo"), (tf, random, in, out) -> {
            Placeholder<TFloat32> x = ForeignModels.images(tf, -1, 2, 3, 3);
            in.put("x", x);
            Operand<TFloat32> features = tf.withName("features").identity(x);
            Operand<TFloat32> kernel = tf.withName("kernel").constant(new float[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
            out.put("y", tf.withName("logits").linalg.matMul(tf.math.mean(features, tf.constant(new int[] {1, 2})),
                    kernel));
        });
    }

    private static LoadOptions byNames() {
        return LoadOptions.defaults().withTensors(new TensorNames("images", "features", "logits", null), "kernel", null);
    }

    /** @return what the session fed, [channel][pixel], channels in the model's order */
    private static float[][] fed(LoadOptions options) throws Exception {
        try (CamSession cam = CamSession.builder().setModel(echo).optLoadOptions(options).optInvert(Invert.NEVER).build();
                Mat picture = new Mat(2, 3, opencv_core.CV_8UC3); UByteIndexer px = picture.createIndexer()) {
            for (int p = 0; p < RGB.length; p++) {
                for (int c = 0; c < 3; c++) {
                    px.put(p / 3, p % 3, 2 - c, RGB[p][c]); // OpenCV holds BGR
                }
            }
            float[][] fed = new float[3][];
            for (int c = 0; c < 3; c++) {
                fed[c] = cam.explain(picture, c).rawMap().values();
            }
            return fed;
        }
    }

    @Test
    void caffeFeedsBgrMinusImageNetsMeanExactly() throws Exception {
        float[][] fed = fed(byNames().withPreprocessing(PixelPreprocessing.CAFFE));
        float[] mean = {103.939f, 116.779f, 123.68f}; // in BGR order, as Keras writes them
        for (int p = 0; p < RGB.length; p++) {
            for (int c = 0; c < 3; c++) {
                // The model's channel 0 is the picture's blue: x[..., ::-1], then x[..., c] -= mean[c], in float32.
                assertEquals(RGB[p][2 - c] - mean[c], fed[c][p], 0f, "pixel " + p + " channel " + c);
            }
        }
        assertEquals(255 - 103.939f, fed[0][2], 0f, "the pure blue pixel's blue comes first");
        assertEquals(-103.939f, fed[0][0], 0f, "the pure red pixel has no blue");
        assertEquals(255 - 123.68f, fed[2][0], 0f, "and its red comes last");
    }

    @Test
    void torchAndTfFeedTheirPerChannelValues() throws Exception {
        float[][] torch = fed(byNames().withPreprocessing(PixelPreprocessing.TORCH));
        float[][] tfMode = fed(byNames().withPreprocessing(PixelPreprocessing.TF));
        float[][] raw = fed(byNames().withPreprocessing(PixelPreprocessing.RAW));
        float[][] plain = fed(byNames());
        double[] mean = {0.485, 0.456, 0.406};
        double[] std = {0.229, 0.224, 0.225};
        for (int p = 0; p < RGB.length; p++) {
            for (int c = 0; c < 3; c++) {
                String at = "pixel " + p + " channel " + c;
                // Keras divides by 255 where cam4j multiplies by 1/255f: a float rounding apart, over std (<= 4.5).
                assertEquals((RGB[p][c] / 255.0 - mean[c]) / std[c], torch[c][p], 1e-6, at);
                assertEquals(RGB[p][c] / 127.5 - 1, tfMode[c][p], 1e-6, at);
                assertEquals(RGB[p][c], raw[c][p], 0f, at);
                assertEquals(RGB[p][c] / 255.0, plain[c][p], 1e-7, at + ": a graph opened by names is fed 0..1");
            }
        }
    }

    @Test
    void theGeneralFormGivesWhatTheModesDo() throws Exception {
        LoadOptions caffe = byNames().withPixelScale(1f).withStandardization(PixelStandardization.of(true,
                new float[] {103.939f, 116.779f, 123.68f}, new float[] {1f}));
        float[][] general = fed(caffe);
        float[][] mode = fed(byNames().withPreprocessing(PixelPreprocessing.CAFFE));
        for (int c = 0; c < 3; c++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(mode[c], general[c], 0f);
        }
        // BGR alone reorders, and one mean serves every channel.
        float[][] bgr = fed(byNames().withPixelScale(1f).withStandardization(PixelStandardization.of(true,
                new float[] {100f}, new float[] {2f})));
        assertEquals((255 - 100) / 2f, bgr[2][0], 0f);
        assertEquals((0 - 100) / 2f, bgr[0][0], 0f);
    }

    @Test
    void contradictionsAndGreyModelsAreRefusedNamingTheOption() throws Exception {
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> CamModelLoader.load(echo,
                byNames().withPreprocessing(PixelPreprocessing.CAFFE).withPixelScale(1f)).close());
        assertTrue(both.getMessage().startsWith("--preprocess caffe (LoadOptions.withPreprocessing(CAFFE)) sets the"
                + " pixel scale"), both.getMessage());
        Path grey = ForeignModels.export(tmp.resolve("grey"), ForeignModels.gapClassifier(3, true));
        for (PixelPreprocessing mode : List.of(PixelPreprocessing.CAFFE, PixelPreprocessing.TORCH)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CamModelLoader.load(grey,
                    LoadOptions.defaults().withPreprocessing(mode)).close());
            assertTrue(e.getMessage().startsWith("--preprocess " + mode.modeName()) && e.getMessage().contains(
                    "this model takes 1 channel"), e.getMessage());
        }
        // 'tf' is a scale and an offset: a grey model takes it.
        try (var m = CamModelLoader.load(grey, LoadOptions.defaults().withPreprocessing(PixelPreprocessing.TF))) {
            assertEquals(-1f, m.input().pixelOffset());
            assertNull(m.input().standardization());
        }
    }

    @Test
    void aModelThatRescalesItsInputItselfIsRefusedPreprocessingOutside() throws Exception {
        Path rescaling = ForeignModels.export(tmp.resolve("rescaling"), ForeignModels.rescalingClassifier());
        for (PixelPreprocessing mode : List.of(PixelPreprocessing.CAFFE, PixelPreprocessing.TORCH, PixelPreprocessing.TF)) {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> CamModelLoader.load(rescaling,
                    LoadOptions.defaults().withPreprocessing(mode)).close());
            assertTrue(e.getMessage().startsWith("--preprocess " + mode.modeName()) && e.getMessage().contains(
                    "rescales its input itself: x * 0.00392157"), e.getMessage());
        }
        // Raw pixels are what such a model takes: that mode stands.
        try (var m = CamModelLoader.load(rescaling, LoadOptions.defaults().withPreprocessing(PixelPreprocessing.RAW))) {
            assertEquals(1f, m.input().pixelScale());
        }
    }

    @Test
    void theMetadataCarriesItAndFilesWithoutItReadAsBefore() throws Exception {
        InputSpec caffe = new InputSpec(224, 224, 3, 1f, 0f, false, PixelPreprocessing.CAFFE.standardization());
        ModelMetadata written = new ModelMetadata("cam4j-savedmodel/1", "test", "resnet", null, caffe, List.of("a", "b"),
                null, null, null);
        Path file = Files.writeString(tmp.resolve("cam4j.json"), written.toJson());
        assertEquals(caffe, ModelMetadata.read(file).input());
        assertTrue(written.toJson().contains("\"bgr\" : true"), written.toJson());
        String plain = new ModelMetadata("cam4j-savedmodel/1", "test", "m", null, InputSpec.mnist(), List.of("a"), null,
                null, null).toJson();
        assertTrue(!plain.contains("standardization"), "left out when there is none: " + plain);
        assertNull(ModelMetadata.read(Files.writeString(tmp.resolve("old.json"), plain)).input().standardization());
        assertThrows(IllegalArgumentException.class, () -> new InputSpec(28, 28, 1, 1f, 0f, false,
                PixelPreprocessing.CAFFE.standardization()), "BGR on a grey input");
    }

    /**
     * Metadata whose pixel scale is not a positive number is refused naming the file and the field: {@code -1} loaded,
     * and every picture reached the model as its negative; a negative deviation likewise.
     */
    @Test
    void metadataWithANonPositiveScaleOrDeviationIsRefusedNamingTheField() throws Exception {
        String json = new ModelMetadata("cam4j-savedmodel/1", "test", "m", null, InputSpec.mnist(), List.of("a"), null,
                null, null).toJson();
        for (String scale : new String[] {"-1", "0", "\"x\""}) {
            Path file = Files.writeString(tmp.resolve("scale.json"),
                    json.replaceFirst("\"pixelScale\" : [^,]*,", "\"pixelScale\" : " + scale + ","));
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelMetadata.read(file), scale);
            assertEquals(file + ": 'input.pixelScale' is " + scale + "; it must be a positive number"
                    + " (0.00392156862745098 = 1/255 for pixels taken to 0..1, 1 for raw pixels)", e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> PixelStandardization.of(false, new float[] {0f},
                new float[] {-1f}), "a negative deviation");
    }
}
