package io.github.cam4j.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks the {@code @FILE} arguments picocli expands (each line of FILE an argument) before it reads them. A folder
 * there ({@code cam4j explain --model mnist-pooled @digits}, digits/ a folder) ended the JVM with picocli's stack trace
 * ("InitializationException: Could not read argument file @digits"), exit 1; a mistyped FILE was kept as a word and
 * answered with whatever that word then lacked ({@code cam4j explain @args.txt}: "Missing required option:
 * '--model=<model>'", though the model was in the file meant).
 */
final class ArgumentFiles {
    private ArgumentFiles() {}

    /**
     * @param args the command line as given
     * @return the error line's text (after {@code cam4j: error: }) for the first {@code @FILE} that cannot be read as
     *     one, or empty: a word {@code @X} that names an existing file as it is stays a word, as picocli keeps it
     */
    static Optional<String> problem(String[] args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                break; // what follows is positional, whatever it looks like
            }
            if (arg.length() < 2 || arg.charAt(0) != '@') {
                continue;
            }
            Path file;
            Path word;
            try {
                file = Path.of(arg.substring(1));
                word = Path.of(arg);
            } catch (InvalidPathException e) {
                continue;
            }
            if (Files.isDirectory(file)) {
                return Optional.of(arg + ": " + file + " is a folder, but @FILE reads the arguments written in FILE,"
                        + " one a line; give a folder of pictures without the @");
            }
            if (!Files.exists(file) && !Files.exists(word)) {
                return Optional.of(arg + ": argument file " + file + " does not exist (@FILE reads the arguments"
                        + " written in FILE, one a line)");
            }
        }
        return Optional.empty();
    }
}
