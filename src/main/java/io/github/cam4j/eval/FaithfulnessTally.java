package io.github.cam4j.eval;

import java.util.ArrayList;
import java.util.List;

/** Adds up one method's faithfulness scores over canvases. */
final class FaithfulnessTally {
    private final List<Faithfulness.Scores> scores = new ArrayList<>();
    private final List<Road.Scores> road = new ArrayList<>();
    private final List<Arcc.Parts> arcc = new ArrayList<>();
    /** Canvases whose map was flat, and apart those whose map had no cell above 0: scored all the same. */
    private final NoEvidenceCount noEvidence = new NoEvidenceCount();

    void addAll(List<Faithfulness.Scores> s) {
        scores.addAll(s);
    }

    /**
     * @param flatMap whether a canvas's map was flat ({@link FlatMaps#isFlat})
     * @param noPositiveCell whether it had no cell above 0 ({@link FlatMaps#hasNoPositiveCell}); a flat map counts as
     *     flat only
     */
    void addEvidence(boolean flatMap, boolean noPositiveCell) {
        noEvidence.add(flatMap, noPositiveCell);
    }

    /** @param s ROAD's scores of canvases, in the order their other scores were added */
    void addRoad(List<Road.Scores> s) {
        road.addAll(s);
    }

    /** @param s complexity and coherency of canvases, in the order their other scores were added */
    void addArcc(List<Arcc.Parts> s) {
        arcc.addAll(s);
    }

    /**
     * @param value a faithfulness value
     * @return its value on each canvas, in the order added; their mean is the summary's figure (none for ROAD when it was
     *     not measured, for ARCC without ROAD)
     * @throws IllegalArgumentException for a localisation value
     */
    double[] values(Scoreboard.PerCanvas value) {
        if (value == Scoreboard.PerCanvas.ROAD_COMBINED) {
            return road.stream().mapToDouble(Road.Scores::combined).toArray();
        }
        if (value == Scoreboard.PerCanvas.COMPLEXITY) {
            return arcc.stream().mapToDouble(Arcc.Parts::complexity).toArray();
        }
        if (value == Scoreboard.PerCanvas.COHERENCY) {
            return arcc.stream().mapToDouble(Arcc.Parts::coherency).toArray();
        }
        if (value == Scoreboard.PerCanvas.ARCC) {
            return arcc();
        }
        double[] out = new double[scores.size()];
        for (int i = 0; i < out.length; i++) {
            Faithfulness.Scores s = scores.get(i);
            out[i] = switch (value) {
                // Metrics.averageDrop's term: a canvas the model gave no probability adds nothing.
                case AVERAGE_DROP -> s.y() > 0 ? 100 * Math.max(0, s.y() - s.masked()) / s.y() : 0;
                // Decided on the logs, as the summary decides it.
                case INCREASE_IN_CONFIDENCE -> s.logMasked() > s.logY() ? 100 : 0;
                case DELETION_AUC -> s.deletionAuc();
                case INSERTION_AUC -> s.insertionAuc();
                default -> throw new IllegalArgumentException(value + " is not a faithfulness value");
            };
        }
        return out;
    }

    /** @return the summary, or null when nothing was measured */
    FaithfulnessSummary summary() {
        int n = scores.size();
        if (n == 0) {
            return null;
        }
        double[] y = new double[n];
        double[] o = new double[n];
        double[] logY = new double[n];
        double[] logO = new double[n];
        int points = scores.get(0).deletion().length;
        double[] deletion = new double[points];
        double[] insertion = new double[points];
        double deletionAuc = 0;
        double insertionAuc = 0;
        for (int i = 0; i < n; i++) {
            Faithfulness.Scores s = scores.get(i);
            y[i] = s.y();
            o[i] = s.masked();
            logY[i] = s.logY();
            logO[i] = s.logMasked();
            deletionAuc += s.deletionAuc();
            insertionAuc += s.insertionAuc();
            for (int k = 0; k < points; k++) {
                deletion[k] += s.deletion()[k] / n;
                insertion[k] += s.insertion()[k] / n;
            }
        }
        // A rise is decided on the logs: a confident model's Y and O both round to 1 as probabilities, and a rise
        // between them would count as none.
        double complexity = mean(values(Scoreboard.PerCanvas.COMPLEXITY));
        double coherency = mean(values(Scoreboard.PerCanvas.COHERENCY));
        if (road.isEmpty()) {
            return new FaithfulnessSummary(n, Metrics.averageDrop(y, o), Metrics.increaseInConfidence(logY, logO),
                    deletionAuc / n, insertionAuc / n, deletion, insertion, Double.NaN, Double.NaN, Double.NaN, null, null,
                    complexity, coherency, Double.NaN, noEvidence.flat(), noEvidence.noPositiveCell());
        }
        int levels = Road.PERCENTILES.length;
        double[] morfCurve = new double[levels];
        double[] lerfCurve = new double[levels];
        double morf = 0;
        double lerf = 0;
        double combined = 0;
        for (Road.Scores r : road) {
            morf += r.morf() / road.size();
            lerf += r.lerf() / road.size();
            combined += r.combined() / road.size();
            for (int k = 0; k < levels; k++) {
                morfCurve[k] += (r.mostRelevantFirst()[k] - r.y()) / road.size();
                lerfCurve[k] += (r.leastRelevantFirst()[k] - r.y()) / road.size();
            }
        }
        return new FaithfulnessSummary(n, Metrics.averageDrop(y, o), Metrics.increaseInConfidence(logY, logO), deletionAuc / n,
                insertionAuc / n, deletion, insertion, morf, lerf, combined, morfCurve, lerfCurve, complexity, coherency,
                mean(arcc()), noEvidence.flat(), noEvidence.noPositiveCell());
    }

    /** @return ARCC on each canvas, or none without ROAD or without complexity and coherency */
    private double[] arcc() {
        if (road.isEmpty() || arcc.isEmpty()) {
            return new double[0];
        }
        if (road.size() != arcc.size()) {
            throw new IllegalStateException("ROAD scored " + road.size() + " canvases and complexity " + arcc.size());
        }
        double[] out = new double[road.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Arcc.of(arcc.get(i), road.get(i));
        }
        return out;
    }

    /** @return the mean, NaN for no values (a summary's "not measured") */
    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
    }
}
