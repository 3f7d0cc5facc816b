package io.github.cam4j.savedmodel;

import java.util.List;

/**
 * A tensor named to the loader that the model's graph does not have: no such operation, or no such output of it. Its
 * own type so that a caller who took the name from its user (the command line's {@code --features}) can say so in
 * that option's words, apart from a model whose own files name a tensor it lacks. For a foreign SavedModel, the graph
 * is the imported signature's, and the tensor may be another signature's ({@link #otherSignatures()}).
 */
public final class UnknownTensorException extends NamedTensorException {
    private static final long serialVersionUID = 1L;

    /** The signature imported, or null when the graph is no one signature's. */
    private final String signature;
    /** The other signatures whose graphs have the tensor, sorted. */
    private final List<String> otherSignatures;

    /**
     * @param tensor the name as it was given, e.g. {@code conv2d/Relu:3}
     * @param message what is wrong, naming the tensor and its role
     */
    public UnknownTensorException(String tensor, String message) {
        this(tensor, message, null, List.of());
    }

    /**
     * @param tensor the name as it was given, e.g. {@code parity/features}
     * @param message what is wrong, naming the tensor, its role and the signatures that have it
     * @param signature the signature imported, whose graph lacks the tensor
     * @param otherSignatures the model's other signatures whose graphs have it, sorted
     */
    public UnknownTensorException(String tensor, String message, String signature, List<String> otherSignatures) {
        super(tensor, message);
        this.signature = signature;
        this.otherSignatures = List.copyOf(otherSignatures);
    }

    /** @return the signature imported, whose graph lacks the tensor; null when none was (a cam4j model, a graph opened by names) */
    public String signature() {
        return signature;
    }

    /**
     * @return the model's other signatures whose graphs have the tensor, sorted: importing one of them
     *     ({@link LoadOptions#withSignature}) finds it; empty when none has, or none was looked in
     */
    public List<String> otherSignatures() {
        return otherSignatures;
    }
}
