package io.github.cam4j.eval;

import io.github.cam4j.cam.CamException;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.ImageExplanation;
import io.github.cam4j.cam.InvalidInputException;
import io.github.cam4j.data.FileTrees;
import io.github.cam4j.model.Sequential;
import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.ContractWeights;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import io.github.cam4j.savedmodel.keras.RedrawnWeights;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ProgressBar;

/**
 * Adebayo et al.'s cascading randomisation ("Sanity Checks for Saliency Maps", 2018, their Fig. 2) of one model: its
 * layers with weights re-drawn one more at a time from the classifier down, with the randomised twin's own draws (so
 * the last step is the twin), the layers below keeping their trained weights; at each step, Spearman's correlation of
 * the trained CAM with the step's CAM on the first plain canvases. A map that explains what the model learned moves
 * away from the trained one from the first step on.
 *
 * <p>A cam4j model is rebuilt from the architecture its metadata carries, one re-drawn copy exported, opened, measured
 * and deleted at a time, so a large model costs one more session and one copy on disk, not one per layer. A foreign
 * (Keras) SavedModel carries no architecture: its imported graph is opened with the top layers' weights re-drawn
 * ({@link RedrawnWeights#top}), its layers ordered by how near the output their weights are read.
 */
final class CascadingRandomization {
    /**
     * Plain canvases compared: the first of the seeded order. The steps only correlate maps, and the question is
     * whether a mean correlation stays near 1 or falls near 0, which 500 canvases answer many times over; the
     * localisation and faithfulness measures keep every canvas.
     */
    static final int CANVASES = 500;
    /**
     * Rank values of the trained maps kept across the steps, at most (256 MB of doubles). Every step compares the same
     * trained maps, made in the same batches by the same session, so the first step's ranks serve all the others: on
     * the unpooled model's 84x84 maps that spares 1500 of the cascade's 4000 model runs and class maps (500 canvases
     * take 3.5 M values). Past this, on canvases of 260x260 and more, the trained maps are made again per step.
     */
    static final long KEPT_RANKS = 32L << 20;

    private CascadingRandomization() {}

