#!/usr/bin/env python3
"""pytorch-grad-cam's own classes on a torch port of cam4j's Keras 3 test model blocks-export (biases, batch norms,
ReLU6, a depthwise convolution, a residual Add), for cam4j's KerasPytorchGradCamParityTest:

  PYTHONPATH=PYTORCH_GRAD_CAM_CHECKOUT CAM4J_DATA=/work/shared/data/mnist \\
      /usr/bin/python3 make_pytorch_grad_cam_keras_reference.py ../src/test/resources/keras3 \\
      ../src/test/resources/torch [--commit HASH]

As make_pytorch_grad_cam_reference.py (which see for the checkout, the versions and the ttach stand-in), on
keras_port.py's port of KERAS3_DIR/blocks-export (weights read from its checkpoint, logits out; the pixels 0..255 fed,
its Rescaling inside). Writes TORCH_DIR/pytorch-grad-cam-blocks.json: the logits of the first 16 MNIST test digits, and
for each method the "map" (what the call returns) of the first MAP_DIGITS and the "raw" map (what get_cam_image
returned inside the call) of all 16, at target_layers=[model.last_relu] (the tensor cam4j explains), targets None:
  GradCAM, GradCAMPlusPlus, ShapleyCAM, FEM (k=2, its default), HiResCAM, XGradCAM, LayerCAM;
  FullGrad (no raw map; it ignores target_layers): its map, the bias layers it found, and per layer and digit
    sum |bias * grad| (its term before scaling), to show the bias terms are not 0 here; and "inputTermMap", the map
    FullGrad would give from its input term alone (pytorch-grad-cam's own aggregation of that one term);
  DeepFeatureFactorization(model, model.last_relu, computation_on_concepts=model.classes) called on the first
    DFF_DIGITS with n_components DFF_CONCEPTS: its concepts (W + offset, channels x k), the concept outputs (the Dense's
    logits of each concept), the raw H of dff() (recorded by wrapping the module's dff) and the returned heatmaps.
    Its NMF is scikit-learn's with init='random', random_state=0 (seeded by pytorch-grad-cam itself).
ShapleyCAM's Hessian term: last_relu is followed only by the global average pooling and the Dense, linear, so its hvp
is None or 0 and the raw maps are GradCAM's; the output records the largest difference between the two.
"""
import json
import os
import sys

import numpy as np

import reference_cli

MAP_DIGITS = 8
DFF_DIGITS = 8
DFF_CONCEPTS = 5


def fullgrad(m, x, map_digits, signed=False, targets=None):
    """pytorch-grad-cam's FullGrad on the batch x, its bias terms recorded from the very gradients it took: its map
    (of the first map_digits), the bias layers it found (module names, in its order), per layer and picture
    sum |bias * grad| (its term before scaling), and "inputTermMap", the map its input term alone would give (its own
    aggregation of that one term). targets: one per picture, None for the predicted class. signed: also "biasSums",
    per layer and picture sum bias * grad, and "biases", the bias vectors it read (a BatchNorm2d's
    beta - mean gamma / sqrt(var + eps))."""
    import pytorch_grad_cam as pgc
    from pytorch_grad_cam.utils.image import scale_accross_batch_and_channels, scale_cam_image
    from make_pytorch_grad_cam_reference import flat
    cam = pgc.FullGrad(m, target_layers=[])
    layer_names = {id(module): n for n, module in m.named_modules()}
    bias_layers = [layer_names[id(t)] for t in cam.target_layers]
    terms = {}
    sums = {}
    input_term = []
    original = cam.compute_cam_per_layer

    def recording_terms(input_tensor, target_category, eigen_smooth):
        grads = [g.cpu().data.numpy() for g in cam.activations_and_grads.gradients]
        for layer, bias, g in zip(bias_layers, cam.bias_data, grads):
            terms[layer] = np.abs(bias[None, :, None, None] * g).sum(axis=(1, 2, 3)).tolist()
            sums[layer] = (bias[None, :, None, None] * g).sum(axis=(1, 2, 3), dtype=np.float64).tolist()
        gi = np.abs(input_tensor.grad.data.cpu().numpy() * input_tensor.data.cpu().numpy())
        input_term.append(scale_cam_image(scale_accross_batch_and_channels(gi, cam.get_target_width_height(
            input_tensor)).sum(axis=1)))
        return original(input_tensor, target_category, eigen_smooth)
    cam.compute_cam_per_layer = recording_terms
    try:
        maps = cam(input_tensor=x.clone(), targets=targets)
    finally:
        cam.activations_and_grads.release()
    out = {"class": "FullGrad", "layers": "every Conv2d and BatchNorm2d with a bias", "biasLayers": bias_layers,
           "biasTerms": terms, "map": flat(maps[:map_digits]), "inputTermMap": flat(input_term[0][:map_digits])}
    if signed:
        out["biasSums"] = sums
        out["biases"] = {layer: [float(v) for v in b] for layer, b in zip(bias_layers, cam.bias_data)}
    return out

