"""cam4j's bundled models saved_models/mnist-pooled and mnist-unpooled as torch modules, their weights read from the
SavedModels' variables (no TensorFlow needed), for make_pytorch_grad_cam_reference.py and make_torch_cam_reference.py.

The layers are those assets/cam4j.json describes (both: 3x3 convolutions, padding "same", stride 1, no biases, ReLU;
the pooled model a 2x2 max pooling after each of the first two; global average pooling; a Dense without bias whose
softmax is left out here, so the module returns the logits, which is what cam4j explains and pytorch-grad-cam's
ClassifierOutputTarget reads). The unpooled model's cell Dropout is a no-op at inference and left out. The last
convolution's ReLU is its own module, `features`, the tensor cam4j explains.

The variables are read from the TensorFlow checkpoint's tensor bundle (variables.index: an SSTable of BundleEntryProto
records; variables.data-00000-of-00001: the raw little-endian values), parsed here with nothing but the standard
library and numpy: the machine's TensorFlow Python cannot import torch and torch's cannot import TensorFlow.
"""
import json
import os
import struct

import numpy as np

DT_FLOAT = 1


def _varint(buf, pos):
    result = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, pos
        shift += 7


def _fields(buf):
    """A protobuf message's (field number, wire type, value) triples; length-delimited values as bytes."""
    pos = 0
    while pos < len(buf):
        key, pos = _varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire == 1:
            value, pos = buf[pos:pos + 8], pos + 8
        elif wire == 2:
            n, pos = _varint(buf, pos)
            value, pos = buf[pos:pos + n], pos + n
        elif wire == 5:
            value, pos = buf[pos:pos + 4], pos + 4
        else:
            raise ValueError("unsupported protobuf wire type %d" % wire)
        yield number, wire, value


def _block_entries(data, offset, size):
    """The (key, value) entries of one uncompressed SSTable block."""
    block = data[offset:offset + size]
    if data[offset + size] != 0:
        raise ValueError("compressed SSTable block at %d: not supported" % offset)
    restarts = struct.unpack_from("<I", block, len(block) - 4)[0]
    end = len(block) - 4 - 4 * restarts
    pos, key = 0, b""
    while pos < end:
        shared, pos = _varint(block, pos)
        unshared, pos = _varint(block, pos)
        length, pos = _varint(block, pos)
        key = key[:shared] + block[pos:pos + unshared]
        pos += unshared
        yield key, block[pos:pos + length]
        pos += length


def read_variables(saved_model):
    """Every float variable of SAVED_MODEL/variables as a numpy array of its TensorFlow shape, by checkpoint key."""
    base = os.path.join(saved_model, "variables", "variables")
    with open(base + ".index", "rb") as f:
        index = f.read()
    with open(base + ".data-00000-of-00001", "rb") as f:
        values = f.read()
    footer = index[-48:]
    if struct.unpack_from("<Q", footer, 40)[0] != 0xDB4775248B80FB57:
        raise ValueError("%s.index: not an SSTable (bad magic)" % base)
    _, pos = _varint(footer, 0)
    _, pos = _varint(footer, pos)  # the metaindex handle, unused
    index_offset, pos = _varint(footer, pos)
    index_size, _ = _varint(footer, pos)
    out = {}
    for _, handle in _block_entries(index, index_offset, index_size):
        block_offset, p = _varint(handle, 0)
        block_size, _ = _varint(handle, p)
        for key, value in _block_entries(index, block_offset, block_size):
            if not key:
                continue  # the BundleHeaderProto
            entry = {"dtype": None, "shape": [], "shard": 0, "offset": 0, "size": 0}
            for number, _, v in _fields(value):
                if number == 1:
                    entry["dtype"] = v
                elif number == 2:
                    entry["shape"] = [dict((n, x) for n, _, x in _fields(dim)).get(1, 0)
                                      for n2, _, dim in _fields(v) if n2 == 2]
                elif number == 3:
                    entry["shard"] = v
                elif number == 4:
                    entry["offset"] = v
                elif number == 5:
                    entry["size"] = v
            name = key.decode()
            if entry["dtype"] != DT_FLOAT or entry["shard"] != 0:
                continue
            count = int(np.prod(entry["shape"])) if entry["shape"] else 1
            if count * 4 != entry["size"]:
                raise ValueError("%s: %d bytes for shape %s" % (name, entry["size"], entry["shape"]))
            raw = values[entry["offset"]:entry["offset"] + entry["size"]]
            out[name] = np.frombuffer(raw, "<f4").reshape(entry["shape"]).copy()
    return out


