package io.github.cam4j.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;

/**
 * The output's recorder, created and closed: the codec, bitrate, colour, keyframe and fragment settings of the mp4
 * {@link VideoPipeline} writes. Kept apart from the run's stages, which only hand it frames.
 */
final class Mp4Recorder {
    private Mp4Recorder() {}

    /**
     * Creates and starts the recorder: H.264 in yuv420p at the input's size (made even) and clock, its pixel shape and
     * colours, a keyframe every {@link VideoPipeline#GOP_SECONDS} ({@link VideoPipeline#FRAGMENT_SECONDS} in
     * fragments), and the audio track the plan says.
     *
     * @param info the input
     * @param source the opened input, for its clock, pixel shape and colours
     * @param audio what the output's audio is
     * @param output the mp4 to write
     * @param fragmented whether it is written in fragments
     * @param notice tells the listener, when the audio is changed to suit AAC and the plan did not say so
     * @return the started recorder; the caller closes it ({@link #close})
     * @throws VideoException when FFmpeg cannot create the file, naming it (and the copied audio's codec)
     */
    static FFmpegFrameRecorder start(VideoInfo info, FrameSource source, AudioPlan audio, Path output,
            boolean fragmented, Consumer<String> notice) throws VideoException {
        // H.264 in yuv420p needs even sizes; an odd frame loses its last column or row (see PictureWriter's record).
        int[] size = VideoPipeline.writtenSize(info.width(), info.height());
        int w = size[0];
        int h = size[1];
        // Audio AAC cannot take as it is is brought to a rate and channel count it takes (AacTrack), and said so.
        // Said here unless the audio plan's notice said it already.
        String audioChange = audio.aac() && audio.notice() == null ? AacTrack.change(info) : null;
        if (audioChange != null) {
            notice.accept(audioChange);
        }
        CopiedSound copy = audio.copy();
        int channels = copy != null ? copy.channels() : audio.aac() ? AacTrack.channels(info.audioChannels()) : 0;
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(output.toFile(), w, h, channels);
        r.setFormat("mp4");
        r.setVideoCodec(AV_CODEC_ID_H264);
        r.setPixelFormat(AV_PIX_FMT_YUV420P);
        r.setFrameRate(source.clockRate());
        int ticksPerFrame = OutputClock.ticksPerFrame(source.clockRate(), info.frameRate());
        if (ticksPerFrame > 1) {
            // FFmpeg's OpenH264 wrapper takes the frame rate as the clock's rate over the ticks per frame, and
            // shares the bitrate among that many frames a second: a fine clock (12800 for a 25 fps clip) is not the
            // frame rate.
            r.setVideoOption("ticks_per_frame", Integer.toString(ticksPerFrame));
            if (source.clockRate() == Math.rint(source.clockRate())) {
                // The mp4's track counts time on the clock itself, not on a multiple of it (the muxer doubles a clock
                // below 10000 ticks a second until it is not): each frame's duration, given on the clock (frameLasts),
                // then reaches the file as given, as JavaCV hands the encoder's packets on without rescaling theirs.
                r.setOption("video_track_timescale", Long.toString((long) source.clockRate()));
                // The encoder passes a picture's duration on to its packet only when told to (FFmpeg 6 on).
                r.setVideoOption("flags", "+frame_duration");
            }
        }
        if (source.pixelAspect() != 1) {
            // Without it an anamorphic input is shown with square pixels: a 16:9 picture squeezed to 4:3.
            r.setAspectRatio(source.pixelAspect());
        }
        source.colourOptions().forEach(r::setVideoOption);
        // A keyframe every GOP_SECONDS (FRAGMENT_SECONDS in fragments): a fragment begins at each, so a kill loses at
        // most the fragment being written.
        double gop = fragmented ? VideoPipeline.FRAGMENT_SECONDS : VideoPipeline.GOP_SECONDS;
        r.setGopSize(Math.max(1, (int) Math.round(info.frameRate() * gop)));
        if (fragmented) {
            r.setOption("movflags", VideoPipeline.FRAGMENTED_MOVFLAGS);
            // Each fragment goes to the file as soon as the muxer completes it, not when FFmpeg's 32 KB buffer
            // fills: a kill then cuts no fragment already complete.
            r.setOption("flush_packets", "1");
        }
        // About 0.15 bit per pixel: heatmaps are smooth, and the openh264 encoder's default rate is far lower.
        r.setVideoBitrate((int) Math.min(50_000_000, Math.max(400_000, 0.15 * w * h * info.frameRate())));
        if (audio.aac()) {
            r.setSampleRate(AacTrack.sampleRate(info.sampleRate()));
            r.setAudioCodec(AV_CODEC_ID_AAC);
            r.setAudioBitrate(VideoPipeline.audioBitrate(AacTrack.channels(info.audioChannels())));
        } else if (copy != null) {
            // The recorder adds an audio track only with a rate and bitrate set; both are then taken from the copied
            // stream. It also looks up an encoder for the track though a copy opens none: AAC's, always there, so
            // that a codec FFmpeg decodes but cannot encode is still copied.
            r.setSampleRate(copy.sampleRate());
            r.setAudioBitrate(1);
            r.setAudioCodecName("aac");
        }
        try {
            if (copy != null) {
                // The picture is encoded; the streams of this input (the copied audio's only) are copied.
                r.start(copy.recorderInput());
            } else {
                r.start();
            }
        } catch (FrameRecorder.Exception | RuntimeException e) {
            try {
                r.release();
            } catch (FrameRecorder.Exception | RuntimeException ignored) {
                // The start failure is the one to report.
            }
            String failed = "cannot write video " + output + ": FFmpeg cannot create it: " + FfmpegErrors.firstLine(e);
            // avio_open2 is FFmpeg opening the file itself (a name too long, a folder gone since the checks): no
            // setting of the audio makes such a file, and re-encoding it was named as the remedy.
            if (copy == null || String.valueOf(e.getMessage()).contains("avio_open2")) {
                throw new VideoException(failed, e);
            }
            // The copy may be what FFmpeg refused: the setting that re-encodes it instead is named, in the library's
            // words and in the command line's (both at once were named to both).
            String copying = " (copying its " + copy.codecName() + " audio; ";
            throw new VideoSettingException(failed + copying + "VideoPipeline.Builder.optAudio(AudioMode.AAC) "
                    + "re-encodes it instead)", failed + copying + "--audio aac re-encodes it instead)", e);
        }
        return r;
    }

