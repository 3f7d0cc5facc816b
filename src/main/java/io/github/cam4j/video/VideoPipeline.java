package io.github.cam4j.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;

import io.github.cam4j.cam.CamException;
import io.github.cam4j.render.ImageException;
import io.github.cam4j.render.Images;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Explains a whole video: decodes it, explains and draws every frame, and records an H.264 (yuv420p) mp4 at the
 * input's size and frame rate, with its audio copied packet for packet when the mp4 holds its codec, else re-encoded as
 * AAC ({@link Builder#optAudio}). Decoding, inference, drawing and encoding run on separate threads
 * joined by small bounded queues, so the stages overlap, frames stay in order, and memory stays flat however long the
 * video: at most {@code 3 × capacity + 3} frames are in flight, and each is closed once written.
 *
 * <pre>{@code
 * try (VideoExplainer explainer = VideoExplainer.builder().setModel(Path.of("saved_models/mnist-pooled")).build()) {
 *     VideoSummary s = VideoPipeline.builder().setExplainer(explainer).build()
 *             .run(VideoInput.parse("in.mp4"), Path.of("out.mp4"), VideoListener.NONE);
 *     System.out.println(s.frames() + " frames at " + s.fps() + " fps");
 * }
 * }</pre>
 *
 * <p>Whatever ends the run (the end of the input, {@link #cancel()}, a failure) the output is closed properly, so the
 * frames written so far play. What no code can close after (a SIGKILL, the OOM killer, a JVM crash, a power cut) and a
 * disk that fills leave a plain mp4 that does not play, as its index is written at its end; a fragmented mp4
 * ({@link Builder#optFragmented}, the default for a camera and a named pipe) plays up to its last whole fragment,
 * about a second before. When decoding, explaining or drawing fails, the frames that had already passed the failing
 * stage are still drawn and written first: the output holds every frame explained before the failure. The output is
 * never overwritten unless {@link Builder#optOverwrite(boolean)} says so, and its folder must exist. Each frame keeps its time in the input ({@link OutputTimeline}), so a variable-frame-rate
 * video (a phone's) stays in step with its audio.
 *
 * <p>FFmpeg's own log lines (a description of every file opened, encoder notices) are kept off standard error: unless
 * the application set FFmpeg's log level itself, the first run (or {@link VideoInput#probe()}) sets it to errors only
 * ({@link FfmpegLog}).
 */
public final class VideoPipeline {
    /** Seconds between two keyframes of a plain mp4: where a player can seek to. */
    public static final double GOP_SECONDS = 2;
    /**
     * Seconds between two keyframes of a fragmented mp4, and so the length of each fragment ({@link
     * Builder#optFragmented}): at most what a killed run loses of what it had encoded.
     */
    public static final double FRAGMENT_SECONDS = 1;
    /**
     * The mp4 muxer's flags for a fragmented file: an index with no frames up front ({@code empty_moov}), then a
     * fragment (its own small index and its frames) from each keyframe.
     */
    static final String FRAGMENTED_MOVFLAGS = "frag_keyframe+empty_moov+default_base_moof";

    /** Frames each queue between two stages holds: enough to absorb jitter, small enough to keep memory flat. */
    public static final int DEFAULT_QUEUE_CAPACITY = 4;
    /**
     * Audio bitrate of the output's AAC track per channel: 128 kb/s for stereo, as FFmpeg's AAC encoder is commonly run.
     * A fixed 128 kb/s shared by 5.1's six channels made the encoder cut everything above about 8 kHz.
     */
    public static final int AUDIO_BITRATE_PER_CHANNEL = 64_000;
    /** The most audio bitrate the output's AAC track is given: 7.1's eight channels at 64 kb/s each. */
    public static final int MAX_AUDIO_BITRATE = 512_000;

    /** The smallest side, in pixels, the H.264 encoder (openh264) writes. */
    public static final int MIN_SIDE = 16;
    /**
     * The most pixels a frame may have for the H.264 encoder (openh264): 36864 macroblocks of 16x16, H.264 level
     * 5.2's largest frame. 3840x2160 is written; 4000x3000 failed with "Could not open video codec", which said
     * nothing of the size.
     */
    public static final long MAX_PIXELS = 9_437_184;

    /**
     * @param channels the output's audio channels
     * @return the output's AAC bitrate, bits per second: {@link #AUDIO_BITRATE_PER_CHANNEL} a channel, at most
     *     {@link #MAX_AUDIO_BITRATE}
     */
    public static int audioBitrate(int channels) {
        return (int) Math.min(MAX_AUDIO_BITRATE, (long) AUDIO_BITRATE_PER_CHANNEL * Math.max(1, channels));
    }

    private static final long POLL_MILLIS = 50;
    /**
     * How long after a stop a read of the input (its open, or a frame's) may still take before the run goes on
     * without it ({@link LeftReads}, {@link StoppableOpen}): a read that does not return within it is taken for a
     * stalled pipe's, which may never return.
     */
    static final long STALLED_READ_MILLIS = 1000;
    /** The stages, in the order frames pass them. */
    private static final int DECODE = 0;
    private static final int EXPLAIN = 1;
    private static final int DRAW = 2;
    private static final int ENCODE = 3;

    private final VideoExplainer explainer;
    private final int capacity;
    private final boolean overwrite;
    private final Path framesDir;
    private final long maxFrames;
    /** Whether the mp4 is written in fragments; null: for a live input only ({@link #fragments(VideoInput)}). */
    private final Boolean fragmented;
    private final AudioMode audioMode;
    /** The audio track read, from 1 among the input's audio tracks; 0 for the one a player picks. */
    private final int audioTrack;
    private final boolean deinterlace;
    private final Cancellation cancellation = new Cancellation();
    private final AtomicBoolean running = new AtomicBoolean();

    private VideoPipeline(Builder b) {
        this.explainer = b.explainer;
        this.capacity = b.capacity;
        this.overwrite = b.overwrite;
        this.framesDir = b.framesDir;
        this.maxFrames = b.maxFrames;
        this.fragmented = b.fragmented;
        this.audioMode = b.audioMode;
        this.audioTrack = b.audioTrack;
        this.deinterlace = b.deinterlace;
    }

    /** @return a builder: {@code setExplainer} or {@code setTranscodeOnly} is required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Ends the current run as if the input had ended: frames already decoded are still explained and written, then
     * the output is closed. Safe from any thread (a shutdown hook, a UI). A run started later is not affected. A read of
     * the input that has not returned {@value #STALLED_READ_MILLIS} ms after this (a named pipe whose writer stalled,
     * open but sending nothing) is not waited for: the run ends without it, and the input is closed when it returns.
     */
    public void cancel() {
        if (running.get()) {
            cancellation.cancel();
        }
    }

    /**
     * Runs the pipeline over one input. One run at a time per pipeline.
     *
     * @param input a file or camera
     * @param output the mp4 to write; its folder must exist
     * @param listener hears progress, in frame order, on this thread; a runtime exception it throws ends the run (the
     *     output is closed, playable up to there) and is rethrown as it was
     * @return what was done
     * @throws VideoException when the input cannot be read (missing, unreadable, truncated, no video stream, no
     *     frames, camera not opening) or the output cannot be written; the message names the file
     * @throws CamException when the model fails on a frame
     * @throws IllegalArgumentException when the region of interest does not fit the frames
     * @throws IllegalStateException when this pipeline is running, or its explainer is closed or explaining another
     *     run's video
     */
    public VideoSummary run(VideoInput input, Path output, VideoListener listener) throws CamException {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(listener, "listener");
        checkOutput(input, output, overwrite);
        checkFramesDir(framesDir, output, overwrite);
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("this VideoPipeline is already running");
        }
        if (explainer != null) {
            try {
                explainer.claim();
            } catch (IllegalStateException e) {
                running.set(false);
                throw e;
            }
        }
        cancellation.reset();
        // A run that fails before its first frame leaves at most FFmpeg's header and the sound before the picture: a
        // junk file that would then block a rerun. It is removed, unless it was there before (replaced with permission,
        // it is not this run's to delete).
        boolean existed = Files.exists(output, LinkOption.NOFOLLOW_LINKS);
        Run run = null;
        try {
            FramesFolder.prepareFramesDir(framesDir, overwrite);
            FrameSource opened;
            try {
                opened = StoppableOpen.open(input, audioMode == AudioMode.NONE ? 0 : audioTrack,
                        cancellation::cancelledAt, TimeUnit.MILLISECONDS.toNanos(STALLED_READ_MILLIS));
            } catch (VideoException e) {
                if (cancellation.cancelled()) {
                    throw stoppedWhileOpening(input, e);
                }
                throw e;
            }
            if (opened == null) {
                // A pipe whose writer sends nothing: the open is still in its read, and left there.
                throw stoppedWhileOpening(input, null);
            }
            LeftReads reads = new LeftReads(opened);
            try (reads) {
                FrameSource source = opened;
                source.deinterlace(deinterlace);
                VideoInfo info = source.info();
                checkFrameSize(info, output);
                if (explainer != null) {
                    // Fed as shown: an anamorphic video's squeezed pixels are widened to square for the model.
                    explainer.usePixelAspect(source.pixelAspect());
                    explainer.checkFrameSize(info.height(), info.width());
                }
                listener.started(info);
                run = new Run(input, source, reads, info, output, fragments(input), listener);
                VideoSummary summary = run.execute();
                listener.finished(summary);
                return summary;
            }
        } catch (CamException | RuntimeException | Error e) {
            if (!existed && run != null && run.written() == 0) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // The failure is the one to report.
                }
            }
            throw e;
        } finally {
            if (explainer != null) {
                // Frames the caller explains after the run have square pixels unless said otherwise.
                explainer.usePixelAspect(1);
                explainer.release();
            }
            running.set(false);
        }
    }

    private static VideoException stoppedWhileOpening(VideoInput input, VideoException cause) {
        return new VideoException("video " + input + ": stopped before its first frame was written (while it was being "
                + "opened); nothing was written", cause);
    }

    /**
     * @param input what a run reads
     * @return whether this pipeline writes that input's video in fragments ({@link Builder#optFragmented}): as set, or
     *     by default for a live input, a camera or a named pipe ({@link VideoInput#canReopen()} false), which may be
     *     stopped or killed at any moment and whose writer may stall; a plain mp4 for a file
     */
    public boolean fragments(VideoInput input) {
        return fragmented != null ? fragmented : !input.canReopen();
    }

    /**
     * The checks {@link #run} makes of its output before it opens anything, for callers that want to fail before
     * loading a model.
     *
     * @param output the video to write
     * @param overwrite whether an existing file may be replaced
     * @throws VideoException when the folder does not exist or cannot be written to (a read-only mount, no permission),
     *     the output is a folder, or it exists and may not be replaced
     */
    public static void checkOutput(Path output, boolean overwrite) throws VideoException {
        RunChecks.checkOutput(output, overwrite);
    }

    /**
     * {@link #checkOutput(Path, boolean)}, and that the output is not the input: FFmpeg would truncate the file while
     * it is still being read, destroying the input and leaving a truncated output.
     *
     * @param input what will be read; null or a camera to skip that check
     * @param output the video to write
     * @param overwrite whether an existing file may be replaced
     * @throws VideoException when the output is the input (the same path, a link to it, or another name for it), or
     *     for the reasons {@link #checkOutput(Path, boolean)} gives
     */
    public static void checkOutput(VideoInput input, Path output, boolean overwrite) throws VideoException {
        checkNotInput(input, output);
        checkOutput(output, overwrite);
    }

    /**
     * @param file a path; only its last name is read, nothing is opened
     * @return whether the file's name ends in {@code .mp4} (any case), the container this pipeline writes
     */
    public static boolean isMp4Name(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".mp4");
    }

    /**
     * Checks that the output is not the input, which FFmpeg would truncate while still reading it.
     *
     * @param input what will be read; null or a camera pass
     * @param output the video to write
     * @throws VideoException when both are the same file (the same path, a link to it, another name for it)
     */
    public static void checkNotInput(VideoInput input, Path output) throws VideoException {
        RunChecks.checkNotInput(input, output);
    }

    /**
     * Checks that frames of the input's size can be written: the H.264 encoder JavaCV ships (openh264) refuses frames
     * below {@value #MIN_SIDE} pixels on a side (measured: 16x16 is written, 16x14 and 14x16 are not) or above
     * {@value #MAX_PIXELS} pixels, with errors that do not say why. The sides written are the input's made even
     * ({@link #writtenSize}). {@link VideoInput#probe()} gives the input's size before anything else is loaded.
     *
     * @param info the input
     * @param output the video to write, for the message
     * @throws VideoException when the frames cannot be written, naming the sizes and the limit
     */
    public static void checkFrameSize(VideoInfo info, Path output) throws VideoException {
        RunChecks.checkFrameSize(info, output);
    }

    /**
     * The check {@link #run} makes of the input's audio against an {@link AudioMode}, for callers that want to fail
     * before loading a model: {@link AudioMode#COPY} of audio that cannot be copied is refused. Opens the input and
     * closes it; not an input that cannot be opened twice (a camera, which has no audio; a pipe, whose copy the run
     * refuses).
     *
     * @param input what will be read
     * @param mode what the output's audio is to be
     * @throws VideoException when the input cannot be opened, or the mode is copy and its audio cannot be copied:
     *     the message names the codec, why, and the option that re-encodes it
     */
    public static void checkAudio(VideoInput input, AudioMode mode) throws VideoException {
        checkAudio(input, mode, 0);
    }

    /**
     * {@link #checkAudio(VideoInput, AudioMode)}, and that the input has the audio track asked for ({@link
     * Builder#optAudioTrack}).
     *
     * @param input what will be read
     * @param mode what the output's audio is to be
     * @param track the audio track to read, from 1; 0 for the one a player picks
     * @throws VideoException as {@link #checkAudio(VideoInput, AudioMode)}; a {@link VideoSettingException} when the
     *     audio cannot be copied as asked, or the input has no such track (the message lists those it has)
     */
    public static void checkAudio(VideoInput input, AudioMode mode, int track) throws VideoException {
        RunChecks.checkAudio(input, mode, track);
    }

    /**
     * @param width the input frames' width in pixels
     * @param height the input frames' height in pixels
     * @return {@code {width, height}} of the frames written for input frames of this size: H.264 in yuv420p needs
     *     even sides, so an odd side loses its last column or row
     */
    public static int[] writtenSize(int width, int height) {
        return new int[] {width & ~1, height & ~1};
    }

    /**
     * The checks {@link #run} makes of its frames folder, without changing anything, for callers that want to fail
     * before loading a model.
     *
     * @param dir the folder for frame PNGs (created if absent); null for none
     * @param overwrite whether frame PNGs of an earlier run may be replaced
     * @throws VideoException when it is a file, holds frame PNGs and may not replace them, or holds something other
     *     than a file under a frame PNG's name (a folder), which is never replaced
     */
    public static void checkFramesDir(Path dir, boolean overwrite) throws VideoException {
        FramesFolder.checkFramesDir(dir, overwrite);
    }

    /**
     * @param dir a folder for frame PNGs, or null
     * @return whether it is a folder that holds frame PNGs of an earlier run, which a run replaces only when allowed to
     * @throws VideoException when the folder cannot be listed
     */
    public static boolean holdsFramePngs(Path dir) throws VideoException {
        return FramesFolder.holdsFramePngs(dir);
    }

    /**
     * {@link #checkFramesDir(Path, boolean)}, and that the frames folder and the video are apart: a folder at the
     * video's path, or inside it (a file), leaves no place for one of them. It was found only once the model had loaded:
     * the folder was made, then FFmpeg could not write the video ("error -21 (Is a directory)"). The video may go in the
     * frames folder: frame PNGs are the only files a run replaces there.
     *
     * @param dir the folder for frame PNGs; null for none
     * @param output the video to write
     * @param overwrite whether frame PNGs of an earlier run may be replaced
     * @throws VideoException when the folder is the video's path (another name for it included) or lies inside it, or
     *     for the reasons {@link #checkFramesDir(Path, boolean)} gives
     */
    public static void checkFramesDir(Path dir, Path output, boolean overwrite) throws VideoException {
        FramesFolder.checkFramesDir(dir, output, overwrite);
    }

    /**
     * @param dir the frames folder ({@code --frames-dir})
     * @param index the frame's 0-based place among the decoded frames, the first being 0
     * @return the PNG a frame is written to under {@code dir}: {@code frame-000000.png} for the first, the number
     *     zero-padded to six digits (and longer past 999999)
     */
    public static Path framePng(Path dir, long index) {
        return FramesFolder.framePng(dir, index);
    }

    /**
     * @param soundStart the sound's start as its stream states it, microseconds; -1 when unknown
     * @param pictureStart the picture's, likewise
     * @return how far to move every time so that neither stream starts below zero: 0 when both start at or after it
     */
    static long shiftToZero(long soundStart, long pictureStart) {
        long earliest = Math.min(soundStart == -1 ? 0 : soundStart, pictureStart == -1 ? 0 : pictureStart);
        return Math.max(0, -earliest);
    }

    /** The state of one run: queues, threads, the first failure. */
    private final class Run {
        private final VideoInput input;
        private final FrameSource source;
        /** The decoding thread's reads of {@link #source}, which a stop may go on without. */
        private final LeftReads reads;
        private final VideoInfo info;
        /** Whether the listener was told that frames changed size (said once). */
        private boolean sizeChangeNoticed;
        /** Whether the listener was told that pictures changed pixel shape (said once). */
        private boolean shapeChangeNoticed;
        /** Whether an interlaced input has been said to be (at the first frame written). */
        private boolean fieldsNoticed;
        /** Whether a video that started progressive has been said to turn interlaced. */
        private boolean laterFieldsNoticed;
        private final Path output;
        /** Whether the mp4 is written in fragments, each playable once written ({@link Builder#optFragmented}). */
        private final boolean fragmented;
        private final VideoListener listener;
        private final List<BlockingQueue<Item>> queues = new ArrayList<>();
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        /** Every stage stops at once: the encoder failed (nothing more can be written), or the run was interrupted. */
        private volatile boolean aborted;
        /** Writing the output failed (a full disk): its end, a plain mp4's index, may be missing. */
        private volatile boolean writeFailed;
        /**
         * The stages up to this one (0 decode, 1 explain, 2 draw) stop: one of them failed. The stages after it still
         * write what had already passed it, so the output holds every frame explained before the failure.
         */
        private final java.util.concurrent.atomic.AtomicInteger stoppedThrough = new java.util.concurrent.atomic.AtomicInteger(-1);
        private volatile long decodedFrames;
        /** Whether decoding stopped at the end of the input (not at a frame limit, a cancel or a failure). */
        private volatile boolean reachedEnd;
        /** Timestamp of the last video frame decoded, in microseconds from the start of the input. */
        private volatile long lastVideoMicros;
        /** Where the sound decoded so far ends, in microseconds from the start of the input; -1 before any. */
        private volatile long soundEndMicros = -1;
        /**
         * Added to every decoded picture's and sound's time when the sound is decoded: a stream that starts before zero
         * (Opus's pre-skip, an MP3's encoder delay in Matroska: a few milliseconds) is moved to start at zero, the
         * other with it. The pipeline reads a time below zero as unknown, and such sound was written from the output's
         * start whatever the picture's lead: a picture 0.2 s after it came out 0.2 s early (helper-79). Set before the
         * stages start.
         */
        private long timeShift;
        /** Frames written, frames the model ran on. */
        private final long[] counts = {0, 0};
        /** What the output's audio is; decided when the run starts. */
        private AudioPlan audio = new AudioPlan(null, false, null);
        /** Nanoseconds each stage spent working (not waiting on a queue): decode, explain, draw, encode. */
        private final long[] busy = new long[4];

        Run(VideoInput input, FrameSource source, LeftReads reads, VideoInfo info, Path output, boolean fragmented,
                VideoListener listener) {
            this.input = input;
            this.source = source;
            this.reads = reads;
            this.info = info;
            this.output = output;
            this.fragmented = fragmented;
            this.listener = listener;
        }

        VideoSummary execute() throws CamException {
            long start = System.nanoTime();
            audio = AudioPlan.decide(input, source.audioStream(), source.audioCodec(), info, audioMode);
            timeShift = audio.aac() ? shiftToZero(source.soundStartMicros(), source.videoStartMicros()) : 0;
            try {
                String track = audioMode == AudioMode.NONE ? null : source.audioTracks().notice(info.source(),
                        "VideoPipeline.Builder.optAudioTrack(N)");
                if (track != null) {
                    try {
                        notice(track, source.audioTracks().notice(info.source(), "--audio-track N"));
                    } catch (ListenerFailure l) {
                        throw (RuntimeException) l.getCause();
                    }
                }
                if (!audio.aac()) {
                    // Copied from its packets, or left out: not decoded.
                    source.skipAudio(audio.copy() != null);
                }
                if (audio.notice() != null) {
                    // One line: what is done with the audio, and how AAC changes it if it does.
                    String change = audio.aac() ? AacTrack.change(info) : null;
                    try {
                        notice(audio.notice() + (change == null ? "" : "; " + change));
                    } catch (ListenerFailure l) {
                        throw (RuntimeException) l.getCause();
                    }
                }
                return executeStages(start);
            } finally {
                if (audio.copy() != null) {
                    // After the recorder, which reads the copy's stream description until it is released.
                    audio.copy().close();
                }
            }
        }

        private VideoSummary executeStages(long start) throws CamException {
            BlockingQueue<Item> decoded = queue();
            threads.add(stage("cam4j-decode", DECODE, decoded, () -> decode(decoded)));
            BlockingQueue<Item> last = decoded;
            if (explainer != null) {
                BlockingQueue<Item> explained = queue();
                BlockingQueue<Item> drawn = queue();
                threads.add(stage("cam4j-explain", EXPLAIN, explained, () -> transform(decoded, explained, this::explain,
                        EXPLAIN)));
                threads.add(stage("cam4j-draw", DRAW, drawn, () -> transform(explained, drawn, this::draw, DRAW)));
                last = drawn;
            }
            threads.forEach(Thread::start);
            try {
                encode(last, counts);
            } catch (Throwable t) {
                fail(t);
            } finally {
                joinAll();
                for (BlockingQueue<Item> q : queues) {
                    for (Item it; (it = q.poll()) != null; ) {
                        it.close();
                    }
                }
            }
            Throwable t = failure.get();
            if (t != null) {
                CamException e = asCamException(t, counts[0]);
                if (writeFailed && counts[0] > 0) {
                    // The file is there: said whether it plays, which the user would otherwise find out only when it
                    // does not open ("moov atom not found"). FFmpegFrameRecorder.stop() ignores a trailer it could not
                    // write, so the file is opened to know.
                    String said = e.getMessage().endsWith(".") ? e.getMessage().substring(0, e.getMessage().length() - 1)
                            : e.getMessage();
                    throw new VideoException(said + (opens(output) ? fragmented
                            ? "; the video written plays up to its last whole fragment" : ""
                            : fragmented ? "; the video written does not play: not one fragment of it was whole"
                            : "; the video written does not play: a plain mp4's index is written at its end (a "
                                    + "fragmented mp4 plays up to where writing stopped)"), e.getCause());
                }
                throw e;
            }
            if (counts[0] == 0 && cancellation.cancelled()) {
                // Ctrl-C before the first frame: the input is not to blame.
                throw new VideoException("video " + info.source() + ": stopped before its first frame was written; "
                        + "nothing was written");
            }
            if (counts[0] == 0) {
                throw new VideoException("video " + info.source() + " holds no video frames; nothing was written");
            }
            checkComplete();
            double seconds = (System.nanoTime() - start) / 1e9;
            return new VideoSummary(info, output, counts[0], counts[1], seconds, cancellation.cancelled(),
                    new VideoSummary.Stages(busy[0] / 1e9, busy[1] / 1e9, busy[2] / 1e9, busy[3] / 1e9));
        }

        /**
         * Checks that the input was not cut short ({@link TruncatedInput}); only when decoding reached its end.
         *
         * @throws VideoException after the output is closed, saying how far the input got and where its frames are
         */
        private void checkComplete() throws VideoException {
            if (!reachedEnd) {
                return;
            }
            TruncatedInput.check(source, info, output, explainer != null, decodedFrames, lastVideoMicros,
                    soundEndMicros);
        }

        /** @return video frames written so far */
        long written() {
            return counts[0];
        }

        private BlockingQueue<Item> queue() {
            BlockingQueue<Item> q = new ArrayBlockingQueue<>(capacity);
            queues.add(q);
            return q;
        }

        /**
         * @param index the stage's place in the pipeline, for {@link #stopThrough}
         * @param out the queue it feeds
         */
        private Thread stage(String name, int index, BlockingQueue<Item> out, Runnable body) {
            Thread t = new Thread(() -> {
                try {
                    body.run();
                } catch (Throwable e) {
                    stopThrough(index, e, out);
                }
            }, name);
            t.setDaemon(true);
            return t;
        }

        /** Everything stops: nothing more can be written (the encoder failed), or the run is interrupted. */
        private void fail(Throwable t) {
            failure.compareAndSet(null, t);
            aborted = true;
        }

        /**
         * A stage before the encoder failed: it and the stages before it stop (what they hold was not explained and
         * drawn, and is dropped), and the stages after it finish what had already passed it, up to the end marker put
         * here. Dropping those too lost up to a queue's worth of explained frames per stage from the output.
         */
        private void stopThrough(int stage, Throwable t, BlockingQueue<Item> out) {
            failure.compareAndSet(null, t);
            stoppedThrough.accumulateAndGet(stage, Math::max);
            try {
                while (!aborted) {
                    if (out.offer(Item.END, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(e);
            }
        }

        /** @return whether {@code stage} is to stop: the whole run is, or a stage at or after it failed */
        private boolean stopped(int stage) {
            return aborted || stage <= stoppedThrough.get();
        }

        /**
         * @return whether a stop was asked at least {@value #STALLED_READ_MILLIS} ms ago and the decoder's read is still
         *     under way: then it is left behind ({@link LeftReads#leave}), and the decoder hands on nothing more
         */
        private boolean readLeftAfterStop() {
            long at = cancellation.cancelledAt();
            return at != Long.MIN_VALUE && System.nanoTime() - at >= TimeUnit.MILLISECONDS.toNanos(STALLED_READ_MILLIS)
                    && reads.leave();
        }

        private void joinAll() {
            boolean interrupted = false;
            long since = System.nanoTime();
            for (Thread t : threads) {
                while (t.isAlive()) {
                    if (t == threads.get(0) && System.nanoTime() - since >= TimeUnit.MILLISECONDS.toNanos(
                            STALLED_READ_MILLIS) && reads.leave()) {
                        // The encoder is done (a stop, a failure) and the decoder is still in a read: a stalled pipe's,
                        // which may never return. Not waited for; the input is closed when it returns (LeftReads).
                        break;
                    }
                    try {
                        t.join(POLL_MILLIS);
                    } catch (InterruptedException e) {
                        // Keep waiting: a stage still holds native frames; the interrupt is restored below.
                        interrupted = true;
                        aborted = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** Puts an item, waiting while the queue is full; when {@code stage} is to stop, closes it and returns false. */
        private boolean put(BlockingQueue<Item> q, Item item, int stage) {
            try {
                while (!stopped(stage)) {
                    if (q.offer(item, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                        return true;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(e);
            }
            item.close();
            return false;
        }

        /**
         * @return the next item, or null when {@code stage} is to stop; {@link Item#END} from the decoder's queue when a
         *     stop has left its read behind ({@link #readLeftAfterStop})
         */
        private Item take(BlockingQueue<Item> q, int stage) {
            try {
                while (!stopped(stage)) {
                    Item it = q.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (it != null) {
                        return it;
                    }
                    if (q == queues.get(0) && readLeftAfterStop()) {
                        // The decoder will hand on nothing more: what the stages hold is written, and the file closed.
                        return Item.END;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(e);
            }
            return null;
        }

        private void decode(BlockingQueue<Item> out) {
            try (OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat()) {
                while (!stopped(DECODE) && !cancellation.cancelled() && (maxFrames <= 0 || decodedFrames < maxFrames)) {
                    long t0 = System.nanoTime();
                    Frame f;
                    reads.begin();
                    try {
                        f = source.grab();
                    } catch (FrameGrabber.Exception | RuntimeException e) {
                        if (!reads.end()) {
                            return; // the run went on without this read
                        }
                        throw new VideoRuntimeException(new VideoException("video " + info.source()
                                + ": decoding failed after " + decodedFrames + " frames (truncated or damaged?): "
                                + FrameSource.firstLine(e), e));
                    }
                    if (!reads.end()) {
                        // A stop went on without this read: what it returned goes nowhere, and nothing more is read.
                        return;
                    }
                    if (f == null) {
                        reachedEnd = true;
                        break;
                    }
                    Item item;
                    if (f.image != null) {
                        lastVideoMicros = f.timestamp;
                        // The converted Mat shares the grabber's buffer, which the next grab overwrites: copy it
                        // (turned upright when the stream says it is displayed rotated).
                        Mat shared = toMat.convert(f);
                        item = new Item(decodedFrames++, source.upright(shared), null);
                        item.micros = shifted(f.timestamp);
                        item.aspect = source.pictureAspect();
                        item.durationMicros = source.pictureDurationMicros();
                    } else if (f.samples != null) {
                        item = new Item(-1, null, f.clone());
                        item.micros = shifted(f.timestamp);
                        if (f.sampleRate > 0) {
                            soundEndMicros = Math.max(soundEndMicros,
                                    f.timestamp + SoundTimeline.samples(f) * 1_000_000 / f.sampleRate);
                        }
                    } else {
                        continue;
                    }
                    busy[0] += System.nanoTime() - t0;
                    if (!put(out, item, DECODE)) {
                        return;
                    }
                }
                put(out, Item.END, DECODE);
            }
        }

        /** One processing step; it may replace the item's image, closing the old one. */
        private interface Step {
            void apply(Item item) throws CamException;
        }

        private void transform(BlockingQueue<Item> in, BlockingQueue<Item> out, Step step, int stage) {
            while (true) {
                Item it = take(in, stage);
                if (it == null) {
                    return;
                }
                if (it == Item.END) {
                    put(out, Item.END, stage);
                    return;
                }
                if (it.image != null) {
                    long t0 = System.nanoTime();
                    try {
                        step.apply(it);
                        busy[stage] += System.nanoTime() - t0;
                    } catch (CamException e) {
                        it.close();
                        throw new VideoRuntimeException(e);
                    } catch (RuntimeException | Error e) {
                        it.close();
                        throw e;
                    }
                }
                if (!put(out, it, stage)) {
                    return;
                }
            }
        }

        private void explain(Item it) throws CamException {
            try {
                it.explanation = explainer.explainClaimed(it.image, it.aspect);
            } catch (IllegalArgumentException e) {
                // The first frame's size was checked before the run; a frame that changed size midway (a region of
                // interest now outside it, too small once scaled) is named, as the user knows the video by its size.
                boolean resized = it.image.cols() != info.width() || it.image.rows() != info.height();
                throw new IllegalArgumentException("video " + info.source() + ", frame " + (it.index + 1) + (resized
                        ? " is " + it.image.cols() + "x" + it.image.rows() + ", not the " + info.width() + "x"
                                + info.height() + " the video started with" : "") + ": " + e.getMessage(), e);
            }
        }

        /** @return an input time moved by {@link #timeShift}; -1 (unknown) stays unknown */
        private long shifted(long micros) {
            return micros == -1 ? -1 : micros + timeShift;
        }

        /**
         * Sets the output's zero from where picture and sound start, before anything is written. Sound that starts a
         * frame or more before the picture is written from the zero, and the picture keeps its distance from it (the
         * clock is fine enough for that distance, {@link OutputClock}). Less than a frame before it (an AAC encoder's
         * priming, which MPEG-TS cannot mark), the picture starts at the zero and the sound is cut there, copied (by the
         * mp4's edit list) or re-encoded ({@link SoundTimeline}) alike: the re-encoded sound was written from its own
         * start while the picture was put at 0, 21 ms late on a phone's clip and 190 ms at 5 fps (helper-75, F3).
         *
         * @param first the first item of the run, picture or sound
         */
        private void startClock(OutputTimeline timeline, Item first, CopiedSound copy) {
            // Copied sound does not come through the queue: its first packet says where it starts. Decoded sound that
            // comes after the first picture is known by its stream's start, and a picture after the first sound by its.
            long soundStart = copy != null ? copy.startMicros()
                    : first.image == null ? first.micros : shifted(source.soundStartMicros());
            if (copy != null && soundStart < -1) {
                // Copied sound stated to start below zero (its encoder's priming: AAC, MP3 or Opus in Matroska) is
                // heard from zero, as players take it, the part below cut by the mp4's edit list. Taken for sound of
                // unknown start, a picture 0.4 s after it was moved to the output's zero and the sound's first
                // 0.42 s cut with it (helper-84's audit).
                soundStart = 0;
            }
            long pictureStart = first.image != null ? first.micros : shifted(source.videoStartMicros());
            if (soundStart >= 0 && (pictureStart < 0
                    || !OutputClock.startTogether(pictureStart - soundStart, info.frameRate()))) {
                timeline.startAt(soundStart);
            } else if (pictureStart >= 0) {
                timeline.startAt(pictureStart);
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
        }

        /** @return whether a picture is fitted into the output's size and pixel shape when written ({@link #record}) */
        private boolean fitted(Mat image, double aspect) {
            return image.cols() != info.width() || image.rows() != info.height()
                    || Math.abs(aspect - source.pixelAspect()) > 1e-9 * source.pixelAspect();
        }

        private void encode(BlockingQueue<Item> in, long[] counts) throws CamException {
            FFmpegFrameRecorder recorder = null;
            OutputTimeline timeline = new OutputTimeline(source.clockRate(), info.frameRate());
            SoundTimeline sound = new SoundTimeline();
            CopiedSound copy = audio.copy();
            boolean fineClock = OutputClock.ticksPerFrame(source.clockRate(), info.frameRate()) > 1;
            // Where the last picture ends on the output's clock: where the copied sound stops at a stop.
            long lastEndTick = -1;
            // With a frame limit, decoded sound is held until a picture's time reaches it, so that the stop can cut
            // what lies past the last picture's end, as the copied sound is cut. Encoded as it came, it ran on by the
            // file's interleaving: 3.200 s of sound for 3.000 s of picture on a variable-rate clip (helper-84).
            java.util.ArrayDeque<Item> heldSound = new java.util.ArrayDeque<>();
            boolean holdSound = maxFrames > 0 && copy == null;
            long lastEndMicros = -1;
            long heldSoundMicros = 0;
            try (OpenCVFrameConverter.ToMat toFrame = new OpenCVFrameConverter.ToMat()) {
                while (true) {
                    Item it = take(in, ENCODE);
                    if (it == null || it == Item.END) {
                        break;
                    }
                    try {
                        if (recorder == null) {
                            // Opened with whatever comes first. Sound that comes before the picture is written as it
                            // comes: held until the picture, it grew without bound (two minutes of lead-in, 11.5 MB;
                            // a video stream that never delivers a picture, the whole soundtrack).
                            recorder = Mp4Recorder.start(info, source, audio, output, fragmented, this::notice);
                            startClock(timeline, it, copy);
                        }
                        if (it.image == null) {
                            if (holdSound && it.micros >= 0) {
                                heldSound.add(it);
                                heldSoundMicros += SoundTimeline.lastsMicros(it.audio);
                                it = null; // held: closed once written
                                // No more than the wait for a picture SoundTimeline allows: sound whose time jumped
                                // ahead of every picture is not held to the end, the soundtrack in memory.
                                while (heldSoundMicros > SoundTimeline.MAX_LEAD_MICROS && !heldSound.isEmpty()) {
                                    heldSoundMicros -= writeHeldSound(heldSound, sound, recorder, timeline,
                                            Long.MAX_VALUE, Long.MAX_VALUE, 1);
                                }
                                continue;
                            }
                            String jump = sound.record(recorder, it.audio, it.micros, timeline.zeroMicros());
                            if (jump != null) {
                                notice("video " + info.source() + ": " + jump);
                            }
                            continue;
                        }
                        heldSoundMicros -= writeHeldSound(heldSound, sound, recorder, timeline, it.micros,
                                Long.MAX_VALUE, Integer.MAX_VALUE);
                        long t0 = System.nanoTime();
                        sound.pictureAt(recorder, it.micros);
                        int tick = timeline.frameNumber(it.micros);
                        recorder.setFrameNumber(tick);
                        // Only the last frame's duration matters: the mp4 ends with it (the others last until the
                        // next). Unless told, it lasts a tick, a frame on the frame rate's clock.
                        long lasts = 1;
                        if (fineClock && Mp4Recorder.frameLasts(recorder, timeline.durationTicks(it.durationMicros))) {
                            lasts = timeline.durationTicks(it.durationMicros);
                        }
                        if (copy != null) {
                            // The sound due up to this picture goes first: the muxer holds what runs ahead.
                            lastEndTick = tick + lasts;
                            String jump = copy.writeUpTo(recorder, Math.round(tick * 1e6 / source.clockRate()),
                                    timeline.zeroMicros());
                            if (jump != null) {
                                notice("video " + info.source() + ": " + jump);
                            }
                        }
                        record(recorder, toFrame, it.image, it.index, it.aspect, it.caption);
                        if (it.micros >= 0) {
                            lastEndMicros = it.micros + (it.durationMicros > 0 ? it.durationMicros
                                    : Math.round(1e6 / info.frameRate()));
                        }
                        counts[0]++;
                        if (framesDir != null) {
                            Images.write(it.image, framePng(framesDir, it.index));
                        }
                        busy[3] += System.nanoTime() - t0;
                        if (it.explanation != null && it.explanation.fresh()) {
                            counts[1]++;
                        }
                        tell(it.explanation, counts[0]);
                    } catch (FrameRecorder.Exception e) {
                        writeFailed = true;
                        throw new VideoException("cannot write video " + output + " at frame " + counts[0] + ": "
                                + FrameSource.firstLine(e), e);
                    } catch (ImageException e) {
                        throw new VideoException(e.getMessage(), e);
                    } finally {
                        if (it != null) {
                            it.close();
                        }
                    }
                }
                if (recorder != null) {
                    // Sound held since its time jumped, and no picture near it came: written on where the sound stands.
                    try {
                        // Held for a frame limit: all of it at the end of the input, else what lies before the last
                        // picture's end.
                        boolean whole = reachedEnd && failure.get() == null || lastEndMicros < 0;
                        writeHeldSound(heldSound, sound, recorder, timeline, whole ? Long.MAX_VALUE : lastEndMicros,
                                whole ? Long.MAX_VALUE : lastEndMicros, Integer.MAX_VALUE);
                        String jumped = sound.finish(recorder, reachedEnd);
                        if (copy != null && lastEndTick >= 0) {
                            // The copied sound after the last picture: all of it at the end of the input; at a stop (a
                            // frame limit, Ctrl-C, a failure) what starts before the last picture ends.
                            String copyJumped = copy.finish(recorder, reachedEnd && failure.get() == null,
                                    Math.round(lastEndTick * 1e6 / source.clockRate()));
                            jumped = jumped != null ? jumped : copyJumped;
                            // For checkComplete: sound going on past a slideshow's pictures says the file is whole.
                            soundEndMicros = Math.max(soundEndMicros, copy.inputEndMicros());
                        }
                        if (jumped != null) {
                            notice("video " + info.source() + ": " + jumped);
                        }
                    } catch (FrameRecorder.Exception e) {
                        writeFailed = true;
                        throw new VideoException("cannot write video " + output + " at frame " + counts[0] + ": "
                                + FrameSource.firstLine(e), e);
                    }
                }
            } finally {
                heldSound.forEach(Item::close);
                sound.close();
                if (recorder != null) {
                    Mp4Recorder.close(recorder, audio.copy() != null, output, this::fail);
                    keepLanguage();
                }
            }
        }

        /**
         * Writes the held sound that starts before {@code beforeMicros} (input time), in order, at most {@code most}
         * frames, each cut where it passes {@code cutMicros}; closes what it writes. The rest stays held.
         *
         * @return how long the frames taken off the held sound lasted, microseconds
         */
        private long writeHeldSound(java.util.ArrayDeque<Item> held, SoundTimeline sound, FFmpegFrameRecorder recorder,
                OutputTimeline timeline, long beforeMicros, long cutMicros, int most) throws FrameRecorder.Exception {
            long taken = 0;
            for (int n = 0; n < most && !held.isEmpty() && held.peek().micros < beforeMicros; n++) {
                Item h = held.poll();
                taken += SoundTimeline.lastsMicros(h.audio);
                try {
                    Frame frame = h.audio;
                    if (cutMicros != Long.MAX_VALUE && frame.sampleRate > 0) {
                        long keep = Math.round((cutMicros - h.micros) * (double) frame.sampleRate / 1e6);
                        if (keep < SoundTimeline.samples(frame)) {
                            frame = SoundTimeline.first(frame, Math.max(0, keep));
                        }
                    }
                    String jump = sound.record(recorder, frame, h.micros, timeline.zeroMicros());
                    if (jump != null) {
                        notice("video " + info.source() + ": " + jump);
                    }
                } finally {
                    h.close();
                }
            }
            return taken;
        }

        /** Tags the output's audio track with the language of the input's track it was made from, if it has one. */
        private void keepLanguage() {
            AudioTracks.Track track = source.audioTracks().chosen();
            if (track == null || track.language() == null || (audio.copy() == null && !audio.aac()) || writeFailed) {
                return;
            }
            try {
                Mp4AudioLanguage.write(output, track.language());
            } catch (IOException e) {
                // The file was just written and closed here: were it unwritable now, it still plays, untagged ("und").
            }
        }

        /**
         * Records a frame; an odd side loses its last column or row, as H.264 in yuv420p needs even sides. Cropped
         * here (a view, no copy) rather than left to FFmpeg's scaler, which would resample the whole frame by a pixel
         * and blur it.
         */
        private void record(FFmpegFrameRecorder recorder, OpenCVFrameConverter.ToMat toFrame, Mat image, long index,
                double aspect, String caption) throws FrameRecorder.Exception {
            if (!fieldsNoticed) {
                // Said once a picture is decoded: the first one says whether the stream holds fields.
                fieldsNoticed = true;
                String interlaced = source.interlacedNote();
                if (interlaced != null) {
                    notice(interlaced);
                }
                String hdr = source.hdrNote();
                if (hdr != null) {
                    notice(hdr);
                }
            }
            if (!laterFieldsNoticed) {
                String later = source.laterFieldsNote();
                if (later != null) {
                    laterFieldsNoticed = true;
                    notice(later);
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
                    notice("frames from " + (index + 1) + " on are " + image.cols() + "x" + image.rows() + ", not the "
                            + info.width() + "x" + info.height() + " the video started with: fitted into " + out[0] + "x"
                            + out[1] + ", keeping their proportions (black bars)");
                }
                if (reshaped && !shapeChangeNoticed) {
                    shapeChangeNoticed = true;
                    notice("frames from " + (index + 1) + " on have " + pixelShape(aspect) + ", not the "
                            + pixelShape(source.pixelAspect()) + " the video started with and is written with (one "
                            + "shape for the whole video): fitted into " + out[0] + "x" + out[1] + " as they are shown, "
                            + "keeping their proportions (black bars)");
                }
                try (Mat fitted = Letterbox.fit(image, aspect, out[0], out[1], source.pixelAspect())) {
                    if (caption != null) {
                        // At the picture's corner, sized for the output's frame as on every other frame.
                        int[] at = Letterbox.place(image.cols(), image.rows(), aspect, out[0], out[1],
                                source.pixelAspect());
                        io.github.cam4j.render.Draw.label(fitted, caption, at[0], at[1], source.pixelAspect());
                    }
                    recorder.record(toFrame.convert(fitted), AV_PIX_FMT_BGR24);
                }
                return;
            }
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

        private void notice(String message) {
            try {
                listener.noticed(message);
            } catch (RuntimeException e) {
                throw new ListenerFailure(e);
            }
        }

        /** Tells the listener a notice that names a setting, in the library's and the command line's words. */
        private void notice(String message, String commandLineMessage) {
            try {
                listener.noticed(message, commandLineMessage);
            } catch (RuntimeException e) {
                throw new ListenerFailure(e);
            }
        }

        /** Tells the listener; what it throws is its caller's own business and leaves {@link #run} unchanged. */
        private void tell(FrameExplanation explanation, long written) {
            try {
                if (explanation != null) {
                    listener.explained(explanation);
                }
                listener.written(written);
            } catch (RuntimeException e) {
                throw new ListenerFailure(e);
            }
        }

        private CamException asCamException(Throwable t, long written) {
            if (t instanceof VideoRuntimeException v) {
                return v.getCause();
            }
            if (t instanceof ListenerFailure l) {
                throw (RuntimeException) l.getCause();
            }
            if (t instanceof CamException c) {
                return c;
            }
            if (t instanceof IllegalArgumentException i) {
                if (written > 0) {
                    // Thrown once the output is closed: what was written before the frame plays.
                    throw new IllegalArgumentException(i.getMessage() + "; the " + written + " frames written before "
                            + "it are in " + output, i);
                }
                throw i;
            }
            if (t instanceof Error e) {
                throw e;
            }
            return new VideoException("explaining video " + info.source() + " failed after " + written
                    + " frames written to " + output + ": " + t, t);
        }
    }

    /** @return whether FFmpeg opens the file as a video with at least one stream */
    private static boolean opens(Path video) {
        try (org.bytedeco.javacv.FFmpegFrameGrabber g = new org.bytedeco.javacv.FFmpegFrameGrabber(video.toFile())) {
            g.start();
            return g.grabImage() != null;
        } catch (FrameGrabber.Exception | RuntimeException e) {
            return false;
        }
    }

    /** Carries a checked failure out of a stage's {@link Runnable}. */
    private static final class VideoRuntimeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        VideoRuntimeException(CamException cause) {
            super(cause);
        }

        @Override
        public synchronized CamException getCause() {
            return (CamException) super.getCause();
        }
    }

    /** Carries an exception the listener threw, to be rethrown as it was once the output is closed. */
    private static final class ListenerFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ListenerFailure(RuntimeException cause) {
            super(cause);
        }
    }

    /** Builds a {@link VideoPipeline}: required settings are {@code set…}, optional ones {@code opt…}. */
    public static final class Builder {
        private VideoExplainer explainer;
        private boolean transcodeOnly;
        private int capacity = DEFAULT_QUEUE_CAPACITY;
        private boolean overwrite;
        private Path framesDir;
        private long maxFrames;
        private Boolean fragmented;
        private AudioMode audioMode = AudioMode.AUTO;
        private int audioTrack;
        private boolean deinterlace = true;

        private Builder() {}

        /**
         * @param e explains and draws the frames; the pipeline borrows it (one run at a time, as it keeps state)
         * @return this builder
         */
        public Builder setExplainer(VideoExplainer e) {
            this.explainer = Objects.requireNonNull(e, "e is null: a VideoExplainer");
            this.transcodeOnly = false;
            return this;
        }

        /**
         * No explainer: frames are decoded and re-encoded as they are, through the same threads and queues. The floor
         * an explaining run's speed is measured against.
         *
         * @return this builder
         */
        public Builder setTranscodeOnly() {
            this.explainer = null;
            this.transcodeOnly = true;
            return this;
        }

        /**
         * @param frames how many frames each queue between two stages holds (default {@value #DEFAULT_QUEUE_CAPACITY})
         * @return this builder
         */
        public Builder optQueueCapacity(int frames) {
            if (frames < 1) {
                throw new IllegalArgumentException("queue capacity must be at least 1, got " + frames);
            }
            this.capacity = frames;
            return this;
        }

        /**
         * @param allow replace an existing output video (and frame PNGs); off by default
         * @return this builder
         */
        public Builder optOverwrite(boolean allow) {
            this.overwrite = allow;
            return this;
        }

        /**
         * @param dir also write each annotated frame as {@code frame-NNNNNN.png} here (created if absent); null for
         *     none (the default)
         * @return this builder
         */
        public Builder optFramesDir(Path dir) {
            this.framesDir = dir;
            return this;
        }

        /**
         * @param frames stop after this many video frames (0, the default: the whole input)
         * @return this builder
         */
        public Builder optMaxFrames(long frames) {
            if (frames < 0) {
                throw new IllegalArgumentException("max frames must be 0 (all) or more, got " + frames);
            }
            this.maxFrames = frames;
            return this;
        }

        /**
         * Writes the mp4 in fragments: its index up front with no frames, then each second of video (a keyframe every
         * {@value VideoPipeline#FRAGMENT_SECONDS} s, where {@value VideoPipeline#GOP_SECONDS} s otherwise, and a fragment from each) with its own
         * small index, on disk as soon as it is whole. A run killed, or a disk that fills, then leaves a video that plays
         * up to its last whole fragment; a plain mp4, whose index is written at its end, does not play at all. The
         * default is a fragmented mp4 for a camera and a named pipe (the standard input piped among them), live inputs
         * whose run may have no end and is the one most likely to be killed, and a plain one for a file, which Ctrl-C
         * and failures close properly and which every player and editor reads.
         *
         * @param fragments whether to write a fragmented mp4, for a file and a camera alike
         * @return this builder
         */
        public Builder optFragmented(boolean fragments) {
            this.fragmented = fragments;
            return this;
        }

        /**
         * What the output's audio track is ({@link AudioMode}): by default ({@link AudioMode#AUTO}) the input's audio
         * packets copied as they are when the mp4 holds their codec (AAC, MP3, AC-3, E-AC-3, Opus, ALAC, FLAC), else
         * re-encoded as AAC; {@link AudioMode#COPY} fails a run whose audio cannot be copied, before anything is
         * written; {@link AudioMode#AAC} always re-encodes; {@link AudioMode#NONE} writes no audio track. A run's
         * listener is told, in one notice, when the input's audio is not copied.
         *
         * @param mode what to write
         * @return this builder
         */
        public Builder optAudio(AudioMode mode) {
            this.audioMode = Objects.requireNonNull(mode, "mode is null: an AudioMode");
            return this;
        }

        /**
         * Which of the input's audio tracks the output's is made from, when it has several (a film's languages, a
         * commentary): numbered from 1 among its audio tracks only, in the file's order, as a run's notice numbers
         * them. By default (0) the one a player picks: the one flagged default, else FFmpeg's best. The output holds
         * one audio track; its language tag is kept. A run whose input lacks the track fails before anything is written
         * ({@link VideoSettingException}, listing the tracks it has); so does a pipe's, read once, unless the track is
         * the one read from it. Without effect under {@link AudioMode#NONE}.
         *
         * @param track the audio track, from 1; 0 for the default choice
         * @return this builder
         */
        public Builder optAudioTrack(int track) {
            if (track < 0) {
                throw new IllegalArgumentException("audio track must be 1 or more (0: the default one), got " + track);
            }
            this.audioTrack = track;
            return this;
        }

        /**
         * Whether pictures that hold two fields (interlaced video: broadcast 1080i and 576i, DV, many camcorders) are
         * deinterlaced as they are decoded, by the field shown first, the other field's rows interpolated between its
         * own ({@code true}, the default): explained and written as stored, whatever moves is combed, every other row
         * from the other field's moment, which a model reads as doubled strokes. A picture is deinterlaced when it
         * says it holds fields (its decoder's flag), whatever the container says; the run's listener is told once,
         * with the FFmpeg command that deinterlaces at full vertical detail (yadif) first. With {@code false} frames
         * are explained and written as stored, and the listener is told that they are combed.
         *
         * @param on whether to deinterlace
         * @return this builder
         */
        public Builder optDeinterlace(boolean on) {
            this.deinterlace = on;
            return this;
        }

        /** @return the pipeline */
        public VideoPipeline build() {
            if (explainer == null && !transcodeOnly) {
                throw new IllegalStateException("setExplainer(...) or setTranscodeOnly() is required");
            }
            return new VideoPipeline(this);
        }
    }
}
