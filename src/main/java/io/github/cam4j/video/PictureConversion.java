package io.github.cam4j.video;

import io.github.cam4j.render.Transparency;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Converts a decoded picture to BGR24 into a buffer of its own, for the pictures {@link FrameProcessing} does not leave
 * to JavaCV: one at its own size and pixel format, one field of an interlaced picture, or one with an alpha channel
 * (over the ground {@code explain} would lay it on, chosen once per video). One thread at a time; its scalers and
 * buffer are freed on close.
 */
final class PictureConversion implements AutoCloseable {
    /** Scaler and buffer for a picture whose size or format is not the decoder context's; freed on close. */
    private SwsContext ownScaler;
    /** Scaler for one field of an interlaced picture ({@link #convertField}); freed on close. */
    private SwsContext fieldScaler;
    private BytePointer ownPixels;
    /** Scaler and buffer for a picture with an alpha channel, converted to BGRA first ({@link #convertOverGround}). */
    private SwsContext alphaScaler;
    private BytePointer alphaPixels;
    /**
     * The grey level (255 or 0) of the ground pictures with alpha are laid on, -1 until a picture shows anything;
     * written before {@link #transparentFormat}, which the encoding thread reads first.
     */
    private volatile int ground = -1;
    /**
     * The pixel format of the first picture that was transparent somewhere, taken once the ground was chosen,
     * AV_PIX_FMT_NONE before one; read by the encoding thread.
     */
    private volatile int transparentFormat = avutil.AV_PIX_FMT_NONE;
    /**
     * The pixel format of the first picture that was transparent somewhere, whether the ground was chosen or not:
     * AV_PIX_FMT_NONE before one; read by the encoding thread at the end, for a video that never chose its ground.
     */
    private volatile int seeThroughFormat = avutil.AV_PIX_FMT_NONE;
    private Buffer[] ownImage;

    /** Converts a picture at its own size and pixel format to BGR24, into this conversion's buffer. */
    void convertOwn(AVFrame picture, Frame f) throws FrameGrabber.Exception {
        int w = picture.width();
        int h = picture.height();
        int stride = w * 3;
        long bytes = (long) stride * h;
        ownScaler = swscale.sws_getCachedContext(ownScaler, w, h, picture.format(), w, h, avutil.AV_PIX_FMT_BGR24,
                swscale.SWS_BILINEAR, null, null, (DoublePointer) null);
        if (ownScaler == null) {
            throw new FrameGrabber.Exception("sws_getCachedContext() cannot convert a " + w + "x" + h + " picture of "
                    + "pixel format " + picture.format() + " to BGR24");
        }
        if (ownPixels == null || ownPixels.capacity() < bytes) {
            if (ownPixels != null) {
                ownPixels.close();
            }
            ownPixels = new BytePointer(bytes);
        }
        try (PointerScope scope = new PointerScope()) {
            swscale.sws_scale(ownScaler, new PointerPointer<>(picture), picture.linesize(), 0, h,
                    new PointerPointer<>(1).put(ownPixels), new IntPointer(new int[] {stride}));
        }
        useOwnPixels(f, w, h, stride, bytes);
    }

