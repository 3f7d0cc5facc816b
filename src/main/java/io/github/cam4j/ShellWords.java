package io.github.cam4j;

/**
 * Words of a command printed for a user to run again, quoted for a POSIX shell where they need to be: a path with a
 * space or a bracket pasted as printed was a syntax error ({@code ffmpeg -i my clip (1).ts ...}).
 */
public final class ShellWords {
    private ShellWords() {}

    /**
     * @param word one argument
     * @return it as it is when a shell takes it so, else in single quotes (a single quote inside closed, escaped and
     *     reopened)
     */
    public static String quote(String word) {
        return word.matches("[A-Za-z0-9_@%+=:,./-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
