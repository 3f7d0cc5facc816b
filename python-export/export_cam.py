#!/usr/bin/env python3
"""Export a Keras classifier that ends in GlobalAveragePooling2D -> Dense as a SavedModel in cam4j's CAM contract.

The contract (README.md of cam4j, "SavedModel contract"):
  signature serving_default: images float32 [N,H,W,C] -> probabilities [N,classes]
  signature cam:             images -> features [N,h,w,K] (what the pooling reduces), logits, probabilities
  signature cam_weights:     ()     -> kernel [K,classes], bias [classes]
  assets/cam4j.json:         model metadata (input size, pixel scaling, labels, ...)

Usage:
  python export_cam.py MODEL OUT_DIR [--pixel-scale S] [--pixel-offset O] [--preprocess caffe|torch|tf|raw]
      [--labels 0,1,2,...]
      [--light-on-dark] [--test-accuracy 0.99] [--trust]

MODEL is a .keras or .h5 file; under Keras 2 (TensorFlow up to 2.15) also a Keras SavedModel folder. Keras 3
(TensorFlow 2.16 on) cannot load a SavedModel folder as a Keras model: save the model as .keras, or give the folder to
cam4j as it is (cam4j reads Keras SavedModels directly: `cam4j inspect --model DIR`).

What is exported is computed from the features once per call: logits = mean(features) . kernel + bias, and
probabilities = softmax(logits), which is what the model computes for the heads this script accepts (a Dense with
softmax or linear activation, optionally followed by a softmax Activation or Softmax layer; Dropout between the
pooling and the Dense; or, after a pooling with keepdims=True, Dropout, a 1x1 Conv2D to the classes, a Reshape or
Flatten and a softmax, as keras.applications' MobileNet ends). Other heads (sigmoid, an activation between pooling and
Dense) are refused; the message says when cam4j reads the model from the folder Keras writes itself
(model.export(DIR)), as it does sigmoid heads.

Targets TensorFlow 2.10 to 2.21 (Keras 2 and 3). Run with TensorFlow 2.21.0 and Keras 3.15.1 (make_test_models.py
writes the exports cam4j's tests import); not run under Keras 2 (see README.md).
"""
import argparse
import inspect
import json
import math
import os
import shutil
import sys

import numpy as np
import tensorflow as tf

FORMAT = "cam4j-savedmodel/1"
# Heads this script cannot write in the contract that cam4j still reads from the folder Keras writes itself.
ROUTE_1 = ("; cam4j reads such a model from the folder Keras 3 writes itself: model.export(DIR), then"
           " cam4j inspect --model DIR")
L = tf.keras.layers


def fail(message):
    sys.exit("export_cam: " + message)


# Java's Float.MIN_NORMAL: cam4j refuses a pixel scale below it.
FLOAT32_MIN_NORMAL = 1.1754943508222875e-38


def breaks_a_line(c):
    """Whether a character breaks or turns a line of text, as cam4j's LabelText judges it: a control character
    (Java's Character.isISOControl: U+0000..U+001F and U+007F..U+009F), a line or paragraph separator, or a text
    direction override or isolate."""
    o = ord(c)
    return o <= 0x1F or 0x7F <= o <= 0x9F or o in (0x2028, 0x2029) or 0x202A <= o <= 0x202E or 0x2066 <= o <= 0x2069


def keras_major():
    version = getattr(tf.keras, "__version__", None)
    if version is None:
        try:
            import keras
            version = keras.__version__
        except ImportError:
            version = "2"
    return int(str(version).split(".")[0])


