package io.github.cam4j.render;

import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * An OpenCV pixel type in words, for messages: "32-bit float, 1 channel" where messages had said "depth 5 with 1
 * channels" or "OpenCV type 5", numbers a reader had to look up in OpenCV's headers.
 */
public final class DepthNames {
    private DepthNames() {
    }

    /**
     * @param depth an OpenCV depth ({@code Mat.depth()})
     * @return {@code 8-bit}, {@code signed 8-bit}, {@code 16-bit}, {@code signed 16-bit}, {@code 32-bit integer},
     *     {@code 32-bit float}, {@code 64-bit float} or {@code 16-bit float}; another value as {@code OpenCV depth N}
     */
    public static String of(int depth) {
        return switch (depth) {
            case opencv_core.CV_8U -> "8-bit";
            case opencv_core.CV_8S -> "signed 8-bit";
            case opencv_core.CV_16U -> "16-bit";
            case opencv_core.CV_16S -> "signed 16-bit";
            case opencv_core.CV_32S -> "32-bit integer";
            case opencv_core.CV_32F -> "32-bit float";
            case opencv_core.CV_64F -> "64-bit float";
            case opencv_core.CV_16F -> "16-bit float";
            default -> "OpenCV depth " + depth;
        };
    }

    /**
     * @param image an open Mat
     * @return its depth and channels in words: {@code 32-bit float, 1 channel}, {@code 8-bit, 3 channels}
     */
    public static String of(Mat image) {
        int channels = image.channels();
        return of(image.depth()) + ", " + channels + (channels == 1 ? " channel" : " channels");
    }
}
