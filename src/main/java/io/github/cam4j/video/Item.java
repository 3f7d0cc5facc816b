package io.github.cam4j.video;

import org.bytedeco.javacv.Frame;
import org.bytedeco.opencv.opencv_core.Mat;

/** A frame (or a chunk of audio) on its way through the stages; it owns its native memory. */
final class Item {
    static final Item END = new Item(-1, null, null);

    final long index;
    /** A picture's or audio frame's presentation time in the input, microseconds; negative when unknown. */
    long micros = -1;
    /** How long a picture lasts in the input, microseconds ({@link FrameSource#pictureDurationMicros()}); -1: unknown. */
    long durationMicros = -1;
    /** A picture's pixel width over height as shown ({@link FrameSource#pictureAspect()}). */
    double aspect = 1;
    Mat image;
    Frame audio;
    FrameExplanation explanation;
    /** A caption drawn once the picture is fitted into the output's size; null when drawn with the rest. */
    String caption;
    /**
     * The hottest point, {@code {y, x}} in the picture's stored pixels, that a {@link #caption} drawn later must not
     * hide; null when none is marked.
     */
    int[] captionPeak;
    /**
     * The CAM box drawn, in the picture's stored pixels, whose top edge a {@link #caption} drawn later keeps off where
     * it can; null when none is drawn.
     */
    io.github.cam4j.render.Box captionBox;
    /** The map's sum over each of the picture's stored rows, weighed by a {@link #caption} drawn later; or null. */
    double[] captionHeat;
    /** The method's names a {@link #caption} drawn later ends in where one fits; null for none. */
    io.github.cam4j.render.CaptionTitles captionTitles;

    Item(long index, Mat image, Frame audio) {
        this.index = index;
        this.image = image;
        this.audio = audio;
    }

    void close() {
        if (image != null) {
            image.close();
            image = null;
        }
        if (audio != null) {
            audio.close();
            audio = null;
        }
    }
}
