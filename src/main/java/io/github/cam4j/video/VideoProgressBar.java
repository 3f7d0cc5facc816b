package io.github.cam4j.video;

import io.github.cam4j.ProgressBars;
import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;

/**
 * Shows a run as a progress bar: frames written, frames per second, and (when the input's frame count is known) the
 * time left. The caption of the latest explained frame rides along. For a camera, the bar counts without an end.
 */
public final class VideoProgressBar implements VideoListener, AutoCloseable {
    private final PrintStream out;
    /** Whether notices naming a setting are said in the command line's words ({@link #noticed(String, String)}). */
    private final boolean commandLine;
    private ProgressBar bar;
    private long max;

    /** @param out where the bar goes (standard error keeps standard output for results) */
    public VideoProgressBar(PrintStream out) {
        this(out, false);
    }

    /**
     * @param out where the bar goes (standard error keeps standard output for results)
     * @param commandLine whether notices that name a setting name {@code cam4j video}'s option ({@code --audio-track
     *     N}) rather than the builder's method
     */
    public VideoProgressBar(PrintStream out, boolean commandLine) {
        this.out = out;
        this.commandLine = commandLine;
    }

    @Override
    public void started(VideoInfo info) {
        max = info.frameCountKnown() ? info.frameCount() : -1;
        bar = ProgressBars.builder("video", " frames", 1, max).setConsumer(ProgressBars.console(out))
                .setUpdateIntervalMillis(250).build();
    }

    @Override
    public void explained(FrameExplanation explanation) {
        if (bar != null && explanation.fresh()) {
            bar.setExtraMessage(" " + explanation.caption());
        }
    }

    @Override
    public void written(long frames) {
        if (bar == null) {
            return;
        }
        // The container's frame count is an estimate: let the bar grow rather than run past 100 %.
        if (max > 0 && frames > max) {
            max = frames;
            bar.maxHint(max);
        }
        bar.stepTo(frames);
    }

    @Override
    public void frameCountRevised(long frames) {
        if (bar != null && max > 0) {
            // A variable-rate video's estimate, revised from its frames' times: the ETA follows.
            max = frames;
            bar.maxHint(max);
        }
    }

    @Override
    public void noticed(String message) {
        // On a line of its own, above the bar, which redraws below it (in a log the bar's lines are whole already). A
        // bare carriage return left the rest of a longer bar's text after a short note ("note: ... frames/s").
        out.println(ProgressBars.ownLine("note: " + message));
        out.flush();
    }

    @Override
    public void noticed(String message, String commandLineMessage) {
        noticed(commandLine ? commandLineMessage : message);
    }

    @Override
    public void finished(VideoSummary summary) {
        if (bar != null && !summary.cancelled()) {
            // The frame count was an estimate (or unknown, for a camera): end on the true count at 100 %.
            bar.maxHint(summary.frames());
            bar.stepTo(summary.frames());
        }
        close();
    }

    /** Ends the bar where it stands (after a failure, say), so what follows starts on its own line. Idempotent. */
    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
