package io.github.cam4j.eval;

import java.util.List;
import java.util.Locale;

/** Renders {@code report.md}: the figures for people, tables first, pictures after, conventions at the end. */
final class MarkdownReport {
    private MarkdownReport() {}

    /**
     * @param report the figures
     * @param files the picture files of each model, in the report's model order
     * @param summaryChart the cross-model chart's file name, or null
     * @return the markdown
     */
    static String render(EvaluationReport report, List<ReportFiles> files, String summaryChart) {
        StringBuilder md = new StringBuilder();
        EvaluationReport.Settings s = report.settings();
        md.append("# cam4j evaluation report\n\n");
        String faithfulness = faithfulness(s.faithfulnessDigits(), s.steps(),
                report.models().stream().anyMatch(m -> !m.leftOut().isEmpty()));
        md.append(String.format(Locale.ROOT,
                "cam4j %s. %d of the %d test digits of `%s`%s, each pasted at a seeded random position on a %dx%d black "
                        + "canvas (seed %d), and again with clutter. %s. Total time %.0f s.%n%n",
                report.cam4jVersion(), s.digits(), s.testDigits(), s.data(),
                s.digits() < s.testDigits() ? " (a seeded random sample)" : "", s.canvasSize(), s.canvasSize(), s.seed(),
                faithfulness, report.seconds()));
        if (s.commandLine() != null) {
            // A block a shell runs as it is: inline code had its backticks swapped for quotes (another command) and
            // broke at a line break inside an argument (helper-68).
            String command = (s.workingFolder() == null ? "" : "cd " + io.github.cam4j.ShellWords.quote(s.workingFolder())
                    + " && ") + s.commandLine();
            String fence = "```";
            while (command.contains(fence)) {
                fence += "`";
            }
            md.append("Made by:\n\n").append(fence).append("sh\n").append(command).append('\n').append(fence)
                    .append("\n\n");
        }
        if (!report.notEvaluated().isEmpty()) {
            // A stopped or failed run's report read as a whole one: nothing in it named the models it lacks.
            md.append(String.format(Locale.ROOT, "**Incomplete:** %d of the %d models asked for were evaluated. Not in this"
                    + " report:", report.models().size(), report.models().size() + report.notEvaluated().size()));
            for (EvaluationReport.NotEvaluated missing : report.notEvaluated()) {
                md.append("\n- `").append(missing.model()).append("`: ").append(missing.reason());
            }
            md.append("\n\n");
        }
        EmptyTruthBoxes.warning(s.emptyTruthBoxes(), s.digits(), "`" + s.data() + "`")
                .ifPresent(w -> md.append("**Warning:** ").append(w).append(".\n\n"));
        // Said on standard error as the run began, and only there: a report measured on shifted pixels read as any other.
        for (String w : s.warnings()) {
            md.append("**Warning:** ").append(w).append(w.endsWith(".") ? "\n\n" : ".\n\n");
        }
        if (s.alsoAt() != null && s.alsoAt().contains(",")) {
            // Said as run: torch-cam's maximum (recorded among the methods' settings) is another map than the mean.
            boolean maximum = s.methodSettings().values().stream()
                    .anyMatch(m -> "torch-cam".equals(m.get("layers_form")));
            md.append("The methods measured beside CAM were taken at the layers `")
                    .append(String.join("`, `", s.alsoAt().split(","))).append("`, each method's maps of those layers ")
                    .append(maximum ? "fused as torch-cam's fuse_cams (`--layers-form torch-cam`: each normalised at its"
                            + " cells, LayerCAM's through tanh(2 x), the element-wise maximum at the largest layer's cells)"
                            : "fused (scaled, placed on the input, averaged and scaled again, as pytorch-grad-cam's"
                            + " target_layers)")
                    .append(", not at CAM's features.\n\n");
        } else if (s.alsoAt() != null) {
            md.append("The methods measured beside CAM were taken at the layer `").append(s.alsoAt())
                    .append("`, not at CAM's features.\n\n");
        }
        methodSettings(md, s.methodSettings());
        summary(md, report.models());
        for (ModelReport m : report.models()) {
            // Its faithfulness rows above read "-": said why where they are, beyond the first paragraph's "fewer".
            noFaithfulness(m, s.faithfulnessDigits()).ifPresent(note -> md.append("**Note:** ").append(m.name())
                    .append(": ").append(note).append(".\n\n"));
        }
        if (summaryChart != null) {
            md.append("![CAM across models](").append(summaryChart).append(")\n\n");
        }
        modelAgainstModel(md, report);
        for (int i = 0; i < report.models().size(); i++) {
            model(md, report.models().get(i), files.get(i), s.alsoSmoothing(), s.pixelOptions(),
                    s.faithfulnessDigits());
        }
        md.append("## Conventions\n\n");
        for (String c : s.conventions()) {
            md.append("- ").append(c).append('\n');
        }
        md.append(String.format(Locale.ROOT, "- Truth box: the pasted digit's pixels > %d. Clutter: %s.%n", s.inkThreshold(),
                s.clutter()));
        md.append(String.format(Locale.ROOT,
                "- Baselines: centre Gaussian with sigma %.1f px (its 20 %% box is a digit-sized square); uniform random "
                        + "noise per pixel, seeded per digit; randomized weights as above.%n",
                s.centreSigma()));
        md.append("- Rates are fractions of canvases (shown as %); AD and IC are percentages by definition.\n");
        return md.toString();
    }

