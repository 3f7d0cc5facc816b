package io.github.cam4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Ctrl-C or SIGTERM to a command that writes one figure at its end ({@code demo}, {@code compare}, {@code concepts},
 * {@code maximize}): the command says in one line, on standard error as the others do, that it stopped and that
 * {@code --out} is as it was. They ended without a word and exited 143, where explain, train, evaluate and video said
 * what became of their output. Once the figure's write has begun ({@link #writing}) a signal waits for it and for the
 * command's own "wrote" line, so the line said is always true. A command whose long part can be stopped midway
 * (maximize's steps) begins {@link #working} before it instead, and says how far it got ({@link #stopped}).
 *
 * <pre>{@code
 * try (FigureStop stop = new FigureStop(spec, out)) {
 *     ... // the slow part
 *     if (!stop.writing()) return StopSignal.STOPPED_EXIT;
 *     Images.writeFigure(figure, out);
 * }
 * }</pre>
 */
final class FigureStop implements AutoCloseable {
    private final StopSignal signal;
    private final PrintWriter stderr;
    private final String name;
    private final Path out;

    /**
     * @param spec the command's spec: its name, and its standard error for the line
     * @param out the figure the command writes
     */
    FigureStop(CommandSpec spec, Path out) {
        this.stderr = spec.commandLine().getErr();
        this.name = spec.name();
        this.out = out;
        signal = new StopSignal(() -> say(""), "cam4j-" + name + "-shutdown");
    }

    /**
     * Says the stop line: the command stopped (after {@code progress}), and what became of --out. On a terminal on a
     * line of its own: Ctrl-C during compare's bar had left it after the bar's text ("... Score-cam4j: compare stopped").
     */
    private void say(String progress) {
        stderr.println(io.github.cam4j.ProgressBars.ownLine("cam4j: " + name + " stopped" + progress + "; "
                + (Files.exists(out) ? out + " is as it was (nothing was written)" : "nothing was written")));
        stderr.flush();
    }

    /**
     * The command's long part begins, one that can be stopped midway (maximize's steps): from now on a signal asks it
     * to stop through {@code stop}, waits for the command, and the command says the line itself ({@link #stopped}); a
     * signal after the command's last look waits for the figure's write, as {@link #writing} does.
     *
     * @param stop asks the long part to stop (called from the hook's thread, possibly more than once)
     * @return false when a signal came first: its line is said, and the command should not start
     */
    boolean working(Runnable stop) {
        return signal.working(stop);
    }

    /** @return whether a signal asked the command to stop */
    boolean requested() {
        return signal.requested();
    }

    /**
     * Says that the command stopped, after {@code progress}, writing nothing, once {@link #working} had begun.
     *
     * @param progress how far it got, with its leading space (" after 28 of 200 steps")
     * @return the exit code of a stopped command
     */
    int stopped(String progress) {
        say(progress);
        return StopSignal.STOPPED_EXIT;
    }

    /**
     * The figure's write begins: from now on a signal waits for the command to finish and say what it wrote.
     *
     * @return false when a signal came first: its line is said, and the command should write nothing
     */
    boolean writing() {
        return signal.working(() -> { });
    }

    @Override
    public void close() {
        signal.close();
    }
}
