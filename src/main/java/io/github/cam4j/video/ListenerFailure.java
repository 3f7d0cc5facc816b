package io.github.cam4j.video;

/** Carries an exception the listener threw, to be rethrown as it was once the output is closed. */
final class ListenerFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ListenerFailure(RuntimeException cause) {
        super(cause);
    }
}
