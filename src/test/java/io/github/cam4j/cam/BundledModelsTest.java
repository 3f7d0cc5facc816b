package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.savedmodel.CamContract;
import io.github.cam4j.savedmodel.ModelMetadata;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed models on real MNIST test digits: the accuracy their metadata claims, the global-average-pooling
 * identity that makes CAM exact, and maps whose hottest point lies on the digit's ink — for the bundled models and
 * for the Keras-exported conv-head model opened by import.
 */
class BundledModelsTest {
    static final Path POOLED = SharedData.bundledModels().resolve("mnist-pooled");
    static final Path UNPOOLED = SharedData.bundledModels().resolve("mnist-unpooled");
    static final Path KERAS = SharedData.kerasSavedModels().resolve("mnist-conv-head-gap");
    /** Digits for the on-ink rate: enough that one digit moves the rate by 0.2 %. */
    static final int DIGITS = 500;
    static final double UNPOOLED_ON_INK_FLOOR = 0.92;

    static LabeledImages test;

    @BeforeAll
    static void readTestSet() throws Exception {
        test = Dataset.open(SharedData.mnist()).test();
    }

    static float[] pixels(int from, int count, float scale) {
        float[] out = new float[count * 784];
        for (int i = 0; i < count * 784; i++) {
            out[i] = (test.pixels()[from * 784 + i] & 0xFF) * scale;
        }
        return out;
    }

    @Test
    void metadataAccuracyIsWhatTheModelScoresOnTheFullTestSet() throws Exception {
        for (Path dir : List.of(POOLED, UNPOOLED)) {
            ModelMetadata meta = ModelMetadata.read(dir.resolve("assets").resolve(CamContract.METADATA_ASSET));
            long correct = 0;
            try (CamSession cam = CamSession.builder().setModel(dir).build()) {
                for (int from = 0; from < test.count(); from += 500) {
                    List<ImageExplanation> out = cam.explainPixels(pixels(from, 500, 1f / 255f), 500, 28, 28, Target.predicted());
                    for (int i = 0; i < 500; i++) {
                        correct += out.get(i).predicted() == test.label(from + i) ? 1 : 0;
                    }
                }
            }
            // The same graph on the same images: the count must match exactly.
            assertEquals(meta.testAccuracy(), (double) correct / test.count(), 1e-9, dir.toString());
        }
    }

    @Test
    void globalAveragePoolingIdentityHoldsOnBothModels() throws Exception {
        for (Path dir : List.of(POOLED, UNPOOLED)) {
            try (CamSession cam = CamSession.builder().setModel(dir).build()) {
                List<ImageExplanation> out = cam.explainPixels(pixels(0, 100, 1f / 255f), 100, 28, 28, Target.topK(10));
                double worst = 0;
                for (ImageExplanation e : out) {
                    for (CamResult r : e.maps()) {
                        double logit = CamMath.mean(r.rawMap().values()) + cam.model().weights().bias(r.classIndex());
                        worst = Math.max(worst, Math.abs(logit - r.logit()) / Math.max(1, Math.abs(r.logit())));
                    }
                }
                // TensorFlow's mean and matmul and Java's loop sum the same float32 terms in different orders:
                // 1e-4 relative covers that rounding; a wrong kernel column or a missing bias is off by whole units.
                assertTrue(worst < 1e-4, dir + ": worst relative error " + worst);
            }
        }
    }

