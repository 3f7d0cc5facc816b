package io.github.cam4j.savedmodel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Gradients through dilated convolutions, taken right. TensorFlow's C++ gradients of {@code Conv2D} and of
 * {@code DepthwiseConv2dNative}, the ones {@link Graph#addGradients} builds, leave the op's dilations out (and its
 * registry cannot be overridden; {@code DilatedDepthwiseGradientsTest} measures the depthwise one's error), so the
 * gradient is taken in stages that never cross a dilated convolution: from the logits to the output of the dilated
 * convolution nearest them, then across that convolution by the gradient of its twin built the way TensorFlow's
 * Python builds a dilated convolution ({@code SpaceToBatchND}, the undilated {@code Conv2D} or
 * {@code DepthwiseConv2dNative}, {@code BatchToSpaceND}:
 * {@link io.github.cam4j.model.AtrousConvolution}), fed by the same input and kernel, whose gradient TensorFlow takes
 * right; then from that convolution's input on to the next one, and so on to the tensors differentiated by. Only ops
 * are added: nothing in the model's graph is rewired, so it works on a graph a session has already run.
 *
 * <p>Exact when every path from a tensor differentiated by to the logits passes through each dilated convolution it
 * feeds (a chain, as a Sequential model is): then the gradient at a convolution's input is all the logits' gradient
 * there. Otherwise (a path around the convolution, a residual sum), and for a convolution the twin cannot stand for
 * (channels first, strides, explicit padding, a kernel of unknown size or one computed from the tensors
 * differentiated by), {@link #refusal} says why, and the gradient methods refuse as before.
 */
final class DilatedGradients {
    private DilatedGradients() {}

    private static final Set<String> CONVOLUTIONS = Set.of("Conv2D", "DepthwiseConv2dNative");

    /** Ops whose output reads only their input's shape: no gradient flows back through them. */
    private static final Set<String> SHAPE_ONLY = Set.of("Shape", "ShapeN", "Size", "Rank");

    /**
     * A dilated convolution the gradient cannot be taken through.
     *
     * @param conv the convolution
     * @param why what keeps its gradient from being taken by its twin, a clause
     */
    record Refusal(GraphOperation conv, String why) {
        /** @return the convolution's dilation, {@code "2x2"} */
        String dilation() {
            long[] d = conv.attributes().getAttrIntList("dilations");
            return d[1] + "x" + d[2];
        }
    }

    /**
     * @param ys the tensors differentiated
     * @param xs the tensors differentiated by
     * @return the dilated convolutions the {@code xs} feed on their way to the {@code ys}, nearest the {@code ys} first
     */
    static List<GraphOperation> between(Output<?>[] ys, Output<?>[] xs) {
        Set<String> targets = new HashSet<>();
        for (Output<?> x : xs) {
            targets.add(x.op().name());
        }
        List<GraphOperation> found = new ArrayList<>();
        for (GraphOperation op : upstream(ys, null)) {
            if (CONVOLUTIONS.contains(op.type()) && op.numInputs() >= 1 && dilated(op)
                    && dependsOn(op.input(0), targets, null)) {
                found.add(op);
            }
        }
        // Nearest the ys first: a convolution no other one found is computed from.
        List<GraphOperation> ordered = new ArrayList<>();
        while (!found.isEmpty()) {
            GraphOperation next = null;
            for (GraphOperation c : found) {
                boolean feedsAnother = false;
                for (GraphOperation d : found) {
                    feedsAnother |= d != c && dependsOn(d.input(0), Set.of(c.name()), null);
                }
                if (!feedsAnother) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                next = found.get(0); // (a cycle cannot be: a graph is acyclic)
            }
            ordered.add(next);
            found.remove(next);
        }
        return ordered;
    }

    /**
     * @param ys the tensors differentiated
     * @param xs the tensors differentiated by
     * @return the first dilated convolution (nearest the {@code ys}) whose gradient {@link #add} cannot take right, and
     *     why; null when it can take every one (or there is none)
     */
    static Refusal refusal(Output<?>[] ys, Output<?>[] xs) {
        List<GraphOperation> convs = between(ys, xs);
        for (int i = 0; i < convs.size(); i++) {
            GraphOperation c = convs.get(i);
            String why = twinless(c, xs);
            if (why == null && i + 1 < convs.size() && !dependsOn(c.input(0), Set.of(convs.get(i + 1).name()), null)) {
                why = "it and the dilated convolution '" + convs.get(i + 1).name() + "' lie on separate paths";
            }
            if (why == null) {
                for (Output<?> x : xs) {
                    // (A path through a Shape op, a Flatten's, carries no gradient: it goes around nothing.)
                    if (dependsOn(c.input(0), Set.of(x.op().name()), null)
                            && dependsOn(ys, Set.of(x.op().name()), c.name())) {
                        why = "a path from '" + GradientOps.name(x) + "' to the logits goes around it (a residual sum?)";
                        break;
                    }
                }
            }
            if (why != null) {
                return new Refusal(c, why);
            }
        }
        return null;
    }

    /** @return why the convolution's twin cannot stand for it, or null when it can */
    private static String twinless(GraphOperation c, Output<?>[] xs) {
        if (!CONVOLUTIONS.contains(c.type())) {
            return "cam4j takes the gradient across a dilated Conv2D or DepthwiseConv2dNative only, not a " + c.type();
        }
        String format = attrString(c, "data_format", "NHWC");
        String padding = attrString(c, "padding", "");
        long[] strides = c.attributes().getAttrIntList("strides");
        long[] d = c.attributes().getAttrIntList("dilations");
        if (!format.equals("NHWC") || d.length != 4 || d[0] != 1 || d[3] != 1) {
            return "it is " + format + ", where cam4j reads channels last only";
        }
        if (!padding.equals("SAME") && !padding.equals("VALID")) {
            return "its padding is " + padding + ", where cam4j rewrites 'SAME' and 'VALID' only";
        }
        for (long s : strides) {
            if (s != 1) {
                return "it has strides " + java.util.Arrays.toString(strides);
            }
        }
        org.tensorflow.ndarray.Shape kernel = c.input(1).shape();
        if (kernel.numDimensions() != 4 || kernel.get(0) <= 0 || kernel.get(1) <= 0) {
            return "its kernel's size is not known (" + kernel + ")";
        }
        if (c.input(0).dataType() != org.tensorflow.proto.DataType.DT_FLOAT) {
            return "it is " + DtypeNames.of(c.input(0).dataType()) + ", not float32";
        }
        Set<String> targets = new HashSet<>();
        for (Output<?> x : xs) {
            targets.add(x.op().name());
        }
        if (dependsOn(c.input(1), targets, null)) {
            return "its kernel is computed from the tensor differentiated by";
        }
        return null;
    }

    /**
     * {@link Graph#addGradients} of {@code ys} at {@code xs}, taken in stages across the dilated convolutions between
     * them (see the class). Call it only when {@link #refusal} is null: a convolution it refuses would be crossed by
     * TensorFlow's own gradient, wrong.
     *
     * @param graph the graph, extended in place
     * @param prefix a name no op of the graph starts with: the last stage's gradient ops go under it (as
     *     {@link Graph#addGradients} would put them), the earlier stages' under {@code prefix_dilated<i>}, and each
     *     twin and its gradient under a scope of its own at the top, {@code prefix_atrous<i>} with the slashes made
     *     underscores ({@code cam4j_gradcam_given_atrous0})
     * @param ys the tensors differentiated
     * @param xs the tensors differentiated by
     * @param dys the weights of the {@code ys} (null: ones)
     * @return the gradient at each of the {@code xs}; an empty output where a {@code x} does not reach the {@code ys}
     */
    @SuppressWarnings("unchecked")
    static Output<?>[] add(Graph graph, String prefix, Output<?>[] ys, Output<?>[] xs, Output<?>[] dys) {
        // TensorFlow 1.x's batch norms have no gradient in TensorFlow's C++ registry: TensorFlow Python's, added once.
        BatchNormGradients.register();
        List<GraphOperation> convs = between(ys, xs);
        if (convs.isEmpty() || refusal(ys, xs) != null) {
            return graph.addGradients(prefix, ys, xs, dys);
        }
        Output<?>[] grads = new Output<?>[xs.length];
        boolean[] done = new boolean[xs.length];
        Output<?>[] target = ys;
        Output<?>[] weights = dys;
        for (int i = 0; i < convs.size(); i++) {
            GraphOperation c = convs.get(i);
            // This stage's tensors: the convolution's output and every x it is not computed from (those lie after it).
            List<Integer> here = new ArrayList<>();
            for (int k = 0; k < xs.length; k++) {
                if (!done[k] && !dependsOn(c.input(0), Set.of(xs[k].op().name()), null)) {
                    here.add(k);
                }
            }
            Output<?>[] at = new Output<?>[here.size() + 1];
            at[0] = c.output(0);
            for (int k = 0; k < here.size(); k++) {
                at[k + 1] = xs[here.get(k)];
            }
            Output<?>[] stage = graph.addGradients(prefix + "_dilated" + i, target, at, weights);
            for (int k = 0; k < here.size(); k++) {
                grads[here.get(k)] = stage[k + 1];
                done[here.get(k)] = true;
            }
            // Across the convolution: the gradient of its twin, fed by the same input and kernel.
            // A scope of its own at the top (Ops would rename a scope the graph already holds, as the caller's).
            String twinScope = GradientOps.uniqueScope(graph, prefix.replace('/', '_') + "_atrous" + i);
            Ops tf = Ops.create(graph).withSubScope(twinScope);
            long[] d = c.attributes().getAttrIntList("dilations");
            org.tensorflow.ndarray.Shape k = c.input(1).shape();
            Operand<TFloat32> twin = io.github.cam4j.model.AtrousConvolution.build(tf.withSubScope("twin"),
                    (Operand<TFloat32>) c.input(0), (Operand<TFloat32>) c.input(1),
                    new int[] {(int) k.get(0), (int) k.get(1)}, new int[] {(int) d[1], (int) d[2]},
                    attrString(c, "padding", "").equals("SAME"), c.type().equals("DepthwiseConv2dNative"));
            Output<?> across = graph.addGradients(twinScope + "/gradient",
                    new Output<?>[] {twin.asOutput()}, new Output<?>[] {c.input(0)}, new Output<?>[] {stage[0]})[0];
            target = new Output<?>[] {c.input(0)};
            weights = new Output<?>[] {across};
        }
        List<Integer> rest = new ArrayList<>();
        for (int k = 0; k < xs.length; k++) {
            if (!done[k]) {
                rest.add(k);
            }
        }
        if (!rest.isEmpty()) {
            Output<?>[] at = new Output<?>[rest.size()];
            for (int k = 0; k < rest.size(); k++) {
                at[k] = xs[rest.get(k)];
            }
            Output<?>[] last;
            if (at.length == 1 && sameTensor(at[0], target[0])) {
                // Differentiated by the last convolution's input itself: the gradient there is the one carried across.
                last = new Output<?>[] {weights[0]};
            } else {
                last = graph.addGradients(prefix, target, at, weights);
            }
            for (int k = 0; k < rest.size(); k++) {
                grads[rest.get(k)] = last[k];
            }
        }
        return grads;
    }

    private static boolean sameTensor(Output<?> a, Output<?> b) {
        return a.op().name().equals(b.op().name()) && a.index() == b.index();
    }

    private static String attrString(GraphOperation op, String name, String otherwise) {
        try {
            return op.attributes().getAttrString(name);
        } catch (RuntimeException e) {
            return otherwise; // no such attribute
        }
    }

    /** @return whether the convolution's {@code dilations} attribute has a rate above 1 */
    static boolean dilated(GraphOperation op) {
        try {
            for (long d : op.attributes().getAttrIntList("dilations")) {
                if (d > 1) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException e) {
            return false; // no such attribute: no dilation
        }
    }

    /**
     * @return every op the tensors are computed from (them included), walking back; with {@code avoid}, not through
     *     that op nor through the inputs of ops that read only a shape ({@link #SHAPE_ONLY})
     */
    private static List<GraphOperation> upstream(Output<?>[] from, String avoid) {
        List<GraphOperation> out = new ArrayList<>();
        Deque<Output<?>> todo = new ArrayDeque<>(List.of(from));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            if (!(todo.pop().op() instanceof GraphOperation op) || op.name().equals(avoid) || !seen.add(op.name())) {
                continue;
            }
            out.add(op);
            if (avoid != null && SHAPE_ONLY.contains(op.type())) {
                continue;
            }
            for (int i = 0; i < op.numInputs(); i++) {
                todo.push(op.input(i));
            }
        }
        return out;
    }

    private static boolean dependsOn(Output<?> from, Set<String> targets, String avoid) {
        return dependsOn(new Output<?>[] {from}, targets, avoid);
    }

    /** @return whether any of {@code from} is computed from an op named in {@code targets}, not through {@code avoid} */
    private static boolean dependsOn(Output<?>[] from, Set<String> targets, String avoid) {
        for (GraphOperation op : upstream(from, avoid)) {
            if (targets.contains(op.name())) {
                return true;
            }
        }
        return false;
    }
}
