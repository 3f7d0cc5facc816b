/**
 * Explaining video: grab frames, explain them with {@code CamSession}, draw, and record. Depends on {@code cam}, {@code render}.
 */
package io.github.cam4j.video;
