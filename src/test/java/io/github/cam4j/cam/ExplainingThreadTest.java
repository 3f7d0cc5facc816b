package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/**
 * {@link ExplainingThread} reaches a thread inside its explain call, and only there, and leaves no interrupt behind the
 * call. The stop itself is the library's ({@link ExplanationStoppedExceptionTest}); the CLI's and the video pipeline's
 * use of it are StopSignalTest's and VideoPipelineTest's.
 */
class ExplainingThreadTest {
    private static final Path POOLED = SharedData.bundledModels().resolve("mnist-pooled");

    @Test
    void anInterruptOutsideACallReachesNothing() throws Exception {
        ExplainingThread explaining = new ExplainingThread();
        explaining.interrupt();
        assertFalse(Thread.currentThread().isInterrupted(), "the caller's own thread is not interrupted");
        assertEquals("done", explaining.explain(() -> {
            assertFalse(Thread.currentThread().isInterrupted(), "an interrupt before the call does not carry into it");
            return "done";
        }));
    }

    /**
     * An interrupt the thread had before the call, not this object's (an executor's shutdownNow between two calls), is
     * left set after it: cleared on the way out of a plain-CAM call, which finishes whatever the flag, it was lost, and
     * a worker loop that checks its flag between pictures went on explaining.
     */
    @Test
    void anInterruptFromElsewhereBeforeTheCallOutlivesIt() throws Exception {
        try (CamSession cam = CamSession.builder().setModel(POOLED).build();
                Mat blank = new Mat(28, 28, opencv_core.CV_8UC1, new Scalar(0))) {
            ExplainingThread explaining = new ExplainingThread();
            Thread.currentThread().interrupt();
            try {
                assertEquals(28, explaining.explain(() -> cam.explain(blank)).height(), "a CAM call finishes");
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt from before the call is still set");
            } finally {
                Thread.interrupted();
            }
        }
    }

    /**
     * SS-CAM with 1000 rounds on one digit (some 1000 runs, minutes) is stopped by {@code interrupt} from another thread
     * once the call has started, and the caller's thread comes out of the call with its flag cleared.
     */
    @Test
    void anInterruptInsideACallStopsItAndIsClearedOnTheWayOut() throws Exception {
        try (CamSession cam = CamSession.builder().setModel(POOLED)
                .optScoreCamVariant(ScoreCamVariant.ssCam(1000, 2.0, 0)).build();
                Mat digit = new Mat(28, 28, opencv_core.CV_8UC1, new Scalar(0))) {
            try (Scalar white = new Scalar(255)) {
                // A bright bar, an MNIST-like stroke: a picture with evidence to score.
                opencv_imgproc.rectangle(digit, new Rect(12, 6, 4, 16), white, opencv_imgproc.FILLED,
                        opencv_imgproc.LINE_8, 0);
            }
            ExplainingThread explaining = new ExplainingThread();
            CountDownLatch inside = new CountDownLatch(1);
            Thread canceller = new Thread(() -> {
                try {
                    inside.await();
                    explaining.interrupt();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "canceller");
            canceller.start();
            long start = System.nanoTime();
            assertThrows(ExplanationStoppedException.class, () -> explaining.explain(() -> {
                inside.countDown();
                return cam.explain(List.of(digit), Target.predicted());
            }));
            canceller.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(Thread.currentThread().isInterrupted(), "the flag is cleared on the way out of the call");
            // The stop waits for one run in flight (a fraction of a second for a digit); 20 s allows a busy machine.
            assertTrue((System.nanoTime() - start) / 1e9 < 20, "stopped within 20 s");
        }
    }
}
