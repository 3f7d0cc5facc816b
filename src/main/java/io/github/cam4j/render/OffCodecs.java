package io.github.cam4j.render;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The two codecs this OpenCV build has but leaves off unless a variable of the environment switches them on: JPEG 2000
 * (Jasper, off for its security record) and OpenEXR. Asking OpenCV about either, to read a file or to learn whether it
 * writes a name ({@code haveImageWriter}), printed its own paragraph on standard error before cam4j's one-line message
 * ("[ WARN:0@0.22] global grfmt_jpeg2000.cpp:103 initJasper imgcodecs: Jasper (JPEG-2000) codec is disabled. You can
 * enable it via 'OPENCV_IO_ENABLE_JASPER' option. Refer for details..."). While the variable is unset cam4j answers
 * without asking; a user who set it is left to OpenCV, which then reads and writes the format.
 */
final class OffCodecs {
    /** The extension OpenCV gives each codec's writer, and the variable that switches the codec on. */
    private static final Map<String, String> BY_EXTENSION = Map.of(
            ".jp2", "OPENCV_IO_ENABLE_JASPER",
            ".exr", "OPENCV_IO_ENABLE_OPENEXR");

    /** The name {@link ImageFormats#unreadable} gives each codec's files, and the variable that switches it on. */
    private static final Map<String, String> BY_FORMAT = Map.of(
            "a JPEG 2000", "OPENCV_IO_ENABLE_JASPER",
            "an OpenEXR", "OPENCV_IO_ENABLE_OPENEXR");

    private OffCodecs() {}

    /** @return whether {@code file}'s extension names a codec that is off, so that OpenCV has no writer for it */
    static boolean offByName(Path file) {
        String lower = file.toString().toLowerCase(Locale.ROOT);
        return BY_EXTENSION.entrySet().stream()
                .anyMatch(e -> lower.endsWith(e.getKey()) && System.getenv(e.getValue()) == null);
    }

    /**
     * @param format what {@link ImageFormats#unreadable} named a file, e.g. "a JPEG 2000"
     * @return whether OpenCV cannot decode it however it is asked: any such format but one whose codec was switched on
     */
    static boolean offByContent(String format) {
        String variable = BY_FORMAT.get(format);
        return variable == null || System.getenv(variable) == null;
    }
}
