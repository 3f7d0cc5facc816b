package io.github.cam4j.video;

import io.github.cam4j.data.FileKinds;
import java.nio.file.Files;
import java.util.Map;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameGrabber;

/**
 * Where frames come from: a file FFmpeg reads (mp4, avi, mkv, webm...) or a camera (OpenCV's capture, by index).
 *
 * <pre>{@code
 * VideoInput.parse("clip.mp4");   // a file
 * VideoInput.parse("camera:0");   // the first camera
 * VideoInput.parse("-");          // the standard input (a pipe: ffmpeg ... -f matroska - | ...)
 * }</pre>
 *
 * <p>A named pipe (FIFO), the standard input piped among them, is read as FFmpeg reads pipes: once, in order. Its
 * length is not known unless its stream states it, and nothing opens it twice ({@link #canReopen()}).
 */
public final class VideoInput {
    /** Frame rate given to the output when a camera does not report one. */
    public static final double DEFAULT_CAMERA_FPS = 25.0;

    private static final Pattern CAMERA = Pattern.compile("camera:(\\d+)");
    private static final Pattern DURATION = Pattern.compile("(\\d+):(\\d{2}):(\\d{2}(?:\\.\\d+)?)");

    private final Path file;
    private final int camera;
    /**
     * The last read of this file's sound to its end for a change AAC in ADTS frames makes midway ({@link
     * #audioParameterChange}): a check before the run and the run share it. The input's only state; null until read.
     */
    private volatile AudioPackets.Read audioRead;

    private VideoInput(Path file, int camera) {
        this.file = file;
        this.camera = camera;
    }

    /**
     * @param file a video file
     * @return the input
     */
    public static VideoInput file(Path file) {
        return new VideoInput(Objects.requireNonNull(file), -1);
    }

