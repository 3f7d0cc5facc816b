package io.github.cam4j.eval;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.ImageExplanation;
import io.github.cam4j.cam.Target;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.FloatMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Which canvases raise a model's confidence when masked, by CAM and by uniform noise: the canvases behind
 * {@code evaluate}'s Increase in Confidence, which reports only the rate. It makes {@code evaluate}'s first
 * {@code count} plain canvases (its seeded order and placement, seed 42), masks each by its CAM (the true class's,
 * min-max normalised) and by the uniform-noise baseline, and prints every canvas whose probability rose, with the
 * quantiles of the model's probability of the true class on the canvases.
 *
 * <pre>
 * java -cp $CP io.github.cam4j.eval.ConfidenceRises saved_models/mnist-pooled 2000 ../shared/data/mnist
 * </pre>
 */
public final class ConfidenceRises {
    private static final long SEED = 42;
    private static final int BATCH = 100;

    private ConfidenceRises() {}

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args.length > 0 ? args[0] : "saved_models/mnist-pooled");
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        Path data = Path.of(args.length > 2 ? args[2] : "../shared/data/mnist");
        LabeledImages test = Dataset.openTest(data).test();
        int[] order = Sampling.sample(test.count(), test.count(), SEED);
        CanvasGenerator generator = new CanvasGenerator(test, CanvasGenerator.DEFAULT_SIZE, SEED);
        int size = generator.size();
        try (CamSession cam = CamSession.builder().setModel(model).optKeepInputSize(true).build()) {
            ModelInput input = new ModelInput(cam.model().input());
            Faithfulness faithfulness = new Faithfulness(new Predictor(cam.model(), 128), input, Faithfulness.DEFAULT_STEPS,
                    SEED);
            int camRises = 0;
            int noiseRises = 0;
            List<Double> confidences = new ArrayList<>();
            for (int from = 0; from < count; from += BATCH) {
                int n = Math.min(BATCH, count - from);
                List<Canvas> canvases = new ArrayList<>(n);
                List<float[]> pixels = new ArrayList<>(n);
                int[] labels = new int[n];
                for (int j = 0; j < n; j++) {
                    Canvas c = generator.plain(order[from + j]);
                    canvases.add(c);
                    pixels.add(c.pixels());
                    labels[j] = c.label();
                }
                List<ImageExplanation> explained = cam.explainPixels(input.batch(pixels), n, size, size,
                        Target.perImage(labels));
                List<FloatMap> camMaps = new ArrayList<>(n);
                List<FloatMap> noise = new ArrayList<>(n);
                for (int j = 0; j < n; j++) {
                    camMaps.add(explained.get(j).first().map());
                    noise.add(Baselines.uniformRandom(size, SEED, canvases.get(j).digitIndex()));
                }
                List<Faithfulness.Scores> byCam = faithfulness.measure(canvases, labels, camMaps);
                List<Faithfulness.Scores> byNoise = faithfulness.measure(canvases, labels, noise);
                for (int j = 0; j < n; j++) {
                    Faithfulness.Scores c = byCam.get(j);
                    Faithfulness.Scores u = byNoise.get(j);
                    confidences.add(c.y());
                    boolean camRose = c.logMasked() > c.logY();
                    boolean noiseRose = u.logMasked() > u.logY();
                    camRises += camRose ? 1 : 0;
                    noiseRises += noiseRose ? 1 : 0;
                    if (camRose || noiseRose) {
                        System.out.printf(Locale.ROOT, "canvas %d (test digit %d, a %d, read as %d): p %.4f; masked by CAM %.4f%s,"
                                + " by uniform noise %.4f%s%n", from + j, canvases.get(j).digitIndex(), labels[j],
                                explained.get(j).predicted(), c.y(), c.masked(), camRose ? " (rise)" : "", u.masked(),
                                noiseRose ? " (rise)" : "");
                    }
                }
            }
            Collections.sort(confidences);
            int n = confidences.size();
            System.out.printf(Locale.ROOT, "probability of the true class on the %d canvases: 1%% %.3f, 10%% %.3f, median %.3f, "
                    + "90%% %.3f%n", n, confidences.get(n / 100), confidences.get(n / 10), confidences.get(n / 2),
                    confidences.get(n * 9 / 10));
            System.out.printf(Locale.ROOT, "rises: CAM %d, uniform noise %d of %d canvases%n", camRises, noiseRises, n);
        }
    }
}
