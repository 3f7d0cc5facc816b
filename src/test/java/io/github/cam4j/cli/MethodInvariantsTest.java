package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cam4j.cam.CamResult;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.ImageExplanation;
import io.github.cam4j.cam.Target;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.testing.SharedData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * What a user relies on of every {@code --method}, with every smoothing and both fusions of {@code --layers}, on the
 * bundled pooled model and real MNIST test digits: a picture's explanation does not depend on what else is in its
 * batch, on the batch's order, on what the session explained before, or on other threads explaining at the same time
 * (CamSession's javadoc promises thread safety). Each session is made as {@code explain} makes it, from the parsed
 * options, so the methods are the command line's own.
 *
 * <p>The batch holds more pictures than BatchRun's threshold for explaining them on parallel threads (8), so the batch
 * is explained in parallel and the singles are not.
 */
class MethodInvariantsTest {
    static final String MODEL = SharedData.bundledModels().resolve("mnist-pooled").toString();
    /** The pooled model's second convolution (14x14 cells) and its last (7x7), as inspect lists them. */
    static final String TWO = "conv2d_1/Relu,conv2d_2/Relu";
    /** More than BatchRun's PARALLEL_FROM (8), so that the batch runs its pictures on parallel threads. */
    static final int BATCH = 10;
    /** Callers on one session at the same time. */
    static final int CALLERS = 3;

    static final List<Mat> digits = new ArrayList<>();

    @BeforeAll
    static void readDigits() throws Exception {
        LabeledImages test = Dataset.openTest(SharedData.mnist()).test();
        for (int i = 0; i < BATCH; i++) {
            digits.add(ArticleFigure.digit(test, i));
        }
    }

    @AfterAll
    static void closeDigits() {
        digits.forEach(Mat::close);
    }

    /** @return every method alone, then the smoothings and the two fusions of layers on methods they apply to */
    static Stream<Arguments> configurations() {
        List<Arguments> all = new ArrayList<>();
        for (String method : MethodNames.ALL) {
            List<String> options = new ArrayList<>(List.of("--method", method));
            // SS-CAM's 35 noisy rounds and IS-CAM's 10 steps are most of the class's time; fewer exercise the same code
            // (each round seeded, each step a scaled mask) at a fifth of it.
            if (method.equals("sscam")) {
                options.addAll(List.of("--sscam-samples", "5"));
            } else if (method.equals("iscam")) {
                options.addAll(List.of("--iscam-steps", "3"));
            }
            all.add(Arguments.of(method, options));
        }
        all.add(Arguments.of("gradcam --eigen-smooth", List.of("--method", "gradcam", "--eigen-smooth")));
        all.add(Arguments.of("gradcam --aug-smooth", List.of("--method", "gradcam", "--aug-smooth")));
        all.add(Arguments.of("scorecam --aug-smooth", List.of("--method", "scorecam", "--aug-smooth")));
        all.add(Arguments.of("gradcam --layers", List.of("--method", "gradcam", "--layers", TWO)));
        all.add(Arguments.of("layercam --layers torch-cam",
                List.of("--method", "layercam", "--layers", TWO, "--layers-form", "torch-cam")));
        all.add(Arguments.of("gradcam++ --layers --aug-smooth",
                List.of("--method", "gradcam++", "--layers", TWO, "--aug-smooth")));
        all.add(Arguments.of("layercam --layers torch-cam --aug-smooth",
                List.of("--method", "layercam", "--layers", TWO, "--layers-form", "torch-cam", "--aug-smooth")));
        all.add(Arguments.of("refinecam --layers", List.of("--method", "refinecam", "--layers", TWO)));
        all.add(Arguments.of("refinecam --layers --refine-form torch-cam",
                List.of("--method", "refinecam", "--layers", TWO, "--refine-form", "torch-cam")));
        return all.stream();
    }

    /** @return a session over the bundled pooled model, as {@code explain} opens it for {@code options} */
    private static CamSession open(List<String> options) throws Exception {
        List<String> args = new ArrayList<>(List.of("--model", MODEL, "--out", "unused"));
        args.addAll(options);
        ExplainCommand explain = new ExplainCommand();
        new CommandLine(explain).parseArgs(args.toArray(new String[0]));
        explain.modelOptions.layers = explain.layers;
        explain.modelOptions.layersForm = explain.layersForm;
        return explain.modelOptions.open(false, warning -> { });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void aPicturesExplanationIsItsOwn(String name, List<String> options) throws Exception {
        try (CamSession cam = open(options)) {
            List<ImageExplanation> batch = cam.explain(digits, Target.predicted());

            // The same call again: seeded methods (randomcam, smoothgrad, Smooth Grad-CAM++, SS-CAM...) draw the same
            // noise whatever the session did before. Same graph, same feed: TensorFlow's CPU kernels repeat to the bit.
            assertSame(batch, cam.explain(digits, Target.predicted()), 0, name + ", called again");

            // Each picture alone. The model then runs on a batch of 1 instead of 10, and TensorFlow's convolution and
            // matrix kernels may then block their sums differently: float32 rounding of sums of some hundred terms,
            // a few units in the 6th digit, so 1e-4 of the map's largest magnitude is far above that and far below
            // any difference a picture would show.
            List<ImageExplanation> singles = new ArrayList<>();
            for (Mat digit : digits) {
                singles.add(cam.explain(List.of(digit), Target.predicted()).get(0));
            }
            assertSame(batch, singles, 1e-4, name + ", each picture alone");

            // The batch reversed: the same per picture, up to the same rounding (each sits elsewhere in the batch).
            List<Mat> reversed = new ArrayList<>(digits);
            Collections.reverse(reversed);
            List<ImageExplanation> backwards = new ArrayList<>(cam.explain(reversed, Target.predicted()));
            Collections.reverse(backwards);
            assertSame(batch, backwards, 1e-4, name + ", the batch reversed");

            // Several callers at once on the one session get what one caller gets: the same feeds, to the bit.
            ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
            try {
                List<Future<List<ImageExplanation>>> calls = new ArrayList<>();
                for (int c = 0; c < CALLERS; c++) {
                    calls.add(pool.submit(() -> cam.explain(digits, Target.predicted())));
                }
                for (int c = 0; c < CALLERS; c++) {
                    assertSame(batch, calls.get(c).get(), 0, name + ", caller " + c + " of " + CALLERS + " at once");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * Asserts the same class, probability and maps per picture: cells and the map on the picture, each within
     * {@code relative} of the largest magnitude among the expected map's values.
     */
    private static void assertSame(List<ImageExplanation> expected, List<ImageExplanation> actual, double relative,
            String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            ImageExplanation e = expected.get(i);
            ImageExplanation a = actual.get(i);
            String digit = what + ", digit " + i;
            assertEquals(e.predicted(), a.predicted(), digit + ": predicted class");
            assertArrayEquals(e.probabilities(), a.probabilities(), (float) (relative * 1e-1), digit + ": probabilities");
            assertEquals(e.maps().size(), a.maps().size(), digit + ": maps");
            for (int m = 0; m < e.maps().size(); m++) {
                CamResult em = e.maps().get(m);
                CamResult am = a.maps().get(m);
                assertEquals(em.classIndex(), am.classIndex(), digit + ": class of map " + m);
                assertClose(em.rawMap().values(), am.rawMap().values(), relative, digit + ": cells of map " + m);
                assertClose(em.map().values(), am.map().values(), relative, digit + ": map " + m + " on the picture");
            }
        }
    }

    private static void assertClose(float[] expected, float[] actual, double relative, String what) {
        float largest = 0;
        for (float v : expected) {
            largest = Math.max(largest, Math.abs(v));
        }
        assertArrayEquals(expected, actual, (float) (relative * largest), what);
    }
}
