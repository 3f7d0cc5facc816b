#!/usr/bin/env python3
"""torch-cam's own extractors run on the torch port of cam4j's bundled models, for cam4j's TorchCamParityTest:

  PYTHONPATH=TORCH_CAM_CHECKOUT CAM4J_DATA=/work/shared/data/mnist \\
      /usr/bin/python3 make_torch_cam_reference.py ../saved_models ../src/test/resources/torch [--commit HASH]

TORCH_CAM_CHECKOUT is a folder holding frgfm/torch-cam's package torchcam/ (and its pyproject.toml, for the version);
none of its code is copied into cam4j. One way to get one from a bare clone:
  mkdir /tmp/tcam && git --git-dir=CLONE archive HEAD torchcam pyproject.toml | tar -x -C /tmp/tcam
--commit is only recorded in the output. torch-cam declares torch>=2.0 and numpy>=1.26.4; Debian's torch 1.13.1 and
numpy 1.24 were used, and every extractor below ran on them as it is. Writes TORCH_DIR/torch-cam-pooled.json and
TORCH_DIR/torch-cam-unpooled.json.

The models are torch_port.py's (make_pytorch_grad_cam_reference.py checks their logits against cam4j's). Each extractor
is called as torch-cam's README does: Method(model, target_layer="features", input_shape=(1, 28, 28)), the batch run
through the model (with gradients for the gradient methods), then extractor(class_idx=predicted, scores=logits,
normalized=False): the map at the layer's cells before torch-cam's normalisation ("raw"; after its ReLU, but for CAM,
whose _relu is False). "normalized" is torch-cam's own _CAM._normalize of it, (x - min) / (max + 1e-8) at the cells,
which is what normalized=True returns.

Methods: CAM (fc_layer "logits"), GradCAM, GradCAMpp, XGradCAM, LayerCAM, ScoreCAM, ISCAM (3 steps), FinerCAM (its
defaults: base GradCAM, gamma 0.6, 3 references; and base LayerCAM) and RefineCAM over the model's three ReLUs (bases
GradCAM and LayerCAM; its default GradCAMpp is not cam4j's Grad-CAM++) on every digit recorded (RefineCAM's map is at
its largest layer's cells, 28x28 on both models); SmoothGradCAMpp (4 copies, std 0.3, torch-cam's defaults) and SSCAM (5 rounds, std 0.5) on the first
NOISY_DIGITS; and fuse_cams (thirty-eighth round) of GradCAM and LayerCAM over the three ReLUs and over the first and
the last, each called by default (normalized=True) and its maps fused by extractor.fuse_cams, whose raw entry is the
fused map as returned (LayerCAM's up to tanh(2)) at the largest layer's cells, 28x28 on both models. SmoothGradCAMpp
and SSCAM draw noise from the extractor's _distrib (torch.distributions.Normal(0, std)); here, as cam4j
cannot draw torch's numbers, the extractor's _distrib attribute is replaced, after construction, by an object whose
sample(size) returns cam4j's noise for that size: (float) (java.util.Random(seed).nextGaussian() * std), one generator
per picture, each call (a noisy copy; an SS-CAM round) taking the next C x H x W draws of each picture's generator,
channel by channel, row by row, as cam4j draws them. No torch-cam code is changed; the output records the
replacement. FinerCAM and RefineCAM over GradCAMpp (thirty-eighth round) are run as torch-cam runs them and once more
with the base GradCAMpp instance's _get_weights replaced by closed_form_gradcampp_weights (the "-closedform" cases),
this script's own writing of the Grad-CAM++ closed form pytorch-grad-cam and cam4j compute: torch-cam's GradCAMpp is
not that (see closed_form_gradcampp_weights), so only the "-closedform" cases can hold cam4j's torch-cam forms over
--finer-base/--refine-base gradcam++ to torch-cam's wrappers.
"""
import json
import os
import re
import sys
import tempfile

import numpy as np

import reference_cli