def load(path, trust=False):
    """Loads a Keras model from a .keras/.h5 file or (Keras 2 only) a Keras SavedModel folder. trust: run the Python
    code a Lambda layer holds (Keras 3's safe_mode=False)."""
    if not os.path.exists(path):
        fail("%s does not exist" % path)
    if os.path.isdir(path) and keras_major() >= 3:
        fail("%s is a SavedModel folder, which Keras 3 cannot load as a Keras model (load_model takes .keras and .h5 only):"
             " save the model with model.save('model.keras') and export that, or give the folder to cam4j as it is"
             " (cam4j inspect --model %s)" % (path, path))
    # Keras 2.12 and later refuse a Lambda layer's code too unless told (load_model's safe_mode, True by default);
    # earlier ones have no safe_mode and run the code. Asked of load_model itself, not of the version number.
    takes_safe_mode = "safe_mode" in inspect.signature(tf.keras.models.load_model).parameters
    options = {"safe_mode": False} if trust and takes_safe_mode else {}
    try:
        model = tf.keras.models.load_model(path, compile=False, **options)
    except Exception as e:  # Keras raises ValueError, TypeError, OSError... : the user needs its words, on one line
        words = " ".join(str(e).split())
        if "Lambda" in words and "safe_mode" in words:
            fail("%s holds a Lambda layer whose Python code Keras will not run unless told: give --trust if you trust"
                 " the file (Keras' safe_mode=False), or give cam4j the folder model.export(DIR) writes" % path)
        fail("%s did not load as a Keras model (%s: %s)" % (path, type(e).__name__, words))
    if not hasattr(model, "layers") or getattr(model, "inputs", None) is None:
        fail("%s did not load as a Keras model with layers and inputs (a plain tf.saved_model.save folder, or a subclassed"
             " model): save it as .keras from a Sequential or Functional model" % path)
    return model


def activation_name(layer):
    """The activation as the layer's config names it ("softmax", "linear", ...): the same in Keras 2 and 3."""
    name = layer.get_config().get("activation", "linear")
    return name if isinstance(name, str) else str(name)


def is_softmax(layer):
    return activation_name(layer) == "softmax"


def is_linear(layer):
    return activation_name(layer) == "linear"


