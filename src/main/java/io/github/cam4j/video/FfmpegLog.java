package io.github.cam4j.video;

import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * What FFmpeg itself writes to standard error while cam4j reads and writes video. FFmpeg logs at its
 * {@code AV_LOG_INFO} level unless told otherwise: every file it opens is described ("Input #0, mov,mp4...", "Output
 * #0, mp4..."), and the encoders add notices of their own, some 25 lines per video, on the standard error of whatever
 * application uses cam4j as a library. cam4j says what matters itself: failures as exceptions naming the file,
 * everything else through {@link VideoListener#noticed}.
 *
 * <p>So the first time cam4j opens a video ({@link VideoInput#probe()}, {@link VideoPipeline#run}), FFmpeg's level, if
 * it is still FFmpeg's own default ({@code AV_LOG_INFO}), becomes {@link #DEFAULT_LEVEL}: FFmpeg's errors only (a
 * damaged stream it decodes through, for instance). This is decided once per process: a level the application sets
 * itself, before or after, is left alone. FFmpeg's level is one for the whole process, shared with any other use of
 * FFmpeg (JavaCV) in it. An application that wants FFmpeg's informational lines calls {@link #keepLevel()} first:
 *
 * <pre>{@code
 * FfmpegLog.keepLevel();   // FFmpeg logs as it would without cam4j
 * VideoPipeline.builder().setTranscodeOnly().build().run(VideoInput.parse("in.mp4"), Path.of("out.mp4"),
 *         VideoListener.NONE);
 * }</pre>
 */
public final class FfmpegLog {
    /** The level cam4j gives FFmpeg when the application has left FFmpeg's default: errors only. */
    public static final int DEFAULT_LEVEL = avutil.AV_LOG_ERROR;

    /** Whether the level was decided: by cam4j when it first opened a video, or by {@link #keepLevel()}. */
    private static final AtomicBoolean DECIDED = new AtomicBoolean();

    private FfmpegLog() {}

    /**
     * Leaves FFmpeg's log level as it is, its default ({@code AV_LOG_INFO}) included, for the rest of the process. To
     * take effect, call it before cam4j opens its first video; a level set with {@code avutil.av_log_set_level} is kept
     * without it.
     */
    public static void keepLevel() {
        DECIDED.set(true);
    }

    /**
     * Before cam4j opens a video: the first time, FFmpeg's level becomes {@link #DEFAULT_LEVEL} if nobody has changed
     * it from FFmpeg's default. Only FFmpeg's default is taken for "not set": a level of {@code AV_LOG_INFO} set on
     * purpose cannot be told from it, hence {@link #keepLevel()}.
     */
    static void quietUnlessSet() {
        if (DECIDED.compareAndSet(false, true) && avutil.av_log_get_level() == avutil.AV_LOG_INFO) {
            avutil.av_log_set_level(DEFAULT_LEVEL);
        }
    }
}