    /**
     * Tells the recorder how long the next picture lasts, on the output's clock. The mp4 muxer takes the duration of a
     * track's last sample from its packet's, which the encoder copies from its picture when told to ({@code flags
     * +frame_duration}, FFmpeg 6 on); JavaCV sets none, and FFmpeg then guesses one tick of the clock: a fine clock's
     * last frame lasted 1/22500 s, and a phone's 10 s clip without sound came out 9.967 s (helper-79). The other samples
     * last until the next one starts, whatever this says.
     *
     * <p>Done only when the encoder's clock is the track's (JavaCV hands a packet's duration on as the encoder gave it,
     * on the encoder's clock), as {@link #start} makes it for a fine clock, and JavaCV's internals can be reached;
     * else the picture keeps FFmpeg's guess, as before: on the frame rate's clock that guess is a frame.
     *
     * @param r a recorder {@link #start} started
     * @param ticks the picture's duration on the output's clock
     * @return whether the duration was given
     */
    static boolean frameLasts(FFmpegFrameRecorder r, long ticks) {
        RecorderInternals jc = RecorderInternals.INSTANCE;
        if (jc == null) {
            return false;
        }
        AVFrame picture = jc.get(jc.picture, r, AVFrame.class);
        AVCodecContext codec = jc.get(jc.videoCodec, r, AVCodecContext.class);
        AVStream stream = jc.get(jc.videoStream, r, AVStream.class);
        if (picture == null || codec == null || stream == null || !sameRate(codec.time_base(), stream.time_base())) {
            return false;
        }
        picture.duration(ticks);
        return true;
    }

    private static boolean sameRate(AVRational a, AVRational b) {
        return a.num() > 0 && b.num() > 0 && (long) a.num() * b.den() == (long) b.num() * a.den();
    }

