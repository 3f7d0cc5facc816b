package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Faster Score-CAM on the command line, {@code --scorecam-channels} ({@link ScoreCamOptions}), on the pooled model. */
class ScoreCamOptionsTest extends PooledDigitOptions {


    /** The option changes the map (10 of the pooled model's 128 channels scored), and all 128 is Score-CAM itself. */
    @Test
    void channelsChangeTheMapAndAllChannelsIsScoreCam() throws Exception {
        byte[] all = scoreCamOverlay("all");
        assertFalse(Arrays.equals(all, scoreCamOverlay("ten", "--scorecam-channels", "10")), "--scorecam-channels changed"
                + " nothing");
        assertTrue(Arrays.equals(all, scoreCamOverlay("every", "--scorecam-channels", "128")), "128 of 128 channels is not"
                + " Score-CAM's map");
    }

    private static byte[] scoreCamOverlay(String name, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("--method", "scorecam"));
        args.addAll(Arrays.asList(options));
        return overlay(name, args.toArray(String[]::new));
    }

    /**
     * Refused in one line naming the option: below 1, without scorecam among explain's, compare's or evaluate's
     * methods, and more channels than the model's features have.
     */
    @Test
    void channelsThatCannotApplyAreRefusedNamingTheOption() throws Exception {
        String[][] refused = {
            {"explain --method scorecam --scorecam-channels 0", "--scorecam-channels must be 1 or more", "2"},
            {"explain --method gradcam --scorecam-channels 10",
                "--scorecam-channels is scorecam's setting, and --method does not name scorecam", "2"},
            {"compare --methods gradcam,eigencam --scorecam-channels 10",
                "--scorecam-channels is scorecam's setting, and --methods does not name scorecam", "2"},
            {"evaluate --also gradcam --scorecam-channels 10",
                "--scorecam-channels is scorecam's setting, and --also does not name scorecam", "2"},
            // The bound is the model's, but the number typed is at fault, as with --class 10: exit 2, the option's
            // words (it had exited 1 naming the library's optScoreCamChannels(129)).
            {"explain --method scorecam --scorecam-channels 129",
                "cam4j: error: --scorecam-channels 129 asks more channels than its features 'features:0' have, 128:"
                    + " give 1 to 128, or leave it out to score them all (see 'cam4j explain --help')", "2"},
            {"evaluate --also scorecam --scorecam-channels 129",
                "cam4j: error: --scorecam-channels 129 asks more channels than its features", "2"},
        };
        for (String[] r : refused) {
            List<String> args = new ArrayList<>(List.of(r[0].split(" ")));
            args.addAll(List.of("--model", MODEL, "--out", tmp.resolve("refused").toString()));
            if (!args.get(0).equals("evaluate")) {
                args.add(seven.toString());
            } else {
                args.addAll(List.of("--data", SharedData.mnist().toString(), "--limit", "10"));
            }
            CliRun run = CliRun.of(args.toArray(String[]::new));
            if (r[2] != null) {
                assertEquals(Integer.parseInt(r[2]), run.exitCode(), r[0] + ": " + run.err());
            } else {
                assertTrue(run.exitCode() != 0, r[0] + ": " + run.err());
            }
            assertTrue(run.err().contains(r[1]), r[0] + ": " + run.err());
            assertEquals(1, run.err().strip().lines().count(), r[0] + ": " + run.err());
            assertFalse(Files.exists(tmp.resolve("refused")), r[0] + ": refused before anything was written");
        }
    }
}
