package io.github.cam4j.video;

import static io.github.cam4j.video.Stages.ENCODE;
import static io.github.cam4j.video.VideoPipeline.framePng;

import io.github.cam4j.cam.CamException;
import io.github.cam4j.render.ImageException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;

/**
 * The encode stage of a run, on the run's own thread: opens the mp4 with the first item, places each picture on the
 * output's clock with the sound due before it (decoded, held for a frame limit, or copied), writes it (and its PNG),
 * tells the listener, and at the end writes the sound left, closes the mp4 and tags its audio's language.
 */
final class EncodeStage {
    private final FrameSource source;
    private final VideoInfo info;
    private final Path output;
    /**
     * Whether the mp4 is written in fragments, each playable once written ({@link VideoPipeline.Builder#optFragmented}).
     */
    private final boolean fragmented;
    private final Path framesDir;
    private final long maxFrames;
    /** What the output's audio is. */
    private final AudioPlan audio;
    private final ListenerNotes notes;
    private final PictureWriter pictures;
    private final Stages stages;
    private final OutputStart outputStart;
    private final DecodeStage decoder;
    /** Writing the output failed (a full disk): its end, a plain mp4's index, may be missing. */
    private volatile boolean writeFailed;
    /**
     * The frames the video holds when a frame's PNG could not be written into the frames folder (a full disk there),
     * the frame whose PNG failed included, as it is recorded first; -1 while none failed.
     */
    private volatile long recordedWhenPngFailed = -1;

    EncodeStage(RunSettings settings, FrameSource source, VideoInfo info, Path output, boolean fragmented,
            AudioPlan audio, ListenerNotes notes, Stages stages, OutputStart outputStart, DecodeStage decoder) {
        this.source = source;
        this.info = info;
        this.output = output;
        this.fragmented = fragmented;
        this.framesDir = settings.framesDir();
        this.maxFrames = settings.maxFrames();
        this.audio = audio;
        this.notes = notes;
        this.pictures = new PictureWriter(source, info, notes);
        this.stages = stages;
        this.outputStart = outputStart;
        this.decoder = decoder;
    }

    /** @return whether writing the output failed (a full disk): its end, a plain mp4's index, may be missing */
    boolean writeFailed() {
        return writeFailed;
    }

    /**
     * @return the frames the video holds when a frame's PNG could not be written into the frames folder, that frame
     *     included; -1 when none failed
     */
    long recordedWhenPngFailed() {
        return recordedWhenPngFailed;
    }

    /**
     * The stage's body: writes what comes from {@code in} until its end or a stop.
     *
     * @param counts where the frames written ({@code [0]}) and those the model ran on ({@code [1]}) are counted
     */
    void encode(BlockingQueue<Item> in, long[] counts) throws CamException {
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
        // A stop came while a named pipe as the output waited for a reader (PipeReader).
        boolean pipeUnread = false;
        FrameCountRevision frameCount = new FrameCountRevision(source.announced(), info, maxFrames);
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
                        if (pipeUnread) {
                            continue; // drained until the stop's end marker, for the stages before to finish
                        }
                        try (PipeReader reader = PipeReader.await(output, stages.cancellation(), notes)) {
                            if (reader == null) {
                                // Stopped with no program reading the pipe: nothing is written. Leaving here, the
                                // stages before stayed blocked on their full queues, the run with them.
                                pipeUnread = true;
                                continue;
                            }
                            recorder = Mp4Recorder.start(info, source, audio, output, fragmented, notes::notice);
                        }
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
                    pictures.record(recorder, toFrame, it.image, it.index, it.aspect, it.caption, it.captionPeak,
                            it.captionBox, it.captionHeat, it.captionTitles, framesDir == null ? null : framePng(framesDir, it.index));
                    if (it.micros >= 0) {
                        lastEndMicros = it.micros + (it.durationMicros > 0 ? it.durationMicros
                                : Math.round(1e6 / info.frameRate()));
                    }
                    counts[0]++;
                    stages.worked(ENCODE, System.nanoTime() - t0);
                    if (it.explanation != null && it.explanation.fresh()) {
                        counts[1]++;
                    }
                    long revised = frameCount.after(counts[0], it.micros);
                    if (revised > 0) {
                        notes.revised(revised);
                    }
                    // Its time as the video written shows it: the tick on the output's clock, which a variable-rate
                    // input's frames are placed on by their own times (OutputTimeline), not one a frame.
                    notes.tell(it.explanation == null ? null
                            : it.explanation.shownAt(Math.round(tick * 1e6 / source.clockRate())), counts[0]);
                } catch (FrameRecorder.Exception e) {
                    writeFailed = true;
                    String advice = copiedSoundAdvice(copy != null, e);
                    String line = FfmpegErrors.firstLine(e);
                    throw new VideoException("cannot write video " + output + " at frame " + counts[0] + ": "
                            + (advice.isEmpty() || !line.endsWith(".") ? line : line.substring(0, line.length() - 1))
                            + advice, e);
                } catch (ImageException e) {
                    // The picture is recorded before its PNG is written: the video holds this frame too.
                    recordedWhenPngFailed = counts[0] + 1;
                    throw new VideoException(e.getMessage(), e);
                } finally {
                    if (it != null) {
                        it.close();
                    }
                }
            }
            if (recorder != null) {
                pictures.finish();
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
                            + FfmpegErrors.firstLine(e), e);
                }
            }
        } catch (CamException | RuntimeException | Error e) {
            // The run's failure, before the close below may add its own (the same full disk failing the mp4's end):
            // the first one is the run's.
            stages.fail(e);
            throw e;
        } finally {
            heldSound.forEach(Item::close);
            sound.close();
            if (recorder != null) {
                Mp4Recorder.close(recorder, audio.copy() != null, output, e -> {
                    // Its end not written (a full disk as it closed): the run says whether what was written plays.
                    writeFailed = true;
                    stages.fail(e);
                });
                keepLanguage();
            }
        }
    }

    /**
     * @return for a copied sound packet the muxer refused as invalid data (a damaged AAC packet, which the ADTS to
     *     mp4 filter rejects), what it is and the option that writes past it; else nothing. A transport stream with
     *     three damaged audio packets ended at frame 54 of 100 in FFmpeg's words alone (helper-164), and re-encoding
     *     the sound wrote all 100.
     */
    static String copiedSoundAdvice(boolean copying, Exception e) {
        String message = String.valueOf(e.getMessage());
        if (!copying || !message.contains("audio packet") || !message.contains("error " + avutil.AVERROR_INVALIDDATA)) {
            return "";
        }
        return "; the input's sound holds a damaged packet, which copying cannot write: --audio aac re-encodes the"
                + " sound instead";
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
        if (track == null || track.language() == null || (audio.copy() == null && !audio.aac()) || writeFailed
                || PipeOutput.is(output)) {
            // A pipe's bytes are its reader's once written: the tag, written into the file afterwards, cannot be.
            return;
        }
        try {
            Mp4AudioLanguage.write(output, track.language());
        } catch (IOException e) {
            // The file was just written and closed here: were it unwritable now, it still plays, untagged ("und").
        }
    }
}
