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
}
