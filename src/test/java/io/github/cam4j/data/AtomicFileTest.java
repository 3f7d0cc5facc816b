package io.github.cam4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file written through {@link AtomicFile} is whole or not there: {@code evaluate}'s report.md and report.json were
 * written in place, and a failure (or Ctrl-C) midway left half a file that read as a report.
 */
class AtomicFileTest {
    @TempDir
    Path tmp;

    /** Writes half of a report, then fails, as a full disk or a stopping JVM would. */
    private static void halfThenFail(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("# cam4j evaluation\n\n| model | accu".getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new IOException("No space left on device");
        }
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFailureMidwayLeavesNoFile() throws Exception {
        Path md = tmp.resolve("report.md");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(md, AtomicFileTest::halfThenFail));
        assertEquals("No space left on device", e.getMessage());
        assertEquals(List.of(), names(), "neither the half file nor its temporary is left");
    }

    @Test
    void aFailureMidwayKeepsThePreviousFile() throws Exception {
        Path md = Files.writeString(tmp.resolve("report.md"), "the previous report\n");
        assertThrows(IOException.class, () -> AtomicFile.write(md, AtomicFileTest::halfThenFail));
        assertEquals("the previous report\n", Files.readString(md));
        assertEquals(List.of("report.md"), names());
    }

    @Test
    void aWholeWriteReplacesTheFileAndLeavesNothingElse() throws Exception {
        Path json = Files.writeString(tmp.resolve("report.json"), "{\"old\": true}");
        AtomicFile.write(json, f -> Files.writeString(f, "{\"new\": true}"));
        assertEquals("{\"new\": true}", Files.readString(json));
        assertEquals(List.of("report.json"), names());
    }

    /** The temporary keeps the file's extension, so a writer that picks its format by it (OpenCV's) still can. */
    @Test
    void theTemporaryKeepsTheExtensionAndIsKnownAsALeftover() throws Exception {
        Path png = tmp.resolve("summary.png");
        Path[] seen = new Path[1];
        AtomicFile.write(png, f -> {
            seen[0] = f;
            Files.writeString(f, "x");
        });
        String name = seen[0].getFileName().toString();
        assertEquals(tmp, seen[0].getParent(), "in the same folder, so the move is a rename");
        assertTrue(name.endsWith(".png") && name.startsWith("."), name);
        assertTrue(AtomicFile.isLeftover(name), name);
        assertFalse(AtomicFile.isLeftover("summary.png"));
        assertFalse(AtomicFile.isLeftover("report.md"));
        // A leftover names the file it was to become (a folder of frames recognises its own leftovers by it).
        assertEquals(java.util.Optional.of("summary.png"), AtomicFile.leftoverOf(name));
        assertEquals(java.util.Optional.empty(), AtomicFile.leftoverOf("summary.png"));
    }

    /**
     * A name that fits whole after the temporary's 39-byte prefix (".part-", 32 hex digits, "-") is kept whole: 216
     * bytes make a temporary of exactly 255, the longest allowed, and its leftover names the file in full.
     */
    @Test
    void aNameThatJustFitsIsKeptWholeInTheTemporary() throws Exception {
        String name = "r".repeat(212) + ".png";
        assertEquals(216, name.getBytes(StandardCharsets.UTF_8).length);
        List<String> temporaries = new java.util.ArrayList<>();
        AtomicFile.write(tmp.resolve(name), f -> {
            temporaries.add(f.getFileName().toString());
            Files.writeString(f, "whole");
        });
        assertEquals(255, temporaries.get(0).getBytes(StandardCharsets.UTF_8).length, temporaries.get(0));
        assertEquals(java.util.Optional.of(name), AtomicFile.leftoverOf(temporaries.get(0)));
    }

