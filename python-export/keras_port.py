"""cam4j's Keras 3 test model src/test/resources/keras3/blocks-export as a torch module, its weights read from the
SavedModel's checkpoint by torch_port.read_variables (no TensorFlow needed), for make_pytorch_grad_cam_keras_reference.py.

The layers are make_test_models.py's blocks_model() (model.export writes no description of them, so they are written out
here): Rescaling(1/255); stem Conv2D 3x3 'same' without bias, BatchNormalization, ReLU(6); DepthwiseConv2D 3x3 'same'
without bias, BatchNormalization, ReLU(6); project Conv2D 1x1 without bias, BatchNormalization; the residual Add of
stem_relu6's output and project_bn's; MaxPooling2D 2; last_conv Conv2D 3x3 'same' WITH a bias, BatchNormalization,
ReLU (last_relu, the tensor cam4j explains); GlobalAveragePooling2D; Dense 'classes' with a bias, whose softmax is left
out here, so the module returns the logits, which cam4j explains and pytorch-grad-cam's ClassifierOutputTarget reads.

The batch norms run in eval mode (BatchNorm2d.eval(): moving mean and variance) with Keras' epsilon 1e-3 (torch's
default is 1e-5). Keras kernels are HWIO (a depthwise one HW, channel, multiplier), torch's OIHW; the input is NCHW
where Keras' is NHWC, and no Flatten follows, so no other order matters.

model.export's checkpoint names its variables "variables/N" in the order of model.weights: per layer, a convolution's
kernel (and bias), a batch norm's gamma, beta, moving_mean, moving_variance, the Dense's kernel and bias. WEIGHTS lists
that order with each shape; the shapes are checked, every variable must be used, and the logits are checked against
cam4j's in the Java test (a batch norm's four vectors in another order would move them far).
"""
from collections import OrderedDict

import numpy as np

import torch_port

EPSILON = 1e-3  # keras.layers.BatchNormalization's default, which blocks_model() keeps

# (layer, weight, shape), model.weights' order.
WEIGHTS = [
    ("stem", "kernel", (3, 3, 1, 16)),
    ("stem_bn", "gamma", (16,)), ("stem_bn", "beta", (16,)), ("stem_bn", "moving_mean", (16,)),
    ("stem_bn", "moving_variance", (16,)),
    ("depthwise", "kernel", (3, 3, 16, 1)),
    ("depthwise_bn", "gamma", (16,)), ("depthwise_bn", "beta", (16,)), ("depthwise_bn", "moving_mean", (16,)),
    ("depthwise_bn", "moving_variance", (16,)),
    ("project", "kernel", (1, 1, 16, 16)),
    ("project_bn", "gamma", (16,)), ("project_bn", "beta", (16,)), ("project_bn", "moving_mean", (16,)),
    ("project_bn", "moving_variance", (16,)),
    ("last_conv", "kernel", (3, 3, 16, 32)), ("last_conv", "bias", (32,)),
    ("last_bn", "gamma", (32,)), ("last_bn", "beta", (32,)), ("last_bn", "moving_mean", (32,)),
    ("last_bn", "moving_variance", (32,)),
    ("classes", "kernel", (32, 10)), ("classes", "bias", (10,)),
]


def weights(export):
    """{layer: {weight: numpy array}} of blocks-export, by model.weights' order, shapes checked."""
    variables = torch_port.read_variables(export)
    ordered = {k: v for k, v in variables.items() if k.startswith("variables/")}
    if len(ordered) != len(WEIGHTS):
        raise ValueError("%s: %d variables where blocks_model() has %d" % (export, len(ordered), len(WEIGHTS)))
    out = {}
    for i, (layer, name, shape) in enumerate(WEIGHTS):
        value = ordered["variables/%d/.ATTRIBUTES/VARIABLE_VALUE" % i]
        if value.shape != shape:
            raise ValueError("%s: variables/%d is %s, %s.%s should be %s" % (export, i, value.shape, layer, name, shape))
        out.setdefault(layer, {})[name] = value
    for layer, w in out.items():
        if "moving_variance" in w and (w["moving_variance"] <= 0).any():
            raise ValueError("%s: %s's moving variance is not positive: the order is not model.weights'" % (export,
                                                                                                           layer))
    return out


def build(export):
    """The torch port of blocks-export, logits out; modules named as the Keras layers."""
    import torch
    from torch import nn

    w = weights(export)

    def t(a):
        return torch.from_numpy(np.ascontiguousarray(a))

    def conv(name, groups=1, padding=1):
        kernel = w[name]["kernel"]
        if groups == 1:
            weight = kernel.transpose(3, 2, 0, 1)  # HWIO -> OIHW
        else:
            weight = kernel.transpose(2, 3, 0, 1).reshape(kernel.shape[2] * kernel.shape[3], 1, *kernel.shape[:2])
        bias = "bias" in w[name]
        c = nn.Conv2d(kernel.shape[2], weight.shape[0], kernel.shape[0], padding=padding, groups=groups, bias=bias)
        with torch.no_grad():
            c.weight.copy_(t(weight))
            if bias:
                c.bias.copy_(t(w[name]["bias"]))
        return c

    def bn(name):
        b = nn.BatchNorm2d(len(w[name]["gamma"]), eps=EPSILON)
        with torch.no_grad():
            b.weight.copy_(t(w[name]["gamma"]))
            b.bias.copy_(t(w[name]["beta"]))
            b.running_mean.copy_(t(w[name]["moving_mean"]))
            b.running_var.copy_(t(w[name]["moving_variance"]))
        return b

    class Rescaling(nn.Module):
        def forward(self, x):
            return x * np.float32(1 / 255.0)  # Keras' scale, a float32 constant

    class Blocks(nn.Module):
        def __init__(self):
            super().__init__()
            self.rescale = Rescaling()
            self.stem = conv("stem")
            self.stem_bn = bn("stem_bn")
            self.stem_relu6 = nn.ReLU6()
            self.depthwise = conv("depthwise", groups=16)
            self.depthwise_bn = bn("depthwise_bn")
            self.depthwise_relu6 = nn.ReLU6()
            self.project = conv("project", padding=0)
            self.project_bn = bn("project_bn")
            self.pool = nn.MaxPool2d(2)
            self.last_conv = conv("last_conv")
            self.last_bn = bn("last_bn")
            self.last_relu = nn.ReLU()
            self.classes = nn.Linear(32, 10)
            with torch.no_grad():
                self.classes.weight.copy_(t(w["classes"]["kernel"].T))
                self.classes.bias.copy_(t(w["classes"]["bias"]))

        def forward(self, pixels):
            x = self.stem_relu6(self.stem_bn(self.stem(self.rescale(pixels))))
            y = self.depthwise_relu6(self.depthwise_bn(self.depthwise(x)))
            y = self.project_bn(self.project(y))
            x = self.pool(x + y)
            x = self.last_relu(self.last_bn(self.last_conv(x)))
            return self.classes(x.mean(dim=(2, 3)))

    model = Blocks()
    model.eval()
    return model


def digits_tensor(pixels):
    """uint8 pictures (n, 28, 28) as the NCHW float32 pixels 0..255 blocks-export takes (its Rescaling is inside)."""
    import torch
    return torch.from_numpy(np.ascontiguousarray(pixels[:, None, :, :].astype(np.float32)))
