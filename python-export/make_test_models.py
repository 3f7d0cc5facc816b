#!/usr/bin/env python3
"""Writes the Keras 3 SavedModels cam4j's Java tests import, and what Keras itself computes on them.

  python make_test_models.py OUT_DIR      (cam4j keeps its output in src/test/resources/keras3/)
  python make_test_models.py --ablation KERAS3_DIR
                                          writes only KERAS3_DIR/blocks-ablationcam.json, from the blocks model's
                                          weights read back from KERAS3_DIR/blocks-export (no training, nothing else
                                          rewritten)
  python make_test_models.py --eigen-smooth KERAS3_DIR
                                          writes only KERAS3_DIR/eigensmooth.json, from blocks-export's and
                                          flatten-export's weights read back (no training, nothing else rewritten):
                                          the maps of pytorch-grad-cam's eigen_smooth=True for every weighted method
  python make_test_models.py --feature-methods KERAS3_DIR
                                          writes only KERAS3_DIR/feature-methods.json, from blocks-export's weights
                                          read back (no training, nothing else rewritten): FEM, KPCA-CAM (scikit-learn's
                                          KernelPCA, run by kpca_reference.py under $SKLEARN_PYTHON, default
                                          /usr/bin/python3) and RandomCAM at two layers
  python make_test_models.py --layers KERAS3_DIR
                                          writes only KERAS3_DIR/layers.json, from blocks-export's weights read back
                                          (no training, nothing else rewritten): Grad-CAM and LayerCAM over two target
                                          layers, aggregated as pytorch-grad-cam's BaseCAM aggregates target_layers
  python make_test_models.py --occlusion KERAS3_DIR
                                          writes only KERAS3_DIR/occlusion.json, from blocks-export's weights read back
                                          (no training, nothing else rewritten): tf-explain's own
                                          OcclusionSensitivity.get_sensitivity_map, run by occlusion_reference.py from a
                                          checkout of sicara/tf-explain ($TF_EXPLAIN, default /tmp/tfexplain-9d7d1e9)
                                          under a Python with OpenCV ($OPENCV_PYTHON, default /usr/bin/python3), the
                                          Keras model predicting on the occluded copies it makes
  python make_test_models.py --pixel KERAS3_DIR
                                          writes only KERAS3_DIR/pixel.json, from flatten-export's and blocks-export's
                                          weights read back (no training, nothing else rewritten): saliency, gradient x
                                          input, SmoothGrad (its noise drawn by java.util.Random's generator, as cam4j
                                          draws it) and Integrated Gradients, from TensorFlow's gradient of the
                                          predicted class's logit by the pixels 0..255 (through the Rescaling layer)
  python make_test_models.py --torchcam KERAS3_DIR
                                          writes only KERAS3_DIR/torchcam.json, from blocks-export's weights read back
                                          and flatten-export's (no training, nothing else rewritten): torch-cam's
                                          SmoothGradCAMpp (Flatten model, conv_a), SSCAM and ISCAM (blocks model,
                                          last_relu) recomputed in TensorFlow and numpy, their noise java.util.Random's
                                          Gaussians as cam4j draws them
  python make_test_models.py --gradients KERAS3_DIR
                                          recomputes gradients.json and eigensmooth.json from flatten-export's and
                                          blocks-export's weights read back (no training, nothing else rewritten),
                                          checks that every map already there is reproduced to float noise and keeps it
                                          as it is, and adds what is new (a method's maps, the residual section)

A small Keras classifier is trained on 12 000 MNIST training digits (read from cam4j's shared data folder, or
$CAM4J_DATA: the four IDX .gz files) and saved three ways:
  cam-export/   through export_cam.py (route 2 of cam4j's README: the CAM contract)
  keras-export/ by Keras 3's own model.export(DIR) (route 1: cam4j imports it as it is)
  tf-save/      by tf.saved_model.save(model, DIR), which under Keras 3 writes a folder whose signatures read variables
                its restore op never fills; C++ loaders (TensorFlow Java, TensorFlow Serving) cannot run it
reference.json holds, for the first 16 test digits, the class Keras predicts, its probability, and the CAM at the
features' resolution (features . kernel[:, class]), so that the Java tests compare cam4j's numbers with Keras' own.
A functional model with batch normalisation, a depthwise convolution, ReLU6 and a residual Add is saved by
model.export(DIR) as blocks-export/, with its own blocks-reference.json, and its Score-CAM and Eigen-CAM maps in
blocks-scorecam.json and blocks-eigencam.json, and its Ablation-CAM maps at two layers in blocks-ablationcam.json.
eigensmooth.json holds pytorch-grad-cam's eigen_smooth=True maps (with cam4j's sign) of CAM, Score-CAM and Ablation-CAM
on the blocks model and of the six gradient methods on the Flatten model below (--eigen-smooth writes only it).
nested-cam-export/ (a functional model whose Rescaling sits inside a nested Sequential feature extractor) and
normalized-cam-export/ with normalized-export/ (a Normalization layer adapted on the raw uint8 pixels, no Rescaling:
both take pixels 0..255) are written through export_cam.py without --pixel-scale (and by model.export), with
nested-reference.json and normalized-reference.json.
augmented-cam-export/ and augmented-export/ (with augmented-reference.json): RandomFlip and RandomRotation in the
model, which Keras 3's model.export serves active (cam4j refuses that export) and export_cam.py calls with
training=False.
resized-export/ (by model.export, with resized-reference.json): Resizing and CenterCrop before the Rescaling.
two-outputs-export/ and uint8-export/ (untrained, by model.export): what cam4j refuses, saying what to do.
dark-fails-export/ (by model.export) makes NaN from any pixel darker than mid-grey: a model that fails on some
pictures, for the tests of cam4j's error naming the picture.
A third model, with a Flatten head that CAM cannot explain, is saved by model.export(DIR) as flatten-export/, and
gradients.json holds its Grad-CAM, Grad-CAM++, XGrad-CAM, HiResCAM, LayerCAM and GradCAMElementWise maps of the same
digits at its last convolution, from TensorFlow's own gradients by the formulas pytorch-grad-cam uses; and, in its
"residual" section, the blocks model's HiResCAM, LayerCAM and GradCAMElementWise maps at its residual Add, whose
activations go below 0 with a gradient (the conv_b ReLU's never do, and there GradCAMElementWise is LayerCAM).
FinerCAM's maps (finer_cam.py's recipe: pytorch-grad-cam's comparison, alpha 1, ranks 1, 2, 3) are in "maps" and the
residual section too, and in the "finer" section with alpha 0.5, ranks 2 and 5, for class 7 given for every digit;
ShapleyCAM's (shapley_cam.py's recipe, the Hessian-vector product by a nested tf.GradientTape) in "maps" and the
residual section: both heads are piecewise linear in the features, so its hvp is None or 0 and its maps Grad-CAM's.
layers.json (--layers) holds Grad-CAM's and LayerCAM's maps over two target layers of the blocks model, depthwise_relu6
and the residual Add, fused as pytorch-grad-cam's BaseCAM fuses target_layers.

The model takes pixels 0..255 (a Rescaling layer inside) and has a head export_cam.py must handle with care: biases,
Dropout between the pooling and the Dense, a linear Dense followed by a Softmax layer.
"""
import json
import math
import os
import subprocess
import sys

import numpy as np
import tensorflow as tf

import mnist_idx
from java_random import JavaRandom

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


def flatten_model():
    """A head CAM cannot explain (no global average pooling): the gradient methods' case."""
    return tf.keras.Sequential([
        L.Input(shape=(28, 28, 1), name="pixels"),
        L.Rescaling(1 / 255.0, name="rescale"),
        L.Conv2D(8, 3, padding="same", activation="relu", name="conv_a"),
        L.MaxPooling2D(2, name="pool_a"),
        L.Conv2D(16, 3, padding="same", activation="relu", name="conv_b"),
        L.Flatten(name="flat"),
        L.Dense(10, activation="softmax", name="classes"),
    ], name="keras3_flatten")


def blocks_model():
    """Functional, with what deployed models hold: batch normalisation, depthwise convolution, ReLU6, a residual Add."""
    pixels = L.Input(shape=(28, 28, 1), name="pixels")
    x = L.Rescaling(1 / 255.0, name="rescale")(pixels)
    x = L.Conv2D(16, 3, padding="same", use_bias=False, name="stem")(x)
    x = L.BatchNormalization(momentum=0.9, name="stem_bn")(x)
    x = L.ReLU(6.0, name="stem_relu6")(x)
    y = L.DepthwiseConv2D(3, padding="same", use_bias=False, name="depthwise")(x)
    y = L.BatchNormalization(momentum=0.9, name="depthwise_bn")(y)
    y = L.ReLU(6.0, name="depthwise_relu6")(y)
    y = L.Conv2D(16, 1, use_bias=False, name="project")(y)
    y = L.BatchNormalization(momentum=0.9, name="project_bn")(y)
    x = L.Add(name="residual")([x, y])
    x = L.MaxPooling2D(2, name="pool")(x)
    x = L.Conv2D(32, 3, padding="same", name="last_conv")(x)
    x = L.BatchNormalization(momentum=0.9, name="last_bn")(x)
    x = L.ReLU(name="last_relu")(x)
    x = L.GlobalAveragePooling2D(name="gap")(x)
    return tf.keras.Model(pixels, L.Dense(10, activation="softmax", name="classes")(x), name="keras3_blocks")


def dark_fails_model():
    """Makes NaN from any pixel darker than mid-grey (a square root of a negative): a model that breaks on some
    pictures and not others, for cam4j's error naming the picture. Not trained: its weights do not matter."""
    return tf.keras.Sequential([
        L.Input(shape=(28, 28, 1), name="pixels"),
        L.Rescaling(1 / 255.0, offset=-0.5, name="centre"),
        L.Lambda(tf.sqrt, name="sqrt"),
        L.Conv2D(4, 3, padding="same", activation="relu", name="conv"),
        L.GlobalAveragePooling2D(name="gap"),
        L.Dense(10, activation="softmax", name="classes"),
    ], name="keras3_dark_fails")


