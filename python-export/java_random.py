"""java.util.Random in Python, for the scripts that reproduce cam4j's seeded noise (make_test_models.py,
make_torch_cam_reference.py). Moved here from make_test_models.py, which imports TensorFlow, so that torch's Python can
use it too."""
import math

import numpy as np


class JavaRandom:
    """java.util.Random as its documentation specifies it: the 48-bit linear congruential generator, nextDouble()
    from 26 + 27 of its bits, nextGaussian() by the polar method, which keeps the second value of each pair. The polar
    method's log is the C library's here and StrictMath's (fdlibm's) in Java: both within an ulp of the true value, so
    a draw can differ in its double's last bit (105 to 132 of the first 3 921 draws for seeds 0, 1, 42 and 123456789,
    checked against Java 17 in the thirty-third round), which the float noise cam4j adds never shows (the Java test
    checks the first draws stored here bit for bit). The one generator of this script: RandomCAM's weights, SS-CAM's,
    Smooth Grad-CAM++'s and SmoothGrad's noise all draw from it (until the thirty-third round SmoothGrad's and
    RandomCAM's had their own copies; numpy's log, which SmoothGrad's used, differs from Java's in as many draws)."""

    MASK = (1 << 48) - 1

    def __init__(self, seed):
        self.state = (seed ^ 0x5DEECE66D) & JavaRandom.MASK
        self.kept = None

    def _next(self, bits):
        self.state = (self.state * 0x5DEECE66D + 0xB) & JavaRandom.MASK
        return self.state >> (48 - bits)

    def next_double(self):
        return ((self._next(26) << 27) + self._next(27)) * (1.0 / (1 << 53))

    def next_gaussian(self):
        if self.kept is not None:
            value, self.kept = self.kept, None
            return value
        while True:
            v1 = 2 * self.next_double() - 1
            v2 = 2 * self.next_double() - 1
            s = v1 * v1 + v2 * v2
            if 0 < s < 1:
                break
        multiplier = math.sqrt(-2 * math.log(s) / s)
        self.kept = v2 * multiplier
        return v1 * multiplier

    def gaussians(self, n, std):
        """n draws of (float) (nextGaussian() * std), as cam4j adds them."""
        return np.array([self.next_gaussian() * std for _ in range(n)], dtype=np.float64).astype(np.float32)

    def doubles(self, n):
        """n draws of nextDouble(), float64 (cam4j's RandomCAM weights are nextDouble() * 2 - 1, channel by channel)."""
        return np.array([self.next_double() for _ in range(n)])

    def raw_gaussians(self, n):
        """n draws of nextGaussian(), float64 (SmoothGrad's noise, scaled and cast to float32 by the caller)."""
        return np.array([self.next_gaussian() for _ in range(n)])
