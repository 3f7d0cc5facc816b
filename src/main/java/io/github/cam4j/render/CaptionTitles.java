package io.github.cam4j.render;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The names a method can be given in a caption, each list longest first: a caption takes the longest that fits
 * ({@link #after}). One rule for {@code explain}'s overlays and {@code video}'s frames, so that a frame of a Grad-CAM
 * video is named as the Grad-CAM overlay of the same picture is.
 *
 * <pre>{@code
 * CaptionTitles titles = CaptionTitles.of("Grad-CAM");
 * String caption = titles.after("7  p=0.998", 168, 168);   // "7  p=0.998  Grad-CAM"
 * }</pre>
 *
 * @param named titles that say all of it, smoothing included ("Grad-CAM (eigen-smooth, aug-smooth)", "Grad-CAM
 *     eigen+aug"); never empty, its first the full title reports use
 * @param bare titles that say less, taken only when none of {@code named} fits: the method without its smoothing
 *     ("Grad-CAM"), which would name a smoothed map as if it were not, or a fused map's layers said "2L"; empty for a
 *     method neither smoothed nor fused from several layers
 */
public record CaptionTitles(List<String> named, List<String> bare) {
    /**
     * Copies the lists: a record's lists are its own.
     *
     * @param named the titles that say all of it, longest first
     * @param bare the titles that say less, longest first
     * @throws IllegalArgumentException when {@code named} is empty
     */
    public CaptionTitles {
        named = List.copyOf(named);
        bare = List.copyOf(bare);
        if (named.isEmpty()) {
            throw new IllegalArgumentException("a method has at least one title");
        }
    }

    /**
     * @param titles the method's titles, longest first; at least one
     * @return titles for a method that is not smoothed
     */
    public static CaptionTitles of(String... titles) {
        return new CaptionTitles(List.of(titles), List.of());
    }

    /** @return the full title, for a figure's header and a report's table */
    public String full() {
        return named.get(0);
    }

    /**
     * @param caption the class and probability ("7  p=0.998", or "no evidence")
     * @param rows the height of the picture the caption is drawn on
     * @param cols its width
     * @return the caption ending in the longest title a picture of {@code rows x cols} holds whole on the same line,
     *     after two spaces or with single spaces throughout (a 168x168 digit's overlay holds "7 p=1.000 Ablation-CAM"
     *     but not with two); else the longest title on a second line of its own, after {@code '\n'}, drawn at the
     *     bottom edge, when the picture holds the title whole and each line's band is at most an eighth of its height,
     *     the class's line shortened if need be as it is without a method (a smoothed method's "Grad-CAM eigen+aug"
     *     holds no line with the class on a 168x168 overlay; nor does any title beside a long label, which had left the
     *     method unnamed). A bare title, the method without its smoothing, is taken only when no other fits either
     *     way: it had named a smoothed Grad-CAM's digit overlay as if it were plain Grad-CAM. The caption alone for
     *     plain CAM (the article's method, named by no title) or when no title fits. A flat map's "no evidence" beside
     *     which no title fits reads {@link Annotation#FLAT} where a title fits beside that ("flat  Grad-CAM++" on a
     *     128x96 picture), and where "no evidence" does not fit itself (it was cut to "no...ence" on a 64x48 one)
     */
    public String after(String caption, int rows, int cols) {
        // One line hides less of the picture than two, so a shorter title on one line wins over a longer on two.
        // The class's line need not fit whole: drawn, a long name is shortened before its probability (Draw), as
        // it is without a method. Two bands only where each is at most an eighth of the height: on a 112-pixel
        // cell of compare's figure two 17-pixel bands hid the bottom of the digit under a name its column's header
        // gives; on a 168-pixel digit they take a tenth each.
        boolean twoLinesFit = 8 * Math.max(Draw.labelHeight(rows, cols, caption), 1) <= rows;
        Predicate<String> fits = t -> Draw.labelFits(rows, cols, t);
        Predicate<String> ownLine = t -> twoLinesFit && 8 * Draw.labelHeight(rows, cols, t) <= rows
                && Draw.labelFits(rows, cols, t);
        String chosen = chosen(caption, fits, ownLine);
        if (!chosen.equals(caption) || !caption.equals(Annotation.NO_EVIDENCE)) {
            return chosen;
        }
        // A flat map's caption that holds no title, or does not fit itself, is said shortly: "flat  Grad-CAM++" on a
        // 128x96 cell, "flat" on a 64x48 one, where "no evidence" dropped the method or was cut to "no...ence".
        String flat = chosen(Annotation.FLAT, fits, ownLine);
        return !flat.equals(Annotation.FLAT) || !fits.test(caption) ? flat : caption;
    }

    /**
     * The caption of a figure's cell or an overlay ({@code explain}'s, {@code compare}'s): {@link #after} at a label's
     * size where that names the method; else {@link #onOneLine}'s caption in a font down to {@link
     * CaptionLine#SMALLEST_SIZE} of a label's where one names it, as a video frame's is; else {@link #after}'s alone.
     * At 128x96 "7  p=1.000  Grad-CAM" fitted no label and compare's cells named no method beside CAM's, which names
     * none either; three quarters of a label's size holds "7 p=1.000 Ablation-CAM" there.
     *
     * @param caption the class and probability ("7  p=0.998", "no evidence" or {@link Annotation#FLAT})
     * @param rows the height of the picture the caption is drawn on
     * @param cols its width
     * @return the caption and its font's size (1 for a label's); {@link #names} says whether it holds the method
     */
    public CaptionLine inCell(String caption, int rows, int cols) {
        String full = after(caption, rows, cols);
        if (names(full)) {
            return new CaptionLine(full, 1);
        }
        CaptionLine smaller = onOneLine(caption, (text, size) -> Draw.labelFits(rows, cols, text, size));
        return names(smaller.text()) ? smaller : new CaptionLine(full, 1);
    }

    /**
     * @param caption a caption this method's titles were added to
     * @return whether it ends in one of the titles a caption may take (a bare "CAM" is none: plain CAM is named by
     *     no title, and its captions never hold one)
     */
    public boolean names(String caption) {
        return Stream.concat(named.stream(), bare.stream()).filter(t -> !t.equals("CAM"))
                .anyMatch(t -> caption.endsWith(" " + t) || caption.endsWith("\n" + t));
    }

    /** @return whether a caption may name this method: false for plain CAM, whose captions hold no title */
    public boolean nameable() {
        return Stream.concat(named.stream(), bare.stream()).anyMatch(t -> !t.equals("CAM"));
    }

    /**
     * {@link #after} on one line only, for a drawing whose caption is one band (a video frame's): the caption ending in
     * the longest title that fits beside it at a label's size, else at the largest size down to {@link
     * CaptionLine#SMALLEST_SIZE} at which one does, a bare one only when none of {@link #named} fits at any; the
     * caption alone at a label's size for plain CAM or when no title fits. While a title fits at a label's size, the
     * choice is {@link #after}'s on its line.
     *
     * @param caption the class and probability ("7  p=0.998", or "no evidence")
     * @param fits whether a caption is drawn whole on the picture with its font at a size (a fraction of a label's own)
     * @return the caption with the method's name and its size, or the caption alone; a flat map's "no evidence" is
     *     shortened to {@link Annotation#FLAT} as {@link #after} shortens it, where only that holds the name (at 128x96
     *     "no evidence" beside Grad-CAM++ or Ablation-CAM fitted no size) or it does not fit itself
     */
    public CaptionLine onOneLine(String caption, java.util.function.BiPredicate<String, Double> fits) {
        for (List<String> kind : List.of(named, bare)) {
            List<String> titles = kind.stream().filter(t -> !t.equals("CAM")).toList();
            // The size before the title: a legible short name wins over a long one in smaller letters.
            for (double size : CaptionLine.sizes()) {
                for (String title : titles) {
                    String spaced = caption + "  " + title;
                    if (fits.test(spaced, size)) {
                        return new CaptionLine(spaced, size);
                    }
                    String compact = caption.replace("  ", " ") + " " + title;
                    if (fits.test(compact, size)) {
                        return new CaptionLine(compact, size);
                    }
                }
            }
        }
        if (caption.equals(Annotation.NO_EVIDENCE)) {
            // As after: "no evidence" beside Grad-CAM++ fitted no size on a 128x96 frame, "flat  Grad-CAM++" a label's.
            CaptionLine flat = onOneLine(Annotation.FLAT, fits);
            return !flat.text().equals(Annotation.FLAT) || !fits.test(caption, 1.0) ? flat : new CaptionLine(caption, 1);
        }
        return new CaptionLine(caption, 1);
    }

    /**
     * @param fits whether a line is drawn whole
     * @param ownLine whether a title may go on a second line of its own
     */
    private String chosen(String caption, Predicate<String> fits, Predicate<String> ownLine) {
        for (List<String> kind : List.of(named, bare)) {
            // A bare "CAM" is left out, being the article's method.
            List<String> titles = kind.stream().filter(t -> !t.equals("CAM")).toList();
            for (String title : titles) {
                String spaced = caption + "  " + title;
                if (fits.test(spaced)) {
                    return spaced;
                }
                String compact = caption.replace("  ", " ") + " " + title;
                if (fits.test(compact)) {
                    return compact;
                }
            }
            for (String title : titles) {
                if (ownLine.test(title)) {
                    return caption + "\n" + title;
                }
            }
        }
        return caption;
    }
}
