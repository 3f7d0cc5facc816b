package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_16UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_ANYCOLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_ANYDEPTH;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cam4j.cam.CamResult;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.testing.SharedData;
import io.github.cam4j.video.TestVideos;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A photo whose EXIF orientation says "turn me" is read as a viewer shows it, as OpenCV's own orientation rule turns it
 * (which OpenCV skips for the unchanged reads cam4j needs to keep alpha and 16 bits).
 */
class ExifOrientationTest {
    @TempDir
    Path dir;

    /** 12 rows by 20 columns, no two pixels alike: any turn or flip changes it. */
    private static Mat pattern() {
        byte[] values = new byte[12 * 20];
        for (int i = 0; i < values.length; i++) {
            values[i] = (byte) i;
        }
        return TestMats.of(12, 20, CV_8UC1, values);
    }

    /** @return the JPEG with an APP1 "Exif" segment right after its start-of-image marker, where cameras put it */
    private static byte[] withOrientation(byte[] jpeg, int orientation) {
        byte[] app1 = segment(0xE1, concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), tiff(orientation)));
        return concat(java.util.Arrays.copyOf(jpeg, 2), app1, java.util.Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }

    @Test
    void jpegOrientationsAreAppliedAsViewersApplyThem() throws Exception {
        Path plain = dir.resolve("plain.jpg");
        try (Mat img = pattern()) {
            Images.write(img, plain);
        }
        byte[] jpeg = Files.readAllBytes(plain);
        for (int orientation = 1; orientation <= 8; orientation++) {
            Path file = dir.resolve("turned" + orientation + ".jpg");
            Files.write(file, withOrientation(jpeg, orientation));
            try (Mat ours = Images.read(file); Mat viewers = imread(file.toString(), IMREAD_ANYCOLOR | IMREAD_ANYDEPTH)) {
                assertEquals(orientation <= 4 ? 12 : 20, ours.rows(), "orientation " + orientation);
                assertArrayEquals(TestMats.bytes(viewers), TestMats.bytes(ours), "orientation " + orientation);
            }
        }
    }

    @Test
    void pngOrientationIsAppliedAndAlphaKept() throws Exception {
        Path plain = dir.resolve("plain.png");
        try (Mat grey = pattern(); Mat bgra = new Mat()) {
            opencv_imgproc.cvtColor(grey, bgra, opencv_imgproc.COLOR_GRAY2BGRA);
            Images.write(bgra, plain);
        }
        byte[] png = Files.readAllBytes(plain);
        Path file = dir.resolve("turned.png");
        // eXIf right after IHDR (8 bytes of signature, 25 of IHDR).
        Files.write(file, concat(java.util.Arrays.copyOf(png, 33), pngChunk("eXIf", tiff(6)),
                java.util.Arrays.copyOfRange(png, 33, png.length)));
        try (Mat ours = Images.read(file); Mat viewers = imread(file.toString(), IMREAD_COLOR); Mat bgr = new Mat()) {
            assertEquals(CV_8UC4, ours.type());
            assertEquals(20, ours.rows());
            opencv_imgproc.cvtColor(ours, bgr, opencv_imgproc.COLOR_BGRA2BGR);
            assertArrayEquals(TestMats.bytes(viewers), TestMats.bytes(bgr));
        }
    }

    /**
     * Where cameras and editors put it too: EXIF after a JFIF segment, in Intel byte order, its IFD not right after
     * the TIFF header and Orientation not its first entry; in a PNG, eXIf after a tEXt chunk. Each is turned as
     * OpenCV's own orientation rule turns it; the tests above put EXIF first, where no segment or chunk is skipped to
     * find it.
     */
    @Test
    void orientationIsFoundPastOtherSegmentsAndInIntelOrder() throws Exception {
        Path plainJpeg = dir.resolve("plain.jpg");
        Path plainPng = dir.resolve("plain.png");
        try (Mat img = pattern()) {
            Images.write(img, plainJpeg);
            Images.write(img, plainPng);
        }
        byte[] jpeg = Files.readAllBytes(plainJpeg);
        assertEquals(0xE0, jpeg[3] & 0xff, "OpenCV writes a JFIF segment first");
        int afterJfif = 4 + (((jpeg[4] & 0xff) << 8) | (jpeg[5] & 0xff));
        byte[] png = Files.readAllBytes(plainPng);
        byte[] text = pngChunk("tEXt", "Software\0cam4j".getBytes(StandardCharsets.ISO_8859_1));
        for (int orientation : new int[] {3, 6, 8}) {
            byte[] app1 = segment(0xE1, concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1),
                    intelTiff(orientation)));
            Path jpg = Files.write(dir.resolve("intel" + orientation + ".jpg"), concat(
                    java.util.Arrays.copyOf(jpeg, afterJfif), app1, java.util.Arrays.copyOfRange(jpeg, afterJfif,
                            jpeg.length)));
            Path pngFile = Files.write(dir.resolve("intel" + orientation + ".png"), concat(java.util.Arrays.copyOf(png,
                    33), text, pngChunk("eXIf", intelTiff(orientation)), java.util.Arrays.copyOfRange(png, 33,
                    png.length)));
            for (Path file : new Path[] {jpg, pngFile}) {
                try (Mat ours = Images.read(file); Mat viewers = imread(file.toString(), IMREAD_ANYCOLOR
                        | IMREAD_ANYDEPTH)) {
                    String what = file.getFileName().toString();
                    assertEquals(orientation <= 4 ? 12 : 20, ours.rows(), what);
                    assertArrayEquals(TestMats.bytes(viewers), TestMats.bytes(ours), what);
                }
            }
        }
    }

    /** A little-endian TIFF block: its IFD at 10 (two bytes of padding first), Make ("cam") before Orientation. */
    private static byte[] intelTiff(int orientation) {
        return ByteBuffer.allocate(42).order(ByteOrder.LITTLE_ENDIAN).put("II".getBytes(StandardCharsets.ISO_8859_1))
                .putShort((short) 42).putInt(10).putShort((short) 0).putShort((short) 2)
                .putShort((short) 0x010F).putShort((short) 2).putInt(4)
                .put("cam\0".getBytes(StandardCharsets.ISO_8859_1))
                .putShort((short) 0x0112).putShort((short) 3).putInt(1)
                .putShort((short) orientation).putShort((short) 0)
                .putInt(0).array();
    }

    @Test
    void turningAndRefusingLeakNoNativeMemory() throws Exception {
        Path plain = dir.resolve("leak.jpg");
        try (Mat img = pattern()) {
            Images.write(img, plain);
        }
        byte[] jpeg = Files.readAllBytes(plain);
        Path turned = Files.write(dir.resolve("leak-turned.jpg"), withOrientation(jpeg, 6));
        // Cut inside its image data: a JPEG lacking only its end marker is read (ImagesTest).
        Path cut = Files.write(dir.resolve("leak-cut.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 2));
        Path unended = Files.write(dir.resolve("leak-unended.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length - 2));
        TestMats.assertNoLeak(() -> {
            try {
                Images.read(turned).close();
                Images.read(unended).close();
            } catch (ImageException e) {
                throw new AssertionError(e);
            }
            org.junit.jupiter.api.Assertions.assertThrows(ImageException.class, () -> Images.read(cut));
        });
    }

    /**
     * A TIFF's orientation tag turns its picture as EXIF's does. OpenCV 4.11's TIFF decoder flips orientations 2 to 4
     * itself but fails on 5 to 8 inside imread (a sideways scan was refused as "damaged or cut short?"); its imdecode,
     * the reference here, turns all eight. Both byte orders, 8 and 16 bits, the IFD before the pixels or after them
     * (where libtiff writes it): each picture is turned once, as the reference shows it, depth kept.
     */
    @Test
    void tiffOrientationsAreAppliedOnceAsOpenCvsDecoderShowsThem() throws Exception {
        try (Mat eight = pattern(); Mat sixteen = new Mat()) {
            eight.convertTo(sixteen, CV_16UC1, 257, 0);
            for (Mat stored : new Mat[] {eight, sixteen}) {
                for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                    for (int orientation = 1; orientation <= 8; orientation++) {
                        boolean ifdFirst = order == ByteOrder.BIG_ENDIAN;
                        byte[] tiff = tiff(stored, orientation, order, ifdFirst);
                        Path file = Files.write(dir.resolve("turned" + orientation + ".tif"), tiff);
                        String what = "orientation " + orientation + ", " + order + ", depth " + stored.depth();
                        try (Mat ours = Images.read(file); Mat buffer = new Mat(1, tiff.length, CV_8UC1)) {
                            buffer.data().put(tiff);
                            try (Mat reference = imdecode(buffer, IMREAD_UNCHANGED)) {
                                assertEquals(orientation <= 4 ? 12 : 20, ours.rows(), what);
                                assertEquals(stored.type(), ours.type(), what);
                                assertArrayEquals(TestMats.bytes(reference), TestMats.bytes(ours), what);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * A scanned digit stored sideways (turned a quarter to the left) with orientation 6 ("turn a quarter to the right
     * to show") is explained upright: the same class and probability as the upright digit.
     */
    @Test
    void aSidewaysTiffDigitIsExplainedUpright() throws Exception {
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        try (Mat digit = TestMats.of(28, 28, CV_8UC1, TestVideos.digitPixels(test, 0, 28)); Mat upright = new Mat();
                Mat sideways = new Mat();
                CamSession cam = CamSession.builder().setModel(SharedData.bundledModels().resolve("mnist-pooled"))
                        .build()) {
            // Not square: OpenCV's imread turns a square TIFF in place, and failed only on the others.
            org.bytedeco.opencv.global.opencv_core.copyMakeBorder(digit, upright, 0, 0, 6, 6,
                    org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT);
            org.bytedeco.opencv.global.opencv_core.rotate(upright, sideways,
                    org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE);
            Path file = Files.write(dir.resolve("sideways-seven.tif"), tiff(sideways, 6, ByteOrder.LITTLE_ENDIAN, false));
            CamResult fromFile = cam.explain(file);
            CamResult fromUpright = cam.explain(upright);
            assertEquals(test.label(0), fromUpright.classIndex());
            assertEquals(fromUpright.classIndex(), fromFile.classIndex());
            // The same pixels reach the model: the same probability, to float rounding.
            assertEquals(fromUpright.probability(), fromFile.probability(), 1e-6);
        }
    }

    /**
     * A grey uncompressed TIFF of one strip, as a scanner writes one, with an Orientation entry.
     *
     * @param stored the pixels as stored, CV_8UC1 or CV_16UC1
     * @param ifdFirst the IFD right after the header, else after the pixels (libtiff's layout)
     */
    static byte[] tiff(Mat stored, int orientation, ByteOrder order, boolean ifdFirst) {
        int bytesPerSample = stored.depth() == CV_16U ? 2 : 1;
        int rows = stored.rows();
        int cols = stored.cols();
        ByteBuffer pixels = ByteBuffer.allocate(rows * cols * bytesPerSample).order(order);
        try (org.bytedeco.javacpp.indexer.Indexer px = stored.createIndexer()) {
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < cols; x++) {
                    int v = (int) px.getDouble(y, x);
                    if (bytesPerSample == 2) {
                        pixels.putShort((short) v);
                    } else {
                        pixels.put((byte) v);
                    }
                }
            }
        }
        int[][] entries = {{256, 3, cols}, {257, 3, rows}, {258, 3, 8 * bytesPerSample}, {259, 3, 1}, {262, 3, 1},
            {273, 4, -1}, {274, 3, orientation}, {277, 3, 1}, {278, 3, rows}, {279, 4, pixels.capacity()}};
        int ifdBytes = 2 + 12 * entries.length + 4;
        int ifdAt = ifdFirst ? 8 : 8 + pixels.capacity();
        int pixelsAt = ifdFirst ? 8 + ifdBytes : 8;
        ByteBuffer ifd = ByteBuffer.allocate(ifdBytes).order(order).putShort((short) entries.length);
        for (int[] e : entries) {
            ifd.putShort((short) e[0]).putShort((short) e[1]).putInt(1);
            int value = e[2] < 0 ? pixelsAt : e[2];
            if (e[1] == 3) {
                ifd.putShort((short) value).putShort((short) 0);
            } else {
                ifd.putInt(value);
            }
        }
        ifd.putInt(0);
        ByteBuffer header = ByteBuffer.allocate(8).order(order)
                .put((order == ByteOrder.LITTLE_ENDIAN ? "II" : "MM").getBytes(StandardCharsets.ISO_8859_1))
                .putShort((short) 42).putInt(ifdAt);
        return ifdFirst ? concat(header.array(), ifd.array(), pixels.array())
                : concat(header.array(), pixels.array(), ifd.array());
    }

    /** A big-endian TIFF block with one IFD entry: Orientation (0x0112), SHORT, the given value. */
    private static byte[] tiff(int orientation) {
        return ByteBuffer.allocate(26).put("MM".getBytes(StandardCharsets.ISO_8859_1)).putShort((short) 42).putInt(8)
                .putShort((short) 1).putShort((short) 0x0112).putShort((short) 3).putInt(1)
                .putShort((short) orientation).putShort((short) 0).putInt(0).array();
    }

    private static byte[] segment(int marker, byte[] payload) {
        return concat(new byte[] {(byte) 0xFF, (byte) marker, (byte) ((payload.length + 2) >> 8),
            (byte) (payload.length + 2)}, payload);
    }

    private static byte[] pngChunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return concat(ByteBuffer.allocate(4).putInt(data.length).array(), typeBytes, data,
                ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