def nested_model():
    """Functional, its convolutions a nested Sequential feature extractor that holds the Rescaling (pixels 0..255 in):
    the Rescaling is not among the outer model's layers, only inside one of them."""
    base = tf.keras.Sequential([
        L.Input(shape=(28, 28, 1)),
        L.Rescaling(1 / 255.0, name="rescale"),
        L.Conv2D(8, 3, padding="same", activation="relu", name="conv_a"),
        L.MaxPooling2D(2, name="pool_a"),
        L.Conv2D(32, 3, padding="same", activation="relu", name="conv_b"),
    ], name="features")
    pixels = L.Input(shape=(28, 28, 1), name="digit")
    x = L.GlobalAveragePooling2D(name="gap")(base(pixels))
    return tf.keras.Model(pixels, L.Dense(10, activation="softmax", name="classes")(x), name="keras3_nested")


def normalized_model(raw_pixels):
    """Standardises its input with a Normalization layer adapted on the raw uint8 pixels (Normalization().adapt(x_train),
    a common Keras recipe, no Rescaling): it takes pixels 0..255, which only the layer's statistics tell."""
    norm = L.Normalization(name="norm")
    norm.adapt(raw_pixels)
    return tf.keras.Sequential([
        L.Input(shape=(28, 28, 1), name="pixels"),
        norm,
        L.Conv2D(8, 3, padding="same", activation="relu", name="conv_a"),
        L.MaxPooling2D(2, name="pool_a"),
        L.Conv2D(32, 3, padding="same", activation="relu", name="conv_b"),
        L.GlobalAveragePooling2D(name="gap"),
        L.Dense(10, activation="softmax", name="classes"),
    ], name="keras3_normalized")


def augmented_model():
    """Keras' "image classification from scratch" pattern: data augmentation layers (RandomFlip, RandomRotation in a
    nested Sequential) in the model, then Rescaling. They act in training only; Keras 3's model.export serves them
    active, and the Keras 3 random layers' seed states are variables the export must reach."""
    augment = tf.keras.Sequential([L.RandomFlip("horizontal", name="flip"), L.RandomRotation(0.05, name="rotate")],
                                  name="augment")
    pixels = L.Input(shape=(28, 28, 1), name="pixels")
    x = L.Rescaling(1 / 255.0, name="rescale")(augment(pixels))
    x = L.Conv2D(8, 3, padding="same", activation="relu", name="conv_a")(x)
    x = L.MaxPooling2D(2, name="pool_a")(x)
    x = L.Conv2D(32, 3, padding="same", activation="relu", name="conv_b")(x)
    x = L.GlobalAveragePooling2D(name="gap")(x)
    return tf.keras.Model(pixels, L.Dense(10, activation="softmax", name="classes")(x), name="keras3_augmented")


def resized_model():
    """Resizing and CenterCrop before the Rescaling (a Keras tutorial's start): the pixels reach the Rescaling still
    0..255, through a resampling and a crop."""
    pixels = L.Input(shape=(28, 28, 1), name="pixels")
    x = L.Resizing(32, 32, name="resize")(pixels)
    x = L.Rescaling(1 / 255.0, name="rescale")(L.CenterCrop(28, 28, name="crop")(x))
    x = L.Conv2D(8, 3, padding="same", activation="relu", name="conv_a")(x)
    x = L.MaxPooling2D(2, name="pool_a")(x)
    x = L.Conv2D(32, 3, padding="same", activation="relu", name="conv_b")(x)
    x = L.GlobalAveragePooling2D(name="gap")(x)
    return tf.keras.Model(pixels, L.Dense(10, activation="softmax", name="classes")(x), name="keras3_resized")


def refusal_exports(out):
    """Two untrained models cam4j cannot read from model.export's folder and must say why, and what to do:
    two-outputs-export (a class head and a second head) and uint8-export (an Input of dtype uint8)."""
    tf.keras.utils.set_random_seed(7)
    pixels = L.Input(shape=(28, 28, 1), name="pixels")
    x = L.GlobalAveragePooling2D(name="gap")(L.Conv2D(4, 3, padding="same", activation="relu", name="conv")(pixels))
    two = tf.keras.Model(pixels, [L.Dense(10, activation="softmax", name="digit")(x),
                                  L.Dense(2, activation="softmax", name="parity")(x)], name="keras3_two_outputs")
    two.export(os.path.join(out, "two-outputs-export"))
    raw = L.Input(shape=(28, 28, 1), dtype="uint8", name="raw")
    x = L.Conv2D(4, 3, padding="same", activation="relu", name="conv")(L.Rescaling(1 / 255.0, name="rescale")(raw))
    x = L.GlobalAveragePooling2D(name="gap")(x)
    tf.keras.Model(raw, L.Dense(10, activation="softmax", name="classes")(x), name="keras3_uint8").export(
        os.path.join(out, "uint8-export"))


def cam_reference(m, digits, features_layer, dense_layer):
    """Keras' own class, probability and CAM (features . kernel[:, class]) of each digit, for its predicted class.
    features_layer None: the features are what the layer 'gap' reduces."""
    output = m.get_layer("gap").input if features_layer is None else m.get_layer(features_layer).output
    # training=False, as predict() calls a model: a call without it leaves augmentation layers active.
    features = tf.keras.Model(m.inputs, output)(digits, training=False).numpy()
    kernel = m.get_layer(dense_layer).get_weights()[0]
    probabilities = m(digits, training=False).numpy()
    predicted = probabilities.argmax(axis=1)
    cams = np.einsum("nhwk,kn->nhw", features, kernel[:, predicted])
    return {
        "predicted": predicted.tolist(),
        "probability": [float(probabilities[i, c]) for i, c in enumerate(predicted)],
        "cam": [c.ravel().tolist() for c in cams],
        "camShape": list(cams.shape[1:]),
    }


def score_cam(m, digits, features_layer, pooling_layer, dense_layer):
    """Score-CAM as cam4j computes it, pytorch-grad-cam's recipe with cam4j's upsampling: each channel, upsampled
    bilinearly with half-pixel centres (pytorch-grad-cam aligns corners instead) and min-max normalised over the
    upsampled values, masks the picture; the softmax over the channels of the class's logit on the masked
    pictures weighs the channels; ReLU. Logits are the Dense layer's before its softmax."""
    predicted, maps, _ = score_cam_weights(m, digits, features_layer, pooling_layer, dense_layer)
    return predicted, maps


def score_cam_weights(m, digits, features_layer, pooling_layer, dense_layer):
    """score_cam's classes and maps, with each digit's channel weights (float64)."""
    features = tf.keras.Model(m.inputs, m.get_layer(features_layer).output)(digits).numpy()
    pooled = tf.keras.Model(m.inputs, m.get_layer(pooling_layer).output)
    kernel, bias = m.get_layer(dense_layer).get_weights()
    predicted = m(digits).numpy().argmax(axis=1)
    maps = []
    all_weights = []
    for n in range(len(digits)):
        f = features[n]
        masks = tf.image.resize(f[None], digits.shape[1:3], method="bilinear").numpy()[0]
        # Normalised over the upsampled mask, as pytorch-grad-cam does: half-pixel upsampling by 2 never lands on a
        # cell's centre, so its extremes are not the cells'.
        low = masks.min(axis=(0, 1))
        high = masks.max(axis=(0, 1))
        masks = np.where(high > low, np.clip((masks - low) / np.maximum(high - low, 1e-7), 0, 1), 0).astype("float32")
        masked = digits[n][None] * np.transpose(masks, (2, 0, 1))[..., None]
        logits = pooled(masked).numpy().astype(np.float64) @ kernel.astype(np.float64) + bias
        score = logits[:, predicted[n]]
        weights = np.exp(score - score.max())
        weights /= weights.sum()
        all_weights.append(weights)
        maps.append(np.maximum((f.astype(np.float64) * weights).sum(axis=2), 0).ravel().tolist())
    return predicted.tolist(), maps, all_weights


def eigen_cam(m, digits, features_layer):
    """Eigen-CAM as pytorch-grad-cam computes it (features centred per channel, projected on their first principal
    component, ReLU), with cam4j's sign: the projection turned to correlate positively with each cell's total."""
    features = tf.keras.Model(m.inputs, m.get_layer(features_layer).output)(digits).numpy().astype(np.float64)
    maps = []
    for f in features:
        cells = f.reshape(-1, f.shape[-1])
        centred = cells - cells.mean(axis=0)
        projection = centred @ np.linalg.svd(centred, full_matrices=False)[2][0]
        total = cells.sum(axis=1)
        sign = -1.0 if (projection * (total - total.mean())).sum() < 0 else 1.0
        maps.append(np.maximum(sign * projection, 0).tolist())
    return maps


def ablation_cam(m, digits, features_layer, dense_layer):
    """Ablation-CAM's classes and maps (ablation_cam_weights)."""
    predicted, maps, _ = ablation_cam_weights(m, digits, features_layer, dense_layer)
    return predicted, maps


def ablation_cam_weights(m, digits, features_layer, dense_layer):
    """Ablation-CAM (Desai and Ramaswamy 2020) as pytorch-grad-cam computes it, with the paper's ablation: channel k of
    the layer's output set to 0 (pytorch-grad-cam's AblationLayer uses 0 only when the layer's smallest activation is 0,
    else that minimum minus 1e7), the layers after it run on the ablated output, w_k = (y_c - y_c^k) / |y_c| with y the
    Dense layer's logits before its softmax, map = ReLU(sum_k w_k A_k). The layers after features_layer are the
    functional model's own, called in order with training=False; the last one's kernel and bias give the logits."""
    names = [layer.name for layer in m.layers]
    rest = m.layers[names.index(features_layer) + 1:names.index(dense_layer)]
    kernel, bias = m.get_layer(dense_layer).get_weights()

    def logits(a):
        for layer in rest:
            a = layer(a, training=False)
        return np.asarray(a, np.float64) @ kernel.astype(np.float64) + bias

    features = tf.keras.Model(m.inputs, m.get_layer(features_layer).output)(digits, training=False).numpy()
    return ablated_maps(features, logits(features), lambda ablated, n: logits(ablated))


