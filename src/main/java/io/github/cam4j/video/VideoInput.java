package io.github.cam4j.video;

import io.github.cam4j.data.FileKinds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    /** FFmpeg's name for a file descriptor to read: {@code pipe:} and {@code pipe:0} are the standard input. */
    private static final Pattern PIPE = Pattern.compile("pipe:(\\d*)");

    private final Path file;
    /** A URL FFmpeg reads, as given; null for a file or a camera. */
    private final String url;
    private final int camera;
    /** How messages name a file given otherwise than by its path ({@code file:clip.mp4}); null to name it by its path. */
    private final String typed;
    /**
     * The last read of this file's sound to its end for a change AAC in ADTS frames makes midway ({@link
     * #audioParameterChange}): a check before the run and the run share it. The input's only state; null until read.
     */
    private volatile AudioPackets.Read audioRead;

    private VideoInput(Path file, int camera) {
        this(file, null, camera, null);
    }

    private VideoInput(Path file, String url, int camera, String typed) {
        this.file = file;
        this.url = url;
        this.camera = camera;
        this.typed = typed;
    }

    /**
     * @param file a video file
     * @return the input
     */
    public static VideoInput file(Path file) {
        return new VideoInput(Objects.requireNonNull(file, "file is null: the video file to read"), -1);
    }

    /**
     * A URL FFmpeg reads ({@code http://host/clip.mp4}, {@code rtsp://camera/stream}), passed to it as given and named
     * as given in messages. It is read once, as a pipe is ({@link #canReopen()} false): nothing fetches it twice.
     *
     * @param url the URL, {@code scheme://...}
     * @return the input
     * @throws IllegalArgumentException when it is not {@code scheme://} followed by something
     */
    public static VideoInput url(String url) {
        Objects.requireNonNull(url, "url is null: the URL of the video to read");
        if (!URL.matcher(url).matches()) {
            throw new IllegalArgumentException("'" + url + "' is no URL: a URL is scheme://..., e.g. http://host/clip.mp4");
        }
        return new VideoInput(null, url, -1, null);
    }

    /**
     * A URL: a scheme of two letters or more (one is a Windows drive, C:/), then ://. A path never holds "//" once
     * normalised, so a path would not mean what such text names: http://host/clip.mp4 became http:/host/clip.mp4.
     */
    private static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+://.+");

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
     * @param text {@code camera:N}, {@code -} or {@code pipe:0} for the standard input ({@link #STANDARD_INPUT}:
     *     {@code ffmpeg ... -f matroska - | cam4j video -}), a URL FFmpeg reads ({@link #url}: {@code http://...}, {@code rtsp://...}), a
     *     {@code file:} URL (the path after {@code file:}, as FFmpeg reads it, named as given), or a file path
     * @return the input
     * @throws IllegalArgumentException when the text is blank, {@code camera:} is not followed by an index, or it is
     *     {@code pipe:N} for a file descriptor other than the standard input's
     */
    public static VideoInput parse(String text) {
        Objects.requireNonNull(text, "text is null: a video file's path, - for the standard input, or camera:N");
        if (text.isBlank()) {
            // Path.of("") is the working folder: the run failed with "video  is a directory, not a regular file".
            throw new IllegalArgumentException("an empty string names no video: give a file's path, - for the standard"
                    + " input, or camera:N");
        }
        if (text.strip().equals("-")) {
            return file(STANDARD_INPUT);
        }
        Matcher pipe = PIPE.matcher(text.strip());
        if (pipe.matches() && !existsAsPath(text)) {
            // FFmpeg's own name for the standard input (ffmpeg -i pipe:0), which was looked for as a file "pipe:0".
            if (pipe.group(1).isEmpty() || pipe.group(1).matches("0+")) {
                return file(STANDARD_INPUT);
            }
            // The command runs in a second JVM (NativeEnvironment), which Java starts with the standard streams alone.
            throw new IllegalArgumentException("'" + text.strip() + "' reads file descriptor " + pipe.group(1) + ", which"
                    + " cam4j is not given: give - or pipe:0 for the standard input, or a named pipe (mkfifo) by its"
                    + " path");
        }
        Matcher m = CAMERA.matcher(text.strip());
        if (m.matches() && m.group(1).length() <= 9) {
            // Nine digits at most: a larger index is no camera's and would overflow an int.
            return camera(Integer.parseInt(m.group(1)));
        }
        if (text.strip().startsWith("camera:")) {
            throw new IllegalArgumentException("'" + text + "': a camera is camera:N with N its index, e.g. camera:0");
        }
        if (text.startsWith("file:") && text.length() > "file:".length() && !existsAsPath(text)) {
            // FFmpeg's file protocol reads the rest as a path (file:///tmp/a.mp4 as ///tmp/a.mp4): so does this. As a
            // path, file:/tmp/a.mp4 was a file named "file:" under the working folder.
            return new VideoInput(Path.of(text.substring("file:".length())), null, -1, text);
        }
        if (URL.matcher(text).matches() && !existsAsPath(text)) {
            return url(text);
        }
        return file(Path.of(text));
    }

    /** @return whether the text names an existing file as a path (never, where a ':' makes no path: Windows) */
    private static boolean existsAsPath(String text) {
        try {
            return Files.exists(Path.of(text));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** @return true for a camera */
    public boolean isCamera() {
        return file == null && url == null;
    }

    /**
     * Whether a second opening of this input reads it again from its start, as a second look at it needs (a probe
     * before the run, a second grabber for its sound packets, a re-read of its end). A named pipe (FIFO: {@code mkfifo}
     * fed by {@code ffmpeg ... -f matroska - > fifo}, or {@code /dev/stdin} when piped) gives its bytes once, to
     * whichever reader takes them first, and cannot seek; a camera gives what it sees now.
     *
     * @return true for a file or an image sequence; false for a named pipe, a URL ({@link #url}) and a camera
     */
    public boolean canReopen() {
        return file != null && !FileKinds.isFifo(file);
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

    /** @return the file, or null for a camera and a URL */
    public Path path() {
        return file;
    }

    /**
     * The names the system gives the standard input: a message naming one of them named what the user piped in by a
     * path the user never typed ({@code cannot read video /dev/stdin}).
     */
    private static final java.util.Set<Path> STANDARD_INPUT_NAMES = java.util.Set.of(STANDARD_INPUT,
            Path.of("/dev/fd/0"), Path.of("/proc/self/fd/0"));

    /**
     * @return how a message names the file: its path, a {@code file:} URL as given, or {@code - (standard input)}
     *     for {@link #STANDARD_INPUT} and the system's other names for it
     */
    private String named() {
        if (typed != null) {
            return typed; // a file: URL, named as given, as other URLs are
        }
        return STANDARD_INPUT_NAMES.contains(file.normalize()) ? "- (standard input)" : file.toString();
    }

    /** @return the file's path ({@code - (standard input)} for the standard input), the URL as given, or {@code camera N} */
    @Override
    public String toString() {
        return url != null ? url : isCamera() ? "camera " + camera : named();
    }

    /**
     * Lets an open that waits for a named pipe's writer go, for a run that is stopped before its pipe has one (FFmpeg
     * waits in the system's open, where nothing else reaches it): the pipe is opened for writing and closed, with
     * nothing written, so the open returns and reads the pipe's end. A writer already there keeps writing; nothing is
     * done for another input. Blocks until the pipe has a reader ({@link StoppableOpen} calls it on a thread of its own).
     */
    void releaseOpen() {
        if (file == null || canReopen()) {
            return;
        }
        try (java.io.OutputStream nothing = Files.newOutputStream(file, java.nio.file.StandardOpenOption.WRITE)) {
            // Closed at once: an end of the pipe for a reader with no other writer.
        } catch (java.io.IOException | RuntimeException e) {
            // The pipe went away: there is no open to let go.
        }
    }

    /**
     * Says before a model loads that a URL input's server cannot be reached (an unknown host, a refused connection),
     * where the run found it only once the model had loaded. Only a connection is made, with nothing sent: the stream is
     * still read once, by the run. Nothing is done for a file, a pipe or a camera, nor where it is not certain ({@link
     * UrlReach}).
     *
     * @throws VideoException when the URL's host is not known or does not accept a connection
     */
    public void checkReachable() throws VideoException {
        if (url != null) {
            UrlReach.check(url);
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
        if (url != null) {
            throw new VideoException("video " + url + " is a URL, read once: it is not probed before the run, which "
                    + "would fetch it twice (a live stream's start would be gone)");
        }
        if (!isCamera() && !canReopen()) {
            throw new VideoException("video " + named() + " is a named pipe (FIFO), read once: it is not probed before the "
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
        if (url != null) {
            return FileOpener.url(url).open(withAudio, audioTrack);
        }
        return isCamera() ? openCamera() : new FileOpener(file, named()).open(withAudio, audioTrack);
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
            throw new VideoException("camera " + camera + " does not open: " + FfmpegErrors.firstLine(e), e);
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