def cam_layers(model):
    """Finds the last GlobalAveragePooling2D and the one Dense layer after it (or, after a pooling that keeps its
    dimensions, the one 1x1 Conv2D); returns the pooling and a Classifier; fails with a reason otherwise."""
    layers = model.layers
    gap_index = None
    for i, layer in enumerate(layers):
        if isinstance(layer, L.GlobalAveragePooling2D):
            gap_index = i
    if gap_index is None:
        nested = [l.name for l in layers if isinstance(l, tf.keras.Model)
                  and any(isinstance(n, L.GlobalAveragePooling2D) for n in l.layers)]
        if nested:
            fail("the GlobalAveragePooling2D is inside the nested model %s (e.g. an application with pooling='avg'):"
                 " rebuild the model with the base's output, a GlobalAveragePooling2D and the Dense at the top level"
                 % nested + ROUTE_1)
        fail("the model has no GlobalAveragePooling2D layer; CAM needs one before the classifier (cam4j explains"
             " such a model by Grad-CAM from the folder model.export(DIR) writes: cam4j explain --method gradcam"
             " --model DIR)")
    gap = layers[gap_index]
    config = gap.get_config()
    if config.get("data_format", "channels_last") != "channels_last":
        fail("GlobalAveragePooling2D '%s' is channels_first; cam4j reads features as [N, h, w, K]" % gap.name)
    if config.get("keepdims", False):
        return gap, kept_dims_head(gap, layers[gap_index + 1:])
    tail = layers[gap_index + 1:]
    dense_at = [i for i, l in enumerate(tail) if isinstance(l, L.Dense)]
    names = [type(l).__name__ for l in tail]
    if len(dense_at) != 1:
        # Heads cam4j reads from model.export's folder (since helper-182): a Dense on each cell before the pooling
        # (a 1x1 convolution head), and Dense layers with no activation between them (folded into one).
        dense_before = gap_index > 0 and isinstance(layers[gap_index - 1], L.Dense)
        linear_chain = (len(dense_at) > 1 and all(isinstance(l, (L.Dense, L.Dropout)) for l in tail[:dense_at[-1]])
                        and all(is_linear(tail[i]) for i in dense_at[:-1]))
        fail("after GlobalAveragePooling2D CAM needs exactly one Dense layer; found %s" % names
             + (" (Dense '%s' comes before the pooling, on each cell)" % layers[gap_index - 1].name + ROUTE_1
                if not dense_at and dense_before
                else " (Dense layers with no activation between them, which it folds into one)" + ROUTE_1
                if linear_chain else ""))
    dense = tail[dense_at[0]]
    before, after = tail[:dense_at[0]], tail[dense_at[0] + 1:]
    if any(not isinstance(l, L.Dropout) for l in before):
        # Layers that are affine at inference: cam4j's import folds them into the classifier; a non-linearity it
        # refuses too.
        affine = tuple(getattr(L, n) for n in ("Dropout", "BatchNormalization", "ActivityRegularization",
                                               "GaussianNoise", "GaussianDropout") if hasattr(L, n))
        fail("between GlobalAveragePooling2D and Dense this script takes only Dropout (anything else changes the"
             " logits CAM explains); found %s" % names
             + (ROUTE_1 + " (it folds layers that are linear at inference, such as BatchNormalization, into the"
                " classifier)" if all(isinstance(l, affine) for l in before) else ""))
    softmaxes = 1 if is_softmax(dense) else 0
    if not softmaxes and not is_linear(dense):
        fail("Dense '%s' has activation %s; this script writes a softmax classifier (softmax, or linear followed by"
             " softmax)" % (dense.name, activation_name(dense))
             + (ROUTE_1 + " (a sigmoid head, binary or multi-label, included)" if activation_name(dense) == "sigmoid"
                else ""))
    for l in after:
        if isinstance(l, L.Softmax) or (isinstance(l, L.Activation) and is_softmax(l)):
            softmaxes += 1
        elif isinstance(l, L.Activation) and is_linear(l):
            continue
        else:
            sigmoid = isinstance(l, L.Activation) and activation_name(l) == "sigmoid"
            log_softmax = isinstance(l, L.Activation) and activation_name(l) == "log_softmax"
            fail("after Dense '%s' only a softmax Activation or Softmax layer may come; found %s%s" % (dense.name, names,
                 " (a sigmoid head, binary or multi-label: this script writes a softmax classifier)" + ROUTE_1
                 if sigmoid else " (a log_softmax Activation: log-probabilities)" + ROUTE_1 if log_softmax else ""))
    if softmaxes > 1:
        fail("the head applies softmax twice; cam4j reads one softmax over the logits")
    # A head without softmax (trained with from_logits=True) is exported with softmax over its logits: the class
    # probabilities such a model stands for.
    return gap, Classifier(dense)


class Classifier:
    """The linear map from the pooled features to the logits: a Dense layer's kernel [K, classes] and bias, or those of
    a 1x1 Conv2D of the pooled map kept 4-D (keras.applications' MobileNet head), its kernel [1, 1, K, classes]."""

    def __init__(self, layer):
        weights = layer.get_weights()
        kernel = np.asarray(weights[0])
        self.kernel = kernel.reshape(kernel.shape[-2], kernel.shape[-1])
        self.units = self.kernel.shape[1]
        self.bias = np.asarray(weights[1]) if layer.use_bias else np.zeros(self.units, np.float32)


NON_LINEAR_LAYERS = tuple(getattr(L, n) for n in ("ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax") if hasattr(L, n))


