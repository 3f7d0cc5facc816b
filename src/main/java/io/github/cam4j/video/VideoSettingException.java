package io.github.cam4j.video;

/**
 * A run refused for what one of its settings asks of this input: {@code --audio copy} of audio the mp4 cannot take
 * ({@link VideoPipeline.Builder#optAudio}), an audio track the file does not have ({@link
 * VideoPipeline.Builder#optAudioTrack}), copied audio FFmpeg would not start writing (the mp4 could not be created
 * while copying it: re-encoding it is named). The message names the builder's method, as a caller of the library set it;
 * {@link #commandLineMessage()} says the same naming {@code cam4j video}'s option, as a user of the command typed it (a
 * Java method's name in a command's error, or an option's in a library's, points to what the reader never wrote).
 */
public final class VideoSettingException extends VideoException {
    private static final long serialVersionUID = 1L;

    /** The message naming the command line's option. */
    private final String commandLineMessage;

    /**
     * @param message what is wrong, naming the file and the builder's method
     * @param commandLineMessage the same, naming the command line's option instead
     */
    VideoSettingException(String message, String commandLineMessage) {
        super(message);
        this.commandLineMessage = commandLineMessage;
    }

    /**
     * @param message what is wrong, naming the file and the builder's method
     * @param commandLineMessage the same, naming the command line's option instead
     * @param cause what failed
     */
    VideoSettingException(String message, String commandLineMessage, Throwable cause) {
        super(message, cause);
        this.commandLineMessage = commandLineMessage;
    }

    /** @return the message as {@code cam4j video} says it: naming its option (e.g. {@code --audio}), not a method */
    public String commandLineMessage() {
        return commandLineMessage;
    }
}
