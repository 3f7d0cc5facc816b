package io.github.cam4j.video;

/**
 * The output's audio track for an input's audio. The mp4 is written with AAC, which takes a fixed set of sample rates
 * (7.35 to 96 kHz) and at most 8 channels (7.1). FFmpeg's encoder refused other rates ("Could not open audio codec":
 * 192 kHz, 11 kHz) and accepted 16 channels only to crash the JVM on the first samples (double free), so audio outside
 * them is resampled or downmixed on the way: the recorder converts each frame to the track's rate, and {@link ChannelMix}
 * mixes it to the track's channels (the recorder reads any frame as having the track's count).
 */
final class AacTrack {
    /** The sample rates AAC defines, ascending. */
    private static final int[] RATES = {7350, 8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 64000,
        88200, 96000};
    /** The most channels AAC's channel configurations hold (7.1). */
    static final int MAX_CHANNELS = 8;

    private AacTrack() {}

    /**
     * @param inputRate the input's sample rate
     * @return the rate to write: the input's when AAC takes it, else the next AAC rate above (no frequency is lost),
     *     96 kHz above that
     */
    static int sampleRate(int inputRate) {
        for (int rate : RATES) {
            if (rate >= inputRate) {
                return rate;
            }
        }
        return RATES[RATES.length - 1];
    }

    /**
     * @param inputChannels the input's audio channels
     * @return the channels to write: the input's up to {@value #MAX_CHANNELS}, else stereo (a downmix)
     */
    static int channels(int inputChannels) {
        return inputChannels <= MAX_CHANNELS ? inputChannels : 2;
    }

    /**
     * @param info the input, with audio
     * @return one line saying how its audio is changed for the output, or null when it is written as it is
     */
    static String change(VideoInfo info) {
        int rate = sampleRate(info.sampleRate());
        int channels = channels(info.audioChannels());
        if (rate == info.sampleRate() && channels == info.audioChannels()) {
            return null;
        }
        return "audio of " + info.source() + " (" + info.sampleRate() + " Hz, " + count(info.audioChannels())
                + ") is written at " + rate + " Hz, " + count(channels) + ": AAC, the mp4's audio, takes 7350 to "
                + "96000 Hz at set rates and at most " + MAX_CHANNELS + " channels";
    }

    private static String count(int n) {
        return n == 1 ? "1 channel" : n + " channels";
    }
}
