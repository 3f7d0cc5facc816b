package io.github.cam4j.video;

import java.util.Locale;

/**
 * What {@link VideoPipeline} writes as the output's audio track ({@link VideoPipeline.Builder#optAudio}, {@code cam4j
 * video --audio}).
 */
public enum AudioMode {
    /**
     * A copy of the input's audio when the mp4 holds its codec ({@link #COPY}), else a re-encode ({@link #AAC}): the
     * default.
     */
    AUTO,
    /**
     * The input's audio packets as they are (the same codec, bytes, sample rate and channels), their times moved to
     * the output's zero with the picture's. A run whose audio cannot be copied (a codec the mp4 does not hold, such as
     * PCM or Vorbis; a stream whose parameters change midway; an input that cannot be read twice, such as a pipe)
     * fails before anything is written.
     */
    COPY,
    /**
     * The input's audio decoded and re-encoded as AAC (64 kb/s a channel), silence filling gaps, resampled or
     * downmixed where AAC lacks the rate or channel count.
     */
    AAC,
    /** No audio track. */
    NONE;

    /**
     * @param text {@code auto}, {@code copy}, {@code aac} or {@code none}, any case
     * @return the mode
     * @throws IllegalArgumentException naming the text and the choices when it is none of them
     */
    public static AudioMode parse(String text) {
        for (AudioMode m : values()) {
            if (m.name().equalsIgnoreCase(text.strip())) {
                return m;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not one of auto, copy, aac, none");
    }

    /** @return the mode's name as typed: {@code auto}, {@code copy}, {@code aac}, {@code none} */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
