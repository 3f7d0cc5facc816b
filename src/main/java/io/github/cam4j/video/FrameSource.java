package io.github.cam4j.video;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * An opened input: grabs video frames (and audio frames when asked), in stream order. The frames it returns share
 * the grabber's buffers and are valid until the next grab: clone what is kept. One thread at a time.
 */
final class FrameSource implements AutoCloseable {
    private final FrameGrabber grabber;
    private final VideoInfo info;
    /** Whether audio frames are decoded and handed out; off once the audio is copied instead ({@link #skipAudio}). */
    private boolean audio;
    private final Announced announced;
    private final Upright upright;
    private double clockRate;
    private final long y4mPictureBytes;
    private final double pixelAspect;
    private final int fieldOrder;
    private Frame pending;

    /**
     * What a file's video stream announces about its own length, to tell a file that ends early.
     *
     * @param frames the frame count its header states (mp4, avi), or -1
     * @param seconds its duration (a header field or a Matroska track tag), or NaN
     * @param fragmentsOnly whether that length is only as far as the fragments present reach, not a total the file
     *     states: a fragmented mp4 that lacks the index of fragments its end holds ({@link Mp4Fragments}), so a cut
     *     inside its last fragment is known, and how long the file was is not
     */
    record Announced(long frames, double seconds, boolean fragmentsOnly) {
        static final Announced NOTHING = new Announced(-1, Double.NaN);

        /** A length the file states as its whole. */
        Announced(long frames, double seconds) {
            this(frames, seconds, false);
        }
    }

    /**
     * What stands a stream's frames upright, as its display matrix asks: a mirror, then a turn.
     *
     * @param flip OpenCV's {@code flip} code ({@link #LEFT_RIGHT}, {@link #UPSIDE_DOWN}), or {@link #NO_FLIP}
     * @param turn OpenCV's {@code rotate} code, or -1 for none
     */
    record Upright(int flip, int turn) {
        /** No mirror. */
        static final int NO_FLIP = Integer.MIN_VALUE;
        /** Mirrored left to right (OpenCV's flip about the vertical axis). */
        static final int LEFT_RIGHT = 1;
        /** Mirrored top to bottom (OpenCV's flip about the horizontal axis). */
        static final int UPSIDE_DOWN = 0;
        static final Upright AS_IS = new Upright(NO_FLIP, -1);

        /** @return whether the frames' width and height swap */
        boolean sideways() {
            return turn == opencv_core.ROTATE_90_CLOCKWISE || turn == opencv_core.ROTATE_90_COUNTERCLOCKWISE;
        }

        /** @return a new Mat, the frame mirrored and turned, that the caller owns and closes */
        Mat apply(Mat frame) {
            if (flip == NO_FLIP && turn < 0) {
                return frame.clone();
            }
            Mat out = new Mat();
            if (flip == NO_FLIP) {
                opencv_core.rotate(frame, out, turn);
                return out;
            }
            opencv_core.flip(frame, out, flip);
            if (turn < 0) {
                return out;
            }
            try (Mat mirrored = out) {
                Mat turned = new Mat();
                opencv_core.rotate(mirrored, turned, turn);
                return turned;
            }
        }
    }

    /**
     * @param info what the file says, its size upright
     * @param upright what stands its frames upright
     */
    FrameSource(FFmpegFrameGrabber grabber, VideoInfo info, boolean audio, Announced announced, Upright upright) {
        this(grabber, info, audio, announced, upright, info.frameRate(), -1, 1, avcodec.AV_FIELD_UNKNOWN);
    }

