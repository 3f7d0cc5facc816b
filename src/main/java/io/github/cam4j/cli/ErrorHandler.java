package io.github.cam4j.cli;

import io.github.cam4j.Cam4jException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints a failure as one line ({@code cam4j: error: ...}) and exits 1; the stack trace is shown only with
 * {@code --verbose}. Failures cam4j expects (bad files, bad arguments) carry messages that name what is wrong.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
    /** Exit code of a failed command. */
    static final int FAILED = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        PrintWriter err = cli.getErr();
        boolean verbose = parsed.hasMatchedOption("--verbose") || parsed.subcommands().stream()
                .anyMatch(sub -> sub.hasMatchedOption("--verbose"));
        String message = e instanceof Cam4jException || e instanceof IllegalArgumentException
                || e instanceof java.io.IOException ? e.getMessage() : e.toString();
        err.println("cam4j: error: " + message);
        if (verbose) {
            e.printStackTrace(err);
        } else if (!(e instanceof Cam4jException || e instanceof IllegalArgumentException)) {
            err.println("(run again with --verbose for details)");
        }
        err.flush();
        return FAILED;
    }
}
