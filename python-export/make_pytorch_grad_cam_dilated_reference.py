#!/usr/bin/env python3
"""pytorch-grad-cam's own classes on a torch port of a cam4j model with dilated convolutions, for cam4j's
DilatedPytorchGradCamParityTest:

  (cd .. && mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt &&
   java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) \\
       io.github.cam4j.testing.DilatedModels /tmp/dilated)
  PYTHONPATH=PYTORCH_GRAD_CAM_CHECKOUT CAM4J_DATA=/work/shared/data/mnist /usr/bin/python3 \\
      make_pytorch_grad_cam_dilated_reference.py /tmp/dilated ../src/test/resources/torch [--commit HASH]

The model is cam4j's test model DilatedModels.parity() (src/test/java/io/github/cam4j/testing), a cam4j Sequential
exported with seeded weights: 28x28 grey input, c1 (Conv2D 3x3, rate 1), c2 (3x3, rate 2), c3 (2x2, rate 3), 8 filters
each, 'same', biases, ReLU; global average pooling; a Dense of 10 (its softmax left out: the port returns the logits).
Its architecture is read from assets/cam4j.json and its weights from the SavedModel's checkpoint
(torch_port.read_variables), recorded in the output so that the Java test can check it exports the same model. The
port: each convolution an nn.ZeroPad2d with TensorFlow's 'same' padding for a dilated kernel (its reach
(k - 1) * rate + 1, so (k - 1) * rate pixels in all, the smaller half before: c3's reach of 4 pads 1 before and 2
after) and an nn.Conv2d(dilation=rate, padding=0); ReLU; a spatial mean; Linear. The pixels are fed as cam4j feeds
its models: float32(pixel) * float32(pixelScale) + pixelOffset (torch_port.digits_tensor), NCHW.

As make_pytorch_grad_cam_reference.py (which see for the checkout, the versions and the ttach stand-in). Writes
TORCH_DIR/pytorch-grad-cam-dilated.json: the weights, the logits of the first 16 MNIST test digits; GradCAM, HiResCAM,
LayerCAM, GradCAMPlusPlus and XGradCAM at target_layers=[model.c1_relu] (before both dilated convolutions) and
[model.c2_relu] (before c3), their "map" (what the call returns) and "raw" map (what get_cam_image returned inside the
call) of the first CAM_DIGITS, and GradCAM at c3_relu (after every dilated convolution: its gradient crosses none, an
anchor for the port); FullGrad (make_pytorch_grad_cam_keras_reference.fullgrad; its input gradient crosses every
dilated convolution, c1's bias term c2 and c3, c2's c3): its maps of all 16, the bias layers it found, per layer and
digit sum |b g| and sum b g, the bias vectors it read, and the map its input term alone would give. When the
untrained model predicts one class for every digit, each digit is explained for its label ("targets" in the output).
"""
import json
import os
import sys
from collections import OrderedDict

import numpy as np

import reference_cli

DIGITS = 16
CAM_DIGITS = 8
LAYERS = ("c1_relu", "c2_relu")


def same_padding(size, rate):
    """TensorFlow's 'same' padding of a dilated kernel at stride 1: (before, after), the smaller half before."""
    total = (size - 1) * rate
    return total // 2, total - total // 2


def build(saved_model):
    """The torch port of DilatedModels.parity() (any such Sequential of 'same' or 'valid' Conv2D layers with biases
    and ReLU, then global average pooling and a Dense), each layer checked against what is ported."""
    import torch
    from torch import nn
    import torch_port
    layers = torch_port.architecture(saved_model)["architecture"]["config"]["layers"]
    w = torch_port.read_variables(saved_model)
    used = set()

    def tensor(a):
        return torch.from_numpy(np.ascontiguousarray(a))

    modules = []
    for layer in layers:
        kind, c = layer["class_name"], layer["config"]
        if kind == "InputLayer":
            continue
        if kind == "Conv2D":
            assert c["strides"] == [1, 1] and c["activation"] == "relu" and c["use_bias"], c
            assert c["data_format"] == "channels_last" and c["groups"] == 1, c
            kh, kw = c["kernel_size"]
            rh, rw = c["dilation_rate"]
            kernel, bias = w[c["name"] + "_kernel"], w[c["name"] + "_bias"]  # HWIO
            used.update([c["name"] + "_kernel", c["name"] + "_bias"])
            assert kernel.shape[:2] == (kh, kw), (c, kernel.shape)
            if c["padding"] == "same":
                top, bottom = same_padding(kh, rh)
                left, right = same_padding(kw, rw)
                modules.append((c["name"] + "_pad", nn.ZeroPad2d((left, right, top, bottom))))
            else:
                assert c["padding"] == "valid", c
            conv = nn.Conv2d(kernel.shape[2], kernel.shape[3], (kh, kw), dilation=(rh, rw), padding=0)
            with torch.no_grad():
                conv.weight.copy_(tensor(kernel.transpose(3, 2, 0, 1)))  # OIHW
                conv.bias.copy_(tensor(bias))
            modules.append((c["name"], conv))
            modules.append((c["name"] + "_relu", nn.ReLU()))
        elif kind == "GlobalAveragePooling2D":
            modules.append(("gap", nn.AdaptiveAvgPool2d(1)))
            modules.append(("flatten", nn.Flatten()))
        elif kind == "Dense":
            assert c["activation"] == "softmax" and c["use_bias"], c
            kernel = w[c["name"] + "_kernel"]  # in x out
            used.update([c["name"] + "_kernel", c["name"] + "_bias"])
            dense = nn.Linear(kernel.shape[0], kernel.shape[1])
            with torch.no_grad():
                dense.weight.copy_(tensor(kernel.T))
                dense.bias.copy_(tensor(w[c["name"] + "_bias"]))
            modules.append(("logits", dense))
        else:
            raise ValueError("%s: layer %s is not ported" % (saved_model, kind))
    unused = set(w) - used
    if unused:
        raise ValueError("%s: variables not ported: %s" % (saved_model, sorted(unused)))
    return nn.Sequential(OrderedDict(modules)).eval(), w


