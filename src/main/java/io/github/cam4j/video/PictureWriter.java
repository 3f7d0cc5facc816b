package io.github.cam4j.video;

import static io.github.cam4j.video.VideoPipeline.writtenSize;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;

import io.github.cam4j.render.Box;
import io.github.cam4j.render.CaptionLine;
import io.github.cam4j.render.CaptionTitles;
import io.github.cam4j.render.ImageException;
import io.github.cam4j.render.Images;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Writes a run's pictures at the output's one size and pixel shape, fitting those that changed, and tells the
 * listener once each what the pictures say of themselves (fields, HDR) and how they changed.
 */
final class PictureWriter {
    private final FrameSource source;
    private final VideoInfo info;
    private final ListenerNotes notes;
    /** Whether the listener was told that frames changed size (said once). */
    private boolean sizeChangeNoticed;
    /** Whether the listener was told that pictures changed pixel shape (said once). */
    private boolean shapeChangeNoticed;
    /** Whether an interlaced input has been said to be (at the first frame written). */
    private boolean fieldsNoticed;
    /** Whether a video that started progressive has been said to turn interlaced. */
    private boolean laterFieldsNoticed;
    /** Whether the note on the ground pictures with an alpha channel are taken over was given. */
    private boolean alphaNoticed;

    PictureWriter(FrameSource source, VideoInfo info, ListenerNotes notes) {
        this.source = source;
        this.info = info;
        this.notes = notes;
    }

    /**
     * Records a frame; an odd side loses its last column or row, as H.264 in yuv420p needs even sides. Cropped
     * here (a view, no copy) rather than left to FFmpeg's scaler, which would resample the whole frame by a pixel
     * and blur it.
     *
     * @param caption a caption to draw once the picture is fitted into the output's size, or null
     * @param captionPeak the hottest point the caption must not hide, {@code {y, x}} in {@code image}'s pixels, or
     *     null
     * @param captionBox the CAM box drawn, in {@code image}'s pixels, whose top edge the caption keeps off where it can,
     *     as it does on frames drawn at their own size; or null
     * @param captionHeat the map's sum over each of {@code image}'s rows, which the caption keeps off as it does on
     *     frames drawn at their own size, or null
     * @param titles the method's names the caption ends in where one fits on the output's frame, or null for none
     * @param png where to write the picture as a PNG too ({@code --frames-dir}), or null: a picture fitted into the
     *     output's size as the video shows it, caption and bars included; any other as it is
     * @throws ImageException when the PNG cannot be written
     */
    void record(FFmpegFrameRecorder recorder, OpenCVFrameConverter.ToMat toFrame, Mat image, long index,
            double aspect, String caption, int[] captionPeak, Box captionBox, double[] captionHeat, CaptionTitles titles,
            Path png)
            throws FrameRecorder.Exception, ImageException {
        if (!fieldsNoticed) {
            // Said once a picture is decoded: the first one says whether the stream holds fields.
            fieldsNoticed = true;
            String interlaced = source.interlacedNote();
            if (interlaced != null) {
                notes.notice(interlaced);
            }
            String hdr = source.hdrNote();
            if (hdr != null) {
                notes.notice(hdr);
            }
            String droppedAlpha = source.droppedAlphaNote();
            if (droppedAlpha != null) {
                notes.notice(droppedAlpha);
            }
        }
        if (!alphaNoticed) {
            // Said once a picture is transparent somewhere, which the first may not be (a title fading in), and its
            // ground chosen, from the first picture not transparent everywhere, which it may not be either.
            String alpha = source.alphaNote();
            if (alpha != null) {
                alphaNoticed = true;
                notes.notice(alpha);
            }
        }
        if (!laterFieldsNoticed) {
            String later = source.laterFieldsNote();
            if (later != null) {
                laterFieldsNoticed = true;
                notes.notice(later);
            }
        }
        boolean resized = image.cols() != info.width() || image.rows() != info.height();
        // The output stream has one pixel shape, the one the input started with (its stream's), as it has one
        // size: a picture shown with another shape is fitted into it as it is shown. Written as stored, a broadcast
        // gone from anamorphic SD to square HD played its HD pictures stretched by the SD ratio.
        boolean reshaped = Math.abs(aspect - source.pixelAspect()) > 1e-9 * source.pixelAspect();
        if (resized || reshaped) {
            // A stream that changes size midway (a broadcast's ad break, a screen recording): the output keeps the
            // first size, and FFmpeg's scaler would stretch the picture out of proportion.
            int[] out = writtenSize(info.width(), info.height());
            if (resized && !sizeChangeNoticed) {
                sizeChangeNoticed = true;
                notes.notice("frames from " + (index + 1) + " on are " + image.cols() + "x" + image.rows()
                        + ", not the " + info.width() + "x" + info.height() + " the video started with: fitted into "
                        + out[0] + "x" + out[1] + ", keeping their proportions (black bars)");
            }
            if (reshaped && !shapeChangeNoticed) {
                shapeChangeNoticed = true;
                notes.notice("frames from " + (index + 1) + " on have " + pixelShape(aspect) + ", not the "
                        + pixelShape(source.pixelAspect()) + " the video started with and is written with (one "
                        + "shape for the whole video): fitted into " + out[0] + "x" + out[1] + " as they are shown, "
                        + "keeping their proportions (black bars)");
            }
            try (Mat fitted = Letterbox.fit(image, aspect, out[0], out[1], source.pixelAspect())) {
                if (caption != null) {
                    // At the picture's corner, sized for the output's frame as on every other frame; at its bottom
                    // corner where the top one would hide the hottest point, the box's top edge or clearly more heat,
                    // as on frames drawn at their own size.
                    int[] at = Letterbox.place(image.cols(), image.rows(), aspect, out[0], out[1],
                            source.pixelAspect());
                    CaptionLine line = CaptionLine.of(caption, titles, fitted, source.pixelAspect());
                    int band = line.height(fitted, source.pixelAspect());
                    boolean bottom = FittedCaption.atBottom(at, image.rows(), image.cols(), band, captionPeak,
                            captionBox, captionHeat);
                    line.draw(fitted, at[0], bottom ? Math.max(0, at[1] + at[3] - band) : at[1], source.pixelAspect());
                }
                recorder.record(toFrame.convert(fitted), AV_PIX_FMT_BGR24);
                if (png != null) {
                    // The caption is drawn only here: the picture as decoded had none (helper-156's audit).
                    Images.write(fitted, png);
                }
            }
            return;
        }
        record(recorder, toFrame, image);
        if (png != null) {
            Images.write(image, png);
        }
    }

