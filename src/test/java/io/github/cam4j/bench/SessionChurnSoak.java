package io.github.cam4j.bench;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Opens and closes the same model many times in one process, as a server that opens a session per request would, and
 * prints the memory every 50 openings ({@link MemoryCheckpoints}): every graph, TensorFlow session, frozen variable
 * and gradient op an opening makes must go with its close, or the figure climbs by a model's worth each time.
 *
 * <p>Run: {@code java -cp ... io.github.cam4j.bench.SessionChurnSoak [--method M] [--layers a,b] [count] [model]
 * [what]} (default cam, 500, mnist-pooled, session). {@code what} is {@code session}: a {@link CamSession} built for
 * the method ({@link SoakMethods}), one digit explained, closed; or {@code model}: a {@link CamModel} opened by
 * {@link CamModelLoader#load} and closed, nothing run.
 */
public final class SessionChurnSoak {
    private SessionChurnSoak() {}

    public static void main(String[] arguments) throws Exception {
        List<String> args = new ArrayList<>(Arrays.asList(arguments));
        String method = MemorySoak.flag(args, "--method", "cam");
        String layerList = MemorySoak.flag(args, "--layers", "");
        List<String> layers = layerList.isEmpty() ? List.of() : List.of(layerList.split(","));
        int count = args.size() > 0 ? Integer.parseInt(args.get(0)) : 500;
        Path model = MemorySoak.model(args.size() > 1 ? args.get(1) : "mnist-pooled");
        boolean sessions = !(args.size() > 2 && args.get(2).equals("model"));
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        System.out.println((sessions ? "sessions of method " + method + (layers.isEmpty() ? "" : " at " + layers)
                : "models opened and closed") + ", model " + model);
        MemoryCheckpoints checkpoints = new MemoryCheckpoints(sessions ? "sessions" : "models");
        for (int i = 0; i <= count; i++) {
            if (i % 50 == 0) {
                checkpoints.print(i);
            }
            if (i == count) {
                break;
            }
            if (sessions) {
                try (CamSession cam = SoakMethods.set(CamSession.builder(), method, layers).setModel(model).build()) {
                    cam.explain(digit(test, i));
                }
            } else {
                try (CamModel opened = CamModelLoader.load(model, LoadOptions.defaults())) {
                    opened.classes();
                }
            }
        }
    }

    /** @return test digit {@code i % 1000} as a grey picture */
    static BufferedImage digit(LabeledImages test, int i) {
        BufferedImage picture = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        picture.getRaster().setDataElements(0, 0, 28, 28, Arrays.copyOfRange(test.pixels(), (i % 1000) * 784,
                (i % 1000 + 1) * 784));
        return picture;
    }
}
