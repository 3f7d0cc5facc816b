#!/usr/bin/env python3
"""pytorch-grad-cam's own classes run on a torch port of cam4j's bundled models, for cam4j's PytorchGradCamParityTest:

  PYTHONPATH=PYTORCH_GRAD_CAM_CHECKOUT CAM4J_DATA=/work/shared/data/mnist \\
      /usr/bin/python3 make_pytorch_grad_cam_reference.py ../saved_models ../src/test/resources/torch [--commit HASH]

PYTORCH_GRAD_CAM_CHECKOUT is a folder holding jacobgil/pytorch-grad-cam's package pytorch_grad_cam/; none of its code
is copied into cam4j. One way to get one from a bare clone:
  mkdir /tmp/pgc && git --git-dir=CLONE archive HEAD pytorch_grad_cam | tar -x -C /tmp/pgc
--commit is only recorded in the output. Needs torch, torchvision, OpenCV, scikit-learn, scipy, matplotlib and tqdm
(Debian's python3-torch 1.13.1 and its neighbours were used). Writes TORCH_DIR/pytorch-grad-cam-pooled.json and
TORCH_DIR/pytorch-grad-cam-unpooled.json.

The models are torch_port.py's ports of saved_models/mnist-pooled and mnist-unpooled (weights read from the
SavedModels, logits out). Their logits for the first 16 MNIST test digits are recorded, for the Java test to hold
against cam4j's (the port's check). Each method is pytorch-grad-cam's class as its README calls it:
cam = Method(model, target_layers=[model.features]) (the last convolution's ReLU, the tensor cam4j explains),
cam(input_tensor, targets=None) (targets None: the class of the largest output, which is the predicted class), with
the pictures in one batch. Two levels are recorded per method and picture:
  - "map": what the call returns: ReLU, scale_cam_image (min-max with its 1e-7, cv2.resize to the 28x28 input) of each
    layer, then aggregate_multi_layers' mean and scale_cam_image again;
  - "raw": what the method's own get_cam_image returned inside that very call (recorded by wrapping the instance's
    get_cam_image), before pytorch-grad-cam's ReLU and scaling, at the cells of the target layer. FullGrad has no
    get_cam_image (it ignores target_layers) and records only its map.
Three more calls take every ReLU of the model as target_layers (the pooled model's 28x28, 14x14 and 7x7 layers, the
unpooled model's three 28x28 ones), recorded as maps only: GradCAM and GradCAMPlusPlus (each layer's map scaled and
resized, their mean scaled again) and RefineCAM (its default GradCAMPlusPlus base per layer, the maps multiplied).
The pooled model records the raw maps of all 16 digits and the maps of the first MAP_DIGITS; the unpooled one (784
cells a picture) both for its first UNPOOLED_DIGITS, to keep the files small.

RandomCAM draws its channel weights with np.random.uniform(-1, 1, (pictures, channels)); here, for the seeds 0 and 42,
np.random.uniform is replaced around that call only by cam4j's draws (JavaUniform: java.util.Random(seed).nextDouble()
* 2 - 1 per channel, the same weights for every picture, java_random.py), so cam4j's randomcam can be compared exactly;
no pytorch-grad-cam code is changed.

KPCA_CAM's KernelPCA (eigen_solver 'auto': ARPACK here, with random_state None, so a random start) makes a rerun's
unpooled raw maps differ from the last by up to 1e-6 (of values up to 1.7), far inside the Java test's tolerance.

One of pytorch-grad-cam's imports is missing from Debian: ttach (test-time augmentation, used by aug_smooth only).
This script needs the real one, for aug_smooth=True (GradCAM and GradCAMPlusPlus): qubvel/ttach's package ttach/ on
PYTHONPATH too (git --git-dir=CLONE archive HEAD ttach | tar -x -C /tmp/ttach; 94e579e5 was used; pure Python). Its
aug_smooth calls are given targets, every variant explained for the picture's predicted class (cam4j's rule: with
targets=None pytorch-grad-cam lets each variant pick its own); the variants whose own prediction differs are recorded.
The sibling scripts that need no aug_smooth (make_pytorch_grad_cam_keras_reference.py,
make_pytorch_grad_cam_fusedbn_reference.py, make_pytorch_grad_cam_shapley_reference.py,
make_pytorch_grad_cam_dilated_reference.py) still call
install_replacements(): without ttach, a stand-in whose Compose, HorizontalFlip and Multiply can be built
(BaseCAM.__init__ builds its default tta_transforms) but raise if used, recorded in their output.
"""
import json
import os
import sys
import types

