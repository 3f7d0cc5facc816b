/**
 * Pictures from maps: normalisation, bilinear resize, colormaps, overlays, CAM boxes, figure grids.
 * Depends on OpenCV only (no TensorFlow). Every method returning a {@code Mat} returns a new one the caller closes;
 * only {@link io.github.cam4j.render.Draw} modifies its input.
 */
package io.github.cam4j.render;
