package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.savedmodel.GradientWeighting;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The methods' names on the command line, and the help texts that list them. */
class MethodNamesTest {
    @Test
    void ablationCamIsNamedEitherWayInAnyCaseAndIsNoGradientMethod() {
        for (String name : new String[] {"ablationcam", "ablation-cam", " Ablation-CAM ", "ABLATIONCAM"}) {
            assertTrue(MethodNames.isAblationCam(name), name);
            assertTrue(MethodNames.isGradientFree(name), name);
            assertFalse(MethodNames.isScoreCam(name) || MethodNames.isEigenCam(name), name);
            assertEquals(Optional.empty(), MethodNames.parse("--method", name, true), name);
            assertEquals(Optional.empty(), MethodNames.parse("--also", name, false), name);
        }
        assertFalse(MethodNames.isAblationCam("ablation"));
        assertFalse(MethodNames.isGradientFree("gradcam"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MethodNames.parse("--method", "ablation", true));
        assertEquals("--method 'ablation' is not one of " + String.join(", ", MethodNames.ALL), e.getMessage());
        assertTrue(e.getMessage().contains("gradcam-elementwise, finercam, shapleycam, scorecam, eigencam, fem,"
                + " kpcacam, randomcam, ablationcam"), e.getMessage());
    }

    /**
     * FEM, KPCA-CAM and RandomCAM are named with or without a hyphen, in any case; they are no gradient methods, and
     * compare draws them after Eigen-CAM, the other method made from the features alone.
     */
    @Test
    void featureMethodsAreNamedEitherWayAndAreNoGradientMethods() {
        for (String name : new String[] {"fem", " FEM ", "kpcacam", "KPCA-CAM", "randomcam", "Random-CAM"}) {
            assertEquals(Optional.empty(), MethodNames.parse("--method", name, true), name);
            assertEquals(Optional.empty(), MethodNames.parse("--also", name, false), name);
            assertTrue(MethodNames.isFeatureMethod(name) && MethodNames.isGradientFree(name), name);
        }
        assertFalse(MethodNames.isFeatureMethod("eigencam"));
        assertEquals(List.of("eigencam", "fem", "kpcacam", "randomcam"),
                MethodNames.ALL.subList(MethodNames.ALL.indexOf("eigencam"), MethodNames.ALL.indexOf("eigencam") + 4));
    }

    /**
     * Grad-CAM element-wise is named as the others are, with or without hyphens, in any case, for --method and --also;
     * it is the tenth method, after the other gradient methods, for compare's "all".
     */
    @Test
    void gradCamElementWiseIsNamedEitherWay() {
        for (String name : new String[] {"gradcam-elementwise", "gradcamelementwise", "grad-cam-elementwise",
                " GradCAM-ElementWise "}) {
            assertEquals(Optional.of(GradientWeighting.GRAD_CAM_ELEMENT_WISE), MethodNames.parse("--method", name, true),
                    name);
            assertEquals(Optional.of(GradientWeighting.GRAD_CAM_ELEMENT_WISE), MethodNames.parse("--also", name, false),
                    name);
            assertFalse(MethodNames.isGradientFree(name), name);
        }
        assertEquals(25, MethodNames.ALL.size());
        assertEquals(MethodNames.ALL.indexOf("layercam") + 1, MethodNames.ALL.indexOf("gradcam-elementwise"));
        assertThrows(IllegalArgumentException.class, () -> MethodNames.parse("--method", "elementwise", true));
    }

    /**
     * Finer-CAM and ShapleyCAM are named as pytorch-grad-cam's cam.py names them ({@code finercam}, {@code shapleycam})
     * or hyphenated, in any case, for --method and --also; they follow the other gradient methods in compare's "all".
     */
    @Test
    void finerCamAndShapleyCamAreNamedEitherWay() {
        for (String name : new String[] {"finercam", "finer-cam", " Finer-CAM "}) {
            assertEquals(Optional.of(GradientWeighting.FINER_CAM), MethodNames.parse("--method", name, true), name);
            assertEquals(Optional.of(GradientWeighting.FINER_CAM), MethodNames.parse("--also", name, false), name);
        }
        for (String name : new String[] {"shapleycam", "shapley-cam", "ShapleyCAM"}) {
            assertEquals(Optional.of(GradientWeighting.SHAPLEY_CAM), MethodNames.parse("--method", name, true), name);
            assertEquals(Optional.of(GradientWeighting.SHAPLEY_CAM), MethodNames.parse("--also", name, false), name);
        }
        assertEquals(MethodNames.ALL.indexOf("gradcam-elementwise") + 1, MethodNames.ALL.indexOf("finercam"));
        assertEquals(MethodNames.ALL.indexOf("finercam") + 1, MethodNames.ALL.indexOf("shapleycam"));
        assertThrows(IllegalArgumentException.class, () -> MethodNames.parse("--method", "finer", true));
    }

    /**
     * Occlusion is named as tf-explain's class is, with or without "-sensitivity", in any case; it takes no gradient,
     * compare draws it last, and the help texts of explain, video, evaluate and compare list it with its options.
     */
    @Test
    void occlusionIsNamedEitherWayAndListedInTheHelpTexts() {
        for (String name : new String[] {"occlusion", " Occlusion ", "occlusion-sensitivity", "OCCLUSION-SENSITIVITY"}) {
            assertTrue(MethodNames.isOcclusion(name), name);
            assertTrue(MethodNames.isGradientFree(name), name);
            assertEquals(Optional.empty(), MethodNames.parse("--method", name, true), name);
            assertEquals(Optional.empty(), MethodNames.parse("--also", name, false), name);
            assertEquals("occlusion", MethodNames.canonical(name), name);
        }
        assertFalse(MethodNames.isOcclusion("occlude"));
        assertTrue(MethodNames.ALL.contains("occlusion"));
        for (String command : new String[] {"explain", "video", "evaluate", "compare"}) {
            CliRun help = CliRun.of(command, "--help");
            String text = help.out().replaceAll("\\s+", " ");
            assertTrue(text.contains(command.equals("compare") ? "iscam, refinecam, occlusion"
                    : command.equals("evaluate") ? "of the --also-at layers), occlusion, and the pixel attribution"
                    : "or occlusion (tf-explain's occlusion sensitivity"), command + ": " + help.out());
            assertTrue(text.contains("--occlusion-patch=N") && text.contains("--occlusion-fill=PIXEL"),
                    command + ": " + help.out());
        }
    }

    /** explain, video and evaluate list Ablation-CAM and Grad-CAM element-wise where they list the other methods. */
    @Test
    void theHelpTextsListAblationCam() {
        for (String command : new String[] {"explain", "video", "evaluate"}) {
            CliRun help = CliRun.of(command, "--help");
            assertEquals(0, help.exitCode(), help.err());
            String text = help.out().replaceAll("\\s+", " ");
            assertTrue(text.contains(command.equals("evaluate")
                    ? "scorecam, eigencam, fem, kpcacam, randomcam, ablationcam"
                    : "ablationcam (the class logit's relative drop"),
                    command + ": " + help.out());
            assertTrue(text.contains(command.equals("evaluate") ? "layercam, gradcam-elementwise, finercam"
                    : "layercam or gradcam-elementwise (gradients"), command + ": " + help.out());
            assertTrue(text.contains(command.equals("evaluate") ? "shapleycam, scorecam" : "shapleycam (Grad-CAM of"),
                    command + ": " + help.out());
        }
        CliRun compare = CliRun.of("compare", "--help");
        assertTrue(compare.out().replaceAll("\\s+", " ").contains("layercam, gradcam-elementwise, finercam, shapleycam,"
                + " scorecam"),
                compare.out());
    }

    /**
     * torch-cam's methods: Smooth Grad-CAM++ as {@code smoothgradcam++} or {@code smoothgradcampp}, a gradient method;
     * SS-CAM and IS-CAM as {@code sscam}, {@code iscam} (or hyphenated), gradient-free; the three last in compare's
     * "all", in that order; every help text that lists the methods lists them.
     */
    @Test
    void torchCamsMethodsAreNamedAndListed() {
        for (String name : new String[] {"smoothgradcam++", "smoothgradcampp", "SmoothGradCAMpp", "smooth-grad-cam++"}) {
            assertEquals(Optional.of(GradientWeighting.SMOOTH_GRAD_CAM_PLUS_PLUS),
                    MethodNames.parse("--method", name, true), name);
            assertEquals(Optional.of(GradientWeighting.SMOOTH_GRAD_CAM_PLUS_PLUS),
                    MethodNames.parse("--also", name, false), name);
            assertEquals("smoothgradcam++", MethodNames.canonical(name));
        }
        for (String name : new String[] {"sscam", "SS-CAM", "iscam", "is-cam"}) {
            assertTrue(MethodNames.isGradientFree(name), name);
            assertEquals(Optional.empty(), MethodNames.parse("--also", name, false), name);
        }
        assertEquals("sscam", MethodNames.canonical("SS-CAM"));
        assertEquals("iscam", MethodNames.canonical("IS-CAM"));
        assertEquals(List.of("smoothgradcam++", "sscam", "iscam"), MethodNames.ALL.subList(15, 18));
        for (String command : new String[] {"explain", "video", "evaluate", "compare"}) {
            String text = CliRun.of(command, "--help").out().replaceAll("\\s+", " ");
            assertTrue(text.contains("smoothgradcam++") && text.contains("sscam") && text.contains("iscam"), command);
        }
        for (String command : new String[] {"explain", "video", "evaluate", "compare"}) {
            String text = CliRun.of(command, "--help").out().replaceAll("\\s+", " ");
            assertTrue(text.contains("--sgcampp-samples") && text.contains("--sscam-std")
                    && text.contains("--iscam-steps"), command);
        }
    }

    /**
     * The pixel attribution methods are named as tf-explain and tf-keras-vis name them, with {@code ig} for Integrated
     * Gradients, in any case, for --method and --also; none is a gradient weighting of a feature layer, and each has
     * one spelling in {@link MethodNames#ALL}, the last five, for compare's "all".
     */
    @Test
    void thePixelMethodsAreNamedAsTheLibrariesNameThem() {
        String[][] names = {{"saliency", "saliency", " Saliency "}, {"gradxinput", "gradxinput", "grad-x-input",
                "GradientsInputs"}, {"smoothgrad", "smoothgrad", "smooth-grad", "SmoothGrad"}, {"integratedgradients",
                "integratedgradients", "integrated-gradients", "ig", "IG"}, {"fullgrad", "fullgrad", "full-grad",
                "FullGrad"}};
        for (String[] spellings : names) {
            for (String name : java.util.Arrays.copyOfRange(spellings, 1, spellings.length)) {
                assertEquals(Optional.empty(), MethodNames.parse("--method", name, true), name);
                assertEquals(Optional.empty(), MethodNames.parse("--also", name, false), name);
                assertTrue(MethodNames.isPixelMethod(name) && MethodNames.isGradientFree(name), name);
                assertEquals(spellings[0], MethodNames.canonical(name), name);
            }
        }
        assertFalse(MethodNames.isPixelMethod("gradcam"));
        assertFalse(MethodNames.isPixelMethod("grad"));
        assertEquals(List.of("saliency", "gradxinput", "smoothgrad", "integratedgradients", "fullgrad"),
                MethodNames.ALL.subList(MethodNames.ALL.size() - 5, MethodNames.ALL.size()));
    }
}