    /**
     * @param clockRate ticks per second of the clock the output is written on ({@link OutputTimeline}): the input's
     *     frame rate, or a finer clock ({@link OutputClock}) for a file whose frames keep no constant rate or whose
     *     picture starts after its sound by no whole number of frames
     * @param y4mPictureBytes for a YUV4MPEG2 file, the bytes of a frame's picture ({@link Y4mEnd}); -1 for others
     * @param pixelAspect the upright frames' pixel width over height as displayed (sample aspect ratio): 1 for square
     *     pixels, 4/3 for an anamorphic 1440x1080 shown as 1920x1080
     * @param fieldOrder the video stream's field order as FFmpeg finds it ({@code AV_FIELD_PROGRESSIVE}, {@code
     *     AV_FIELD_TT}...), {@code AV_FIELD_UNKNOWN} when it says nothing
     */
    FrameSource(FFmpegFrameGrabber grabber, VideoInfo info, boolean audio, Announced announced, Upright upright,
            double clockRate, long y4mPictureBytes, double pixelAspect, int fieldOrder) {
        this.grabber = grabber;
        this.info = info;
        this.audio = audio;
        this.announced = announced;
        this.upright = upright;
        this.clockRate = clockRate;
        this.y4mPictureBytes = y4mPictureBytes;
        this.pixelAspect = pixelAspect;
        this.pictureAspect = pixelAspect;
        this.fieldOrder = fieldOrder;
    }

    /** A camera, whose first frame was grabbed to check it works. */
    FrameSource(FrameGrabber grabber, VideoInfo info, Frame first) {
        this.grabber = grabber;
        this.info = info;
        this.audio = false;
        this.announced = Announced.NOTHING;
        this.upright = Upright.AS_IS;
        this.clockRate = info.frameRate();
        this.y4mPictureBytes = -1;
        this.pixelAspect = 1;
        this.pictureAspect = 1;
        this.fieldOrder = avcodec.AV_FIELD_UNKNOWN;
        this.pending = first;
    }

    VideoInfo info() {
        return info;
    }

    /** @return ticks per second of the output's clock: the frame rate, or finer ({@link OutputClock}) */
    double clockRate() {
        return clockRate;
    }

    /**
     * @param rate the output's clock when the sound is copied (heard from zero when its stream starts below it) rather
     *     than re-encoded ({@link #clockRate()}); {@link #skipAudio} takes it when the sound is copied
     */
    void clockIfSoundCopied(double rate) {
        this.copiedClockRate = rate;
    }

    /** The clock for copied sound ({@link #clockIfSoundCopied}); NaN until set. */
    private double copiedClockRate = Double.NaN;

    /**
     * @return the video stream's first presentation time as the file states it, microseconds on the clock of the
     *     frames' timestamps; -1 when unknown (a camera, a stream that states none)
     */
    long videoStartMicros() {
        return grabber instanceof FFmpegFrameGrabber ff ? startMicros(ff, ff.getVideoStream()) : -1;
    }

    /**
     * @return the decoded audio stream's first presentation time as the file states it, microseconds on the clock of
     *     the frames' timestamps; -1 when unknown or when no audio is decoded
     */
    long soundStartMicros() {
        return audio && grabber instanceof FFmpegFrameGrabber ff ? startMicros(ff, ff.getAudioStream()) : -1;
    }

    private static long startMicros(FFmpegFrameGrabber ff, int stream) {
        if (ff.getFormatContext() == null || stream < 0) {
            return -1;
        }
        return VideoInput.startMicros(ff.getFormatContext().streams(stream));
    }

    /**
     * @return for an interlaced stream, one line saying that its frames are explained combed and how to deinterlace
     *     them first; null for a progressive one. Once a picture is decoded, as its first picture says; before (or
     *     without JavaCV's internals), as the stream's field order says (tt, bb, tb or bt)
     */
    String interlacedNote() {
        Boolean framesInterlaced = firstInterlaced;
        if (framesInterlaced != null) {
            // The first picture decoded says it, not the container: Matroska's FieldOrder flag claimed fields on a
            // progressive stream (a needless deinterlace suggested), and a flag saying progressive hid fields that were
            // there (helper-67).
            return framesInterlaced ? pictureFieldsNote("is interlaced", firstTopFirst) : null;
        }
        String order = switch (fieldOrder) {
            case avcodec.AV_FIELD_TT -> "tt, top field first";
            case avcodec.AV_FIELD_BB -> "bb, bottom field first";
            case avcodec.AV_FIELD_TB -> "tb, top field coded first, bottom shown first";
            case avcodec.AV_FIELD_BT -> "bt, bottom field coded first, top shown first";
            default -> null;
        };
        return order == null ? null : interlaced("is interlaced", order);
    }