def kept_dims_head(gap, tail):
    """The classifier after a GlobalAveragePooling2D(keepdims=True): Dropout, one 1x1 Conv2D to the classes (linear
    or softmax), a Reshape or Flatten, and at most one softmax, as keras.applications' MobileNet ends. Fails naming
    what stands there otherwise."""
    names = [type(l).__name__ for l in tail]
    rest = list(tail)
    while rest and isinstance(rest[0], L.Dropout):
        rest.pop(0)
    conv = rest.pop(0) if rest else None
    if (type(conv) is L.Conv2D and tuple(conv.kernel_size) == (1, 1) and tuple(conv.strides) == (1, 1)
            and conv.get_config().get("data_format", "channels_last") == "channels_last"
            and conv.get_config().get("groups", 1) == 1 and (is_linear(conv) or is_softmax(conv))
            and rest and isinstance(rest[0], (L.Reshape, L.Flatten))):
        softmaxes = 1 if is_softmax(conv) else 0
        for l in rest[1:]:
            if isinstance(l, L.Softmax) or (isinstance(l, L.Activation) and is_softmax(l)):
                softmaxes += 1
            elif not (isinstance(l, L.Activation) and is_linear(l)):
                fail("after Conv2D '%s' only a softmax Activation or Softmax layer may come; found %s"
                     % (conv.name, names))
        if softmaxes > 1:
            fail("the head applies softmax twice; cam4j reads one softmax over the logits")
        return Classifier(conv)
    # An activation before the last layer (MobileNetV3's hard-swish between two 1x1 convolutions) makes the class
    # scores a non-linear function of the pooled features: no CAM, on either route.
    non_linear = [l.name for l in tail[:-1] if isinstance(l, NON_LINEAR_LAYERS) or (
        hasattr(l, "activation") and not (is_linear(l) or (is_softmax(l) and l is tail[-1])))]
    if non_linear:
        fail("GlobalAveragePooling2D '%s' keeps its dimensions (keepdims=True) and is followed by %s, in which %s"
             " applies a non-linearity: the class scores are not linear in the pooled features, so CAM does not"
             " apply (cam4j explains such a model by Grad-CAM from the folder model.export(DIR) writes: cam4j explain"
             " --method gradcam --model DIR)" % (gap.name, names, ", ".join("'%s'" % n for n in non_linear)))
    fail("GlobalAveragePooling2D '%s' keeps its dimensions (keepdims=True) and is followed by %s; after it this script"
         " takes Dropout, one 1x1 Conv2D to the classes, a Reshape or Flatten and a softmax (keras.applications'"
         " MobileNet head)" % (gap.name, names) + ROUTE_1)


def number(text):
    """A decimal number or a fraction such as 1/255 (as cam4j's --pixel-scale takes it, and as the help writes it)."""
    try:
        if "/" in text:
            top, bottom = text.split("/", 1)
            return float(top) / float(bottom)
        return float(text)
    except (ValueError, ZeroDivisionError):
        raise argparse.ArgumentTypeError("'%s' is neither a number nor a fraction such as 1/255" % text)


def layers_in_order(model):
    """The model's layers in order, a nested model's own layers in its place (a Sequential feature extractor inside a
    functional model holds its Rescaling where model.layers shows only the nested model)."""
    for layer in model.layers:
        if isinstance(layer, tf.keras.Model):
            yield from layers_in_order(layer)
        else:
            yield layer


# Operations on the input that leave its values as they are.
VALUE_KEEPING = {"Cast", "Reshape", "ExpandDims", "Squeeze", "Transpose", "Identity", "InputLayer"}


def operations_in_order(model):
    """The model's operations in order, nested models' in their place: Keras 3's model.operations holds an operator
    applied to a tensor (x / 255 is a TrueDivide) where model.layers does not; Keras 2 makes it a TFOpLambda layer."""
    for op in getattr(model, "operations", None) or model.layers:
        if isinstance(op, tf.keras.Model):
            yield from operations_in_order(op)
        else:
            yield op


def input_arithmetic(model, gap):
    """The operations that compute on the pixels before the first layer with weights (x / 255.0, (x - 127.5) / 127.5,
    keras.ops.divide, a Lambda), which no layer's config gives a pixel scale for, as 'Kind name' strings."""
    found = []
    for op in operations_in_order(model):
        if op is gap:
            break
        # A Normalization's statistics are weights, not a layer the pixels have passed; a frozen convolution's weights
        # are not trainable ones but end the search all the same.
        if getattr(op, "weights", None) and not isinstance(op, getattr(L, "Normalization", ())):
            break
        kind = type(op).__name__
        is_layer = isinstance(op, L.Layer) and kind not in ("TFOpLambda", "Lambda", "SlicingOpLambda")
        if not is_layer and kind not in VALUE_KEEPING:
            found.append("%s '%s'" % (kind, op.name))
    return found


