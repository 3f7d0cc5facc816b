package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The Orientation tag (274) of a TIFF file's first image, and its pixels read as stored. OpenCV 4.11's TIFF decoder
 * applies the tag itself, in every read mode: orientations 2 to 4 (flips) come back turned, but 5 to 8 (a quarter turn,
 * a sideways scan or photo) fail inside {@code imread} ("Internal imread issue: 'original_ptr == real_mat.data'"),
 * which cam4j reported as a damaged file. So a TIFF with an orientation is decoded with its tag set to 1 and turned by
 * cam4j, by the rule JPEG and PNG files are ({@link ExifOrientation#apply}), whichever OpenCV version reads it.
 */
final class TiffOrientation {
    private static final int ORIENTATION_TAG = 274;
    private static final int SHORT = 3;

    /**
     * @param orientation the tag's value, 2..8
     * @param valueAt the file offset of the tag's value (a SHORT inside the IFD entry)
     * @param order the file's byte order
     */
    record Tag(int orientation, long valueAt, ByteOrder order) {}

    private TiffOrientation() {}

    /**
     * Reads the header and the first IFD of a classic TIFF (the IFD may lie anywhere, often after the image data).
     *
     * @param file a file that starts as a TIFF
     * @return its first image's orientation when it is one that turns the picture (2..8) and is stored as TIFF says (one
     *     SHORT); empty for 1, none, a BigTIFF, or a header that does not hold together
     * @throws IOException when the file cannot be read
     */
    static Optional<Tag> of(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = read(ch, 0, 8);
            if (header == null) {
                return Optional.empty();
            }
            ByteOrder order = header.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            header.order(order);
            if ((header.getShort(2) & 0xffff) != 42) {
                return Optional.empty(); // 43 is BigTIFF, whose offsets are 8 bytes: not read here
            }
            long ifd = header.getInt(4) & 0xffffffffL;
            ByteBuffer count = read(ch, ifd, 2);
            if (ifd < 8 || count == null) {
                return Optional.empty();
            }
            int entries = count.order(order).getShort(0) & 0xffff;
            ByteBuffer table = read(ch, ifd + 2, 12L * entries);
            if (table == null) {
                return Optional.empty();
            }
            table.order(order);
            for (int i = 0; i < entries; i++) {
                int at = 12 * i;
                if ((table.getShort(at) & 0xffff) != ORIENTATION_TAG) {
                    continue;
                }
                int type = table.getShort(at + 2) & 0xffff;
                long n = table.getInt(at + 4) & 0xffffffffL;
                int value = table.getShort(at + 8) & 0xffff; // a SHORT, left-justified in the value field
                boolean turns = type == SHORT && n == 1 && value >= 2 && value <= 8;
                return turns ? Optional.of(new Tag(value, ifd + 2 + at + 8, order)) : Optional.empty();
            }
            return Optional.empty();
        }
    }

    /**
     * @param file the TIFF file
     * @param tag its orientation tag, as {@link #of} found it
     * @return a new Mat the caller closes: the first image's pixels as stored (OpenCV told orientation 1), or an empty
     *     Mat when OpenCV cannot decode them
     * @throws IOException when the file cannot be read
     * @throws RuntimeException from OpenCV's decoder, as {@code imread} throws (an image above its pixel limit)
     */
    static Mat readStored(Path file, Tag tag) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE - 8) {
                throw new IOException("TIFF of " + size + " bytes is too large to turn by its orientation tag");
            }
            try (Mat bytes = new Mat(1, (int) size, CV_8UC1)) {
                ByteBuffer buffer = bytes.data().capacity(size).asByteBuffer();
                while (buffer.hasRemaining() && ch.read(buffer) >= 0) {
                    // The whole file into OpenCV's buffer, with no copy on the Java heap.
                }
                // "Shown as stored": OpenCV neither turns the picture nor fails on a quarter turn.
                buffer.order(tag.order()).putShort((int) tag.valueAt(), (short) 1);
                return imdecode(bytes, IMREAD_UNCHANGED);
            }
        }
    }

    /** @return {@code length} bytes from {@code at}, or null when the file ends before them */
    private static ByteBuffer read(FileChannel ch, long at, long length) throws IOException {
        if (at < 0 || length > 12L * 0xffff || at + length > ch.size()) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate((int) length);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                return null;
            }
        }
        return b;
    }
}
