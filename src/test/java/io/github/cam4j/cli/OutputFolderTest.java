package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.testing.ReadOnlyFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --force} replaces only a folder the command wrote before. Found by hand: {@code evaluate --out . --force}
 * emptied the working folder, and {@code --out MODEL --force} deleted the model being evaluated. The working and home
 * folders are passed in, so no test here can touch the real ones.
 */
class OutputFolderTest {
    /**
     * Every figure written to a path given as {@code {link}}: maximize's, compare's, concepts' and demo's --out and
     * explain's --grid ({@code {tmp}} the test's folder, {@code {file}} an input).
     */
    private static final List<String> FIGURES_THROUGH_A_LINK = List.of("maximize --model {tmp}/no-model --out {link}",
            "compare --model {tmp}/no-model {file} --out {link}",
            "concepts --model {tmp}/no-model --concepts 2 {file} --out {link}",
            "demo --models {tmp}/no-models --out {link}", "explain --model {tmp}/no-model --grid {link}");

    @TempDir
    Path tmp;

    private void check(Path dir, OutputFolder.Kind kind, List<Path> inputs) {
        OutputFolder.checkReplaceable(dir, true, kind, inputs, tmp.resolve("work"), tmp.resolve("home"));
    }

    /** @return every figure written through {@code {link}}, and video's --out */
    static java.util.stream.Stream<String> figuresAndAVideoThroughALink() {
        return java.util.stream.Stream.concat(FIGURES_THROUGH_A_LINK.stream(),
                java.util.stream.Stream.of("video --model {tmp}/no-model {file} --out {link}"));
    }

    /** @return every figure written through {@code {link}}, and explain's overlays written to {@code {tmp}/overlays} */
    static java.util.stream.Stream<String> figuresAndAnOverlayThroughALink() {
        return java.util.stream.Stream.concat(FIGURES_THROUGH_A_LINK.stream(),
                java.util.stream.Stream.of("explain --model {tmp}/no-model {file} --out {tmp}/overlays"));
    }

    /**
     * @return {@code command} as run: {@code {tmp}} made the test's folder, {@code {file}} the input {@code file} and
     *     {@code slot} ({@code {link}}, {@code {under}}) the path {@code written}
     */
    private String commandLine(String command, Path file, String slot, Path written) {
        return command.replace("{tmp}", tmp.toString()).replace("{file}", file.toString())
                .replace(slot, written.toString());
    }

    /** @return the option that names the picture {@code line} writes: --grid for explain's grid, --out for the rest */
    private static String pictureOption(String line) {
        return line.contains("--grid") ? "--grid" : "--out";
    }

    /**
     * A picture to write (--grid, demo --out) in a folder that does not exist was found only when it was written,
     * after the models had run; now before any work, named by its option ("cannot write image ..." named none).
     */
    @Test
    void aPictureInAMissingFolderIsRefusedBeforeTheWork() throws Exception {
        Path missing = tmp.resolve("nowhere").resolve("grid.png");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> OutputFolder.writableImage("--grid", missing, false));
        org.junit.jupiter.api.Assertions.assertEquals("--grid " + missing + " cannot be written: folder "
                + missing.toAbsolutePath().getParent() + " does not exist; create it first", e.getMessage());
        OutputFolder.writableImage("--grid", tmp.resolve("grid.png"), false);

