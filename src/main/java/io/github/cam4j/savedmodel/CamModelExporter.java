package io.github.cam4j.savedmodel;

import io.github.cam4j.data.FileTrees;
import io.github.cam4j.model.Dense;
import io.github.cam4j.model.ModelOutputs;
import io.github.cam4j.model.Sequential;
import io.github.cam4j.model.WeightSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Exports a trained {@link Sequential} as a SavedModel in cam4j's {@link CamContract}: the inference graph only
 * (no optimizer state), with height and width left open, three signatures and the metadata asset.
 *
 * <pre>{@code
 * CamModelExporter.export(model, trainedWeights, metadata, Path.of("saved_models/mnist-pooled"));
 * }</pre>
 */
public final class CamModelExporter {
    private CamModelExporter() {}

    /**
     * Writes the SavedModel. The folder is written beside the target first and moved into place at the end, so a
     * failure leaves no half-written model.
     *
     * @param model the architecture
     * @param weights a value for every weight of the model
     * @param metadata what goes into {@code assets/cam4j.json}
     * @param dir the SavedModel folder to create; it must not exist
     * @throws IOException when the folder exists or cannot be written
     */
    public static void export(Sequential model, Map<String, float[]> weights, ModelMetadata metadata, Path dir)
            throws IOException {
        export(model, weights, metadata, dir, false);
    }

    /**
     * Writes the SavedModel, replacing a folder already there only once the new model is whole: written beside the
     * target first, the old folder is then moved aside and the new one into place, and only then is the old deleted. A
     * run stopped while writing leaves the old model as it was (it was deleted before the export began, and a kill
     * then lost both).
     *
     * @param model the architecture
     * @param weights a value for every weight of the model
     * @param metadata what goes into {@code assets/cam4j.json}
     * @param dir the SavedModel folder to write
     * @param replace whether a folder already at {@code dir} is replaced; the caller has checked that it may be (it is
     *     deleted whole)
     * @throws IOException when the folder exists and {@code replace} is off, or it cannot be written
     */
    public static void export(Sequential model, Map<String, float[]> weights, ModelMetadata metadata, Path dir,
            boolean replace) throws IOException {
        if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !replace) {
            throw new IOException(dir + " already exists; choose another folder or remove it first");
        }
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + dir.getFileName() + "-export-");
        Path exported = staging.resolve("model");
        try {
            try (Graph graph = new Graph(); Session session = new Session(graph)) {
                Signature[] signatures = buildInferenceGraph(Ops.create(graph), model, weights);
                session.initialize();
                try {
                    SavedModelBundle.exporter(exported.toString()).withTags(CamContract.TAG).withSession(session)
                            .withSignatures(signatures).export();
                } catch (org.tensorflow.exceptions.TensorFlowException e) {
                    throw notWritten(e, staging, dir);
                }
            }
            try {
                Path assets = Files.createDirectories(exported.resolve("assets"));
                metadata.write(assets.resolve(CamContract.METADATA_ASSET));
            } catch (IOException e) {
                throw notWritten(e, staging, dir);
            }
            Path replaced = staging.resolve("replaced");
            boolean aside = false;
            if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                // Aside into the staging folder, deleted with it below: between the two moves both models exist.
                Files.move(dir, replaced);
                aside = true;
            }
            try {
                Files.move(exported, dir);
            } catch (IOException | RuntimeException e) {
                if (aside) {
                    // The new model could not take its place: the old one goes back rather than out with the staging
                    // folder (helper-69).
                    Files.move(replaced, dir);
                }
                throw e;
            }
        } finally {
            try {
                // With it the old model, once the new one is in place.
                FileTrees.delete(staging);
            } catch (IOException e) {
                // Left hidden beside the model (an old one with a read-only folder in it): what was asked for is done,
                // or the first failure is being thrown.
            }
        }
    }

    /**
     * A write into the staging folder that failed (a full disk) was said in its words, naming a file in a hidden
     * folder the user never asked for and that is gone by then: "TensorFlow failed: /m/.my-model-export-1634.../model/
     * variables/variables.data-00000-of-00001.tempstate369...; No space left on device".
     *
     * @return the failure said of {@code dir}, the reason kept, with what became of it
     */
    private static IOException notWritten(Exception e, Path staging, Path dir) {
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip();
        String reason = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                // TensorFlow's file errors: "PATH; REASON".
                : message.startsWith(staging.toString()) && message.contains("; ")
                        ? message.substring(message.lastIndexOf("; ") + 2) : message;
        boolean kept = Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        return new IOException("cannot write model " + dir + ": " + reason
                + (kept ? "; the model there is kept as it was" : "; nothing was written"), e);
    }

    private static Signature[] buildInferenceGraph(Ops tf, Sequential model, Map<String, float[]> weights) {
        Placeholder<TFloat32> images = tf.withName(CamContract.INPUT_IMAGES).placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, -1, -1, model.channels())));
        Map<String, Operand<TFloat32>> variables = new LinkedHashMap<>();
        for (WeightSpec spec : model.weights()) {
            float[] values = weights.get(spec.name());
            if (values == null || values.length != spec.size()) {
                throw new IllegalArgumentException("weight '" + spec.name() + "' needs " + spec.size() + " values, got "
                        + (values == null ? "none" : values.length));
            }
            variables.put(spec.name(), tf.withName(spec.name()).variable(
                    tf.constant(Shape.of(spec.shape()), DataBuffers.of(values, true, false))));
        }
        ModelOutputs out = model.build(tf, images, variables);
        Dense classifier = model.classifier();
        Operand<TFloat32> kernel = variables.get(classifier.name() + "_kernel");
        Operand<TFloat32> bias = classifier.useBias() ? variables.get(classifier.name() + "_bias")
                : tf.zeros(tf.constant(new int[] {classifier.units()}), TFloat32.class);

        Operand<TFloat32> features = tf.withName(CamContract.OUTPUT_FEATURES).identity(out.features());
        Operand<TFloat32> logits = tf.withName(CamContract.OUTPUT_LOGITS).identity(out.logits());
        Operand<TFloat32> probabilities = tf.withName(CamContract.OUTPUT_PROBABILITIES).identity(out.probabilities());
        return new Signature[] {
            predict(CamContract.SERVING_SIGNATURE).input(CamContract.INPUT_IMAGES, images)
                    .output(CamContract.OUTPUT_PROBABILITIES, probabilities).build(),
            predict(CamContract.CAM_SIGNATURE).input(CamContract.INPUT_IMAGES, images)
                    .output(CamContract.OUTPUT_FEATURES, features).output(CamContract.OUTPUT_LOGITS, logits)
                    .output(CamContract.OUTPUT_PROBABILITIES, probabilities).build(),
            predict(CamContract.WEIGHTS_SIGNATURE)
                    .output(CamContract.OUTPUT_KERNEL, tf.withName("classifier_kernel").identity(kernel))
                    .output(CamContract.OUTPUT_BIAS, tf.withName("classifier_bias").identity(bias)).build()
        };
    }

    /** A signature TensorFlow Serving's Predict API takes even when it checks method names. */
    private static Signature.Builder predict(String key) {
        return Signature.builder().key(key).methodName(CamContract.PREDICT_METHOD);
    }
}
