package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A tensor option naming what the model's graph lacks is a usage error (exit 2) in the option's words, as a mistyped
 * {@code --method} is: {@code --features nope} had exited 1 with the loader's words, naming no option.
 */
class TensorOptionsTest extends PooledDigitOptions {

    @Test
    void explainRefusesFeaturesTheGraphLacksAsAUsageError() {
        Path out = tmp.resolve("features");
        FirstTestDigit.assertEachRefusedInOneLine(MODEL, seven, out, new String[][] {
            {"--method gradcam --features nope", "cam4j: error: --features nope is not a tensor of the model's graph:"
                    + " it takes a rank-4 layer's tensor, NAME or NAME:INDEX ('cam4j inspect --model " + MODEL
                    + "' lists them) (see 'cam4j explain --help')"},
            // An operation the graph has, with an output it lacks.
            {"--method gradcam --features conv2d/Relu:4", "--features conv2d/Relu:4 is not a tensor of the model's"
                    + " graph"},
            {"--method gradcam --layers conv2d_1/Relu,nope", "--layers nope is not a tensor of the model's graph: it"
                    + " takes rank-4 layers' tensors"},
        });
    }

    /** A tensor the graph has, of another rank than the option takes: it had exited 1 in the loader's words. */
    @Test
    void explainRefusesATensorOfTheWrongRankAsAUsageError() {
        FirstTestDigit.assertEachRefusedInOneLine(MODEL, seven, tmp.resolve("rank"), new String[][] {
            {"--method gradcam --features dense/MatMul", "cam4j: error: --features dense/MatMul has rank 2 (shape"
                    + " [-1, 10]): it takes a rank-4 layer's tensor, NAME or NAME:INDEX ('cam4j inspect --model "
                    + MODEL + "' lists them) (see 'cam4j explain --help')"},
            {"--method scorecam --features global_average_pooling2d/Mean", "--features"
                    + " global_average_pooling2d/Mean has rank 2 (shape [-1, 128]): it takes a rank-4 layer's tensor"},
            {"--method gradcam --layers conv2d_1/Relu,dense/MatMul", "--layers dense/MatMul has rank 2"},
        });
    }

    /**
     * A Keras export opened as it is (route 1) is refused in the same words: its loader had said "the features tensor
     * 'nope' is not in the inlined graph" and exited 1, naming no option, for CAM and the gradient methods alike.
     */
    @Test
    void explainRefusesAForeignModelsMistypedOrWrongRankTensorAsAUsageError() {
        String keras = "src/test/resources/keras3/keras-export";
        FirstTestDigit.assertEachRefusedInOneLine(keras, seven, tmp.resolve("foreign"), new String[][] {
            {"--features nope", "cam4j: error: --features nope is not a tensor of the model's graph: it takes a rank-4"
                    + " layer's tensor, NAME or NAME:INDEX ('cam4j inspect --model " + keras + "' lists them) (see"
                    + " 'cam4j explain --help')"},
            {"--method gradcam --features conv_b_1/Relu:3", "--features conv_b_1/Relu:3 is not a tensor of the"
                    + " model's graph"},
            {"--method gradcam --logits nope", "--logits nope is not a tensor of the model's graph"},
            {"--method layercam --layers conv_a_1/Relu,nope", "--layers nope is not a tensor of the model's graph"},
            {"--features gap_1/Mean", "--features gap_1/Mean has rank 2 (shape [-1, 32]): it takes a rank-4 layer's"
                    + " tensor"},
            {"--method scorecam --features logits_1/BiasAdd", "--features logits_1/BiasAdd has rank 2"},
            {"--logits conv_b_1/Relu", "--logits conv_b_1/Relu has rank 4 (shape [-1, 14, 14, 32]): it takes a"
                    + " rank-2 tensor of the graph"},
            // A short name that ends two nodes' names: which was meant cannot be told (it had exited 1).
            {"--method gradcam --features Relu", "--features Relu ends the names of several layers of the model's"
                    + " graph (StatefulPartitionedCall_1/StatefulPartitionedCall/keras3_small_1/conv_a_1/Relu,"
                    + " StatefulPartitionedCall_1/StatefulPartitionedCall/keras3_small_1/conv_b_1/Relu): give more of"
                    + " the name"},
        });
    }

    /**
     * The model's input named as the gradient methods' layer: TensorFlow cannot feed and fetch one tensor, and each
     * picture failed in its words, "images:0 is both fed and fetched", exit 1, blamed on the picture.
     */
    @Test
    void explainRefusesTheModelsInputAsALayerAsAUsageError() {
        String keras = "src/test/resources/keras3/keras-export";
        FirstTestDigit.assertEachRefusedInOneLine(MODEL, seven, tmp.resolve("input"), new String[][] {
            {"--method gradcam --features images", "cam4j: error: --features images is the model's input, which the"
                    + " pictures are fed to: name a layer the images flow through ('cam4j inspect --model " + MODEL
                    + "' lists them) (see 'cam4j explain --help')"},
            {"--method eigencam --features images:0", "--features images:0 is the model's input"},
        });
        FirstTestDigit.assertEachRefusedInOneLine(keras, seven, tmp.resolve("foreign-input"), new String[][] {
            {"--method gradcam --features serving_default_pixels", "--features serving_default_pixels is the model's"
                    + " input, which the pictures are fed to"},
            {"--method layercam --layers serving_default_pixels,conv_a_1/Relu", "--layers serving_default_pixels is"
                    + " the model's input"},
        });
    }