import numpy as np

import reference_cli

HERE = os.path.dirname(os.path.abspath(__file__))
MAP_DIGITS = 8
UNPOOLED_DIGITS = 4

shims = {}
AUG_TARGETS = ("ClassifierOutputTarget(the picture's predicted class) for every variant, as cam4j explains every"
               " variant for the picture's class; with targets=None pytorch-grad-cam lets each variant pick its own")


def install_replacements():
    try:
        import ttach  # noqa: F401
    except ImportError:
        module = types.ModuleType("ttach")

        class Refused:
            def __init__(self, *args, **kwargs):
                pass

            def __iter__(self):
                raise RuntimeError("make_pytorch_grad_cam_reference.py: ttach's stand-in cannot augment (aug_smooth"
                                   " is not run here)")

            def augment_image(self, *args):
                raise RuntimeError("make_pytorch_grad_cam_reference.py: ttach's stand-in cannot augment")

            deaugment_mask = augment_image

        module.Compose = module.HorizontalFlip = module.Multiply = Refused
        sys.modules["ttach"] = module
        shims["ttach"] = ("missing: a stand-in whose Compose, HorizontalFlip and Multiply can be built but raise if used"
                          " (aug_smooth not run)")


def flat(maps):
    """Each map flattened, to 8 significant digits (float32's precision)."""
    return [[float("%.8g" % v) for v in np.asarray(m, np.float64).ravel()] for m in maps]


def versions(commit):
    """What ran: pytorch-grad-cam's commit (as given) and checkout, and the versions of torch and the libraries it
    calls, recorded in each reference."""
    import cv2
    import scipy
    import sklearn
    import torch
    import torchvision
    import pytorch_grad_cam
    return {"commit": commit, "checkout": os.path.dirname(os.path.dirname(pytorch_grad_cam.__file__)),
            "torch": torch.__version__, "torchvision": torchvision.__version__, "numpy": np.__version__,
            "opencv": cv2.__version__, "scikitLearn": sklearn.__version__, "scipy": scipy.__version__,
            "python": sys.version.split()[0]}


def methods():
    """(name in the output, pytorch-grad-cam class, constructor kwargs, call kwargs), in the README's table order."""
    import pytorch_grad_cam as pgc
    return [
        ("gradcam", pgc.GradCAM, {}, {}),
        ("hirescam", pgc.HiResCAM, {}, {}),
        ("gradcam-elementwise", pgc.GradCAMElementWise, {}, {}),
        ("gradcam++", pgc.GradCAMPlusPlus, {}, {}),
        ("xgradcam", pgc.XGradCAM, {}, {}),
        ("layercam", pgc.LayerCAM, {}, {}),
        ("shapleycam", pgc.ShapleyCAM, {}, {}),
        ("finercam", pgc.FinerCAM, {}, {}),
        ("scorecam", pgc.ScoreCAM, {}, {}),
        ("ablationcam", pgc.AblationCAM, {}, {}),
        ("eigencam", pgc.EigenCAM, {}, {}),
        ("eigengradcam", pgc.EigenGradCAM, {}, {}),
        ("kpcacam", pgc.KPCA_CAM, {}, {}),
        ("fullgrad", pgc.FullGrad, {}, {}),
        ("gradcam-eigensmooth", pgc.GradCAM, {}, {"eigen_smooth": True}),
        ("layercam-eigensmooth", pgc.LayerCAM, {}, {"eigen_smooth": True}),
        # Every ReLU of the model: target_layers of three (aggregate_multi_layers' mean), and RefineCAM's product.
        ("gradcam-layers", pgc.GradCAM, {"layers": "every ReLU"}, {}),
        ("gradcam++-layers", pgc.GradCAMPlusPlus, {"layers": "every ReLU"}, {}),
        ("refinecam", pgc.RefineCAM, {"layers": "every ReLU"}, {}),
        # aug_smooth=True (ttach's HorizontalFlip x Multiply([0.9, 1, 1.1]), each variant's map de-augmented, the six
        # averaged), every variant explained for the picture's predicted class (cam4j's rule; see AUG_TARGETS).
        ("gradcam-augsmooth", pgc.GradCAM, {}, {"aug_smooth": True}),
        ("gradcam++-augsmooth", pgc.GradCAMPlusPlus, {}, {"aug_smooth": True}),
        # RandomCAM with cam4j's weights for its --randomcam-seed (see JavaUniform): seed 0, cam4j's default, and 42.
        ("randomcam", pgc.RandomCAM, {"seed": 0}, {}),
        ("randomcam-seed42", pgc.RandomCAM, {"seed": 42}, {}),
        # FinerCAM over the other bases cam4j's --finer-base takes (its defaults otherwise: alpha 1, references 1-3).
        ("finercam-gradcam++", pgc.FinerCAM, {"base_method": pgc.GradCAMPlusPlus}, {}),
        ("finercam-xgradcam", pgc.FinerCAM, {"base_method": pgc.XGradCAM}, {}),
        ("finercam-hirescam", pgc.FinerCAM, {"base_method": pgc.HiResCAM}, {}),
        ("finercam-layercam", pgc.FinerCAM, {"base_method": pgc.LayerCAM}, {}),
        ("finercam-gradcam-elementwise", pgc.FinerCAM, {"base_method": pgc.GradCAMElementWise}, {}),
        # At the features these models' gradient is the same at every cell (global average pooling, then the logits),
        # where XGradCAM's and HiResCAM's maps are GradCAM's: at every ReLU the earlier layers' gradients vary.
        ("finercam-xgradcam-layers", pgc.FinerCAM, {"base_method": pgc.XGradCAM, "layers": "every ReLU"}, {}),
        ("finercam-hirescam-layers", pgc.FinerCAM, {"base_method": pgc.HiResCAM, "layers": "every ReLU"}, {}),
        ("finercam-gradcam-layers", pgc.FinerCAM, {"layers": "every ReLU"}, {}),
    ]


