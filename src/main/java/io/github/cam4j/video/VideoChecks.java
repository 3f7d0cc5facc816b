package io.github.cam4j.video;

import static io.github.cam4j.video.VideoPipeline.MAX_PIXELS;
import static io.github.cam4j.video.VideoPipeline.MIN_SIDE;
import static io.github.cam4j.video.VideoPipeline.writtenSize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checks a run makes before it opens anything: the output's folder and name, that it is not the input, the
 * frames' size against the encoder's limits, the audio mode against the input's audio. {@link VideoPipeline}'s public
 * check methods, which document them, call these.
 */
final class VideoChecks {
    private VideoChecks() {}

    /** {@link VideoPipeline#checkOutput(Path, boolean)}. */
    static void checkOutput(Path output, boolean overwrite) throws VideoException {
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new VideoException("cannot write video " + output + ": "
                    + io.github.cam4j.data.FileTrees.whyNotAFolder(parent));
        }
        if (parent != null && !Files.isWritable(parent)) {
            // Found by FFmpeg only when the first frame came, in its words: "avio_open2 error -30".
            throw new VideoException("cannot write video " + output + ": folder " + parent + " "
                    + io.github.cam4j.data.FileTrees.whyNotWritable(parent));
        }
        if (Files.isDirectory(output)) {
            throw new VideoException("cannot write video " + output + ": it is a folder");
        }
        java.util.Optional<String> link = io.github.cam4j.data.FileTrees.whyNotWritableThroughLink(output);
        if (link.isPresent()) {
            // FFmpeg writes through the link: it failed once the model had loaded, in its words ("avio_open2 error()
            // error -2 (No such file or directory)"), and while copying audio blamed the copy.
            throw new VideoException("cannot write video " + output + ": " + link.get());
        }
        if (!VideoPipeline.isMp4Name(output)) {
            throw new VideoException("cannot write video " + output + ": its name must end in .mp4 (an H.264 mp4 is "
                    + "written; other containers came out broken or with wrong durations)");
        }
        if (Files.exists(output) && !overwrite && !PipeOutput.is(output)) {
            // A named pipe is written to, not replaced: it needed optOverwrite (--force) as if its reader's data were
            // at stake.
            // The command line checks this first and names --force; this message is the library's.
            throw new VideoException("video " + output + " already exists; it is not overwritten unless the pipeline is"
                    + " allowed to (VideoPipeline.Builder.optOverwrite)");
        }
    }

    /** {@link VideoPipeline#checkFragments(Path, Boolean)}. */
    static void checkFragments(Path output, Boolean fragmented) throws VideoSettingException {
        java.util.Optional<String> kind = Boolean.FALSE.equals(fragmented) ? PipeOutput.kind(output)
                : java.util.Optional.empty();
        if (kind.isEmpty()) {
            return;
        }
        // Found by FFmpeg once the model had loaded, in its words: "Could not write header" (error -22).
        String failed = "cannot write video " + output + " as a plain mp4: it is " + kind.get() + ", written once in "
                + "order, and a plain mp4's muxer goes back to write its index at the end; ";
        throw new VideoSettingException(failed + "write it fragmented (VideoPipeline.Builder.optFragmented(true), the "
                + "default for such an output) or to a file", failed + "drop --no-fragmented (such an output is written "
                + "fragmented) or write to a file");
    }

    /** {@link VideoPipeline#checkNotInput(VideoInput, Path)}. */
    static void checkNotInput(VideoInput input, Path output) throws VideoException {
        if (input != null && input.path() != null && sameFile(input.path(), output)) {
            throw new VideoException("cannot write video " + output + ": it is the input video " + input
                    + " (the same file), which writing would destroy while it is read; choose another output");
        }
    }

    /** {@link VideoPipeline#checkFrameSize(VideoInfo, Path)}. */
    static void checkFrameSize(VideoInfo info, Path output) throws VideoException {
        int[] written = writtenSize(info.width(), info.height());
        String size = info.width() + "x" + info.height() + (written[0] == info.width() && written[1] == info.height() ? ""
                : " (" + written[0] + "x" + written[1] + " once its sides are made even, as H.264 needs)");
        if (written[0] < MIN_SIDE || written[1] < MIN_SIDE) {
            throw new VideoException("cannot write video " + output + ": the frames of " + info.source() + " are " + size
                    + ", below the " + MIN_SIDE + "x" + MIN_SIDE + " the H.264 encoder (openh264) takes");
        }
        // The encoder counts whole 16x16 macroblocks: 3842x2456 (9.43 M pixels) passed as written, and failed once the
        // model had loaded with "Could not open video codec", as 3856x2464 (helper-164).
        long codedWidth = (written[0] + 15L) / 16 * 16;
        long codedHeight = (written[1] + 15L) / 16 * 16;
        if (codedWidth * codedHeight > MAX_PIXELS) {
            String coded = codedWidth == written[0] && codedHeight == written[1] ? ""
                    : ", which the encoder codes as " + codedWidth + "x" + codedHeight + " (whole 16x16 macroblocks)";
            throw new VideoException("cannot write video " + output + ": the frames of " + info.source() + " are " + size
                    + coded + ", " + codedWidth * codedHeight + " pixels, above the " + MAX_PIXELS + " (e.g. 4096x2304 or "
                    + "3840x2160) the H.264 encoder (openh264) takes; scale the video down first");
        }
    }

    /** {@link VideoPipeline#checkAudio(VideoInput, AudioMode, int)}. */
    static void checkAudio(VideoInput input, AudioMode mode, int track) throws VideoException {
        boolean trackAsked = track > 0 && mode != AudioMode.NONE;
        if (!(mode == AudioMode.COPY || trackAsked) || !input.canReopen()) {
            // A camera has no audio; a pipe opened here would lose its start to this check (the run refuses its copy).
            return;
        }
        try (FrameSource source = input.open(true, trackAsked ? track : 0)) {
            if (mode != AudioMode.COPY) {
                return; // the track is there: nothing else is refused before the run
            }
            AudioPlan plan = AudioPlan.decide(input, source.audioStream(), source.audioCodec(), source.info(), mode,
                    source.timestampWrap());
            if (plan.copy() != null) {
                plan.copy().close();
            }
        }
    }

    /**
     * @return true when both paths name the same file: {@link Files#isSameFile} when both exist (links, hard links),
     *     else the same real path (what does not exist yet is resolved through its real folder)
     */
    static boolean sameFile(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b)) {
                return true;
            }
        } catch (IOException e) {
            // Unreadable attributes: compare the paths instead.
        }
        return io.github.cam4j.data.FileTrees.resolved(a).equals(io.github.cam4j.data.FileTrees.resolved(b));
    }
}