    /**
     * @param index the camera's index (0 for the first)
     * @return the input
     */
    public static VideoInput camera(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("camera index must be 0 or more, got " + index);
        }
        return new VideoInput(null, index);
    }

    /** What {@link #parse} reads {@code -} as: the standard input, a pipe when a producer is piped into cam4j. */
    public static final Path STANDARD_INPUT = Path.of("/dev/stdin");

    /**
     * @param text {@code camera:N}, {@code -} for the standard input ({@link #STANDARD_INPUT}: {@code ffmpeg ... -f
     *     matroska - | cam4j video -}), or a file path
     * @return the input
     */
    public static VideoInput parse(String text) {
        if (text.strip().equals("-")) {
            return file(STANDARD_INPUT);
        }
        Matcher m = CAMERA.matcher(text.strip());
        if (m.matches() && m.group(1).length() <= 9) {
            // Nine digits at most: a larger index is no camera's and would overflow an int.
            return camera(Integer.parseInt(m.group(1)));
        }
        if (text.strip().startsWith("camera:")) {
            throw new IllegalArgumentException("'" + text + "': a camera is camera:N with N its index, e.g. camera:0");
        }
        return file(Path.of(text));
    }

    /** @return true for a camera */
    public boolean isCamera() {
        return file == null;
    }

    /**
     * Whether a second opening of this input reads it again from its start, as a second look at it needs (a probe
     * before the run, a second grabber for its sound packets, a re-read of its end). A named pipe (FIFO: {@code mkfifo}
     * fed by {@code ffmpeg ... -f matroska - > fifo}, or {@code /dev/stdin} when piped) gives its bytes once, to
     * whichever reader takes them first, and cannot seek; a camera gives what it sees now.
     *
     * @return true for a file or an image sequence; false for a named pipe and a camera
     */
    public boolean canReopen() {
        return !isCamera() && !FileKinds.isFifo(file);
    }

    /**
     * Reads the file's audio stream to its end for a change of its parameters an mp4 cannot hold ({@link
     * AudioPackets#parameterChange}), once: the check before a run ({@link VideoPipeline#checkAudio}) and the run ask
     * alike, and an MPEG-TS file's bytes were read through twice for it. Read again when the file has changed since.
     *
     * @param index the audio stream's index
     * @return where and how the stream changes; null when it does not
     * @throws VideoException when the file cannot be opened again
     */
    String audioParameterChange(int index) throws VideoException {
        AudioPackets.Read read = AudioPackets.Read.of(audioRead, file, index);
        audioRead = read;
        return read.change();
    }

    /** @return the file, or null for a camera */
    public Path path() {
        return file;
    }

    /** @return how a message names the file: its path, or {@code - (standard input)} for {@link #STANDARD_INPUT} */
    private String named() {
        return file.equals(STANDARD_INPUT) ? "- (standard input)" : file.toString();
    }

    /** @return the file's path, or {@code camera N} */
    @Override
    public String toString() {
        return isCamera() ? "camera " + camera : file.toString();
    }

    /**
     * Lets an open that waits for a named pipe's writer go, for a run that is stopped before its pipe has one (FFmpeg
     * waits in the system's open, where nothing else reaches it): the pipe is opened for writing and closed, with
     * nothing written, so the open returns and reads the pipe's end. A writer already there keeps writing; nothing is
     * done for another input. Blocks until the pipe has a reader ({@link StoppableOpen} calls it on a thread of its own).
     */
    void releaseOpen() {
        if (isCamera() || canReopen()) {
            return;
        }
        try (java.io.OutputStream nothing = Files.newOutputStream(file, java.nio.file.StandardOpenOption.WRITE)) {
            // Closed at once: an end of the pipe for a reader with no other writer.
        } catch (java.io.IOException | RuntimeException e) {
            // The pipe went away: there is no open to let go.
        }
    }

    /**
     * Reads what the input says about itself (size, frame rate, frame count, audio), then closes it: for a caller
     * that wants to check the input before loading a model. Like a run, it keeps FFmpeg's informational lines off
     * standard error unless the application set FFmpeg's log level ({@link FfmpegLog}).
     *
     * @return the input's description
     * @throws VideoException when it cannot be opened, as {@link VideoPipeline#run} would fail, or when it is a named
     *     pipe, which a probe would empty of its start ({@link #canReopen()})
     */
    public VideoInfo probe() throws VideoException {
        if (!isCamera() && !canReopen()) {
            throw new VideoException("video " + file + " is a named pipe (FIFO), read once: it is not probed before the "
                    + "run, which would take its start away from the run");
        }
        try (FrameSource source = open(true)) {
            return source.info();
        }
    }

    /**
     * Opens the input, ready to grab.
     *
     * @param withAudio whether audio frames are wanted too
     * @return the opened source; the caller closes it
     * @throws VideoException when the file is missing, unreadable or has no video stream, or the camera does not open
     */
    FrameSource open(boolean withAudio) throws VideoException {
        return open(withAudio, 0);
    }

    /**
     * Opens the input, ready to grab, reading one audio track of several.
     *
     * @param withAudio whether audio frames are wanted too
     * @param audioTrack the audio track to read, from 1 among the file's audio tracks ({@link AudioTracks}); 0 for the
     *     one a player picks (flagged default first)
     * @return the opened source; the caller closes it
     * @throws VideoException as {@link #open(boolean)}; a {@link VideoSettingException} when the file has no such audio
     *     track, or it is a pipe whose track read (the first, read once) is another
     */
    FrameSource open(boolean withAudio, int audioTrack) throws VideoException {
        // Every run and probe opens its input first, before anything else of FFmpeg's (the output) is touched.
        FfmpegLog.quietUnlessSet();
        return isCamera() ? openCamera() : openFile(withAudio, audioTrack);
    }

    private FrameSource openFile(boolean withAudio, int audioTrack) throws VideoException {
        Optional<Path> sequence = Files.exists(file) ? Optional.empty() : firstOfSequence(file);
        if (!Files.exists(file) && sequence.isEmpty()) {
            throw new VideoException("video " + file + " does not exist" + (SEQUENCE.matcher(file.getFileName()
                    .toString()).results().count() == 1 ? " (nor, as an image sequence, its pictures numbered 0 to 4,"
                            + " which FFmpeg starts from)" : ""));
        }
        // A named pipe is read as FFmpeg reads pipes, once and in order: nothing below opens it a second time, seeks in
        // it or reads its end again. It had been refused as "not a file".
        boolean pipe = sequence.isEmpty() && FileKinds.isFifo(file);
        if (sequence.isEmpty() && !Files.isRegularFile(file) && !pipe) {
            throw new VideoException(FileKinds.refusal(file, "video").orElse("video " + file + " is not a regular file")
                    + " (nor a named pipe, which is read as a stream)");
        }
        FFmpegFrameGrabber g = start(-1, -1);
        if (pipe && PipedMp4Index.samplesBehind(g)) {
            // Its frames could not be read ("holds no video frames", "no picture size"): the reason is said instead.
            FrameSource.releaseQuietly(g);
            throw new VideoException("video " + named() + " is an mp4 whose index (moov) is at its end, which cannot be "
                    + "read from a pipe: give the file by name, or remux it with ffmpeg -i in.mp4 -c copy -movflags "
                    + "+faststart out.mp4");
        }
        // JavaCV takes the first stream of each kind whose disposition is exactly 0: the first one NOT flagged as the
        // default, so a file with a commentary track after its main sound was read with the commentary, and one with a
        // small second camera angle after its main picture with that angle. The streams a player picks are read. A pipe
        // cannot be opened again to read others: it keeps JavaCV's (the first of each kind, for a pipe written by
        // ffmpeg with -map, the ones mapped).
        int video = pipe ? g.getVideoStream() : videoToRead(g);
        if (video >= 0 && attachedPicture(g, video)) {
            // Only a cover picture (a music file's album art, FFmpeg's "attached picture"): one still frame, no video.
            FrameSource.releaseQuietly(g);
            throw new VideoException("video " + file + " has no video stream (only a still cover picture)" + (pipe
                    ? ", as the first video stream of a pipe, which is read once: write the pipe with the video "
                            + "stream mapped first (ffmpeg -map 0:v:N)" : ""));
        }
        java.util.List<AudioTracks.Track> tracks = withAudio ? AudioTracks.of(g.getFormatContext()) : java.util.List.of();
        int sound = -1;
        if (withAudio && video >= 0) {
            try {
                sound = pipe ? pipeAudio(g, tracks, audioTrack) : audioTrack > 0
                        ? AudioTracks.pick(tracks, audioTrack, file.toString()).index() : audioToRead(g, video);
            } catch (VideoSettingException e) {
                FrameSource.releaseQuietly(g);
                throw e;
            }
        }
        if (!pipe && video >= 0 && (video != g.getVideoStream() || (sound >= 0 && sound != g.getAudioStream()))) {
            FrameSource.releaseQuietly(g);
            g = start(video, sound);
        }
        if (!g.hasVideo() || g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
            String codec = g.hasVideo() ? g.getVideoCodecName() : null;
            FrameSource.releaseQuietly(g);
            if (codec != null) {
                // A video stream whose picture size FFmpeg never found: it decodes nothing (ffmpeg itself gives up on
                // it), and it was said to be no video stream at all.
                throw new VideoException("video " + file + ": its video stream (" + codec + ") cannot be decoded: "
                        + "FFmpeg finds no picture size in it (the start of the stream, which states it, missing from a "
                        + "file cut out of a recording?)");
            }
            throw new VideoException("video " + file + " has no video stream");
        }
        String still = stillImageFormat(g.getFormat());
        // Pictures through a pipe (ffmpeg -f image2pipe, cat *.png > fifo) are a stream of them: counting them would
        // read the pipe away.
        if (still != null && !pipe) {
            // FFmpeg reads a picture file as a video of one frame, which was written as a one-frame mp4 at 25 fps. Its
            // image readers also read pictures one after another: a camera's Motion JPEG saved as it came (.mjpeg), PNGs
            // piped into a file. Such a stream of pictures is a video, and was refused as a still image.
            boolean moving = holdsMoreThanOnePicture(g);
            FrameSource.releaseQuietly(g);
            if (!moving) {
                throw new VideoException("video " + file + " is a still image (FFmpeg reads it as " + still
                        + "), not a video: explain it as an image (cam4j explain, CamSession.explain)");
            }
            g = start(video, sound);
        }
        boolean audio = withAudio && g.hasAudio() && g.getAudioChannels() > 0 && g.getSampleRate() > 0;
        double fps = g.getVideoFrameRate() > 0 ? g.getVideoFrameRate() : g.getFrameRate();
        if (!(fps > 0) || !Double.isFinite(fps)) {
            fps = DEFAULT_CAMERA_FPS;
        }
        // What the video stream itself announces, when it does: JavaCV's own estimate multiplies the container's
        // duration, which is the longest stream's (audio running on past the picture doubled it, measured), by the
        // frame rate.
        long streamFrames = -1;
        double streamSeconds = Double.NaN;
        double clockRate = fps;
        double copiedClockRate = fps;
        long y4mPictureBytes = -1;
        int fieldOrder = avcodec.AV_FIELD_UNKNOWN;
        if (g.getVideoStream() >= 0 && g.getFormatContext() != null) {
            AVStream st = g.getFormatContext().streams(g.getVideoStream());
            if (averageImpossible(st)) {
                // JavaCV takes FFmpeg's average, which for a raw DV file is its time base's 60 000: "at 60000.00 fps",
                // 240 000 frames for 4 s, an encoder told 60 000 fps, and the last frame lasting one tick.
                fps = (double) st.r_frame_rate().num() / st.r_frame_rate().den();
            }
            fieldOrder = st.codecpar().field_order();
            streamFrames = st.nb_frames() > 0 ? st.nb_frames() : -1;
            streamSeconds = streamSeconds(st, g.getVideoMetadata());
            clockRate = clockRate(g, st, fps, audio, false);
            copiedClockRate = clockRate(g, st, fps, audio, true);
            if ("yuv4mpegpipe".equals(g.getFormat()) && !pipe) {
                // Its "duration" is FFmpeg's count of the whole frames in the file, which a cut file matches too: its
                // end is checked instead (Y4mEnd), each picture's bytes as FFmpeg's demuxer reads them. Not a pipe's:
                // its end cannot be read again (opening it would wait for a writer that is gone).
                y4mPictureBytes = avutil.av_image_get_buffer_size(st.codecpar().format(), st.codecpar().width(),
                        st.codecpar().height(), 1);
            }
        }
        // Only an mp4's edit list shows fewer frames than it counts: an avi cut short keeps its header's count (50) while
        // FFmpeg guesses its duration from the bytes left, and that guess (28 frames of a file cut to 60 %) hid the cut.
        boolean editList = g.getFormat() != null && (g.getFormat().contains("mp4") || g.getFormat().contains("mov"));
        if (editList && streamFrames > 0 && Double.isFinite(streamSeconds)
                && Math.round(streamSeconds * fps) < streamFrames - 1) {
            // An mp4 cut without re-encoding (ffmpeg -ss -c copy, a phone's or an editor's trim) keeps the frames from
            // the keyframe before the cut, which its edit list does not show, and counts them: 50 frames for the 26
            // shown. Its duration is the part shown. Counted, a whole file was reported as cut short.
            streamFrames = Math.round(streamSeconds * fps);
        }
        long frames = streamFrames > 0 ? streamFrames
                : Double.isFinite(streamSeconds) ? Math.round(streamSeconds * fps) : g.getLengthInVideoFrames();
        FrameSource.Upright upright = upright(g.getDisplayRotation(), displayMatrix(g));
        boolean sideways = upright.sideways();
        VideoInfo info = new VideoInfo(file.toString(), sideways ? g.getImageHeight() : g.getImageWidth(),
                sideways ? g.getImageWidth() : g.getImageHeight(), fps, frames > 0 ? frames : -1,
                audio ? g.getAudioChannels() : 0, audio ? g.getSampleRate() : 0);
        // Anamorphic video (a DVD's 720x576 shown 16:9, HDV's 1440x1080 shown as 1920x1080) stores non-square pixels;
        // a frame turned sideways turns its pixels too.
        double sar = sampleAspect(g);
        FrameSource source = new FrameSource(g, info, audio, new FrameSource.Announced(streamFrames, streamSeconds,
                editList && fragmentsOnly(pipe)), upright, clockRate, y4mPictureBytes, sideways ? 1 / sar : sar, fieldOrder);
        source.audioTracks(AudioTracks.reading(tracks, audio ? g.getAudioStream() : -1, audioTrack > 0));
        source.clockIfSoundCopied(copiedClockRate);
        return source;
    }

    /**
     * @param pipe whether the file is a pipe, read once
     * @return whether an mp4's length as FFmpeg gives it is only what its fragments present reach ({@link
     *     Mp4Fragments}); false for a pipe, whose length FFmpeg knows only up to the fragment it has read, never more
     *     than what is decoded, and for a file that cannot be read again
     */
    private boolean fragmentsOnly(boolean pipe) {
        if (pipe) {
            return false;
        }
        try {
            return Mp4Fragments.of(file) == Mp4Fragments.Layout.FRAGMENTED_UNINDEXED;
        } catch (java.io.IOException e) {
            return false; // FFmpeg has just read it: a failure now says nothing of its length
        }
    }

    /**
     * @return the video stream's pixel width over height (sample aspect ratio): the container's when it states one,
     *     else the stream's own; 1 when neither does. JavaCV's {@code getAspectRatio()} asks FFmpeg with a picture not
     *     yet decoded, whose own ratio of 0 hid the stream's: an anamorphic MPEG-TS, MPEG-PS or raw H.264 file (where
     *     only the stream states it: a DVB or DVD recording's 720x576 at 16:9) was fed with square pixels and written
     *     without its ratio (helper-67: the 7s of a 2:1 clip read as 1s again).
     */
    private static double sampleAspect(FFmpegFrameGrabber g) {
        if (g.getVideoStream() < 0 || g.getFormatContext() == null) {
            return 1;
        }
        AVStream st = g.getFormatContext().streams(g.getVideoStream());
        org.bytedeco.ffmpeg.avutil.AVRational r = avformat.av_guess_sample_aspect_ratio(g.getFormatContext(), st, null);
        double a = r.den() > 0 ? (double) r.num() / r.den() : 0;
        return a > 0 && Double.isFinite(a) ? a : 1;
    }

    /** A printf number in a file name, as FFmpeg's image sequences take it: %d, %03d. */
    private static final Pattern SEQUENCE = Pattern.compile("%0?\\d*d");

    /**
     * FFmpeg reads numbered pictures as a video ({@code frame%03d.png}: frame000.png, frame001.png... at 25 fps), which
     * cam4j refused as a file that does not exist (helper-64).
     *
     * @param pattern a path whose file name may hold one printf number
     * @return the sequence's first picture, numbered 0 to 4 as FFmpeg looks for it; empty when the name holds no
     *     number or none of those pictures exists
     */
    static Optional<Path> firstOfSequence(Path pattern) {
        Path name = pattern.getFileName();
        if (name == null) {
            return Optional.empty();
        }
        String n = name.toString();
        Matcher m = SEQUENCE.matcher(n);
        if (!m.find()) {
            return Optional.empty();
        }
        int from = m.start();
        int to = m.end();
        String number = m.group();
        if (m.find()) {
            return Optional.empty(); // more than one number: not a sequence FFmpeg reads
        }
        for (int start = 0; start <= 4; start++) {
            Path picture = pattern.resolveSibling(n.substring(0, from) + String.format(java.util.Locale.ROOT, number, start)
                    + n.substring(to));
            if (Files.isRegularFile(picture)) {
                return Optional.of(picture);
            }
        }
        return Optional.empty();
    }

    /**
     * @param videoStream the video stream to read, -1 for JavaCV's choice
     * @param audioStream the audio stream to read, -1 for JavaCV's choice
     * @return the file's grabber, started
     */
    private FFmpegFrameGrabber start(int videoStream, int audioStream) throws VideoException {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        if (videoStream >= 0) {
            g.setVideoStream(videoStream);
        }
        if (audioStream >= 0) {
            g.setAudioStream(audioStream);
        }
        try {
            g.start();
            return g;
        } catch (FrameGrabber.Exception | RuntimeException e) {
            FrameSource.releaseQuietly(g);
            String why = FrameSource.firstLine(e);
            if (why.startsWith("Did not find a video or audio stream")) {
                // An mp4 closed before its first frame: the container is there, its track holds nothing.
                throw new VideoException("video " + file + " holds no frames (no usable video or audio stream)", e);
            }
            throw new VideoException("cannot read video " + file + ": FFmpeg cannot open it (not a video, or truncated): "
                    + why, e);
        }
    }

    /**
     * @param demuxer the name of the FFmpeg demuxer that opened a file
     * @return the picture's format, e.g. "PNG", when the demuxer is one of FFmpeg's image readers ({@code image2}, or
     *     {@code png_pipe}, {@code jpeg_pipe} ... which it picks by a file's content); null for a video. GIF is left
     *     to play as what it usually is, an animation.
     */
    static String stillImageFormat(String demuxer) {
        if (demuxer == null) {
            return null;
        }
        if (demuxer.equals("image2")) {
            return "an image";
        }
        if (demuxer.endsWith("_pipe") && !demuxer.equals("gif_pipe")) {
            return demuxer.substring(0, demuxer.length() - "_pipe".length()).toUpperCase(java.util.Locale.ROOT);
        }
        return null;
    }

    /**
     * @return the video stream a player shows: the one FFmpeg finds best (flagged default first, then the one with the
     *     most frames and bits), or when that is a cover picture the first video stream that is not; a cover picture
     *     when the file holds nothing else; -1 when it holds no video stream
     */
    private static int videoToRead(FFmpegFrameGrabber g) {
        AVFormatContext oc = g.getFormatContext();
        if (oc == null) {
            return -1;
        }
        int best = avformat.av_find_best_stream(oc, avutil.AVMEDIA_TYPE_VIDEO, -1, -1, (PointerPointer<?>) null, 0);
        if (best >= 0 && !attachedPicture(g, best)) {
            return best;
        }
        for (int i = 0; i < oc.nb_streams(); i++) {
            if (oc.streams(i).codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO && !attachedPicture(g, i)) {
                return i;
            }
        }
        return Math.max(best, -1);
    }

    /**
     * A pipe is read once, by the grabber already open: its audio track is the one JavaCV took, and one asked for must
     * be that one.
     *
     * @return the audio stream read
     * @throws VideoSettingException when another track is asked for, or one the pipe lacks
     */
    private int pipeAudio(FFmpegFrameGrabber g, java.util.List<AudioTracks.Track> tracks, int audioTrack)
            throws VideoSettingException {
        if (audioTrack <= 0) {
            return g.getAudioStream();
        }
        AudioTracks.Track asked = AudioTracks.pick(tracks, audioTrack, file.toString());
        if (asked.index() != g.getAudioStream()) {
            String why = "video " + file + " is a pipe (read once), whose audio track " + tracks.stream()
                    .filter(t -> t.index() == g.getAudioStream()).map(t -> t.number() + " (" + t.traits() + ")")
                    .findFirst().orElse("(none)") + " is read; write the pipe with track " + audioTrack
                    + " mapped first (ffmpeg ... -map 0:v:0 -map 0:a:" + (audioTrack - 1) + ")";
            throw new VideoSettingException("cannot read audio track " + audioTrack + " (VideoPipeline.Builder"
                    + ".optAudioTrack): " + why, "--audio-track " + audioTrack + ": " + why);
        }
        return asked.index();
    }

    /** @return the audio stream FFmpeg finds best beside the video stream (flagged default first), -1 when none */
    private static int audioToRead(FFmpegFrameGrabber g, int video) {
        AVFormatContext oc = g.getFormatContext();
        return oc == null ? -1 : Math.max(-1, avformat.av_find_best_stream(oc, avutil.AVMEDIA_TYPE_AUDIO, -1, video,
                (PointerPointer<?>) null, 0));
    }

    /** @return whether a grabber just started decodes a second picture (it is read on: start another to use it) */
    private static boolean holdsMoreThanOnePicture(FFmpegFrameGrabber g) {
        try {
            int pictures = 0;
            while (pictures < 2 && g.grabImage() != null) {
                pictures++;
            }
            return pictures >= 2;
        } catch (FrameGrabber.Exception | RuntimeException e) {
            return false;
        }
    }

    /** @return whether stream {@code index} is a still picture attached to the file (a cover), not a video */
    private static boolean attachedPicture(FFmpegFrameGrabber g, int index) {
        return index >= 0 && g.getFormatContext() != null
                && (g.getFormatContext().streams(index).disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) != 0;
    }

    /**
     * The clock the output's picture is written on ({@link OutputClock}): the frame rate for a constant-rate stream
     * whose picture starts with its sound or a whole number of frames after it, else a fine one.
     *
     * @param audio whether the input's sound is written too (else where it starts does not matter)
     * @param copied whether for sound copied from its packets, heard from zero when it starts below it; else for sound
     *     decoded and re-encoded, every time moved by that start
     */
    private static double clockRate(FFmpegFrameGrabber g, AVStream st, double fps, boolean audio, boolean copied) {
        long lag = 0;
        if (audio && g.getAudioStream() >= 0) {
            long video = startMicros(st);
            long sound = startMicros(g.getFormatContext().streams(g.getAudioStream()));
            if (video >= 0 && sound < -1) {
                // Sound stated to start below zero (an encoder's priming, in Matroska): re-encoded, every time moves
                // by it and the picture lags by video - sound; copied, the sound is heard from zero and the picture
                // lags by video. Taken for sound of unknown start, a picture 0.421 s after MP3 sound at -0.023 went
                // on the 25 fps grid at 0.400, 21 ms early (helper-84's audit); and a copy's picture on the grid got
                // a fine clock for the re-encoding's sake, its average rate then read as its times rounded (helper-85).
                lag = copied ? video : video - sound;
            } else {
                lag = video >= 0 && sound >= 0 ? video - sound : 0;
            }
        }
        AVRational avg = averageImpossible(st) ? null : st.avg_frame_rate();
        AVRational base = st.r_frame_rate();
        AVRational tb = st.time_base();
        return OutputClock.rate(fps, avg == null ? 0 : avg.num(), avg == null ? 0 : avg.den(),
                base == null ? 0 : base.num(), base == null ? 0 : base.den(), tb == null ? 0 : tb.num(),
                tb == null ? 0 : tb.den(), lag);
    }

    /**
     * @return whether FFmpeg's average frame rate for the stream is a placeholder, not a rate: the rate of its time
     *     base itself (a raw DV file's is 60 000 with a time base of 1/60 000) and more than twice its base rate
     *     ({@code r_frame_rate}), or more than twenty times it; the base rate is then the frame rate. An average above the base rate is no sign of
     *     it alone: FFmpeg guesses the base rate from the first frames, and a phone clip that goes from 10 to 30 fps
     *     averages 14.6 over a base rate of 10 (taken at 10 fps, its 190 frames were written over 19 s against 13 s
     *     of sound; helper-85)
     */
    static boolean averageImpossible(AVStream st) {
        AVRational avg = st.avg_frame_rate();
        AVRational base = st.r_frame_rate();
        AVRational tb = st.time_base();
        if (avg == null || base == null || tb == null || avg.num() <= 0 || avg.den() <= 0 || base.num() <= 0
                || base.den() <= 0 || tb.num() <= 0 || tb.den() <= 0) {
            return false;
        }
        boolean timeBaseRate = (long) avg.num() * tb.num() == (long) avg.den() * tb.den();
        double times = ((double) avg.num() / avg.den()) / ((double) base.num() / base.den());
        // Twenty times the base rate is no clip's average either: a 30 fps Matroska file JavaCV wrote with Opus read
        // as 3000/1, and was announced "at 3000.00 fps".
        return timeBaseRate && times > 2 || times > 20;
    }

    /** @return a stream's first presentation time, microseconds (as JavaCV times its frames); -1 when unknown */
    static long startMicros(AVStream st) {
        if (st == null || st.start_time() == avutil.AV_NOPTS_VALUE || st.time_base() == null
                || st.time_base().den() <= 0) {
            return -1;
        }
        return Math.round(st.start_time() * 1e6 * st.time_base().num() / st.time_base().den());
    }

    /**
     * Phones store a portrait clip as landscape frames plus a display rotation, which players apply. FFmpeg gives the
     * display matrix's angle counter-clockwise (a phone's "rotate=90" tag reads -90), so the frame turns the other way
     * to stand upright, as FFmpeg's own player and command line do.
     *
     * @param displayRotation the stream's display rotation in degrees (0 when it has none)
     * @return the OpenCV {@code rotate} code that stands frames upright, or -1 when they already are
     */
    static int uprightTurn(double displayRotation) {
        if (!Double.isFinite(displayRotation)) {
            return -1;
        }
        long clockwise = Math.floorMod(Math.round(-displayRotation / 90.0) * 90, 360);
        return switch ((int) clockwise) {
            case 90 -> opencv_core.ROTATE_90_CLOCKWISE;
            case 180 -> opencv_core.ROTATE_180;
            case 270 -> opencv_core.ROTATE_90_COUNTERCLOCKWISE;
            default -> -1;
        };
    }

    /**
     * A display matrix can mirror as well as turn (a front camera's picture shown as in a mirror, an editor's flip).
     * Read as an angle alone, a mirrored picture was turned upside down instead: the angle of a left-right mirror
     * reads 180. The frame is mirrored and turned as FFmpeg's command line and player do: by the angle, and by the
     * signs of the matrix's entries that tell a mirror from a turn.
     *
     * @param displayRotation the stream's display rotation in degrees, as FFmpeg reads the matrix
     * @param matrix the stream's 3x3 display matrix, row by row; null when it has none
     * @return what stands the frames upright
     */
    static FrameSource.Upright upright(double displayRotation, int[] matrix) {
        int turn = uprightTurn(displayRotation);
        if (matrix == null || matrix.length < 9) {
            return new FrameSource.Upright(FrameSource.Upright.NO_FLIP, turn);
        }
        if (turn == opencv_core.ROTATE_90_CLOCKWISE && matrix[3] > 0) {
            // Turned a quarter clockwise and mirrored: the frame's rows become its columns (a transpose).
            return new FrameSource.Upright(FrameSource.Upright.UPSIDE_DOWN, opencv_core.ROTATE_90_CLOCKWISE);
        }
        if (turn == opencv_core.ROTATE_90_COUNTERCLOCKWISE && matrix[3] < 0) {
            // The other diagonal.
            return new FrameSource.Upright(FrameSource.Upright.LEFT_RIGHT, opencv_core.ROTATE_90_CLOCKWISE);
        }
        if (turn == opencv_core.ROTATE_180) {
            boolean leftRight = matrix[0] < 0;
            boolean upsideDown = matrix[4] < 0;
            return leftRight && upsideDown ? new FrameSource.Upright(FrameSource.Upright.NO_FLIP, opencv_core.ROTATE_180)
                    : new FrameSource.Upright(leftRight ? FrameSource.Upright.LEFT_RIGHT
                            : upsideDown ? FrameSource.Upright.UPSIDE_DOWN : FrameSource.Upright.NO_FLIP, -1);
        }
        if (turn < 0 && matrix[4] < 0) {
            return new FrameSource.Upright(FrameSource.Upright.UPSIDE_DOWN, -1);
        }
        return new FrameSource.Upright(FrameSource.Upright.NO_FLIP, turn);
    }

    /** @return the video stream's display matrix (nine ints, row by row), null when it has none */
    private static int[] displayMatrix(FFmpegFrameGrabber g) {
        java.nio.Buffer side = g.getVideoSideData("Display Matrix");
        if (!(side instanceof java.nio.ByteBuffer bytes) || bytes.capacity() < 36) {
            return null;
        }
        java.nio.IntBuffer ints = bytes.duplicate().order(java.nio.ByteOrder.nativeOrder()).asIntBuffer();
        int[] m = new int[9];
        ints.get(m);
        return m;
    }

    /**
     * @return the video stream's own duration in seconds: the {@code DURATION} tag Matroska and WebM write per track
     *     ({@code 00:00:04.000000000}), else its header field (mp4, y4m, ts); NaN when it states neither
     */
    static double streamSeconds(AVStream st, Map<String, String> metadata) {
        // The tag first: Matroska's header holds no duration per track, and FFmpeg fills the track's field with the
        // whole file's, the longest stream's. A slideshow of 3 pictures over 10 s of sound announced 10 s of picture
        // and was reported as cut short. A file that is cut short has lost the tag, written at its end.
        if (metadata != null) {
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (e.getKey().equalsIgnoreCase("DURATION") && e.getValue() != null) {
                    double tagged = parseDuration(e.getValue());
                    if (!Double.isNaN(tagged)) {
                        return tagged;
                    }
                }
            }
        }
        if (st.duration() != avutil.AV_NOPTS_VALUE && st.duration() > 0 && st.time_base().den() > 0) {
            return st.duration() * (double) st.time_base().num() / st.time_base().den();
        }
        return Double.NaN;
    }

    /** @return seconds of {@code HH:MM:SS.fraction}, NaN when it is not that */
    static double parseDuration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            return Double.NaN;
        }
        double seconds = Integer.parseInt(m.group(1)) * 3600.0 + Integer.parseInt(m.group(2)) * 60.0
                + Double.parseDouble(m.group(3));
        return seconds > 0 ? seconds : Double.NaN;
    }

    private FrameSource openCamera() throws VideoException {
        // On Linux a camera is a V4L2 device node: when it is missing, say so at once rather than after OpenCV has
        // tried each of its capture back-ends in turn (which takes seconds).
        Path node = Path.of("/dev/video" + camera);
        if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux") && !Files.exists(node)) {
            throw new VideoException("camera " + camera + " does not open: " + node + " does not exist");
        }
        OpenCVFrameGrabber g = new OpenCVFrameGrabber(camera);
        Frame first;
        try {
            g.start();
            // Some drivers open but deliver nothing: read one frame to know the camera works and its size.
            first = g.grab();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            FrameSource.releaseQuietly(g);
            throw new VideoException("camera " + camera + " does not open: " + FrameSource.firstLine(e), e);
        }
        if (first == null || first.image == null || first.imageWidth <= 0) {
            FrameSource.releaseQuietly(g);
            throw new VideoException("camera " + camera + " opened but delivers no frames");
        }
        double fps = g.getFrameRate() > 0 && Double.isFinite(g.getFrameRate()) ? g.getFrameRate() : DEFAULT_CAMERA_FPS;
        VideoInfo info = new VideoInfo(toString(), first.imageWidth, first.imageHeight, fps, -1, 0, 0);
        return new FrameSource(g, info, first);
    }
}
