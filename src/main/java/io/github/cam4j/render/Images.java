package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.CV_16F;
import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.NORM_INF;
import static org.bytedeco.opencv.global.opencv_core.checkRange;
import static org.bytedeco.opencv.global.opencv_core.norm;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_TRUNC;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PAM_TUPLETYPE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_COMPRESSION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.haveImageWriter;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.github.cam4j.data.AtomicFile;
import io.github.cam4j.data.FileKinds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;

/**
 * Reading and writing image files, and converting any image Mat to the 8-bit grey or BGR that drawing needs.
 *
 * <pre>{@code
 * try (Mat img = Images.read(Path.of("digit.png"));
 *      Mat bgr = Images.toBgr8(img)) {
 *     Images.write(bgr, Path.of("out.png"));
 * }
 * }</pre>
 *
 * <p><b>Scaling rule for floating-point images</b> ({@code CV_32F}, {@code CV_64F}, and {@code CV_16F} read as its
 * {@code CV_32F} copy): when no value's magnitude exceeds 1, the image is taken as 0..1 (what a network's input tensor
 * holds) and multiplied by 255; otherwise it is taken as already 0..255. Values outside 0..255 after that are
 * clamped. 16-bit images are divided by 257 (65535 -> 255); other integer depths are clamped to 0..255 without
 * scaling. A Netpbm file (PGM, PPM, PAM) is read
 * with its header's maxval as white, as Netpbm defines it ({@code NetpbmRange}), and a PAM's colours are read and
 * written red first, as Netpbm orders them ({@code PamChannels}).
 *
 * <p><b>Transparency</b>: an alpha channel is never just dropped (transparent pixels often store black) but
 * composited onto a ground that contrasts with the picture's ink: {@link #flatten(Mat)}.
 *
 * <p>Ownership: every method returning a {@link Mat} returns a new Mat the caller must close; inputs are never
 * modified.
 */
public final class Images {

    /**
     * The most pixels a picture may have: 2^28 = 268 435 456, e.g. 16384 x 16384. Explaining a picture holds several
     * float copies of it at once, one of them in a single buffer that Java indexes by int, so past 2^29 pixels (2^31
     * bytes of floats) explaining failed with a buffer underflow after gigabytes had been spent; a 400-megapixel PNG
     * needed 9.4 GB. The cap is half that limit and still takes the largest phone photos (200 MP, 16320 x 12240);
     * larger pictures, or small files whose header declares such a size, are refused before they are decoded.
     */
    public static final long MAX_PIXELS = 1L << 28;

    private Images() {
    }

