package io.github.cam4j.savedmodel;

import java.util.List;

/**
 * A short tensor name given to the loader that ends the names of several nodes of the model's graph ({@code Relu} in a
 * model of two convolutions): which one was meant cannot be told. Its own type, as {@link UnknownTensorException} is,
 * so that a caller who took the name from its user (the command line's {@code --features}) can say so in that
 * option's words, as a usage error.
 */
public final class AmbiguousTensorException extends NamedTensorException {
    private static final long serialVersionUID = 1L;

    /** The first few of the nodes it names. */
    private final List<String> candidates;

    /**
     * @param tensor the name as it was given, e.g. {@code Relu}
     * @param candidates the first few of the nodes it names, in full
     * @param message what is wrong, naming the tensor, its role and the candidates
     */
    public AmbiguousTensorException(String tensor, List<String> candidates, String message) {
        super(tensor, message);
        this.candidates = List.copyOf(candidates);
    }

    /** @return the first few of the nodes it names, in full */
    public List<String> candidates() {
        return candidates;
    }
}