    /**
     * The settings the methods beside CAM took, as options that reproduce them ({@code --fem-k 2}): the tables name the
     * methods only, and Finer-CAM with another alpha, or FEM with another k, makes other maps under the same name.
     */
    private static void methodSettings(StringBuilder md, java.util.Map<Method, java.util.Map<String, Object>> all) {
        List<String> methods = new java.util.ArrayList<>();
        all.forEach((method, settings) -> {
            List<String> options = new java.util.ArrayList<>();
            settings.forEach((key, value) -> options.add(value == null
                    ? "default `--" + key.replace('_', '-') + "`" + (key.equals("kpca_gamma") ? " (1 / the layer's channels)" : "")
                    : "`--" + key.replace('_', '-') + " " + shown(value) + "`"));
            if (!options.isEmpty()) {
                methods.add(method.title() + " " + String.join(", ", options));
            }
        });
        if (!methods.isEmpty()) {
            md.append("Settings of the methods measured beside CAM: ").append(String.join("; ", methods))
                    .append(".\n\n");
        }
    }

    /** @return a setting's value as its option takes it: a list comma-separated, a whole number without ".0" */
    private static String shown(Object value) {
        if (value instanceof java.util.Collection<?> list) {
            return String.join(",", list.stream().map(MarkdownReport::shown).toList());
        }
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(value);
    }

    /** Each pair of models' CAM on the same canvases: the gap and whether the canvases' scatter could make it. */
    private static void modelAgainstModel(StringBuilder md, EvaluationReport report) {
        List<ModelComparison> all = report.modelComparisons();
        if (all.isEmpty()) {
            return;
        }
        md.append("## Model against model\n\nCAM of each pair of models on the same canvases: the second model's figure"
                + " minus the first's, averaged canvas by canvas, with its paired 95 % interval (mean ± 1.96 standard"
                + " errors, cut to the gaps the metric can show; rates in percentage points). \"ahead\" names the model better by more than that interval;"
                + " \"within noise\" means the canvases could have made the gap.\n\n");
        List<ModelReport> models = report.models();
        for (int i = 0; i < models.size(); i++) {
            for (int j = i + 1; j < models.size(); j++) {
                String first = models.get(i).name();
                String second = models.get(j).name();
                List<ModelComparison> pair = ModelComparison.of(all, first, second);
                if (pair.isEmpty()) {
                    continue;
                }
                md.append("| metric | ").append(cell(first)).append(" | ").append(cell(second)).append(" | ")
                        .append(cell(second)).append(" − ").append(cell(first)).append(" (95 % interval) | ahead |\n")
                        .append("|---|---:|---:|---:|---|\n");
                for (ModelComparison c : pair) {
                    Scoreboard.Metric metric = Scoreboard.METRICS.stream().filter(m -> m.name().equals(c.metric()))
                            .findFirst().orElseThrow();
                    md.append("| ").append(c.metric()).append(c.higherIsBetter() ? " (higher better)" : " (lower better)")
                            .append(" | ").append(format(metric, metric.value(models.get(i), Method.CAM)))
                            .append(" | ").append(format(metric, metric.value(models.get(j), Method.CAM)))
                            .append(" | ").append(gap(metric, c)).append(" | ")
                            .append(c.ahead() == null ? "within noise" : cell(c.ahead())).append(" |\n");
                }
                md.append('\n').append(scoredApart(models.get(i), models.get(j)))
                        .append(misreadCanvases(models.get(i))).append(misreadCanvases(models.get(j)));
            }
        }
    }

