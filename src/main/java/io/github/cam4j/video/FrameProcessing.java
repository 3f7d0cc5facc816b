package io.github.cam4j.video;

import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * What {@link FrameSource} does to each frame its FFmpeg grabber decoded, in JavaCV's stead ({@link
 * JavaCvInternals}): converts each picture at its own size, deinterlaces a picture that holds two fields by the one
 * shown first, and keeps what the last picture said of itself (pixel aspect, duration, fields) and what the first
 * said of the stream's fields; moves the first sound frame by the sound its decoder dropped ({@link
 * DroppedSoundStart}). Written and read by the decoding thread, but for the notes on fields, which are volatile.
 * Its conversion's buffers are freed on close.
 */
final class FrameProcessing implements AutoCloseable {
    /** What stands the stream's frames upright: a sideways picture's pixel aspect is turned too. */
    private final Upright upright;
    /** The stream's pixel aspect as it announces it, for a picture that states none. */
    private final double pixelAspect;
    /** Says the note on a stream that turns interlaced midway. */
    private final StreamNotes notes;

    /** The last video frame's pixel aspect ({@link #pictureAspect()}); written and read by the decoding thread. */
    private double pictureAspect;
    /** The last video frame's duration ({@link #pictureDurationMicros()}); written and read by the decoding thread. */
    private long pictureDurationMicros = -1;

    /** Whether the last picture decoded holds two fields, as it says itself; written and read by the decoding thread. */
    private boolean pictureInterlaced;
    /** Whether that picture's top field is shown first. */
    private boolean pictureTopFirst;
    /** Whether pictures that hold two fields are deinterlaced by their first field ({@link #deinterlace}). */
    private boolean deinterlace;

    /** Pictures decoded so far (with JavaCV's internals); written and read by the decoding thread. */
    private long pictures;
    /** For a video that starts progressive, the note on its first picture that holds fields; null before one. */
    private volatile String laterFieldsNote;

    /** Whether the first picture decoded holds two fields; null before it (or without JavaCV's internals). */
    private volatile Boolean firstInterlaced;
    /** Whether those fields are shown top first; set before {@link #firstInterlaced}. */
    private volatile boolean firstTopFirst;

    /** Whether a sound frame has been handed out ({@link DroppedSoundStart}). */
    private boolean soundSeen;

    /** Whether the last picture was deinterlaced as it was converted ({@link PictureConversion#convertField}). */
    private boolean pictureDeinterlaced;
    /** Converts the pictures JavaCV would convert wrongly, into buffers of its own; freed on close. */
    private final PictureConversion conversion = new PictureConversion();

    /**
     * @param upright what stands the stream's frames upright
     * @param pixelAspect the upright frames' pixel width over height as the stream announces it
     * @param notes says the note on fields that appear midway
     */
    FrameProcessing(Upright upright, double pixelAspect, StreamNotes notes) {
        this.upright = upright;
        this.pixelAspect = pixelAspect;
        this.pictureAspect = pixelAspect;
        this.notes = notes;
    }

    /** @param on whether pictures that hold two fields are deinterlaced (the caller checks it can be done) */
    void deinterlace(boolean on) {
        this.deinterlace = on;
    }

    /** @return whether pictures that hold two fields are deinterlaced */
    boolean deinterlace() {
        return deinterlace;
    }

    /**
     * Converts a frame decoded without JavaCV's processing. JavaCV converts a picture at the size and pixel format of
     * the decoder's context, not the picture's own: a decoder that reorders frames (B-frames) has already read a new
     * size when it hands out the old size's last pictures, so in a stream going from 320x240 to 640x480 the last one or
     * two 320x240 pictures (one per frame of reorder delay) came out 640x480, read past their rows: garbage. Such a
     * picture is converted here at its own size into a buffer of this source's; every other one (nearly all) by
     * JavaCV as before, at the same cost.
     */
    void process(FFmpegFrameGrabber ff, Frame f) throws FrameGrabber.Exception {
        JavaCvInternals jc = JavaCvInternals.INSTANCE;
        if (f.type == Frame.Type.AUDIO) {
            jc.processSamples(ff);
            if (!soundSeen) {
                soundSeen = true;
                f.timestamp += DroppedSoundStart.leadingSkipMicros(ff);
            }
            return;
        }
        if (f.type != Frame.Type.VIDEO) {
            return;
        }
        AVFrame picture = jc.picture(ff);
        if (picture != null) {
            pictureAspect = aspectOf(ff, picture);
            pictureDurationMicros = durationOf(ff, picture);
        }
        if (picture != null) {
            pictureTopFirst = (picture.flags() & AVFrame.AV_FRAME_FLAG_TOP_FIELD_FIRST) != 0;
            pictureInterlaced = (picture.flags() & AVFrame.AV_FRAME_FLAG_INTERLACED) != 0;
            if (firstInterlaced == null) {
                firstTopFirst = pictureTopFirst;
                firstInterlaced = pictureInterlaced;
            } else if (pictureInterlaced && !firstInterlaced && laterFieldsNote == null) {
                // A broadcast going from a progressive programme to an interlaced one: the first picture's note
                // said nothing, and the later ones were deinterlaced (or combed) without a word.
                laterFieldsNote = notes.pictureFieldsNote("turns interlaced at its picture " + (pictures + 1),
                        pictureTopFirst, deinterlace);
            }
            pictures++;
        } else {
            pictureInterlaced = false;
        }
        pictureDeinterlaced = false;
        if (picture != null && bgr24(ff) && PictureConversion.hasAlpha(picture.format())) {
            // Its fields, if any, are kept by settle(), from the picture flattened whole.
            conversion.convertOverGround(picture, f);
            return;
        }
        if (picture != null && deinterlace && pictureInterlaced && bgr24(ff)) {
            pictureDeinterlaced = conversion.convertField(picture, f, !pictureTopFirst);
            if (pictureDeinterlaced) {
                return;
            }
        }
        AVCodecContext context = jc.videoContext(ff);
        if (picture == null || context == null || !bgr24(ff) || (picture.width() == context.width()
                && picture.height() == context.height() && picture.format() == context.pix_fmt())) {
            jc.processImage(ff);
            return;
        }
        conversion.convertOwn(picture, f);
    }