    /**
     * Tells the listener, once the last picture is written, what only the end shows: that a video with an alpha
     * channel whose pictures never showed anything where they were transparent was laid on white, its ground never
     * chosen (a title clip transparent in every frame had said nothing of its alpha).
     */
    void finish() {
        if (!alphaNoticed) {
            String unchosen = source.unchosenGroundNote();
            if (unchosen != null) {
                alphaNoticed = true;
                notes.notice(unchosen);
            }
        }
    }

    /** Records a picture at its own size, less an odd side's last column or row. */
    private static void record(FFmpegFrameRecorder recorder, OpenCVFrameConverter.ToMat toFrame, Mat image)
            throws FrameRecorder.Exception {
        int[] size = writtenSize(image.cols(), image.rows());
        if (size[0] == image.cols() && size[1] == image.rows()) {
            recorder.record(toFrame.convert(image), AV_PIX_FMT_BGR24);
            return;
        }
        try (Rect even = new Rect(0, 0, size[0], size[1]); Mat view = new Mat(image, even)) {
            recorder.record(toFrame.convert(view), AV_PIX_FMT_BGR24);
        }
    }

    /** @return how a pixel shape is said: "square pixels", "pixels 1.33 times as wide as high" */
    private static String pixelShape(double aspect) {
        return Math.abs(aspect - 1) < 1e-9 ? "square pixels" : String.format(Locale.ROOT,
                "pixels %.2f times as wide as high", aspect);
    }
}
