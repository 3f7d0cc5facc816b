package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals("--method 'ablation' is not one of cam, gradcam, gradcam++, xgradcam, hirescam, layercam, scorecam,"
                + " eigencam, ablationcam", e.getMessage());
    }

    /** explain, video and evaluate list Ablation-CAM where they list the other methods. */
    @Test
    void theHelpTextsListAblationCam() {
        for (String command : new String[] {"explain", "video", "evaluate"}) {
            CliRun help = CliRun.of(command, "--help");
            assertEquals(0, help.exitCode(), help.err());
            assertTrue(help.out().replaceAll("\\s+", " ").contains(command.equals("evaluate")
                    ? "scorecam, eigencam, ablationcam" : "or ablationcam (the class logit's relative drop"),
                    command + ": " + help.out());
        }
    }
}
