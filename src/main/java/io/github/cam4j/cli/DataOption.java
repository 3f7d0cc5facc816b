package io.github.cam4j.cli;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.DatasetException;
import io.github.cam4j.data.DatasetLocator;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the dataset {@code --data} names, or the default one, for every command that takes {@code --data}; a file
 * named where the dataset's folder goes is a usage error (exit 2), as {@code --grid} given a folder is: it had failed
 * the work (exit 1), as a folder lacking its IDX files does.
 */
final class DataOption {
    private DataOption() {}

    /**
     * @param data {@code --data}, or null for the default folder
     * @param testOnly whether the test split alone is needed (explaining, evaluating)
     * @return the dataset
     * @throws UsageException when {@code data} is a file, in the locator's words ("--data X: dataset folder X is a
     *     file, not a folder: give the folder that holds the IDX files")
     * @throws DatasetException when the folder is unusable, or the download fails
     */
    static Dataset open(Path data, boolean testOnly) throws DatasetException {
        try {
            return testOnly ? DatasetLocator.standard().locateTest(data) : DatasetLocator.standard().locate(data);
        } catch (DatasetException e) {
            if (data != null && Files.exists(data) && !Files.isDirectory(data)) {
                throw new UsageException(e.getMessage(), e);
            }
            throw e;
        }
    }
}
