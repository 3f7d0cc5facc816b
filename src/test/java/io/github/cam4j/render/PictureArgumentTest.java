package io.github.cam4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@link PictureArgument}, as the drawing helpers that take a picture use it: a closed, empty or 3-dimensional Mat is
 * refused naming the argument and what is wrong, before its size is read.
 */
class PictureArgumentTest {

    private static final FloatMap HALF = new FloatMap(1, 1, new float[] {0.5f});

    /**
     * A Mat closed by its caller: Annotation, ConceptOverlay and ColourKey read its size first and threw JavaCPP's bare
     * NullPointerException "This pointer address is NULL.", naming nothing.
     */
    @Test
    void aClosedPictureIsNamedAsClosed() {
        Mat closed = new Mat(28, 28, opencv_core.CV_8UC1);
        closed.close();
        assertRefused("image is closed (its native memory was released): give an open picture",
                () -> Annotation.draw(closed, HALF, Optional.empty(), "7", Colormap.JET, 0.5));
        assertRefused("picture is closed (its native memory was released): give an open picture",
                () -> ConceptOverlay.draw(closed, List.of(HALF)));
        assertRefused("figure is closed (its native memory was released): give an open picture",
                () -> ColourKey.under(closed, Colormap.JET, ColourKey.Scale.values()[0]));
    }

    /**
     * An empty Mat: Annotation's words were "resize target must be positive, was 0x0" (of the map, which was fine),
     * ConceptOverlay's "a heatmap of 1x1 for a picture of 0x0".
     */
    @Test
    void anEmptyPictureIsNamedAsEmpty() {
        try (Mat empty = new Mat()) {
            assertRefused("image is empty (0x0): there is no picture to draw on",
                    () -> Annotation.draw(empty, HALF, Optional.empty(), "7", Colormap.JET, 0.5));
            assertRefused("picture is empty (0x0): there is no picture to draw on",
                    () -> ConceptOverlay.draw(empty, List.of(HALF)));
        }
    }

    /**
     * A 4x4x4 Mat, whose rows and columns read -1: Annotation said "resize target must be positive, was -1x-1",
     * ConceptOverlay "a picture of -1x-1", AwtImages AWT's "w and h must be > 0", and Draw.label drew into it without a
     * word.
     */
    @Test
    void aPictureOfThreeDimensionsIsNamed() {
        try (Scalar black = new Scalar(0.0);
                Mat cube = new Mat(new int[] {4, 4, 4}, opencv_core.CV_8UC1, black)) {
            assertRefused("image has 3 dimensions; a picture has 2 (rows x columns)",
                    () -> Annotation.draw(cube, HALF, Optional.empty(), "7", Colormap.JET, 0.5));
            assertRefused("picture has 3 dimensions; a picture has 2 (rows x columns)",
                    () -> ConceptOverlay.draw(cube, List.of(HALF)));
            assertRefused("cannot draw into an image of 3 dimensions; a picture has 2 (rows x columns)",
                    () -> Draw.label(cube, "7", 0, 0));
            assertRefused("Mat has 3 dimensions; a picture has 2 (rows x columns)",
                    () -> AwtImages.toBufferedImage(cube));
        }
    }

    private static void assertRefused(String message, Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
