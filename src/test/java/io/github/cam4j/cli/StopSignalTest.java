package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.testing.SharedData;
import io.github.cam4j.video.TestVideos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SIGTERM (what {@code kill PID} sends; a terminal's Ctrl-C is SIGINT, which runs the same shutdown hooks) to
 * {@code cam4j video} or {@code cam4j explain}, at any time, is answered with a line on standard error saying it
 * stopped and what was written, and standard output, which holds results, gets no such line (it had it, so that
 * {@code cam4j maximize ... > out.txt} put a diagnostic among the results). While the model loaded, both ended without a word; explain said nothing after either.
 * The commands run in a JVM of their own, the variables the launcher would set already set, so the signal reaches the
 * command's JVM. To be sure the model is loading when the signal comes, its variables file is a named pipe: loading
 * blocks on it until this test writes, which it never does.
 */
class StopSignalTest {
    @TempDir
    Path tmp;

    /**
     * A command that does not stop within the wait is ended, not left running: the JVM's shutdown had gone on after
     * "ending it" and waited on a hook stuck behind the command's TensorFlow call for 12 minutes (helper-161).
     */
    @Test
    void aCommandThatDoesNotStopIsEndedAfterTheWait() throws Exception {
        assertEndedAfterTheWait(stuckCommand());
    }

    /**
     * Ended while writing a file, the command leaves the file as it was and no hidden temporary beside it: the halt runs
     * no finally block, and the temporary of the write under way was left (helper-194's finding).
     */
    @Test
    void aCommandEndedWhileWritingAFileLeavesNoTemporary() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("out"));
        Path overlay = Files.writeString(folder.resolve("overlay.png"), "the user's old file");
        assertEndedAfterTheWait(stuckCommand(overlay.toString()));
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of(overlay), files.toList(), "only the file, as it was");
        }
        assertEquals("the user's old file", Files.readString(overlay));
    }

    private List<String> stuckCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StuckCommand.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private void assertEndedAfterTheWait(List<String> command) throws Exception {
        Path stdout = tmp.resolve("stuck.txt");
        Path stderr = tmp.resolve("stuck-err.txt");
        Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            long start = System.nanoTime();
            while (!Files.readString(stdout).contains("working")) {
                assertTrue(p.isAlive() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), Files.readString(stdout));
                Thread.sleep(20);
            }
            p.destroy(); // SIGTERM
            // The wait is 1 s; 20 s leaves room for a busy machine.
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "ended: " + Files.readString(stdout));
            assertEquals(StopSignal.STOPPED_EXIT, p.exitValue());
            assertTrue(Files.readString(stderr).contains("cam4j: the command did not stop within 1 s of the signal;"
                    + " ending it: what it was writing may be cut short"), Files.readString(stderr));
            assertEquals("working", Files.readString(stdout).strip(), "nothing but the command's own output");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void videoStoppedWhileTheModelLoadsSaysSo() throws Exception {
        Path clip = tmp.resolve("clip.mp4");
        TestVideos.movingDigits(clip, Dataset.open(SharedData.mnist()).test(), 96, 64, 10, 1, false, 25, false);
        Path out = tmp.resolve("out.mp4");
        Said said = stoppedWhileLoading("video", clip.toString(), "--out", out.toString());
        assertEquals("cam4j: stopped before the model had loaded; nothing was written", said.stopLine());
        assertFalse(Files.exists(out));
    }

    @Test
    void explainStoppedWhileTheModelLoadsSaysSo() throws Exception {
        Path image = digitPng(tmp.resolve("digit.png"));
        Path out = tmp.resolve("overlays");
        Said said = stoppedWhileLoading("explain", image.toString(), "--out", out.toString());
        assertEquals("cam4j: stopped before the model had loaded; nothing was written", said.stopLine());
        // With --json the document, a result, is on standard output, the stop its last entry; the line on standard error.
        Said json = stoppedWhileLoading("explain", "--json", image.toString(), "--out", out.toString());
        assertEquals(List.of("cam4j: stopped before the model had loaded; nothing was written"),
                json.err().lines().filter(l -> l.startsWith("cam4j:")).toList());
        com.fasterxml.jackson.databind.JsonNode document = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                json.out());
        assertEquals(1, document.size(), document.toString());
        assertTrue(document.get(0).get("image").isNull(), document.toString());
        assertEquals("stopped before the model had loaded; nothing was written", document.get(0).get("error").asText());
    }

    /** Stopped midway through a folder of images, explain says how many it explained, and their overlays are there. */
    @Test
    void explainStoppedMidwaySaysHowFarItGot() throws Exception {
        Path one = digitPng(tmp.resolve("one.png"));
        Path folder = Files.createDirectories(tmp.resolve("digits"));
        int count = 4000;
        for (int i = 0; i < count; i++) {
            Files.copy(one, folder.resolve(String.format("d%05d.png", i)));
        }
        Path out = tmp.resolve("overlays");
        Path stdout = tmp.resolve("stdout.txt");
        Process p = cam4j(stdout, "explain", "--model", "saved_models/mnist-pooled", folder.toString(), "--out",
                out.toString());
        try {
            while (p.isAlive() && overlays(out) == 0) {
                Thread.sleep(20);
            }
            p.destroy();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "explain ends");
        } finally {
            p.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(stdout);
        String last = cam4jLine(stderrOf(stdout));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("cam4j: stopped after (\\d+) of " + count
                + " images; their overlays are in " + java.util.regex.Pattern.quote(out.toString())).matcher(last);
        assertTrue(m.matches(), last);
        int explained = Integer.parseInt(m.group(1));
        assertTrue(explained > 0 && explained < count, last);
        assertEquals(explained, overlays(out), "an overlay per image said");
        assertEquals(explained, lines.size(), "a line per image on standard output, the stop on standard error");
    }

    /**
     * Stopped during one picture's long method run (SS-CAM's 1000 samples: some 27 s of runs for a 28x28 digit here),
     * explain stops the run and says so as between pictures. It looked for a stop only between pictures: the run went on
     * to its end, 24 s after the signal here (its overlay written, the stop not said), and a run longer than the
     * hook's 30 s wait was halted ("the command did not stop within 30 s of the signal; ending it"). The signal is sent
     * once TensorFlow has said the model is loaded (its log shown for that), and 3 s more into the run.
     */
    @Test
    void explainStoppedDuringOnePicturesLongMethodRunSaysSoPromptly() throws Exception {
        Path image = digitPng(tmp.resolve("digit.png"));
        Path out = tmp.resolve("overlays");
        Path stdout = tmp.resolve("sscam-stdout.txt");
        Process p = signalledAfterTheLoad(stdout, "explain", "--model", "saved_models/mnist-pooled", "--method", "sscam",
                "--sscam-samples", "1000", image.toString(), "--out", out.toString());
        // It ended 0.07 s after the signal here (a run of the digit's 128 masked copies takes some 30 ms).
        assertStoppedPromptly(p, stdout, "cam4j: stopped after 0 of 1 images; no overlay was written", out);
    }

    /**
     * explain --grid under SS-CAM's 1000 samples (some 27 s of runs per digit here, 4 digits) stopped while it draws:
     * it says so at once and writes nothing. It let the figure be drawn (the hook's "a second's work"), and was halted
     * 30 s on with "the command did not stop within 30 s of the signal; ending it".
     */
    @Test
    void explainGridStoppedDuringItsLongMethodRunsSaysSoPromptly() throws Exception {
        Path grid = tmp.resolve("grid.png");
        Path stdout = tmp.resolve("grid-stdout.txt");
        Process p = signalledAfterTheLoad(stdout, "explain", "--model", "saved_models/mnist-pooled", "--method", "sscam",
                "--sscam-samples", "1000", "--grid", grid.toString(), "--data", SharedData.mnist().toString(),
                "--first", "4");
        assertStoppedPromptly(p, stdout, "cam4j: stopped before the figure was drawn; nothing was written", grid);
    }

    /**
     * maximize stopped during its steps stops them between two, and says how far it got and that nothing was written.
     * It ended as the JVM went down under the steps, with a line that said no more than "maximize stopped" (and one
     * step of a large picture could hold the JVM's end). The signal is sent 3 s into a million steps of the ten digits.
     */
    @Test
    void maximizeStoppedDuringItsStepsSaysHowFarItGot() throws Exception {
        Path figure = tmp.resolve("maximized.png");
        Path stdout = tmp.resolve("maximize-stdout.txt");
        // Signalled once its bar says a step is done: 3 s after the load was not always past the first step on a loaded
        // machine (CI, load average 16: "stopped after 0 of 1000000 steps"). The bar's first line comes after step 1.
        Process p = signalledOnceSaid(stdout, "/1000000 steps", 500, "maximize", "--model", "saved_models/mnist-pooled",
                "--steps", "1000000", "--out", figure.toString());
        double seconds = secondsToEnd(p);
        // 20 s leaves room for a busy machine and is below the hook's 30 s wait, after which it halts the JVM.
        assertTrue(seconds < 20, "ended " + seconds + " s after the signal");
        String line = cam4jLine(stderrOf(stdout));
        System.out.printf("ended %.1f s after the signal: %s%n", seconds, line);
        java.util.regex.Matcher said = java.util.regex.Pattern.compile(
                "cam4j: maximize stopped after (\\d+) of 1000000 steps; nothing was written").matcher(line);
        assertTrue(said.matches(), line);
        int done = Integer.parseInt(said.group(1));
        assertTrue(done > 0 && done < 1_000_000, line);
        // 128 + 15: the JVM's exit on a SIGTERM once the hook let it go.
        assertEquals(143, p.exitValue());
        assertEquals("", Files.readString(stdout), "no result");
        assertFalse(Files.exists(figure), "nothing written at " + figure);
    }

    /**
     * Asserts that {@code p}, just signalled during a long method run, ended promptly with {@code stopLine}, printed
     * no result and wrote nothing at {@code output}.
     */
    private static void assertStoppedPromptly(Process p, Path stdout, String stopLine, Path output) throws Exception {
        double seconds = secondsToEnd(p);
        // 20 s leaves room for a busy machine and is below the hook's 30 s wait, after which it had halted the JVM.
        assertTrue(seconds < 20, "ended " + seconds + " s after the signal");
        assertEquals(stopLine, cam4jLine(stderrOf(stdout)));
        // 128 + 15: the JVM's exit on a SIGTERM once the hook let it go, as a stop between pictures; the hook's halt
        // exited 130.
        assertEquals(143, p.exitValue());
        assertEquals("", Files.readString(stdout), "no result");
        assertFalse(Files.exists(output), "nothing written at " + output);
    }

    /**
     * A SIGTERM while explain writes its last batch's overlays (a 1400x1400 picture's top 10 under CAM, some 0.2 s an
     * overlay here; the signal sent once the first, or its temporary, is in the folder) lets it write them all, each whole: the writing thread is
     * interrupted only inside the library's explain call, the hook waits for the command, and each overlay goes through
     * a temporary renamed over it. So the run ends as an unstopped one does, every result printed and no stop line:
     * nothing was left undone. Checked so by hand at seven signal times across the writing (helper-206).
     */
    @Test
    void explainSignalledWhileWritingItsLastOverlaysWritesThemWhole() throws Exception {
        Path image = tmp.resolve("large.png");
        try (org.bytedeco.opencv.opencv_core.Mat m = new org.bytedeco.opencv.opencv_core.Mat(1400, 1400,
                org.bytedeco.opencv.global.opencv_core.CV_8UC1, new org.bytedeco.opencv.opencv_core.Scalar(0));
                org.bytedeco.opencv.opencv_core.Scalar white = new org.bytedeco.opencv.opencv_core.Scalar(255)) {
            // A bright bar, a stroke as a digit's, at the picture's size (--fit none feeds it so).
            org.bytedeco.opencv.global.opencv_imgproc.rectangle(m, new org.bytedeco.opencv.opencv_core.Rect(600, 300,
                    200, 800), white, org.bytedeco.opencv.global.opencv_imgproc.FILLED,
                    org.bytedeco.opencv.global.opencv_imgproc.LINE_8, 0);
            io.github.cam4j.render.Images.write(m, image);
        }
        Path out = tmp.resolve("overlays");
        Path stdout = tmp.resolve("writing-stdout.txt");
        Process p = cam4j(stdout, "explain", "--model", "saved_models/mnist-pooled", "--fit", "none", "--method", "cam",
                "--top-k", "10", image.toString(), "--out", out.toString());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (p.isAlive() && overlays(out) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long begun = overlays(out);
            assertTrue(p.isAlive() && begun > 0 && begun < 10, begun + " overlays begun of 10: "
                    + Files.readString(stderrOf(stdout)));
            p.destroy(); // SIGTERM
        } catch (Exception | Error e) {
            p.destroyForcibly();
            throw e;
        }
        // Ten overlays of 0.2 s each here; the hook waits 30 s before it would halt the JVM.
        double seconds = secondsToEnd(p);
        assertTrue(seconds < StopSignal.WAIT_SECONDS, "ended " + seconds + " s after the signal");
        assertEquals(143, p.exitValue(), "128 + 15: the JVM's exit on a SIGTERM once the hook let it go");
        String err = Files.readString(stderrOf(stdout));
        assertFalse(err.contains("cam4j: stopped") || err.contains("did not stop"), err);
        assertEquals(10, Files.readAllLines(stdout).size(), "every result printed: " + Files.readString(stdout));
        try (Stream<Path> files = Files.list(out)) {
            List<Path> all = files.toList();
            assertEquals(10, all.size(), "ten overlays and nothing beside them (no temporary left): " + all);
            for (Path overlay : all) {
                try (org.bytedeco.opencv.opencv_core.Mat read = org.bytedeco.opencv.global.opencv_imgcodecs.imread(
                        overlay.toString())) {
                    // A PNG cut short decodes to an empty picture; a whole one is the picture's size (above --min-side).
                    assertEquals(List.of(1400, 1400), List.of(read.rows(), read.cols()), overlay + " decodes whole");
                }
                // And it ends as every PNG ends, with its IEND chunk (length 0, type, CRC): not cut short after a row.
                byte[] bytes = Files.readAllBytes(overlay);
                assertEquals("0000000049454e44ae426082", java.util.HexFormat.of().formatHex(java.util.Arrays.copyOfRange(
                        bytes, bytes.length - 12, bytes.length)), overlay + " ends with IEND");
            }
        }
    }

    /**
     * @return cam4j started with TensorFlow's log shown, and sent SIGTERM once that log says the model is loaded and
     *     3 s more have passed (into the command's work)
     */
    private Process signalledAfterTheLoad(Path stdout, String... args) throws Exception {
        return signalledOnceSaid(stdout, "SavedModel load", 3_000, args);
    }

    /**
     * @param said what standard error must hold before the signal (TensorFlow's log is shown)
     * @param thenMillis how long to wait after it
     * @return cam4j started, and sent SIGTERM once its standard error holds {@code said} and {@code thenMillis} more
     *     have passed
     */
    private Process signalledOnceSaid(Path stdout, String said, long thenMillis, String... args) throws Exception {
        ProcessBuilder pb = CliProcess.builder(CliProcess.command(args)).redirectOutput(stdout.toFile())
                .redirectError(stderrOf(stdout).toFile());
        pb.environment().put(NativeEnvironment.LOG_LEVEL, "0");
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (p.isAlive() && !Files.readString(stderrOf(stdout)).contains(said)
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(thenMillis);
            assertTrue(p.isAlive(), Files.readString(stderrOf(stdout)));
            p.destroy();
            return p;
        } catch (Exception | Error e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** @return the seconds from now (just after the signal) until {@code p} ends; at most 60 are waited */
    private static double secondsToEnd(Process p) throws InterruptedException {
        long signalled = System.nanoTime();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the command ends");
        } finally {
            p.destroyForcibly();
        }
        return (System.nanoTime() - signalled) / 1e9;
    }

    /**
     * Stopped while it trains, train said nothing: its bar just stopped mid-epoch. It says where it stopped and what
     * became of --out: under
     * --force the old model stays as it was (it is replaced only once the new one is whole). The signal is sent once
     * the run has said it is training, with epochs enough (5 over 20 000 digits, a minute or more here) that it is
     * still training then.
     */
    @Test
    void trainStoppedWhileTrainingSaysWhatBecameOfItsOutput() throws Exception {
        Path out = tmp.resolve("old-model");
        Path bundled = Path.of("saved_models/mnist-pooled");
        try (Stream<Path> files = Files.walk(bundled)) {
            for (Path f : files.toList()) {
                Files.copy(f, out.resolve(bundled.relativize(f).toString()));
            }
        }
        Path stdout = tmp.resolve("train-stdout.txt");
        Process p = cam4j(stdout, "train", "--arch", "pooled", "--data", SharedData.mnist().toString(), "--limit",
                "20000", "--epochs", "5", "--out", out.toString(), "--force");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (p.isAlive() && !Files.readString(stdout).contains("training pooled") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(p.isAlive() && Files.readString(stdout).contains("training pooled"), Files.readString(stdout));
            p.destroy();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "train ends");
        } finally {
            p.destroyForcibly();
        }
        assertFalse(Files.readString(stdout).contains("stopped"), Files.readString(stdout));
        // Stopped between two steps, which the command waits for and names: the JVM had ended with the training inside
        // TensorFlow (a SIGSEGV once in some 35 stops, helper-165).
        String last = cam4jLine(stderrOf(stdout));
        assertTrue(last.matches("cam4j: train stopped in epoch 1 after \\d+ of 282 steps; "
                + java.util.regex.Pattern.quote(out.toString()) + " is as it was \\(nothing was written\\)"), last);
        // 128 + 15: the JVM's exit on a SIGTERM (Process.destroy), once the hook let it go.
        assertEquals(143, p.exitValue());
        try (Stream<Path> beside = Files.list(tmp)) {
            assertEquals(List.of(), beside.filter(f -> f.getFileName().toString().startsWith(".old-model-export-"))
                    .toList(), "no staging folder left");
        }
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(bundled.resolve("saved_model.pb")),
                Files.readAllBytes(out.resolve("saved_model.pb"))), "the old model is as it was");
    }

    /**
     * Starts cam4j with {@code words} and the rest of its command line in an {@code @FILE} that is a named pipe never
     * written, and sends SIGTERM once it waits on that pipe: a stop while the command line is still being read.
     *
     * @param stdout where its standard output goes (its standard error beside it, {@link #stderrOf})
     */
    private void stopWhileItsArgumentsAreRead(Path stdout, String... words) throws Exception {
        Path arguments = tmp.resolve(stdout.getFileName() + ".arguments");
        Process mkfifo = new ProcessBuilder("mkfifo", arguments.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        String[] command = java.util.Arrays.copyOf(words, words.length + 1);
        command[words.length] = "@" + arguments;
        Process p = cam4j(stdout, command);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!openingAPipe(p) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(openingAPipe(p), "the command line is being read, waiting on the pipe");
            p.destroy();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "cam4j ends");
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * Stopped before the command began (its arguments still being read), cam4j ended without a word (helper-64: a
     * signal in the first second, exit 130, nothing said). To be sure the signal comes then, the arguments are read
     * from a named pipe (picocli's @FILE), on which reading blocks until this test writes, which it never does.
     */
    @Test
    void stoppedBeforeTheCommandBeganSaysSo() throws Exception {
        Path stdout = tmp.resolve("early-stdout.txt");
        stopWhileItsArgumentsAreRead(stdout, "inspect");
        assertEquals("cam4j: stopped before the command began; nothing was written",
                Files.readString(stderrOf(stdout)).strip());
        assertEquals("", Files.readString(stdout));

        // Only a stop is said: a command line that never begins a command (a mistyped option) ends without the line.
        Path mistyped = tmp.resolve("mistyped-stdout.txt");
        Process q = cam4j(mistyped, "inspect", "--no-such-option");
        assertTrue(q.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, q.exitValue());
        assertEquals("", Files.readString(mistyped));
        assertFalse(Files.readString(stderrOf(mistyped)).contains("stopped"), Files.readString(stderrOf(mistyped)));
    }

    /**
     * explain --json promises one JSON array whatever happens, but a stop while its command line was still being read
     * printed only the line on standard error, and standard output stayed empty (helper-228's audit). The rest of the
     * command line comes from a named pipe that is never written, so the signal surely comes then.
     */
    @Test
    void explainJsonStoppedBeforeTheCommandBeganPrintsItsDocument() throws Exception {
        Path stdout = tmp.resolve("early-json-stdout.txt");
        stopWhileItsArgumentsAreRead(stdout, "explain", "--json");
        assertEquals("cam4j: stopped before the command began; nothing was written",
                Files.readString(stderrOf(stdout)).strip());
        com.fasterxml.jackson.databind.JsonNode document =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(stdout.toFile());
        assertTrue(document != null && document.isArray(), "one JSON array: " + Files.readString(stdout));
        assertEquals(1, document.size(), document.toString());
        assertTrue(document.get(0).get("image").isNull(), document.toString());
        assertEquals("stopped before the command began; nothing was written",
                document.get(0).get("error").asText());
    }

    /**
     * inspect had no hook of its own, and EarlyStop was told the command had begun before it ran: stopped while it read
     * a model (its variables a named pipe never written, as a slow disk would hold it), it ended with exit 143 and
     * not a word. It says so in a line on standard error (the description, printed once whole, is not printed).
     */
    @Test
    void inspectStoppedWhileItReadsTheModelSaysSo() throws Exception {
        Path model = blockingModel(tmp.resolve("blocking-inspected"));
        Path stdout = tmp.resolve("inspect-stdout.txt");
        Process p = cam4j(stdout, "inspect", "--model", model.toString());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!openingAPipe(p) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(openingAPipe(p), "inspect reads the model, waiting on the pipe: " + Files.readString(
                    stderrOf(stdout)));
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "inspect ends");
        } finally {
            p.destroyForcibly();
        }
        assertEquals("cam4j: inspect stopped; its description may be cut short (it writes no file)",
                cam4jLine(stderrOf(stdout)));
        assertEquals(143, p.exitValue(), "128 + 15: the JVM's exit on a SIGTERM once the hook said its line");
    }

    /**
     * Between the command line's parse and the command's own hook, EarlyStop had been told the command began: a signal
     * then ended the run with no line (and explain --json with no document). evaluate downloads MNIST there when no
     * dataset is given or cached; here the download goes through a proxy that takes the connection and never answers,
     * so the signal surely comes while evaluate is in that stretch. EarlyStop now stays in charge until the command's
     * hook takes over.
     */
    @Test
    void evaluateStoppedBeforeItsHookWhileMnistDownloadsSaysSo() throws Exception {
        try (java.net.ServerSocket proxy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            List<String> command = new ArrayList<>(CliProcess.command("evaluate", "--model", "saved_models/mnist-pooled",
                    "--out", tmp.resolve("report").toString()));
            // After "java": an empty home (no cached MNIST) and the proxy that never answers.
            command.addAll(1, List.of("-Duser.home=" + Files.createDirectories(tmp.resolve("home")),
                    "-Dhttps.proxyHost=127.0.0.1", "-Dhttps.proxyPort=" + proxy.getLocalPort(),
                    "-Dhttp.proxyHost=127.0.0.1", "-Dhttp.proxyPort=" + proxy.getLocalPort()));
            Path stdout = tmp.resolve("download-stdout.txt");
            ProcessBuilder pb = CliProcess.builder(command).redirectOutput(stdout.toFile())
                    .redirectError(stderrOf(stdout).toFile());
            pb.environment().remove("CAM4J_DATA");
            Process p = pb.start();
            proxy.setSoTimeout(60_000);
            try (java.net.Socket asked = proxy.accept()) {
                // The download is under way, waiting on the proxy (its read times out after 60 s).
                p.destroy(); // SIGTERM
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "evaluate ends");
            } finally {
                p.destroyForcibly();
            }
            assertEquals("cam4j: " + EarlyStop.STOPPED, cam4jLine(stderrOf(stdout)));
            assertEquals("", Files.readString(stdout), "no result");
            assertFalse(Files.exists(tmp.resolve("report")), "nothing written");
        }
    }

    /**
     * Stopped while MNIST's bytes come in, evaluate leaves no {@code .part} in the dataset folder, and says in one line
     * that nothing was written: the signal skipped the downloader's catch block, and the partial file stayed in
     * ~/.cache/cam4j/mnist. A local server (named by -Dcam4j.mnist.mirrors) says 1 MB is coming, sends 64 KB and then
     * nothing; the signal is sent once some of those bytes are in the partial file.
     */
    @Test
    void evaluateStoppedWhileMnistDownloadsLeavesNoPartialFile() throws Exception {
        java.util.concurrent.CountDownLatch end = new java.util.concurrent.CountDownLatch(1);
        com.sun.net.httpserver.HttpServer server = io.github.cam4j.testing.LoopbackServer.create("stalling-mnist-mirror");
        server.createContext("/mnist/", exchange -> {
            exchange.sendResponseHeaders(200, 1 << 20);
            java.io.OutputStream body = exchange.getResponseBody();
            body.write(new byte[64 << 10]);
            body.flush();
            try {
                end.await(); // the rest never comes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
        try {
            Path home = Files.createDirectories(tmp.resolve("stalled-home"));
            Path mnist = home.resolve(".cache/cam4j/mnist");
            List<String> command = new ArrayList<>(CliProcess.command("evaluate", "--model", "saved_models/mnist-pooled",
                    "--out", tmp.resolve("stalled-report").toString()));
            command.addAll(1, List.of("-Duser.home=" + home, "-Dcam4j.mnist.mirrors=http://127.0.0.1:"
                    + server.getAddress().getPort() + "/mnist/"));
            Path stdout = tmp.resolve("stalled-stdout.txt");
            ProcessBuilder pb = CliProcess.builder(command).redirectOutput(stdout.toFile())
                    .redirectError(stderrOf(stdout).toFile());
            pb.environment().remove("CAM4J_DATA");
            Process p = pb.start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (partialBytes(mnist) == 0 && p.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(partialBytes(mnist) > 0, "the download is under way: " + Files.readString(stderrOf(stdout)));
                p.destroy(); // SIGTERM
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "evaluate ends");
            } finally {
                p.destroyForcibly();
            }
            try (Stream<Path> files = Files.list(mnist)) {
                assertEquals(List.of(), files.toList(), "nothing left in the dataset folder");
            }
            assertEquals("cam4j: " + EarlyStop.STOPPED, cam4jLine(stderrOf(stdout)));
            assertEquals("", Files.readString(stdout), "no result");
            assertFalse(Files.exists(tmp.resolve("stalled-report")), "nothing written");
        } finally {
            end.countDown();
            server.stop(0);
        }
    }

    /** @return the bytes in the folder's {@code .part} files (0 while there are none, or no folder) */
    private static long partialBytes(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long bytes = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".part")).toList()) {
                try {
                    bytes += Files.size(f);
                } catch (java.nio.file.NoSuchFileException e) {
                    // Gone meanwhile.
                }
            }
        }
        return bytes;
    }

    /** Only explain's command line with --json promises the document; the words after "--" are IMAGE files. */
    @Test
    void onlyExplainWithJsonPromisesADocumentBeforeItBegins() {
        assertTrue(EarlyStop.promisesJson(new String[] {"explain", "--json", "@args"}));
        assertTrue(EarlyStop.promisesJson(new String[] {"explain", "--model", "m", "--json", "d.png"}));
        assertFalse(EarlyStop.promisesJson(new String[] {"compare", "--json"}));
        assertFalse(EarlyStop.promisesJson(new String[] {"explain", "--", "--json"}));
        assertFalse(EarlyStop.promisesJson(new String[] {"explain", "d.png"}));
        assertFalse(EarlyStop.promisesJson(new String[] {"--json", "inspect"}));
    }

    /**
     * The commands that write one figure at their end (demo, compare, concepts, maximize), stopped by a SIGTERM, say so
     * in one line on standard error (it was on standard output, among the results) and what became of --out, as explain, train, evaluate and video do; they ended without a word. Each is
     * stopped while it loads its model (a named pipe, above), with an old figure at --out and --force given: the old
     * figure must be left byte for byte, and nothing else written beside it.
     */
    @Test
    void figureCommandsStoppedSayWhatBecameOfTheirOutput() throws Exception {
        Path image = digitPng(tmp.resolve("digit.png"));
        Path figures = Files.createDirectories(tmp.resolve("figures"));
        Path old = figures.resolve("old figure.png");
        Files.copy(image, old);
        byte[] before = Files.readAllBytes(old);
        String[][] commands = {
            {"compare", "--methods", "cam,gradcam", image.toString()},
            {"concepts", "--concepts", "2", image.toString()},
            {"maximize", "--steps", "5"},
        };
        for (String[] c : commands) {
            List<String> args = new ArrayList<>(List.of(c));
            args.addAll(List.of("--out", old.toString(), "--force"));
            Said said = stoppedWhileLoading(args.toArray(String[]::new));
            assertEquals("cam4j: " + c[0] + " stopped; " + old + " is as it was (nothing was written)", said.stopLine(),
                    c[0]);
            assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(old)), c[0] + " left the old figure as it was");
        }
        // demo's --models holds both bundled models; the pooled one blocks.
        Path models = tmp.resolve("models");
        blockingModel(models.resolve("mnist-pooled"));
        Path unpooled = Path.of("saved_models/mnist-unpooled");
        try (Stream<Path> files = Files.walk(unpooled)) {
            for (Path f : files.toList()) {
                Files.copy(f, models.resolve("mnist-unpooled").resolve(unpooled.relativize(f).toString()));
            }
        }
        Path fresh = figures.resolve("demo.png");
        Said said = stoppedOnThePipe(List.of("demo", "--models", models.toString(), "--data",
                SharedData.mnist().toString(), "--first", "2", "--out", fresh.toString()));
        assertEquals("cam4j: demo stopped; nothing was written", said.stopLine());
        try (Stream<Path> written = Files.list(figures)) {
            assertEquals(List.of(old), written.toList(), "nothing written beside the old figure");
        }
    }

    /**
     * Run as a user runs it, TensorFlow's variables unset, cam4j starts the command in a child JVM whose standard error
     * goes through the launcher's filter. A SIGTERM to the launcher alone (kill PID) is passed on to the child, whose
     * stop line, on standard error, must still reach the launcher's standard error before the launcher ends.
     */
    @Test
    void aRelaunchedChildsStopLineReachesTheLaunchersStandardError() throws Exception {
        Path model = blockingModel(tmp.resolve("blocking-relaunched"));
        Path image = digitPng(tmp.resolve("digit.png"));
        Path stdout = tmp.resolve("relaunched.txt");
        ProcessBuilder pb = new ProcessBuilder(CliProcess.command("explain", "--model", model.toString(),
                image.toString(), "--out", tmp.resolve("overlays").toString())).redirectOutput(stdout.toFile())
                .redirectError(stderrOf(stdout).toFile());
        pb.environment().remove(NativeEnvironment.ONEDNN);
        pb.environment().remove(NativeEnvironment.LOG_LEVEL);
        Process launcher = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (launcher.descendants().noneMatch(StopSignalTest::openingAPipe) && launcher.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(launcher.descendants().anyMatch(StopSignalTest::openingAPipe), "the child loads its model");
            launcher.destroy(); // SIGTERM to the launcher only
            assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "the launcher ends");
        } finally {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
        assertEquals("cam4j: stopped before the model had loaded; nothing was written",
                Files.readString(stderrOf(stdout)).strip());
        assertEquals("", Files.readString(stdout));
    }

    /**
     * Runs cam4j with a model whose loading blocks, sends SIGTERM once the model is being read, and returns what it
     * printed.
     */
    private Said stoppedWhileLoading(String... args) throws Exception {
        Path model = blockingModel(tmp.resolve("blocking-model-" + System.nanoTime()));
        List<String> command = new ArrayList<>(List.of(args[0], "--model", model.toString()));
        command.addAll(List.of(args).subList(1, args.length));
        return stoppedOnThePipe(command);
    }

    /**
     * @param model where to copy the bundled mnist-pooled
     * @return {@code model}, its variables file a named pipe that no one writes: loading it blocks
     */
    private static Path blockingModel(Path model) throws Exception {
        Path source = Path.of("saved_models/mnist-pooled");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : files.toList()) {
                Path to = model.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else if (!f.getFileName().toString().startsWith("variables.data")) {
                    Files.copy(f, to);
                }
            }
        }
        Path data = model.resolve("variables/variables.data-00000-of-00001");
        Process mkfifo = new ProcessBuilder("mkfifo", data.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        return model;
    }

    /**
     * Runs cam4j, sends SIGTERM once it waits on a named pipe, and returns what it printed.
     */
    private Said stoppedOnThePipe(List<String> command) throws Exception {
        Path stdout = tmp.resolve("stdout-" + System.nanoTime() + ".txt");
        Process p = cam4j(stdout, command.toArray(String[]::new));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!openingAPipe(p) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(openingAPipe(p), "the command is loading its model, waiting on the pipe");
            p.destroy();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the command ends");
        } finally {
            p.destroyForcibly();
        }
        return new Said(Files.readString(stdout), Files.readString(stderrOf(stdout)));
    }

    /** What a stopped run printed on standard output and on standard error. */
    private record Said(String out, String err) {
        /**
         * @return the stop's line on standard error, cam4j's only line there (TensorFlow's native log lines aside: run
         *     without the launcher, nothing filters them), asserting that standard output, which holds results, is empty
         */
        String stopLine() {
            assertEquals("", out, "standard output holds results only");
            List<String> said = err.lines().filter(l -> l.startsWith("cam4j:")).toList();
            assertEquals(1, said.size(), err);
            return said.get(0);
        }
    }

    /**
     * @return whether a thread of the process waits in the kernel for a named pipe's other end ({@code open} blocks
     *     until a writer comes; read, TensorFlow's loader failed at once with "Illegal seek")
     */
    private static boolean openingAPipe(Process p) throws java.io.IOException {
        return openingAPipe(p.toHandle());
    }

    private static boolean openingAPipe(ProcessHandle p) {
        try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(p.pid()), "task"))) {
            for (Path t : threads.toList()) {
                try {
                    if (Files.readString(t.resolve("wchan")).contains("wait_for_partner")) {
                        return true;
                    }
                } catch (java.io.IOException e) {
                    // The thread ended meanwhile.
                }
            }
        } catch (java.io.IOException e) {
            return false; // the process ended
        }
        return false;
    }

    /** @return cam4j started in a JVM of its own, standard output to a file, standard error to {@link #stderrOf} it */
    private static Process cam4j(Path stdout, String... args) throws java.io.IOException {
        return CliProcess.builder(CliProcess.command(args)).redirectOutput(stdout.toFile())
                .redirectError(stderrOf(stdout).toFile()).start();
    }

    /**
     * @return cam4j's one line in a standard error (TensorFlow's native log lines aside: run without the launcher,
     *     nothing filters them), asserting there is one
     */
    private static String cam4jLine(Path stderr) throws java.io.IOException {
        List<String> said = Files.readAllLines(stderr).stream().filter(l -> l.startsWith("cam4j:")).toList();
        assertEquals(1, said.size(), Files.readString(stderr));
        return said.get(0);
    }

    /** @return where {@link #cam4j} puts the standard error of a run whose standard output goes to {@code stdout} */
    private static Path stderrOf(Path stdout) {
        return stdout.resolveSibling(stdout.getFileName() + ".err");
    }

    private static long overlays(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-cam.png")).count();
        }
    }

    /** Writes the first MNIST test digit, 28x28 grey, as a PNG. */
    static Path digitPng(Path file) throws Exception {
        byte[] pixels = TestVideos.digitPixels(Dataset.open(SharedData.mnist()).test(), 0, 28);
        try (org.bytedeco.opencv.opencv_core.Mat m = new org.bytedeco.opencv.opencv_core.Mat(28, 28,
                org.bytedeco.opencv.global.opencv_core.CV_8UC1);
                org.bytedeco.javacpp.BytePointer p = new org.bytedeco.javacpp.BytePointer(m.data())) {
            p.put(pixels);
            org.bytedeco.opencv.global.opencv_imgcodecs.imwrite(file.toString(), m);
        }
        return file;
    }
}
