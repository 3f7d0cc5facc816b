package io.github.cam4j.train;

/**
 * The architecture's classifier has fewer units than the dataset has labels. The message advises giving the
 * classifier as many units as there are labels; a caller whose architecture cannot be edited (a preset) builds its own
 * advice from {@link #problem()}, {@link #classes()} and {@link #fewBeyond()}, without reading the message.
 */
public final class ClassifierTooSmallException extends ModelDataMismatchException {
    private static final long serialVersionUID = 1L;

    /** What does not fit, without advice. */
    private final String problem;
    /** The units the classifier needs. */
    private final int classes;
    /** Whether under 1 % of the labels lie beyond the classifier. */
    private final boolean fewBeyond;

    /**
     * @param problem what does not fit, naming the classifier layer, its units and the labels beyond them, without
     *     advice
     * @param classes the units the classifier needs: the largest label plus one
     * @param fewBeyond whether the labels beyond the classifier are few enough (under 1 %) to be damage in the labels
     *     file rather than data of more classes
     */
    public ClassifierTooSmallException(String problem, int classes, boolean fewBeyond) {
        super(problem + ": give it \"units\": " + classes + (fewBeyond ? ", or check the labels file" : ""));
        this.problem = problem;
        this.classes = classes;
        this.fewBeyond = fewBeyond;
    }

    /** @return what does not fit, without advice: "layer 'dense' (Dense) has 10 units, one a class, but ..." */
    public String problem() {
        return problem;
    }

    /** @return the units the classifier needs: the largest label plus one */
    public int classes() {
        return classes;
    }

    /** @return whether so few labels lie beyond the classifier (under 1 %) that the labels file may be damaged */
    public boolean fewBeyond() {
        return fewBeyond;
    }
}