    /**
     * Reads an image as stored (grey stays one channel, alpha and 16-bit depth are kept), turned as its EXIF
     * orientation (JPEG, PNG) or its TIFF orientation tag says, as viewers show it; a multi-page TIFF's first page
     * ({@link #pages(Path)} counts them).
     *
     * @param file an image file OpenCV can decode (PNG, JPEG, BMP, TIFF, ...)
     * @return a new Mat; the caller closes it
     * @throws ImageException when the file does not exist, is a directory or another file that is not a regular one (a
     *     FIFO, a device, a symbolic link loop or a link to a missing file: named as such), is empty, cannot be read, is not a
     *     readable image (a format OpenCV does not decode, such as GIF, is named), is a JPEG or binary Netpbm file
     *     cut short, a BMP or Sun raster cut short, a BMP whose info header has no BMP's size, a PAM whose TUPLTYPE
     *     OpenCV does not know (or, lacking one, of a depth other than 1 or 3), a Netpbm file whose header holds no
     *     number where one must be (or, a PAM, a word where a field's name must be, or a field sharing a line), a
     *     plain Netpbm file whose pixel values are no numbers or too few (one whose last value has no whitespace after
     *     it is read), a Radiance HDR cut short, or a PNG whose chunk fails its CRC,
     *     whose compressed pixels fail their Adler-32 or whose image data ends early (a JPEG or PNG lacking only its
     *     end marker is read), or
     *     declares more pixels than {@link #MAX_PIXELS} (refused from its header, before decoding, for
     *     PNG, JPEG, BMP, TIFF and Netpbm); the message, one line, names the file
     */
    public static Mat read(Path file) throws ImageException {
        if (Files.isDirectory(file)) {
            throw new ImageException("image " + file + " is a directory, not an image file");
        }
        // A FIFO read as "empty (0 bytes)" (or hung), /dev/zero likewise, and a symbolic link loop as "does not exist".
        Optional<String> special = FileKinds.refusal(file, "image");
        if (special.isPresent()) {
            throw new ImageException(special.get());
        }
        if (!Files.exists(file)) {
            throw new ImageException("image " + file + " does not exist");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ImageException("cannot read image " + file + ": " + e.getMessage(), e);
        }
        // Checked here because OpenCV answers every failure with the same empty Mat, and "0 bytes" usually
        // means an interrupted download or copy, which the user can fix.
        if (size == 0 && head(file).length == 0) {
            // A file of /proc or /sys says 0 bytes and holds some: it is read, and found to be no picture.
            throw new ImageException("image " + file + " is empty (0 bytes)");
        }
        if (!Files.isReadable(file)) {
            throw new ImageException("image " + file + " cannot be read (permission denied)");
        }
        byte[] head = head(file);
        // Said before OpenCV is asked: for a codec it leaves off it printed a paragraph on standard error (OffCodecs).
        // And before the size: a GIF declaring 65535x65535 was sent to be scaled down, then refused as a GIF.
        if (ImageFormats.unreadable(head).filter(OffCodecs::offByContent).isPresent()) {
            throw new ImageException(unreadableFormat(file, head).orElseThrow());
        }
        // A few kilobytes of PNG can declare 30000x30000 zeros: decoding it took gigabytes before anything was refused.
        Optional<NetpbmSize.Header> netpbm = NetpbmSize.of(head);
        Optional<ImageFormats.Size> declared = ImageFormats.declaredSize(head).or(() -> tiffSize(file, head))
                .or(() -> netpbm.map(NetpbmSize.Header::size));
        if (declared.isPresent() && declared.get().pixels() > MAX_PIXELS) {
            throw new ImageException(tooLarge(file, "declares " + declared.get() + " = " + declared.get().pixels()));
        }
        // Said from the bytes before OpenCV is asked: it printed a line of its own on standard error before refusing.
        Optional<String> refusal = NetpbmSize.cutShort(file, head, size, netpbm)
                .or(() -> NetpbmSize.notANumber(file, head)).or(() -> NetpbmSize.notAPamField(file, head))
                .or(() -> BmpHeader.refusal(file, head, size)).or(() -> SunRasterEnd.cutShort(file, head, size))
                .or(() -> netpbm.filter(h -> h.format().equals("PAM")).flatMap(h -> PamChannels.unplaced(file, head)));
        if (refusal.isPresent()) {
            throw new ImageException(refusal.get());
        }
        // Before decoding: libjpeg decodes a JPEG cut short with grey for the missing rows, after printing "Premature
        // end of JPEG file" on standard error, a line before cam4j's own.
        byte[] endMissing = checkWhole(file, head, size, netpbm);
        // A TIFF's orientation tag is applied here, not by OpenCV (see TiffOrientation): its pixels are read as stored.
        Optional<TiffOrientation.Tag> tiffTurn = tiffOrientation(file, head);
        Mat image;
        try {
            image = tiffTurn.isPresent() ? TiffOrientation.readStored(file, tiffTurn.get())
                    : endMissing != null ? withEnd(file, endMissing) : imread(file.toString(), IMREAD_UNCHANGED);
        } catch (IOException e) {
            throw new ImageException("cannot read image " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // OpenCV throws (a multi-line C++ assertion, rethrown unchecked by JavaCPP) for sizes above its limit, and
            // for formats whose codec it builds but leaves off (JPEG 2000, OpenEXR).
            throw new ImageException(unreadableFormat(file, head).orElseGet(() -> decodeFailure(file, e.getMessage())), e);
        }
        if (image == null || image.isNull() || image.empty()) {
            if (image != null) {
                image.close();
            }
            Optional<String> unreadable = unreadableFormat(file, head);
            if (unreadable.isPresent()) {
                throw new ImageException(unreadable.get());
            }
            Optional<String> damaged = ImageFormats.readable(head);
            // A /proc file gives its size as 0 and holds some: "could not decode its 0 bytes" said what it is not.
            String bytes = size > 0 || head.length == 0 ? size + " bytes"
                    : "bytes (its size is given as 0, as /proc's files give it, yet it holds some)";
            if (damaged.isPresent()) {
                throw new ImageException("image " + file + " is not a readable image: it starts as a " + damaged.get()
                        + " but OpenCV could not decode its " + bytes + " (damaged or cut short?)");
            }
            throw new ImageException("image " + file + " is not a readable image (OpenCV could not decode its "
                    + bytes + "; cam4j reads " + ImageFormats.READ + ")");
        }
        // Formats whose header is not read above (WebP, HDR, Sun raster, a BigTIFF, a JPEG whose
        // frame header lies past the bytes read first) are checked once decoded.
        checkDecodedSize(file, image, MAX_PIXELS);
        Mat stretched = NetpbmRange.stretched(image, head);
        if (stretched != null) {
            image.close();
            image = stretched;
        }
        Mat redFirst = PamChannels.isPam(head) ? PamChannels.toBgr(image) : null;
        if (redFirst != null) {
            image.close();
            image = redFirst;
        }
        int orientation = tiffTurn.map(TiffOrientation.Tag::orientation).orElseGet(() -> ExifOrientation.of(head));
        if (orientation == ExifOrientation.NORMAL) {
            return image;
        }
        // As viewers show it: OpenCV turns pictures by their EXIF orientation only in reads that drop alpha and 16 bits.
        try (Mat stored = image) {
            return ExifOrientation.apply(stored, orientation);
        }
    }

    /**
     * @param file an image file
     * @return how many pictures the file holds: a multi-page TIFF's pages, of which {@link #read(Path)} reads the first;
     *     1 for any other file, and for one whose pages cannot be counted (its read says why)
     */
    public static int pages(Path file) {
        byte[] magic;
        try (InputStream in = Files.newInputStream(file)) {
            magic = in.readNBytes(16);
        } catch (IOException e) {
            return 1;
        }
        if (!ImageFormats.readable(magic).equals(Optional.of("TIFF"))) {
            return 1;
        }
        try {
            return Math.max(1, (int) Math.min(Integer.MAX_VALUE, org.bytedeco.opencv.global.opencv_imgcodecs.imcount(
                    file.toString())));
        } catch (RuntimeException e) {
            return 1;
        }
    }

    /**
     * Refuses a decoded picture of more than {@code cap} pixels, closing it; the message is made before: made after,
     * it read the closed Mat's sides and failed with a NullPointerException, which stopped a --keep-going run
     * (helper-68).
     *
     * @param cap {@link #MAX_PIXELS}, or a smaller one in tests (a picture over the real cap is gigabytes decoded)
     */
    static void checkDecodedSize(Path file, Mat image, long cap) throws ImageException {
        long pixels = (long) image.rows() * image.cols();
        if (pixels > cap) {
            String message = tooLarge(file, "is " + image.cols() + "x" + image.rows() + " = " + pixels, cap);
            image.close();
            throw new ImageException(message);
        }
    }

    /** @return the message for a picture of more than {@link #MAX_PIXELS} pixels, {@code size} saying how many */
    private static String tooLarge(Path file, String size) {
        return tooLarge(file, size, MAX_PIXELS);
    }

    private static String tooLarge(Path file, String size, long cap) {
        return "image " + file + " " + size + " pixels, more than cam4j reads (" + (cap == MAX_PIXELS ? "2^28 = " : "")
                + cap + " pixels" + (cap == MAX_PIXELS ? ", e.g. 16384x16384" : "") + "); scale it down first";
    }

    /** @return the width and height a TIFF's first image declares, read from its header by Java's TIFF reader */
    private static Optional<ImageFormats.Size> tiffSize(Path file, byte[] head) {
        if (!ImageFormats.readable(head).equals(Optional.of("TIFF"))) {
            return Optional.empty();
        }
        try (javax.imageio.stream.ImageInputStream in = javax.imageio.ImageIO.createImageInputStream(file.toFile())) {
            java.util.Iterator<javax.imageio.ImageReader> readers = in == null ? java.util.Collections.emptyIterator()
                    : javax.imageio.ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return Optional.of(new ImageFormats.Size(reader.getWidth(0), reader.getHeight(0)));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a header Java cannot read: the size is checked once OpenCV has decoded it
        }
    }

    /**
     * @return the end marker a JPEG or PNG lacks while its picture is whole (JPEG's EOI, PNG's IEND chunk), to be put
     *     back before decoding: libjpeg printed "Premature end of JPEG file" and libpng "libpng error: Read Error" on
     *     standard error, and OpenCV refused such a PNG; a line end after a plain Netpbm file's last value
     *     ({@link PlainNetpbm}); null for any other file
     * @throws ImageException when the file is a JPEG cut short, which OpenCV decodes with grey for the missing rows, or
     *     a PNG whose chunk fails its CRC, which libpng refuses after a line of its own on standard error, or a plain
     *     Netpbm file whose pixel values are no numbers or too few, or a Radiance HDR cut short, which OpenCV refused
     *     after a line of its own
     * @param size the file's size in bytes, as {@link #read(Path)} found it (0 for a /proc file)
     * @param netpbm its Netpbm header, as {@link #read(Path)} read it from {@code head}, or empty
     */
    private static byte[] checkWhole(Path file, byte[] head, long size, Optional<NetpbmSize.Header> netpbm)
            throws ImageException {
        boolean whole;
        boolean lacksEnd;
        Optional<String> format = ImageFormats.readable(head);
        try {
            Optional<String> hdrCut = RadianceEnd.cutShort(file, head, size);
            if (hdrCut.isPresent()) {
                throw new ImageException(hdrCut.get());
            }
            if (netpbm.isPresent() && netpbm.get().pixelBytes() < 0) {
                PlainNetpbm.Check plain = PlainNetpbm.check(file, netpbm.get());
                if (plain.refusal() != null) {
                    throw new ImageException(plain.refusal());
                }
                return plain.lacksEnd() ? PlainNetpbm.LINE_END : null;
            }
            if (format.equals(Optional.of("PNG"))) {
                PngChunks.Walk walk = PngChunks.walk(file);
                if (walk.badChunk() != null) {
                    throw new ImageException("image " + file + " is a damaged PNG: its " + walk.badChunk() + " chunk"
                            + " fails its checksum (CRC), so its bytes are not those written (a faulty download or"
                            + " copy?)");
                }
                if (walk.badData() != null) {
                    // Said before libpng, which printed "libpng error: IDAT: incorrect data check" first.
                    throw new ImageException("image " + file + " is a damaged PNG: its compressed pixels (IDAT) "
                            + (walk.badData().equals("incorrect data check") ? "fail their checksum (Adler-32)"
                            : "are not valid zlib data (" + walk.badData() + ")") + ", so its bytes are not those"
                            + " written (a faulty download or copy?)");
                }
                if (walk.lacksOnlyIend() && !walk.dataEnds()) {
                    throw new ImageException("image " + file + " is a PNG cut short: its image data ends before its"
                            + " picture does (an interrupted download or copy?)");
                }
                return walk.lacksOnlyIend() ? PngChunks.IEND : null;
            }
            boolean jpeg = format.equals(Optional.of("JPEG"));
            JpegEnd.Walk walk = jpeg ? JpegEnd.walk(file) : JpegEnd.Walk.REACHED;
            lacksEnd = walk == JpegEnd.Walk.ENDS_IN_ONLY_SCAN;
            whole = walk == JpegEnd.Walk.REACHED || lacksEnd && JpegEnd.decodesWhole(file);
        } catch (IOException e) {
            throw new ImageException("cannot read image " + file + ": " + e.getMessage(), e);
        }
        if (lacksEnd && whole) {
            return new byte[] {(byte) 0xff, (byte) 0xd9};
        }
        if (!whole) {
            throw new ImageException("image " + file + " is a JPEG cut short: its data ends before the end-of-image "
                    + "marker, and the missing part would be explained as grey (an interrupted download or copy?)");
        }
        return null;
    }

    /** @return the file decoded from memory with {@code end} put back after its bytes */
    private static Mat withEnd(Path file, byte[] end) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] ended = java.util.Arrays.copyOf(bytes, bytes.length + end.length);
        System.arraycopy(end, 0, ended, bytes.length, end.length);
        try (Mat buffer = new Mat(ended)) {
            return org.bytedeco.opencv.global.opencv_imgcodecs.imdecode(buffer, IMREAD_UNCHANGED);
        }
    }

    /** @return the message for a file of a format cam4j cannot read (GIF, JPEG 2000...), if it is one */
    private static Optional<String> unreadableFormat(Path file, byte[] head) {
        return ImageFormats.unreadable(head).map(format -> "image " + file + " is " + format + " file, which cam4j cannot"
                + " read; it reads " + ImageFormats.READ + " (convert it, e.g. to PNG)");
    }

    /** @return the orientation tag of a TIFF file's first image, when it turns the picture; empty for other files */
    private static Optional<TiffOrientation.Tag> tiffOrientation(Path file, byte[] head) {
        if (!ImageFormats.readable(head).equals(Optional.of("TIFF"))) {
            return Optional.empty();
        }
        try {
            return TiffOrientation.of(file);
        } catch (IOException e) {
            return Optional.empty(); // unreadable: the read that follows reports it
        }
    }

    /** @return one line for an exception from OpenCV's decoder: the size limit, else OpenCV's own first line */
    private static String decodeFailure(Path file, String opencvMessage) {
        String message = opencvMessage == null ? "" : opencvMessage;
        if (message.contains("CV_IO_MAX_IMAGE_PIXELS")) {
            String declared = ImageFormats.declaredSize(head(file))
                    .map(s -> " declares " + s + " = " + s.pixels() + " pixels,")
                    .orElse(" is");
            return "image " + file + declared + " more than OpenCV reads (2^30 = " + ImageFormats.MAX_PIXELS
                    + " pixels)";
        }
        // "OpenCV(4.11.0) /path/to/grfmt.cpp:79: error: (-215:Assertion failed) ... in function 'f'": keep what
        // follows "error:" on the first line; the build path means nothing to the user.
        String first = message.lines().findFirst().orElse("").trim();
        int error = first.indexOf("error: ");
        String why = error >= 0 ? first.substring(error + "error: ".length()) : first;
        return "image " + file + " could not be decoded by OpenCV: " + (why.isEmpty() ? "no reason given" : why);
    }

    /** @return the file's first 256 KB (enough for any header's size), or nothing when it cannot be read */
    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(256 * 1024);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /**
     * Reads an image as a viewer shows it: {@link #read(Path)}, then {@link #flatten(Mat)}. A picture with
     * transparency is laid on white, or on black when its opaque pixels are mostly light, so that a black digit on a
     * transparent background reads as a black digit on white and a white one as white on black (opaque pixels covering
     * most of the picture with ink of their own hold their own ground, which the transparency continues:
     * {@link #flatten(Mat)}); 16-bit pictures become their 8-bit version (divided by 257).
     *
     * @param file an image file OpenCV can decode
     * @return a new grey or BGR Mat, 8-bit: a float file (TIFF, PFM) is brought to 8 bits by the class's scaling
     *     rule, as it is drawn, since such a file does not say whether it holds 0..1 or 0..255; a Radiance HDR file
     *     holds radiance, 1 being white, and is read as OpenCV reads it to 8 bits (times 255, brighter clipped); the
     *     caller closes it
     * @throws ImageException as {@link #read(Path)}, and when a float file holds NaN or infinity (named with its pixel)
     */
    public static Mat readFlat(Path file) throws ImageException {
        try (Mat stored = read(file)) {
            if (stored.depth() == CV_32F || stored.depth() == CV_64F) {
                checkFinite(stored, file);
                if (ImageFormats.readable(head(file)).equals(Optional.of("Radiance HDR"))) {
                    // An HDR photo's lights lie above 1, so the scaling rule took it for 0..255 and it came out black;
                    // its suns are capped, as OpenCV reads it to 8 bits.
                    Mat eight = new Mat();
                    cappedTo8Bit(stored, 255.0, eight);
                    return eight;
                }
            }
            boolean flat = stored.depth() != CV_16U && stored.channels() != 2 && stored.channels() != 4;
            try (Mat flattened = flat ? stored.clone() : flatten(stored)) {
                return flattened.depth() == CV_8U ? flattened.clone() : toDepth8(flattened);
            }
        }
    }

    /**
     * A float picture holding infinity was taken as 0..255 by the scaling rule (its largest magnitude passes 1), so its
     * 0..1 pixels came out black and were explained so; NaN pixels became 0. A Mat holding either is refused too
     * ({@code PixelRules}).
     */
    private static void checkFinite(Mat floats, Path file) throws ImageException {
        String at = nonFiniteAt(floats);
        if (at != null) {
            throw new ImageException("image " + file + " holds a non-finite value (NaN or infinity) at " + at
                    + ": its float pixels cannot be shown or explained");
        }
    }

    /** @return "(y=Y, x=X)" of the first NaN or infinity in a float image, or null when it holds none */
    private static String nonFiniteAt(Mat floats) {
        try (Point at = new Point(); Mat flat = floats.reshape(1, 0)) {
            return checkRange(flat, true, at, -Double.MAX_VALUE, Double.MAX_VALUE) ? null
                    : "(y=" + at.y() + ", x=" + at.x() / floats.channels() + ")";
        }
    }

    /**
     * Writes an image, in the format its extension names. No folder is created: a missing folder is far more
     * often a typo than a wish, and creating it silently would hide the output somewhere unexpected.
     *
     * @param image a non-empty image with 1, 3 or 4 channels (4, BGRA, only to a format that keeps alpha: PNG, TIFF,
     *     WebP, PAM): 8-bit, or 16-bit for PNG and TIFF, is written as it is; other depths (float, 16-bit to other
     *     formats) are first brought to 8 bits by the class's scaling rule
     * @param file the file to write; its folder must exist
     * @throws ImageException when the image is not 2-dimensional or has 2 or more than 4 channels, or channels its
     *     format does not hold (grey to PPM, colour to PGM, alpha to JPEG, BMP, PNM...), the folder does
     *     not exist or takes no new files, the extension has no writer (nor, for a symbolic link, that of the file it
     *     reaches, whose format and folder the image is written in), or OpenCV fails; the message names the file,
     *     and an existing file is left as it was (the image is written to a temporary file in the same folder, then
     *     renamed over it)
     */
    public static void write(Mat image, Path file) throws ImageException {
        write(image, file, false);
    }

    /**
     * Writes a figure, as {@link #write(Mat, Path)} writes an image, a PNG compressed by zlib's usual strategy rather
     * than OpenCV's default run-length one: about half the bytes (a 4557x421 compare figure of 25 methods, 1.38 MB
     * against 0.63 MB) for about twice the time (77 against 168 ms), worth it for a figure written once, not for a
     * video's frames.
     *
     * @param image as {@link #write(Mat, Path)} takes it
     * @param file the file to write; its folder must exist
     * @throws ImageException as {@link #write(Mat, Path)} does
     */
    public static void writeFigure(Mat image, Path file) throws ImageException {
        write(image, file, true);
    }

    private static void write(Mat image, Path file, boolean compact) throws ImageException {
        if (image == null || image.isNull() || image.empty()) {
            throw new ImageException("cannot write an empty image to " + file);
        }
        checkWritableShape(image, file);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new ImageException("cannot write image " + file + ": " + io.github.cam4j.data.FileTrees.whyNotAFolder(
                    parent));
        }
        if (Files.isDirectory(file)) {
            throw new ImageException("cannot write image " + file + ": it is a directory");
        }
        if (!hasWriter(file)) {
            throw new ImageException("cannot write image " + file
                    + ": OpenCV has no writer for its extension (use .png, .jpg, .bmp, ...)");
        }
        // Through a symbolic link the picture is written in the format of the file the link reaches (AtomicFile names its
        // temporary after that file): out.png -> notes.txt failed in OpenCV's words, its source path included ("...
        // loadsave.cpp:836: error: (-2:Unspecified error) could not find a writer for the specified extension").
        java.util.Optional<Path> reached = io.github.cam4j.data.FileTrees.linkEnd(file)
                .filter(end -> !Files.exists(end) || Files.isRegularFile(end));
        if (reached.isPresent() && !hasWriter(reached.get())) {
            throw new ImageException("cannot write image " + file + ": it is a symbolic link to " + reached.get()
                    + ", and OpenCV has no writer for that name's extension (a picture is written through a link in the"
                    + " format of the file it reaches)");
        }
        // The temporary is made in the folder of the file written (the one a link reaches): a folder that takes no new
        // files failed in imwrite's "false" only, "check permissions and free space", naming neither the folder nor,
        // through a link, the file reached. A device is written into, not replaced.
        Path written = reached.orElse(file).toAbsolutePath();
        Path folder = written.getParent();
        if (folder != null && (!Files.exists(written) || Files.isRegularFile(written))
                && !io.github.cam4j.data.FileTrees.takesNewFiles(folder)) {
            String why = "folder " + io.github.cam4j.data.FileTrees.resolved(folder) + " "
                    + io.github.cam4j.data.FileTrees.whyNotWritable(folder);
            throw new ImageException("cannot write image " + file + ": " + (reached.isPresent()
                    ? "it links to " + reached.get() + ", where " + why : why));
        }
        // Through a temporary in the same folder renamed over the file: OpenCV deletes a file it fails to write, so a
        // --force over an existing overlay that failed (a full disk, a picture too wide for JPEG) lost both versions.
        try {
            AtomicFile.write(file, temporary -> encode(image, file, temporary, compact));
        } catch (Failed e) {
            throw e.image;
        } catch (IOException e) {
            throw new ImageException("cannot write image " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses, naming the file, a picture no image file holds: OpenCV's own refusal of 2 channels (grey with alpha,
     * which CamSession and Overlay take) was its assertion over two lines, with its build's source path, and a
     * 3-dimensional Mat failed as "check permissions and free space" after libpng's warnings.
     */
    private static void checkWritableShape(Mat image, Path file) throws ImageException {
        if (image.dims() > 2) {
            throw new ImageException("cannot write image " + file + ": it has " + image.dims() + " dimensions; a"
                    + " picture has 2 (rows x columns)");
        }
        int channels = image.channels();
        if (channels != 1 && channels != 3 && channels != 4) {
            boolean greyAlpha = channels == 2;
            throw new ImageException("cannot write image " + file + ": it has " + channels + " channels"
                    + (greyAlpha ? " (grey with alpha)" : "") + ", and image files hold 1 (grey), 3 (BGR) or 4 (BGRA)"
                    + (greyAlpha ? ": lay it on a ground first (Images.flatten(image), as cam4j reads it)" : ""));
        }
    }

    /** An {@link ImageException} carried through {@link AtomicFile}'s writer, which may throw only IOException. */
    private static final class Failed extends IOException {
        private final ImageException image;

        Failed(ImageException image) {
            super(image.getMessage(), image);
            this.image = image;
        }
    }

    /**
     * Encodes {@code image} into {@code temporary}, which ends as the file written does (the one a link to it reaches),
     * so its name gives the format; messages name {@code file}, as given.
     */
    private static void encode(Mat image, Path file, Path temporary, boolean compact) throws Failed {
        String lower = temporary.toString().toLowerCase(java.util.Locale.ROOT);
        String unfit = formatProblem(image, lower);
        if (unfit != null) {
            throw new Failed(new ImageException("cannot write image " + file + ": " + unfit));
        }
        boolean written;
        // OpenCV's encoders take 8-bit (and PNG/TIFF 16-bit) pixels; others it casts with a warning (float 0..1
        // becomes 0 and 1, a 16-bit JPEG saturates at 255). Such images are brought to 8 bits by the class's rule.
        boolean sixteenOk = image.depth() == CV_16U && lower.matches(".*\\.(png|tiff?)$");
        boolean convert = image.depth() != CV_8U && !sixteenOk;
        boolean pam = lower.endsWith(".pam");
        try (Mat eight = convert ? toDepth8(image) : null;
                Mat redFirst = pam ? PamChannels.toRgb(convert ? eight : image) : null) {
            Mat pixels = redFirst != null ? redFirst : convert ? eight : image;
            // Giving a PNG a compression level also sets zlib's default strategy (OpenCV's PngEncoder).
            boolean png = lower.endsWith(".png");
            if (compact && png) {
                try (IntPointer params = new IntPointer(IMWRITE_PNG_COMPRESSION, 1)) {
                    written = imwrite(temporary.toString(), pixels, params);
                }
            } else if (redFirst != null) {
                try (IntPointer params = new IntPointer(IMWRITE_PAM_TUPLETYPE,
                        PamChannels.tupleType(redFirst.channels()))) {
                    written = imwrite(temporary.toString(), pixels, params);
                }
            } else {
                written = imwrite(temporary.toString(), pixels);
            }
        } catch (RuntimeException e) {
            // OpenCV reports bad depth/channel combinations as a C++ exception, which JavaCPP rethrows unchecked.
            throw new Failed(new ImageException("cannot write image " + file + ": " + e.getMessage(), e));
        }
        if (!written) {
            throw new Failed(new ImageException("cannot write image " + file + " (OpenCV's imwrite failed: check "
                    + "permissions and free space)"));
        }
    }

    /**
     * What a format's writer refuses of a picture, said before OpenCV is asked: it answers with imwrite's "false" only,
     * which read as a disk problem ("check permissions and free space": demo --out figure.pgm, a grey picture to .ppm,
     * a BGRA one to .ppm, .pnm, .hdr or .pfm), after its own "[ERROR:0@...] global loadsave.cpp ... imwrite_" lines on
     * standard error; or it wrote a BGRA picture without its alpha (JPEG, BMP) or garbled (Sun raster).
     *
     * @param image the picture, 1 to 4 channels
     * @param lower the name of the file written (the one a link reaches), in lower case: its extension is the format
     * @return what is wrong, or null when the format takes the picture
     */
    private static String formatProblem(Mat image, String lower) {
        int channels = image.channels();
        if (lower.matches(".*\\.(pgm|pbm)$") && channels != 1) {
            return "PGM and PBM files hold grey pictures, and this one has " + channels + " channels (write it as"
                    + (channels == 3 ? " .png or .ppm)" : " .png or .pam, which keep alpha)");
        }
        if (lower.endsWith(".ppm") && channels != 3) {
            return "PPM files hold colour pictures (3 channels), and this one has " + (channels == 1
                    ? "1 channel (write it as .pgm or .png)"
                    : channels + " channels (write it as .png or .pam, which keep alpha)");
        }
        // JPEG and BMP drop alpha without a word, showing what the transparent pixels hide (often black, or any colour
        // an editor left there), and Sun raster stores it where readers, OpenCV's own included, take a pad byte: opaque
        // black came back red. Refused as Pillow refuses RGBA to JPEG, not flattened: which ground to lay it on is the
        // caller's to choose, and Images.flatten, named in the message, is cam4j's.
        if (lower.matches(".*\\.(pnm|hdr|pic|pfm|jpe?g|jpe|bmp|dib|sr|ras)$") && channels == 4) {
            return "this format holds grey or colour pictures without alpha, and this one has 4 channels (write it as"
                    + " .png or .pam, which keep alpha, or lay it on a ground first: Images.flatten(image))";
        }
        // The format holds alpha, but OpenCV's Jasper writer takes 1 or 3 channels and answers 4 with imwrite's false,
        // which read as "check permissions and free space".
        if (lower.endsWith(".jp2") && channels == 4) {
            return "OpenCV's JPEG 2000 writer takes grey or colour pictures without alpha, and this one has 4 channels"
                    + " (write it as .png or .pam, which keep alpha, or lay it on a ground first:"
                    + " Images.flatten(image))";
        }
        // The formats' own limits.
        int side = lower.matches(".*\\.(jpe?g|jpe)$") ? 65500 : lower.endsWith(".webp") ? 16383 : Integer.MAX_VALUE;
        if (image.cols() > side || image.rows() > side) {
            return "it is " + image.cols() + "x" + image.rows() + " pixels, and its format holds at most " + side
                    + " a side (write it as .png)";
        }
        return null;
    }

    /**
     * @param file a file to write, by its extension
     * @return whether this OpenCV build writes the file's format: not for JPEG 2000 and OpenEXR, whose codecs it builds
     *     but leaves off unless {@code OPENCV_IO_ENABLE_JASPER} or {@code OPENCV_IO_ENABLE_OPENEXR} is set, and which
     *     are answered without asking OpenCV, whose {@code haveImageWriter} printed a paragraph on enabling them
     */
    public static boolean hasWriter(Path file) {
        if (OffCodecs.offByName(file)) {
            return false;
        }
        try {
            return haveImageWriter(file.toString());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * @param any a non-empty image with 1, 2 (grey with alpha), 3 (BGR) or 4 (BGRA) channels, alpha composited as
     *     {@link #flatten(Mat)} does, of any depth (see the class's scaling rule)
     * @return a new {@code CV_8UC1} grey image; the caller closes it
     * @throws IllegalArgumentException when the image is null or empty, or has another channel count
     */
    public static Mat toGray8(Mat any) {
        int channels = checkImage(any);
        Mat out = new Mat();
        try (Mat eight = toDepth8(any);
                Mat flat = channels == 2 || channels == 4 ? Transparency.composite(eight) : null) {
            switch (channels) {
                case 1 -> eight.copyTo(out);
                case 2 -> flat.copyTo(out);
                case 3 -> cvtColor(eight, out, COLOR_BGR2GRAY);
                default -> cvtColor(flat, out, COLOR_BGR2GRAY);
            }
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }

    /**
     * @param any a non-empty image with 1 (grey), 2 (grey with alpha), 3 (BGR) or 4 (BGRA) channels, alpha
     *     composited as {@link #flatten(Mat)} does, of any depth (see the class's scaling rule)
     * @return a new {@code CV_8UC3} BGR image; the caller closes it
     * @throws IllegalArgumentException when the image is null or empty, has another channel count, or holds NaN or
     *     infinity
     */
    public static Mat toBgr8(Mat any) {
        int channels = checkImage(any);
        Mat out = new Mat();
        // Grey with alpha too, as CamSession explains it: a picture it explained was refused by the overlay drawn on it.
        try (Mat eight = toDepth8(any);
                Mat flat = channels == 2 || channels == 4 ? Transparency.composite(eight) : null) {
            switch (channels) {
                case 1 -> cvtColor(eight, out, COLOR_GRAY2BGR);
                case 2 -> cvtColor(flat, out, COLOR_GRAY2BGR);
                case 3 -> eight.copyTo(out);
                default -> flat.copyTo(out);
            }
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }

    /**
     * The picture an image file shows, as an 8-bit (or float) image without alpha: what {@link #readFlat(Path)} and
     * a model's input preparation do before anything else.
     *
     * <ul>
     *   <li>16-bit images are divided by 257 (65535 -> 255), so a 16-bit image is explained exactly as its 8-bit
     *       version. 16-bit PNG and TIFF files are common (scanners, photo editors), but no model here was trained
     *       on more than 8 bits.
     *   <li>An alpha channel (BGRA, or grey with alpha) is composited away: the picture is laid on white, unless its
     *       opaque pixels are mostly light, then on black (see {@link Transparency}), so that dark ink and light ink
     *       on transparency both come out as ink on a contrasting ground; when the opaque pixels cover more than
     *       half the picture and show ink of their own (some solid ones well darker or lighter than most) they are a
     *       picture with its own ground (a photo of paper with transparent corners), and the ground continues it
     *       instead: white when they are mostly light, else black. Opaque pixels of one colour stay ink however much
     *       they cover (a thick digit cropped close). Dropping alpha would show what the file stores under its
     *       transparent pixels, often black: a black digit on transparency would be all black.
     * </ul>
     *
     * @param any a non-empty image of any depth, with 1 to 4 channels
     * @return a new Mat the caller closes: grey stays grey, BGR stays BGR, BGRA becomes BGR and grey with alpha
     *     becomes grey; 8-bit when {@code any} was 16-bit or had alpha, else a copy of its depth
     * @throws IllegalArgumentException when the image is null or empty
     */
    public static Mat flatten(Mat any) {
        if (any == null || any.isNull() || any.empty()) {
            // A missing picture is named so: it was called "empty", as if one had been given.
            throw new IllegalArgumentException(any == null ? "image is null" : "image is empty");
        }
        boolean alpha = any.channels() == 2 || any.channels() == 4;
        if (any.depth() != CV_16U && !alpha) {
            return any.clone();
        }
        Mat eight = any.depth() == CV_8U ? any : toDepth8(any);
        try {
            return alpha ? Transparency.composite(eight) : eight == any ? any.clone() : eight;
        } finally {
            if (alpha && eight != any) {
                eight.close();
            }
        }
    }

    private static int checkImage(Mat any) {
        if (any == null || any.isNull() || any.empty()) {
            // A missing picture is named so: it was called "empty", as if one had been given.
            throw new IllegalArgumentException(any == null ? "image is null" : "image is empty");
        }
        if (any.dims() != 2) {
            // A 2x28x28 Mat was blended as a 2-row picture 28 columns wide, where CamSession refuses it (helper-166).
            throw new IllegalArgumentException("image has " + any.dims() + " dimensions; a picture has 2 (rows x"
                    + " columns)");
        }
        int channels = any.channels();
        if (channels < 1 || channels > 4) {
            throw new IllegalArgumentException(
                    "image must have 1 (grey), 2 (grey, alpha), 3 (BGR) or 4 (BGRA) channels, has " + channels);
        }
        return channels;
    }

    /**
     * Floats times {@code scale} to 8 bits, values above 255 first capped. OpenCV rounds to int before saturating: past
     * 2^31 a value wraps to a negative and became 0, so a float file's brightest strokes (3e38) vanished into a blank
     * picture, and a Radiance HDR sun at 1e8 (times 255) came out black.
     */
    private static void cappedTo8Bit(Mat floats, double scale, Mat out) {
        try (Mat capped = new Mat()) {
            threshold(floats, capped, 255.0 / scale, 255.0 / scale, THRESH_TRUNC);
            capped.convertTo(out, CV_8U, scale, 0);
        }
    }

    /** @return a new 8-bit Mat with the same channels, scaled by the class's rule */
    private static Mat toDepth8(Mat any) {
        if (any.depth() == CV_16F) {
            // Half floats are floats: clamped as an integer depth is, a 0..1 picture came out black (0.5 -> 0).
            try (Mat single = new Mat()) {
                any.convertTo(single, CV_32F);
                return toDepth8(single);
            }
        }
        Mat out = new Mat();
        try {
            int depth = any.depth();
            if (depth == CV_8U) {
                any.copyTo(out);
            } else if (depth == CV_16U) {
                any.convertTo(out, CV_8U, 1.0 / 257.0, 0);
            } else if (depth == CV_32F || depth == CV_64F) {
                // NaN became black and infinity made the picture's 0..1 pixels black (the scale rule took it as
                // 0..255), under an overlay drawn without a word (helper-154); CamSession refuses the same Mat.
                String at = nonFiniteAt(any);
                if (at != null) {
                    throw new IllegalArgumentException("image holds a non-finite value (NaN or infinity) at " + at
                            + ": its float pixels cannot be shown");
                }
                double peak;
                try (Mat noMask = new Mat()) {
                    peak = norm(any, NORM_INF, noMask);
                }
                double scale = peak <= 1.0 ? 255.0 : 1.0;
                if (peak * scale > 255.0) {
                    cappedTo8Bit(any, scale, out);
                } else {
                    any.convertTo(out, CV_8U, scale, 0);
                }
            } else {
                any.convertTo(out, CV_8U);
            }
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }
}
