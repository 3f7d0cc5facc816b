package io.github.cam4j.cli;

/**
 * A failure about one of the several models a command was given ({@code evaluate --model A --model B}), carrying that
 * model as typed: the error line's "'cam4j inspect --model ...'", which the library writes not knowing the model and
 * {@link ErrorHandler#withTypedModel(String, picocli.CommandLine.ParseResult)} fills in only where one {@code --model}
 * is given, is filled in with it. The error handler says the failure it wraps as it says any other.
 */
final class OneOfModels extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The model the failure is about, as typed. */
    private final String model;

    /**
     * @param failure what failed
     * @param model the model it is about, as typed
     */
    OneOfModels(Exception failure, String model) {
        super(failure.getMessage(), failure);
        this.model = model;
    }

    /** @return what failed */
    Exception failure() {
        return (Exception) getCause();
    }

    /** @return the model it is about, as typed */
    String model() {
        return model;
    }
}
