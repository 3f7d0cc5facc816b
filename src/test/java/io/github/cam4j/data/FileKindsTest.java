package io.github.cam4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every "is not a regular file" refusal says (pictures, models, datasets, videos), on real files of each kind
 * made in a temporary folder: a FIFO by mkfifo, a socket bound by Java, links made to loop or to point nowhere.
 */
class FileKindsTest {
    @TempDir
    Path dir;

    private Path fifo(String name) throws Exception {
        Path fifo = dir.resolve(name);
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        return fifo;
    }

    /** A regular file, a link to one, and a path where nothing is are no refusal: the caller's own checks name them. */
    @Test
    void aRegularFileALinkToOneAndNothingAreNotRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("a.txt"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), file);
        for (Path p : new Path[] {file, link, dir.resolve("absent.txt")}) {
            assertEquals(Optional.empty(), FileKinds.notRegular(p), p.toString());
            assertEquals(Optional.empty(), FileKinds.refusal(p, "image"), p.toString());
            assertFalse(FileKinds.isFifo(p), p.toString());
        }
    }

    /** Each kind is named, and the refusal is one line naming the role, the path and the kind. */
    @Test
    void eachKindIsNamedInTheRefusal() throws Exception {
        Path fifo = fifo("fifo.png");
        Path loop1 = Files.createSymbolicLink(dir.resolve("loop1.png"), dir.resolve("loop2.png"));
        Files.createSymbolicLink(dir.resolve("loop2.png"), loop1);
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.png"), dir.resolve("gone.png"));
        Path folder = Files.createDirectories(dir.resolve("folder.png"));
        Path socket = dir.resolve("socket.png");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertEquals(Optional.of("a socket"), FileKinds.notRegular(socket));
        }
        assertEquals(Optional.of("a FIFO (named pipe)"), FileKinds.notRegular(fifo));
        assertEquals(Optional.of("a symbolic link loop"), FileKinds.notRegular(loop1));
        assertEquals(Optional.of("a link to a missing file"), FileKinds.notRegular(dangling));
        assertEquals(Optional.of("a directory"), FileKinds.notRegular(folder));
        assertEquals(Optional.of("a character device"), FileKinds.notRegular(Path.of("/dev/null")));
        assertEquals(Optional.of("model file " + fifo + " is a FIFO (named pipe), not a regular file"),
                FileKinds.refusal(fifo, "model file"));
        assertEquals(Optional.of("image " + folder + " is a directory, not a regular file"),
                FileKinds.refusal(folder, "image"));
    }

    /** A FIFO is read once and cannot seek: known as one directly and through a link, and nothing else is. */
    @Test
    void aFifoIsKnownThroughALinkAndNothingElseIsOne() throws Exception {
        Path fifo = fifo("pipe");
        assertTrue(FileKinds.isFifo(fifo));
        assertTrue(FileKinds.isFifo(Files.createSymbolicLink(dir.resolve("to-pipe"), fifo)), "a link is followed");
        assertFalse(FileKinds.isFifo(dir), "a directory");
        assertFalse(FileKinds.isFifo(Path.of("/dev/null")), "a character device");
    }
}
