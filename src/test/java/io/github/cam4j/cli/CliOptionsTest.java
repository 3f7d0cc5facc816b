package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The options each command offers, and what its {@code --help} says of them. */
class CliOptionsTest {
    private static final Pattern OPTION = Pattern.compile("--[a-z][a-z0-9-]*");

    /**
     * A help text that names an option points the user at it: every option a command's help names must be one of that
     * command's options. {@code video --help} and {@code evaluate --help} said that {@code --fit digit} frames photos,
     * an option of {@code explain} only (their {@code --ink} text is shared with it).
     */
    @Test
    void everyOptionAHelpTextNamesIsAnOptionOfThatCommand() {
        List<String> wrong = new ArrayList<>();
        for (CommandLine sub : Cam4j.commandLine().getSubcommands().values()) {
            String name = sub.getCommandName();
            if (name.equals("help")) {
                continue;
            }
            CliRun help = CliRun.of(name, "--help");
            assertEquals(0, help.exitCode(), help.err());
            assertTrue(help.out().startsWith("Usage: cam4j " + name), help.out());
            // Joined across the help's line breaks, which may fall inside an option's name.
            String text = help.out().replaceAll("-\\s*\\n\\s+", "-");
            Matcher m = OPTION.matcher(text);
            while (m.find()) {
                String option = m.group();
                // A negatable option's other form (--no-deinterlace for --[no-]deinterlace) is one of its names.
                var negated = option.startsWith("--no-") ? sub.getCommandSpec().findOption("--" + option.substring(5))
                        : null;
                if (sub.getCommandSpec().findOption(option) == null && (negated == null || !negated.negatable())) {
                    wrong.add("cam4j " + name + " --help names " + option);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    /**
     * A command line the documentation shows runs as shown only if each of its options is one of that command's: every
     * {@code cam4j.jar COMMAND ...} (and {@code Cam4j COMMAND ...}) line of README.md and docs/*.md, its shell
     * continuations joined, up to a comment, pipe or the end of a code span, gives only options the command declares.
     * (A new user's walk through README in the thirty-fourth round checked them by hand; this keeps them so.)
     */
    @Test
    void everyOptionTheDocumentedCommandLinesGiveIsAnOptionOfThatCommand() throws Exception {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(Path.of("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        Pattern commandLine = Pattern.compile("(?:cam4j\\.jar|Cam4j) ([a-z]+)([^`#|;&]*)");
        Pattern option = Pattern.compile("(?<=\\s)--[a-z][a-z0-9-]*");
        List<String> wrong = new ArrayList<>();
        int lines = 0;
        for (Path doc : docs) {
            String text = java.nio.file.Files.readString(doc).replaceAll("\\\\\\n\\s*", " ");
            for (String line : text.lines().toList()) {
                Matcher m = commandLine.matcher(line);
                while (m.find()) {
                    CommandLine sub = Cam4j.commandLine().getSubcommands().get(m.group(1));
                    if (sub == null) {
                        continue; // prose such as "cam4j.jar is": no command
                    }
                    lines++;
                    Matcher o = option.matcher(m.group(2));
                    while (o.find()) {
                        String name = o.group();
                        var negated = name.startsWith("--no-")
                                ? sub.getCommandSpec().findOption("--" + name.substring(5)) : null;
                        if (sub.getCommandSpec().findOption(name) == null && (negated == null || !negated.negatable())
                                && !name.equals("--help")) {
                            wrong.add(doc + ": cam4j " + m.group(1) + " has no " + name + ": " + line.strip());
                        }
                    }
                }
            }
        }
        // README and usage.md alone show some seventy command lines: a pattern that stopped matching would pass empty.
        assertTrue(lines > 50, "command lines found: " + lines);
        assertEquals(List.of(), wrong);
    }

    /**
     * A mistyped command or option is answered with the near name picocli finds, in the same one line; it said only
     * "Unmatched argument at index 0: 'explian'" or "Unknown option: '--alhpa'".
     */
    @Test
    void aMistypedCommandOrOptionGetsTheNearName(@TempDir Path tmp) {
        CliRun command = CliRun.of("explian", "--model", "mnist-pooled");
        assertEquals(2, command.exitCode(), command.err());
        assertTrue(command.err().strip().startsWith("cam4j: error: Unmatched argument")
                && command.err().strip().endsWith("; did you mean explain? (see 'cam4j --help')"), command.err());

        CliRun option = CliRun.of("explain", "--model", "mnist-pooled", "--alhpa", "0.3", "--out",
                tmp.resolve("o").toString(), tmp.resolve("digit.png").toString());
        assertEquals(2, option.exitCode(), option.err());
        assertTrue(option.err().strip().startsWith("cam4j: error: Unknown option: '--alhpa'")
                && option.err().strip().endsWith("; did you mean --alpha? (see 'cam4j explain --help')"), option.err());
    }

    /**
     * evaluate feeds MNIST's canvases (light digits on black) as they are: {@code --ink}, which tells a session to invert
     * pictures of the other ink, changed nothing there ({@code --ink dark} and {@code --ink light} gave the same
     * report), so it is not evaluate's option: a mistyped command line, exit 2, one line.
     */
    @Test
    void evaluateHasNoInkOptionItWouldIgnore(@TempDir Path tmp) {
        CliRun r = CliRun.of("evaluate", "--model", "mnist-pooled", "--ink", "dark", "--data",
                tmp.resolve("no-data").toString(), "--out", tmp.resolve("eval").toString());
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("cam4j: error: Unknown options: '--ink', 'dark' (see 'cam4j evaluate --help')", r.err().strip());
    }

    /**
     * video's {@code --ink} says what video does with a model's ink (frames inverted, their ground cleared, the digits
     * measured for {@code --scale auto}); it said what explain does ("explain frames a photo of a digit as MNIST framed
     * its digits"), which video does not.
     */
    @Test
    void videosInkHelpSaysWhatVideoDoes() {
        String video = optionHelp("video", "--ink");
        assertFalse(video.contains("explain") || video.contains("framed"), video);
        assertTrue(video.contains("frames of dark ink on a light ground are inverted") && video.contains("--floor")
                && video.contains("--scale auto"), video);
        String explain = optionHelp("explain", "--ink");
        assertTrue(explain.contains("explain frames a photo of a digit as MNIST framed its digits"), explain);
    }

    /**
     * {@code --layers}' help said "Opens and runs the model once per layer", what cam4j did until the thirty-second
     * round; the model is opened once and run once per batch for all the layers (README, docs/inputs-and-methods.md,
     * "Several target layers"; {@code LayerRunTest} counts the runs).
     */
    @Test
    void layersHelpSaysTheModelIsOpenedAndRunOnce() {
        for (String command : List.of("explain", "compare")) {
            String layers = optionHelp(command, "--layers");
            assertFalse(layers.contains("once per layer"), command + ": " + layers);
            assertTrue(layers.contains("Opens the model once and runs it once per batch for all the layers"),
                    command + ": " + layers);
        }
    }

    /** @return the help text of one of a command's options, its lines joined */
    private static String optionHelp(String command, String option) {
        CliRun help = CliRun.of(command, "--help");
        assertEquals(0, help.exitCode(), help.err());
        StringBuilder text = new StringBuilder();
        boolean in = false;
        for (String line : help.out().lines().toList()) {
            // An option's row starts in the options' column; its description's lines (which may start with an option's
            // name) much further right.
            boolean optionRow = line.matches(" {2,8}(-\\w, )?--[a-z].*");
            if (optionRow) {
                in = line.strip().startsWith(option + "=") || line.strip().startsWith(option + " ");
            }
            if (in) {
                text.append(' ').append(line.strip());
            }
        }
        assertFalse(text.isEmpty(), command + " --help has no " + option + ": " + help.out());
        return text.toString().strip();
    }

    /**
     * An empty string given for a path is refused naming the option, before anything is loaded or written: Path.of("")
     * is the working folder, so {@code explain --model mnist-pooled ""} explained every picture of the working folder
     * and {@code --out ""} wrote overlays into it. Each case must exit 2 with one line and leave {@code tmp} empty.
     */
    @Test
    void anEmptyPathIsRefusedNamingItsOption(@TempDir Path tmp) throws Exception {
        String out = tmp.resolve("o").toString();
        String[][] cases = {
            {"an IMAGE argument is empty; name a picture or a folder of pictures (. for the working folder)",
                "explain", "--model", "mnist-pooled", "", "--out", out},
            {"--out is empty; name the folder for the overlay PNGs",
                "explain", "--model", "mnist-pooled", "README.md", "--out", ""},
            {"--grid is empty; name the figure to write", "explain", "--model", "mnist-pooled", "--grid", ""},
            {"--model is empty; give a SavedModel folder or a bundled model's name (mnist-pooled, mnist-unpooled)",
                "explain", "--model", "", "README.md", "--out", out},
            {"--labels is empty; name the label file, or leave --labels out for the model's own",
                "explain", "--model", "mnist-pooled", "--labels", "", "README.md", "--out", out},
            {"--data is empty; name the dataset folder, or leave --data out for the default ($CAM4J_DATA, else"
                + " ~/.cache/cam4j/mnist)", "demo", "--data", "", "--out", out + ".png"},
            {"--out is empty; name the figure to write", "demo", "--out", ""},
            {"a PICTURE argument is empty; name a picture or a folder of pictures (. for the working folder), or leave"
                + " PICTURE out for the test digits", "compare", "--model", "mnist-pooled", "", "--out", out + ".png"},
            {"--models is empty; name the folder holding mnist-pooled and mnist-unpooled, or leave --models out",
                "demo", "--models", "", "--out", out + ".png"},
            {"an INPUT argument is empty; give a video file or camera:N", "video", "--model", "mnist-pooled", "",
                "--out", out + ".mp4"},
            {"--out is empty; name the video to write", "video", "--model", "mnist-pooled", "in.mp4", "--out", ""},
            {"--frames-dir is empty; name the folder for the frame PNGs", "video", "--model", "mnist-pooled",
                "in.mp4", "--out", out + ".mp4", "--frames-dir", ""},
            {"--out is empty; name the SavedModel folder to write", "train", "--arch", "pooled", "--out", ""},
            {"--arch is empty; give pooled, unpooled, or a Keras JSON config file", "train", "--arch", "", "--out", out},
            {"--model is empty; give a SavedModel folder or a bundled model's name (mnist-pooled, mnist-unpooled)",
                "inspect", "--model", ""},
        };
        assertUsageErrorsWritingNothing(cases, tmp);
    }

    /**
     * Runs each case's command line and asserts that it is a usage error (exit 2) said in one line, and that nothing was
     * written into {@code tmp}.
     *
     * @param cases each the expected problem, then the command line
     * @param tmp the folder the command lines name for their outputs
     */
    static void assertUsageErrorsWritingNothing(String[][] cases, Path tmp) throws Exception {
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            CliRun run = CliRun.of(args);
            assertEquals(2, run.exitCode(), String.join(" ", args) + ": " + run.err());
            assertEquals("cam4j: error: " + c[0] + " (see 'cam4j " + args[0] + " --help')", run.err().strip(),
                    String.join(" ", args));
        }
        try (var written = java.nio.file.Files.list(tmp)) {
            assertEquals(List.of(), written.toList(), "nothing is written");
        }
    }

    /**
     * Every path option and argument of every command says what to name when given empty: explain's --out said "name a
     * file or folder", which a folder-only option is not, as {@link EmptyPaths#FALLBACK} says of a path without a hint.
     */
    @Test
    void everyEmptyPathSaysWhatToName() {
        List<String> unhinted = new java.util.ArrayList<>();
        for (picocli.CommandLine command : Cam4j.commandLine().getSubcommands().values()) {
            var spec = command.getCommandSpec();
            List<picocli.CommandLine.Model.ArgSpec> args = new java.util.ArrayList<>(spec.options());
            args.addAll(spec.positionalParameters());
            for (var arg : args) {
                String name = arg instanceof picocli.CommandLine.Model.OptionSpec o ? o.longestName() : arg.paramLabel();
                if (EmptyPaths.isPath(arg, name) && EmptyPaths.hint(arg, name).equals(EmptyPaths.FALLBACK)) {
                    unhinted.add(spec.name() + " " + name);
                }
            }
        }
        assertEquals(List.of(), unhinted, "paths whose empty value is answered \"" + EmptyPaths.FALLBACK + "\"");
    }

    /**
     * A script checks which cam4j it runs with {@code cam4j explain --version} as well as {@code cam4j --version}: every
     * command's help offers -V/--version, and each printed nothing and exited 0.
     */
    @Test
    void everyCommandsVersionIsCam4jsVersion() {
        CliRun root = CliRun.of("--version");
        assertEquals(0, root.exitCode(), root.err());
        assertTrue(root.out().startsWith("cam4j "), root.out());
        for (String name : Cam4j.commandLine().getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            for (String flag : new String[] {"--version", "-V"}) {
                CliRun version = CliRun.of(name, flag);
                assertEquals(0, version.exitCode(), name + " " + flag + ": " + version.err());
                assertEquals(root.out(), version.out(), "cam4j " + name + " " + flag);
            }
        }
    }

    /**
     * In a terminal that shows text only (TERM=dumb: Emacs' shell, an editor's command window) {@code --help} is read as
     * it is printed: picocli coloured it whenever it ran in a terminal, and it came out strewn with escape codes. Run in
     * a real pseudo terminal ({@code script}); with TERM=xterm the same run is coloured, which shows it is a terminal.
     */
    @Test
    void helpInADumbTerminalHasNoEscapeCodes(@TempDir Path tmp) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(Path.of("/usr/bin/script")),
                "util-linux' script runs a command in a pseudo terminal");
        assertTrue(helpInATerminal(tmp, "xterm").contains("\u001b["), "a colour terminal gets colours");
        String dumb = helpInATerminal(tmp, "dumb");
        assertTrue(dumb.contains("Usage: cam4j explain [-hV]"), dumb);
        assertFalse(dumb.contains("\u001b"), dumb);
    }

    /** @return what {@code cam4j explain --help} printed in a pseudo terminal of type {@code term} */
    private static String helpInATerminal(Path tmp, String term) throws Exception {
        String command = CliProcess.command("explain", "--help").stream()
                .map(a -> "'" + a.replace("'", "'\\''") + "'").collect(java.util.stream.Collectors.joining(" "));
        Path typescript = tmp.resolve(term + ".txt");
        ProcessBuilder pb = CliProcess.builder(List.of("/usr/bin/script", "-qec", command, "/dev/null"));
        pb.environment().put("TERM", term);
        pb.environment().remove("NO_COLOR");
        pb.redirectOutput(typescript.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "help printed within 120 s");
        String text = java.nio.file.Files.readString(typescript);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    /**
     * The shell expands {@code ~} only unquoted and at a word's start: {@code --out=~/maps} or {@code --out "~/maps"}
     * reaches cam4j as typed. explain wrote its overlays into a folder named {@code ~} in the working folder (exit 0,
     * "-> ~/maps/seven-cam.png"), and an input under {@code ~} was "not found". Each must exit 2 with one line naming
     * the option or argument and what to write instead, and write nothing.
     */
    @Test
    void aPathBeginningWithAnUnexpandedTildeIsRefused(@TempDir Path tmp) throws Exception {
        Path tilde = Path.of("~");
        assertFalse(java.nio.file.Files.exists(tilde), "the working folder holds no ~ before the test");
        Path seven = FirstTestDigit.writeIn(tmp);
        String[][] cases = {
            {"--out ~/maps: the shell left ~ unexpanded (it expands it only unquoted, and not after '='), and cam4j does"
                + " not; write $HOME/maps (or ./~/maps for a folder named ~ here)",
                "explain", "--model", "mnist-pooled", seven.toString(), "--out=~/maps"},
            {"the IMAGE argument ~/seven.png: the shell left ~ unexpanded (it expands it only unquoted, and not after"
                + " '='), and cam4j does not; write $HOME/seven.png (or ./~/seven.png for a folder named ~ here)",
                "explain", "--model", "mnist-pooled", "~/seven.png", "--out", tmp.resolve("o").toString()},
            {"--model ~: the shell left ~ unexpanded (it expands it only unquoted, and not after '='), and cam4j does"
                + " not; write $HOME (or ./~ for a folder named ~ here)", "inspect", "--model", "~"},
            {"--data ~/mnist: the shell left ~ unexpanded (it expands it only unquoted, and not after '='), and cam4j"
                + " does not; write $HOME/mnist (or ./~/mnist for a folder named ~ here)",
                "demo", "--data", "~/mnist", "--out", tmp.resolve("d.png").toString()},
            {"the INPUT argument ~/in.mp4: the shell left ~ unexpanded (it expands it only unquoted, and not after '='),"
                + " and cam4j does not; write $HOME/in.mp4 (or ./~/in.mp4 for a folder named ~ here)",
                "video", "--model", "mnist-pooled", "~/in.mp4", "--out", tmp.resolve("v.mp4").toString()},
        };
        try {
            for (String[] c : cases) {
                String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
                CliRun run = CliRun.of(args);
                assertEquals("cam4j: error: " + c[0] + " (see 'cam4j " + args[0] + " --help')", run.err().strip(),
                        String.join(" ", args));
                assertEquals(2, run.exitCode(), String.join(" ", args));
            }
            assertFalse(java.nio.file.Files.exists(tilde), "nothing written under ./~");
            try (var written = java.nio.file.Files.list(tmp)) {
                assertEquals(List.of(seven), written.toList(), "nothing written beside the picture");
            }
            // A folder named ~ in a path that does not begin with it is taken as it is (its last folder created, as any
            // --out's).
            java.nio.file.Files.createDirectory(tmp.resolve("~"));
            CliRun dotted = CliRun.of("explain", "--model", "mnist-pooled", seven.toString(), "--out",
                    tmp.resolve("~").resolve("maps").toString());
            assertEquals(0, dotted.exitCode(), dotted.err());
        } finally {
            if (java.nio.file.Files.exists(tilde)) {
                try (var walk = java.nio.file.Files.walk(tilde)) {
                    for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        java.nio.file.Files.delete(f);
                    }
                }
            }
        }
    }

    /**
     * A mistyped required option was answered as a missing one: {@code explain --modle mnist-pooled ...} said "Missing
     * required option: '--model=<model>'", naming what the user had typed and not the typo (picocli checks the required
     * options first). The typo is named, with its near name; a stray word with no option still gets the missing one.
     */
    @Test
    void aMistypedRequiredOptionIsNamedAsMistyped(@TempDir Path tmp) {
        String out = tmp.resolve("o").toString();
        String[][] cases = {
            {"Unknown option: '--modle'; did you mean --model? (see 'cam4j explain --help')",
                "explain", "--modle", "mnist-pooled", "digit.png", "--out", out},
            {"Unknown option: '--arhc'; did you mean --arch? (see 'cam4j train --help')",
                "train", "--arhc", "pooled", "--out", out},
            {"Unknown option: '--ot' (see 'cam4j maximize --help')",
                "maximize", "--model", "mnist-pooled", "--ot", out},
            {"Missing required option: '--arch=<arch>' (see 'cam4j train --help')", "train", "pooled", "--out", out},
        };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            CliRun run = CliRun.of(args);
            assertEquals("cam4j: error: " + c[0], run.err().strip(), String.join(" ", args));
            assertEquals(2, run.exitCode(), String.join(" ", args));
        }
    }

    /**
     * A user reads an option's default in its help: every option that has one (other than a flag, which is off unless
     * given) says "default" in its description. train's --limit, --threads, --shift, --hide-patch, --cell-dropout,
     * --attention-drop and --spread-penalty and video's --max-frames said only "(0: all)", "(0: off, ...)", never that
     * 0 is what they take when not given.
     */
    @Test
    void everyOptionWithADefaultSaysIt() {
        List<String> silent = new ArrayList<>();
        for (CommandLine sub : Cam4j.commandLine().getSubcommands().values()) {
            for (CommandLine.Model.OptionSpec o : sub.getCommandSpec().options()) {
                boolean flag = o.type() == boolean.class || o.type() == Boolean.class;
                Object initial = o.initialValue();
                boolean hasDefault = o.defaultValue() != null
                        || initial != null && !(initial instanceof java.util.Collection<?> c && c.isEmpty());
                if (flag || o.usageHelp() || o.versionHelp() || o.required() || !hasDefault) {
                    continue;
                }
                String description = String.join(" ", o.description());
                if (!description.toLowerCase(java.util.Locale.ROOT).contains("default")) {
                    silent.add(sub.getCommandName() + " " + o.longestName());
                }
            }
        }
        assertEquals(List.of(), silent);
    }

    /**
     * {@code cam4j help --bogus} printed cam4j's help and exited 0, as if the command line were right (picocli lets a
     * help command end with words it did not match). It is a mistyped command line: exit 2, one line, no help text.
     * {@code help explain} and {@code explain --help --bogus} still print the help (--help wins, as picocli has it).
     */
    @Test
    void helpWithAnUnknownOptionIsAMistypedCommandLine() {
        CliRun bogus = CliRun.of("help", "--bogus");
        assertEquals("cam4j: error: Unknown option: '--bogus' (see 'cam4j help --help')", bogus.err().strip());
        assertEquals("", bogus.out());
        assertEquals(2, bogus.exitCode());
        CliRun explain = CliRun.of("help", "explain");
        assertEquals(0, explain.exitCode(), explain.err());
        assertTrue(explain.out().startsWith("Usage: cam4j explain"), explain.out());
        CliRun helpWins = CliRun.of("explain", "--help", "--bogus");
        assertEquals(0, helpWins.exitCode(), helpWins.err());
        assertTrue(helpWins.out().startsWith("Usage: cam4j explain"), helpWins.out());
    }
}
