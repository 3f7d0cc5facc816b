package io.github.cam4j.cli;

import java.util.List;

/**
 * The names a method can be given in an overlay's caption, each list longest first: a caption takes the longest that
 * fits ({@link ExplainOverlay#withMethod}).
 *
 * @param named titles that say all of it, smoothing included ("Grad-CAM (eigen-smooth, aug-smooth)", "Grad-CAM
 *     eigen+aug"); never empty, its first the full title reports use
 * @param bare titles that say less, taken only when none of {@code named} fits: the method without its smoothing
 *     ("Grad-CAM"), which would name a smoothed map as if it were not, or a fused map's layers said "2L"; empty for a
 *     method neither smoothed nor fused from several layers
 */
record CaptionTitles(List<String> named, List<String> bare) {
    /** Copies the lists: a record's lists are its own. */
    CaptionTitles {
        named = List.copyOf(named);
        bare = List.copyOf(bare);
        if (named.isEmpty()) {
            throw new IllegalArgumentException("a method has at least one title");
        }
    }

    /** @return titles for a method that is not smoothed */
    static CaptionTitles of(String... titles) {
        return new CaptionTitles(List.of(titles), List.of());
    }

    /** @return the full title, for a figure's header and a report's table */
    String full() {
        return named.get(0);
    }
}
