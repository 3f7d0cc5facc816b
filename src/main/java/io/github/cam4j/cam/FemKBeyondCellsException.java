package io.github.cam4j.cam;

/**
 * A FEM k above the default that no cell of the feature layer can pass: over {@code n} cells none lies more than
 * {@code sqrt(n - 1)} standard deviations above the mean, so every channel would weigh 0 and the map be flat. The cells
 * and that bound are fields, so that a caller who feeds other pictures than explain's (evaluate's canvases, whose size
 * {@code --canvas} sets) says which cells in its own words ({@link #ofCells}), not by rewriting the message.
 */
public final class FemKBeyondCellsException extends SettingBeyondModelException {
    private static final long serialVersionUID = 1L;

    /** The k refused. */
    private final double k;
    /** The feature layer's cells at the size fed. */
    private final int cells;

    /**
     * @param k the k refused
     * @param cells the feature layer's cells at the picture's size
     */
    FemKBeyondCellsException(double k, int cells) {
        this(k, cells, "a picture's " + cells + " cells");
    }

    private FemKBeyondCellsException(double k, int cells, String whose) {
        super(Setting.FEM_K, String.valueOf(k), problem(whose, cells), "FEM's k " + k + " "
                + problem(whose, cells).say(String.valueOf(k)) + " (--fem-k)");
        this.k = k;
        this.cells = cells;
    }

    /**
     * @param whose the cells as said: "a picture's 50 cells"
     * @return the problem, which does not say k
     */
    private static Wording problem(String whose, int cells) {
        float bound = (float) bound(cells);
        return k -> "cannot be passed by any cell of " + whose + ": none lies more than sqrt(" + cells + " - 1) = "
                + bound + " standard deviations above its channel's mean, so every channel would weigh 0 and the map be"
                + " flat; give a k below " + bound;
    }

    private static double bound(int cells) {
        return Math.sqrt(cells - 1.0);
    }

    /** @return the k refused */
    public double k() {
        return k;
    }

    /** @return the feature layer's cells at the size fed */
    public int cells() {
        return cells;
    }

    /** @return {@code sqrt(cells - 1)}: a k must be below it for some cell to pass it */
    public double bound() {
        return bound(cells);
    }

    /**
     * The same refusal of the same k and cells, the cells said otherwise: {@code "a canvas's 441 cells (84x84,
     * --canvas)"} where this one says {@code "a picture's 441 cells"}.
     *
     * @param whose the cells as the caller says them, composed from {@link #cells()}
     * @return the refusal saying them so, this one its cause
     */
    public FemKBeyondCellsException ofCells(String whose) {
        FemKBeyondCellsException said = new FemKBeyondCellsException(k, cells, whose);
        said.initCause(this);
        return said;
    }
}
