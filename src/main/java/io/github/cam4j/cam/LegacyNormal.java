package io.github.cam4j.cam;

/**
 * The normal deviates of numpy's legacy {@code np.random.RandomState(seed).standard_normal()}, to the bit: a
 * Mersenne Twister (MT19937, seeded by {@code init_genrand}, as numpy seeds it from an integer), 53-bit doubles from
 * two of its words, and Marsaglia's polar method, which makes deviates in pairs and hands out the second one first.
 * scikit-learn's {@code check_random_state(0)} is this generator, so {@link Nmf} starts from the factors
 * {@code NMF(init='random', random_state=0)} starts from.
 *
 * <p>Not thread-safe: one generator per factorisation.
 */
final class LegacyNormal {
    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] state = new int[N];
    private int position;
    /** The second deviate of the last pair, handed out next; valid when {@link #hasSpare}. */
    private double spare;
    private boolean hasSpare;

    /**
     * @param seed numpy's seed, 0 to 2^32 - 1
     * @throws IllegalArgumentException outside that range, which numpy refuses too
     */
    LegacyNormal(long seed) {
        if (seed < 0 || seed > 0xffffffffL) {
            throw new IllegalArgumentException("seed must be 0 to 2^32 - 1, as numpy's RandomState takes it, got " + seed);
        }
        state[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            state[i] = 1812433253 * (state[i - 1] ^ (state[i - 1] >>> 30)) + i;
        }
        position = N;
    }

    /** @return the next 32-bit word of MT19937, as an unsigned value */
    long nextWord() {
        if (position >= N) {
            twist();
        }
        int y = state[position++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xffffffffL;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (state[i] & UPPER_MASK) | (state[(i + 1) % N] & LOWER_MASK);
            state[i] = state[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
        }
        position = 0;
    }

    /** @return a double in [0, 1) from two words, as numpy's {@code random_sample}: 27 and 26 bits */
    double nextDouble() {
        long a = nextWord() >>> 5;
        long b = nextWord() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /**
     * @return the next standard normal deviate of numpy's legacy {@code gauss}. The logarithm and square root are
     *     {@link StrictMath}'s (fdlibm), which may differ from the C library's in the last bit of a double; scikit-learn
     *     casts the deviates to the data's float32, where such a difference disappears but for a value lying on a
     *     rounding boundary
     */
    double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * nextDouble() - 1.0;
            x2 = 2.0 * nextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = StrictMath.sqrt(-2.0 * StrictMath.log(r2) / r2);
        spare = f * x1;
        hasSpare = true;
        return f * x2;
    }
}