    /**
     * Settles a BGR24 picture as converted, by this or by JavaCV: its channels, and a field's rows where the picture
     * holds two fields that were not deinterlaced as it was converted.
     *
     * @param f the frame as grabbed, null at the end; anything but an 8-bit picture is left alone
     */
    void settle(FFmpegFrameGrabber ff, Frame f) {
        if (f != null && f.image != null && f.imageDepth == Frame.DEPTH_UBYTE && bgr24(ff)) {
            // JavaCV takes the channels as row stride / width, but FFmpeg pads each row to a multiple of 32
            // or 64 bytes: a 15-pixel BGR row (45 bytes) padded to 64 read as 4 channels, 1x1 as 12 or more.
            // The grabber converts to BGR24, so there are 3; the stride stays as FFmpeg laid the rows out.
            f.imageChannels = 3;
            if (deinterlace && pictureInterlaced && !pictureDeinterlaced) {
                // A picture convertField could not take (a paletted format): its field's rows as converted
                // whole, the colours of the other field's rows mixed into theirs.
                FieldInterpolation.keepField((java.nio.ByteBuffer) f.image[0], f.imageStride,
                        f.imageWidth * 3, f.imageHeight, !pictureTopFirst);
            }
        }
    }

    /**
     * @return a decoded picture's pixel width over height, upright: FFmpeg's guess for it (the container's ratio when it
     *     states one, as players take it, else the picture's own, which the stream's codec may change midway); the
     *     stream's when neither is known
     */
    private double aspectOf(FFmpegFrameGrabber ff, AVFrame picture) {
        if (ff.getFormatContext() == null || ff.getVideoStream() < 0) {
            return pictureAspect;
        }
        try (PointerScope scope = new PointerScope()) {
            org.bytedeco.ffmpeg.avutil.AVRational r = org.bytedeco.ffmpeg.global.avformat.av_guess_sample_aspect_ratio(
                    ff.getFormatContext(), ff.getFormatContext().streams(ff.getVideoStream()), picture);
            double a = r.num() > 0 && r.den() > 0 ? (double) r.num() / r.den() : 0;
            if (!(a > 0) || !Double.isFinite(a)) {
                return pixelAspect;
            }
            return upright.sideways() ? 1 / a : a;
        }
    }

    /**
     * @return how long a decoded picture lasts, microseconds, as its packet said (its stream's time base); -1 when it
     *     does not say (MPEG-TS, raw streams)
     */
    private static long durationOf(FFmpegFrameGrabber ff, AVFrame picture) {
        if (picture.duration() <= 0 || ff.getFormatContext() == null || ff.getVideoStream() < 0) {
            return -1;
        }
        org.bytedeco.ffmpeg.avutil.AVRational tb = ff.getFormatContext().streams(ff.getVideoStream()).time_base();
        return tb.num() > 0 && tb.den() > 0 ? Math.round(picture.duration() * 1e6 * tb.num() / tb.den()) : -1;
    }

    /** @return whether the grabber hands out BGR24 pictures: its default ({@code -1}) or asked for */
    private static boolean bgr24(FFmpegFrameGrabber g) {
        return g.getPixelFormat() == -1 || g.getPixelFormat() == avutil.AV_PIX_FMT_BGR24;
    }

    /** @return the last picture's pixel aspect, upright; the stream's before a picture ({@link FrameSource}) */
    double pictureAspect() {
        return pictureAspect;
    }

    /** @return the last picture's duration, microseconds; -1 when it did not say */
    long pictureDurationMicros() {
        return pictureDurationMicros;
    }

    /** @return whether the first picture decoded holds two fields; null before it (or without JavaCV's internals) */
    Boolean firstInterlaced() {
        return firstInterlaced;
    }

    /** @return whether the first picture's fields are shown top first; read after {@link #firstInterlaced()} */
    boolean firstTopFirst() {
        return firstTopFirst;
    }

    /** @return the note on the first picture holding fields of a video that started progressive; null before one */
    String laterFieldsNote() {
        return laterFieldsNote;
    }

    /**
     * @return whether a picture with an alpha channel was transparent anywhere, once the ground it is laid on was
     *     chosen ({@link #ground})
     */
    boolean transparentSeen() {
        return conversion.transparentSeen();
    }

    /** @return the grey level of the ground pictures with alpha are laid on, 255 (white) or 0 (black) */
    int ground() {
        return conversion.ground();
    }

    /** @return the pixel format of the first picture found transparent; AV_PIX_FMT_NONE before one */
    int transparentFormat() {
        return conversion.transparentFormat();
    }

    /**
     * @return the pixel format of the first picture found transparent, whether its ground was chosen or not;
     *     AV_PIX_FMT_NONE before one
     */
    int seeThroughFormat() {
        return conversion.seeThroughFormat();
    }

    @Override
    public void close() {
        conversion.close();
    }
}