    /**
     * @return for a video whose stream is tagged with an HDR transfer (PQ, SMPTE ST 2084, as HDR10 and Dolby Vision
     *     profiles write it; HLG, ARIB STD-B67, as phones record HDR), one line saying that it is explained and written
     *     without tone mapping, and how to tone-map it first; null for any other
     */
    String hdrNote() {
        if (!(grabber instanceof FFmpegFrameGrabber ff) || ff.getFormatContext() == null || ff.getVideoStream() < 0) {
            return null;
        }
        org.bytedeco.ffmpeg.avcodec.AVCodecParameters par = ff.getFormatContext().streams(ff.getVideoStream()).codecpar();
        int transfer = par.color_trc();
        String name = transfer == avutil.AVCOL_TRC_SMPTE2084 ? "smpte2084"
                : transfer == avutil.AVCOL_TRC_ARIB_STD_B67 ? "arib-std-b67" : null;
        if (name == null) {
            return null;
        }
        // The input's own primaries and matrix where it states them, else HDR's usual BT.2020: zscale finds "no path
        // between colorspaces" when one is unknown (tried with FFmpeg 7.1's zscale on PQ and HLG files).
        int p = par.color_primaries();
        int m = par.color_space();
        String primaries = ColourTags.tag("color_primaries", p, avutil.AVCOL_PRI_UNSPECIFIED,
                avutil.av_color_primaries_name(p));
        // The matrix's 0 is RGB, which HDR video is not.
        String matrix = m == avutil.AVCOL_SPC_RGB ? null
                : ColourTags.tag("colorspace", m, avutil.AVCOL_SPC_UNSPECIFIED, avutil.av_color_space_name(m));
        primaries = primaries == null ? "bt2020" : primaries;
        matrix = matrix == null ? "bt2020nc" : matrix;
        // Its range as tagged, limited when untagged (as video is): a full-range file read as limited comes out
        // washed out and clipped.
        String range = par.color_range() == avutil.AVCOL_RANGE_JPEG ? "pc" : "tv";
        // Its code values go to 8-bit BGR and back unchanged, so the output, tagged as the input, shows about as the
        // input did (banded); but the model sees HDR code values, not the picture an SDR camera would have made, and
        // the overlay's colours are drawn in them.
        return "video " + info.source() + " is HDR (transfer " + (name.equals("smpte2084") ? "PQ, " : "HLG, ") + name
                + "): its frames are explained and written as 8-bit code values with its colour tags, not tone-mapped,"
                + " so the model sees them unlike an SDR picture and the output is banded; to explain it as SDR,"
                + " tone-map " + firstCommand() + " -vf zscale=tin=" + name + ":min=" + matrix + ":pin=" + primaries
                + ":rin=" + range + ":t=linear:npl=100:p=" + primaries + ":m=" + matrix + ",format=gbrpf32le,"
                + "zscale=p=bt709,tonemap=hable:desat=0,zscale=t=bt709:m=bt709:r=tv,format=yuv420p -c:a copy sdr.mp4";
    }

    /**
     * @return how a note's FFmpeg command, run before cam4j, starts: "it first, e.g. ffmpeg -i 'my clip.mkv'"; for a
     *     pipe (the standard input among them), whose bytes are gone once read, "the source first, e.g. ffmpeg -i
     *     SOURCE": {@code ffmpeg -i /dev/stdin} would read nothing
     */
    private String firstCommand() {
        boolean pipe = io.github.cam4j.data.FileKinds.isFifo(java.nio.file.Path.of(info.source()));
        return pipe ? "the source first, e.g. ffmpeg -i SOURCE"
                : "it first, e.g. ffmpeg -i " + io.github.cam4j.ShellWords.quote(info.source());
    }