HERE = os.path.dirname(os.path.abspath(__file__))
DIGITS = 16
NOISY_DIGITS = 4
UNPOOLED_DIGITS = 4
SMOOTH = {"num_samples": 4, "std": 0.3, "seed": 0}
SS = {"num_samples": 5, "std": 0.5, "seed": 3}
IS = {"num_samples": 3}

shims = {}


def install_metadata(checkout):
    from importlib import metadata
    try:
        metadata.version("torchcam")
        return
    except metadata.PackageNotFoundError:
        pass
    with open(os.path.join(checkout, "pyproject.toml")) as f:
        version = re.search(r'^version\s*=\s*"([^"]+)"', f.read(), re.M).group(1)
    info = tempfile.mkdtemp(prefix="torchcam-metadata-")
    os.makedirs(os.path.join(info, "torchcam-%s.dist-info" % version))
    with open(os.path.join(info, "torchcam-%s.dist-info" % version, "METADATA"), "w") as f:
        f.write("Metadata-Version: 2.1\nName: torchcam\nVersion: %s\n" % version)
    sys.path.append(info)
    shims["metadata"] = "temporary dist-info with pyproject.toml's version %s" % version


class Cam4jNoise:
    """Stands for torch-cam's Normal(0, std): sample(size) gives each picture the next draws of its own
    java.util.Random(seed), (float) (nextGaussian() * std), in size's row-major order past the batch axis."""

    def __init__(self, pictures, std, seed):
        from java_random import JavaRandom
        self.randoms = [JavaRandom(seed) for _ in range(pictures)]
        self.std = std
        self.calls = 0

    def sample(self, size):
        import torch
        size = tuple(size)
        assert size[0] == len(self.randoms), size
        per = int(np.prod(size[1:]))
        noise = np.stack([r.gaussians(per, self.std) for r in self.randoms]).reshape(size)
        self.calls += 1
        return torch.from_numpy(noise.astype(np.float32))


def closed_form_gradcampp_weights(self, class_idx, scores, **kwargs):
    """Grad-CAM++'s weights in the closed form pytorch-grad-cam's GradCAMPlusPlus computes, and so cam4j's Grad-CAM++
    (GradientBatch.plusPlus), written here (neither library's code): per cell a = g^2 / (2 g^2 + S_k g^3 + 1e-6),
    S_k the channel's activations summed over the cells, a = 0 where g = 0, and w_k = sum over cells of a ReLU(g).
    Bound to the base GradCAMpp instance for the "-closedform" cases only, so that torch-cam's FinerCAM and RefineCAM
    wrap the Grad-CAM++ cam4j's --finer-base/--refine-base gradcam++ computes. torch-cam's own _get_weights is other:
    it divides a copy (alpha[idx][mask].div_(...)), so its weights stay sum g^2 ReLU(g); had the division taken effect,
    its denominator 2 g^2 + (sum over cells of A g^3) + 1e-8 would still differ from this one where g varies over
    the cells (every layer but these models' features) or is small beside 1e-6 (the class logit's gradient at these
    models' features: 2e-6 to 0.02, medians 0.004 and 0.001)."""
    import torch
    self._backprop(scores, class_idx, **kwargs)
    weights = []
    for grad, act in zip(self.hook_g, self.hook_a):
        spatial = act.ndim - 2
        g2 = grad.double().pow(2)
        sums = act.double().flatten(2).sum(-1)[(...,) + (None,) * spatial]
        a = torch.where(grad != 0, g2 / (2 * g2 + sums * g2 * grad.double() + 1e-6), torch.zeros_like(g2))
        weights.append((a * torch.relu(grad.double())).flatten(2).sum(-1).float())
    return weights


def tm_gradcampp():
    from torchcam.methods import GradCAMpp
    return GradCAMpp


