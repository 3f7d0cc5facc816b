package io.github.cam4j.video;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * An opened input: grabs video frames (and audio frames when asked), in stream order. The frames it returns share
 * the grabber's buffers and are valid until the next grab: clone what is kept. One thread at a time. What its opener
 * read of the stream (its size, clocks, length, orientation) it keeps; each decoded frame goes through {@link
 * FrameProcessing}, and its notes are said by {@link StreamNotes}.
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
    /** The file read, for a second look at it; null until said, and for a pipe, a URL and a camera. */
    private java.nio.file.Path file;
    private final double pixelAspect;
    private final int fieldOrder;
    /** What is added to the times of a file that starts shortly before its clock wraps ({@link TimestampWrap}). */
    private final TimestampWrap wrap;
    /** Says the notes on the stream's fields and HDR transfer. */
    private final StreamNotes notes;
    /** Processes each decoded frame in JavaCV's stead, and keeps what its picture said of itself. */
    private final FrameProcessing processing;
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
     * @param info what the file says, its size upright
     * @param upright what stands its frames upright
     */
    FrameSource(FFmpegFrameGrabber grabber, VideoInfo info, boolean audio, Announced announced, Upright upright) {
        this(grabber, info, audio, announced, upright, info.frameRate(), -1, 1, avcodec.AV_FIELD_UNKNOWN,
                TimestampWrap.NONE);
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
     * @param wrap what is added to every time read of the file, picture's and sound's, so that one that starts shortly
     *     before its clock wraps reads as starting above zero ({@link TimestampWrap}); {@link TimestampWrap#NONE}
     */
    FrameSource(FFmpegFrameGrabber grabber, VideoInfo info, boolean audio, Announced announced, Upright upright,
            double clockRate, long y4mPictureBytes, double pixelAspect, int fieldOrder, TimestampWrap wrap) {
        this.grabber = grabber;
        this.info = info;
        this.audio = audio;
        this.announced = announced;
        this.upright = upright;
        this.clockRate = clockRate;
        this.y4mPictureBytes = y4mPictureBytes;
        this.pixelAspect = pixelAspect;
        this.fieldOrder = fieldOrder;
        this.wrap = wrap;
        this.notes = new StreamNotes(info.source());
        this.processing = new FrameProcessing(upright, pixelAspect, notes);
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
        this.fieldOrder = avcodec.AV_FIELD_UNKNOWN;
        this.wrap = TimestampWrap.NONE;
        this.notes = new StreamNotes(info.source());
        this.processing = new FrameProcessing(upright, pixelAspect, notes);
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

    private long startMicros(FFmpegFrameGrabber ff, int stream) {
        if (ff.getFormatContext() == null || stream < 0) {
            return -1;
        }
        return StreamTiming.startMicros(ff.getFormatContext().streams(stream), wrap);
    }

    /**
     * @return what is added to every time read of the file ({@link TimestampWrap}): the copied sound's packets are
     *     lifted alike
     */
    TimestampWrap timestampWrap() {
        return wrap;
    }

    /**
     * @return for an interlaced stream, one line saying that its frames are explained combed and how to deinterlace
     *     them first; null for a progressive one. Once a picture is decoded, as its first picture says; before (or
     *     without JavaCV's internals), as the stream's field order says (tt, bb, tb or bt)
     */
    String interlacedNote() {
        Boolean framesInterlaced = processing.firstInterlaced();
        if (framesInterlaced != null) {
            // The first picture decoded says it, not the container: Matroska's FieldOrder flag claimed fields on a
            // progressive stream (a needless deinterlace suggested), and a flag saying progressive hid fields that were
            // there (helper-67).
            return framesInterlaced ? notes.pictureFieldsNote("is interlaced", processing.firstTopFirst(),
                    processing.deinterlace()) : null;
        }
        return notes.fieldOrderNote(fieldOrder);
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
        return notes.hdrNote(par);
    }

    /**
     * @return once a picture with an alpha channel was transparent somewhere and the ground was chosen, one line
     *     saying over which ground the pictures are taken and how to flatten them over the other first; null before,
     *     and for any other video
     */
    String alphaNote() {
        if (!(grabber instanceof FFmpegFrameGrabber ff) || ff.getFormatContext() == null || ff.getVideoStream() < 0
                || !processing.transparentSeen()) {
            return null;
        }
        return notes.alphaNote(processing.transparentFormat(), processing.ground());
    }

    /**
     * @return at the end of a video with an alpha channel whose pictures were transparent somewhere but never showed
     *     anything there (transparent everywhere, or opaque everywhere), so that no ground was chosen and white was
     *     used, as {@code explain} lays such a picture: the {@link #alphaNote()} line naming white; null for any other,
     *     and for one whose ground was chosen ({@link #alphaNote()} said it)
     */
    String unchosenGroundNote() {
        if (!(grabber instanceof FFmpegFrameGrabber ff) || ff.getFormatContext() == null || ff.getVideoStream() < 0
                || processing.transparentSeen()
                || processing.seeThroughFormat() == org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_NONE) {
            return null;
        }
        return notes.alphaNote(processing.seeThroughFormat(), 255);
    }

    /**
     * @return for a VP8 or VP9 video whose alpha channel its decoder drops (read from a pipe, which cannot be opened
     *     again with libvpx's decoder: {@link VpxAlpha}), one line saying its frames are explained as opaque; null for
     *     any other
     */
    String droppedAlphaNote() {
        if (!(grabber instanceof FFmpegFrameGrabber ff) || !VpxAlpha.dropped(ff)) {
            return null;
        }
        return notes.droppedAlphaNote(ff.getVideoCodecName());
    }

    /**
     * @return for a video whose first picture was progressive, once a later one holds two fields, one line saying from
     *     which picture on and what is done with them (as {@link #interlacedNote()}); null before such a picture
     */
    String laterFieldsNote() {
        return processing.laterFieldsNote();
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
        return processing.pictureAspect();
    }

    /**
     * @return how long the last video frame {@link #grab()} returned lasts in the input, microseconds, as its packet
     *     said; -1 when it did not say, or without JavaCV's internals
     */
    long pictureDurationMicros() {
        return processing.pictureDurationMicros();
    }

    /**
     * @param frame a frame as decoded (shared with the grabber)
     * @return a new Mat, upright (the stream's display matrix applied), that the caller owns and closes
     */
    Mat upright(Mat frame) {
        return upright.apply(frame);
    }

    /**
     * @param file the file read, which can be opened again ({@link VideoInput#canReopen()}): the message's name for
     *     it ({@link VideoInfo#source()}) may be another ({@code - (standard input)} for a file given as the standard
     *     input)
     */
    void file(java.nio.file.Path file) {
        this.file = file;
    }

    /** @return the file read, to open again; null for a pipe, a URL and a camera */
    java.nio.file.Path file() {
        return file;
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
        processing.deinterlace(on && JavaCvInternals.INSTANCE != null && grabber instanceof FFmpegFrameGrabber);
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
                // Decoded only; converted here, each picture at its own size (FrameProcessing.process).
                Frame f = ff.grabFrame(audio, true, JavaCvInternals.INSTANCE == null, false, false);
                if (f != null && JavaCvInternals.INSTANCE != null) {
                    processing.process(ff, f);
                }
                processing.settle(ff, f);
                // Other stream types (subtitles, data) come back with neither image nor samples: skip them.
                if (f == null || f.image != null || f.samples != null) {
                    if (f != null && wrap.lifted()) {
                        f.timestamp += wrap.micros(ff.getFormatContext().streams(
                                f.image != null ? ff.getVideoStream() : ff.getAudioStream()));
                    }
                    return f;
                }
            }
        }
        return grabber.grab();
    }

    @Override
    public void close() {
        releaseQuietly(grabber);
        processing.close();
    }

    static void releaseQuietly(FrameGrabber g) {
        try {
            g.close();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            // Closing after a failure: the first failure is the one worth reporting.
        }
    }
}
