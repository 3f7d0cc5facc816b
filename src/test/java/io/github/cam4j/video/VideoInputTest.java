package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link VideoInput#parse} from Java, where the command line's own checks do not stand before it. */
class VideoInputTest {
    /**
     * A blank string names no video: it was taken for the working folder, and the run failed with "video  is a
     * directory, not a regular file", naming nothing. A null one was an NPE from {@code String.strip()}.
     */
    @Test
    void aBlankOrNullTextIsRefusedSayingWhatToGive() {
        for (String blank : new String[] {"", "  "}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VideoInput.parse(blank));
            assertEquals("an empty string names no video: give a file's path, - for the standard input, or camera:N",
                    e.getMessage());
        }
        assertEquals("text is null: a video file's path, - for the standard input, or camera:N",
                assertThrows(NullPointerException.class, () -> VideoInput.parse(null)).getMessage());
        assertEquals("file is null: the video file to read",
                assertThrows(NullPointerException.class, () -> VideoInput.file(null)).getMessage());
    }

    /** What the javadoc promises still reads as before: a file, the standard input, a camera. */
    @Test
    void filesPipesAndCamerasAreReadAsBefore() {
        assertEquals(Path.of("clip.mp4"), VideoInput.parse("clip.mp4").path());
        assertEquals(VideoInput.STANDARD_INPUT, VideoInput.parse("-").path());
        assertTrue(VideoInput.parse("camera:0").isCamera());
    }

    /**
     * FFmpeg's own name for the standard input, {@code pipe:0} (or {@code pipe:}), reads it as {@code -} does: it was
     * looked for as a file "pipe:0" ("video pipe:0 does not exist"). Another descriptor is refused saying why: the
     * command runs in a second JVM, which gets the standard streams alone.
     */
    @Test
    void ffmpegsPipeNameIsTheStandardInput() {
        for (String stdin : new String[] {"pipe:0", "pipe:", " pipe:0 ", "pipe:00"}) {
            VideoInput in = VideoInput.parse(stdin);
            assertEquals(VideoInput.STANDARD_INPUT, in.path(), stdin);
            assertEquals("- (standard input)", in.toString(), stdin);
        }
        assertEquals("'pipe:3' reads file descriptor 3, which cam4j is not given: give - or pipe:0 for the standard "
                + "input, or a named pipe (mkfifo) by its path",
                assertThrows(IllegalArgumentException.class, () -> VideoInput.parse("pipe:3")).getMessage());
    }

    /**
     * A {@code file:} URL is named as given in every message, as other URLs are: it had been named by the path after
     * {@code file:}, which the user never typed so.
     */
    @Test
    void aFileUrlIsNamedAsGiven(@org.junit.jupiter.api.io.TempDir Path tmp) {
        assertEquals("file:/no/such/clip.mp4", VideoInput.parse("file:/no/such/clip.mp4").toString());
        assertEquals(Path.of("/no/such/clip.mp4"), VideoInput.parse("file:/no/such/clip.mp4").path());
        assertEquals("video file:/no/such/clip.mp4 does not exist", assertThrows(VideoException.class,
                () -> VideoInput.parse("file:/no/such/clip.mp4").probe()).getMessage());
        assertEquals("video file:" + tmp + " is a directory, not a regular file (nor a named pipe, which is read as a "
                + "stream)", assertThrows(VideoException.class, () -> VideoInput.parse("file:" + tmp).probe())
                        .getMessage());
    }

    /**
     * An empty file (a download or a copy that never wrote a byte) is said to be empty: it was FFmpeg's "Invalid data
     * found when processing input", which sent the user looking for a damaged video.
     */
    @Test
    void anEmptyFileIsSaidToBeEmpty(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path empty = java.nio.file.Files.createFile(tmp.resolve("empty.mp4"));
        assertEquals("video " + empty + " is empty (0 bytes): nothing was written to it, or it was cut to nothing",
                assertThrows(VideoException.class, () -> VideoInput.file(empty).probe()).getMessage());
    }
}