def ablated_maps(features, original, logits_of):
    """Each picture's channels zeroed in turn, w_k = (y_c - y_c^k) / |y_c| for its predicted class c, map =
    ReLU(sum_k w_k A_k). logits_of(ablated, n) gives the logits of picture n's ablated copies."""
    predicted = original.argmax(axis=1)
    maps = []
    all_weights = []
    for n, f in enumerate(features):
        channels = f.shape[-1]
        ablated = np.repeat(f[None], channels, axis=0)
        for k in range(channels):
            ablated[k, :, :, k] = 0
        y = original[n, predicted[n]]
        # |y_c|, as cam4j: pytorch-grad-cam's y_c turns every weight's sign when the class's logit is negative.
        weights = (y - logits_of(ablated, n)[:, predicted[n]]) / abs(y)
        all_weights.append(weights)
        maps.append(np.maximum((f.astype(np.float64) * weights).sum(axis=2), 0).ravel().tolist())
    return predicted.tolist(), maps, all_weights


def ablation_cam_in_branch(m, digits):
    """Ablation-CAM of the blocks model at depthwise_relu6, inside the residual branch: the shortcut (stem_relu6's
    output) goes round it into the Add, so the logits read the picture by a way that skips the layer. Each ablated copy
    runs project, project_bn, then the Add with the picture's own shortcut, then the layers after it; as ablation_cam
    otherwise."""
    layer = {l.name: l for l in m.layers}
    kernel, bias = layer["classes"].get_weights()
    inner = tf.keras.Model(m.inputs, [layer["stem_relu6"].output, layer["depthwise_relu6"].output])
    shortcut, features = (t.numpy() for t in inner(digits, training=False))

    def logits(a, skip):
        a = layer["project_bn"](layer["project"](a), training=False)
        a = layer["residual"]([skip, a])
        for name in ("pool", "last_conv", "last_bn", "last_relu", "gap"):
            a = layer[name](a, training=False)
        return np.asarray(a, np.float64) @ kernel.astype(np.float64) + bias

    def copies_logits(ablated, n):
        return logits(ablated, np.repeat(shortcut[n][None], len(ablated), axis=0))

    predicted, maps, _ = ablated_maps(features, logits(features, shortcut), copies_logits)
    return predicted, maps


def write_ablation_reference(blocks, digits, out):
    """blocks-ablationcam.json: Ablation-CAM of the blocks model at its features (last_relu, then only the pooling and
    the Dense), at the MaxPooling of the residual Add (pool, whose activations go below 0, then a convolution,
    batch normalisation and ReLU before the pooling: a head that is not linear) and inside the residual branch
    (depthwise_relu6, which the shortcut skips)."""
    predicted, maps = ablation_cam(blocks, digits, "last_relu", "classes")
    pool_predicted, pool_maps = ablation_cam(blocks, digits, "pool", "classes")
    branch_predicted, branch_maps = ablation_cam_in_branch(blocks, digits)
    assert pool_predicted == predicted and branch_predicted == predicted
    with open(os.path.join(out, "blocks-ablationcam.json"), "w") as f:
        json.dump({"digits": "the first 16 MNIST test digits, pixels 0..255", "layer": "last_relu, 14x14x32",
                   "predicted": predicted, "maps": maps, "poolLayer": "pool (MaxPooling2D), 14x14x16",
                   "poolMaps": pool_maps, "branchLayer": "depthwise_relu6 (inside the residual branch), 28x28x16",
                   "branchMaps": branch_maps}, f)


def reloaded(build, export):
    """The model build() makes, filled with an export's variables (by their Keras paths)."""
    m = build()
    exported = {v.name: v.numpy() for v in tf.saved_model.load(export).variables}
    for v in m.weights:
        v.assign(exported[v.path + ":0"] if v.path + ":0" in exported else exported[v.path])
    return m


def test_digits():
    """The first 16 MNIST test digits, pixels 0..255, float32 [16, 28, 28, 1]."""
    data = os.environ.get("CAM4J_DATA", os.path.join(HERE, "..", "..", "shared", "data", "mnist"))
    return mnist_idx.read(os.path.join(data, "t10k-images-idx3-ubyte.gz"))[:16].astype("float32")[..., None]


def reloaded_blocks(keras3, digits):
    """The blocks model with blocks-export's weights, checked to predict blocks-reference.json's classes and
    probabilities."""
    blocks = reloaded(blocks_model, os.path.join(keras3, "blocks-export"))
    with open(os.path.join(keras3, "blocks-reference.json")) as f:
        reference = json.load(f)
    probabilities = blocks(digits, training=False).numpy()
    assert probabilities.argmax(axis=1).tolist() == reference["predicted"], "blocks-export's weights did not load"
    assert np.allclose([probabilities[i, c] for i, c in enumerate(reference["predicted"])], reference["probability"],
                       atol=1e-5)
    return blocks


def ablation_only(keras3):
    """Rebuilds the blocks model, fills it with blocks-export's variables and writes only its Ablation-CAM
    reference."""
    digits = test_digits()
    write_ablation_reference(reloaded_blocks(keras3, digits), digits, keras3)
    print("wrote", os.path.join(keras3, "blocks-ablationcam.json"))


def projection_2d(weighted_nchw):
    """pytorch-grad-cam's get_2d_projection (utils/svd_on_activations.py), step by step on the same float32 array:
    per picture, its activations as a (cells x channels) matrix, NaN set to 0, each channel centred by its mean over
    the cells, full SVD by numpy, the matrix projected on the first right singular vector, whatever sign the SVD gave
    it. Returns float32 [N, H, W], before the ReLU every method applies after it."""
    batch = np.array(weighted_nchw, dtype=np.float32)
    batch[np.isnan(batch)] = 0
    out = []
    for a in batch:
        matrix = a.reshape(a.shape[0], -1).T
        matrix = matrix - matrix.mean(axis=0)
        vt = np.linalg.svd(matrix, full_matrices=True)[2]
        out.append((matrix @ vt[0, :]).reshape(a.shape[1:]))
    return np.float32(out)


def smoothed(weighted_nhwc):
    """The eigen-smoothed maps of weighted activations [N, H, W, C] (float32, as pytorch-grad-cam's arrays are):
    pytorch-grad-cam's projection, 0 at cells whose weighted activations are all 0, then cam4j's sign (the one whose
    positive part agrees with the unsmoothed map's positive part, the sum over the channels; with no positive cell
    there, the one that follows its trend), then ReLU. Also how many maps pytorch-grad-cam's own sign left turned over,
    and the largest difference from the same recipe in float64 (the float32 SVD's own error)."""
    weighted = np.float32(weighted_nhwc)
    projection = projection_2d(np.transpose(weighted, (0, 3, 1, 2)))
    exact = projection_2d_float64(weighted)
    maps, turned, off = [], 0, 0.0
    for n in range(len(weighted)):
        total = weighted[n].astype(np.float64).sum(axis=2).ravel()
        p = projection[n].astype(np.float64).ravel()
        # cam4j: a cell whose weighted activations are all 0 holds no evidence and stays 0 (centred, it would not).
        live = (weighted[n].reshape(-1, weighted.shape[-1]) != 0).any(axis=1)
        p = np.where(live, p, 0.0)
        # cam4j's sign: the positive part of the projection where the unsmoothed map's positive part is (uncentred
        # agreement with ReLU(total)); the unsmoothed map's trend over the cells only when it has no positive cell.
        agreement = (p * np.maximum(total, 0)).sum()
        if agreement == 0:
            agreement = (p * (total - total.mean())).sum()
        sign = -1.0 if agreement < 0 else 1.0
        turned += sign < 0
        maps.append(np.maximum(sign * p, 0))
        e = np.where(live, exact[n].ravel(), 0.0)
        e = e if (e * p).sum() >= 0 else -e
        off = max(off, float(np.abs(np.maximum(sign * p, 0) - np.maximum(sign * e, 0)).max()))
    largest = max(float(m.max()) for m in maps)
    return {"maps": [m.tolist() for m in maps], "pytorchSignTurned": int(turned),
            "float32SvdError": off / largest if largest > 0 else 0.0}


def projection_2d_float64(weighted_nhwc):
    """projection_2d's recipe in float64: the reference's own error is its float32 SVD's distance from this."""
    out = []
    for a in np.asarray(weighted_nhwc, np.float64):
        matrix = a.reshape(-1, a.shape[-1])
        matrix = matrix - matrix.mean(axis=0)
        out.append(matrix @ np.linalg.svd(matrix, full_matrices=False)[2][0])
    return out


def gradient_weighted(m, digits, layer):
    """The six gradient methods' weighted activations [N, H, W, C] at a layer of a Flatten model, as
    pytorch-grad-cam's get_cam_image builds them before summing or projecting: weights * activations for Grad-CAM,
    Grad-CAM++ and XGrad-CAM (gradient_maps' weights), the element-wise products for HiResCAM, LayerCAM and
    GradCAMElementWise (np.maximum(grads * activations, 0), grad_cam_elementwise.py)."""
    features = tf.keras.Model(m.inputs, m.get_layer(layer).output)(digits)
    kernel, bias = m.get_layer("classes").get_weights()
    with tf.GradientTape() as tape:
        tape.watch(features)
        logits = tf.matmul(tf.reshape(features, [features.shape[0], -1]), kernel) + bias
        predicted = tf.argmax(logits, axis=1)
        chosen = tf.gather(logits, predicted, batch_dims=1)
    g = tape.gradient(chosen, features).numpy().astype(np.float64)
    f = features.numpy().astype(np.float64)
    relu = lambda a: np.maximum(a, 0)
    sums = f.sum(axis=(1, 2), keepdims=True)
    g2, g3 = g * g, g * g * g
    aij = np.where(g != 0, g2 / (2 * g2 + sums * g3 + 1e-6), 0)  # grad_cam_plusplus.py's eps
    return predicted.numpy().tolist(), {
        "gradcam": g.mean(axis=(1, 2), keepdims=True) * f,
        "gradcam++": (relu(g) * aij).sum(axis=(1, 2), keepdims=True) * f,
        "xgradcam": (g * f / (sums + 1e-7)).sum(axis=(1, 2), keepdims=True) * f,
        "hirescam": g * f,
        "layercam": relu(g) * f,
        "gradcam-elementwise": relu(g * f),
    }


