package io.github.cam4j.eval;

import io.github.cam4j.data.AtomicFile;
import io.github.cam4j.render.ImageException;
import io.github.cam4j.render.Images;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Writes an evaluation's folder: {@code report.json}, {@code report.md}, and the PNG charts and grids the markdown
 * shows ({@code <model>-baselines.png}, {@code -threshold-sweep.png}, {@code -deletion.png}, {@code -insertion.png},
 * with ROAD measured {@code -road-morf.png} and {@code -road-lerf.png}, {@code -examples.png}, {@code -worst.png}, and
 * {@code summary.png} across models). Each file is written whole or not
 * at all ({@link AtomicFile}): a failure or Ctrl-C while the report is written leaves no half file.
 *
 * <pre>{@code
 * List<Path> written = ReportWriter.write(report, evaluations, Path.of("eval-out"));
 * }</pre>
 */
public final class ReportWriter {
    private ReportWriter() {}

    /**
     * @param report the figures
     * @param evaluations the models' evaluations (with their pictures), in the report's order
     * @param dir the folder to write into; created if absent
     * @return the files written
     * @throws IOException when a file cannot be written
     */
    public static List<Path> write(EvaluationReport report, List<ModelEvaluation> evaluations, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        // First: report.json is what marks the folder as a report (evaluate --force replaces only such a folder), and
        // written last it left a folder that a failure among the charts (a full disk) made --force refuse.
        Path json = dir.resolve("report.json");
        AtomicFile.write(json, f -> JsonReport.write(report, f));
        written.add(json);
        List<MarkdownReport.ReportFiles> files = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (ModelEvaluation e : evaluations) {
            String stem = unique(safe(e.report().name()), used);
            files.add(modelPictures(e, stem, dir, written, report.settings().alsoSmoothing()));
        }
        String summary = null;
        if (!report.models().isEmpty()) {
            summary = "summary.png";
            try (Mat chart = ReportCharts.acrossModels(report.models())) {
                png(chart, dir.resolve(summary), written);
            }
        }
        Path md = dir.resolve("report.md");
        String markdown = MarkdownReport.render(report, files, summary);
        AtomicFile.write(md, f -> Files.writeString(f, markdown));
        written.add(md);
        return written;
    }

    private static MarkdownReport.ReportFiles modelPictures(ModelEvaluation e, String stem, Path dir, List<Path> written,
            String alsoSmoothing) throws IOException {
        ModelReport m = e.report();
        String baselines = stem + "-baselines.png";
        String sweep = stem + "-threshold-sweep.png";
        String examples = stem + "-examples.png";
        String worst = stem + "-worst.png";
        try (Mat chart = ReportCharts.baselines(m, alsoSmoothing)) {
            png(chart, dir.resolve(baselines), written);
        }
        try (Mat chart = ReportCharts.sweep(m, alsoSmoothing)) {
            png(chart, dir.resolve(sweep), written);
        }
        String deletion = null;
        String insertion = null;
        String roadMorf = null;
        String roadLerf = null;
        if (m.faithfulness() != null && !m.faithfulness().isEmpty()) {
            deletion = stem + "-deletion.png";
            insertion = stem + "-insertion.png";
            try (Mat chart = ReportCharts.curves(m, true, alsoSmoothing)) {
                png(chart, dir.resolve(deletion), written);
            }
            try (Mat chart = ReportCharts.curves(m, false, alsoSmoothing)) {
                png(chart, dir.resolve(insertion), written);
            }
            try (Mat morf = ReportCharts.road(m, true, alsoSmoothing);
                    Mat lerf = ReportCharts.road(m, false, alsoSmoothing)) {
                if (morf != null) {
                    roadMorf = stem + "-road-morf.png";
                    roadLerf = stem + "-road-lerf.png";
                    png(morf, dir.resolve(roadMorf), written);
                    png(lerf, dir.resolve(roadLerf), written);
                }
            }
        }
        // The boxes' colours were said only in report.md: the grids are also looked at alone.
        try (Mat grid = ExampleGrids.plainOverCluttered(e.examples(), m.name()
                + ": first canvases, plain (top) and cluttered (bottom), and their maps; boxes: green ink, red CAM")) {
            png(grid, dir.resolve(examples), written);
        }
        try (Mat grid = ExampleGrids.grid(e.worst(), m.name()
                + ": worst-localised plain canvases and their maps; boxes: green ink, red CAM")) {
            png(grid, dir.resolve(worst), written);
        }
        String cascade = null;
        // A step with no canvas to rank (every map constant) has no correlation to draw; its table row says "-".
        if (!m.cascade().isEmpty() && m.cascade().stream().allMatch(s -> Double.isFinite(s.spearman().mean()))) {
            cascade = stem + "-cascade.png";
            try (Mat chart = ReportCharts.cascade(m)) {
                png(chart, dir.resolve(cascade), written);
            }
        }
        return new MarkdownReport.ReportFiles(baselines, sweep, deletion, insertion, roadMorf, roadLerf, examples, worst,
                cascade);
    }

    private static void png(Mat image, Path file, List<Path> written) throws IOException {
        try {
            // Images.write goes through a temporary renamed over the file itself (AtomicFile), and names the file.
            Images.writeFigure(image, file);
        } catch (ImageException e) {
            throw new IOException(e.getMessage(), e);
        }
        written.add(file);
    }

    static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "-");
        return s.isEmpty() || s.startsWith(".") ? "model" + s : s;
    }

    private static String unique(String stem, Set<String> used) {
        String s = stem;
        for (int i = 2; !used.add(s); i++) {
            s = stem + "-" + i;
        }
        return s;
    }
}
