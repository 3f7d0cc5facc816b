package io.github.cam4j.data;

import io.github.cam4j.ProgressBars;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Downloads MNIST's files (all four, or the test split's two) from public mirrors into a folder, with a progress bar, and keeps a file only if
 * its UNCOMPRESSED content matches canonical MNIST's MD5 and size. Checking the uncompressed bytes is what lets a
 * re-compressed copy pass; a corrupted download is deleted and the next mirror is tried.
 */
public final class MnistDownloader {
    /** Public mirrors of the MNIST files, tried in order. */
    public static final List<URI> DEFAULT_MIRRORS = List.of(
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"));

    /**
     * The system property naming other mirrors in their stead, comma-separated base URIs ({@code http:}, {@code https:}
     * or {@code file:}): for tests, which serve the files from a local server, and for a local or offline mirror.
     */
    public static final String MIRRORS_PROPERTY = "cam4j.mnist.mirrors";

    private final List<URI> mirrors;
    private final boolean showProgress;

    /**
     * @param mirrors base URIs (ending in '/') under which the {@code .gz} files are served; {@code file:} URIs work
     * @param showProgress whether to draw a progress bar on standard error
     */
    public MnistDownloader(List<URI> mirrors, boolean showProgress) {
        this.mirrors = List.copyOf(mirrors);
        this.showProgress = showProgress;
    }

    /**
     * @return the mirrors {@code -D}{@value #MIRRORS_PROPERTY} names, or {@link #DEFAULT_MIRRORS} when it is unset
     * @throws IllegalArgumentException when the property holds a word that is no absolute URI, naming it
     */
    public static List<URI> configuredMirrors() {
        return mirrors(System.getProperty(MIRRORS_PROPERTY));
    }

    /**
     * @param property the value of {@value #MIRRORS_PROPERTY}, or null
     * @return its URIs, each ending in '/' (a base URI without it lost its last folder when the file name was resolved
     *     against it), or {@link #DEFAULT_MIRRORS} when null or blank
     * @throws IllegalArgumentException when a word is no absolute URI, naming it
     */
    static List<URI> mirrors(String property) {
        if (property == null || property.isBlank()) {
            return DEFAULT_MIRRORS;
        }
        List<URI> mirrors = new ArrayList<>();
        for (String word : property.split(",")) {
            String base = word.strip();
            if (base.isEmpty()) {
                continue;
            }
            URI uri;
            try {
                uri = new URI(base.endsWith("/") ? base : base + "/");
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("-D" + MIRRORS_PROPERTY + ": '" + base + "' is not a URI: "
                        + e.getReason() + " at index " + e.getIndex(), e);
            }
            if (!uri.isAbsolute()) {
                throw new IllegalArgumentException("-D" + MIRRORS_PROPERTY + ": '" + base + "' has no scheme; give a"
                        + " base URI such as http://host/mnist/ or file:/srv/mnist/");
            }
            mirrors.add(uri);
        }
        if (mirrors.isEmpty()) {
            throw new IllegalArgumentException("-D" + MIRRORS_PROPERTY + "=" + property + " names no mirror");
        }
        return List.copyOf(mirrors);
    }

    /**
     * Fetches every file the folder lacks (or holds corrupted), creating the folder if needed.
     *
     * @param dir the destination folder
     * @throws DatasetException when a file cannot be had intact from any mirror, naming the file and each failure
     */
    public void downloadMissing(Path dir) throws DatasetException {
        downloadMissing(dir, MnistFiles.all());
    }

    /**
     * Fetches those of the given files the folder lacks (or holds corrupted), creating the folder if needed; and
     * removes their partial files that killed downloads left there, an hour or more untouched.
     *
     * @param dir the destination folder
     * @param files the files wanted, e.g. {@link MnistFiles#testSplit()}
     * @throws DatasetException when a file cannot be had intact from any mirror, naming the file and each failure
     */
    public void downloadMissing(Path dir, List<MnistFiles> files) throws DatasetException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            // Java's message of a file in the way is the path alone: "cannot create dataset folder X: X" said nothing.
            // Nor was the bare path of a folder the system would not make ("NoSuchFileException: /proc/x").
            throw new DatasetException("cannot create dataset folder " + dir + ": " + FileTrees.whyNotCreated(dir, e), e);
        }
        java.time.Instant now = java.time.Instant.now();
        for (MnistFiles file : files) {
            StaleParts.remove(dir, file, now);
            java.util.Optional<Path> found = Dataset.find(dir, file);
            if (found.isEmpty()) {
                download(file, dir, null, files);
                continue;
            }
            // A file already there is checked as a download is: a copy with one byte changed (a disk fault, a file put
            // there by hand) was read as MNIST without a word, and a truncated one failed each run without saying how
            // to mend it. About 0.1 s for the test split.
            try {
                verify(found.get(), file);
            } catch (DatasetException corrupt) {
                download(file, dir, corrupt, files);
                try {
                    if (!found.get().getFileName().toString().equals(file.gzName())) {
                        Files.deleteIfExists(found.get()); // a plain file would be read before the new .gz
                    }
                } catch (IOException e) {
                    throw new DatasetException(corrupt.getMessage() + "; an intact " + file.gzName() + " was downloaded"
                            + " beside it, but it cannot be removed: " + e.getMessage() + "; delete it", e);
                }
            }
        }
    }

    /**
     * @param corrupt why the file in the folder was refused, or null when the folder lacks it: the download replaces it
     * @param wanted all the files the folder is to hold, for the message of a failure
     */
    private void download(MnistFiles file, Path dir, DatasetException corrupt, List<MnistFiles> wanted)
            throws DatasetException {
        List<String> failures = new ArrayList<>();
        // The hook is removed only after the rename (close comes last): a stop at any moment leaves either no .part or
        // the whole, verified file, never a .part, and never removes the verified file.
        // A name of this download's own: two first uses at once (two commands started together) fetched into one
        // .part, the second emptied the first's file as it was written, and one failed ("X.gz.part -> X.gz"). Each
        // now renames a whole, verified file to the final name in one step; a reader finds the one or the other.
        String own = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 1);
        try (PartialDownload partial = new PartialDownload(dir.resolve(file.gzName() + "." + own + ".part"))) {
            for (URI mirror : mirrors) {
                URI source = mirror.resolve(file.gzName());
                try {
                    fetch(source, partial, file.gzName());
                    // Named as what the mirror sent: the .part the message named was deleted by then.
                    verify(partial.path(), "what it sent", file);
                    partial.keepAs(dir.resolve(file.gzName()));
                    return;
                } catch (IOException | DatasetException e) {
                    failures.add(source + ": " + reason(e));
                    partial.discard();
                }
            }
        }
        String instead = "a folder already holding MNIST's files can be named instead (--data DIR, or the environment"
                + " variable " + DatasetLocator.ENV_VAR + ")";
        if (corrupt != null) {
            throw new DatasetException(corrupt.getMessage() + ", and no intact copy could be downloaded in its stead: "
                    + String.join("; ", failures) + "; delete it or put an intact " + file.gzName() + " there, or "
                    + instead, corrupt);
        }
        // Offline, the way round is to give the files by hand: which files, and where, were not said.
        throw new DatasetException("could not download " + file.gzName() + " intact into " + dir + ": "
                + String.join("; ", failures) + "; put " + String.join(" and ", wanted.stream().map(MnistFiles::gzName)
                        .toList()) + " (from any MNIST mirror, plain or .gz) in that folder by hand, or name a folder"
                + " holding them (--data DIR, or the environment variable " + DatasetLocator.ENV_VAR + ")");
    }

    /**
     * Why a fetch failed, in words: Java's network exceptions often carry only a host or a port as their message
     * ("storage.googleapis.com" for a host that does not resolve), which says nothing on its own.
     */
    static String reason(Exception e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof java.net.UnknownHostException) {
            return "unknown host " + message + " (no network, or no name service?)";
        }
        if (e instanceof java.net.SocketTimeoutException) {
            return "timed out" + (message.isEmpty() ? "" : " (" + message + ")");
        }
        if (e instanceof java.io.FileNotFoundException && !message.isEmpty()) {
            return "not found (" + message + ")";
        }
        if (e instanceof DatasetException || !message.isEmpty() && message.contains(" ")) {
            return message;
        }
        return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    private void fetch(URI source, PartialDownload target, String label) throws IOException {
        URLConnection connection = source.toURL().openConnection();
        connection.setConnectTimeout(20_000);
        connection.setReadTimeout(60_000);
        long length = connection.getContentLengthLong();
        try (InputStream in = progress(connection.getInputStream(), label, length);
                OutputStream out = target.create()) {
            in.transferTo(out);
        }
    }

    private InputStream progress(InputStream in, String label, long length) {
        if (!showProgress) {
            return in;
        }
        ProgressBarBuilder bar = ProgressBars.builder(label, " MB", 1 << 20, Math.max(length, 1)).setConsumer(
                io.github.cam4j.ProgressBars.console(System.err));
        return ProgressBar.wrap(in, bar);
    }

    /**
     * Checks a downloaded file's uncompressed content (gzip is detected by its magic bytes) against canonical MNIST.
     *
     * @param file the downloaded file
     * @param expected what it must be
     * @throws DatasetException when size or MD5 differ, or the gzip stream is broken
     */
    static void verify(Path file, MnistFiles expected) throws DatasetException {
        verify(file, file.toString(), expected);
    }

    /**
     * {@link #verify(Path, MnistFiles)}, its message naming the file as {@code named} says.
     *
     * @param named the file's name in the message ("what it sent", after a mirror's address)
     */
    private static void verify(Path file, String named, MnistFiles expected) throws DatasetException {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides MD5", e);
        }
        long size;
        try (InputStream raw = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            try (InputStream body = new DigestInputStream(gzip ? new GZIPInputStream(raw) : raw, md5)) {
                size = body.transferTo(OutputStream.nullOutputStream());
            }
        } catch (IOException e) {
            throw new DatasetException(named + " is corrupt: " + e.getMessage(), e);
        }
        String actual = HexFormat.of().formatHex(md5.digest());
        if (size != expected.size() || !actual.equals(expected.md5())) {
            throw new DatasetException(named + " is corrupt: uncompressed it has " + size + " bytes with MD5 " + actual
                    + ", expected " + expected.size() + " bytes with MD5 " + expected.md5());
        }
    }
}
