package io.github.cam4j.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (LeCun's format for MNIST), gzip-compressed or plain: magic {@code 0x00000803} for 8-bit images
 * {@code [count, rows, cols]}, {@code 0x00000801} for 8-bit labels {@code [count]}. A bad file is rejected with an
 * error naming the file and the fault.
 *
 * <pre>{@code
 * LabeledImages test = IdxReader.read(dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"));
 * }</pre>
 */
public final class IdxReader {
    /** Magic number of an IDX file of unsigned bytes with three dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned bytes with one dimension. */
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {}

    /**
     * Reads an images file and its labels file.
     *
     * @param imagesFile IDX images, {@code .gz} or plain
     * @param labelsFile IDX labels, {@code .gz} or plain
     * @return the images with their labels
     * @throws DatasetException when a file is missing, malformed, truncated, or the counts differ
     */
    public static LabeledImages read(Path imagesFile, Path labelsFile) throws DatasetException {
        Images images = readImages(imagesFile);
        byte[] labels = readLabels(labelsFile);
        if (labels.length != images.count) {
            throw new DatasetException(labelsFile + " holds " + labels.length + " labels but " + imagesFile + " holds "
                    + images.count + " images");
        }
        return new LabeledImages(images.pixels, labels, images.count, images.rows, images.cols);
    }

    /** Images as read from an IDX file. */
    record Images(byte[] pixels, int count, int rows, int cols) {}

    static Images readImages(Path file) throws DatasetException {
        try (DataInputStream in = open(file)) {
            checkMagic(file, in.readInt(), IMAGES_MAGIC, "images");
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count < 0 || rows <= 0 || cols <= 0) {
                throw new DatasetException(file + ": impossible dimensions " + count + " x " + rows + " x " + cols);
            }
            long size = (long) count * rows * cols;
            if (size > Integer.MAX_VALUE - 8) {
                throw new DatasetException(file + ": " + count + " images of " + rows + "x" + cols + " are too many to hold");
            }
            byte[] pixels = new byte[(int) size];
            readBody(file, in, pixels, count + " images of " + rows + "x" + cols);
            return new Images(pixels, count, rows, cols);
        } catch (IOException e) {
            throw ioError(file, e);
        }
    }

    static byte[] readLabels(Path file) throws DatasetException {
        try (DataInputStream in = open(file)) {
            checkMagic(file, in.readInt(), LABELS_MAGIC, "labels");
            int count = in.readInt();
            if (count < 0) {
                throw new DatasetException(file + ": impossible label count " + count);
            }
            byte[] labels = new byte[count];
            readBody(file, in, labels, count + " labels");
            return labels;
        } catch (IOException e) {
            throw ioError(file, e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        // Gzip is recognised by its two magic bytes, not the file name, so a renamed file still reads.
        raw.mark(2);
        int b1 = raw.read();
        int b2 = raw.read();
        raw.reset();
        InputStream body = (b1 == 0x1f && b2 == 0x8b) ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
        return new DataInputStream(body);
    }

    private static void checkMagic(Path file, int magic, int expected, String what) throws DatasetException {
        if (magic != expected) {
            throw new DatasetException(String.format(Locale.ROOT, "%s: wrong magic number 0x%08X, expected 0x%08X for an IDX %s file",
                    file, magic, expected, what));
        }
    }

    private static void readBody(Path file, DataInputStream in, byte[] into, String expected) throws IOException, DatasetException {
        int read;
        try {
            read = in.readNBytes(into, 0, into.length);
        } catch (EOFException e) {
            // A gzip stream cut short ends with EOFException instead of a short read.
            read = -1;
        }
        if (read < into.length) {
            throw new DatasetException(file + " is truncated: its header announces " + expected + " (" + into.length
                    + " bytes) but " + (read < 0 ? "its compressed stream ends early" : "only " + read + " bytes follow"));
        }
        // Bytes past what the header announces were ignored: a header count too low drops images without a word.
        long more;
        try {
            more = in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (EOFException e) {
            // A gzip stream whose body is whole but whose trailer (checksum and size) is cut: a download cut short by a
            // few bytes, not a file longer than its count (it was said to hold 1 byte more, helper-69).
            throw new DatasetException(file + " is truncated: its compressed stream ends before its gzip trailer (the"
                    + " checksum and size of its last 8 bytes)", e);
        }
        if (more > 0) {
            throw new DatasetException(file + " holds " + io.github.cam4j.Counted.of(more, "byte") + " more than its"
                    + " header announces (" + expected
                    + ", " + into.length + " bytes): its count may be wrong, or another file was appended to it");
        }
    }

    private static DatasetException ioError(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DatasetException(file + " does not exist", e);
        }
        if (e instanceof EOFException) {
            return new DatasetException(file + " is truncated: it ends inside its header", e);
        }
        if (e instanceof java.util.zip.ZipException) {
            return new DatasetException(file + " is a corrupt gzip file: " + e.getMessage(), e);
        }
        return new DatasetException("cannot read " + file + ": " + e, e);
    }
}
