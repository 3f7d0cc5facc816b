#!/usr/bin/env python3
"""Writes small Keras 3 SavedModels whose heads end in ways make_test_models.py's do not, with what Keras itself
computes on them, for cam4j's Java tests (which need no Python).

  python make_head_models.py KERAS3_DIR [KIND...]     (cam4j keeps its output in src/test/resources/keras3/)

KIND (default: all):
  logsoftmax   GlobalAveragePooling2D, Dense(10) without activation, then Activation("log_softmax"): the model outputs
               log-probabilities. Writes KERAS3_DIR/logsoftmax-export (model.export) and logsoftmax-reference.json.
  densemap     Dense(10) applied to the last convolution's map (a Dense on a rank-4 tensor, which Keras writes as a
               Tensordot), then GlobalAveragePooling2D and a softmax Activation: the same as a 1x1 Conv2D head. Writes
               KERAS3_DIR/densemap-export and densemap-reference.json (its CAM: last_conv . the Dense's kernel[:, class],
               without the bias).

Each model is trained for 1875 steps (10 epochs of 12 000 MNIST training digits, batch 64, Adam 0.003, seed 7), so its
maps show the digit; the reference holds, for the first 16 MNIST test digits (pixels 0..255), the class Keras predicts,
its probability (for logsoftmax, exp of the model's output), and the CAM at the features' resolution (features . kernel[:, class],
row-major), as make_test_models.py's reference.json does. An existing export is refused: give a folder without it.
MNIST is read from $CAM4J_DATA, default ../../shared/data/mnist beside this script.

Run with TensorFlow 2.21.0 and Keras 3.15.1:
  /tmp/tfvenv/bin/python python-export/make_head_models.py src/test/resources/keras3 logsoftmax
"""
import json
import os
import sys

import numpy as np
import tensorflow as tf

import mnist_idx

L = tf.keras.layers
HERE = os.path.dirname(os.path.abspath(__file__))


def logsoftmax_model():
    """Outputs log-probabilities: Dense logits, then a log_softmax Activation (trained by the negative log
    likelihood of the log-probabilities, what PyTorch's log_softmax + NLLLoss does)."""
    pixels = L.Input(shape=(28, 28, 1), name="pixels")
    x = L.Rescaling(1 / 255.0, name="rescale")(pixels)
    x = L.Conv2D(8, 3, padding="same", activation="relu", name="conv_a")(x)
    x = L.MaxPooling2D(2, name="pool_a")(x)
    x = L.Conv2D(32, 3, padding="same", activation="relu", name="last_conv")(x)
    x = L.Dense(10, name="logits")(L.GlobalAveragePooling2D(name="gap")(x))
    return tf.keras.Model(pixels, L.Activation("log_softmax", name="log_probs")(x), name="keras3_logsoftmax")


def densemap_model():
    """A Dense on the map before the pooling (per-cell class scores, then their spatial mean)."""
    pixels = L.Input(shape=(28, 28, 1), name="pixels")
    x = L.Rescaling(1 / 255.0, name="rescale")(pixels)
    x = L.Conv2D(8, 3, padding="same", activation="relu", name="conv_a")(x)
    x = L.MaxPooling2D(2, name="pool_a")(x)
    x = L.Conv2D(32, 3, padding="same", activation="relu", name="last_conv")(x)
    x = L.GlobalAveragePooling2D(name="gap")(L.Dense(10, name="cell_scores")(x))
    return tf.keras.Model(pixels, L.Activation("softmax", name="softmax")(x), name="keras3_densemap")


def nll_of_log_probabilities(y, log_p):
    """The mean negative log likelihood of the true classes, from log-probabilities."""
    return -tf.reduce_mean(tf.gather(log_p, tf.cast(tf.reshape(y, [-1]), tf.int32), batch_dims=1))


def reference(m, digits, features_layer, dense_layer, probabilities_of):
    """Keras' class, probability and CAM (features . kernel[:, class]) of each digit, for its predicted class."""
    features = tf.keras.Model(m.inputs, m.get_layer(features_layer).output)(digits, training=False).numpy()
    kernel = m.get_layer(dense_layer).get_weights()[0]
    probabilities = probabilities_of(m.predict(digits, verbose=0))
    predicted = probabilities.argmax(axis=1)
    cams = np.einsum("nhwk,kn->nhw", features, kernel[:, predicted])
    return {
        "tensorflow": tf.__version__,
        "keras": __import__("keras").__version__,
        "digits": "the first 16 MNIST test digits, pixels 0..255",
        "predicted": predicted.tolist(),
        "probability": [float(probabilities[i, c]) for i, c in enumerate(predicted)],
        "cam": [c.ravel().tolist() for c in cams],
        "camShape": list(cams.shape[1:]),
    }


def main():
    out = sys.argv[1]
    kinds = sys.argv[2:] or ["logsoftmax", "densemap"]
    data = os.environ.get("CAM4J_DATA", os.path.join(HERE, "..", "..", "shared", "data", "mnist"))
    x = mnist_idx.read(os.path.join(data, "train-images-idx3-ubyte.gz"))[:12000].astype("float32")[..., None]
    y = mnist_idx.read(os.path.join(data, "train-labels-idx1-ubyte.gz"))[:12000]
    test = mnist_idx.read(os.path.join(data, "t10k-images-idx3-ubyte.gz")).astype("float32")[..., None]
    test_labels = mnist_idx.read(os.path.join(data, "t10k-labels-idx1-ubyte.gz"))
    kinds_known = {
        # kind: (model, loss, dense layer, probabilities from the model's output)
        "logsoftmax": (logsoftmax_model, nll_of_log_probabilities, "logits", np.exp),
        "densemap": (densemap_model, "sparse_categorical_crossentropy", "cell_scores", lambda p: p),
    }
    for kind in kinds:
        if kind not in kinds_known:
            sys.exit("unknown kind %r; kinds: %s" % (kind, ", ".join(kinds_known)))
        build, loss, dense_layer, probabilities_of = kinds_known[kind]
        export = os.path.join(out, kind + "-export")
        if os.path.exists(export):
            sys.exit("%s exists; remove it first" % export)
        tf.keras.utils.set_random_seed(7)
        m = build()
        m.compile(optimizer=tf.keras.optimizers.Adam(0.003), loss=loss)
        m.fit(x, y, batch_size=64, epochs=10, verbose=2)
        accuracy = float((m.predict(test, verbose=0).argmax(axis=1) == test_labels).mean())
        m.export(export)
        # fingerprint.pb is TensorFlow's checksum record, which loaders do not need (as make_test_models.py).
        fingerprint = os.path.join(export, "fingerprint.pb")
        if os.path.exists(fingerprint):
            os.remove(fingerprint)
        with open(os.path.join(out, kind + "-reference.json"), "w") as f:
            json.dump(dict(reference(m, test[:16], "last_conv", dense_layer, probabilities_of), testAccuracy=accuracy),
                      f)
        print("wrote", export, "test accuracy %.4f" % accuracy)


if __name__ == "__main__":
    main()
