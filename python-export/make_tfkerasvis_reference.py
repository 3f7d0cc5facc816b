#!/usr/bin/env python3
"""tf-keras-vis's own Gradcam, GradcamPlusPlus, Layercam and Scorecam (also with max_N, its Faster-ScoreCAM) run on
two of cam4j's Keras 3 test models, for cam4j's TfKerasVisTest:

  PYTHONPATH=TF_KERAS_VIS_CHECKOUT CAM4J_DATA=/work/shared/data/mnist \\
      /tmp/tfvenv/bin/python make_tfkerasvis_reference.py ../src/test/resources/keras3 [--commit HASH]

TF_KERAS_VIS_CHECKOUT is a checkout of keisen/tf-keras-vis (the folder holding tf_keras_vis/ and VERSION); none of its
code is copied into cam4j. One way to get one from a bare clone:
  mkdir /tmp/tfkv && git --git-dir=CLONE archive HEAD tf_keras_vis VERSION | tar -x -C /tmp/tfkv
--commit is only recorded in the output. The models are rebuilt by make_test_models.py and filled with the weights of
KERAS3_DIR/flatten-export and KERAS3_DIR/blocks-export (no training); the first 16 MNIST test digits (pixels 0..255,
the models rescale) are explained for the class each model predicts (CategoricalScore). Writes only
KERAS3_DIR/tf-keras-vis.json.

What runs is tf-keras-vis's code as it is. Three of its imports are missing from a TensorFlow-only Python (this
machine's /tmp/tfvenv: TensorFlow 2.21, Keras 3.15, numpy 2.4, no PyPI), and only when missing is each replaced:
  - scipy (scipy.ndimage.interpolation.zoom, imported by gradcam.py, gradcam_plus_plus.py and scorecam.py): every call
    of zoom is run by the real scipy in another Python ($SCIPY_PYTHON, default /usr/bin/python3: Debian's
    python3-scipy 1.10.1 with its numpy 1.24, which cannot be imported under numpy 2), the arrays passed as .npy files
    with their own dtype. Gradcam, GradcamPlusPlus and Layercam are called with expand_cam=False and never call it;
    Scorecam always does (it upsamples each channel to the picture to make its masks).
  - deprecated (utils/__init__.py decorates three deprecated helpers with it): a decorator that makes the function
    raise if called; none of the code run here calls them.
  - the package's metadata (tf_keras_vis/__init__.py reads its version with importlib.metadata.version): a temporary
    dist-info folder with the checkout's VERSION, put on sys.path.
pillow and imageio are imported only by activation_maximization, which is not imported. The output records which
replacements were used and how many zoom calls went to the other Python.

The calls, as tf-keras-vis's README and docstrings advise:
  - The Flatten model is a Keras 3 Sequential, which has no output_names for ReplaceToLinear to read: it is called as
    keras.Model(sequential.inputs, sequential.outputs), a functional Model of the same layers and weights.
  - Gradcam, GradcamPlusPlus, Layercam: model_modifier=ReplaceToLinear() (the Dense's softmax made linear, so the score
    is the logit), defaults otherwise (activation_modifier ReLU, Layercam's gradient_modifier ReLU), expand_cam=False,
    with normalize_cam=False ("raw") and True ("normalized").
      flatten: the default penultimate layer, which tf-keras-vis seeks as the last Conv layer: conv_b (its ReLU inside
               the Conv2D), the tensor cam4j explains too.
      blocks:  penultimate_layer="last_relu", seek_penultimate_conv_layer=False (cam4j's layer, the last ReLU); and in
               "blocksDefaultLayer" Gradcam at tf-keras-vis's own choice, the last Conv layer, last_conv, whose output
               is before its batch normalisation and ReLU.
  - Scorecam on blocks: no model_modifier (its docstring: ReplaceToLinear for every visualisation "except Scorecam"),
    penultimate_layer="last_relu", seek_penultimate_conv_layer=False, expand_cam=False, normalize_cam False and True,
    max_N None ("scorecam", the 16 digits in one call) and 10 ("fasterScorecam", one call per digit: given a batch,
    max_N scores the union of all the pictures' top-N channels for every picture).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import types

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SCIPY_PYTHON = os.environ.get("SCIPY_PYTHON", "/usr/bin/python3")
FASTER_N = 10

# Run by SCIPY_PYTHON: scipy's zoom on an array read from argv[1], written to argv[2], keyword arguments in argv[3].
ZOOM_IN_SCIPY = """
import json, sys
import numpy as np
import scipy
from scipy.ndimage import zoom
a = np.load(sys.argv[1])
np.save(sys.argv[2], zoom(a, **json.loads(sys.argv[3])))
print(scipy.__version__)
"""

shims = {}


def module_importable(name):
    try:
        __import__(name)
        return True
    except ImportError:
        return False


def zoom_by_real_scipy(input, zoom, order=3, mode="constant", cval=0.0, prefilter=True, grid_mode=False):
    """scipy.ndimage.zoom, run by the real scipy under SCIPY_PYTHON on the array's own dtype."""
    array = np.asarray(input)
    kwargs = {"zoom": [float(z) for z in np.atleast_1d(zoom)], "order": order, "mode": mode, "cval": cval,
              "prefilter": prefilter, "grid_mode": grid_mode}
    with tempfile.TemporaryDirectory() as d:
        given, result = os.path.join(d, "in.npy"), os.path.join(d, "out.npy")
        np.save(given, array)
        done = subprocess.run([SCIPY_PYTHON, "-c", ZOOM_IN_SCIPY, given, result, json.dumps(kwargs)], check=True,
                              capture_output=True, text=True)
        shims["scipy"] = "scipy.ndimage.zoom run by %s (scipy %s)" % (SCIPY_PYTHON, done.stdout.strip())
        shims["zoomCalls"] = shims.get("zoomCalls", 0) + 1
        out = np.load(result)
    assert out.dtype == array.dtype, (out.dtype, array.dtype)
    return out


