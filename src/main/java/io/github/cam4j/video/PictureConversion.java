package io.github.cam4j.video;

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

/**
 * Converts a decoded picture to BGR24 into a buffer of its own, for the pictures {@link FrameProcessing} does not leave
 * to JavaCV: one at its own size and pixel format, one field of an interlaced picture, or one with an alpha channel
 * (over white). One thread at a time; its
 * scalers and buffer are freed on close.
 */
final class PictureConversion implements AutoCloseable {
    /** Scaler and buffer for a picture whose size or format is not the decoder context's; freed on close. */
    private SwsContext ownScaler;
    /** Scaler for one field of an interlaced picture ({@link #convertField}); freed on close. */
    private SwsContext fieldScaler;
    private BytePointer ownPixels;
    /** Scaler and buffer for a picture with an alpha channel, converted to BGRA first ({@link #convertOverWhite}). */
    private SwsContext alphaScaler;
    private BytePointer alphaPixels;
    /**
     * The pixel format of the first picture taken over white that was transparent somewhere, AV_PIX_FMT_NONE before
     * one; read by the encoding thread.
     */
    private volatile int transparentFormat = avutil.AV_PIX_FMT_NONE;
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
     * Converts a picture whose pixel format carries an alpha channel to BGR24 over white, into this conversion's buffer:
     * each pixel's colour weighed by its alpha, white by the rest, as a page shows it. Converted to BGR24 as the others
     * are, the alpha was dropped: a picture drawn in its alpha over black colours (a title, a cut-out) came out blank.
     */
    void convertOverWhite(AVFrame picture, Frame f) throws FrameGrabber.Exception {
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
        boolean seeThrough = false;
        for (int i = 0, o = 0; i < pixelCount * 4; i += 4, o += 3) {
            int a = bgra.get(i + 3) & 0xFF;
            seeThrough |= a != 255;
            for (int c = 0; c < 3; c++) {
                bgr.put(o + c, (byte) (((bgra.get(i + c) & 0xFF) * a + 255 * (255 - a) + 127) / 255));
            }
        }
        if (seeThrough && transparentFormat == avutil.AV_PIX_FMT_NONE) {
            transparentFormat = picture.format();
        }
        useOwnPixels(f, w, h, w * 3, bytes);
    }

    /**
     * @return whether a picture {@link #convertOverWhite} took was transparent anywhere: an opaque one (a screenshot
     *     saved as RGBA, a GIF without transparency) looks the same over white, and is not worth a note
     */
    boolean transparentSeen() {
        return transparentFormat != avutil.AV_PIX_FMT_NONE;
    }

    /**
     * @return the pixel format of the first picture {@link #convertOverWhite} found transparent (the decoder's: a VP9
     *     stream's codec parameters say yuv420p while libvpx decodes its alpha into yuva420p); AV_PIX_FMT_NONE before
     */
    int transparentFormat() {
        return transparentFormat;
    }

    /**
     * @param format a decoded picture's pixel format
     * @return whether it carries an alpha channel ({@link #convertOverWhite})
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
