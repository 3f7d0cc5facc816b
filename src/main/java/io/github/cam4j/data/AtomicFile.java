package io.github.cam4j.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Writes a file so that it is either whole or not written at all: the content goes to a hidden temporary file in the
 * same folder, which is then renamed over the file in one step. A failure or a stopping JVM midway leaves the file as it
 * was (absent, or its previous version), never half of it; {@code evaluate}'s report.md and report.json were written in
 * place, and a Ctrl-C while they were written left half a report.
 *
 * <pre>{@code
 * AtomicFile.write(dir.resolve("report.md"), tmp -> Files.writeString(tmp, markdown));
 * AtomicFile.write(dir.resolve("chart.png"), tmp -> imwrite(tmp.toString(), chart)); // tmp ends in .png too
 * }</pre>
 */
public final class AtomicFile {
    /** {@code .part-<32 hex>-<file name>}: hidden, and ending as the file does. */
    private static final Pattern LEFTOVER = Pattern.compile("\\.part-[0-9a-f]{32}-(.+)");

    /**
     * The longest file name, in bytes, of the usual file systems (ext4, XFS, APFS, NTFS's 255 UTF-16 units are more):
     * the temporary's prefix took a name near it past it ("File name too long"), though the file itself fits.
     */
    private static final int MAX_NAME_BYTES = 255;

    /** The temporaries of writes under way, for {@link #removeUnfinished}. */
    private static final Set<Path> UNFINISHED = ConcurrentHashMap.newKeySet();

    private AtomicFile() {}

    /** @return the end of {@code name} (its extension kept) in at most {@code bytes} UTF-8 bytes, whole code points */
    private static String tail(String name, int bytes) {
        String tail = name;
        while (tail.getBytes(StandardCharsets.UTF_8).length > bytes) {
            tail = tail.substring(tail.offsetByCodePoints(0, 1));
        }
        return tail;
    }

    /** What writes a file's content, given the temporary path to write it to. */
    @FunctionalInterface
    public interface Content {
        /**
         * @param file where to write the content (a new file in the target's folder, ending with the target's name, or
         *     with its end, extension included, when the name is near the longest a file system allows)
         * @throws IOException when it cannot be written
         */
        void writeTo(Path file) throws IOException;
    }

    /**
     * Writes {@code file} through a temporary file renamed over it. On failure the temporary is removed and the file
     * left as it was. A device, FIFO or socket (or a link to one) is written into, never renamed over.
     *
     * @param file the file to write; its folder must exist
     * @param content what writes the content to the path it is given
     * @throws IOException when the content cannot be written or the rename fails
     */
    public static void write(Path file, Content content) throws IOException {
        Path target = linkedFile(file.toAbsolutePath());
        if (Files.exists(target) && !Files.isRegularFile(target) && !Files.isDirectory(target)) {
            writeThrough(file, target, content);
            return;
        }
        // The temporary ends with the file's own name (its end, for a name near the longest allowed), so writers that
        // choose a format by the extension (OpenCV's imwrite) write the same format; it is hidden, and recognisable
        // (isLeftover) if a killed JVM leaves it.
        String prefix = ".part-" + UUID.randomUUID().toString().replace("-", "") + "-";
        Path temporary = target.resolveSibling(prefix + tail(target.getFileName().toString(),
                MAX_NAME_BYTES - prefix.length()));
        boolean moved = false;
        UNFINISHED.add(temporary);
        try {
            writeContent(content, temporary, file);
            keepPermissions(target, temporary);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Same folder, so only an unusual file system lacks the atomic rename: a plain replace is still
                // better than refusing to write.
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            UNFINISHED.remove(temporary);
            if (!moved) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // The failure being thrown is the one to report; a leftover temporary is recognised by its name.
                }
            }
        }
    }

    /**
     * Removes the temporaries of the writes still under way, leaving their files as they were: for a JVM about to be
     * halted ({@link Runtime#halt}), which runs no {@code finally} block, so that a command ended midway through
     * writing an overlay left a hidden {@code .part-} file beside it (helper-194's finding). A write still going on
     * afterwards fails its rename; its file stays as it was.
     */
    public static void removeUnfinished() {
        for (Path temporary : UNFINISHED) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // Best effort on the way out: a leftover temporary is still recognised by its name (isLeftover).
            }
        }
    }

    /** Writes the content to the temporary, refusing a writer that wrote nothing there, in words naming {@code file}. */
    private static void writeContent(Content content, Path temporary, Path file) throws IOException {
        content.writeTo(temporary);
        if (!Files.isRegularFile(temporary)) {
            throw new IOException("cannot write " + file + ": its writer wrote nothing");
        }
    }

    /**
     * Writes the content into a device, FIFO or socket ({@code --json /dev/stdout}, a named pipe a reader waits on),
     * through a temporary in the system's temporary folder: renamed over, the special file was replaced by a regular
     * one, and as root {@code /dev/null} itself became an empty file of the report (the suite's FileKindsTest then
     * found it no character device). There is nothing to keep whole in such a file: what is written goes on as it comes.
     */
    private static void writeThrough(Path file, Path target, Content content) throws IOException {
        Path folder = Files.createTempDirectory("cam4j-");
        // Named as the path given ends (a link "out.png" to a device): writers choose their format by the extension.
        Path temporary = folder.resolve(tail(file.getFileName().toString(), MAX_NAME_BYTES));
        try {
            writeContent(content, temporary, file);
            try (java.io.OutputStream out = Files.newOutputStream(target, java.nio.file.StandardOpenOption.WRITE)) {
                Files.copy(temporary, out);
            }
        } finally {
            Files.deleteIfExists(temporary);
            Files.deleteIfExists(folder);
        }
    }

    /**
     * @return the file a symbolic link names (through a chain of them), or {@code path} itself: renamed over, a link in
     *     an output folder was replaced by a file of its own and the file it named left as it was, where writing in
     *     place had written through it (helper-68)
     */
    private static Path linkedFile(Path path) throws IOException {
        Path target = path;
        for (int hops = 0; Files.isSymbolicLink(target); hops++) {
            if (hops == 40) {
                throw new IOException("cannot write " + path + ": its symbolic links go round in a loop");
            }
            Path link = Files.readSymbolicLink(target);
            // Against the folder the link is in, as the kernel resolves it: "..", taken off the text, went wrong where
            // that folder is itself reached through a link (helper-69).
            Path folder = target.getParent();
            target = (folder == null ? link : folder.toRealPath().resolve(link));
        }
        return target;
    }

    /** Gives the new file the old one's permissions: a file replaced had the default mode instead of its own. */
    private static void keepPermissions(Path old, Path replacement) {
        try {
            if (Files.isRegularFile(old)) {
                Files.setPosixFilePermissions(replacement, Files.getPosixFilePermissions(old));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // Not a POSIX file system, or the mode cannot be read: the default mode, as a new file would get.
        }
    }

    /**
     * @param name a file's name
     * @return whether it is a temporary {@link #write} left behind (the JVM killed midway), not a file of its own
     */
    public static boolean isLeftover(String name) {
        return LEFTOVER.matcher(name).matches();
    }

    /**
     * @param name a file's name
     * @return the name of the file a temporary {@link #write} left behind was to become (its end, for a name near the
     *     longest allowed); empty when {@code name} is no such temporary
     */
    public static java.util.Optional<String> leftoverOf(String name) {
        java.util.regex.Matcher m = LEFTOVER.matcher(name);
        return m.matches() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }
}
