package io.github.cam4j.cam;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.PCACompute;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * OpenCV's full PCA of a picture's features, which Eigen-CAM used up to the thirtieth round: the reference its Gram
 * matrix's Lanczos iteration ({@link EigenCam#byGram}) is held to.
 */
final class OpenCvPca {
    private OpenCvPca() {}

    /**
     * The first component by OpenCV's full PCA, on the features centred and scaled so that the largest deviation from
     * a channel's mean is 1, in double precision. OpenCV's eigen solver stops at an absolute threshold, so the features'
     * own scale decided how precisely it worked: features of about 1e-3 (a random-weight VGG16's block5_pool) whose
     * first two singular values lie close gave a component 0.2 off in 1 - |cos| in float, and 1e-8 ones in double; the
     * component does not depend on the scale.
     *
     * @return the unit vector; zeros when the cells do not vary
     */
    static float[] firstComponent(float[] features, int cells, int channels) {
        float[] component = new float[channels];
        double[] mean = EigenCam.channelMeans(features, cells, channels);
        double[] centred = new double[cells * channels];
        double largest = 0;
        for (int p = 0; p < cells; p++) {
            for (int k = 0; k < channels; k++) {
                double d = features[p * channels + k] - mean[k];
                centred[p * channels + k] = d;
                largest = Math.max(largest, Math.abs(d));
            }
        }
        if (!(largest > 0) || !Double.isFinite(largest)) {
            return component;
        }
        for (int i = 0; i < centred.length; i++) {
            centred[i] /= largest;
        }
        try (Mat samples = new Mat(cells, channels, CV_64F);
                DoublePointer data = new DoublePointer(samples.data());
                Mat pcaMean = new Mat();
                Mat vectors = new Mat()) {
            data.put(centred, 0, cells * channels);
            PCACompute(samples, pcaMean, vectors, 1);
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
