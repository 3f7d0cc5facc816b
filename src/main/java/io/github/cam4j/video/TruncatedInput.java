package io.github.cam4j.video;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Tells an input cut short from a whole one, once a run has decoded it to its end. */
final class TruncatedInput {
    private TruncatedInput() {}

    /**
     * A file cut short (a copy or download interrupted, a recording that crashed) still decodes up to the cut
     * without a word from FFmpeg, so the run would look complete. Its video stream's header tells: it announced
     * more. The rule is tolerant, so that only a cut file is flagged: the input must end before 90 % of what was
     * announced and at least two frames short. Announcements are not exact: an avi's index counted 26 frames of
     * which 25 decode, durations include the last frame's display time, a decoder may drop a damaged frame; a
     * cut file loses a share of its length (the tester's lost half or more). A frame count (mp4, avi) is compared
     * as a count; a duration (Matroska, WebM, y4m, ts) as a time, as under a variable frame rate the duration
     * times the average rate is no frame count. The container's overall duration is not used: it is the longest
     * stream's, and audio may run on past the picture. A y4m announces nothing (FFmpeg counts the whole frames the
     * file holds, which a cut file matches): its last frame cut short is the sign ({@link Y4mEnd}); cut where a
     * frame ends, it is a shorter whole file.
     *
     * @param source the input, read to its end
     * @param info its description
     * @param output the video written, for the message
     * @param explained whether its frames were drawn with maps, for the message
     * @param n the video frames decoded
     * @param lastVideoMicros the last video frame's time, microseconds from the input's start
     * @param soundEndMicros where the sound decoded or copied ends, likewise; -1 when none
     * @throws VideoException after the output is closed, saying how far the input got and where its frames are
     */
    static void check(FrameSource source, VideoInfo info, Path output, boolean explained, long n,
            long lastVideoMicros, long soundEndMicros) throws VideoException {
        FrameSource.Announced announced = source.announced();
        double fps = info.frameRate();
        // "explained" said of every frame overstated an --every run, where the model ran on one frame in n.
        String where = explained ? "its " + n + " frames are in " + output + ", each drawn with a map"
                : "its " + n + " frames are in " + output;
        if (announced.frames() > 0) {
            long m = announced.frames();
            if (n < 0.9 * m && m - n >= 2) {
                throw new VideoException("video " + info.source() + " ended after " + n + " of the " + m
                        + " frames its header announces: the file may be truncated; " + where);
            }
        } else if (announced.seconds() > 0) {
            double d = announced.seconds();
            double reached = lastVideoMicros / 1e6 + 1 / fps;
            // A cut is a cut in every stream. Sound that went on to the length announced says the file is whole
            // and its picture ended sooner (a slideshow's): the length was the file's, the sound's, which FFmpeg
            // gives a Matroska track that has no DURATION tag of its own.
            boolean soundWentOn = soundEndMicros / 1e6 >= 0.9 * d;
            if (reached < 0.9 * d && (d - reached) * fps >= 2 && !soundWentOn) {
                if (announced.fragmentsOnly()) {
                    // A fragmented mp4 states its whole length only at its end (mfra), which a cut takes away: what
                    // FFmpeg gives is as far as the fragments present reach, the last one cut inside. Quoted as the
                    // length its header announced, a file cut to a third was said to be cut to a half.
                    throw new VideoException(String.format(Locale.ROOT, "video %s ended after %d frames (%.2f s), "
                            + "inside a fragment that runs to %.2f s (about %d frames): the file is cut short, and "
                            + "how long it was is not known (a fragmented mp4 states its whole length only at its "
                            + "end, which is missing); %s", info.source(), n, reached, d, Math.round(d * fps),
                            where));
                }
                throw new VideoException(String.format(Locale.ROOT, "video %s ended after %d frames (%.2f s) of "
                        + "the %.2f s (about %d frames) its header announces: the file may be truncated; %s",
                        info.source(), n, reached, d, Math.round(d * fps), where));
            }
        }
        if (announced.fragmentsOnly() && source.file() != null) {
            Optional<Mp4Fragments.CutBox> cut;
            try {
                cut = Mp4Fragments.cutBox(source.file());
            } catch (IOException e) {
                cut = Optional.empty(); // read to its end a moment ago; nothing to add to a run that went through
            }
            if (cut.isPresent()) {
                // Cut where only the last fragment's sound lay, every frame was there and nothing was said: the
                // output's sound stopped a second short of its picture, as if cam4j had dropped it.
                Mp4Fragments.CutBox c = cut.get();
                String sound = soundEndMicros < 0 ? "" : String.format(Locale.ROOT, ", its sound %.2f s",
                        soundEndMicros / 1e6);
                String box = c.type() + " box holds " + c.present() + " of the " + c.announced() + " bytes it announces";
                throw new VideoException(String.format(Locale.ROOT, "video %s ends inside its last fragment, whose %s:"
                        + " the file is cut short, and what the cut took is not there to read (its picture reaches "
                        + "%.2f s%s); %s", info.source(), box, lastVideoMicros / 1e6 + 1 / fps, sound, where));
            }
        }
        if (source.y4mPictureBytes() > 0 && source.file() != null) {
            Optional<Y4mEnd.Cut> cut;
            try {
                cut = Y4mEnd.cut(source.file(), source.y4mPictureBytes());
            } catch (IOException e) {
                return; // read to its end a moment ago; nothing to add to a run that went through
            }
            if (cut.isPresent()) {
                Y4mEnd.Cut c = cut.get();
                throw new VideoException("video " + info.source() + " ended after " + n + " frames, inside frame "
                        + (c.wholeFrames() + 1) + " (" + c.present() + " of its " + c.expected() + " bytes are "
                        + "there): the file may be truncated; " + where);
            }
        }
    }
}
