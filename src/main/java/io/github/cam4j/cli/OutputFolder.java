package io.github.cam4j.cli;

import io.github.cam4j.data.AtomicFile;
import io.github.cam4j.data.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The rule every command follows for its output: never overwrite what exists unless the user said {@code --force}, and
 * even then replace only a folder the same command wrote before. {@code --out . --force} once emptied the working folder
 * and {@code --out MODEL --force} deleted the model being evaluated; a folder is now replaced only when it is empty or
 * holds an earlier output of the same kind, is not the working folder, one of its parents or the home folder, and holds
 * none of the command's inputs.
 */
final class OutputFolder {
    private OutputFolder() {}

    /** What a command writes as its output folder, and how an earlier one is recognised. */
    enum Kind {
        /** {@code evaluate}'s report: a {@code report.json} written by cam4j, beside its Markdown and charts only. */
        REPORT("an evaluation report written by cam4j", dir -> fileContains(dir.resolve("report.json"), "\"cam4jVersion\""),
                // A temporary of the report's atomic writes, left by a JVM killed while writing, is the report's too.
                file -> file.matches("report\\.(md|json)|[^/]+\\.png") || AtomicFile.isLeftover(file)),
        /** {@code train}'s SavedModel: {@code saved_model.pb} beside cam4j's metadata asset, and its variables only. */
        MODEL("a SavedModel written by cam4j", dir -> Files.isRegularFile(dir.resolve("saved_model.pb"))
                && fileContains(dir.resolve("assets").resolve("cam4j.json"), "cam4j-savedmodel/"),
                file -> file.matches("saved_model\\.pb|fingerprint\\.pb|assets/cam4j\\.json|variables/variables\\.index"
                        + "|variables/variables\\.data-\\d+-of-\\d+"));

        private final String description;
        private final Predicate<Path> marked;
        /** The files, by their '/'-separated path inside the folder, that the command writes. */
        private final Predicate<String> written;

        Kind(String description, Predicate<Path> marked, Predicate<String> written) {
            this.description = description;
            this.marked = marked;
            this.written = written;
        }

