package io.github.cam4j.cam;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.getRotationMatrix2D;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * tf-keras-vis' input modifiers for activation maximization ({@code activation_maximization/input_modifiers.py}),
 * applied to the pictures before each step, and kept (the optimizer continues from the modified pictures, as there).
 *
 * <ul>
 *   <li>{@code Jitter(jitter=j)}: {@code tf.roll} by a shift drawn in {@code [-j, j)} per axis (numpy's
 *       {@code randint(-j, j)}), the same for every picture of the batch: what leaves one side comes back on the
 *       other.</li>
 *   <li>{@code Rotate2D(degree=d)}: scipy's {@code ndimage.rotate} by an angle drawn in {@code [-d, d)}, about the
 *       picture's centre {@code ((w-1)/2, (h-1)/2)}, bilinear ({@code order=1, prefilter=False}), the border mirrored
 *       ({@code mode='reflect'}, OpenCV's {@code BORDER_REFLECT}); here OpenCV's {@code warpAffine}, whose bilinear
 *       weights are fixed point (1/32 of a pixel), where scipy's are exact.</li>
 * </ul>
 */
final class InputModifiers {
    private InputModifiers() {}

    /**
     * Rolls every picture of the batch by the same shift, in place: value {@code (i, j)} moves to
     * {@code ((i + dy) mod h, (j + dx) mod w)}, as {@code tf.roll(x, shift=(dy, dx), axis=(1, 2))}.
     *
     * @param batch {@code count} pictures of {@code h × w × c} values, row-major, channels last
     */
    static void roll(float[] batch, int count, int height, int width, int channels, int dy, int dx) {
        int plane = height * width * channels;
        float[] copy = new float[plane];
        for (int n = 0; n < count; n++) {
            System.arraycopy(batch, n * plane, copy, 0, plane);
            for (int i = 0; i < height; i++) {
                int to = Math.floorMod(i + dy, height);
                for (int j = 0; j < width; j++) {
                    int toJ = Math.floorMod(j + dx, width);
                    System.arraycopy(copy, (i * width + j) * channels, batch,
                            n * plane + (to * width + toJ) * channels, channels);
                }
            }
        }
    }

    /**
     * Rotates every picture of the batch by the same angle, in place, with OpenCV's {@code warpAffine}: bilinear, the
     * border mirrored, about the centre; a positive angle turns the picture counter-clockwise as it is shown (rows
     * down), as {@code getRotationMatrix2D} and scipy's {@code rotate} on axes (1, 2) turn it.
     *
     * @param batch {@code count} pictures of {@code h × w × c} values, row-major, channels last; {@code c} 1 or 3
     * @param degrees the angle
     */
    static void rotate(float[] batch, int count, int height, int width, int channels, double degrees) {
        int plane = height * width * channels;
        try (Point2f centre = new Point2f((width - 1) / 2f, (height - 1) / 2f);
                Mat affine = getRotationMatrix2D(centre, degrees, 1.0);
                Size size = new Size(width, height);
                Scalar zero = new Scalar(0, 0, 0, 0);
                Mat src = new Mat(height, width, CV_32FC(channels));
                Mat dst = new Mat(height, width, CV_32FC(channels));
                FloatPointer in = new FloatPointer(src.data());
                FloatPointer out = new FloatPointer(dst.data())) {
            for (int n = 0; n < count; n++) {
                in.put(batch, n * plane, plane);
                warpAffine(src, dst, affine, size, INTER_LINEAR, BORDER_REFLECT, zero);
                out.get(batch, n * plane, plane);
            }
        }
    }
}
