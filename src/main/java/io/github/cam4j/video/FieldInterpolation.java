package io.github.cam4j.video;

import java.nio.ByteBuffer;

/**
 * Deinterlaces a picture in place by one of its fields: the rows of the field kept stay as decoded, and each row of the
 * other field becomes the mean of the kept rows above and below it (the one neighbour at the picture's top or bottom
 * edge). An interlaced frame holds two fields taken a field's time apart, so whatever moves is combed, every other row
 * from the other moment; a model sees strokes doubled and frayed. Keeping one field removes the combing at the cost of
 * half the picture's vertical detail, and needs no other frame: a frame goes out as it comes in, with its time, which a
 * temporal deinterlacer (FFmpeg's yadif, bwdif) would delay by one.
 */
final class FieldInterpolation {
    private FieldInterpolation() {}

    /**
     * @param pixels the picture's rows, 8-bit samples, as laid out by the decoder (its position and limit untouched)
     * @param stride bytes from one row's start to the next's
     * @param rowBytes bytes of pixels in a row (width times channels; the rest of the stride is padding)
     * @param height rows
     * @param keepBottom whether the bottom field (rows 1, 3, 5... counted from 0) is kept; else the top field (0, 2...)
     */
    static void keepField(ByteBuffer pixels, int stride, int rowBytes, int height, boolean keepBottom) {
        if (height < 2) {
            return;
        }
        int base = pixels.position();
        byte[] above = new byte[rowBytes];
        byte[] below = new byte[rowBytes];
        for (int row = keepBottom ? 0 : 1; row < height; row += 2) {
            boolean hasAbove = row > 0;
            boolean hasBelow = row + 1 < height;
            pixels.get(base + (hasAbove ? row - 1 : row + 1) * stride, above);
            if (hasAbove && hasBelow) {
                pixels.get(base + (row + 1) * stride, below);
                for (int i = 0; i < rowBytes; i++) {
                    // Rounded half up, as FFmpeg's own field averaging does.
                    above[i] = (byte) (((above[i] & 0xff) + (below[i] & 0xff) + 1) >> 1);
                }
            }
            pixels.put(base + row * stride, above);
        }
    }
}
