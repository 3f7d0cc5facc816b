package io.github.cam4j.eval;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.savedmodel.ClassifierWeights;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How much of each channel's classifier weight is the same for every class: the part softmax ignores and CAM does
 * not. For channel k, {@code m_k} is the mean of its kernel row over the classes; adding a constant to a row changes
 * every logit of a picture by the same amount (so no probability), but adds that constant times the channel's
 * activations to every class's map. Prints, per model, the mean |m_k| beside the mean spread of the row around it,
 * and how many channels have a negative m_k (channels whose presence every class's map counts against).
 *
 * <pre>
 * java -cp $CP io.github.cam4j.eval.ClassifierGauge saved_models/mnist-pooled saved_models/mnist-unpooled
 * </pre>
 */
public final class ClassifierGauge {
    private ClassifierGauge() {}

    public static void main(String[] args) throws Exception {
        for (String model : args) {
            try (CamSession session = CamSession.builder().setModel(Path.of(model)).build()) {
                ClassifierWeights w = session.model().weights();
                int channels = w.channels();
                int classes = w.classes();
                double meanAbsShared = 0;
                double meanSpread = 0;
                int negative = 0;
                for (int k = 0; k < channels; k++) {
                    double shared = 0;
                    for (int c = 0; c < classes; c++) {
                        shared += w.column(c)[k];
                    }
                    shared /= classes;
                    double variance = 0;
                    for (int c = 0; c < classes; c++) {
                        double d = w.column(c)[k] - shared;
                        variance += d * d;
                    }
                    meanAbsShared += Math.abs(shared);
                    meanSpread += Math.sqrt(variance / classes);
                    negative += shared < 0 ? 1 : 0;
                }
                System.out.printf(Locale.ROOT, "%s: %d channels, %d classes; mean |m_k| %.4f, mean spread around it %.4f;"
                        + " m_k < 0 on %d channels%n", model, channels, classes, meanAbsShared / channels,
                        meanSpread / channels, negative);
            }
        }
    }
}
