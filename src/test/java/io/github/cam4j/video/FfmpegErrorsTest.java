package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How FFmpeg's failures, as JavaCV words them, read in cam4j's one-line errors. */
class FfmpegErrorsTest {
    /**
     * JavaCV gives FFmpeg's error codes as bare numbers: a video written to a full disk failed with "... error -28
     * while writing interleaved audio packet", which said nothing of the disk. FFmpeg's own words are put beside the
     * code; JavaCV's advice about its API stays out.
     */
    @Test
    void errorCodesComeWithFFmpegsWordsForThem() {
        assertEquals("av_interleaved_write_frame() error -28 (No space left on device) while writing interleaved audio "
                + "packet.", FfmpegErrors.firstLine(new Exception("av_interleaved_write_frame() error -28 while writing "
                + "interleaved audio packet.")));
        assertEquals("avformat_open_input() error -1094995529 (Invalid data found when processing input): Could not open "
                + "input \"x.mp4\".", FfmpegErrors.firstLine(new Exception("avformat_open_input() error -1094995529: Could "
                + "not open input \"x.mp4\". (Has setFormat() been called?)\nmore")));
        assertEquals("no code here", FfmpegErrors.firstLine(new Exception("no code here")));
    }

    /**
     * A copied sound packet the muxer refuses as invalid data: a transport stream with damaged AAC packets ended at frame
     * 54 of 100 in FFmpeg's words alone (helper-164), where --audio aac wrote all 100 (run by hand on that file: the
     * advice then reads "... while writing interleaved audio packet; the input's sound holds a damaged packet ...").
     * Other failures, and sound that is not copied, get no such advice.
     */
    @Test
    void aDamagedCopiedSoundPacketNamesTheOptionThatWritesPastIt() {
        Exception damaged = new Exception("av_interleaved_write_frame() error -1094995529 while writing interleaved"
                + " audio packet.");
        assertEquals("; the input's sound holds a damaged packet, which copying cannot write: --audio aac re-encodes the"
                + " sound instead", EncodeStage.copiedSoundAdvice(true, damaged));
        assertEquals("", EncodeStage.copiedSoundAdvice(false, damaged));
        assertEquals("", EncodeStage.copiedSoundAdvice(true, new Exception("av_interleaved_write_frame() error -28 while"
                + " writing interleaved audio packet.")));
        assertEquals("", EncodeStage.copiedSoundAdvice(true, new Exception("avcodec_send_frame() error -1094995529 while"
                + " encoding video")));
    }
}