    /**
     * @return for a video whose first picture was progressive, once a later one holds two fields, one line saying from
     *     which picture on and what is done with them (as {@link #interlacedNote()}); null before such a picture
     */
    String laterFieldsNote() {
        return laterFieldsNote;
    }

    /**
     * @param is what the video does: "is interlaced", or "turns interlaced at its picture N"
     * @param topFirst whether the pictures' top field is shown first
     * @return the note on pictures that say they hold two fields, deinterlaced or kept as stored
     */
    private String pictureFieldsNote(String is, boolean topFirst) {
        String order = topFirst ? "tt, top field first" : "bb, bottom field first";
        return deinterlace ? deinterlaced(is, order, topFirst ? "top" : "bottom") : interlaced(is, order);
    }

    private String deinterlaced(String is, String order, String field) {
        return "video " + info.source() + " " + is + " (field order " + order + "): each frame holding two fields is"
                + " deinterlaced by its " + field + " field, shown first, the other's rows interpolated, which halves its"
                + " vertical detail; for all of it, deinterlace " + firstCommand() + " -vf yadif -c:a copy"
                + " deinterlaced.mp4";
    }

    private String interlaced(String is, String order) {
        // Each frame holds two fields taken a field's time apart: explained as stored, whatever moves is combed (every
        // other row from the other moment), which neither the model nor the viewer expects. FFmpeg's deinterlacer
        // makes whole frames.
        return "video " + info.source() + " " + is + " (field order " + order + "): its frames are explained as "
                + "stored, both fields woven together, so what moves is combed; deinterlace " + firstCommand()
                + " -vf yadif -c:a copy deinterlaced.mp4";
    }

    /** @return the video stream's colour tags as options for the H.264 encoder ({@link ColourTags#encoderOptions}) */
    java.util.Map<String, String> colourOptions() {
        return ColourTags.encoderOptions(grabber);
    }

    /**
     * @return the stream's pixel width over height as displayed, upright, as it announces it before a picture is
     *     decoded (the output is written with it): 1 for square pixels
     */
    double pixelAspect() {
        return pixelAspect;
    }

    /**
     * @return the pixel width over height, as displayed and upright, of the last video frame {@link #grab()} returned:
     *     its picture's own (sample aspect ratio), as FFmpeg guesses it for the picture, the container's first; the
     *     stream's ({@link #pixelAspect()}) before a picture, or without JavaCV's internals. A broadcast going from
     *     anamorphic SD to square HD midway changes it.
     */
    double pictureAspect() {
        return pictureAspect;
    }

    /**
     * @return how long the last video frame {@link #grab()} returned lasts in the input, microseconds, as its packet
     *     said; -1 when it did not say, or without JavaCV's internals
     */
    long pictureDurationMicros() {
        return pictureDurationMicros;
    }

    /**
     * @param frame a frame as decoded (shared with the grabber)
     * @return a new Mat, upright (the stream's display matrix applied), that the caller owns and closes
     */
    Mat upright(Mat frame) {
        return upright.apply(frame);
    }

    /**
     * @return for a YUV4MPEG2 file, which announces no length, the bytes of a frame's picture, for {@link Y4mEnd} to
     *     find a last frame cut short; -1 for other inputs
     */
    long y4mPictureBytes() {
        return y4mPictureBytes;
    }

    /** @return what the video stream announces about its length (nothing, for a camera) */
    Announced announced() {
        return announced;
    }

    /** The file's audio tracks and the one read; set once, by the opener. */
    private AudioTracks audioTracks = AudioTracks.NONE;

    /** @param tracks the file's audio tracks and the one read */
    void audioTracks(AudioTracks tracks) {
        this.audioTracks = tracks;
    }

    /** @return the file's audio tracks and the one read; {@link AudioTracks#NONE} for a camera or without audio */
    AudioTracks audioTracks() {
        return audioTracks;
    }

