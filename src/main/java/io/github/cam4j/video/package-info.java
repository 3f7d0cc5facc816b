/**
 * Explaining video: grab frames (FFmpeg file or camera), explain them with {@code CamSession}, draw, and record H.264.
 * Depends on {@code cam}, {@code render}, {@code savedmodel}, {@code data} (file kinds) and JavaCV; nothing here depends on {@code cli}.
 */
package io.github.cam4j.video;
