#!/usr/bin/env python3
"""Keras definitions of cam4j's two preset architectures (the article's models).

  python presets.py OUT_DIR   writes pooled.json and unpooled.json (model.to_json()), the configs cam4j ships in
                              src/main/resources/io/github/cam4j/model/presets/.

pooled:   three Conv2D 3x3 ReLU 'same' (32, 64, 128 filters), 2x2 max-pooling after the first two,
          GlobalAveragePooling2D, Dense(10, softmax)   -- the article's first model
unpooled: the same convolutions (16, 32, 128 filters: without pooling every layer runs at 28x28, so narrow early
          layers keep training affordable on a 2-core machine) and no pooling, GlobalAveragePooling2D,
          Dense(10, softmax) -- the article's tweaked model, whose last feature map keeps the input's 28x28 resolution
Kernels use he_uniform, which suits ReLU layers and converges faster than Keras' glorot_uniform default.
No layer has a bias (use_bias=False): a blank region then gives exactly zero features, so it carries no evidence
for any class, the CAM is zero there, and a digit on a larger blank canvas gets the same class as on its 28x28 crop
(global average pooling only divides every logit by the larger area). With biases, blank cells carry a constant
that the classifier learns to use as evidence (the unpooled model voted '1' for 100 % of digits on 84x84 canvases).
Targets TensorFlow 2.10 to 2.21; run with TensorFlow 2.21.0 and Keras 3.15.1, whose configs cam4j trains from (Keras 3
warns that InputLayer's input_shape is deprecated; Keras 2 knows no other spelling).
"""
import os
import sys

import tensorflow as tf

L = tf.keras.layers


def conv(name, filters):
    return L.Conv2D(filters, 3, padding="same", activation="relu", use_bias=False, kernel_initializer="he_uniform",
                    name=name)


def pooled():
    return tf.keras.Sequential([
        L.InputLayer(input_shape=(28, 28, 1), name="input_1"),
        conv("conv2d", 32), L.MaxPooling2D(2, name="max_pooling2d"),
        conv("conv2d_1", 64), L.MaxPooling2D(2, name="max_pooling2d_1"),
        conv("conv2d_2", 128),
        L.GlobalAveragePooling2D(name="global_average_pooling2d"),
        L.Dense(10, activation="softmax", use_bias=False, kernel_initializer="he_uniform", name="dense"),
    ], name="pooled")


def unpooled():
    return tf.keras.Sequential([
        L.InputLayer(input_shape=(28, 28, 1), name="input_1"),
        conv("conv2d", 16), conv("conv2d_1", 32), conv("conv2d_2", 128),
        L.GlobalAveragePooling2D(name="global_average_pooling2d"),
        L.Dense(10, activation="softmax", use_bias=False, kernel_initializer="he_uniform", name="dense"),
    ], name="unpooled")


if __name__ == "__main__":
    import argparse
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", nargs="?", default=".", help="folder to write pooled.json and unpooled.json into")
    out = parser.parse_args().out
    os.makedirs(out, exist_ok=True)
    for build in (pooled, unpooled):
        model = build()
        with open(os.path.join(out, model.name + ".json"), "w") as f:
            f.write(model.to_json())
        print("wrote", os.path.join(out, model.name + ".json"), model.count_params(), "parameters")
