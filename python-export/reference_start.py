"""What the pytorch-grad-cam and torch-cam reference scripts (make_pytorch_grad_cam_*.py, make_torch_cam_reference.py)
share: their command line (the model they port, the folder they write to, the library's commit, recorded only), the
start of the follow-on pytorch-grad-cam scripts (make_pytorch_grad_cam_reference.py's replacements installed before
any of the library is imported), the MNIST test digits from $CAM4J_DATA, and the writing of the JSON reference.
"""

import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def arguments(doc, model, model_help, library="pytorch-grad-cam"):
    """Parses MODEL (named `model`, described by `model_help`), OUT and --commit; exits on a bad command line."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument(model, help=model_help)
    parser.add_argument("out", help="cam4j's src/test/resources/torch")
    parser.add_argument("--commit", default=None, help="the %s commit checked out (recorded only)" % library)
    return parser.parse_args()


def patched_pytorch_grad_cam():
    """Installs make_pytorch_grad_cam_reference.py's replacements into pytorch-grad-cam; returns that module."""
    sys.path.insert(0, HERE)
    import make_pytorch_grad_cam_reference as plain
    plain.install_replacements()
    return plain


def mnist_test(count):
    """The first `count` MNIST test digits (uint8 pixels) and their labels, from $CAM4J_DATA."""
    import mnist_idx
    data = os.environ.get("CAM4J_DATA", "/work/shared/data/mnist")
    pixels = mnist_idx.read(os.path.join(data, "t10k-images-idx3-ubyte.gz"))[:count]
    labels = [int(v) for v in mnist_idx.read(os.path.join(data, "t10k-labels-idx1-ubyte.gz"))[:count]]
    return pixels, labels


def write(out, name, document):
    """Writes `document` as JSON to OUT/`name`; returns the path."""
    path = os.path.join(out, name)
    with open(path, "w") as f:
        json.dump(document, f)
    return path
