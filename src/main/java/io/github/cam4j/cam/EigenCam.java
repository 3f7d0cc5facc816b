package io.github.cam4j.cam;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.PCACompute;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Eigen-CAM (Muhammad and Yeasin 2020, "Eigen-CAM: Class Activation Map using Principal Components"), as
 * pytorch-grad-cam computes it, with the sign fixed: a picture's features, one row per cell, centred per channel and
 * projected on their first principal component (OpenCV's PCA); then ReLU. No class, kernel, gradient or extra model run
 * enters: the map shows where the layer's dominant pattern of activation lies, the same for every class, and costs one
 * principal component per picture.
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
        float[] component = firstComponent(features, cells, channels);
        double[] mean = new double[channels];
        for (int p = 0; p < cells; p++) {
            for (int k = 0; k < channels; k++) {
                mean[k] += features[p * channels + k];
            }
        }
        for (int k = 0; k < channels; k++) {
            mean[k] /= cells;
        }
        double[] projection = new double[cells];
        double[] total = new double[cells];
        double meanTotal = 0;
        for (int p = 0; p < cells; p++) {
            double v = 0;
            double t = 0;
            for (int k = 0; k < channels; k++) {
                double f = features[p * channels + k];
                v += (f - mean[k]) * component[k];
                t += f;
            }
            projection[p] = v;
            total[p] = t;
            meanTotal += t / cells;
        }
        double agreement = 0;
        for (int p = 0; p < cells; p++) {
            agreement += projection[p] * (total[p] - meanTotal);
        }
        double sign = agreement < 0 ? -1 : 1;
        float[] map = new float[cells];
        for (int p = 0; p < cells; p++) {
            map[p] = (float) Math.max(0, sign * projection[p]);
        }
        return map;
    }

    /**
     * @return the unit vector of the channels along which the cells' features vary most (OpenCV's {@code PCACompute},
     *     cells as samples); zeros when they do not vary
     */
    private static float[] firstComponent(float[] features, int cells, int channels) {
        float[] component = new float[channels];
        if (cells < 2) {
            return component;
        }
        try (Mat samples = new Mat(cells, channels, CV_32F);
                FloatPointer data = new FloatPointer(samples.data());
                Mat mean = new Mat();
                Mat vectors = new Mat()) {
            data.put(features, 0, cells * channels);
            PCACompute(samples, mean, vectors, 1);
            if (vectors.rows() < 1) {
                return component;
            }
            try (Mat first = vectors.row(0); Mat asFloats = new Mat()) {
                first.convertTo(asFloats, CV_32F);
                try (FloatPointer values = new FloatPointer(asFloats.data())) {
                    values.get(component, 0, channels);
                }
            }
        }
        return component;
    }
}
