package io.github.cam4j.video;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * A file's audio tracks, numbered from 1 in the file's order as a player's menu lists them, and the one a run reads:
 * an mp4 holds one audio track here, so with several (a film's languages, a commentary) the others are left out, and
 * that is said ({@link #notice}). Numbered among the audio streams only, so that the number a user gives
 * ({@link VideoPipeline.Builder#optAudioTrack}) does not depend on where the video and subtitle streams sit.
 *
 * @param all every audio track of the file, in its order; empty when it has none
 * @param chosen the track read, null when none is
 * @param asked whether the track was asked for, not a player's choice
 * @param pipe whether the input is a pipe, read once: the track read is the one FFmpeg took as it opened it, and no
 *     other can be picked
 */
record AudioTracks(List<Track> all, Track chosen, boolean asked, boolean pipe) {
    /** Nothing known of the audio tracks: a camera, a run that reads no audio. */
    static final AudioTracks NONE = new AudioTracks(List.of(), null, false, false);

    /**
     * One audio stream of a file.
     *
     * @param number its place among the file's audio streams, from 1
     * @param index its index among all of the file's streams, as FFmpeg numbers them
     * @param codec FFmpeg's name of its codec, e.g. "aac"
     * @param language its language tag (ISO 639-2, "fra"); null when it has none or says "und"
     * @param title its title tag ("Commentary"); null when it has none
     * @param flaggedDefault whether the file flags it as the one to play
     */
    record Track(int number, int index, String codec, String language, String title, boolean flaggedDefault) {
        /** @return what tells it apart, e.g. "ac3, fra, 'Commentary', default" */
        String traits() {
            List<String> traits = new ArrayList<>();
            traits.add(codec);
            if (language != null) {
                traits.add(language);
            }
            if (title != null) {
                traits.add("'" + title + "'");
            }
            if (flaggedDefault) {
                traits.add("default");
            }
            return String.join(", ", traits);
        }
    }

    /**
     * @param oc an opened file
     * @return its audio streams, in its order
     */
    static List<Track> of(AVFormatContext oc) {
        List<Track> tracks = new ArrayList<>();
        for (int i = 0; oc != null && i < oc.nb_streams(); i++) {
            AVStream st = oc.streams(i);
            if (st.codecpar().codec_type() != avutil.AVMEDIA_TYPE_AUDIO) {
                continue;
            }
            String language = tag(st, "language");
            if (language != null && language.equalsIgnoreCase("und")) {
                language = null; // "undetermined": what a file without a language says
            }
            tracks.add(new Track(tracks.size() + 1, i, AudioPlan.codecName(st.codecpar().codec_id()), language,
                    tag(st, "title"), (st.disposition() & avformat.AV_DISPOSITION_DEFAULT) != 0));
        }
        return List.copyOf(tracks);
    }

    private static String tag(AVStream st, String key) {
        AVDictionaryEntry e = avutil.av_dict_get(st.metadata(), key, null, 0);
        if (e == null || e.value() == null || e.value().isNull()) {
            return null;
        }
        String value = e.value().getString().strip();
        return value.isEmpty() ? null : value;
    }

    /**
     * @param tracks a file's audio tracks
     * @param index the stream read, as FFmpeg numbers the file's streams; -1 for none
     * @param asked whether it was asked for
     * @param pipe whether the input is a pipe, read once
     * @return the tracks, with the one read
     */
    static AudioTracks reading(List<Track> tracks, int index, boolean asked, boolean pipe) {
        Track chosen = tracks.stream().filter(t -> t.index() == index).findFirst().orElse(null);
        return new AudioTracks(tracks, chosen, asked && chosen != null, pipe);
    }

    /**
     * @param tracks a file's audio tracks
     * @param number the track asked for, from 1
     * @param source the file, as messages name it
     * @return the track
     * @throws VideoSettingException when the file has no such track, listing those it has
     */
    static Track pick(List<Track> tracks, int number, String source) throws VideoSettingException {
        if (number >= 1 && number <= tracks.size()) {
            return tracks.get(number - 1);
        }
        String has = tracks.isEmpty() ? "video " + source + " has no audio track"
                : "video " + source + " has " + count(tracks.size()) + ": " + list(tracks);
        throw new VideoSettingException("no audio track " + number + " to read (VideoPipeline.Builder.optAudioTrack): "
                + has, "--audio-track " + number + ": " + has);
    }

    /** @return "1 audio track", "3 audio tracks" */
    private static String count(int n) {
        return n == 1 ? "1 audio track" : n + " audio tracks";
    }

    /** @return every track, e.g. "track 1 (aac, eng), track 2 (ac3, fra, default)" */
    static String list(List<Track> tracks) {
        return tracks.stream().map(t -> "track " + t.number() + " (" + t.traits() + ")")
                .collect(Collectors.joining(", "));
    }

    /**
     * @param source the file, as messages name it
     * @param picker what picks another track where the notice is read: the builder's method for the library ({@code
     *     VideoPipeline.Builder.optAudioTrack(N)}), the option for the command line ({@code --audio-track N})
     * @return for a file with more than one audio track, one line naming the track written and saying that the others
     *     are left out, and how to pick another (for a pipe, how to write it); null for a file with one or none, or
     *     when none is read
     */
    String notice(String source, String picker) {
        if (chosen == null || all.size() < 2) {
            return null;
        }
        // A pipe's track is the one FFmpeg took as it opened it (the first, not the one flagged default), and the
        // option that picks another refuses a pipe: it had been offered (helper-156's audit).
        String how = pipe ? "a pipe is read once: write it with another track mapped first, ffmpeg ... -map 0:v:0"
                + " -map 0:a:N-1" : picker + " picks " + (asked ? "another" : "one");
        return String.format(Locale.ROOT, "audio of %s: track %d of %d (%s) is written%s; the other%s left out (%s)",
                source, chosen.number(), all.size(), chosen.traits(), asked ? ", as asked" : "",
                all.size() == 2 ? " is" : "s are", how);
    }
}