def install_replacements(checkout):
    """The three replacements the module docstring describes, each only when the real one cannot be imported."""
    if not module_importable("scipy.ndimage"):
        scipy = types.ModuleType("scipy")
        ndimage = types.ModuleType("scipy.ndimage")
        interpolation = types.ModuleType("scipy.ndimage.interpolation")
        ndimage.zoom = interpolation.zoom = zoom_by_real_scipy
        ndimage.interpolation = interpolation
        scipy.ndimage = ndimage
        sys.modules.update({"scipy": scipy, "scipy.ndimage": ndimage, "scipy.ndimage.interpolation": interpolation})
        shims["scipy"] = "scipy.ndimage.zoom to be run by %s (not called yet)" % SCIPY_PYTHON
    if not module_importable("deprecated"):
        def deprecated(*args, **kwargs):
            def refuse(function):
                def called(*a, **k):
                    raise RuntimeError("make_tfkerasvis_reference.py: deprecated %s called, which its replacement of"
                                       " the 'deprecated' package does not run" % function.__name__)
                return called
            # @deprecated and @deprecated(version=...) both.
            return refuse(args[0]) if len(args) == 1 and callable(args[0]) and not kwargs else refuse
        module = types.ModuleType("deprecated")
        module.deprecated = deprecated
        sys.modules["deprecated"] = module
        shims["deprecated"] = "decorated functions raise if called (none was)"
    from importlib import metadata
    try:
        metadata.version("tf-keras-vis")
    except metadata.PackageNotFoundError:
        with open(os.path.join(checkout, "VERSION")) as f:
            version = f.read().strip()
        info = tempfile.mkdtemp(prefix="tfkv-metadata-")
        os.makedirs(os.path.join(info, "tf_keras_vis-%s.dist-info" % version))
        with open(os.path.join(info, "tf_keras_vis-%s.dist-info" % version, "METADATA"), "w") as f:
            f.write("Metadata-Version: 2.1\nName: tf-keras-vis\nVersion: %s\n" % version)
        sys.path.append(info)
        shims["metadata"] = "temporary dist-info with VERSION %s" % version


