package io.github.cam4j.video;

import io.github.cam4j.cam.CamException;

/**
 * A video that cannot be read or written: an unreadable or truncated file, no video stream, no frames, a camera that
 * does not open, an output FFmpeg cannot create. The message names the file or camera.
 */
public class VideoException extends CamException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the file or camera */
    public VideoException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the file or camera
     * @param cause the underlying failure
     */
    public VideoException(String message, Throwable cause) {
        super(message, cause);
    }
}