class JavaUniform:
    """While in use, numpy's np.random.uniform (which RandomCAM's get_cam_weights calls as uniform(-1, 1,
    size=(pictures, channels))) gives cam4j's RandomCAM weights for a seed instead of numpy's draws: every picture's
    row is java.util.Random(seed)'s first nextDouble()s, channel by channel, as low + (high - low) * u, numpy's own
    formula (-1 + 2u: the same double as cam4j's nextDouble() * 2 - 1). cam4j gives every picture the same weights
    (RandomCam.weights), so every row restarts the generator. Only inside this script and only around the RandomCAM
    calls; the calls are counted and recorded."""

    def __init__(self, seed):
        self.seed = seed
        self.calls = 0
        self.original = None

    def uniform(self, low=0.0, high=1.0, size=None):
        from java_random import JavaRandom
        pictures, channels = size
        self.calls += 1
        return np.stack([low + (high - low) * JavaRandom(self.seed).doubles(channels) for _ in range(pictures)])

    def __enter__(self):
        self.original = np.random.uniform
        np.random.uniform = self.uniform
        return self

    def __exit__(self, *exc):
        np.random.uniform = self.original


def variants_predicting_otherwise(model, x):
    """[picture, ttach's variant index] of the aug_smooth variants whose own largest logit is not the picture's (where
    targets=None would explain another class)."""
    import torch
    import ttach
    transforms = ttach.Compose([ttach.HorizontalFlip(), ttach.Multiply(factors=[0.9, 1, 1.1])])
    with torch.no_grad():
        own = model(x).argmax(dim=1)
        out = []
        for v, transform in enumerate(transforms):
            theirs = model(transform.augment_image(x.clone())).argmax(dim=1)
            out += [[int(i), v] for i in torch.nonzero(theirs != own).flatten()]
    return sorted(out)


def run(kind, model, x, constructor, call, layers=None, targets=None):
    """One pytorch-grad-cam call on the batch: (its maps, the raw maps its get_cam_image returned, or None).

    layers: the target layers; by default the bundled port's features ReLU, or every ReLU when the constructor's
    "layers" asks for them. targets: pytorch-grad-cam's targets, one per picture; None explains each picture's (under
    aug_smooth each variant's) largest logit."""
    constructor = dict(constructor)
    every = constructor.pop("layers", None)
    seed = constructor.pop("seed", None)
    if layers is None:
        if every:
            layers = [module for name, module in model.named_children() if isinstance(module, type(model.features))]
        else:
            layers = [model.features]
    cam = kind(model, target_layers=layers, **constructor)
    inner = cam.base_cam if hasattr(cam, "base_cam") else cam  # FinerCAM wraps a GradCAM
    recorded = []
    # aug_smooth calls get_cam_image once per variant: its map only.
    if ("get_cam_image" in dir(inner) and type(inner).__name__ != "FullGrad" and len(layers) == 1
            and not call.get("aug_smooth")):
        original = inner.get_cam_image

        def recording(*args, **kwargs):
            out = original(*args, **kwargs)
            recorded.append(np.array(out, copy=True))
            return out
        inner.get_cam_image = recording
    try:
        if seed is None:
            maps = cam(input_tensor=x.clone(), targets=targets, **call)
        else:
            with JavaUniform(seed) as draws:
                maps = cam(input_tensor=x.clone(), targets=targets, **call)
            assert draws.calls == len(layers), "RandomCAM draws once per layer"
    finally:
        # As the README's "with Method(...) as cam:" does: the hooks off the model before the next method's.
        for base in getattr(cam, "base_cam_per_layer", [inner]):  # RefineCAM: one base CAM per layer
            base.activations_and_grads.release()
    assert len(recorded) <= 1, "one target layer, one get_cam_image call"
    return np.asarray(maps), (recorded[0] if recorded else None)


