package io.github.cam4j.cam;

/**
 * Which class (or classes) to explain for each image: a small object passed to one call, as pytorch-grad-cam does.
 *
 * <pre>{@code
 * session.explain(images, Target.predicted());
 * session.explain(images, Target.topK(3));
 * session.explain(images, Target.of(7));
 * }</pre>
 *
 * <p>A number wrong on its own, a k below 1 or a negative class, is refused where the target is made, with an
 * {@link IllegalArgumentException}, as the session builder's {@code opt} methods refuse theirs ({@code
 * optMaxBatch(0)}); one wrong only for the model, a k or class beyond its classes, is refused by {@code explain}, which
 * knows the model, with an {@link InvalidInputException}.
 */
public sealed interface Target {

    /**
     * The rule every caller checks a target against before a model runs: its classes are the model's, and k lies in
     * 1..classes. (How many classes a per-image target gives for how many images is the caller's to check.)
     *
     * @param classes the model's classes
     * @return what is wrong with this target for such a model, in words; empty when nothing is
     */
    default java.util.Optional<String> problemFor(int classes) {
        // Below 1 and below 0 are refused where the target is made (the records' constructors): only the model's
        // count of classes is left to check.
        if (this instanceof TopK k && k.k() > classes) {
            return java.util.Optional.of("top-k " + k.k() + " is outside 1.." + classes + " (the model has " + classes
                    + " classes)");
        }
        int[] given = this instanceof OfClass c ? new int[] {c.classIndex()}
                : this instanceof PerImage p ? p.classes() : new int[0];
        for (int c : given) {
            if (c >= classes) {
                return java.util.Optional.of("class index " + c + " is out of range: the model has " + classes
                        + " classes (0.." + (classes - 1) + ")");
            }
        }
        return java.util.Optional.empty();
    }

    /** @return the class the model predicts, per image (the default) */
    static Target predicted() {
        return Predicted.INSTANCE;
    }

    /**
     * @param classIndex one class for every image; 0 or more
     * @return the target
     * @throws IllegalArgumentException when {@code classIndex} is negative (one beyond the model's classes is refused
     *     by {@code explain}, with an {@link InvalidInputException}, as the model is not known here)
     */
    static Target of(int classIndex) {
        return new OfClass(classIndex);
    }

    /**
     * @param classes one class per image, in image order; each 0 or more
     * @return the target
     * @throws IllegalArgumentException when a class is negative (one beyond the model's classes, or a count other than
     *     the images', is refused by {@code explain}, with an {@link InvalidInputException})
     */
    static Target perImage(int... classes) {
        return new PerImage(classes);
    }

    /**
     * @param k how many of the most probable classes, most probable first; 1 or more
     * @return the target
     * @throws IllegalArgumentException when {@code k} is below 1 (it was taken, and refused only at the first
     *     explanation; above the model's classes it still is, by {@code explain}, with an {@link InvalidInputException},
     *     as the model is not known here)
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
     * @param classIndex the class, 0 or more
     */
    record OfClass(int classIndex) implements Target {
        /**
         * @param classIndex the class, 0 or more
         * @throws IllegalArgumentException when it is negative, as {@link Target#topK} refuses a k below 1: {@code
         *     Target.of(-1)} was taken, and refused only by {@code explain}, as a checked {@link InvalidInputException}
         */
        public OfClass {
            requireClass(classIndex);
        }
    }

    /** Refuses a class index no model has, where the target is made. */
    private static void requireClass(int classIndex) {
        if (classIndex < 0) {
            throw new IllegalArgumentException("class index " + classIndex + " is negative: classes are counted from 0");
        }
    }

    /**
     * One class per image. Equal to another of the same classes, and its classes a copy: a record holding an array
     * compared arrays by identity ({@code perImage(1, 2)} was not {@code perImage(1, 2)}) and handed its own out.
     *
     * @param classes the classes in image order
     */
    record PerImage(int[] classes) implements Target {
        /**
         * @param classes the classes in image order, each 0 or more, copied
         * @throws IllegalArgumentException when a class is negative, as {@link OfClass} refuses one
         */
        public PerImage {
            // A bare NullPointerException from clone() named neither the argument nor what it should be.
            classes = java.util.Objects.requireNonNull(classes, "classes is null: one class index per image, in image"
                    + " order").clone();
            for (int c : classes) {
                requireClass(c);
            }
        }

        /** @return the classes in image order, a copy */
        @Override
        public int[] classes() {
            return classes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PerImage other && java.util.Arrays.equals(classes, other.classes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(classes);
        }

        @Override
        public String toString() {
            return "PerImage" + java.util.Arrays.toString(classes);
        }
    }

    /**
     * The k most probable classes.
     *
     * @param k how many, 1 or more
     */
    record TopK(int k) implements Target {
        /**
         * @param k how many, 1 or more
         * @throws IllegalArgumentException when {@code k} is below 1: refused here, not only by {@link Target#topK},
         *     so that {@code new TopK(0)} is refused as {@code topK(0)} is, not later as an {@link InvalidInputException}
         */
        public TopK {
            if (k < 1) {
                throw new IllegalArgumentException("top-k " + k + " is below 1: explain at least the most probable class");
            }
        }
    }
}
