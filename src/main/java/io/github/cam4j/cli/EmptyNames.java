package io.github.cam4j.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Refuses an empty string given for a tensor's or a signature's name, before any command runs, as {@link EmptyPaths}
 * refuses an empty path. {@code concepts --features ""} had exited 1 with "the features tensor name is required",
 * naming no option, and {@code inspect --signature ""} said "--signature : ... has no such signature".
 */
final class EmptyNames {
    /** The options that name a tensor of the model's graph or one of its signatures, and what to give instead. */
    private static final Map<String, String> HINTS = Map.of(
            "--features", tensor("--features"),
            "--logits", tensor("--logits"),
            "--input", tensor("--input"),
            "--kernel", tensor("--kernel"),
            "--bias", tensor("--bias"),
            "--signature", "name one of the SavedModel's signatures, as 'cam4j inspect' lists them, or leave"
                    + " --signature out for serving_default");

    private EmptyNames() {}

    private static String tensor(String option) {
        return "name a tensor of the model's graph, NAME or NAME:INDEX, as 'cam4j inspect' lists them, or leave "
                + option + " out";
    }

    /**
     * @param parsed the parsed command line, with its subcommands
     * @throws CommandLine.ParameterException naming the first tensor or signature option given as an empty string
     */
    static void check(ParseResult parsed) {
        for (ParseResult command = parsed; command != null; command = command.subcommand()) {
            for (OptionSpec option : command.matchedOptions()) {
                String hint = HINTS.get(option.longestName());
                if (hint != null && option.originalStringValues().stream().anyMatch(String::isEmpty)) {
                    throw new CommandLine.ParameterException(command.commandSpec().commandLine(),
                            option.longestName() + " is empty; " + hint, option, "");
                }
            }
        }
    }
}
