package io.github.cam4j.cam;

/**
 * An explanation given up because its thread was interrupted ({@link Thread#interrupt()}): the methods that run the
 * model many times per picture (Score-CAM and its SS-CAM and IS-CAM variants, Ablation-CAM, occlusion, Smooth
 * Grad-CAM++, SmoothGrad, Integrated Gradients), the further runs of a top-k target (one per further class: the gradient
 * methods, FullGrad, Saliency, Gradient x Input, several layers'), aug smoothing's variant runs, a list of pictures'
 * batches and activation maximization's steps ({@link ActivationMaximizer#maximize}) look at the calling thread's
 * interrupt flag before each of those runs, and stop at the first they find it set. Nothing is returned for the
 * pictures of the call; the session (or the maximizer's model) is left as it was and explains again. The flag is
 * left set, as a caller's code above may want to see it: clear it ({@link Thread#interrupted()}) before explaining
 * again on the same thread.
 *
 * <p>Only the thread that called {@code explain} (or {@code maximize}) is looked at; a stop is asked of that thread,
 * e.g. {@code explaining.interrupt()} from a Ctrl-C hook or a user interface's Cancel button.
 */
public class ExplanationStoppedException extends CamException {
    private static final long serialVersionUID = 1L;

    /** @param message what was stopped, and where */
    public ExplanationStoppedException(String message) {
        super(message);
    }

    /**
     * Throws when the calling thread has been interrupted, leaving its flag set; called before each of a method's many
     * model runs per picture. Only the flag is read: a run already in TensorFlow finishes first, one run of the many.
     *
     * @param method the method whose runs are stopped, for the message (e.g. "SS-CAM")
     * @throws ExplanationStoppedException when the thread is interrupted
     */
    static void ifInterrupted(String method) throws ExplanationStoppedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new ExplanationStoppedException(method + " stopped: the explaining thread was interrupted");
        }
    }
}
