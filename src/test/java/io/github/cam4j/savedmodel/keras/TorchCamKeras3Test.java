package io.github.cam4j.savedmodel.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.ScoreCamVariant;
import io.github.cam4j.cam.SmoothGradNoise;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * torch-cam's SmoothGradCAMpp, SSCAM and ISCAM (frgfm/torch-cam f44afef), recomputed in TensorFlow and numpy by
 * {@code python-export/make_test_models.py --torchcam} on the Keras 3 blocks and Flatten models ({@code torchcam.json}), against
 * cam4j's {@code smoothgradcam++}, {@code sscam} and {@code iscam} on the same 16 MNIST test digits.
 *
 * <p>The noise is the same on both sides: Python reproduces {@code java.util.Random}'s generator and Gaussians, and the
 * first test checks its draws bit for bit. Tolerance 1e-4 of the largest value of a case's maps, as the other Keras 3
 * references: the same float32 arithmetic in two builds of TensorFlow, averaged over the rounds; a wrong noise, order
 * of draws, mask normalisation or coefficient is far outside (see {@link #theReferencesTellTheMethodsApart}).
 */
class TorchCamKeras3Test {
    private static final Path DIR = Path.of("src/test/resources/keras3");

    private static JsonNode reference() throws Exception {
        return new ObjectMapper().readTree(DIR.resolve("torchcam.json").toFile());
    }

    /** Python's java.util.Random gives Java's own Gaussians, to the bit: the two sides draw the same noise. */
    @Test
    void pythonsJavaRandomDrawsJavasGaussians() throws Exception {
        Iterator<Map.Entry<String, JsonNode>> seeds = reference().get("firstGaussians").fields();
        int checked = 0;
        while (seeds.hasNext()) {
            Map.Entry<String, JsonNode> e = seeds.next();
            Random random = new Random(Long.parseLong(e.getKey()));
            for (JsonNode v : e.getValue()) {
                assertEquals((float) v.asDouble(), (float) random.nextGaussian(), 0f, "seed " + e.getKey());
                checked++;
            }
        }
        assertEquals(16, checked);
    }

    /** SS-CAM and IS-CAM at last_relu, torch-cam's defaults (35 samples of std 2; 10 steps) and other settings. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sscam", "sscam-5-0.5-3", "iscam", "iscam-3"})
    void ssCamAndIsCamEqualTorchCamsComputation(String key) throws Exception {
        JsonNode ref = reference().get(key);
        ScoreCamVariant variant = key.startsWith("ss")
                ? ScoreCamVariant.ssCam(ref.get("samples").asInt(), ref.get("std").asDouble(), ref.get("seed").asLong())
                : ScoreCamVariant.isCam(ref.get("samples").asInt());
        try (CamSession session = CamSession.builder().setModel(DIR.resolve("blocks-export"))
                .optScoreCamVariant(variant).build()) {
            ReferenceMaps.assertMatch(session, TestData.mnistTest(16), ref.get("predicted"), ref.get("maps"),
                    1e-4 * ReferenceMaps.largest(ref.get("maps")), key);
        }
    }

    /**
     * Smooth Grad-CAM++ at the Flatten model's first convolution (flatten-export's conv_a), where the gradient passes a
     * max pooling and a ReLU and so depends on the input (at a layer the Dense reads, every noisy copy's gradient would
     * be the same): 4 copies of std 40 on pixels 0..255, and 1 copy of torch-cam's std 0.3, which leaves torch-cam's
     * formula itself, not cam4j's Grad-CAM++. Not at the blocks model's residual Add: there alpha's denominator comes
     * within 1.4e-5 of its terms' size, and a 1e-7 relative change of the gradients, what two TensorFlow builds differ
     * by, moved the maps by 0.19 % of their largest value (1.6e-5 here). Even here alpha's denominators come near their
     * terms' size on a few digits: on an AMD EPYC machine the maps of digits 1 and 6 moved by 1.3e-4 and 2.8e-4 of the
     * largest reference value from the references made on another machine, the other digits' by 6e-5 or less, so the tolerance is 1e-3 of it, ten times under what tells the two settings' maps apart (1e-2, below).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"smoothgradcampp", "smoothgradcampp-1-0.3-0"})
    void smoothGradCamPlusPlusEqualsTorchCamsComputation(String key) throws Exception {
        JsonNode ref = reference().get(key);
        try (CamSession session = CamSession.builder().setModel(DIR.resolve("flatten-export"))
                .optLoadOptions(LoadOptions.defaults().withGradients(GradientWeighting.SMOOTH_GRAD_CAM_PLUS_PLUS)
                        .withFoundOverrides(ref.get("tensor").asText(), null))
                .optSmoothGradNoise(new SmoothGradNoise(ref.get("samples").asInt(), ref.get("std").asDouble(),
                        ref.get("seed").asLong())).build()) {
            ReferenceMaps.assertMatch(session, TestData.mnistTest(16), ref.get("predicted"), ref.get("maps"),
                    1e-3 * ReferenceMaps.largest(ref.get("maps")), key);
        }
    }

    /**
     * The references differ where the methods do, by far more than the tolerance, on most digits: SS-CAM from IS-CAM
     * and from Score-CAM ({@code blocks-scorecam.json}), its two settings from each other, IS-CAM's 10 steps from 3,
     * Smooth Grad-CAM++'s noisy copies from its one nearly clean copy. So a cam4j computing one in another's place
     * fails the tests above.
     */
    @Test
    void theReferencesTellTheMethodsApart() throws Exception {
        JsonNode ref = reference();
        JsonNode scoreCam = new ObjectMapper().readTree(DIR.resolve("blocks-scorecam.json").toFile()).get("maps");
        assertApart(ref.get("sscam").get("maps"), scoreCam, "SS-CAM against Score-CAM");
        assertApart(ref.get("iscam").get("maps"), scoreCam, "IS-CAM against Score-CAM");
        assertApart(ref.get("sscam").get("maps"), ref.get("iscam").get("maps"), "SS-CAM against IS-CAM");
        assertApart(ref.get("sscam").get("maps"), ref.get("sscam-5-0.5-3").get("maps"), "SS-CAM's settings");
        assertApart(ref.get("iscam").get("maps"), ref.get("iscam-3").get("maps"), "IS-CAM's steps");
        assertApart(ref.get("smoothgradcampp").get("maps"), ref.get("smoothgradcampp-1-0.3-0").get("maps"),
                "Smooth Grad-CAM++'s noise");
    }

    private static void assertApart(JsonNode a, JsonNode b, String what) {
        double tolerance = 1e-4 * Math.max(ReferenceMaps.largest(a), ReferenceMaps.largest(b));
        int apart = 0;
        for (int i = 0; i < a.size(); i++) {
            double most = 0;
            for (int c = 0; c < a.get(i).size(); c++) {
                most = Math.max(most, Math.abs(a.get(i).get(c).asDouble() - b.get(i).get(c).asDouble()));
            }
            apart += most > 100 * tolerance ? 1 : 0;
        }
        assertTrue(apart >= 12, what + ": only " + apart + " of 16 maps differ by 100 times the tolerance");
    }
}
