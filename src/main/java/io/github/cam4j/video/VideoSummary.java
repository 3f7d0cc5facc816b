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
 * @param seconds wall time from the opened input to the closed output: the audio's plan (a copy's second opening,
 *     an MPEG-TS file's sound read through) and the model's first run included; the input's opening, and the model's
 *     loading, not
 * @param cancelled true when {@link VideoPipeline#cancel()} ended the run before the end of the input
 * @param stages how long each stage worked, to find the bottleneck
 */
public record VideoSummary(VideoInfo input, Path output, long frames, long explainedFrames, double seconds,
        boolean cancelled, Stages stages) {

    /**
     * Seconds each stage's thread spent working, not waiting on its queues. The slowest stage bounds the frame rate;
     * on a machine with fewer cores than stages, their sum does.
     *
     * @param decode grabbing and copying frames (and audio)
     * @param explain preparing frames and running the model (0 for a plain transcode)
     * @param draw maps to frame pixels, heatmap, box, caption (0 for a plain transcode)
     * @param encode converting, encoding and writing (and frame PNGs)
     */
    public record Stages(double decode, double explain, double draw, double encode) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "decode %.2f s, explain %.2f s, draw %.2f s, encode %.2f s",
                    decode, explain, draw, encode);
        }
    }

    /** @return frames written per second of wall time */
    public double fps() {
        return seconds > 0 ? frames / seconds : 0;
    }
}
