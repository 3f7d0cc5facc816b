package io.github.cam4j.video;

import io.github.cam4j.cam.CamException;

/** Carries a checked failure out of a stage's {@link Runnable}. */
final class VideoRuntimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    VideoRuntimeException(CamException cause) {
        super(cause);
    }

    @Override
    public synchronized CamException getCause() {
        return (CamException) super.getCause();
    }
}
