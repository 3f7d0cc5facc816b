package io.github.cam4j.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Standard output that remembers why it could not be written. Java's {@code System.out} swallows a failed write and
 * only sets a flag nobody read: {@code cam4j inspect ... > /dev/full} (a full disk), or an {@code explain --json}
 * document cut off half-way, exited 0 with the results lost and nothing said. {@link Cam4j#main} installs one before
 * anything is printed and asks {@link #exitCode} before it exits.
 *
 * <p>A reader that left on purpose ({@code cam4j inspect ... | head -1}: the write fails with EPIPE, "Broken pipe") is
 * no failure: nothing is said and the command's own exit code stands, as ruff and ast-grep answer a closed pipe (GNU
 * tools are ended by SIGPIPE, silently too; a JVM ignores that signal and sees the error instead).
 */
final class CheckedStdout {
    /** The reason a closed pipe gives on Linux and macOS (strerror(EPIPE)). */
    static final String BROKEN_PIPE = "Broken pipe";

    private final Recorder recorder;
    private final PrintStream stream;
    private final java.util.function.BooleanSupplier isPipe;

    private CheckedStdout(Recorder recorder, PrintStream stream, java.util.function.BooleanSupplier isPipe) {
        this.recorder = recorder;
        this.stream = stream;
        this.isPipe = isPipe;
    }

    /**
     * Replaces {@code System.out} with a stream over the same file descriptor that remembers its first write error;
     * its character set is the one the JVM chose for {@code System.out}.
     *
     * @return the installed standard output
     */
    static CheckedStdout install() {
        System.out.flush();
        CheckedStdout out = over(new FileOutputStream(FileDescriptor.out), stdoutCharset(), CheckedStdout::fdOneIsPipe);
        System.setOut(out.stream);
        return out;
    }

    /**
     * @param target where the bytes go
     * @param charset the stream's character set
     * @param isPipe whether {@code target} is a pipe
     * @return a standard output over {@code target}, not installed (for tests)
     */
    static CheckedStdout over(OutputStream target, Charset charset, java.util.function.BooleanSupplier isPipe) {
        Recorder recorder = new Recorder(target);
        // As the JVM builds System.out: a small buffer, flushed at each line, so a line shows as soon as it ends.
        return new CheckedStdout(recorder, new PrintStream(new BufferedOutputStream(recorder, 128), true, charset),
                isPipe);
    }

    /** @return the stream, for {@code System.out} */
    PrintStream stream() {
        return stream;
    }

    /** @return the first write error's reason ("No space left on device"), if a write failed */
    Optional<String> failure() {
        stream.flush();
        IOException first = recorder.first;
        if (first == null) {
            return Optional.empty();
        }
        String reason = first.getMessage();
        return Optional.of(reason == null || reason.isBlank() ? first.getClass().getSimpleName() : reason);
    }

    /**
     * Call after the command has flushed what it printed.
     *
     * @param code the command's exit code
     * @param err where the error line goes: standard error
     * @return {@code code}, or 1 when it was 0 and standard output could not be written for another reason than a
     *     reader that left; the line {@code cam4j: error: could not write standard output: <reason>} is then said
     */
    int exitCode(int code, PrintStream err) {
        Optional<String> failure = failure();
        if (failure.isEmpty() || closedPipe(failure.get())) {
            return code;
        }
        err.println("cam4j: error: could not write standard output: " + failure.get());
        err.flush();
        return code == 0 ? 1 : code;
    }

    /**
     * @param reason a write error's message
     * @return whether it is EPIPE: by its words, or, where the C library speaks another language, because standard
     *     output is a pipe, where no other error can come of a blocking write (a pipe has no disk to fill)
     */
    private boolean closedPipe(String reason) {
        return reason.contains(BROKEN_PIPE) || isPipe.getAsBoolean();
    }

    /** @return whether this process's file descriptor 1 is a pipe, as Linux's /proc tells */
    private static boolean fdOneIsPipe() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString().startsWith("pipe:");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false; // No /proc (macOS): the words alone decide.
        }
    }

    /** @return the character set the JVM gave System.out: sun.stdout.encoding when set, else the default one */
    private static Charset stdoutCharset() {
        String name = System.getProperty("sun.stdout.encoding");
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }

    /** Passes bytes on and keeps the first IOException, then throws it on as before. */
    private static final class Recorder extends FilterOutputStream {
        /** Written by the thread that failed, read by main's after the command: volatile. */
        private volatile IOException first;

        Recorder(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            // FilterOutputStream would pass them one byte at a time: one system call each.
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw remember(e);
            }
        }

        private synchronized IOException remember(IOException e) {
            if (first == null) {
                first = e;
            }
            return e;
        }
    }
}
