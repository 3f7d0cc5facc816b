package io.github.cam4j.cli;

import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.Annotation;
import io.github.cam4j.render.Draw;
import io.github.cam4j.render.FigureGrid;
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
     * The note said when a thin picture's cells are stretched across ({@link FigureGrid#stretched}): the figure alone
     * shows a 300x1 picture's cells as 480x16 pictures, as if that were its shape.
     *
     * @param caption the picture's name in the figure's first column
     * @param image the picture as read
     * @param cell {@code {rows, cols}} of its cells
     * @param maxSide the command's --max-side
     */
    static String stretchedNote(String caption, Mat image, int[] cell, int maxSide) {
        return caption + " (" + image.cols() + "x" + image.rows() + " pixels) is drawn in cells of " + cell[1] + "x"
                + cell[0] + ", stretched across: --max-side " + maxSide + " bounds their longer side and "
                + Math.min(FigureGrid.MIN_CELL_SIZE, maxSide) + " pixels is the least the figure draws a side at, so"
                + " they do not keep its shape";
    }

    /**
     * Refuses --data and --first beside PICTURE files: silently ignored, they would suggest the digits were used.
     *
     * @param instead what the command does with the files ("drawn", "factorised")
     */
    private static void refuseDigitOptions(CommandSpec spec, String instead) {
        for (String option : List.of("--data", "--first")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new UsageException(option + " picks MNIST test digits; PICTURE files are " + instead + " instead");
            }
        }
    }

    /**
     * The PICTURE files of a figure, checked before the output is (so that an --out among them is not first said to
     * need --force): --data and --first refused beside them, folders expanded with a note on what their listings left
     * out ({@link ImageFiles#expandNoting}), and an --out among them refused ({@link #refuseOutAmong}).
     *
     * @param pictures the PICTURE arguments, files and folders, in the user's order
     * @param instead what the command does with the files ("drawn", "factorised")
     * @param notes told each note on a folder's entries left out
     * @return the files, folders replaced by their pictures
     */
    static List<Path> files(CommandSpec spec, List<Path> pictures, Path out, String instead,
            java.util.function.Consumer<String> notes) {
        refuseDigitOptions(spec, instead);
        ImageFiles.requireEachOnce("PICTURE", pictures);
        List<Path> files = ImageFiles.expandNoting(pictures, notes);
        refuseOutAmong(out, pictures, files);
        return files;
    }

    /**
     * Refuses an --out that is one of the PICTURE files, --force or not, as explain refuses an overlay over an IMAGE:
     * the figure was written over the user's picture. Refuses too an --out in a folder given as PICTURE, whose next run
     * would take the figure for a picture (and, asked for --force because the figure exists, refuse it as one), as
     * explain refuses an --out that is an IMAGE folder.
     *
     * @param given the PICTURE arguments as given, files and folders
     * @param files the files they stand for ({@link ImageFiles#expand})
     */
    private static void refuseOutAmong(Path out, List<Path> given, List<Path> files) {
        Path target = ImageFiles.canonical(out);
        for (Path file : files) {
            if (ImageFiles.canonical(file).equals(target)) {
                throw clash(out, file, "--out " + out + " is the PICTURE " + file + " (the same file), which the figure"
                        + " would overwrite; choose another file for --out");
            }
        }
        if (!ImageFiles.isImageName(out)) {
            return; // a name a folder's listing does not take (nor, most likely, OpenCV's writer)
        }
        for (Path folder : given) {
            if (java.nio.file.Files.isDirectory(folder) && ImageFiles.canonical(folder).equals(target.getParent())) {
                throw clash(out.toAbsolutePath().normalize().getParent(), folder, "--out " + out + " is in the PICTURE"
                        + " folder " + folder + ", whose pictures are read by name: the figure would be taken as a"
                        + " picture on the next run; choose a file outside it for --out");
            }
        }
    }

    /**
     * @return the refusal of an --out that clashes with a PICTURE: a usage error (exit 2) when the two paths as typed
     *     say so, the command line's words alone, as --frames-json naming the video's input is; the disk's doing (exit
     *     1) when only a link makes them one
     */
    private static RuntimeException clash(Path typed, Path picture, String message) {
        return typed.toAbsolutePath().normalize().equals(picture.toAbsolutePath().normalize())
                ? new UsageException(message) : new IllegalArgumentException(message);
    }

    /**
     * Reads the files, named by their paths and captioned by their file names; a file name no installed font draws
     * ({@link Draw#canDraw}) by the picture's place among them, "#1", with a note that names the file.
     *
     * @param notes where the note of a caption in place of a file name goes (one line)
     */
    static void addFiles(List<Path> files, List<Mat> images, List<String> names, List<String> captions,
            java.util.function.Consumer<String> notes) throws Exception {
        // As explain refuses it: concepts factorised the same picture twice without a word (helper-161's audit). The
        // files folders stand for, after the arguments as typed (files): a folder and a picture in it.
        ImageFiles.requireEachOnce("PICTURE", files);
        for (Path file : files) {
            images.add(Images.readFlat(file));
            names.add(file.toString());
            String fileName = file.getFileName().toString();
            if (Draw.canDraw(fileName)) {
                captions.add(fileName);
            } else {
                // Drawn as it was, 零一.png was a row of empty boxes on a machine with DejaVu fonts only, as class
                // names were before they fell back to their index (className).
                String caption = "#" + captions.size();
                captions.add(caption);
                notes.accept(fileName + " is captioned " + caption + " in the figure: no installed font draws its"
                        + " name");
            }
        }
    }

    /**
     * Draws the first {@code first} test digits, named by their index and captioned with their true class.
     *
     * @param trueClasses given each digit's true class, for {@link #firstColumn}
     */
    static void addTestDigits(LabeledImages test, int first, List<Mat> images, List<String> names,
            List<String> captions, List<Integer> trueClasses) {
        for (int i = 0; i < first; i++) {
            images.add(ArticleFigure.digit(test, i));
            names.add("test digit " + i);
            captions.add(testDigitCaption(i, Integer.toString(test.label(i))));
            trueClasses.add(test.label(i));
        }
    }

    /**
     * @param captions the pictures' captions as read
     * @param trueClasses each test digit's true class; empty for picture files
     * @param classNames the model's names for its classes, or null before a session opened it
     * @return the first column's captions: a test digit's true class named as the overlays name classes, by the model's
     *     labels ("#0  true seven" beside overlays captioned "seven"; compare's said "true 7" whatever the labels,
     *     helper-158's audit, and concepts' until helper-175's), its index where the fonts cannot draw the label; a
     *     file's caption as it was
     */
    static List<String> firstColumn(List<String> captions, List<Integer> trueClasses, List<String> classNames) {
        if (trueClasses.isEmpty() || classNames == null) {
            return captions;
        }
        List<String> named = new java.util.ArrayList<>();
        for (int i = 0; i < captions.size(); i++) {
            named.add(testDigitCaption(i, className(trueClasses.get(i), classNames)));
        }
        return named;
    }

    /**
     * @param k a class index
     * @param classNames the model's names for its classes
     * @return the class as overlays name it: its label, or its index where the model has none for it or the fonts
     *     cannot draw it (a label drawn as boxes)
     */
    static String className(int k, List<String> classNames) {
        return k >= 0 && k < classNames.size() && Draw.canDraw(classNames.get(k)) ? classNames.get(k)
                : Integer.toString(k);
    }

    /** @return a test digit's caption: its index and its true class, "#0  true 7" */
    static String testDigitCaption(int index, String trueClass) {
        return "#" + index + "  true " + trueClass;
    }
}
