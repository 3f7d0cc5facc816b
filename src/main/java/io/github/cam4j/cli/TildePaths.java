package io.github.cam4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.ParseResult;

/**
 * Refuses a path that begins with a {@code ~} the shell left as it was, before any command runs. The shell expands
 * {@code ~} only unquoted and at the start of a word, so {@code --out=~/maps}, {@code --out "~/maps"} and a script's
 * {@code --out "$DIR"} holding {@code ~/maps} reach cam4j as typed, and Java does not expand it either: explain wrote
 * its overlays into a folder named {@code ~} in the working folder, and a model or picture under {@code ~} was "not
 * found".
 */
final class TildePaths {
    private TildePaths() {}

    /**
     * @param parsed the parsed command line, with its subcommands
     * @throws CommandLine.ParameterException naming the first path option or argument that is {@code ~} or begins with
     *     {@code ~/}
     */
    static void check(ParseResult parsed) {
        EmptyPaths.forEachPath(parsed, TildePaths::refuseTilde);
    }

    private static void refuseTilde(ParseResult command, ArgSpec arg, String name) {
        for (String value : arg.originalStringValues()) {
            if (value.equals("~") || value.startsWith("~/")) {
                String label = arg.isOption() ? name + " " + value : "the " + name + " argument " + value;
                String rest = value.substring(1);
                throw new CommandLine.ParameterException(command.commandSpec().commandLine(), label
                        + ": the shell left ~ unexpanded (it expands it only unquoted, and not after '='), and cam4j"
                        + " does not; write $HOME" + rest + " (or ./" + value + " for a folder named ~ here)", arg, value);
            }
        }
    }
}
