package io.github.cam4j.cli;

import io.github.cam4j.cam.CamException;
import io.github.cam4j.cam.CamResult;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.ImageExplanation;
import io.github.cam4j.cam.Target;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.FigureGrid;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The article's figure: N digits, each original beside its CAM overlay, captioned with the predicted label and
 * probability (and the true label when the model is wrong).
 */
final class ArticleFigure {
    /** Digits per row of the figure. */
    static final int COLUMNS = 4;
    /** Pixel size of one digit in the figure (28x28 digits upscaled, nearest-neighbour). */
    static final int CELL = 112;
    /**
     * The most digits a figure shows. A row of {@value #COLUMNS} digits is about 155 pixels tall, so 256 digits make
     * {@code explain --grid} a 1 022 x 9 921 figure (5 MB as PNG) and {@code demo} a 2 119 x 10 126 one (6 MB):
     * still pictures an image viewer or browser opens whole (many stop at 16 384 pixels a side) and someone can look
     * through. The whole test set, 10 000 digits, made a 1 022 x 385 065 PNG of 208 MB, and {@code demo} ran out of
     * memory.
     */
    static final int MAX_DIGITS = 256;

    private ArticleFigure() {}

    /**
     * @param cam the model to explain with
     * @param digits a dataset split
     * @param count how many of its first digits
     * @param title the figure's title
     * @return a new BGR image the caller closes
     */
    static Mat render(CamSession cam, LabeledImages digits, int count, String title) throws CamException {
        return render(cam, digits, count, title, CamResult::map);
    }

    /**
     * {@link #render(CamSession, LabeledImages, int, String)} with each map coloured as {@code heat} gives it
     * ({@link CamResult#map()}, {@link CamResult#positiveMap()}).
     */
    static Mat render(CamSession cam, LabeledImages digits, int count, String title,
            java.util.function.Function<CamResult, io.github.cam4j.render.FloatMap> heat) throws CamException {
        checkCount(count);
        if (count > digits.count()) {
            // The commands check --first against their dataset first (checkCount(int, LabeledImages, Path)).
            throw new IllegalArgumentException(count + " digits asked of a split of " + digits.count());
        }
        List<Mat> originals = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                originals.add(digit(digits, i));
            }
            List<ImageExplanation> explanations = cam.explain(originals, Target.predicted());
            List<String> classNames = cam.model().labels();
            List<FigureGrid.Panel> panels = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                CamResult r = explanations.get(i).first();
                int truth = digits.label(i);
                // The true class named as the predicted one is, by the model's labels: with --labels a wrong digit
                // was captioned "five  p=0.82  (true 3)", as compare's first column had been (FigurePictures).
                String caption = String.format(Locale.ROOT, "%s  p=%.2f",
                        FigurePictures.className(r.classIndex(), classNames), r.probability())
                        + (r.classIndex() == truth ? "" : "  (true " + FigurePictures.className(truth, classNames) + ")");
                panels.add(new FigureGrid.Panel(originals.get(i), heat.apply(r), caption));
            }
            return FigureGrid.build(panels, COLUMNS, CELL, title);
        } finally {
            originals.forEach(Mat::close);
        }
    }

    /**
     * Checks {@code --first} before a model or dataset is loaded.
     *
     * @param count the digits asked for
     * @throws IllegalArgumentException when {@code count} is not in 1..{@value #MAX_DIGITS}
     */
    static void checkCount(int count) {
        if (count < 1 || count > MAX_DIGITS) {
            throw new UsageException("--first must be in 1.." + MAX_DIGITS + " (a figure of more digits is "
                    + "too large to view), got " + count);
        }
    }

    /**
     * @param count the digits asked for ({@code --first}, given or its default)
     * @param test the dataset's test split
     * @param dataset the dataset's folder, named in the message
     * @throws IllegalArgumentException when {@code count} is out of 1..{@value #MAX_DIGITS} or above the split's digits
     */
    static void checkCount(int count, LabeledImages test, java.nio.file.Path dataset) {
        checkCount(count);
        int available = test.count();
        if (available == 0) {
            // "--first must be in 1..0" blamed an option that may not have been given, for an empty file.
            throw new IllegalArgumentException("the test split of " + dataset + " holds no digits");
        }
        if (count > available) {
            throw new IllegalArgumentException("the test split of " + dataset + " holds "
                    + io.github.cam4j.Counted.of(available, "digit") + ", fewer than the " + count + " drawn (--first,"
                    + " given or its default); give --first " + available + " or less");
        }
    }

    /** One dataset digit as an 8-bit grey Mat the caller closes. */
    static Mat digit(LabeledImages set, int index) {
        Mat m = new Mat(set.rows(), set.cols(), opencv_core.CV_8UC1);
        try (BytePointer data = new BytePointer(m.data())) {
            data.put(set.pixels(), index * set.imageSize(), set.imageSize());
        }
        return m;
    }
}
