package io.github.cam4j.cli;

import io.github.cam4j.data.FileKinds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Image arguments as a user gives them: files, and folders standing for the image files directly in them. */
final class ImageFiles {
    /** The extensions a folder's files must have to be taken as images, lower case (formats OpenCV decodes). */
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "jpe", "bmp", "dib", "tif", "tiff", "webp", "pbm",
            "pgm", "ppm", "pnm", "pam", "pfm", "hdr", "pic", "sr", "ras");

    /** Extensions of common picture formats this OpenCV build does not decode, lower case, with the format's name. */
    static final Map<String, String> UNREADABLE = Map.ofEntries(Map.entry("gif", "GIF"), Map.entry("heic", "HEIC"),
            Map.entry("heif", "HEIF"), Map.entry("avif", "AVIF"), Map.entry("jxl", "JPEG XL"), Map.entry("psd", "Photoshop"),
            Map.entry("svg", "SVG"), Map.entry("ico", "ICO"), Map.entry("jp2", "JPEG 2000"), Map.entry("j2k", "JPEG 2000"),
            Map.entry("exr", "OpenEXR"));

    private ImageFiles() {}

    /**
     * @param given files and folders, in the user's order
     * @return the files in the folders that are pictures by their extension but of a format cam4j cannot read, which
     *     {@link #expand} leaves out, sorted by name within each folder
     */
    private static List<Path> unreadableIn(List<Path> given) {
        List<Path> files = new ArrayList<>();
        for (Path p : given) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> entries = Files.list(p)) {
                    entries.filter(Files::isRegularFile).filter(f -> UNREADABLE.containsKey(extension(f)))
                            .filter(f -> !f.getFileName().toString().startsWith(".")).sorted()
                            .forEach(files::add);
                } catch (IOException | UncheckedIOException e) {
                    // expand() names a folder that cannot be listed.
                }
            }
        }
        return files;
    }

    /**
     * @param files what {@link #unreadableIn} found
     * @return a note naming them and their formats, e.g. {@code a.gif (GIF)}
     */
    private static String unreadableNote(List<Path> files) {
        return "left out " + files.size() + (files.size() == 1 ? " picture" : " pictures") + " of formats cam4j cannot read: "
                + String.join(", ", files.stream().map(f -> f + " (" + UNREADABLE.get(extension(f)) + ")").toList())
                + "; convert them, e.g. to PNG";
    }

    /**
     * @param given files and folders, in the user's order
     * @return the entries of the folders named as pictures that are not regular files (a dangling link, a link loop, a
     *     FIFO, a directory named {@code x.png}), which {@link #expand} leaves out, each with what it is, sorted by name
     *     within each folder
     */
    private static List<String> notRegularIn(List<Path> given) {
        List<String> found = new ArrayList<>();
        for (Path p : given) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> entries = Files.list(p)) {
                    entries.filter(ImageFiles::isImageName).sorted().forEach(f -> FileKinds.notRegular(f)
                            .ifPresent(kind -> found.add(f + " (" + kind + ")")));
                } catch (IOException | UncheckedIOException e) {
                    // expand() names a folder that cannot be listed.
                }
            }
        }
        return found;
    }

    /**
     * @param found what {@link #notRegularIn} found
     * @return a note naming them: they were left out without a word, while an unreadable GIF was named
     */
    private static String notRegularNote(List<String> found) {
        return "left out " + found.size() + (found.size() == 1 ? " entry" : " entries") + " named as a picture but not a"
                + " regular file: " + String.join(", ", found);
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    /**
     * @param given files and folders, in the user's order
     * @return the files as given, each folder replaced by its image files sorted by name (not its subfolders, nor its
     *     hidden files)
     * @throws IllegalArgumentException when a folder holds no image file or cannot be read
     */
    static List<Path> expand(List<Path> given) {
        List<Path> files = new ArrayList<>();
        for (Path p : given) {
            if (!Files.isDirectory(p)) {
                files.add(p);
                continue;
            }
            try (Stream<Path> entries = Files.list(p)) {
                List<Path> inFolder = entries.filter(Files::isRegularFile).filter(ImageFiles::isImageName).sorted().toList();
                if (inFolder.isEmpty()) {
                    throw new IllegalArgumentException("folder " + p + " holds no image file (" + String.join(", ",
                            EXTENSIONS.stream().sorted().toList()) + ")");
                }
                files.addAll(inFolder);
            } catch (IOException | UncheckedIOException e) {
                throw new IllegalArgumentException("cannot list folder " + p + ": " + e.getMessage(), e);
            }
        }
        return files;
    }

    /**
     * {@link #expand}, and the notes on what the folders' listings left out: entries named as pictures that are not
     * regular files ({@link #notRegularNote}), then pictures of formats cam4j cannot read ({@link #unreadableNote}).
     * Every command that takes folders of pictures says them: compare and concepts had left them out without a word.
     *
     * @param given files and folders, in the user's order
     * @param notes told each note, without the "cam4j: note: " that the command puts before it
     * @return what {@link #expand} returns
     * @throws IllegalArgumentException when a folder holds no image file or cannot be read (nothing is said then)
     */
    static List<Path> expandNoting(List<Path> given, java.util.function.Consumer<String> notes) {
        List<Path> leftOut = unreadableIn(given);
        List<String> notRegular = notRegularIn(given);
        List<Path> files = expand(given);
        if (!notRegular.isEmpty()) {
            notes.accept(notRegularNote(notRegular));
        }
        if (!leftOut.isEmpty()) {
            // A folder of phone photos may be half HEIC: say which pictures were not explained, not only which were.
            notes.accept(unreadableNote(leftOut));
        }
        return files;
    }

    /**
     * Refuses a file or folder typed twice, named as typed: checked only on the files the folders stand for, {@code
     * explain d1 d1} named a picture inside d1 as the one given twice, which the user never typed.
     *
     * @param label the positional argument's name in the help ("IMAGE", "PICTURE")
     * @param given the files and folders as given, in the user's order
     * @throws UsageException naming the second of two that are the same existing file or folder (and the first, when
     *     spelled otherwise); one that does not exist is left to the check that says so
     */
    static void requireEachOnce(String label, List<Path> given) {
        Map<Path, Path> seen = new java.util.HashMap<>();
        for (Path p : given) {
            Path earlier = seen.putIfAbsent(canonical(p), p);
            // One that does not exist is left to the check that says so: "given twice" sent the user to drop one of
            // two arguments, and the run then failed on the other for want of the file.
            if (earlier != null && Files.exists(p)) {
                // The command line's fault (exit 2), as evaluate's --model given twice is.
                throw new UsageException(label + " " + p + " is given twice" + (earlier.equals(p) ? "" : " (also as "
                        + earlier + ")"));
            }
        }
    }

    /**
     * @param path a file or folder, existing or not
     * @return a key that is equal for two paths to the same file: its real path (links resolved) when it exists, else
     *     its folder's key and its name (a file about to be written into a linked folder)
     */
    static Path canonical(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            return absolute.toRealPath();
        } catch (IOException e) {
            Path parent = absolute.getParent();
            return parent == null ? absolute : canonical(parent).resolve(absolute.getFileName());
        }
    }

    /**
     * @param file a path
     * @return whether its name ends in a picture format's extension, of a format cam4j reads or of one it names as
     *     unreadable (.gif, .jp2, .exr, ...): explain's {@code --out o.jp2} made a folder named o.jp2, where
     *     {@code --out o.png} was refused as named like a picture
     */
    static boolean isPictureName(Path file) {
        String extension = extension(file);
        return (EXTENSIONS.contains(extension) || UNREADABLE.containsKey(extension))
                && !file.getFileName().toString().startsWith(".");
    }

    /**
     * Hidden files are left out, as the shell's {@code *} leaves them: macOS writes a {@code ._NAME} metadata file beside
     * each picture on USB sticks and network shares, which sorts first and stopped the run at its first file.
     */
    static boolean isImageName(Path file) {
        return EXTENSIONS.contains(extension(file)) && !file.getFileName().toString().startsWith(".");
    }
}
