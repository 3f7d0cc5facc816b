package io.github.cam4j.video;

import static io.github.cam4j.video.Stages.DECODE;
import static io.github.cam4j.video.Stages.DRAW;
import static io.github.cam4j.video.Stages.EXPLAIN;

import io.github.cam4j.cam.CamException;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import org.bytedeco.javacv.FrameGrabber;

/**
 * One run of a {@link VideoPipeline} over an opened input: decides the output's audio and where its time starts, joins
 * the stages (decode, explain and draw, encode) through {@link Stages}, and turns how they ended into the run's {@link
 * VideoSummary} or the one exception {@link VideoPipeline#run} throws.
 */
final class PipelineRun {
    private final RunSettings settings;
    private final VideoExplainer explainer;
    private final AudioMode audioMode;
    private final Cancellation cancellation;

    private final VideoInput input;
    private final FrameSource source;
    /** The decoding thread's reads of {@link #source}, which a stop may go on without. */
    private final LeftReads reads;
    private final VideoInfo info;
    private final Path output;
    /**
     * Whether the mp4 is written in fragments, each playable once written ({@link VideoPipeline.Builder#optFragmented}).
     */
    private final boolean fragmented;
    private final ListenerNotes notes;
    private final Stages stages;
    /** Frames written, frames the model ran on. */
    private final long[] counts = {0, 0};
    /** What the output's audio is; decided when the run starts. */
    private AudioPlan audio = new AudioPlan(null, false, null);
    /** Where the output's time starts; decided with the audio, before the stages start. */
    private OutputStart outputStart;

    PipelineRun(RunSettings settings, Cancellation cancellation, VideoInput input, FrameSource source, LeftReads reads,
            VideoInfo info, Path output, boolean fragmented, VideoListener listener) {
        this.settings = settings;
        this.explainer = settings.explainer();
        this.audioMode = settings.audioMode();
        this.cancellation = cancellation;
        this.input = input;
        this.source = source;
        this.reads = reads;
        this.info = info;
        this.output = output;
        this.fragmented = fragmented;
        this.notes = new ListenerNotes(listener);
        this.stages = new Stages(settings.capacity(), reads, cancellation);
    }

