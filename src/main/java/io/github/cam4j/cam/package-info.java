/**
 * {@code CamSession}: class activation maps from one run of a model, targets and results. Depends on {@code savedmodel},
 * {@code model} (tensor copies) and {@code render} (resize, placement, boxes, peaks, pictures read).
 */
package io.github.cam4j.cam;
