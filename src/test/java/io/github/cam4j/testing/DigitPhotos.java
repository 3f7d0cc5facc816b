package io.github.cam4j.testing;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;

import io.github.cam4j.data.LabeledImages;
import java.nio.FloatBuffer;
import java.util.Random;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Photographs of MNIST test digits as a phone would take them of a digit written on paper: a colour picture of
 * 240..480 x 320..640 pixels, light paper of a random tint, the digit dark, 60 pixels or more tall, anywhere, with
 * sensor noise (Gaussian, sigma 10 of 255, per channel).
 */
public final class DigitPhotos {
    private DigitPhotos() {}

    /**
     * A photo and where its digit's ink is.
     *
     * @param picture BGR, 8-bit; the caller closes it
     * @param inkBox the digit's ink bounding box in the picture
     */
    public record Photo(Mat picture, Rect inkBox) {}

    /**
     * @param digits the MNIST images
     * @param index which digit
     * @param random the seeded source of size, place, tint and noise
     * @return the photo
     */
    public static Photo of(LabeledImages digits, int index, Random random) {
        return of(digits, index, random, 0);
    }

    /**
     * A photo lit unevenly: the light falls off towards one side (chosen at random), as under a lamp or beside a
     * hand's shadow.
     *
     * @param digits the MNIST images
     * @param index which digit
     * @param random the seeded source of size, place, tint, light and noise
     * @param falloff how much darker the far side is: 0 for even light, 0.5 for half as bright
     * @return the photo
     */
    public static Photo of(LabeledImages digits, int index, Random random, double falloff) {
        int height = 240 + random.nextInt(240);
        int width = 320 + random.nextInt(320);
        int paper = 170 + random.nextInt(70);
        int ink = 20 + random.nextInt(60);
        int size = 60 + random.nextInt(Math.min(height, width) - 70);
        int top = random.nextInt(height - size);
        int left = random.nextInt(width - size);
        float[] pixels = digits.imageAsFloats(index);
        float max = 0;
        for (float v : pixels) {
            max = Math.max(max, v);
        }
        Mat picture = new Mat(height, width, CV_8UC3);
        int side = falloff > 0 ? random.nextInt(4) : 0;
        int inkTop = height;
        int inkLeft = width;
        int inkBottom = -1;
        int inkRight = -1;
        try (Mat digit = new Mat(28, 28, CV_32FC1); Mat big = new Mat(); Size bigSize = new Size(size, size);
                UByteIndexer out = picture.createIndexer()) {
            ((FloatBuffer) digit.createBuffer()).put(pixels);
            opencv_imgproc.resize(digit, big, bigSize, 0, 0, INTER_LINEAR);
            try (FloatIndexer in = big.createIndexer()) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        boolean inDigit = y >= top && y < top + size && x >= left && x < left + size;
                        double cover = inDigit ? Math.max(0, Math.min(1, in.get(y - top, x - left) / max)) : 0;
                        if (cover > 0.5) {
                            inkTop = Math.min(inkTop, y);
                            inkLeft = Math.min(inkLeft, x);
                            inkBottom = Math.max(inkBottom, y);
                            inkRight = Math.max(inkRight, x);
                        }
                        double along = switch (side) {
                            case 0 -> (double) x / width;
                            case 1 -> 1 - (double) x / width;
                            case 2 -> (double) y / height;
                            default -> 1 - (double) y / height;
                        };
                        double light = 1 - falloff * along;
                        for (int c = 0; c < 3; c++) {
                            double tint = paper + 3 * c;
                            double v = (tint * (1 - cover) + ink * cover) * light + 10 * random.nextGaussian();
                            out.put(y, x, c, (int) Math.max(0, Math.min(255, Math.round(v))));
                        }
                    }
                }
            }
        }
        return new Photo(picture, new Rect(inkLeft, inkTop, inkRight - inkLeft + 1, inkBottom - inkTop + 1));
    }
}
