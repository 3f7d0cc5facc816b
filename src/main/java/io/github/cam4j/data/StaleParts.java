package io.github.cam4j.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Removes the partial files of MNIST downloads whose process was killed. A stop the JVM sees (Ctrl-C, SIGTERM) removes
 * its own ({@link PartialDownload}'s hook), but {@code kill -9} or a power cut leaves it; and since each download
 * fetches into a name of its own (two first uses at once), no later download would reuse and so replace it: the cache
 * would keep every killed download's bytes, up to 10 MB each.
 */
final class StaleParts {
    /**
     * A live download writes to its file at least once per read timeout (60 s) or gives up and removes it: a partial
     * file untouched for an hour has no writer left, while another process's download in flight is never touched.
     */
    static final Duration STALE_AFTER = Duration.ofHours(1);

    private StaleParts() {}

    /**
     * @param dir the dataset folder
     * @param file the MNIST file whose partial files ({@code <name>.gz.<hex>.part}, or the older {@code <name>.gz.part})
     *     are looked for; other files are left alone
     * @param now the time to measure staleness from
     */
    static void remove(Path dir, MnistFiles file, Instant now) {
        Pattern part = Pattern.compile(Pattern.quote(file.gzName()) + "(\\.[0-9a-f]+)?\\.part");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir,
                p -> part.matcher(p.getFileName().toString()).matches())) {
            for (Path entry : entries) {
                try {
                    if (Files.isRegularFile(entry)
                            && Files.getLastModifiedTime(entry).toInstant().isBefore(now.minus(STALE_AFTER))) {
                        Files.deleteIfExists(entry);
                    }
                } catch (IOException e) {
                    // Tidying only: a leftover the system will not remove costs space, never a wrong dataset.
                }
            }
        } catch (IOException e) {
            // As above: a folder that cannot be listed fails the download that follows, in its own words.
        }
    }
}
