package io.github.cam4j;

import java.util.List;

/**
 * A long list or typed value cut short for what cam4j says to people: an error about 20 000 Finer-CAM ranks repeated
 * them all, twice, in a line of 238 000 characters.
 *
 * <pre>{@code
 * Abbreviated.list(List.of(1, 2, 3))          // "[1, 2, 3]"
 * Abbreviated.list(ranksOneTo20000)           // "[1, 2, 3, 4, 5, 6, ..., 20000] (20000 values)"
 * }</pre>
 */
public final class Abbreviated {
    /** The items a list shows whole; a longer one shows its first six and its last. */
    private static final int WHOLE = 12;
    /** The characters a typed value shows whole. */
    private static final int TYPED = 80;

    private Abbreviated() {}

    /**
     * @param items the list
     * @return it as a list's {@code toString()} writes it when it has at most 12 items; else its first six items, "...",
     *     its last, and how many it holds
     */
    public static String list(List<?> items) {
        if (items.size() <= WHOLE) {
            return items.toString();
        }
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < WHOLE / 2; i++) {
            s.append(items.get(i)).append(", ");
        }
        return s.append("..., ").append(items.get(items.size() - 1)).append("] (").append(items.size())
                .append(" values)").toString();
    }

    /**
     * @param typed a value as the user typed it
     * @return it whole when at most 80 characters; else its first 60, "...", its last 10 and its length
     */
    public static String typed(String typed) {
        if (typed.length() <= TYPED) {
            return typed;
        }
        return typed.substring(0, 60) + "..." + typed.substring(typed.length() - 10) + " (" + typed.length()
                + " characters)";
    }
}
