package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * FEM's refusal of a k no cell can pass carries the k, the cells and their bound as fields: explain says a picture's
 * cells, and evaluate says its canvases' from the cell count ({@link FemKBeyondCellsException#ofCells}), where it had
 * rewritten the message with a regular expression.
 */
class FemKBeyondCellsExceptionTest {
    private static final String PROBLEM_AFTER_CELLS = ": none lies more than sqrt(50 - 1) = 7.0 standard deviations above"
            + " its channel's mean, so every channel would weigh 0 and the map be flat; give a k below 7.0";

    @Test
    void theRefusalCarriesItsKCellsAndBound() {
        FemKBeyondCellsException e = assertThrows(FemKBeyondCellsException.class, () -> Fem.map(new float[50], 50, 1, 1e3));
        assertEquals(1000.0, e.k());
        assertEquals(50, e.cells());
        // sqrt(49) is 7 exactly in double arithmetic: no tolerance needed.
        assertEquals(7.0, e.bound());
        assertEquals(SettingBeyondModelException.Setting.FEM_K, e.setting());
        assertEquals("1000.0", e.value());
        String problem = "cannot be passed by any cell of a picture's 50 cells" + PROBLEM_AFTER_CELLS;
        assertEquals(problem, e.problem());
        // The problem does not say k: said as typed, it is the same.
        assertEquals(problem, e.problem("1e3"));
        assertEquals("FEM's k 1000.0 " + problem + " (--fem-k)", e.getMessage());
    }

    /** Evaluate's canvases: the same k, cells and bound, the cells said as the caller composes them. */
    @Test
    void theCellsAreSaidAsTheCallerComposesThem() {
        FemKBeyondCellsException e = assertThrows(FemKBeyondCellsException.class, () -> Fem.map(new float[50], 50, 1, 7));
        FemKBeyondCellsException canvas = e.ofCells("a canvas's " + e.cells() + " cells (28x28, --canvas)");
        assertEquals(7.0, canvas.k());
        assertEquals(50, canvas.cells());
        assertEquals(7.0, canvas.bound());
        assertEquals("7.0", canvas.value());
        assertSame(e, canvas.getCause());
        String problem = "cannot be passed by any cell of a canvas's 50 cells (28x28, --canvas)" + PROBLEM_AFTER_CELLS;
        assertEquals(problem, canvas.problem());
        assertEquals("FEM's k 7.0 " + problem + " (--fem-k)", canvas.getMessage());
    }
}
