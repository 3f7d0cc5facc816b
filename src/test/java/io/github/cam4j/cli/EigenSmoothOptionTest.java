package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --eigen-smooth} on explain, video and compare, with the bundled pooled model. */
class EigenSmoothOptionTest extends PooledDigitOptions {
    /** A Keras export without global average pooling: compare skips cam on it. */
    private static final Path FLATTEN = Path.of("src/test/resources/keras3/flatten-export");


    /**
     * explain's JSON records the smoothing beside the method, whose name it leaves alone; the smoothed map has another
     * peak or box than CAM's own on this digit, so a flag read and dropped would show.
     */
    @Test
    void explainRecordsTheSmoothingInItsJson() throws Exception {
        CliRun smooth = CliRun.of("explain", "--model", MODEL, seven.toString(), "--method", "gradcam", "--eigen-smooth",
                "--json", "--out", tmp.resolve("smooth").toString());
        assertEquals(0, smooth.exitCode(), smooth.err());
        JsonNode s = new ObjectMapper().readTree(smooth.out()).get(0);
        assertEquals("Grad-CAM", s.get("method").asText());
        assertTrue(s.get("eigen_smooth").asBoolean(), smooth.out());
        assertEquals(7, s.get("class").asInt());
        CliRun plain = CliRun.of("explain", "--model", MODEL, seven.toString(), "--method", "gradcam", "--json", "--out",
                tmp.resolve("plain").toString());
        assertEquals(0, plain.exitCode(), plain.err());
        JsonNode p = new ObjectMapper().readTree(plain.out()).get(0);
        assertFalse(p.get("eigen_smooth").asBoolean(), plain.out());
        assertFalse(s.get("box").equals(p.get("box")) && s.get("peak_xy").equals(p.get("peak_xy")),
                "smoothed " + s + " vs plain " + p);
    }

    /**
     * With Eigen-CAM, which is that projection already, explain and video refuse the flag before anything is read, as a
     * mistyped command line naming both options; explain --json still prints its one document; compare, which draws
     * Eigen-CAM as it is beside smoothed methods, refuses it when Eigen-CAM is the only method, and says so when the
     * others were skipped.
     */
    @Test
    void explainVideoAndCompareRefuseItWithEigenCamAlone() {
        String expected = "--eigen-smooth projects a method's weighted features on their first principal component;"
                + " --method eigencam is that projection of the features already: leave out --eigen-smooth, or choose"
                + " another method";
        CliRun explain = CliRun.of("explain", "--model", MODEL, seven.toString(), "--method", "eigencam", "--eigen-smooth",
                "--out", tmp.resolve("refused").toString());
        assertEquals(2, explain.exitCode(), explain.err());
        assertTrue(explain.err().contains(expected), explain.err());
        assertFalse(Files.exists(tmp.resolve("refused")), "nothing written");
        CliRun json = CliRun.of("explain", "--model", MODEL, seven.toString(), "--method", "eigencam", "--eigen-smooth",
                "--json", "--out", tmp.resolve("refused-json").toString());
        assertEquals(2, json.exitCode(), json.err());
        assertTrue(json.out().contains(expected.substring(0, 40)), json.out());
        CliRun video = CliRun.of("video", "--model", MODEL, "no-such-input.mp4", "--method", "eigencam", "--eigen-smooth",
                "--out", tmp.resolve("refused.mp4").toString());
        assertEquals(2, video.exitCode(), video.err());
        assertTrue(video.err().contains(expected), "said before the missing input: " + video.err());
        // compare draws Eigen-CAM as it is beside smoothed methods; with it alone the flag would do nothing.
        CliRun compare = CliRun.of("compare", "--model", MODEL, seven.toString(), "--methods", "eigencam",
                "--eigen-smooth", "--out", tmp.resolve("refused.png").toString());
        assertEquals(2, compare.exitCode(), compare.err());
        assertTrue(compare.err().contains("--eigen-smooth smooths the methods other than Eigen-CAM, but --methods names"
                + " only eigencam"), compare.err());
        assertFalse(Files.exists(tmp.resolve("refused.png")), "nothing written");
        // With cam skipped (a model without global average pooling), Eigen-CAM alone runs: drawn, and said.
        CliRun skipped = CliRun.of("compare", "--model", FLATTEN.toString(), seven.toString(), "--methods",
                "eigencam,cam", "--eigen-smooth", "--out", tmp.resolve("eigen-alone.png").toString());
        assertEquals(0, skipped.exitCode(), skipped.err());
        assertTrue(skipped.err().contains("--eigen-smooth smoothed nothing: the only method that ran, eigencam"),
                skipped.err());
    }

    /**
     * compare smooths every method but Eigen-CAM, titles them so, and draws Eigen-CAM as it is: smoothed Grad-CAM and
     * HiResCAM are one map on a pooled model (their weighted features are CAM's over 49), so they agree to a Spearman
     * of 1.000 and the same peak on every digit.
     */
    @Test
    void compareSmoothsEveryMethodButEigenCam() throws Exception {
        Path out = tmp.resolve("compare.png");
        CliRun run = CliRun.of("compare", "--model", MODEL, "--data", SharedData.mnist().toString(), "--first", "3",
                "--methods", "gradcam,hirescam,eigencam", "--eigen-smooth", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(1).startsWith("Grad-CAM (eigen-smooth) "), lines.get(1));
        assertTrue(lines.get(2).matches("HiResCAM \\(eigen-smooth\\) +\\d+\\.\\d\\d ms/picture  Spearman vs Grad-CAM"
                + " \\(eigen-smooth\\) 1\\.000 \\(3\\)  same peak 3/3 .*"), lines.get(2));
        assertTrue(lines.get(3).startsWith("Eigen-CAM "), lines.get(3));
        assertTrue(Files.size(out) > 0);
    }
}
