package io.github.cam4j.video;

import io.github.cam4j.data.FileKinds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Opens a file input for {@link VideoInput#open(boolean, int)}: a video file, a named pipe (read once, in order) or an
 * image sequence. It refuses what is no video (missing, not a file, a still image, a cover picture only, an mp4 piped
 * with its index at its end), picks the streams a player reads ({@link StreamChoice}), and reads what the video
 * stream states (frame rate, length, clocks, orientation, pixel shape) into the {@link FrameSource} it returns.
 */
final class FileOpener {
    /** The file; null for a URL, which FFmpeg reads itself. */
    private final Path file;
    /** A URL FFmpeg reads as given ({@code http://...}), read once as a pipe is; null for a file. */
    private final String url;
    /** How a message names the input: the file's path, {@code - (standard input)}, or the URL as given. */
    private final String named;

    /**
     * @param file the file, pipe or image sequence pattern
     * @param named how a message names it
     */
    FileOpener(Path file, String named) {
        this(file, null, named);
    }

    private FileOpener(Path file, String url, String named) {
        this.file = file;
        this.url = url;
        this.named = named;
    }

    /**
     * @param url a URL FFmpeg reads ({@code http://}, {@code rtsp://}...), passed to it as given
     * @return an opener that reads it as a stream, once, as a pipe is read
     */
    static FileOpener url(String url) {
        return new FileOpener(null, url, url);
    }

    /**
     * @param withAudio whether audio frames are wanted too
     * @param audioTrack the audio track to read, from 1 among the file's audio tracks; 0 for the one a player picks
     * @return the opened source; the caller closes it
     * @throws VideoException as {@link VideoInput#open(boolean, int)} says
     */
    FrameSource open(boolean withAudio, int audioTrack) throws VideoException {
        Optional<Path> sequence = url != null || Files.exists(file) ? Optional.empty()
                : PictureFiles.firstOfSequence(file);
        if (url == null && !Files.exists(file) && sequence.isEmpty()) {
            throw new VideoException("video " + named + " does not exist" + (PictureFiles.namesSequence(file)
                    ? " (nor, as an image sequence, its pictures numbered 0 to 4, which FFmpeg starts from)" : ""));
        }
        // A named pipe is read as FFmpeg reads pipes, once and in order: nothing below opens it a second time, seeks in
        // it or reads its end again. It had been refused as "not a file".
        // A URL is read so too: a second opening would fetch it again, or find a live stream moved on.
        boolean pipe = url != null || (sequence.isEmpty() && FileKinds.isFifo(file));
        if (sequence.isEmpty() && !pipe && !Files.isRegularFile(file)) {
            throw new VideoException(FileKinds.refusal(file, "video", named).orElse("video " + named + " is not a regular file")
                    + " (nor a named pipe, which is read as a stream)");
        }
        if (!pipe && sequence.isEmpty() && isEmpty(file)) {
            // FFmpeg's words for it, "Invalid data found when processing input", sent the user looking for a damaged
            // video where there was none: a download or a copy that never wrote a byte.
            throw new VideoException("video " + named + " is empty (0 bytes): nothing was written to it, or it was cut "
                    + "to nothing");
        }
        FFmpegFrameGrabber g = start(-1, -1);
        if (pipe && PipedMp4Index.samplesBehind(g)) {
            // Its frames could not be read ("holds no video frames", "no picture size"): the reason is said instead.
            FrameSource.releaseQuietly(g);
            // A URL is no pipe: its server did not let FFmpeg seek (no HTTP range requests); "give the file by name"
            // named nothing the user had. One that does is read (FFmpeg goes back for the samples).
            String from = url != null ? "from a server that does not let FFmpeg seek (no range requests): download it "
                    + "first" : "from a pipe: give the file by name";
            throw new VideoException("video " + named + " is an mp4 whose index (moov) is at its end, which cannot be "
                    + "read " + from + ", or remux it with ffmpeg -i in.mp4 -c copy -movflags +faststart out.mp4");
        }
        // JavaCV takes the first stream of each kind whose disposition is exactly 0: the first one NOT flagged as the
        // default, so a file with a commentary track after its main sound was read with the commentary, and one with a
        // small second camera angle after its main picture with that angle. The streams a player picks are read. A pipe
        // cannot be opened again to read others: it keeps JavaCV's (the first of each kind, for a pipe written by
        // ffmpeg with -map, the ones mapped).
        int video = pipe ? g.getVideoStream() : StreamChoice.videoToRead(g);
        if (video >= 0 && StreamChoice.attachedPicture(g, video)) {
            // Only a cover picture (a music file's album art, FFmpeg's "attached picture"): one still frame, no video.
            FrameSource.releaseQuietly(g);
            throw new VideoException("video " + named + " has no video stream (only a still cover picture)" + (pipe
                    ? ", as the first video stream of a pipe, which is read once: write the pipe with the video "
                            + "stream mapped first (ffmpeg -map 0:v:N)" : ""));
        }
        java.util.List<AudioTracks.Track> tracks = withAudio ? AudioTracks.of(g.getFormatContext()) : java.util.List.of();
        int sound = -1;
        if (withAudio && video >= 0) {
            try {
                sound = pipe ? StreamChoice.pipeAudio(g, tracks, audioTrack, named) : audioTrack > 0
                        ? AudioTracks.pick(tracks, audioTrack, named).index()
                        : StreamChoice.audioToRead(g, video);
            } catch (VideoSettingException e) {
                FrameSource.releaseQuietly(g);
                throw e;
            }
        }
        if (!pipe && video >= 0 && (video != g.getVideoStream() || (sound >= 0 && sound != g.getAudioStream()))) {
            FrameSource.releaseQuietly(g);
            g = start(video, sound);
        }
        Optional<String> cut = pipe || sequence.isPresent() ? Optional.empty() : cutShort(g);
        if (cut.isPresent()) {
            // FFmpeg opens an mp4 that ends inside its index, or before its first frame, with the tracks it read and no
            // frame in them: the run said "holds no video frames", which sent the user looking for an empty recording,
            // not a cut copy.
            FrameSource.releaseQuietly(g);
            throw new VideoException(cut.get());
        }
        if (!g.hasVideo() || g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
            String codec = g.hasVideo() ? g.getVideoCodecName() : null;
            // FFmpeg's image2 reader is the one it picks by a picture's file name (its *_pipe readers, by content).
            boolean byPictureName = "image2".equals(g.getFormat());
            FrameSource.releaseQuietly(g);
            if (codec != null && byPictureName) {
                // A file named as a picture that holds none (a text file saved as x.png): FFmpeg's image reader, chosen
                // by the name, finds no size in it. It had been "missing from a file cut out of a recording?", which
                // sent the user looking for a cut where there was no picture at all.
                throw new VideoException("video " + named + " is named as a picture (FFmpeg reads it as " + codec
                        + ") but holds none it can decode: neither a picture nor a video");
            }
            if (codec != null) {
                // A video stream whose picture size FFmpeg never found: it decodes nothing (ffmpeg itself gives up on
                // it), and it was said to be no video stream at all.
                throw new VideoException("video " + named + ": its video stream (" + codec + ") cannot be decoded: "
                        + "FFmpeg finds no picture size in it (the start of the stream, which states it, missing from a "
                        + "file cut out of a recording?)");
            }
            throw new VideoException("video " + named + " has no video stream");
        }
        String still = PictureFiles.stillImageFormat(g.getFormat());
        // Pictures through a pipe (ffmpeg -f image2pipe, cat *.png > fifo) are a stream of them: counting them would
        // read the pipe away.
        if (still != null && !pipe) {
            // FFmpeg reads a picture file as a video of one frame, which was written as a one-frame mp4 at 25 fps. Its
            // image readers also read pictures one after another: a camera's Motion JPEG saved as it came (.mjpeg), PNGs
            // piped into a file. Such a stream of pictures is a video, and was refused as a still image.
            boolean moving = PictureFiles.holdsMoreThanOnePicture(g);
            FrameSource.releaseQuietly(g);
            if (!moving) {
                throw new VideoException("video " + named + " is a still image (FFmpeg reads it as " + still
                        + "), not a video: explain it as an image (cam4j explain, CamSession.explain)");
            }
            g = start(video, sound);
        }
        String alphaDecoder = pipe ? null : VpxAlpha.decoderFor(g);
        if (alphaDecoder != null) {
            // A pipe keeps FFmpeg's own decoder, and says its alpha is dropped (FrameSource.droppedAlphaNote).
            FrameSource.releaseQuietly(g);
            g = start(video, sound, alphaDecoder);
        }
        boolean audio = withAudio && g.hasAudio() && g.getAudioChannels() > 0 && g.getSampleRate() > 0;
        double fps = g.getVideoFrameRate() > 0 ? g.getVideoFrameRate() : g.getFrameRate();
        if (!(fps > 0) || !Double.isFinite(fps)) {
            fps = VideoInput.DEFAULT_CAMERA_FPS;
        }
        // What the video stream itself announces, when it does: JavaCV's own estimate multiplies the container's
        // duration, which is the longest stream's (audio running on past the picture doubled it, measured), by the
        // frame rate.
        long streamFrames = -1;
        double streamSeconds = Double.NaN;
        double clockRate = fps;
        double copiedClockRate = fps;
        long y4mPictureBytes = -1;
        int fieldOrder = avcodec.AV_FIELD_UNKNOWN;
        double ticksPerFrame = 1;
        // The sound's stream counts whether or not it is read: it is copied from its packets when it is not decoded.
        TimestampWrap wrap = TimestampWrap.of(g.getFormatContext(), g.getVideoStream(), g.getAudioStream());
        if (g.getVideoStream() >= 0 && g.getFormatContext() != null) {
            AVStream st = g.getFormatContext().streams(g.getVideoStream());
            if (StreamTiming.averageImpossible(st)) {
                // JavaCV takes FFmpeg's average, which for a raw DV file is its time base's 60 000: "at 60000.00 fps",
                // 240 000 frames for 4 s, an encoder told 60 000 fps, and the last frame lasting one tick.
                fps = (double) st.r_frame_rate().num() / st.r_frame_rate().den();
            }
            fieldOrder = st.codecpar().field_order();
            ticksPerFrame = st.time_base().num() > 0 ? st.time_base().den() / (st.time_base().num() * fps) : 1;
            streamFrames = st.nb_frames() > 0 ? st.nb_frames() : -1;
            streamSeconds = StreamTiming.streamSeconds(st, g.getVideoMetadata());
            clockRate = StreamTiming.clockRate(g, st, fps, audio, false, wrap);
            copiedClockRate = StreamTiming.clockRate(g, st, fps, audio, true, wrap);
            if ("yuv4mpegpipe".equals(g.getFormat()) && !pipe) {
                // Its "duration" is FFmpeg's count of the whole frames in the file, which a cut file matches too: its
                // end is checked instead (Y4mEnd), each picture's bytes as FFmpeg's demuxer reads them. Not a pipe's:
                // its end cannot be read again (opening it would wait for a writer that is gone).
                y4mPictureBytes = avutil.av_image_get_buffer_size(st.codecpar().format(), st.codecpar().width(),
                        st.codecpar().height(), 1);
            }
        }
        // Only an mp4's edit list shows fewer frames than it counts: an avi cut short keeps its header's count (50) while
        // FFmpeg guesses its duration from the bytes left, and that guess (28 frames of a file cut to 60 %) hid the cut.
        boolean editList = g.getFormat() != null && (g.getFormat().contains("mp4") || g.getFormat().contains("mov"));
        if (editList && streamFrames > 0 && Double.isFinite(streamSeconds)
                && Math.round(streamSeconds * fps) < streamFrames - 1) {
            // An mp4 cut without re-encoding (ffmpeg -ss -c copy, a phone's or an editor's trim) keeps the frames from
            // the keyframe before the cut, which its edit list does not show, and counts them: 50 frames for the 26
            // shown. Its duration is the part shown. Counted, a whole file was reported as cut short.
            streamFrames = Math.round(streamSeconds * fps);
        }
        if ("avi".equals(g.getFormat()) && streamFrames > 0 && ticksPerFrame > 1.5) {
            // An avi on a time base finer than its frame rate (a copy of an mp4's packets: 1/600 for 25 fps) fills the
            // ticks between frames with empty "dropped frame" chunks, and its header counts every chunk: 2 400 for the
            // 100 frames of 4 s. Counted, a whole file was reported cut short after "100 of the 2400 frames". The count
            // is of ticks, then; a cut file keeps it (its duration is FFmpeg's guess from the bytes left).
            streamFrames = Math.round(streamFrames / ticksPerFrame);
        }
        long frames = streamFrames > 0 ? streamFrames
                : Double.isFinite(streamSeconds) ? Math.round(streamSeconds * fps) : g.getLengthInVideoFrames();
        Upright upright = Upright.of(g);
        boolean sideways = upright.sideways();
        VideoInfo info = new VideoInfo(named, sideways ? g.getImageHeight() : g.getImageWidth(),
                sideways ? g.getImageWidth() : g.getImageHeight(), fps, frames > 0 ? frames : -1,
                audio ? g.getAudioChannels() : 0, audio ? g.getSampleRate() : 0);
        // Anamorphic video (a DVD's 720x576 shown 16:9, HDV's 1440x1080 shown as 1920x1080) stores non-square pixels;
        // a frame turned sideways turns its pixels too.
        double sar = sampleAspect(g);
        FrameSource source = new FrameSource(g, info, audio, new FrameSource.Announced(streamFrames, streamSeconds,
                editList && fragmentsOnly(pipe)), upright, clockRate, y4mPictureBytes, sideways ? 1 / sar : sar, fieldOrder,
                wrap);
        source.audioTracks(AudioTracks.reading(tracks, audio ? g.getAudioStream() : -1, audioTrack > 0, pipe));
        source.clockIfSoundCopied(copiedClockRate);
        if (!pipe) {
            source.file(file);
        }
        return source;
    }

    /** @return whether the regular file holds no byte; false when its size cannot be read (FFmpeg's open says why) */
    private static boolean isEmpty(Path file) {
        try {
            return Files.size(file) == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * @param pipe whether the file is a pipe, read once
     * @return whether an mp4's length as FFmpeg gives it is only what its fragments present reach ({@link
     *     Mp4Fragments}); false for a pipe, whose length FFmpeg knows only up to the fragment it has read, never more
     *     than what is decoded, and for a file that cannot be read again
     */
    private boolean fragmentsOnly(boolean pipe) {
        if (pipe) {
            return false;
        }
        try {
            return Mp4Fragments.of(file) == Mp4Fragments.Layout.FRAGMENTED_UNINDEXED;
        } catch (java.io.IOException e) {
            return false; // FFmpeg has just read it: a failure now says nothing of its length
        }
    }

    /**
     * @param g the file's grabber, started
     * @return why nothing can be read from an mp4 or mov whose video stream, if FFmpeg found one, has no first frame in
     *     the file: its index is cut ({@link Mp4CutIndex}) before it listed one or after it listed one past the file's
     *     end, or its index is whole and the file ends before the first frame does (an index that comes first, a
     *     faststart mp4's, with the file cut just after it); empty otherwise: a plain mp4 cut in its index after its
     *     video track reads that track's frames
     */
    private Optional<String> cutShort(FFmpegFrameGrabber g) {
        if (g.getFormat() == null || !g.getFormat().contains("mov") || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            long fileSize = Files.size(file);
            long firstEnd = -1;
            if (g.getVideoStream() >= 0 && g.getFormatContext() != null) {
                AVStream st = g.getFormatContext().streams(g.getVideoStream());
                org.bytedeco.ffmpeg.avformat.AVIndexEntry first = avformat.avformat_index_get_entries_count(st) > 0
                        ? avformat.avformat_index_get_entry(st, 0) : null;
                if (first != null) {
                    firstEnd = first.pos() + first.size();
                    if (firstEnd <= fileSize) {
                        return Optional.empty();
                    }
                }
            }
            Optional<Mp4CutIndex.Cut> cut = Mp4CutIndex.of(file);
            if (cut.isPresent()) {
                return Optional.of(cutIndexMessage(cut.get()));
            }
            if (firstEnd > fileSize) {
                // The index is whole and places the first frame past the end: the run said "holds no video frames".
                return Optional.of("cannot read video " + named + ": it ends at byte " + fileSize + ", before its first"
                        + " video frame does (at byte " + firstEnd + ", as its index, the moov box, places it): the file"
                        + " is truncated; nothing can be read from it");
            }
            return Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty(); // FFmpeg has just read it: the run says what it finds
        }
    }

    /** @return why nothing can be read from an mp4 whose index is cut */
    private String cutIndexMessage(Mp4CutIndex.Cut c) {
        // Cut inside its 64-bit size, the index's length is not in the file: its header's 16 bytes are.
        String of = c.sizeCut() ? " of its header's 16 bytes, before the end of the 64-bit size that says how long it"
                + " is" : " of its " + c.size() + " bytes";
        return "cannot read video " + named + ": its index (the moov box) is cut off after " + c.present() + of
                + ", where the file ends (at byte " + c.fileSize() + "): the file is truncated; nothing can be read "
                + "from it";
    }

    /**
     * @return where a regular file's mp4 index is cut ({@link Mp4CutIndex}); empty for a URL or a pipe, whose bytes
     *     cannot be read again, and when it cannot be read
     */
    private Optional<Mp4CutIndex.Cut> cutIndexOnDisk() {
        if (url != null || FileKinds.isFifo(file) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Mp4CutIndex.of(file);
        } catch (java.io.IOException e) {
            return Optional.empty(); // FFmpeg's reason is given
        }
    }

    /**
     * @param why FFmpeg's reason for not opening the input
     * @return whether FFmpeg found its data invalid and the input is a regular file of ISO base media (an mp4, a mov)
     *     with no index ({@link Mp4MissingIndex}); false for a URL or a pipe, whose bytes cannot be read again
     */
    private boolean missingIndex(String why) {
        if (url != null || !why.contains("error " + avutil.AVERROR_INVALIDDATA) || FileKinds.isFifo(file)
                || !Files.isRegularFile(file)) {
            return false;
        }
        try {
            return Mp4MissingIndex.of(file);
        } catch (java.io.IOException e) {
            return false; // FFmpeg's own reason is given
        }
    }

    /**
     * @return how many bytes into a box header after its last whole box the file ends ({@link
     *     Mp4MissingIndex#headerCut}), for a file {@link #missingIndex} holds for; empty otherwise and when it cannot
     *     be read
     */
    private Optional<Integer> headerCut() {
        try {
            java.util.OptionalInt bytes = Mp4MissingIndex.headerCut(file);
            return bytes.isPresent() ? Optional.of(bytes.getAsInt()) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty(); // the index is missing all the same
        }
    }

    /**
     * @param bytes how many bytes of a box header the file ends with, 1 to 7
     * @return why nothing can be read from it: a file cut in the header of the box that holds a plain mp4's index.
     *     It had been said to miss its index "as in an mp4 cut before its recorder finished", when the recorder had
     *     begun writing it
     */
    private String endsInHeader(int bytes) {
        String end;
        try {
            end = "at byte " + Files.size(file) + ", ";
        } catch (java.io.IOException e) {
            end = "";
        }
        // Past its 4-byte size, the bytes of its type there are moov's first ones; before, the type is not there.
        String where = bytes > 4 ? "where its index (the moov box) begins"
                : "before the box's type, where a plain mp4's index (the moov box) begins";
        return "it ends " + end + bytes + (bytes == 1 ? " byte" : " bytes") + " into its next box's header, " + where
                + ": the file is truncated; nothing can be read from it";
    }

    /**
     * @return the video stream's pixel width over height (sample aspect ratio): the container's when it states one,
     *     else the stream's own; 1 when neither does. JavaCV's {@code getAspectRatio()} asks FFmpeg with a picture not
     *     yet decoded, whose own ratio of 0 hid the stream's: an anamorphic MPEG-TS, MPEG-PS or raw H.264 file (where
     *     only the stream states it: a DVB or DVD recording's 720x576 at 16:9) was fed with square pixels and written
     *     without its ratio (helper-67: the 7s of a 2:1 clip read as 1s again).
     */
    private static double sampleAspect(FFmpegFrameGrabber g) {
        if (g.getVideoStream() < 0 || g.getFormatContext() == null) {
            return 1;
        }
        AVStream st = g.getFormatContext().streams(g.getVideoStream());
        org.bytedeco.ffmpeg.avutil.AVRational r = avformat.av_guess_sample_aspect_ratio(g.getFormatContext(), st, null);
        double a = r.den() > 0 ? (double) r.num() / r.den() : 0;
        return a > 0 && Double.isFinite(a) ? a : 1;
    }

    /**
     * @param videoStream the video stream to read, -1 for JavaCV's choice
     * @param audioStream the audio stream to read, -1 for JavaCV's choice
     * @return the file's grabber, started
     */
    private FFmpegFrameGrabber start(int videoStream, int audioStream) throws VideoException {
        return start(videoStream, audioStream, null);
    }

    /**
     * @param videoStream the video stream to read, -1 for JavaCV's choice
     * @param audioStream the audio stream to read, -1 for JavaCV's choice
     * @param videoDecoder the FFmpeg decoder to read the video stream with ({@link VpxAlpha}); null for FFmpeg's choice
     * @return the file's grabber, started
     */
    private FFmpegFrameGrabber start(int videoStream, int audioStream, String videoDecoder) throws VideoException {
        FFmpegFrameGrabber g = url != null ? new FFmpegFrameGrabber(url) : new FFmpegFrameGrabber(file.toFile());
        if (videoDecoder != null) {
            g.setVideoCodecName(videoDecoder);
        }
        if (videoStream >= 0) {
            g.setVideoStream(videoStream);
        }
        if (audioStream >= 0) {
            g.setAudioStream(audioStream);
        }
        try {
            g.start();
            return g;
        } catch (FrameGrabber.Exception | RuntimeException e) {
            FrameSource.releaseQuietly(g);
            String why = FfmpegErrors.firstLine(e);
            // JavaCV repeats what it opened, which the message names already (as the user gave it, not as
            // /dev/stdin): 'Could not open input "http://...".'
            why = why.replace(": Could not open input \"" + (url != null ? url : file.toFile().getAbsolutePath())
                    + "\".", "");
            boolean noStream = why.startsWith("Did not find a video or audio stream");
            if (noStream || why.contains("error " + avutil.AVERROR_INVALIDDATA)) {
                // A plain mp4 cut early in its index (20 bytes in, or halfway) leaves FFmpeg no track at all: it had
                // been said to hold no frames, as an empty recording is. A moov whose 64-bit size the file's end cuts
                // off leaves it no index ("moov atom not found", in its log only): "Invalid data", as of no video.
                Optional<Mp4CutIndex.Cut> cut = cutIndexOnDisk();
                if (cut.isPresent()) {
                    throw new VideoException(cutIndexMessage(cut.get()), e);
                }
            }
            if (noStream) {
                // An mp4 closed before its first frame: the container is there, its track holds nothing.
                throw new VideoException("video " + named + " holds no frames (no usable video or audio stream)", e);
            }
            if (missingIndex(why)) {
                // FFmpeg's "moov atom not found" reaches only its log (silenced by the command), not its error, whose
                // "Invalid data" sent the user looking for a file that was no video: the boxes say what is missing.
                throw new VideoException("cannot read video " + named + ": " + headerCut().map(this::endsInHeader)
                        .orElse("its index (the moov box, which a plain mp4 writes last) is missing, as in an mp4 cut"
                                + " before its recorder finished; nothing can be read from it"), e);
            }
            Optional<String> cut = url != null || FileKinds.isFifo(file) ? Optional.empty()
                    : MatroskaCut.whyNothingReads(file, named);
            if (cut.isPresent()) {
                // FFmpeg's "Input/output error" for a Matroska file that ends inside its header read as a failing disk.
                throw new VideoException(cut.get(), e);
            }
            // A URL's failure is mostly the network's or the server's (refused, not found): FFmpeg's words say which.
            throw new VideoException("cannot read video " + named + ": FFmpeg cannot open it" + (url != null ? ": "
                    : " (not a video, or truncated): ") + why, e);
        }
    }
}