        /**
         * @return the first file (sorted) in {@code dir} that the command does not write, or null when every one is
         *     its: a folder that merely looks like an earlier output (an empty saved_model.pb, a user's notes beside
         *     a model, the config being trained) is then not replaced
         */
        String foreignFile(Path dir) {
            try (Stream<Path> files = Files.walk(dir)) {
                return files.filter(f -> !Files.isDirectory(f, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                        .map(f -> dir.relativize(f).toString().replace('\\', '/')).filter(f -> !written.test(f)).sorted()
                        .findFirst().orElse(null);
            } catch (IOException | RuntimeException e) {
                return "entries that cannot be listed (" + e.getMessage() + ")";
            }
        }
    }

    /**
     * Makes way for a new output folder, after the same checks as {@link #checkReplaceable}.
     *
     * @param dir the folder a command will create
     * @param force whether the user allowed replacing it
     * @param kind what the command writes there
     * @param inputs the files and folders the command reads, which must survive
     * @throws IllegalArgumentException when it may not be replaced
     * @throws IOException when it cannot be removed
     */
    static void replaceable(Path dir, boolean force, Kind kind, Collection<Path> inputs) throws IOException {
        checkReplaceable(dir, force, kind, inputs);
        FileTrees.delete(dir);
    }

    /**
     * Checks, before long work, that {@link #replaceable} will succeed, without removing anything yet.
     *
     * @param dir the folder a command will create
     * @param force whether the user allowed replacing it
     * @param kind what the command writes there
     * @param inputs the files and folders the command reads, which must survive
     * @throws IllegalArgumentException when it exists and {@code force} is off, or it may not be replaced at all
     */
    static void checkReplaceable(Path dir, boolean force, Kind kind, Collection<Path> inputs) {
        checkReplaceable(dir, force, kind, inputs, Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")));
    }

    /** {@link #checkReplaceable(Path, boolean, Kind, Collection)} with the working and home folders given (for tests). */
    static void checkReplaceable(Path dir, boolean force, Kind kind, Collection<Path> inputs, Path workingDir, Path home) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isSymbolicLink(dir) && !Files.exists(dir)) {
            // A link to nothing was called "a file, not a folder" (exit 2): no folder can be made at it, said as
            // checkCreatable says it.
            throw danglingLink("--out", dir);
        }
        if (!Files.isDirectory(dir)) {
            // A path of the wrong kind on the command line: a usage error, as --grid given a folder is.
            throw new UsageException("--out " + dir + " is a file, not a folder; choose a folder to create");
        }
        if (!force) {
            throw new IllegalArgumentException("--out " + dir + " already exists; choose another path or add --force to replace it");
        }
        if (Files.isSymbolicLink(dir)) {
            // Its files were listed through the link as one entry named "": "holds , which cam4j does not write there"
            // (helper-165). Replacing a link's target through it would surprise; replacing the link, lose the target's
            // way.
            throw new IllegalArgumentException("--out " + dir + " is a symbolic link to " + realPath(dir) + "; --force"
                    + " replaces a folder, not a link: give the folder itself, or another path");
        }
        Path real = realPath(dir);
        for (Path kept : List.of(workingDir, home)) {
            if (realPath(kept).startsWith(real)) {
                throw new IllegalArgumentException("--out " + dir + " is " + (kept == home ? "the home folder" : "the working folder")
                        + (realPath(kept).equals(real) ? "" : " or one of its parents") + "; --force replaces the whole"
                        + " folder, so choose a folder of its own");
            }
        }
        for (Path input : inputs) {
            if (input != null && Files.exists(input) && realPath(input).startsWith(real)) {
                throw new IllegalArgumentException("--out " + dir + " holds an input, " + input + ", which replacing it would"
                        + " delete; choose another folder");
            }
        }
        if (!isEmpty(dir) && !kind.marked.test(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is not " + kind.description + " (it holds " + firstEntry(dir)
                    + "); --force replaces only such a folder or an empty one, so choose another folder");
        }
        String foreign = isEmpty(dir) ? null : kind.foreignFile(dir);
        if (foreign != null) {
            throw new IllegalArgumentException("--out " + dir + " holds " + foreign + ", which cam4j does not write there;"
                    + " --force replaces only " + kind.description + " holding nothing else, so move that file or choose"
                    + " another folder");
        }
    }

    /**
     * Fails before long work (hours of training, minutes of evaluation) when {@code out} could not be created
     * afterwards. A regular file there, or /proc, was found only when the results were written, and the work was lost.
     * The rule is {@code mkdir}'s, the same for every folder a command writes into: its last folder is created, so its
     * parent must be an existing, writable folder. explain, evaluate and train created every missing folder on the
     * way ({@code --out typo/a/b} made three), while a picture's folder must exist; a mistyped path now stops them
     * with its missing folder named.
     *
     * @param out the folder a command will create
     * @throws IllegalArgumentException naming {@code --out} and the ancestor when not (a {@link UsageException} when
     *     that ancestor is a file: no folder can be made under it)
     */
    static void checkCreatable(Path out) {
        checkCreatable("--out", out);
    }

    /**
     * For a folder a command writes into, creating it if need be ({@code --frames-dir}): an existing one must be
     * writable, a new one creatable as {@link #checkCreatable(Path)} checks it.
     *
     * @param option the option that named the folder, for the message
     * @param dir the folder
     * @throws IllegalArgumentException naming {@code option} and the folder or ancestor when not
     */
    static void checkWritableFolder(String option, Path dir) {
        if (Files.isDirectory(dir)) {
            requireWritable(option, dir, dir, "written");
        } else {
            checkCreatable(option, dir);
        }
    }

    /** What each command's --help says of a picture or video it writes: its folder is not created. */
    static final String FOLDER_MUST_EXIST = "its folder must exist";

    /**
     * What each command's --help says of a figure's format: the file is written in the format its extension names
     * (Images.write), where the help said "the PNG to write" and a .jpg was written as a JPEG.
     */
    static final String FIGURE_FORMAT = "(in the format its extension names: .png, .jpg, .bmp, .tif...)";

    /** What each command's --help says of a folder it writes into, as {@link #checkCreatable(Path)} checks it. */
    static final String CREATED_IF_ABSENT = "created if absent when its parent folder exists";

    /** {@link #checkCreatable(Path)} for the option that named the folder. */
    static void checkCreatable(String option, Path dir) {
        if (Files.isSymbolicLink(dir) && !Files.exists(dir)) {
            throw danglingLink(option, dir);
        }
        Path parent = dir.toAbsolutePath().normalize().getParent();
        if (parent == null) {
            return; // the root, which exists
        }
        Path ancestor = parent;
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        // Looked for on the path as given too, not tidied: the system resolves notes.txt/../x through notes.txt, which
        // is no folder, where the tidied x looked creatable (explain then failed after its model loaded, "Not a
        // directory"), as checkFolderWritable does.
        Path given = dir.toAbsolutePath().getParent();
        java.util.Optional<Path> inTheWay = given == null ? java.util.Optional.empty()
                : io.github.cam4j.data.FileTrees.fileInTheWay(given);
        if (inTheWay.isPresent() || ancestor == null || !Files.isDirectory(ancestor)) {
            // Creating folders cannot help: name the file in the way (/etc/hostname/x). A path of the wrong kind, a
            // file where a parent folder goes, as a file given as --out is: a usage error (it had exited 1).
            throw new UsageException(option + " " + dir + " cannot be created: " + inTheWay.orElse(ancestor) + " is a"
                    + " file, not a folder");
        }
        if (!ancestor.equals(parent)) {
            throw new IllegalArgumentException(option + " " + dir + " cannot be created: folder " + parent + " does not"
                    + " exist; create it first (only the last folder of " + option + " is created)");
        }
        if (given != null && !Files.isDirectory(given)) {
            // gone/../x: tidied, its parent exists; the system walks through gone, which does not. Named as the walk
            // finds it, where explain had said "gone/../x does not exist" once its model had loaded.
            Path missing = given;
            while (missing.getParent() != null && !Files.exists(missing.getParent())) {
                missing = missing.getParent();
            }
            throw new IllegalArgumentException(option + " " + dir + " cannot be created: folder " + missing + " does not"
                    + " exist; create it first (only the last folder of " + option + " is created)");
        }
        requireWritable(option, dir, parent, "created");
    }

    /**
     * @param out the --out given
     * @param folder an existing folder a file or folder of {@code out} goes in
     * @param verb what could not be done to {@code out} ("created", "written")
     * @throws IllegalArgumentException naming {@code --out} and the folder, and why, when nothing can be made in it
     */
    static void requireWritable(Path out, Path folder, String verb) {
        requireWritable("--out", out, folder, verb);
    }

    /** {@link #requireWritable(Path, Path, String)} for the option that named {@code out} ("--grid"). */
    private static void requireWritable(String option, Path out, Path folder, String verb) {
        // /proc and /sys take no new files whatever their permission bits say (FileTrees.takesNewFiles).
        if (!FileTrees.takesNewFiles(folder)) {
            // A folder given as a symbolic link is named with where it leads: "folder outlink is not writable" sent the
            // user to a link whose own permission bits mean nothing.
            String named = Files.isSymbolicLink(folder) ? folder + ", a link to " + FileTrees.resolved(folder) + ","
                    : folder.toString();
            throw new IllegalArgumentException(option + " " + out + " cannot be " + verb + ": folder " + named + " "
                    + io.github.cam4j.data.FileTrees.whyNotWritable(folder));
        }
    }

    /**
     * Fails before the work when the folder a file goes in is missing, or exists but cannot be written to: a read-only
     * mount, or a folder the user may not write. {@code video} found the latter only once the model had loaded, in
     * FFmpeg's words ({@code avio_open2 error -30 (Read-only file system)}). {@link Files#isWritable} asks the system
     * (access(2)), which refuses a read-only mount even to root. The folder is not created: each command's help says
     * so ({@link #FOLDER_MUST_EXIST}).
     *
     * @param file the file a command will write ({@code --out})
     * @throws IllegalArgumentException naming {@code --out} and the folder when it is missing or cannot be written to
     *     (a {@link UsageException} when it lies under a file)
     */
    static void checkFolderWritable(Path file) {
        checkFolderWritable("--out", file);
    }

    /**
     * {@link #checkFolderWritable(Path)} for a file another option names.
     *
     * @param option the option, for the message ("--grid")
     * @param file the file a command will write
     */
    static void checkFolderWritable(String option, Path file) {
        // Not normalised to find a missing folder: "missing/../x.png" cannot be written, as the system resolves it.
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            // Found only when the file was written, after the models had run ("folder ... does not exist"). Under a
            // file, creating the folder cannot help: no advice to. Named by the option, as checkCreatable names a
            // folder's: "cannot write image nofolder/x.png" (and video's "cannot write video ...") had left the user
            // to find which option it was.
            // Under a file, the path is of the wrong kind, a usage error as checkCreatable's is (it had exited 1); a
            // missing folder is what the disk holds (exit 1).
            boolean underAFile = io.github.cam4j.data.FileTrees.fileInTheWay(folder).isPresent();
            String problem = option + " " + file + " cannot be written: "
                    + io.github.cam4j.data.FileTrees.whyNotAFolder(folder) + (underAFile ? "" : "; create it first");
            throw underAFile ? new UsageException(problem) : new IllegalArgumentException(problem);
        }
        if (folder != null) {
            requireWritable(option, file, folder.normalize(), "written");
        }
    }