    /**
     * @return where the two models left out different digits (a method could not map their canvases), a paragraph
     *     saying that each model's column is over the digits it scored while the gap is over those both scored; else ""
     */
    static String scoredApart(ModelReport first, ModelReport second) {
        java.util.Set<Integer> a = new java.util.TreeSet<>();
        first.leftOut().forEach(l -> a.add(l.digit()));
        java.util.Set<Integer> b = new java.util.TreeSet<>();
        second.leftOut().forEach(l -> b.add(l.digit()));
        if (a.equals(b)) {
            return "";
        }
        // Without it the columns and the gap disagree with no word: 95.8 % and 97.5 % beside a gap of +0.0, the
        // columns over 24 and 40 digits, the gap over the 24 both scored.
        java.util.Set<Integer> either = new java.util.TreeSet<>(a);
        either.addAll(b);
        return String.format(Locale.ROOT, "%s scored %s and %s %s (a method could not map the others' canvases, as"
                + " each model's section says): each model's column is over the digits it scored, the gap and its"
                + " interval over the %s both scored.%n%n", cell(first.name()),
                io.github.cam4j.Counted.of(first.digits() - a.size(), "digit"), cell(second.name()),
                io.github.cam4j.Counted.of(second.digits() - b.size(), "digit"),
                io.github.cam4j.Counted.of(first.digits() - either.size(), "digit"));
    }

    /**
     * @param model one of a pair of models
     * @return where the model has an accuracy warning (its section gives it), a paragraph saying that its gaps here
     *     follow the probability of a class it mostly does not predict; else ""
     */
    static String misreadCanvases(ModelReport model) {
        if (AccuracyWarnings.of(model).isEmpty()) {
            return "";
        }
        // Without it a model that reads few canvases came out "ahead" on deletion AUC (0.005 against the pooled
        // model's 0.096, an imported Keras model that read 12.7 % of the canvases): its true class's probability
        // started near 0, so deleting pixels had little to take away.
        return String.format(Locale.ROOT, "%s reads %.1f %% of the plain canvases, as its section warns: its"
                + " faithfulness figures follow the probability of a class it mostly does not predict (deletion AUC"
                + " is small where that probability starts near 0, with nothing to delete), so a gap it is ahead on"
                + " may say more about its accuracy than about its maps.%n%n", cell(model.name()),
                100 * model.canvasAccuracy());
    }

    /**
     * @return e.g. "+2.3 (+1.9 to +2.7)", rates in percentage points; with more decimals where an interval that
     *     excludes 0 would print an end as 0
     */
    static String gap(Scoreboard.Metric metric, ModelComparison c) {
        boolean rate = isRate(metric);
        double k = rate ? 100 : 1;
        int decimals = rate || metric.name().endsWith("%") ? 1 : metric.name().contains("distance") ? 2 : 3;
        if (!Double.isFinite(c.low())) {
            return signed("%+." + decimals + "f", k * c.difference());
        }
        if (c.ahead() != null) {
            // The interval excludes 0, and its end nearest 0 must say so: +0.00004 points printed "+0.0".
            decimals = PairedDifference.decimalsKeepingSigns(decimals, k * c.low(), k * c.high());
        }
        String f = "%+." + decimals + "f";
        return signed(f, k * c.difference()) + " (" + signed(f, k * c.low()) + " to " + signed(f, k * c.high()) + ")";
    }

    /** @return the value with its sign, "+0.0" where a tiny negative rounds to zero ("-0.0" read as a loss) */
    static String signed(String format, double v) {
        String s = String.format(Locale.ROOT, format, v);
        return s.matches("-0\\.0*") ? "+" + s.substring(1) : s;
    }

