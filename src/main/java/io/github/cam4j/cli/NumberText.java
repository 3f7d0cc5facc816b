package io.github.cam4j.cli;

import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Every number option's reading, registered on the whole command line by {@link Cam4j#configure}: a number
 * beyond the type's range is refused in the words the user typed. picocli's own reading made {@code 1e309} infinity
 * and {@code 1e-400} zero, and each option's check then said "got Infinity" or "got 0.0" of a value nobody typed.
 * {@code Infinity} and {@code NaN} spelled out are read as they are, for each option's own check to answer, and so are
 * their common spellings {@code inf}, {@code -inf}, {@code infinity} and {@code nan} in any case ({@link #javaSpelling}).
 * An int or long beyond its range is said so, where picocli said it was no int.
 */
final class NumberText {
    /** A decimal number: its digits before the exponent, to tell a typed zero from one that rounded to zero. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d*\\.?\\d*)(?:[eE][+-]?\\d+)?[fFdD]?");

    /** A whole number as {@link Integer#valueOf} and {@link Long#valueOf} take one: a sign, then decimal digits. */
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d+");

    /** The infinities as commonly spelled (numpy, C's strtod, Python's float), any case, with any sign. */
    private static final Pattern INFINITY = Pattern.compile("([+-]?)inf(?:inity)?", Pattern.CASE_INSENSITIVE);

    /** NaN as commonly spelled, any case, with any sign (Java's reading takes a signed {@code NaN} too). */
    private static final Pattern NAN = Pattern.compile("([+-]?)nan", Pattern.CASE_INSENSITIVE);

    private NumberText() {}

    /**
     * Java's reading takes only {@code Infinity} and {@code NaN} as spelled so, and said "'inf' is not a float" to a
     * user who typed a number; the option's own check, which refuses an infinity in its own words, never saw it.
     *
     * @param value the value as typed
     * @return {@code [+-]Infinity} or {@code [+-]NaN} for a common spelling of either, else {@code value} unchanged
     */
    static String javaSpelling(String value) {
        String t = value.strip();
        var infinity = INFINITY.matcher(t);
        if (infinity.matches()) {
            return infinity.group(1) + "Infinity";
        }
        var nan = NAN.matcher(t);
        return nan.matches() ? nan.group(1) + "NaN" : value;
    }

    /** Reads a double option's value. */
    static final class Doubles implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return read(value, Double::parseDouble, "double", "1.8e308", "4.9e-324");
        }
    }

    /** Reads a float option's value. */
    static final class Floats implements CommandLine.ITypeConverter<Float> {
        @Override
        public Float convert(String value) {
            // A float widened to a double and back is the same float.
            return (float) read(value, Float::parseFloat, "float", "3.4e38", "1.4e-45");
        }
    }

    /**
     * Reads an int option's value as picocli does ({@link Integer#valueOf}), but says a whole number beyond an int's
     * range as such: picocli said "'99999999999' is not an int", and the user was left to guess what was wrong.
     */
    static final class Ints implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) readWhole(value, Integer::valueOf, "int", Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
    }

    /** Reads a long option's value (the seeds, {@code --max-frames}) as {@link Ints} reads an int's. */
    static final class Longs implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return readWhole(value, Long::valueOf, "long", Long.MIN_VALUE, Long.MAX_VALUE);
        }
    }

    /**
     * @param value the value as typed
     * @param parse the type's own reading
     * @param type the type's name, for messages
     * @param min the type's least value
     * @param max the type's greatest value
     * @return what {@code parse} read
     * @throws CommandLine.TypeConversionException naming the range when a whole number is beyond it, else saying the
     *     value is no number of the type, in picocli's words
     */
    private static long readWhole(String value, java.util.function.Function<String, ? extends Number> parse, String type,
            long min, long max) {
        try {
            return parse.apply(value).longValue();
        } catch (NumberFormatException e) {
            if (WHOLE.matcher(value).matches()) {
                throw new CommandLine.TypeConversionException(value + " is beyond " + article(type) + type + "'s range ("
                        + min + " to " + max + ")");
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not " + article(type) + type);
        }
    }

    private static String article(String type) {
        return "int".equals(type) ? "an " : "a ";
    }

    /**
     * A number option's value as typed beside what its type read: for an option whose refusals quote the user's words
     * ("got 2147483647", not the float's "got 2.14748365E9"; "got -1", not "got -1.0") and whose record says what was
     * typed. Read by {@link TypedDoubles} or {@link TypedFloats}, with their range checks.
     *
     * @param text the value as typed
     * @param value what the option's type read: the double, or for a float option the float, widened
     */
    record Typed(String text, double value) {
        /** @return the value as typed, for messages */
        @Override
        public String toString() {
            return text;
        }

        /**
         * @return the typed value read as a double: for a float option what was typed, not the float's rounding of it
         *     (2147483647 where the float is 2147483648); the same float when read again
         */
        double typed() {
            return Double.parseDouble(javaSpelling(text));
        }
    }

    /** Reads a double option's value and keeps its text ({@link Typed}). */
    static final class TypedDoubles implements CommandLine.ITypeConverter<Typed> {
        @Override
        public Typed convert(String value) {
            return new Typed(value, new Doubles().convert(value));
        }
    }

    /** Reads a float option's value and keeps its text ({@link Typed}). */
    static final class TypedFloats implements CommandLine.ITypeConverter<Typed> {
        @Override
        public Typed convert(String value) {
            return new Typed(value, new Floats().convert(value));
        }
    }

    /**
     * @param value the value as typed
     * @param parse the type's own reading
     * @param type the type's name, for messages
     * @param largest the type's largest magnitude, as said
     * @param smallest the type's smallest positive magnitude, as said
     * @return what {@code parse} read
     * @throws CommandLine.TypeConversionException when it is no number, or the type cannot hold what was typed
     */
    private static double read(String value, java.util.function.ToDoubleFunction<String> parse, String type,
            String largest, String smallest) {
        double d;
        try {
            d = parse.applyAsDouble(javaSpelling(value));
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a " + type);
        }
        check(value, Double.isInfinite(d), d == 0, "a " + type + "'s", largest, smallest);
        return d;
    }

    /**
     * @param typed the value as typed
     * @param infinite whether it was read as an infinity
     * @param zero whether it was read as zero
     * @param range the type's words ("a double's")
     * @param largest the type's largest magnitude, as said
     * @param smallest the type's smallest positive magnitude, as said
     * @throws CommandLine.TypeConversionException when the type cannot hold what was typed
     */
    private static void check(String typed, boolean infinite, boolean zero, String range, String largest,
            String smallest) {
        String t = javaSpelling(typed).strip();
        if (infinite && !t.replaceFirst("^[+-]", "").equals("Infinity")) {
            throw new CommandLine.TypeConversionException(typed + " is beyond " + range + " range (at most " + largest
                    + " in magnitude)");
        }
        var decimal = DECIMAL.matcher(t);
        if (zero && decimal.matches() && decimal.group(1).matches(".*[1-9].*")) {
            throw new CommandLine.TypeConversionException(typed + " is below " + range + " smallest positive value ("
                    + smallest + ") and would be read as 0");
        }
    }
}
