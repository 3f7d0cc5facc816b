package io.github.cam4j.video;

import io.github.cam4j.cam.CamException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * One {@link VideoPipeline#run}, from the checked output to its end: claims the explainer for the stream, opens the
 * input, fits the explainer to it, hands the frames to a {@link PipelineRun}, and tells the listener; whatever ends it,
 * the explainer is released, and a run that wrote no frame removes the output it started.
 */
final class RunLifecycle {
    /** The pipeline run: whether it writes the input in fragments is asked once the input is open. */
    private final VideoPipeline pipeline;
    private final RunSettings settings;
    /** The pipeline's stop request, reset for this run. */
    private final Cancellation cancellation;

    /**
     * @param pipeline the pipeline run
     * @param settings what the pipeline's builder set
     * @param cancellation the pipeline's stop request
     */
    RunLifecycle(VideoPipeline pipeline, RunSettings settings, Cancellation cancellation) {
        this.pipeline = pipeline;
        this.settings = settings;
        this.cancellation = cancellation;
    }

    /**
     * @return what was done
     * @throws CamException as {@link VideoPipeline#run} says; an {@link IllegalStateException} when the explainer is
     *     closed or explaining another run's video
     */
    VideoSummary run(VideoInput input, Path output, VideoListener listener) throws CamException {
        VideoExplainer explainer = settings.explainer();
        if (explainer != null) {
            explainer.claim();
        }
        // A run that fails before its first frame leaves at most FFmpeg's header and the sound before the picture: a
        // junk file that would then block a rerun. It is removed, unless it was there before (replaced with permission,
        // it is not this run's to delete).
        boolean existed = Files.exists(output, LinkOption.NOFOLLOW_LINKS);
        PipelineRun run = null;
        try {
            FramesFolder.prepareFramesDir(settings.framesDir(), settings.overwrite());
            FrameSource opened = StoppableOpen.openForRun(input,
                    settings.audioMode() == AudioMode.NONE ? 0 : settings.audioTrack(), cancellation);
            LeftReads reads = new LeftReads(opened);
            try (reads) {
                FrameSource source = opened;
                source.deinterlace(settings.deinterlace());
                VideoInfo info = source.info();
                VideoPipeline.checkFrameSize(info, output);
                if (explainer != null) {
                    // Fed as shown: an anamorphic video's squeezed pixels are widened to square for the model.
                    explainer.usePixelAspect(source.pixelAspect());
                    explainer.checkFrameSize(info.height(), info.width());
                }
                listener.started(info);
                run = new PipelineRun(settings, cancellation, input, source, reads, info, output,
                        pipeline.fragments(input, output), listener);
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
                // Frames the caller explains after the run have square pixels unless said otherwise. Released even
                // if that is refused (an explaining stage thread still running), or the explainer stayed claimed.
                try {
                    explainer.usePixelAspect(1);
                } finally {
                    explainer.release();
                }
            }
        }
    }
}
