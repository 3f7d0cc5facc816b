/**
 * {@code CamSession}: class activation maps from one run of a model, targets and results. Depends on {@code savedmodel}
 * and {@code render} (for the bilinear resize).
 */
package io.github.cam4j.cam;
