package io.github.cam4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * What a command offers for a model CAM cannot explain but a gradient method may (no global average pooling, or a head
 * after it that is not linear: {@link io.github.cam4j.savedmodel.NotCamReadyException#gradientsMayExplain()}). The
 * library's refusal says what is missing; which option gets round it is the command line's to say, and it differs by
 * command: {@code explain} has {@code --method}, {@code compare} {@code --methods}; {@code evaluate} measures CAM and
 * has neither, so it names the commands that explain such a model; the others say nothing more.
 */
enum CamWayOut {
    /** The command has no option that picks another method, or CAM was not what it ran. */
    NONE(""),

    /** {@code explain --method cam} (or any command whose {@code --method} is CAM). */
    METHOD(" Explain it with --method gradcam (no global average pooling needed);"),

    /** {@code compare}, which refuses one model only when every method it was given refused it alike. */
    METHODS(" Compare it with --methods gradcam, or leave --methods out: every method but cam needs no global average"
            + " pooling."),

    /**
     * {@code evaluate}, whose figures are CAM's: it has no option that gets round a model without global average
     * pooling, so it names the commands that explain such a model, where the refusal had left the user nothing to do.
     */
    EVALUATE(" evaluate measures CAM and cannot take such a model; explain it by Grad-CAM, which needs no global"
            + " average pooling: 'cam4j explain --method gradcam' or 'cam4j compare --methods gradcam'.");

    private final String sentence;

    CamWayOut(String sentence) {
        this.sentence = sentence;
    }

    /** @return the sentence to put after the refusal's first line, with a space first; empty for {@link #NONE} */
    String sentence() {
        return sentence;
    }

    /**
     * @param methodIsCam whether the command's {@code --method} is CAM
     * @return {@link #METHOD} when it is, else {@link #NONE}
     */
    static CamWayOut ofMethod(boolean methodIsCam) {
        return methodIsCam ? METHOD : NONE;
    }

    /**
     * @param parsed the command line that ran
     * @return the way out the last command on it offers
     */
    static CamWayOut of(ParseResult parsed) {
        ParseResult command = parsed;
        while (command.subcommand() != null) {
            command = command.subcommand();
        }
        CommandLine.Model.CommandSpec spec = command.commandSpec();
        if ("evaluate".equals(spec.name())) {
            return EVALUATE;
        }
        if (spec.findOption("--methods") != null) {
            return METHODS;
        }
        CommandLine.Model.OptionSpec method = spec.findOption("--method");
        // As MethodNames reads it: "CAM" and " cam" are CAM too.
        return ofMethod(method != null && "cam".equalsIgnoreCase(String.valueOf((Object) method.getValue()).strip()));
    }
}
