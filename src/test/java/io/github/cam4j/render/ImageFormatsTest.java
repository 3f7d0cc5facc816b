package io.github.cam4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link Images#read} says of a file from its first bytes, before OpenCV is asked (ImageFormats): the format it
 * cannot read, the size a header declares, the format a damaged file starts as. Each file is written byte by byte as
 * the format's specification lays it out.
 */
class ImageFormatsTest {
    private static final String READS = " file, which cam4j cannot read; it reads PNG, JPEG, BMP, TIFF, WebP, PBM/PGM/PPM,"
            + " PFM, Radiance HDR and Sun raster (convert it, e.g. to PNG)";

    @TempDir
    Path dir;

    /**
     * A GIF is said to be one whatever size it declares: "declares 65535x65535 pixels ...; scale it down first" sent
     * its user to shrink a picture cam4j would then refuse as a GIF.
     */
    @Test
    void aLargeGifIsNamedAsAGifNotAsTooLarge() throws Exception {
        Path gif = Files.write(dir.resolve("huge.gif"), bytes("GIF89a\u00ff\u00ff\u00ff\u00ff\u0080\0\0"));
        assertEquals("image " + gif + " is a GIF" + READS,
                assertThrows(ImageException.class, () -> Images.read(gif)).getMessage());
    }

    /** @return the parts, byte arrays as they are and strings as ISO 8859-1, one after the other */
    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            out.writeBytes(p instanceof byte[] b ? b : ((String) p).getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }
}