def architecture(saved_model):
    with open(os.path.join(saved_model, "assets", "cam4j.json")) as f:
        return json.load(f)


def build(saved_model):
    """The torch port of a bundled model: an nn.Sequential whose module `features` is the last convolution's ReLU.

    Each layer of assets/cam4j.json is checked against what is ported (padding same, stride 1, no bias, ReLU...), so a
    model of another shape is refused rather than ported wrong."""
    import torch
    from torch import nn
    meta = architecture(saved_model)
    variables = read_variables(saved_model)
    layers = meta["architecture"]["config"]["layers"]
    convs = [l for l in layers if l["class_name"] == "Conv2D"]
    modules = []
    used = set()
    for layer in layers:
        kind, c = layer["class_name"], layer["config"]
        if kind == "InputLayer":
            continue
        if kind == "Conv2D":
            assert c["padding"] == "same" and c["strides"] == [1, 1] and c["kernel_size"] == [3, 3], c
            assert c["activation"] == "relu" and not c["use_bias"] and c["dilation_rate"] == [1, 1], c
            kernel = variables[c["name"] + "_kernel"]  # HWIO
            used.add(c["name"] + "_kernel")
            conv = nn.Conv2d(kernel.shape[2], kernel.shape[3], 3, padding=1, bias=False)
            with torch.no_grad():
                conv.weight.copy_(torch.from_numpy(np.ascontiguousarray(kernel.transpose(3, 2, 0, 1))))  # OIHW
            modules.append((c["name"], conv))
            name = "features" if layer is convs[-1] else c["name"] + "_relu"
            modules.append((name, nn.ReLU()))
        elif kind == "MaxPooling2D":
            assert c["pool_size"] == [2, 2] and c["strides"] == [2, 2] and c["padding"] == "valid", c
            modules.append((c["name"], nn.MaxPool2d(2)))
        elif kind == "Dropout":
            continue  # inference: the identity
        elif kind == "GlobalAveragePooling2D":
            modules.append(("gap", nn.AdaptiveAvgPool2d(1)))
            modules.append(("flatten", nn.Flatten()))
        elif kind == "Dense":
            assert c["activation"] == "softmax" and not c["use_bias"], c
            kernel = variables[c["name"] + "_kernel"]  # in x out
            used.add(c["name"] + "_kernel")
            dense = nn.Linear(kernel.shape[0], kernel.shape[1], bias=False)
            with torch.no_grad():
                dense.weight.copy_(torch.from_numpy(np.ascontiguousarray(kernel.T)))
            modules.append(("logits", dense))
        else:
            raise ValueError("%s: layer %s is not ported" % (saved_model, kind))
    unused = set(variables) - used
    if unused:
        raise ValueError("%s: variables not ported: %s" % (saved_model, sorted(unused)))
    from collections import OrderedDict
    model = nn.Sequential(OrderedDict(modules))
    model.eval()
    return model


def input_scale(saved_model):
    """pixelScale and pixelOffset of assets/cam4j.json, as float32: cam4j feeds (pixel & 0xff) * scale + offset."""
    spec = architecture(saved_model)["input"]
    return np.float32(spec["pixelScale"]), np.float32(spec["pixelOffset"])


def digits_tensor(pixels, saved_model):
    """uint8 pictures (n, 28, 28) as the NCHW float32 tensor cam4j feeds the model, in its float32 arithmetic."""
    import torch
    scale, offset = input_scale(saved_model)
    x = pixels.astype(np.float32) * scale + offset
    return torch.from_numpy(np.ascontiguousarray(x[:, None, :, :].astype(np.float32)))