def input_preprocessing(model, gap):
    """The first Rescaling or Normalization the pixels meet, at any depth of nesting: before the first other layer with
    weights (a convolution), after which a Rescaling scales features, not pixels (one between two convolutions was
    taken for the input's, and a right --pixel-scale refused: helper-171's audit)."""
    for layer in layers_in_order(model):
        if layer is gap:
            return None
        if isinstance(layer, getattr(L, "Rescaling", ())):
            return layer
        if isinstance(layer, getattr(L, "Normalization", ())):
            return None if layer.get_config().get("invert", False) else layer
        if getattr(layer, "weights", None):
            return None
    return None


def default_pixel_scale(model, gap):
    """What the model takes: raw pixels 0..255 (scale 1) when it rescales them itself, or when it standardises them with
    a Normalization adapted on raw pixels; else pixels scaled to 0..1 (1/255). Returns (scale, why)."""
    layer = input_preprocessing(model, gap)
    if layer is None:
        return 1 / 255.0, "no Rescaling or Normalization layer: pixels scaled to 0..1"
    if isinstance(layer, getattr(L, "Rescaling", ())):
        # As cam4j judges an imported model's Rescaling: 0..255 taken to a range one or two units wide (1/255 to
        # 0..1, 1/127.5 with offset -1 to -1..1) means raw pixels; Rescaling(2, offset=-1) takes pixels in 0..1.
        # The layer's own scale, not its config's: Keras 3.5 on writes a numpy scale (one per channel) into the config
        # as {"class_name": "__numpy__", ...}, which np.abs cannot take.
        factor = getattr(layer, "scale", None)
        if factor is None:
            factor = layer.get_config().get("scale", 1.0)
        span = 255 * abs(float(np.max(np.abs(np.asarray(factor, dtype=np.float64)))))
        if 0.9 <= span <= 2.1:
            return 1.0, "Rescaling layer '%s' takes 0..255 to a range %.3g wide: raw pixels 0..255" % (layer.name, span)
        return 1 / 255.0, ("Rescaling layer '%s' takes 0..1 to a range %.3g wide: pixels scaled to 0..1"
                           % (layer.name, span / 255))
    # Pixels in 0..1 have a mean and a standard deviation of at most 1; pixels 0..255 of anything but a nearly black
    # picture have a larger mean. A Normalization adapted on raw pixels (Normalization().adapt(x_train) on the uint8
    # images, a common Keras recipe) fed pixels scaled to 0..1 sees a flat picture.
    mean = np.abs(np.asarray(layer.mean, dtype=np.float64)).max()
    std = np.sqrt(np.asarray(layer.variance, dtype=np.float64)).max()
    if mean > 1 or std > 1:
        return 1.0, ("Normalization layer '%s' (mean up to %.4g, standard deviation up to %.4g): its statistics are"
                     " those of raw pixels 0..255" % (layer.name, mean, std))
    return 1 / 255.0, ("Normalization layer '%s' (mean up to %.4g, standard deviation up to %.4g): its statistics are"
                       " those of pixels scaled to 0..1" % (layer.name, mean, std))


