package io.github.cam4j.cam;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.mulTransposed;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Eigen-CAM (Muhammad and Yeasin 2020, "Eigen-CAM: Class Activation Map using Principal Components"), as
 * pytorch-grad-cam computes it, with the sign fixed: a picture's features, one row per cell, centred per channel and
 * projected on their first principal component (Lanczos iteration on their Gram matrix); then ReLU. No
 * class, kernel, gradient or extra model run enters: the map shows where the layer's dominant pattern of activation
 * lies, the same for every class, and costs one principal component per picture.
 *
 * <p>The sign. A principal component is defined up to its sign, and pytorch-grad-cam keeps whichever its SVD returns,
 * so after the ReLU a map can show the background instead of the object, or nothing. Here the projection is turned to
 * correlate positively with each cell's total activation (the sum over channels): the component is read as "more of
 * what this layer responds to", which for ReLU features is where they fire.
 */
final class EigenCam {
    private EigenCam() {}

    /**
     * @param features one picture's features, {@code cells * channels} values, row-major (cell by cell)
     * @param cells the feature grid's cells
     * @param channels values per cell
     * @return the map at feature resolution, {@code cells} values, all at least 0; all 0 when the features do not vary
     *     over the cells (a blank picture, a single cell)
     */
    static float[] map(float[] features, int cells, int channels) {
        double[] projection = projection(features, cells, channels);
        double[] total = cellTotals(features, cells, channels);
        return signedRelu(projection, centredAgreement(projection, total));
    }

    /**
     * @param features one picture's rows, {@code cells * channels} values, row-major (cell by cell)
     * @return each cell's projection on the rows' first principal component, centred per channel; its sign is the
     *     component's, arbitrary
     */
    static double[] projection(float[] features, int cells, int channels) {
        float[] component = firstComponent(features, cells, channels);
        double[] mean = channelMeans(features, cells, channels);
        double[] projection = new double[cells];
        for (int p = 0; p < cells; p++) {
            double v = 0;
            for (int k = 0; k < channels; k++) {
                v += (features[p * channels + k] - mean[k]) * component[k];
            }
            projection[p] = v;
        }
        return projection;
    }

    /** @return each cell's sum over its channels */
    static double[] cellTotals(float[] features, int cells, int channels) {
        double[] total = new double[cells];
        for (int p = 0; p < cells; p++) {
            double t = 0;
            for (int k = 0; k < channels; k++) {
                t += features[p * channels + k];
            }
            total[p] = t;
        }
        return total;
    }

    /** @return the covariance, up to a positive factor, of the projection with {@code reference} over the cells */
    static double centredAgreement(double[] projection, double[] reference) {
        double mean = 0;
        for (double r : reference) {
            mean += r / reference.length;
        }
        double agreement = 0;
        for (int p = 0; p < projection.length; p++) {
            agreement += projection[p] * (reference[p] - mean);
        }
        return agreement;
    }

    /** @return {@code ReLU(projection)}, turned over first when {@code agreement} is negative */
    static float[] signedRelu(double[] projection, double agreement) {
        double sign = agreement < 0 ? -1 : 1;
        float[] map = new float[projection.length];
        for (int p = 0; p < projection.length; p++) {
            map[p] = (float) Math.max(0, sign * projection[p]);
        }
        return map;
    }

    /**
     * @return the unit vector of the channels along which the cells' features vary most (their principal component,
     *     cells as samples, {@link #byGram}); zeros when they do not vary
     */
    private static float[] firstComponent(float[] features, int cells, int channels) {
        float[] component = new float[channels];
        if (cells < 2) {
            return component;
        }
        return byGram(features, cells, channels);
    }

    /**
     * The first principal component without a full decomposition: the Gram matrix of the centred features on their
     * smaller side (channels x channels, or cells x cells when there are fewer cells, whose top eigenvector carried
     * back through the features is the same component, as OpenCV's PCA does), then its top eigenvector by Lanczos
     * iteration ({@link KpcaCam#topEigenpair}), a few dozen products with a small matrix. OpenCV's full PCA
     * (kept in the tests as the reference this is held to) decomposes the covariance by Jacobi, cubic in its
     * side: 0.2 ms for the pooled model's 25 cells of 128 channels, 2 to 3.5 ms for 49, 30 s for 1 024 cells of 2 048
     * channels; the power iteration this replaced slowed where the first two eigenvalues lie close. Where they nearly
     * coincide the component is not defined by the features either.
     *
     * @return the unit vector of the channels along which the cells vary most; zeros when they do not vary
     */
    static float[] byGram(float[] features, int cells, int channels) {
        double[] mean = channelMeans(features, cells, channels);
        float[] centred = new float[cells * channels];
        for (int p = 0; p < cells; p++) {
            for (int k = 0; k < channels; k++) {
                centred[p * channels + k] = (float) (features[p * channels + k] - mean[k]);
            }
        }
        boolean overChannels = channels <= cells;
        int n = overChannels ? channels : cells;
        double[] gram = new double[n * n];
        try (Mat samples = new Mat(cells, channels, CV_32F);
                FloatPointer data = new FloatPointer(samples.data());
                Mat product = new Mat();
                Mat none = new Mat()) {
            data.put(centred, 0, centred.length);
            // OpenCV's SIMD product: X^T X over the channels, or X X^T over the cells.
            mulTransposed(samples, product, overChannels, none, 1, CV_64F);
            try (DoublePointer values = new DoublePointer(product.data())) {
                values.get(gram, 0, n * n);
            }
        }
        float[] component = new float[channels];
        double[] v = new double[n];
        if (!(KpcaCam.topEigenpair(gram, n, v) > 0)) {
            return component; // The cells do not vary.
        }
        if (overChannels) {
            for (int k = 0; k < channels; k++) {
                component[k] = (float) v[k];
            }
            return component;
        }
        // A top eigenvector u of X X^T gives the component X^T u, normalised.
        double[] back = new double[channels];
        for (int p = 0; p < cells; p++) {
            for (int k = 0; k < channels; k++) {
                back[k] += centred[p * channels + k] * v[p];
            }
        }
        normalise(back);
        for (int k = 0; k < channels; k++) {
            component[k] = (float) back[k];
        }
        return component;
    }

    /** @return each channel's mean over the cells */
    static double[] channelMeans(float[] features, int cells, int channels) {
        double[] mean = new double[channels];
        for (int p = 0; p < cells; p++) {
            for (int k = 0; k < channels; k++) {
                mean[k] += features[p * channels + k];
            }
        }
        for (int k = 0; k < channels; k++) {
            mean[k] /= cells;
        }
        return mean;
    }

    private static void normalise(double[] v) {
        double norm = 0;
        for (double d : v) {
            norm += d * d;
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < v.length; i++) {
            v[i] /= norm;
        }
    }
}
