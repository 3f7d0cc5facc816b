package io.github.cam4j.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The partial file ({@code <name>.gz.<random>.part}, one of each download's own) one MNIST file is fetched into, removed by a shutdown hook should the JVM
 * stop (Ctrl-C, SIGTERM) while the hook is registered: a signal skips catch and {@code finally} blocks, and a download
 * stopped midway left its {@code .part} in the dataset folder while the stop's line said nothing was written. The
 * file is created and renamed under the lock the hook takes: once the hook has run, no new {@code .part} is made (the
 * main thread goes on while hooks run, and the next mirror's fetch would have made one after the hook), and the hook
 * only ever removes the {@code .part} name, so a file renamed to its final name is never removed.
 */
final class PartialDownload implements AutoCloseable {
    private final Path file;
    private final Thread hook;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}: the hook has run. */
    private boolean stopping;

    /**
     * Registers the hook, until {@link #close}.
     *
     * @param file the partial file
     * @throws DatasetException when the JVM is already stopping: nothing is to be downloaded
     */
    PartialDownload(Path file) throws DatasetException {
        this.file = file;
        hook = new Thread(this::removeOnStop, "cam4j-download-cleanup");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already stopping (the signal came as this file's turn came): nothing would remove a .part made now.
            throw new DatasetException("not downloading " + file.getFileName() + ": cam4j is stopping", e);
        }
    }

    /** @return the partial file */
    Path path() {
        return file;
    }

    /**
     * @return a new stream over the partial file (emptied if it was there)
     * @throws IOException when it cannot be opened, or the JVM is stopping
     */
    OutputStream create() throws IOException {
        synchronized (lock) {
            refuseIfStopping();
            return Files.newOutputStream(file);
        }
    }

    /**
     * Renames the partial file, verified, to its final name, atomically: the hook finds either the partial file or none.
     *
     * @param target the final name
     * @throws IOException when it cannot be renamed, or the JVM is stopping (the hook has removed the partial file)
     */
    void keepAs(Path target) throws IOException {
        synchronized (lock) {
            refuseIfStopping();
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Removes the partial file, if there (a failed fetch, or one that did not verify). */
    void discard() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // Best effort: a leftover .part file is never taken for a dataset file.
        }
    }

    private void refuseIfStopping() throws IOException {
        if (stopping) {
            throw new IOException("cam4j is stopping; " + file.getFileName() + " was not kept");
        }
    }

    /** What the hook does: package-private so that a test can run it without stopping the JVM. */
    void removeOnStop() {
        synchronized (lock) {
            stopping = true;
            // A stream still open on it (the fetch under way) writes on into the removed file, which nothing names.
            discard();
        }
    }

    /** The file's fetch is over (kept, or given up): the hook is removed. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already stopping: the hook runs, and removes no more than the partial file, if still there.
        }
    }
}
