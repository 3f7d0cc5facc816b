package io.github.cam4j.data;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a path that is not a regular file is, in words: a FIFO read as a picture was "empty (0 bytes)", a symbolic link
 * loop "does not exist", and a model whose saved_model.pb is a FIFO "has no saved_model.pb".
 */
public final class FileKinds {
    private FileKinds() {}

    /**
     * @param path any path
     * @return what it is when it is there but not a regular file (nor a link to one), e.g. {@code "a FIFO (named pipe)"},
     *     {@code "a symbolic link loop"}, {@code "a link to a missing file"}, {@code "a directory"}; empty for a regular
     *     file, a link to one, and a path where nothing is
     */
    public static Optional<String> notRegular(Path path) {
        if (Files.isRegularFile(path)) {
            return Optional.empty();
        }
        if (Files.isSymbolicLink(path)) {
            try {
                path.toRealPath();
            } catch (java.nio.file.NoSuchFileException e) {
                return Optional.of("a link to a missing file");
            } catch (java.nio.file.AccessDeniedException e) {
                // Its target lies in a folder this user cannot search: it may well exist (helper-69).
                return Optional.of("a link to a file that cannot be reached (permission denied)");
            } catch (FileSystemException e) {
                // ELOOP comes back as a plain FileSystemException, its reason "Too many levels of symbolic links" (in
                // the C library's words, which a translated system may change: then the reason itself is given).
                boolean loop = e.getReason() != null && e.getReason().toLowerCase(java.util.Locale.ROOT).contains("levels");
                return Optional.of(loop ? "a symbolic link loop" : "a link that cannot be followed"
                        + (e.getReason() == null ? "" : " (" + e.getReason() + ")"));
            } catch (IOException e) {
                return Optional.of("a link that cannot be followed");
            }
        }
        if (Files.isDirectory(path)) {
            return Optional.of("a directory");
        }
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            return Optional.of(switch (mode & 0xF000) {
                case 0x1000 -> "a FIFO (named pipe)";
                case 0x2000 -> "a character device";
                case 0x6000 -> "a block device";
                case 0xC000 -> "a socket";
                default -> "not a regular file";
            });
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return Optional.of("not a regular file"); // a file system without Unix modes
        }
    }

    /**
     * @param path any path; a link is followed
     * @return whether it is a FIFO (named pipe): its bytes are read once, by one reader, and it cannot seek
     */
    public static boolean isFifo(Path path) {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            return (mode & 0xF000) == 0x1000;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return false; // nothing there, or a file system without Unix modes (and so without FIFOs)
        }
    }

    /**
     * @param path a path that should be a regular file
     * @param what how messages name it, e.g. {@code "image"}
     * @return one line saying what it is instead, e.g. {@code "image x.png is a FIFO (named pipe), not a regular
     *     file"}, when it is there but not a regular file
     */
    public static Optional<String> refusal(Path path, String what) {
        return refusal(path, what, path.toString());
    }

    /**
     * @param path the file
     * @param what what it should be, e.g. "video"
     * @param named how the message names it, when not by its path (a {@code file:} URL as the user gave it)
     * @return as {@link #refusal(Path, String)}, naming the file so
     */
    public static Optional<String> refusal(Path path, String what, String named) {
        return notRegular(path).map(kind -> what + " " + named + " is " + (kind.equals("not a regular file") ? kind
                : kind + ", not a regular file"));
    }
}
