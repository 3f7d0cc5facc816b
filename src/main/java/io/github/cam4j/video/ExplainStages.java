package io.github.cam4j.video;

import static io.github.cam4j.video.Stages.DRAW;
import static io.github.cam4j.video.Stages.EXPLAIN;

import io.github.cam4j.cam.CamException;
import io.github.cam4j.cam.ExplanationStoppedException;
import java.util.concurrent.BlockingQueue;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The explain and draw stages of a run: each takes the pictures from the queue before it, explains them with the
 * model or draws the explanation on them, and hands them on in order; sound passes through untouched.
 */
final class ExplainStages {
    private final VideoExplainer explainer;
    private final VideoInfo info;
    private final FrameSource source;
    private final Stages stages;

    ExplainStages(VideoExplainer explainer, VideoInfo info, FrameSource source, Stages stages) {
        this.explainer = explainer;
        this.info = info;
        this.source = source;
        this.stages = stages;
    }

    /** The explain stage's body: explains each picture from {@code in}, and hands it on to {@code out}. */
    void explainAll(BlockingQueue<Item> in, BlockingQueue<Item> out) {
        transform(in, out, this::explain, EXPLAIN);
    }

    /** The draw stage's body: draws on each picture from {@code in} its explanation, and hands it on to {@code out}. */
    void drawAll(BlockingQueue<Item> in, BlockingQueue<Item> out) {
        transform(in, out, this::draw, DRAW);
    }

    /** One processing step; it may replace the item's image, closing the old one. */
    private interface Step {
        void apply(Item item) throws CamException;
    }

    private void transform(BlockingQueue<Item> in, BlockingQueue<Item> out, Step step, int stage) {
        while (true) {
            Item it = stages.take(in, stage);
            if (it == null) {
                return;
            }
            if (it == Item.END) {
                stages.put(out, Item.END, stage);
                return;
            }
            if (it.image != null) {
                long t0 = System.nanoTime();
                try {
                    step.apply(it);
                    stages.worked(stage, System.nanoTime() - t0);
                } catch (ExplanationStoppedException e) {
                    it.close();
                    if (!stages.cancellation().cancelled()) {
                        throw new VideoRuntimeException(e);
                    }
                    // Cancelled during the frame's method runs: the frame is dropped, the output ends before it.
                    continue;
                } catch (CamException e) {
                    it.close();
                    throw new VideoRuntimeException(e);
                } catch (RuntimeException | Error e) {
                    it.close();
                    throw e;
                }
            }
            if (!stages.put(out, it, stage)) {
                return;
            }
        }
    }

    private void explain(Item it) throws CamException {
        try {
            it.explanation = stages.cancellation().whileExplaining(() -> explainer.explainClaimed(it.image, it.aspect));
        } catch (IllegalArgumentException e) {
            // The first frame's size was checked before the run; a frame that changed size midway (a region of
            // interest now outside it, too small once scaled) is named, as the user knows the video by its size.
            boolean resized = it.image.cols() != info.width() || it.image.rows() != info.height();
            throw new IllegalArgumentException("video " + info.source() + ", frame " + (it.index + 1) + (resized
                    ? " is " + it.image.cols() + "x" + it.image.rows() + ", not the " + info.width() + "x"
                            + info.height() + " the video started with" : "") + ": " + e.getMessage(), e);
        }
    }

    private void draw(Item it) {
        io.github.cam4j.render.Box r = it.explanation.region();
        boolean whole = r.x() == 0 && r.y() == 0 && r.width() == it.image.cols() && r.height() == it.image.rows();
        // A frame fitted into the output's size (its size or pixel shape changed midway) gets its caption there,
        // at the output's size: drawn before, it shrank with the picture, to half its height once frames of 2:1
        // pixels were fitted into a video of square ones (helper-75).
        boolean captionLater = whole && fitted(it.image, it.aspect);
        Mat shown = captionLater ? explainer.drawWithoutCaption(it.image, it.explanation)
                : explainer.draw(it.image, it.explanation);
        it.image.close();
        it.image = shown;
        it.caption = captionLater ? it.explanation.caption() : null;
        // The cross the caption must not hide, as FrameRenderer places a caption it draws itself.
        it.captionPeak = captionLater && it.explanation.hasEvidence() && it.explanation.ownEvidence()
                ? it.explanation.peak() : null;
        // The box whose top edge it keeps off, as there: the one just drawn, none on a frame without evidence of its own.
        it.captionBox = captionLater && it.explanation.ownEvidence() ? it.explanation.box().orElse(null) : null;
        // And the heat it must not hide, by row: only the point had decided there, and a caption moved by the heat on
        // frames drawn at their own size stayed over it on fitted ones.
        it.captionHeat = captionLater ? it.explanation.heatByRow() : null;
        // The method named there as on the frames drawn at their own size, fitted to the output's width.
        it.captionTitles = captionLater ? explainer.methodTitles() : null;
    }

    /**
     * @return whether a picture is fitted into the output's size and pixel shape when written ({@link
     *     PictureWriter#record})
     */
    private boolean fitted(Mat image, double aspect) {
        return image.cols() != info.width() || image.rows() != info.height()
                || Math.abs(aspect - source.pixelAspect()) > 1e-9 * source.pixelAspect();
    }
}
