package io.github.cam4j.cam;

/**
 * Which class (or classes) to explain for each image: a small object passed to one call, as pytorch-grad-cam does.
 *
 * <pre>{@code
 * session.explain(images, Target.predicted());
 * session.explain(images, Target.topK(3));
 * session.explain(images, Target.of(7));
 * }</pre>
 */
public sealed interface Target {

    /** @return the class the model predicts, per image (the default) */
    static Target predicted() {
        return Predicted.INSTANCE;
    }

    /**
     * @param classIndex one class for every image
     * @return the target
     */
    static Target of(int classIndex) {
        return new OfClass(classIndex);
    }

    /**
     * @param classes one class per image, in image order
     * @return the target
     */
    static Target perImage(int... classes) {
        return new PerImage(classes.clone());
    }

    /**
     * @param k how many of the most probable classes, most probable first
     * @return the target
     */
    static Target topK(int k) {
        return new TopK(k);
    }

    /** The predicted class. */
    enum Predicted implements Target {
        /** The one instance. */
        INSTANCE
    }

    /**
     * One class for every image.
     *
     * @param classIndex the class
     */
    record OfClass(int classIndex) implements Target {}

    /**
     * One class per image.
     *
     * @param classes the classes in image order
     */
    record PerImage(int[] classes) implements Target {}

    /**
     * The k most probable classes.
     *
     * @param k how many
     */
    record TopK(int k) implements Target {}
}
