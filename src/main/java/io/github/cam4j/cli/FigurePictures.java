package io.github.cam4j.cli;

import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.Annotation;
import io.github.cam4j.render.Images;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the commands that draw a figure of pictures (compare, concepts; explain's overlays for the sides) check and
 * read alike: the sides a cell is drawn at, and the pictures, PICTURE files or MNIST test digits, each with a name for
 * errors and a caption for the figure.
 */
final class FigurePictures {
    private FigurePictures() {}

    /** Refuses a --min-side no picture can be drawn at. */
    static void checkMinSide(int minSide) {
        if (minSide < 0 || minSide > Annotation.MAX_ENLARGED_SIDE) {
            throw new UsageException("--min-side must be 0 (never enlarge) to " + Annotation.MAX_ENLARGED_SIDE
                    + " pixels, got " + minSide);
        }
    }

    /** Refuses a --min-side or --max-side no cell can be drawn at, or a --max-side under --min-side. */
    static void checkSides(int minSide, int maxSide) {
        checkMinSide(minSide);
        if (maxSide < 0 || maxSide > 0 && maxSide < minSide) {
            throw new UsageException("--max-side must be 0 (never shrink) or at least --min-side (" + minSide
                    + "), got " + maxSide);
        }
    }

    /**
     * Refuses --data and --first beside PICTURE files: silently ignored, they would suggest the digits were used.
     *
     * @param instead what the command does with the files ("drawn", "factorised")
     */
    static void refuseDigitOptions(CommandSpec spec, String instead) {
        for (String option : List.of("--data", "--first")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new UsageException(option + " picks MNIST test digits; PICTURE files are " + instead + " instead");
            }
        }
    }

    /**
     * Refuses an --out that is one of the PICTURE files, --force or not, as explain refuses an overlay over an IMAGE:
     * the figure was written over the user's picture.
     */
    static void refuseOutAmong(Path out, List<Path> files) {
        Path target = ImageFiles.canonical(out);
        for (Path file : files) {
            if (ImageFiles.canonical(file).equals(target)) {
                throw new IllegalArgumentException("--out " + out + " is the PICTURE " + file + " (the same file), which"
                        + " the figure would overwrite; choose another file for --out");
            }
        }
    }

    /** Reads the files, named by their paths and captioned by their file names. */
    static void addFiles(List<Path> files, List<Mat> images, List<String> names, List<String> captions)
            throws Exception {
        // As explain refuses it: concepts factorised the same picture twice without a word (helper-161's audit).
        java.util.Map<Path, Path> seen = new java.util.HashMap<>();
        for (Path file : files) {
            Path earlier = seen.putIfAbsent(ImageFiles.canonical(file), file);
            if (earlier != null) {
                throw new IllegalArgumentException("PICTURE " + file + " is given twice"
                        + (earlier.equals(file) ? "" : " (also as " + earlier + ")"));
            }
        }
        for (Path file : files) {
            images.add(Images.readFlat(file));
            names.add(file.toString());
            captions.add(file.getFileName().toString());
        }
    }

    /** Draws the first {@code first} test digits, named by their index and captioned with their true class. */
    static void addTestDigits(LabeledImages test, int first, List<Mat> images, List<String> names,
            List<String> captions) {
        for (int i = 0; i < first; i++) {
            images.add(ArticleFigure.digit(test, i));
            names.add("test digit " + i);
            captions.add(testDigitCaption(i, Integer.toString(test.label(i))));
        }
    }

    /** @return a test digit's caption: its index and its true class, "#0  true 7" */
    static String testDigitCaption(int index, String trueClass) {
        return "#" + index + "  true " + trueClass;
    }
}