    /**
     * A layer of another signature's head (a SavedModel of two, each serving one classifier; import keeps only what the
     * chosen signature's output needs) named with --features or --logits: it was refused as "not a tensor of the model's
     * graph", as a mistyped name is, and nothing said that --signature chooses the graph that has it. The refusal says
     * which signature has it and the option that imports it; given that, the layer is explained.
     */
    @Test
    void explainSaysWhichSignatureHasALayerTheImportedOneLacks() {
        String model = io.github.cam4j.testing.ForeignModels.exportPerOutput(tmp.resolve("two-heads"),
                io.github.cam4j.testing.ForeignModels.twoHeads()).toString();
        FirstTestDigit.assertEachRefusedInOneLine(model, seven, tmp.resolve("other-signature"), new String[][] {
            {"--features parity/features", "cam4j: error: --features parity/features is not in the graph of signature"
                    + " 'serving_default', the one imported; signature 'parity' has it: give --signature parity to"
                    + " import that one ('cam4j inspect --model " + model + " --signature parity' lists them) (see 'cam4j"
                    + " explain --help')"},
            {"--method gradcam --logits parity/dense_bias", "--logits parity/dense_bias is not in the graph of"
                    + " signature 'serving_default', the one imported; signature 'parity' has it: give --signature"
                    + " parity"},
            {"--method layercam --layers features,parity/conv_relu", "--layers parity/conv_relu is not in the graph of"
                    + " signature 'serving_default'"},
            // The other way round (the parity head's variable kernel frozen as any weight is).
            {"--signature parity --method gradcam --features digits/features", "--features digits/features is not in the graph of"
                    + " signature 'parity', the one imported; signature 'serving_default' has it: give --signature"
                    + " serving_default"},
            // A name no signature has is refused as before.
            {"--features nope", "--features nope is not a tensor of the model's graph: it takes a rank-4 layer's"
                    + " tensor, NAME or NAME:INDEX ('cam4j inspect --model " + model + "' lists them)"},
        });
        CliRun chosen = CliRun.of("explain", "--model", model, seven.toString(), "--signature", "parity", "--features",
                "parity/features", "--out", tmp.resolve("parity").toString());
        assertEquals(0, chosen.exitCode(), chosen.err());
    }

    @Test
    void explainRefusesFeaturesWithCamOnACam4jModelAsAUsageError() {
        // CAM reads the features cam4j's 'cam' signature names; the loader's refusal had named its Java API.
        FirstTestDigit.assertEachRefusedInOneLine(MODEL, seven, tmp.resolve("cam"), new String[][] {
            {"--features nope", "cam4j: error: --features nope: --method cam reads the features and logits cam4j's"
                    + " model " + MODEL + " names itself; --features chooses the layer of the other methods"},
            {"--logits logits:0", "--logits logits:0: --method cam reads"},
        });
    }

    /**
     * A layer named for CAM whose channels are not the ones the classifier's kernel weighs: a Keras export's first
     * convolution (16 channels where the pooling reduces the second's 32), and a cam4j model opened by its tensors'
     * names with its first convolution as the features (32 channels against the kernel's 128 rows). Each had exited 1
     * in the loader's words ("features tensor '...:0' has 16 channels, but the classifier found (...) takes 32"), naming
     * no option; the second not even the model. The layer the pooling reduces is still taken.
     */
    @Test
    void explainRefusesFeaturesOfOtherChannelsThanTheClassifierWeighsAsAUsageError() throws Exception {
        String keras = "src/test/resources/keras3/keras-export";
        FirstTestDigit.assertEachRefusedInOneLine(keras, seven, tmp.resolve("channels"), new String[][] {
            {"--features conv_a_1/Relu", "cam4j: error: --features conv_a_1/Relu has 16 channels, but the classifier's"
                    + " kernel weighs 32: CAM weighs the channels of the tensor the classifier's global average pooling"
                    + " reduces; name that one, or explain this layer by a method that takes any layer (e.g. --method"
                    + " gradcam) ('cam4j inspect --model " + keras + "' lists them) (see 'cam4j explain --help')"},
        });
        FirstTestDigit.assertEachRefusedInOneLine(MODEL, seven, tmp.resolve("channels-named"), new String[][] {
            {"--input images --features conv2d/Relu --logits logits --kernel classifier_kernel", "cam4j: error:"
                    + " --features conv2d/Relu has 32 channels, but the kernel weighs 128: CAM weighs the channels"},
        });
        CliRun pooled = CliRun.of("explain", "--model", keras, seven.toString(), "--features", "conv_b_1/Relu", "--out",
                tmp.resolve("channels-pooled").toString());
        assertEquals(0, pooled.exitCode(), pooled.err());
        assertTrue(Files.isRegularFile(tmp.resolve("channels-pooled").resolve("seven-cam.png")));
    }

