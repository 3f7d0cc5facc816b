"""The start the pytorch-grad-cam and torch-cam reference scripts share.

Each takes the same command line (the model it ports, the folder it writes to, the commit of the library checked out,
recorded only) and the follow-on pytorch-grad-cam scripts load the library with make_pytorch_grad_cam_reference.py's
replacements installed, before they import any of it.
"""

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def parse(doc, model, model_help, library="pytorch-grad-cam"):
    """Parses the command line: MODEL (named `model`, described by `model_help`), OUT, --commit; exits on a bad one."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument(model, help=model_help)
    parser.add_argument("out", help="cam4j's src/test/resources/torch")
    parser.add_argument("--commit", default=None, help="the %s commit checked out (recorded only)" % library)
    return parser.parse_args()


def patched_pytorch_grad_cam():
    """Installs make_pytorch_grad_cam_reference.py's replacements in pytorch-grad-cam and returns that module."""
    sys.path.insert(0, HERE)
    import make_pytorch_grad_cam_reference as plain
    plain.install_replacements()
    return plain
