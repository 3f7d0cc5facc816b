package io.github.cam4j.bench;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.Target;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.model.TensorData;
import io.github.cam4j.testing.SharedData;
import java.util.Arrays;
import java.util.Locale;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * CAM against plain inference, interleaved: each round times a few plain batches, then a few CAM batches, on the
 * same session and digits (which goes first alternates from round to round), and the ratio is taken per round. On a shared machine whose load drifts over minutes,
 * rounds seconds apart see the same load, which JMH's one-benchmark-after-the-other order does not guarantee.
 *
 * <p>Run: {@code java -cp ... io.github.cam4j.bench.CamVsPlainInterleaved [model] [batch] [rounds] [method]}, the
 * model a bundled model's name ({@code mnist-pooled}) or a SavedModel's folder taking 28x28 grey pictures
 * ({@code ../shared/data/keras-savedmodels/mnist-flatten-dense}), fed the digits in its own input scale; the
 * method one of {@code cam} (the default), {@code gradcam}, {@code gradcam++}, {@code xgradcam}, {@code hirescam},
 * {@code layercam}, {@code gradcam-elementwise}, {@code finercam}, {@code shapleycam}, {@code scorecam},
 * {@code eigencam}, {@code fem}, {@code kpcacam}, {@code randomcam}, {@code smoothgradcam++}, {@code sscam},
 * {@code iscam} (their default settings), {@code ablationcam},
 * {@code occlusion} (patches of 4, tf-explain's grey), or the pixel attribution methods {@code saliency},
 * {@code gradxinput}, {@code smoothgrad}, {@code ig} (their default settings), {@code fullgrad}, opened as {@code cam4j explain
 * --method} opens it; {@code scorecam:N} is Faster Score-CAM, N channels scored ({@code --scorecam-channels N}).
 */
public final class CamVsPlainInterleaved {
    private CamVsPlainInterleaved() {}

    public static void main(String[] args) throws Exception {
        String model = args.length > 0 ? args[0] : "mnist-pooled";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        String given = args.length > 3 ? args[3] : "cam";
        // scorecam:N, Faster Score-CAM: Score-CAM scoring N channels a picture.
        String method = given.startsWith("scorecam:") ? "scorecam" : given;
        int scoreCamChannels = given.startsWith("scorecam:") ? Integer.parseInt(given.substring(9)) : 0;
        int perRound = Math.max(1, 512 / batch);
        float[] pixels = BenchDigits.batch(batch);
        // A folder is a SavedModel of its own; a name, a bundled model.
        java.nio.file.Path folder = java.nio.file.Path.of(model);
        java.nio.file.Path location = java.nio.file.Files.isDirectory(folder) ? folder
                : SharedData.bundledModels().resolve(model);
        boolean scoreCam = method.equals("scorecam");
        boolean eigenCam = method.equals("eigencam");
        boolean ablationCam = method.equals("ablationcam");
        io.github.cam4j.cam.Occlusion occlusion = method.equals("occlusion")
                ? io.github.cam4j.cam.Occlusion.of(io.github.cam4j.cam.Occlusion.DEFAULT_PATCH) : null;
        io.github.cam4j.cam.FeatureMethod feature = switch (method) {
            case "fem" -> io.github.cam4j.cam.FeatureMethod.fem(io.github.cam4j.cam.FeatureMethod.DEFAULT_FEM_K);
            case "kpcacam" -> io.github.cam4j.cam.FeatureMethod.kpcaCam(io.github.cam4j.cam.KpcaKernel.SIGMOID);
            case "randomcam" -> io.github.cam4j.cam.FeatureMethod.randomCam(
                    io.github.cam4j.cam.FeatureMethod.DEFAULT_RANDOM_SEED);
            default -> null;
        };
        io.github.cam4j.cam.PixelMethod pixel = switch (method) {
            case "saliency" -> io.github.cam4j.cam.PixelMethod.saliency();
            case "gradxinput" -> io.github.cam4j.cam.PixelMethod.gradientTimesInput();
            case "smoothgrad" -> io.github.cam4j.cam.PixelMethod.smoothGrad(io.github.cam4j.cam.PixelMethod.DEFAULT_SAMPLES,
                    io.github.cam4j.cam.PixelMethod.DEFAULT_NOISE, io.github.cam4j.cam.PixelMethod.DEFAULT_SEED);
            case "ig" -> io.github.cam4j.cam.PixelMethod.integratedGradients(io.github.cam4j.cam.PixelMethod.DEFAULT_STEPS);
            case "fullgrad" -> io.github.cam4j.cam.PixelMethod.fullGrad();
            default -> null;
        };
        GradientWeighting weighting = switch (method) {
            case "cam" -> null;
            case "gradcam", "scorecam", "eigencam", "fem", "kpcacam", "randomcam", "ablationcam", "sscam", "iscam",
                    "occlusion", "saliency", "gradxinput", "smoothgrad", "ig", "fullgrad" ->
                    GradientWeighting.GRAD_CAM;
            case "gradcam++" -> GradientWeighting.GRAD_CAM_PLUS_PLUS;
            case "xgradcam" -> GradientWeighting.XGRAD_CAM;
            case "hirescam" -> GradientWeighting.HIRES_CAM;
            case "layercam" -> GradientWeighting.LAYER_CAM;
            case "gradcam-elementwise" -> GradientWeighting.GRAD_CAM_ELEMENT_WISE;
            case "finercam" -> GradientWeighting.FINER_CAM;
            case "shapleycam" -> GradientWeighting.SHAPLEY_CAM;
            case "smoothgradcam++" -> GradientWeighting.SMOOTH_GRAD_CAM_PLUS_PLUS;
            default -> throw new IllegalArgumentException("method '" + method + "' is not one of cam, gradcam, gradcam++,"
                    + " xgradcam, hirescam, layercam, gradcam-elementwise, finercam, shapleycam, scorecam, eigencam,"
                    + " fem, kpcacam, randomcam, ablationcam, smoothgradcam++, sscam, iscam, occlusion, saliency, gradxinput,"
                    + " smoothgrad, ig, fullgrad");
        };
        io.github.cam4j.cam.ScoreCamVariant variant = method.equals("sscam") ? io.github.cam4j.cam.ScoreCamVariant.ssCam()
                : method.equals("iscam") ? io.github.cam4j.cam.ScoreCamVariant.isCam() : null;
        LoadOptions options = weighting == null ? LoadOptions.defaults() : LoadOptions.defaults().withGradients(weighting);
        try (CamSession cam = CamSession.builder().setModel(location).optLoadOptions(options)
                .optScoreCam(scoreCam).optScoreCamChannels(scoreCamChannels).optEigenCam(eigenCam).optAblationCam(ablationCam).optFeatureMethod(feature).optPixelMethod(pixel)
                .optOcclusion(occlusion)
                .optScoreCamVariant(variant).build()) {
            // The digits are 0..1, the bundled models' scale: brought to 0..255 and then to the model's own input.
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] *= 255f;
            }
            cam.model().input().toModelInput(pixels);
            double[] ratios = new double[rounds];
            double plainTotal = 0;
            double camTotal = 0;
            for (int warm = 0; warm < 3; warm++) {
                plain(cam, pixels, batch);
                cam.explainPixels(pixels, batch, 28, 28, Target.predicted());
            }
            for (int r = 0; r < rounds; r++) {
                // Alternate which goes first, so that neither always inherits the other's caches or clock.
                long plainNanos = 0;
                long camNanos = 0;
                for (int half = 0; half < 2; half++) {
                    boolean plainNow = (r + half) % 2 == 0;
                    long t0 = System.nanoTime();
                    for (int i = 0; i < perRound; i++) {
                        if (plainNow) {
                            plain(cam, pixels, batch);
                        } else {
                            cam.explainPixels(pixels, batch, 28, 28, Target.predicted());
                        }
                    }
                    long elapsed = System.nanoTime() - t0;
                    if (plainNow) {
                        plainNanos = elapsed;
                    } else {
                        camNanos = elapsed;
                    }
                }
                ratios[r] = (double) plainNanos / camNanos;
                plainTotal += plainNanos;
                camTotal += camNanos;
            }
            Arrays.sort(ratios);
            double images = (double) rounds * perRound * batch;
            System.out.printf(Locale.ROOT, "%s batch %d: plain %.0f img/s, %s %.0f img/s; ratio per round: median %.3f"
                    + " (min %.3f, max %.3f, %d rounds)%n", model, batch, images / (plainTotal / 1e9), method,
                    images / (camTotal / 1e9), ratios[rounds / 2], ratios[0], ratios[rounds - 1], rounds);
        }
    }

    /** Plain inference: the batch's probabilities through the model's own output (its logits if it has none). */
    static float[] plain(CamSession cam, float[] pixels, int batch) {
        var tensors = cam.model().tensors();
        try (TFloat32 x = TensorData.floats(Shape.of(batch, 28, 28, 1), pixels);
                Result r = cam.model().session().runner().feed(tensors.input(), x)
                        .fetch(tensors.probabilities() != null ? tensors.probabilities() : tensors.logits()).run()) {
            return TensorData.toArray(r.get(0));
        }
    }
}
