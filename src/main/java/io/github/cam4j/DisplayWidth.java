package io.github.cam4j;

import org.jline.utils.WCWidth;

/**
 * The columns a text takes on a terminal: a wide character (CJK, fullwidth forms) two, a combining mark none, any
 * other one. A bar's task name can hold wide characters (evaluate's bar is named after the model's folder), and a line
 * measured by {@code String.length()} was wider than the terminal: at 60 columns "手写数字模型  85% [=====  ] 256/300
 * canvases (0:00:01", the library's console cutting off the rest of the time left.
 *
 * <p>Each code point is measured by {@link WCWidth}, as the progress bar library measures (and cuts) its own lines;
 * jline comes with that library. A control character takes none, as there.
 */
final class DisplayWidth {
    private DisplayWidth() {}

    /**
     * @param text the text
     * @return the columns it takes
     */
    static int of(String text) {
        int columns = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            columns += columns(codePoint);
            i += Character.charCount(codePoint);
        }
        return columns;
    }

    /**
     * @param text the text
     * @param columns the most columns it may take
     * @return its longest start that takes at most {@code columns}, cut between code points (a wide character that
     *     would stand half inside is left out, and a combining mark goes with the character before it)
     */
    static String cut(String text, int columns) {
        int taken = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            taken += columns(codePoint);
            if (taken > columns) {
                return text.substring(0, i);
            }
            i += Character.charCount(codePoint);
        }
        return text;
    }

    /** @return the columns one code point takes: 0, 1 or 2 */
    private static int columns(int codePoint) {
        return Math.max(0, WCWidth.wcwidth(codePoint));
    }
}
