#!/usr/bin/env python3
"""pytorch-grad-cam's own FullGrad (and GradCAM beside it) on a model whose biases are added by a BiasAdd, a
FusedBatchNormV3 in inference and a plain AddV2 and Sub of a constant, for cam4j's FusedBatchNormFullGradParityTest:

  (cd .. && mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt &&
   java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) \\
       io.github.cam4j.testing.FusedBatchNormModel /tmp/fusedbn)
  PYTHONPATH=PYTORCH_GRAD_CAM_CHECKOUT CAM4J_DATA=/work/shared/data/mnist /usr/bin/python3 \\
      make_pytorch_grad_cam_fusedbn_reference.py /tmp/fusedbn ../src/test/resources/torch [--commit HASH]

The model is cam4j's test model FusedBatchNormModel (src/test/java/io/github/cam4j/testing), built with TensorFlow
Java's ops (no Python TensorFlow here): 28x28 grey input, c1 (Conv2D 3x3 + BiasAdd, ReLU), c2 (Conv2D 3x3 without bias,
FusedBatchNormV3 with epsilon 1e-3 and is_training false, ReLU), c3 (Conv2D 3x3, AddV2 of an [8] constant, ReLU), c4
(Conv2D 1x1, Sub of a [1, 1, 1, 8] constant, ReLU: the features), global average pooling, a dense layer (MatMul +
BiasAdd: the logits). Its weights are read from the SavedModel's checkpoint (torch_port.read_variables) and recorded in
the output, so the Java test can check that it exports the same model. The port: Conv2d with the bias for c1 and c3,
-c4_offset for c4, none for c2; BatchNorm2d(8, eps=1e-3) in eval mode with the moving mean and variance; ReLU; a
spatial mean; Linear. The pixels are fed as cam4j feeds a model without metadata, and as the bundled-model scripts
feed theirs (torch_port.digits_tensor): float32(pixel) * float32(1/255) + 0, NCHW.

As make_pytorch_grad_cam_reference.py (which see for the checkout, the versions and the ttach stand-in). Writes
TORCH_DIR/pytorch-grad-cam-fusedbn.json: the weights, the logits of the first 16 MNIST test digits; GradCAM at
target_layers=[model.features] (the tensor cam4j explains: its raw maps and maps), a sanity anchor for the port; and
FullGrad (make_pytorch_grad_cam_keras_reference.fullgrad): its maps of all 16, the bias layers it found, per layer and
digit sum |b g| and sum b g, the bias vectors it read, and the map its input term alone would give. The untrained
model predicts class 1 for every digit, so each digit is explained for its label (targets ClassifierOutputTarget(label),
"targets" in the output): ten different logits' gradients.
"""
import json
import os
from collections import OrderedDict

import numpy as np

import reference_cli

DIGITS = 16
K = 8
EPSILON = 1e-3


