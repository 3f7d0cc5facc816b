package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_core.transpose;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The EXIF orientation of a JPEG or PNG file (how a viewer turns the stored pixels to show them), and that turn.
 * OpenCV applies it only to reads that drop alpha and 16 bits, not to the unchanged read {@link Images#read} makes, so a
 * phone photo taken upright was explained lying on its side, and its overlay drawn so. WebP keeps its EXIF after the
 * image data, where browsers do not look for an orientation (nor does OpenCV): a WebP is shown as stored.
 */
final class ExifOrientation {
    /** The stored pixels are shown as they are. */
    static final int NORMAL = 1;

    private static final int ORIENTATION_TAG = 0x0112;

    private ExifOrientation() {}

    /**
     * @param head the file's first bytes (JPEG keeps EXIF in its first 64 KB, PNG before the image data)
     * @return the orientation, 1..8, or {@link #NORMAL} when the file says none or not clearly
     */
    static int of(byte[] head) {
        ByteBuffer b = ByteBuffer.wrap(head);
        if (startsWith(head, 0, "\u00ff\u00d8")) {
            return ofJpeg(b);
        }
        if (startsWith(head, 0, "\u0089PNG\r\n\u001a\n")) {
            return ofPng(b);
        }
        return NORMAL;
    }

    /**
     * @param image the pixels as stored
     * @param orientation an EXIF orientation, 1..8
     * @return a new Mat the caller closes: the picture as a viewer shows it (OpenCV's {@code ExifTransform} rule)
     */
    static Mat apply(Mat image, int orientation) {
        Mat out = new Mat();
        try {
            switch (orientation) {
                case 2 -> flip(image, out, 1);
                case 3 -> flip(image, out, -1);
                case 4 -> flip(image, out, 0);
                case 5 -> transpose(image, out);
                case 6, 7, 8 -> {
                    transpose(image, out);
                    flip(out, out, orientation == 6 ? 1 : orientation == 7 ? -1 : 0);
                }
                default -> image.copyTo(out);
            }
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }

    /** Walks the segments before the image data for an APP1 "Exif" one. */
    private static int ofJpeg(ByteBuffer b) {
        int at = 2;
        while (at + 4 <= b.limit() && (b.get(at) & 0xff) == 0xff) {
            int marker = b.get(at + 1) & 0xff;
            if (marker == 0xff) {
                at++; // fill byte
                continue;
            }
            if (marker == 0xda || marker == 0xd9) {
                break; // image data or end: no EXIF came first
            }
            int length = b.getShort(at + 2) & 0xffff;
            if (marker == 0xe1 && startsWith(b.array(), at + 4, "Exif\0\0")) {
                return ofTiff(b, at + 10, at + 2 + length);
            }
            at += 2 + length;
        }
        return NORMAL;
    }

    /** Walks the chunks before the image data for an eXIf one. */
    private static int ofPng(ByteBuffer b) {
        int at = 8;
        while (at + 8 <= b.limit()) {
            long length = b.getInt(at) & 0xffffffffL;
            if (startsWith(b.array(), at + 4, "IDAT") || length > b.limit()) {
                break;
            }
            if (startsWith(b.array(), at + 4, "eXIf")) {
                return ofTiff(b, at + 8, at + 8 + (int) length);
            }
            at += 12 + (int) length;
        }
        return NORMAL;
    }

    /** Reads the Orientation entry of the first IFD of a TIFF block at {@code start}, ending before {@code end}. */
    private static int ofTiff(ByteBuffer b, int start, int end) {
        end = Math.min(end, b.limit());
        if (start + 8 > end) {
            return NORMAL;
        }
        ByteBuffer t = b.duplicate().order(startsWith(b.array(), start, "II") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        long ifd = t.getInt(start + 4) & 0xffffffffL;
        if (ifd < 8 || start + ifd + 2 > end) {
            return NORMAL;
        }
        int entries = t.getShort(start + (int) ifd) & 0xffff;
        for (int i = 0; i < entries; i++) {
            int entry = start + (int) ifd + 2 + 12 * i;
            if (entry + 12 > end) {
                break;
            }
            if ((t.getShort(entry) & 0xffff) == ORIENTATION_TAG) {
                int value = t.getShort(entry + 8) & 0xffff; // a SHORT, left-justified in the value field
                return value >= 1 && value <= 8 ? value : NORMAL;
            }
        }
        return NORMAL;
    }

    private static boolean startsWith(byte[] bytes, int at, String ascii) {
        byte[] expected = ascii.getBytes(StandardCharsets.ISO_8859_1);
        if (at < 0 || at + expected.length > bytes.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (bytes[at + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