    /**
     * Where the hottest point falls, over the first {@value #DIGITS} test digits.
     *
     * @param onInk the share whose peak lies within {@value #REACH} pixels of ink (a pixel above half intensity).
     *     Why not 0: a 7x7 map has a cell every 4 pixels, so its peak can only fall on 49 points, and a 2-pixel
     *     stroke may pass between two of them; a 'same' 3x3 convolution's response to a stroke's end spreads one
     *     pixel past it per layer, so the unpooled model peaks just beyond stroke ends. Two pixels is an MNIST
     *     stroke's width: a peak that far from all ink is off the digit.
     * @param onInkStrict the same within one pixel, reported beside it
     * @param inBox the share whose peak lies inside the digit's ink bounding box grown by {@value #REACH} pixels
     */
    record PeakRates(double onInk, double onInkStrict, double inBox) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "on ink %.3f (within 1 px: %.3f), in ink box %.3f", onInk,
                    onInkStrict, inBox);
        }
    }

    /** Pixels between the peak and the nearest ink that still count as on the ink (see {@link PeakRates}). */
    static final int REACH = 2;

    static PeakRates peakRates(CamSession cam, float scale) throws Exception {
        List<ImageExplanation> out = cam.explainPixels(pixels(0, DIGITS, scale), DIGITS, 28, 28, Target.predicted());
        int onInk = 0;
        int onInkStrict = 0;
        int inBox = 0;
        for (int i = 0; i < DIGITS; i++) {
            CamResult r = out.get(i).first();
            int[] peak = r.peak();
            int reach = REACH;
            boolean ink = false;
            boolean strict = false;
            int top = 28;
            int bottom = -1;
            int left = 28;
            int right = -1;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    if (test.pixel(i, y, x) > 127) {
                        ink |= Math.abs(y - peak[0]) <= reach && Math.abs(x - peak[1]) <= reach;
                        strict |= Math.abs(y - peak[0]) <= 1 && Math.abs(x - peak[1]) <= 1;
                        top = Math.min(top, y);
                        bottom = Math.max(bottom, y);
                        left = Math.min(left, x);
                        right = Math.max(right, x);
                    }
                }
            }
            onInk += ink ? 1 : 0;
            onInkStrict += strict ? 1 : 0;
            inBox += peak[0] >= top - reach && peak[0] <= bottom + reach && peak[1] >= left - reach
                    && peak[1] <= right + reach ? 1 : 0;
        }
        return new PeakRates((double) onInk / DIGITS, (double) onInkStrict / DIGITS, (double) inBox / DIGITS);
    }

    @Test
    void hottestPointLiesOnTheInk() throws Exception {
        PeakRates pooled;
        PeakRates unpooled;
        PeakRates keras;
        try (CamSession cam = CamSession.builder().setModel(POOLED).build()) {
            pooled = peakRates(cam, 1f / 255f);
        }
        try (CamSession cam = CamSession.builder().setModel(UNPOOLED).build()) {
            unpooled = peakRates(cam, 1f / 255f);
        }
        // The Keras model has its Rescaling layer inside: it takes raw 0..255 pixels, which the session finds itself.
        try (CamSession cam = CamSession.builder().setModel(KERAS).build()) {
            keras = peakRates(cam, 1f);
        }
        String rates = "pooled: " + pooled + "; unpooled: " + unpooled + "; keras conv-head: " + keras;
        System.out.println(rates);
        // Floors a few points under the rates measured when the models were committed (README, "What the maps show"),
        // so that a regression in the maps or their placement fails while the 500-digit sample's noise does not (one
        // binomial standard deviation at 0.95 is 1 point). Measured on the models trained on shifted digits: pooled
        // 0.988 on ink, 0.998 in the box; unpooled, trained dropping cells (eighteenth round), 0.982, 0.894 within
        // 1 px, 1.000 (before cell dropout 1.000, 0.986, 1.000: its map gathered on stroke ends, where the spread map's
        // peak now sometimes falls between two strokes of the digit); with the spread penalty (twentieth round) 0.976,
        // 0.882, 0.996; with the penalty and cell dropout 0.5 (bundled since the twenty-second round) 0.944, 0.836,
        // 0.988 (of its 28 peaks off the ink, 3 in a closed loop, 12 between strokes, 13 outside the ink box, 8 on
        // 1s). The models trained without shifts gave 0.894 / 0.932 and 0.932 / 0.906 / 0.944: the pooled one
        // fails these floors, the unpooled one the box's.
        assertTrue(pooled.onInk() >= 0.94 && pooled.inBox() >= 0.97, rates);
        assertTrue(unpooled.onInk() >= UNPOOLED_ON_INK_FLOOR && unpooled.onInkStrict() >= 0.80 && unpooled.inBox() >= 0.97,
                rates);
        // An imported Keras model is explained as well as the model allows: measured 0.946 on ink, 0.834 within 1 px,
        // 1.000 in the box. (Issue #4 asked for "at least as often as the bundled models", which held against the
        // models trained without shifts, 0.894 and 0.932; the shifted ones now localise better than this Keras model.)
        assertTrue(keras.onInk() >= 0.92 && keras.onInkStrict() >= 0.80 && keras.inBox() >= 0.97, rates);
    }
}
