package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cam.CamResult;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The models inside the jar: copied out once, byte for byte, and a damaged copy refused rather than loaded. */
class BundledModelCopyTest {
    @TempDir
    Path cache;

    @Test
    void copiesEachModelOutByteForByteAndItExplainsADigit() throws Exception {
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        for (String name : BundledModels.NAMES) {
            Path dir = BundledModels.locate(name, cache);
            assertEquals(name, dir.getFileName().toString(), "the folder keeps the model's name (reports show it)");
            for (String file : BundledModels.FILES) {
                assertArrayEquals(Files.readAllBytes(SharedData.bundledModels().resolve(name).resolve(file)),
                        Files.readAllBytes(dir.resolve(file)), name + "/" + file);
            }
            try (CamSession cam = CamSession.builder().setModel(dir).build()) {
                CamResult r = cam.explainPixels(test.imageAsFloats(0), 1, 28, 28,
                        io.github.cam4j.cam.Target.predicted()).get(0).maps().get(0);
                assertEquals(test.label(0), r.classIndex(), name + " on the first test digit");
            }
        }
        try (Stream<Path> left = Files.walk(cache)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().contains(".partial-")), "no temporary folder left");
        }
    }

    /**
     * A cache folder that cannot be made is said in words, as the dataset folder's is: Java's were "A/1e17...: Not a
     * directory" for a file where the cache goes, and the bare path for a folder the system would not make.
     */
    @Test
    void aCacheFolderThatCannotBeMadeIsSaidInWords() throws Exception {
        Path file = Files.writeString(cache.resolve("not-a-folder"), "x");
        for (Path root : new Path[] {file, file.resolve("sub")}) {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> BundledModels.locate("mnist-pooled", root));
            assertTrue(e.getMessage().contains(": " + file + " is a file, not a folder (set -Dcam4j.cache=DIR"),
                    e.getMessage());
        }
        // Linux's /proc takes no new folder, whoever asks (root included, as CI runs).
        ModelLoadException proc = assertThrows(ModelLoadException.class,
                () -> BundledModels.locate("mnist-pooled", Path.of("/proc/cam4j-test")));
        assertTrue(proc.getMessage().contains(": /proc/cam4j-test: the system would not make it"), proc.getMessage());
    }

    @Test
    void reusesTheCopyWithoutRewritingIt() throws Exception {
        Path dir = BundledModels.locate("mnist-pooled", cache);
        Path pb = dir.resolve("saved_model.pb");
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(pb, old);
        assertEquals(dir, BundledModels.locate("mnist-pooled", cache));
        assertEquals(old, Files.getLastModifiedTime(pb), "second use reads the copy, writes nothing");
    }

    @Test
    void refusesACopyThatWasChangedOrLostAFile() throws Exception {
        Path dir = BundledModels.locate("mnist-unpooled", cache);
        Path index = dir.resolve("variables/variables.index");
        byte[] bytes = Files.readAllBytes(index);
        bytes[bytes.length / 2] ^= 1;
        Files.write(index, bytes);
        ModelLoadException changed = assertThrows(ModelLoadException.class, () -> BundledModels.locate("mnist-unpooled", cache));
        assertTrue(changed.getMessage().contains(dir.toString()) && changed.getMessage().contains("variables/variables.index was changed")
                && changed.getMessage().contains("delete that folder"), changed.getMessage());
        Files.delete(index);
        ModelLoadException missing = assertThrows(ModelLoadException.class, () -> BundledModels.locate("mnist-unpooled", cache));
        assertTrue(missing.getMessage().contains("variables/variables.index is missing"), missing.getMessage());
    }

    @Test
    void anUnknownNameListsTheBundledOnes() {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> BundledModels.locate("mnist-big", cache));
        assertTrue(e.getMessage().contains("'mnist-big'") && e.getMessage().contains("mnist-pooled, mnist-unpooled"), e.getMessage());
    }

    /**
     * A null is answered or named: isBundled(null) threw List.of's NullPointerException, whose message is "null", and
     * locate(name, null) a bare one ("Cannot invoke \"java.nio.file.Path.resolve(String)\" because \"cacheRoot\" is
     * null").
     */
    @Test
    void aNullNameIsNotBundledAndANullCacheIsNamed() {
        assertEquals(false, BundledModels.isBundled(null));
        assertEquals("cacheRoot is null: the folder to keep the copies in, e.g. BundledModels.defaultCacheRoot()",
                assertThrows(NullPointerException.class, () -> BundledModels.locate("mnist-pooled", null))
                        .getMessage());
    }
}