    /** One step's model, open; closing it closes the session and deletes the copy it was opened from, if any. */
    private record Step(List<String> redrawn, CamSession session, Path copy) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try {
                session.close();
            } finally {
                if (copy != null) {
                    FileTrees.delete(copy);
                }
            }
        }
    }

    /** Opens the model with its top {@code layers} layers re-drawn. */
    @FunctionalInterface
    private interface StepOpener {
        Step open(int layers) throws ModelLoadException, IOException, CamException;
    }

    /**
     * @param modelDir a cam4j SavedModel folder whose metadata carries its architecture, or a foreign SavedModel
     * @param seed the randomised twin's seed
     * @param trained the model, open
     * @param twin its randomised twin, open (the last step)
     * @param generator the evaluation's canvases
     * @param selection the test digits, in the evaluation's order
     * @param perRun canvases per model run
     * @param scratch where the re-drawn copies of a cam4j model are written
     * @param options how the model was opened (and so each step is)
     * @param progress where the progress bar goes, or null for none
     * @return one stage per layer re-drawn, the classifier first, the last the twin
     * @throws ModelLoadException when the trained weights cannot be read back by the architecture's names, or a
     *     foreign model's layers cannot be told apart
     * @throws IOException when a copy cannot be written
     * @throws CamException when a model run fails
     */
    static List<ModelReport.CascadeStage> measure(Path modelDir, long seed, CamSession trained, CamSession twin,
            CanvasGenerator generator, int[] selection, int perRun, ScratchFolder scratch, LoadOptions options,
            PrintStream progress) throws ModelLoadException, IOException, CamException {
        List<String> topFirst;
        StepOpener opener;
        if (CamModelLoader.isForeign(modelDir, options)) {
            topFirst = CamModelLoader.importedLayersTopFirst(modelDir, options);
            opener = layers -> new Step(topFirst.subList(0, layers), CamSession.builder().setModel(modelDir)
                    .optLoadOptions(options.withRedrawnWeights(RedrawnWeights.top(seed, layers))).optKeepInputSize(true)
                    .build(), null);
        } else {
            Sequential architecture = RandomizedModel.architecture(modelDir).orElseThrow(
                    () -> new ModelLoadException(modelDir + " carries no architecture to re-draw layer by layer"));
            topFirst = RandomizedModel.layersTopFirst(architecture);
            // Read and drawn once: every step but the last keeps some trained layers and takes some drawn ones.
            Map<String, float[]> trainedWeights = topFirst.size() > 1 ? ContractWeights.read(modelDir, architecture)
                    : Map.of();
            Map<String, float[]> drawn = topFirst.size() > 1 ? architecture.initialWeights(seed) : Map.of();
            opener = layers -> {
                Path dir = scratch.dir().resolve("cascade-" + layers);
                List<String> redrawn = scratch.writing(() -> RandomizedModel.exportCascade(modelDir, architecture,
                        trainedWeights, drawn, layers, dir));
                try {
                    return new Step(redrawn, CamSession.builder().setModel(dir).optLoadOptions(options)
                            .optKeepInputSize(true).build(), dir);
                } catch (ModelLoadException | RuntimeException e) {
                    FileTrees.delete(dir);
                    throw e;
                }
            };
        }
        int canvases = Math.min(CANVASES, selection.length);
        Path source = modelDir.getFileName() == null ? modelDir : modelDir.getFileName();
        List<ModelReport.CascadeStage> stages = new ArrayList<>();
        int size = generator.size();
        // Null when the trained maps' ranks would not fit within KEPT_RANKS: each step then makes them again.
        double[][] trainedRanks = (long) canvases * size * size <= KEPT_RANKS ? new double[canvases][] : null;
        try (ProgressBar bar = ProgressBars.create(source + ", cascading randomisation", (long) canvases * topFirst.size(),
                progress)) {
            for (int k = 1; k < topFirst.size(); k++) {
                try (Step step = opener.open(k)) {
                    stages.add(stage(step.redrawn(), trained, step.session(), generator, selection, canvases, perRun,
                            trainedRanks, bar, (k - 1) * canvases));
                }
            }
            // The last step, every layer re-drawn, is the twin the evaluation already has open.
            stages.add(stage(topFirst, trained, twin, generator, selection, canvases, perRun, trainedRanks, bar,
                    (topFirst.size() - 1) * canvases));
        }
        return stages;
    }

    /**
     * One step measured, or said not measured when its model fails on a canvas: re-drawn weights on top of trained
     * ones can take the activations past a float's range (the pooled model with conv2d_1's kernel times 3e36 and
     * conv2d_2's over 3e36, the same function, gave NaN logits once conv2d_2 was re-drawn), and that step's failure
     * ended the whole model's evaluation, every figure of its canvases measured and lost.
     *
     * @param redrawn the layers re-drawn at this step, the classifier first
     * @param done canvases of the earlier steps, where the bar stands
     */
    private static ModelReport.CascadeStage stage(List<String> redrawn, CamSession trained, CamSession other,
            CanvasGenerator generator, int[] selection, int canvases, int perRun, double[][] trainedRanks,
            ProgressBar bar, int done) throws CamException {
        try {
            return new ModelReport.CascadeStage(List.copyOf(redrawn), correlation(trained, other, generator, selection,
                    canvases, perRun, trainedRanks, bar, done));
        } catch (InvalidInputException e) {
            if (bar != null) {
                bar.stepTo(done + canvases);
            }
            // The step's model is a temporary copy, deleted before anyone reads the report: not named by its folder.
            String why = e.getMessage().replace("model " + other.model().source(), "the step's model");
            return new ModelReport.CascadeStage(List.copyOf(redrawn), SpearmanSummary.of(new double[0]),
                    "with " + String.join(", ", redrawn) + " re-drawn (the layers below trained) the model failed on a"
                            + " canvas: " + why);
        }
    }

    /**
     * @param trainedRanks the trained maps' ranks by canvas, filled by the first step and read by the later ones; null
     *     to make the trained maps again at every step
     */
    private static SpearmanSummary correlation(CamSession trained, CamSession other, CanvasGenerator generator,
            int[] selection, int canvases, int perRun, double[][] trainedRanks, ProgressBar bar, int done)
            throws CamException {
        double[] rho = new double[canvases];
        for (int from = 0; from < canvases; from += perRun) {
            int to = Math.min(canvases, from + perRun);
            List<Canvas> batch = new ArrayList<>(to - from);
            int[] labels = new int[to - from];
            for (int i = from; i < to; i++) {
                batch.add(generator.plain(selection[i]));
                labels[i - from] = batch.get(i - from).label();
            }
            // A batch's trained maps are made once when their ranks are kept (always the same batches, so the same
            // maps to the last bit), else again at each step.
            boolean kept = trainedRanks != null && trainedRanks[from] != null;
            List<ImageExplanation> a = kept ? null : ModelEvaluator.explain(trained, batch, labels);
            List<ImageExplanation> b = ModelEvaluator.explain(other, batch, labels);
            int offset = from;
            // Ranks of the min-max maps are the raw maps' ranks, as in the sanity check itself.
            IntStream.range(0, to - from).parallel().forEach(j -> {
                double[] ranks = kept ? trainedRanks[offset + j] : Metrics.ranks(a.get(j).first().map().values());
                if (trainedRanks != null) {
                    trainedRanks[offset + j] = ranks;
                }
                rho[offset + j] = Metrics.spearman(ranks, b.get(j).first().map().values());
            });
            if (bar != null) {
                bar.stepTo(done + to);
            }
        }
        return SpearmanSummary.of(rho);
    }
}