    /**
     * Checks a file may be written.
     *
     * @param what the option that named the file ({@code --out}, {@code --grid}), or what the file is ({@code overlay}),
     *     said first in the message, as {@code --out} is said for an output folder
     * @param file the file a command will write
     * @param force whether the user allowed replacing it
     * @throws IllegalArgumentException when it exists, or is a symbolic link to nothing (writing would create the
     *     file it names), and {@code force} is off; or when it is a folder (a {@link UsageException} when {@code what}
     *     is an option: the user named a folder where a file goes)
     */
    static void writable(String what, Path file, boolean force) {
        if (Files.isDirectory(file)) {
            boolean named = what.startsWith("--");
            // An overlay's name is explain's, not the user's: "name a file to write" was advice no one could follow.
            // A link is said to be one, which the path alone did not show.
            String problem = what + " " + file + (Files.isSymbolicLink(file) ? " is a symbolic link to folder "
                    + realPath(file) : " is a folder") + (named ? "; name a file to write"
                            : ", where that " + what + " goes; move it, or choose another --out");
            // --grid adir had exited 1, as a failed write does; an overlay explain names itself is no usage error.
            throw named ? new UsageException(problem) : new IllegalArgumentException(problem);
        }
        if (Files.exists(file) && !force) {
            throw new IllegalArgumentException(what + " " + file + " already exists; add --force to overwrite it");
        }
        if (Files.isSymbolicLink(file) && !Files.exists(file) && !force
                && io.github.cam4j.data.FileTrees.whyNotWritableThroughLink(file).isEmpty()) {
            // A link to nothing is no file, but writing to it creates the file it names, elsewhere than the path given:
            // compare --out dangling.png wrote its target without --force. One into a missing folder, and links going
            // round in a loop, are left to the checks that say it cannot be written at all, which --force would not
            // mend (writableThroughLinks, video's "it links to ...").
            throw new IllegalArgumentException(what + " " + file + " " + io.github.cam4j.data.FileTrees.danglingLinkSaid(file)
                    + "; add --force to create it through the link");
        }
    }

