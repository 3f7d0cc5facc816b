package io.github.cam4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Reads and writes pictures in a JVM of its own, for what only a process shows: what OpenCV's native code prints on
 * standard error, which no Java stream catches. Each argument is {@code read:FILE} or {@code write:FILE} (a 4x4 BGR
 * picture) or {@code write4:FILE} (a 4x4 BGRA one); each prints one line on standard output, "ok" or the
 * ImageException's message.
 */
final class ImageFilesProcess {
    private ImageFilesProcess() {}

    /**
     * @param args what to do, as the class says
     */
    public static void main(String[] args) {
        for (String arg : args) {
            Path file = Path.of(arg.substring(arg.indexOf(':') + 1));
            try {
                if (arg.startsWith("read:")) {
                    Images.read(file).close();
                } else {
                    try (Mat picture = arg.startsWith("write4:") ? new Mat(4, 4, org.bytedeco.opencv.global
                            .opencv_core.CV_8UC4, new org.bytedeco.opencv.opencv_core.Scalar(10, 200, 30, 255))
                            : TestMats.bgr(4, 4, 10, 200, 30)) {
                        Images.write(picture, file);
                    }
                }
                System.out.println("ok");
            } catch (ImageException e) {
                System.out.println(e.getMessage());
            }
        }
    }

    /**
     * @param args as {@link #main} takes them
     * @return the command that runs them in a JVM of this one's java and class path
     */
    static List<String> command(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                ImageFilesProcess.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Runs {@code args} in a JVM of its own and checks that it printed {@code expected}, a line each, and nothing on
     * standard error, where OpenCV's and libpng's native lines would show.
     *
     * @param dir a folder for the process's two streams
     * @param args as {@link #main} takes them
     * @param expected its standard output's lines
     */
    static void assertSaysOnly(Path dir, List<String> args, List<String> expected)
            throws IOException, InterruptedException {
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command(args.toArray(String[]::new))).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertEquals(0, p.waitFor());
        assertEquals(expected, Files.readAllLines(out));
        assertEquals("", Files.readString(err));
    }
}
