package io.github.cam4j.cli;

import io.github.cam4j.render.CaptionTitles;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of a method's titles an overlay's caption ends in. */
class ExplainOverlayTest {
    private static final CaptionTitles SMOOTHED_GRAD_CAM = new CaptionTitles(List.of("Grad-CAM (eigen-smooth,"
            + " aug-smooth)", "Grad-CAM eigen+aug"), List.of("Grad-CAM"));

    /**
     * A 28x28 digit's overlay (enlarged 6 times, 168x168) does not hold a smoothed method's full title: the caption
     * takes a shorter one rather than none, which had left a smoothed Grad-CAM's overlay looking like CAM's (a user's
     * audit), and on a line of its own rather than the bare "Grad-CAM", which had named it as if it were not smoothed
     * (the re-audit). A 600x800 one holds the short form, a wide one the full title (the caption's letters grow with
     * the overlay).
     */
    @Test
    void aSmoothedMethodIsNamedByTheLongestTitleThatFits() {
        assertEquals("7  p=1.000\nGrad-CAM eigen+aug", ExplainOverlay.withMethod("7  p=1.000", SMOOTHED_GRAD_CAM, 168,
                168));
        assertEquals("7  p=1.000  Grad-CAM eigen+aug", ExplainOverlay.withMethod("7  p=1.000", SMOOTHED_GRAD_CAM, 600, 800));
        assertEquals("7  p=1.000  Grad-CAM (eigen-smooth, aug-smooth)",
                ExplainOverlay.withMethod("7  p=1.000", SMOOTHED_GRAD_CAM, 200, 2000));
    }

    /**
     * Ablation-CAM's and Grad-CAM++'s titles did not fit beside the class on a digit's 168x168 overlay with two spaces
     * between, and their overlays named no method; with single spaces they fit on the one line. Where even that does
     * not fit (a 168-wide "no evidence" caption), the title gets a line of its own; where half the height holds no
     * line, none.
     */
    @Test
    void aLongTitleFitsWithSingleSpacesOrOnALineOfItsOwn() {
        assertEquals("7 p=1.000 Ablation-CAM", ExplainOverlay.withMethod("7  p=1.000", CaptionTitles.of("Ablation-CAM"),
                168, 168));
        assertEquals("7 p=1.000 Grad-CAM++", ExplainOverlay.withMethod("7  p=1.000", CaptionTitles.of("Grad-CAM++"), 168,
                168));
        assertEquals("7  p=1.000  Grad-CAM", ExplainOverlay.withMethod("7  p=1.000", CaptionTitles.of("Grad-CAM"), 168,
                168), "two spaces where they fit");
        assertEquals("no evidence\nAblation-CAM", ExplainOverlay.withMethod("no evidence",
                CaptionTitles.of("Ablation-CAM"), 168, 168));
        // Where half the height holds no line, "no evidence" is shortened to "flat" to name the method beside it.
        assertEquals("flat  Ablation-CAM", ExplainOverlay.withMethod("no evidence", CaptionTitles.of("Ablation-CAM"), 30,
                168));
        // A 112-pixel cell (compare --min-side 112) takes no second band: two of 17 pixels hid the bottom of the digit.
        assertEquals("no evidence", ExplainOverlay.withMethod("no evidence", CaptionTitles.of("Ablation-CAM"), 112, 112));
        // A label too long for the overlay is shortened when drawn; the method still gets its own line (it had none).
        String longLabel = "digit number 7 with an extraordinarily long descriptive label  p=1.000";
        assertEquals(longLabel + "\nGrad-CAM eigen+aug", ExplainOverlay.withMethod(longLabel, SMOOTHED_GRAD_CAM, 168,
                168));
    }

    /**
     * A flat map's caption names the method where "flat" leaves it room: on a 128x96 cell (compare --min-side 0 of a
     * 128x96 picture) "no evidence" beside Grad-CAM++ or Ablation-CAM fitted no font size, and the title was dropped;
     * on a 64x48 cell (--max-side 64) "no evidence" itself was cut to "no...ence", and reads "flat", CAM's too. Where
     * "no evidence" holds the title, or fits and "flat" holds none either (112x112), it stays.
     */
    @Test
    void aFlatMapsCaptionIsShortenedToFlatWhereOnlyThatNamesTheMethodOrFits() {
        assertEquals("flat  Grad-CAM++", ExplainOverlay.withMethod("no evidence", CaptionTitles.of("Grad-CAM++"), 96, 128));
        assertEquals("flat  Ablation-CAM", ExplainOverlay.withMethod("no evidence", CaptionTitles.of("Ablation-CAM"), 96,
                128));
        assertEquals("flat", ExplainOverlay.withMethod("no evidence", CaptionTitles.of("Ablation-CAM"), 48, 64));
        assertEquals("flat", ExplainOverlay.withMethod("no evidence", CaptionTitles.of("CAM"), 48, 64));
        assertEquals("no evidence", ExplainOverlay.withMethod("no evidence", CaptionTitles.of("CAM"), 96, 128));
        assertEquals("no evidence", ExplainOverlay.withMethod("no evidence", CaptionTitles.of("Ablation-CAM"), 112, 112));
        assertEquals("no evidence\nAblation-CAM", ExplainOverlay.withMethod("no evidence",
                CaptionTitles.of("Ablation-CAM"), 168, 168));
    }

    /** Plain CAM, the article's method, is not named; smoothed CAM is, where its title fits. */
    @Test
    void plainCamIsNotNamedButSmoothedCamIs() {
        assertEquals("7  p=1.000", ExplainOverlay.withMethod("7  p=1.000", CaptionTitles.of("CAM"), 600, 800));
        CaptionTitles smoothedCam = new CaptionTitles(List.of("CAM (aug-smooth)", "CAM aug"), List.of("CAM"));
        assertEquals("7  p=1.000  CAM (aug-smooth)", ExplainOverlay.withMethod("7  p=1.000", smoothedCam, 200, 2000));
        assertEquals("7  p=1.000", ExplainOverlay.withMethod("7  p=1.000", smoothedCam, 20, 20),
                "nothing fits a 20x20 overlay");
    }

    /**
     * A method with a short title (Grad-CAM element-wise's "Grad-EW") is named by it on one line rather than by its
     * full title on two; smoothed, by the short form with its smoothing on a line of its own, not by a bare title.
     */
    @Test
    void aShortTitleOnOneLineWinsAndKeepsItsSmoothing() {
        assertEquals("7  p=1.000  Grad-EW", ExplainOverlay.withMethod("7  p=1.000",
                CaptionTitles.of("Grad-CAM element-wise", "Grad-EW"), 168, 168));
        CaptionTitles smoothed = new CaptionTitles(List.of("Grad-CAM element-wise (eigen-smooth)",
                "Grad-CAM element-wise eigen", "Grad-EW eigen"), List.of("Grad-CAM element-wise", "Grad-EW"));
        assertEquals("7  p=1.000\nGrad-EW eigen", ExplainOverlay.withMethod("7  p=1.000", smoothed, 168, 168));
    }
}
