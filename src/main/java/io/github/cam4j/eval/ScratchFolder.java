package io.github.cam4j.eval;

import io.github.cam4j.data.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A temporary folder that is removed when closed and, should the JVM stop first (Ctrl-C, SIGTERM), by a shutdown hook:
 * a signal skips {@code finally} blocks, and every interrupted {@code evaluate} left its randomized model copy behind
 * in the temporary folder.
 */
final class ScratchFolder implements AutoCloseable {
    private final Path dir;
    private final Thread hook;

    /**
     * @param prefix the folder name's start
     * @throws IOException when it cannot be created
     */
    ScratchFolder(String prefix) throws IOException {
        dir = Files.createTempDirectory(prefix);
        hook = new Thread(() -> {
            try {
                FileTrees.delete(dir);
            } catch (IOException | RuntimeException e) {
                // The JVM is stopping: there is nobody left to tell.
            }
        }, "cam4j-scratch-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** @return the folder */
    Path dir() {
        return dir;
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