def run(kind, model, x, predicted, gradients, **kwargs):
    """One extractor on the batch: (raw maps, torch-cam's normalised maps, the noise replacement or None)."""
    import torch
    from torchcam.methods.core import _CAM
    noise = None
    seed = kwargs.pop("seed", None)
    layers = kwargs.pop("layers", "features")
    if layers == "every ReLU":
        layers = [name for name, module in model.named_children() if isinstance(module, type(model.features))]
    closed_form = kwargs.pop("closed_form", False)
    with kind(model, target_layer=layers, input_shape=(1, 28, 28), **kwargs) as extractor:
        if closed_form:
            import types
            base = extractor.base_cam
            assert type(base) is tm_gradcampp(), type(base)
            base._get_weights = types.MethodType(closed_form_gradcampp_weights, base)
        if seed is not None:
            noise = Cam4jNoise(x.shape[0], kwargs["std"], seed)
            extractor._distrib = noise
        if gradients:
            scores = model(x.clone())
        else:
            with torch.no_grad():
                scores = model(x.clone())
        raw = extractor(class_idx=predicted, scores=scores, normalized=False)
        assert len(raw) == 1
        raw = raw[0].detach().clone()
        normalized = _CAM._normalize(raw.clone())
    return raw.numpy(), normalized.numpy(), noise


def run_fused(kind, model, x, predicted, layers):
    """torch-cam's fusion of several layers as its README shows it: the extractor over the layers, called as by default
    (normalized=True: each layer's map ReLU-ed and _normalize-d at its cells), then extractor.fuse_cams(cams) (the
    class's _scale_cams, LayerCAM's tanh(2 * cam), every other's the identity; bilinear, align_corners=False, to the
    largest layer's shape; the element-wise maximum). Returns (the fused maps, torch-cam's _normalize of them)."""
    from torchcam.methods.core import _CAM
    with kind(model, target_layer=layers, input_shape=(1, 28, 28)) as extractor:
        scores = model(x.clone())
        cams = extractor(class_idx=predicted, scores=scores)
        assert len(cams) == len(layers)
        fused = extractor.fuse_cams([c.detach().clone() for c in cams]).detach().clone()
        normalized = _CAM._normalize(fused.clone())
    return fused.numpy(), normalized.numpy()


