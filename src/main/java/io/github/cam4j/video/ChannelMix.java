package io.github.cam4j.video;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacv.Frame;

/**
 * Brings sound to the output track's channel count before FFmpeg's recorder takes it. The recorder converts what it is
 * given as though it had the track's own channels (JavaCV builds its converter with the track's layout as the input's):
 * sound whose channel count changed midway (a broadcast going from stereo to mono at an ad, 2 to 6 channels at a film)
 * was read with the wrong count and came out as noise from the change on, and more channels than AAC takes (16) were
 * read as two. Such sound is mixed here with FFmpeg's own rules (its default layout for each count: 5.1 to stereo puts
 * the centre and surrounds into both sides, mono to stereo the one channel into both), to 32-bit float interleaved.
 */
final class ChannelMix implements AutoCloseable {
    private final int outChannels;
    private SwrContext swr;
    private int swrInChannels = -1;
    private int swrRate = -1;
    /** Whether FFmpeg could not mix {@link #swrInChannels} into the output's (no layout for the count). */
    private boolean plainMix;

    /** @param outChannels the output track's channel count */
    ChannelMix(int outChannels) {
        this.outChannels = outChannels;
    }

    /** @return the output track's channel count */
    int outChannels() {
        return outChannels;
    }

    /** @return whether a frame of sound needs mixing: its channel count is not the output's */
    boolean needed(Frame sound) {
        return sound.audioChannels > 0 && sound.audioChannels != outChannels;
    }

    /** @return {@code n} samples per channel of silence at the output's channel count, as {@link #mix} lays them out */
    FloatBuffer silence(int n) {
        return FloatBuffer.allocate(n * outChannels);
    }

    /**
     * @param sound a frame of sound whose channel count is not the output's
     * @return its samples mixed to the output's channel count, 32-bit float, interleaved, at its sample rate
     */
    FloatBuffer mix(Frame sound) {
        int in = sound.audioChannels;
        int n = (int) SoundTimeline.samples(sound);
        float[] interleaved = toFloat(sound, n);
        float[] out = new float[n * outChannels];
        if (n == 0) {
            return FloatBuffer.wrap(out);
        }
        prepare(in, sound.sampleRate);
        if (plainMix) {
            plainMix(interleaved, in, out, n);
            return FloatBuffer.wrap(out);
        }
        try (PointerScope scope = new PointerScope()) {
            FloatPointer src = new FloatPointer(interleaved);
            FloatPointer dst = new FloatPointer((long) n * outChannels);
            // No change of rate: the mix keeps no samples back, each call gives out all it takes.
            int got = swresample.swr_convert(swr, new PointerPointer<>(1).put(dst), n, new PointerPointer<>(1).put(src),
                    n);
            if (got < 0) {
                plainMix(interleaved, in, out, n);
            } else {
                dst.get(out, 0, got * outChannels);
                if (got < n) {
                    out = java.util.Arrays.copyOf(out, got * outChannels);
                }
            }
        }
        return FloatBuffer.wrap(out);
    }

    private void prepare(int in, int rate) {
        if (in == swrInChannels && rate == swrRate) {
            return;
        }
        swrInChannels = in;
        swrRate = rate;
        plainMix = false;
        if (swr == null) {
            swr = new SwrContext().retainReference();
        }
        try (AVChannelLayout inLayout = new AVChannelLayout(); AVChannelLayout outLayout = new AVChannelLayout()) {
            avutil.av_channel_layout_default(inLayout, in);
            avutil.av_channel_layout_default(outLayout, outChannels);
            int ret = swresample.swr_alloc_set_opts2(swr, outLayout, avutil.AV_SAMPLE_FMT_FLT, rate, inLayout,
                    avutil.AV_SAMPLE_FMT_FLT, rate, 0, null);
            if (ret < 0 || swresample.swr_init(swr) < 0) {
                // A count FFmpeg has no layout for (12 channels): each output channel takes the mean of the input
                // channels that fall on it in turn.
                plainMix = true;
            }
            avutil.av_channel_layout_uninit(inLayout);
            avutil.av_channel_layout_uninit(outLayout);
        }
    }

    /** Output channel c takes the mean of input channels c, c + out, c + 2 out ...; with fewer inputs, input c mod in. */
    private void plainMix(float[] in, int inChannels, float[] out, int n) {
        for (int c = 0; c < outChannels; c++) {
            for (int k = 0; k < n; k++) {
                float sum = 0;
                int count = 0;
                for (int i = c; i < inChannels; i += outChannels) {
                    sum += in[k * inChannels + i];
                    count++;
                }
                out[k * outChannels + c] = count > 0 ? sum / count : in[k * inChannels + c % inChannels];
            }
        }
    }

    /** @return the frame's {@code n} samples per channel as floats in [-1, 1], interleaved */
    static float[] toFloat(Frame sound, int n) {
        int channels = sound.audioChannels;
        boolean planar = sound.samples.length > 1;
        float[] out = new float[n * channels];
        for (int c = 0; c < channels; c++) {
            Buffer b = sound.samples[planar ? c : 0];
            int base = b.position();
            for (int k = 0; k < n; k++) {
                int at = base + (planar ? k : k * channels + c);
                out[k * channels + c] = sample(b, at);
            }
        }
        return out;
    }

    private static float sample(Buffer b, int at) {
        if (b instanceof ShortBuffer s) {
            return s.get(at) / 32768f;
        } else if (b instanceof FloatBuffer f) {
            return f.get(at);
        } else if (b instanceof IntBuffer i) {
            return (float) (i.get(at) / 2147483648.0);
        } else if (b instanceof DoubleBuffer d) {
            return (float) d.get(at);
        } else if (b instanceof ByteBuffer u8) {
            return ((u8.get(at) & 0xff) - 128) / 128f;
        }
        throw new IllegalArgumentException("audio samples of an unknown type: " + b.getClass().getSimpleName());
    }

    @Override
    public void close() {
        if (swr != null) {
            swresample.swr_free(swr);
            swr.releaseReference();
            swr = null;
        }
        swrInChannels = -1;
        swrRate = -1;
    }
}
