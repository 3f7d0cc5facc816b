package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A thread interrupted during one picture's many model runs gives them up with an {@link ExplanationStoppedException}
 * within a few runs, and the session explains as before. Before, the runs went on to the end: SS-CAM looked at nothing
 * until the picture was done (cam4j explain's Ctrl-C waited its 30 s and then halted the JVM).
 *
 * <p>The long run is a larger picture, its size kept ({@link CamSession.Builder#optKeepInputSize}): SS-CAM's masks are
 * the picture's size, so each of its rounds costs some 100 times a 28x28 digit's, while the
 * digit's 35 rounds on the same session take about a second, so the same session is checked before and after the stop.
 */
class ExplanationStoppedExceptionTest {
    private static final Path POOLED = SharedData.bundledModels().resolve("mnist-pooled");

    /**
     * The long run's picture side: 100 times a digit's pixels, so each SS-CAM round of 128 masked copies is three runs
     * (at most {@code ScoreCam.VALUES_PER_RUN}, 4 million values, each), and a stop waits for at most the run in flight.
     */
    private static final int SIDE = 280;

    /**
     * How long the stop may take once asked: it came 2.3 s (SS-CAM, a run of 51 masked copies in flight) and 1.3 s
     * (Smooth Grad-CAM++) after the interrupt here; 20 s leaves room for a busy machine, and is far below the whole
     * picture's runs, which on the old code were still going 40 s after the interrupt (SS-CAM's 35 rounds of three runs,
     * Smooth Grad-CAM++'s 10 000 runs).
     */
    private static final long STOP_SECONDS = 20;

    /** The thread explaining the long run; a run that does not stop (the old code) is left to the JVM's exit. */
    private Thread explaining;

    @Test
    void anInterruptedSsCamRunStopsWithinAFewRunsAndTheSessionExplainsAfter() throws Exception {
        CamSession cam = CamSession.builder().setModel(POOLED).optKeepInputSize(true)
                .optScoreCamVariant(ScoreCamVariant.ssCam()).build();
        try (Mat digit = digit(28)) {
            float[] before = cam.explain(digit).map().values();
            Stopped stopped = interruptedWhileExplaining(cam);
            assertInstanceOf(ExplanationStoppedException.class, stopped.thrown(), String.valueOf(stopped.thrown()));
            assertEquals("SS-CAM stopped: the explaining thread was interrupted", stopped.thrown().getMessage());
            assertTrue(stopped.flagLeftSet(), "the interrupt flag is left set for the caller's code to see");
            assertTrue(stopped.seconds() < STOP_SECONDS, "stopped " + stopped.seconds() + " s after the interrupt");
            // The same pictures, the same seeded noise, the same runs: the same map, to the bit.
            assertArrayEquals(before, cam.explain(digit).map().values(), 0f, "the session explains as before");
        } finally {
            closeUnlessStillExplaining(cam);
        }
    }

    /** Smooth Grad-CAM++'s noisy runs (its samples, up to 10 000 for one picture) stop as SS-CAM's do. */
    @Test
    void anInterruptedSmoothGradCamPlusPlusRunStops() throws Exception {
        CamSession cam = CamSession.builder().setModel(POOLED).optKeepInputSize(true)
                .optLoadOptions(LoadOptions.defaults().withGradients(GradientWeighting.SMOOTH_GRAD_CAM_PLUS_PLUS))
                .optSmoothGradNoise(new SmoothGradNoise(SmoothGradNoise.MAX_SAMPLES, 0.3, 0)).build();
        try {
            Stopped stopped = interruptedWhileExplaining(cam);
            assertInstanceOf(ExplanationStoppedException.class, stopped.thrown(), String.valueOf(stopped.thrown()));
            assertEquals("Smooth Grad-CAM++ stopped: the explaining thread was interrupted",
                    stopped.thrown().getMessage());
            assertTrue(stopped.seconds() < STOP_SECONDS, "stopped " + stopped.seconds() + " s after the interrupt");
        } finally {
            closeUnlessStillExplaining(cam);
        }
    }

    /**
     * The runs that a top-10 target adds for each further class stop as SS-CAM's rounds do: Grad-CAM's gradient runs,
     * the same over three layers, FullGrad's and Saliency's runs, and aug smoothing's variant runs (under CAM, whose
     * own run is one for every class, so the runs stopped are the variants'). Before, none looked at the flag: the
     * explanation returned, the interrupt ignored.
     *
     * <p>The picture's side is chosen so that the runs of a top 10 outlast the 2 s before the interrupt several times
     * over, and a stop waits for one run in flight: at 1400x1400 a further class's run took 0.5 to 2 s here (Grad-CAM,
     * FullGrad, Saliency; the three layers' runs fetch three gradients and make three maps, some 4 s). Aug smoothing's
     * runs are five variants each (its top 10: ten such runs after the picture's own), so its picture is 1000x1000, where
     * a run of five took some 1.5 s; at 1400x1400 its stop, waiting for one, came 16 s after the interrupt.
     */
    @ParameterizedTest(name = "{0}, {1}x{1}")
    @CsvSource({"Grad-CAM, 1400", "Grad-CAM over three layers, 1400", "FullGrad, 1400", "Saliency, 1400",
        "aug smoothing, 1000"})
    void anInterruptedTopKRunStops(String runs, int side) throws Exception {
        CamSession.Builder builder = CamSession.builder().setModel(POOLED).optKeepInputSize(true);
        LoadOptions gradCam = LoadOptions.defaults().withGradients(GradientWeighting.GRAD_CAM);
        String method = switch (runs) {
            case "Grad-CAM" -> {
                builder.optLoadOptions(gradCam);
                yield "Grad-CAM";
            }
            case "Grad-CAM over three layers" -> {
                builder.optLoadOptions(gradCam).optLayers(List.of("conv2d/Relu", "conv2d_1/Relu", "conv2d_2/Relu"));
                yield "Grad-CAM";
            }
            case "FullGrad" -> {
                builder.optPixelMethod(PixelMethod.fullGrad());
                yield "FullGrad";
            }
            case "Saliency" -> {
                builder.optPixelMethod(PixelMethod.saliency());
                yield PixelMethod.saliency().title();
            }
            default -> {
                builder.optAugSmooth(true);
                yield "aug smoothing";
            }
        };
        CamSession cam = builder.build();
        try {
            Stopped stopped = interruptedWhileExplaining(cam, side, Target.topK(10));
            assertInstanceOf(ExplanationStoppedException.class, stopped.thrown(), String.valueOf(stopped.thrown()));
            assertEquals(method + " stopped: the explaining thread was interrupted", stopped.thrown().getMessage());
            assertTrue(stopped.flagLeftSet(), "the interrupt flag is left set for the caller's code to see");
            assertTrue(stopped.seconds() < STOP_SECONDS, "stopped " + stopped.seconds() + " s after the interrupt");
        } finally {
            closeUnlessStillExplaining(cam);
        }
    }

    /**
     * Activation maximization's steps (one model run for all its pictures, and the regularizers' gradients, each) stop
     * as SS-CAM's rounds do. A million steps of the ten digits' pictures (28 and 114 came in the 2 s before the
     * interrupt here) outlast those 2 s and the 40 s waited after it many times over; a stop waits for the one step in
     * flight. Before, maximize looked at no flag: it was still drawing 40 s after the interrupt.
     */
    @Test
    void anInterruptedActivationMaximizationStopsBetweenTwoSteps() throws Exception {
        io.github.cam4j.savedmodel.CamModel model = io.github.cam4j.savedmodel.CamModelLoader.load(POOLED,
                LoadOptions.defaults().withGradCam());
        int steps = 1_000_000;
        ActivationMaximizer maximizer = ActivationMaximizer.builder().setModel(model)
                .setClasses(0, 1, 2, 3, 4, 5, 6, 7, 8, 9).optSteps(steps).build();
        try {
            Stopped stopped = interruptedWhileRunning(maximizer::maximize);
            assertInstanceOf(ExplanationStoppedException.class, stopped.thrown(), String.valueOf(stopped.thrown()));
            java.util.regex.Matcher said = java.util.regex.Pattern.compile("activation maximization stopped after"
                    + " (\\d+) of 1000000 steps: the maximizing thread was interrupted")
                    .matcher(stopped.thrown().getMessage());
            assertTrue(said.matches(), stopped.thrown().getMessage());
            // Steps were done in the 2 s before the interrupt, and far from all of them.
            int done = Integer.parseInt(said.group(1));
            assertTrue(done > 0 && done < steps, "stopped after " + done + " steps");
            assertTrue(stopped.flagLeftSet(), "the interrupt flag is left set for the caller's code to see");
            assertTrue(stopped.seconds() < STOP_SECONDS, "stopped " + stopped.seconds() + " s after the interrupt");
        } finally {
            // Closing the model waits for a step in flight: for ever, of a maximization that did not stop.
            if (!explaining.isAlive()) {
                model.close();
            }
        }
    }

    /** Closing a session waits for its runs in flight: minutes, or hours, of a run that did not stop. */
    private void closeUnlessStillExplaining(CamSession cam) {
        if (explaining == null || !explaining.isAlive()) {
            cam.close();
        }
    }

    /**
     * What a stopped explanation gave.
     *
     * @param thrown what explain threw (null: it returned)
     * @param flagLeftSet whether the thread's interrupt flag was still set when it caught it
     * @param seconds from the interrupt to the catch
     */
    private record Stopped(Throwable thrown, boolean flagLeftSet, double seconds) {}

    /**
     * Explains a {@link #SIDE} x {@link #SIDE} stroke on a thread of its own, interrupts that thread once it has been at it for 2 s (the
     * session's other work, preparing the picture and its clean run, takes less), and waits for it to end.
     */
    private Stopped interruptedWhileExplaining(CamSession cam) throws Exception {
        return interruptedWhileExplaining(cam, SIDE, Target.predicted());
    }

    /** As {@link #interruptedWhileExplaining(CamSession)}, a {@code side x side} stroke explained for {@code target}. */
    private Stopped interruptedWhileExplaining(CamSession cam, int side, Target target) throws Exception {
        return interruptedWhileRunning(() -> {
            // The picture is the thread's own, closed when it is done with it.
            try (Mat large = digit(side)) {
                cam.explain(List.of(large), target);
            }
        });
    }

    /** Long work run on the thread {@link #interruptedWhileRunning} interrupts. */
    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    /**
     * Runs {@code work} on a thread of its own, interrupts that thread once it has been at it for 2 s, and waits for it
     * to end.
     */
    private Stopped interruptedWhileRunning(Work work) throws Exception {
        CompletableFuture<Stopped> result = new CompletableFuture<>();
        // Set before the interrupt, which happens-before the thread sees it (JLS 17.4.4): read after, it is this.
        AtomicLong interruptedAt = new AtomicLong();
        explaining = new Thread(() -> {
            try {
                long start = System.nanoTime();
                work.run();
                System.out.printf("explained in %.1f s, not stopped%n", (System.nanoTime() - start) / 1e9);
                result.complete(new Stopped(null, Thread.currentThread().isInterrupted(), 0));
            } catch (Exception | Error e) {
                result.complete(new Stopped(e, Thread.currentThread().isInterrupted(),
                        (System.nanoTime() - interruptedAt.get()) / 1e9));
            }
        }, "explaining");
        explaining.setDaemon(true);
        explaining.start();
        Thread.sleep(2_000);
        assertTrue(explaining.isAlive(), "still explaining 2 s on: a long run to stop");
        interruptedAt.set(System.nanoTime());
        explaining.interrupt();
        // Waited for beyond the bound, so that a stop that comes late is said with its time.
        try {
            Stopped stopped = result.get(STOP_SECONDS * 2, TimeUnit.SECONDS);
            explaining.join();
            System.out.printf("stopped %.1f s after the interrupt: %s%n", stopped.seconds(), stopped.thrown());
            return stopped;
        } catch (TimeoutException e) {
            throw new AssertionError("still explaining " + STOP_SECONDS * 2 + " s after the interrupt", e);
        }
    }

    /** @return an MNIST-like stroke, a bright bar on black, on a {@code side x side} picture */
    /**
     * A list of pictures explained in several batches looks at the flag between them: under plain CAM, which makes each
     * picture's map from its batch's one run, a list of thousands of pictures ran to its end whatever the caller asked.
     * The flag is set before the call, so the stop's place is certain: the first batch (two pictures) is run, as a
     * call of one batch is, and the second is not. On the old code the five pictures were explained and returned.
     */
    @Test
    void aListOfPicturesStopsBetweenItsBatches() throws Exception {
        try (CamSession cam = CamSession.builder().setModel(POOLED).optMaxBatch(2).build();
                Mat digit = digit(28)) {
            List<Mat> five = java.util.Collections.nCopies(5, digit);
            Thread.currentThread().interrupt();
            try {
                ExplanationStoppedException e = org.junit.jupiter.api.Assertions.assertThrows(
                        ExplanationStoppedException.class, () -> cam.explain(five, Target.predicted()));
                assertEquals("explaining 5 pictures stopped after 2 of them: the explaining thread was interrupted",
                        e.getMessage());
                assertTrue(Thread.currentThread().isInterrupted(), "the flag is left set for the caller's code to see");
            } finally {
                Thread.interrupted();
            }
            // One batch is finished whatever the flag (as a picture's one run), and the session explains again.
            Thread.currentThread().interrupt();
            try {
                assertEquals(2, cam.explain(five.subList(0, 2), Target.predicted()).size());
            } finally {
                Thread.interrupted();
            }
            assertEquals(5, cam.explain(five, Target.predicted()).size());
        }
    }

    /**
     * explainPixels runs at most {@code optMaxBatch} pictures to a run as a list of Mats does, and looks at the flag
     * between its runs: it fed the whole array to one run whatever {@code optMaxBatch} said (2 048 canvases of 84x84
     * peaked at 3.8 GB resident with {@code optMaxBatch(16)} as with 256), so on the old code the five pictures were
     * explained with the flag set. Run two by two, each picture keeps its own target class, and its probabilities and
     * map are those of one run of all five within 1e-6 (a batched kernel sums in another order; values in [0, 1]).
     */
    @Test
    void pixelsAreRunAtMostMaxBatchToARunAndStopBetweenThem() throws Exception {
        int side = 28;
        float[] five = new float[5 * side * side];
        for (int p = 0; p < 5; p++) {
            // A bar at another place in each picture, so that a picture explained as another would show.
            for (int y = 6; y < 22; y++) {
                for (int x = 6 + 3 * p; x < 10 + 3 * p; x++) {
                    five[p * side * side + y * side + x] = 1f;
                }
            }
        }
        Target classes = Target.perImage(3, 1, 4, 1, 5);
        try (CamSession byTwo = CamSession.builder().setModel(POOLED).optMaxBatch(2).build();
                CamSession whole = CamSession.builder().setModel(POOLED).build()) {
            Thread.currentThread().interrupt();
            try {
                ExplanationStoppedException e = org.junit.jupiter.api.Assertions.assertThrows(
                        ExplanationStoppedException.class, () -> byTwo.explainPixels(five, 5, side, side, classes));
                assertEquals("explaining 5 pictures stopped after 2 of them: the explaining thread was interrupted",
                        e.getMessage());
            } finally {
                Thread.interrupted();
            }
            List<ImageExplanation> inThree = byTwo.explainPixels(five, 5, side, side, classes);
            List<ImageExplanation> inOne = whole.explainPixels(five, 5, side, side, classes);
            assertEquals(5, inThree.size());
            for (int p = 0; p < 5; p++) {
                CamResult a = inThree.get(p).first();
                CamResult b = inOne.get(p).first();
                assertEquals(b.classIndex(), a.classIndex(), "picture " + p + "'s target class");
                assertEquals(b.probability(), a.probability(), 1e-6, "picture " + p + "'s probability");
                float[] av = a.map().values();
                float[] bv = b.map().values();
                for (int i = 0; i < av.length; i++) {
                    assertEquals(bv[i], av[i], 1e-6, "picture " + p + "'s map at " + i);
                }
            }
        }
    }

    private static Mat digit(int side) {
        Mat digit = new Mat(side, side, opencv_core.CV_8UC1, new Scalar(0));
        try (Scalar white = new Scalar(255)) {
            opencv_imgproc.rectangle(digit, new Rect(side * 12 / 28, side * 6 / 28, side * 4 / 28, side * 16 / 28),
                    white, opencv_imgproc.FILLED, opencv_imgproc.LINE_8, 0);
        }
        return digit;
    }
}
