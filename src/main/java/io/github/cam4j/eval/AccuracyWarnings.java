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
    /**
     * Below this accuracy on the plain digits (at their own size) a model of ten classes, MNIST's, is taken to be fed
     * pixels it does not expect; other class counts are held to the bar as far above their chance, {@link #warnsBelow}.
     */
    public static final double FED_WRONG_BELOW = 0.5;
    /** The class count {@link #FED_WRONG_BELOW} was set for, and the one assumed for a report without per-class rows. */
    private static final int TEN = 10;
    /** A drop of more than this from the plain digits to the plain canvases is reported. */
    public static final double CANVAS_DROP_ABOVE = 0.2;

    private AccuracyWarnings() {}

    /**
     * As {@link #of(ModelReport, List)} with no pixel option given: the model's own mapping fed it.
     *
     * @param r a model's report
     * @return one sentence per problem, none when the accuracies are unremarkable
     */
    public static List<String> of(ModelReport r) {
        return of(r, List.of());
    }

    /**
     * @param r a model's report
     * @param pixelOptions the options that mapped the pixels to the model's input, as given with their values
     *     ({@code --pixel-offset -3}); empty when none was, and the model's own mapping fed it
     * @return one sentence per problem, none when the accuracies are unremarkable
     */
    public static List<String> of(ModelReport r, List<String> pixelOptions) {
        List<String> warnings = new ArrayList<>();
        java.util.OptionalDouble recorded = recordedAccuracy(r.path());
        int classes = guessedAmong(r);
        double bar = warnsBelow(classes);
        String chance = chance(r, classes);
        if (r.accuracy() < bar && recorded.isPresent() && recorded.getAsDouble() < bar) {
            // A model that was weak when it was trained is weak, not fed wrong pixels: the pixel advice misled.
            warnings.add(String.format(Locale.ROOT, "%s reads only %.1f %% of the plain %s test digits%s, as weak as its"
                    + " metadata records it (test accuracy %.1f %%): the model itself reads few digits, and its maps mean"
                    + " little", r.name(), 100 * r.accuracy(), r.digitSize(), chance, 100 * recorded.getAsDouble()));
        } else if (r.accuracy() < bar) {
            // The options given are named, with their values, or the model's own mapping when none was: it named all
            // six whatever was given ("check --preprocess, or --pixel-scale, ..., where given"), and left the reader to
            // find which of them they had typed.
            warnings.add(String.format(Locale.ROOT, "%s reads only %.1f %% of the plain %s test digits%s: it is probably"
                    + " not fed the pixels it was trained on (%s; the digits are MNIST's, light on black, as they are: a"
                    + " model of dark ink misreads them), and its maps mean little", r.name(), 100 * r.accuracy(),
                    r.digitSize(), chance, mapping(pixelOptions)));
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

    /** @return what mapped the pixels to the model's input, to be checked: the options given, else its own mapping */
    private static String mapping(List<String> pixelOptions) {
        if (pixelOptions.isEmpty()) {
            return "no pixel option was given, so the model's own mapping fed them: 'cam4j inspect' shows it, and 'cam4j"
                    + " evaluate --help' the options that replace it";
        }
        // The formula only where an option of it was given: --preprocess alone is a named mode, not a scale.
        boolean formula = pixelOptions.stream().anyMatch(o -> !o.startsWith("--preprocess "));
        return "check the pixel options given: " + String.join(", ", pixelOptions)
                + (formula ? " (model input = (pixel 0..255 x scale + offset - mean) / std)" : "");
    }

    /**
     * The accuracy below which a model guessing among {@code classes} classes is warned of: as far above chance (1/N),
     * relative to the room between chance and all right, as {@link #FED_WRONG_BELOW} is above ten classes' 0.1, 4/9 of
     * the way. The fixed 0.5 held a model of two classes, whose guess scores 0.5, to no bar at all (a model that learnt
     * nothing, at 0.52 on digits of two classes, was reported without a word), and a model of a thousand to one ten
     * times a thousand-class guess; a share of the way from chance keeps MNIST's bar where it was set (0.5 for ten
     * classes) and gives two classes 0.72 and a thousand 0.445. It is no chance warning as {@code train}'s is (half again
     * above chance): evaluate warns of a model whose maps, a share of them explaining a class it rejected, mean little,
     * and ten classes put that bar well above chance.
     *
     * @param classes the classes a guess chooses among, at least 2
     * @return the accuracy on the plain digits below which the report warns
     */
    public static double warnsBelow(int classes) {
        double chance = 1.0 / classes;
        double tenChance = 1.0 / TEN;
        return chance + (1 - chance) * (FED_WRONG_BELOW - tenChance) / (1 - tenChance);
    }

    /**
     * The classes a guess on the digits evaluated chooses among: the model's, or the digits' when they have fewer (but
     * two or more). Evaluate cannot count the classes the model was trained on, as train does (neither cam4j's metadata
     * nor an imported model records them), and a model trained on two labels of ten units ({@code cam4j train} on
     * labels 8 and 9) guesses among those two: counted by its units, its 0.52 on such digits passed for one five times
     * chance. A ten-class model evaluated on two classes is held to the two-class bar in turn; the warning says which
     * classes it counted.
     *
     * @return the class count; ten (MNIST's, the bar's own) for a report without per-class rows
     */
    private static int guessedAmong(ModelReport r) {
        if (r.perClass().isEmpty()) {
            return TEN;
        }
        int present = (int) r.perClass().stream().filter(c -> c.digits() > 0).count();
        // One class present: a guess of it reads every digit, no bar; the model's units are what a guess chooses among.
        return present >= 2 ? Math.min(present, r.perClass().size()) : Math.max(2, r.perClass().size());
    }

    /** @return what a guess reads, in the words of train's chance warning (the classes counted), or "" when unknown */
    private static String chance(ModelReport r, int classes) {
        if (r.perClass().isEmpty()) {
            return "";
        }
        return String.format(Locale.ROOT, " (a guess among %s %d classes reads %.1f %%)",
                classes < r.perClass().size() ? "their" : "its", classes, 100.0 / classes);
    }

    /** @return the test accuracy a cam4j model's metadata records, if the folder holds one that does */
    private static java.util.OptionalDouble recordedAccuracy(String modelPath) {
        Double accuracy = RecordedMetadata.of(modelPath).map(io.github.cam4j.savedmodel.ModelMetadata::testAccuracy)
                .orElse(null);
        return accuracy == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(accuracy);
    }
}
