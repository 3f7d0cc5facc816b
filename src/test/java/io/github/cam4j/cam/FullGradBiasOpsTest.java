package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.savedmodel.BiasLayer;
import io.github.cam4j.savedmodel.FullGradients;
import io.github.cam4j.testing.FusedBatchNormModel;
import io.github.cam4j.testing.FusedBatchNormModel.Offset;
import io.github.cam4j.testing.FusedBatchNormModel.Variant;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * FullGrad reads a bias however the graph adds it: the batch norm as {@code FusedBatchNorm} or {@code FusedBatchNormV2}
 * as well as V3, a bias by a plain {@code Add} as well as {@code AddV2} and before the tensor ({@code c + x}) as well
 * as after, and a {@code Sub} with the constant first ({@code c - x} adds {@code c}) as well as {@code x - c} (adds
 * {@code -c}) and its equivalent {@code x + (-c)}. Each variant of {@link FusedBatchNormModel}
 * computes the default graph's function with the same draws, to the bit ({@link Variant}), and the default graph is
 * held to pytorch-grad-cam's FullGrad by {@link FusedBatchNormFullGradParityTest}; so each variant's bias layers, each
 * layer's signed terms {@code b g} and its maps must be the default's, to the bit, and its terms must sum to the logit
 * (the paper's completeness, Eq. 2, as {@link FullGradTest} checks it on Keras models).
 */
class FullGradBiasOpsTest {
    private static final int DIGITS = 16;
    private static int[] labels;
    private static Path dir;
    private static Explained reference;

    /** One model's FullGrad on the digits: bias layers, signed terms, maps and logits. */
    private record Explained(List<String> ops, List<BiasLayer.Kind> kinds, float[] input, float[] inputGradient,
            float[][] terms, List<float[]> maps, List<float[]> logits) {}

    @BeforeAll
    static void defaultGraph(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        dir = tmp;
        LabeledImages test = Dataset.openTest(SharedData.mnist()).test();
        labels = new int[DIGITS];
        for (int i = 0; i < DIGITS; i++) {
            labels[i] = test.labels()[i];
        }
        reference = explain(Variant.DEFAULT);
        assertEquals(List.of("c1_bias_add", "bn", "c3_add", "c4_sub", "logits"), reference.ops(), "the default's layers");
    }

    static Stream<Variant> variants() {
        return Stream.of(new Variant("FusedBatchNorm", "AddV2", false, Offset.X_MINUS_C),
                new Variant("FusedBatchNormV2", "AddV2", false, Offset.X_MINUS_C),
                new Variant("FusedBatchNormV3", "Add", false, Offset.X_MINUS_C),
                new Variant("FusedBatchNormV3", "AddV2", false, Offset.C_MINUS_X),
                new Variant("FusedBatchNorm", "Add", false, Offset.C_MINUS_X),
                new Variant("FusedBatchNormV3", "AddV2", true, Offset.X_MINUS_C),
                new Variant("FusedBatchNormV3", "AddV2", false, Offset.X_PLUS_NEGATED_C));
    }

    private static Explained explain(Variant variant) throws Exception {
        Path model = dir.resolve(variant.toString().replaceAll("[^A-Za-z0-9]+", "-"));
        FusedBatchNormModel.export(model, variant);
        try (CamSession session = CamSession.builder().setModel(model).optPixelMethod(PixelMethod.fullGrad()).build()) {
            FullGradients tensors = PixelAttribution.fullGradients(session.model());
            List<BiasLayer> layers = tensors.layers();
            float[] x = TorchReference.digits(DIGITS, session);
            PixelAttribution.FullGradTerms terms = new PixelAttribution(session.model(), PixelMethod.fullGrad(), 64)
                    .fullGradTerms(tensors, layers, x, DIGITS, 28, 28, 1, labels, null);
            List<float[]> maps = new ArrayList<>();
            List<float[]> logits = new ArrayList<>();
            for (ImageExplanation e : session.explainPixels(x, DIGITS, 28, 28, Target.perImage(labels))) {
                maps.add(e.first().map().values());
                logits.add(e.logits());
            }
            return new Explained(layers.stream().map(BiasLayer::op).toList(),
                    layers.stream().map(BiasLayer::kind).toList(), x, terms.inputGradient(), terms.contributions(),
                    maps, logits);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void theBiasesAreReadAsTheDefaultGraphs(Variant variant) throws Exception {
        Explained e = explain(variant);
        assertEquals(reference.ops(), e.ops(), variant + ": bias layers");
        assertEquals(reference.kinds(), e.kinds(), variant + ": their kinds");
        // The same function to the bit: IEEE negation is exact, and the older batch norms and Add run the same
        // kernels' arithmetic as V3 and AddV2 in inference. So the terms, not only their scaled maps, are the default's
        // exactly; a Sub's bias read with the wrong sign flips its layer's signed terms (the maps, which take |b g|,
        // would not see it).
        for (int l = 0; l < reference.terms().length; l++) {
            assertArrayEquals(reference.terms()[l], e.terms()[l], 0f, variant + ": the signed terms b g of layer "
                    + reference.ops().get(l));
        }
        assertArrayEquals(reference.inputGradient(), e.inputGradient(), 0f, variant + ": the input's gradient");
        for (int i = 0; i < DIGITS; i++) {
            assertArrayEquals(reference.maps().get(i), e.maps().get(i), 0f, variant + ": digit " + i + "'s map");
        }
        assertCompleteness(variant, e);
    }

    /**
     * The logit of each digit's label is {@code sum x g} plus every bias layer's {@code sum b g}: within 2e-6 of the
     * terms' absolute sum, float32 round-off as in {@link FullGradTest} (residuals seen there at most 2e-7 of it, and
     * here, the untrained model's terms cancelling more, up to 5.8e-7: twice {@link FullGradTest}'s 1e-6 leaves 3.5
     * times that). Each spatial layer's own sum is asserted beyond 100 such tolerances for some digit, so that one left
     * out would fail.
     */
    private static void assertCompleteness(Variant variant, Explained e) {
        int per = 28 * 28;
        double[] largest = new double[e.terms().length];
        for (int i = 0; i < DIGITS; i++) {
            double sum = 0;
            double abs = 0;
            for (int p = i * per; p < (i + 1) * per; p++) {
                double t = (double) e.input()[p] * e.inputGradient()[p];
                sum += t;
                abs += Math.abs(t);
            }
            double[] layerSums = new double[e.terms().length];
            for (int l = 0; l < e.terms().length; l++) {
                float[] v = e.terms()[l];
                int size = v.length / DIGITS;
                for (int q = i * size; q < (i + 1) * size; q++) {
                    layerSums[l] += v[q];
                }
                sum += layerSums[l];
                abs += Math.abs(layerSums[l]);
            }
            double tolerance = 2e-6 * abs;
            assertEquals(e.logits().get(i)[labels[i]], sum, tolerance, variant + ": digit " + i + ": logit against sum x g"
                    + " + sum b g");
            for (int l = 0; l < e.terms().length; l++) {
                largest[l] = Math.max(largest[l], Math.abs(layerSums[l]) / tolerance);
            }
        }
        for (int l = 0; l < e.terms().length; l++) {
            if (e.kinds().get(l) != BiasLayer.Kind.OTHER) {
                assertTrue(largest[l] > 100, variant + ": layer " + e.ops().get(l) + "'s sum is only "
                        + largest[l] + " tolerances: leaving it out would go unseen");
            }
        }
    }
}
