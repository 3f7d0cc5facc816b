package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.render.Images;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Keras SavedModel whose serving signature is not called serving_default (tf.saved_model.save with a signatures
 * dict names them as the user likes): explain's refusal named no way out, and evaluate had no --signature at all, so
 * such a model could not be evaluated.
 */
class SignatureChoiceTest {
    @TempDir
    static Path tmp;

    private static Path model;
    private static Path digit;

    @BeforeAll
    static void renamedSignature() throws Exception {
        Path source = SharedData.kerasSavedModels().resolve("mnist-conv-head-gap");
        org.tensorflow.proto.SavedModel saved = org.tensorflow.proto.SavedModel.parseFrom(
                Files.readAllBytes(source.resolve("saved_model.pb")));
        org.tensorflow.proto.MetaGraphDef.Builder meta = saved.getMetaGraphs(0).toBuilder();
        org.tensorflow.proto.SignatureDef serving = meta.getSignatureDefOrThrow("serving_default");
        meta.removeSignatureDef("serving_default").putSignatureDef("classify", serving);
        model = Files.createDirectories(tmp.resolve("renamed"));
        Files.write(model.resolve("saved_model.pb"), saved.toBuilder().setMetaGraphs(0, meta).build().toByteArray());
        try (Stream<Path> files = Files.walk(source.resolve("variables"))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.copy(p, model.resolve(source.relativize(p).toString()));
            }
        }
        digit = tmp.resolve("digit.png");
        try (Mat seven = ArticleFigure.digit(Dataset.open(SharedData.mnist()).test(), 0)) {
            Images.write(seven, digit);
        }
    }

    @Test
    void explainNamesTheSignaturesAndTheOptionThatChoosesOne() {
        CliRun refused = CliRun.of("explain", "--model", model.toString(), digit.toString(), "--out",
                tmp.resolve("refused").toString());
        assertEquals(1, refused.exitCode(), refused.out());
        assertTrue(refused.err().contains(model + " has no signature 'serving_default' (signatures: [classify, serve]);"
                + " name the one to import (--signature, LoadOptions.withSignature)"), refused.err());

        // Named by the user, a signature the model lacks or cannot take is a usage error in the option's words, as
        // --features nope is: both had exited 1, the first naming the library's LoadOptions.withSignature.
        CliRun nope = CliRun.of("explain", "--model", model.toString(), "--signature", "nope", digit.toString(),
                "--out", tmp.resolve("nope").toString());
        assertEquals(2, nope.exitCode(), nope.err());
        assertEquals("cam4j: error: --signature nope: model " + model + " has no such signature; its signatures:"
                + " classify, serve ('cam4j inspect --model " + model + "' describes them) (see 'cam4j explain --help')",
                nope.err().strip());
        Path pooled = SharedData.bundledModels().resolve("mnist-pooled");
        CliRun cam4j = CliRun.of("explain", "--model", pooled.toString(), "--signature", "nope", digit.toString(),
                "--out", tmp.resolve("nope").toString());
        assertEquals(2, cam4j.exitCode(), cam4j.err());
        assertEquals("cam4j: error: " + pooled + " has cam4j's 'cam' signature, which it is explained by; --signature"
                + " 'nope' chooses which signature of a foreign SavedModel to import (see 'cam4j explain --help')",
                cam4j.err().strip());
        assertTrue(!Files.exists(tmp.resolve("nope")), "nothing written");

        CliRun chosen = CliRun.of("explain", "--model", model.toString(), "--signature", "classify", digit.toString(),
                "--out", tmp.resolve("chosen").toString());
        assertEquals(0, chosen.exitCode(), chosen.err());
        assertTrue(chosen.out().contains("class 7"), "MNIST's first test digit is a 7: " + chosen.out());
    }

    @Test
    void evaluateTakesASignature() throws Exception {
        String[] common = {"evaluate", "--model", model.toString(), "--data", SharedData.mnist().toString(), "--limit",
                "40", "--faithfulness", "4"};
        CliRun refused = CliRun.of(concat(common, "--out", tmp.resolve("eval-refused").toString()));
        assertEquals(1, refused.exitCode(), refused.out());
        assertTrue(refused.err().contains("name the one to import (--signature"), refused.err());
        CliRun nope = CliRun.of(concat(common, "--signature", "nope", "--out", tmp.resolve("eval-nope").toString()));
        assertEquals(2, nope.exitCode(), nope.err());
        assertTrue(nope.err().strip().startsWith("cam4j: error: --signature nope: model " + model + " has no such"
                + " signature; its signatures: classify, serve"), nope.err());

        CliRun chosen = CliRun.of(concat(common, "--signature", "classify", "--out", tmp.resolve("eval").toString()));
        assertEquals(0, chosen.exitCode(), chosen.err());
        assertTrue(Files.isRegularFile(tmp.resolve("eval").resolve("report.md")), chosen.out());
        assertTrue(Files.readString(tmp.resolve("eval").resolve("report.md")).contains(
                "Foreign SavedModels were imported by their signature 'classify' (--signature)."), "the report says it");
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
