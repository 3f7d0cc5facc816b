package io.github.cam4j.cam;

import io.github.cam4j.savedmodel.CamModel;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Which classes a {@link Target} asks of each image: checked against the batch and the model before anything runs,
 * cut to one run's part of the batch, and resolved per image (a top-k's once its probabilities are known).
 */
final class TargetClasses {
    private TargetClasses() {}

    static void checkTarget(Target target, int images, CamModel model) throws InvalidInputException {
        Objects.requireNonNull(target, "target is null");
        if (target instanceof Target.PerImage p && p.classes().length != images) {
            // Counted: "2 target classes given for 1 images" had the wrong plural; the way to mend it is said too.
            int given = p.classes().length;
            throw new InvalidInputException(given + (given == 1 ? " target class" : " target classes") + " given for "
                    + io.github.cam4j.Counted.of(images, "image") + ": Target.perImage takes one class per image, in"
                    + " the images' order");
        }
        java.util.Optional<String> problem = target.problemFor(model.classes());
        if (problem.isPresent()) {
            throw new InvalidInputException(problem.get());
        }
    }

    /** @return the target of one run's part of the batch: a per-image target keeps only those images' classes */
    static Target subTarget(Target target, List<Integer> chunk) {
        if (target instanceof Target.PerImage p) {
            return Target.perImage(chunk.stream().mapToInt(i -> p.classes()[i]).toArray());
        }
        return target;
    }

    /** @return the class each image's first gradient is taken for when the target names it; null for "predicted" */
    static int[] givenClasses(Target target, int count) {
        if (target instanceof Target.OfClass c) {
            int[] classes = new int[count];
            Arrays.fill(classes, c.classIndex());
            return classes;
        }
        return target instanceof Target.PerImage p ? p.classes() : null;
    }

    /** @return the classes image {@code image}'s maps explain, in order: the given ones, the top k, or the predicted */
    static int[] classesFor(Target target, int image, int predicted, float[] probabilities) {
        if (target instanceof Target.OfClass c) {
            return new int[] {c.classIndex()};
        }
        if (target instanceof Target.PerImage p) {
            return new int[] {p.classes()[image]};
        }
        if (target instanceof Target.TopK k) {
            return topK(probabilities, k.k());
        }
        return new int[] {predicted};
    }

    /** @return the {@code k} most probable classes, most probable first */
    static int[] topK(float[] probabilities, int k) {
        Integer[] order = new Integer[probabilities.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Stable sort: equal probabilities keep class order.
        Arrays.sort(order, (a, b) -> Float.compare(probabilities[b], probabilities[a]));
        int[] top = new int[k];
        for (int i = 0; i < k; i++) {
            top[i] = order[i];
        }
        return top;
    }
}