    /** @return the refusal of a folder to create named by a symbolic link to nothing: no folder can be made there */
    private static IllegalArgumentException danglingLink(String option, Path dir) {
        return new IllegalArgumentException(option + " " + dir + " cannot be created: " + dir + " "
                + io.github.cam4j.data.FileTrees.danglingLinkSaid(dir));
    }

    /**
     * {@link #writable}, for a picture: its extension must name a format OpenCV writes, and one that holds colour. Checked
     * before the work, which found it only at its end ({@code demo --out figure.gif} ran both models first).
     *
     * @param what the option that named the picture, for the messages ({@link #writable})
     * @param file the picture to write
     * @param force whether the user allowed overwriting it
     * @throws IllegalArgumentException when it may not be written (a {@link UsageException} for a folder, or an
     *     extension OpenCV cannot write or that holds grey pictures: the name typed is at fault)
     */
    static void writableImage(String what, Path file, boolean force) {
        pictureThroughLinks(what, file);
        // Before "add --force": no --force mends a link no write gets through.
        writableThroughLinks(what, file);
        writable(what, file, force);
        checkFolderWritable(what, file);
        if (!io.github.cam4j.render.Images.hasWriter(file)) {
            // A name of the wrong kind, the command line at fault: a usage error naming the option (it had exited 1).
            throw new UsageException(what + " " + file + ": OpenCV has no writer for its extension (use .png, .jpg,"
                    + " .bmp, ...)");
        }
        // Every figure is drawn in colour (a colormap, captions): a grey format was refused only once it was written,
        // after maximize's 200 steps or demo's two models had run.
        if (greyFormat(file)) {
            throw new UsageException(what + " " + file + ": PGM and PBM files hold grey pictures, and the figure is"
                    + " drawn in colour (write it as .png or .ppm)");
        }
    }

    /**
     * Refuses a picture's name that is a symbolic link to a file of a format no figure is written in: the picture is
     * written through the link in the format the name of the file it reaches gives, not the link's, so explain's
     * {@code D/seven-cam.png -> notes.txt} with --force ran the model, then failed ("could not find a writer for the
     * specified extension"); a link to {@code scan.pgm}, a grey format, the same. --force cannot mend it, so it is said
     * before the work and before any "add --force". Left to the other checks: a name of a wrong extension itself
     * ({@link #writableImage}'s usage error), a link to a folder, a device (written under the link's own name) or one
     * whose links loop ({@link #writableThroughLinks}).
     *
     * @param what the option that named the picture, or what it is ({@code overlay}), said first in the message
     * @param file the picture a command will write
     * @throws IllegalArgumentException naming the picture, the file its links reach, and why no figure is written there
     */
    static void pictureThroughLinks(String what, Path file) {
        java.util.Optional<Path> end = FileTrees.linkEnd(file);
        if (end.isEmpty() || !colourFormat(file) || Files.isDirectory(end.get())
                || Files.exists(end.get()) && !Files.isRegularFile(end.get()) || colourFormat(end.get())) {
            return;
        }
        String why = io.github.cam4j.render.Images.hasWriter(end.get())
                ? "a PGM or PBM file, which holds grey pictures where cam4j draws in colour"
                : "and OpenCV has no writer for that name's extension";
        throw new IllegalArgumentException(what + " " + file + " cannot be written: it is a symbolic link to " + end.get()
                + ", " + why + " (a picture is written through a link in the format of the file it reaches); remove the"
                + " link or give another path");
    }

