package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/**
 * A path in a command's help is never cut across two lines: {@code evaluate --help} and {@code train --help} showed
 * {@code --data}'s default as "~/." at a line's end and "cache/cam4j/mnist" on the next, which a reader copies as two
 * things; {@code java.util.Random(SEED)}, {@code RefineCAM.fuse_cams} and {@code FinerCAM(base_method=...)} were cut so
 * too. picocli wraps at {@link java.text.BreakIterator}'s line breaks, which fall after a '.' before a letter and
 * before a '('. Every word of every command's option and parameter descriptions (a run of non-blank characters, the
 * sentence's punctuation around it aside) must appear whole on one line of its help, as printed at picocli's width (80
 * columns), paths among them ({@code ~/.cache/cam4j/mnist}, {@code docs/usage.md}).
 */
class HelpPathsTest {
    /** A word: a run of non-blank characters. */
    private static final Pattern WORD = Pattern.compile("\\S+");
    /** Words longer than this may be cut: the description column is 51 characters wide. */
    private static final int LONGEST = 40;

    @Test
    void noWordOrPathInAnyCommandsHelpIsCutAcrossLines() {
        CommandLine root = Cam4j.commandLine();
        root.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        List<CommandLine> commands = new ArrayList<>(List.of(root));
        commands.addAll(root.getSubcommands().values());
        List<String> cut = new ArrayList<>();
        int paths = 0;
        for (CommandLine c : commands) {
            String help = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
            List<ArgSpec> args = new ArrayList<>(c.getCommandSpec().options());
            args.addAll(c.getCommandSpec().positionalParameters());
            for (ArgSpec arg : args) {
                Matcher m = WORD.matcher(String.join(" ", arg.description()));
                while (m.find()) {
                    // Without the sentence's punctuation around it, and not a placeholder picocli fills in.
                    String token = m.group().replaceAll("^[(\"'`]+|[),.;:\"'`]+$", "");
                    if (token.contains("${") || token.length() > LONGEST) {
                        continue;
                    }
                    if (token.matches(".*\\S/\\S.*")) {
                        paths++;
                    }
                    if (help.lines().noneMatch(l -> l.contains(token))) {
                        cut.add(c.getCommandName() + ": " + token);
                    }
                }
            }
        }
        assertTrue(paths > 20, "path-like words checked: " + paths);
        assertEquals(List.of(), cut, "words cut across two lines of --help");
    }

    /** Text with no path is wrapped as picocli wraps it: at spaces, within the width. */
    @Test
    void helpStillWrapsWithinTheWidth() {
        CommandLine root = Cam4j.commandLine();
        for (CommandLine c : root.getSubcommands().values()) {
            for (String line : c.getUsageMessage(CommandLine.Help.Ansi.OFF).split("\\R")) {
                assertTrue(line.length() <= 80, c.getCommandName() + ": " + line.length() + " columns: " + line);
            }
        }
    }
}
