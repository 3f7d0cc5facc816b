package io.github.cam4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the real command line in-process and captures what it prints. */
public record CliRun(int exitCode, String out, String err) {
    /** @param args the command line @return what it did */
    public static CliRun of(String... args) {
        CommandLine cli = Cam4j.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /**
     * A run and what went to the process's standard error, where progress bars go (not the command's writer), which
     * is a log here (surefire's pipe), as it is in a CI run.
     *
     * @param run what the command did
     * @param processErr what it wrote to {@code System.err}
     */
    public record Logged(CliRun run, String processErr) {}

    /** @param args the command line @return what it did, and what it wrote to {@code System.err} meanwhile */
    public static Logged ofCapturingProcessErr(String... args) {
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.err;
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            CliRun run = of(args);
            return new Logged(run, captured.toString(java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            System.setErr(before);
        }
    }
}
