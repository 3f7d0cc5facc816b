package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a bundled model's bare name opens when the working folder holds a folder of that name. */
class ModelPathsTest {
    @TempDir
    Path tmp;

    /**
     * A folder of a bundled model's name in the working folder is taken first, by design (a retrained model is never
     * hidden); when it holds no model, the error says so and how to reach the bundled one. The loader's "mnist-pooled
     * is not a SavedModel: it has no saved_model.pb" did not say why the bundled model was not taken (helper-152).
     */
    @Test
    void aFolderOfABundledNameWithoutAModelSaysItHidesTheBundledOne() throws Exception {
        Files.createDirectories(tmp.resolve("mnist-pooled"));
        assertEquals("cam4j: error: --model mnist-pooled: the folder " + tmp.resolve("mnist-pooled").toRealPath()
                + " is taken before the bundled model of that name, and it is not a SavedModel (it has no"
                + " saved_model.pb); rename it, or run cam4j from another folder, to use the bundled model",
                inspectFromTmp("mnist-pooled", 1));
    }

    /**
     * A file of a bundled model's name in the working folder is named the same way: it had been "--model mnist-pooled
     * is a file, not a SavedModel folder", with no word of the bundled model it hides. A path of the wrong kind: exit 2.
     */
    @Test
    void aFileOfABundledNameSaysItHidesTheBundledOne() throws Exception {
        Files.writeString(tmp.resolve("mnist-unpooled"), "notes");
        assertEquals("cam4j: error: --model mnist-unpooled: the file " + tmp.resolve("mnist-unpooled").toRealPath()
                + " is taken before the bundled model of that name, and it is a file, not a SavedModel folder; rename it,"
                + " or run cam4j from another folder, to use the bundled model (see 'cam4j inspect --help')",
                inspectFromTmp("mnist-unpooled", 2));
    }

    /**
     * A --model that is a symbolic link to nothing is named as one, with where it points (helper-268: "model folder
     * dangling does not exist or is not a folder" of a link the user sees in the folder). Exit 1: what the disk holds.
     */
    @Test
    void aLinkToNothingIsNamedAsALink() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("gone"));
        for (String command : new String[] {"inspect", "explain"}) {
            CliRun run = "inspect".equals(command) ? CliRun.of("inspect", "--model", link.toString())
                    : CliRun.of("explain", "--model", link.toString(), "--grid", tmp.resolve("g.png").toString());
            assertEquals(1, run.exitCode(), run.err());
            assertEquals("cam4j: error: --model " + link + " is a link to " + tmp.resolve("gone") + ", which does not exist",
                    run.err().strip(), command);
        }
    }

    /**
     * A --model link to nothing is followed to its end, as the kernel follows it (helper-270, h270): through a chain
     * (la -> lb -> gone) it was "a link to lb, which does not exist", where lb stands, a link itself; and links in a
     * loop (lx -> ly -> lx) were said the same, as if ly were missing. Now each hop is named, and a loop as a loop.
     */
    @Test
    void aChainOfLinksToNothingAndALoopAreSaidAsTheyAre() throws Exception {
        Path lb = Files.createSymbolicLink(tmp.resolve("lb"), tmp.resolve("gone"));
        Path la = Files.createSymbolicLink(tmp.resolve("la"), lb);
        CliRun chain = CliRun.of("inspect", "--model", la.toString());
        assertEquals(1, chain.exitCode(), chain.err());
        assertEquals("cam4j: error: --model " + la + " is a link to " + lb + ", a link to " + tmp.resolve("gone")
                + ", which does not exist", chain.err().strip());
        Path lx = tmp.resolve("lx");
        Files.createSymbolicLink(tmp.resolve("ly"), lx);
        Files.createSymbolicLink(lx, tmp.resolve("ly"));
        CliRun loop = CliRun.of("inspect", "--model", lx.toString());
        assertEquals(1, loop.exitCode(), loop.err());
        assertEquals("cam4j: error: --model " + lx + " is a symbolic link, and its links go round in a loop",
                loop.err().strip());
    }

    /** @return standard error of {@code inspect --model NAME} run in {@link #tmp}, once it exited with {@code code} */
    private String inspectFromTmp(String name, int code) throws Exception {
        Path err = tmp.resolve("err.txt");
        Process p = CliProcess.builder(CliProcess.command("inspect", "--model", name)).directory(tmp.toFile())
                .redirectError(err.toFile()).redirectOutput(tmp.resolve("out.txt").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "inspect ends");
        assertEquals(code, p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
        return Files.readString(err, StandardCharsets.UTF_8).strip();
    }
}
