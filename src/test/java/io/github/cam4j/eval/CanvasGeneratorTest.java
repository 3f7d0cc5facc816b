package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.Box;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CanvasGeneratorTest {

    /** Ten synthetic 28x28 "digits": digit d is a filled rectangle of value 10 + 20 d at a place depending on d. */
    private static LabeledImages digits() {
        int n = 10;
        byte[] pixels = new byte[n * 28 * 28];
        byte[] labels = new byte[n];
        for (int d = 0; d < n; d++) {
            labels[d] = (byte) d;
            for (int r = 3 + d; r < 20 + d / 2; r++) {
                for (int c = 4 + d / 2; c < 22; c++) {
                    pixels[d * 784 + r * 28 + c] = (byte) (10 + 20 * d);
                }
            }
        }
        return new LabeledImages(pixels, labels, n, 28, 28);
    }

    @Test
    void theSameSeedGivesTheSameCanvasesWhateverTheOrder() {
        LabeledImages set = digits();
        CanvasGenerator a = new CanvasGenerator(set, 84, 7);
        CanvasGenerator b = new CanvasGenerator(set, 84, 7);
        Canvas late = b.cluttered(5); // asked for first here, last there
        for (int d = 0; d < 10; d++) {
            assertArrayEquals(a.plain(d).pixels(), b.plain(d).pixels());
            assertArrayEquals(a.cluttered(d).pixels(), b.cluttered(d).pixels());
        }
        assertArrayEquals(a.cluttered(5).pixels(), late.pixels());
        CanvasGenerator other = new CanvasGenerator(set, 84, 8);
        Set<Box> positions = new HashSet<>();
        for (int d = 0; d < 10; d++) {
            positions.add(other.plain(d).truth());
        }
        assertNotEquals(a.plain(3).truth(), other.plain(3).truth(), "another seed moves the digit");
        assertTrue(positions.size() > 5, "positions vary between digits: " + positions);
    }

    /**
     * A canvas side whose square passes int range is refused when the generator is made, naming it: at 100000 a side
     * the first canvas failed with "Index -1142533692 out of bounds for length 1410065408" (size * size wrapped round),
     * and missing digits are named rather than left to a bare NullPointerException.
     */
    @Test
    void aCanvasOfMorePixelsThanAPictureHoldsIsRefusedNamingItsSize() {
        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class,
                () -> new CanvasGenerator(digits(), 100_000, 1));
        assertEquals("canvas size 100000 makes canvases of 100000x100000 = 10000000000 pixels, more than cam4j takes"
                + " (2^28 = 268435456 pixels)", huge.getMessage());
        // The largest side that fits is still taken.
        assertEquals(16384, new CanvasGenerator(digits(), 16384, 1).size());
        NullPointerException none = assertThrows(NullPointerException.class, () -> new CanvasGenerator(null, 84, 1));
        assertEquals("digits is null: the digits to paste", none.getMessage());
    }

    @Test
    void theTruthBoxIsTheInkBoxOfThePastedDigit() {
        LabeledImages set = digits();
        CanvasGenerator g = new CanvasGenerator(set, 84, 11);
        for (int d = 0; d < 10; d++) {
            Canvas c = g.plain(d);
            Box truth = c.truth();
            // Digit d's rectangle: rows 3+d..19+d/2, columns 4+d/2..21 of the 28x28 patch.
            assertEquals(21 - (4 + d / 2) + 1, truth.width());
            assertEquals(19 + d / 2 - (3 + d) + 1, truth.height());
            int inside = 0;
            for (int y = 0; y < 84; y++) {
                for (int x = 0; x < 84; x++) {
                    float v = c.pixels()[y * 84 + x];
                    if (truth.contains(x, y)) {
                        assertEquals(10 + 20 * d, v, "the box holds only the digit's ink here");
                        inside++;
                    } else {
                        assertEquals(0f, v, "no ink outside the box of a plain canvas");
                    }
                }
            }
            assertEquals(truth.area(), inside);
            assertEquals(d, c.label());
            assertFalse(c.cluttered());
        }
    }

    @Test
    void clutterLeavesTheTargetsBoxUntouchedAndAddsInkElsewhere() {
        LabeledImages set = digits();
        CanvasGenerator g = new CanvasGenerator(set, 84, 13);
        int added = 0;
        for (int d = 0; d < 10; d++) {
            Canvas plain = g.plain(d);
            Canvas cluttered = g.cluttered(d);
            assertEquals(plain.truth(), cluttered.truth(), "clutter keeps the digit where it was");
            for (int y = 0; y < 84; y++) {
                for (int x = 0; x < 84; x++) {
                    int i = y * 84 + x;
                    if (plain.truth().contains(x, y)) {
                        assertEquals(plain.pixels()[i], cluttered.pixels()[i], "clutter inside the truth box at " + x + "," + y);
                    } else if (cluttered.pixels()[i] != plain.pixels()[i]) {
                        added++;
                    }
                }
            }
        }
        // Four fragments of 10..14 px with at least 15 ink pixels each, on ten canvases.
        assertTrue(added >= 10 * 15, "clutter added only " + added + " pixels");
    }

    /**
     * A fragment is the same share of a digit whatever its size: MNIST's 28-pixel digits keep 10..14-pixel fragments
     * of at least 15 ink pixels; 12-pixel digits get 4..6 of at least 3 (a 14-pixel crop of a 12-pixel digit threw
     * "bound must be positive"), and their clutter still adds ink outside the target's box only.
     */
    @Test
    void fragmentsAreTheSameShareOfADigitWhateverItsSize() {
        CanvasGenerator mnist = new CanvasGenerator(digits(), 84, 1);
        assertEquals(List.of(10, 14, 15), List.of(mnist.fragmentMin(), mnist.fragmentMax(), mnist.fragmentMinInk()));
        int n = 10;
        int side = 12;
        byte[] pixels = new byte[n * side * side];
        for (int d = 0; d < n; d++) {
            for (int p = 0; p < side * side; p++) {
                pixels[d * side * side + p] = (byte) (p % side == d % side || p / side == 6 ? 200 : 0);
            }
        }
        CanvasGenerator small = new CanvasGenerator(new LabeledImages(pixels, new byte[n], n, side, side), 42, 3);
        assertEquals(List.of(4, 6, 3), List.of(small.fragmentMin(), small.fragmentMax(), small.fragmentMinInk()));
        int added = 0;
        for (int d = 0; d < n; d++) {
            Canvas plain = small.plain(d);
            Canvas cluttered = small.cluttered(d);
            for (int i = 0; i < plain.pixels().length; i++) {
                if (plain.truth().contains(i % 42, i / 42)) {
                    assertEquals(plain.pixels()[i], cluttered.pixels()[i], "clutter inside the truth box at " + i);
                } else if (cluttered.pixels()[i] != plain.pixels()[i]) {
                    added++;
                }
            }
        }
        assertTrue(added >= n * 3, "clutter added only " + added + " pixels");
        CanvasGenerator dots = new CanvasGenerator(new LabeledImages(new byte[2], new byte[2], 2, 1, 1), 4, 1);
        assertEquals(List.of(1, 1, 1), List.of(dots.fragmentMin(), dots.fragmentMax(), dots.fragmentMinInk()),
                "a 1-pixel digit's fragment is the pixel");
    }

    @Test
    void realDigitsKeepTheirInkInsideTheTruthAndClutterOutOfIt() throws Exception {
        LabeledImages test = io.github.cam4j.data.Dataset.open(io.github.cam4j.testing.SharedData.mnist()).test().slice(0, 200);
        CanvasGenerator g = new CanvasGenerator(test, 84, 42);
        for (int d = 0; d < test.count(); d++) {
            Canvas plain = g.plain(d);
            Canvas cluttered = g.cluttered(d);
            int ink = 0;
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    ink += test.pixel(d, r, c) > CanvasGenerator.INK_THRESHOLD ? 1 : 0;
                }
            }
            int inkInBox = 0;
            for (int y = 0; y < 84; y++) {
                for (int x = 0; x < 84; x++) {
                    if (plain.truth().contains(x, y)) {
                        inkInBox += plain.pixels()[y * 84 + x] > 0 ? 1 : 0;
                        assertEquals(plain.pixels()[y * 84 + x], cluttered.pixels()[y * 84 + x]);
                    }
                }
            }
            assertEquals(ink, inkInBox, "digit " + d + ": all its ink lies in the box");
        }
    }
}
