package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.CV_16UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC2;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.Cam4jException;
import io.github.cam4j.testing.ReadOnlyFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.ShortPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {

    @TempDir
    Path dir;

    private static final byte[] BGR_2X3 = {
        0, 10, 20, 30, 40, 50, 60, 70, 80,
        90, 100, 110, 120, (byte) 130, (byte) 140, (byte) 150, (byte) 160, (byte) 170,
    };

    @Test
    void pngRoundTripIsExact() throws Exception {
        Path file = dir.resolve("colour.png");
        try (Mat img = TestMats.of(2, 3, CV_8UC3, BGR_2X3)) {
            Images.write(img, file);
        }
        try (Mat back = Images.read(file)) {
            assertEquals(CV_8UC3, back.type());
            assertArrayEquals(BGR_2X3, TestMats.bytes(back)); // PNG is lossless
        }
    }

    /**
     * A float 0..1 image (what a network holds) written to PNG is written as its 8-bit picture by the class's scaling
     * rule; OpenCV alone cast it, leaving only 0 and 1 (a picture read back black). A 16-bit image written to JPEG is
     * divided by 257 rather than saturated.
     */
    @Test
    void otherDepthsAreWrittenAsTheir8BitPicture() throws Exception {
        Path png = dir.resolve("float.png");
        Path jpg = dir.resolve("sixteen.jpg");
        try (Mat eight = TestMats.of(2, 3, CV_8UC3, BGR_2X3); Mat floats = new Mat(); Mat sixteen = new Mat()) {
            eight.convertTo(floats, org.bytedeco.opencv.global.opencv_core.CV_32F, 1 / 255.0, 0);
            Images.write(floats, png);
            eight.convertTo(sixteen, org.bytedeco.opencv.global.opencv_core.CV_16U, 257, 0);
            Images.write(sixteen, jpg);
        }
        try (Mat back = Images.read(png)) {
            assertEquals(CV_8UC3, back.type());
            assertArrayEquals(BGR_2X3, TestMats.bytes(back));
        }
        try (Mat back = Images.read(jpg)) {
            byte[] values = TestMats.bytes(back);
            // JPEG is lossy: within 12 levels of the 8-bit picture (saturation would give 255 everywhere).
            for (int i = 0; i < values.length; i++) {
                assertEquals(BGR_2X3[i] & 0xFF, values[i] & 0xFF, 12, "value " + i);
            }
        }
    }

    @Test
    void greyPngStaysOneChannel() throws Exception {
        Path file = dir.resolve("grey.png");
        byte[] grey = {0, 1, 2, (byte) 253, (byte) 254, (byte) 255};
        try (Mat img = TestMats.of(2, 3, CV_8UC1, grey)) {
            Images.write(img, file);
        }
        try (Mat back = Images.read(file)) {
            assertEquals(CV_8UC1, back.type());
            assertArrayEquals(grey, TestMats.bytes(back));
        }
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("nope.png");
        ImageException e = assertThrows(ImageException.class, () -> Images.read(file));
        assertTrue(e.getMessage().contains("nope.png") && e.getMessage().contains("does not exist"), e.getMessage());
        assertInstanceOf(Cam4jException.class, e);
    }

    @Test
    void emptyFileIsNamed() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.png"));
        ImageException e = assertThrows(ImageException.class, () -> Images.read(file));
        assertTrue(e.getMessage().contains("empty.png") && e.getMessage().contains("0 bytes"), e.getMessage());
    }

    @Test
    void textFileNamedPngIsNotAnImage() throws Exception {
        Path file = Files.writeString(dir.resolve("fake.png"), "this is not a PNG");
        ImageException e = assertThrows(ImageException.class, () -> Images.read(file));
        assertTrue(e.getMessage().contains("fake.png") && e.getMessage().contains("not a readable image"),
                e.getMessage());
    }

    /** Makes a PNG's header declare another size (bytes 16..23), its CRC redone so that decoders trust it. */
    private static void declarePngSize(Path file, int width, int height) throws java.io.IOException {
        byte[] png = Files.readAllBytes(file);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(png);
        b.putInt(16, width).putInt(20, height);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, 12, 17); // "IHDR" and its 13 bytes
        b.putInt(29, (int) crc.getValue());
        Files.write(file, png);
    }

    @Test
    void aPngDeclaringMoreThanOpenCvsLimitIsOneLine() throws Exception {
        Path file = dir.resolve("bomb.png");
        try (Mat img = TestMats.of(1, 1, CV_8UC1, new byte[] {0})) {
            Images.write(img, file);
        }
        declarePngSize(file, 60000, 60000);
        ImageException e = assertThrows(ImageException.class, () -> Images.read(file));
        assertEquals("image " + file + " declares 60000x60000 = 3600000000 pixels, more than cam4j reads (2^28 = "
                + "268435456 pixels, e.g. 16384x16384); scale it down first", e.getMessage());
    }

    /**
     * A picture file whose header declares more pixels than cam4j reads (2^28) is refused from its header, before it is
     * decoded: a 875 KB PNG of 30000x30000 zeros took 8.3 GB and ended in a BufferUnderflowException. Here a 1x1 PNG
     * and a 1x1 TIFF declare one row more than 16384x16384; their data would not fill it, so before the check OpenCV
     * allocated the picture and then called the file damaged (or filled it with zeros), never naming the size.
     */
    /**
     * A picture over the cap found only once decoded (a WebP, a BigTIFF, a JPEG whose frame header lies past the bytes
     * read first) ended in "NullPointerException: This pointer address is NULL": the message read the Mat's sides after
     * closing it, and --keep-going stopped (helper-68). Checked with a cap of 100 pixels on a 20x20 WebP (over the real
     * cap a picture is gigabytes decoded).
     */
    @Test
    void aPictureOverTheCapFoundOnceDecodedIsRefusedInOneLine() throws Exception {
        Path webp = dir.resolve("big.webp");
        try (Mat grey = new Mat(20, 20, org.bytedeco.opencv.global.opencv_core.CV_8UC3,
                new org.bytedeco.opencv.opencv_core.Scalar(90, 90, 90, 0))) {
            Images.write(grey, webp);
        }
        Mat decoded = Images.read(webp);
        ImageException e = assertThrows(ImageException.class, () -> Images.checkDecodedSize(webp, decoded, 100));
        assertEquals("image " + webp + " is 20x20 = 400 pixels, more than cam4j reads (100 pixels); scale it down first",
                e.getMessage());
        assertTrue(decoded.isNull() || decoded.empty(), "the decoded picture is closed");
    }

    /**
     * OS/2's bitmap header (BITMAPCOREHEADER) holds 16-bit sides: read as the 32-bit ones of Windows' header, a 4x2
     * picture declared 131076x... pixels and was refused as enormous (helper-68's was 28x28).
     */
    @Test
    void anOs2BitmapIsReadAtItsOwnSize() throws Exception {
        int w = 4;
        int h = 2;
        int row = (w * 3 + 3) / 4 * 4;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(14 + 12 + row * h).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(b.capacity()).putInt(0).putInt(14 + 12);
        b.putInt(12).putShort((short) w).putShort((short) h).putShort((short) 1).putShort((short) 24);
        for (int i = 0; i < row * h; i++) {
            b.put((byte) 200);
        }
        Path bmp = java.nio.file.Files.write(dir.resolve("os2.bmp"), b.array());
        try (Mat read = Images.read(bmp)) {
            assertEquals(w, read.cols());
            assertEquals(h, read.rows());
        }
        // Any other file starting "BM" is no bitmap: it was refused as declaring billions of pixels (helper-69).
        Path text = java.nio.file.Files.writeString(dir.resolve("bm.png"), "BM notes: this is a text file, not a picture");
        ImageException e = assertThrows(ImageException.class, () -> Images.read(text));
        assertTrue(e.getMessage().contains("is not a readable image"), e.getMessage());
    }

    @Test
    void aFileDeclaringMorePixelsThanTheCapIsRefusedFromItsHeader() throws Exception {
        Path png = dir.resolve("big.png");
        Path tiff = dir.resolve("big.tif");
        try (Mat img = TestMats.of(1, 1, CV_8UC1, new byte[] {0})) {
            Images.write(img, png);
            Images.write(img, tiff);
        }
        declarePngSize(png, 16384, 16385);
        ImageException e = assertThrows(ImageException.class, () -> Images.read(png));
        assertEquals("image " + png + " declares 16384x16385 = 268451840 pixels, more than cam4j reads (2^28 = "
                + "268435456 pixels, e.g. 16384x16384); scale it down first", e.getMessage());

        Files.write(tiff, tiffDeclaring(Files.readAllBytes(tiff), 16384, 16385));
        e = assertThrows(ImageException.class, () -> Images.read(tiff));
        assertEquals("image " + tiff + " declares 16384x16385 = 268451840 pixels, more than cam4j reads (2^28 = "
                + "268435456 pixels, e.g. 16384x16384); scale it down first", e.getMessage());
    }

    /** @return the TIFF with its first image's ImageWidth (256) and ImageLength (257) tags set */
    private static byte[] tiffDeclaring(byte[] tiff, int width, int height) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(tiff)
                .order(tiff[0] == 'I' ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
        int ifd = b.getInt(4);
        int entries = b.getShort(ifd) & 0xffff;
        int set = 0;
        for (int i = 0; i < entries; i++) {
            int at = ifd + 2 + 12 * i;
            int tag = b.getShort(at) & 0xffff;
            int type = b.getShort(at + 2) & 0xffff;
            if (tag == 256 || tag == 257) {
                int value = tag == 256 ? width : height;
                if (type == 3) { // SHORT, left-justified in the value field
                    b.putShort(at + 8, (short) value);
                } else {
                    b.putInt(at + 8, value);
                }
                set++;
            }
        }
        assertEquals(2, set, "the TIFF has ImageWidth and ImageLength tags");
        return tiff;
    }

    @Test
    void aGifIsNamedWithTheFormatsThatAreRead() throws Exception {
        Path file = dir.resolve("digit.gif");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_BYTE_GRAY),
                "gif", file.toFile());
        ImageException e = assertThrows(ImageException.class, () -> Images.read(file));
        assertTrue(e.getMessage().startsWith("image " + file + " is a GIF file, which cam4j cannot read; it reads PNG, "
                + "JPEG, BMP, TIFF, WebP"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    /**
     * OpenCV builds JPEG 2000 (Jasper) and OpenEXR but leaves both off: a .jp2 failed with OpenCV's paragraph on
     * enabling Jasper, while the list of formats cam4j reads named JPEG 2000; writing one failed naming no file.
     */
    @Test
    void jpeg2000AndOpenExrAreNamedAsFormatsCamCannotReadOrWrite() throws Exception {
        Path jp2 = Files.write(dir.resolve("scan.jp2"), new byte[] {0, 0, 0, 12, 'j', 'P', ' ', ' ', '\r', '\n',
            (byte) 0x87, '\n', 0, 0, 0, 20, 'f', 't', 'y', 'p', 'j', 'p', '2', ' '});
        Path exr = Files.write(dir.resolve("render.exr"), new byte[] {0x76, 0x2f, 0x31, 0x01, 2, 0, 0, 0});
        for (Path[] fileAndFormat : new Path[][] {{jp2, Path.of("a JPEG 2000")}, {exr, Path.of("an OpenEXR")}}) {
            Path file = fileAndFormat[0];
            ImageException e = assertThrows(ImageException.class, () -> Images.read(file));
            assertEquals("image " + file + " is " + fileAndFormat[1] + " file, which cam4j cannot read; it reads PNG, JPEG, "
                    + "BMP, TIFF, WebP, PBM/PGM/PPM/PAM, PFM, Radiance HDR and Sun raster (convert it, e.g. to PNG)",
                    e.getMessage());
            try (Mat img = TestMats.bgr(4, 4, 10, 200, 30)) {
                ImageException w = assertThrows(ImageException.class, () -> Images.write(img, file));
                assertEquals("cannot write image " + file + ": OpenCV has no writer for its extension (use .png, .jpg, "
                        + ".bmp, ...)", w.getMessage());
            }
        }
    }

    /**
     * OpenCV builds JPEG 2000 and OpenEXR but leaves them off, and asked to read one, or whether it writes a .jp2 or
     * .exr, it printed its own paragraph on standard error before cam4j's one line ("[ WARN:0@0.22] global
     * grfmt_jpeg2000.cpp:103 initJasper imgcodecs: Jasper (JPEG-2000) codec is disabled. You can enable it via
     * 'OPENCV_IO_ENABLE_JASPER' option..."). Only a process of its own shows native output; cam4j's messages are then
     * all there is.
     */
    @Test
    void aCodecOpenCvLeavesOffIsSaidInOneLineAndNothingElse() throws Exception {
        Path jp2 = Files.write(dir.resolve("scan.jp2"), new byte[] {0, 0, 0, 12, 'j', 'P', ' ', ' ', '\r', '\n',
            (byte) 0x87, '\n', 0, 0, 0, 20, 'f', 't', 'y', 'p', 'j', 'p', '2', ' '});
        Path exr = Files.write(dir.resolve("render.exr"), new byte[] {0x76, 0x2f, 0x31, 0x01, 2, 0, 0, 0});
        Path outJp2 = dir.resolve("out.JP2");
        Path outExr = dir.resolve("out.exr");
        ProcessBuilder pb = new ProcessBuilder(ImageFilesProcess.command("read:" + jp2, "read:" + exr,
                "write:" + outJp2, "write:" + outExr, "write:" + dir.resolve("out.png")));
        pb.environment().remove("OPENCV_IO_ENABLE_JASPER");
        pb.environment().remove("OPENCV_IO_ENABLE_OPENEXR");
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertEquals(0, p.waitFor());
        String reads = " file, which cam4j cannot read; it reads PNG, JPEG, BMP, TIFF, WebP, PBM/PGM/PPM/PAM, PFM,"
                + " Radiance HDR and Sun raster (convert it, e.g. to PNG)";
        String writes = ": OpenCV has no writer for its extension (use .png, .jpg, .bmp, ...)";
        assertEquals(java.util.List.of("image " + jp2 + " is a JPEG 2000" + reads,
                "image " + exr + " is an OpenEXR" + reads, "cannot write image " + outJp2 + writes,
                "cannot write image " + outExr + writes, "ok"),
                Files.readAllLines(out));
        assertEquals("", Files.readString(err));
    }

    @Test
    void aPngCutShortIsSaidToBeOne() throws Exception {
        Path file = dir.resolve("cut.png");
        try (Mat img = TestMats.bgr(40, 40, 10, 200, 30)) {
            Images.write(img, file);
        }
        byte[] png = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(png, 40));
        ImageException e = assertThrows(ImageException.class, () -> Images.read(file));
        assertTrue(e.getMessage().contains("cut.png is not a readable image: it starts as a PNG but OpenCV could not "
                + "decode its 40 bytes"), e.getMessage());
    }

    /**
     * libjpeg decodes a JPEG cut inside its image data with a warning only and fills the missing rows with grey, which
     * was then explained as if it were the picture; a complete JPEG followed by other data (a phone's motion photo
     * appends a video after the end-of-image marker) is still read.
     */
    @Test
    void aJpegCutInsideItsImageDataIsSaidToBeOne() throws Exception {
        Path whole = dir.resolve("whole.jpg");
        byte[] noise = new byte[64 * 64];
        new java.util.Random(1).nextBytes(noise); // noise compresses badly: the image data is most of the file
        try (Mat img = TestMats.of(64, 64, CV_8UC1, noise)) {
            Images.write(img, whole);
        }
        byte[] jpeg = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length * 2 / 3));
        ImageException e = assertThrows(ImageException.class, () -> Images.read(cut));
        assertTrue(e.getMessage().startsWith("image " + cut + " is a JPEG cut short"), e.getMessage());
        // Said before libjpeg decodes it, which printed "Premature end of JPEG file" on standard error first.
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(ImageFilesProcess.command("read:" + cut)).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertEquals(0, p.waitFor());
        assertEquals(java.util.List.of(e.getMessage()), Files.readAllLines(out));
        assertEquals("", Files.readString(err));

        byte[] trailer = new byte[5000];
        new java.util.Random(2).nextBytes(trailer);
        Path followed = Files.write(dir.resolve("followed.jpg"), concat(jpeg, trailer));
        try (Mat a = Images.read(whole); Mat b = Images.read(followed)) {
            assertArrayEquals(TestMats.bytes(a), TestMats.bytes(b));
        }
    }

    /**
     * Some cameras and streaming tools end a JPEG without its end-of-image marker; its picture is whole, and was
     * refused as cut short. A file whose only sequential scan decodes whole without the marker is now read, pixel for
     * pixel as with it; one byte of image data less is still refused, and so is a progressive picture lacking the
     * marker (cut between two scans it decodes blurred without a word, so the decoder cannot vouch for it).
     */
    @Test
    void aJpegLackingOnlyItsEndMarkerIsRead() throws Exception {
        byte[] noise = new byte[48 * 80 * 3];
        new java.util.Random(3).nextBytes(noise);
        Path whole = dir.resolve("whole.jpg");
        try (Mat img = TestMats.of(48, 80, CV_8UC3, noise)) {
            Images.write(img, whole);
        }
        byte[] jpeg = Files.readAllBytes(whole);
        assertEquals(0xd9, jpeg[jpeg.length - 1] & 0xff, "OpenCV's JPEG ends in its marker");
        Path unended = Files.write(dir.resolve("unended.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length - 2));
        try (Mat a = Images.read(whole); Mat b = Images.read(unended)) {
            assertArrayEquals(TestMats.bytes(a), TestMats.bytes(b));
        }
        Path shortByOne = Files.write(dir.resolve("short.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length - 3));
        ImageException e = assertThrows(ImageException.class, () -> Images.read(shortByOne));
        assertTrue(e.getMessage().startsWith("image " + shortByOne + " is a JPEG cut short"), e.getMessage());

        byte[] progressive;
        try (Mat img = TestMats.of(48, 80, CV_8UC3, noise);
                org.bytedeco.javacpp.BytePointer buffer = new org.bytedeco.javacpp.BytePointer();
                org.bytedeco.javacpp.IntPointer params = new org.bytedeco.javacpp.IntPointer(
                        org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_PROGRESSIVE, 1)) {
            assertTrue(org.bytedeco.opencv.global.opencv_imgcodecs.imencode(".jpg", img, buffer, params));
            progressive = new byte[(int) buffer.limit()];
            buffer.get(progressive);
        }
        Path progressiveUnended = Files.write(dir.resolve("progressive.jpg"),
                java.util.Arrays.copyOf(progressive, progressive.length - 2));
        e = assertThrows(ImageException.class, () -> Images.read(progressiveUnended));
        assertTrue(e.getMessage().startsWith("image " + progressiveUnended + " is a JPEG cut short"), e.getMessage());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void directoryIsNotAnImage() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("folder.png"));
        ImageException e = assertThrows(ImageException.class, () -> Images.read(sub));
        assertTrue(e.getMessage().contains("folder.png") && e.getMessage().contains("directory"), e.getMessage());
    }

    @Test
    void writeIntoMissingFolderNamesTheFolder() {
        Path file = dir.resolve("no-such-folder").resolve("out.png");
        try (Mat img = TestMats.bgr(2, 2, 0, 0, 0)) {
            ImageException e = assertThrows(ImageException.class, () -> Images.write(img, file));
            assertTrue(e.getMessage().contains("no-such-folder") && e.getMessage().contains("does not exist"),
                    e.getMessage());
            assertTrue(Files.notExists(file.getParent()), "a folder was created silently");
        }
    }

    @Test
    void writeWithUnknownExtensionIsNamed() {
        Path file = dir.resolve("out.notanimage");
        try (Mat img = TestMats.bgr(2, 2, 0, 0, 0)) {
            ImageException e = assertThrows(ImageException.class, () -> Images.write(img, file));
            assertTrue(e.getMessage().contains("out.notanimage"), e.getMessage());
        }
    }

    /** A colour picture to a grey format failed as if the disk were at fault: "check permissions and free space". */
    @Test
    void aColourPictureToAGreyFormatIsNamedAsSuch() throws Exception {
        for (String name : new String[] {"figure.pgm", "figure.PBM"}) {
            Path file = dir.resolve(name);
            try (Mat img = TestMats.bgr(4, 4, 10, 200, 30)) {
                ImageException e = assertThrows(ImageException.class, () -> Images.write(img, file));
                assertEquals("cannot write image " + file + ": PGM and PBM files hold grey pictures, and this one has 3 "
                        + "channels (write it as .png or .ppm)", e.getMessage());
            }
        }
    }

    /**
     * A grey picture to PPM, and a BGRA one to a format without alpha (PNM, Radiance, PFM), failed the same way
     * after OpenCV's own "[ERROR:0@...] ... imwrite_" lines; a BGRA one to PGM was sent to .ppm, which refuses it too.
     * Each is said before OpenCV is asked, an existing file left as it was, and the remedy named works.
     */
    @Test
    void aPictureItsFormatCannotHoldIsNamedAsSuch() throws Exception {
        Path ppm = dir.resolve("grey.ppm");
        Files.writeString(ppm, "kept");
        try (Mat grey = new Mat(4, 4, CV_8UC1, new org.bytedeco.opencv.opencv_core.Scalar(100))) {
            assertEquals("cannot write image " + ppm + ": PPM files hold colour pictures (3 channels), and this one"
                    + " has 1 channel (write it as .pgm or .png)",
                    assertThrows(ImageException.class, () -> Images.write(grey, ppm)).getMessage());
            Images.write(grey, dir.resolve("grey.pgm"));
        }
        assertEquals("kept", Files.readString(ppm));
        try (Mat bgra = new Mat(4, 4, CV_8UC4, new org.bytedeco.opencv.opencv_core.Scalar(10, 20, 30, 128))) {
            for (String name : new String[] {"a.pnm", "a.hdr", "a.PIC", "a.pfm", "a.jpg", "a.JPEG", "a.jpe", "a.bmp",
                "a.dib", "a.sr", "a.ras"}) {
                Path file = dir.resolve(name);
                assertEquals("cannot write image " + file + ": this format holds grey or colour pictures without alpha,"
                        + " and this one has 4 channels (write it as .png or .pam, which keep alpha, or lay it on a"
                        + " ground first: Images.flatten(image))",
                        assertThrows(ImageException.class, () -> Images.write(bgra, file)).getMessage());
                assertFalse(Files.exists(file));
            }
            Path pgm = dir.resolve("a.pgm");
            assertEquals("cannot write image " + pgm + ": PGM and PBM files hold grey pictures, and this one has 4"
                    + " channels (write it as .png or .pam, which keep alpha)",
                    assertThrows(ImageException.class, () -> Images.write(bgra, pgm)).getMessage());
            Images.write(bgra, dir.resolve("a.pam"));
            try (Mat flat = Images.flatten(bgra)) {
                Images.write(flat, dir.resolve("a.pnm"));
            }
        }
        try (java.util.stream.Stream<Path> left = Files.list(dir)) {
            assertEquals(java.util.List.of(),
                    left.filter(f -> f.getFileName().toString().startsWith(".part-")).toList(),
                    "no temporary is left behind");
        }
    }

    /**
     * OpenCV writes a BGRA picture to JPEG and BMP without a word and without its alpha: the transparent half of this
     * picture, which hides red, came back red from the .jpg and .bmp (where .png, .tif and .webp keep it transparent),
     * and to Sun raster garbled, its opaque black read back as red. Each is refused as .pnm is; the formats named in
     * the remedy keep the picture as it was, and flattening it first writes what cam4j reads of the PNG.
     */
    @Test
    void aPictureWithAlphaIsNotWrittenWithoutIt() throws Exception {
        try (Mat bgra = new Mat(2, 4, CV_8UC4, new org.bytedeco.opencv.opencv_core.Scalar(0, 0, 255, 0));
                Mat ink = bgra.colRange(0, 2)) {
            ink.put(new org.bytedeco.opencv.opencv_core.Scalar(0, 0, 0, 255));
            for (String name : new String[] {"red.jpg", "red.bmp", "red.sr"}) {
                Path file = dir.resolve(name);
                ImageException e = assertThrows(ImageException.class, () -> Images.write(bgra, file));
                assertTrue(e.getMessage().startsWith("cannot write image " + file + ": this format holds grey or"
                        + " colour pictures without alpha, and this one has 4 channels"), e.getMessage());
                assertFalse(Files.exists(file));
            }
            for (String name : new String[] {"kept.png", "kept.tif", "kept.webp", "kept.pam"}) {
                Path file = dir.resolve(name);
                Images.write(bgra, file);
                try (Mat back = Images.read(file)) {
                    assertEquals(4, back.channels(), name);
                    assertArrayEquals(new int[] {0, 0, 0, 255}, TestMats.pixel(back, 1, 0), name);
                    assertEquals(0, TestMats.pixel(back, 1, 3)[3], name + ": transparent");
                }
            }
            Path png = dir.resolve("kept.png");
            Path bmp = dir.resolve("flat.bmp");
            try (Mat flat = Images.flatten(bgra)) {
                Images.write(flat, bmp);
            }
            try (Mat fromPng = Images.readFlat(png); Mat fromBmp = Images.readFlat(bmp)) {
                assertArrayEquals(TestMats.bytes(fromPng), TestMats.bytes(fromBmp));
            }
        }
    }

    /**
     * A picture's name that is a symbolic link to a file of another format: the picture is written in the format of the
     * file the link reaches, so out.png -> notes.txt failed in OpenCV's words, its source path included ("OpenCV(4.11.0)
     * .../loadsave.cpp:836: error: (-2:Unspecified error) could not find a writer for the specified extension"), and a
     * colour picture through out.png -> scan.pgm was told to "check permissions and free space". Each is said in cam4j's
     * words naming the link, and the file reached is left as it was; a link to a .jpg is written as a JPEG.
     */
    @Test
    void aLinkToAFileOfAnotherFormatIsSaidInOurWords() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "my notes");
        Path toNotes = Files.createSymbolicLink(dir.resolve("out.png"), notes.getFileName());
        Path scan = Files.writeString(dir.resolve("scan.pgm"), "P2 1 1 255 0");
        Path toScan = Files.createSymbolicLink(dir.resolve("grey.png"), scan);
        Path photo = dir.resolve("photo.jpg");
        Path toPhoto = Files.createSymbolicLink(dir.resolve("photo.png"), photo);
        try (Mat img = TestMats.bgr(4, 4, 10, 200, 30)) {
            assertEquals("cannot write image " + toNotes + ": it is a symbolic link to " + notes + ", and OpenCV has no"
                    + " writer for that name's extension (a picture is written through a link in the format of the file it"
                    + " reaches)", assertThrows(ImageException.class, () -> Images.write(img, toNotes)).getMessage());
            assertEquals("cannot write image " + toScan + ": PGM and PBM files hold grey pictures, and this one has 3"
                    + " channels (write it as .png or .ppm)", assertThrows(ImageException.class,
                            () -> Images.write(img, toScan)).getMessage());
            Images.write(img, toPhoto);
        }
        assertEquals("my notes", Files.readString(notes));
        assertEquals("P2 1 1 255 0", Files.readString(scan));
        byte[] jpeg = Files.readAllBytes(photo);
        assertEquals(0xFF, jpeg[0] & 0xFF);
        assertEquals(0xD8, jpeg[1] & 0xFF);
        assertTrue(Files.isSymbolicLink(toPhoto));
    }

    /**
     * A picture written in a folder that takes no new files, named directly or through a symbolic link to a file there:
     * the temporary it is written to is made in that folder, and imwrite answered "false" only, said as "cannot write
     * image F (OpenCV's imwrite failed: check permissions and free space)", naming neither the folder nor the file the
     * link reaches. Said so now; the picture there is left as it was. Root writes to a folder whatever its permission
     * bits, so as root the folder is made immutable ({@code chattr +i}).
     */
    @Test
    void aFolderThatTakesNoNewFilesIsNamed() throws Exception {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Path figure = Files.writeString(locked.resolve("figure.png"), "mine");
        Path link = Files.createSymbolicLink(dir.resolve("out.png"), figure);
        try (Mat img = TestMats.bgr(4, 4, 10, 200, 30)) {
            try {
                ReadOnlyFolders.lock(locked);
                String why = "folder " + locked.toRealPath() + " is not writable";
                assertEquals("cannot write image " + figure + ": " + why, assertThrows(ImageException.class,
                        () -> Images.write(img, figure)).getMessage());
                assertEquals("cannot write image " + link + ": it links to " + figure + ", where " + why,
                        assertThrows(ImageException.class, () -> Images.write(img, link)).getMessage());
            } finally {
                ReadOnlyFolders.unlock(locked);
            }
            assertEquals("mine", Files.readString(figure));
            Images.write(img, link);
        }
        assertEquals(0x89, Files.readAllBytes(figure)[0] & 0xFF);
    }

    /**
     * A picture no image file holds is refused in one line naming the file: a grey-with-alpha Mat (which CamSession
     * and Overlay take) failed in OpenCV's assertion over two lines with its build's source path, and a 3-dimensional
     * Mat as "check permissions and free space". The remedy named for the first works.
     */
    @Test
    void aPictureNoImageFileHoldsIsRefusedNamingTheFile() throws Exception {
        Path file = dir.resolve("grey-alpha.png");
        try (Mat greyAlpha = TestMats.of(1, 2, CV_8UC2, new byte[] {10, (byte) 255, 20, 0})) {
            ImageException e = assertThrows(ImageException.class, () -> Images.write(greyAlpha, file));
            assertEquals("cannot write image " + file + ": it has 2 channels (grey with alpha), and image files hold 1"
                    + " (grey), 3 (BGR) or 4 (BGRA): lay it on a ground first (Images.flatten(image), as cam4j reads"
                    + " it)", e.getMessage());
            try (Mat flat = Images.flatten(greyAlpha)) {
                Images.write(flat, file);
            }
            try (Mat back = Images.read(file)) {
                assertEquals(2, back.cols());
            }
        }
        Path cube = dir.resolve("cube.png");
        try (Mat threeD = new Mat(new int[] {4, 4, 4}, CV_8UC1)) {
            ImageException e = assertThrows(ImageException.class, () -> Images.write(threeD, cube));
            assertEquals("cannot write image " + cube + ": it has 3 dimensions; a picture has 2 (rows x columns)",
                    e.getMessage());
        }
        assertFalse(Files.exists(cube));
    }

    /**
     * A half-float picture is read by the float rule: it was clamped as an integer depth is, so a 0..1 picture came out
     * black from toBgr8 and toGray8 (0.5 -> 0) and was written black, where its CV_32F copy gives 128.
     */
    @Test
    void aHalfFloatPictureIsReadAsTheFloatOneItHolds() throws Exception {
        try (Mat single = TestMats.bgr(2, 2, 0, 0, 0)) {
            try (Mat floats = new Mat()) {
                single.convertTo(floats, CV_32FC3);
                floats.put(new org.bytedeco.opencv.opencv_core.Scalar(0.5, 0.25, 1.0, 0));
                try (Mat half = new Mat()) {
                    floats.convertTo(half, org.bytedeco.opencv.global.opencv_core.CV_16F);
                    try (Mat bgr = Images.toBgr8(half); Mat fromSingle = Images.toBgr8(floats);
                            Mat grey = Images.toGray8(half); Mat greyFromSingle = Images.toGray8(floats)) {
                        // 0.5, 0.25 and 1 are exact in half precision: the same pixels as the CV_32F picture's.
                        assertArrayEquals(new int[] {128, 64, 255}, TestMats.pixel(bgr, 1, 1));
                        assertArrayEquals(TestMats.bytes(fromSingle), TestMats.bytes(bgr));
                        // BT.601's weights: 0.114 * 127.5 + 0.587 * 63.75 + 0.299 * 255 = 128.2.
                        assertArrayEquals(new int[] {128}, TestMats.pixel(grey, 0, 0));
                        assertArrayEquals(TestMats.bytes(greyFromSingle), TestMats.bytes(grey));
                    }
                    Path file = dir.resolve("half.png");
                    Images.write(half, file);
                    try (Mat back = Images.read(file)) {
                        assertArrayEquals(new int[] {128, 64, 255}, TestMats.pixel(back, 0, 1));
                    }
                }
            }
        }
    }

    @Test
    void writeOfEmptyMatIsRejected() {
        try (Mat empty = new Mat()) {
            assertThrows(ImageException.class, () -> Images.write(empty, dir.resolve("x.png")));
        }
    }

    @Test
    void greyToBgrReplicatesAndBgrToGreyWeighs() {
        try (Mat grey = TestMats.of(1, 1, CV_8UC1, new byte[] {77});
                Mat bgr = Images.toBgr8(grey);
                Mat pureRed = TestMats.bgr(1, 1, 0, 0, 255);
                Mat redAsGrey = Images.toGray8(pureRed)) {
            assertArrayEquals(new int[] {77, 77, 77}, TestMats.pixel(bgr, 0, 0));
            // OpenCV's luma weights: 0.299 * 255 = 76.2, rounded to 76.
            assertEquals(CV_8UC1, redAsGrey.type());
            assertEquals(76, TestMats.pixel(redAsGrey, 0, 0)[0]);
        }
    }

    @Test
    void darkInkOnTransparencyIsLaidOnWhite() {
        // Transparent pixels store black, as many editors write them; an opaque black pixel and a half-opaque one,
        // ink on a picture mostly transparent (ink covering most of it would be a ground of its own, test below).
        byte[] bgra = {0, 0, 0, 0, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 128, 0, 0, 0, 0};
        try (Mat img = TestMats.of(1, 4, CV_8UC4, bgra); Mat flat = Images.flatten(img); Mat bgr = Images.toBgr8(img)) {
            assertEquals(CV_8UC3, flat.type());
            assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(flat, 0, 0));
            assertArrayEquals(new int[] {0, 0, 0}, TestMats.pixel(flat, 0, 1));
            assertArrayEquals(new int[] {127, 127, 127}, TestMats.pixel(flat, 0, 2)); // 255 * (1 - 128/255)
            assertArrayEquals(TestMats.bytes(flat), TestMats.bytes(bgr), "toBgr8 composites as flatten does");
        }
    }

    @Test
    void lightInkOnTransparencyIsLaidOnBlack() {
        // Transparent pixels store white this time; the opaque ones are mostly light, and cover less than half.
        byte[] bgra = {(byte) 255, (byte) 255, (byte) 255, 0, (byte) 250, (byte) 250, (byte) 250, (byte) 255,
            (byte) 200, (byte) 200, (byte) 200, (byte) 255, 10, 10, 10, 100, (byte) 255, (byte) 255, (byte) 255, 0};
        try (Mat img = TestMats.of(1, 5, CV_8UC4, bgra); Mat flat = Images.flatten(img); Mat grey = Images.toGray8(img)) {
            assertArrayEquals(new int[] {0, 0, 0}, TestMats.pixel(flat, 0, 0));
            assertArrayEquals(new int[] {250, 250, 250}, TestMats.pixel(flat, 0, 1));
            assertEquals(0, TestMats.pixel(grey, 0, 0)[0]);
            assertEquals(200, TestMats.pixel(grey, 0, 2)[0]);
        }
    }

    /**
     * Opaque pixels covering most of the picture hold a ground of their own (a photo of paper with transparent
     * corners, a night shot with rounded ones): the transparency continues it. Laid on the colour contrasting with
     * them, as ink on transparency is, a paper photo's corners came out black and a dark one's white.
     */
    @Test
    void opaquePixelsCoveringMostOfThePictureAreContinuedByTheGround() {
        // Light paper with a dark stroke, opaque on three pixels of four; the corner stores black.
        byte[] paper = {0, 0, 0, 0, (byte) 230, (byte) 230, (byte) 230, (byte) 255, (byte) 230, (byte) 230,
            (byte) 230, (byte) 255, 20, 20, 20, (byte) 255};
        // A dark ground with a light stroke; the corner stores white.
        byte[] night = {(byte) 255, (byte) 255, (byte) 255, 0, 10, 10, 10, (byte) 255, 10, 10, 10, (byte) 255,
            (byte) 240, (byte) 240, (byte) 240, (byte) 255};
        try (Mat light = TestMats.of(1, 4, CV_8UC4, paper); Mat lightFlat = Images.flatten(light);
                Mat dark = TestMats.of(1, 4, CV_8UC4, night); Mat darkFlat = Images.flatten(dark)) {
            assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(lightFlat, 0, 0));
            assertArrayEquals(new int[] {20, 20, 20}, TestMats.pixel(lightFlat, 0, 3));
            assertArrayEquals(new int[] {0, 0, 0}, TestMats.pixel(darkFlat, 0, 0));
            assertArrayEquals(new int[] {240, 240, 240}, TestMats.pixel(darkFlat, 0, 3));
        }
    }

    /**
     * Ink of a photo of paper is told by the paper's own levels, not by 128: pencil at 150 on paper at 235 is light like
     * it, and split at 128 the paper showed no ink, was taken for light ink and laid on black, its transparent corners
     * became ink, and a photo of test digit 0 (a 7) so drawn was read as a 5 at p=0.71 (as a 7 at p=1.000 with white
     * corners). A thick white digit whose fringe stores its opacity as its colour, or whose shade varies from 160 to 255
     * (taken for paper and ink when split at the middle of its span, read as an 8), is still ink alone.
     */
    @Test
    void faintInkOnPaperIsInkOfItsOwnAndAFringeIsNot() {
        // Paper at 235 on two pixels, pencil at 150 on one; the corner stores black.
        byte[] pencil = {0, 0, 0, 0, (byte) 235, (byte) 235, (byte) 235, (byte) 255, (byte) 235, (byte) 235,
            (byte) 235, (byte) 255, (byte) 150, (byte) 150, (byte) 150, (byte) 255};
        // White ink on two pixels, a fringe of grey 150 at opacity 150 on one; the corner stores black.
        byte[] fringed = {0, 0, 0, 0, (byte) 255, (byte) 255, (byte) 255, (byte) 255, (byte) 255, (byte) 255,
            (byte) 255, (byte) 255, (byte) 150, (byte) 150, (byte) 150, (byte) 150};
        try (Mat paper = TestMats.of(1, 4, CV_8UC4, pencil); Mat paperFlat = Images.flatten(paper);
                Mat ink = TestMats.of(1, 4, CV_8UC4, fringed); Mat inkFlat = Images.flatten(ink)) {
            assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(paperFlat, 0, 0));
            assertArrayEquals(new int[] {150, 150, 150}, TestMats.pixel(paperFlat, 0, 3));
            assertArrayEquals(new int[] {0, 0, 0}, TestMats.pixel(inkFlat, 0, 0));
        }
        // White ink whose shade varies from 160 to 255, opaque on three pixels of four: ink alone all the same.
        byte[] shaded = {0, 0, 0, 0, (byte) 160, (byte) 160, (byte) 160, (byte) 255, (byte) 208, (byte) 208,
            (byte) 208, (byte) 255, (byte) 255, (byte) 255, (byte) 255, (byte) 255};
        try (Mat ink = TestMats.of(1, 4, CV_8UC4, shaded); Mat inkFlat = Images.flatten(ink)) {
            assertArrayEquals(new int[] {0, 0, 0}, TestMats.pixel(inkFlat, 0, 0));
        }
    }

    /**
     * Opaque pixels of one polarity are ink however much of the picture they cover (a thick digit cropped close): they
     * hold no ground of their own, and the ground contrasts with them. Continued, a white digit was laid on white and
     * a black one on black, and vanished.
     */
    @Test
    void inkOfOneColourCoveringMostOfThePictureIsLaidOnAContrastingGround() {
        // White ink on three pixels of four, one half-opaque; the transparent one stores white.
        byte[] light = {(byte) 255, (byte) 255, (byte) 255, 0, (byte) 255, (byte) 255, (byte) 255, (byte) 255,
            (byte) 255, (byte) 255, (byte) 255, (byte) 255, (byte) 255, (byte) 255, (byte) 255, (byte) 128};
        // Black ink on three of four; the transparent one stores black.
        byte[] dark = {0, 0, 0, 0, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255};
        try (Mat white = TestMats.of(1, 4, CV_8UC4, light); Mat whiteFlat = Images.flatten(white);
                Mat black = TestMats.of(1, 4, CV_8UC4, dark); Mat blackFlat = Images.flatten(black)) {
            assertArrayEquals(new int[] {0, 0, 0}, TestMats.pixel(whiteFlat, 0, 0));
            assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(whiteFlat, 0, 1));
            assertArrayEquals(new int[] {128, 128, 128}, TestMats.pixel(whiteFlat, 0, 3));
            assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(blackFlat, 0, 0));
            assertArrayEquals(new int[] {0, 0, 0}, TestMats.pixel(blackFlat, 0, 1));
        }
    }

    @Test
    void opaqueAlphaChangesNothingAndAFullyTransparentPictureIsWhite() {
        try (Mat opaque = TestMats.of(1, 1, CV_8UC4, new byte[] {1, 2, 3, (byte) 255}); Mat bgr = Images.flatten(opaque);
                Mat clear = TestMats.of(1, 1, CV_8UC4, new byte[] {1, 2, 3, 0}); Mat white = Images.flatten(clear)) {
            assertArrayEquals(new int[] {1, 2, 3}, TestMats.pixel(bgr, 0, 0));
            assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(white, 0, 0));
        }
    }

    @Test
    void greyWithAlphaStaysGrey() {
        try (Mat img = TestMats.of(1, 2, CV_8UC2, new byte[] {0, 0, 0, (byte) 255}); Mat flat = Images.flatten(img)) {
            assertEquals(CV_8UC1, flat.type());
            assertArrayEquals(new byte[] {(byte) 255, 0}, TestMats.bytes(flat));
        }
    }

    /**
     * A float file holding infinity was read by the scaling rule as 0..255 (its largest magnitude passes 1), so its
     * 0..1 pixels came out black and the picture was explained so; NaN pixels became 0, silently.
     */
    @Test
    void aFloatFileHoldingNaNOrInfinityIsRefusedWithItsPixel() throws Exception {
        for (float bad : new float[] {Float.POSITIVE_INFINITY, Float.NaN}) {
            Path file = dir.resolve((Float.isNaN(bad) ? "nan" : "inf") + ".tif");
            try (Mat floats = new Mat(3, 4, org.bytedeco.opencv.global.opencv_core.CV_32FC1,
                    new org.bytedeco.opencv.opencv_core.Scalar(0.5))) {
                floats.ptr(1, 2).putFloat(bad);
                assertTrue(org.bytedeco.opencv.global.opencv_imgcodecs.imwrite(file.toString(), floats));
            }
            ImageException e = assertThrows(ImageException.class, () -> Images.readFlat(file));
            assertEquals("image " + file + " holds a non-finite value (NaN or infinity) at (y=1, x=2): its float pixels "
                    + "cannot be shown or explained", e.getMessage());
        }
    }

    /**
     * Float values past 2^31 (a float TIFF's strokes at 3e38, 1e10 in a single or double file) are white: OpenCV rounds
     * to int before saturating, so they wrapped to a negative and the picture came out blank, explained as nothing.
     */
    @Test
    void hugeFloatValuesAreWhiteNotWrappedToBlack() throws Exception {
        for (int depth : new int[] {org.bytedeco.opencv.global.opencv_core.CV_32F,
                org.bytedeco.opencv.global.opencv_core.CV_64F}) {
            Path file = dir.resolve("huge-" + depth + ".tif");
            try (Mat floats = new Mat(4, 4, depth, new org.bytedeco.opencv.opencv_core.Scalar(0.0))) {
                if (depth == org.bytedeco.opencv.global.opencv_core.CV_32F) {
                    floats.ptr(1, 2).putFloat(3e38f);
                    floats.ptr(2, 2).putFloat(1e10f);
                } else {
                    floats.ptr(1, 2).putDouble(1e300);
                    floats.ptr(2, 2).putDouble(1e10);
                }
                assertTrue(org.bytedeco.opencv.global.opencv_imgcodecs.imwrite(file.toString(), floats));
            }
            try (Mat eight = Images.readFlat(file)) {
                assertEquals(255, eight.ptr(1, 2).get() & 0xFF, "depth " + depth + ", the largest value");
                assertEquals(255, eight.ptr(2, 2).get() & 0xFF, "depth " + depth + ", 1e10");
                assertEquals(0, eight.ptr(0, 0).get() & 0xFF, "depth " + depth + ", the ground");
            }
        }
    }

    /**
     * A Radiance HDR file holds radiance, 1 being white: a photo's lights lie above it, so the scaling rule took the
     * picture for 0..255 and it was explained black. It is read as OpenCV reads it to 8 bits: times 255, clipped.
     */
    @Test
    void aRadianceHdrFileIsReadWithOneAsWhite() throws Exception {
        Path file = dir.resolve("scene.hdr");
        try (Mat radiance = new Mat(2, 2, CV_32FC3, new org.bytedeco.opencv.opencv_core.Scalar(0.25, 0.5, 4.0, 0))) {
            // A sun: 1e8 times 255 passes 2^31, where OpenCV's rounding wrapped it to black.
            radiance.ptr(0, 0).putFloat(1e8f);
            assertTrue(org.bytedeco.opencv.global.opencv_imgcodecs.imwrite(file.toString(), radiance));
        }
        try (Mat eight = Images.readFlat(file)) {
            assertEquals(CV_8UC3, eight.type());
            assertArrayEquals(new int[] {64, 128, 255}, TestMats.pixel(eight, 1, 1));
            assertEquals(255, TestMats.pixel(eight, 0, 0)[0], "the sun's blue");
        }
    }

    /**
     * Netpbm's maxval is white: a 10-bit PGM (maxval 1023), a 4-bit one (15) and a PAM came back from OpenCV at their
     * stored values, a digit explained as a black picture with "no evidence"; a plain 8-bit file, which OpenCV does
     * stretch, and maxval 255 stay as they were.
     */
    @Test
    void aNetpbmFileIsReadWithItsMaxvalAsWhite() throws Exception {
        Path tenBit = netpbm("scan.pgm", "P5\n# a scanner's comment\n3 1\n1023\n", new int[] {0, 512, 1023}, true);
        Path fourBit = netpbm("scan4.pgm", "P5 3 1 15\n", new int[] {0, 5, 15}, false);
        Path pam = netpbm("scan.pam", "P7\nWIDTH 3\nHEIGHT 1\nDEPTH 1\nMAXVAL 15\nTUPLTYPE GRAYSCALE\nENDHDR\n",
                new int[] {0, 5, 15}, false);
        Path plain = dir.resolve("plain.pgm");
        Files.writeString(plain, "P2\n3 1\n15\n0 5 15\n");
        Path eight = netpbm("eight.pgm", "P5\n3 1\n255\n", new int[] {0, 5, 255}, false);
        try (Mat m = Images.read(tenBit); Mat g = Images.toGray8(m)) {
            assertArrayEquals(new int[] {0, 128, 255}, new int[] {TestMats.pixel(g, 0, 0)[0], TestMats.pixel(g, 0, 1)[0],
                TestMats.pixel(g, 0, 2)[0]});
        }
        for (Path file : new Path[] {fourBit, pam, plain}) {
            try (Mat m = Images.read(file)) {
                assertArrayEquals(new byte[] {0, 85, (byte) 255}, TestMats.bytes(m), file.getFileName().toString());
            }
        }
        try (Mat m = Images.read(eight)) {
            assertArrayEquals(new byte[] {0, 5, (byte) 255}, TestMats.bytes(m));
        }
    }

    /**
     * Netpbm's PAM holds red first (TUPLTYPE RGB, RGB_ALPHA), and OpenCV's codec copies samples as they lie: a red
     * PAM as Netpbm or FFmpeg write it was read as blue, the PAM cam4j wrote held blue first, and its 4-channel one,
     * written with no TUPLTYPE, OpenCV could not read back ("not a readable image"), though the refusals above
     * recommend .pam.
     */
    @Test
    void aPamFileHoldsItsColoursRedFirstBothWays() throws Exception {
        Path rgb = netpbm("red.pam", "P7\nWIDTH 1\nHEIGHT 1\nDEPTH 3\nMAXVAL 255\nTUPLTYPE RGB\nENDHDR\n",
                new int[] {255, 0, 0}, false);
        Path rgba = netpbm("red-alpha.pam", "P7\nWIDTH 1\nHEIGHT 1\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n",
                new int[] {255, 0, 0, 128}, false);
        try (Mat red = Images.read(rgb); Mat redAlpha = Images.read(rgba)) {
            assertArrayEquals(new byte[] {0, 0, (byte) 255}, TestMats.bytes(red), "BGR of a red PAM");
            assertArrayEquals(new byte[] {0, 0, (byte) 255, (byte) 128}, TestMats.bytes(redAlpha), "BGRA of a red PAM");
        }
        String header = "P7\nWIDTH 1\nHEIGHT 1\nDEPTH %d\nMAXVAL 255\nTUPLTYPE %s\nENDHDR\n";
        try (Mat bgr = TestMats.bgr(1, 1, 10, 20, 30);
                Mat bgra = new Mat(1, 1, CV_8UC4, new org.bytedeco.opencv.opencv_core.Scalar(10, 20, 30, 128))) {
            Path three = dir.resolve("out.pam");
            Path four = dir.resolve("out-alpha.pam");
            Images.write(bgr, three);
            Images.write(bgra, four);
            assertArrayEquals(pamBytes(String.format(header, 3, "RGB"), 30, 20, 10), Files.readAllBytes(three));
            assertArrayEquals(pamBytes(String.format(header, 4, "RGB_ALPHA"), 30, 20, 10, 128),
                    Files.readAllBytes(four));
            try (Mat back = Images.read(three); Mat backAlpha = Images.read(four)) {
                assertArrayEquals(TestMats.bytes(bgr), TestMats.bytes(back));
                assertArrayEquals(TestMats.bytes(bgra), TestMats.bytes(backAlpha));
            }
        }
    }

    private static byte[] pamBytes(String header, int... samples) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.writeBytes(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (int v : samples) {
            bytes.write(v);
        }
        return bytes.toByteArray();
    }

    /**
     * OpenCV reads a Netpbm header only as it decodes the file: a 27-byte PPM declaring 20000x20000 was allocated for
     * (4 s, past the pixel cap) and failed as "not a readable image (... cam4j reads ... PBM/PGM/PPM ...)", a PPM; a
     * binary file cut inside its pixels failed so too, after OpenCV's "[ERROR:0@0.6] global loadsave.cpp:507 imread_
     * ... can't read data" lines on standard error. Both are now said from the header, before OpenCV is asked.
     */
    @Test
    void aNetpbmFileIsMeasuredByItsHeaderBeforeDecoding() throws Exception {
        Path huge = Files.write(dir.resolve("huge.ppm"),
                "P6\n20000 20000\n255\nabcdefgh".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("image " + huge + " declares 20000x20000 = 400000000 pixels, more than cam4j reads (2^28 ="
                + " 268435456 pixels, e.g. 16384x16384); scale it down first",
                assertThrows(ImageException.class, () -> Images.read(huge)).getMessage());
        java.util.List<String> expected = new java.util.ArrayList<>();
        java.util.List<String> args = new java.util.ArrayList<>();
        org.bytedeco.opencv.opencv_core.Scalar fill = new org.bytedeco.opencv.opencv_core.Scalar(0.1, 0.2, 0.3, 0.4);
        try (Mat bgr = TestMats.bgr(48, 64, 10, 20, 30); Mat grey = new Mat(48, 64, CV_8UC1, fill);
                Mat bgra = new Mat(48, 64, CV_8UC4, fill); Mat floats = new Mat(48, 64, CV_32FC3, fill)) {
            Object[][] cases = {{"a.ppm", bgr, "PPM", 64 * 48 * 3}, {"a.pgm", grey, "PGM", 64 * 48},
                {"a.pam", bgra, "PAM", 64 * 48 * 4}, {"a.pfm", floats, "PFM", 64 * 48 * 3 * 4}};
            for (Object[] c : cases) {
                Path file = dir.resolve((String) c[0]);
                Images.write((Mat) c[1], file);
                Images.read(file).close();
                byte[] whole = Files.readAllBytes(file);
                Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 100));
                String message = "image " + file + " is a " + c[2] + " cut short: its header declares 64x48 pixels, "
                        + c[3] + " bytes, and " + ((int) c[3] - 100) + " follow it (an interrupted download or copy?)";
                assertEquals(message, assertThrows(ImageException.class, () -> Images.read(file)).getMessage());
                expected.add(message);
                args.add("read:" + file);
            }
        }
        ImageFilesProcess.assertSaysOnly(dir, args, expected);
    }

    @Test
    void aPictureWithAlphaToJpeg2000IsRefusedForWhatItIs() throws Exception {
        // OpenCV writes .jp2 only with OPENCV_IO_ENABLE_JASPER set, which only a JVM of its own can have.
        Path jp2 = dir.resolve("alpha.jp2");
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(ImageFilesProcess.command("write4:" + jp2,
                "write:" + dir.resolve("colour.jp2")));
        pb.environment().put("OPENCV_IO_ENABLE_JASPER", "1");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertEquals(0, p.waitFor());
        assertEquals(java.util.List.of("cannot write image " + jp2 + ": OpenCV's JPEG 2000 writer takes grey or colour"
                + " pictures without alpha, and this one has 4 channels (write it as .png or .pam, which keep alpha, or"
                + " lay it on a ground first: Images.flatten(image))", "ok"), Files.readAllLines(out));
        assertFalse(Files.exists(jp2));
    }

    @Test
    void aPictureLackingOnlyItsEndIsReadAndADamagedPngIsSaidToBeOne() throws Exception {
        Path png = dir.resolve("whole.png");
        Path jpg = dir.resolve("whole.jpg");
        try (Mat bgr = TestMats.bgr(48, 64, 10, 200, 30)) {
            Images.write(bgr, png);
            Images.write(bgr, jpg);
        }
        byte[] pngBytes = Files.readAllBytes(png);
        byte[] jpgBytes = Files.readAllBytes(jpg);
        // The last 12 bytes are the IEND chunk, the last 2 the JPEG's end-of-image marker.
        Path noIend = Files.write(dir.resolve("noiend.png"), java.util.Arrays.copyOf(pngBytes, pngBytes.length - 12));
        Path noEoi = Files.write(dir.resolve("noeoi.jpg"), java.util.Arrays.copyOf(jpgBytes, jpgBytes.length - 2));
        try (Mat a = Images.read(png); Mat b = Images.read(noIend); Mat c = Images.read(jpg);
                Mat d = Images.read(noEoi)) {
            assertArrayEquals(TestMats.bytes(a), TestMats.bytes(b));
            assertArrayEquals(TestMats.bytes(c), TestMats.bytes(d));
        }
        // IHDR takes bytes 8..32; OpenCV writes IDAT next, its data from byte 41.
        assertEquals("IDAT", new String(pngBytes, 37, 4, java.nio.charset.StandardCharsets.US_ASCII));
        byte[] damaged = pngBytes.clone();
        damaged[45] ^= 1;
        Path bad = Files.write(dir.resolve("bad.png"), damaged);
        String message = "image " + bad + " is a damaged PNG: its IDAT chunk fails its checksum (CRC), so its bytes are"
                + " not those written (a faulty download or copy?)";
        assertEquals(message, assertThrows(ImageException.class, () -> Images.read(bad)).getMessage());
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(ImageFilesProcess.command("read:" + noIend, "read:" + noEoi, "read:" + bad))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertEquals(0, p.waitFor());
        assertEquals(java.util.List.of("ok", "ok", message), Files.readAllLines(out));
        assertEquals("", Files.readString(err));
    }

    /**
     * A PNG whose chunks' CRCs are right but whose compressed pixels fail their zlib checksum (Adler-32), and a PPM
     * whose header holds no number where its width should be, are said in cam4j's one line and nothing else: libpng
     * printed "libpng error: IDAT: incorrect data check", and OpenCV "[ERROR:0@0.5] ... imread_(...): can't read
     * header: ... PXM: Unexpected code in ReadNumber()", on standard error before it, and both files were called "not
     * a readable image" with no word of what is wrong.
     */
    @Test
    void aPngFailingItsZlibChecksumAndANetpbmHeaderWithoutNumbersAreSaidInOneLine() throws Exception {
        Path png = dir.resolve("whole.png");
        try (Mat bgr = TestMats.bgr(48, 64, 10, 200, 30)) {
            Images.write(bgr, png);
        }
        byte[] bytes = Files.readAllBytes(png);
        // OpenCV writes one IDAT after IHDR: its length at 33, its data from 41, ending in the stream's Adler-32.
        assertEquals("IDAT", new String(bytes, 37, 4, java.nio.charset.StandardCharsets.US_ASCII));
        int length = java.nio.ByteBuffer.wrap(bytes, 33, 4).getInt();
        bytes[41 + length - 1] ^= 1;
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes, 37, 4 + length); // the chunk's CRC made right again: only the zlib checksum is wrong
        java.nio.ByteBuffer.wrap(bytes, 41 + length, 4).putInt((int) crc.getValue());
        Path adler = Files.write(dir.resolve("adler.png"), bytes);
        Path ppm = Files.write(dir.resolve("abc.ppm"), "P6\nabc".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        String pngSaid = "image " + adler + " is a damaged PNG: its compressed pixels (IDAT) fail their checksum"
                + " (Adler-32), so its bytes are not those written (a faulty download or copy?)";
        String ppmSaid = "image " + ppm + " is not a readable image: it starts as a PPM but its header's width is"
                + " 'abc', not a number (a damaged file, or another format given a PPM's first bytes?)";
        assertEquals(pngSaid, assertThrows(ImageException.class, () -> Images.read(adler)).getMessage());
        assertEquals(ppmSaid, assertThrows(ImageException.class, () -> Images.read(ppm)).getMessage());
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(ImageFilesProcess.command("read:" + adler, "read:" + ppm, "read:" + png))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertEquals(0, p.waitFor());
        assertEquals(java.util.List.of(pngSaid, ppmSaid, "ok"), Files.readAllLines(out));
        assertEquals("", Files.readString(err));
    }

    @Test
    void aPngWhoseAncillaryChunkFailsItsCrcIsReadAsLibpngReadsIt() throws Exception {
        // libpng drops an ancillary chunk (a tEXt here) whose CRC is wrong, with a warning, and reads the picture:
        // the chunk walk refuses only a critical chunk's (IDAT's, above).
        Path png = dir.resolve("whole.png");
        try (Mat bgr = TestMats.bgr(48, 64, 10, 200, 30)) {
            Images.write(bgr, png);
        }
        byte[] whole = Files.readAllBytes(png);
        byte[] text = "tEXtComment\0hi".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(whole, 0, 33); // the signature (8) and IHDR (25)
        out.write(new byte[] {0, 0, 0, (byte) (text.length - 4)});
        out.write(text);
        out.write(new byte[] {1, 2, 3, 4}); // not the chunk's CRC
        out.write(whole, 33, whole.length - 33);
        Path badText = Files.write(dir.resolve("badtext.png"), out.toByteArray());
        try (Mat a = Images.read(png); Mat b = Images.read(badText)) {
            assertArrayEquals(TestMats.bytes(a), TestMats.bytes(b));
        }
    }

    @Test
    void aNetpbmFileCutInsideItsHeaderIsSaidToBeOne() throws Exception {
        String[][] cases = {{"a.ppm", "P6\n64 4", "PPM"}, {"b.pgm", "P5\n64 48\n", "PGM"},
            {"c.pam", "P7\nWIDTH 4\nHEIGHT 4\n", "PAM"}, {"d.pfm", "PF\n4", "PFM"}, {"e.pbm", "P4\n", "PBM"}};
        java.util.List<String> expected = new java.util.ArrayList<>();
        java.util.List<String> args = new java.util.ArrayList<>();
        for (String[] c : cases) {
            Path file = Files.writeString(dir.resolve(c[0]), c[1], java.nio.charset.StandardCharsets.US_ASCII);
            String message = "image " + file + " is a " + c[2] + " cut short inside its header: its " + c[1].length()
                    + " bytes end before the header does (an interrupted download or copy?)";
            assertEquals(message, assertThrows(ImageException.class, () -> Images.read(file)).getMessage());
            expected.add(message);
            args.add("read:" + file);
        }
        // Garbage in the header is no cut: it stays "not a readable image".
        Path garbage = Files.writeString(dir.resolve("g.ppm"), "P6\nabc", java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(assertThrows(ImageException.class, () -> Images.read(garbage)).getMessage()
                .contains("is not a readable image"));
        ImageFilesProcess.assertSaysOnly(dir, args, expected);
    }

    @Test
    void aPamHeaderWordThatIsNoFieldIsNamedNotCalledCutShort() throws Exception {
        // "P7\nabc" was called "a PAM cut short inside its header"; FOO in a whole header was refused after OpenCV's
        // "can't read header: ... Invalid header" line on standard error.
        Path abc = Files.writeString(dir.resolve("abc.pam"), "P7\nabc", java.nio.charset.StandardCharsets.US_ASCII);
        Path foo = netpbm("foo.pam", "P7\nWIDTH 1\nHEIGHT 1\nDEPTH 1\nMAXVAL 255\nFOO 3\nENDHDR\n", new int[] {128},
                false);
        Path cut = Files.writeString(dir.resolve("cut.pam"), "P7\nWIDTH 4\nHEI",
                java.nio.charset.StandardCharsets.US_ASCII);
        // A TUPLTYPE's value is the rest of its line, a name's first word included: read as OpenCV reads it.
        Path grey = netpbm("grey.pam", "P7\nWIDTH 1\nHEIGHT 1\nDEPTH 1\nMAXVAL 255\nTUPLTYPE GRAYSCALE\nENDHDR\n",
                new int[] {128}, false);
        String fields = "' where a field's name belongs (a PAM's are WIDTH, HEIGHT, DEPTH, MAXVAL, TUPLTYPE, ENDHDR; a"
                + " damaged file, or another format given a PAM's first bytes?)";
        java.util.List<String> said = java.util.List.of(
                "image " + abc + " is not a readable image: it starts as a PAM but its header holds 'abc" + fields,
                "image " + foo + " is not a readable image: it starts as a PAM but its header holds 'FOO" + fields,
                "image " + cut + " is a PAM cut short inside its header: its 14 bytes end before the header does (an"
                        + " interrupted download or copy?)", "ok");
        ImageFilesProcess.assertSaysOnly(dir, java.util.List.of("read:" + abc, "read:" + foo, "read:" + cut,
                "read:" + grey), said);
    }

    @Test
    void aNetpbmMaximumValueRunningOnIntoOtherBytesIsNoNumber() throws Exception {
        // OpenCV read 255, took 'a' for the separator, and failed for too few pixels after its "can't read data" line.
        Path ppm = Files.writeString(dir.resolve("run-on.ppm"), "P6\n4 4 255abc",
                java.nio.charset.StandardCharsets.US_ASCII);
        ImageFilesProcess.assertSaysOnly(dir, java.util.List.of("read:" + ppm), java.util.List.of("image " + ppm
                + " is not a readable image: it starts as a PPM but its header's maximum value is '255abc', not a"
                + " number (a damaged file, or another format given a PPM's first bytes?)"));
    }

    @Test
    void aPlainNetpbmFilesValuesAreCheckedAndItsLastMayEndTheFile() throws Exception {
        // Each was refused after OpenCV's "can't read data" line on standard error, as "OpenCV could not decode".
        java.nio.charset.Charset ascii = java.nio.charset.StandardCharsets.US_ASCII;
        Path letter = Files.writeString(dir.resolve("letter.pgm"), "P2\n2 2\n255\n1 x 3 4\n", ascii);
        Path bit = Files.writeString(dir.resolve("bit.pbm"), "P1\n2 2\n1 0 y 1\n", ascii);
        Path few = Files.writeString(dir.resolve("few.ppm"), "P3\n2 1\n255\n1 2 3 4 5\n", ascii);
        // pgm(5) asks for whitespace after each value; without it after the last, the picture is still whole.
        Path unended = Files.writeString(dir.resolve("unended.pgm"), "P2\n2 2\n255\n10 # a comment\n20 30 40", ascii);
        Path ended = Files.writeString(dir.resolve("ended.pgm"), "P2\n2 2\n255\n10 20 30 40\n", ascii);
        String damaged = " (a damaged file, or another format given a ";
        ImageFilesProcess.assertSaysOnly(dir, java.util.List.of("read:" + letter, "read:" + bit, "read:" + few,
                "read:" + unended), java.util.List.of(
                "image " + letter + " is not a readable image: it starts as a plain PGM but its pixel value 2 is 'x',"
                        + " not a number" + damaged + "PGM's first bytes?)",
                "image " + bit + " is not a readable image: it starts as a plain PBM but its pixel value 3 is 'y',"
                        + " not 0 or 1" + damaged + "PBM's first bytes?)",
                "image " + few + " is a PPM cut short: its header declares 2x1 pixels, 6 values, and 5 follow it (an"
                        + " interrupted download or copy?)",
                "ok"));
        try (Mat a = Images.read(unended); Mat b = Images.read(ended)) {
            assertArrayEquals(TestMats.bytes(b), TestMats.bytes(a));
            assertArrayEquals(new byte[] {10, 20, 30, 40}, TestMats.bytes(a));
        }
    }

    @Test
    void aBmpCutShortAndATextFileStartingBmAreSaidInOneLine() throws Exception {
        Path whole = dir.resolve("whole.bmp");
        try (Mat bgr = TestMats.bgr(4, 5, 10, 200, 30)) {
            Images.write(bgr, whole);
        }
        byte[] bytes = Files.readAllBytes(whole);
        // OpenCV writes a 14-byte file header, a 40-byte info header, then 4 rows of 5 BGR pixels padded to 16 bytes.
        assertEquals(14 + 40 + 4 * 16, bytes.length);
        java.util.List<String> args = new java.util.ArrayList<>();
        java.util.List<String> said = new java.util.ArrayList<>();
        for (int cut : new int[] {10, 30, 54, 100, bytes.length - 1}) {
            Path file = Files.write(dir.resolve("cut" + cut + ".bmp"), java.util.Arrays.copyOf(bytes, cut));
            args.add("read:" + file);
            said.add(cut < 54 ? "image " + file + " is a BMP cut short inside its header: its " + cut + " bytes end"
                    + " before the header does (an interrupted download or copy?)"
                    : "image " + file + " is a BMP cut short: its header declares 5x4 pixels, 64 bytes, and "
                    + (cut - 54) + " follow it (an interrupted download or copy?)");
        }
        Path text = Files.writeString(dir.resolve("notes.bmp"), "BM notes: a text file, not a picture\n",
                java.nio.charset.StandardCharsets.US_ASCII);
        args.add("read:" + text);
        said.add("image " + text + " is not a readable image: it starts as a BMP but its info header's size is "
                + java.nio.ByteBuffer.wrap(Files.readAllBytes(text), 14, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getInt() + " bytes, which no BMP's is (12, 16, 40, 52, 56, 64, 108 or 124; a damaged file, or another"
                + " format given a BMP's first bytes?)");
        for (int compression : new int[] {4, 7}) {
            byte[] compressed = bytes.clone();
            compressed[30] = (byte) compression;
            Path file = Files.write(dir.resolve("compression" + compression + ".bmp"), compressed);
            args.add("read:" + file);
            said.add("image " + file + " is not a readable image: it is a BMP whose pixels are stored with compression "
                    + compression + (compression == 4 ? " (JPEG)" : "") + ", and OpenCV, which decodes BMP for cam4j,"
                    + " reads only 0 (none), 1 and 2 (RLE) and 3 (bit fields) (convert it, e.g. to PNG)");
        }
        args.add("read:" + whole);
        said.add("ok");
        // Before, each printed OpenCV's "can't read header" or "can't read data" line on standard error first.
        ImageFilesProcess.assertSaysOnly(dir, args, said);
    }

    @Test
    void aPamWhoseChannelsOpenCvCannotTellIsSaidInOneLine() throws Exception {
        // Netpbm leaves TUPLTYPE free; OpenCV refused one it does not know, and depth 4 without one, after its own
        // "can't read header" line on standard error, and cam4j named no PAM: "cam4j reads PNG, JPEG, ...".
        String header = "P7\nWIDTH 1\nHEIGHT 1\nDEPTH %d\nMAXVAL 255\n%sENDHDR\n";
        Path gray = netpbm("gray.pam", String.format(header, 1, "TUPLTYPE GRAY\n"), new int[] {9}, false);
        Path four = netpbm("four.pam", String.format(header, 4, ""), new int[] {1, 2, 3, 4}, false);
        Path grey = netpbm("grey.pam", String.format(header, 1, "TUPLTYPE GRAYSCALE\n"), new int[] {9}, false);
        Path three = netpbm("three.pam", String.format(header, 3, ""), new int[] {1, 2, 3}, false);
        ImageFilesProcess.assertSaysOnly(dir, java.util.List.of("read:" + gray, "read:" + four, "read:" + grey,
                "read:" + three), java.util.List.of(
                "image " + gray + " is not a readable image: it is a PAM of tuple type 'GRAY', and OpenCV, which"
                        + " decodes PAM for cam4j, reads only BLACKANDWHITE, GRAYSCALE, RGB, BLACKANDWHITE_ALPHA,"
                        + " GRAYSCALE_ALPHA and RGB_ALPHA (convert it, e.g. to PNG)",
                "image " + four + " is not a readable image: it is a PAM of depth 4 without a TUPLTYPE, whose channels"
                        + " OpenCV, which decodes PAM for cam4j, cannot tell (a line 'TUPLTYPE RGB_ALPHA' names them)",
                "ok", "ok"));
    }

    @Test
    void aPamFieldSharingALineIsSaidInOneLine() throws Exception {
        // Each was refused after OpenCV's "can't read header: ... str[pos] == 0 in function 'ParseInt'" (or
        // "readHeader") line on standard error, as "not a readable image (OpenCV could not decode its 47 bytes; ...)".
        Path two = netpbm("two.pam", "P7\nWIDTH 1 HEIGHT 1\nDEPTH 1\nMAXVAL 255\nENDHDR\n", new int[] {9}, false);
        Path end = netpbm("end.pam", "P7\nWIDTH 1\nHEIGHT 1\nDEPTH 1\nMAXVAL 255 ENDHDR\n", new int[] {9}, false);
        Path magic = netpbm("magic.pam", "P7 WIDTH 1\nHEIGHT 1\nDEPTH 1\nMAXVAL 255\nENDHDR\n", new int[] {9}, false);
        Path own = netpbm("own.pam", "P7\n WIDTH 1\nHEIGHT 1\nDEPTH 1\nMAXVAL 255\nTUPLTYPE GRAYSCALE\nENDHDR\n",
                new int[] {9}, false);
        String rest = " on one line, and OpenCV, which decodes PAM for cam4j, reads each field on a line of its own"
                + " (after P7's)";
        ImageFilesProcess.assertSaysOnly(dir, java.util.List.of("read:" + two, "read:" + end, "read:" + magic,
                "read:" + own), java.util.List.of(
                "image " + two + " is not a readable image: it starts as a PAM but its header's 'HEIGHT' follows"
                        + " 'WIDTH 1'" + rest,
                "image " + end + " is not a readable image: it starts as a PAM but its header's 'ENDHDR' follows"
                        + " 'MAXVAL 255'" + rest,
                "image " + magic + " is not a readable image: it starts as a PAM but its header's 'WIDTH' follows 'P7'"
                        + rest,
                "ok"));
    }

    @Test
    void aRadianceHdrCutShortIsSaidInOneLine() throws Exception {
        // 37 pixels a row are run-length encoded, 4 are stored flat: both ways are walked to their last row.
        Path wide = dir.resolve("wide.hdr");
        Path narrow = dir.resolve("narrow.hdr");
        try (Mat hot = new Mat(20, 37, CV_32FC3, new org.bytedeco.opencv.opencv_core.Scalar(0.5, 2, 4, 0));
                Mat small = new Mat(4, 4, CV_32FC3, new org.bytedeco.opencv.opencv_core.Scalar(1, 0.25, 3, 0))) {
            Images.write(hot, wide);
            Images.write(small, narrow);
        }
        java.util.List<String> args = new java.util.ArrayList<>();
        java.util.List<String> said = new java.util.ArrayList<>();
        for (Path whole : java.util.List.of(wide, narrow)) {
            byte[] bytes = Files.readAllBytes(whole);
            String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
            int data = text.indexOf('\n', text.indexOf("\n\n") + 2) + 1;
            boolean rle = whole.equals(wide);
            for (int cut : new int[] {20, data + 10, bytes.length - 1}) {
                Path file = Files.write(dir.resolve("cut" + cut + whole.getFileName()),
                        java.util.Arrays.copyOf(bytes, cut));
                args.add("read:" + file);
                said.add(cut == 20 ? "image " + file + " is a Radiance HDR cut short inside its header: its 20 bytes"
                        + " end before the header does (an interrupted download or copy?)"
                        : "image " + file + " is a Radiance HDR cut short: its header declares "
                        + (rle ? "37x20" : "4x4") + " pixels, and its data ends in row "
                        + (cut == data + 10 ? 1 : rle ? 20 : 4) + " (an interrupted download or copy?)");
            }
            args.add("read:" + whole);
            said.add("ok");
        }
        // Before, each printed OpenCV's "can't read header" or "can't read data" line on standard error first.
        ImageFilesProcess.assertSaysOnly(dir, args, said);
    }

    @Test
    void aSunRasterCutShortIsNamedSo() throws Exception {
        Path whole = dir.resolve("whole.ras");
        try (Mat bgr = TestMats.bgr(3, 5, 10, 200, 30)) {
            Images.write(bgr, whole);
        }
        byte[] bytes = Files.readAllBytes(whole);
        // A 32-byte header, then 3 rows of 5 BGR pixels, each padded to 16 bytes.
        assertEquals(32 + 3 * 16, bytes.length);
        java.util.List<String> args = new java.util.ArrayList<>();
        java.util.List<String> said = new java.util.ArrayList<>();
        // Each was "not a readable image (OpenCV could not decode its 40 bytes; cam4j reads ... Sun raster)".
        for (int cut : new int[] {10, 40, bytes.length - 1}) {
            Path file = Files.write(dir.resolve("cut" + cut + ".ras"), java.util.Arrays.copyOf(bytes, cut));
            args.add("read:" + file);
            said.add(cut < 32 ? "image " + file + " is a Sun raster cut short inside its header: its " + cut + " bytes"
                    + " end before the header does (an interrupted download or copy?)"
                    : "image " + file + " is a Sun raster cut short: its header declares 5x3 pixels, 48 bytes, and "
                    + (cut - 32) + " follow it (an interrupted download or copy?)");
        }
        args.add("read:" + whole);
        said.add("ok");
        ImageFilesProcess.assertSaysOnly(dir, args, said);
    }

    private Path netpbm(String name, String header, int[] values, boolean sixteen) throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.writeBytes(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (int v : values) {
            if (sixteen) {
                bytes.write(v >> 8);
            }
            bytes.write(v & 0xff);
        }
        Path file = dir.resolve(name);
        Files.write(file, bytes.toByteArray());
        return file;
    }

    @Test
    void floatImagesFollowTheScalingRule() {
        try (Mat unit = new Mat(1, 1, CV_32FC3); Mat bytes = new Mat(1, 1, CV_32FC3)) {
            try (FloatPointer p = new FloatPointer(unit.data())) {
                p.put(new float[] {0f, 0.5f, 1f});
            }
            try (FloatPointer p = new FloatPointer(bytes.data())) {
                p.put(new float[] {0f, 100f, 300f});
            }
            try (Mat a = Images.toBgr8(unit); Mat b = Images.toBgr8(bytes)) {
                // 0.5 * 255 = 127.5 rounds (half to even) to 128; 300 clamps to 255.
                assertArrayEquals(new int[] {0, 128, 255}, TestMats.pixel(a, 0, 0));
                assertArrayEquals(new int[] {0, 100, 255}, TestMats.pixel(b, 0, 0));
            }
        }
    }

    @Test
    void sixteenBitIsDividedBy257() {
        try (Mat deep = new Mat(1, 2, CV_16UC1)) {
            try (ShortPointer p = new ShortPointer(deep.data())) {
                // An explicit array: put(short, short) would pick put(long index, short value) and write out of bounds.
                p.put(new short[] {(short) 65535, (short) (257 * 100)});
            }
            try (Mat g = Images.toGray8(deep)) {
                assertEquals(255, TestMats.pixel(g, 0, 0)[0]);
                assertEquals(100, TestMats.pixel(g, 0, 1)[0]);
            }
        }
    }

    /**
     * Two channels are grey with alpha, as CamSession reads them ({@code PixelRules}) and {@link Images#flatten} lays
     * them on a ground: the conversions take them so (they refused them, so an overlay of a picture CamSession had
     * explained failed); five channels are still no picture.
     */
    @Test
    void twoChannelImagesAreGreyWithAlpha() {
        // A light stroke (200, opaque) beside transparency: light ink, laid on black.
        try (Mat two = TestMats.of(1, 2, CV_8UC2, new byte[] {(byte) 200, (byte) 255, (byte) 200, 0});
                Mat bgr = Images.toBgr8(two); Mat grey = Images.toGray8(two)) {
            assertArrayEquals(new byte[] {(byte) 200, (byte) 200, (byte) 200, 0, 0, 0}, TestMats.bytes(bgr));
            assertArrayEquals(new byte[] {(byte) 200, 0}, TestMats.bytes(grey));
        }
        try (Mat five = new Mat(2, 2, org.bytedeco.opencv.global.opencv_core.CV_8UC(5))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Images.toBgr8(five));
            assertTrue(e.getMessage().endsWith("has 5"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Images.toGray8(five));
        }
    }

    @Test
    void conversionsLeakNoNativeMemory() {
        // Filled: a Mat made without values holds whatever its memory held, NaN among it, which is refused now.
        try (org.bytedeco.opencv.opencv_core.Scalar half = new org.bytedeco.opencv.opencv_core.Scalar(0.5, 0.5, 0.5, 0);
                Mat f = new Mat(28, 28, CV_32FC3, half)) {
            TestMats.assertNoLeak(() -> {
                Images.toBgr8(f).close();
                Images.toGray8(f).close();
            });
        }
    }

    /**
     * A write that fails leaves the file it was to replace as it was: OpenCV deleted a file it failed to write, so
     * {@code --force} over an existing overlay lost both versions. The failure here is real and needs no full disk:
     * JPEG holds at most 65500 pixels a side, and libjpeg refuses a 70000-pixel row after imwrite has opened the file.
     * The old file must come back byte for byte, and no temporary may be left beside it.
     */
    @Test
    void aFailedWriteLeavesTheFileItWasToReplace() throws Exception {
        Path file = dir.resolve("overlay.jpg");
        try (Mat small = TestMats.of(2, 3, CV_8UC3, BGR_2X3)) {
            Images.write(small, file);
        }
        byte[] before = Files.readAllBytes(file);
        try (Mat wide = new Mat(1, 70000, CV_8UC1, new org.bytedeco.opencv.opencv_core.Scalar(100.0))) {
            ImageException e = assertThrows(ImageException.class, () -> Images.write(wide, file));
            assertTrue(Files.exists(file), "the old file survives");
            assertArrayEquals(before, Files.readAllBytes(file));
            assertEquals("cannot write image " + file + ": it is 70000x1 pixels, and its format holds at most 65500 a "
                    + "side (write it as .png)", e.getMessage());
        }
        try (var left = Files.list(dir)) {
            assertEquals(java.util.List.of(file), left.toList(), "no temporary is left");
        }
    }

    /**
     * A path that is there but not a regular file is named for what it is: a FIFO and /dev/zero were "empty (0 bytes)",
     * a symbolic link loop "does not exist". A file of /proc says 0 bytes and holds some: it is read, and is no picture.
     */
    @Test
    void aPathThatIsNotARegularFileIsNamedForWhatItIs() throws Exception {
        Path fifo = dir.resolve("fifo.png");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        Path loop1 = Files.createSymbolicLink(dir.resolve("loop1.png"), dir.resolve("loop2.png"));
        Files.createSymbolicLink(dir.resolve("loop2.png"), loop1);
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.png"), dir.resolve("gone.png"));
        Path zero = Path.of("/dev/zero");
        assertEquals("image " + fifo + " is a FIFO (named pipe), not a regular file",
                assertThrows(ImageException.class, () -> Images.read(fifo)).getMessage());
        assertEquals("image " + loop1 + " is a symbolic link loop, not a regular file",
                assertThrows(ImageException.class, () -> Images.read(loop1)).getMessage());
        assertEquals("image " + dangling + " is a link to a missing file, not a regular file",
                assertThrows(ImageException.class, () -> Images.read(dangling)).getMessage());
        assertEquals("image " + zero + " is a character device, not a regular file",
                assertThrows(ImageException.class, () -> Images.read(zero)).getMessage());
        String proc = assertThrows(ImageException.class, () -> Images.read(Path.of("/proc/self/status"))).getMessage();
        assertTrue(proc.startsWith("image /proc/self/status is not a readable image"), proc);
        // Not "its 0 bytes" (helper-69): the size the file gives is not what it holds.
        assertTrue(proc.contains("its size is given as 0, as /proc's files give it, yet it holds some"), proc);
    }

    /**
     * A figure (compare's of 25 methods was a 4 MB PNG) is written by zlib's usual strategy: the same pixels in fewer
     * bytes. On this grainy heat map with a caption it takes 73 % of OpenCV's default run-length encoding's bytes, on
     * a compare figure 46 %: under 80 % is asked, the same pixels exactly.
     */
    @Test
    void aFigureIsTheSamePixelsInFewerBytes() throws Exception {
        try (Mat ramp = new Mat(300, 800, CV_8UC1); Mat heat = new Mat()) {
            var pixels = ramp.createIndexer();
            for (int y = 0; y < 300; y++) {
                for (int x = 0; x < 800; x++) {
                    // Smooth blobs, as class maps are, with a grain, as resized maps' edges have.
                    double v = 127 + 100 * Math.sin(x / 37.0) * Math.cos(y / 23.0) + ((x * 7 + y * 13) % 5);
                    ((org.bytedeco.javacpp.indexer.UByteIndexer) pixels).put(y, x, (int) v);
                }
            }
            org.bytedeco.opencv.global.opencv_imgproc.applyColorMap(ramp, heat,
                    org.bytedeco.opencv.global.opencv_imgproc.COLORMAP_JET);
            org.bytedeco.opencv.global.opencv_imgproc.putText(heat, "Grad-CAM++ p=0.97", new org.bytedeco.opencv
                    .opencv_core.Point(20, 150), 0, 1.5, new org.bytedeco.opencv.opencv_core.Scalar(255, 255, 255, 0));
            Path plain = dir.resolve("plain.png");
            Path figure = dir.resolve("figure.png");
            Images.write(heat, plain);
            Images.writeFigure(heat, figure);
            try (Mat a = Images.read(plain); Mat b = Images.read(figure)) {
                assertEquals(0, org.bytedeco.opencv.global.opencv_core.norm(a, b,
                        org.bytedeco.opencv.global.opencv_core.NORM_INF, null));
            }
            assertTrue(Files.size(figure) < 0.8 * Files.size(plain), Files.size(figure) + " against "
                    + Files.size(plain) + " bytes");
        }
    }

    /** A missing picture is named as missing: toBgr8 and flatten called a null image "empty", as if one was given. */
    @Test
    void aNullImageIsNamedAsNull() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Images.toBgr8(null));
        assertEquals("image is null", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Images.flatten(null));
        assertEquals("image is null", e.getMessage());
        try (Mat empty = new Mat()) {
            e = assertThrows(IllegalArgumentException.class, () -> Images.toBgr8(empty));
            assertEquals("image is empty", e.getMessage());
        }
    }
}