    VideoSummary execute() throws CamException {
        long start = System.nanoTime();
        audio = AudioPlan.decide(input, source.audioStream(), source.audioCodec(), info, audioMode,
                source.timestampWrap());
        outputStart = new OutputStart(source, info,
                audio.aac() ? OutputStart.shiftToZero(source.soundStartMicros(), source.videoStartMicros()) : 0);
        try {
            String track = audioMode == AudioMode.NONE ? null : source.audioTracks().notice(info.source(),
                    "VideoPipeline.Builder.optAudioTrack(N)");
            if (track != null) {
                try {
                    notes.notice(track, source.audioTracks().notice(info.source(), "--audio-track N"));
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
                    notes.notice(audio.notice() + (change == null ? "" : "; " + change));
                } catch (ListenerFailure l) {
                    throw (RuntimeException) l.getCause();
                }
            }
            String fonts = explainer == null ? null : UndrawableLabels.note(explainer.session().model().labels());
            if (fonts != null) {
                try {
                    notes.notice(fonts);
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
        DecodeStage decoder = new DecodeStage(source, reads, info, settings.maxFrames(), cancellation, stages,
                outputStart);
        BlockingQueue<Item> decoded = stages.queue();
        stages.add("cam4j-decode", DECODE, decoded, () -> decoder.decode(decoded));
        BlockingQueue<Item> last = decoded;
        if (explainer != null) {
            BlockingQueue<Item> explained = stages.queue();
            BlockingQueue<Item> drawn = stages.queue();
            ExplainStages explaining = new ExplainStages(explainer, info, source, stages);
            stages.add("cam4j-explain", EXPLAIN, explained, () -> explaining.explainAll(decoded, explained));
            stages.add("cam4j-draw", DRAW, drawn, () -> explaining.drawAll(explained, drawn));
            last = drawn;
        }
        EncodeStage encoder = new EncodeStage(settings, source, info, output, fragmented, audio, notes, stages,
                outputStart, decoder);
        stages.start();
        try {
            encoder.encode(last, counts);
        } catch (Throwable t) {
            stages.fail(t);
        } finally {
            stages.joinAll();
            stages.closeLeft();
        }
        Throwable t = stages.failure();
        if (t != null) {
            CamException e = asCamException(t, counts[0]);
            if (encoder.writeFailed() && counts[0] > 0 && !PipeOutput.is(output)) {
                // The file is there: said whether it plays, which the user would otherwise find out only when it
                // does not open ("moov atom not found"). FFmpegFrameRecorder.stop() ignores a trailer it could not
                // write, so the file is opened to know. Not a pipe written to (its reader has what it read): opened
                // to read, it would wait for ever for a writer.
                String said = e.getMessage().endsWith(".") ? e.getMessage().substring(0, e.getMessage().length() - 1)
                        : e.getMessage();
                throw new VideoException(said + (opens(output) ? fragmented
                        ? "; the video written plays up to its last whole fragment" : ""
                        : fragmented ? "; the video written does not play: not one fragment of it was whole"
                        : "; the video written does not play: a plain mp4's index is written at its end (a "
                                + "fragmented mp4 plays up to where writing stopped)"), e.getCause());
            }
            long recorded = encoder.recordedWhenPngFailed();
            if (recorded > 0 && !PipeOutput.is(output)) {
                // A full disk under the frames folder stopped the run with the video itself whole: said, as the
                // video's own write failure says whether what was written plays; the user was left to find out.
                String said = e.getMessage().endsWith(".") ? e.getMessage().substring(0, e.getMessage().length() - 1)
                        : e.getMessage();
                // A plain mp4 that opens had its index written whole at the end, so it holds every frame recorded; a
                // fragmented one may have lost its last fragment to the same full disk (seen under ulimit -f).
                String video = "; the video written, " + output + ", ";
                throw new VideoException(said + (opens(output) ? fragmented ? video + "plays up to its last whole"
                        + " fragment" : video + "plays its first " + recorded + (recorded == 1 ? " frame" : " frames")
                        : fragmented ? video + "does not play: not one fragment of it was whole" : video + "does not"
                                + " play: a plain mp4's index is written at its end (a fragmented mp4 plays up to where"
                                + " writing stopped)"), e.getCause());
            }
            throw e;
        }
        if (counts[0] == 0 && cancellation.cancelled()) {
            // Ctrl-C before the first frame: the input is not to blame.
            throw new VideoException("video " + info.source() + ": stopped before its first frame was written; "
                    + "nothing was written");
        }
        if (counts[0] == 0) {
            // A Matroska file cut after its tracks, before its first frame, opens: it is said to be cut, not empty.
            java.util.Optional<String> cut = MatroskaCut.whyNothingReads(source.file(), info.source());
            if (cut.isPresent()) {
                throw new VideoException(cut.get());
            }
            throw new VideoException("video " + info.source() + " holds no video frames; nothing was written");
        }
        decoder.checkComplete(output, explainer != null);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new VideoSummary(info, output, counts[0], counts[1], seconds, cancellation.cancelled(),
                stages.busySeconds());
    }

    /** @return video frames written so far */
    long written() {
        return counts[0];
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

    /** @return whether FFmpeg opens the file as a video with at least one stream */
    private static boolean opens(Path video) {
        try (org.bytedeco.javacv.FFmpegFrameGrabber g = new org.bytedeco.javacv.FFmpegFrameGrabber(video.toFile())) {
            g.start();
            return g.grabImage() != null;
        } catch (FrameGrabber.Exception | RuntimeException e) {
            return false;
        }
    }
}
