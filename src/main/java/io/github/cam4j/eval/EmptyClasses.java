package io.github.cam4j.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The classes no evaluated digit belongs to, said in one line of report.md's per-class table instead of a row each: a
 * model of 1000 units evaluated on MNIST had 990 rows of dashes there, which buried the 10 measured. report.json keeps
 * every class's row.
 */
final class EmptyClasses {
    /** Up to this many empty classes are named one by one, with their names, rather than as ranges of indices. */
    static final int NAMED_UP_TO = 20;

    private EmptyClasses() {}

    /**
     * @param rows every class's row, in class order
     * @return the sentence that stands for the rows of no digit, without a line break; empty when every class has one
     */
    static String line(List<ModelReport.ClassRow> rows) {
        List<ModelReport.ClassRow> empty = rows.stream().filter(r -> r.digits() == 0).toList();
        if (empty.isEmpty()) {
            return "";
        }
        boolean named = empty.stream().anyMatch(r -> !MarkdownReport.className(r).equals(Integer.toString(r.label())));
        String which = named && empty.size() <= NAMED_UP_TO
                ? String.join(", ", empty.stream().map(MarkdownReport::className).toList())
                : ranges(empty.stream().mapToInt(ModelReport.ClassRow::label).toArray());
        return String.format(Locale.ROOT, "%s of the %d classes had no digit evaluated, so no rates (rows not shown;"
                + " report.json's perClass has them, with null rates): %s.", empty.size(), rows.size(), which);
    }

    /**
     * @param labels class indices, ascending
     * @return them comma-separated, runs of three or more consecutive ones as {@code first-last}
     */
    static String ranges(int[] labels) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < labels.length) {
            int j = i;
            while (j + 1 < labels.length && labels[j + 1] == labels[j] + 1) {
                j++;
            }
            if (j - i >= 2) {
                parts.add(labels[i] + "-" + labels[j]);
            } else {
                for (int k = i; k <= j; k++) {
                    parts.add(Integer.toString(labels[k]));
                }
            }
            i = j + 1;
        }
        return String.join(", ", parts);
    }
}
