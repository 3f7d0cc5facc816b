package io.github.cam4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A folder holding the four standard IDX files ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each plain or {@code .gz}). Any such folder is a
 * dataset, MNIST or not (Fashion-MNIST, KMNIST...). Files are read when asked for, not when the folder is opened.
 */
public final class Dataset {
    private final Path dir;

    private Dataset(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens a folder as a dataset.
     *
     * @param dir the folder
     * @return the dataset
     * @throws DatasetException when the folder does not exist or lacks one of the four files, naming them
     */
    public static Dataset open(Path dir) throws DatasetException {
        return open(dir, MnistFiles.all());
    }

    /**
     * Opens a folder for its test split only, as explaining and evaluating need: the training files may be absent
     * ({@link #train()} then says so).
     *
     * @param dir the folder
     * @return the dataset
     * @throws DatasetException when the folder does not exist or lacks a test file, naming them
     */
    public static Dataset openTest(Path dir) throws DatasetException {
        return open(dir, List.of(MnistFiles.TEST_IMAGES, MnistFiles.TEST_LABELS));
    }

    private static Dataset open(Path dir, List<MnistFiles> required) throws DatasetException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            // "does not exist or is not a folder" of a file that exists (--data train-images-idx3-ubyte.gz) sent the
            // user looking for a typo (helper-152). One of the dataset's own files points to its folder.
            String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
            boolean ours = MnistFiles.all().stream().anyMatch(f -> name.equals(f.name()) || name.equals(f.gzName()));
            Path parent = dir.toAbsolutePath().getParent();
            throw new DatasetException("dataset folder " + dir + " is a file, not a folder" + (ours && parent != null
                    ? "; give the folder that holds it, " + parent : ": give the folder that holds the IDX files"));
        }
        if (!Files.isDirectory(dir)) {
            throw new DatasetException("dataset folder " + dir + " does not exist");
        }
        List<String> missing = missingFiles(dir, required);
        if (!missing.isEmpty()) {
            throw new DatasetException("dataset folder " + dir + " lacks " + String.join(", ", missing)
                    + " (plain or .gz)");
        }
        return new Dataset(dir);
    }

    /**
     * @param dir a folder
     * @return the standard file names that the folder lacks in both plain and {@code .gz} form
     */
    public static List<String> missingFiles(Path dir) {
        return missingFiles(dir, MnistFiles.all());
    }

    private static List<String> missingFiles(Path dir, List<MnistFiles> required) {
        List<String> missing = new ArrayList<>();
        for (MnistFiles f : required) {
            if (find(dir, f).isEmpty()) {
                missing.add(f.name());
            }
        }
        return missing;
    }

    /** @return the folder */
    public Path dir() {
        return dir;
    }

    /**
     * @return the training images and labels
     * @throws DatasetException when a file is malformed
     */
    public LabeledImages train() throws DatasetException {
        return IdxReader.read(file(MnistFiles.TRAIN_IMAGES), file(MnistFiles.TRAIN_LABELS));
    }

    /**
     * @return the test images and labels
     * @throws DatasetException when a file is malformed
     */
    public LabeledImages test() throws DatasetException {
        return IdxReader.read(file(MnistFiles.TEST_IMAGES), file(MnistFiles.TEST_LABELS));
    }

    private Path file(MnistFiles f) throws DatasetException {
        Path gz = dir.resolve(f.gzName());
        Path plain = dir.resolve(f.name());
        if (Files.isRegularFile(gz) && Files.isRegularFile(plain) && !sameLength(plain, gz)) {
            // The .gz was read and the plain file beside it ignored without a word: a plain file of 2 000 edited
            // images trained on the .gz's 60 000. Both of one length are the same file unpacked beside its archive
            // (torchvision's MNIST/raw holds every file so): the plain one is read.
            throw new DatasetException("dataset folder " + dir + " holds both " + f.name() + " and " + f.gzName()
                    + ", which differ in length: remove or rename the one you do not mean");
        }
        return find(dir, f).orElseThrow(() -> new DatasetException("dataset folder " + dir + " lacks " + f.name()));
    }

    /** @return whether the plain file's length is what the gzip's trailer says it unpacks to (modulo 2^32) */
    private static boolean sameLength(Path plain, Path gz) throws DatasetException {
        try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(gz)) {
            if (c.size() < 18) {
                return false;
            }
            java.nio.ByteBuffer isize = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            c.read(isize, c.size() - 4);
            return (Files.size(plain) & 0xFFFFFFFFL) == Integer.toUnsignedLong(isize.getInt(0));
        } catch (java.io.IOException e) {
            throw new DatasetException("cannot read " + gz + ": " + e.getMessage(), e);
        }
    }

    static Optional<Path> find(Path dir, MnistFiles f) {
        // The plain file first: beside its .gz it is the same file unpacked (see file), and faster to read.
        for (String name : List.of(f.name(), f.gzName())) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "Dataset[" + dir + "]";
    }
}