    /**
     * Converts one field of an interlaced picture to BGR24, into this conversion's buffer, and fills the other field's
     * rows between its own ({@link FieldInterpolation}). The field is converted alone, from its own rows of every plane
     * (every other row, starting at the first or the second), as FFmpeg's {@code field} filter takes it: an interlaced
     * 4:2:0 picture's colour rows alternate between its fields too, and the picture converted whole, as progressive,
     * mixed the other field's colours into the field's rows (a red square on blue left red stripes where it had been a
     * field's time before).
     *
     * @param keepBottom whether the bottom field (the picture's rows 1, 3...) is kept; else the top one
     * @return false, converting nothing, for a picture whose planes cannot be taken a row in two (a paletted or
     *     hardware format, rows stored bottom up)
     */
    boolean convertField(AVFrame picture, Frame f, boolean keepBottom) {
        int w = picture.width();
        int h = picture.height();
        int format = picture.format();
        org.bytedeco.ffmpeg.avutil.AVPixFmtDescriptor desc = avutil.av_pix_fmt_desc_get(format);
        int unfit = (int) (avutil.AV_PIX_FMT_FLAG_PAL | avutil.AV_PIX_FMT_FLAG_HWACCEL
                | avutil.AV_PIX_FMT_FLAG_BITSTREAM);
        int planes = avutil.av_pix_fmt_count_planes(format);
        if (h < 2 || desc == null || (desc.flags() & unfit) != 0 || planes < 1 || planes > 4) {
            return false;
        }
        for (int i = 0; i < planes; i++) {
            if (picture.linesize(i) <= 0 || picture.data(i) == null || picture.data(i).isNull()) {
                return false;
            }
        }
        int fieldRows = keepBottom ? h / 2 : (h + 1) / 2;
        int stride = w * 3;
        long bytes = (long) stride * h;
        fieldScaler = swscale.sws_getCachedContext(fieldScaler, w, fieldRows, format, w, fieldRows,
                avutil.AV_PIX_FMT_BGR24, swscale.SWS_BILINEAR, null, null, (DoublePointer) null);
        if (fieldScaler == null) {
            return false;
        }
        if (ownPixels == null || ownPixels.capacity() < bytes) {
            if (ownPixels != null) {
                ownPixels.close();
            }
            ownPixels = new BytePointer(bytes);
        }
        try (PointerScope scope = new PointerScope()) {
            PointerPointer<BytePointer> rows = new PointerPointer<>(4);
            int[] strides = new int[4];
            for (int i = 0; i < planes; i++) {
                int linesize = picture.linesize(i);
                rows.put(i, new BytePointer(picture.data(i)).position(keepBottom ? linesize : 0));
                strides[i] = 2 * linesize;
            }
            // Written straight into the field's own rows of the frame.
            BytePointer into = new BytePointer(ownPixels).position(keepBottom ? stride : 0);
            swscale.sws_scale(fieldScaler, rows, new IntPointer(strides), 0, fieldRows,
                    new PointerPointer<>(1).put(into), new IntPointer(new int[] {2 * stride}));
        }
        useOwnPixels(f, w, h, stride, bytes);
        FieldInterpolation.keepField((ByteBuffer) f.image[0], stride, stride, h, keepBottom);
        return true;
    }

    /**
     * Converts a picture whose pixel format carries an alpha channel to BGR24 over a solid ground, into this
     * conversion's buffer: each pixel's colour weighed by its alpha, the ground's by the rest. Converted to BGR24 as
     * the others are, the alpha was dropped: a picture drawn in its alpha over black colours (a title, a cut-out) came
     * out blank.
     *
     * <p>The ground is {@link Transparency#ground}'s, the one {@code explain} lays a picture on (white for dark ink,
     * black for light), chosen from the first picture with a pixel not transparent and one not opaque, and kept for
     * the rest of the video: a ground chosen frame by frame would flicker where a title fades or its ink changes.
     * Pictures before that one, transparent or opaque everywhere, are laid on white. Over white always, a white title
     * on transparency (the most common alpha video) came out white on white, and every frame had no evidence.
     */
    void convertOverGround(AVFrame picture, Frame f) throws FrameGrabber.Exception {
        int w = picture.width();
        int h = picture.height();
        long pixelCount = (long) w * h;
        alphaScaler = swscale.sws_getCachedContext(alphaScaler, w, h, picture.format(), w, h, avutil.AV_PIX_FMT_BGRA,
                swscale.SWS_BILINEAR, null, null, (DoublePointer) null);
        if (alphaScaler == null) {
            throw new FrameGrabber.Exception("sws_getCachedContext() cannot convert a " + w + "x" + h + " picture of "
                    + "pixel format " + picture.format() + " to BGRA");
        }
        if (alphaPixels == null || alphaPixels.capacity() < pixelCount * 4) {
            if (alphaPixels != null) {
                alphaPixels.close();
            }
            alphaPixels = new BytePointer(pixelCount * 4);
        }
        long bytes = pixelCount * 3;
        if (ownPixels == null || ownPixels.capacity() < bytes) {
            if (ownPixels != null) {
                ownPixels.close();
            }
            ownPixels = new BytePointer(bytes);
        }
        try (PointerScope scope = new PointerScope()) {
            swscale.sws_scale(alphaScaler, new PointerPointer<>(picture), picture.linesize(), 0, h,
                    new PointerPointer<>(1).put(alphaPixels), new IntPointer(new int[] {w * 4}));
        }
        ByteBuffer bgra = alphaPixels.position(0).capacity(pixelCount * 4).asByteBuffer();
        ByteBuffer bgr = ownPixels.position(0).capacity(bytes).asByteBuffer();
        // Chosen from a picture that shows something and is transparent somewhere: an opaque one (a title card before
        // a transparent overlay) looks the same on any ground and says nothing of the one its transparency needs.
        if (ground < 0 && anyAlpha(bgra, pixelCount, true) && anyAlpha(bgra, pixelCount, false)) {
            // The pixels the scaler wrote, seen as a Mat without a copy.
            try (Mat view = new Mat(h, w, opencv_core.CV_8UC4, alphaPixels.position(0), (long) w * 4)) {
                ground = Transparency.ground(view);
            }
        }
        int g = ground < 0 ? 255 : ground;
        boolean seeThrough = false;
        for (int i = 0, o = 0; i < pixelCount * 4; i += 4, o += 3) {
            int a = bgra.get(i + 3) & 0xFF;
            seeThrough |= a != 255;
            for (int c = 0; c < 3; c++) {
                bgr.put(o + c, (byte) (((bgra.get(i + c) & 0xFF) * a + g * (255 - a) + 127) / 255));
            }
        }
        if (seeThrough && seeThroughFormat == avutil.AV_PIX_FMT_NONE) {
            seeThroughFormat = picture.format();
        }
        // Noted once the ground is chosen, so that the note names it (a video may start transparent everywhere).
        if (seeThrough && ground >= 0 && transparentFormat == avutil.AV_PIX_FMT_NONE) {
            transparentFormat = picture.format();
        }
        useOwnPixels(f, w, h, w * 3, bytes);
    }

