package io.github.cam4j.cli;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code --labels FILE}: one class label per line, in class order (UTF-8, a byte order mark ignored), as Keras
 * users keep them, e.g. the ImageNet class names of an imported classifier. Trailing blank lines are ignored; a blank
 * line between labels is an error, since every later class would get its neighbour's name. Repeated labels are allowed
 * (ImageNet has two "crane"s).
 */
final class LabelFile {
    private LabelFile() {}

    /**
     * @param file the labels file
     * @return its labels, stripped of surrounding white space
     * @throws IllegalArgumentException naming the file when it is missing, unreadable, not UTF-8, empty, or has a blank
     *     line among its labels or a label holding a control character; a {@link UsageException} when it is a folder
     */
    static List<String> read(Path file) {
        // "does not exist or is not a file" left a user who gave a folder that exists to guess which (helper-201,
        // helper-202): each case is said as it is.
        if (Files.isDirectory(file)) {
            // A path of the wrong kind is a usage error (exit 2), as --out or --model naming a file is; it had exited 1.
            throw new UsageException("labels file " + file + " is a folder; give a text file of labels, one per"
                    + " line in class order");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("labels file " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("labels file " + file + " is not a regular file (a device or a socket);"
                    + " give a text file of labels, one per line in class order");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new IllegalArgumentException("labels file " + file + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read labels file " + file + ": " + e.getMessage(), e);
        }
        if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
            // A byte order mark (Windows editors write one): not part of the first label, and strip() keeps it.
            lines.set(0, lines.get(0).substring(1));
        }
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isBlank()) {
            end--;
        }
        if (end == 0) {
            throw new IllegalArgumentException("labels file " + file + " holds no labels (one per line, in class order)");
        }
        List<String> labels = new ArrayList<>(end);
        for (int i = 0; i < end; i++) {
            String label = lines.get(i).strip();
            if (label.isEmpty()) {
                throw new IllegalArgumentException("line " + (i + 1) + " of labels file " + file + " is blank: every class"
                        + " needs a label, one per line in class order");
            }
            int breaker = io.github.cam4j.savedmodel.LabelText.firstLineBreaker(label);
            if (breaker >= 0) {
                // An escape sequence in a label recoloured the terminal on every result line (helper-153); the
                // model's own labels were refused for it already.
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "line %d of labels file %s"
                        + " holds U+%04X, a control character (a tab, an escape, a text direction override...); a"
                        + " label is one line of text", i + 1, file, breaker));
            }
            labels.add(label);
        }
        return labels;
    }
}
