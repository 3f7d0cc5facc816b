package io.github.cam4j.video;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;

/**
 * What a run writes as its output's audio, decided before it starts from the {@link AudioMode} asked for and the
 * input's audio: a copy of its packets ({@link CopiedSound}), a re-encode to AAC ({@link SoundTimeline}), or nothing.
 *
 * @param copy the copied sound, owned by the run (closed after the recorder); null unless copying
 * @param aac whether the audio is decoded and re-encoded as AAC
 * @param notice one line saying what is done with the input's audio when it is not a plain copy, or that there is
 *     none when a copy or AAC was asked for; null for a copy, or an input without audio under auto or none
 */
record AudioPlan(CopiedSound copy, boolean aac, String notice) {
    /**
     * The codecs copied into the mp4: those players read there, each also checked against FFmpeg's mp4 muxer ({@code
     * avformat_query_codec}). Left out though the muxer takes them: Vorbis, MP2 and DTS in mp4 are rarely played.
     */
    static final Set<Integer> COPIED_CODECS = Set.of(avcodec.AV_CODEC_ID_AAC, avcodec.AV_CODEC_ID_MP3,
            avcodec.AV_CODEC_ID_AC3, avcodec.AV_CODEC_ID_EAC3, avcodec.AV_CODEC_ID_OPUS, avcodec.AV_CODEC_ID_ALAC,
            avcodec.AV_CODEC_ID_FLAC);

    private static final AudioPlan NO_AUDIO = new AudioPlan(null, false, null);

    /**
     * @param codecId an FFmpeg codec id
     * @return whether its audio is copied into the mp4: it is in {@link #COPIED_CODECS} and FFmpeg's mp4 muxer takes it
     *     at normal compliance
     */
    static boolean mp4Takes(int codecId) {
        if (!COPIED_CODECS.contains(codecId)) {
            return false;
        }
        AVOutputFormat mp4 = avformat.av_guess_format("mp4", null, null);
        return mp4 != null && avformat.avformat_query_codec(mp4, codecId, avcodec.FF_COMPLIANCE_NORMAL) == 1;
    }

    /**
     * @param input what is read
     * @param audioStream the input's audio stream's index as its reader numbers it; -1 for none
     * @param codecId the audio stream's codec, as its reader found it
     * @param info what the input says
     * @param mode what is asked for
     * @param wrap what is added to the input's times ({@link FrameSource#timestampWrap()}): the copied packets' too
     * @return the plan
     * @throws VideoException when {@link AudioMode#COPY} is asked for audio that cannot be copied, naming its codec and
     *     why, or the file cannot be opened again to copy it
     */
    static AudioPlan decide(VideoInput input, int audioStream, int codecId, VideoInfo info, AudioMode mode,
            TimestampWrap wrap) throws VideoException {
        if (!info.hasAudio() || audioStream < 0) {
            // Asked for by name, audio that is not there is said: the video written is silent, which may surprise.
            return mode == AudioMode.COPY || mode == AudioMode.AAC ? new AudioPlan(null, false, "video "
                    + info.source() + " has no audio to " + (mode == AudioMode.COPY ? "copy" : "re-encode")
                    + ": the video written is silent") : NO_AUDIO;
        }
        String of = "audio of " + info.source();
        if (mode == AudioMode.NONE) {
            // The setting is not named: the command line's is --audio, the library's optAudio; "(audio none)" was neither.
            return new AudioPlan(null, false, of + " is left out, as asked");
        }
        if (mode == AudioMode.AAC) {
            return new AudioPlan(null, true, of + " is re-encoded as AAC, as asked");
        }
        String codec = codecName(codecId);
        if (!mp4Takes(codecId)) {
            return refused(mode, of, "an mp4 does not hold " + codec + " (cam4j copies AAC, MP3, AC-3, E-AC-3, Opus, "
                    + "ALAC and FLAC)", codec);
        }
        Path file = input.path();
        if (!input.canReopen() || file == null || !Files.isRegularFile(file)) {
            // Copying reads the file a second time: a pipe's bytes would be taken from the picture's reader.
            return refused(mode, of, (input.canReopen() ? input + " is not a regular file" : file == null
                    ? input + " is a URL (read once)" : input + " is a pipe (read once)")
                    + ", and copying reads the input a second time", codec);
        }
        AudioPackets packets = AudioPackets.open(file, audioStream, wrap);
        if (packets.parameters().codec_id() != codecId) {
            packets.close();
            return refused(mode, of, "opened again, the file gives another codec, " + packets.codecName(), codec);
        }
        String change;
        try {
            change = codecId == avcodec.AV_CODEC_ID_AAC ? input.audioParameterChange(audioStream) : null;
        } catch (VideoException e) {
            packets.close();
            throw e;
        }
        if (change != null) {
            packets.close();
            return refused(mode, of, change + ", which an mp4 track, described once, cannot hold", codec);
        }
        try {
            return new AudioPlan(new CopiedSound(info.source(), packets), false, null);
        } catch (RuntimeException e) {
            packets.close();
            throw e;
        }
    }

    /** @return FFmpeg's name of a codec, e.g. "aac", "pcm_s16le" */
    static String codecName(int codecId) {
        org.bytedeco.javacpp.BytePointer name = avcodec.avcodec_get_name(codecId);
        return name == null || name.isNull() ? "codec " + codecId : name.getString();
    }

    private static AudioPlan refused(AudioMode mode, String of, String why, String codec) throws VideoException {
        if (mode == AudioMode.COPY) {
            String refusal = "cannot copy the " + of + " (" + codec + "): " + why;
            throw new VideoSettingException(refusal + "; ask for audio auto or aac (VideoPipeline.Builder.optAudio) to"
                    + " re-encode it as AAC", refusal + "; --audio auto or aac re-encodes it as AAC");
        }
        return new AudioPlan(null, true, of + " (" + codec + ") is re-encoded as AAC, not copied: " + why);
    }
}