    private static void summary(StringBuilder md, List<ModelReport> models) {
        md.append("## Summary: CAM per model\n\n| metric |");
        for (ModelReport m : models) {
            md.append(' ').append(cell(m.name())).append(" |");
        }
        md.append("\n|---|");
        md.append("---:|".repeat(models.size()));
        md.append('\n');
        row(md, "CAM resolution on a canvas", models, m -> m.mapSize());
        row(md, "accuracy, plain digits (" + models.get(0).digitSize() + ") (higher better)", models, m -> pct(m.accuracy()));
        row(md, "accuracy, plain canvases (higher better)", models, m -> pct(m.canvasAccuracy()));
        row(md, "accuracy, cluttered canvases (higher better)", models, m -> pct(m.clutteredAccuracy()));
        for (Scoreboard.Metric metric : Scoreboard.METRICS) {
            if (metric.optIn() && models.stream().allMatch(m -> Double.isNaN(metric.value(m, Method.CAM)))) {
                continue; // not asked for (--road): a row of "-" would read as a measure that failed
            }
            row(md, metric.name() + (metric.higherIsBetter() ? " (higher better)" : " (lower better)"), models,
                    m -> format(metric, metric.value(m, Method.CAM)));
        }
        row(md, "Average Drop % with positive-part masks (Grad-CAM's convention) (lower better)", models,
                m -> m.faithfulness().containsKey(Method.CAM_POSITIVE_MASK)
                        ? String.format(Locale.ROOT, "%.1f", m.faithfulness().get(Method.CAM_POSITIVE_MASK).averageDrop()) : "-");
        // Nearer 0 is better: a map that explains what the model learned changes with its weights (Adebayo et al.).
        row(md, "Spearman, trained vs randomized maps (mean) (nearer 0 better)", models,
                m -> m.randomizedSpearman() == null || m.randomizedSpearman().canvases() == 0 ? "-"
                        : num(m.randomizedSpearman().mean()));
        row(md, "CAM beats every baseline on every metric", models,
                m -> Scoreboard.verdict(m).summary());
        if (models.stream().anyMatch(m -> !m.comparisons().isEmpty())) {
            row(md, "CAM against the baselines beyond noise (paired 95 % intervals)", models,
                    m -> m.comparisons().isEmpty() ? "-" : Scoreboard.beyondNoise(m));
        }
        if (models.stream().anyMatch(m -> flatCam(m) > 0)) {
            // CAM's figures above read no evidence on those canvases: a row only when some model had a flat CAM map.
            row(md, "flat CAM maps, plain and cluttered canvases (their scores hold no evidence)", models,
                    m -> m.plain().get(Method.CAM).flatMaps() + " of " + m.plain().get(Method.CAM).canvases() + ", "
                            + m.cluttered().get(Method.CAM).flatMaps() + " of " + m.cluttered().get(Method.CAM).canvases());
        }
        if (models.stream().anyMatch(m -> m.plain().get(Method.CAM).noPositiveCellMaps()
                + m.cluttered().get(Method.CAM).noPositiveCellMaps() > 0)) {
            // Scored as flat maps are (no box, the peak the first pixel), and said as they are.
            row(md, "CAM maps with no positive evidence (no cell above 0), plain and cluttered canvases (their scores"
                    + " hold no evidence)", models,
                    m -> m.plain().get(Method.CAM).noPositiveCellMaps() + " of " + m.plain().get(Method.CAM).canvases()
                            + ", " + m.cluttered().get(Method.CAM).noPositiveCellMaps() + " of "
                            + m.cluttered().get(Method.CAM).canvases());
        }
        // The faithfulness rows above mask by the first plain canvases' maps: those that held no evidence are said
        // here too, as localisation's are, where a reader of the summary alone had no word of them.
        if (models.stream().anyMatch(m -> camFaithfulness(m, FaithfulnessSummary::flatMaps) > 0)) {
            row(md, "flat CAM maps, faithfulness canvases (their faithfulness scores read no positive evidence)",
                    models, m -> camFaithfulnessCount(m, FaithfulnessSummary::flatMaps));
        }
        if (models.stream().anyMatch(m -> camFaithfulness(m, FaithfulnessSummary::noPositiveCellMaps) > 0)) {
            row(md, "CAM maps with no positive evidence (no cell above 0), faithfulness canvases (their faithfulness"
                    + " scores read no positive evidence)", models,
                    m -> camFaithfulnessCount(m, FaithfulnessSummary::noPositiveCellMaps));
        }
        row(md, "time", models, m -> String.format(Locale.ROOT, "%.0f s", m.seconds()));
        md.append('\n');
    }

    /** @return CAM's faithfulness summary, or null when faithfulness was not measured on the model */
    private static FaithfulnessSummary camFaithfulness(ModelReport m) {
        return m.faithfulness() == null ? null : m.faithfulness().get(Method.CAM);
    }

    /** @return the count of CAM's faithfulness maps, 0 when faithfulness was not measured */
    private static int camFaithfulness(ModelReport m, java.util.function.ToIntFunction<FaithfulnessSummary> count) {
        FaithfulnessSummary f = camFaithfulness(m);
        return f == null ? 0 : count.applyAsInt(f);
    }

