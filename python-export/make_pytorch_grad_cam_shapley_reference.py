#!/usr/bin/env python3
"""pytorch-grad-cam's own ShapleyCAM (and GradCAM beside it) on a model whose logit is not piecewise linear in its
features, so that ShapleyCAM's Hessian term is not 0, for cam4j's KerasPytorchGradCamParityTest:

  (cd .. && mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt &&
   java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) io.github.cam4j.testing.SigmoidHeadModel /tmp/sigmoid-head)
  PYTHONPATH=PYTORCH_GRAD_CAM_CHECKOUT /usr/bin/python3 make_pytorch_grad_cam_shapley_reference.py /tmp/sigmoid-head \\
      ../src/test/resources/torch [--commit HASH]

The model is cam4j's test model SigmoidHeadModel (src/test/java/io/github/cam4j/testing), exported by cam4j itself
(no Python TensorFlow here): 8x8 grey input, Conv2D c1 (3 filters, 3x3, same, bias) and its ReLU (the features),
Conv2D c2 (2 filters, 1x1, bias) and a sigmoid, global average pooling, Dense (3, bias) whose softmax is left out (the
logits out). Its weights are read from the SavedModel's checkpoint (torch_port.read_variables) and recorded in the
output, so the Java test can check that it exports the same model. The 10 pictures are java.util.Random(3)'s first
640 nextFloat() draws (8x8 each, fed as they are), as ShapleyCamTest draws them. Writes TORCH_DIR/pytorch-grad-cam-
sigmoid-head.json: the logits, and ShapleyCAM's and GradCAM's raw maps (get_cam_image's) and maps at
target_layers=[model.features], targets None.
"""
import json
import os
import sys
from collections import OrderedDict

import numpy as np

import reference_cli

PICTURES = 10


def main():
    args = reference_cli.parse(__doc__, "saved_model", "the folder SigmoidHeadModel wrote")
    plain = reference_cli.patched_pytorch_grad_cam()
    import torch
    from torch import nn
    import pytorch_grad_cam as pgc
    import torch_port
    from java_random import JavaRandom

    w = torch_port.read_variables(args.saved_model)
    expected = {"c1_kernel": (3, 3, 1, 3), "c1_bias": (3,), "c2_kernel": (1, 1, 3, 2), "c2_bias": (2,),
                "dense_kernel": (2, 3), "dense_bias": (3,)}
    if {k: v.shape for k, v in w.items()} != expected:
        raise ValueError("%s: not SigmoidHeadModel's variables: %s" % (args.saved_model,
                                                                      {k: v.shape for k, v in w.items()}))

    def conv(name, size):
        kernel = w[name + "_kernel"]
        c = nn.Conv2d(kernel.shape[2], kernel.shape[3], size, padding=size // 2)
        with torch.no_grad():
            c.weight.copy_(torch.from_numpy(np.ascontiguousarray(kernel.transpose(3, 2, 0, 1))))
            c.bias.copy_(torch.from_numpy(w[name + "_bias"]))
        return c

    class Mean(nn.Module):
        def forward(self, x):
            return x.mean(dim=(2, 3))

    def build():
        dense = nn.Linear(2, 3)
        with torch.no_grad():
            dense.weight.copy_(torch.from_numpy(np.ascontiguousarray(w["dense_kernel"].T)))
            dense.bias.copy_(torch.from_numpy(w["dense_bias"]))
        model = nn.Sequential(OrderedDict([("c1", conv("c1", 3)), ("features", nn.ReLU()), ("c2", conv("c2", 1)),
                                           ("sigmoid", nn.Sigmoid()), ("gap", Mean()), ("logits", dense)]))
        return model.eval()

    random = JavaRandom(3)
    pixels = np.array([random._next(24) / float(1 << 24) for _ in range(PICTURES * 64)], np.float32)
    x = torch.from_numpy(pixels.reshape(PICTURES, 1, 8, 8))
    with torch.no_grad():
        logits = build()(x).numpy()
    document = {
        "pytorchGradCam": {"commit": args.commit, "torch": torch.__version__, "numpy": np.__version__,
                           "python": sys.version.split()[0]},
        "model": "SigmoidHeadModel (cam4j's test model, seed 7), exported by cam4j",
        "weights": {k: [float(v) for v in a.ravel()] for k, a in sorted(w.items())},
        "pictures": "java.util.Random(3).nextFloat() x 640, 10 pictures of 8x8, fed as they are",
        "logits": plain.flat(logits),
        "predicted": logits.argmax(axis=1).tolist(),
        "methods": {},
    }
    for name, kind in (("shapleycam", pgc.ShapleyCAM), ("gradcam", pgc.GradCAM)):
        model = build()
        maps, raw = plain.run(kind, model, x, {}, {})
        document["methods"][name] = {"class": kind.__name__, "raw": plain.flat(raw), "map": plain.flat(maps)}
    s = np.maximum(np.array(document["methods"]["shapleycam"]["raw"]), 0)
    g = np.maximum(np.array(document["methods"]["gradcam"]["raw"]), 0)
    document["shapleyMinusGradCam"] = (np.abs(s - g).max(axis=1) / s.max(axis=1)).tolist()
    path = os.path.join(args.out, "pytorch-grad-cam-sigmoid-head.json")
    with open(path, "w") as f:
        json.dump(document, f)
    print("wrote", path, "ShapleyCAM - GradCAM (ReLU-ed, of ShapleyCAM's largest):", document["shapleyMinusGradCam"])


if __name__ == "__main__":
    main()
