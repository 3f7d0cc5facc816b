package io.github.cam4j.cam;

import io.github.cam4j.savedmodel.GradientWeighting;

/**
 * pytorch-grad-cam's {@code eigen_smooth} ({@link CamSession.Builder#optEigenSmooth}): a method's weighted activations,
 * one row per cell and one column per channel, are projected on their first principal component instead of being
 * summed over the channels. For the methods that weigh whole channels (CAM's kernel column, Grad-CAM's, Grad-CAM++'s
 * and XGrad-CAM's gradient weights, Score-CAM's softmax, Ablation-CAM's drops) the matrix is {@code w_k · A_k(y, x)};
 * for HiResCAM and LayerCAM, which weigh each cell by its own gradient, the element-wise products
 * {@code g_k(y, x) · A_k(y, x)} (LayerCAM's with {@code ReLU(g)}; Grad-CAM element-wise's each cut at 0,
 * {@code ReLU(g_k · A_k)}, the matrix pytorch-grad-cam's GradCAMElementWise projects). Only the pattern of the weighted
 * activations that varies most over the cells is kept; what varies apart from it, often speckle, drops out.
 *
 * <p>The projection is {@link EigenCam}'s own: centred per channel over the cells, the first component found by
 * Lanczos iteration on their Gram matrix, then ReLU, as pytorch-grad-cam's {@code get_2d_projection}
 * followed by the ReLU every method ends with. Where cam4j differs: the sign. A principal component has none of its
 * own, and pytorch-grad-cam keeps the one its SVD returns, so a smoothed map can come out turned over, showing after the
 * ReLU the cells that speak against the class. Here the projection is turned so that its positive part lies where
 * the positive part of each cell's sum over the columns lies, which for this matrix is the method's own map before
 * its ReLU: the smoothed map shows what the map it smooths shows. And a cell whose weighted activations are all 0
 * (a picture's blank ground, on a model without biases) stays 0, where centring gives it the value every such cell
 * shares ({@link #signed}).
 *
 * <p>What does not carry over: the sum of a row is what the class's logit is made of (CAM's map plus the bias averages
 * to the logit); the projection is centred, and its scale is the component's, not the logit's. Each class still gets
 * its own map, since its weights differ, but two classes whose weighted activations share a dominant pattern get
 * nearly the same one. A single cell, or weighted activations that do not vary over the cells, give a zero map.
 */
final class EigenSmooth {
    private EigenSmooth() {}

    /**
     * @param features one picture's features, {@code cells * channels} values row-major (cell by cell)
     * @param cells the feature grid's cells
     * @param channels values per cell
     * @param weights one weight per channel
     * @return the first principal component's map of {@code weights[k] * features[p, k]}, ReLU applied, signed so
     *     that its positive part lies on that of {@code sum_k weights[k] * features[p, k]}
     */
    static float[] channelWeighted(float[] features, int cells, int channels, float[] weights) {
        float[] weighted = new float[cells * channels];
        for (int p = 0; p < cells; p++) {
            int at = p * channels;
            for (int k = 0; k < channels; k++) {
                weighted[at + k] = features[at + k] * weights[k];
            }
        }
        return signed(weighted, cells, channels);
    }

    /**
     * {@link #channelWeighted(float[], int, int, float[])} for weights held in double (Score-CAM's and Ablation-CAM's);
     * each product is rounded to float, as the features are.
     *
     * @param features one picture's features, {@code cells * channels} values row-major
     * @param cells the feature grid's cells
     * @param channels values per cell
     * @param weights one weight per channel
     * @return the smoothed map, ReLU applied
     */
    static float[] channelWeighted(float[] features, int cells, int channels, double[] weights) {
        float[] weighted = new float[cells * channels];
        for (int p = 0; p < cells; p++) {
            int at = p * channels;
            for (int k = 0; k < channels; k++) {
                weighted[at + k] = (float) (features[at + k] * weights[k]);
            }
        }
        return signed(weighted, cells, channels);
    }

    /**
     * HiResCAM's, LayerCAM's and Grad-CAM element-wise's products, smoothed: {@link GradientBatch#cellProduct} per cell
     * and channel ({@code g_k(y, x) · A_k(y, x)}, with the gradient's positive part only for LayerCAM, each product cut
     * at 0 for Grad-CAM element-wise: the matrix pytorch-grad-cam's GradCAMElementWise hands {@code get_2d_projection},
     * cut before the projection, not after), projected as the channel-weighted methods' are.
     *
     * @param gradient the class logit's gradient at the features, {@code cells * channels} row-major
     * @param activations the features, laid out as the gradient
     * @param cells the feature grid's cells
     * @param channels values per cell
     * @param weighting HiResCAM, LayerCAM or Grad-CAM element-wise
     * @return the smoothed map, ReLU applied
     */
    static float[] cellWeighted(float[] gradient, float[] activations, int cells, int channels,
            GradientWeighting weighting) {
        boolean positiveGradient = weighting == GradientWeighting.LAYER_CAM;
        boolean positiveProduct = weighting == GradientWeighting.GRAD_CAM_ELEMENT_WISE;
        int n = cells * channels;
        float[] weighted = new float[n];
        for (int i = 0; i < n; i++) {
            weighted[i] = GradientBatch.cellProduct(positiveGradient, positiveProduct, gradient[i], activations[i]);
        }
        return signed(weighted, cells, channels);
    }

    /**
     * The weighted activations' projection, 0 at cells without any, ReLU applied, with the sign whose positive part
     * lies where the unsmoothed map's does: the one that correlates, uncentred, with the positive part of each cell's
     * sum over the channels. The projection is centred, so cells without activation (a picture's blank ground, all of
     * whose rows are 0) get the same non-zero value, and a rule that followed the unsmoothed map's trend over all the
     * cells (Eigen-CAM's) turned the map over whenever the class's evidence on the object was mixed: the ground came
     * out hottest (an audit's 16 of 40 off-centre digits, Grad-CAM at the pooled model's second convolution; 6 with
     * this sign alone, 1 with those cells kept at 0). When the unsmoothed map has no positive cell, its trend decides,
     * as Eigen-CAM's does.
     */
    private static float[] signed(float[] weighted, int cells, int channels) {
        double[] projection = EigenCam.projection(weighted, cells, channels);
        double[] total = EigenCam.cellTotals(weighted, cells, channels);
        // A cell whose weighted activations are all 0 holds no evidence for the class; centred, it would share one
        // value with every such cell, and a picture's blank ground could come out hottest whichever sign is chosen
        // (a mirrored variant under --aug-smooth, explained for a class it barely shows, lit it on 7 of 40 digits).
        for (int p = 0; p < cells; p++) {
            if (blank(weighted, p, channels)) {
                projection[p] = 0;
            }
        }
        double agreement = 0;
        for (int p = 0; p < cells; p++) {
            agreement += projection[p] * Math.max(0, total[p]);
        }
        if (agreement == 0) {
            agreement = EigenCam.centredAgreement(projection, total);
        }
        return EigenCam.signedRelu(projection, agreement);
    }

    /** @return whether every weighted activation of cell {@code p} is 0 */
    private static boolean blank(float[] weighted, int p, int channels) {
        for (int k = 0; k < channels; k++) {
            if (weighted[p * channels + k] != 0f) {
                return false;
            }
        }
        return true;
    }
}