def element_wise_maps(g, f):
    """HiResCAM's, LayerCAM's and GradCAMElementWise's maps from a gradient and activations [N, H, W, C] (float64),
    summed over the channels, then BaseCAM's ReLU, each flattened per picture, to 8 significant digits (float32's
    precision: 28x28 maps written in full would triple the file)."""
    relu = lambda a: np.maximum(a, 0)
    weighted = {"hirescam": g * f, "layercam": relu(g) * f, "gradcam-elementwise": relu(g * f)}
    return {name: [[float("%.8g" % v) for v in x.ravel()] for x in relu(w.sum(axis=3))]
            for name, w in weighted.items()}


def residual_gradients(blocks, digits):
    """The blocks model's residual Add (28x28x16): its activations (the ReLU6 shortcut plus a batch normalisation's
    output, below 0 at some cells) and the predicted class logit's gradient there, through the max pooling, last
    convolution, batch normalisation, ReLU, average pooling and the Dense's kernel and bias; the rest of the model is
    checked to give its own probabilities."""
    features = tf.keras.Model(blocks.inputs, blocks.get_layer("residual").output)(digits, training=False)
    kernel, bias = blocks.get_layer("classes").get_weights()
    with tf.GradientTape() as tape:
        tape.watch(features)
        x = blocks.get_layer("pool")(features)
        x = blocks.get_layer("last_bn")(blocks.get_layer("last_conv")(x), training=False)
        x = blocks.get_layer("gap")(blocks.get_layer("last_relu")(x))
        logits = tf.matmul(x, kernel) + bias
        predicted = tf.argmax(logits, axis=1)
        chosen = tf.gather(logits, predicted, batch_dims=1)
    assert np.allclose(tf.nn.softmax(logits).numpy(), blocks(digits, training=False).numpy(), atol=1e-5)
    g = tape.gradient(chosen, features).numpy().astype(np.float64)
    f = features.numpy().astype(np.float64)
    return predicted.numpy().tolist(), g, f


def residual_section(blocks, digits):
    """gradients.json's "residual" section: HiResCAM, LayerCAM and GradCAMElementWise at the blocks model's residual
    Add, where negative activations with a gradient make the three differ."""
    predicted, g, f = residual_gradients(blocks, digits)
    negative = float(((f < 0) & (g != 0)).mean())
    return {"layer": "residual (Add of the ReLU6 shortcut and a batch normalisation), 28x28x16",
            "tensor": "residual_1/Add", "predicted": predicted,
            "negativeWithGradient": negative, "maps": element_wise_maps(g, f)}


def eigen_smooth_only(keras3):
    """eigensmooth.json: pytorch-grad-cam's eigen_smooth=True, with cam4j's sign, for CAM, Score-CAM and Ablation-CAM
    on the blocks model at last_relu (14x14x32) and for the six gradient methods on the Flatten model at conv_b
    (14x14x16), the first 16 test digits, each for its predicted class."""
    document = eigen_smooth_document(keras3)
    with open(os.path.join(keras3, "eigensmooth.json"), "w") as f:
        json.dump(document, f)
    print_eigen_smooth(document)
    print("wrote", os.path.join(keras3, "eigensmooth.json"))


def print_eigen_smooth(document):
    for model_name in ("blocks", "flatten"):
        for name, entry in document[model_name].items():
            if isinstance(entry, dict):
                print("%s %s: pytorch-grad-cam's sign turned on %d of 16, float32 SVD off float64 by %.2e of the"
                      " largest value" % (model_name, name, entry["pytorchSignTurned"], entry["float32SvdError"]))


def eigen_smooth_document(keras3):
    """eigensmooth.json's content, from blocks-export's and flatten-export's weights read back."""
    digits = test_digits()
    blocks = reloaded_blocks(keras3, digits)
    features = tf.keras.Model(blocks.inputs, blocks.get_layer("last_relu").output)(digits, training=False).numpy()
    kernel = blocks.get_layer("classes").get_weights()[0]
    predicted = blocks(digits, training=False).numpy().argmax(axis=1).tolist()
    score_predicted, _, score_weights = score_cam_weights(blocks, digits, "last_relu", "gap", "classes")
    ablation_predicted, _, ablation_weights = ablation_cam_weights(blocks, digits, "last_relu", "classes")
    assert score_predicted == predicted and ablation_predicted == predicted
    blocks_methods = {
        "cam": np.stack([features[n] * kernel[:, c] for n, c in enumerate(predicted)]),
        "scorecam": np.stack([features[n] * np.float32(w) for n, w in enumerate(score_weights)]),
        "ablationcam": np.stack([features[n] * np.float32(w) for n, w in enumerate(ablation_weights)]),
    }
    flat = reloaded(flatten_model, os.path.join(keras3, "flatten-export"))
    with open(os.path.join(keras3, "gradients.json")) as f:
        assert flat.predict(digits, verbose=0).argmax(axis=1).tolist() == json.load(f)["predicted"], \
            "flatten-export's weights did not load"
    flat_predicted, flat_methods = gradient_weighted(flat, digits, "conv_b")
    document = {
        "digits": "the first 16 MNIST test digits, pixels 0..255, each for its predicted class",
        "recipe": "pytorch-grad-cam's eigen_smooth: weighted activations (float32) as (cells x channels), centred per"
                  " channel, numpy SVD, projected on the first right singular vector; 0 where a cell's weighted"
                  " activations are all 0; then cam4j's sign (positive"
                  " uncentred correlation with the positive part of the sum over the channels; with none, centred"
                  " correlation with the sum), then ReLU",
        "blocks": {"layer": "last_relu, 14x14x32", "predicted": predicted},
        "flatten": {"layer": "conv_b, 14x14x16", "predicted": flat_predicted},
    }
    for name, weighted in blocks_methods.items():
        document["blocks"][name] = smoothed(weighted)
    for name, weighted in flat_methods.items():
        document["flatten"][name] = smoothed(weighted)
    return document


def largest_difference(kept, new):
    """The largest difference between two nested lists of maps, over the largest value of the kept ones."""
    a, b = np.asarray(kept, np.float64), np.asarray(new, np.float64)
    assert a.shape == b.shape, (a.shape, b.shape)
    scale = np.abs(a).max()
    return float(np.abs(a - b).max() / scale) if scale > 0 else float(np.abs(b).max())


def kept_or_added(kept, new, what, tolerance=1e-5):
    """Merges a recomputed map set into the one on file: each map set already there must be reproduced within
    tolerance of its largest value (float noise: the same TensorFlow and numpy on the same weights) and is kept to the
    bit, so that the tests' reference does not drift with every rerun; what is new is added."""
    for key, value in new.items():
        if key not in kept:
            kept[key] = value
            print("%s: added %s" % (what, key))
        elif isinstance(value, dict) and "maps" in value and not isinstance(value["maps"], dict):
            off = largest_difference(kept[key]["maps"], value["maps"])
            print("%s %s: reproduced within %.2e of its largest value, kept" % (what, key, off))
            assert off <= tolerance, "%s %s is not reproduced: %.2e" % (what, key, off)
        elif key == "maps":
            kept_or_added(kept[key], value, what + " maps", tolerance)
        elif isinstance(value, list) and value and isinstance(value[0], list):
            off = largest_difference(kept[key], value)
            print("%s %s: reproduced within %.2e of its largest value, kept" % (what, key, off))
            assert off <= tolerance, "%s %s is not reproduced: %.2e" % (what, key, off)
        elif isinstance(value, dict):
            kept_or_added(kept[key], value, what + " " + key, tolerance)
        else:
            assert kept[key] == value, "%s %s: %r on file, %r now" % (what, key, kept[key], value)
    return kept


def gradients_only(keras3):
    """Recomputes gradients.json and eigensmooth.json from the exports' weights (no training): every map on file must
    be reproduced to float noise and is kept as it is; new maps (a method added, the residual section) are added."""
    digits = test_digits()
    flat = reloaded(flatten_model, os.path.join(keras3, "flatten-export"))
    path = os.path.join(keras3, "gradients.json")
    with open(path) as f:
        document = json.load(f)
    predicted, maps = gradient_maps(flat, digits)
    assert predicted.tolist() == document["predicted"], "flatten-export's weights did not load"
    maps.update(finer_and_shapley(flat, digits, predicted))
    kept_or_added(document["maps"], maps, "gradients.json")
    finer = finer_section(flat, digits)
    if "finer" in document:
        assert {k: v for k, v in document["finer"].items() if k != "maps"} == \
            {k: v for k, v in finer.items() if k != "maps"}, "gradients.json finer: another comparison on file"
    kept_or_added(document, {"finer": finer}, "gradients.json")
    blocks = reloaded_blocks(keras3, digits)
    residual = residual_section(blocks, digits)
    for name, maps in zip(("finercam", "shapleycam"),
                          residual_finer_and_shapley(blocks, digits, residual["predicted"])):
        residual["maps"][name] = [[float("%.8g" % v) for v in x] for x in maps]
    if "residual" in document:
        kept_or_added(document["residual"], residual, "gradients.json residual")
    else:
        document["residual"] = residual
        print("gradients.json: added residual (%.1f %% of the activations negative with a gradient)"
              % (100 * residual["negativeWithGradient"]))
    with open(path, "w") as f:
        json.dump(document, f)
    print("wrote", path)
    path = os.path.join(keras3, "eigensmooth.json")
    with open(path) as f:
        smooth = json.load(f)
    kept_or_added(smooth, eigen_smooth_document(keras3), "eigensmooth.json")
    with open(path, "w") as f:
        json.dump(smooth, f)
    print_eigen_smooth(smooth)
    print("wrote", path)


