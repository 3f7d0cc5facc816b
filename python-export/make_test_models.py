#!/usr/bin/env python3
"""Writes the Keras 3 SavedModels cam4j's Java tests import, and what Keras itself computes on them.

  python make_test_models.py OUT_DIR      (cam4j keeps its output in src/test/resources/keras3/)

A small Keras classifier is trained on 12 000 MNIST training digits (read from cam4j's shared data folder, or
$CAM4J_DATA: the four IDX .gz files) and saved three ways:
  cam-export/   through export_cam.py (route 2 of cam4j's README: the CAM contract)
  keras-export/ by Keras 3's own model.export(DIR) (route 1: cam4j imports it as it is)
  tf-save/      by tf.saved_model.save(model, DIR), which under Keras 3 writes a folder whose signatures read variables
                its restore op never fills; C++ loaders (TensorFlow Java, TensorFlow Serving) cannot run it
reference.json holds, for the first 16 test digits, the class Keras predicts, its probability, and the CAM at the
features' resolution (features . kernel[:, class]), so that the Java tests compare cam4j's numbers with Keras' own.

The model takes pixels 0..255 (a Rescaling layer inside) and has a head export_cam.py must handle with care: biases,
Dropout between the pooling and the Dense, a linear Dense followed by a Softmax layer.
"""
import json
import os
import subprocess
import sys

import numpy as np
import tensorflow as tf

import mnist_idx

L = tf.keras.layers
HERE = os.path.dirname(os.path.abspath(__file__))


def model():
    return tf.keras.Sequential([
        L.Input(shape=(28, 28, 1), name="pixels"),
        L.Rescaling(1 / 255.0, name="rescale"),
        L.Conv2D(16, 3, padding="same", activation="relu", name="conv_a"),
        L.MaxPooling2D(2, name="pool_a"),
        L.Conv2D(32, 3, padding="same", activation="relu", name="conv_b"),
        L.GlobalAveragePooling2D(name="gap"),
        L.Dropout(0.2, name="drop"),
        L.Dense(10, name="logits"),
        L.Softmax(name="softmax"),
    ], name="keras3_small")


def main():
    out = sys.argv[1]
    data = os.environ.get("CAM4J_DATA", os.path.join(HERE, "..", "..", "shared", "data", "mnist"))
    if os.path.exists(out):
        sys.exit("%s exists; give a new folder" % out)
    os.makedirs(out)
    x = mnist_idx.read(os.path.join(data, "train-images-idx3-ubyte.gz"))[:12000].astype("float32")[..., None]
    y = mnist_idx.read(os.path.join(data, "train-labels-idx1-ubyte.gz"))[:12000]
    test = mnist_idx.read(os.path.join(data, "t10k-images-idx3-ubyte.gz")).astype("float32")[..., None]
    test_labels = mnist_idx.read(os.path.join(data, "t10k-labels-idx1-ubyte.gz"))

    tf.keras.utils.set_random_seed(7)
    m = model()
    m.compile(optimizer=tf.keras.optimizers.Adam(0.003), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    m.fit(x, y, batch_size=64, epochs=10, verbose=2)
    accuracy = float(m.evaluate(test, test_labels, verbose=0)[1])

    keras_file = os.path.join(out, "model.keras")
    m.save(keras_file)
    subprocess.run([sys.executable, os.path.join(HERE, "export_cam.py"), keras_file, os.path.join(out, "cam-export"),
                    "--light-on-dark", "--test-accuracy", "%.4f" % accuracy], check=True)
    m.export(os.path.join(out, "keras-export"))
    tf.saved_model.save(m, os.path.join(out, "tf-save"))
    os.remove(keras_file)

    digits = test[:16]
    features = tf.keras.Model(m.inputs, m.get_layer("gap").input)(digits).numpy()
    kernel = m.get_layer("logits").get_weights()[0]
    probabilities = m(digits).numpy()
    predicted = probabilities.argmax(axis=1)
    cams = np.einsum("nhwk,kn->nhw", features, kernel[:, predicted])
    with open(os.path.join(out, "reference.json"), "w") as f:
        json.dump({
            "tensorflow": tf.__version__,
            "keras": tf.keras.__version__ if hasattr(tf.keras, "__version__") else __import__("keras").__version__,
            "testAccuracy": accuracy,
            "digits": "the first 16 MNIST test digits, pixels 0..255",
            "predicted": predicted.tolist(),
            "probability": [float(probabilities[i, c]) for i, c in enumerate(predicted)],
            "cam": [c.ravel().tolist() for c in cams],
            "camShape": list(cams.shape[1:]),
        }, f)
    print("wrote", out, "test accuracy %.4f" % accuracy)


if __name__ == "__main__":
    main()
