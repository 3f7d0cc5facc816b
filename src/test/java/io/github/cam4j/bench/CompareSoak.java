package io.github.cam4j.bench;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Graph;

/**
 * {@code cam4j compare}'s way of explaining, repeated: the model opened once for CAM and once by gradients from it
 * ({@link CamModel#byGradients}, as compare's {@code LoadedModels} lends it), then for each picture a session per method
 * built over the lent model ({@link CamSession.Builder#setModel(CamModel, Path, LoadOptions)}), one digit explained, the
 * session closed. Prints the memory ({@link MemoryCheckpoints}) and the lent graph's operation count every tenth of the
 * way: a session that added graph ops to the model it borrows, or left a native object behind, would make them climb.
 *
 * <p>Run: {@code java -cp ... io.github.cam4j.bench.CompareSoak [--methods a,b,...] [pictures] [model]} (default
 * {@value #METHODS}, 2000, mnist-pooled); methods by {@link SoakMethods}' names.
 */
public final class CompareSoak {
    /** One method of each way of explaining (Score-CAM's family, a feature method, a pixel method...). */
    static final String METHODS = "cam,GRAD_CAM,GRAD_CAM_PLUS_PLUS,SMOOTH_GRAD_CAM_PLUS_PLUS,scorecam,eigencam,fem,"
            + "kpcacam,ablationcam,occlusion,saliency,smoothgrad,integratedgradients,fullgrad";

    private CompareSoak() {}

    public static void main(String[] arguments) throws Exception {
        List<String> args = new ArrayList<>(Arrays.asList(arguments));
        List<String> methods = List.of(MemorySoak.flag(args, "--methods", METHODS).split(","));
        int pictures = args.size() > 0 ? Integer.parseInt(args.get(0)) : 2000;
        Path dir = MemorySoak.model(args.size() > 1 ? args.get(1) : "mnist-pooled");
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        System.out.println("compare of " + methods + " on each picture, model " + dir);
        LoadOptions camOptions = LoadOptions.defaults();
        try (CamModel byKernel = CamModelLoader.load(dir, camOptions)) {
            // Owns nothing of its own: its gradient ops live in byKernel's graph, closed with it.
            CamModel byGradients = byKernel.byGradients(GradientWeighting.GRAD_CAM);
            Graph graph = byKernel.session().graph();
            MemoryCheckpoints checkpoints = new MemoryCheckpoints("pictures");
            int reportEvery = Math.max(1, pictures / 10);
            for (int i = 0; i <= pictures; i++) {
                if (i % reportEvery == 0) {
                    checkpoints.print(i);
                    System.out.println("    graph operations " + operations(graph));
                }
                if (i == pictures) {
                    break;
                }
                for (String method : methods) {
                    // As compare's LoadedModels: CAM on the model opened by its kernel; every other method on the
                    // gradient view with its own weighting (Grad-CAM's for the gradient-free and pixel methods).
                    GradientWeighting weighting = weighting(method);
                    CamSession.Builder builder = SoakMethods.set(CamSession.builder(), method, List.of());
                    if (weighting == null) {
                        builder.setModel(byKernel, dir, camOptions);
                    } else {
                        builder.setModel(byGradients.withGradients(weighting), dir, camOptions.withGradients(weighting));
                    }
                    try (CamSession cam = builder.build()) {
                        cam.explain(SessionChurnSoak.digit(test, i));
                    }
                }
            }
        }
    }

    /** @return the weighting compare opens the method's model with: none for CAM, its own, else Grad-CAM's */
    private static GradientWeighting weighting(String method) {
        if (method.equalsIgnoreCase("cam")) {
            return null;
        }
        if (method.equalsIgnoreCase("refinecam")) {
            return GradientWeighting.GRAD_CAM_PLUS_PLUS;
        }
        try {
            return GradientWeighting.valueOf(method.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return GradientWeighting.GRAD_CAM;
        }
    }

    private static long operations(Graph graph) {
        long n = 0;
        for (var it = graph.operations(); it.hasNext(); it.next()) {
            n++;
        }
        return n;
    }
}
