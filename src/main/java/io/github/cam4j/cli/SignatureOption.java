package io.github.cam4j.cli;

import io.github.cam4j.savedmodel.SignatureChoiceException;
import java.util.Optional;
import picocli.CommandLine.ParseResult;

/**
 * A {@code --signature} the model cannot take, said as a usage error (exit 2) in the option's words, as
 * {@code --features nope} is ({@link TensorOptions}): {@code --signature nope} had failed the work (exit 1), on a
 * foreign SavedModel naming the library's {@code LoadOptions.withSignature}. The default signature missing, when no
 * {@code --signature} was given, stays a failure of the model.
 */
final class SignatureOption {
    private SignatureOption() {}

    /**
     * @param e a command's failure
     * @param parsed the command line
     * @return a usage error naming {@code --signature}, when {@code e} (or what caused it) is the loader refusing the
     *     signature that option named; else empty
     */
    static Optional<UsageException> refusal(Throwable e, ParseResult parsed) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SignatureChoiceException refused) {
                return given(parsed) ? Optional.of(named(refused)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static boolean given(ParseResult parsed) {
        for (ParseResult command = parsed; command != null; command = command.subcommand()) {
            if (command.hasMatchedOption("--signature")) {
                return true;
            }
        }
        return false;
    }

    private static UsageException named(SignatureChoiceException e) {
        if (e.importsNone()) {
            // Already in the option's words: "X has cam4j's 'cam' signature, ...; --signature 'nope' chooses ...".
            return new UsageException(e.getMessage(), e);
        }
        return new UsageException("--signature " + e.signature() + ": model " + e.model() + " has no such signature;"
                + " its signatures: " + String.join(", ", e.signatures()) + " ('cam4j inspect --model " + e.model()
                + "' describes them)", e);
    }
}
