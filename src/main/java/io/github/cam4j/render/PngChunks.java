package io.github.cam4j.render;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * A walk over a PNG's chunks (length, type, data, CRC) before OpenCV decodes it. libpng stops at a chunk whose CRC is
 * wrong, and at a file lacking its final IEND chunk, after printing "libpng error: IDAT: CRC error" or "libpng error:
 * Read Error" on standard error, a line above cam4j's own; and a PNG lacking only IEND holds its whole picture, which
 * browsers show. The IDAT chunks' zlib stream is inflated (into nothing kept) for the same reason: libpng refuses one
 * whose Adler-32 checksum or compressed data is wrong after printing "libpng error: IDAT: incorrect data check" or
 * "... invalid block type".
 */
final class PngChunks {
    /** The bytes of an IEND chunk: length 0, type, CRC. */
    static final byte[] IEND = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xae, 0x42, 0x60, (byte) 0x82};

    /**
     * How the walk ended.
     *
     * @param badChunk the type of the first critical chunk whose CRC is wrong, or null
     * @param lacksOnlyIend whether every chunk is whole and right, IDAT among them, and the file ends where IEND
     *     should start
     * @param badData zlib's words for what is wrong with the IDAT chunks' compressed data ("incorrect data check": its
     *     Adler-32 checksum), or null; not looked at when {@code badChunk} is set
     * @param dataEnds whether that compressed data's stream finishes: a file cut exactly between two IDAT chunks walks
     *     as one lacking only IEND, and libpng refused it after "libpng error: Not enough image data" on standard
     *     error, a line above cam4j's own; looked at only when {@code lacksOnlyIend}
     */
    record Walk(String badChunk, boolean lacksOnlyIend, String badData, boolean dataEnds) {
        /** A walk that found no whole IDAT stream to speak of, or stopped before it mattered. */
        Walk(String badChunk, boolean lacksOnlyIend, String badData) {
            this(badChunk, lacksOnlyIend, badData, false);
        }
    }

    private PngChunks() {}

    /**
     * @param file a file that starts as a PNG
     * @return how its walk ended; a file cut inside a chunk is neither bad nor lacking only IEND (OpenCV says nothing
     *     of it and cam4j calls it damaged or cut short)
     * @throws IOException when the file cannot be read
     */
    static Walk walk(Path file) throws IOException {
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16);
                PixelData pixels = new PixelData()) {
            if (in.readNBytes(8).length != 8) {
                return new Walk(null, false, null);
            }
            boolean idat = false;
            byte[] buffer = new byte[1 << 16];
            while (true) {
                byte[] header = in.readNBytes(8);
                if (header.length == 0) {
                    return new Walk(null, idat && pixels.bad == null, pixels.bad, pixels.finished());
                }
                if (header.length < 8) {
                    return new Walk(null, false, null);
                }
                long length = ((header[0] & 0xffL) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8)
                        | (header[3] & 0xff);
                String type = new String(header, 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
                CRC32 crc = new CRC32();
                crc.update(header, 4, 4);
                for (long left = length; left > 0; ) {
                    int n = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n == 0) {
                        return new Walk(null, false, null);
                    }
                    crc.update(buffer, 0, n);
                    if (type.equals("IDAT")) {
                        pixels.inflate(buffer, n);
                    }
                    left -= n;
                }
                byte[] stored = in.readNBytes(4);
                if (stored.length < 4) {
                    return new Walk(null, false, null);
                }
                long expected = ((stored[0] & 0xffL) << 24) | ((stored[1] & 0xff) << 16) | ((stored[2] & 0xff) << 8)
                        | (stored[3] & 0xff);
                // Only a critical chunk's (its type's first letter upper case: IHDR, PLTE, IDAT, IEND): libpng reads
                // past an ancillary one's (a tEXt, a tIME) with a warning and drops it, the picture whole, as
                // browsers show it; refused, such a file that cam4j had read became "a damaged PNG".
                if (expected != crc.getValue() && Character.isUpperCase(type.charAt(0))) {
                    return new Walk(type, false, null);
                }
                if (type.equals("IEND")) {
                    return new Walk(null, false, pixels.bad);
                }
                idat |= type.equals("IDAT");
            }
        }
    }

    /**
     * The IDAT chunks' zlib stream, inflated as it comes into a buffer dropped at once: its Adler-32 checksum is of the
     * inflated bytes, so it is checked only so. The stream after its end (libpng warns of "extra compressed data") is
     * not looked at; a stream cut short is not called bad here (the file is then cut short, said so by the caller).
     */
    private static final class PixelData implements AutoCloseable {
        private final java.util.zip.Inflater inflater = new java.util.zip.Inflater();
        private final byte[] sink = new byte[1 << 16];
        /** zlib's words for the first fault found, or null. */
        private String bad;

        void inflate(byte[] data, int n) {
            if (bad != null || inflater.finished()) {
                return;
            }
            inflater.setInput(data, 0, n);
            try {
                while (!inflater.needsInput() && !inflater.finished()) {
                    if (inflater.inflate(sink) == 0 && inflater.needsDictionary()) {
                        bad = "it asks for a preset dictionary, which PNG does not allow";
                        return;
                    }
                }
            } catch (java.util.zip.DataFormatException e) {
                bad = e.getMessage() == null ? "invalid data" : e.getMessage();
            }
        }

        /** @return whether the stream reached its end */
        boolean finished() {
            return inflater.finished();
        }

        @Override
        public void close() {
            inflater.end();
        }
    }
}
