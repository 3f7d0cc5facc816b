"""scikit-learn's NMF and pytorch-grad-cam's Deep Feature Factorization on fixed matrices: cam4j's NmfTest and
FeatureFactorizationTest check against src/test/resources/dff-reference.json.

Two steps, two interpreters (TensorFlow lives in one, scikit-learn in the other; neither is needed at test time):

  CAM4J_DATA=/work/shared/data/mnist /tmp/tfvenv/bin/python make_dff_reference.py features /tmp/dff-features.npy
  /usr/bin/python3 make_dff_reference.py reference /tmp/dff-features.npy ../src/test/resources/dff-reference.json

The first runs the bundled pooled model (saved_models/mnist-pooled, its 'cam' signature) on the first four MNIST test
digits and keeps its features; the second (Debian's python3-sklearn) factorises
  - "random": a 20 x 60 matrix of |N(0,1)| (numpy RandomState(7)), 3 components;
  - "product": the exact product of 12 x 3 and 3 x 40 non-negative factors (RandomState(11)), 3 components;
  - "features": the features, as pytorch-grad-cam's dff() does (channels x (pictures * cells), shifted to be
    non-negative per channel), 5 components,
with NMF(n_components=k, init='random', random_state=0) and its defaults, pytorch-grad-cam's call. Matrices and factors
are float32, written as the exact decimal of each float32 value.
"""
import base64
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def features(out):
    import tensorflow as tf
    import mnist_idx
    data = os.environ["CAM4J_DATA"]
    digits = mnist_idx.read(os.path.join(data, "t10k-images-idx3-ubyte.gz"))[:4].astype(np.float32)
    model = tf.saved_model.load(os.path.join(HERE, "..", "saved_models", "mnist-pooled"))
    scale = np.float32(0.003921569)  # the model's pixelScale (assets/cam4j.json)
    result = model.signatures["cam"](images=tf.constant(digits[..., None] * scale))
    weights = model.signatures["cam_weights"]()
    np.savez(out if out.endswith(".npz") else out + ".npz", features=result["features"].numpy(),
             kernel=weights["kernel"].numpy(), bias=weights["bias"].numpy())


def floats(a):
    return [float(v) for v in np.asarray(a, np.float32).ravel()]


def factorised(x, k):
    from sklearn.decomposition import NMF
    model = NMF(n_components=k, init="random", random_state=0)
    w = model.fit_transform(x)
    return {"rows": x.shape[0], "columns": x.shape[1], "k": k, "x": floats(x), "w": floats(w),
            "h": floats(model.components_), "iterations": int(model.n_iter_),
            "error": float(model.reconstruction_err_)}


def dff(activations, n_components):
    """pytorch-grad-cam's deep_feature_factorization.dff (commit 084273b), without torch."""
    from sklearn.decomposition import NMF
    batch_size, channels, h, w = activations.shape
    reshaped = activations.transpose((1, 0, 2, 3))
    reshaped[np.isnan(reshaped)] = 0
    reshaped = reshaped.reshape(reshaped.shape[0], -1)
    offset = reshaped.min(axis=-1)
    reshaped = reshaped - offset[:, None]
    model = NMF(n_components=n_components, init="random", random_state=0)
    W = model.fit_transform(reshaped)
    H = model.components_
    concepts = W + offset[:, None]
    explanations = H.reshape(n_components, batch_size, h, w).transpose((1, 0, 2, 3))
    return reshaped, model, concepts, explanations


def scale_cam_image(cam):
    """pytorch-grad-cam's utils.image.scale_cam_image, without the resize."""
    out = []
    for img in cam:
        img = img - np.min(img)
        img = img / (1e-7 + np.max(img))
        out.append(img)
    return np.float32(out)


def reference(features_file, out):
    import sklearn
    rng = np.random.RandomState(7)
    random = np.abs(rng.standard_normal((20, 60))).astype(np.float32)
    rng = np.random.RandomState(11)
    product = (np.abs(rng.standard_normal((12, 3))) @ np.abs(rng.standard_normal((3, 40)))).astype(np.float32)
    saved = np.load(features_file if features_file.endswith(".npz") else features_file + ".npz")
    nhwc = saved["features"].astype(np.float32)
    reshaped, model, concepts, explanations = dff(nhwc.transpose((0, 3, 1, 2)).copy(), 5)
    logits = concepts.T.astype(np.float32) @ saved["kernel"] + saved["bias"]
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    scores = e / e.sum(axis=1, keepdims=True)
    document = {
        "made_by": "python-export/make_dff_reference.py with scikit-learn " + sklearn.__version__ + ", numpy "
                   + np.__version__,
        "random": factorised(random, 3),
        "product": factorised(product, 3),
        "features": {
            "digits": "the first 4 MNIST test digits through saved_models/mnist-pooled",
            "shape": list(nhwc.shape),
            "nhwc_base64_float32_le": base64.b64encode(nhwc.astype("<f4").tobytes()).decode("ascii"),
            "k": 5,
            "iterations": int(model.n_iter_),
            "error": float(model.reconstruction_err_),
            "concepts": floats(concepts.T),
            "explanations": floats(explanations),
            "scaled": floats(np.stack([scale_cam_image(e) for e in explanations])),
            "scores": floats(scores),
        },
    }
    with open(out, "w") as f:
        json.dump(document, f)
    for name in ("random", "product"):
        print(name, document[name]["iterations"], document[name]["error"])
    print("features", model.n_iter_, model.reconstruction_err_, "scores argmax", scores.argmax(axis=1))


if __name__ == "__main__":
    sys.path.insert(0, HERE)
    if sys.argv[1] == "features":
        features(sys.argv[2])
    else:
        reference(sys.argv[2], sys.argv[3])
