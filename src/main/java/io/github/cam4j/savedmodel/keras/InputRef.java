package io.github.cam4j.savedmodel.keras;

/**
 * One input of a node, parsed. A {@code GraphDef} writes {@code node}, {@code node:3} (flat output index) or
 * {@code ^node} (control); a {@code FunctionDef} writes {@code arg} (a function argument), {@code node:out_arg:2}
 * (the third tensor of the node's output argument {@code out_arg}) or {@code ^node}.
 *
 * @param name the node (or, in a function, possibly the argument) the input reads
 * @param outputArg the output argument name (function form only), else {@code null}
 * @param index the flat output index (graph form) or the index inside {@code outputArg} (function form)
 * @param control whether this is a control input
 */
record InputRef(String name, String outputArg, int index, boolean control) {

    /** @param input an input as written in a {@code GraphDef} node */
    static InputRef graphForm(String input) {
        if (input.startsWith("^")) {
            return new InputRef(input.substring(1), null, 0, true);
        }
        int colon = input.lastIndexOf(':');
        if (colon < 0) {
            return new InputRef(input, null, 0, false);
        }
        return new InputRef(input.substring(0, colon), null, parseIndex(input, input.substring(colon + 1)), false);
    }

    /** @param input an input as written in a {@code FunctionDef} node or {@code ret} value */
    static InputRef functionForm(String input) {
        if (input.startsWith("^")) {
            return new InputRef(input.substring(1), null, 0, true);
        }
        String[] parts = input.split(":", -1);
        return switch (parts.length) {
            case 1 -> new InputRef(input, null, 0, false);
            case 2 -> new InputRef(parts[0], null, parseIndex(input, parts[1]), false);
            case 3 -> new InputRef(parts[0], parts[1], parseIndex(input, parts[2]), false);
            default -> throw new IllegalArgumentException("malformed function input '" + input + "'");
        };
    }

    private static int parseIndex(String input, String index) {
        try {
            return Integer.parseInt(index);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed input '" + input + "': '" + index + "' is not an index", e);
        }
    }
}
