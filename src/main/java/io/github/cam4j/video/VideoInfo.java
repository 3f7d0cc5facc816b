package io.github.cam4j.video;

/**
 * What an opened input says about itself.
 *
 * @param source the file or camera, as messages name it
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param frameRate frames per second (a camera that does not say gets {@value VideoInput#DEFAULT_CAMERA_FPS})
 * @param frameCount the number of video frames when known (an estimate from the container), else -1
 * @param audioChannels the input's audio channels, 0 when there is no audio (the output's AAC track keeps them up to
 *     8 and downmixes more to stereo)
 * @param sampleRate the input's audio sample rate, 0 when there is no audio (the output's is the next rate AAC takes)
 */
public record VideoInfo(String source, int width, int height, double frameRate, long frameCount, int audioChannels,
        int sampleRate) {

    /** @return true when the number of frames is known */
    public boolean frameCountKnown() {
        return frameCount > 0;
    }

    /** @return true when the input has audio to copy */
    public boolean hasAudio() {
        return audioChannels > 0;
    }
}
