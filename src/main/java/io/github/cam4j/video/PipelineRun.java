package io.github.cam4j.video;

import static io.github.cam4j.video.Stages.DECODE;
import static io.github.cam4j.video.Stages.DRAW;
import static io.github.cam4j.video.Stages.ENCODE;
import static io.github.cam4j.video.Stages.EXPLAIN;
import static io.github.cam4j.video.VideoPipeline.framePng;

import io.github.cam4j.cam.CamException;
import io.github.cam4j.render.ImageException;
import io.github.cam4j.render.Images;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;

/** The state of one run of a {@link VideoPipeline}: queues, threads, the first failure. */
final class PipelineRun {
    private final VideoExplainer explainer;
    private final Path framesDir;
    private final long maxFrames;
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
    private final PictureWriter pictures;
    private final Stages stages;
    /** Writing the output failed (a full disk): its end, a plain mp4's index, may be missing. */
    private volatile boolean writeFailed;
    /** Frames written, frames the model ran on. */
    private final long[] counts = {0, 0};
    /** What the output's audio is; decided when the run starts. */
    private AudioPlan audio = new AudioPlan(null, false, null);
    /** Where the output's time starts; decided with the audio, before the stages start. */
    private OutputStart outputStart;
    /** The decode stage; made with the stages. */
    private DecodeStage decoder;

    PipelineRun(RunSettings settings, Cancellation cancellation, VideoInput input, FrameSource source, LeftReads reads,
            VideoInfo info, Path output, boolean fragmented, VideoListener listener) {
        this.explainer = settings.explainer();
        this.framesDir = settings.framesDir();
        this.maxFrames = settings.maxFrames();
        this.audioMode = settings.audioMode();
        this.cancellation = cancellation;
        this.input = input;
        this.source = source;
        this.reads = reads;
        this.info = info;
        this.output = output;
        this.fragmented = fragmented;
        this.notes = new ListenerNotes(listener);
        this.pictures = new PictureWriter(source, info, notes);
        this.stages = new Stages(settings.capacity(), reads, cancellation);
    }

    VideoSummary execute() throws CamException {
        long start = System.nanoTime();
        audio = AudioPlan.decide(input, source.audioStream(), source.audioCodec(), info, audioMode);
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
            return executeStages(start);
        } finally {
            if (audio.copy() != null) {
                // After the recorder, which reads the copy's stream description until it is released.
                audio.copy().close();
            }
        }
    }

    private VideoSummary executeStages(long start) throws CamException {
        decoder = new DecodeStage(source, reads, info, maxFrames, cancellation, stages, outputStart);
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
        stages.start();
        try {
            encode(last, counts);
        } catch (Throwable t) {
            stages.fail(t);
        } finally {
            stages.joinAll();
            stages.closeLeft();
        }
        Throwable t = stages.failure();
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
        decoder.checkComplete(output, explainer != null);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new VideoSummary(info, output, counts[0], counts[1], seconds, cancellation.cancelled(),
                stages.busySeconds());
    }

    /** @return video frames written so far */
    long written() {
        return counts[0];
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
                Item it = stages.take(in, ENCODE);
                if (it == null || it == Item.END) {
                    break;
                }
                try {
                    if (recorder == null) {
                        // Opened with whatever comes first. Sound that comes before the picture is written as it
                        // comes: held until the picture, it grew without bound (two minutes of lead-in, 11.5 MB;
                        // a video stream that never delivers a picture, the whole soundtrack).
                        recorder = Mp4Recorder.start(info, source, audio, output, fragmented, notes::notice);
                        outputStart.startClock(timeline, it, copy);
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
                            notes.notice("video " + info.source() + ": " + jump);
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
                            notes.notice("video " + info.source() + ": " + jump);
                        }
                    }
                    pictures.record(recorder, toFrame, it.image, it.index, it.aspect, it.caption);
                    if (it.micros >= 0) {
                        lastEndMicros = it.micros + (it.durationMicros > 0 ? it.durationMicros
                                : Math.round(1e6 / info.frameRate()));
                    }
                    counts[0]++;
                    if (framesDir != null) {
                        Images.write(it.image, framePng(framesDir, it.index));
                    }
                    stages.worked(ENCODE, System.nanoTime() - t0);
                    if (it.explanation != null && it.explanation.fresh()) {
                        counts[1]++;
                    }
                    notes.tell(it.explanation, counts[0]);
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
                    boolean whole = decoder.reachedEnd() && stages.failure() == null || lastEndMicros < 0;
                    writeHeldSound(heldSound, sound, recorder, timeline, whole ? Long.MAX_VALUE : lastEndMicros,
                            whole ? Long.MAX_VALUE : lastEndMicros, Integer.MAX_VALUE);
                    String jumped = sound.finish(recorder, decoder.reachedEnd());
                    if (copy != null && lastEndTick >= 0) {
                        // The copied sound after the last picture: all of it at the end of the input; at a stop (a
                        // frame limit, Ctrl-C, a failure) what starts before the last picture ends.
                        String copyJumped = copy.finish(recorder, decoder.reachedEnd() && stages.failure() == null,
                                Math.round(lastEndTick * 1e6 / source.clockRate()));
                        jumped = jumped != null ? jumped : copyJumped;
                        // For checkComplete: sound going on past a slideshow's pictures says the file is whole.
                        decoder.soundEndsAtLeast(copy.inputEndMicros());
                    }
                    if (jumped != null) {
                        notes.notice("video " + info.source() + ": " + jumped);
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
                Mp4Recorder.close(recorder, audio.copy() != null, output, stages::fail);
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
                    notes.notice("video " + info.source() + ": " + jump);
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