def flat(maps):
    """Each picture's map flattened, to 8 significant digits (float32's precision)."""
    return [[float("%.8g" % v) for v in np.asarray(m, np.float64).ravel()] for m in maps]


def gradient_methods(tfkv, m, digits, predicted, **layer):
    from tf_keras_vis.gradcam import Gradcam
    from tf_keras_vis.gradcam_plus_plus import GradcamPlusPlus
    from tf_keras_vis.layercam import Layercam
    from tf_keras_vis.utils.model_modifiers import ReplaceToLinear
    from tf_keras_vis.utils.scores import CategoricalScore
    out = {}
    for name, kind in (("gradcam", Gradcam), ("gradcam++", GradcamPlusPlus), ("layercam", Layercam)):
        method = kind(m, model_modifier=ReplaceToLinear(), clone=True)
        for normalize in (False, True):
            cam = method(CategoricalScore(predicted), digits, expand_cam=False, normalize_cam=normalize, **layer)
            out.setdefault("raw" if not normalize else "normalized", {})[name] = flat(cam)
    return out


def score_cams(m, digits, predicted):
    from tf_keras_vis.scorecam import Scorecam
    from tf_keras_vis.utils.scores import CategoricalScore
    method = Scorecam(m)
    out = {}
    for name, n in (("scorecam", None), ("fasterScorecam", FASTER_N)):
        for normalize in (False, True):
            # Given a batch, max_N scores the union of every picture's N channels for each picture (tf.unique over the
            # batch's top_k indices): 30 of the 32 channels for these 16 digits. Faster Score-CAM's N channels are a
            # picture's own, so max_N is called one digit at a time.
            batches = [slice(0, len(digits))] if n is None else [slice(i, i + 1) for i in range(len(digits))]
            cam = np.concatenate([method(CategoricalScore(predicted[b]), digits[b], penultimate_layer="last_relu",
                                         seek_penultimate_conv_layer=False, max_N=n, expand_cam=False,
                                         normalize_cam=normalize) for b in batches])
            out.setdefault("raw" if not normalize else "normalized", {})[name] = flat(cam)
    return out