def finer_cam_gradient(logits_of, features, alpha=1.0, ranks=(1, 2, 3), target=None):
    """pytorch-grad-cam's FinerCAM gradient (finer_cam.py, FinerWeightedTarget): the classes sorted by |logit - the
    target's logit| (numpy's argsort of the detached logits, as finer_cam.py does), rank 0 the main category and the
    ranks compared with, the target sum_j p_j (y_main - alpha y_j) / (sum_j p_j + 1e-9) with p the softmax of the
    logits, differentiated through p too; its gradient at the features, float32, summed over the pictures as torch's
    loss is."""
    z = logits_of(features).numpy()
    target_logits = z.max(axis=-1) if target is None else z[:, target]
    order = np.argsort(np.abs(z - target_logits[:, None]), axis=-1)
    main, compared = order[:, 0], order[:, list(ranks)]
    with tf.GradientTape() as tape:
        tape.watch(features)
        logits = logits_of(features)
        p = tf.nn.softmax(logits, axis=-1)
        wn = tf.gather(logits, main, batch_dims=1)
        weights = tf.gather(p, compared, batch_dims=1)
        numerator = tf.reduce_sum(weights * (wn[:, None] - alpha * tf.gather(logits, compared, batch_dims=1)), axis=1)
        loss = tf.reduce_sum(numerator / (tf.reduce_sum(weights, axis=1) + 1e-9))
    return main.tolist(), tape.gradient(loss, features)


def shapley_cam_gradient(logits_of, features, predicted):
    """pytorch-grad-cam's ShapleyCAM gradient (shapley_cam.py): g - 0.5 hvp, with g the class logit's gradient at the
    features and hvp = torch.autograd.grad(grads, activations, grad_outputs=activations), here a nested
    tf.GradientTape's gradient of g with the features as output_gradients (None, where g does not depend on the
    features, taken as 0 as allow_unused=True gives); also whether hvp was there and its largest magnitude."""
    with tf.GradientTape() as outer:
        outer.watch(features)
        with tf.GradientTape() as inner:
            inner.watch(features)
            chosen = tf.gather(logits_of(features), predicted, batch_dims=1)
        g = inner.gradient(chosen, features)
    hvp = outer.gradient(g, features, output_gradients=features)
    if hvp is None:
        return g, None
    return g - 0.5 * hvp, float(tf.reduce_max(tf.abs(hvp)))


def grad_cam_map(g, f):
    """Grad-CAM's map from a gradient and the activations [N, H, W, C]: the gradient's spatial mean weighs the
    channels, summed, then ReLU; flattened per picture."""
    g, f = np.asarray(g, np.float64), np.asarray(f, np.float64)
    return [x.ravel().tolist() for x in np.maximum((g.mean(axis=(1, 2), keepdims=True) * f).sum(axis=3), 0)]


def flatten_logits(m, layer):
    kernel, bias = m.get_layer("classes").get_weights()
    return lambda features: tf.matmul(tf.reshape(features, [features.shape[0], -1]), kernel) + bias


def finer_and_shapley(m, digits, predicted):
    """FinerCAM's (pytorch-grad-cam's defaults) and ShapleyCAM's maps at the Flatten model's conv_b; the Flatten head
    is linear, so ShapleyCAM's hvp is None (0) and its map Grad-CAM's."""
    features = tf.keras.Model(m.inputs, m.get_layer("conv_b").output)(digits)
    logits_of = flatten_logits(m, "conv_b")
    main, finer = finer_cam_gradient(logits_of, features)
    assert main == list(predicted), "FinerCAM's main category is not the predicted class"
    shapley, hvp = shapley_cam_gradient(logits_of, features, np.asarray(predicted))
    print("flatten shapleycam: hvp %s" % ("None (the gradient does not depend on the features)" if hvp is None
                                          else "largest |hvp| %.3g" % hvp))
    return {"finercam": grad_cam_map(finer, features), "shapleycam": grad_cam_map(shapley, features)}


def finer_section(m, digits):
    """gradients.json's "finer" section: FinerCAM at the Flatten model's conv_b with another comparison than the
    default, for a class given for every digit (pytorch-grad-cam's target_idx)."""
    alpha, ranks, target = 0.5, [2, 5], 7
    features = tf.keras.Model(m.inputs, m.get_layer("conv_b").output)(digits)
    main, g = finer_cam_gradient(flatten_logits(m, "conv_b"), features, alpha, ranks, target)
    assert main == [target] * len(main), "a digit's nearest logit to class 7's is another class's"
    return {"layer": "conv_b, 14x14x16", "alpha": alpha, "ranks": ranks, "class": target,
            "maps": grad_cam_map(g, features)}


def residual_finer_and_shapley(blocks, digits, predicted):
    """FinerCAM's and ShapleyCAM's maps at the blocks model's residual Add (through max pooling, a convolution, batch
    normalisation, ReLU, average pooling and the Dense): ShapleyCAM's hvp goes through the max pooling's gradient,
    whose own gradient TensorFlow Python has (_MaxPoolGradGrad) and TensorFlow's C++ registry, which TensorFlow Java
    builds graphs with, lacks (cam4j registers Python's); the head is piecewise linear, so hvp is 0 there."""
    features = tf.keras.Model(blocks.inputs, blocks.get_layer("residual").output)(digits, training=False)
    kernel, bias = blocks.get_layer("classes").get_weights()

    def logits_of(a):
        x = blocks.get_layer("pool")(a)
        x = blocks.get_layer("last_bn")(blocks.get_layer("last_conv")(x), training=False)
        return tf.matmul(blocks.get_layer("gap")(blocks.get_layer("last_relu")(x)), kernel) + bias

    main, finer = finer_cam_gradient(logits_of, features)
    assert main == list(predicted)
    shapley, hvp = shapley_cam_gradient(logits_of, features, np.asarray(predicted))
    print("residual shapleycam: hvp %s" % ("None" if hvp is None else "largest |hvp| %.3g" % hvp))
    return grad_cam_map(finer, features), grad_cam_map(shapley, features)


def gradient_maps(m, digits):
    """The six gradient methods' maps at conv_b, by the formulas pytorch-grad-cam uses, from TensorFlow's gradients:
    gradient_weighted's weighted activations summed over the channels, then ReLU."""
    predicted, weighted = gradient_weighted(m, digits, "conv_b")
    maps = {name: np.maximum(w.sum(axis=3), 0) for name, w in weighted.items()}
    return np.asarray(predicted), {name: [x.ravel().tolist() for x in v] for name, v in maps.items()}


def torchcam_normalize(a):
    """torch-cam's _CAM._normalize over the spatial axes of [..., H, W, C] (channels last here): cams.sub_(min);
    cams.div_(max + 1e-8), in float32."""
    a = a - a.min(axis=(-3, -2), keepdims=True)
    return a / (a.max(axis=(-3, -2), keepdims=True) + np.float32(1e-8))


def torchcam_score_maps(blocks, digits, variant, samples, std=0.0, seed=0):
    """torch-cam's SSCAM (variant "ss") and ISCAM ("is") at the blocks model's last_relu (activation.py,
    ScoreCAM._get_weights and each class's _get_score_weights), channels last: each channel normalised over its own
    cells, upsampled by F.interpolate(bilinear, align_corners=False) (TensorFlow's half-pixel bilinear resize is the
    same rule); SS-CAM adds N(0, std) noise to the upsampled masks each round (java.util.Random(seed) per digit, round
    by round, channel by channel, row by row, as cam4j draws it), IS-CAM scales the masked picture by torch-cam's
    running coefficient; the class's logit less the unmasked picture's, averaged over the rounds, softmax over the
    channels; ReLU(sum_k w_k A_k) on the raw activations (normalized=False)."""
    features = tf.keras.Model(blocks.inputs, blocks.get_layer("last_relu").output)(digits, training=False).numpy()
    pooled = tf.keras.Model(blocks.inputs, blocks.get_layer("gap").output)
    kernel, bias = blocks.get_layer("classes").get_weights()

    def logits_of(x):
        return (pooled(x, training=False).numpy() @ kernel + bias).astype(np.float32)

    baseline = logits_of(digits)
    predicted = baseline.argmax(axis=1)
    height, width = digits.shape[1:3]
    maps = []
    for n in range(len(digits)):
        f = features[n]
        channels = f.shape[-1]
        masks = tf.image.resize(torchcam_normalize(f)[None], (height, width), method="bilinear").numpy()[0]
        masks = np.transpose(masks, (2, 0, 1))[..., None]  # [K, H, W, 1]
        random = JavaRandom(seed) if variant == "ss" else None
        total = np.zeros(channels, np.float64)
        coeff = 0.0
        for s in range(samples):
            if variant == "ss":
                noise = random.gaussians(channels * height * width, std).reshape(channels, height, width, 1)
                masked = digits[n][None] * (masks + noise)
            else:
                coeff += (s + 1) / samples
                masked = np.float32(coeff) * (digits[n][None] * masks)
            total += logits_of(masked)[:, predicted[n]].astype(np.float64) - baseline[n, predicted[n]]
        score = total / samples
        weights = np.exp(score - score.max())
        weights /= weights.sum()
        maps.append(np.maximum((f.astype(np.float64) * weights).sum(axis=2), 0).ravel().tolist())
    return predicted.tolist(), maps


def flatten_features_and_gradient(flat, x, classes):
    """The Flatten model's conv_a activations on x and the given classes' logit gradient there, through the max
    pooling, conv_b's ReLU and the Dense's kernel and bias (its logits, before the softmax)."""
    kernel, bias = flat.get_layer("classes").get_weights()
    features = x
    for layer in flat.layers[:2]:
        features = layer(features)
    with tf.GradientTape() as tape:
        tape.watch(features)
        y = features
        for layer in flat.layers[2:-1]:
            y = layer(y)
        logits = tf.matmul(y, kernel) + bias
        chosen = tf.gather(logits, classes, batch_dims=1)
    return features.numpy(), tape.gradient(chosen, features).numpy(), logits.numpy()


