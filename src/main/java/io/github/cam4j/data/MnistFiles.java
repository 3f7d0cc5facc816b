package io.github.cam4j.data;

import java.util.List;

/**
 * The four standard IDX files of an MNIST-like dataset, with the checksums of canonical MNIST.
 *
 * @param name the file name without {@code .gz}
 * @param md5 MD5 of the UNCOMPRESSED bytes of canonical MNIST (re-compressed copies differ in their gzip bytes)
 * @param size uncompressed size in bytes of canonical MNIST
 */
public record MnistFiles(String name, String md5, long size) {

    /** Training images. */
    public static final MnistFiles TRAIN_IMAGES = new MnistFiles("train-images-idx3-ubyte", "6bbc9ace898e44ae57da46a324031adb", 47040016);
    /** Training labels. */
    public static final MnistFiles TRAIN_LABELS = new MnistFiles("train-labels-idx1-ubyte", "a25bea736e30d166cdddb491f175f624", 60008);
    /** Test images. */
    public static final MnistFiles TEST_IMAGES = new MnistFiles("t10k-images-idx3-ubyte", "2646ac647ad5339dbf082846283269ea", 7840016);
    /** Test labels. */
    public static final MnistFiles TEST_LABELS = new MnistFiles("t10k-labels-idx1-ubyte", "27ae3e4e09519cfbb04c329615203637", 10008);

    /** @return all four, training first */
    public static List<MnistFiles> all() {
        return List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);
    }

    /** @return the test split's two files, all that explaining and evaluating read */
    public static List<MnistFiles> testSplit() {
        return List.of(TEST_IMAGES, TEST_LABELS);
    }

    /** @return the name of the gzip-compressed file, as mirrors serve it */
    public String gzName() {
        return name + ".gz";
    }
}
