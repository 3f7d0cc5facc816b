package io.github.cam4j.eval;

import io.github.cam4j.data.FileTrees;
import io.github.cam4j.savedmodel.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A temporary folder that is removed when closed and, should the JVM stop first (Ctrl-C, SIGTERM), by a shutdown hook:
 * a signal skips {@code finally} blocks, and every interrupted {@code evaluate} left its randomized model copy behind
 * in the temporary folder. Writes go through {@link #writing}, which the hook waits for and then stops: the main
 * thread runs on while hooks run, and a copy written after the signal came was left in a folder the hook had emptied.
 */
final class ScratchFolder implements AutoCloseable {
    /** How long the hook waits for a write under way: exporting a model's copy takes about a second. */
    private static final long WRITE_WAIT_SECONDS = 30;

    private final Path dir;
    private final ReentrantLock writes = new ReentrantLock();
    private final Thread hook;

    /** What is written into the folder. */
    interface Write<T> {
        /**
         * @return what the write gives
         * @throws IOException when it fails
         * @throws ModelLoadException when a model it copies cannot be read
         */
        T run() throws IOException, ModelLoadException;
    }

    /**
     * @param prefix the folder name's start
     * @throws IOException when it cannot be created
     */
    ScratchFolder(String prefix) throws IOException {
        dir = create(prefix);
        hook = new Thread(this::removeOnStop, "cam4j-scratch-cleanup");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already stopping (the signal came as the folder was made): nothing will remove it later.
            FileTrees.delete(dir);
            throw e;
        }
    }

    /**
     * In the JVM's temporary folder: where that cannot be written (a container's read-only /tmp, a
     * {@code -Djava.io.tmpdir} naming a folder gone), Java's words named only the new folder, "/tmp/cam4j-eval-1489...:
     * Read-only file system", and not what it was for or what to do.
     */
    private static Path create(String prefix) throws IOException {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            Path parent = Path.of(System.getProperty("java.io.tmpdir"));
            String why = !Files.exists(parent) ? "it does not exist" : !Files.isDirectory(parent) ? "it is not a folder"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : String.valueOf(e.getMessage());
            throw new IOException("cannot make a temporary folder for the randomized model's copy in " + parent
                    + ", the JVM's temporary folder: " + why + "; start java with -Djava.io.tmpdir=DIR naming a"
                    + " writable folder", e);
        }
    }

    /** @return the folder */
    Path dir() {
        return dir;
    }

    /**
     * @param write what to write into the folder
     * @return what it gives
     * @throws IOException when it fails
     * @throws ModelLoadException when a model it copies cannot be read
     */
    <T> T writing(Write<T> write) throws IOException, ModelLoadException {
        writes.lock();
        try {
            return write.run();
        } finally {
            writes.unlock();
        }
    }

    private void removeOnStop() {
        try {
            // Kept for good: a write that starts after this would find the folder gone and make it again (the main
            // thread went on to export the copy after the hook had removed the empty folder); it waits for the halt.
            writes.tryLock(WRITE_WAIT_SECONDS, TimeUnit.SECONDS);
            FileTrees.delete(dir);
        } catch (IOException | RuntimeException e) {
            // The JVM is stopping: there is nobody left to tell.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running and removes the folder itself.
            return;
        }
        FileTrees.delete(dir);
    }
}
