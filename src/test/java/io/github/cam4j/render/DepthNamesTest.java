package io.github.cam4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class DepthNamesTest {

    /** Every depth OpenCV has, in the words messages use; one it may add later still named by its number. */
    @Test
    void everyOpenCvDepthHasItsWords() {
        assertEquals("8-bit", DepthNames.of(opencv_core.CV_8U));
        assertEquals("signed 8-bit", DepthNames.of(opencv_core.CV_8S));
        assertEquals("16-bit", DepthNames.of(opencv_core.CV_16U));
        assertEquals("signed 16-bit", DepthNames.of(opencv_core.CV_16S));
        assertEquals("32-bit integer", DepthNames.of(opencv_core.CV_32S));
        assertEquals("32-bit float", DepthNames.of(opencv_core.CV_32F));
        assertEquals("64-bit float", DepthNames.of(opencv_core.CV_64F));
        assertEquals("16-bit float", DepthNames.of(opencv_core.CV_16F));
        assertEquals("OpenCV depth 9", DepthNames.of(9));
    }

    /** A Mat's depth with its channels, one channel said as one. */
    @Test
    void aMatIsNamedByItsDepthAndChannels() {
        try (Mat grey = new Mat(2, 2, opencv_core.CV_32FC1); Mat bgr = new Mat(2, 2, opencv_core.CV_8UC3)) {
            assertEquals("32-bit float, 1 channel", DepthNames.of(grey));
            assertEquals("8-bit, 3 channels", DepthNames.of(bgr));
        }
    }
}