    /** @return the index of the audio stream read, as the file numbers its streams; -1 when none is */
    int audioStream() {
        return audio && grabber instanceof FFmpegFrameGrabber ff ? ff.getAudioStream() : -1;
    }

    /** @return the codec of the audio stream read (FFmpeg's id); 0, no codec, when none is */
    int audioCodec() {
        return audio && grabber instanceof FFmpegFrameGrabber ff ? ff.getAudioCodec() : 0;
    }

    /**
     * @param on whether a picture that says it holds two fields (FFmpeg's interlaced flag, as its decoder sets it) is
     *     handed out deinterlaced by the field shown first ({@link FieldInterpolation}); a picture that says nothing
     *     (a camera's, or without JavaCV's internals) is handed out as decoded
     */
    void deinterlace(boolean on) {
        this.deinterlace = on && JavaCvInternals.INSTANCE != null && grabber instanceof FFmpegFrameGrabber;
    }

    /**
     * From here {@link #grab} hands out pictures only: the audio is copied from its packets, or left out, not decoded.
     *
     * @param copied whether it is copied: the output's clock is then the one for copied sound
     *     ({@link #clockIfSoundCopied}); called before the run's threads start
     */
    void skipAudio(boolean copied) {
        if (audio && copied && !Double.isNaN(copiedClockRate)) {
            // Set before the run's threads start, which see it.
            clockRate = copiedClockRate;
        }
        audio = false;
    }

    /** @return the next video or audio frame, null at the end of the stream */
    Frame grab() throws FrameGrabber.Exception {
        if (pending != null) {
            Frame f = pending;
            pending = null;
            return f;
        }
        if (grabber instanceof FFmpegFrameGrabber ff) {
            while (true) {
                // Decoded only; converted here, each picture at its own size (see process).
                Frame f = ff.grabFrame(audio, true, JavaCvInternals.INSTANCE == null, false, false);
                if (f != null && JavaCvInternals.INSTANCE != null) {
                    process(ff, f);
                }
                // Other stream types (subtitles, data) come back with neither image nor samples: skip them.
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
                if (f == null || f.image != null || f.samples != null) {
                    return f;
                }
            }
        }
        return grabber.grab();
    }

