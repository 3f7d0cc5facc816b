package io.github.cam4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.testing.SharedData;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The locator's order and the downloader's checks. The "mirrors" here are {@code file:} URIs over local folders:
 * the same download and verification code runs, and no test touches the network.
 */
class DatasetLocatorTest {
    @TempDir
    Path tmp;

    private static MnistDownloader offline(Path... mirrors) {
        return new MnistDownloader(java.util.Arrays.stream(mirrors).map(p -> URI.create(p.toUri() + "/")).toList(), false);
    }

    @Test
    void explicitFolderWinsOverEnvironmentAndCache() throws Exception {
        DatasetLocator locator = new DatasetLocator(Map.of(DatasetLocator.ENV_VAR, tmp.resolve("env").toString()),
                tmp.resolve("cache"), offline(tmp.resolve("no-mirror")));
        assertEquals(SharedData.mnist(), locator.locate(SharedData.mnist()).dir());
    }

    @Test
    void environmentVariableIsUsedAndABadOneIsNamed() throws Exception {
        DatasetLocator good = new DatasetLocator(Map.of(DatasetLocator.ENV_VAR, SharedData.mnist().toString()),
                tmp.resolve("cache"), offline(tmp.resolve("no-mirror")));
        assertEquals(SharedData.mnist(), good.locate(null).dir());
        DatasetLocator bad = new DatasetLocator(Map.of(DatasetLocator.ENV_VAR, tmp.resolve("missing").toString()),
                tmp.resolve("cache"), offline(tmp.resolve("no-mirror")));
        DatasetException e = assertThrows(DatasetException.class, () -> bad.locate(null));
        assertTrue(e.getMessage().startsWith("CAM4J_DATA="), e.getMessage());
    }

    /** A folder given by --data that is absent or lacks files is named as --data, as a bad CAM4J_DATA is named. */
    @Test
    void aBadExplicitFolderIsNamedAsData() throws Exception {
        DatasetLocator locator = new DatasetLocator(Map.of(), tmp.resolve("cache"), offline(tmp.resolve("no-mirror")));
        Path missing = tmp.resolve("missing");
        DatasetException absent = assertThrows(DatasetException.class, () -> locator.locateTest(missing));
        assertEquals("--data " + missing + ": dataset folder " + missing + " does not exist; put"
                + " t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz there (from any MNIST mirror, plain or"
                + " .gz), or leave out --data and cam4j downloads them into " + tmp.resolve("cache"),
                absent.getMessage());
        // A file is named as one (helper-152: "does not exist or is not a folder" of a file that exists); one of the
        // dataset's own files points to the folder that holds it.
        Path own = Files.createDirectories(tmp.resolve("mnist")).resolve("t10k-images-idx3-ubyte.gz");
        Files.write(own, new byte[] {31});
        DatasetException file = assertThrows(DatasetException.class, () -> locator.locateTest(own));
        assertEquals("--data " + own + ": dataset folder " + own + " is a file, not a folder; give the folder that holds"
                + " it, " + own.toAbsolutePath().getParent(), file.getMessage());
        Path readme = Files.writeString(tmp.resolve("README.md"), "# notes");
        DatasetException other = assertThrows(DatasetException.class, () -> locator.locate(readme));
        assertEquals("--data " + readme + ": dataset folder " + readme + " is a file, not a folder: give the folder"
                + " that holds the IDX files", other.getMessage());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        DatasetException lacking = assertThrows(DatasetException.class, () -> locator.locate(empty));
        assertTrue(lacking.getMessage().startsWith("--data " + empty + ": dataset folder " + empty + " lacks "),
                lacking.getMessage());
        // Where the files come from: the line named the folder and the files alone.
        assertTrue(lacking.getMessage().endsWith(" (plain or .gz); put them there (from any MNIST mirror, plain or"
                + " .gz), or leave out --data and cam4j downloads them into " + tmp.resolve("cache")),
                lacking.getMessage());
    }

    @Test
    void emptyCacheIsFilledFromAMirrorAndVerifiedUncompressed() throws Exception {
        // ../shared/data/mnist holds re-compressed copies: their .gz bytes differ from the public mirrors', the
        // uncompressed bytes are canonical. They must pass, which only a check of the uncompressed content allows.
        Path cache = tmp.resolve("cache");
        DatasetLocator locator = new DatasetLocator(Map.of(), cache, offline(SharedData.mnist()));
        Dataset dataset = locator.locate(null);
        assertEquals(cache, dataset.dir());
        assertEquals(10000, dataset.test().count());
        assertTrue(Dataset.missingFiles(cache).isEmpty());
        try (var files = Files.list(cache)) {
            assertFalse(files.anyMatch(p -> p.toString().endsWith(".part")), "no partial file is left behind");
        }
    }

