package io.github.cam4j.savedmodel;

import java.nio.file.Path;
import java.util.List;

/**
 * A signature named to the loader ({@link LoadOptions#withSignature}) that it cannot import: the SavedModel lacks it,
 * or the model is opened without importing any (cam4j's own, explained by its 'cam' signature, or one opened by tensor
 * names). Its own type, as {@link UnknownTensorException} is, so that a caller who took the name from its user (the
 * command line's {@code --signature}) can say so in that option's words; the default signature missing is a fault of
 * the model.
 */
public final class SignatureChoiceException extends ModelLoadException {
    private static final long serialVersionUID = 1L;

    /** The signature as it was named. */
    private final String signature;
    /** The signatures the model has, sorted; empty when it imports none (see {@link #importsNone()}). */
    private final List<String> signatures;
    /** Whether the model is opened without importing a signature. */
    private final boolean importsNone;
    /** The model's folder. */
    private final transient Path model;

    /**
     * @param signature the signature as it was named
     * @param signatures the signatures the model has, sorted (ignored when {@code importsNone})
     * @param importsNone whether the model is opened without importing a signature (cam4j's own, or by tensor names)
     * @param model the model's folder
     * @param message what is wrong, naming the model and the signature
     */
    public SignatureChoiceException(String signature, List<String> signatures, boolean importsNone, Path model,
            String message) {
        super(message);
        this.model = model;
        this.signature = signature;
        this.signatures = importsNone ? List.of() : List.copyOf(signatures);
        this.importsNone = importsNone;
    }

    /** @return the signature as it was named */
    public String signature() {
        return signature;
    }

    /** @return the signatures the model has, sorted; empty when it imports none */
    public List<String> signatures() {
        return signatures;
    }

    /** @return the model's folder */
    public Path model() {
        return model;
    }

    /** @return whether the model is opened without importing a signature, so that none can be chosen */
    public boolean importsNone() {
        return importsNone;
    }
}
