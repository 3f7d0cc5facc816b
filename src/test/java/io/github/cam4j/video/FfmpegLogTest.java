package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FFmpeg's own lines on standard error when cam4j is used as a library, each case in a JVM of its own: FFmpeg's log
 * level is one per process, and the test JVM's is set by the other tests.
 */
class FfmpegLogTest {
    @TempDir
    static Path tmp;

    static Path clip;

    @BeforeAll
    static void writeClip() throws Exception {
        clip = tmp.resolve("clip.mp4");
        TestVideos.movingDigits(clip, Dataset.open(SharedData.mnist()).test(), 96, 64, 10, 1, false, 25, true);
    }

    /**
     * A transcode through the Java API, with FFmpeg's level as an application left it, wrote about 25 lines of
     * FFmpeg's to standard error: "Input #0, mov,mp4...", the output's description, the encoders' notices.
     */
    @Test
    void aLibraryRunWritesNothingOfFfmpegsToStandardError() throws Exception {
        String[] said = runInOwnJvm("default");
        assertEquals("", said[1], "standard error");
        assertEquals("frames 10, level " + FfmpegLog.DEFAULT_LEVEL, said[0].strip());
    }

    /** A level the application set itself is its own: kept, and FFmpeg's warnings are then written. */
    @Test
    void aLevelTheApplicationSetIsKept() throws Exception {
        String[] said = runInOwnJvm("warning");
        assertEquals("frames 10, level " + avutil.AV_LOG_WARNING, said[0].strip());
        assertTrue(said[1].contains("[libopenh264 @"), said[1]);
        assertFalse(said[1].contains("Input #0"), said[1]);
    }

    /** {@link FfmpegLog#keepLevel()} leaves FFmpeg's default: it describes the files it opens. */
    @Test
    void keepLevelLeavesFfmpegsDefault() throws Exception {
        String[] said = runInOwnJvm("keep");
        assertEquals("frames 10, level " + avutil.AV_LOG_INFO, said[0].strip());
        assertTrue(said[1].contains("Input #0"), said[1]);
    }

    /** @return standard output and standard error of {@link Child} run in a JVM of its own */
    private static String[] runInOwnJvm(String mode) throws Exception {
        Path out = tmp.resolve(mode + ".mp4");
        Path stdout = tmp.resolve(mode + ".out");
        Path stderr = tmp.resolve(mode + ".err");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Child.class.getName(), mode, clip.toString(), out.toString())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM ends");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), Files.readString(stderr));
        return new String[] {Files.readString(stdout), Files.readString(stderr)};
    }

    /** An application using cam4j: sets FFmpeg's level or not, probes and transcodes a clip, prints what it got. */
    public static final class Child {
        private Child() {}

        /**
         * @param args {@code default|warning|keep}, the input, the output
         */
        public static void main(String[] args) throws Exception {
            switch (args[0]) {
                case "warning" -> avutil.av_log_set_level(avutil.AV_LOG_WARNING);
                case "keep" -> FfmpegLog.keepLevel();
                default -> { }
            }
            VideoInput in = VideoInput.parse(args[1]);
            in.probe();
            VideoSummary s = VideoPipeline.builder().setTranscodeOnly().build().run(in, Path.of(args[2]),
                    VideoListener.NONE);
            System.out.println("frames " + s.frames() + ", level " + avutil.av_log_get_level());
        }
    }
}
