package io.github.cam4j.cli;

import io.github.cam4j.cam.Target;

/**
 * A {@code --class} or {@code --top-k} the model cannot take, said in the option's words by every command that takes
 * one (explain, compare, video): {@code --class 10 is out of range: the model has 10 classes (0..9)}. The library says
 * "class index 10" and "top-k 11", naming no option, and each command had translated it its own way (video not at
 * all, compare into "--class index 10"). A usage error (exit 2), as maximize's {@code --classes 42} and a
 * {@code --features} the graph lacks are: it had failed the work (exit 1), though no picture was at fault.
 */
final class TargetProblem {
    private TargetProblem() {}

    /**
     * @param target the target the options gave
     * @param classes the model's classes
     * @throws UsageException naming the option, when the model cannot take the target ({@link Target#problemFor})
     */
    static void check(Target target, int classes) {
        var problem = target.problemFor(classes);
        if (problem.isPresent()) {
            throw new UsageException(named(problem.get()));
        }
    }

    /**
     * @param problem {@link Target#problemFor}'s words
     * @return them naming the option: "--class 10 is out of range...", "--top-k 11 is outside 1..10..."
     */
    static String named(String problem) {
        return problem.startsWith("top-k ") ? "--" + problem
                : problem.startsWith("class index ") ? "--class " + problem.substring("class index ".length())
                : problem;
    }
}
