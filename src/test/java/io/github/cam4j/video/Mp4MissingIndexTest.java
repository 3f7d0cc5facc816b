package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plain mp4 cut before its index is told from a whole one, from one whose index is first, and from no mp4. */
class Mp4MissingIndexTest {
    @TempDir
    Path tmp;

    @Test
    void onlyAnMp4WithNoMoovIsSaidToMissIt() throws Exception {
        Path whole = tmp.resolve("whole.mp4");
        // Frames enough that its mdat outweighs its moov, so that half of its bytes end inside the mdat.
        TestVideos.movingDigits(whole, Dataset.open(SharedData.mnist()).test(), 160, 120, 25, 1, false, 25, false);
        assertFalse(Mp4MissingIndex.of(whole), "a whole plain mp4 ends with its moov");
        assertTrue(Mp4MissingIndex.of(TestVideos.firstHalf(whole, tmp.resolve("half.mp4"))), "cut inside its mdat");
        byte[] bytes = Files.readAllBytes(whole);
        // Cut right after the first box (ftyp): the file ends between boxes, none of them a moov.
        int ftyp = java.nio.ByteBuffer.wrap(bytes).getInt(0);
        Path header = Files.write(tmp.resolve("ftyp-only.mp4"), Arrays.copyOf(bytes, ftyp));
        assertTrue(Mp4MissingIndex.of(header), "ftyp alone");
        Path text = Files.writeString(tmp.resolve("text.mp4"), "this is not a video\n".repeat(10));
        assertFalse(Mp4MissingIndex.of(text), "no ftyp at bytes 4 to 8");
        // A fragmented mp4 writes its moov first: cut anywhere after it, its index is there.
        Path fragmented = tmp.resolve("fragmented.mp4");
        VideoPipeline.builder().setTranscodeOnly().optFragmented(true).build().run(VideoInput.file(whole), fragmented,
                VideoListener.NONE);
        assertFalse(Mp4MissingIndex.of(TestVideos.firstHalf(fragmented, tmp.resolve("fragmented-half.mp4"))));
    }
}