def main():
    args = reference_cli.parse(__doc__, "saved_model", "the folder DilatedModels wrote")
    plain = reference_cli.patched_pytorch_grad_cam()
    import torch
    import pytorch_grad_cam as pgc
    from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget
    import make_pytorch_grad_cam_keras_reference as keras_reference
    import mnist_idx
    import torch_port

    torch.manual_seed(0)
    flat = plain.flat
    model, w = build(args.saved_model)
    dilations = {n: list(m.dilation) for n, m in model.named_children() if isinstance(m, torch.nn.Conv2d)}
    if dilations != {"c1": [1, 1], "c2": [2, 2], "c3": [3, 3]}:
        raise ValueError("%s: not DilatedModels.parity(): dilations %s" % (args.saved_model, dilations))
    data = os.environ.get("CAM4J_DATA", "/work/shared/data/mnist")
    pixels = mnist_idx.read(os.path.join(data, "t10k-images-idx3-ubyte.gz"))[:DIGITS]
    labels = [int(v) for v in mnist_idx.read(os.path.join(data, "t10k-labels-idx1-ubyte.gz"))[:DIGITS]]
    x = torch_port.digits_tensor(pixels, args.saved_model)
    with torch.no_grad():
        logits = model(x).numpy()
    predicted = logits.argmax(axis=1).tolist()
    # An untrained model may predict one class for every digit: then each is explained for its label instead, so that
    # the gradients are of ten different logits.
    by_label = len(set(predicted)) == 1
    classes = labels if by_label else predicted
    targets = [ClassifierOutputTarget(c) for c in classes]
    document = {
        "pytorchGradCam": plain.versions(args.commit),
        "model": "DilatedModels.parity() (cam4j's test model, weights of seed %s), exported by cam4j's tests"
                 % "DilatedModels.PARITY_SEED",
        "port": ", ".join("%s %s" % (n, m) for n, m in model.named_children()),
        "weights": {k: [float(v) for v in a.ravel()] for k, a in sorted(w.items())},
        "digits": "the first 16 MNIST test digits, float32(pixel) * float32(pixelScale) + pixelOffset, NCHW",
        "logits": flat(logits),
        "predicted": predicted,
        "targets": classes,
        "targetsAre": "labels (the model predicts one class for all)" if by_label else "the predicted classes",
        "digitsCount": DIGITS,
        "camDigits": CAM_DIGITS,
        "methods": {},
    }
    kinds = [("gradcam", pgc.GradCAM), ("hirescam", pgc.HiResCAM), ("layercam", pgc.LayerCAM),
             ("gradcam++", pgc.GradCAMPlusPlus), ("xgradcam", pgc.XGradCAM)]
    cases = [(name, kind, layer) for layer in LAYERS for name, kind in kinds] + [("gradcam", pgc.GradCAM, "c3_relu")]
    for name, kind, layer in cases:
        m, _ = build(args.saved_model)
        maps, raw = plain.run(kind, m, x[:CAM_DIGITS], {}, {}, layers=[getattr(m, layer)],
                              targets=targets[:CAM_DIGITS])
        assert raw is not None, "one target layer, one get_cam_image call"
        document["methods"]["%s@%s" % (name, layer)] = {"class": kind.__name__, "layers": layer, "map": flat(maps),
                                                         "raw": flat(raw)}
        print(name, layer, maps.shape, raw.shape, file=sys.stderr)
    full = keras_reference.fullgrad(build(args.saved_model)[0], x, DIGITS, signed=True, targets=targets)
    full["inputTermApart"] = np.abs(np.array(full["map"]) - np.array(full["inputTermMap"])).max(axis=1).tolist()
    document["methods"]["fullgrad"] = full
    document["replacements"] = dict(plain.shims)
    path = os.path.join(args.out, "pytorch-grad-cam-dilated.json")
    with open(path, "w") as f:
        json.dump(document, f)
    print("wrote", path, "predicted", predicted, "targets", classes, "bias layers", full["biasLayers"],
          "smallest term", {k: min(v) for k, v in full["biasTerms"].items()},
          "map minus input term's", min(full["inputTermApart"]), max(full["inputTermApart"]))


if __name__ == "__main__":
    main()
