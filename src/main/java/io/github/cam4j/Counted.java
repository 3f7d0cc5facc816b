package io.github.cam4j;

/**
 * A count with its noun in the right number, for what cam4j says to people: "1 model", "2 models". Messages wrote
 * "1 model(s)" and "8 variable(s)".
 *
 * <pre>{@code
 * Counted.of(2, "layer")   // "2 layers"
 * }</pre>
 */
public final class Counted {
    private Counted() {}

    /**
     * @param n how many
     * @param singular the noun for one, whose plural takes an "s" (model, layer, digit, variable, function, tensor)
     * @return {@code n} and the noun, singular for exactly one
     */
    public static String of(long n, String singular) {
        return n + " " + (n == 1 ? singular : singular + "s");
    }
}