    /** Links that go round in a loop are refused in one line naming the file, and nothing is written. */
    @Test
    void aLinkLoopIsRefusedNamingTheFile() throws Exception {
        Path a = Files.createSymbolicLink(tmp.resolve("a.md"), tmp.resolve("b.md"));
        Files.createSymbolicLink(tmp.resolve("b.md"), a);
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(a, f -> Files.writeString(f, "x")));
        assertEquals("cannot write " + a + ": its symbolic links go round in a loop", e.getMessage());
        assertEquals(List.of("a.md", "b.md"), names());
    }

    /**
     * A name near the file system's 255 bytes is written: its temporary's prefix took it past them, and {@code evaluate}
     * on a model whose folder name was 215 characters failed ("cannot write image .../mmm...-baselines.png"), where
     * it had written its report. The temporary keeps the name's end, its extension (OpenCV writes by it), and is still
     * a leftover by its name.
     */
    @Test
    void aLongNameIsWritten() throws Exception {
        for (String name : List.of("r".repeat(250) + ".png", "\u00e9".repeat(120) + ".md")) {
            Path file = tmp.resolve(name);
            List<String> temporaries = new java.util.ArrayList<>();
            AtomicFile.write(file, f -> {
                temporaries.add(f.getFileName().toString());
                Files.writeString(f, "whole");
            });
            assertEquals("whole", Files.readString(file));
            String temporary = temporaries.get(0);
            assertTrue(temporary.getBytes(StandardCharsets.UTF_8).length <= 255, temporary);
            assertTrue(temporary.endsWith(name.substring(name.lastIndexOf('.'))), temporary);
            assertTrue(AtomicFile.isLeftover(temporary), temporary);
        }
    }

    /**
     * A symbolic link in an output folder is written through, as writing in place did, and a replaced file keeps its
     * permissions: the rename replaced the link by a file of its own (the file it named left as it was) and gave the
     * default mode (helper-68).
     */
    @Test
    void aLinkIsWrittenThroughAndAReplacedFileKeepsItsMode() throws Exception {
        Path real = java.nio.file.Files.createDirectories(tmp.resolve("real")).resolve("chart.png");
        java.nio.file.Files.writeString(real, "old");
        java.nio.file.Files.setPosixFilePermissions(real, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        Path out = java.nio.file.Files.createDirectories(tmp.resolve("out"));
        Path link = java.nio.file.Files.createSymbolicLink(out.resolve("chart.png"), java.nio.file.Path.of("../real/chart.png"));
        AtomicFile.write(link, t -> java.nio.file.Files.writeString(t, "new"));
        org.junit.jupiter.api.Assertions.assertTrue(java.nio.file.Files.isSymbolicLink(link), "still a link");
        org.junit.jupiter.api.Assertions.assertEquals("new", java.nio.file.Files.readString(real));
        org.junit.jupiter.api.Assertions.assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(real)));
        try (var left = java.nio.file.Files.list(out)) {
            org.junit.jupiter.api.Assertions.assertEquals(1, left.count(), "no temporary left beside the link");
        }
    }

    /**
     * A link's ".." is resolved from the folder it is in, as the kernel does, also when that folder is reached through a
     * link: taken off the text of the path, it named another file (helper-69).
     */
    @Test
    void aLinkInALinkedFolderIsFollowedAsTheKernelDoes() throws Exception {
        Path run = java.nio.file.Files.createDirectories(tmp.resolve("data/run1/out"));
        Path shared = java.nio.file.Files.createDirectories(tmp.resolve("data/run1/shared")).resolve("x.png");
        java.nio.file.Files.writeString(shared, "old");
        java.nio.file.Files.createSymbolicLink(run.resolve("x.png"), java.nio.file.Path.of("../shared/x.png"));
        Path out = java.nio.file.Files.createSymbolicLink(tmp.resolve("out"), run);
        AtomicFile.write(out.resolve("x.png"), t -> java.nio.file.Files.writeString(t, "new"));
        org.junit.jupiter.api.Assertions.assertEquals("new", java.nio.file.Files.readString(shared));
        org.junit.jupiter.api.Assertions.assertFalse(java.nio.file.Files.exists(tmp.resolve("shared")), "no file beside");
    }

    /**
     * A FIFO (or a link to one) is written into, not renamed over: renamed over, a special file became a regular one,
     * and a run as root writing a report to /dev/null replaced /dev/null with it (seen on this machine: the suite's
     * FileKindsTest then failed, /dev/null a regular empty file). The reader on the pipe gets the content, and the FIFO
     * stays a FIFO; nothing is left in its folder.
     */
    @Test
    void aFifoIsWrittenIntoNotReplaced() throws Exception {
        Path fifo = tmp.resolve("report.json");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        Path link = Files.createSymbolicLink(tmp.resolve("link.json"), fifo);
        for (Path given : List.of(fifo, link)) {
            java.util.concurrent.CompletableFuture<String> read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return Files.readString(fifo);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            AtomicFile.write(given, t -> Files.writeString(t, "{\"ok\": true}"));
            assertEquals("{\"ok\": true}", read.get(20, java.util.concurrent.TimeUnit.SECONDS), given.toString());
            assertTrue(FileKinds.isFifo(fifo), "still a FIFO after writing " + given);
        }
        assertEquals(List.of("link.json", "report.json"), names(), "nothing left beside it");
    }
}
