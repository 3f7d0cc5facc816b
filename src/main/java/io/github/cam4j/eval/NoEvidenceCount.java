package io.github.cam4j.eval;

/**
 * Counts the maps of one method that held no evidence, as localisation and faithfulness both report them: the flat ones
 * ({@link FlatMaps#isFlat}), and apart from those the ones with no cell above 0 ({@link FlatMaps#hasNoPositiveCell}),
 * so that the two counts are disjoint and add up to the maps without positive evidence.
 */
final class NoEvidenceCount {
    private int flat;
    private int noPositiveCell;

    /**
     * @param flatMap whether the map was flat
     * @param noPositiveCellMap whether it had no cell above 0 (true for a flat all-zero map too, counted as flat only)
     */
    void add(boolean flatMap, boolean noPositiveCellMap) {
        flat += flatMap ? 1 : 0;
        noPositiveCell += noPositiveCellMap && !flatMap ? 1 : 0;
    }

    /** @return the flat maps added */
    int flat() {
        return flat;
    }

    /** @return the maps added that were not flat but had no cell above 0 */
    int noPositiveCell() {
        return noPositiveCell;
    }
}
