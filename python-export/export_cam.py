#!/usr/bin/env python3
"""Export a Keras classifier that ends in GlobalAveragePooling2D -> Dense as a SavedModel in cam4j's CAM contract.

The contract (README.md of cam4j, "SavedModel contract"):
  signature serving_default: images float32 [N,H,W,C] -> probabilities [N,classes]
  signature cam:             images -> features [N,h,w,K] (what the pooling reduces), logits, probabilities
  signature cam_weights:     ()     -> kernel [K,classes], bias [classes]
  assets/cam4j.json:         model metadata (input size, pixel scaling, labels, ...)

Usage:
  python export_cam.py MODEL OUT_DIR [--pixel-scale 0.00392156862745098] [--labels 0,1,2,...]
      [--light-on-dark] [--test-accuracy 0.99]

MODEL is a .keras file, an .h5 file, or a Keras SavedModel folder. Targets TensorFlow 2.10 to 2.20 (Keras 2 and 3).
cam4j's own machines cannot install Python TensorFlow: this script has not been run there (see README.md).
"""
import argparse
import json
import os
import sys

import tensorflow as tf

FORMAT = "cam4j-savedmodel/1"


def load(path):
    """Loads a Keras model from a .keras/.h5 file or a SavedModel folder."""
    if os.path.isdir(path):
        return tf.keras.models.load_model(path, compile=False)
    return tf.keras.models.load_model(path, compile=False)


def cam_layers(model):
    """Finds the last GlobalAveragePooling2D and the one Dense layer after it; fails with a reason otherwise."""
    layers = model.layers
    gap_index = None
    for i, layer in enumerate(layers):
        if isinstance(layer, tf.keras.layers.GlobalAveragePooling2D):
            gap_index = i
    if gap_index is None:
        sys.exit("export_cam: the model has no GlobalAveragePooling2D layer; CAM needs one before the classifier")
    after = [l for l in layers[gap_index + 1:] if not isinstance(l, (tf.keras.layers.Dropout, tf.keras.layers.Activation))]
    if len(after) != 1 or not isinstance(after[0], tf.keras.layers.Dense):
        names = [type(l).__name__ for l in layers[gap_index + 1:]]
        sys.exit("export_cam: after GlobalAveragePooling2D CAM needs exactly one Dense layer; found %s" % names)
    return layers[gap_index], after[0]


class CamModule(tf.Module):
    def __init__(self, model, gap, dense):
        super().__init__()
        self.model = model
        # features: the tensor the pooling reduces; one functional model gives features and probabilities together.
        self.both = tf.keras.Model(model.inputs, [gap.input, model.outputs[0]])
        self.kernel = tf.Variable(dense.kernel, trainable=False, name="kernel")
        self.bias = tf.Variable(dense.bias if dense.use_bias else tf.zeros([dense.units]), trainable=False, name="bias")
        channels = model.inputs[0].shape[-1]
        spec = tf.TensorSpec([None, None, None, channels], tf.float32, name="images")
        self.serving_default = tf.function(self._serve, input_signature=[spec])
        self.cam = tf.function(self._cam, input_signature=[spec])
        self.cam_weights = tf.function(self._weights, input_signature=[])

    def _serve(self, images):
        return {"probabilities": self.model(images, training=False)}

    def _cam(self, images):
        features, probabilities = self.both(images, training=False)
        # logits = mean(features) . kernel + bias: the identity CAM rests on, computed from the same features.
        logits = tf.matmul(tf.reduce_mean(features, axis=[1, 2]), self.kernel) + self.bias
        return {"features": features, "logits": logits, "probabilities": probabilities}

    def _weights(self):
        return {"kernel": tf.identity(self.kernel), "bias": tf.identity(self.bias)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model")
    parser.add_argument("out")
    parser.add_argument("--pixel-scale", type=float, default=1 / 255.0,
                        help="model input = pixel (0..255) x scale; 1 if the model rescales inside (default 1/255)")
    parser.add_argument("--labels", default=None, help="comma-separated class labels (default 0..classes-1)")
    parser.add_argument("--light-on-dark", action="store_true", help="training images show light strokes on dark")
    parser.add_argument("--test-accuracy", type=float, default=None)
    args = parser.parse_args()

    if os.path.exists(args.out):
        sys.exit("export_cam: %s already exists; choose another folder" % args.out)
    model = load(args.model)
    gap, dense = cam_layers(model)
    if len(model.inputs) != 1 or len(model.inputs[0].shape) != 4:
        sys.exit("export_cam: the model must take one image input [N,H,W,C]")
    classes = dense.units
    labels = args.labels.split(",") if args.labels else [str(i) for i in range(classes)]
    if len(labels) != classes:
        sys.exit("export_cam: %d labels given for %d classes" % (len(labels), classes))

    module = CamModule(model, gap, dense)
    tf.saved_model.save(module, args.out, signatures={
        "serving_default": module.serving_default,
        "cam": module.cam,
        "cam_weights": module.cam_weights,
    })
    shape = model.inputs[0].shape
    metadata = {
        "format": FORMAT,
        "cam4jVersion": "python-export",
        "name": model.name,
        "architecture": json.loads(model.to_json()),
        "input": {
            "height": shape[1] if shape[1] is not None else -1,
            "width": shape[2] if shape[2] is not None else -1,
            "channels": shape[3],
            "pixelScale": args.pixel_scale,
            "pixelOffset": 0.0,
            "lightOnDark": bool(args.light_on_dark),
        },
        "labels": labels,
    }
    if args.test_accuracy is not None:
        metadata["testAccuracy"] = args.test_accuracy
    os.makedirs(os.path.join(args.out, "assets"), exist_ok=True)
    with open(os.path.join(args.out, "assets", "cam4j.json"), "w") as f:
        json.dump(metadata, f, indent=2)
    print("exported %s: features %s, kernel %s" % (args.out, gap.input.shape, tuple(dense.kernel.shape)))


if __name__ == "__main__":
    main()