    /** @return e.g. "2 of 50", or "-" when faithfulness was not measured on the model */
    private static String camFaithfulnessCount(ModelReport m,
            java.util.function.ToIntFunction<FaithfulnessSummary> count) {
        FaithfulnessSummary f = camFaithfulness(m);
        return f == null || f.canvases() == 0 ? "-" : count.applyAsInt(f) + " of " + f.canvases();
    }

    /**
     * @param digits how many digits faithfulness was asked of ({@code --faithfulness})
     * @param steps the deletion/insertion steps
     * @param anyLeftOut whether a model left out canvases a method could not map
     * @return the report's first paragraph's words on faithfulness
     */
    static String faithfulness(int digits, int steps, boolean anyLeftOut) {
        // "Faithfulness on the first 0 of them, 16 deletion/insertion steps" described steps that never ran.
        if (digits == 0) {
            return "Faithfulness not measured (--faithfulness 0)";
        }
        // The count asked for, where a model that left out canvases measured fewer: "the first 40" stood above
        // faithfulness figures over 24, with no word of it there.
        return String.format(Locale.ROOT, "Faithfulness on the first %d of them, %d deletion/insertion steps%s", digits,
                steps, anyLeftOut ? " (fewer where a model left out canvases a method could not map, as its section says)"
                        : "");
    }

    /**
     * Says the canvases left out because a method could not map them, each with its test digit, its kind, the method
     * and why; nothing when every canvas was mapped.
     */
    static void leftOut(StringBuilder md, ModelReport m) {
        if (m.leftOut().isEmpty()) {
            return;
        }
        int digits = m.leftOutDigits();
        int scored = m.digits() - digits;
        md.append(String.format(Locale.ROOT, "**Left out: %d canvases**, the plain and cluttered canvases of %s a method"
                + " could not map: every method and baseline is scored on the %s of the other %s, so that every"
                + " comparison pairs the same canvases.%n%n", 2 * digits, io.github.cam4j.Counted.of(digits, "test digit"),
                canvases(2 * scored), io.github.cam4j.Counted.of(scored, "digit")));
        for (ModelReport.LeftOut l : m.leftOut()) {
            md.append("- test digit ").append(l.digit()).append(", ").append(l.canvas()).append(" canvas, ")
                    .append(l.method()).append(": ").append(l.reason()).append('\n');
        }
        md.append('\n');
    }

    /**
     * @param m a model's figures
     * @param faithfulnessDigits how many digits faithfulness was asked of ({@code --faithfulness})
     * @return why the model has no faithfulness figure when every faithfulness digit was left out (a method could not
     *     map its canvases): its faithfulness cells read "-" with no word of why beyond the first paragraph's "fewer"
     *     ({@code --faithfulness 1}, test digit 5031, KPCA-CAM's poly kernel at gamma 3e21); empty otherwise
     */
    static java.util.Optional<String> noFaithfulness(ModelReport m, int faithfulnessDigits) {
        int asked = Math.min(faithfulnessDigits, m.digits());
        FaithfulnessSummary cam = camFaithfulness(m);
        if (asked == 0 || m.leftOut().isEmpty() || (cam != null && cam.canvases() > 0)) {
            return java.util.Optional.empty();
        }
        // The faithfulness digits are the sample's first and leftOut is in the sample's order: every one of them left
        // out, they are its first distinct digits.
        List<String> digits = m.leftOut().stream().map(l -> Integer.toString(l.digit())).distinct().limit(asked)
                .toList();
        String which = asked == 1 ? "the one faithfulness digit, test digit " + digits.get(0) + ", was"
                : (asked == 2 ? "both" : "all " + asked) + " faithfulness digits, test digits "
                        + String.join(", ", digits.subList(0, Math.min(digits.size(), 10)))
                        + (asked > 10 ? " and " + (asked - 10) + " more," : "") + " were";
        return java.util.Optional.of("no faithfulness figure (\"-\" in its faithfulness rows): " + which + " left out,"
                + " a method could not map " + (asked == 1 ? "its" : "their") + " canvases (listed under the model's"
                + " heading); a larger --faithfulness takes in the digits after "
                + (asked == 1 ? "it" : "them"));
    }

    /** @return how many of the model's plain and cluttered canvases CAM's map was flat on */
    private static int flatCam(ModelReport m) {
        return m.plain().get(Method.CAM).flatMaps() + m.cluttered().get(Method.CAM).flatMaps();
    }

