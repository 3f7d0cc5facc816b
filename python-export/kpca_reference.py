#!/usr/bin/env python3
"""pytorch-grad-cam's KPCA_CAM projection (utils/svd_on_activations.py, get_2d_projection_kernel) by scikit-learn's
own KernelPCA, for make_test_models.py --feature-methods, which runs it with a Python that has scikit-learn (the
TensorFlow one need not):

  python3 kpca_reference.py IN.npz OUT.npz

IN.npz holds arrays "<layer>" of features [N, H, W, C] (float32, as pytorch-grad-cam's activations are) and a string
array "kernels" of "name" or "name:gamma". OUT.npz gets, per layer and kernel, "<layer>|<kernel>|float32" with
KernelPCA(n_components=1, kernel, gamma).fit_transform of each picture's centred (cells x channels) float32 matrix,
pytorch-grad-cam's exact recipe (scikit-learn's own sign, svd_flip), and "<layer>|<kernel>|float64", the same on the
matrix in float64 (what cam4j computes in).
"""
import sys

import numpy as np
import sklearn
from sklearn.decomposition import KernelPCA


def projection(activations_nhwc, kernel, gamma, dtype):
    out = []
    for a in activations_nhwc:
        matrix = a.reshape(-1, a.shape[-1]).astype(dtype)
        matrix[np.isnan(matrix)] = 0
        matrix = matrix - matrix.mean(axis=0)
        out.append(KernelPCA(n_components=1, kernel=kernel, gamma=gamma).fit_transform(matrix)[:, 0])
    return np.asarray(out, np.float64)


def main():
    given = np.load(sys.argv[1])
    result = {"sklearn_version": np.array(sklearn.__version__)}
    for key in given.files:
        if key == "kernels":
            continue
        for spec in given["kernels"]:
            name, _, gamma = str(spec).partition(":")
            for dtype in ("float32", "float64"):
                result["%s|%s|%s" % (key, spec, dtype)] = projection(given[key], name, float(gamma) if gamma else None,
                                                                     dtype)
    np.savez(sys.argv[2], **result)


if __name__ == "__main__":
    main()
