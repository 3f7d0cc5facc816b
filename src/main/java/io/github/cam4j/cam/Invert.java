package io.github.cam4j.cam;

/** Whether to invert an image's intensities before a model trained on light strokes over a dark ground sees it. */
public enum Invert {
    /** Invert when the image's border is light, i.e. the picture shows dark ink on light paper (the default). */
    AUTO,
    /** Never invert. */
    NEVER,
    /** Always invert. */
    ALWAYS
}