    private static void model(StringBuilder md, ModelReport m, ReportFiles f, String alsoSmoothing,
            List<String> pixelOptions, int faithfulnessDigits) {
        md.append("## ").append(m.name()).append("\n\n");
        md.append(String.format(Locale.ROOT, "`%s`: %s, CAM at %s cells on a %dx%d canvas; %.0f s.%n%n", m.path(),
                io.github.cam4j.Counted.of(m.digits(), "digit"), m.mapSize(), m.canvasSize(), m.canvasSize(), m.seconds()));
        md.append(String.format(Locale.ROOT, "Accuracy: %s on the %s digits, %s on plain canvases, %s on cluttered ones.%n%n",
                pct(m.accuracy()), m.digitSize(), pct(m.canvasAccuracy()), pct(m.clutteredAccuracy())));
        for (String warning : AccuracyWarnings.of(m, pixelOptions)) {
            md.append("**Warning:** ").append(warning).append(".\n\n");
        }
        leftOut(md, m);
        TrainedSizeNote.of(m).ifPresent(note -> md.append("**Note:** ").append(note).append(".\n\n"));
        md.append("### CAM against the baselines\n\n| metric |");
        List<Method> methods = List.copyOf(m.plain().keySet());
        for (Method method : methods) {
            // The methods beside CAM, smoothed: marked where their figures are, not only among the conventions.
            md.append(' ').append(method.shownTitle(alsoSmoothing)).append(" |");
        }
        md.append("\n|---|").append("---:|".repeat(methods.size())).append('\n');
        boolean road = false;
        for (Scoreboard.Metric metric : Scoreboard.METRICS) {
            if (metric.optIn() && methods.stream().allMatch(method -> Double.isNaN(metric.value(m, method)))) {
                continue;
            }
            road |= metric.optIn();
            md.append("| ").append(metric.name()).append(metric.higherIsBetter() ? " (higher better)" : " (lower better)")
                    .append(" |");
            for (Method method : methods) {
                md.append(' ').append(format(metric, metric.value(m, method))).append(" |");
            }
            md.append('\n');
        }
        if (road) {
            // ROAD's two halves, which its combined score is the difference of: not compared with the baselines apart.
            roadRow(md, "ROAD MoRF, mean change of probability (lower better)", m, methods,
                    FaithfulnessSummary::roadMostRelevantFirst);
            roadRow(md, "ROAD LeRF, mean change of probability (higher better)", m, methods,
                    FaithfulnessSummary::roadLeastRelevantFirst);
        }
        md.append("| best threshold (plain) |");
        for (Method method : methods) {
            md.append(' ').append(bestThreshold(m.plain().get(method))).append(" |");
        }
        md.append("\n| best threshold (cluttered) |");
        for (Method method : methods) {
            md.append(' ').append(bestThreshold(m.cluttered().get(method))).append(" |");
        }
        md.append("\n\n");
        noFaithfulness(m, faithfulnessDigits).ifPresent(note -> md.append("**Note:** ").append(note).append(".\n\n"));
        // A method whose maps were flat, or had no cell above 0, was scored as if they meant something (an occlusion
        // patch the size of the canvas: pointing 0.0 %, complexity 0.000); said under the table that shows those
        // scores, and only then.
        // The faithfulness rows above rest on the first plain canvases' maps: those that held none are said apart.
        for (Method method : methods) {
            FlatMaps.note(m.plain().get(method), m.cluttered().get(method)).ifPresent(note -> md.append("**Note:** ")
                    .append(method.shownTitle(alsoSmoothing)).append(": ").append(note).append(".\n\n"));
            FlatMaps.note(m.faithfulness() == null ? null : m.faithfulness().get(method)).ifPresent(note -> md
                    .append("**Note:** ").append(method.shownTitle(alsoSmoothing)).append(": ").append(note)
                    .append(".\n\n"));
        }
        if (road) {
            md.append("ROAD (remove and debias): the most relevant (MoRF) or least relevant (LeRF) pixels of each map removed"
                    + " at the 10th..90th percentiles and filled in from their neighbours with a little noise; the MoRF and"
                    + " LeRF rows are the true class's probability afterwards minus before, averaged over the percentiles"
                    + " and canvases."
                    + " 'ROAD combined' is (LeRF - MoRF) / 2, from -0.5 to 0.5, higher is better: a faithful map's top"
                    + " pixels take the confidence with them and its bottom ones leave it; near 0 is a map no better than"
                    + " chance.\n\n");
        }
        ArccReport.table(md, m);
        Scoreboard.Verdict verdict = Scoreboard.verdict(m);
        md.append(verdict.beatsAll() ? "CAM beats every baseline on every metric" : "CAM does **not** beat every baseline: "
                + String.join("; ", verdict.details()));
        md.append(verdict.notMeasured().isEmpty() ? ".\n\n" : " (not measured: " + verdict.notMeasured() + ").\n\n");
        if (!m.comparisons().isEmpty()) {
            md.append("Canvas by canvas (the mean of CAM's value minus the baseline's, with its 95 % interval; an interval"
                    + " that holds 0 is a gap the canvases' scatter could make), beyond that scatter CAM is ").append(Scoreboard.beyondNoise(m))
                    .append(". Every comparison is in `report.json` (`comparisons`).\n\n");
        }
        if (m.randomizedSpearman() != null && m.randomizedSpearman().canvases() == 0) {
            md.append(String.format(Locale.ROOT, "Sanity check (model randomisation): not measured, no canvas had two"
                    + " non-constant maps to rank (%d constant maps).%n%n", m.randomizedSpearman().undefined()));
        } else if (m.randomizedSpearman() != null) {
            SpearmanSummary r = m.randomizedSpearman();
            md.append(String.format(Locale.ROOT,
                    "Sanity check (model randomisation): Spearman correlation of trained and randomized maps over %s:"
                            + " mean %.3f, mean |rho| %.3f, median %.3f; |rho| < 0.5 on %s of canvases%s.%n%n",
                    canvases(r.canvases()), r.mean(), r.meanAbsolute(), r.median(), pct(r.belowHalf()),
                    r.undefined() > 0 ? " (" + r.undefined() + " constant maps left out)" : ""));
        }
        if (!m.cascade().isEmpty()) {
            cascade(md, m.cascade());
            if (f.cascade() != null) {
                md.append("![cascading randomisation](").append(f.cascade()).append(")\n\n");
            }
        }
        if (m.randomizedNote() != null) {
            md.append("Randomized-weights baseline ").append(m.randomizedNote()).append(".\n\n");
        }
        md.append("![CAM and baselines](").append(f.baselines()).append(")\n\n");
        md.append("![IoU>=0.5 rate by threshold](").append(f.sweep()).append(")\n\n");
        if (f.deletion() != null) {
            md.append("![deletion curves](").append(f.deletion()).append(")\n");
            md.append("![insertion curves](").append(f.insertion()).append(")\n\n");
        }
        if (f.roadMorf() != null) {
            md.append("![ROAD, most relevant first](").append(f.roadMorf()).append(")\n");
            md.append("![ROAD, least relevant first](").append(f.roadLerf()).append(")\n\n");
        }
        md.append("### Per class (CAM)\n\n");
        md.append("| class | digits | accuracy plain digits | accuracy canvas | pointing | IoU>=0.5 | mean IoU | pointing cluttered "
                + "| IoU>=0.5 cluttered |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ModelReport.ClassRow r : m.perClass()) {
            if (r.digits() == 0) {
                // A class the sample (or the test set) holds no digit of has no rates (its zeros read as 0 % accuracy):
                // said for all such classes at once below the table.
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s | %s |%n", className(r), r.digits(),
                    pct(r.accuracy()), pct(r.canvasAccuracy()), pct(r.pointing()), pct(r.iouRate()), num(r.meanIou()),
                    pct(r.clutteredPointing()), pct(r.clutteredIouRate())));
        }
        String empty = EmptyClasses.line(m.perClass());
        if (!empty.isEmpty()) {
            md.append('\n').append(empty).append('\n');
        }
        md.append("\n### Examples\n\nGreen: truth box; red: CAM's box at 20 % of the max. Captions: true -> predicted class, "
                + "probability of the true class, IoU, and 'miss' when the map's peak is outside the truth box.\n\n");
        md.append("![first canvases, plain then cluttered](").append(f.examples()).append(")\n\n");
        md.append("Worst-localised plain canvases (lowest IoU first):\n\n");
        md.append("![worst localised](").append(f.worst()).append(")\n\n");
    }

    private static void roadRow(StringBuilder md, String name, ModelReport m, List<Method> methods,
            java.util.function.ToDoubleFunction<FaithfulnessSummary> value) {
        md.append("| ").append(name).append(" |");
        for (Method method : methods) {
            FaithfulnessSummary f = m.faithfulness() == null ? null : m.faithfulness().get(method);
            md.append(' ').append(f == null || Double.isNaN(value.applyAsDouble(f)) ? "-"
                    : String.format(Locale.ROOT, "%+.3f", value.applyAsDouble(f))).append(" |");
        }
        md.append('\n');
    }

    private static void row(StringBuilder md, String name, List<ModelReport> models,
            java.util.function.Function<ModelReport, String> value) {
        md.append("| ").append(name).append(" |");
        for (ModelReport m : models) {
            md.append(' ').append(value.apply(m)).append(" |");
        }
        md.append('\n');
    }

    /** @return whether the metric is a fraction of canvases, shown as a percentage */
    private static boolean isRate(Scoreboard.Metric metric) {
        return metric.isRate();
    }

    private static String format(Scoreboard.Metric metric, double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (isRate(metric)) {
            return pct(v);
        }
        if (metric.name().endsWith("%") || metric.name().contains("distance")) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return num(v);
    }

    /**
     * @param text a table cell's text, such as a model's folder name
     * @return it with '|' escaped: a folder named "a | b" split the summary table's header into one column more than
     *     its rows, and the table no longer rendered
     */
    static String cell(String text) {
        return text.replace("|", "\\|");
    }

    /**
     * @return the sweep's best threshold; "none" when no threshold localises a canvas (uniform noise's boxes): the
     *     first threshold of a sweep of zeros was reported as if it were best
     */
    static String bestThreshold(LocalisationSummary summary) {
        return summary.bestIouRate() > 0 ? num(summary.bestThreshold()) : "none";
    }

    /** @return "1 canvas", "20 canvases": "over 1 canvases" read as a slip */
    private static String canvases(int n) {
        return n + (n == 1 ? " canvas" : " canvases");
    }

    /** The cascading randomisation's table: one row per step, the layers re-drawn so far, the classifier first. */
    private static void cascade(StringBuilder md, List<ModelReport.CascadeStage> stages) {
        // The canvases of a step measured: a step whose model failed compared none.
        int compared = stages.stream().mapToInt(s -> s.spearman().canvases() + s.spearman().undefined()).max()
                .orElse(0);
        md.append(String.format(Locale.ROOT, "Cascading randomisation (Adebayo et al. 2018): the model's layers re-drawn one"
                + " more at a time from the classifier down, the layers below keeping their trained weights; Spearman"
                + " correlation of the trained maps with each step's over the first %s. A map that explains"
                + " what the model learned moves away from the trained one from the first step on; the last step is"
                + " the randomized-weights baseline.%n%n", canvases(compared)));
        md.append("| layers re-drawn | mean rho | mean abs rho | median | abs rho < 0.5 |\n|---|---:|---:|---:|---:|\n");
        for (ModelReport.CascadeStage stage : stages) {
            SpearmanSummary r = stage.spearman();
            md.append("| ").append(String.join(", ", stage.layers())).append(" | ");
            if (stage.notMeasured() != null) {
                md.append("not measured: ").append(cell(stage.notMeasured())).append(" | | | |\n");
                continue;
            }
            if (r.canvases() == 0) {
                // Every map constant (canvases without ink): no rank to correlate. Its cells read NaN (helper-165).
                md.append("not measured: ").append(r.undefined()).append(" constant maps | | | |\n");
                continue;
            }
            md.append(num(r.mean())).append(" | ").append(num(r.meanAbsolute())).append(" | ").append(num(r.median()))
                    .append(" | ").append(pct(r.belowHalf())).append(" |\n");
        }
        md.append('\n');
    }

    /**
     * @return the class as the per-class table names it: the model's label, with its index where the label is not the
     *     index itself ("3 (three)"); a label's '|' escaped, so that it keeps to its cell
     */
    static String className(ModelReport.ClassRow r) {
        String index = Integer.toString(r.label());
        if (r.name() == null || r.name().equals(index)) {
            return index;
        }
        return index + " (" + cell(r.name()) + ")";
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * v);
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /**
     * The picture files of one model, relative to the report's folder.
     *
     * @param baselines the bar chart of CAM against baselines
     * @param sweep the IoU rate by threshold
     * @param deletion the mean deletion curves, or null without faithfulness
     * @param insertion the mean insertion curves, or null
     * @param roadMorf ROAD's mean curves with the most relevant pixels removed first, or null without {@code --road}
     * @param roadLerf the same with the least relevant first, or null
     * @param examples the grid of first canvases
     * @param worst the grid of worst-localised canvases
     * @param cascade the cascading randomisation's chart, or null without one
     */
    record ReportFiles(String baselines, String sweep, String deletion, String insertion, String roadMorf,
            String roadLerf, String examples, String worst, String cascade) {}
}