class CamModule(tf.Module):
    def __init__(self, model, gap, classifier):
        super().__init__()
        # One model to the features: every signature runs the convolutions once and computes the head from them
        # (a model built from [gap.input, model.outputs[0]] ran a loaded Keras 3 Sequential's convolutions twice).
        self.features = tf.keras.Model(model.inputs, gap.input)
        kernel = classifier.kernel
        bias = classifier.bias
        self.kernel = tf.Variable(tf.cast(kernel, tf.float32), trainable=False, name="kernel")
        self.bias = tf.Variable(tf.cast(bias, tf.float32), trainable=False, name="bias")
        channels = model.inputs[0].shape[-1]
        spec = tf.TensorSpec([None, None, None, channels], tf.float32, name="images")
        self.serving_default = tf.function(self._serve, input_signature=[spec])
        self.cam = tf.function(self._cam, input_signature=[spec])
        self.cam_weights = tf.function(self._weights, input_signature=[])
        # The tf.Variables the functions capture, tracked themselves. Keras 3 wraps each weight in a keras.Variable that
        # saves itself as a new copy ("Variable", "Variable_1", ...): the restore op filled those copies while the
        # signatures read the captured originals, which C++ loaders (TensorFlow Serving, TensorFlow Java) then found
        # uninitialised. Keras 3's own ExportArchive tracks the captured variables the same way.
        self.captured_variables = []
        for fn in (self.serving_default, self.cam, self.cam_weights):
            for v in fn.get_concrete_function().variables:
                if not any(v is seen for seen in self.captured_variables):
                    self.captured_variables.append(v)
        # The model's other state, its augmentation layers' random seeds above all (a RandomFlip's SeedGenerator):
        # tf.saved_model.save traces the signatures again and those traces capture the seeds, which nothing above
        # reaches ("Failed to add concrete function ... captures tensor ... seed_generator_state ... not reachable
        # from root", a KeyError traceback and no export). The seeds are only tracked: with training=False the
        # augmentation layers pass the picture through.
        for keras_variable in model.variables:
            v = getattr(keras_variable, "value", keras_variable)
            if isinstance(v, tf.Variable) and not any(v is seen for seen in self.captured_variables):
                self.captured_variables.append(v)

    def _head(self, images):
        # float32 whatever the model's policy (mixed_float16 gives float16 features; the kernel is float32).
        features = tf.cast(self.features(images, training=False), tf.float32)
        # logits = mean(features) . kernel + bias: the identity CAM rests on, computed from the same features.
        logits = tf.matmul(tf.reduce_mean(features, axis=[1, 2]), self.kernel) + self.bias
        return features, logits, tf.nn.softmax(logits)

    def _serve(self, images):
        return {"probabilities": self._head(images)[2]}

    def _cam(self, images):
        features, logits, probabilities = self._head(images)
        return {"features": features, "logits": logits, "probabilities": probabilities}

    def _weights(self):
        return {"kernel": tf.identity(self.kernel), "bias": tf.identity(self.bias)}