        // Under a file (compare --out d0.png/x.png), creating the folder cannot help: said so (helper-153), the file
        // named, whether it is the parent or a parent's parent.
        Path file = Files.writeString(tmp.resolve("d0.png"), "a picture");
        for (Path under : new Path[] {file.resolve("x.png"), file.resolve("deeper").resolve("x.png")}) {
            IllegalArgumentException f = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> OutputFolder.writableImage("--out", under, false));
            org.junit.jupiter.api.Assertions.assertEquals("--out " + under + " cannot be written: " + file.toAbsolutePath()
                    + " is a file, not a folder", f.getMessage());
            // A path of the wrong kind, a usage error (exit 2), where a missing folder is what the disk holds (exit 1).
            assertTrue(f instanceof UsageException, f.getClass().getName());
        }
        assertFalse(assertThrows(IllegalArgumentException.class, () -> OutputFolder.writableImage("--grid", missing,
                false)) instanceof UsageException);
        org.junit.jupiter.api.Assertions.assertEquals("a picture", Files.readString(file));
    }

    /**
     * Every command writing a picture names --out when its folder is missing, before any model opens (maximize's and
     * compare's model does not exist; demo's two would be opened and the test set read): each said "cannot write image
     * nofolder/x.png: ...", naming no option.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"maximize --model {tmp}/no-model", "compare --model"
            + " {tmp}/no-model", "demo --models {tmp}/no-models"})
    void aPictureOutInAMissingFolderIsNamedBeforeAnyModelOpens(String command) {
        Path out = tmp.resolve("nofolder").resolve("x.png");
        List<String> args = new java.util.ArrayList<>(List.of(command.replace("{tmp}", tmp.toString()).split(" ")));
        args.addAll(List.of("--out", out.toString()));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(1, run.exitCode(), run.out());
        assertEquals("cam4j: error: --out " + out + " cannot be written: folder " + out.getParent() + " does not exist;"
                + " create it first", run.err().strip());
        assertFalse(Files.exists(out.getParent()));
    }

    /**
     * A picture's or video's --out (and explain's --grid) whose parent, or a parent's parent, is a file names a path
     * of the wrong kind: a usage error, exit 2, as a folder given where the file goes is. It had exited 1, as a failed
     * write does. Refused before any model opens (none exists here), the file kept.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"maximize --model {tmp}/no-model --out {under}.png",
        "compare --model {tmp}/no-model {file} --out {under}.png",
        "concepts --model {tmp}/no-model --concepts 2 {file} --out {under}.png", "demo --models {tmp}/no-models"
            + " --out {under}.png", "video --model {tmp}/no-model {file} --out {under}.mp4",
        "explain --model {tmp}/no-model --grid {under}.png"})
    void aPictureOutUnderAFileIsAUsageError(String command) throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "mine");
        for (Path under : new Path[] {file.resolve("x"), file.resolve("deeper").resolve("x")}) {
            String line = commandLine(command, file, "{under}", under);
            CliRun run = CliRun.of(line.split(" "));
            String option = pictureOption(line);
            String written = line.replaceFirst(".*" + option + " ", "");
            assertEquals(2, run.exitCode(), line + ": " + run.err());
            assertEquals("cam4j: error: " + option + " " + written + " cannot be written: " + file + " is a file, not a"
                    + " folder (see 'cam4j " + line.split(" ")[0] + " --help')", run.err().strip(), line);
        }
        assertEquals("mine", Files.readString(file));
    }

    /**
     * A file to write given as a symbolic link to nothing: writing through it created the file it names, elsewhere
     * than the path typed, without --force (compare --out dangling.png wrote its target). Refused as an existing file
     * is, naming the link and where it points, before any model opens (none exists here); nothing is created.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("figuresAndAVideoThroughALink")
    void aLinkToNothingIsRefusedAsAnExistingFileIs(String command) throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "mine");
        String extension = command.startsWith("video") ? ".mp4" : ".png";
        Path target = tmp.resolve("elsewhere" + extension);
        Path link = Files.createSymbolicLink(tmp.resolve("out" + extension), target);
        String line = commandLine(command, file, "{link}", link);
        CliRun run = CliRun.of(line.split(" "));
        String option = pictureOption(line);
        assertEquals(1, run.exitCode(), line + ": " + run.err());
        assertEquals("cam4j: error: " + option + " " + link + " is a link to " + target + ", which does not exist; add"
                + " --force to create it through the link", run.err().strip(), line);
        assertFalse(Files.exists(target), line);
        assertTrue(Files.isSymbolicLink(link), line);
    }

    /**
     * An --out folder given as a symbolic link to a folder that takes no new files is refused naming where the link
     * leads: "folder outlink is not writable" named only the link, whose own permission bits mean nothing.
     */
    @Test
    void anOutFolderThatIsALinkToAFolderThatTakesNoFilesIsNamedWithWhereItLeads() throws Exception {
        Path file = Files.writeString(tmp.resolve("picture.png"), "not read: no model opens");
        Path locked = Files.createDirectory(tmp.resolve("locked"));
        Path link = Files.createSymbolicLink(tmp.resolve("outlink"), locked);
        try {
            ReadOnlyFolders.lock(locked);
            CliRun run = CliRun.of("explain", "--model", tmp.resolve("no-model").toString(), file.toString(), "--out",
                    link.toString());
            assertEquals(1, run.exitCode(), run.err());
            assertEquals("cam4j: error: --out " + link + " cannot be written: folder " + link + ", a link to "
                    + locked.toRealPath() + ", is not writable", run.err().strip());
        } finally {
            ReadOnlyFolders.unlock(locked);
        }
    }

    /**
     * A figure's or overlay's name that is a symbolic link to an existing picture in a folder that takes no new files:
     * the picture is replaced through a temporary made beside the file the link reaches, so with --force demo ran both
     * models, compare its 25 methods and maximize its 200 steps before "cannot write image L (OpenCV's imwrite failed:
     * check permissions and free space)", which named neither the link nor the folder; without --force they were told
     * to add it, to fail so. Refused before any model opens (none exists here), --force or not, naming the link, where
     * it leads and why, as the same picture named directly is; the picture is left as it was. Root writes to a folder
     * whatever its permission bits, so as root the folder is made immutable ({@code chattr +i}), which the kernel
     * refuses new files in even to root.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("figuresAndAnOverlayThroughALink")
    void aLinkToAPictureInAFolderThatTakesNoFilesIsRefusedBeforeTheWork(String command) throws Exception {
        Path file = Files.writeString(tmp.resolve("picture.png"), "not read: no model opens");
        Path locked = Files.createDirectory(tmp.resolve("locked"));
        Path target = Files.writeString(locked.resolve("figure.png"), "mine");
        Path link = command.contains("overlays")
                ? Files.createSymbolicLink(Files.createDirectory(tmp.resolve("overlays")).resolve("picture-cam.png"), target)
                : Files.createSymbolicLink(tmp.resolve("out.png"), target);
        String line = commandLine(command, file, "{link}", link);
        String what = command.contains("overlays") ? "overlay" : pictureOption(line);
        try {
            ReadOnlyFolders.lock(locked);
            for (String force : new String[] {"", " --force"}) {
                CliRun run = CliRun.of((line + force).split(" "));
                assertEquals(1, run.exitCode(), line + force + ": " + run.err());
                assertEquals("cam4j: error: " + what + " " + link + " cannot be written: it links to " + target
                        + ", where folder " + locked.toRealPath() + " is not writable", run.err().strip(), line + force);
            }
        } finally {
            ReadOnlyFolders.unlock(locked);
        }
        assertEquals("mine", Files.readString(target));
        assertTrue(Files.isSymbolicLink(link));
    }

    /**
     * train's and evaluate's --out given as a symbolic link to nothing, --force or not: it was called "a file, not a
     * folder" (exit 2), sending the user to look for a file; no folder can be made there, and it is said as explain
     * says it (exit 1, the link and where it points named), before any data or model is read (none exists here).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"train --arch pooled --data {tmp}/no-data --out {link}",
        "train --arch pooled --data {tmp}/no-data --out {link} --force",
        "evaluate --model {tmp}/no-model --data {tmp}/no-data --out {link}",
        "evaluate --model {tmp}/no-model --data {tmp}/no-data --out {link} --force"})
    void aFolderOutThatIsALinkToNothingIsNamedAsALink(String command) throws Exception {
        Path target = tmp.resolve("gone");
        Path link = Files.createSymbolicLink(tmp.resolve("out-link"), target);
        String line = command.replace("{tmp}", tmp.toString()).replace("{link}", link.toString());
        CliRun run = CliRun.of(line.split(" "));
        assertEquals(1, run.exitCode(), line + ": " + run.err());
        assertEquals("cam4j: error: --out " + link + " cannot be created: " + link + " is a link to " + target
                + ", which does not exist", run.err().strip(), line);
        assertFalse(Files.exists(target), line);
        assertTrue(Files.isSymbolicLink(link), line);
    }

    /**
     * train's --out folder given as a link that loops (L -> L) was "a link to L, which does not exist" (helper-269,
     * h269), as if L were missing where it stands: said as a loop now, as a figure's --out is.
     */
    @Test
    void aFolderOutWhoseLinksLoopIsSaidToLoop() throws Exception {
        Path link = tmp.resolve("loop-out");
        Files.createSymbolicLink(link, link.getFileName());
        CliRun run = CliRun.of("train", "--arch", "pooled", "--data", tmp.resolve("no-data").toString(), "--out",
                link.toString());
        assertEquals(1, run.exitCode(), run.err());
        assertEquals("cam4j: error: --out " + link + " cannot be created: " + link + " is a symbolic link, and its links"
                + " go round in a loop", run.err().strip());
    }

    /**
     * A figure given as a link that no write gets through, --force or not: links going round in a loop were told to
     * add --force, then failed once the work was done ("its symbolic links go round in a loop"); a link to nothing in a
     * missing folder, directly or through a second link, passed every check, and compare ran its methods before "cannot
     * write image ... (OpenCV's imwrite failed: check permissions and free space)". Each is refused before the work,
     * naming the option, the link and why; nothing is created.
     */
    @Test
    void aLinkNoWriteGetsThroughIsRefusedWithOrWithoutForce() throws Exception {
        Path loop = Files.createSymbolicLink(tmp.resolve("loop.png"), Path.of("loop.png"));
        Path missing = tmp.resolve("gone");
        Path intoMissing = Files.createSymbolicLink(tmp.resolve("into.png"), Path.of("gone/x.png"));
        Path chain = Files.createSymbolicLink(tmp.resolve("chain.png"), Path.of("into.png"));
        for (boolean force : new boolean[] {false, true}) {
            assertEquals("--out " + loop + " cannot be written: its symbolic links go round in a loop",
                    assertThrows(IllegalArgumentException.class, () -> OutputFolder.writableImage("--out", loop, force))
                            .getMessage());
            for (Path link : List.of(intoMissing, chain)) {
                assertEquals("--grid " + link + " cannot be written: it links to gone/x.png, where folder " + missing
                        + " does not exist", assertThrows(IllegalArgumentException.class,
                                () -> OutputFolder.writableImage("--grid", link, force)).getMessage());
            }
        }
        assertFalse(Files.exists(missing));
        // Through the command line, before any model opens (none exists here).
        Path picture = Files.writeString(tmp.resolve("notes.txt"), "mine");
        CliRun run = CliRun.of("compare", "--model", tmp.resolve("no-model").toString(), picture.toString(), "--out",
                chain.toString(), "--force");
        assertEquals(1, run.exitCode(), run.err());
        assertEquals("cam4j: error: --out " + chain + " cannot be written: it links to gone/x.png, where folder "
                + missing + " does not exist", run.err().strip());
    }

    /**
     * A figure's name that is a link to nothing in a folder that takes no new files (/proc), with --force: it passed
     * every check, and compare ran its methods, explain its model, before "cannot write image L (OpenCV's imwrite failed:
     * check permissions and free space)"; without --force it was told to add it. Refused before the work either way,
     * naming the link, where it leads and why, as a link into a missing folder is.
     */
    @Test
    void aLinkIntoAFolderThatTakesNoFilesIsRefusedBeforeTheWork() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("proc.png"), Path.of("/proc/cam4j-figure.png"));
        String why = "cannot be written: it links to /proc/cam4j-figure.png, where folder /proc "
                + io.github.cam4j.data.FileTrees.whyNotWritable(Path.of("/proc"));
        for (boolean force : new boolean[] {false, true}) {
            assertEquals("--out " + link + " " + why, assertThrows(IllegalArgumentException.class,
                    () -> OutputFolder.writableImage("--out", link, force)).getMessage());
            assertEquals("overlay " + link + " " + why, assertThrows(IllegalArgumentException.class,
                    () -> OutputFolder.writableThroughLinks("overlay", link)).getMessage());
        }
        Path picture = Files.writeString(tmp.resolve("picture.png"), "not read: no model opens");
        CliRun run = CliRun.of("compare", "--model", tmp.resolve("no-model").toString(), picture.toString(), "--out",
                link.toString(), "--force");
        assertEquals(1, run.exitCode(), run.err());
        assertEquals("cam4j: error: --out " + link + " " + why, run.err().strip());
    }

    /**
     * A figure's name that is a link to a file no figure is written in (notes.txt; a grey PGM): the picture goes through
     * the link in the format the file it reaches is named for, so compare ran its methods, then failed ("could not find
     * a writer for the specified extension"), or without --force was told to add it, to fail so after the work. Refused
     * before the work, --force or not, naming the link and its target; the target is left as it was. A link to a .jpg is
     * written through as a JPEG, and a link to a device under the link's own name, as before.
     */
    @Test
    void aLinkToAFileOfAnotherFormatIsRefusedBeforeTheWork() throws Exception {
        Path notes = Files.writeString(tmp.resolve("notes.txt"), "mine");
        Path grey = Files.writeString(tmp.resolve("scan.pgm"), "P2 1 1 255 0");
        Path toNotes = Files.createSymbolicLink(tmp.resolve("figure.png"), Path.of("notes.txt"));
        Path toGrey = Files.createSymbolicLink(tmp.resolve("grey.png"), grey);
        Path chain = Files.createSymbolicLink(tmp.resolve("chain.png"), toNotes.getFileName());
        for (boolean force : new boolean[] {false, true}) {
            for (Path link : List.of(toNotes, chain)) {
                assertEquals("--out " + link + " cannot be written: it is a symbolic link to " + notes + ", and OpenCV has"
                        + " no writer for that name's extension (a picture is written through a link in the format of"
                        + " the file it reaches); remove the link or give another path", assertThrows(
                                IllegalArgumentException.class, () -> OutputFolder.writableImage("--out", link, force))
                                .getMessage());
            }
            assertEquals("--grid " + toGrey + " cannot be written: it is a symbolic link to " + grey + ", a PGM or PBM"
                    + " file, which holds grey pictures where cam4j draws in colour (a picture is written through a link"
                    + " in the format of the file it reaches); remove the link or give another path", assertThrows(
                            IllegalArgumentException.class, () -> OutputFolder.writableImage("--grid", toGrey, force))
                            .getMessage());
        }
        Path photo = Files.writeString(tmp.resolve("photo.jpg"), "jpeg");
        OutputFolder.writableImage("--out", Files.createSymbolicLink(tmp.resolve("photo.png"), photo), true);
        OutputFolder.writableImage("--out", Files.createSymbolicLink(tmp.resolve("null.png"), Path.of("/dev/null")), true);
        // Through the command line, before any model opens (none exists here).
        Path picture = Files.writeString(tmp.resolve("picture.png"), "not read: no model opens");
        CliRun run = CliRun.of("compare", "--model", tmp.resolve("no-model").toString(), picture.toString(), "--out",
                toNotes.toString(), "--force");
        assertEquals(1, run.exitCode(), run.err());
        assertEquals("cam4j: error: --out " + toNotes + " cannot be written: it is a symbolic link to " + notes + ", and"
                + " OpenCV has no writer for that name's extension (a picture is written through a link in the format of"
                + " the file it reaches); remove the link or give another path", run.err().strip());
        assertEquals("mine", Files.readString(notes));
    }

    /** With --force the link is written through, as a link to an existing file is: the user allowed it. */
    @Test
    void withForceALinkToNothingMayBeWritten() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("out.png"), tmp.resolve("elsewhere.png"));
        OutputFolder.writable("--out", link, true);
        OutputFolder.writable("overlay", link, true);
        assertEquals("overlay " + link + " is a link to " + tmp.resolve("elsewhere.png") + ", which does not exist; add"
                + " --force to create it through the link", assertThrows(IllegalArgumentException.class,
                () -> OutputFolder.writable("overlay", link, false)).getMessage());
    }

    /**
     * One rule for every folder a command writes into (explain's and evaluate's --out, train's SavedModel --out,
     * video's --frames-dir): its last folder is created when its parent exists, as {@code mkdir} does; a missing parent
     * is refused in one line naming it, before any work, and nothing is created. explain, evaluate and train created
     * every missing folder on the way ({@code --out typo/a/b/c} made three folders), while a picture's folder must
     * exist ({@link #aPictureInAMissingFolderIsRefusedBeforeTheWork}). Under a file (as /etc/hostname/x) the file is
     * named; each command's --help says the rule.
     */
    @Test
    void aFolderIsCreatedOnlyWhenItsParentExists() throws Exception {
        Path seven = FirstTestDigit.writeIn(Files.createDirectories(tmp.resolve("in")));
        Path clip = tmp.resolve("in").resolve("clip.mp4");
        io.github.cam4j.video.TestVideos.movingDigits(clip, io.github.cam4j.data.Dataset.open(
                io.github.cam4j.testing.SharedData.mnist()).test(), 96, 64, 10, 1, false, 25, false);
        String model = "saved_models/mnist-pooled";
        String data = io.github.cam4j.testing.SharedData.mnist().toString();
        Path file = Files.writeString(tmp.resolve("notes.txt"), "mine");
        for (String[] c : new String[][] {
            {"explain", "--out", "--model", model, seven.toString()},
            {"evaluate", "--out", "--model", model, "--data", data, "--limit", "4"},
            {"train", "--out", "--arch", "pooled", "--data", data, "--limit", "100", "--epochs", "1"},
            {"video", "--frames-dir", "--model", model, clip.toString(), "--out", tmp.resolve("v.mp4").toString()},
        }) {
            String command = c[0];
            String option = c[1];
            List<String> rest = List.of(c).subList(2, c.length);
            Path parent = tmp.resolve(command + "-typo").resolve("a");
            Path deep = parent.resolve("out");
            CliRun run = run(command, option, deep, rest);
            assertEquals(1, run.exitCode(), command + ": " + run.err());
            assertEquals("cam4j: error: " + option + " " + deep + " cannot be created: folder " + parent + " does not"
                    + " exist; create it first (only the last folder of " + option + " is created)", run.err().strip(),
                    command);
            assertFalse(Files.exists(tmp.resolve(command + "-typo")), command + ": nothing created");

            // Under a file: a path of the wrong kind, a usage error (it had exited 1).
            Path under = file.resolve(command);
            run = run(command, option, under, rest);
            assertEquals(2, run.exitCode(), command + ": " + run.err());
            assertEquals("cam4j: error: " + option + " " + under + " cannot be created: " + file + " is a file, not a"
                    + " folder (see 'cam4j " + command + " --help')", run.err().strip(), command);
            // Through the file and back out (notes.txt/../x): the system resolves notes.txt as a folder and refuses,
            // where the path tidied (x) looked creatable; explain had loaded its model, then said "notes.txt/../x: Not
            // a directory" (exit 1).
            Path through = file.resolve("..").resolve(command + "-through");
            run = run(command, option, through, rest);
            assertEquals(2, run.exitCode(), command + ": " + run.err());
            assertEquals("cam4j: error: " + option + " " + through + " cannot be created: " + file + " is a file, not a"
                    + " folder (see 'cam4j " + command + " --help')", run.err().strip(), command);
            assertFalse(Files.exists(tmp.resolve(command + "-through")), command + ": nothing created");
            // Through a missing folder and back out (gone/../x): refused as the missing parent is, naming it; explain
            // had loaded its model, then said "gone/../x does not exist" (exit 1, the same code, but after the work).
            Path gone = tmp.resolve(command + "-gone");
            Path back = gone.resolve("..").resolve(command + "-back");
            run = run(command, option, back, rest);
            assertEquals(1, run.exitCode(), command + ": " + run.err());
            assertEquals("cam4j: error: " + option + " " + back + " cannot be created: folder " + gone + " does not"
                    + " exist; create it first (only the last folder of " + option + " is created)", run.err().strip(),
                    command);
            assertFalse(Files.exists(gone) || Files.exists(tmp.resolve(command + "-back")), command + ": nothing created");

            String help = CliRun.of(command, "--help").out().replaceAll("\\s+", " ");
            assertTrue(help.contains("created if absent when its parent folder exists"), command + ": " + help);
        }
        assertEquals("mine", Files.readString(file));
        // The last folder is still created, for every command alike.
        Path leaf = tmp.resolve("overlays");
        CliRun run = run("explain", "--out", leaf, List.of("--model", model, seven.toString()));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.isRegularFile(leaf.resolve("seven-cam.png")));
        for (String figure : new String[] {"demo", "compare", "concepts", "maximize"}) {
            String help = CliRun.of(figure, "--help").out().replaceAll("\\s+", " ");
            assertTrue(help.contains("its folder must exist"), figure + ": " + help);
        }
    }

    private static CliRun run(String command, String option, Path dir, List<String> rest) {
        List<String> args = new java.util.ArrayList<>(List.of(command, option, dir.toString()));
        args.addAll(rest);
        return CliRun.of(args.toArray(String[]::new));
    }

    /**
     * Every figure is in colour: demo, maximize, compare, concepts and --grid to a .pgm or .pbm file were refused only
     * when the figure was written, after the work (maximize's 200 steps); now before it.
     */
    @Test
    void aGreyFormatIsRefusedBeforeTheWork() {
        for (String name : new String[] {"figure.pgm", "figure.PBM"}) {
            Path file = tmp.resolve(name);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OutputFolder.writableImage("--out", file, false));
            assertEquals("--out " + file + ": PGM and PBM files hold grey pictures, and the figure is drawn"
                    + " in colour (write it as .png or .ppm)", e.getMessage());
            assertTrue(e instanceof UsageException, "exit 2: " + e.getClass().getName());
        }
        OutputFolder.writableImage("--out", tmp.resolve("figure.ppm"), false);
    }

    @Test
    void refusesTheWorkingAndHomeFoldersAndTheirParents() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(work.resolve("thesis.txt"), "years of work");
        for (Path out : List.of(work, home, tmp)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> check(out, OutputFolder.Kind.REPORT, List.of()));
            assertTrue(e.getMessage().contains("--out " + out + " is the"), e.getMessage());
        }
        assertTrue(Files.exists(work.resolve("thesis.txt")));
    }

    /**
     * evaluate's and train's --out named like a picture is refused as explain's is (ExplainCommandTest):
     * {@code evaluate --out r.png} wrote its report into a new folder named r.png, and said only "wrote
     * r.png/report.md (8 files)".
     */
    @Test
    void aFolderOutNamedLikeAPictureIsRefusedByEveryCommandThatWritesAFolder() throws Exception {
        String data = io.github.cam4j.testing.SharedData.mnist().toString();
        String[][] lines = {
            {"evaluate", "--model", "saved_models/mnist-pooled", "--data", data, "--limit", "4"},
            {"train", "--arch", "pooled", "--data", data, "--limit", "100", "--epochs", "1"},
        };
        String[] holds = {"the report goes in (report.md, report.json, charts); name a folder, e.g. --out eval/",
            "the SavedModel is written to; name a folder, e.g. --out my-model/"};
        for (int i = 0; i < lines.length; i++) {
            Path named = tmp.resolve(lines[i][0] + "-out.jp2");
            List<String> args = new java.util.ArrayList<>(List.of(lines[i]));
            args.addAll(List.of("--out", named.toString()));
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(2, run.exitCode(), run.err());
            assertEquals("cam4j: error: --out " + named + " is named like a picture, but --out is the folder "
                    + holds[i] + " (or create " + named + " first to use that name for one) (see 'cam4j "
                    + lines[i][0] + " --help')", run.err().strip());
            assertFalse(Files.exists(named), "nothing made");
        }
    }

    /**
     * evaluate's --out the --model folder itself is said to be it, with or without --force, as train's --out the data
     * folder is (TrainSafetyTest): it read "--out M holds an input, M, which replacing it would delete".
     */
    @Test
    void evaluateOutTheModelFolderIsSaidToBeIt() throws Exception {
        Path model = tmp.resolve("evaluate-own-model");
        Path bundled = Path.of("saved_models/mnist-pooled");
        try (java.util.stream.Stream<Path> files = Files.walk(bundled)) {
            for (Path f : files.toList()) {
                Files.copy(f, model.resolve(bundled.relativize(f).toString()));
            }
        }
        for (String force : new String[] {" --force", ""}) {
            CliRun run = CliRun.of(("evaluate --model " + model + " --data "
                    + io.github.cam4j.testing.SharedData.mnist() + " --limit 4 --out " + model + force).split(" "));
            assertEquals(1, run.exitCode(), run.out());
            assertEquals("cam4j: error: --out " + model + " is the model folder (--model " + model + "): writing the"
                    + " report there would replace it and delete what it holds; choose another folder for --out",
                    run.err().strip());
        }
        assertTrue(Files.exists(model.resolve("saved_model.pb")), "the model is kept");
    }

    @Test
    void refusesAFolderHoldingAnInputOrSomethingElseThanAnEarlierOutput() throws Exception {
        Path models = Files.createDirectories(tmp.resolve("m"));
        Path model = Files.createDirectories(models.resolve("evalme"));
        Files.writeString(model.resolve("saved_model.pb"), "graph");
        IllegalArgumentException input = assertThrows(IllegalArgumentException.class,
                () -> check(models, OutputFolder.Kind.REPORT, List.of(model)));
        assertTrue(input.getMessage().contains("holds an input, " + model), input.getMessage());
        IllegalArgumentException itself = assertThrows(IllegalArgumentException.class,
                () -> check(model, OutputFolder.Kind.REPORT, List.of(model)));
        assertTrue(itself.getMessage().contains("holds an input"), itself.getMessage());

        Path keep = Files.createDirectories(tmp.resolve("keep"));
        Files.writeString(keep.resolve("notes.txt"), "mine");
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> check(keep, OutputFolder.Kind.REPORT, List.of()));
        assertTrue(other.getMessage().contains("is not an evaluation report written by cam4j (it holds notes.txt)"),
                other.getMessage());
        // A SavedModel written by someone else is not train's to replace either.
        assertThrows(IllegalArgumentException.class, () -> check(model, OutputFolder.Kind.MODEL, List.of()));
        assertTrue(Files.exists(model.resolve("saved_model.pb")) && Files.exists(keep.resolve("notes.txt")));
    }

    @Test
    void replacesAnEarlierOutputOrAnEmptyFolder() throws Exception {
        Path report = Files.createDirectories(tmp.resolve("report"));
        Files.writeString(report.resolve("report.json"), "{\"cam4jVersion\": \"0.1.0\"}");
        Files.writeString(report.resolve("report.md"), "# old");
        OutputFolder.replaceable(report, true, OutputFolder.Kind.REPORT, List.of());
        assertFalse(Files.exists(report));

        Path model = Files.createDirectories(tmp.resolve("model").resolve("assets"));
        Files.writeString(model.resolve("cam4j.json"), "{\"format\" : \"cam4j-savedmodel/1\"}");
        Files.writeString(model.getParent().resolve("saved_model.pb"), "graph");
        check(model.getParent(), OutputFolder.Kind.MODEL, List.of());
        // The same folder with a file cam4j does not write, or metadata that is not cam4j's, is not replaced.
        Path notes = Files.writeString(model.getParent().resolve("notes.txt"), "mine");
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
                () -> check(model.getParent(), OutputFolder.Kind.MODEL, List.of()));
        assertTrue(foreign.getMessage().contains("holds notes.txt, which cam4j does not write there"), foreign.getMessage());
        Files.delete(notes);
        Files.writeString(model.resolve("cam4j.json"), "{}");
        assertThrows(IllegalArgumentException.class, () -> check(model.getParent(), OutputFolder.Kind.MODEL, List.of()));

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        check(empty, OutputFolder.Kind.REPORT, List.of());

        // A real cam4j SavedModel (the bundled one, copied) holds only what cam4j writes.
        Path bundled = io.github.cam4j.testing.SharedData.bundledModels().resolve("mnist-pooled");
        Path copy = tmp.resolve("copy");
        try (var files = Files.walk(bundled)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(bundled.relativize(f).toString()));
            }
        }
        check(copy, OutputFolder.Kind.MODEL, List.of());
    }

    /**
     * A report's files are written through temporaries renamed over them; a JVM killed while writing one leaves it, and
     * --force then refused the folder as holding a file cam4j does not write.
     */
    @Test
    void replacesAReportLeftWithATemporaryOfItsWrites() throws Exception {
        Path report = Files.createDirectories(tmp.resolve("report"));
        Files.writeString(report.resolve("report.json"), "{\"cam4jVersion\": \"0.1.0\"}");
        Path[] temporary = new Path[1];
        io.github.cam4j.data.AtomicFile.write(report.resolve("report.md"), f -> temporary[0] = Files.writeString(f, "# whole"));
        Files.writeString(temporary[0], "# half"); // what a JVM killed before the rename leaves
        check(report, OutputFolder.Kind.REPORT, List.of());
        Files.writeString(report.resolve("report.md.bak"), "mine");
        assertThrows(IllegalArgumentException.class, () -> check(report, OutputFolder.Kind.REPORT, List.of()));
    }

    @Test
    void withoutForceAnythingThatExistsIsKeptAndAFileIsNotAFolder() throws Exception {
        Path report = Files.createDirectories(tmp.resolve("report"));
        Files.writeString(report.resolve("report.json"), "{\"cam4jVersion\": \"0.1.0\"}");
        IllegalArgumentException kept = assertThrows(IllegalArgumentException.class, () -> OutputFolder.checkReplaceable(
                report, false, OutputFolder.Kind.REPORT, List.of(), tmp.resolve("work"), tmp.resolve("home")));
        assertTrue(kept.getMessage().contains("already exists; choose another path or add --force"), kept.getMessage());
        Path file = Files.writeString(tmp.resolve("existing.txt"), "text");
        IllegalArgumentException notFolder = assertThrows(IllegalArgumentException.class,
                () -> check(file, OutputFolder.Kind.REPORT, List.of()));
        assertTrue(notFolder.getMessage().contains("is a file, not a folder"), notFolder.getMessage());
        // Paths of the wrong kind the user named are usage errors (exit 2); they had exited 1.
        assertTrue(notFolder instanceof UsageException, notFolder.getClass().getName());
        IllegalArgumentException folder = assertThrows(IllegalArgumentException.class,
                () -> OutputFolder.writable("--out", tmp, true));
        assertEquals("--out " + tmp + " is a folder; name a file to write", folder.getMessage());
        assertTrue(folder instanceof UsageException, folder.getClass().getName());
        // An overlay explain names itself, found to be a folder, is no mistake of the command line, and its name no
        // one can change: it had been told to "name a file to write". A link to a folder is said to be one.
        IllegalArgumentException overlay = assertThrows(IllegalArgumentException.class,
                () -> OutputFolder.writable("overlay", tmp, true));
        assertFalse(overlay instanceof UsageException);
        assertEquals("overlay " + tmp + " is a folder, where that overlay goes; move it, or choose another --out",
                overlay.getMessage());
        Path link = Files.createSymbolicLink(tmp.resolve("seven-cam.png"), Path.of("report"));
        assertEquals("overlay " + link + " is a symbolic link to folder " + report + ", where that overlay goes; move"
                + " it, or choose another --out", assertThrows(IllegalArgumentException.class,
                        () -> OutputFolder.writable("overlay", link, true)).getMessage());
        assertEquals("--out " + link + " is a symbolic link to folder " + report + "; name a file to write",
                assertThrows(UsageException.class, () -> OutputFolder.writable("--out", link, true)).getMessage());
        // The option that named the file is said first, as for an output folder (compare, concepts, maximize, demo,
        // video said only the path).
        IllegalArgumentException exists = assertThrows(IllegalArgumentException.class,
                () -> OutputFolder.writable("--out", file, false));
        assertEquals("--out " + file + " already exists; add --force to overwrite it", exists.getMessage());
        OutputFolder.writable("--out", file, true);
    }

    /**
     * A link to a report folder, with --force: its files were listed through the link as one entry named "", and the
     * refusal read "holds , which cam4j does not write there" (helper-165). The link is named as a link, and both it
     * and its folder are kept.
     */
    @Test
    void aLinkIsRefusedAsALink() throws Exception {
        Path report = Files.createDirectories(tmp.resolve("linked-report"));
        Files.writeString(report.resolve("report.json"), "{\"cam4jVersion\": \"0.1.0\"}");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), report);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> check(link, OutputFolder.Kind.REPORT, List.of()));
        assertEquals("--out " + link + " is a symbolic link to " + report.toRealPath() + "; --force replaces a folder,"
                + " not a link: give the folder itself, or another path", e.getMessage());
        assertTrue(Files.isSymbolicLink(link) && Files.isRegularFile(report.resolve("report.json")));
        check(report, OutputFolder.Kind.REPORT, List.of());
    }
}
