package io.github.cam4j.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;

/**
 * Folders that take no new files, even to root: CI runs the tests as root, which writes to a folder whatever its
 * permission bits, so the folder is also made immutable ({@code chattr +i}), which the kernel refuses root too.
 */
public final class ReadOnlyFolders {
    private ReadOnlyFolders() {}

    /**
     * Makes {@code folder} take no new files; skips the calling test where that cannot be done (no {@code chattr}, or
     * a file system without the immutable flag). Call {@link #unlock} in a {@code finally}, or the test's temporary
     * folder cannot be removed.
     *
     * @param folder an existing folder
     */
    public static void lock(Path folder) throws IOException, InterruptedException {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (Files.isWritable(folder)) {
            chattr("+i", folder);
        }
        Assumptions.assumeFalse(Files.isWritable(folder), "cannot make " + folder + " read-only");
    }

    /**
     * Undoes {@link #lock}.
     *
     * @param folder a folder {@link #lock} was called on
     */
    public static void unlock(Path folder) throws IOException, InterruptedException {
        if (!Files.isWritable(folder)) {
            chattr("-i", folder);
        }
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void chattr(String flag, Path folder) throws InterruptedException {
        try {
            new ProcessBuilder("chattr", flag, folder.toString()).inheritIO().start().waitFor();
        } catch (IOException noChattr) {
            // Not installed: lock's assumption then skips the test, and unlock leaves the permission bits to undo.
        }
    }
}