# keras.applications' preprocess_input modes, as cam4j's --preprocess does them: (scale, offset, standardization) with
# model input = (pixel (0..255, RGB) x scale + offset - mean[c]) / std[c], channels reversed first when bgr.
PREPROCESS = {
    "caffe": (1.0, 0.0, {"bgr": True, "mean": [103.939, 116.779, 123.68], "std": [1.0]}),
    "torch": (1 / 255.0, 0.0, {"bgr": False, "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}),
    "tf": (1 / 127.5, -1.0, None),
    "raw": (1.0, 0.0, None),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model")
    parser.add_argument("out")
    parser.add_argument("--pixel-scale", type=number, default=None,
                        help="model input = pixel (0..255) x scale + offset (default 1/255, or 1 when the model has a"
                             " Rescaling layer that takes 0..255 to 0..1 or -1..1, or a Normalization layer adapted"
                             " on raw pixels, nested models included)")
    parser.add_argument("--pixel-offset", type=number, default=None,
                        help="see --pixel-scale (default 0); a negative fraction needs '=', as in --pixel-offset=-1/255"
                             " (argparse reads '-1/255' after a space as an option)")
    parser.add_argument("--preprocess", choices=sorted(PREPROCESS), default=None,
                        help="the keras.applications preprocess_input mode the model was trained with, done outside it:"
                             " caffe (ResNet50, VGG16: RGB to BGR, minus ImageNet's mean), torch (DenseNet: /255, minus"
                             " a mean, over a deviation, per channel), tf (MobileNet: /127.5 - 1) or raw (0..255);"
                             " written into the metadata, so cam4j does it to every picture. Not with --pixel-scale or"
                             " --pixel-offset, nor for a model with a Rescaling or Normalization layer of its own")
    parser.add_argument("--labels", default=None, help="comma-separated class labels (default 0..classes-1)")
    parser.add_argument("--light-on-dark", action="store_true", help="training images show light strokes on dark")
    parser.add_argument("--test-accuracy", type=number, default=None,
                        help="the model's accuracy on its test set, 0..1, recorded in the metadata")
    parser.add_argument("--trust", action="store_true",
                        help="run the Python code of the model's Lambda layers when loading it (Keras' safe_mode=False);"
                             " only for a file you trust")
    args = parser.parse_args()

    if os.path.exists(args.out):
        fail("%s already exists; choose another folder" % args.out)
    model = load(args.model, args.trust)
    if len(model.inputs) != 1 or len(model.inputs[0].shape) != 4:
        fail("the model takes %s; cam4j feeds one image input [N, H, W, C] (a grey model of [N, H, W] pictures needs"
             " its channel axis in its Input)" % ", ".join("%s %s" % (getattr(t, "name", "input"), tuple(t.shape))
                                                            for t in model.inputs))
    if len(model.outputs) != 1:
        fail("the model has %d outputs; cam4j explains a classifier with one" % len(model.outputs))
    gap, classifier = cam_layers(model)
    classes = classifier.units
    labels = [s.strip() for s in args.labels.split(",")] if args.labels else [str(i) for i in range(classes)]
    if len(labels) != classes or any(not s for s in labels):
        fail("%d labels given for %d classes (none may be blank)" % (len(labels), classes))
    for i, label in enumerate(labels):
        breaker = next((c for c in label if breaks_a_line(c)), None)
        if breaker is not None:
            # cam4j refuses such a label on reading the metadata (a label is printed in result lines): refused here
            # rather than written into a model cam4j will not open.
            fail("label %d (%r) holds U+%04X, a control character (a tab, an escape, a text direction override...);"
                 " a label is one line of text" % (i, label, ord(breaker)))
    shape = model.inputs[0].shape
    if shape[3] not in (1, 3):
        fail("the model takes %s channels; cam4j reads grey (1) or colour (3) images" % shape[3])
    scale, why = default_pixel_scale(model, gap)
    offset = 0.0 if args.pixel_offset is None else args.pixel_offset
    standardization = None
    if args.preprocess is not None:
        if args.pixel_scale is not None or args.pixel_offset is not None:
            fail("--preprocess %s sets the pixel scale and offset itself; %s contradicts it (give one or the other)"
                 % (args.preprocess, "--pixel-scale" if args.pixel_scale is not None else "--pixel-offset"))
        scale, offset, standardization = PREPROCESS[args.preprocess]
        why = "--preprocess " + args.preprocess
        inside = input_preprocessing(model, gap)
        if args.preprocess != "raw" and inside is not None:
            fail("--preprocess %s preprocesses pixels outside the model, but its %s layer '%s' does so inside it; export"
                 " without --preprocess (cam4j then feeds what that layer takes)"
                 % (args.preprocess, type(inside).__name__, inside.name))
        if standardization is not None and shape[3] != 3:
            fail("--preprocess %s is per-channel preprocessing for a colour model; this one takes %d channel (tf and raw"
                 " apply to grey models)" % (args.preprocess, shape[3]))
    arithmetic = input_arithmetic(model, gap)
    if arithmetic and args.pixel_scale is None and args.preprocess is None:
        # The scale read from layers alone was 1/255 for a model that divides by 255 itself: cam4j then fed it pixels
        # scaled twice, 0..0.0039, and its classes and maps were wrong without a word (helper-162).
        fail("the model computes on its input before its first layer with weights (%s), which this script cannot read"
             " a pixel scale from: give --pixel-scale for the pixels the model takes, 1 for raw pixels 0..255 (a model"
             " that divides by 255 itself), 1/255 for pixels in 0..1, or export by model.export(DIR), whose graph cam4j"
             " reads itself" % ", ".join(arithmetic))
    if args.pixel_scale is not None:
        inside = input_preprocessing(model, gap)
        # A negative or subnormal scale is refused below, in its own words.
        if scale == 1.0 and inside is not None and FLOAT32_MIN_NORMAL <= args.pixel_scale and 255 * args.pixel_scale < 25.5:
            # The layer takes raw pixels and the option scales them down first: cam4j's own rule for an imported
            # model's Rescaling (a tenth of 0..255 or less), which a contract model's metadata is not checked by: its
            # graph is read by the signatures alone. --pixel-scale 1/255 on a Rescaling(1/255) fed it 0..0.0039.
            fail("--pixel-scale %.6g takes pixels to 0..%.4g, but the model's %s layer '%s' takes raw pixels 0..255 itself"
                 " (%s); it would see every picture nearly black: leave --pixel-scale out, and the metadata says raw"
                 " pixels, 0..255" % (args.pixel_scale, 255 * args.pixel_scale, type(inside).__name__, inside.name,
                                      why))
        scale, why = args.pixel_scale, "--pixel-scale"
    # As cam4j reads the metadata: a positive scale within float32's normal range (a negative one turns each picture
    # into its negative; one below 1.2e-38 becomes 0 as a float, every picture black), a finite offset.
    if not (math.isfinite(scale) and scale >= FLOAT32_MIN_NORMAL and math.isfinite(offset)):
        fail("--pixel-scale must be a positive number, at least %.4g (float32's smallest normal), and --pixel-offset"
             " finite; got %s, %s" % (FLOAT32_MIN_NORMAL, scale, offset))
    if args.test_accuracy is not None and not 0 <= args.test_accuracy <= 1:
        fail("--test-accuracy must be a fraction in 0..1 (0.99 for 99 %%); got %s" % args.test_accuracy)

    # Everything the metadata needs is known before anything is written; the folder appears whole or not at all.
    metadata = {
        "format": FORMAT,
        "cam4jVersion": "python-export",
        "name": model.name,
        # No "architecture": cam4j reads that key as its own Sequential config (to rebuild the model with redrawn
        # weights for evaluate's sanity check), which a Functional model or one with BatchNorm or Rescaling is not.
        "input": {
            "height": shape[1] if shape[1] is not None else -1,
            "width": shape[2] if shape[2] is not None else -1,
            "channels": shape[3],
            "pixelScale": scale,
            "pixelOffset": offset,
            "lightOnDark": bool(args.light_on_dark),
        },
        "labels": labels,
    }
    if standardization is not None:
        # Optional: cam4j reads files without it (written before it existed) as no per-channel standardization.
        metadata["input"]["standardization"] = standardization
    if args.test_accuracy is not None:
        metadata["testAccuracy"] = args.test_accuracy
    text = json.dumps(metadata, indent=2, allow_nan=False)

    staging = "%s.partial-%d" % (os.path.abspath(args.out), os.getpid())
    try:
        module = CamModule(model, gap, classifier)
        tf.saved_model.save(module, staging, signatures={
            "serving_default": module.serving_default,
            "cam": module.cam,
            "cam_weights": module.cam_weights,
        })
        os.makedirs(os.path.join(staging, "assets"), exist_ok=True)
        with open(os.path.join(staging, "assets", "cam4j.json"), "w") as f:
            f.write(text)
        os.rename(staging, args.out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    print("exported %s: features %s, kernel %s, pixel scale %.6g (%s)" % (args.out, gap.input.shape,
                                                                       tuple(module.kernel.shape), scale, why))


if __name__ == "__main__":
    main()
