package io.github.cam4j.model;

import java.util.Arrays;

/**
 * One trainable weight of a layer: its graph name, shape and initialiser.
 *
 * @param name the variable's name in the graph, {@code <layer>_kernel} or {@code <layer>_bias} (no '/', which
 *     Adam's slot creation rejects in TensorFlow Java)
 * @param shape the weight's shape
 * @param initializer how its first values are drawn
 * @param fanIn inputs per output unit, for the initialiser
 * @param fanOut outputs per input unit, for the initialiser
 */
public record WeightSpec(String name, long[] shape, Initializer initializer, long fanIn, long fanOut) {

    /** @return the number of values */
    public int size() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return Math.toIntExact(n);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightSpec w && w.name.equals(name) && Arrays.equals(w.shape, shape)
                && w.initializer == initializer && w.fanIn == fanIn && w.fanOut == fanOut;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
