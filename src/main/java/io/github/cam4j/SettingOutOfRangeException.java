package io.github.cam4j;

/**
 * A number setting outside its range: "--attention-drop must be in [0, 1], got 2.0". The message says the value as
 * Java writes the double or float it was given, the value an API caller passed. A caller that took it as text, a
 * command line, says it as typed with {@link #message(String)} ("got 2"): the setting, its range and its value are
 * fields, so that no one has to find the number inside the message to rewrite it.
 */
public final class SettingOutOfRangeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The setting, as its refusal names it: "--attention-drop", "layer 'cell_dropout' (Dropout): rate". */
    private final String setting;
    /** What it must be: "must be in [0, 1]". */
    private final String range;
    /** The value given. */
    private final double value;

    private SettingOutOfRangeException(String setting, String range, double value, String written) {
        super(message(setting, range, written));
        this.setting = setting;
        this.range = range;
        this.value = value;
    }

    /**
     * @param setting the setting, as its refusal names it: "--attention-drop"
     * @param range what it must be: "must be in [0, 1]"
     * @param value the double given, said as Java writes it
     * @return the refusal: "--attention-drop must be in [0, 1], got 2.0"
     */
    public static SettingOutOfRangeException of(String setting, String range, double value) {
        return new SettingOutOfRangeException(setting, range, value, Double.toString(value));
    }

    /**
     * @param setting the setting, as its refusal names it: "--learning-rate"
     * @param range what it must be: "must be positive"
     * @param value the float given, said as Java writes a float ("-1.0", "2.14748365E9")
     * @return the refusal: "--learning-rate must be positive, got -1.0"
     */
    public static SettingOutOfRangeException ofFloat(String setting, String range, float value) {
        return new SettingOutOfRangeException(setting, range, value, Float.toString(value));
    }

    private static String message(String setting, String range, String value) {
        return setting + " " + range + ", got " + value;
    }

    /**
     * @param value the value as the caller says it ("2" where the double is 2.0)
     * @return the refusal with it: "--attention-drop must be in [0, 1], got 2"
     */
    public String message(String value) {
        return message(setting, range, value);
    }

    /** @return the setting, as the refusal names it: "--attention-drop", "layer 'cell_dropout' (Dropout): rate" */
    public String setting() {
        return setting;
    }

    /** @return what the setting must be: "must be in [0, 1]" */
    public String range() {
        return range;
    }

    /** @return the value given (a float setting's, widened) */
    public double value() {
        return value;
    }
}
