package io.github.cam4j.render;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a JPEG file holds its whole picture. libjpeg decodes a file cut inside its image data with no more than a
 * warning on standard error ("Premature end of JPEG file") and fills the missing rows with grey, and OpenCV returns that
 * picture as if it were whole: an interrupted download would be explained, and drawn, as a picture that nobody took.
 */
final class JpegEnd {
    private JpegEnd() {}

    /** How a JPEG's walk to its end-of-image marker ended. */
    enum Walk {
        /** The marker is there. */
        REACHED,
        /**
         * The file ends inside the image data of its only scan, which holds every component of a sequential
         * (baseline or extended, Huffman-coded) picture: whether that data is whole is for the decoder to say.
         */
        ENDS_IN_ONLY_SCAN,
        /** The file ends before the marker anywhere else: inside a segment, or after a progressive picture's scans. */
        CUT
    }

    /**
     * Walks the file's segments (skipping each by its length, so a thumbnail inside the EXIF block does not count) and
     * its entropy-coded scans (where a 0xFF byte is followed by 0x00, a restart marker or fill) up to the end-of-image
     * marker. Bytes after that marker (a motion photo's video, a vendor's trailer) are not read.
     *
     * @param file a file that starts as a JPEG
     * @return how the walk ended
     * @throws IOException when the file cannot be read
     */
    static Walk walk(Path file) throws IOException {
        try (Bytes in = new Bytes(Files.newInputStream(file))) {
            if (in.read() != 0xff || in.read() != 0xd8) {
                return Walk.CUT;
            }
            int frameComponents = -1; // of a sequential Huffman frame (SOF0, SOF1); -1 for any other or none yet
            int scans = 0;
            boolean onlyScanIsWhole = false; // the one scan so far holds every component of a sequential frame
            boolean inScan = false;
            int b;
            while ((b = in.read()) != -1) {
                if (b != 0xff) {
                    continue; // scan data (or a stray byte between segments, which libjpeg skips too)
                }
                int marker;
                do {
                    marker = in.read();
                } while (marker == 0xff);
                if (marker == 0xd9) {
                    return Walk.REACHED;
                }
                if (marker == -1) {
                    break;
                }
                if (marker == 0x00 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                    continue; // a stuffed 0xFF in scan data, TEM or a restart marker: no length follows
                }
                inScan = false;
                int high = in.read();
                int low = in.read();
                if (low == -1) {
                    return Walk.CUT;
                }
                int length = (high << 8) | low;
                if (length < 2) {
                    return Walk.CUT;
                }
                if ((marker == 0xc0 || marker == 0xc1) && length >= 8) {
                    // precision (1), height (2), width (2), then the component count
                    if (!in.skip(5)) {
                        return Walk.CUT;
                    }
                    frameComponents = in.read();
                    length -= 6;
                } else if (marker == 0xda && length >= 3) {
                    int components = in.read();
                    scans++;
                    onlyScanIsWhole = scans == 1 && frameComponents > 0 && components == frameComponents;
                    length -= 1;
                    inScan = true;
                }
                if (!in.skip(length - 2)) {
                    return Walk.CUT; // cut inside a segment
                }
            }
            return inScan && onlyScanIsWhole ? Walk.ENDS_IN_ONLY_SCAN : Walk.CUT;
        }
    }

    /**
     * Whether the image data of a JPEG that lacks its end-of-image marker is whole: the file is decoded by Java's own
     * libjpeg with the marker put back, which warns ("Corrupt JPEG data: premature end of data segment") when a block
     * still needs bits. OpenCV cannot say: its libjpeg warns "Premature end of JPEG file" on standard error alike for a
     * file cut inside its data and for one lacking only the marker. Only a single sequential scan is asked about: a
     * progressive picture cut between two scans decodes without a word (blurred).
     *
     * <p>Every row is decoded (a row skipped is not checked), every eighth column kept, to bound the memory.
     *
     * @param file a JPEG whose walk ended in its only scan
     * @return whether it decodes with no warning
     * @throws IOException when the file cannot be read
     */
    static boolean decodesWhole(Path file) throws IOException {
        // The file streamed with the marker after it: not read whole into memory, nor copied. A file that cannot be
        // opened throws, as before; what fails inside the decoder says it is not whole.
        InputStream bytes = Files.newInputStream(file);
        java.util.Iterator<javax.imageio.ImageReader> readers = javax.imageio.ImageIO.getImageReadersByFormatName("jpeg");
        if (!readers.hasNext()) {
            bytes.close();
            return false;
        }
        javax.imageio.ImageReader reader = readers.next();
        java.util.List<String> warnings = new java.util.ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        try (InputStream ended = new java.io.SequenceInputStream(bytes,
                        new java.io.ByteArrayInputStream(new byte[] {(byte) 0xff, (byte) 0xd9}));
                javax.imageio.stream.ImageInputStream in = javax.imageio.ImageIO.createImageInputStream(ended)) {
            reader.setInput(in, true, true);
            javax.imageio.ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceSubsampling(8, 1, 0, 0);
            // The raster as stored (no colour conversion), so that CMYK and other pictures Java does not convert
            // are checked too.
            reader.readRaster(0, param);
            return warnings.isEmpty();
        } catch (IOException | RuntimeException e) {
            return false; // a picture Java's decoder refuses: taken as cut, as before
        } finally {
            reader.dispose();
        }
    }

    /**
     * A stream read a byte at a time through its own buffer: BufferedInputStream's read() is synchronized, which made
     * the walk over a 14 MB JPEG take about 100 ms, a third of its decoding.
     */
    private static final class Bytes implements AutoCloseable {
        private final InputStream in;
        private final byte[] buffer = new byte[1 << 16];
        private int at;
        private int end;

        Bytes(InputStream in) {
            this.in = in;
        }

        /** @return the next byte, 0..255, or -1 at the end */
        int read() throws IOException {
            if (at == end) {
                end = in.readNBytes(buffer, 0, buffer.length);
                at = 0;
                if (end == 0) {
                    return -1;
                }
            }
            return buffer[at++] & 0xff;
        }

        /** @return whether {@code n} more bytes were there to skip */
        boolean skip(int n) throws IOException {
            int buffered = Math.min(n, end - at);
            at += buffered;
            long rest = n - buffered;
            while (rest > 0) {
                long skipped = in.skip(rest);
                if (skipped <= 0) {
                    return in.read() != -1 && skip((int) rest - 1);
                }
                rest -= skipped;
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
