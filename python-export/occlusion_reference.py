#!/usr/bin/env python3
"""tf-explain's own OcclusionSensitivity.get_sensitivity_map (tf_explain/core/occlusion_sensitivity.py, with its
utils/image.py apply_grey_patch and OpenCV's cv2.resize), for make_test_models.py --occlusion, which runs it under a
Python that has OpenCV (the TensorFlow one need not; Debian's python3-opencv under /usr/bin/python3 does):

  python3 occlusion_reference.py TF_EXPLAIN_DIR patches IN.npz PATCHES.npz
  python3 occlusion_reference.py TF_EXPLAIN_DIR maps IN.npz PATCHES.npz PREDICTIONS.npz OUT.npz

TF_EXPLAIN_DIR is a checkout of sicara/tf-explain (the folder holding tf_explain/), e.g. `git archive` of its repository
exported to /tmp; nothing of it is copied here. Its modules are loaded from their files without the package's
__init__ (which imports TensorFlow and every method): tensorflow is stubbed by a module whose `function` decorator
returns the function, the one use utils/image.py makes of it at import; get_sensitivity_map itself never calls
TensorFlow.

IN.npz: "images" [N, H, W, C] (the pictures as the model takes them), "cases" [M, 3] int rows (image index, class
index, patch size). get_sensitivity_map asks its model's predict for each case's occluded copies once. The first call
(patches) answers with zeros and writes the copies it was given, "case<k>" [T, H, W, C]; make_test_models.py runs the
Keras model on them and writes "case<k>" [T, classes] probabilities; the second call (maps) answers with those,
checks the copies are the first call's, and writes "map<k>" (tf-explain's result, cv2.resize of the tile grid) and
"grid<k>" (the tile grid itself, 1 - confidence, the array get_sensitivity_map hands to cv2.resize).
"""
import importlib
import sys
import types

import cv2
import numpy as np


def load_tf_explain(root):
    """tf_explain.core.occlusion_sensitivity from its file, its packages made without running their __init__."""
    stub = types.ModuleType("tensorflow")
    stub.function = lambda f: f
    sys.modules["tensorflow"] = stub
    for package in ("tf_explain", "tf_explain.utils", "tf_explain.core"):
        module = types.ModuleType(package)
        module.__path__ = ["%s/%s" % (root, package.replace(".", "/"))]
        sys.modules[package] = module
    return importlib.import_module("tf_explain.core.occlusion_sensitivity")


class RecordingModel:
    """Stands for the Keras model: keeps what predict is given, answers with the given predictions or zeros."""

    def __init__(self, answers, classes):
        self.answers = answers
        self.classes = classes
        self.given = None

    def predict(self, x, batch_size=None):
        self.given = np.array(x)
        if self.answers is None:
            return np.zeros((len(x), self.classes), np.float32)
        assert len(self.answers) == len(x)
        return self.answers


def main():
    root, mode, given_file, patches_file = sys.argv[1:5]
    module = load_tf_explain(root)
    given = np.load(given_file)
    images, cases = given["images"], given["cases"]
    explainer = module.OcclusionSensitivity()
    grids = []
    original_resize = cv2.resize

    def recording_resize(src, dsize, *args, **kwargs):
        grids.append(np.array(src))
        return original_resize(src, dsize, *args, **kwargs)

    module.cv2.resize = recording_resize
    if mode == "patches":
        out = {}
        for k, (image, class_index, patch) in enumerate(cases):
            model = RecordingModel(None, 1 + int(class_index))
            explainer.get_sensitivity_map(model, images[image], int(class_index), int(patch))
            out["case%d" % k] = model.given
        np.savez(patches_file, **out)
        return
    predictions = np.load(sys.argv[5])
    recorded = np.load(patches_file)
    out = {"cv2_version": np.array(cv2.__version__)}
    for k, (image, class_index, patch) in enumerate(cases):
        model = RecordingModel(predictions["case%d" % k], None)
        out["map%d" % k] = explainer.get_sensitivity_map(model, images[image], int(class_index), int(patch))
        assert np.array_equal(model.given, recorded["case%d" % k]), "case %d: other occluded copies" % k
        out["grid%d" % k] = grids[-1]
    np.savez(sys.argv[6], **out)


if __name__ == "__main__":
    main()