def torchcam_smooth_grad_cam_pp(flat, digits, samples, std, seed):
    """torch-cam's SmoothGradCAMpp (gradient.py, _compute_smoothgrad_weights) at the Flatten model's conv_a, channels
    last, the gradients TensorFlow's float32 and what follows in float64 as cam4j computes it (torch-cam's is float32):
    samples noisy copies of each digit (java.util.Random(seed) per digit, copy by copy, row by row, as cam4j draws it,
    times std, added to the pixels 0..255 the model takes), the predicted class's gradient at each; grad_2 and grad_3
    the means of g^2 and g^3; alpha = grad_2 / (2 grad_2 + sum over cells of grad_3 * A + 1e-8) with A the clean
    digit's activations (init_fmap); w = sum over cells of alpha * ReLU(g); the map ReLU(nansum_k w_k A'_k) where g and
    A' are the last noisy copy's (torch-cam's hooks stay on through the noisy forwards, so hook_g and hook_a hold the
    last copy's when compute_cams reads them).
    The layer is chosen for the formula's conditioning: at the blocks model's residual Add, whose activations go below
    0, alpha's denominator came within 1.4e-5 of its terms' size, and a 1e-7 relative change of the gradients (what two
    TensorFlow builds differ by) moved the maps by 0.19 % of their largest value; at conv_a by 1.6e-5."""
    clean, _, logits = flatten_features_and_gradient(flat, digits, np.zeros(len(digits), np.int64))
    predicted = logits.argmax(axis=1)
    assert predicted.tolist() == flat(digits).numpy().argmax(axis=1).tolist()
    randoms = [JavaRandom(seed) for _ in digits]
    grad_2 = np.zeros(clean.shape, np.float64)
    grad_3 = np.zeros(clean.shape, np.float64)
    for _ in range(samples):
        noise = np.stack([r.gaussians(int(np.prod(digits.shape[1:])), std).reshape(digits.shape[1:]) for r in randoms])
        last_a, last_g, _ = flatten_features_and_gradient(flat, digits + noise, predicted)
        g = last_g.astype(np.float64)
        grad_2 += g ** 2
        grad_3 += g ** 3
    grad_2 /= samples
    grad_3 /= samples
    alpha = grad_2 / (2 * grad_2 + (grad_3 * clean).sum(axis=(1, 2), keepdims=True) + 1e-8)
    weights = (alpha * np.maximum(last_g, 0)).sum(axis=(1, 2), keepdims=True)
    maps = np.maximum(np.nansum(weights * last_a, axis=3), 0)
    return predicted.tolist(), [m.ravel().tolist() for m in maps]


def torchcam_only(keras3):
    """torchcam.json: torch-cam's SSCAM and ISCAM on the blocks model and SmoothGradCAMpp on the Flatten model
    (frgfm/torch-cam f44afef), recomputed in TensorFlow and numpy (blocks-export's and flatten-export's weights read
    back, no training, nothing else rewritten)."""
    digits = test_digits()
    blocks = reloaded_blocks(keras3, digits)
    document = {"digits": "the first 16 MNIST test digits, pixels 0..255", "torchcam": "frgfm/torch-cam f44afef",
                "noise": "java.util.Random(seed).nextGaussian() * std as float, one generator per digit",
                "firstGaussians": {str(seed): JavaRandom(seed).gaussians(8, 1.0).astype(np.float64).tolist()
                                   for seed in (0, 3)}}
    for key, variant, samples, std, seed in (("sscam", "ss", 35, 2.0, 0), ("sscam-5-0.5-3", "ss", 5, 0.5, 3),
                                             ("iscam", "is", 10, 0.0, 0), ("iscam-3", "is", 3, 0.0, 0)):
        predicted, maps = torchcam_score_maps(blocks, digits, variant, samples, std, seed)
        document[key] = {"layer": "last_relu, 14x14x32", "samples": samples, "std": std, "seed": seed,
                         "predicted": predicted, "maps": maps}
        print("torchcam.json: %s, largest value %.4g" % (key, np.max(maps)))
    flat = reloaded(flatten_model, os.path.join(keras3, "flatten-export"))
    for key, samples, std, seed in (("smoothgradcampp", 4, 40.0, 3), ("smoothgradcampp-1-0.3-0", 1, 0.3, 0)):
        predicted, maps = torchcam_smooth_grad_cam_pp(flat, digits, samples, std, seed)
        document[key] = {"layer": "conv_a (ReLU) of flatten-export, 28x28x8", "tensor": "conv_a_1/Relu",
                         "samples": samples,
                         "std": std, "seed": seed, "predicted": predicted, "maps": maps}
        print("torchcam.json: %s, largest value %.4g" % (key, np.max(maps)))
    path = os.path.join(keras3, "torchcam.json")


PIXEL_SAMPLES, PIXEL_NOISE, PIXEL_SEED, IG_STEPS = 5, 0.2, 0, 10


def input_gradients(logits_of, x, classes):
    """d logits[i, classes[i]] / d x, TensorFlow's, for float32 pixels x [N, H, W, C]; float64."""
    x = tf.constant(np.asarray(x, np.float32))
    with tf.GradientTape() as tape:
        tape.watch(x)
        chosen = tf.gather(logits_of(x), tf.constant(classes), batch_dims=1)
    return tape.gradient(chosen, x).numpy().astype(np.float64)


def pixel_maps(logits_of, digits):
    """The four pixel attribution maps of each digit for its predicted class (the logit's argmax), as cam4j's
    PixelMethod defines them: saliency max_c |g| (tf-keras-vis Saliency), gradient x input sum_c |x g| (tf-explain
    GradientsInputs), SmoothGrad max_c mean_s |g(x + n_s)| with n_s ~ N(0, (0.2 (max x - min x))^2) drawn by
    java.util.Random(0).nextGaussian() afresh for each digit, copy by copy, pixel by pixel (tf-keras-vis
    Saliency(smooth_samples=5, smooth_noise=0.2)), and Integrated Gradients sum_c |x mean_i g(i/9 x)|, i = 0..9
    (tf-explain's path, times the input as the paper's formula)."""
    x = np.asarray(digits, np.float64)
    predicted = tf.argmax(logits_of(tf.constant(digits)), axis=1).numpy()
    n, plane = x.shape[0], int(np.prod(x.shape[1:]))
    g = input_gradients(logits_of, digits, predicted)
    maps = {"saliency": np.abs(g).max(axis=3),
            "gradxinput": np.abs(np.float32(x) * np.float32(g)).sum(axis=3)}
    noise = JavaRandom(PIXEL_SEED).raw_gaussians(PIXEL_SAMPLES * plane).reshape((PIXEL_SAMPLES,) + x.shape[1:])
    smooth, integrated = [], []
    for i in range(n):
        sigma = PIXEL_NOISE * (float(np.float32(x[i]).max()) - float(np.float32(x[i]).min()))
        copies = (x[i][None] + sigma * noise).astype(np.float32)
        gs = input_gradients(logits_of, copies, [predicted[i]] * PIXEL_SAMPLES)
        smooth.append((np.abs(gs).sum(axis=0) / PIXEL_SAMPLES).max(axis=2))
        path = np.stack([(x[i] * k / (IG_STEPS - 1)).astype(np.float32) for k in range(IG_STEPS)])
        gi = input_gradients(logits_of, path, [predicted[i]] * IG_STEPS)
        integrated.append(np.abs(x[i] * (gi.sum(axis=0) / IG_STEPS)).sum(axis=2))
    maps["smoothgrad"] = np.stack(smooth)
    maps["integratedgradients"] = np.stack(integrated)
    return predicted.tolist(), {k: [[float("%.8g" % v) for v in m.ravel()] for m in v] for k, v in maps.items()}


def pixel_only(keras3):
    """pixel.json: the pixel attribution maps (pixel_maps) of the first 16 test digits on the Flatten and the blocks
    models, whose logits are their last Dense's pre-activation, differentiated by the pixels 0..255 the models take
    (their Rescaling(1/255) inside)."""
    digits = test_digits()
    flat = reloaded(flatten_model, os.path.join(keras3, "flatten-export"))
    blocks = reloaded_blocks(keras3, digits)
    kernel, bias = flat.get_layer("classes").get_weights()
    flat_features = tf.keras.Model(flat.inputs, flat.get_layer("conv_b").output)
    flat_logits = lambda x: tf.matmul(tf.reshape(flat_features(x), [x.shape[0], -1]), kernel) + bias
    blocks_kernel, blocks_bias = blocks.get_layer("classes").get_weights()
    pooled = tf.keras.Model(blocks.inputs, blocks.get_layer("gap").output)
    blocks_logits = lambda x: tf.matmul(pooled(x, training=False), blocks_kernel) + blocks_bias
    document = {"digits": "the first 16 MNIST test digits, pixels 0..255, each explained for its predicted class",
                "smoothgrad": {"samples": PIXEL_SAMPLES, "noise": PIXEL_NOISE, "seed": PIXEL_SEED},
                "igSteps": IG_STEPS}
    for name, logits_of in (("flatten", flat_logits), ("blocks", blocks_logits)):
        predicted, maps = pixel_maps(logits_of, digits)
        document[name] = {"predicted": predicted, "maps": maps}
        for key, v in maps.items():
            print("pixel.json %s %s: largest value %.4g" % (name, key, np.abs(np.array(v)).max()))
    path = os.path.join(keras3, "pixel.json")
    with open(path, "w") as f:
        json.dump(document, f)
    print("wrote", path)


