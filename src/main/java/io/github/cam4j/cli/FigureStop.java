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
 * command's own "wrote" line, so the line said is always true.
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

    /**
     * @param spec the command's spec: its name, and its standard error for the line
     * @param out the figure the command writes
     */
    FigureStop(CommandSpec spec, Path out) {
        PrintWriter stderr = spec.commandLine().getErr();
        String name = spec.name();
        signal = new StopSignal(() -> {
            stderr.println("cam4j: " + name + " stopped; " + (Files.exists(out)
                    ? out + " is as it was (nothing was written)" : "nothing was written"));
            stderr.flush();
        }, "cam4j-" + name + "-shutdown");
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