def cam4j_faster_score_cam(blocks, digits, n):
    """cam4j's Score-CAM (make_test_models.score_cam: half-pixel masks, the softmax over the scored channels of the
    class's logit) on the n channels tf-keras-vis's max_N scores: the largest standard deviations over the cells
    (tf.math.reduce_std, tf.math.top_k: equal ones by the lower index). Returns the maps and each digit's channels."""
    import tensorflow as tf
    import make_test_models as mtm
    features = tf.keras.Model(blocks.inputs, blocks.get_layer("last_relu").output)(digits).numpy()
    pooled = tf.keras.Model(blocks.inputs, blocks.get_layer("gap").output)
    kernel, bias = blocks.get_layer("classes").get_weights()
    predicted = blocks(digits).numpy().argmax(axis=1)
    std = tf.math.reduce_std(features, axis=(1, 2))
    chosen = tf.math.top_k(std, n).indices.numpy()
    maps = []
    for i, f in enumerate(features):
        keep = np.sort(chosen[i])
        masks = tf.image.resize(f[None], digits.shape[1:3], method="bilinear").numpy()[0][..., keep]
        low, high = masks.min(axis=(0, 1)), masks.max(axis=(0, 1))
        masks = np.where(high > low, np.clip((masks - low) / np.maximum(high - low, 1e-7), 0, 1), 0).astype("float32")
        masked = digits[i][None] * np.transpose(masks, (2, 0, 1))[..., None]
        logits = pooled(masked).numpy().astype(np.float64) @ kernel.astype(np.float64) + bias
        score = logits[:, predicted[i]]
        weights = np.exp(score - score.max())
        weights /= weights.sum()
        maps.append(np.maximum((f[..., keep].astype(np.float64) * weights).sum(axis=2), 0))
    assert mtm is not None
    return flat(maps), [sorted(int(c) for c in row) for row in chosen]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("keras3", help="cam4j's src/test/resources/keras3")
    parser.add_argument("--commit", default=None, help="the tf-keras-vis commit checked out (recorded only)")
    args = parser.parse_args()
    spec = __import__("importlib.util").util.find_spec("tf_keras_vis")
    if spec is None:
        sys.exit("tf_keras_vis is not importable: put a tf-keras-vis checkout on PYTHONPATH")
    checkout = os.path.dirname(os.path.dirname(spec.origin))
    install_replacements(checkout)
    sys.path.insert(0, HERE)
    import tensorflow as tf
    import keras
    import tf_keras_vis
    import make_test_models as mtm

    digits = mtm.test_digits()
    # A Keras 3 Sequential has no output_names, which ReplaceToLinear reads (AttributeError: 'Sequential' object has
    # no attribute 'output_names'): the Sequential's own layers, called as a functional Model, have them.
    flatten = mtm.reloaded(mtm.flatten_model, os.path.join(args.keras3, "flatten-export"))
    flatten = keras.Model(flatten.inputs, flatten.outputs, name="keras3_flatten_functional")
    with open(os.path.join(args.keras3, "gradients.json")) as f:
        flatten_predicted = json.load(f)["predicted"]
    assert flatten(digits).numpy().argmax(axis=1).tolist() == flatten_predicted, "flatten-export's weights did not load"
    blocks = mtm.reloaded_blocks(args.keras3, digits)
    blocks_predicted = blocks(digits).numpy().argmax(axis=1).tolist()

    document = {
        "tfKerasVis": {"version": tf_keras_vis.__version__, "commit": args.commit, "checkout": checkout,
                       "tensorflow": tf.version.VERSION, "keras": keras.__version__, "numpy": np.__version__},
        "digits": "the first 16 MNIST test digits, pixels 0..255",
        "flatten": {"model": "flatten-export", "layer": "conv_b (tf-keras-vis's default: the last Conv layer)",
                    "predicted": flatten_predicted},
        "blocks": {"model": "blocks-export", "layer": "last_relu (penultimate_layer, seek_penultimate_conv_layer=False)",
                   "predicted": blocks_predicted, "fasterN": FASTER_N},
        "blocksDefaultLayer": {"model": "blocks-export",
                               "layer": "last_conv (tf-keras-vis's default: the last Conv layer, before last_bn)",
                               "predicted": blocks_predicted},
    }
    document["flatten"].update(gradient_methods(tf_keras_vis, flatten, digits, flatten_predicted))
    document["blocks"].update(gradient_methods(tf_keras_vis, blocks, digits, blocks_predicted,
                                               penultimate_layer="last_relu", seek_penultimate_conv_layer=False))
    for kind, maps in score_cams(blocks, digits, blocks_predicted).items():
        document["blocks"][kind].update(maps)
    default = gradient_methods(tf_keras_vis, blocks, digits, blocks_predicted)
    document["blocksDefaultLayer"]["raw"] = {"gradcam": default["raw"]["gradcam"]}

    # cam4j's own recipe on the same channels: Score-CAM on all of them must be blocks-scorecam.json's maps.
    with open(os.path.join(args.keras3, "blocks-scorecam.json")) as f:
        kept = json.load(f)["maps"]
    everything, _ = cam4j_faster_score_cam(blocks, digits, 32)
    largest = max(abs(v) for m in kept for v in m)
    worst = max(abs(a - b) for m, n in zip(kept, everything) for a, b in zip(m, n))
    assert worst <= 1e-5 * largest, "cam4j's Score-CAM recipe is not blocks-scorecam.json's: %g" % worst
    maps, channels = cam4j_faster_score_cam(blocks, digits, FASTER_N)
    document["blocks"]["cam4jFasterScorecam"] = {"maps": maps, "channels": channels}
    document["replacements"] = dict(shims)
    path = os.path.join(args.keras3, "tf-keras-vis.json")
    with open(path, "w") as f:
        json.dump(document, f)
    print("replacements:", json.dumps(shims))
    print("wrote", path)


if __name__ == "__main__":
    main()