def main():
    args = reference_cli.parse(__doc__, "saved_model", "the folder FusedBatchNormModel wrote")
    plain = reference_cli.patched_pytorch_grad_cam()
    import torch
    from torch import nn
    import pytorch_grad_cam as pgc
    from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget
    import make_pytorch_grad_cam_keras_reference as keras_reference
    import mnist_idx
    import torch_port

    torch.manual_seed(0)
    flat = plain.flat
    w = torch_port.read_variables(args.saved_model)
    expected = {"c1_kernel": (3, 3, 1, K), "c1_bias": (K,), "c2_kernel": (3, 3, K, K), "bn_gamma": (K,),
                "bn_beta": (K,), "bn_mean": (K,), "bn_variance": (K,), "c3_kernel": (3, 3, K, K), "c3_bias": (K,),
                "c4_kernel": (1, 1, K, K), "c4_offset": (1, 1, 1, K), "dense_kernel": (K, 10), "dense_bias": (10,)}
    if {k: v.shape for k, v in w.items()} != expected:
        raise ValueError("%s: not FusedBatchNormModel's variables: %s" % (args.saved_model,
                                                                         {k: v.shape for k, v in w.items()}))
    if not (w["bn_variance"] > 0).all():
        raise ValueError("%s: bn_variance not positive" % args.saved_model)

    def tensor(a):
        return torch.from_numpy(np.ascontiguousarray(a))

    def conv(name, bias):
        kernel = w[name + "_kernel"]
        size = kernel.shape[0]
        c = nn.Conv2d(kernel.shape[2], kernel.shape[3], size, padding=size // 2, bias=bias is not None)
        with torch.no_grad():
            c.weight.copy_(tensor(kernel.transpose(3, 2, 0, 1)))
            if bias is not None:
                c.bias.copy_(tensor(bias))
        return c

    class Mean(nn.Module):
        def forward(self, x):
            return x.mean(dim=(2, 3))

    def build():
        bn = nn.BatchNorm2d(K, eps=EPSILON)
        with torch.no_grad():
            bn.weight.copy_(tensor(w["bn_gamma"]))
            bn.bias.copy_(tensor(w["bn_beta"]))
            bn.running_mean.copy_(tensor(w["bn_mean"]))
            bn.running_var.copy_(tensor(w["bn_variance"]))
        dense = nn.Linear(K, 10)
        with torch.no_grad():
            dense.weight.copy_(tensor(w["dense_kernel"].T))
            dense.bias.copy_(tensor(w["dense_bias"]))
        model = nn.Sequential(OrderedDict([
            ("c1", conv("c1", w["c1_bias"])), ("c1_relu", nn.ReLU()),
            ("c2", conv("c2", None)), ("bn", bn), ("bn_relu", nn.ReLU()),
            ("c3", conv("c3", w["c3_bias"])), ("c3_relu", nn.ReLU()),
            # x - c4_offset: a bias of -c4_offset.
            ("c4", conv("c4", -w["c4_offset"].ravel())), ("features", nn.ReLU()),
            ("gap", Mean()), ("logits", dense)]))
        return model.eval()

    data = os.environ.get("CAM4J_DATA", "/work/shared/data/mnist")
    pixels = mnist_idx.read(os.path.join(data, "t10k-images-idx3-ubyte.gz"))[:DIGITS]
    labels = [int(v) for v in mnist_idx.read(os.path.join(data, "t10k-labels-idx1-ubyte.gz"))[:DIGITS]]
    # The untrained model predicts one class for every digit: each is explained for its label instead, so that the
    # gradients are of ten different logits.
    targets = [ClassifierOutputTarget(c) for c in labels]
    x = pixels.astype(np.float32) * np.float32(1.0 / 255.0) + np.float32(0)
    x = torch.from_numpy(np.ascontiguousarray(x[:, None, :, :].astype(np.float32)))
    model = build()
    with torch.no_grad():
        logits = model(x).numpy()
    document = {
        "pytorchGradCam": plain.versions(args.commit),
        "model": "FusedBatchNormModel (cam4j's test model, java.util.Random(7)), exported by cam4j's tests",
        "port": ", ".join("%s %s" % (n, type(m).__name__) for n, m in model.named_children()),
        "weights": {k: [float(v) for v in a.ravel()] for k, a in sorted(w.items())},
        "digits": "the first 16 MNIST test digits, float32(pixel) * float32(1/255), NCHW",
        "logits": flat(logits),
        "predicted": logits.argmax(axis=1).tolist(),
        "targets": labels,
        "digitsCount": DIGITS,
        "methods": {},
    }
    m = build()
    maps, raw = plain.run(pgc.GradCAM, m, x, {}, {}, layers=[m.features], targets=targets)
    document["methods"]["gradcam"] = {"class": "GradCAM", "layers": "features", "map": flat(maps), "raw": flat(raw)}
    document["methods"]["fullgrad"] = keras_reference.fullgrad(build(), x, DIGITS, signed=True,
                                                                  targets=targets)
    full = document["methods"]["fullgrad"]
    full["inputTermApart"] = np.abs(np.array(full["map"]) - np.array(full["inputTermMap"])).max(axis=1).tolist()
    document["replacements"] = dict(plain.shims)
    path = os.path.join(args.out, "pytorch-grad-cam-fusedbn.json")
    with open(path, "w") as f:
        json.dump(document, f)
    print("wrote", path, "bias layers", full["biasLayers"], "targets", labels,
          "smallest term", {k: min(v) for k, v in full["biasTerms"].items()},
          "map minus input term's", min(full["inputTermApart"]), max(full["inputTermApart"]))


if __name__ == "__main__":
    main()