    /**
     * A layer named for CAM with the channels the classifier's kernel weighs that is not the tensor its pooling reduces:
     * the Keras mnist-conv-head-gap's concatenation and the LeakyReLU before its last max pooling (64 channels each, as
     * the pooled max pooling has), and a graph opened by its tensors' names with the ReLU before the max pooling as the
     * features. Each had exited 1 in the loader's words ("features '...:0' do not give logits '...' by global average
     * pooling and the classifier's kernel: ..."), naming no option, where other channels are a usage error. The layer
     * the pooling reduces is still taken.
     */
    @Test
    void explainRefusesFeaturesOfTheKernelsChannelsThatThePoolingDoesNotReduceAsAUsageError() {
        String keras = io.github.cam4j.testing.SharedData.kerasSavedModels().resolve("mnist-conv-head-gap").toString();
        CliRun run = FirstTestDigit.assertRefused(keras, seven, tmp.resolve("identity"),
                "--features concatenate_1/concat", "--features concatenate_1/concat");
        // The probe's values as the loader computed them (3.66073 and 3.84409 here), not pinned to the last digit.
        String said = run.err().strip();
        assertTrue(said.matches("cam4j: error: --features concatenate_1/concat has the 64 channels the classifier's"
                + " kernel weighs, but is not the tensor its global average pooling reduces: on a probe image the logit"
                + " of class 0 is [-0-9.e+]+ but mean\\(features\\)·kernel \\+ bias is [-0-9.e+]+; name that one, or"
                + " explain this layer by a method that takes any layer \\(e\\.g\\. --method gradcam\\) \\('cam4j inspect"
                + " --model " + java.util.regex.Pattern.quote(keras) + "' lists them\\) \\(see 'cam4j explain"
                + " --help'\\)"), said);
        FirstTestDigit.assertEachRefusedInOneLine(keras, seven, tmp.resolve("identity"), new String[][] {
            {"--features og_leaky_1/LeakyRelu", "cam4j: error: --features og_leaky_1/LeakyRelu has the 64 channels the"
                    + " classifier's kernel weighs, but is not the tensor its global average pooling reduces"},
        });
        String named = io.github.cam4j.testing.ForeignModels.export(tmp.resolve("gap-softmax"),
                io.github.cam4j.testing.ForeignModels.gapClassifier(10, true)).toString();
        FirstTestDigit.assertEachRefusedInOneLine(named, seven, tmp.resolve("identity-named"), new String[][] {
            {"--input images --features conv_relu --logits dense_bias --kernel dense_kernel --bias dense_b",
                "cam4j: error: --features conv_relu has the 8 channels the classifier's kernel weighs, but is not the"
                        + " tensor its global average pooling reduces"},
        });
        CliRun pooled = CliRun.of("explain", "--model", keras, seven.toString(), "--features",
                "max_pooling2d_1_2/MaxPool2d", "--out", tmp.resolve("identity-pooled").toString());
        assertEquals(0, pooled.exitCode(), pooled.err());
    }

    @Test
    void compareRefusesFeaturesTheGraphLacksAsAUsageError() {
        Path out = tmp.resolve("compare.png");
        CliRun run = CliRun.of("compare", "--model", MODEL, seven.toString(), "--out", out.toString(), "--methods",
                "cam,gradcam", "--features", "nope");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("cam4j: error: --features nope is not a tensor of the model's graph: it takes a rank-4 layer's"
                + " tensor, NAME or NAME:INDEX ('cam4j inspect --model " + MODEL + "' lists them) (see 'cam4j compare"
                + " --help')", run.err().strip());
        assertFalse(Files.exists(out));
    }

    /**
     * concepts opens a cam4j model by CAM and, refused at another layer, by Eigen-CAM: a layer the graph lacks is said
     * as explain says it, and a layer it has is still factorised (ConceptsCommandTest#anotherLayerIsFactorisedUnscored).
     */
    @Test
    void conceptsRefusesFeaturesTheGraphLacksAsAUsageError() {
        Path out = tmp.resolve("concepts.png");
        CliRun run = CliRun.of("concepts", "--model", MODEL, seven.toString(), "--concepts", "2", "--features", "nope",
                "--out", out.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("cam4j: error: --features nope is not a tensor of the model's graph: it takes a rank-4 layer's"
                + " tensor, NAME or NAME:INDEX ('cam4j inspect --model " + MODEL + "' lists them) (see 'cam4j concepts"
                + " --help')", run.err().strip());
        assertFalse(Files.exists(out));
    }
}