    /**
     * @param shown whether to look for an alpha above 0 (true) or one below 255 (false)
     * @return whether any of the first {@code pixelCount} BGRA pixels of {@code bgra} has such an alpha
     */
    private static boolean anyAlpha(ByteBuffer bgra, long pixelCount, boolean shown) {
        byte none = shown ? 0 : (byte) 255;
        for (int i = 3; i < pixelCount * 4; i += 4) {
            if (bgra.get(i) != none) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return whether a picture {@link #convertOverGround} took was transparent anywhere, once its ground was chosen:
     *     an opaque one (a screenshot saved as RGBA, a GIF without transparency) looks the same on any ground, and is
     *     not worth a note
     */
    boolean transparentSeen() {
        return transparentFormat != avutil.AV_PIX_FMT_NONE;
    }

    /**
     * @return the pixel format of the first picture {@link #convertOverGround} found transparent (the decoder's: a VP9
     *     stream's codec parameters say yuv420p while libvpx decodes its alpha into yuva420p); AV_PIX_FMT_NONE before
     */
    int transparentFormat() {
        return transparentFormat;
    }

    /**
     * @return the pixel format of the first picture {@link #convertOverGround} found transparent, whether its ground
     *     was chosen or not (a video transparent everywhere in every picture never chooses one, and is laid on white);
     *     AV_PIX_FMT_NONE before
     */
    int seeThroughFormat() {
        return seeThroughFormat;
    }

    /**
     * @return the grey level of the ground pictures with alpha are laid on, 255 (white) or 0 (black); 255 before one
     *     showed anything where it was transparent somewhere. Chosen before {@link #transparentSeen} turns true, and never changed after.
     */
    int ground() {
        int g = ground;
        return g < 0 ? 255 : g;
    }

    /**
     * @param format a decoded picture's pixel format
     * @return whether it carries an alpha channel ({@link #convertOverGround})
     */
    static boolean hasAlpha(int format) {
        org.bytedeco.ffmpeg.avutil.AVPixFmtDescriptor desc = avutil.av_pix_fmt_desc_get(format);
        return desc != null && (desc.flags() & avutil.AV_PIX_FMT_FLAG_ALPHA) != 0;
    }

    /** Hands {@code f} this conversion's pixels. */
    private void useOwnPixels(Frame f, int w, int h, int stride, long bytes) {
        ByteBuffer pixels = ownPixels.position(0).capacity(bytes).asByteBuffer();
        pixels.limit((int) bytes);
        ownImage = new Buffer[] {pixels};
        f.imageWidth = w;
        f.imageHeight = h;
        f.imageDepth = Frame.DEPTH_UBYTE;
        f.imageChannels = 3;
        f.imageStride = stride;
        f.image = ownImage;
        f.opaque = null;
    }

    @Override
    public void close() {
        if (ownScaler != null) {
            swscale.sws_freeContext(ownScaler);
            ownScaler = null;
        }
        if (fieldScaler != null) {
            swscale.sws_freeContext(fieldScaler);
            fieldScaler = null;
        }
        if (alphaScaler != null) {
            swscale.sws_freeContext(alphaScaler);
            alphaScaler = null;
        }
        if (alphaPixels != null) {
            alphaPixels.close();
            alphaPixels = null;
        }
        if (ownPixels != null) {
            ownPixels.close();
            ownPixels = null;
        }
    }
}
