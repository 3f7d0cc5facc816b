package io.github.cam4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheRealMnistTestSet() throws Exception {
        Path dir = SharedData.mnist();
        LabeledImages test = IdxReader.read(dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"));
        assertEquals(10000, test.count());
        assertEquals(28, test.rows());
        assertEquals(28, test.cols());
        // The first test digit of MNIST is a 7, the second a 2, the third a 1 (LeCun's published order).
        assertEquals(7, test.label(0));
        assertEquals(2, test.label(1));
        assertEquals(1, test.label(2));
        assertEquals(10, test.classCount());
    }

    @Test
    void readsPlainAndGzipFilesAlike() throws Exception {
        byte[] images = idxImages(0x803, 2, 3, 4, 24);
        byte[] labels = idxLabels(0x801, 2, 2);
        Path plainImages = write("i", images, false);
        Path plainLabels = write("l", labels, false);
        Path gzImages = write("i.gz", images, true);
        Path gzLabels = write("l.gz", labels, true);
        LabeledImages a = IdxReader.read(plainImages, plainLabels);
        LabeledImages b = IdxReader.read(gzImages, gzLabels);
        assertEquals(2, a.count());
        assertEquals(3, a.rows());
        assertEquals(4, a.cols());
        assertTrue(Arrays.equals(a.pixels(), b.pixels()));
        assertEquals(11, a.pixel(0, 2, 3), "pixel (image 0, row 2, col 3) is byte 11 of the body");
        assertEquals(1, a.label(1));
        // Past an edge is an error, not the next row's or the next image's pixel.
        org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class, () -> a.pixel(0, 0, 4));
        org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class, () -> a.pixel(0, 3, 0));
        org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class, () -> a.imageAsFloats(2));
    }

    @Test
    void rejectsAWrongMagicNamingTheFile() throws Exception {
        Path images = write("bad-magic", idxImages(0x801, 1, 2, 2, 4), false);
        Path labels = write("labels", idxLabels(0x801, 1, 1), false);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels));
        assertTrue(e.getMessage().contains("bad-magic") && e.getMessage().contains("wrong magic number 0x00000801"), e.getMessage());
    }

    @Test
    void rejectsATruncatedBody() throws Exception {
        Path images = write("short", idxImages(0x803, 3, 2, 2, 7), false);
        Path labels = write("labels", idxLabels(0x801, 3, 3), false);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels));
        assertTrue(e.getMessage().contains("short") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void rejectsATruncatedGzipStream() throws Exception {
        byte[] gz = gzip(idxImages(0x803, 50, 28, 28, 50 * 784));
        Path images = tmp.resolve("cut.gz");
        Files.write(images, Arrays.copyOf(gz, gz.length / 2));
        Path labels = write("labels", idxLabels(0x801, 50, 50), false);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels));
        assertTrue(e.getMessage().contains("cut.gz"), e.getMessage());
    }

    /**
     * Bytes past what the header announces were ignored: a count too low dropped images without a word (helper-62
     * appended 5 000 bytes and trained). Plain and gzip alike; the images and labels files alike.
     */
    @Test
    void rejectsBytesPastWhatTheHeaderAnnounces() throws Exception {
        for (boolean gzip : new boolean[] {false, true}) {
            Path images = write("long" + gzip, idxImages(0x803, 2, 2, 2, 8 + 5), gzip);
            Path labels = write("labels" + gzip, idxLabels(0x801, 2, 2), gzip);
            DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels));
            assertEquals(images + " holds 5 bytes more than its header announces (2 images of 2x2, 8 bytes): its count"
                    + " may be wrong, or another file was appended to it", e.getMessage());
            Path whole = write("whole" + gzip, idxImages(0x803, 2, 2, 2, 8), gzip);
            Path longLabels = write("long-labels" + gzip, idxLabels(0x801, 2, 3), gzip);
            DatasetException l = assertThrows(DatasetException.class, () -> IdxReader.read(whole, longLabels));
            assertTrue(l.getMessage().startsWith(longLabels + " holds 1 byte more"), l.getMessage());
        }
    }

    /** A gzip whose body is whole but whose 8-byte trailer is cut was said to hold 1 byte more (helper-69). */
    @Test
    void aGzipCutInItsTrailerIsTruncated() throws Exception {
        byte[] gz = gzip(idxLabels(0x801, 2, 2));
        Path labels = tmp.resolve("cut-trailer.gz");
        Files.write(labels, Arrays.copyOf(gz, gz.length - 4));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readLabels(labels));
        assertEquals(labels + " is truncated: its compressed stream ends before its gzip trailer (the checksum and size"
                + " of its last 8 bytes)", e.getMessage());
    }

    @Test
    void rejectsMismatchedCounts() throws Exception {
        Path images = write("images", idxImages(0x803, 2, 2, 2, 8), false);
        Path labels = write("labels", idxLabels(0x801, 3, 3), false);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels));
        assertTrue(e.getMessage().contains("3 labels") && e.getMessage().contains("2 images"), e.getMessage());
    }

    @Test
    void rejectsImpossibleDimensionsAndMissingFiles() throws Exception {
        Path images = write("zero-rows", idxImages(0x803, 1, 0, 2, 0), false);
        Path labels = write("labels", idxLabels(0x801, 1, 1), false);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels));
        assertTrue(e.getMessage().contains("impossible dimensions"), e.getMessage());
        DatasetException missing = assertThrows(DatasetException.class,
                () -> IdxReader.read(tmp.resolve("nope"), labels));
        assertTrue(missing.getMessage().contains("nope") && missing.getMessage().contains("does not exist"));
    }

    /** A labels file is checked for its own magic: an images file given as labels is refused, not read as labels. */
    @Test
    void rejectsAnImagesFileGivenAsLabels() throws Exception {
        Path images = write("images", idxImages(0x803, 1, 2, 2, 4), false);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, images));
        assertEquals(images + ": wrong magic number 0x00000803, expected 0x00000801 for an IDX labels file", e.getMessage());
    }

    /**
     * The truncation message says how much is there: 3 images of 2x2 announce 12 bytes and 7 follow; a gzip stream
     * cut in its body says so (its bytes cannot be counted).
     */
    @Test
    void aTruncatedFileSaysWhatItAnnouncesAndWhatFollows() throws Exception {
        Path images = write("short", idxImages(0x803, 3, 2, 2, 7), false);
        DatasetException plain = assertThrows(DatasetException.class, () -> IdxReader.readImages(images));
        assertEquals(images + " is truncated: its header announces 3 images of 2x2 (12 bytes) but only 7 bytes follow",
                plain.getMessage());
        // A header with no body at all: 0 bytes follow (not a compressed stream: the file is plain).
        Path headerOnly = write("header-only", idxLabels(0x801, 2, 0), false);
        assertEquals(headerOnly + " is truncated: its header announces 2 labels (2 bytes) but only 0 bytes follow",
                assertThrows(DatasetException.class, () -> IdxReader.readLabels(headerOnly)).getMessage());
        byte[] gz = gzip(idxImages(0x803, 50, 28, 28, 50 * 784));
        Path cut = tmp.resolve("cut.gz");
        Files.write(cut, Arrays.copyOf(gz, gz.length / 2));
        DatasetException compressed = assertThrows(DatasetException.class, () -> IdxReader.readImages(cut));
        assertEquals(cut + " is truncated: its header announces 50 images of 28x28 (39200 bytes) but its compressed"
                + " stream ends early", compressed.getMessage());
    }

    /** Zero columns is as impossible as zero rows; a header that announces no images at all is an empty set, read. */
    @Test
    void zeroColumnsAreRefusedAndZeroImagesRead() throws Exception {
        Path noCols = write("zero-cols", idxImages(0x803, 1, 2, 0, 0), false);
        assertEquals(noCols + ": impossible dimensions 1 x 2 x 0",
                assertThrows(DatasetException.class, () -> IdxReader.readImages(noCols)).getMessage());
        Path negative = write("negative-labels", idxLabels(0x801, -1, 0), false);
        assertEquals(negative + ": impossible label count -1",
                assertThrows(DatasetException.class, () -> IdxReader.readLabels(negative)).getMessage());
        LabeledImages none = IdxReader.read(write("no-images", idxImages(0x803, 0, 28, 28, 0), false),
                write("no-labels", idxLabels(0x801, 0, 0), false));
        assertEquals(0, none.count());
        assertEquals(28, none.rows());
    }

    /**
     * A file cut inside its 16-byte header, a file that starts as gzip but is not, and a folder given for a file are
     * each named with what is wrong, not as a stack trace's exception class.
     */
    @Test
    void aCutHeaderACorruptGzipAndAFolderAreNamed() throws Exception {
        Path cutHeader = tmp.resolve("cut-header");
        Files.write(cutHeader, Arrays.copyOf(idxImages(0x803, 1, 2, 2, 4), 10));
        assertEquals(cutHeader + " is truncated: it ends inside its header",
                assertThrows(DatasetException.class, () -> IdxReader.readImages(cutHeader)).getMessage());
        // Gzip's two magic bytes, then a compression method byte that is not deflate (8): GZIPInputStream refuses it.
        Path corrupt = tmp.resolve("corrupt.gz");
        Files.write(corrupt, new byte[] {0x1f, (byte) 0x8b, 7, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3});
        String gzipMessage = assertThrows(DatasetException.class, () -> IdxReader.readLabels(corrupt)).getMessage();
        assertTrue(gzipMessage.startsWith(corrupt + " is a corrupt gzip file: "), gzipMessage);
        String folderMessage = assertThrows(DatasetException.class, () -> IdxReader.readLabels(tmp)).getMessage();
        assertTrue(folderMessage.startsWith("cannot read " + tmp + ": "), folderMessage);
    }

    static byte[] idxImages(int magic, int count, int rows, int cols, int bodyBytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int i = 0; i < bodyBytes; i++) {
            out.writeByte(i);
        }
        return bytes.toByteArray();
    }

    static byte[] idxLabels(int magic, int count, int bodyBytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(count);
        for (int i = 0; i < bodyBytes; i++) {
            out.writeByte(i % 10);
        }
        return bytes.toByteArray();
    }

    private Path write(String name, byte[] content, boolean gzip) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, gzip ? gzip(content) : content);
        return p;
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }
}
