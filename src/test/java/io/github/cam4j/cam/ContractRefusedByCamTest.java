package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.savedmodel.CamIdentityException;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SavedModelCopies;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;

/**
 * A folder with cam4j's signatures whose {@code cam} signature names features that do not give its logits by its
 * kernel (here the bundled pooled model's, pointed at its last convolution before the ReLU): CAM refuses it, as before,
 * but a method that reads the features alone (Eigen-CAM) explains it through the API as the command line does
 * ({@code explain --method eigencam} opens such a folder with Grad-CAM's options, and explained it): a
 * {@link CamSession} was refused with CAM's own {@link CamIdentityException}.
 */
class ContractRefusedByCamTest {
    @TempDir
    static Path tmp;

    @Test
    void aGradientFreeSessionOpensAContractFolderCamRefusesAsTheCommandLineDoes() throws Exception {
        Path bad = SavedModelCopies.copyWithout(SharedData.bundledModels().resolve("mnist-pooled"),
                tmp.resolve("pre-relu"), "");
        Path pb = bad.resolve("saved_model.pb");
        SavedModel.Builder model = SavedModel.parseFrom(Files.readAllBytes(pb)).toBuilder();
        MetaGraphDef.Builder graph = model.getMetaGraphsBuilder(0);
        SignatureDef cam = graph.getSignatureDefOrThrow("cam");
        graph.putSignatureDef("cam", cam.toBuilder().putOutputs("features",
                cam.getOutputsOrThrow("features").toBuilder().setName("conv2d_2/Conv2d:0").build()).build());
        Files.write(pb, model.build().toByteArray());

        assertThrows(CamIdentityException.class, () -> CamModelLoader.load(bad, LoadOptions.defaults()).close());
        try (CamModel opened = CamModelLoader.loadForCamOrGradCam(bad, LoadOptions.defaults())) {
            assertEquals(GradientWeighting.GRAD_CAM, opened.gradients().orElseThrow().weighting());
            assertEquals(LoadOptions.defaults().withGradCam(), opened.openedWith().orElseThrow());
            assertTrue(opened.tensors().features().startsWith("conv2d_2/Conv2d"), opened.tensors().features());
        }
        byte[] seven = new byte[28 * 28];
        System.arraycopy(Dataset.open(SharedData.mnist()).test().pixels(), 0, seven, 0, seven.length);
        try (CamSession eigen = CamSession.builder().setModel(bad).optEigenCam(true).build();
                CamSession asCommandLine = CamSession.builder().setModel(bad).optEigenCam(true)
                        .optLoadOptions(LoadOptions.defaults().withGradCam()).build();
                Mat digit = new Mat(28, 28, opencv_core.CV_8UC1)) {
            digit.data().put(seven);
            CamResult r = eigen.explain(digit);
            CamResult expected = asCommandLine.explain(digit);
            assertEquals(7, r.classIndex());
            assertEquals(expected.rawMap(), r.rawMap());
        }
    }
}
