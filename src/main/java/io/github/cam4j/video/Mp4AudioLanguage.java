package io.github.cam4j.video;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the language of a finished mp4's audio track into its index: the two bytes of the track's media header
 * ({@code moov/trak/mdia/mdhd}) that hold an ISO 639-2 code, three letters of five bits each. Written so because
 * JavaCV's recorder, copying a stream (started with an input context), sets none of the stream's tags, and FFmpeg's mp4
 * muxer reads the language once, as it starts: the output of a French track said "und" (helper-75). The same two
 * bytes serve the AAC path alike. A fragmented mp4 keeps its index at its start, a plain one at its end; both are
 * found by walking the boxes.
 */
final class Mp4AudioLanguage {
    private Mp4AudioLanguage() {}

    /**
     * @param mp4 a finished mp4
     * @param language an ISO 639-2 code, three letters ("fra", any case)
     * @return whether an audio track's language was written: false when the code is no three letters or the file has
     *     no audio track's media header
     * @throws IOException when the file cannot be read or written
     */
    static boolean write(Path mp4, String language) throws IOException {
        String code = language.strip().toLowerCase(Locale.ROOT);
        if (!code.matches("[a-z]{3}")) {
            return false; // mp4 holds ISO 639-2 codes only: "en-US" or "English" have no place there
        }
        int packed = (code.charAt(0) - 0x60) << 10 | (code.charAt(1) - 0x60) << 5 | (code.charAt(2) - 0x60);
        try (RandomAccessFile f = new RandomAccessFile(mp4.toFile(), "rw")) {
            long moov = find(f, 0, f.length(), "moov");
            if (moov < 0) {
                return false;
            }
            boolean written = false;
            long end = moov + size(f, moov);
            for (long trak = find(f, moov + 8, end, "trak"); trak >= 0; trak = find(f, trak + size(f, trak), end,
                    "trak")) {
                long mdia = find(f, trak + 8, trak + size(f, trak), "mdia");
                if (mdia < 0) {
                    continue;
                }
                long mdiaEnd = mdia + size(f, mdia);
                long hdlr = find(f, mdia + 8, mdiaEnd, "hdlr");
                long mdhd = find(f, mdia + 8, mdiaEnd, "mdhd");
                if (hdlr < 0 || mdhd < 0 || !"soun".equals(fourCc(f, hdlr + 8 + 8))) {
                    continue;
                }
                // After the header (8 bytes) and version and flags (4): two times, the time scale and the duration,
                // of 4 bytes each in version 0 and 8, 8, 4, 8 in version 1; then the language.
                f.seek(mdhd + 8);
                int version = f.read();
                f.seek(mdhd + 8 + 4 + (version == 1 ? 28 : 16));
                f.writeShort(packed);
                written = true;
            }
            return written;
        }
    }

    /** @return the offset of the first box of this type among the boxes from {@code from} to {@code to}; -1 for none */
    private static long find(RandomAccessFile f, long from, long to, String type) throws IOException {
        for (long at = from; at + 8 <= to; ) {
            long size = size(f, at);
            if (type.equals(fourCc(f, at + 4))) {
                return at;
            }
            if (size < 8) {
                return -1; // damaged: nothing further can be trusted
            }
            at += size;
        }
        return -1;
    }

    /** @return a box's size: its 32-bit field, or the 64-bit one after its type when that says 1, or to the end */
    private static long size(RandomAccessFile f, long at) throws IOException {
        f.seek(at);
        long size = f.readInt() & 0xFFFFFFFFL;
        if (size == 1) {
            f.seek(at + 8);
            return f.readLong();
        }
        return size == 0 ? f.length() - at : size;
    }

    private static String fourCc(RandomAccessFile f, long at) throws IOException {
        byte[] b = new byte[4];
        f.seek(at);
        f.readFully(b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
