package io.github.cam4j.video;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * One audio stream's packets, read from a file opened a second time, apart from the decoder that reads its pictures:
 * the packets go to the output as they are ({@link CopiedSound}). The file's other streams are skipped by the
 * demuxer ({@code AVDISCARD_ALL}). One packet is held at a time; native memory is freed on {@link #close}.
 */
final class AudioPackets implements AutoCloseable {
    private final Path file;
    private AVFormatContext context;
    private final int index;
    /** What is added to every packet's times: the picture's reader's lift of the input's times. */
    private final TimestampWrap wrap;
    private AVPacket packet;
    /** Whether {@link #packet} holds the next packet, read but not taken. */
    private boolean held;
    private boolean ended;

    private AudioPackets(Path file, AVFormatContext context, int index, TimestampWrap wrap) {
        this.file = file;
        this.context = context;
        this.index = index;
        this.wrap = wrap;
        this.packet = avcodec.av_packet_alloc();
    }

    /**
     * @param file a regular file (read twice: a pipe's bytes would be taken from the picture's reader)
     * @param index the audio stream's index, as the picture's reader numbers it (the same demuxer numbers it alike)
     * @param wrap the picture's reader's lift of the input's times ({@link TimestampWrap}), taken as it is: this
     *     reader sees the sound alone, which may start past the wrap while the picture starts before it
     * @return its packets, from the start, their times lifted
     * @throws VideoException when FFmpeg cannot open the file or the stream is no audio stream
     */
    static AudioPackets open(Path file, int index, TimestampWrap wrap) throws VideoException {
        AVFormatContext ctx = new AVFormatContext(null);
        int ret = avformat.avformat_open_input(ctx, file.toString(), null, null);
        if (ret < 0) {
            throw new VideoException("cannot read the audio of " + file + " a second time, to copy it: "
                    + FfmpegErrors.withErrorText("error " + ret));
        }
        AudioPackets p = new AudioPackets(file, ctx, index, wrap);
        try {
            // An MPEG-TS file states its sound's rate and channels only in the packets: found as the decoder finds them.
            ret = avformat.avformat_find_stream_info(ctx, (PointerPointer<?>) null);
            if (ret < 0 || index < 0 || index >= ctx.nb_streams()
                    || ctx.streams(index).codecpar().codec_type() != avutil.AVMEDIA_TYPE_AUDIO) {
                throw new VideoException("cannot copy the audio of " + file + ": its stream " + index
                        + " is no audio stream when the file is opened again");
            }
            for (int i = 0; i < ctx.nb_streams(); i++) {
                if (i != index) {
                    ctx.streams(i).discard(avcodec.AVDISCARD_ALL);
                }
            }
            return p;
        } catch (VideoException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /** @return the stream copied: its codec parameters and time base */
    AVStream stream() {
        return context.streams(index);
    }

    /** @return the stream's codec parameters */
    AVCodecParameters parameters() {
        return stream().codecpar();
    }

    /** @return FFmpeg's name of the stream's codec, e.g. "aac", "pcm_s16le" */
    String codecName() {
        return AudioPlan.codecName(parameters().codec_id());
    }

    /**
     * @return the next packet of the stream, read but not taken (this reader keeps it until {@link #taken} or
     *     {@link #drop}); null at the end of the file or at a read error (the picture's reader reports a damaged file)
     */
    AVPacket peek() {
        while (!held && !ended) {
            int ret = avformat.av_read_frame(context, packet);
            if (ret < 0) {
                ended = true;
            } else if (packet.stream_index() == index) {
                held = true;
                lift(packet);
            } else {
                avcodec.av_packet_unref(packet);
            }
        }
        return held ? packet : null;
    }

    /** Adds the lift of the input's times to a packet of the stream: a time unknown stays unknown. */
    private void lift(AVPacket p) {
        long ticks = wrap.ticks(stream());
        if (ticks == 0) {
            return;
        }
        if (p.pts() != avutil.AV_NOPTS_VALUE) {
            p.pts(p.pts() + ticks);
        }
        if (p.dts() != avutil.AV_NOPTS_VALUE) {
            p.dts(p.dts() + ticks);
        }
    }

    /** The packet from {@link #peek} was written (the writer unreferenced its data): the next one is read. */
    void taken() {
        held = false;
    }

    /** The packet from {@link #peek} is not written: its data is freed. */
    void drop() {
        if (held) {
            avcodec.av_packet_unref(packet);
            held = false;
        }
    }

    /**
     * @param p a packet
     * @return the samples its side data says a decoder drops from its start (an AAC encoder's priming, which an mp4's
     *     edit list hides), 0 when it says none
     */
    static long skippedSamples(AVPacket p) {
        try (SizeTPointer size = new SizeTPointer(1)) {
            BytePointer side = avcodec.av_packet_get_side_data(p, avcodec.AV_PKT_DATA_SKIP_SAMPLES, size);
            if (side == null || side.isNull() || size.get() < 4) {
                return 0;
            }
            side.capacity(size.get());
            return (side.get(0) & 0xFFL) | (side.get(1) & 0xFFL) << 8 | (side.get(2) & 0xFFL) << 16
                    | (side.get(3) & 0xFFL) << 24;
        }
    }

    /**
     * Reads the stream to its end for a change of its parameters that an mp4, which describes a track once, cannot
     * hold: AAC in ADTS frames (MPEG-TS, a raw .aac) states its profile, rate and channels in every frame, and a
     * broadcast's ad break changes them. Other packets, and other containers, are taken at their word.
     *
     * @param file the file
     * @param index the audio stream's index
     * @return where and how the stream changes, for a message; null when it does not
     * @throws VideoException when the file cannot be opened again
     */
    static String parameterChange(Path file, int index) throws VideoException {
        READS_TO_END.incrementAndGet();
        // The packets' times are not read: how far in the change is, is counted from the sound itself.
        try (AudioPackets p = open(file, index, TimestampWrap.NONE)) {
            int first = -1;
            // Where the change is, as played: the sound before it, frame by frame. Not the packet's timestamp: MPEG-TS
            // pieces joined end to end (cat a.ts b.ts) each start their clock again, so the second piece's first packet
            // said 1.40 s when it came 1.54 s into the sound.
            double played = 0;
            long frames = 0;
            for (AVPacket pkt; (pkt = p.peek()) != null; p.drop()) {
                int header = adtsHeader(pkt);
                if (header < 0) {
                    return null; // not ADTS: described once, in the container's header
                }
                if (first < 0) {
                    first = header;
                } else if (header != first) {
                    return String.format(java.util.Locale.ROOT, "its AAC changes from %s to %s %.2f s into its sound "
                            + "(at its frame %d)", adts(first), adts(header), played, frames + 1);
                }
                played += adtsSeconds(pkt, header);
                frames++;
            }
            return null;
        }
    }

    /** How many times {@link #parameterChange} has read a stream to its end, in this JVM: what tests count. */
    static final java.util.concurrent.atomic.AtomicLong READS_TO_END = new java.util.concurrent.atomic.AtomicLong();

    /**
     * A {@link #parameterChange} read of one audio stream of a file as it stood then (its identity, size and time of
     * change), kept by the {@link VideoInput} it was read for: a check before the run ({@link
     * VideoPipeline#checkAudio}) and the run itself read an MPEG-TS file's sound once between them, not twice.
     *
     * @param index the audio stream's index
     * @param file the file as it stood when read
     * @param change what {@link #parameterChange} said: null when the stream does not change
     */
    record Read(int index, FileState file, String change) {
        /**
         * @return the read of that stream of that file, kept when it is still of the file as it stands now; else
         *     read again
         */
        static Read of(Read kept, Path file, int index) throws VideoException {
            FileState now = FileState.of(file);
            if (kept != null && kept.index == index && now != null && now.equals(kept.file)) {
                return kept;
            }
            return new Read(index, now, parameterChange(file, index));
        }
    }

    /** What tells a file apart from itself rewritten: its identity (inode), size and time of last change. */
    record FileState(Object key, long size, java.nio.file.attribute.FileTime modified) {
        /** @return the file's state now; null when it cannot be read (then nothing read of it is kept) */
        static FileState of(Path file) {
            try {
                java.nio.file.attribute.BasicFileAttributes a = java.nio.file.Files.readAttributes(file,
                        java.nio.file.attribute.BasicFileAttributes.class);
                return new FileState(a.fileKey(), a.size(), a.lastModifiedTime());
            } catch (java.io.IOException | RuntimeException e) {
                return null;
            }
        }
    }

    /** @return an ADTS frame's fixed fields that may change (profile, rate index, channels), or -1 for no ADTS frame */
    private static int adtsHeader(AVPacket p) {
        if (p.size() < 7 || p.data() == null) {
            return -1;
        }
        BytePointer d = p.data();
        int b0 = d.get(0) & 0xFF;
        int b1 = d.get(1) & 0xFF;
        if (b0 != 0xFF || (b1 & 0xF6) != 0xF0) {
            return -1;
        }
        // Byte 2: profile (2 bits), rate index (4), private bit (1, ignored), channels' high bit; byte 3: their low two.
        return ((d.get(2) & 0xFD) << 8) | (d.get(3) & 0xC0);
    }

    /**
     * @return how long an ADTS frame plays: 1024 samples for each of its raw data blocks (byte 6's last two bits, less
     *     one), at the rate its header states; 0 for a rate index ADTS does not define
     */
    private static double adtsSeconds(AVPacket p, int header) {
        int rateIndex = (header >> 10) & 0xF;
        if (rateIndex >= ADTS_RATES.length) {
            return 0;
        }
        int blocks = (p.data().get(6) & 0x3) + 1;
        return blocks * 1024.0 / ADTS_RATES[rateIndex];
    }

    private static final int[] ADTS_RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000,
        11025, 8000, 7350};

    private static String adts(int header) {
        int rateIndex = (header >> 10) & 0xF;
        int channels = ((header >> 8) & 0x1) << 2 | (header & 0xC0) >> 6;
        String rate = rateIndex < ADTS_RATES.length ? ADTS_RATES[rateIndex] + " Hz" : "rate index " + rateIndex;
        return rate + ", " + channels + (channels == 1 ? " channel" : " channels");
    }

    @Override
    public void close() {
        if (packet != null) {
            avcodec.av_packet_free(packet);
            packet = null;
        }
        if (context != null) {
            avformat.avformat_close_input(context);
            context = null;
        }
    }

    @Override
    public String toString() {
        return file + " stream " + index;
    }
}
