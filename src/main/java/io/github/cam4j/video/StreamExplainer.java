package io.github.cam4j.video;

import io.github.cam4j.cam.CamException;
import io.github.cam4j.cam.CamResult;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.FedSizeException;
import io.github.cam4j.cam.PixelRules;
import io.github.cam4j.cam.SeenPart;
import io.github.cam4j.cam.Target;
import io.github.cam4j.render.Box;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.Placement;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.video.VideoExplainer.InputSizeException;
import java.util.List;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Explains one stream's frames in order, for {@link VideoExplainer}: counts them, runs the model on every {@code
 * every}-th one and reuses its map between, and brings each map back to frame pixels (the caption's class and window
 * by {@link WindowChoice}, the cells drawn by {@link StreamHeat}). Keeps that state between frames, so one stream from
 * one thread at a time.
 */
final class StreamExplainer {
    private final CamSession session;
    /** The frame preparer of the stream: its pixel shape, the automatic scale measured on it. */
    private final StreamPreparer preparer;
    private final Target target;
    private final int every;
    private final double threshold;
    /** The region of interest, or null for the whole frame: for what a failure says was fed. */
    private final Box roi;
    private final StreamHeat heat;
    /**
     * The session whose maps score the windows: the method's own (CAM), a plain CAM session beside it whose own maps
     * cannot ({@link CamWindows}), or null where no window is scored. Decided once: the session and the prediction do
     * not change between frames.
     */
    private final CamSession scorer;

    private long nextIndex;
    private FrameExplanation last;
    /** The region {@link #last} was explained for (its own region is the part seen, for a model that crops). */
    private Box lastRegion;

    /**
     * @param session runs the model
     * @param preparer brings each frame to the model
     * @param target the class explained
     * @param prediction which class the caption names
     * @param every run the model on every n-th frame
     * @param threshold the CAM box's threshold, which each explanation carries
     * @param roi the region of interest, or null for the whole frame
     * @param heat turns each map into the cells drawn
     * @param windowsBy a plain CAM session on the same model that scores the windows {@code session}'s maps cannot
     *     ({@link CamWindows}), or null
     */
    StreamExplainer(CamSession session, StreamPreparer preparer, Target target, Prediction prediction, int every,
            double threshold, Box roi, StreamHeat heat, CamSession windowsBy) {
        this.session = session;
        this.preparer = preparer;
        this.target = target;
        this.every = every;
        this.threshold = threshold;
        this.roi = roi;
        this.heat = heat;
        this.scorer = WindowChoice.applies(prediction, session) ? session : windowsBy;
    }

    /** @return whether frames are captioned with their most confident window's prediction ({@link WindowChoice}) */
    boolean scoresWindows() {
        return scorer != null;
    }

    /**
     * Explains the next frame of the stream (or reuses the last map, between every {@code every}-th frame).
     *
     * @param frame a frame that is neither null nor empty
     * @return the explanation, map in frame pixels
     * @throws CamException as {@link VideoExplainer#explain} says
     */
    FrameExplanation explain(Mat frame) throws CamException {
        // CamSession's pixel rule, so the same Mat is read alike as a picture and as a frame.
        PixelRules.check(frame, "frame " + nextIndex);
        // Counted once explained: a refused frame, or one whose runs failed or were stopped by an interrupt, was not
        // explained and must not take an index nor shift the every-n-th cadence.
        long index = nextIndex;
        Box region = preparer.region(frame);
        if (last != null && index % every != 0 && region.equals(lastRegion)) {
            last = last.reusedFor(index);
            nextIndex++;
            return last;
        }
        FramePreparer.Prepared p = preparer.prepare(frame);
        CamModel model = session.model();
        WindowChoice.Chosen chosen;
        try {
            if (scorer == null) {
                chosen = WindowChoice.Chosen.region(session.explainPixels(p.values(), 1, p.height(), p.width(), target)
                        .get(0).maps().get(0));
            } else {
                // Window prediction needs every class's map: one run either way, the maps are the cheap part.
                List<CamResult> maps = scorer.explainPixels(p.values(), 1, p.height(), p.width(),
                        Target.topK(model.classes())).get(0).maps();
                chosen = WindowChoice.choose(maps, scorer.model(), target, p.height(), p.width(), region);
                if (scorer != session) {
                    // The caption is the window's, the map drawn the method's own map of the window's class.
                    CamResult own = session.explainPixels(p.values(), 1, p.height(), p.width(),
                            Target.of(chosen.map().classIndex())).get(0).maps().get(0);
                    chosen = new WindowChoice.Chosen(own, chosen.probability(), chosen.window());
                }
            }
        } catch (CamException e) {
            throw sizeFailure(e, model, p, region);
        }
        CamResult r = chosen.map();
        boolean ownEvidence = CamResult.holdsEvidence(r.rawMap());
        FloatMap cells = heat.next(r.rawMap(), ownEvidence);
        Placement placement = r.placement().rescaled(p.height(), p.width(), region.height(), region.width());
        // A model that crops its input saw only part of the region: its map covers that part (the rest of the frame is
        // drawn uncoloured, outlined as a region of interest is).
        Box explained = region;
        Optional<Box> seen = seenPart(model, p.height(), p.width(), region);
        if (seen.isPresent()) {
            Box s = seen.get();
            placement = new Placement(placement.strideY(), placement.strideX(), placement.offsetY() - s.y(),
                    placement.offsetX() - s.x());
            explained = new Box(region.x() + s.x(), region.y() + s.y(), s.width(), s.height());
        }
        last = new FrameExplanation(index, true, r.classIndex(), r.label(), chosen.probability(), chosen.window(),
                explained, cells, placement, threshold, ownEvidence, preparer.pixelAspect(),
                preparer.wholeFrames() ? frame.rows() : 0, preparer.wholeFrames() ? frame.cols() : 0);
        lastRegion = region;
        nextIndex++;
        return last;
    }

