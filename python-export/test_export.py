#!/usr/bin/env python3
"""Tests of export_cam.py and serve_check.py on small Keras models built here (untrained: what is checked is what the
scripts write, refuse and say, not what the models know). They need Python TensorFlow, which cam4j's CI does not
have, so they are run by hand:

  /tmp/tfvenv/bin/python -m unittest python-export/test_export.py

Run with TensorFlow 2.21.0 and Keras 3.15.1 (README.md, "python-export/").
"""
import inspect
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import tensorflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))

L = tf.keras.layers


def convolutions(x, filters=4):
    return L.Conv2D(filters, 3, padding="same", activation="relu", name="conv")(x)


def head(x, classes=3, activation="softmax"):
    x = L.GlobalAveragePooling2D(name="gap")(x)
    return L.Dense(classes, activation=activation, name="classes")(x)


def functional(body, shape=(16, 16, 1), classes=3, activation="softmax"):
    pixels = L.Input(shape=shape, name="pixels")
    return tf.keras.Model(pixels, head(body(pixels), classes, activation))


class Scripts(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def export(self, model, *args):
        """Saves model as .keras, runs export_cam.py on it; returns (exit code, output, out folder)."""
        keras_file = self.path("model.keras")
        model.save(keras_file)
        out = self.path("out")
        run = subprocess.run([sys.executable, os.path.join(HERE, "export_cam.py"), keras_file, out] + list(args),
                             capture_output=True, text=True)
        return run.returncode, run.stdout + run.stderr, out

    def metadata(self, out):
        with open(os.path.join(out, "assets", "cam4j.json")) as f:
            return json.load(f)

    # --------------------------------------------------------------------------------------------- pixel scale

    def scale(self, model):
        """The pixel scale export_cam.py writes into the metadata when not told one."""
        out = self.path("out")
        if os.path.exists(out):
            shutil.rmtree(out)
        code, output, out = self.export(model)
        self.assertEqual(0, code, output)
        return self.metadata(out)["input"]["pixelScale"]

    def test_a_rescaling_inside_a_nested_feature_extractor_means_raw_pixels(self):
        base = tf.keras.Sequential([L.Input(shape=(16, 16, 1)), L.Rescaling(1 / 255.0), L.Conv2D(4, 3)], name="base")
        self.assertEqual(1.0, self.scale(functional(base)))

    def test_a_rescaling_to_minus_one_one_means_raw_pixels_and_one_from_zero_one_does_not(self):
        self.assertEqual(1.0, self.scale(functional(lambda x: convolutions(L.Rescaling(1 / 127.5, offset=-1)(x)))))
        self.assertAlmostEqual(1 / 255.0, self.scale(functional(lambda x: convolutions(L.Rescaling(2.0, -1)(x)))))

    def test_a_normalization_tells_the_pixels_it_was_adapted_on(self):
        raw = np.random.default_rng(0).integers(0, 256, (64, 16, 16, 1)).astype("float32")
        for pixels, expected in ((raw, 1.0), (raw / 255, 1 / 255.0)):
            norm = L.Normalization()
            norm.adapt(pixels)
            self.assertAlmostEqual(expected, self.scale(functional(lambda x: convolutions(norm(x)))))
        self.assertAlmostEqual(1 / 255.0, self.scale(functional(convolutions)), msg="nothing rescales: 0..1")

    def test_a_scale_is_taken_as_a_fraction_as_cam4j_takes_it(self):
        code, output, out = self.export(functional(convolutions), "--pixel-scale", "1/127.5", "--pixel-offset", "-1")
        self.assertEqual(0, code, output)
        self.assertAlmostEqual(1 / 127.5, self.metadata(out)["input"]["pixelScale"])
        self.assertEqual(-1.0, self.metadata(out)["input"]["pixelOffset"])

    def test_arithmetic_on_the_input_is_refused_until_a_scale_is_given(self):
        # x / 255 as an operator is no Rescaling layer: 1/255 was written, and cam4j fed the model pixels scaled twice
        # (helper-162: the class wrong on 3 of 3 pictures for (x - 127.5) / 127.5).
        for body, named in ((lambda x: convolutions(x / 255.0), "TrueDivide"),
                            (lambda x: convolutions((x - 127.5) / 127.5), "Subtract"),
                            (lambda x: convolutions(tf.keras.ops.multiply(x, 1 / 255.0)), "Multiply")):
            model = functional(body)
            code, output, out = self.export(model)
            self.assertEqual(1, code, output)
            self.assertIn("the model computes on its input before its first layer with weights (%s '" % named, output)
            self.assertIn("give --pixel-scale for the pixels the model takes, 1 for raw pixels 0..255", output)
            self.assertNotIn("Traceback", output)
            self.assertFalse(os.path.exists(out))
            code, output, out = self.export(model, "--pixel-scale", "1")
            self.assertEqual(0, code, output)
            self.assertEqual(1.0, self.metadata(out)["input"]["pixelScale"])
            shutil.rmtree(out)
        # A cast or a reshape keeps the values: the scale is read as before.
        self.assertAlmostEqual(1 / 255.0, self.scale(functional(
            lambda x: convolutions(tf.keras.ops.cast(L.Reshape((16, 16, 1))(x), "float32")))))

    def test_a_scale_that_shrinks_pixels_a_rescaling_layer_shrinks_again_is_refused(self):
        # --pixel-scale 1/255 on a model with its own Rescaling(1/255) was written as asked: cam4j then fed it pixels
        # scaled twice, 0..0.0039, and nothing at load checks a contract model's metadata against its graph.
        model = functional(lambda x: convolutions(L.Rescaling(1 / 255.0)(x)))
        code, output, out = self.export(model, "--pixel-scale", "1/255")
        self.assertEqual(1, code, output)
        self.assertIn("--pixel-scale 0.00392157 takes pixels to 0..1, but the model's Rescaling layer", output)
        self.assertIn("leave --pixel-scale out", output)
        self.assertNotIn("Traceback", output)
        self.assertFalse(os.path.exists(out))
        code, output, out = self.export(model, "--pixel-scale", "1")
        self.assertEqual(0, code, output)
        self.assertEqual(1.0, self.metadata(out)["input"]["pixelScale"])
        shutil.rmtree(out)
        # A Rescaling after a convolution scales features, not pixels: neither the default nor the check reads it.
        later = functional(lambda x: convolutions(L.Rescaling(1 / 255.0)(L.Conv2D(4, 3, name="first")(x))))
        self.assertAlmostEqual(1 / 255.0, self.scale(later))
        shutil.rmtree(out)
        code, output, out = self.export(later, "--pixel-scale", "1/255")
        self.assertEqual(0, code, output)
        self.assertAlmostEqual(1 / 255.0, self.metadata(out)["input"]["pixelScale"])

    def test_a_per_channel_numpy_rescaling_means_raw_pixels(self):
        # Keras 3.5 on writes a numpy scale into the layer's config as {"class_name": "__numpy__", ...}: np.abs of it
        # was a TypeError traceback (helper-155).
        per_channel = np.array([1 / 255.0, 1 / 255.0, 1 / 255.0])
        model = functional(lambda x: convolutions(L.Rescaling(per_channel)(x)), shape=(16, 16, 3))
        self.assertEqual(1.0, self.scale(model))

    def test_what_cam4j_would_refuse_to_read_is_refused_before_anything_is_written(self):
        # Each was written, then refused by cam4j on opening the model (a negative or subnormal scale, a label holding a
        # control character), or ended in a traceback (an accuracy of nan) (helper-155).
        cases = (
            (["--pixel-scale=-1/255"], "--pixel-scale must be a positive number, at least 1.175e-38"),
            (["--pixel-scale", "1e-50"], "--pixel-scale must be a positive number, at least 1.175e-38"),
            (["--labels", "a,b\tc,d"], "label 1 ('b\\tc') holds U+0009, a control character"),
            (["--labels", "a,\u202eb,c"], "label 1 ('\\u202eb') holds U+202E, a control character"),
            (["--test-accuracy", "nan"], "--test-accuracy must be a fraction in 0..1 (0.99 for 99 %); got nan"),
            (["--test-accuracy", "99"], "--test-accuracy must be a fraction in 0..1 (0.99 for 99 %); got 99.0"),
        )
        for args, expected in cases:
            code, output, out = self.export(functional(convolutions), *args)
            self.assertEqual(1, code, output)
            self.assertIn("export_cam: " + expected, output)
            self.assertNotIn("Traceback", output)
            self.assertFalse(os.path.exists(out), args)
        code, output, out = self.export(functional(convolutions), "--pixel-offset=-1/255", "--test-accuracy", "0.5")
        self.assertEqual(0, code, output)
        self.assertAlmostEqual(-1 / 255.0, self.metadata(out)["input"]["pixelOffset"])
        self.assertEqual(0.5, self.metadata(out)["testAccuracy"])

    def test_a_preprocess_mode_is_written_as_cam4j_reads_it(self):
        code, output, out = self.export(functional(convolutions, shape=(16, 16, 3)), "--preprocess", "caffe")
        self.assertEqual(0, code, output)
        spec = self.metadata(out)["input"]
        self.assertEqual((1.0, 0.0), (spec["pixelScale"], spec["pixelOffset"]))
        self.assertEqual({"bgr": True, "mean": [103.939, 116.779, 123.68], "std": [1.0]}, spec["standardization"])
        shutil.rmtree(out)
        code, output, out = self.export(functional(convolutions), "--preprocess", "tf")
        self.assertEqual(0, code, output)
        spec = self.metadata(out)["input"]
        self.assertEqual((1 / 127.5, -1.0), (spec["pixelScale"], spec["pixelOffset"]))
        self.assertNotIn("standardization", spec, "a scale and an offset: nothing per channel")

    def test_a_preprocess_mode_is_refused_beside_a_scale_on_a_grey_model_and_with_a_rescaling_inside(self):
        code, output, _ = self.export(functional(convolutions, shape=(16, 16, 3)), "--preprocess", "torch",
                                      "--pixel-scale", "1")
        self.assertEqual(1, code, output)
        self.assertIn("--preprocess torch sets the pixel scale and offset itself; --pixel-scale contradicts it", output)
        code, output, _ = self.export(functional(convolutions), "--preprocess", "caffe")
        self.assertIn("--preprocess caffe is per-channel preprocessing for a colour model; this one takes 1 channel",
                      output)
        code, output, _ = self.export(functional(lambda x: convolutions(L.Rescaling(1 / 255.0, name="scaling")(x)),
                                                 shape=(16, 16, 3)), "--preprocess", "tf")
        self.assertEqual(1, code, output)
        self.assertIn("--preprocess tf preprocesses pixels outside the model, but its Rescaling layer 'scaling' does so"
                      " inside it", output)

    # ------------------------------------------------------------------------------------------------- exports

    def test_a_model_with_augmentation_layers_exports_and_serves_without_augmenting(self):
        augment = tf.keras.Sequential([L.RandomFlip("horizontal"), L.RandomRotation(0.1)], name="augment")
        model = functional(lambda x: convolutions(L.Rescaling(1 / 255.0)(augment(x))))
        code, output, out = self.export(model)
        self.assertEqual(0, code, output)
        served = tf.saved_model.load(out).signatures["serving_default"]
        pictures = tf.constant(np.random.default_rng(1).integers(0, 256, (4, 16, 16, 1)).astype("float32"))
        first = served(images=pictures)["probabilities"].numpy()
        np.testing.assert_array_equal(first, served(images=pictures)["probabilities"].numpy())
        np.testing.assert_allclose(first, model.predict(pictures, verbose=0), atol=1e-6)

    def test_a_sigmoid_head_is_refused_naming_the_route_that_reads_it(self):
        code, output, out = self.export(functional(convolutions, activation="sigmoid"))
        self.assertEqual(1, code)
        self.assertIn("export_cam: Dense 'classes' has activation sigmoid", output)
        self.assertIn("model.export(DIR), then cam4j inspect --model DIR", output)
        self.assertNotIn("Traceback", output)
        self.assertFalse(os.path.exists(out))
        # The sigmoid as a layer of its own after a linear Dense: refused naming the sigmoid and route 1 as well.
        pixels = L.Input(shape=(16, 16, 1))
        logit = L.Dense(1, name="logit")(L.GlobalAveragePooling2D()(convolutions(pixels)))
        code, output, out = self.export(tf.keras.Model(pixels, L.Activation("sigmoid")(logit)))
        self.assertEqual(1, code)
        self.assertIn("(a sigmoid head, binary or multi-label: this script writes a softmax classifier); cam4j reads"
                      " such a model from the folder Keras 3 writes itself: model.export(DIR)", output)

    def test_heads_cam4j_reads_from_model_export_are_refused_naming_that_route(self):
        # A log_softmax Activation, a Dense on each cell before the pooling, two Dense layers without activation
        # between: cam4j reads each from model.export's folder (helper-182), so the refusal says so.
        pixels = L.Input(shape=(16, 16, 1))
        logits = L.Dense(3, name="logits")(L.GlobalAveragePooling2D()(convolutions(pixels)))
        code, output, _ = self.export(tf.keras.Model(pixels, L.Activation("log_softmax")(logits)))
        self.assertEqual(1, code)
        self.assertIn("(a log_softmax Activation: log-probabilities); cam4j reads such a model from the folder Keras 3"
                      " writes itself: model.export(DIR)", output)
        cells = L.Dense(3, name="cells")(convolutions(pixels))
        code, output, _ = self.export(tf.keras.Model(pixels, L.Activation("softmax")(
            L.GlobalAveragePooling2D()(cells))))
        self.assertEqual(1, code)
        self.assertIn("(Dense 'cells' comes before the pooling, on each cell); cam4j reads such a model", output)
        embed = L.Dense(8, name="embed")(L.GlobalAveragePooling2D()(convolutions(pixels)))
        code, output, _ = self.export(tf.keras.Model(pixels, L.Dense(3, activation="softmax")(embed)))
        self.assertEqual(1, code)
        self.assertIn("(Dense layers with no activation between them, which it folds into one); cam4j reads", output)
        # With a ReLU between the two Dense layers cam4j refuses the model too: no pointer to model.export.
        embed = L.Dense(8, activation="relu", name="embed_relu")(L.GlobalAveragePooling2D()(convolutions(pixels)))
        code, output, _ = self.export(tf.keras.Model(pixels, L.Dense(3, activation="softmax")(embed)))
        self.assertEqual(1, code)
        self.assertNotIn("model.export", output)

    def test_a_relu_between_pooling_and_dense_is_refused_without_pointing_at_model_export(self):
        pixels = L.Input(shape=(16, 16, 1))
        x = L.ReLU()(L.GlobalAveragePooling2D()(convolutions(pixels)))
        code, output, _ = self.export(tf.keras.Model(pixels, L.Dense(3, activation="softmax")(x)))
        self.assertEqual(1, code)
        self.assertIn("this script takes only Dropout", output)
        self.assertNotIn("model.export", output, "cam4j refuses a ReLU there too")

    def test_a_mobilenet_head_a_1x1_convolution_of_the_kept_dims_pooling_is_exported(self):
        # keras.applications.MobileNet ends in GlobalAveragePooling2D(keepdims=True), Dropout, Conv2D(classes, 1),
        # Reshape, softmax: a Dense in all but name. It was refused ("keeps its dimensions") pointing at route 1.
        pixels = L.Input(shape=(16, 16, 3))
        x = L.GlobalAveragePooling2D(keepdims=True)(convolutions(pixels))
        x = L.Conv2D(3, 1, padding="same", name="conv_preds")(L.Dropout(0.001)(x))
        model = tf.keras.Model(pixels, L.Activation("softmax")(L.Reshape((3,))(x)))
        code, output, out = self.export(model)
        self.assertEqual(0, code, output)
        self.assertIn("kernel (4, 3)", output)
        pictures = tf.constant(np.random.default_rng(2).uniform(0, 1, (4, 16, 16, 3)).astype("float32"))
        cam = tf.saved_model.load(out).signatures["cam"](images=pictures)
        np.testing.assert_allclose(cam["probabilities"].numpy(), model.predict(pictures, verbose=0), atol=1e-6)
        kernel, bias = model.get_layer("conv_preds").get_weights()
        np.testing.assert_allclose(cam["logits"].numpy(), np.mean(cam["features"].numpy(), axis=(1, 2)) @ kernel[0, 0]
                                   + bias, atol=1e-5)

    def test_a_kept_dims_pooling_followed_by_a_non_linearity_is_refused_naming_grad_cam(self):
        # MobileNetV3's head: a 1x1 convolution and hard-swish between the pooling and the one to the classes. The
        # refusal said cam4j reads "such a model" from model.export(DIR): it reads it by Grad-CAM only.
        pixels = L.Input(shape=(16, 16, 3))
        x = L.GlobalAveragePooling2D(keepdims=True)(convolutions(pixels))
        x = L.Activation("hard_swish")(L.Conv2D(8, 1, padding="same")(x))
        x = L.Flatten()(L.Conv2D(3, 1, padding="same")(L.Dropout(0.2)(x)))
        code, output, out = self.export(tf.keras.Model(pixels, L.Activation("softmax")(x)))
        self.assertEqual(1, code)
        self.assertIn("not linear in the pooled features", output)
        self.assertIn("cam4j explain --method gradcam --model DIR", output)
        self.assertNotIn("cam4j reads such a model", output)
        self.assertFalse(os.path.exists(out))

    def test_a_lambda_layer_is_refused_in_one_line_and_exported_when_trusted(self):
        model = functional(lambda x: convolutions(L.Lambda(lambda t: t * 2.0, name="double")(x)))
        code, output, out = self.export(model)
        self.assertEqual(1, code)
        self.assertIn("holds a Lambda layer whose Python code Keras will not run unless told: give --trust", output)
        self.assertNotIn("Traceback", output)
        # Trusted, the Lambda computes on the pixels, so no scale is read from the layers: it is asked for.
        code, output, out = self.export(model, "--trust")
        self.assertEqual(1, code)
        self.assertIn("the model computes on its input before its first layer with weights (Lambda 'double')", output)
        code, output, out = self.export(model, "--trust", "--pixel-scale", "1/255")
        self.assertEqual(0, code, output)
        self.assertTrue(os.path.isfile(os.path.join(out, "saved_model.pb")))

    def test_an_input_without_channel_axis_is_refused_naming_its_shape(self):
        pixels = L.Input(shape=(16, 16), name="flat_grey")
        x = convolutions(L.Reshape((16, 16, 1))(pixels))
        code, output, _ = self.export(tf.keras.Model(pixels, head(x)))
        self.assertEqual(1, code)
        self.assertIn("the model takes flat_grey (None, 16, 16); cam4j feeds one image input [N, H, W, C]", output)

    def test_an_existing_output_folder_is_left_alone(self):
        out = self.path("out")
        os.makedirs(out)
        with open(os.path.join(out, "keep.txt"), "w") as f:
            f.write("mine")
        code, output, _ = self.export(functional(convolutions))
        self.assertEqual(1, code)
        self.assertIn("already exists", output)
        self.assertEqual(["keep.txt"], os.listdir(out))

    # ------------------------------------------------------------------------------------------------ serve_check

    def test_serve_check_checks_a_model_of_open_size(self):
        model = functional(convolutions, shape=(None, None, 1))
        code, output, out = self.export(model)
        self.assertEqual(0, code, output)
        self.assertEqual(-1, self.metadata(out)["input"]["height"])
        check = subprocess.run([sys.executable, os.path.join(HERE, "serve_check.py"), out], capture_output=True,
                               text=True)
        self.assertEqual(0, check.returncode, check.stdout + check.stderr)
        self.assertIn("CAM identity", check.stdout)

    def serve_check(self, *args):
        run = subprocess.run([sys.executable, os.path.join(HERE, "serve_check.py")] + list(args), capture_output=True,
                             text=True)
        # TensorFlow's own start-up lines (oneDNN, CPU features) may come first: the script's words are the last line.
        self.assertNotIn("Traceback", run.stderr)
        lines = run.stderr.strip().splitlines()
        return run.returncode, run.stdout, lines[-1] if lines else ""

    def test_serve_check_refuses_what_is_not_a_cam4j_model_in_one_line_naming_it(self):
        # Before, each of these ended in a FileNotFoundError traceback, and --help was taken for a model folder.
        missing = self.path("no-model")
        code, _, err = self.serve_check(missing)
        self.assertEqual(1, code)
        self.assertEqual("serve_check: model folder %s does not exist or is not a folder" % missing, err)

        keras_export = self.path("keras-export")
        model = functional(convolutions)
        # verbose= came in Keras 3.6; Keras 2.12-2.15 and 3.0-3.5 take the folder alone.
        quiet = {"verbose": False} if "verbose" in inspect.signature(model.export).parameters else {}
        model.export(keras_export, **quiet)
        code, _, err = self.serve_check(keras_export)
        self.assertEqual(1, code)
        self.assertIn("serve_check: %s has no assets/cam4j.json: it is not a cam4j SavedModel" % keras_export, err)
        self.assertIn("cam4j inspect --model %s" % keras_export, err)

        pooled = os.path.join(HERE, os.pardir, "saved_models", "mnist-pooled")
        not_mnist = self.path("not-mnist")
        os.makedirs(not_mnist)
        code, _, err = self.serve_check(pooled, not_mnist)
        self.assertEqual(1, code)
        self.assertEqual("serve_check: MNIST folder %s has no t10k-images-idx3-ubyte.gz (the four IDX .gz files are"
                         " needed)" % not_mnist, err)

        code, out, _ = self.serve_check("--help")
        self.assertEqual(0, code)
        self.assertIn("python serve_check.py MODEL_DIR [MNIST_DIR]", out)


if __name__ == "__main__":
    unittest.main()
