package io.github.cam4j.savedmodel;

import io.github.cam4j.data.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The two models cam4j trains and ships ({@code saved_models/} in the repository), carried inside the cam4j jar so
 * that they open on any machine, from any working directory.
 *
 * <pre>{@code
 * try (CamSession cam = CamSession.builder().setModel(BundledModels.locate("mnist-pooled")).build()) { ... }
 * }</pre>
 *
 * <p>TensorFlow loads a SavedModel only from a folder, so the first use copies the model out of the jar into a cache
 * folder, {@code ~/.cache/cam4j/models/<hash>/<name>} (or under the system property {@value #CACHE_PROPERTY}). The
 * hash is of the model's files, so a newer jar never reads an older copy and never overwrites one. The copy is
 * written to a temporary folder and moved into place in one step, so a crash or a second process never leaves a
 * half-written model behind; a later use compares the copy with the jar's bytes and refuses one that differs.
 */
public final class BundledModels {
    /** The bundled models' names, pooled first. */
    public static final List<String> NAMES = List.of("mnist-pooled", "mnist-unpooled");

    /** The system property naming the cache folder (default {@code ~/.cache/cam4j/models}). */
    public static final String CACHE_PROPERTY = "cam4j.cache";

    /** Where the models lie on the class path ({@code pom.xml} puts {@code saved_models/} there). */
    static final String RESOURCE_ROOT = "/io/github/cam4j/saved_models/";

    /** The files of each bundled SavedModel. */
    static final List<String> FILES = List.of("saved_model.pb", "variables/variables.index",
            "variables/variables.data-00000-of-00001", "assets/cam4j.json");

    private BundledModels() {}

    /**
     * @param name a model name, or null
     * @return whether cam4j bundles a model of that name; false for null
     */
    public static boolean isBundled(String name) {
        // List.of's contains(null) throws a NullPointerException whose message is "null".
        return name != null && NAMES.contains(name);
    }

    /** @return the cache folder: the system property {@value #CACHE_PROPERTY}, else {@code ~/.cache/cam4j/models} */
    public static Path defaultCacheRoot() {
        String configured = System.getProperty(CACHE_PROPERTY);
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "cam4j", "models");
    }

    /**
     * @param name one of {@link #NAMES}
     * @return the folder of the model's SavedModel, copied out of the jar into {@link #defaultCacheRoot()} if needed
     * @throws ModelLoadException when the name is not bundled, the jar lacks the model, or the cache is unusable
     */
    public static Path locate(String name) throws ModelLoadException {
        return locate(name, defaultCacheRoot());
    }

    /**
     * @param name one of {@link #NAMES}
     * @param cacheRoot the folder to keep copies in; created if absent
     * @return the folder of the model's SavedModel
     * @throws ModelLoadException when the name is not bundled, the jar lacks the model, or the cache is unusable
     * @throws NullPointerException naming it, when the name or the cache folder is null
     */
    public static Path locate(String name, Path cacheRoot) throws ModelLoadException {
        java.util.Objects.requireNonNull(name, "name is null: mnist-pooled or mnist-unpooled");
        java.util.Objects.requireNonNull(cacheRoot, "cacheRoot is null: the folder to keep the copies in, e.g."
                + " BundledModels.defaultCacheRoot()");
        if (!isBundled(name)) {
            throw new ModelLoadException("no bundled model '" + name + "': the bundled models are " + String.join(", ", NAMES));
        }
        List<byte[]> contents = readFromJar(name);
        Path dir = cacheRoot.resolve(hash(contents)).resolve(name);
        if (!Files.isDirectory(dir)) {
            extract(name, contents, dir);
        }
        verify(name, contents, dir);
        return dir;
    }

    private static List<byte[]> readFromJar(String name) throws ModelLoadException {
        List<byte[]> contents = new ArrayList<>();
        for (String file : FILES) {
            String resource = RESOURCE_ROOT + name + "/" + file;
            try (InputStream in = BundledModels.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ModelLoadException("bundled model " + name + " is not on the class path (" + resource
                            + " missing): use a cam4j jar built with 'mvn package'");
                }
                contents.add(in.readAllBytes());
            } catch (IOException e) {
                throw new ModelLoadException("cannot read " + resource + " from the cam4j jar: " + e.getMessage(), e);
            }
        }
        return contents;
    }

    /** 12 hex digits of SHA-256 over the files' names and bytes: a new model gets a new folder. */
    private static String hash(List<byte[]> contents) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < FILES.size(); i++) {
                sha.update(FILES.get(i).getBytes(StandardCharsets.UTF_8));
                sha.update(contents.get(i));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void extract(String name, List<byte[]> contents, Path dir) throws ModelLoadException {
        Path partial = null;
        try {
            Files.createDirectories(dir.getParent());
            partial = Files.createTempDirectory(dir.getParent(), name + ".partial-");
            for (int i = 0; i < FILES.size(); i++) {
                Path target = partial.resolve(FILES.get(i));
                Files.createDirectories(target.getParent());
                Files.write(target, contents.get(i));
            }
            Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
            partial = null;
        } catch (FileAlreadyExistsException e) {
            // Another process copied it first; verify() checks its copy.
        } catch (IOException e) {
            if (Files.isDirectory(dir)) {
                return; // same race, reported as a plain IOException by some file systems
            }
            // In words, as the dataset folder's: Java's were the bare path ("...: /proc/cam4j") or "A -> B: Not a
            // directory" for a file in the way.
            String why = e instanceof java.nio.file.FileSystemException ? FileTrees.whyNotCreated(dir, e)
                    : e.getMessage();
            throw new ModelLoadException("cannot copy bundled model " + name + " to " + dir + ": " + why
                    + " (set -D" + CACHE_PROPERTY + "=DIR to use another folder)", e);
        } finally {
            if (partial != null) {
                deleteQuietly(partial);
            }
        }
    }

    private static void verify(String name, List<byte[]> contents, Path dir) throws ModelLoadException {
        for (int i = 0; i < FILES.size(); i++) {
            Path file = dir.resolve(FILES.get(i));
            byte[] onDisk;
            try {
                onDisk = Files.readAllBytes(file);
            } catch (IOException e) {
                onDisk = null;
            }
            if (!Arrays.equals(onDisk, contents.get(i))) {
                throw new ModelLoadException("the cached copy of bundled model " + name + " at " + dir + " differs from"
                        + " the jar's (" + FILES.get(i) + (onDisk == null ? " is missing" : " was changed")
                        + "): delete that folder and it is copied again");
            }
        }
    }

    private static void deleteQuietly(Path partial) {
        try {
            FileTrees.delete(partial);
        } catch (IOException ignored) {
            // A leftover temporary folder beside the cache is harmless; the model itself was not written there.
        }
    }
}
