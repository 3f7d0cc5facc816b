package io.github.cam4j.data;

import java.util.Objects;

/**
 * A set of same-size 8-bit greyscale images with one class label each, as IDX files hold them.
 *
 * @param pixels {@code count * rows * cols} bytes, image-major then row-major; read unsigned (0..255)
 * @param labels one label per image, unsigned
 * @param count the number of images
 * @param rows image height
 * @param cols image width
 */
public record LabeledImages(byte[] pixels, byte[] labels, int count, int rows, int cols) {

    /**
     * Checks the sizes agree. The arrays are kept, not copied (MNIST's training pixels are 47 MB).
     *
     * @param pixels {@code count * rows * cols} bytes, image-major then row-major; read unsigned (0..255)
     * @param labels {@code count} labels, one per image, read unsigned (0..255; 0..9 for MNIST)
     * @param count the number of images
     * @param rows image height in pixels
     * @param cols image width in pixels
     * @throws IllegalArgumentException when the arrays' lengths do not match {@code count} images of
     *     {@code rows x cols}
     */
    public LabeledImages {
        if ((long) count * rows * cols != pixels.length || labels.length != count) {
            throw new IllegalArgumentException("pixels/labels do not match " + count + " images of " + rows + "x" + cols);
        }
    }

    /**
     * @param index image index
     * @return its label (0..255)
     */
    public int label(int index) {
        return labels[index] & 0xFF;
    }

    /**
     * @param index image index
     * @param row row
     * @param col column
     * @return the pixel value, 0..255
     */
    public int pixel(int index, int row, int col) {
        // Checked per axis: a column past the edge would otherwise read the next row, a row past it the next image.
        if (index < 0 || index >= count || row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new IndexOutOfBoundsException("pixel (image " + index + ", row " + row + ", column " + col + ") outside "
                    + count + " images of " + rows + "x" + cols);
        }
        return pixels[(index * rows + row) * cols + col] & 0xFF;
    }

    /** @return the number of pixels of one image */
    public int imageSize() {
        return rows * cols;
    }

    /**
     * Copies one image scaled to [0, 1].
     *
     * @param index image index
     * @return {@code rows * cols} floats
     */
    public float[] imageAsFloats(int index) {
        Objects.checkIndex(index, count);
        float[] out = new float[imageSize()];
        int base = index * imageSize();
        for (int i = 0; i < out.length; i++) {
            out[i] = (pixels[base + i] & 0xFF) / 255f;
        }
        return out;
    }

    /**
     * @param from first image, inclusive
     * @param to last image, exclusive
     * @return a copy of that range
     */
    public LabeledImages slice(int from, int to) {
        if (from < 0 || to > count || from > to) {
            throw new IndexOutOfBoundsException("range " + from + ".." + to + " outside 0.." + count);
        }
        byte[] p = java.util.Arrays.copyOfRange(pixels, from * imageSize(), to * imageSize());
        byte[] l = java.util.Arrays.copyOfRange(labels, from, to);
        return new LabeledImages(p, l, to - from, rows, cols);
    }

    /**
     * @return how many different labels the images have: the classes a guess that ignores the picture chooses among
     *     (labels 8 and 9 alone are 2, where {@link #classCount} is 10)
     */
    public int labelsPresent() {
        boolean[] seen = new boolean[256];
        int present = 0;
        for (byte b : labels) {
            if (!seen[b & 0xFF]) {
                seen[b & 0xFF] = true;
                present++;
            }
        }
        return present;
    }

    /** @return the largest label plus one */
    public int classCount() {
        int max = 0;
        for (byte b : labels) {
            max = Math.max(max, b & 0xFF);
        }
        return max + 1;
    }
}