    @Test
    void corruptedDownloadIsRefusedDeletedAndTheNextMirrorTried() throws Exception {
        Path corrupt = Files.createDirectories(tmp.resolve("corrupt-mirror"));
        for (MnistFiles f : MnistFiles.all()) {
            byte[] good = Files.readAllBytes(SharedData.mnist().resolve(f.gzName()));
            byte[] raw = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(good)).readAllBytes();
            raw[raw.length / 2] ^= 0x55; // one flipped byte in the body: same size, wrong MD5
            Files.write(corrupt.resolve(f.gzName()), IdxReaderTest.gzip(raw));
        }
        Path cache = tmp.resolve("cache");
        DatasetException e = assertThrows(DatasetException.class,
                () -> new DatasetLocator(Map.of(), cache, offline(corrupt)).locate(null));
        // Named by the mirror's address and what was wrong: the .part file it named had been deleted already.
        String first = e.getMessage().replaceFirst("^could not download (\\S+) .*", "$1");
        assertTrue(e.getMessage().contains(URI.create(corrupt.toUri() + "/").resolve(first) + ": what it sent is corrupt:"
                + " uncompressed it has "), e.getMessage());
        assertTrue(e.getMessage().contains(" bytes with MD5 "), e.getMessage());
        assertFalse(e.getMessage().contains(".part"), e.getMessage());
        try (var files = Files.list(cache)) {
            assertEquals(List.of(), files.toList(), "the corrupted download was deleted");
        }
        Dataset recovered = new DatasetLocator(Map.of(), cache, offline(corrupt, SharedData.mnist())).locate(null);
        assertEquals(60000, recovered.train().count());
    }

    @Test
    void anyFolderWithTheFourStandardNamesIsADataset() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("fashion"));
        for (MnistFiles f : MnistFiles.all()) {
            Files.copy(SharedData.mnist().resolve(f.gzName()), dir.resolve(f.gzName()));
        }
        assertEquals(dir, Dataset.open(dir).dir());
        Files.delete(dir.resolve(MnistFiles.TEST_LABELS.gzName()));
        DatasetException e = assertThrows(DatasetException.class, () -> Dataset.open(dir));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte"), e.getMessage());
    }

    /**
     * A file both plain and gzipped: the .gz was read and the plain one ignored without a word (a plain file of 2 000
     * edited images trained on the .gz's 60 000, helper-62). Which one is meant is asked when they differ in length;
     * the same file unpacked beside its archive is read.
     */
    @Test
    void aFileBothPlainAndGzippedIsRefusedNamingBoth() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("both"));
        for (MnistFiles f : MnistFiles.all()) {
            Files.createSymbolicLink(dir.resolve(f.gzName()), SharedData.mnist().resolve(f.gzName()).toAbsolutePath());
        }
        assertEquals(10000, Dataset.open(dir).test().count());
        // Unpacked beside its archive, as torchvision's MNIST/raw holds every file: read (helper-69).
        Path plain = dir.resolve(MnistFiles.TEST_LABELS.name());
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(dir.resolve(MnistFiles.TEST_LABELS.gzName())))) {
            Files.copy(in, plain);
        }
        assertEquals(10000, Dataset.open(dir).test().count());
        Files.write(plain, new byte[] {0, 0, 8, 1, 0, 0, 0, 0});
        DatasetException e = assertThrows(DatasetException.class, () -> Dataset.open(dir).test());
        assertEquals("dataset folder " + dir + " holds both t10k-labels-idx1-ubyte and t10k-labels-idx1-ubyte.gz, which"
                + " differ in length: remove or rename the one you do not mean", e.getMessage());
    }

    /**
     * Explaining and evaluating read only the test split: a folder holding just its two files is enough for them
     * (they once demanded the 47 MB of training images too); training still needs all four, and says which it lacks.
     */
    @Test
    void theTestSplitAloneServesExplainingButNotTraining() throws Exception {
        Path testOnly = Files.createDirectories(tmp.resolve("test-only"));
        for (String name : List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
            Files.createSymbolicLink(testOnly.resolve(name), SharedData.mnist().resolve(name).toAbsolutePath());
        }
        DatasetLocator locator = new DatasetLocator(Map.of(), tmp.resolve("cache"), null);
        assertEquals(10000, locator.locateTest(testOnly).test().count());
        DatasetException train = assertThrows(DatasetException.class, () -> locator.locate(testOnly));
        assertTrue(train.getMessage().contains("lacks train-images-idx3-ubyte, train-labels-idx1-ubyte"), train.getMessage());
        DatasetException lazily = assertThrows(DatasetException.class, () -> locator.locateTest(testOnly).train());
        assertTrue(lazily.getMessage().contains("lacks train-images-idx3-ubyte"), lazily.getMessage());
    }

    /**
     * CAM4J_DATA naming a folder of the test split alone serves explaining and evaluating, as --data does; training
     * asks for all four and names the variable's folder as the one lacking them.
     */
    @Test
    void theTestSplitAloneInCam4jDataServesExplainingButNotTraining() throws Exception {
        Path testOnly = Files.createDirectories(tmp.resolve("test-only"));
        for (String name : List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
            Files.createSymbolicLink(testOnly.resolve(name), SharedData.mnist().resolve(name).toAbsolutePath());
        }
        DatasetLocator locator = new DatasetLocator(Map.of(DatasetLocator.ENV_VAR, testOnly.toString()),
                tmp.resolve("cache"), offline(tmp.resolve("no-mirror")));
        assertEquals(10000, locator.locateTest(null).test().count());
        DatasetException train = assertThrows(DatasetException.class, () -> locator.locate(null));
        assertTrue(train.getMessage().startsWith("CAM4J_DATA=" + testOnly + ": dataset folder " + testOnly + " lacks "
                + "train-images-idx3-ubyte, train-labels-idx1-ubyte"), train.getMessage());
        assertTrue(train.getMessage().endsWith("; put them there (from any MNIST mirror, plain or .gz), or unset"
                + " CAM4J_DATA and cam4j downloads them into " + tmp.resolve("cache")), train.getMessage());
    }

    /**
     * Explaining, evaluating and the demo read only the test split, so an empty cache gets only its two files
     * (1.6 MB); the demo used to fetch the 9.9 MB of training images first, and on a machine without network failed
     * on them.
     */
    @Test
    void anEmptyCacheGetsOnlyTheTestSplitWhenOnlyTheTestSplitIsWanted() throws Exception {
        Path cache = tmp.resolve("cache");
        Dataset dataset = new DatasetLocator(Map.of(), cache, offline(SharedData.mnist())).locateTest(null);
        assertEquals(10000, dataset.test().count());
        try (var files = Files.list(cache)) {
            assertEquals(List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        // Training asks for all four later: the two missing ones are fetched then, the test split kept as it is.
        assertEquals(60000, new DatasetLocator(Map.of(), cache, offline(SharedData.mnist())).locate(null).train().count());
    }

    /**
     * The partial files of downloads killed outright ({@code kill -9}: no hook runs) are removed by the next use once an
     * hour old; another process's download in flight (a fresh one) and files not of MNIST's downloads are left alone.
     * Each download has a name of its own, so no later download replaced them: the cache kept every killed download.
     */
    @Test
    void partialFilesOfKilledDownloadsAreRemovedOnceStale() throws Exception {
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        java.nio.file.attribute.FileTime twoHoursAgo = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofHours(2)));
        List<String> stale = List.of("t10k-images-idx3-ubyte.gz.1f3a9c.part", "t10k-labels-idx1-ubyte.gz.part");
        List<String> kept = List.of("t10k-images-idx3-ubyte.gz.77e0.part", "notes.part", "train-images-idx3-ubyte.gz.ab.part");
        for (String name : stale) {
            Files.setLastModifiedTime(Files.write(cache.resolve(name), new byte[100]), twoHoursAgo);
        }
        // A fresh part (another process's download under way); an old file of another name; an old part of a file this
        // use does not ask for (the test split only) is left for a use that does.
        Files.write(cache.resolve(kept.get(0)), new byte[100]);
        Files.setLastModifiedTime(Files.write(cache.resolve(kept.get(1)), new byte[100]), twoHoursAgo);
        Files.setLastModifiedTime(Files.write(cache.resolve(kept.get(2)), new byte[100]), twoHoursAgo);

        assertEquals(10000, new DatasetLocator(Map.of(), cache, offline(SharedData.mnist())).locateTest(null).test().count());

        List<String> expected = new java.util.ArrayList<>(kept);
        expected.addAll(List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"));
        try (var files = Files.list(cache)) {
            assertEquals(expected.stream().sorted().toList(), files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    /**
     * A download that cannot start says why in words and names the way round it: Java's own messages are a bare
     * host name for a host that does not resolve, which read as nothing at all after the mirror's address.
     */
    @Test
    void aFailedDownloadSaysWhyAndNamesTheDataOption() throws Exception {
        // Port 1 on the loopback address: nothing listens there, and nothing leaves the machine.
        MnistDownloader refused = new MnistDownloader(List.of(URI.create("http://127.0.0.1:1/mnist/")), false);
        DatasetException e = assertThrows(DatasetException.class,
                () -> new DatasetLocator(Map.of(), tmp.resolve("cache"), refused).locateTest(null));
        assertTrue(e.getMessage().startsWith("could not download t10k-images-idx3-ubyte.gz intact into "), e.getMessage());
        assertTrue(e.getMessage().contains("http://127.0.0.1:1/mnist/t10k-images-idx3-ubyte.gz: Connection refused;"), e.getMessage());
        // Offline, the files can be given by hand: which, and where (helper-254: the line named neither).
        assertTrue(e.getMessage().endsWith("; put t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz (from any"
                + " MNIST mirror, plain or .gz) in " + "that folder by hand, or name a folder holding them (--data DIR, or"
                + " the environment variable CAM4J_DATA)"), e.getMessage());

        assertEquals("unknown host storage.googleapis.com (no network, or no name service?)",
                MnistDownloader.reason(new java.net.UnknownHostException("storage.googleapis.com")));
        assertEquals("timed out (Read timed out)", MnistDownloader.reason(new java.net.SocketTimeoutException("Read timed out")));
        assertEquals("IOException", MnistDownloader.reason(new java.io.IOException()));
    }

    /**
     * A file where the cache folder or one of its parents should be is named: Java's message was the path alone, and
     * the line read "cannot create dataset folder X: X" (seen with the jar).
     */
    @Test
    void aFileWhereTheCacheFolderGoesIsNamed() throws Exception {
        Path file = Files.writeString(tmp.resolve("mnist"), "not a folder");
        DatasetException itself = assertThrows(DatasetException.class,
                () -> new DatasetLocator(Map.of(), file, offline(SharedData.mnist())).locateTest(null));
        assertEquals("cannot create dataset folder " + file + ": " + file + " is a file, not a folder", itself.getMessage());
        Path below = file.resolve("cam4j").resolve("mnist");
        DatasetException parent = assertThrows(DatasetException.class,
                () -> new DatasetLocator(Map.of(), below, offline(SharedData.mnist())).locateTest(null));
        assertEquals("cannot create dataset folder " + below + ": " + file + " is a file, not a folder",
                parent.getMessage());
        // A folder the system will not make (Linux's /proc refuses every new name) is said so, not in Java's words.
        Path proc = Path.of("/proc/cam4j-no-such-folder/mnist");
        DatasetException refused = assertThrows(DatasetException.class,
                () -> new DatasetLocator(Map.of(), proc, offline(SharedData.mnist())).locateTest(null));
        assertEquals("cannot create dataset folder " + proc + ": /proc/cam4j-no-such-folder: the system would not make"
                + " it", refused.getMessage());
    }

    /**
     * A damaged file in the cache is never read as MNIST: one with a byte changed (its gzip whole) was read without a
     * word (the demo drew it, exit 0, seen with the jar), and a truncated one failed every run, saying nothing of how
     * to mend it. It is replaced by an intact download, or named with the way round it when none can be had.
     */
    @Test
    void aDamagedFileInTheCacheIsReplacedOrNamed() throws Exception {
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        byte[] raw;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(SharedData.mnist().resolve(
                MnistFiles.TEST_IMAGES.gzName())))) {
            raw = in.readAllBytes();
        }
        raw[1000] ^= 0x55; // a pixel of the first digit: same size, wrong MD5
        Path images = cache.resolve(MnistFiles.TEST_IMAGES.gzName());
        Files.write(images, IdxReaderTest.gzip(raw));
        Files.copy(SharedData.mnist().resolve(MnistFiles.TEST_LABELS.gzName()), cache.resolve(MnistFiles.TEST_LABELS.gzName()));

        DatasetException offline = assertThrows(DatasetException.class,
                () -> new DatasetLocator(Map.of(), cache, offline(tmp.resolve("no-mirror"))).locateTest(null));
        assertTrue(offline.getMessage().startsWith(images + " is corrupt: uncompressed it has 7840016 bytes with MD5 "),
                offline.getMessage());
        assertTrue(offline.getMessage().contains(", and no intact copy could be downloaded in its stead: "),
                offline.getMessage());
        assertTrue(offline.getMessage().contains("; delete it or put an intact t10k-images-idx3-ubyte.gz there, or a"
                + " folder already holding MNIST's files can be named instead"), offline.getMessage());
        assertTrue(Files.exists(images), "the damaged file is left for the user to see");

        assertEquals(10000, new DatasetLocator(Map.of(), cache, offline(SharedData.mnist())).locateTest(null).test().count());
        MnistDownloader.verify(images, MnistFiles.TEST_IMAGES);

        // A plain file cut short is replaced by the .gz, and removed: it would be read before it.
        Path plain = cache.resolve(MnistFiles.TEST_LABELS.name());
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(SharedData.mnist().resolve(
                MnistFiles.TEST_LABELS.gzName())))) {
            Files.write(plain, java.util.Arrays.copyOf(in.readAllBytes(), 5000));
        }
        assertEquals(10000, new DatasetLocator(Map.of(), cache, offline(SharedData.mnist())).locateTest(null).test().count());
        try (var files = Files.list(cache)) {
            assertEquals(List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    /**
     * Two first uses at once (two commands started together on a new machine) both get the whole test split: both
     * fetched into the same {@code .part} name, the second emptied the first's file while it was being written, and
     * one failed, in Java's words only ("X.gz.part -> X.gz", seen with the jar). The local server sends its bytes
     * slowly, so that the two downloads overlap.
     */
    @Test
    void twoFirstUsesAtOnceBothGetTheWholeTestSplit() throws Exception {
        com.sun.net.httpserver.HttpServer server = io.github.cam4j.testing.LoopbackServer.create("slow-mnist-mirror");
        server.createContext("/mnist/", exchange -> {
            Path file = SharedData.mnist().resolve(Path.of(exchange.getRequestURI().getPath()).getFileName().toString());
            byte[] bytes = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, bytes.length);
            try (java.io.OutputStream body = exchange.getResponseBody()) {
                for (int at = 0; at < bytes.length; at += 64 << 10) {
                    body.write(bytes, at, Math.min(64 << 10, bytes.length - at));
                    body.flush();
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        java.util.concurrent.ExecutorService users = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            Path cache = tmp.resolve("cache");
            MnistDownloader mirror = new MnistDownloader(List.of(URI.create("http://127.0.0.1:"
                    + server.getAddress().getPort() + "/mnist/")), false);
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
            List<java.util.concurrent.Future<Integer>> counts = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                counts.add(users.submit(() -> {
                    together.await();
                    return new DatasetLocator(Map.of(), cache, mirror).locateTest(null).test().count();
                }));
            }
            for (java.util.concurrent.Future<Integer> count : counts) {
                assertEquals(10000, count.get(120, java.util.concurrent.TimeUnit.SECONDS));
            }
            try (var files = Files.list(cache)) {
                assertEquals(List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
                        files.map(f -> f.getFileName().toString()).sorted().toList(), "no partial file is left");
            }
            for (MnistFiles f : MnistFiles.testSplit()) {
                MnistDownloader.verify(cache.resolve(f.gzName()), f);
            }
        } finally {
            users.shutdownNow();
            server.stop(0);
        }
    }

    /**
     * -Dcam4j.mnist.mirrors names mirrors in the defaults' stead (tests serve the files locally through it): a base
     * without its final '/' keeps its last folder (resolved against, "http://h/mnist" lost "mnist"), blank means the
     * defaults, and a word that is no absolute URI is named.
     */
    @Test
    void theMirrorsPropertyNamesBaseURIsAndABadOneIsNamed() {
        assertEquals(List.of(URI.create("http://127.0.0.1:8080/mnist/"), URI.create("file:/srv/mnist/")),
                MnistDownloader.mirrors(" http://127.0.0.1:8080/mnist , file:/srv/mnist/"));
        assertEquals(MnistDownloader.DEFAULT_MIRRORS, MnistDownloader.mirrors(null));
        assertEquals(MnistDownloader.DEFAULT_MIRRORS, MnistDownloader.mirrors(" "));
        assertEquals("-Dcam4j.mnist.mirrors: 'mirror/mnist' has no scheme; give a base URI such as http://host/mnist/ or"
                + " file:/srv/mnist/", assertThrows(IllegalArgumentException.class,
                        () -> MnistDownloader.mirrors("mirror/mnist")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MnistDownloader.mirrors("http://a b/"))
                .getMessage().startsWith("-Dcam4j.mnist.mirrors: 'http://a b/' is not a URI: "));
        assertEquals("-Dcam4j.mnist.mirrors=, names no mirror", assertThrows(IllegalArgumentException.class,
                () -> MnistDownloader.mirrors(",")).getMessage());
    }
}
