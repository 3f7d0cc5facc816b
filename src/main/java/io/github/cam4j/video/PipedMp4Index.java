package io.github.cam4j.video;

import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVIndexEntry;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * Tells an mp4 (or mov) read from a pipe whose index (moov) came after its frames, as a plain mp4 is written (a
 * camera's, a phone's, ffmpeg's without {@code -movflags +faststart}). FFmpeg reads through the frames to find the index,
 * then must go back to them, which a pipe cannot: the file "held no video frames", or its video stream "could not be
 * decoded" (no picture size), though nothing was wrong with it.
 *
 * <p>Told from what FFmpeg's opening found, not from the pipe's first bytes, which a peek would take from FFmpeg (a pipe
 * gives its bytes once): the index lists where each stream's samples lie in the file. When FFmpeg's reading has gone
 * past all of them in finding the index, and the first is no longer in its read buffer, the index came after them and
 * none can be read. A small file that FFmpeg's buffer holds whole is read as before; a faststart mp4, whose index
 * comes first, has its samples ahead of the reader.
 */
final class PipedMp4Index {
    private PipedMp4Index() {}

    /**
     * @param g a grabber just started on a pipe
     * @return whether it is an mp4 whose samples all lie behind FFmpeg's reader, out of reach of a pipe
     */
    static boolean samplesBehind(FFmpegFrameGrabber g) {
        AVFormatContext oc = g.getFormatContext();
        if (oc == null || g.getFormat() == null || !g.getFormat().contains("mp4") || oc.pb() == null) {
            return false;
        }
        long first = Long.MAX_VALUE;
        long end = -1;
        for (int i = 0; i < oc.nb_streams(); i++) {
            AVStream st = oc.streams(i);
            int n = avformat.avformat_index_get_entries_count(st);
            if (n <= 0) {
                continue;
            }
            AVIndexEntry head = avformat.avformat_index_get_entry(st, 0);
            AVIndexEntry tail = avformat.avformat_index_get_entry(st, n - 1);
            if (head == null || tail == null) {
                continue;
            }
            first = Math.min(first, head.pos());
            end = Math.max(end, tail.pos() + tail.size());
        }
        if (end < 0) {
            return false; // no samples indexed (a fragmented mp4 lists them in its fragments, ahead of the reader)
        }
        AVIOContext pb = oc.pb();
        long reader = avformat.avio_tell(pb);
        // The buffer holds the bytes from here to where the pipe has been read (pb.pos()): FFmpeg can go back within it.
        long buffered = pb.pos() - (pb.buf_end().address() - pb.buffer().address());
        return reader >= end && first < buffered;
    }
}
