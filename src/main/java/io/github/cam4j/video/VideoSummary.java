package io.github.cam4j.video;

import java.nio.file.Path;

/**
 * How a {@link VideoPipeline} run went.
 *
 * @param input what the input said about itself
 * @param output the video written
 * @param frames video frames written
 * @param explainedFrames frames the model ran on (fewer than {@code frames} with {@code every > 1}; 0 for a plain
 *     transcode)
 * @param seconds wall time from the first grab to the closed output
 * @param cancelled true when {@link VideoPipeline#cancel()} ended the run before the end of the input
 */
public record VideoSummary(VideoInfo input, Path output, long frames, long explainedFrames, double seconds,
        boolean cancelled) {

    /** @return frames written per second of wall time */
    public double fps() {
        return seconds > 0 ? frames / seconds : 0;
    }
}
