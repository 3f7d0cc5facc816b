package io.github.cam4j.bench;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.Target;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Score-CAM with its masked runs fed as each canvas's non-blank part against the same with every masked canvas fed
 * whole ({@code optSkipBlank(false)}), interleaved: each round times both on the same canvases (which goes first
 * alternates), both sessions opened as the command line opens Score-CAM (for a gradient method). A canvas is a test
 * digit on a black square, as {@code cam4j evaluate} draws them; the digits move from canvas to canvas.
 *
 * <p>Run: {@code java -cp ... io.github.cam4j.bench.ScoreCamCropInterleaved [model] [side] [canvases] [rounds]}.
 */
public final class ScoreCamCropInterleaved {
    private ScoreCamCropInterleaved() {}

    public static void main(String[] args) throws Exception {
        String model = args.length > 0 ? args[0] : "mnist-pooled";
        int side = args.length > 1 ? Integer.parseInt(args[1]) : 84;
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        float[][] canvases = canvases(side, count);
        Path dir = SharedData.bundledModels().resolve(model);
        LoadOptions options = LoadOptions.defaults().withGradCam();
        try (CamSession cropping = CamSession.builder().setModel(dir).optLoadOptions(options).optKeepInputSize(true)
                .optScoreCam(true).build();
                CamSession whole = CamSession.builder().setModel(dir).optLoadOptions(options).optKeepInputSize(true)
                        .optScoreCam(true).optSkipBlank(false).build()) {
            explainAll(cropping, canvases, side);
            explainAll(whole, canvases, side);
            double[] ratios = new double[rounds];
            double croppingTotal = 0;
            double wholeTotal = 0;
            for (int r = 0; r < rounds; r++) {
                long croppingNanos = 0;
                long wholeNanos = 0;
                for (int half = 0; half < 2; half++) {
                    boolean croppingNow = (r + half) % 2 == 0;
                    long t0 = System.nanoTime();
                    explainAll(croppingNow ? cropping : whole, canvases, side);
                    long elapsed = System.nanoTime() - t0;
                    if (croppingNow) {
                        croppingNanos = elapsed;
                    } else {
                        wholeNanos = elapsed;
                    }
                }
                ratios[r] = (double) wholeNanos / croppingNanos;
                croppingTotal += croppingNanos;
                wholeTotal += wholeNanos;
            }
            Arrays.sort(ratios);
            double explained = (double) rounds * count;
            System.out.printf(Locale.ROOT, "%s, %dx%d canvases: Score-CAM %.0f ms a canvas cropped, %.0f ms whole;"
                    + " speed-up per round: median %.2f (min %.2f, max %.2f, %d rounds of %d canvases)%n", model, side, side,
                    croppingTotal / 1e6 / explained, wholeTotal / 1e6 / explained, ratios[rounds / 2], ratios[0],
                    ratios[rounds - 1], rounds, count);
        }
    }

    /** One canvas at a time, as a caller explaining pictures one by one would. */
    private static void explainAll(CamSession session, float[][] canvases, int side) throws Exception {
        for (float[] canvas : canvases) {
            session.explainPixels(canvas, 1, side, side, Target.predicted());
        }
    }

    /** @return {@code count} canvases of {@code side x side}, each with one test digit, placed along the diagonal */
    private static float[][] canvases(int side, int count) throws Exception {
        float[] digits = BenchDigits.batch(count);
        float[][] out = new float[count][side * side];
        for (int i = 0; i < count; i++) {
            int at = count == 1 ? (side - 28) / 2 : i * (side - 28) / (count - 1);
            for (int r = 0; r < 28; r++) {
                System.arraycopy(digits, i * 784 + r * 28, out[i], (at + r) * side + at, 28);
            }
        }
        return out;
    }
}
