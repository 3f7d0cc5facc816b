package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two target layers that are one tensor, spelt two ways ({@code x} and {@code x:0}, or an imported layer's short name
 * and a longer one), are refused when the folder is opened at them, naming both. optLayers' check compares the names as
 * given, so they passed it, the session was built, and every explanation then failed in TensorFlow's words ("Name
 * collision in the result set, two outputs are named '...conv2d_1/Relu:0'", seen with the Java API).
 */
class OneTensorTwiceTest {
    private static final LoadOptions GRAD_CAM = LoadOptions.defaults().withGradCam();

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "bundled; mnist-pooled; conv2d_1/Relu; conv2d_1/Relu:0",
        "keras; mnist-flatten-dense; conv2d_1/Relu; conv2d_1/Relu:0",
        "keras; mnist-flatten-dense; conv2d_1/Relu; sequential/conv2d_1/Relu",
    })
    void aLayerGivenTwiceInTwoSpellingsIsRefusedWhenTheFolderOpens(String where, String folder, String first,
            String second) {
        Path dir = ("bundled".equals(where) ? SharedData.bundledModels() : SharedData.kerasSavedModels())
                .resolve(folder);
        CamSession.Builder builder = CamSession.builder().setModel(dir).optLoadOptions(GRAD_CAM)
                .optLayers(List.of(first, "conv2d_2/Relu", second));
        ModelLoadException e = assertThrows(ModelLoadException.class, builder::build);
        assertTrue(e.getMessage().startsWith("target layer " + second + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("as target layer " + first + " is"), e.getMessage());
        ModelLoadException direct = assertThrows(ModelLoadException.class,
                () -> CamModelLoader.loadAtLayers(dir, GRAD_CAM, List.of(first, second)));
        assertTrue(direct.getMessage().contains("each layer counts once"), direct.getMessage());
    }
}
