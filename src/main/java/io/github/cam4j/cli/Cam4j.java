package io.github.cam4j.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cam4j} command: wires the subcommands, one class each, and turns failures into one-line errors.
 */
@Command(name = "cam4j", mixinStandardHelpOptions = true, versionProvider = Cam4j.Version.class,
        description = "Class Activation Maps for Java: train, export, explain and evaluate CNNs on TensorFlow Java.",
        subcommands = {DemoCommand.class, TrainCommand.class, ExplainCommand.class, InspectCommand.class,
            VideoCommand.class, EvaluateCommand.class, CompareCommand.class, ConceptsCommand.class,
            MaximizeCommand.class, CommandLine.HelpCommand.class})
public final class Cam4j {

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        // Before anything is printed: System.out would swallow a failed write (a full disk) and the run exit 0.
        CheckedStdout stdout = CheckedStdout.install();
        // In the child a launcher under an ASCII locale started: the words as the shell gave them.
        args = Utf8Names.arguments(args, System.getenv());
        java.util.Map<String, String> missing = new java.util.LinkedHashMap<>(
                NativeEnvironment.missing(args, System.getenv()));
        missing.putAll(Utf8Names.missing(args, System.getenv(), Utf8Names.namesCharset(),
                Utf8Names::ownCommandLine));
        if (!missing.isEmpty()) {
            java.util.OptionalInt code = NativeEnvironment.relaunch(Cam4j.class, args, missing);
            if (code.isPresent()) {
                // The child wrote to the same standard output (inherited, not copied) and said its own write error;
                // this JVM printed nothing there, so this passes the child's code on.
                System.exit(stdout.exitCode(code.getAsInt(), System.err));
            }
        }
        EarlyStop.install(System.err, System.out, args);
        NativeEnvironment.followLauncher(System.getenv());
        // Captions with non-ASCII labels are drawn with Java2D into images only: no window, so no display is needed
        // (an unreachable DISPLAY would otherwise fail the first caption).
        System.setProperty("java.awt.headless", "true");
        java.util.Optional<String> argumentFile = ArgumentFiles.problem(args);
        if (argumentFile.isPresent()) {
            // Before picocli reads it: a folder there ended the JVM with a stack trace.
            EarlyStop.begun();
            System.err.println("cam4j: error: " + argumentFile.get() + " (see 'cam4j --help')");
            System.exit(commandLine().getCommandSpec().exitCodeOnInvalidInput());
        }
        CommandLine cli = commandLine();
        // Made here, it is every subcommand's too (picocli passes it down); made by a subcommand, it would be its own,
        // and what that printed without a line end would stay in a buffer the flush below does not reach.
        java.io.PrintWriter out = cli.getOut();
        int code = cli.execute(args);
        // A mistyped command line never begins a command: its exit is no stop to be said.
        EarlyStop.begun();
        out.flush();
        System.exit(stdout.exitCode(code, System.err));
    }

    /** @return the configured command line, for {@link #main} and for tests that capture its output */
    public static CommandLine commandLine() {
        CommandLine cli = configure(new CommandLine(new Cam4j()));
        // Set after the subcommands are added, so that it reaches them all: no path in a help is cut across two lines.
        cli.setHelpFactory(new SpaceWrappedHelp());
        if (plainTerminal(System.getenv())) {
            // Set after the subcommands are added, so that it reaches them all.
            cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        }
        return cli;
    }

    /**
     * picocli colours the help whenever standard output is a terminal, and reads NO_COLOR but not TERM: {@code --help}
     * in a terminal that cannot show colours (TERM=dumb: Emacs' shell, an editor's command window, a CI runner's pseudo
     * terminal) filled it with escape codes ({@code ^[[1mcam4j explain^[[21m^[[0m}).
     *
     * @param env the environment
     * @return whether the terminal, if there is one, shows text only
     */
    static boolean plainTerminal(java.util.Map<String, String> env) {
        return "dumb".equals(env.get("TERM"));
    }

    /**
     * @param cli a command line
     * @return {@code cli}, its failures and mistyped arguments answered as cam4j answers them: one line each
     */
    static CommandLine configure(CommandLine cli) {
        cli.setExecutionStrategy(ErrorHandler::runLast);
        // Each subcommand offers -V/--version (mixinStandardHelpOptions) but picocli gives it no version of its own:
        // 'cam4j explain --version' printed nothing and exited 0. They all answer as the root does.
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (sub.getCommandSpec().versionProvider() == null && sub.getCommandSpec().version().length == 0) {
                sub.getCommandSpec().versionProvider(new Version());
            }
        }
        cli.setExecutionExceptionHandler(new ErrorHandler());
        // Registered after the subcommands are added, so that it reaches them all: 1e309 is refused as typed, where
        // each option's check said "got Infinity".
        cli.registerConverter(Double.class, new NumberText.Doubles());
        cli.registerConverter(Double.TYPE, new NumberText.Doubles());
        cli.registerConverter(Float.class, new NumberText.Floats());
        cli.registerConverter(Float.TYPE, new NumberText.Floats());
        cli.registerConverter(Integer.class, new NumberText.Ints());
        cli.registerConverter(Integer.TYPE, new NumberText.Ints());
        cli.registerConverter(Long.class, new NumberText.Longs());
        cli.registerConverter(Long.TYPE, new NumberText.Longs());
        // picocli's own answer to a mistyped command line is its message plus the whole usage text; one line naming
        // the mistake and where the help is says the same without burying it.
        cli.setParameterExceptionHandler((given, args) -> {
            CommandLine.ParameterException e = unknownOptionFirst(given);
            CommandLine command = e.getCommandLine();
            String message = ErrorHandler.describe(e) + suggestion(e) + ErrorHandler.seeHelp(command);
            command.getErr().println("cam4j: error: " + message);
            command.getErr().flush();
            if (promisesJson(command, args)) {
                // explain --json promises one JSON array whatever happens; a mistyped option printed none.
                ExplainJson document = new ExplainJson(null, null);
                document.addFailure(null, message);
                document.print(command.getOut());
            }
            return command.getCommandSpec().exitCodeOnInvalidInput();
        });
        return cli;
    }

    /**
     * picocli checks the required options before it looks at the arguments it could not match, so a mistyped required
     * option was answered as a missing one: {@code explain --modle mnist-pooled ...} said "Missing required option:
     * '--model=<model>'", naming what the user had typed, and not the typo.
     *
     * @param e a mistyped command line
     * @return {@code e}, or, when it is a missing required option and an unknown option was given, the unknown option's
     *     error (with its near names)
     */
    static CommandLine.ParameterException unknownOptionFirst(CommandLine.ParameterException e) {
        if (!(e instanceof CommandLine.MissingParameterException)) {
            return e;
        }
        // Only the options: the words after them are their values ("Unknown options: '--arhc', 'pooled'"), and a
        // stray word alone ("train pooled --out m") is better answered by the option it lacks (--arch).
        List<String> unknown = e.getCommandLine().getUnmatchedArguments().stream()
                .filter(arg -> arg.startsWith("-") && arg.length() > 1).toList();
        return unknown.isEmpty() ? e
                : new CommandLine.UnmatchedArgumentException(e.getCommandLine(), new java.util.ArrayList<>(unknown));
    }

    /**
     * @param e a mistyped command line
     * @return "; did you mean explain?" for a command or option picocli finds a near name for ({@code explian},
     *     {@code --alhpa}), else empty: the one line said only "Unmatched argument at index 0: 'explian'"
     */
    private static String suggestion(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            return "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
        }
        return "";
    }

    /** @return whether the mistyped command line is explain's and asks for --json before any "--" */
    private static boolean promisesJson(CommandLine command, String[] args) {
        if (!(command.getCommand() instanceof ExplainCommand)) {
            return false;
        }
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (arg.equals("--json")) {
                return true;
            }
        }
        return false;
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"cam4j " + cam4jVersion()};
        }
    }

    /** @return the version in the jar's manifest, or "dev" when run from classes */
    public static String cam4jVersion() {
        String v = Cam4j.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
