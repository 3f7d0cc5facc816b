package io.github.cam4j.video;

import org.bytedeco.ffmpeg.global.avutil;

/**
 * FFmpeg's failures, as JavaCV words them, made into the one-line reasons cam4j's errors give: the first line of the
 * message, without JavaCV's advice on its own API, with FFmpeg's words beside a bare error code.
 */
final class FfmpegErrors {
    private FfmpegErrors() {}

    /** @return the first line of an exception's message (FFmpeg's can run on), or its class when it has none */
    static String firstLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        String line = (nl < 0 ? m : m.substring(0, nl)).strip();
        // JavaCV appends advice for its own API (setFormat, its log callback) that means nothing to a user of cam4j.
        for (String advice : new String[] {" (Has setFormat()", " (For more details"}) {
            int at = line.indexOf(advice);
            if (at >= 0) {
                line = line.substring(0, at);
            }
        }
        return withErrorText(line);
    }

    private static final java.util.regex.Pattern ERROR_CODE = java.util.regex.Pattern.compile("error (-\\d{1,10})\\b");

    /**
     * JavaCV gives FFmpeg's error codes as bare numbers: a full disk was "av_interleaved_write_frame() error -28 while
     * writing interleaved audio packet". FFmpeg's words for the code are put beside it: "error -28 (No space left on
     * device)".
     */
    static String withErrorText(String line) {
        java.util.regex.Matcher m = ERROR_CODE.matcher(line);
        if (!m.find()) {
            return line;
        }
        long code = Long.parseLong(m.group(1));
        if (code < Integer.MIN_VALUE) {
            return line;
        }
        byte[] text = new byte[avutil.AV_ERROR_MAX_STRING_SIZE];
        if (avutil.av_strerror((int) code, text, text.length) < 0) {
            return line; // a code FFmpeg has no words for
        }
        int end = 0;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        String words = new String(text, 0, end, java.nio.charset.StandardCharsets.UTF_8).strip();
        if (words.isEmpty() || line.contains(words)) {
            return line;
        }
        return line.substring(0, m.end()) + " (" + words + ")" + line.substring(m.end());
    }
}