    /**
     * JavaCV's recorder's private parts that {@link #frameLasts} needs (JavaCV 1.5.12's names), or null when they
     * cannot be reached (another JavaCV, a module that forbids it). As {@code FrameSource} reaches the grabber's.
     */
    private record RecorderInternals(Field picture, Field videoCodec, Field videoStream) {
        static final RecorderInternals INSTANCE = find();

        private static RecorderInternals find() {
            try {
                Class<FFmpegFrameRecorder> c = FFmpegFrameRecorder.class;
                RecorderInternals jc = new RecorderInternals(c.getDeclaredField("picture"),
                        c.getDeclaredField("video_c"), c.getDeclaredField("video_st"));
                if (jc.picture.getType() != AVFrame.class || jc.videoCodec.getType() != AVCodecContext.class
                        || jc.videoStream.getType() != AVStream.class) {
                    return null;
                }
                jc.picture.setAccessible(true);
                jc.videoCodec.setAccessible(true);
                jc.videoStream.setAccessible(true);
                return jc;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        <T> T get(Field f, FFmpegFrameRecorder r, Class<T> type) {
            try {
                return type.cast(f.get(r));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * What {@link FFmpegFrameRecorder#stop()} does before it releases the recorder, the trailer's failure thrown:
     * stop() ignores av_write_trailer's result, and the muxer may hold a plain mp4 until its end (all 74 KB of a
     * 60-frame 96x96 clip reached the disk as it closed), so a full disk there went unsaid: "wrote v.mp4: 60 frames",
     * exit 0, for a 48 KB file that does not open. Where JavaCV's context cannot be reached, stop() as before.
     */
    private static void finish(FFmpegFrameRecorder r) throws FrameRecorder.Exception {
        AVFormatContext context = Muxer.context(r);
        if (context == null) {
            r.stop();
            return;
        }
        r.flush();
        // It flushes FFmpeg's buffer and returns the first write error any earlier write left, if none of its own.
        int ret = avformat.av_write_trailer(context);
        if (ret < 0) {
            throw new FrameRecorder.Exception("av_write_trailer() error " + ret + " while writing the mp4's end");
        }
    }

    /** JavaCV's recorder's muxer context ({@code oc} in JavaCV 1.5.12), as {@link RecorderInternals} reaches its. */
    private static final class Muxer {
        private static final Field OC = find();

        private Muxer() {}

        private static Field find() {
            try {
                Field oc = FFmpegFrameRecorder.class.getDeclaredField("oc");
                if (oc.getType() != AVFormatContext.class) {
                    return null;
                }
                oc.setAccessible(true);
                return oc;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        /** @return the recorder's muxer context, or null when it cannot be reached or is gone */
        static AVFormatContext context(FFmpegFrameRecorder r) {
            if (OC == null) {
                return null;
            }
            try {
                AVFormatContext oc = (AVFormatContext) OC.get(r);
                return oc == null || oc.isNull() ? null : oc;
            } catch (IllegalAccessException e) {
                return null;
            }
        }
    }

    /**
     * Stops the recorder, which writes what the encoder still holds and a plain mp4's index, and releases it.
     *
     * @param r a recorder {@link #start} started
     * @param copying whether it copies the input's audio (started with an input to copy from)
     * @param output the mp4, for the message
     * @param onFailure given the failure when the file cannot be finished; the recorder is released all the same
     */
    static void close(FFmpegFrameRecorder r, boolean copying, Path output, Consumer<VideoException> onFailure) {
        try {
            if (copying) {
                // Started with an input to copy from, the recorder's stop() no longer drains the picture's encoder:
                // drained here, or pictures the encoder still holds would be lost.
                while (r.recordImage(0, 0, 0, 0, 0, org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_NONE,
                        (java.nio.Buffer[]) null)) {
                    // each call writes what the encoder gives back
                }
            }
            // The encoder's last pictures and the mp4 index (moov): without it nothing plays.
            finish(r);
        } catch (FrameRecorder.Exception | RuntimeException e) {
            onFailure.accept(new VideoException("cannot finish video " + output + ": " + FfmpegErrors.firstLine(e), e));
        } finally {
            try {
                r.release();
            } catch (FrameRecorder.Exception | RuntimeException e) {
                // Already reported through stop(), or nothing left to free.
            }
        }
    }
}
