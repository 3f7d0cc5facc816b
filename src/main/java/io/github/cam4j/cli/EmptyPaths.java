package io.github.cam4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * Refuses an empty string given for a path, before any command runs. {@code Path.of("")} is the working folder, so
 * {@code explain ""} explained every picture there and {@code --out ""} wrote overlays into it, without a word.
 */
final class EmptyPaths {
    /** What to give instead, for the options whose meaning an empty value hides; others get {@link #FALLBACK}. */
    private static final Map<String, String> HINTS = Map.of(
            "--model", "give a SavedModel folder or a bundled model's name (mnist-pooled, mnist-unpooled)",
            "--models", "name the folder holding mnist-pooled and mnist-unpooled, or leave --models out",
            "--data", "name the dataset folder, or leave --data out for the default ($CAM4J_DATA, else"
                    + " ~/.cache/cam4j/mnist)",
            "--labels", "name the label file, or leave --labels out for the model's own",
            "--grid", "name the figure to write",
            "--frames-dir", "name the folder for the frame PNGs",
            "--arch", "give pooled, unpooled, or a Keras JSON config file",
            "INPUT", "give a video file or camera:N",
            "IMAGE", "name a picture or a folder of pictures (. for the working folder)",
            "PICTURE", "name a picture or a folder of pictures (. for the working folder), or leave PICTURE out for"
                    + " the test digits");

    /**
     * For a path with no hint of its own: "" is not taken for the working folder. Every path of cam4j's commands has a
     * hint (CliOptionsTest): this said "name a file or folder" of explain's --out, a folder only.
     */
    static final String FALLBACK = "name a file or folder (. for the working folder)";

    /** String-typed arguments that name files; Path-typed ones are found by their type. */
    private static final List<String> STRING_PATHS = List.of("--arch", "INPUT");

    private EmptyPaths() {}

    /**
     * @param parsed the parsed command line, with its subcommands
     * @throws CommandLine.ParameterException naming the first path option or argument given as an empty string
     */
    static void check(ParseResult parsed) {
        forEachPath(parsed, EmptyPaths::refuseEmpty);
    }

    /** A check of one path option or argument, as given: the command it belongs to, the argument, its name. */
    interface PathCheck {
        void check(ParseResult command, ArgSpec arg, String name);
    }

    /**
     * Runs {@code check} on every path option and positional argument given, in the command and its subcommands.
     *
     * @param parsed the parsed command line
     * @param check the check, which throws a {@code CommandLine.ParameterException} to refuse one
     */
    static void forEachPath(ParseResult parsed, PathCheck check) {
        for (ParseResult command = parsed; command != null; command = command.subcommand()) {
            for (OptionSpec option : command.matchedOptions()) {
                if (isPath(option, option.longestName())) {
                    check.check(command, option, option.longestName());
                }
            }
            for (PositionalParamSpec positional : command.matchedPositionals()) {
                if (isPath(positional, positional.paramLabel())) {
                    check.check(command, positional, positional.paramLabel());
                }
            }
        }
    }

    private static void refuseEmpty(ParseResult command, ArgSpec arg, String name) {
        if (arg.originalStringValues().stream().noneMatch(String::isEmpty)) {
            return;
        }
        String label = arg.isOption() ? name : ("AEIOU".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name + " argument";
        throw new CommandLine.ParameterException(command.commandSpec().commandLine(),
                label + " is empty; " + hint(arg, name), arg, "");
    }

    /**
     * @param arg an option or positional parameter
     * @param name its longest name or label
     * @return whether it names a file or folder
     */
    static boolean isPath(ArgSpec arg, String name) {
        if (STRING_PATHS.contains(name)) {
            return true;
        }
        if (arg.type() == Path.class) {
            return true;
        }
        for (Class<?> type : arg.auxiliaryTypes()) {
            if (type == Path.class) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param arg an option or positional parameter that names a path
     * @param name its longest name or label
     * @return the option's hint, else "name " and its description when that says what it is ("the video to write"),
     *     else {@link #FALLBACK}
     */
    static String hint(ArgSpec arg, String name) {
        if (HINTS.containsKey(name)) {
            return HINTS.get(name);
        }
        String description = String.join(" ", arg.description());
        if (description.startsWith("the ")) {
            return "name " + description.replaceFirst("[;(].*$", "").strip();
        }
        return FALLBACK;
    }
}