    /**
     * @return the pixels of the region (relative to it) that a model cropping its input saw when it was fed at
     *     {@code fedHeight x fedWidth}; empty when it saw all of it
     */
    static Optional<Box> seenPart(CamModel model, int fedHeight, int fedWidth, Box region) {
        // The region is resized to the fed size as a picture is (FramePreparer.resize): an enlarged region's part seen
        // takes in the pixels the interpolation reads beyond the part's scaled edge.
        return SeenPart.seenBy(model, fedHeight, fedWidth)
                .map(p -> p.onResizedPicture(fedHeight, fedWidth, region.height(), region.width()))
                .filter(b -> !b.isEmpty());
    }

    /**
     * A model made for one picture size (Flatten then Dense: its weights count the features of a 28x28 picture) fails
     * on any other, in words of its own (rows of logits, or TensorFlow's reshape error over several lines): a {@link
     * FedSizeException}. When the picture fed differed from the model's size, that is said instead, with what works: a
     * square region, which the automatic scale resizes to exactly the model's size.
     */
    private CamException sizeFailure(CamException e, CamModel model, FramePreparer.Prepared p, Box region) {
        int h = model.input().height();
        int w = model.input().width();
        if (!(e instanceof FedSizeException) || h <= 0 || w <= 0 || (p.height() == h && p.width() == w)) {
            // Any other failure says what is wrong itself. Every failure of a frame fed at another size was said as
            // the size's: a cancel during SS-CAM's runs, and the refused --occlusion-patch 1000 of the pooled model
            // (which takes any size) read "takes only 28x28 pictures and failed on the 80x60 that the whole 160x120
            // frame became", whose remedy, a square region, fails the same way.
            return e;
        }
        return new InputSizeException("model " + model.source() + " takes only " + w + "x" + h + " pictures and failed on"
                + " the " + p.width() + "x" + p.height() + " that " + (roi == null ? "the whole " + region.width() + "x"
                + region.height() + " frame" : "the " + region.width() + "x" + region.height() + " region of interest")
                + " became", h, w, e);
    }

    /**
     * Feeds the next frames with their picture's pixel shape; the map of an earlier frame is not reused when it is
     * not the shape fed so far ({@link VideoExplainer#explainClaimed(Mat, double)}).
     *
     * @param aspect the picture's pixel width over height as shown, positive and finite
     */
    void usePictureAspect(double aspect) {
        if (preparer.usePictureAspect(aspect)) {
            last = null;
            lastRegion = null;
        }
    }

    /** @param aspect the pixel shape the stream to come is fed with ({@link VideoExplainer#usePixelAspect}) */
    void useStreamAspect(double aspect) {
        preparer.useStreamAspect(aspect);
    }

    /** Forgets the stream so far: smoothing, reused map, frame count, the measured scale. */
    void restart() {
        preparer.restart();
        nextIndex = 0;
        heat.forget();
        last = null;
        lastRegion = null;
    }

    /** @throws IllegalArgumentException when frames of this size cannot be explained, naming the sizes */
    void checkFrameSize(int height, int width) {
        preparer.fedSize(height, width);
    }
}
