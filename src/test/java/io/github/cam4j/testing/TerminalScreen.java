package io.github.cam4j.testing;

import java.util.ArrayList;
import java.util.List;

/** What a terminal shows of text written to it, for tests of progress bars redrawn in place. */
public final class TerminalScreen {
    private TerminalScreen() {}

    /**
     * @param text what was written to the terminal
     * @return the lines a terminal shows for it: a carriage return goes back to the line's start, a later character
     *     overwrites the one there; trailing blanks left out
     */
    public static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int column = 0;
        for (char c : text.toCharArray()) {
            if (c == '\n') {
                lines.add(line.toString().stripTrailing());
                line.setLength(0);
                column = 0;
            } else if (c == '\r') {
                column = 0;
            } else {
                if (column < line.length()) {
                    line.setCharAt(column, c);
                } else {
                    line.append(c);
                }
                column++;
            }
        }
        if (line.length() > 0) {
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
