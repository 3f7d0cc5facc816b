package io.github.cam4j.bench;

import io.github.cam4j.cam.ActivationMaximizer;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.LoadOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Activation maximization ({@link ActivationMaximizer}, {@code cam4j maximize}) built and run again and again on one
 * opened model, the memory printed after each run ({@link MemoryCheckpoints}): its peak resident set against the
 * pictures' size, and whether repeated builds (each asks the model for its gradient ops) keep it flat.
 *
 * <p>Run: {@code java -cp ... io.github.cam4j.bench.MaximizeSoak [--layer L] [HxW] [runs] [steps] [model]} (default
 * the ten classes, 28x28, 10, 200 (tf-keras-vis' and {@code maximize}'s default), mnist-pooled). With {@code --layer}
 * the targets are that layer's first eight channels, {@code maximize --layer}'s default.
 */
public final class MaximizeSoak {
    private MaximizeSoak() {}

    public static void main(String[] arguments) throws Exception {
        List<String> args = new ArrayList<>(Arrays.asList(arguments));
        String layer = MemorySoak.flag(args, "--layer", null);
        String[] size = (args.size() > 0 ? args.get(0) : "28x28").split("x");
        int runs = args.size() > 1 ? Integer.parseInt(args.get(1)) : 10;
        int steps = args.size() > 2 ? Integer.parseInt(args.get(2)) : ActivationMaximizer.DEFAULT_STEPS;
        Path dir = MemorySoak.model(args.size() > 3 ? args.get(3) : "mnist-pooled");
        int height = Integer.parseInt(size[0]);
        int width = Integer.parseInt(size[1]);
        System.out.println("maximize " + (layer == null ? "classes 0-9" : "channels 0-7 of " + layer) + " at "
                + height + "x" + width + ", " + steps + " steps, model " + dir);
        try (CamModel model = CamModelLoader.load(dir, LoadOptions.defaults())) {
            MemoryCheckpoints checkpoints = new MemoryCheckpoints("runs");
            checkpoints.print(0);
            for (int run = 1; run <= runs; run++) {
                ActivationMaximizer.Builder builder = ActivationMaximizer.builder().setModel(model).optSteps(steps)
                        .optSeed(run).optSize(height, width);
                ActivationMaximizer maximizer = layer == null ? builder.setClasses(0, 1, 2, 3, 4, 5, 6, 7, 8, 9).build()
                        : builder.setChannels(layer, 0, 1, 2, 3, 4, 5, 6, 7).build();
                maximizer.maximize();
                checkpoints.print(run);
            }
            System.out.println("graph ops: " + opCount(model));
        }
    }

    private static long opCount(CamModel model) {
        long n = 0;
        for (java.util.Iterator<?> it = model.session().graph().operations(); it.hasNext(); it.next()) {
            n++;
        }
        return n;
    }
}
