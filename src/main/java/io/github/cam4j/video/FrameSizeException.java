package io.github.cam4j.video;

/**
 * A frame size that a video run's region or scale does not fit: the region of interest lies outside the frame, or the
 * region scaled is larger or smaller than the model can be fed. Its own type, with what was refused as a field, so that
 * a caller who took the region and scale from its user ({@code cam4j video --roi}, {@code --scale}) can name the option
 * and the video without reading the message. A pipe's or a camera's frame size is known only as the run opens it.
 */
public final class FrameSizeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** What the frame size refused. */
    public enum Refused {
        /** The region of interest does not lie inside the frame. */
        REGION,
        /** The region, scaled, is above or below what the model is fed, or no scale brings it within both. */
        SCALE
    }

    /** What the frame size refused. */
    private final Refused refused;

    /**
     * @param refused what the frame size refused
     * @param message what is wrong, naming the region and the sizes
     */
    FrameSizeException(Refused refused, String message) {
        super(message);
        this.refused = refused;
    }

    /** @return what the frame size refused: the region, or its scale */
    public Refused refused() {
        return refused;
    }
}
