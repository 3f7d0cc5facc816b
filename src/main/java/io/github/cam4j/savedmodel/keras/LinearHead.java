package io.github.cam4j.savedmodel.keras;

import java.util.Arrays;

/**
 * The affine map from a tensor x of the classifier to the logits, {@code logits = x · kernel + bias}, built while
 * {@link HeadWalker} walks back from the logits: each constant scale, shift or Dense it steps over is folded in.
 * The kernel is {@code null} while it is the identity.
 */
final class LinearHead {
    /** The number of classes: the logits' width. */
    final int classes;
    /** [width][classes], or {@code null} for the identity. */
    double[][] a;
    /** [classes]. */
    double[] bias;

    LinearHead(int classes) {
        this.classes = classes;
        this.bias = new double[classes];
    }

    /** @return the number of channels of x */
    int width() {
        return a == null ? classes : a.length;
    }

    /** @return an independent copy */
    LinearHead copy() {
        LinearHead c = new LinearHead(classes);
        c.a = a == null ? null : Arrays.stream(a).map(double[]::clone).toArray(double[][]::new);
        c.bias = bias.clone();
        return c;
    }

    /** @return the kernel, the identity matrix when nothing has been folded yet */
    double[][] kernel() {
        return a == null ? CamLocator.identity(classes) : a;
    }

    /** x + sign * v, v a scalar or one value per channel of x. */
    void add(double[] v, int sign) {
        for (int k = 0; k < width(); k++) {
            double vk = sign * (v.length == 1 ? v[0] : v[k]);
            for (int j = 0; j < classes; j++) {
                bias[j] += vk * (a == null ? (k == j ? 1 : 0) : a[k][j]);
            }
        }
    }

    /** x * v, v a scalar or one value per channel of x. */
    void scale(double[] v) {
        double[][] k = kernel();
        double[][] out = new double[k.length][classes];
        for (int i = 0; i < k.length; i++) {
            double vi = v.length == 1 ? v[0] : v[i];
            for (int j = 0; j < classes; j++) {
                out[i][j] = k[i][j] * vi;
            }
        }
        a = out;
    }

    /** -x. */
    void negate() {
        scale(new double[] {-1});
    }

    /** x · w, w [K][width]. */
    void matmul(double[][] w) {
        double[][] k = kernel();
        double[][] out = new double[w.length][classes];
        for (int i = 0; i < w.length; i++) {
            for (int m = 0; m < k.length; m++) {
                double wim = w[i][m];
                if (wim != 0) {
                    for (int j = 0; j < classes; j++) {
                        out[i][j] += wim * k[m][j];
                    }
                }
            }
        }
        a = out;
    }
}
