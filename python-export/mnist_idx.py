"""Reads MNIST's gzip-compressed IDX files (the four files in cam4j's data folder) into numpy arrays."""
import gzip

import numpy as np


def read(path):
    """The array an IDX .gz file holds: uint8, its shape from the file's header."""
    with gzip.open(path) as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)
