/**
 * Pictures from maps: normalisation, bilinear resize, colormaps, overlays, CAM boxes, figure grids.
 * Depends on OpenCV only (no TensorFlow).
 */
package io.github.cam4j.render;