def main():
    args = reference_cli.parse(__doc__, "saved_models", "cam4j's saved_models/")
    try:
        import ttach
    except ImportError:
        sys.exit("make_pytorch_grad_cam_reference.py: ttach is not importable; put qubvel/ttach's ttach/ on PYTHONPATH"
                 " (aug_smooth runs it)")
    install_replacements()
    sys.path.insert(0, HERE)
    import torch
    import mnist_idx
    import torch_port

    torch.manual_seed(0)
    data = os.environ.get("CAM4J_DATA", "/work/shared/data/mnist")
    pixels = mnist_idx.read(os.path.join(data, "t10k-images-idx3-ubyte.gz"))[:16]
    os.makedirs(args.out, exist_ok=True)
    for name, digits_for_maps, digits_for_raw in (("pooled", MAP_DIGITS, 16),
                                                   ("unpooled", UNPOOLED_DIGITS, UNPOOLED_DIGITS)):
        folder = os.path.join(args.saved_models, "mnist-" + name)
        model = torch_port.build(folder)
        x = torch_port.digits_tensor(pixels, folder)
        with torch.no_grad():
            logits = model(x).numpy()
        document = {
            "pytorchGradCam": versions(args.commit),
            "model": "saved_models/mnist-" + name,
            "port": "torch_port.py: " + ", ".join("%s %s" % (n, type(m).__name__) for n, m in model.named_children()),
            "targetLayer": "features (the last convolution's ReLU)",
            "digits": "the first 16 MNIST test digits, pixels (uint8) * pixelScale (float32), NCHW",
            "logits": flat(logits),
            "predicted": logits.argmax(axis=1).tolist(),
            "mapDigits": digits_for_maps,
            "rawDigits": digits_for_raw,
            "ttach": {"version": ttach.__version__, "checkout": os.path.dirname(os.path.dirname(ttach.__file__))},
            "methods": {},
        }
        for method, kind, constructor, call in methods():
            # A fresh port for every method: nothing one method leaves on the model (hooks, AblationCAM's swapped
            # layer) reaches the next.
            targets = None
            if call.get("aug_smooth"):
                from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget
                targets = [ClassifierOutputTarget(int(c)) for c in logits.argmax(axis=1)]
            maps, raw = run(kind, torch_port.build(folder), x, constructor, call, targets=targets)
            entry = {"class": kind.__name__, "call": {k: v for k, v in call.items()},
                     "layers": constructor.get("layers", "features"),
                     "map": flat(maps[:digits_for_maps])}
            if raw is not None:
                entry["raw"] = flat(raw[:digits_for_raw])
            if "base_method" in constructor:
                entry["baseMethod"] = constructor["base_method"].__name__
            if "seed" in constructor:
                entry["weights"] = ("np.random.uniform replaced by cam4j's draws for seed %d (JavaUniform): every"
                                    " picture's weights java.util.Random(%d).nextDouble() * 2 - 1 per channel"
                                    % (constructor["seed"], constructor["seed"]))
            if targets is not None:
                entry["targets"] = AUG_TARGETS
                entry["variantsPredictingOtherwise"] = variants_predicting_otherwise(model, x)
            document["methods"][method] = entry
            print(name, method, "map", maps.shape, "raw", None if raw is None else raw.shape, file=sys.stderr)
        document["replacements"] = dict(shims)
        path = os.path.join(args.out, "pytorch-grad-cam-%s.json" % name)
        with open(path, "w") as f:
            json.dump(document, f)
        print("wrote", path)
    print("replacements:", json.dumps(shims))


if __name__ == "__main__":
    main()
