#!/usr/bin/env python3
"""Checks that a cam4j SavedModel serves in Python TensorFlow, as it would in a TensorFlow deployment.

  python serve_check.py MODEL_DIR [MNIST_DIR]

Loads MODEL_DIR with tf.saved_model.load and with Keras 3's TFSMLayer, lists its signatures, checks that each names
TensorFlow Serving's Predict method (a server started with --enable_signature_method_name_check refuses Predict calls
on any other), checks CAM's identity on
the first 8 test digits (mean(features) . kernel + bias = logits), and, given MNIST_DIR (the four IDX .gz files),
recomputes the test accuracy through serving_default and compares it with the one assets/cam4j.json records.
Exits 1 when a check fails.
"""
import json
import os
import sys

import numpy as np
import tensorflow as tf

import mnist_idx
from tensorflow.core.protobuf import saved_model_pb2

PREDICT_METHOD = "tensorflow/serving/predict"


def call(signature, images):
    (key,) = signature.structured_input_signature[1].keys()
    return signature(**{key: tf.constant(images)})


def fail(message):
    sys.exit("serve_check: " + message)


def metadata(model_dir):
    """The model's assets/cam4j.json; a folder that is not a cam4j SavedModel is refused in one line, naming it."""
    if not os.path.isdir(model_dir):
        fail("model folder %s does not exist or is not a folder" % model_dir)
    path = os.path.join(model_dir, "assets", "cam4j.json")
    if not os.path.isfile(path):
        fail("%s has no assets/cam4j.json: it is not a cam4j SavedModel (cam4j train and export_cam.py write one; a"
             " Keras SavedModel is read by cam4j as it is: cam4j inspect --model %s)" % (model_dir, model_dir))
    with open(path) as f:
        return json.load(f)


def signatures_not_predict(model_dir):
    """The signatures of MODEL_DIR's saved_model.pb whose method_name is not Predict's, with what they name instead."""
    saved = saved_model_pb2.SavedModel()
    with open(os.path.join(model_dir, "saved_model.pb"), "rb") as f:
        saved.ParseFromString(f.read())
    return {key: signature.method_name for meta_graph in saved.meta_graphs
            for key, signature in meta_graph.signature_def.items()
            if key != "__saved_model_init_op" and signature.method_name != PREDICT_METHOD}


def mnist_file(mnist_dir, name):
    path = os.path.join(mnist_dir, name)
    if not os.path.isfile(path):
        fail("MNIST folder %s has no %s (the four IDX .gz files are needed)" % (mnist_dir, name))
    return path


def main():
    if len(sys.argv) == 2 and sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        return
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    model_dir = sys.argv[1]
    meta = metadata(model_dir)
    scale, offset = meta["input"]["pixelScale"], meta["input"].get("pixelOffset", 0.0)
    model = tf.saved_model.load(model_dir)
    for name, fn in model.signatures.items():
        print("signature %s: %s -> %s" % (name, {k: v.shape.as_list() for k, v in fn.structured_input_signature[1].items()},
                                          {k: v.shape.as_list() for k, v in fn.structured_outputs.items()}))
    failed = False
    others = signatures_not_predict(model_dir)
    for key, method in sorted(others.items()):
        print("signature %s: method_name %r, not %r: TensorFlow Serving with --enable_signature_method_name_check"
              " refuses Predict on it" % (key, method, PREDICT_METHOD))
    if not others:
        print("method_name: every signature names %s" % PREDICT_METHOD)
    failed |= bool(others)
    if len(sys.argv) == 3:
        if meta["input"]["channels"] != 1:
            sys.exit("serve_check: %s takes %d channels; MNIST's digits are grey: check it without MNIST_DIR"
                     % (model_dir, meta["input"]["channels"]))
        images = mnist_idx.read(mnist_file(sys.argv[2], "t10k-images-idx3-ubyte.gz")).astype("float32")[..., None] * scale + offset
        labels = mnist_idx.read(mnist_file(sys.argv[2], "t10k-labels-idx1-ubyte.gz"))
        probabilities = np.concatenate([call(model.signatures["serving_default"], images[i:i + 1000])["probabilities"]
                                        .numpy() for i in range(0, len(images), 1000)])
        accuracy = float((probabilities.argmax(axis=1) == labels).mean())
        recorded = meta.get("testAccuracy")
        print("test accuracy through serving_default: %.4f (cam4j.json: %s)" % (accuracy, recorded))
        failed |= recorded is not None and abs(accuracy - recorded) > 5e-5
        digits = images[:8]
    else:
        # A model that takes any size records -1 (export_cam.py writes that for Input(shape=(None, None, C))): any size
        # then serves; 32 x 32 is one (a negative size stopped the check on numpy's "negative dimensions").
        height, width = (size if size > 0 else 32 for size in (meta["input"]["height"], meta["input"]["width"]))
        digits = np.random.default_rng(0).random((8, height, width, meta["input"]["channels"]), dtype=np.float32)
    out = call(model.signatures["cam"], digits)
    weights = model.signatures["cam_weights"]()
    logits = out["features"].numpy().mean(axis=(1, 2)) @ weights["kernel"].numpy() + weights["bias"].numpy()
    gap = float(np.abs(logits - out["logits"].numpy()).max())
    print("CAM identity: largest |mean(features) . kernel + bias - logits| = %.2e" % gap)
    failed |= gap > 1e-4 * max(1.0, float(np.abs(logits).max()))
    try:
        import keras
        layer = keras.layers.TFSMLayer(model_dir, call_endpoint="serving_default")
        served = layer(digits)
        served = served["probabilities"] if isinstance(served, dict) else served
        difference = float(np.abs(np.asarray(served) - call(model.signatures["serving_default"], digits)["probabilities"]
                                  .numpy()).max())
        print("Keras TFSMLayer: largest difference from the signature %.2e" % difference)
        failed |= difference > 1e-6
    except (ImportError, AttributeError):
        print("Keras TFSMLayer: not available in this Keras")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