def main():
    args = reference_cli.parse(__doc__, "saved_models", "cam4j's saved_models/", library="torch-cam")
    import importlib.util
    spec = importlib.util.find_spec("torchcam")
    if spec is None:
        sys.exit("torchcam is not importable: put a torch-cam checkout on PYTHONPATH")
    checkout = os.path.dirname(os.path.dirname(spec.origin))
    install_metadata(checkout)
    sys.path.insert(0, HERE)
    from make_pytorch_grad_cam_reference import flat  # maps to 8 significant digits, as the pytorch-grad-cam references
    import torch
    import torchcam
    from torchcam import methods as tm
    import mnist_idx
    import torch_port

    torch.manual_seed(0)
    data = os.environ.get("CAM4J_DATA", "/work/shared/data/mnist")
    pixels = mnist_idx.read(os.path.join(data, "t10k-images-idx3-ubyte.gz"))[:DIGITS]
    for name, digits in (("pooled", DIGITS), ("unpooled", UNPOOLED_DIGITS)):
        folder = os.path.join(args.saved_models, "mnist-" + name)
        model = torch_port.build(folder)
        x = torch_port.digits_tensor(pixels[:digits], folder)
        with torch.no_grad():
            predicted = model(x).numpy().argmax(axis=1).tolist()
        document = {
            "torchCam": {"version": torchcam.__version__, "commit": args.commit, "checkout": checkout,
                         "torch": torch.__version__, "numpy": np.__version__, "python": sys.version.split()[0]},
            "model": "saved_models/mnist-" + name,
            "targetLayer": "features (the last convolution's ReLU)",
            "digits": "the first MNIST test digits, pixels (uint8) * pixelScale (float32), NCHW",
            "predicted": predicted,
            "methods": {},
        }
        cases = [("cam", tm.CAM, False, digits, {"fc_layer": "logits"}),
                 ("gradcam", tm.GradCAM, True, digits, {}),
                 ("gradcampp", tm.GradCAMpp, True, digits, {}),
                 ("xgradcam", tm.XGradCAM, True, digits, {}),
                 ("layercam", tm.LayerCAM, True, digits, {}),
                 ("scorecam", tm.ScoreCAM, False, digits, {}),
                 ("iscam", tm.ISCAM, False, digits, dict(IS)),
                 ("finercam", tm.FinerCAM, True, digits, {}),
                 ("finercam-layercam", tm.FinerCAM, True, digits, {"base_method": tm.LayerCAM}),
                 ("refinecam-gradcam", tm.RefineCAM, True, digits, {"layers": "every ReLU", "base_method": tm.GradCAM}),
                 ("refinecam-layercam", tm.RefineCAM, True, digits,
                  {"layers": "every ReLU", "base_method": tm.LayerCAM}),
                 # Over GradCAMpp: as torch-cam runs it, and with the base's weights the closed form cam4j's
                 # Grad-CAM++ computes ("-closedform": closed_form_gradcampp_weights bound to the base instance).
                 ("finercam-gradcampp", tm.FinerCAM, True, digits, {"base_method": tm.GradCAMpp}),
                 ("finercam-gradcampp-closedform", tm.FinerCAM, True, digits,
                  {"base_method": tm.GradCAMpp, "closed_form": True}),
                 ("refinecam-gradcampp", tm.RefineCAM, True, digits, {"layers": "every ReLU"}),
                 ("refinecam-gradcampp-closedform", tm.RefineCAM, True, digits,
                  {"layers": "every ReLU", "closed_form": True}),
                 ("smoothgradcampp", tm.SmoothGradCAMpp, True, min(digits, NOISY_DIGITS), dict(SMOOTH)),
                 ("sscam", tm.SSCAM, False, min(digits, NOISY_DIGITS), dict(SS))]
        for method, kind, gradients, count, kwargs in cases:
            settings = {k: (v.__name__ if isinstance(v, type) else v) for k, v in kwargs.items()}
            raw, normalized, noise = run(kind, torch_port.build(folder), x[:count], predicted[:count], gradients,
                                         **kwargs)
            entry = {"class": kind.__name__, "settings": settings, "digits": count, "raw": flat(raw),
                     "normalized": flat(normalized)}
            if kwargs.get("closed_form"):
                entry["weights"] = ("the base GradCAMpp instance's _get_weights replaced by"
                                    " closed_form_gradcampp_weights: pytorch-grad-cam's (cam4j's) Grad-CAM++ closed"
                                    " form, not torch-cam's weights")
            if noise is not None:
                entry["noise"] = ("the extractor's _distrib replaced by cam4j's draws: java.util.Random(%d) per picture,"
                                  " (float) (nextGaussian() * %g); sample() called %d times"
                                  % (settings["seed"], settings["std"], noise.calls))
            document["methods"][method] = entry
            print(name, method, raw.shape, file=sys.stderr)
        # fuse_cams (thirty-eighth round): appended after the other cases, which it leaves as they were. Over the three
        # ReLUs, and over the first and the last (the 28x28 first layer is the largest in both models, so the fused
        # map lies on the pixels; on the pooled model the 14x14 and 7x7 maps are upsampled to it).
        relus = [n for n, module in torch_port.build(folder).named_children() if isinstance(module, type(model.features))]
        fusions = [("fuse-gradcam", tm.GradCAM, relus), ("fuse-layercam", tm.LayerCAM, relus),
                   ("fuse-gradcam-first-last", tm.GradCAM, [relus[0], relus[-1]]),
                   ("fuse-layercam-first-last", tm.LayerCAM, [relus[0], relus[-1]])]
        for method, kind, layers in fusions:
            fused, normalized = run_fused(kind, torch_port.build(folder), x, predicted, layers)
            document["methods"][method] = {
                "class": kind.__name__, "settings": {"layers": layers, "fuse_cams": "defaults (target_shape None)"},
                "digits": digits, "raw": flat(fused), "normalized": flat(normalized),
                "call": "cams = extractor(class_idx=predicted, scores=scores); extractor.fuse_cams(cams)"}
            print(name, method, fused.shape, file=sys.stderr)
        document["replacements"] = dict(shims)
        path = os.path.join(args.out, "torch-cam-%s.json" % name)
        with open(path, "w") as f:
            json.dump(document, f)
        print("wrote", path)
    print("replacements:", json.dumps(shims))


if __name__ == "__main__":
    main()
