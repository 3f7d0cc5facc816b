package io.github.cam4j.video;

import io.github.cam4j.data.FileKinds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Tells an output that is written as a stream, once and in order: a named pipe (FIFO) or another special file that
 * cannot seek (a character device, a socket). A plain mp4 cannot be written there, as its muxer goes back to write the
 * sizes and the index (moov) at the end: FFmpeg failed with "Could not write header" (blamed on the copied audio when
 * there was some). Such an output is written as a fragmented mp4, as a live input's is ({@link
 * VideoPipeline#fragments(VideoInput, Path)}); nothing reads it back once written (its reader has taken its bytes).
 */
final class PipeOutput {
    private PipeOutput() {}

    /**
     * @param output the video to write; a link is followed
     * @return what it is when it is a special file that cannot seek, e.g. {@code "a FIFO (named pipe)"}; empty for a
     *     regular file, a folder, a block device (which seeks), and a path where nothing is yet
     */
    static Optional<String> kind(Path output) {
        if (!Files.exists(output) || Files.isRegularFile(output) || Files.isDirectory(output)) {
            return Optional.empty();
        }
        return FileKinds.notRegular(output).filter(kind -> !kind.equals("a block device"));
    }

    /**
     * @param output the video to write
     * @return whether it is written as a stream ({@link #kind})
     */
    static boolean is(Path output) {
        return kind(output).isPresent();
    }
}
