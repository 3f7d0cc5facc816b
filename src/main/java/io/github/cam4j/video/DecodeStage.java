package io.github.cam4j.video;

import static io.github.cam4j.video.Stages.DECODE;

import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The decode stage of a run: grabs the input's pictures and sound, in order, and hands them on as items on their
 * input time (moved by {@link OutputStart#shifted}), until the input ends, a frame limit or a stop; and keeps how far
 * the input got, to check at the end that it was not cut short.
 */
final class DecodeStage {
    private final FrameSource source;
    /** The decoding thread's reads of {@link #source}, which a stop may go on without. */
    private final LeftReads reads;
    private final VideoInfo info;
    private final long maxFrames;
    private final Cancellation cancellation;
    private final Stages stages;
    private final OutputStart outputStart;
    /** Video frames decoded so far. */
    private volatile long decodedFrames;
    /** Whether decoding stopped at the end of the input (not at a frame limit, a cancel or a failure). */
    private volatile boolean reachedEnd;
    /** Timestamp of the last video frame decoded, in microseconds from the start of the input. */
    private volatile long lastVideoMicros;
    /** Where the sound decoded so far ends, in microseconds from the start of the input; -1 before any. */
    private volatile long soundEndMicros = -1;

    DecodeStage(FrameSource source, LeftReads reads, VideoInfo info, long maxFrames, Cancellation cancellation,
            Stages stages, OutputStart outputStart) {
        this.source = source;
        this.reads = reads;
        this.info = info;
        this.maxFrames = maxFrames;
        this.cancellation = cancellation;
        this.stages = stages;
        this.outputStart = outputStart;
    }

    /** The stage's body: decodes into {@code out}, then puts {@link Item#END} there unless told to stop first. */
    void decode(BlockingQueue<Item> out) {
        try (OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat()) {
            while (!stages.stopped(DECODE) && !cancellation.cancelled()
                    && (maxFrames <= 0 || decodedFrames < maxFrames)) {
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
                            + FfmpegErrors.firstLine(e), e));
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
                    item.micros = outputStart.shifted(f.timestamp);
                    item.aspect = source.pictureAspect();
                    item.durationMicros = source.pictureDurationMicros();
                } else if (f.samples != null) {
                    item = new Item(-1, null, f.clone());
                    item.micros = outputStart.shifted(f.timestamp);
                    if (f.sampleRate > 0) {
                        soundEndMicros = Math.max(soundEndMicros,
                                f.timestamp + SoundTimeline.samples(f) * 1_000_000 / f.sampleRate);
                    }
                } else {
                    continue;
                }
                stages.worked(DECODE, System.nanoTime() - t0);
                if (!stages.put(out, item, DECODE)) {
                    return;
                }
            }
            stages.put(out, Item.END, DECODE);
        }
    }

    /** @return whether decoding stopped at the end of the input (not at a frame limit, a cancel or a failure) */
    boolean reachedEnd() {
        return reachedEnd;
    }

    /** Takes the sound to end at least here (input time, microseconds): copied sound, which is not decoded. */
    void soundEndsAtLeast(long micros) {
        soundEndMicros = Math.max(soundEndMicros, micros);
    }

    /**
     * Checks that the input was not cut short ({@link TruncatedInput}); only when decoding reached its end.
     *
     * @param output the video written, for the message
     * @param explained whether its frames were explained, for the message
     * @throws VideoException after the output is closed, saying how far the input got and where its frames are
     */
    void checkComplete(Path output, boolean explained) throws VideoException {
        if (!reachedEnd) {
            return;
        }
        TruncatedInput.check(source, info, output, explained, decodedFrames, lastVideoMicros, soundEndMicros);
    }
}