    /**
     * Converts a frame decoded without JavaCV's processing. JavaCV converts a picture at the size and pixel format of
     * the decoder's context, not the picture's own: a decoder that reorders frames (B-frames) has already read a new
     * size when it hands out the old size's last pictures, so in a stream going from 320x240 to 640x480 the last one or
     * two 320x240 pictures (one per frame of reorder delay) came out 640x480, read past their rows: garbage. Such a
     * picture is converted here at its own size into a buffer of this source's; every other one (nearly all) by
     * JavaCV as before, at the same cost.
     */
    private void process(FFmpegFrameGrabber ff, Frame f) throws FrameGrabber.Exception {
        JavaCvInternals jc = JavaCvInternals.INSTANCE;
        if (f.type == Frame.Type.AUDIO) {
            jc.processSamples(ff);
            if (!soundSeen) {
                soundSeen = true;
                f.timestamp += leadingSkipMicros(ff);
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
                laterFieldsNote = pictureFieldsNote("turns interlaced at its picture " + (pictures + 1),
                        pictureTopFirst);
            }
            pictures++;
        } else {
            pictureInterlaced = false;
        }
        pictureDeinterlaced = false;
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

    /** Whether a sound frame has been handed out ({@link #leadingSkipMicros}). */
    private boolean soundSeen;

    /** JavaCV's grabber's decoded sound frame (1.5.12's name), or null when it cannot be reached. */
    private static final Field SAMPLES_FRAME = samplesFrameField();

    private static Field samplesFrameField() {
        try {
            Field f = FFmpegFrameGrabber.class.getDeclaredField("samples_frame");
            if (f.getType() != AVFrame.class) {
                return null;
            }
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * @return how much sound the decoder dropped from the start of the first sound frame, microseconds: its packet
     *     lasts longer than the samples it gave. Opus drops its pre-skip (312 samples, 6.5 ms) and FFmpeg, unable to
     *     move a Matroska time by it ("could not update timestamps for skipped samples"), leaves the frame at its
     *     packet's time: re-encoded, Opus sound came out 7 ms ahead of its picture. 0 when nothing was dropped, or
     *     less than two ticks of the stream's time base (a Matroska AAC frame of 21.33 ms stored as 21 or 22).
     */
    private long leadingSkipMicros(FFmpegFrameGrabber ff) {
        if (SAMPLES_FRAME == null || ff.getFormatContext() == null || ff.getAudioStream() < 0) {
            return 0;
        }
        try {
            AVFrame sound = (AVFrame) SAMPLES_FRAME.get(ff);
            org.bytedeco.ffmpeg.avutil.AVRational tb = ff.getFormatContext().streams(ff.getAudioStream()).time_base();
            if (sound == null || sound.duration() <= 0 || sound.sample_rate() <= 0 || tb == null || tb.den() <= 0) {
                return 0;
            }
            double tick = 1e6 * tb.num() / tb.den();
            double lasts = sound.duration() * tick;
            double held = sound.nb_samples() * 1e6 / sound.sample_rate();
            long skipped = Math.round(lasts - held);
            return skipped > 2 * tick && skipped > 1_000 ? skipped : 0;
        } catch (IllegalAccessException e) {
            return 0;
        }
    }

    /** Whether the last picture was deinterlaced as it was converted ({@link PictureConversion#convertField}). */
    private boolean pictureDeinterlaced;
    /** Converts the pictures JavaCV would convert wrongly, into buffers of its own; freed on close. */
    private final PictureConversion conversion = new PictureConversion();

    /** @return whether the grabber hands out BGR24 pictures: its default ({@code -1}) or asked for */
    private static boolean bgr24(FFmpegFrameGrabber g) {
        return g.getPixelFormat() == -1 || g.getPixelFormat() == avutil.AV_PIX_FMT_BGR24;
    }

    @Override
    public void close() {
        releaseQuietly(grabber);
        conversion.close();
    }

    static void releaseQuietly(FrameGrabber g) {
        try {
            g.close();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            // Closing after a failure: the first failure is the one worth reporting.
        }
    }

    /** @return the first line of an exception's message (FFmpeg's can run on), or its class when it has none */
    static String firstLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        String line = (nl < 0 ? m : m.substring(0, nl)).strip();
        // JavaCV appends advice for its own API (setFormat, its log callback) that means nothing to a user of cam4j.
        for (String advice : new String[] {" (Has setFormat()", " (For more details"}) {
            int at = line.indexOf(advice);
            if (at >= 0) {
                line = line.substring(0, at);
            }
        }
        return withErrorText(line);
    }

    private static final java.util.regex.Pattern ERROR_CODE = java.util.regex.Pattern.compile("error (-\\d{1,10})\\b");

    /**
     * JavaCV gives FFmpeg's error codes as bare numbers: a full disk was "av_interleaved_write_frame() error -28 while
     * writing interleaved audio packet". FFmpeg's words for the code are put beside it: "error -28 (No space left on
     * device)".
     */
    static String withErrorText(String line) {
        java.util.regex.Matcher m = ERROR_CODE.matcher(line);
        if (!m.find()) {
            return line;
        }
        long code = Long.parseLong(m.group(1));
        if (code < Integer.MIN_VALUE) {
            return line;
        }
        byte[] text = new byte[avutil.AV_ERROR_MAX_STRING_SIZE];
        if (avutil.av_strerror((int) code, text, text.length) < 0) {
            return line; // a code FFmpeg has no words for
        }
        int end = 0;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        String words = new String(text, 0, end, java.nio.charset.StandardCharsets.UTF_8).strip();
        if (words.isEmpty() || line.contains(words)) {
            return line;
        }
        return line.substring(0, m.end()) + " (" + words + ")" + line.substring(m.end());
    }
}
