package io.github.cam4j.savedmodel;

/**
 * What a class label may hold: one line of text. A label is printed inside result lines ("d0.png: class seven
 * p=0.99") and drawn in captions, so a character that breaks a line or turns its direction around would break or
 * garble every line about it. Shared by the metadata's labels and a {@code --labels} file's.
 */
public final class LabelText {
    private LabelText() {}

    /**
     * @param label a label
     * @return the first code point in it that breaks or turns a line ({@link #breaksALine}), or -1 when it has none
     */
    public static int firstLineBreaker(String label) {
        return label.codePoints().filter(LabelText::breaksALine).findFirst().orElse(-1);
    }

    /**
     * @param c a code point
     * @return whether it breaks or turns a line of text: a control character (an escape sequence begins with one), a
     *     line or paragraph separator (U+2028, U+2029), or an override of the text's direction (U+202A to U+202E,
     *     U+2066 to U+2069), which turns the rest of a result line around
     */
    public static boolean breaksALine(int c) {
        return Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069);
    }
}
