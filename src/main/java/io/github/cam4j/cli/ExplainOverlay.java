package io.github.cam4j.cli;

import io.github.cam4j.cam.CamResult;
import io.github.cam4j.cam.ImageExplanation;
import io.github.cam4j.render.Annotation;
import io.github.cam4j.render.Box;
import io.github.cam4j.render.CaptionLine;
import io.github.cam4j.render.CaptionTitles;
import io.github.cam4j.render.Colormap;
import io.github.cam4j.render.FigureGrid;
import io.github.cam4j.render.FloatMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The overlay {@code explain} writes for one map: the picture enlarged for a small one, the heatmap, the CAM box, the
 * framed and seen parts outlined, the hottest point, and a caption with class, probability and method. One drawing
 * for {@code explain} and {@code compare}, so that a cell of {@code compare}'s figure is the overlay {@code explain
 * --method X} writes for that picture.
 *
 * @param colormap the heatmap's colours
 * @param alpha the heatmap's weight in [0, 1]
 * @param threshold the CAM box's cut, a fraction of the map's maximum
 * @param minSide the shorter side a small picture is enlarged to (0: never enlarged)
 * @param maxSide the longest side an overlay is drawn at, a larger one brought down to it before its caption, box and
 *     cross are drawn (compare's --max-side); 0 for none, as explain draws every overlay
 * @param positiveHeat whether the map is coloured as Grad-CAM's ({@code --heat positive}) rather than min-max
 * @param methodTitles the method's names for the caption ({@link ModelOptions#shownTitles}): the first the overlay holds
 *     whole is drawn; a bare "CAM" is left out, being the article's method
 */
record ExplainOverlay(Colormap colormap, double alpha, double threshold, int minSide, int maxSide,
        boolean positiveHeat,
        CaptionTitles methodTitles) {

    /**
     * @param image the picture as read, at its own size; not modified
     * @param explanation the picture's explanation, for the part framed
     * @param r the map to draw
     * @param name the class's name as the caption shows it (its label, or its index when no font draws the label)
     * @return a new BGR overlay, {@link #factor} times the picture's size, brought down to {@code maxSide} on its
     *     longer side if it passes it ({@link FigureGrid#cellSize}); the caller closes it
     */
    Mat draw(Mat image, ImageExplanation explanation, CamResult r, String name) {
        return draw(image, explanation, r, name, Annotation.NO_EVIDENCE);
    }

    /**
     * {@link #draw(Mat, ImageExplanation, CamResult, String)} with a flat map said by {@code flatCaption}: compare
     * says every flat map of a figure alike ({@link #captionLine}).
     *
     * @param flatCaption what a flat map's caption says before the method, "no evidence" or {@link Annotation#FLAT}
     */
    Mat draw(Mat image, ImageExplanation explanation, CamResult r, String name, String flatCaption) {
        return draw(image, explanation, r, name, flatCaption, 1);
    }

    /**
     * {@link #draw(Mat, ImageExplanation, CamResult, String, String)} with the caption's font at most {@code
     * captionSize} of a label's own: compare draws its figure's captions in one font.
     *
     * @param captionSize the largest font the caption is drawn in, as a fraction of a label's own, in (0, 1]
     */
    Mat draw(Mat image, ImageExplanation explanation, CamResult r, String name, String flatCaption,
            double captionSize) {
        int[] size = size(image);
        Optional<Box> seen = seenPart(r);
        // What the model was shown, as video draws its region of interest: the framed part, and within it the part
        // a model that crops its input saw (the rest left uncoloured).
        List<Box> shownParts = Stream.of(explanation.framedRegion(), seen).flatMap(Optional::stream).toList();
        String caption = flat(r) ? flatCaption : classCaption(r, name);
        CaptionLine line = captionLine(caption, size[0], size[1]);
        return Annotation.drawCellAt(image, heat(r), r.box(threshold), peak(r),
                new CaptionLine(line.text(), Math.min(line.size(), captionSize)), colormap, alpha, size[0], size[1],
                seen.orElse(null), shownParts);
    }

    /** @return the overlay's {@code {rows, cols}} for a picture ({@link FigureGrid#cellSize}) */
    int[] size(Mat image) {
        return FigureGrid.cellSize(image.rows(), image.cols(), factor(image), maxSide);
    }

    /**
     * @param caption the class and probability, or a flat map's "no evidence" or {@link Annotation#FLAT}
     * @return the caption as {@link #draw} sets it on an overlay of {@code rows x cols}: {@link CaptionTitles#inCell},
     *     the method named in a font down to three quarters of a label's where a label's holds no name. Named, as
     *     it is but for plain CAM, the article's method: every method's overlays are named NAME-cam.png and look
     *     alike, and a Grad-CAM overlay beside a CAM one did not say which it was.
     */
    CaptionLine captionLine(String caption, int rows, int cols) {
        return methodTitles.inCell(caption, rows, cols);
    }

    /**
     * @param image the picture as read
     * @param r the map {@link #draw} is given
     * @param name the class's name as the caption shows it
     * @return the caption {@link #draw} sets on the picture's overlay when it leaves out a method that has a name (an
     *     overlay too small to hold it even in a font three quarters of a label's: 64x48 at {@code --min-side 0});
     *     empty when the caption names the method, or the method is plain CAM, which no caption names
     */
    Optional<String> captionWithoutMethod(Mat image, CamResult r, String name) {
        int[] size = size(image);
        String caption = classCaption(r, name);
        return methodTitles.nameable() && !methodTitles.names(captionLine(caption, size[0], size[1]).text())
                ? Optional.of(caption) : Optional.empty();
    }

    /** @return the whole factor a picture is enlarged by ({@link Annotation#enlargement}) */
    int factor(Mat image) {
        return Annotation.enlargement(image.rows(), image.cols(), minSide);
    }

    /**
     * @return whether the map is flat where a map can show where: a blank picture's is evidence for no class (its
     *     class is only the first of equal scores); a map of one cell (a 10x10 picture fed at its own size) is flat too,
     *     but says nothing of evidence
     */
    static boolean flat(CamResult r) {
        return !r.hasEvidence() && !oneCell(r);
    }

    /** @return whether the map is one feature cell, which cannot show where */
    static boolean oneCell(CamResult r) {
        return r.rawMap().height() * r.rawMap().width() == 1;
    }

    /**
     * @param r an explanation
     * @param name the class's name as the caption shows it
     * @return the caption's first part, before the method: "name  p=0.998", or "no evidence" for a flat map; what
     *     {@code compare} measures to size its cells so that each overlay's caption fits
     */
    static String classCaption(CamResult r, String name) {
        return flat(r) ? Annotation.NO_EVIDENCE : name + "  p=" + String.format(Locale.ROOT, "%.3f", r.probability());
    }

    /**
     * @param caption the class and probability (or "no evidence")
     * @param titles the method's titles
     * @return {@link CaptionTitles#after}: the caption ending in the longest title an overlay of {@code rows x cols}
     *     holds, on its line or a second one; the caption alone for plain CAM or when no title fits
     */
    static String withMethod(String caption, CaptionTitles titles, int rows, int cols) {
        return titles.after(caption, rows, cols);
    }

    /**
     * @return the result's hottest point {@code {y, x}}, or null when its map is flat: a blank picture's map holds no
     *     evidence anywhere, and its overlay was marked, and its JSON said, a hottest point at the first feature cell
     */
    static int[] peak(CamResult r) {
        return r.hasEvidence() ? r.peak() : null;
    }

    /**
     * @return the part of the picture a model that crops its input saw, when it is not the whole picture: a 10x10
     *     picture stretched to the model's input was said to be "seen 0,0,10,10"
     */
    static Optional<Box> seenPart(CamResult r) {
        return r.seenRegion().filter(b -> !b.equals(new Box(0, 0, r.width(), r.height())));
    }

    /** @return the map as {@code positiveHeat} colours it */
    FloatMap heat(CamResult r) {
        return positiveHeat ? r.positiveMap() : r.map();
    }
}