def fem_maps(features, k):
    """pytorch-grad-cam's FEM (fem.py) on features [N, H, W, C]: per channel, the share of cells above the mean plus k
    times numpy's (population) standard deviation weighs it, ReLU(sum_k w_k A_k); in float64, as cam4j computes it.
    Also how many channel weights pytorch-grad-cam's float32 arithmetic would count differently, and the smallest
    distance of any activation from its threshold over the largest activation (float noise between TensorFlow's Python
    and Java builds, ~1e-7 of it, cannot move a cell across a threshold farther than that)."""
    maps, differ, margin = [], 0, np.inf
    for f in features:
        cells = f.reshape(-1, f.shape[-1]).astype(np.float64)
        threshold = cells.mean(axis=0) + k * cells.std(axis=0)
        weights = (cells > threshold).mean(axis=0)
        f32 = f.reshape(-1, f.shape[-1]).astype(np.float32)
        weights32 = (f32 > f32.mean(axis=0) + np.float32(k) * f32.std(axis=0)).mean(axis=0)
        differ += int((weights != weights32).sum())
        varying = cells.std(axis=0) > 0
        if varying.any():
            margin = min(margin, float(np.abs(cells - threshold)[:, varying].min() / max(np.abs(cells).max(), 1e-30)))
        maps.append(np.maximum(cells @ weights, 0))
    return maps, differ, margin


def cam4j_signed(projection, features):
    """cam4j's sign for a projection of one picture's cells (Eigen-CAM's): the one that correlates positively with
    each cell's total activation, centred; then ReLU. Returns the map and whether the projection was turned over."""
    total = features.reshape(-1, features.shape[-1]).astype(np.float64).sum(axis=1)
    turned = (projection * (total - total.mean())).sum() < 0
    return np.maximum(-projection if turned else projection, 0), bool(turned)


def feature_methods_only(keras3):
    """feature-methods.json: FEM, KPCA-CAM (scikit-learn's KernelPCA, run by kpca_reference.py under a Python that has
    scikit-learn: $SKLEARN_PYTHON, default /usr/bin/python3) and RandomCAM on the blocks model at last_relu (14x14x32,
    196 cells: scikit-learn's dense eigen solver) and at its residual Add (28x28x16, 784 cells, values below 0:
    scikit-learn's ARPACK), the first 16 test digits. No training, nothing else rewritten."""
    import tempfile
    digits = test_digits()
    blocks = reloaded_blocks(keras3, digits)
    predicted = blocks(digits, training=False).numpy().argmax(axis=1).tolist()
    layers = {
        "last_relu": (None, tf.keras.Model(blocks.inputs, blocks.get_layer("last_relu").output)),
        "residual": ("residual_1/Add", tf.keras.Model(blocks.inputs, blocks.get_layer("residual").output)),
    }
    features = {name: model(digits, training=False).numpy().astype(np.float32) for name, (_, model) in layers.items()}
    kernels = ["sigmoid", "rbf", "linear", "poly", "cosine", "sigmoid:0.01", "rbf:0.05", "poly:0.02"]
    with tempfile.TemporaryDirectory() as scratch:
        given, got = os.path.join(scratch, "in.npz"), os.path.join(scratch, "out.npz")
        np.savez(given, kernels=np.array(kernels), **features)
        subprocess.run([os.environ.get("SKLEARN_PYTHON", "/usr/bin/python3"), os.path.join(HERE, "kpca_reference.py"),
                        given, got], check=True)
        sklearn_out = dict(np.load(got))
    document = {
        "digits": "the first 16 MNIST test digits, pixels 0..255; every method gives each class the same map",
        "predicted": predicted,
        "sklearn": str(sklearn_out["sklearn_version"]),
        "recipe": "fem: pytorch-grad-cam's FEM in float64 (weights: share of cells above mean + k * population std);"
                  " randomcam: weights new java.util.Random(seed).nextDouble() * 2 - 1 per channel, ReLU(sum w_k A_k),"
                  " randomcam-eigen: those weighted features eigen-smoothed as eigensmooth.json's; kpcacam: scikit-learn"
                  " KernelPCA(n_components=1, kernel, gamma).fit_transform of the centred (cells x channels) float64"
                  " matrix, then cam4j's sign (positive correlation with the cells' total activation), ReLU",
        "layers": [],
    }
    random_weights = JavaRandom(0).doubles(32) * 2 - 1
    for name, (tensor, _) in layers.items():
        f = features[name]
        channels = f.shape[-1]
        entry = {"name": name, "tensor": tensor, "cells": int(f.shape[1] * f.shape[2]), "channels": int(channels),
                 "methods": {}}
        # k = 1 is left out: an activation of last_relu lies 9e-8 of the largest from its threshold, within the float
        # noise between TensorFlow builds, and cam4j counted it on the other side (digit 13).
        for k in (2.0, 3.0):
            maps, differ, margin = fem_maps(f, k)
            entry["methods"]["fem-k%g" % k] = {"method": "fem", "k": k, "maps": [m.tolist() for m in maps],
                                               "float32WeightsDiffer": differ, "thresholdMargin": margin}
        w = random_weights[:channels]
        entry["methods"]["randomcam"] = {"method": "randomcam", "seed": 0, "maps": [
            np.maximum(x.reshape(-1, channels).astype(np.float64) @ w, 0).tolist() for x in f]}
        smooth = smoothed(f * np.float32(w))
        entry["methods"]["randomcam-eigen"] = {"method": "randomcam", "seed": 0, "eigenSmooth": True,
                                               "maps": smooth["maps"]}
        for spec in kernels:
            kernel, _, gamma = spec.partition(":")
            p64 = sklearn_out["%s|%s|float64" % (name, spec)]
            p32 = sklearn_out["%s|%s|float32" % (name, spec)]
            maps, turned, off = [], 0, 0.0
            for n in range(len(f)):
                m, t = cam4j_signed(p64[n], f[n])
                maps.append(m)
                turned += t
                m32 = np.maximum((-1 if t else 1) * p32[n], 0)
                # scikit-learn's float32 sign can differ from its float64 one only where its largest entry is a tie.
                m32 = m32 if np.abs(m32 - m).max() <= np.abs(np.maximum(-(-1 if t else 1) * p32[n], 0) - m).max() \
                    else np.maximum(-(-1 if t else 1) * p32[n], 0)
                off = max(off, float(np.abs(m32 - m).max()))
            largest = max(float(m.max()) for m in maps)
            method = {"method": "kpcacam", "kernel": kernel, "maps": [m.tolist() for m in maps],
                      "sklearnSignTurned": int(turned), "float32Error": off / largest if largest > 0 else 0.0}
            if gamma:
                method["gamma"] = float(gamma)
            entry["methods"]["kpcacam-" + spec.replace(":", "-gamma")] = method
        document["layers"].append(entry)
    for entry in document["layers"]:
        if entry["name"] == "residual":
            # At 784 cells the file's size is in the residual maps: the kernels whose eigenvalues ARPACK finds hardest
            # (indefinite sigmoid, rbf, cosine), FEM and RandomCAM.
            entry["methods"] = {k: v for k, v in entry["methods"].items() if k in (
                "fem-k2", "fem-k3", "randomcam", "kpcacam-sigmoid", "kpcacam-rbf", "kpcacam-cosine",
                "kpcacam-sigmoid-gamma0.01")}
        for method in entry["methods"].values():
            # 7 significant digits: 1e-7 of a value, a thousandth of the Java test's tolerance, at half the file's size.
            method["maps"] = [[float("%.7g" % v) for v in m] for m in method["maps"]]
    with open(os.path.join(keras3, "feature-methods.json"), "w") as out:
        json.dump(document, out)
    for entry in document["layers"]:
        for key, method in entry["methods"].items():
            largest = max(max(m) for m in method["maps"])
            blank = sum(1 for m in method["maps"] if max(m) == 0)
            notes = ", ".join("%s %s" % (k, v) for k, v in method.items()
                              if k in ("float32WeightsDiffer", "thresholdMargin", "sklearnSignTurned", "float32Error"))
            print("%s %s: largest %.4g, %d blank maps; %s" % (entry["name"], key, largest, blank, notes))
    print("wrote", os.path.join(keras3, "feature-methods.json"))


def scale_cam_image(cams):
    """pytorch-grad-cam's utils/image.py scale_cam_image without a target size, on float32 maps [N, H, W]: each map
    less its minimum, over 1e-7 plus its new maximum."""
    out = []
    for img in np.float32(cams):
        img = img - np.min(img)
        img = img / (1e-7 + np.max(img))
        out.append(img)
    return np.float32(out)


def two_layer_gradients(blocks, digits):
    """The blocks model's depthwise_relu6 (inside the residual branch) and residual Add, both 28x28x16, and the
    predicted class logit's gradient at each: the tape runs from depthwise_relu6 through project, project_bn, the Add
    with the picture's own shortcut (stem_relu6's output, held fixed: the branch's layer does not feed it) and the
    layers after the Add; the rest of the model is checked to give its own probabilities and residual activations."""
    layer = {l.name: l for l in blocks.layers}
    kernel, bias = layer["classes"].get_weights()
    inner = tf.keras.Model(blocks.inputs, [layer["stem_relu6"].output, layer["depthwise_relu6"].output,
                                           layer["residual"].output])
    shortcut, branch, residual = inner(digits, training=False)
    with tf.GradientTape() as tape:
        tape.watch(branch)
        added = layer["residual"]([shortcut, layer["project_bn"](layer["project"](branch), training=False)])
        x = added
        for name in ("pool", "last_conv", "last_bn", "last_relu", "gap"):
            x = layer[name](x, training=False)
        logits = tf.matmul(x, kernel) + bias
        predicted = tf.argmax(logits, axis=1)
        chosen = tf.gather(logits, predicted, batch_dims=1)
    assert np.allclose(added.numpy(), residual.numpy(), atol=1e-5)
    assert np.allclose(tf.nn.softmax(logits).numpy(), blocks(digits, training=False).numpy(), atol=1e-5)
    g_branch, g_residual = tape.gradient(chosen, [branch, added])
    return predicted.numpy().tolist(), [(g_branch.numpy(), branch.numpy()), (g_residual.numpy(), added.numpy())]


