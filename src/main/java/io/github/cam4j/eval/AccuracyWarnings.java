package io.github.cam4j.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a model's accuracy says about its maps. Every map explains the digit's true class; when the model does not
 * predict that class, the map shows where the evidence for a class the model rejected lies, which is not what a reader
 * of the report takes it for. A model that reads the plain digits at chance is usually fed the wrong pixels.
 */
public final class AccuracyWarnings {
    /** Below this accuracy on the plain digits (at their own size) the model is taken to be fed pixels it does not expect. */
    public static final double FED_WRONG_BELOW = 0.5;
    /** A drop of more than this from the plain digits to the plain canvases is reported. */
    public static final double CANVAS_DROP_ABOVE = 0.2;

    private AccuracyWarnings() {}

    /**
     * @param r a model's report
     * @return one sentence per problem, none when the accuracies are unremarkable
     */
    public static List<String> of(ModelReport r) {
        List<String> warnings = new ArrayList<>();
        java.util.OptionalDouble recorded = recordedAccuracy(r.path());
        if (r.accuracy() < FED_WRONG_BELOW && recorded.isPresent() && recorded.getAsDouble() < FED_WRONG_BELOW) {
            // A model that was weak when it was trained is weak, not fed wrong pixels: the pixel advice misled.
            warnings.add(String.format(Locale.ROOT, "%s reads only %.1f %% of the plain %s test digits, as weak as its"
                    + " metadata records it (test accuracy %.1f %%): the model itself reads few digits, and its maps mean"
                    + " little", r.name(), 100 * r.accuracy(), r.digitSize(), 100 * recorded.getAsDouble()));
        } else if (r.accuracy() < FED_WRONG_BELOW) {
            warnings.add(String.format(Locale.ROOT, "%s reads only %.1f %% of the plain %s test digits: it is probably"
                    + " not fed the pixels it was trained on (check --pixel-scale: model input = pixel 0..255 x scale;"
                    + " the digits are MNIST's, light on black, as they are: a model of dark ink misreads them), and its"
                    + " maps mean little", r.name(), 100 * r.accuracy(), r.digitSize()));
        } else if (r.accuracy() - r.canvasAccuracy() > CANVAS_DROP_ABOVE) {
            warnings.add(String.format(Locale.ROOT, "%s reads %.1f %% of the digits at %s but %.1f %% on the %dx%d"
                    + " canvases (over a larger blank area, what its layers add everywhere, e.g. biases, can outweigh the"
                    + " digit): %.1f %% of the canvas maps explain a class the model did not predict", r.name(),
                    100 * r.accuracy(), r.digitSize(), 100 * r.canvasAccuracy(), r.canvasSize(), r.canvasSize(),
                    // It said "most" whenever accuracy dropped by 20 points: at 99 % to 75 %, a quarter.
                    100 * (1 - r.canvasAccuracy())));
        }
        return warnings;
    }

    /** @return the test accuracy a cam4j model's metadata records, if the folder holds one that does */
    private static java.util.OptionalDouble recordedAccuracy(String modelPath) {
        Double accuracy = RecordedMetadata.of(modelPath).map(io.github.cam4j.savedmodel.ModelMetadata::testAccuracy)
                .orElse(null);
        return accuracy == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(accuracy);
    }
}
