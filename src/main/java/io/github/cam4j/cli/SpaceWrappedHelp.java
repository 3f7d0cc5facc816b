package io.github.cam4j.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Help whose option and parameter descriptions wrap at spaces only. picocli wraps them where
 * {@link java.text.BreakIterator} allows a line break, which it does after a '.' before a letter: {@code evaluate --help}
 * showed {@code --data}'s default as "~/." at a line's end and "cache/cam4j/mnist" on the next, and a file name as
 * {@code report.md} could be cut the same way. Lines are filled as picocli fills them, word by word within the column;
 * only a word longer than a whole line is still cut, by picocli.
 */
final class SpaceWrappedHelp implements CommandLine.IHelpFactory {
    @Override
    public Help create(CommandSpec spec, ColorScheme scheme) {
        return new Help(spec, scheme) {
            @Override
            public Help.Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals,
                    ColorScheme colors) {
                TextTable picocli = super.createDefaultLayout(options, positionals, colors).textTable();
                return new Help.Layout(colors, new Table(colors, picocli));
            }
        };
    }

    /** picocli's table with the same columns, its wrapping columns filled at spaces. */
    private static final class Table extends TextTable {
        private final Help.Ansi ansi;

        Table(ColorScheme colors, TextTable like) {
            super(colors, like.columns());
            ansi = colors.ansi();
            indentWrappedLines = like.indentWrappedLines;
            setAdjustLineBreaksForWideCJKCharacters(like.isAdjustLineBreaksForWideCJKCharacters());
        }

        @Override
        public Cell putValue(int row, int col, Text value) {
            Column column = columns()[col];
            if (value == null || column.overflow != Column.Overflow.WRAP) {
                return super.putValue(row, col, value);
            }
            String plain = value.plainString();
            int start = 0;
            int indent = column.indent;
            while (true) {
                // picocli fills a line with words, each with the spaces after it, while they fit the column.
                int end = start;
                for (int next = wordEnd(plain, start); next > end && indent + (next - start) <= column.width;
                        next = wordEnd(plain, next)) {
                    end = next;
                }
                if (end == start || end >= plain.length()) {
                    // The rest fits, or a word longer than a line: picocli's own wrapping either way.
                    return super.putValue(row, col, prefixed(indent - column.indent, value.substring(start)));
                }
                Cell cell = super.putValue(row, col, prefixed(indent - column.indent, value.substring(start, end)));
                start = end;
                indent = column.indent + indentWrappedLines;
                row = cell.row + 1;
                if (row == rowCount()) {
                    addEmptyRow();
                }
            }
        }

        /** @return the end of the word at {@code from} and of the spaces after it */
        private static int wordEnd(String s, int from) {
            int i = from;
            while (i < s.length() && s.charAt(i) != ' ') {
                i++;
            }
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
            return i;
        }

        /** @return {@code text} after {@code spaces} spaces: a wrapped line's extra indent, which picocli adds itself */
        private Text prefixed(int spaces, Text text) {
            return spaces == 0 ? text : ansi.new Text(" ".repeat(spaces)).concat(text);
        }
    }
}
