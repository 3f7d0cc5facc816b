/**
 * Pictures from maps: normalisation, bilinear resize, colormaps, overlays, CAM boxes, figure grids.
 * Depends on OpenCV and {@code data} (a picture's file checked, and written whole or not at all), no TensorFlow.
 * Every method returning a {@code Mat} returns a new one the caller closes; only {@link io.github.cam4j.render.Draw}
 * modifies its input.
 */
package io.github.cam4j.render;
