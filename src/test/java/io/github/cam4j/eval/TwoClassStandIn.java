package io.github.cam4j.eval;

/**
 * A stand-in model of two classes for the faithfulness tests: class 0's probability is a function of one image of the
 * batch as the model takes it (all its values, channels included), class 1 has the rest. Its log-probabilities are
 * computed in double, as {@link Classifier} promises.
 */
final class TwoClassStandIn {
    private TwoClassStandIn() {}

    /** What the stand-in says of one image of a batch: class 0's probability, in [0, 1]. */
    interface ClassZero {
        /**
         * @param image the image's place in the batch
         * @param values its values as the model takes them
         * @return class 0's probability
         */
        double probability(int image, float[] values);
    }

    /**
     * @param classZero class 0's probability of an image
     * @return the stand-in
     */
    static Classifier of(ClassZero classZero) {
        return new Classifier() {
            @Override
            public int classes() {
                return 2;
            }

            @Override
            public double[] logProbabilities(float[] nhwc, int count, int height, int width) {
                int values = nhwc.length / count;
                double[] logP = new double[count * 2];
                for (int i = 0; i < count; i++) {
                    double p = classZero.probability(i, java.util.Arrays.copyOfRange(nhwc, i * values, (i + 1) * values));
                    logP[2 * i] = Math.log(p);
                    logP[2 * i + 1] = Math.log1p(-p);
                }
                return logP;
            }
        };
    }

    /**
     * @param values an image's values
     * @return their mean
     */
    static double mean(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
