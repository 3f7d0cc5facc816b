package io.github.cam4j.data;

import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the dataset folder the way every cam4j command does: an explicit {@code --data DIR} first, then the
 * environment variable {@value #ENV_VAR}, then a cache folder in the user's home
 * ({@code ~/.cache/cam4j/mnist}), which is filled from public mirrors when it lacks files (the test split's two
 * only, for {@link #locateTest}) or holds one that is not canonical MNIST's (checked on each use).
 *
 * <pre>{@code
 * Dataset mnist = DatasetLocator.standard().locate(cliDataOrNull);
 * }</pre>
 */
public final class DatasetLocator {
    /** The environment variable naming a dataset folder. */
    public static final String ENV_VAR = "CAM4J_DATA";

    private final Map<String, String> environment;
    private final Path cacheDir;
    private final MnistDownloader downloader;

    /**
     * @param environment the environment to read {@value #ENV_VAR} from
     * @param cacheDir where to cache a downloaded dataset
     * @param downloader how to fill the cache
     */
    public DatasetLocator(Map<String, String> environment, Path cacheDir, MnistDownloader downloader) {
        this.environment = Map.copyOf(environment);
        this.cacheDir = cacheDir;
        this.downloader = downloader;
    }

    /**
     * @return a locator over the process environment, {@code ~/.cache/cam4j/mnist} and the default mirrors (or those
     *     {@code -D}{@value MnistDownloader#MIRRORS_PROPERTY} names)
     * @throws IllegalArgumentException when that property holds a word that is no URI
     */
    public static DatasetLocator standard() {
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "cam4j", "mnist");
        return new DatasetLocator(System.getenv(), cache, new MnistDownloader(MnistDownloader.configuredMirrors(), true));
    }

    /**
     * @param explicit the folder the user named ({@code --data}), or {@code null}
     * @return the dataset
     * @throws DatasetException when a named folder is unusable (its message starting {@code --data DIR: } or
     *     {@code CAM4J_DATA=DIR: }, as the folder was named), or the download fails
     */
    public Dataset locate(Path explicit) throws DatasetException {
        return locate(explicit, false);
    }

    /**
     * Like {@link #locate(Path)} for the test split only (explaining, evaluating): a folder the user names needs only
     * the two test files.
     *
     * @param explicit the folder the user named, or {@code null}
     * @return the dataset
     * @throws DatasetException when a named folder is unusable, or the download fails
     */
    public Dataset locateTest(Path explicit) throws DatasetException {
        return locate(explicit, true);
    }

    private Dataset locate(Path explicit, boolean testOnly) throws DatasetException {
        if (explicit != null) {
            try {
                return testOnly ? Dataset.openTest(explicit) : Dataset.open(explicit);
            } catch (DatasetException e) {
                // Named as the variable's folder is: "dataset folder X does not exist" did not say that --data gave it.
                throw new DatasetException("--data " + explicit + ": " + e.getMessage()
                        + wayToTheFiles(explicit, testOnly, "leave out --data"), e);
            }
        }
        String fromEnv = environment.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            try {
                return testOnly ? Dataset.openTest(Path.of(fromEnv)) : Dataset.open(Path.of(fromEnv));
            } catch (DatasetException e) {
                throw new DatasetException(ENV_VAR + "=" + fromEnv + ": " + e.getMessage()
                        + wayToTheFiles(Path.of(fromEnv), testOnly, "unset " + ENV_VAR), e);
            }
        }
        // Explaining and evaluating need the test split alone: 1.6 MB to download instead of 11.
        downloader.downloadMissing(cacheDir, testOnly ? MnistFiles.testSplit() : MnistFiles.all());
        return testOnly ? Dataset.openTest(cacheDir) : Dataset.open(cacheDir);
    }

    /**
     * How to get the files a named folder lacks: "dataset folder X lacks t10k-images-idx3-ubyte, ..." named the folder
     * and the files, not where they come from, nor that cam4j downloads them itself when no folder is named.
     *
     * @param named the folder the user named
     * @param how what the user leaves out for the download ("leave out --data")
     * @return "; put them there ... or ..." for a folder that is absent or lacks files; empty for a file in its place,
     *     whose message says what to give instead
     */
    private String wayToTheFiles(Path named, boolean testOnly, String how) {
        if (java.nio.file.Files.exists(named) && !java.nio.file.Files.isDirectory(named)) {
            return "";
        }
        // A folder that lacks files has had them named; one that does not exist, not yet.
        String files = java.nio.file.Files.isDirectory(named) ? "them" : String.join(" and ",
                (testOnly ? MnistFiles.testSplit() : MnistFiles.all()).stream().map(MnistFiles::gzName).toList());
        return "; put " + files + " there (from any MNIST mirror, plain or .gz), or " + how
                + " and cam4j downloads them into " + cacheDir;
    }
}
