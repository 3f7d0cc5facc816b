package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.model.Sequential;
import io.github.cam4j.testing.TinyModels;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model trained with dilated convolutions ({@code c2} at rate 2, {@code c3} at rate 4, 'same' padding) keeps them as
 * dilated {@code Conv2D} ops in its export. TensorFlow's gradient of a convolution, which Grad-CAM takes with
 * {@code Graph.addGradients}, leaves the dilation out: at {@code c1/Relu}, before both, Grad-CAM's gradient differed
 * from the true one (the same function built with SpaceToBatchND) by as much as its own size, and the map came out
 * flat on a real digit; with 'valid' padding the explanation killed the JVM in oneDNN's backward pass. Such a layer is
 * refused when the model opens, naming the convolution; after the dilated convolutions, and for Score-CAM, nothing
 * changes.
 */
class DilatedGradientTest {
    @TempDir
    static Path tmp;

    static Path model;

    @BeforeAll
    static void export() throws Exception {
        StringBuilder layers = new StringBuilder();
        int[] rates = {1, 2, 4};
        for (int i = 0; i < 3; i++) {
            layers.append("{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"c").append(i + 1)
                    .append("\", \"filters\": 4, \"kernel_size\": 3, \"padding\": \"same\", \"dilation_rate\": ")
                    .append(rates[i]).append(", \"activation\": \"relu\", \"use_bias\": false}},");
        }
        Sequential dilated = Sequential.fromJson("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"dilated\","
                + " \"layers\": [{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 28, 28, 1],"
                + " \"name\": \"in\"}}," + layers + "{\"class_name\": \"GlobalAveragePooling2D\", \"config\": {\"name\":"
                + " \"gap\"}}, {\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 10,"
                + " \"activation\": \"softmax\", \"use_bias\": false}}]}}");
        model = tmp.resolve("dilated");
        TinyModels.export(dilated, 3, model);
    }

    private static CamSession open(LoadOptions options) throws Exception {
        return CamSession.builder().setModel(model).optLoadOptions(options).build();
    }

    /** As the command line opens a model for Score-CAM or Eigen-CAM: by the gradient methods' loading, none run. */
    private static CamSession open(LoadOptions options, boolean scoreCam, boolean eigenCam) throws Exception {
        return CamSession.builder().setModel(model).optLoadOptions(options).optScoreCam(scoreCam).optEigenCam(eigenCam)
                .build();
    }

    @Test
    void gradCamBeforeADilatedConvolutionIsRefusedNamingIt() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> open(LoadOptions.defaults().withGradCam().withFoundOverrides("c1/Relu", null)).close());
        assertTrue(e.getMessage().contains("through the dilated Conv2D 'c"), e.getMessage());
        assertTrue(e.getMessage().contains("take the features at or after that convolution"), e.getMessage());
        ModelLoadException c2 = assertThrows(ModelLoadException.class,
                () -> open(LoadOptions.defaults().withGradCam().withFoundOverrides("c2/Relu", null)).close());
        assertTrue(c2.getMessage().contains("through the dilated Conv2D 'c3/Conv2d' (dilation 4x4)"), c2.getMessage());
    }

    @Test
    void afterTheDilatedConvolutionsAndWithoutGradientsNothingChanges() throws Exception {
        // A stroke at full ink in the model's input scale (0..1; pixels of 0..255 are refused there).
        float[] digit = new float[28 * 28];
        for (int y = 8; y < 20; y++) {
            digit[y * 28 + 14] = 1;
        }
        try (CamSession s = open(LoadOptions.defaults().withGradCam().withFoundOverrides("c3/Relu", null))) {
            assertEquals(28, s.explainPixels(digit, 1, 28, 28, io.github.cam4j.cam.Target.predicted()).get(0).first()
                    .rawMap().height());
        }
        for (boolean score : new boolean[] {true, false}) {
            try (CamSession s = open(LoadOptions.defaults().withGradCam().withFoundOverrides("c1/Relu", null), score,
                    !score)) {
                assertEquals(28, s.explainPixels(digit, 1, 28, 28, io.github.cam4j.cam.Target.predicted()).get(0)
                        .first().rawMap().height(), score ? "Score-CAM" : "Eigen-CAM");
            }
        }
    }
}