def main():
    args = reference_cli.parse(__doc__, "keras3", "cam4j's src/test/resources/keras3")
    plain = reference_cli.patched_pytorch_grad_cam()
    import torch
    import pytorch_grad_cam as pgc
    from pytorch_grad_cam.feature_factorization import deep_feature_factorization as dff_module
    import keras_port
    import mnist_idx

    torch.manual_seed(0)
    flat = plain.flat
    data = os.environ.get("CAM4J_DATA", "/work/shared/data/mnist")
    pixels = mnist_idx.read(os.path.join(data, "t10k-images-idx3-ubyte.gz"))[:16]
    folder = os.path.join(args.keras3, "blocks-export")
    model = keras_port.build(folder)
    x = keras_port.digits_tensor(pixels)
    with torch.no_grad():
        logits = model(x).numpy()
    document = {
        "pytorchGradCam": plain.versions(args.commit),
        "model": "src/test/resources/keras3/blocks-export",
        "port": "keras_port.py: " + ", ".join("%s %s" % (n, type(m).__name__) for n, m in model.named_children()),
        "targetLayer": "last_relu (the last convolution's ReLU, 14x14x32)",
        "digits": "the first 16 MNIST test digits, pixels 0..255 (float32), NCHW",
        "logits": flat(logits),
        "predicted": logits.argmax(axis=1).tolist(),
        "mapDigits": MAP_DIGITS,
        "rawDigits": 16,
        "methods": {},
    }
    methods = [("gradcam", pgc.GradCAM, {}), ("gradcam++", pgc.GradCAMPlusPlus, {}),
               ("shapleycam", pgc.ShapleyCAM, {}), ("fem", pgc.FEM, {}), ("hirescam", pgc.HiResCAM, {}),
               ("xgradcam", pgc.XGradCAM, {}), ("layercam", pgc.LayerCAM, {})]
    for name, kind, constructor in methods:
        m = keras_port.build(folder)
        maps, raw = plain.run(kind, m, x, constructor, {}, layers=[m.last_relu])
        assert raw is not None, "one target layer, one get_cam_image call"
        document["methods"][name] = {"class": kind.__name__, "layers": "last_relu", "map": flat(maps[:MAP_DIGITS]),
                                     "raw": flat(raw)}
        print(name, maps.shape, raw.shape, file=sys.stderr)
    shapley = np.array(document["methods"]["shapleycam"]["raw"])
    grad = np.array(document["methods"]["gradcam"]["raw"])
    document["shapleyMinusGradCam"] = float(np.abs(shapley - grad).max())

    # FullGrad: its map, and its bias terms recorded from the very gradients it took.
    document["methods"]["fullgrad"] = fullgrad(keras_port.build(folder), x, MAP_DIGITS)
    print("fullgrad", document["methods"]["fullgrad"]["biasLayers"],
          {k: max(v) for k, v in document["methods"]["fullgrad"]["biasTerms"].items()}, file=sys.stderr)

    # Deep Feature Factorization, its dff() wrapped to record H before the heatmaps' scaling.
    m = keras_port.build(folder)
    raw_h = []
    original_dff = dff_module.dff

    def recording_dff(activations, n_components=5):
        concepts, explanations = original_dff(activations, n_components=n_components)
        raw_h.append(np.array(explanations, copy=True))
        return concepts, explanations
    dff_module.dff = recording_dff
    try:
        factorization = pgc.DeepFeatureFactorization(m, m.last_relu, computation_on_concepts=m.classes)
        concepts, heatmaps, outputs = factorization(x[:DFF_DIGITS].clone(), n_components=DFF_CONCEPTS)
        factorization.activations_and_grads.release()
    finally:
        dff_module.dff = original_dff
    document["dff"] = {"class": "DeepFeatureFactorization", "layer": "last_relu",
                       "computationOnConcepts": "classes (the Dense: logits)", "digits": DFF_DIGITS,
                       "concepts": DFF_CONCEPTS, "embeddings": flat(np.asarray(concepts).T),
                       "conceptOutputs": flat(outputs), "cells": [flat(h) for h in raw_h[0]],
                       "heatmaps": [flat(h) for h in heatmaps]}
    document["replacements"] = dict(plain.shims)
    path = os.path.join(args.out, "pytorch-grad-cam-blocks.json")
    with open(path, "w") as f:
        json.dump(document, f)
    print("wrote", path, "shapley - gradcam:", document["shapleyMinusGradCam"])


if __name__ == "__main__":
    main()