    /** @return whether a figure can be written in the format {@code file}'s extension names: OpenCV's, in colour */
    private static boolean colourFormat(Path file) {
        return io.github.cam4j.render.Images.hasWriter(file) && !greyFormat(file);
    }

    /** @return whether {@code file}'s name is of a format that holds grey pictures only (PGM, PBM) */
    private static boolean greyFormat(Path file) {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).matches(".*\\.(pgm|pbm)$");
    }

    /**
     * Refuses a file that is a symbolic link no write gets through, --force or not: a link to nothing in a missing
     * folder, a link to a file in a folder that takes no new files (the picture's temporary is made there), or links
     * going round in a loop ({@link #writable} leaves them to this check, which --force cannot mend).
     * compare --out l.png (l.png -> gone/x.png) ran its methods, then said "cannot write image l.png (OpenCV's imwrite
     * failed: check permissions and free space)"; a loop was told to add --force, then failed after the work all the
     * same. explain's overlays, checked by {@link #writable} alone, ran the model and failed so too.
     *
     * @param what the option that named the file, or what it is ({@code overlay}), said first in the message
     * @param file the file a command will write
     * @throws IllegalArgumentException naming the file and why no write gets through its links
     */
    static void writableThroughLinks(String what, Path file) {
        // A picture replaces a file through a temporary beside it (AtomicFile): a link to a file in a read-only folder
        // is no more writable than a link to nothing there.
        java.util.Optional<String> link = FileTrees.whyNotWritableThroughLink(file)
                .or(() -> FileTrees.whyNotReplaceableThroughLink(file));
        if (link.isPresent()) {
            throw new IllegalArgumentException(what + " " + file + " cannot be written: " + link.get());
        }
    }

    /**
     * Refuses a folder --out that does not exist yet and is named like a picture (out.png, out.jp2): a user who meant
     * one file got a folder of that name, without a word. One made beforehand is taken as asked.
     *
     * @param out the --out folder
     * @param holds what goes in it, e.g. "the overlays go in (NAME-cam.png each)"
     * @param example a folder name to suggest, e.g. "overlays/"
     * @throws UsageException when it is so named and does not exist
     */
    static void checkNotPictureName(Path out, String holds, String example) {
        if (!Files.exists(out) && ImageFiles.isPictureName(out)) {
            throw new UsageException("--out " + out + " is named like a picture, but --out is the folder " + holds
                    + "; name a folder, e.g. --out " + example + " (or create " + out + " first to use that name for"
                    + " one)");
        }
    }

    /**
     * Refuses an --out that is itself a folder the command reads, with or without --force: the checks of
     * {@link #checkReplaceable} said "--out mn holds an input, mn, which replacing it would delete" of --data mn (as
     * if the one held the other), or without --force "already exists; ... add --force to replace it", advice that
     * only led to that refusal.
     *
     * @param out the --out folder
     * @param option the option that gave the input, e.g. "--data"
     * @param input the folder it gave; null, or a path that does not exist, is not checked
     * @param what the input in words, e.g. "data folder"
     * @param written what the command writes in --out, e.g. "the model"
     * @throws IllegalArgumentException when {@code out} and {@code input} are the same folder
     */
    static void checkNotInput(Path out, String option, Path input, String what, String written) {
        if (input != null && Files.exists(out) && Files.exists(input) && realPath(out).equals(realPath(input))) {
            throw new IllegalArgumentException("--out " + out + " is the " + what + " (" + option + " " + input
                    + "): writing " + written + " there would replace it and delete what it holds; choose another"
                    + " folder for --out");
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static String firstEntry(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().findFirst().orElse("nothing");
        } catch (IOException e) {
            return "entries that cannot be listed: " + e.getMessage();
        }
    }

    private static boolean fileContains(Path file, String text) {
        try {
            return Files.isRegularFile(file) && Files.readString(file).contains(text);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
