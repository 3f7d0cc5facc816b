package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalInt;
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

    @Test
    void aFileEndingInTheMoovHeaderIsToldApart() throws Exception {
        byte[] whole = Mp4CutIndexTest.concat(Mp4CutIndexTest.box("ftyp", 16), Mp4CutIndexTest.box("mdat", 32),
                Mp4CutIndexTest.box("moov", 100));
        // ftyp (16) | mdat (32) | cut at 48 + k, k = 1 to 7, inside moov's header (size 100, 'moov'): k bytes of it.
        for (int k = 1; k < 8; k++) {
            Path cut = Files.write(tmp.resolve("header-" + k + ".mp4"), Arrays.copyOf(whole, 48 + k));
            assertTrue(Mp4MissingIndex.of(cut), "no whole moov at " + k);
            assertEquals(OptionalInt.of(k), Mp4MissingIndex.headerCut(cut), "cut " + k + " bytes into moov's header");
        }
        // Cut at 48 (between mdat and moov), at 40 (inside the mdat), whole: no header cut.
        for (int kept : new int[] {48, 40, whole.length}) {
            Path cut = Files.write(tmp.resolve("kept-" + kept + ".mp4"), Arrays.copyOf(whole, kept));
            assertEquals(OptionalInt.empty(), Mp4MissingIndex.headerCut(cut), "kept " + kept);
        }
        // ftyp (16) | mdat (32) | 6 bytes of a free box's header (size 100, 'fr'): its type is no moov's start.
        Path free = Files.write(tmp.resolve("free.mp4"), Arrays.copyOf(Mp4CutIndexTest.concat(
                Mp4CutIndexTest.box("ftyp", 16), Mp4CutIndexTest.box("mdat", 32), Mp4CutIndexTest.box("free", 100)), 54));
        assertEquals(OptionalInt.empty(), Mp4MissingIndex.headerCut(free));
        // ftyp (16) | mdat (32) | 6 bytes whose size field says 4 (no box is smaller than its 8-byte header) then 'mo'.
        byte[] small = Arrays.copyOf(whole, 54);
        java.nio.ByteBuffer.wrap(small).putInt(48, 4);
        assertEquals(OptionalInt.empty(), Mp4MissingIndex.headerCut(Files.write(tmp.resolve("small.mp4"), small)));
        // mdat (32) | 6 bytes of moov's header, no ftyp first: not read as an mp4 (FFmpeg's own reason stands).
        Path noFtyp = Files.write(tmp.resolve("no-ftyp.mp4"), Arrays.copyOf(Mp4CutIndexTest.concat(
                Mp4CutIndexTest.box("mdat", 32), Mp4CutIndexTest.box("moov", 100)), 38));
        assertEquals(OptionalInt.empty(), Mp4MissingIndex.headerCut(noFtyp));
    }
}
