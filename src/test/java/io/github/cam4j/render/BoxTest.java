package io.github.cam4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BoxTest {

    // IoU is a ratio of small integers here; 1e-12 only absorbs double rounding.
    private static final double EPS = 1e-12;

    @Test
    void iouOfIdenticalBoxesIsOne() {
        Box a = new Box(3, 4, 10, 5);
        assertEquals(1.0, a.iou(new Box(3, 4, 10, 5)), EPS);
    }

    @Test
    void iouOfDisjointBoxesIsZero() {
        assertEquals(0.0, new Box(0, 0, 4, 4).iou(new Box(10, 10, 4, 4)), EPS);
    }

    @Test
    void boxesSharingOnlyAnEdgeDoNotOverlap() {
        // Right edges are exclusive: (0,0,2,2) covers columns 0..1, (2,0,2,2) columns 2..3.
        assertEquals(0.0, new Box(0, 0, 2, 2).iou(new Box(2, 0, 2, 2)), EPS);
    }

    @Test
    void iouOfPartialOverlapByHand() {
        // 4x4 boxes offset by (2, 2): intersection 2x2 = 4, union 16 + 16 - 4 = 28.
        assertEquals(4.0 / 28.0, new Box(0, 0, 4, 4).iou(new Box(2, 2, 4, 4)), EPS);
        // A 2x2 box inside a 4x4 box: 4 / 16.
        assertEquals(0.25, new Box(0, 0, 4, 4).iou(new Box(1, 1, 2, 2)), EPS);
    }

    @Test
    void iouOfTwoEmptyBoxesIsZeroNotNaN() {
        assertEquals(0.0, new Box(0, 0, 0, 0).iou(new Box(0, 0, 0, 0)), EPS);
    }

    @Test
    void intersectGivesOverlapOrEmpty() {
        assertEquals(new Box(2, 2, 2, 2), new Box(0, 0, 4, 4).intersect(new Box(2, 2, 4, 4)));
        Box none = new Box(0, 0, 4, 4).intersect(new Box(10, 0, 4, 4));
        assertTrue(none.isEmpty());
        assertEquals(0, none.area());
    }

    @Test
    void containsUsesExclusiveRightAndBottomEdges() {
        Box b = new Box(1, 2, 3, 4);
        assertTrue(b.contains(1, 2));
        assertTrue(b.contains(3, 5));
        assertFalse(b.contains(4, 5));
        assertFalse(b.contains(3, 6));
        assertFalse(b.contains(0, 2));
    }

    @Test
    void scaledCoversTheEnlargedPixels() {
        // Pixels 2..5 x 3..7 on a picture enlarged three times: 6..17 x 9..23.
        assertEquals(new Box(6, 9, 12, 15), new Box(2, 3, 4, 5).scaled(3));
    }

    @Test
    void areaIsWidthTimesHeight() {
        assertEquals(12, new Box(5, 5, 3, 4).area());
        assertEquals(10_000_000_000L, new Box(0, 0, 100_000, 100_000).area(), "an int would overflow");
    }

    @Test
    void toStringAndParseRoundTrip() {
        Box b = new Box(-1, 2, 30, 4);
        assertEquals("-1,2,30,4", b.toString());
        assertEquals(b, Box.parse(b.toString()));
        assertEquals(b, Box.parse(" -1, 2 ,30,4 "));
    }

    @Test
    void parseRejectsGarbageNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Box.parse("1,2,x,4"));
        assertTrue(e.getMessage().contains("1,2,x,4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Box.parse("1,2,3"));
    }

    /** Trailing commas are no fifth number left out: "1,2,3,4," passed as 1,2,3,4 (video --roi, helper-219's audit). */
    @Test
    void parseRejectsTrailingCommas() {
        for (String text : new String[] {"1,2,3,4,", "1,2,3,4,,,", "1,2,3,4, "}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Box.parse(text), text);
            assertEquals("box '" + text + "' must be four integers x,y,w,h", e.getMessage());
        }
    }

    @Test
    void rejectsNegativeSize() {
        assertThrows(IllegalArgumentException.class, () -> new Box(0, 0, -1, 3));
    }

    /**
     * Carried to a picture drawn at a fraction of its size (a figure's cell brought down to its largest side), a box
     * covers the pixels its edges fall in, at least one; at a whole factor it is {@link Box#scaled(int)}'s blocks.
     */
    @Test
    void aBoxScaledByFractionsCoversThePixelsItsEdgesFallIn() {
        assertEquals(new Box(2, 1, 7, 11), new Box(5, 3, 17, 25).scaled(0.4, 0.4), "x 2.0..8.8, y 1.2..11.2");
        assertEquals(new Box(5, 3, 17, 25).scaled(3), new Box(5, 3, 17, 25).scaled(3.0, 3.0));
        assertEquals(new Box(10, 10, 1, 1), new Box(100, 100, 2, 2).scaled(0.1, 0.1), "at least a pixel");
        assertEquals(new Box(80, 40, 160, 32), new Box(100, 50, 200, 40).scaled(0.8, 0.8));
    }

    /**
     * A factor that is not a size is refused, naming it: scaled(NaN, 1) gave the box "0,2,1,4" (a width of NaN cast to
     * pixel 0, then "at least a pixel"), scaled(Infinity, 1) one of 2147483647 pixels' corner, and scaled(0) an empty
     * box, each without a word (a figure's factor of its size over a picture's 0 columns); scaled(-2) said "Box width
     * and height must not be negative, were -34x-50", a box the caller never gave.
     */
    @Test
    void aScaleFactorThatIsNotPositiveAndFiniteIsNamed() {
        Box b = new Box(5, 3, 17, 25);
        assertEquals("a box is scaled by finite, positive factors; got NaN x 1.0 (width x height)",
                assertThrows(IllegalArgumentException.class, () -> b.scaled(Double.NaN, 1)).getMessage());
        assertEquals("a box is scaled by finite, positive factors; got Infinity x 1.0 (width x height)",
                assertThrows(IllegalArgumentException.class, () -> b.scaled(Double.POSITIVE_INFINITY, 1)).getMessage());
        assertEquals("a box is scaled by finite, positive factors; got 1.0 x 0.0 (width x height)",
                assertThrows(IllegalArgumentException.class, () -> b.scaled(1, 0.0)).getMessage());
        assertEquals("a box is enlarged by a whole factor of 1 or more; got 0",
                assertThrows(IllegalArgumentException.class, () -> b.scaled(0)).getMessage());
        assertEquals("a box is enlarged by a whole factor of 1 or more; got -2",
                assertThrows(IllegalArgumentException.class, () -> b.scaled(-2)).getMessage());
    }

    /**
     * A box whose right or bottom edge lies past the largest int is a valid Box (a region of interest read from the
     * command line); its x + width wrapped round to a negative int, so it contained none of its own pixels, overlapped
     * a box it lies clear of by its whole width, and scaled by 2 became "2,1,1,2" (a width of 1) or was refused as a box
     * of width -2 the caller never gave.
     */
    @Test
    void aBoxReachingPastTheLargestIntKeepsItsEdgesUnwrapped() {
        Box far = new Box(Integer.MAX_VALUE - 5, 0, 10, 2);
        assertTrue(far.contains(Integer.MAX_VALUE - 1, 1));
        assertEquals(0, new Box(Integer.MAX_VALUE, 0, 10, 2).intersect(new Box(0, 0, Integer.MAX_VALUE, 2)).width());
        assertEquals(new Box(Integer.MAX_VALUE - 5, 0, 5, 2), far.intersect(new Box(0, 0, Integer.MAX_VALUE, 2)));
        Box wide = new Box(1, 1, Integer.MAX_VALUE, 2);
        assertEquals("box 1,1,2147483647,2 enlarged 2 times passes int range: 2,2,4294967294,4",
                assertThrows(IllegalArgumentException.class, () -> wide.scaled(2)).getMessage());
        assertEquals("box 1,1,2147483647,2 scaled 2.0 x 1.0 passes int range: 2,1,4294967294,2",
                assertThrows(IllegalArgumentException.class, () -> wide.scaled(2.0, 1.0)).getMessage());
        assertEquals(new Box(0, 0, 1073741824, 2), wide.scaled(0.5, 0.5), "x 0.5..1073741824, y 0.5..1.5");
    }
}
