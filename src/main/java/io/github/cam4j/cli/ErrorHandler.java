package io.github.cam4j.cli;

import io.github.cam4j.Cam4jException;
import io.github.cam4j.model.TensorFlowStatus;
import io.github.cam4j.savedmodel.NotCamReadyException;
import io.github.cam4j.savedmodel.UntrustedModelException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints a failure as one line ({@code cam4j: error: ...}; a refused model's ops follow it, one an indented line) and
 * exits 1; the stack trace is shown only with {@code --verbose}. Failures cam4j expects (bad files, bad arguments) carry messages that name what is wrong; the rest
 * (file-system errors, OpenCV's assertions, TensorFlow's status errors) are put into words without their Java class
 * names, source paths and graph node lists.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
    /** Exit code of a failed command. */
    static final int FAILED = 1;

    /** OpenCV's C++ errors: {@code OpenCV(4.11.0) /path/file.cpp:79: error: (-215:Assertion failed) what in function 'f'}. */
    private static final Pattern OPENCV = Pattern.compile(
            "OpenCV\\([^)]*\\) \\S+: error: \\((-?\\d+):([^)]*)\\) (.*?)(?: in function '([^']*)')?\\s*$", Pattern.DOTALL);

    /** The inspect command the library's words point to, not knowing the model. */
    private static final String INSPECT_ANY = "'cam4j inspect --model ...'";

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        PrintWriter err = cli.getErr();
        // One of several models failed (evaluate's): its line names that model where it points to inspect.
        String model = e instanceof OneOfModels one ? one.model() : null;
        e = e instanceof OneOfModels one ? one.failure() : e;
        e = asOptions(e, parsed);
        if (e instanceof UsageException) {
            // A command line that cannot mean anything, answered as a mistyped option is: the help named, exit 2.
            err.println("cam4j: error: " + withTypedModel(line(e, CamWayOut.of(parsed)), parsed, model) + seeHelp(cli));
            err.flush();
            return cli.getCommandSpec().exitCodeOnInvalidInput();
        }
        boolean verbose = parsed.hasMatchedOption("--verbose") || parsed.subcommands().stream()
                .anyMatch(sub -> sub.hasMatchedOption("--verbose"));
        boolean expected = e instanceof Cam4jException || e instanceof IllegalArgumentException;
        // A refused model's ops go one a line under the error's line, which says on its own what happened.
        UntrustedModelException untrusted = e instanceof UntrustedModelException u ? u : null;
        String line = "cam4j: error: " + withTypedModel(untrusted != null ? ModelPaths.asTyped(untrusted.summary())
                : line(e, CamWayOut.of(parsed)), parsed, model);
        err.println(verbose || expected ? line : line + " (run again with --verbose for details)");
        if (untrusted != null) {
            untrusted.refused().forEach(r -> err.println("  - " + r));
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return FAILED;
    }

    /**
     * @param e a failure
     * @param parsed the command line
     * @return the usage error that says {@code e} as the option typed that caused it, or {@code e} itself: a setting
     *     the model cannot take, found when the session opens in the library's words, is said as the option typed (as
     *     {@code --class 10} is), and a {@code --signature} the model lacks or cannot take as {@code --features nope} is
     */
    static Exception asOptions(Exception e, ParseResult parsed) {
        if (e instanceof io.github.cam4j.cam.SettingBeyondModelException beyond) {
            e = ModelBoundOptions.named(beyond, parsed).map(Exception.class::cast).orElse(e);
        }
        return SignatureOption.refusal(e, parsed).map(Exception.class::cast).orElse(e);
    }

    /**
     * @param line an error line's text
     * @param parsed the command line
     * @return the line with the inspect command it points to made the one to type: the library's words say
     *     "'cam4j inspect --model ...'", not knowing the model, and the user had to fill it in; the command line's one
     *     {@code --model}, as typed, does (with several, as evaluate takes, the line is left as it is)
     */
    static String withTypedModel(String line, ParseResult parsed) {
        if (!line.contains(INSPECT_ANY)) {
            return line;
        }
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            picocli.CommandLine.Model.OptionSpec model = p.matchedOption("--model");
            if (model != null && model.originalStringValues().size() == 1) {
                return withTypedModel(line, model.originalStringValues().get(0));
            }
        }
        return line;
    }

    /** @return as {@link #withTypedModel(String, ParseResult)}, with {@code model} (when not null) the one to name */
    private static String withTypedModel(String line, ParseResult parsed, String model) {
        return model == null ? withTypedModel(line, parsed) : withTypedModel(line, model);
    }

    /**
     * @param line an error line's text, or a line that says why a model was refused (compare's "skipped")
     * @param model the model it is about, as typed
     * @return the line with the inspect command it points to made the one to type for that model
     */
    static String withTypedModel(String line, String model) {
        return line.replace(INSPECT_ANY, "'cam4j inspect --model " + model + "'");
    }

    /**
     * @param command the command whose line is mistyped
     * @return {@code " (see 'cam4j explain --help')"}: where a mistyped command line's error line points
     */
    static String seeHelp(CommandLine command) {
        return " (see '" + command.getCommandSpec().qualifiedName() + " --help')";
    }

    /**
     * @param e a failure
     * @param wayOut as for {@link #describe(Throwable, CamWayOut)}
     * @return the error line's text after {@code cam4j: error: }, a bundled model named as the user typed it (what
     *     {@code explain --json} puts in its document)
     */
    static String line(Throwable e, CamWayOut wayOut) {
        return ModelPaths.asTyped(describe(e, wayOut));
    }

    /**
     * picocli's {@link CommandLine.RunLast}, with the JVM running out of heap turned into a failure the handler puts in
     * one line: picocli catches exceptions, not errors, so a picture too large for the heap (a 20000x20000 scan is
     * read whole, then framed in float arrays) ended the JVM with a stack trace. An empty path or tensor name, and a
     * path that begins with an unexpanded {@code ~}, are refused first ({@link EmptyPaths}, {@link EmptyNames},
     * {@link TildePaths}).
     *
     * @param parsed the parsed command line
     * @return the command's exit code
     */
    static int runLast(ParseResult parsed) {
        // EarlyStop stays in charge until the command's own hook takes over (StopSignal): it had been told here that
        // the command began, and a signal before the command's hook (explain's JSON header, inspect's whole run) ended
        // the run without a word.
        EmptyPaths.check(parsed);
        EmptyNames.check(parsed);
        TildePaths.check(parsed);
        refuseUnmatched(parsed);
        try {
            return new CommandLine.RunLast().execute(parsed);
        } catch (OutOfMemoryError e) {
            // The work's arrays are unreachable by now, so there is memory to say so.
            long maxMb = Runtime.getRuntime().maxMemory() >> 20;
            CommandLine last = parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1);
            throw new CommandLine.ExecutionException(last, "out of memory (" + e.getMessage() + ") with a heap of at most "
                    + maxMb + " MB: give the JVM more (java -Xmx8g -jar cam4j.jar ...) or " + lighter(last), e);
        }
    }

    /**
     * @param command the command that ran out of memory
     * @return the lighter run to ask for: a smaller batch where the command takes one (evaluate's pictures are its own
     *     84x84 canvases, and "smaller images" told its user of nothing to change), else smaller images
     */
    private static String lighter(CommandLine command) {
        for (String name : new String[] {"--batch", "--batch-size"}) {
            CommandLine.Model.OptionSpec batch = command.getCommandSpec().findOption(name);
            if (batch != null) {
                return "a smaller " + name + " (it was " + batch.getValue() + ")";
            }
        }
        return "use smaller images";
    }

    /**
     * picocli lets a help command's parse end with words it did not match, without a word: {@code cam4j help --bogus}
     * printed cam4j's help and exited 0, as if the command line were right.
     *
     * @param parsed the parsed command line
     * @throws CommandLine.UnmatchedArgumentException naming what no command took
     */
    private static void refuseUnmatched(ParseResult parsed) {
        for (ParseResult command = parsed; command != null; command = command.subcommand()) {
            // Only the help command's: --help and --version win over a mistyped word, as picocli has them do.
            if (command.commandSpec().helpCommand() && !command.unmatched().isEmpty()
                    && !command.commandSpec().parser().unmatchedArgumentsAllowed()) {
                throw new CommandLine.UnmatchedArgumentException(command.commandSpec().commandLine(),
                        new java.util.ArrayList<>(command.unmatched()));
            }
        }
    }

    /**
     * @param e a failure
     * @return what went wrong, on one line, for people
     */
    static String describe(Throwable e) {
        return describe(e, CamWayOut.NONE);
    }

    /**
     * @param e a failure
     * @param wayOut what the command offers a model CAM cannot explain but gradients may (its option that picks
     *     Grad-CAM)
     * @return what went wrong, on one line, for people
     */
    static String describe(Throwable e, CamWayOut wayOut) {
        if (e instanceof UntrustedModelException untrusted) {
            // On one line the refused ops follow the summary, apart; oneLine ran them together ("allow-list - 'X'").
            return untrusted.refused().isEmpty() ? oneLine(untrusted.summary())
                    : untrusted.summary() + "; refused: " + String.join("; ", untrusted.refused());
        }
        if (e instanceof NotCamReadyException notReady) {
            // The library's message continues with what was found and what would work in Java; the command line's
            // answer, when CAM's own need (global average pooling) is what failed, is the command's option for
            // Grad-CAM, and inspect prints the rest.
            String first = firstLine(e.getMessage());
            String sentence = first.endsWith(".") ? first : first + ".";
            return sentence + (notReady.gradientsMayExplain() ? wayOut.sentence() : "")
                    + " 'cam4j inspect --model ...' shows what was found.";
        }
        if (e instanceof FileSystemException fs) {
            return fileSystem(fs);
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        Matcher opencv = OPENCV.matcher(message);
        if (opencv.find()) {
            String where = opencv.group(4) == null ? "" : " (in " + opencv.group(4) + ")";
            // The words before OpenCV's keep their space: stripped, "cannot write image g.png: OpenCV(...)" was said
            // as "cannot write image g.png:OpenCV failed: ...".
            String before = oneLine(message.substring(0, opencv.start()));
            return before + (before.isEmpty() ? "" : " ") + "OpenCV failed: " + opencv.group(2).strip() + ": "
                    + oneLine(opencv.group(3)) + where;
        }
        if (e.getClass().getName().startsWith("org.tensorflow.exceptions.")) {
            return "TensorFlow failed: " + TensorFlowStatus.oneLine(message);
        }
        if (e instanceof Cam4jException || e instanceof IllegalArgumentException || e instanceof java.io.IOException
                || e instanceof java.io.UncheckedIOException || e instanceof CommandLine.PicocliException) {
            return TensorFlowStatus.oneLine(message);
        }
        return oneLine(e.toString());
    }

    private static String fileSystem(FileSystemException e) {
        String file = e.getFile();
        if (e instanceof NoSuchFileException) {
            return file + " does not exist";
        }
        if (e instanceof FileAlreadyExistsException) {
            return file + " already exists";
        }
        if (e instanceof NotDirectoryException) {
            return file + " is not a folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + file;
        }
        if (e instanceof DirectoryNotEmptyException) {
            return file + " is a folder that is not empty";
        }
        String reason = e.getReason();
        return (file == null ? "" : file + (e.getOtherFile() == null ? "" : " -> " + e.getOtherFile()) + ": ")
                + (reason == null ? e.getClass().getSimpleName() : reason);
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("").strip();
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
