package io.github.cam4j.video;

import io.github.cam4j.cam.CamException;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.Invert;
import io.github.cam4j.cam.PixelRules;
import io.github.cam4j.cam.Target;
import io.github.cam4j.render.Box;
import io.github.cam4j.render.CamBox;
import io.github.cam4j.render.CaptionTitles;
import io.github.cam4j.render.Colormap;
import io.github.cam4j.render.Overlay;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.ModelLoadException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Explains the frames of one stream, one after the other: each frame is brought to the model (region of interest,
 * grey, {@link Scale scaled} so strokes are MNIST-sized, inverted when the picture is dark on light), fed at its own
 * size, and its class activation map is brought back to frame pixels. The model must accept any input size, as
 * models ending in global average pooling do (the bundled ones do), so the map localises digits anywhere in the frame.
 *
 * <pre>{@code
 * try (CamSession cam = CamSession.builder().setModel(Path.of("saved_models/mnist-pooled")).build();
 *      VideoExplainer explainer = VideoExplainer.builder().setSession(cam).optSmoothing(0.5).build()) {
 *     while (running) {
 *         try (Mat frame = nextFrame(); Mat shown = explainer.annotate(frame)) {
 *             show(shown);
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #explain(Mat)} keeps state between frames ({@code every}, smoothing) and so serves one stream from one
 * thread at a time (a call from a second thread while one is under way is refused); {@link #draw(Mat,
 * FrameExplanation)} is stateless and may run on another thread, as {@link VideoPipeline} does.
 */
public final class VideoExplainer implements AutoCloseable {
    private final CamSession session;
    private final boolean ownsSession;
    /** The stream's state between frames, and how each frame is explained. */
    private final StreamExplainer stream;
    /** Plain CAM beside a method whose maps cannot score windows ({@link CamWindows}), closed with this; or null. */
    private final CamSession windowsBy;
    private final Colormap colormap;
    private final double alpha;
    private final double threshold;
    /** The method's names for the captions, or null for none. */
    private final CaptionTitles methodTitles;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Whether a {@link VideoPipeline} run is explaining a stream with this explainer. */
    private final AtomicBoolean claimed = new AtomicBoolean();
    /** The thread changing the stream's state now ({@link #explain}, {@link #reset}), or null between calls. */
    private final AtomicReference<Thread> busy = new AtomicReference<>();

    private VideoExplainer(Builder b, CamSession session, boolean ownsSession) {
        checkTarget(b.target, session.model().classes());
        this.session = session;
        this.ownsSession = ownsSession;
        FramePreparer prepared = new FramePreparer(session.model().input(), b.invert, b.scale, b.roi,
                stride(session.model()), b.floor);
        StreamPreparer preparer = new StreamPreparer(b.notes != null && !session.inkKnown()
                ? prepared.withInkNotes(b.notes) : prepared, session.model().input());
        this.windowsBy = CamWindows.open(b.prediction, session).orElse(null);
        this.stream = new StreamExplainer(session, preparer, b.target, b.prediction, b.every, b.threshold, b.roi,
                new StreamHeat(b.smoothing, b.positiveHeat, b.roi == null), windowsBy);
        this.colormap = b.colormap;
        this.alpha = b.alpha;
        this.threshold = b.threshold;
        this.methodTitles = b.methodTitles;
    }

    /**
     * Checks a given class against the model as soon as it is open, whatever the prediction mode: the window mode
     * reads every class's map by index and would fail on the first frame (or, for -1, silently explain the predicted
     * class instead).
     */
    static void checkTarget(Target target, int classes) {
        target.problemFor(classes).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /** @return the model's feature stride when it is a whole number of pixels on both axes, else 1 */
    static int stride(CamModel model) {
        return model.featureGrid().map(g -> {
            long sy = Math.round(g.strideY());
            long sx = Math.round(g.strideX());
            boolean whole = sy == sx && sy >= 1 && sy <= 64 && Math.abs(g.strideY() - sy) < 1e-9
                    && Math.abs(g.strideX() - sx) < 1e-9;
            return whole ? (int) sy : 1;
        }).orElse(1);
    }

    /**
     * @return whether frames are captioned with the most confident digit-sized window's class and probability, as
     *     {@link Prediction#WINDOW} asks, by the session's own CAM maps or, for another method, by a plain CAM run beside
     *     it; false under {@link Prediction#REGION}, and on a model CAM cannot score windows with (no kernel, one
     *     output unit, a crop: see {@link Prediction#WINDOW}), whose frames are captioned with the region's prediction
     *     instead
     */
    public boolean scoresWindows() {
        return stream.scoresWindows();
    }

    /** @return a builder: {@code setSession} or {@code setModel} is required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Explains the next frame of the stream (or reuses the last map, between every {@code every}-th frame). Frames are
     * numbered as they are explained: a frame refused, or whose explanation failed or was stopped ({@link
     * io.github.cam4j.cam.ExplanationStoppedException}), takes no index; the next frame is the one it would have been.
     *
     * @param frame grey, grey with alpha, BGR or BGRA, 8-bit, 16-bit or float (0..1, single or double precision, as
     *     {@code CamSession} takes them) as {@link PixelRules} says; not modified, not kept
     * @return the explanation, map in frame pixels
     * @throws CamException when the model fails, or ({@link io.github.cam4j.cam.InvalidInputException}) when the
     *     frame's depth, channels or float range are not {@link PixelRules}'s, naming the frame by its index
     * @throws IllegalArgumentException when the frame is null or empty, the region of interest does not fit it, or the
     *     region, scaled as set ({@link Builder#optScale}), is smaller than the model takes or larger than it is fed
     *     ({@link #checkFrameSize} finds that before the first frame)
     * @throws IllegalStateException when it is closed (also when closed on another thread during this call), a
     *     {@link VideoPipeline} run is explaining a stream with it, or another thread is explaining a frame with it now
     *     (naming both threads)
     */
    public FrameExplanation explain(Mat frame) throws CamException {
        if (claimed.get()) {
            // A frame of the caller's own would take the next index of the run's stream and blend into its smoothing.
            throw new IllegalStateException("this VideoExplainer is explaining a stream for a VideoPipeline run; it keeps"
                    + " state between frames, so frames of your own need an explainer of their own");
        }
        return explainNext(frame);
    }

    /** {@link #explain} for the {@link VideoPipeline} run that claimed this explainer. */
    FrameExplanation explainClaimed(Mat frame) throws CamException {
        return explainNext(frame);
    }

    /**
     * {@link #explain} for the {@link VideoPipeline} run that claimed this explainer, of a frame whose pixels are shown
     * with this shape. A picture whose pixel shape differs from the frames' before it (a broadcast going from anamorphic
     * SD to square HD, or from 4:3 to 16:9 at the same 720x576) is fed as it is shown: its stream read the ratio once,
     * and fed what followed stretched. The automatic scale is measured again, as on a change of size, and the map of an
     * earlier frame is not reused for it.
     *
     * @param aspect the frame's pixel width over height as shown ({@link FrameSource#pictureAspect()})
     */
    FrameExplanation explainClaimed(Mat frame, double aspect) throws CamException {
        double a = aspect > 0 && Double.isFinite(aspect) ? aspect : 1;
        boolean entered = enter("explain a frame");
        try {
            stream.usePictureAspect(a);
            return explainNext(frame);
        } finally {
            leave(entered);
        }
    }

    private FrameExplanation explainNext(Mat frame) throws CamException {
        ensureOpen();
        checkFrame(frame);
        try (Mat single = FramePixels.singlePrecision(frame)) {
            // A double-precision frame is read as its single-precision copy, as CamSession reads a CV_64F picture: a
            // frame CamSession explained was refused here as "64-bit float".
            return explainChecked(single != null ? single : frame);
        }
    }

    private FrameExplanation explainChecked(Mat frame) throws CamException {
        boolean entered = enter("explain a frame");
        try {
            return stream.explain(frame);
        } catch (IllegalStateException e) {
            if (ownsSession && closed.get()) {
                // Closed on another thread after the check above: the refusal came from the session this explainer
                // opened, "this CamSession is closed", naming an object the caller never made.
                throw new IllegalStateException("this VideoExplainer is closed", e);
            }
            throw e;
        } finally {
            leave(entered);
        }
    }

    /**
     * Takes the stream's state for the calling thread. Two threads explaining at once interleaved their frames' indices,
     * smoothing and reused maps without a word, as two streams did before {@link #claim()}; one thread after another is
     * fine. A thread already inside (a notes sink calling back) goes on.
     *
     * @param what what the caller was doing, for the message
     * @return whether this call took it, so must {@link #leave} it
     * @throws IllegalStateException naming both threads, when another thread holds it
     */
    private boolean enter(String what) {
        Thread me = Thread.currentThread();
        Thread holder = busy.compareAndExchange(null, me);
        if (holder == null) {
            return true;
        }
        if (holder == me) {
            return false;
        }
        throw new IllegalStateException("thread \"" + me.getName() + "\" cannot " + what + " with this VideoExplainer"
                + " while thread \"" + holder.getName() + "\" is explaining a frame with it: it keeps state between"
                + " frames (smoothing, the reused map), so one thread at a time; build one per thread");
    }

    private void leave(boolean entered) {
        if (entered) {
            busy.set(null);
        }
    }

    /**
     * The model takes only pictures of the size it was made for, and the frame (or region) was fed at another. The
     * message says both sizes, and what works: a square region of interest ({@link Builder#optRoi}; of the model's
     * proportions for a model that is not square) with the automatic scale is fed at exactly the model's size.
     */
    public static final class InputSizeException extends VideoException {
        private static final long serialVersionUID = 1L;
        /** The height in pixels the model takes. */
        private final int modelHeight;
        /** The width in pixels the model takes. */
        private final int modelWidth;
        /** The message without what works, for a caller that says that in its own terms (the command line's options). */
        private final String problem;

        InputSizeException(String problem, int modelHeight, int modelWidth, Throwable cause) {
            // The remedy in the API's terms: a Java caller had only the sizes, and the command line's words were the
            // only ones that said what to do.
            super(problem + ": explain " + (modelHeight == modelWidth
                    ? "a square region of interest around the digit (VideoExplainer.Builder.optRoi, width = height)"
                    : "a region of interest of the model's proportions (VideoExplainer.Builder.optRoi)")
                    + " with the automatic scale (Scale.auto(), the default), which resizes it to " + modelWidth + "x"
                    + modelHeight, cause);
            this.problem = problem;
            this.modelHeight = modelHeight;
            this.modelWidth = modelWidth;
        }

        /** @return what failed, without what works: the model's size and the size the frame or region became */
        public String problem() {
            return problem;
        }

        /** @return the height the model takes */
        public int modelHeight() {
            return modelHeight;
        }

        /** @return the width the model takes */
        public int modelWidth() {
            return modelWidth;
        }
    }

    /**
     * Draws an explanation over its frame: heatmap, CAM box, a cross on the hottest point, the caption. With a region
     * of interest, the heatmap covers the region only and the region is outlined. Stateless: safe from any thread.
     *
     * @param frame the frame that was explained (of its size; with a region of interest, any frame holding the
     *     region); not modified
     * @param e its explanation
     * @return a new BGR 8-bit image of the frame's size; the caller closes it
     * @throws IllegalArgumentException when the frame is null or empty, its pixels are not what {@link #explain} takes
     *     ({@link PixelRules}: a depth, channel count, dimensions or float range it refuses), the explained region does
     *     not lie inside it, or (a whole frame's explanation) it is not the size of the frame explained
     * @throws NullPointerException naming it, when the explanation is null
     * @throws IllegalStateException when it is closed, as every other call of a closed explainer is refused
     */
    public Mat draw(Mat frame, FrameExplanation e) {
        return drawn(frame, e, true);
    }

    /** @return the method's names the captions end in where one fits ({@link Builder#optMethodTitles}), or null */
    CaptionTitles methodTitles() {
        return methodTitles;
    }

    /**
     * {@link #draw}, without a whole-frame explanation's caption: for a frame that is fitted into the output's size
     * after drawing, the caption drawn there instead ({@link VideoPipeline}).
     */
    Mat drawWithoutCaption(Mat frame, FrameExplanation e) {
        return drawn(frame, e, false);
    }

    /** {@link #draw} with or without a whole-frame explanation's caption. */
    private Mat drawn(Mat frame, FrameExplanation e, boolean caption) {
        ensureOpen();
        checkFrame(frame);
        try (Mat single = FramePixels.singlePrecision(frame)) {
            // Read as explain reads it.
            Mat pixels = single != null ? single : frame;
            checkDrawable(pixels);
            Objects.requireNonNull(e, "e is null: the explanation explain(frame) returned for this frame");
            return FrameRenderer.draw(pixels, e, colormap, alpha, threshold, caption, methodTitles);
        }
    }

    /**
     * Refuses to draw on a frame {@link #explain} would refuse: the drawing reads its pixels by {@link PixelRules} too,
     * which assumes they passed its check. A float frame of 0..255 was drawn white, signed pixels saturated, NaN
     * drawn black, a 3-dimensional Mat called "a -1x-1 frame", all without a word. The decoder's 8-bit BGR frames
     * pass without a look at their pixels.
     */
    private static void checkDrawable(Mat frame) {
        checkFrame(frame);
        if (frame.type() == org.bytedeco.opencv.global.opencv_core.CV_8UC3 && frame.dims() == 2) {
            return;
        }
        try {
            PixelRules.check(frame, "frame");
        } catch (io.github.cam4j.cam.InvalidInputException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** A missing frame is refused as an empty one is (as CamSession does), and named as missing. */
    private static void checkFrame(Mat frame) {
        if (frame == null) {
            throw new IllegalArgumentException("frame is null");
        }
        if (frame.isNull() || frame.empty()) {
            throw new IllegalArgumentException("frame is empty");
        }
    }

    /**
     * {@link #explain(Mat)} then {@link #draw(Mat, FrameExplanation)}.
     *
     * @param frame the next frame of the stream; not modified
     * @return a new annotated BGR image; the caller closes it
     * @throws CamException what {@link #explain} throws
     * @throws IllegalArgumentException what {@link #explain} or {@link #draw} throws
     * @throws IllegalStateException when it is closed, a {@link VideoPipeline} run is explaining a stream with it, or
     *     another thread is explaining a frame with it now
     */
    public Mat annotate(Mat frame) throws CamException {
        return draw(frame, explain(frame));
    }

    /**
     * Checks that frames of this size can be explained (region of interest inside, scaled size large enough).
     *
     * @throws IllegalArgumentException when not, naming the sizes
     */
    void checkFrameSize(int height, int width) {
        stream.checkFrameSize(height, width);
    }

    /**
     * Checks, without a model, that frames of this size can be explained with this scale and region: the region lies
     * inside the frame, and the scaled size is neither too small for a model nor so large that it would exhaust memory
     * (at most 2048x2048 pixels are fed). For a caller that wants to fail before loading a model; the explainer checks
     * again with the model's own rounding.
     *
     * @param scale the scale the explainer will use
     * @param roi the region of interest, or null for the whole frame
     * @param frameHeight the frames' rows
     * @param frameWidth the frames' columns
     * @throws IllegalArgumentException naming the region, the scale and the sizes when not, and when a frame size is
     *     below 1 (it was said as a Box "must not be negative, were 320x-240", of a box the caller never gave)
     * @throws NullPointerException naming it, when the scale is null
     */
    public static void checkFrameSize(Scale scale, Box roi, int frameHeight, int frameWidth) {
        Objects.requireNonNull(scale, "scale is null: e.g. Scale.auto()");
        if (frameHeight < 1 || frameWidth < 1) {
            throw new IllegalArgumentException("frame size " + frameHeight + "x" + frameWidth + " (height x width): both"
                    + " must be at least 1");
        }
        FramePreparer.fedSize(scale, roi, frameHeight, frameWidth, 1);
    }

    /**
     * Forgets the stream so far (smoothing, reused map, frame count, the measured scale): call it before explaining
     * another stream.
     *
     * @throws IllegalStateException when it is closed, or (naming both threads) when another thread is explaining a
     *     frame with it now
     */
    public void reset() {
        ensureOpen();
        restart();
    }

    /**
     * {@link #reset()} for a {@link VideoPipeline} run, also after close: the run sets the pixel shape back in its
     * {@code finally}, where a refusal would hide the run's own outcome from a caller that closed it meanwhile.
     */
    private void restart() {
        boolean entered = enter("reset the stream");
        try {
            stream.restart();
        } finally {
            leave(entered);
        }
    }

    /**
     * Feeds the frames of the stream to come with square pixels, and {@link #reset() forgets} the stream so far: an
     * anamorphic video's frames are widened by their pixel aspect as they are resized for the model. Maps, boxes and
     * windows are still given in the frame's stored pixels.
     *
     * @param aspect the frames' pixel width over height as shown ({@link FrameSource#pixelAspect()}); 1 for square
     */
    void usePixelAspect(double aspect) {
        stream.useStreamAspect(aspect);
        restart();
    }

    /** @return the session explaining the frames */
    public CamSession session() {
        return session;
    }

    /**
     * Claims this explainer for one stream, a {@link VideoPipeline} run: its state between frames (the every-n-th
     * cadence, smoothing, the measured scale) would mix two streams' maps without a word.
     *
     * @throws IllegalStateException when it is closed, its borrowed session was closed, or another run holds it
     */
    void claim() {
        ensureOpen();
        if (session.isClosed()) {
            // Before the output is opened, as a closed explainer is refused: the run failed on its first frame as
            // "explaining video V failed after 0 frames written to O: java.lang.IllegalStateException: ...", a
            // VideoException naming a file it then removed.
            throw new IllegalStateException("this VideoExplainer's CamSession, of model " + session.model().source()
                    + ", is closed: close the session after the runs that use it");
        }
        if (!claimed.compareAndSet(false, true)) {
            throw new IllegalStateException("this VideoExplainer is explaining another video; it keeps state between "
                    + "frames, so one stream at a time: build one per stream");
        }
    }

    /** Ends a {@link #claim()}. */
    void release() {
        claimed.set(false);
    }

    /** @return whether {@link #close()} was called: a {@link VideoPipeline}'s builder refuses a closed explainer */
    boolean isClosed() {
        return closed.get();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this VideoExplainer is closed");
        }
    }

    /** Closes the session when this explainer opened it; a borrowed session stays open. Idempotent. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        if (windowsBy != null) {
            windowsBy.close();
        }
        if (ownsSession) {
            session.close();
        }
    }

    /** Builds a {@link VideoExplainer}: required settings are {@code set…}, optional ones {@code opt…}. */
    public static final class Builder {
        private CamSession session;
        private Path modelDir;
        private Scale scale = Scale.auto();
        private Invert invert = Invert.AUTO;
        private java.util.function.Consumer<String> notes;
        private Box roi;
        private Target target = Target.predicted();
        private Prediction prediction = Prediction.WINDOW;
        private int every = 1;
        private double smoothing = 1.0;
        private boolean positiveHeat;
        private Colormap colormap = Colormap.DEFAULT;
        private double alpha = Overlay.DEFAULT_ALPHA;
        private double threshold = CamBox.DEFAULT_THRESHOLD;
        private double floor = FramePreparer.DEFAULT_FLOOR;
        private CaptionTitles methodTitles;

        private Builder() {}

        /**
         * @param opened a session the caller opened and closes; the explainer borrows it
         * @return this builder
         */
        public Builder setSession(CamSession opened) {
            this.session = Objects.requireNonNull(opened, "opened is null: an open CamSession");
            this.modelDir = null;
            return this;
        }

        /**
         * @param dir a SavedModel folder (cam4j's or Keras'), opened as {@link CamSession.Builder#setModel(Path)}
         *     opens it, for CAM; the explainer closes it with itself. For other load options or another method, open
         *     a {@link CamSession} and give it to {@link #setSession}
         * @return this builder
         */
        public Builder setModel(Path dir) {
            this.modelDir = Objects.requireNonNull(dir, "dir is null: a SavedModel folder");
            this.session = null;
            return this;
        }

        /**
         * @param s how frames are resized before the model sees them (default {@link Scale#auto()})
         * @return this builder
         */
        public Builder optScale(Scale s) {
            this.scale = Objects.requireNonNull(s, "s is null: e.g. Scale.auto()");
            return this;
        }

        /**
         * @param sink where a remark about the stream goes: for a model that does not say which ink it was trained on
         *     ({@link CamSession#inkKnown()} false), the first frame of dark ink on a light ground, which is fed as it
         *     is (default: none)
         * @return this builder
         */
        public Builder optNotes(java.util.function.Consumer<String> sink) {
            this.notes = java.util.Objects.requireNonNull(sink, "sink is null");
            return this;
        }

        /**
         * @param mode whether to invert intensities (default {@link Invert#AUTO}: when the region's border is light)
         * @return this builder
         */
        public Builder optInvert(Invert mode) {
            this.invert = Objects.requireNonNull(mode, "mode is null: e.g. Invert.AUTO");
            return this;
        }

        /**
         * @param fraction for a light-on-dark model, the frame's ground is taken off where it lies (paper, unevenly lit:
         *     {@link io.github.cam4j.cam.GreyLevels#withoutShading}) and intensities (after any inversion) below this
         *     fraction of white are cleared to 0, as MNIST's background is; in [0, 1), default
         *     {@value FramePreparer#DEFAULT_FLOOR}; 0 does neither and feeds the frame as it is
         * @return this builder
         */
        public Builder optBackgroundFloor(double fraction) {
            if (!(fraction >= 0 && fraction < 1)) {
                throw new IllegalArgumentException("background floor must be in [0, 1), got " + fraction);
            }
            this.floor = fraction;
            return this;
        }

        /**
         * @param region explain only this part of each frame, in frame pixels; null for the whole frame (the default)
         * @return this builder
         * @throws IllegalArgumentException naming the option and the region, when it is empty or its top-left corner is
         *     negative: no frame holds it (whether a region lies inside the frame is known once the frame size is)
         */
        public Builder optRoi(Box region) {
            // Refused here, as the other options are: a negative corner was taken and refused only at the first
            // frame, as a FrameSizeException, after the input had opened.
            if (region != null && region.isEmpty()) {
                throw new IllegalArgumentException("optRoi: region of interest " + region
                        + " (x,y,w,h) is empty: its width and height must be at least 1");
            }
            if (region != null && (region.x() < 0 || region.y() < 0)) {
                throw new IllegalArgumentException("optRoi: region of interest " + region
                        + " (x,y,w,h) has a negative corner: x and y are frame pixels, 0 or more");
            }
            this.roi = region;
            return this;
        }

        /**
         * @param t {@link Target#predicted()} (the default), {@link Target#of(int)} or {@link Target#topK(int)} (its
         *     first, most probable class is drawn)
         * @return this builder
         */
        public Builder optTarget(Target t) {
            Objects.requireNonNull(t, "t is null: e.g. Target.predicted()");
            if (t instanceof Target.PerImage) {
                throw new IllegalArgumentException("a per-image target does not apply to a stream of frames");
            }
            this.target = t;
            return this;
        }

        /**
         * @param p which class the caption names: the most confident digit-sized window's (the default; on a model
         *     CAM can score windows with, whatever the method, else the region's, as {@link Prediction#WINDOW} says) or
         *     the whole region's prediction; see {@link Prediction}
         * @return this builder
         */
        public Builder optPrediction(Prediction p) {
            this.prediction = Objects.requireNonNull(p, "p is null: e.g. Prediction.WINDOW");
            return this;
        }

        /**
         * @param n run the model on every n-th frame (frames 0, n, 2n...) and reuse its map in between; 1 (the
         *     default) explains every frame
         * @return this builder
         */
        public Builder optEvery(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("every must be at least 1, got " + n);
            }
            this.every = n;
            return this;
        }

        /**
         * @param a weight of the newest map in the exponential moving average of maps, in (0, 1]: 1 (the default)
         *     is no smoothing, 0.3 keeps much of the past and cuts flicker
         * @return this builder
         */
        public Builder optSmoothing(double a) {
            if (!(a > 0 && a <= 1)) {
                throw new IllegalArgumentException("smoothing must be in (0, 1] (1 = off), got " + a);
            }
            this.smoothing = a;
            return this;
        }

        /**
         * @param positive colour each map's positive part over its maximum (Grad-CAM's way: 0 the colormap's lowest
         *     colour in every frame, the box's cut a contour of the raw map) instead of the default: min-max over a
         *     region of interest, the part above the median over a whole frame
         * @return this builder
         */
        public Builder optPositiveHeat(boolean positive) {
            this.positiveHeat = positive;
            return this;
        }

        /**
         * @param titles the method's names for the frames' captions, longest first (as {@code explain}'s overlays take
         *     them): a caption ends in the longest that fits beside the class and probability on the frame ("7
         *     p=0.998  Grad-CAM"), its font down to {@link io.github.cam4j.render.CaptionLine#SMALLEST_SIZE} of its size
         *     where only that holds one ({@link io.github.cam4j.render.CaptionLine#of}), and is the class and probability
         *     alone where none fits; null (the default) or CAM's
         *     names leave every caption so. A Grad-CAM video's frames had said nothing of the method: a clip looked
         *     like CAM's.
         * @return this builder
         */
        public Builder optMethodTitles(CaptionTitles titles) {
            this.methodTitles = titles;
            return this;
        }

        /**
         * @param c the heatmap's colours (default {@link Colormap#DEFAULT})
         * @return this builder
         */
        public Builder optColormap(Colormap c) {
            this.colormap = Objects.requireNonNull(c, "c is null: e.g. Colormap.DEFAULT");
            return this;
        }

        /**
         * @param a heatmap weight over the frame, in [0, 1] (default {@value Overlay#DEFAULT_ALPHA})
         * @return this builder
         */
        public Builder optAlpha(double a) {
            if (!(a >= 0 && a <= 1)) {
                throw new IllegalArgumentException("alpha must be in [0, 1], got " + a);
            }
            this.alpha = a;
            return this;
        }

        /**
         * @param t CAM box threshold, fraction of the map's maximum in (0, 1] (default the paper's
         *     {@value CamBox#DEFAULT_THRESHOLD})
         * @return this builder
         */
        public Builder optBoxThreshold(double t) {
            if (!(t > 0 && t <= 1)) {
                throw new IllegalArgumentException("box threshold must be in (0, 1], got " + t);
            }
            this.threshold = t;
            return this;
        }

        /**
         * @return the explainer
         * @throws ModelLoadException when {@code setModel} names a folder that cannot be opened
         * @throws IllegalArgumentException when the target class is not one of the model's
         * @throws IllegalStateException when neither {@code setSession} nor {@code setModel} was given, or the session
         *     given is closed
         */
        public VideoExplainer build() throws ModelLoadException {
            if (session != null) {
                if (session.isClosed()) {
                    // Taken, it failed only at the first frame.
                    throw new IllegalStateException("setSession(...) was given a closed CamSession");
                }
                return new VideoExplainer(this, session, false);
            }
            if (modelDir == null) {
                throw new IllegalStateException("setSession(...) or setModel(...) is required");
            }
            CamSession opened = CamSession.builder().setModel(modelDir).optKeepInputSize(true).optInvert(invert).build();
            try {
                return new VideoExplainer(this, opened, true);
            } catch (RuntimeException e) {
                opened.close();
                throw e;
            }
        }
    }
}