def layers_only(keras3):
    """layers.json: Grad-CAM and LayerCAM of the blocks model's first 16 test digits over two target layers,
    depthwise_relu6 and residual (both 28x28, the input's size, so that pytorch-grad-cam's cv2.resize to the input and
    cam4j's placement of cells are both the identity and the comparison is exact), each for its predicted class, as
    BaseCAM.compute_cam_per_layer and aggregate_multi_layers make them: per layer the method's map (float32, as
    pytorch-grad-cam's arrays are), ReLU, scale_cam_image; then the layers' maps ReLU-ed, averaged, and
    scale_cam_image-d again. Each layer's own scaled map is kept too, to show the fused map is neither."""
    digits = test_digits()
    blocks = reloaded_blocks(keras3, digits)
    predicted, per_layer = two_layer_gradients(blocks, digits)
    methods = {}
    for key in ("gradcam", "layercam"):
        scaled = []
        for g, f in per_layer:
            g, f = np.float32(g), np.float32(f)
            if key == "gradcam":
                weighted = g.mean(axis=(1, 2), keepdims=True) * f
            else:
                weighted = np.maximum(g, 0) * f
            cam = np.maximum(weighted.sum(axis=3), 0)
            scaled.append(scale_cam_image(cam))
        fused = scale_cam_image(np.mean(np.maximum(np.stack(scaled, axis=1), 0), axis=1))
        methods[key] = {"maps": [[float("%.8g" % v) for v in m.ravel()] for m in fused],
                        "layerMaps": [[[float("%.8g" % v) for v in m.ravel()] for m in s] for s in scaled]}
    document = {"layers": ["depthwise_relu6 (inside the residual branch), 28x28x16",
                           "residual (Add of the ReLU6 shortcut and a batch normalisation), 28x28x16"],
                "tensors": ["depthwise_relu6_1/Relu6", "residual_1/Add"], "predicted": predicted,
                "methods": methods}
    with open(os.path.join(keras3, "layers.json"), "w") as f:
        json.dump(document, f)
    for key, method in methods.items():
        fused = np.array(method["maps"])
        for n, layer_maps in enumerate(method["layerMaps"]):
            print("%s: fused map's largest distance from layer %d's own: %.3g" % (
                key, n, float(np.abs(fused - np.array(layer_maps)).max())))
    print("wrote", os.path.join(keras3, "layers.json"))


def occlusion_only(keras3):
    """occlusion.json: tf-explain's OcclusionSensitivity.get_sensitivity_map on the blocks model (which takes pixels
    0..255, so tf-explain's grey, 127.5, is fed as it is) for the first 16 test digits: their predicted class with
    patches of 4 (7x7 tiles) and 7 (4x4), and of 5 (6x6 tiles, the last row and column cut to 3 pixels), and class 3
    given for the first four with patches of 4. Each case holds the tile grid (1 - confidence) and, for the first four
    digits with patches of 4 and 7, tf-explain's map (cv2.resize of the grid to 28x28). No training, nothing else
    rewritten."""
    import tempfile
    digits = test_digits()
    blocks = reloaded_blocks(keras3, digits)
    predicted = blocks(digits, training=False).numpy().argmax(axis=1).tolist()
    cases = [(i, predicted[i], patch) for patch in (4, 7, 5) for i in range(16)] + [(i, 3, 4) for i in range(4)]
    opencv = os.environ.get("OPENCV_PYTHON", "/usr/bin/python3")
    tf_explain = os.environ.get("TF_EXPLAIN", "/tmp/tfexplain-9d7d1e9")
    helper = os.path.join(HERE, "occlusion_reference.py")
    with tempfile.TemporaryDirectory() as scratch:
        given, patches, predictions, got = (os.path.join(scratch, n) for n in
                                            ("in.npz", "patches.npz", "predictions.npz", "out.npz"))
        np.savez(given, images=digits, cases=np.array(cases, np.int64))
        subprocess.run([opencv, helper, tf_explain, "patches", given, patches], check=True)
        copies = np.load(patches)
        np.savez(predictions, **{key: blocks(copies[key].astype(np.float32), training=False).numpy()
                                 for key in copies.files})
        subprocess.run([opencv, helper, tf_explain, "maps", given, patches, predictions, got], check=True)
        out = dict(np.load(got))
    document = {
        "digits": "the first 16 MNIST test digits, pixels 0..255, fed to blocks-export as they are",
        "tfExplain": "sicara/tf-explain 9d7d1e9, tf_explain/core/occlusion_sensitivity.py (get_sensitivity_map),"
                     " run by python-export/occlusion_reference.py",
        "opencv": str(out["cv2_version"]),
        "fill": 127.5,
        "cases": [],
    }
    for k, (digit, class_index, patch) in enumerate(cases):
        grid = out["grid%d" % k]
        case = {"digit": digit, "class": class_index, "predicted": class_index == predicted[digit], "patch": patch,
                "gridShape": list(grid.shape), "grid": grid.ravel().tolist()}
        if digit < 4 and patch in (4, 7) and class_index == predicted[digit]:
            case["map"] = out["map%d" % k].ravel().tolist()
        document["cases"].append(case)
    with open(os.path.join(keras3, "occlusion.json"), "w") as f:
        json.dump(document, f)
    print("wrote", os.path.join(keras3, "occlusion.json"), "(%d cases)" % len(cases))


def main():
    if sys.argv[1] == "--occlusion":
        occlusion_only(sys.argv[2])
        return
    if sys.argv[1] == "--torchcam":
        torchcam_only(sys.argv[2])
        return
    if sys.argv[1] == "--feature-methods":
        feature_methods_only(sys.argv[2])
        return
    if sys.argv[1] == "--ablation":
        ablation_only(sys.argv[2])
        return
    if sys.argv[1] == "--eigen-smooth":
        eigen_smooth_only(sys.argv[2])
        return
    if sys.argv[1] == "--layers":
        layers_only(sys.argv[2])
        return
    if sys.argv[1] == "--gradients":
        gradients_only(sys.argv[2])
        return
    if sys.argv[1] == "--pixel":
        pixel_only(sys.argv[2])
        return
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
    tf.keras.utils.set_random_seed(7)
    flat = flatten_model()
    flat.compile(optimizer=tf.keras.optimizers.Adam(0.003), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    flat.fit(x, y, batch_size=64, epochs=3, verbose=2)
    flat_accuracy = float(flat.evaluate(test, test_labels, verbose=0)[1])
    flat.export(os.path.join(out, "flatten-export"))
    predicted, maps = gradient_maps(flat, digits)
    gradients = {
        "testAccuracy": flat_accuracy,
        "digits": "the first 16 MNIST test digits, pixels 0..255",
        "layer": "conv_b (ReLU), 14x14x16",
        "predicted": predicted.tolist(),
        "maps": maps,
    }
    tf.keras.utils.set_random_seed(7)
    blocks = blocks_model()
    blocks.compile(optimizer=tf.keras.optimizers.Adam(0.003), loss="sparse_categorical_crossentropy",
                   metrics=["accuracy"])
    blocks.fit(x, y, batch_size=64, epochs=3, verbose=2)
    blocks_accuracy = float(blocks.evaluate(test, test_labels, verbose=0)[1])
    blocks.export(os.path.join(out, "blocks-export"))
    with open(os.path.join(out, "gradients.json"), "w") as f:
        json.dump(dict(gradients, residual=residual_section(blocks, digits)), f)
    with open(os.path.join(out, "blocks-reference.json"), "w") as f:
        json.dump(dict(cam_reference(blocks, digits, "last_relu", "classes"), testAccuracy=blocks_accuracy,
                       digits="the first 16 MNIST test digits, pixels 0..255"), f)
    tf.keras.utils.set_random_seed(7)
    dark_fails_model().export(os.path.join(out, "dark-fails-export"))
    predicted, maps = score_cam(blocks, digits, "last_relu", "gap", "classes")
    with open(os.path.join(out, "blocks-scorecam.json"), "w") as f:
        json.dump({"digits": "the first 16 MNIST test digits, pixels 0..255", "layer": "last_relu, 14x14x32",
                   "predicted": predicted, "maps": maps}, f)
    with open(os.path.join(out, "blocks-eigencam.json"), "w") as f:
        json.dump({"digits": "the first 16 MNIST test digits, pixels 0..255", "layer": "last_relu, 14x14x32",
                   "maps": eigen_cam(blocks, digits, "last_relu")}, f)
    write_ablation_reference(blocks, digits, out)
    for name, build in (("nested", nested_model), ("normalized", lambda: normalized_model(x[:2000])),
                        ("augmented", augmented_model), ("resized", resized_model)):
        tf.keras.utils.set_random_seed(7)
        extra = build()
        extra.compile(optimizer=tf.keras.optimizers.Adam(0.003), loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
        extra.fit(x, y, batch_size=64, epochs=10, verbose=2)
        extra_accuracy = float(extra.evaluate(test, test_labels, verbose=0)[1])
        extra_file = os.path.join(out, name + ".keras")
        extra.save(extra_file)
        # No --pixel-scale: export_cam.py must find by itself that they take pixels 0..255.
        if name != "resized":
            subprocess.run([sys.executable, os.path.join(HERE, "export_cam.py"), extra_file,
                            os.path.join(out, name + "-cam-export"), "--light-on-dark", "--test-accuracy",
                            "%.4f" % extra_accuracy], check=True)
        os.remove(extra_file)
        if name in ("normalized", "augmented", "resized"):
            extra.export(os.path.join(out, name + "-export"))
        with open(os.path.join(out, name + "-reference.json"), "w") as f:
            json.dump(dict(cam_reference(extra, digits, None, "classes"), testAccuracy=extra_accuracy,
                           digits="the first 16 MNIST test digits, pixels 0..255"), f)
    refusal_exports(out)
    eigen_smooth_only(out)
    # fingerprint.pb is TensorFlow's checksum record of a SavedModel, which loaders do not need: cam4j's tests keep
    # the folders without it.
    for folder, _, files in os.walk(out):
        if "fingerprint.pb" in files:
            os.remove(os.path.join(folder, "fingerprint.pb"))
    print("wrote", out, "test accuracy %.4f (GAP model), %.4f (Flatten model), %.4f (blocks model)"
          % (accuracy, flat_accuracy, blocks_accuracy))


if __name__ == "__main__":
    main()
