package io.github.cam4j.video;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Pictures that FFmpeg reads as a video: numbered pictures named by a printf pattern ({@code frame%03d.png}), and
 * files its image readers open, which are a video when they hold pictures one after another and a still image when
 * they hold one. {@link FileOpener} reads the first as a video and refuses the last.
 */
final class PictureFiles {
    /** A printf number in a file name, as FFmpeg's image sequences take it: %d, %03d. */
    private static final Pattern SEQUENCE = Pattern.compile("%0?\\d*d");

    private PictureFiles() {}

    /** @return whether the file's name holds exactly one printf number, as an image sequence's name does */
    static boolean namesSequence(Path file) {
        return SEQUENCE.matcher(file.getFileName().toString()).results().count() == 1;
    }

    /**
     * FFmpeg reads numbered pictures as a video ({@code frame%03d.png}: frame000.png, frame001.png... at 25 fps), which
     * cam4j refused as a file that does not exist (helper-64).
     *
     * @param pattern a path whose file name may hold one printf number
     * @return the sequence's first picture, numbered 0 to 4 as FFmpeg looks for it; empty when the name holds no
     *     number or none of those pictures exists
     */
    static Optional<Path> firstOfSequence(Path pattern) {
        Path name = pattern.getFileName();
        if (name == null) {
            return Optional.empty();
        }
        String n = name.toString();
        Matcher m = SEQUENCE.matcher(n);
        if (!m.find()) {
            return Optional.empty();
        }
        int from = m.start();
        int to = m.end();
        String number = m.group();
        if (m.find()) {
            return Optional.empty(); // more than one number: not a sequence FFmpeg reads
        }
        for (int start = 0; start <= 4; start++) {
            Path picture = pattern.resolveSibling(n.substring(0, from) + String.format(java.util.Locale.ROOT, number, start)
                    + n.substring(to));
            if (Files.isRegularFile(picture)) {
                return Optional.of(picture);
            }
        }
        return Optional.empty();
    }

    /**
     * @param demuxer the name of the FFmpeg demuxer that opened a file
     * @return the picture's format, e.g. "PNG", when the demuxer is one of FFmpeg's image readers ({@code image2}, or
     *     {@code png_pipe}, {@code jpeg_pipe} ... which it picks by a file's content); null for a video. GIF is left
     *     to play as what it usually is, an animation.
     */
    static String stillImageFormat(String demuxer) {
        if (demuxer == null) {
            return null;
        }
        if (demuxer.equals("image2")) {
            return "an image";
        }
        if (demuxer.endsWith("_pipe") && !demuxer.equals("gif_pipe")) {
            return demuxer.substring(0, demuxer.length() - "_pipe".length()).toUpperCase(java.util.Locale.ROOT);
        }
        return null;
    }

    /** @return whether a grabber just started decodes a second picture (it is read on: start another to use it) */
    static boolean holdsMoreThanOnePicture(FFmpegFrameGrabber g) {
        try {
            int pictures = 0;
            while (pictures < 2 && g.grabImage() != null) {
                pictures++;
            }
            return pictures >= 2;
        } catch (FrameGrabber.Exception | RuntimeException e) {
            return false;
        }
    }
}
