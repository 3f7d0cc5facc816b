package io.github.cam4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Adam (Kingma and Ba 2015) with Keras' defaults, whose learning rate is fed at every step so that a schedule can
 * drive it. {@code tensorflow-framework}'s {@code Adam} bakes its rate into the graph as a constant, which rules out
 * Keras' schedules; this builds the same {@code ApplyAdam} kernels with the rate as a placeholder. Slot variables are
 * named {@code <variable>_m} and {@code <variable>_v} (no '/').
 */
final class AdamOptimizer {
    /** Keras' {@code beta_1}. */
    static final float BETA_1 = 0.9f;
    /** Keras' {@code beta_2}. */
    static final float BETA_2 = 0.999f;
    /** Keras' {@code epsilon}. */
    static final float EPSILON = 1e-7f;

    private final Placeholder<TFloat32> learningRate;
    private final Op step;

    /**
     * Adds the update ops to the graph.
     *
     * @param tf ops in the training graph
     * @param loss the scalar to minimise
     * @param variables the variables to train, by name
     * @param shapes each variable's shape, by name (slots start at zeros of that shape)
     */
    AdamOptimizer(Ops tf, Operand<TFloat32> loss, Map<String, Variable<TFloat32>> variables, Map<String, long[]> shapes) {
        learningRate = tf.withName("learning_rate").placeholder(TFloat32.class);
        List<Variable<TFloat32>> vars = new ArrayList<>(variables.values());
        var gradients = tf.gradients(loss, vars);
        Operand<TFloat32> beta1 = tf.constant(BETA_1);
        Operand<TFloat32> beta2 = tf.constant(BETA_2);
        Operand<TFloat32> epsilon = tf.constant(EPSILON);
        Variable<TFloat32> beta1Power = tf.withName("adam_beta1_power").variable(tf.constant(BETA_1));
        Variable<TFloat32> beta2Power = tf.withName("adam_beta2_power").variable(tf.constant(BETA_2));
        // Every update waits for every gradient. Variables here are TF1 reference variables: without this, one
        // layer's ApplyAdam may overwrite its kernel while another layer's backward pass still reads it, and runs
        // with the same seed would differ.
        List<Operand<TFloat32>> grads = new ArrayList<>();
        for (int g = 0; g < vars.size(); g++) {
            grads.add(tf.identity(gradients.<TFloat32>dy(g)));
        }
        List<Op> gradOps = grads.stream().map(g -> (Op) g).toList();
        Ops afterGradients = tf.withControlDependencies(gradOps);
        List<Op> applies = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Variable<TFloat32>> e : variables.entrySet()) {
            Variable<TFloat32> var = e.getValue();
            Operand<TFloat32> zeros = tf.zeros(tf.constant(shapes.get(e.getKey())), TFloat32.class);
            Variable<TFloat32> m = tf.withName(e.getKey() + "_m").variable(zeros);
            Variable<TFloat32> v = tf.withName(e.getKey() + "_v").variable(zeros);
            applies.add(afterGradients.train.applyAdam(var, m, v, beta1Power, beta2Power, learningRate, beta1, beta2,
                    epsilon, grads.get(i++)));
        }
        Ops afterApply = tf.withControlDependencies(applies);
        Op advance1 = afterApply.assign(beta1Power, afterApply.math.mul(beta1Power, beta1));
        Op advance2 = afterApply.assign(beta2Power, afterApply.math.mul(beta2Power, beta2));
        step = tf.withControlDependencies(List.of(advance1, advance2)).withName("train").noOp();
    }

    /** @return the placeholder to feed with the step's learning rate */
    Placeholder<TFloat32> learningRate() {
        return learningRate;
    }

    /** @return the op that applies one update */
    Op step() {
        return step;
    }
}
