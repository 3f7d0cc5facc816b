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
 * from the true one (the same function built with SpaceToBatchND) by as much as its own size, and such a layer was
 * refused. cam4j now takes the gradient across each of them by its SpaceToBatchND twin ({@link DilatedGradients},
 * whose values {@code DilatedGradientsTest} checks): the gradient methods explain the model there as after the
 * dilated convolutions. ShapleyCAM, whose second-order gradient would still cross them by TensorFlow's own rule, is
 * refused, naming the convolution; Score-CAM and Eigen-CAM are as before.
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
    void gradCamBeforeADilatedConvolutionExplainsAsAfterIt() throws Exception {
        float[] digit = stroke();
        for (String layer : new String[] {"c1/Relu", "c2/Relu"}) {
            for (GradientWeighting w : new GradientWeighting[] {GradientWeighting.GRAD_CAM, GradientWeighting.LAYER_CAM,
                    GradientWeighting.FINER_CAM}) {
                try (CamSession s = open(LoadOptions.defaults().withGradients(w).withFoundOverrides(layer, null))) {
                    io.github.cam4j.cam.CamResult map = s.explainPixels(digit, 1, 28, 28,
                            io.github.cam4j.cam.Target.predicted()).get(0).first();
                    assertEquals(28, map.rawMap().height(), layer + ", " + w.title());
                }
            }
        }
    }

    @Test
    void shapleyCamBeforeADilatedConvolutionIsRefusedNamingIt() {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> open(LoadOptions.defaults()
                .withGradients(GradientWeighting.SHAPLEY_CAM).withFoundOverrides("c1/Relu", null)).close());
        assertTrue(e.getMessage().contains("ShapleyCAM needs the gradient of the gradient at features 'c1/Relu:0', which"
                + " would cross the dilated convolution 'c3/Conv2d'"), e.getMessage());
    }

    /** A stroke at full ink in the model's input scale (0..1; pixels of 0..255 are refused there). */
    private static float[] stroke() {
        float[] digit = new float[28 * 28];
        for (int y = 8; y < 20; y++) {
            digit[y * 28 + 14] = 1;
        }
        return digit;
    }

    @Test
    void afterTheDilatedConvolutionsAndWithoutGradientsNothingChanges() throws Exception {
        float[] digit = stroke();
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
