package io.github.cam4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Paths on disk: removing a folder with everything in it (staging folders, temporary models, an output the user let
 * replace), and naming a path that may not exist yet by the real place it will be.
 */
public final class FileTrees {
    private FileTrees() {}

    /**
     * Deletes a file or a folder tree, deepest entries first; nothing happens when it does not exist.
     *
     * @param root the file or folder
     * @throws IOException when an entry cannot be deleted
     */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * @param p a path, which may not exist yet
     * @return it with links resolved as far as it exists: its nearest existing ancestor's real path, then the names
     *     below it that do not exist yet; so two names of one place compare equal before either is made
     */
    public static Path resolved(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            return existing == null ? abs : existing.toRealPath().resolve(existing.relativize(abs));
        } catch (IOException e) {
            return abs;
        }
    }

    /**
     * @param folder a folder that exists and cannot be written to
     * @return why, as the end of a sentence: "is on a read-only file system" when its mount says so (access(2)
     *     refuses such a folder even to root), else "is not writable"
     */
    public static String whyNotWritable(Path folder) {
        try {
            if (Files.getFileStore(folder).isReadOnly()) {
                return "is on a read-only file system";
            }
        } catch (IOException e) {
            // Then only that it is not writable is known.
        }
        return "is not writable";
    }

    /**
     * @param folder a path that is not an existing folder
     * @return why files cannot be made in it, as a sentence's end after the output's name: "folder F does not exist",
     *     or "P is a file, not a folder" when it or one of its parents is a file (creating it cannot help then, and
     *     "does not exist" said it could)
     */
    public static String whyNotAFolder(Path folder) {
        return fileInTheWay(folder).map(p -> p + " is a file, not a folder")
                .orElse("folder " + folder.toAbsolutePath() + " does not exist");
    }

    /**
     * A file opened for writing where it stands (FFmpeg's video, a JSON Lines writer), not renamed over, is written
     * through a symbolic link: a link to nothing makes its target, which needs its folder.
     *
     * @param file a file to be written in place
     * @return why it cannot be, as a sentence's end after its name: "it links to T, where folder F does not exist" (or
     *     where a file stands in the way, {@link #whyNotAFolder}) when it is a symbolic link to nothing whose target's
     *     folder is not a folder, the target followed through a chain of links; "it links to T, where folder F is not
     *     writable" (or "is on a read-only file system") when that folder takes no new files ({@link #takesNewFiles});
     *     "its symbolic links go round in a loop" when they do (a.png to itself), which no write gets through; empty
     *     otherwise
     */
    public static java.util.Optional<String> whyNotWritableThroughLink(Path file) {
        if (!Files.isSymbolicLink(file) || Files.exists(file)) {
            return java.util.Optional.empty();
        }
        // Followed to the end, as the kernel and AtomicFile follow it: only the first link's folder was looked at, so
        // a loop (a.png to itself) and a chain into a missing folder were let through, to fail once the work was done.
        LinkChain chain = LinkChain.of(file);
        if (chain.loops()) {
            return java.util.Optional.of("its symbolic links go round in a loop");
        }
        if (chain.unread()) {
            return java.util.Optional.empty(); // the write itself will say what is wrong
        }
        Path target = chain.end();
        Path link = chain.hops().get(chain.hops().size() - 1);
        Path folder = target.getParent();
        if (folder == null) {
            return java.util.Optional.empty();
        }
        if (Files.isDirectory(folder)) {
            // A link to /proc/x.png passed, --force given, and the figure's write failed once the work was done,
            // "(OpenCV's imwrite failed: check permissions and free space)": the file is made in the target's folder.
            return takesNewFiles(folder) ? java.util.Optional.empty()
                    : java.util.Optional.of("it links to " + link + ", where folder " + resolved(folder) + " "
                            + whyNotWritable(folder));
        }
        return java.util.Optional.of("it links to " + link + ", where " + whyNotAFolder(folder));
    }

    /**
     * Why a file that is a symbolic link to an existing file cannot be replaced through it as {@link AtomicFile} replaces
     * it: a temporary file is made in the folder of the file the link reaches and renamed over it, so that folder must
     * take new files, whatever the file's own permission. A figure's {@code --out} linked to a file in a read-only folder
     * passed every check with --force, and the command ran its models before "cannot write image L (OpenCV's imwrite
     * failed: check permissions and free space)"; the same file named directly was refused up front.
     *
     * @param file a file to be replaced through a temporary renamed over it
     * @return "it links to T, where folder F is not writable" (or "is on a read-only file system") when {@code file} is a
     *     symbolic link whose chain ends at an existing regular file in a folder that takes no new files
     *     ({@link #takesNewFiles}); empty otherwise (no link, a link to nothing, which
     *     {@link #whyNotWritableThroughLink} judges, to a device, which is written into, or to a folder)
     */
    public static java.util.Optional<String> whyNotReplaceableThroughLink(Path file) {
        if (!Files.isSymbolicLink(file) || !Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        LinkChain chain = LinkChain.of(file);
        if (chain.loops() || chain.unread()) {
            return java.util.Optional.empty();
        }
        Path folder = chain.end().getParent();
        if (folder == null || takesNewFiles(folder)) {
            return java.util.Optional.empty();
        }
        Path link = chain.hops().get(chain.hops().size() - 1);
        return java.util.Optional.of("it links to " + link + ", where folder " + resolved(folder) + " "
                + whyNotWritable(folder));
    }

    /**
     * @param folder an existing folder
     * @return whether new files can be made in it: the system says so (access(2), which refuses a read-only mount even
     *     to root), and it is not under /proc or /sys, which take none whatever their permission bits say
     */
    public static boolean takesNewFiles(Path folder) {
        Path real = resolved(folder);
        return Files.isWritable(folder) && !real.startsWith("/proc") && !real.startsWith("/sys");
    }

    /**
     * Where a write through a symbolic link lands: the file its chain of links ends at, as the kernel and
     * {@link AtomicFile} follow it. A picture is written in the format that file's name gives (AtomicFile names its
     * temporary after it), not the link's.
     *
     * @param file a path
     * @return the end of its links, which may not exist, named by its real place as far as that exists
     *     ({@link #resolved}); empty when {@code file} is no symbolic link, or its links go round in a loop or cannot be
     *     read
     */
    public static java.util.Optional<Path> linkEnd(Path file) {
        if (!Files.isSymbolicLink(file)) {
            return java.util.Optional.empty();
        }
        LinkChain chain = LinkChain.of(file);
        return chain.loops() || chain.unread() ? java.util.Optional.empty() : java.util.Optional.of(resolved(chain.end()));
    }

    /**
     * Says where a symbolic link to nothing leads, followed to its end as the kernel follows it: only the first hop had
     * been said, so {@code la -> lb -> gone} was "a link to lb, which does not exist" where lb stands, a link itself,
     * and {@code lx -> ly -> lx} the same of a loop.
     *
     * @param link a symbolic link whose target does not exist ({@code Files.exists} false)
     * @return the end of a sentence after its name: "is a link to gone, which does not exist", "is a link to lb, a link
     *     to gone, which does not exist" (the hops as the links hold them, up to three, then "..."), or "is a symbolic
     *     link, and its links go round in a loop"
     */
    public static String danglingLinkSaid(Path link) {
        LinkChain chain = LinkChain.of(link);
        if (chain.loops()) {
            return "is a symbolic link, and its links go round in a loop";
        }
        java.util.List<String> hops = new java.util.ArrayList<>(chain.hops().stream().map(Path::toString).toList());
        if (chain.unread()) {
            hops.add("a path that cannot be read");
        }
        String shown = hops.size() <= 3 ? String.join(", a link to ", hops)
                : String.join(", a link to ", hops.subList(0, 2)) + ", ... (" + (hops.size() - 3) + " more), a link to "
                        + hops.get(hops.size() - 1);
        return "is a link to " + shown + ", which does not exist";
    }

    /**
     * A symbolic link followed to its end, as the kernel follows it.
     *
     * @param hops each link's target as the link holds it, in order
     * @param end where the last hop leads, resolved against its link's folder
     * @param loops whether the links go round ({@value #MAX_LINK_HOPS} hops followed without an end)
     * @param unread whether a link on the way could not be read (the chain stops at it)
     */
    private record LinkChain(java.util.List<Path> hops, Path end, boolean loops, boolean unread) {
        static LinkChain of(Path link) {
            java.util.List<Path> hops = new java.util.ArrayList<>();
            Path at = link.toAbsolutePath();
            while (Files.isSymbolicLink(at)) {
                if (hops.size() == MAX_LINK_HOPS) {
                    return new LinkChain(hops, at, true, false);
                }
                Path next;
                try {
                    next = Files.readSymbolicLink(at);
                } catch (IOException | UnsupportedOperationException e) {
                    return new LinkChain(hops, at, false, true);
                }
                hops.add(next);
                Path here = at.getParent();
                at = here == null ? next : here.resolve(next);
            }
            return new LinkChain(hops, at, false, false);
        }
    }

    /** How many symbolic links a path is followed through before it is taken for a loop: Linux's own limit, 40. */
    private static final int MAX_LINK_HOPS = 40;

    /**
     * @param folder a path that is not an existing folder
     * @return the file that stands where it or its nearest existing parent should be a folder, if there is one
     */
    public static java.util.Optional<Path> fileInTheWay(Path folder) {
        for (Path p = folder.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return Files.isDirectory(p) ? java.util.Optional.empty() : java.util.Optional.of(p);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Why a folder could not be made, in words: Java's message of a file in the way, or of a folder the system would
     * not make, is the bare path ("cannot create dataset folder X: X", "NoSuchFileException: /proc/x").
     *
     * @param folder the folder {@link Files#createDirectories} was asked for
     * @param e what it threw
     * @return e.g. "/home/u/.cache is a file, not a folder", "/proc/x: the system would not make it",
     *     "/srv/c: permission denied", or the system's own reason
     */
    public static String whyNotCreated(Path folder, IOException e) {
        return fileInTheWay(folder).map(p -> p + " is a file, not a folder")
                .orElseGet(() -> e instanceof java.nio.file.FileSystemException f ? f.getFile() + ": "
                        + (f.getReason() != null ? f.getReason() : e instanceof java.nio.file.AccessDeniedException
                                ? "permission denied" : "the system would not make it")
                        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
}
