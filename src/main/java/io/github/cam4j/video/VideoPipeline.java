package io.github.cam4j.video;

import io.github.cam4j.cam.CamException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * ({@link Builder#optFragmented}, the default for a camera and a named pipe, and the only one a named pipe written
 * to takes) plays up to its last whole fragment,
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
     * 5.2's largest frame, the sides rounded up to whole macroblocks. 3840x2160 is written; 4000x3000 and 3842x2456
     * (3856x2464 in macroblocks) failed with "Could not open video codec", which said nothing of the size.
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

    /**
     * How long after a stop a read of the input (its open, or a frame's) may still take before the run goes on
     * without it ({@link LeftReads}, {@link StoppableOpen}): a read that does not return within it is taken for a
     * stalled pipe's, which may never return.
     */
    static final long STALLED_READ_MILLIS = 1000;

    /** What the builder set that each run reads. */
    private final RunSettings settings;
    /** Whether the mp4 is written in fragments; null: for a live input only ({@link #fragments(VideoInput)}). */
    private final Boolean fragmented;
    private final Cancellation cancellation = new Cancellation();
    private final AtomicBoolean running = new AtomicBoolean();
    /** Held while a run starts or ends and while a cancel is made, so that a cancel is always the current run's. */
    private final Object runState = new Object();

    private VideoPipeline(Builder b) {
        this.settings = new RunSettings(b.explainer, b.capacity, b.framesDir, b.maxFrames, b.audioMode, b.overwrite,
                b.audioTrack, b.deinterlace);
        this.fragmented = b.fragmented;
    }

    /** @return a builder: {@code setExplainer} or {@code setTranscodeOnly} is required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Ends the current run as if the input had ended: frames already decoded are still explained and written, then
     * the output is closed. Under the methods that run the model many times per frame (up to minutes per frame; {@link
     * io.github.cam4j.cam.ExplanationStoppedException} lists them) the frame being explained stops at its next model run
     * and it and the frames decoded after it are dropped, so that a stop does not wait for them; the output ends with
     * the frames written before. Safe from any thread (a shutdown hook, a UI). A run started later is not affected. A read of
     * the input that has not returned {@value #STALLED_READ_MILLIS} ms after this (a named pipe whose writer stalled,
     * open but sending nothing) is not waited for: the run ends without it, and the input is closed when it returns.
     */
    public void cancel() {
        synchronized (runState) {
            if (running.get()) {
                cancellation.cancel();
            }
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
     * @throws IllegalStateException when this pipeline is running, or its explainer (or the session it borrows) is
     *     closed, or its explainer is explaining another run's video
     */
    public VideoSummary run(VideoInput input, Path output, VideoListener listener) throws CamException {
        Objects.requireNonNull(input, "input is null: the video to read (VideoInput.file, VideoInput.camera)");
        Objects.requireNonNull(output, "output is null: the mp4 to write");
        Objects.requireNonNull(listener, "listener is null: give VideoListener.NONE for none");
        checkOutput(input, output, settings.overwrite());
        checkFragments(output, fragmented);
        checkFramesNotInput(settings.framesDir(), input);
        checkFramesDir(settings.framesDir(), output, settings.overwrite());
        // An earlier run's request is forgotten before this run counts as running, under the lock cancel() takes: a
        // cancel the moment the run is seen running is this run's, and it stops it. Forgotten once the run had begun,
        // a cancel landing in between was lost, and a run opening a pipe without a writer waited for ever.
        synchronized (runState) {
            if (running.get()) {
                throw new IllegalStateException("this VideoPipeline is already running");
            }
            cancellation.reset();
            running.set(true);
        }
        try {
            return new RunLifecycle(this, settings, cancellation).run(input, output, listener);
        } finally {
            synchronized (runState) {
                running.set(false);
            }
        }
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
     * @param input what a run reads
     * @param output the video it writes
     * @return whether this pipeline writes that input's video to that output in fragments: as {@link
     *     #fragments(VideoInput)} says, and by default also for an output written as a stream, a named pipe (FIFO) or
     *     another special file that cannot seek, where only a fragmented mp4 can be written
     */
    public boolean fragments(VideoInput input, Path output) {
        return fragmented != null ? fragmented : !input.canReopen() || PipeOutput.is(output);
    }

    /**
     * @param output the video to write
     * @return whether it is written as a stream, once and in order: a named pipe (FIFO) or another special file that
     *     cannot seek. Such an output is not overwritten, whatever it holds: what is written goes to its reader, so it
     *     needs no leave to replace it.
     */
    public static boolean isStreamOutput(Path output) {
        return PipeOutput.is(output);
    }

    /**
     * Checks that an output can take the mp4 as a run would write it: a plain mp4 ({@code fragmented} false) cannot be
     * written to a named pipe (FIFO) or another special file that cannot seek, whose muxer must go back to write the
     * index at the end. For callers that want to fail before loading a model; {@link #run} checks it too.
     *
     * @param output the video to write
     * @param fragmented whether it is to be written in fragments ({@link Builder#optFragmented}); null for the default,
     *     fragmented for such an output, which passes
     * @throws VideoSettingException when a plain mp4 is asked for such an output, naming it and the setting
     */
    public static void checkFragments(Path output, Boolean fragmented) throws VideoSettingException {
        VideoChecks.checkFragments(output, fragmented);
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
        VideoChecks.checkOutput(output, overwrite);
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
        VideoChecks.checkNotInput(input, output);
    }

    /**
     * Checks that the frames folder does not hold the input's own pictures named as frames are, which a run would
     * remove or write over (an image sequence {@code frame-%06d.png} explained into its own folder).
     *
     * @param framesDir the frames folder, or null for none
     * @param input what will be read; null or a camera pass
     * @throws VideoException naming both when it does
     */
    public static void checkFramesNotInput(Path framesDir, VideoInput input) throws VideoException {
        FramesFolder.checkNotInput(framesDir, input);
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
        VideoChecks.checkFrameSize(info, output);
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
        VideoChecks.checkAudio(input, mode, track);
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
     * @param name a file name
     * @return whether it is named as the frame PNGs a run writes ({@code frame-NNNNNN.png}), which a run removes or
     *     writes over in its frames folder
     */
    public static boolean isFramePngName(String name) {
        return FramesFolder.isFramePngName(name);
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
         * and failures close properly and which every player and editor reads. An output that is a named pipe (FIFO)
         * or another special file that cannot seek is written fragmented too, as it can only be: a plain mp4 asked for
         * one is refused ({@link VideoPipeline#checkFragments}).
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

        /**
         * @return the pipeline
         * @throws IllegalStateException when neither an explainer nor transcoding was set, or the explainer (or the
         *     session it borrows) is closed; one closed after this is refused when the pipeline runs
         */
        public VideoPipeline build() {
            if (explainer == null && !transcodeOnly) {
                throw new IllegalStateException("setExplainer(...) or setTranscodeOnly() is required");
            }
            // Refused here, as VideoExplainer's builder refuses a closed CamSession: taken, it failed only when run.
            if (explainer != null && explainer.isClosed()) {
                throw new IllegalStateException("setExplainer(...) was given a closed VideoExplainer");
            }
            if (explainer != null && explainer.session().isClosed()) {
                throw new IllegalStateException("setExplainer(...) was given a VideoExplainer whose CamSession is"
                        + " closed");
            }
            return new VideoPipeline(this);
        }
    }
}
