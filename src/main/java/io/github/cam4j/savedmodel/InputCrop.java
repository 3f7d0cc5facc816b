package io.github.cam4j.savedmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * What a model does to its input before its convolutions when it crops or resizes it: a Keras {@code CenterCrop} or
 * {@code Cropping2D} is a {@code StridedSlice} there, a Keras {@code Resizing} a {@code ResizeBilinear} (or
 * {@code ResizeNearestNeighbor}...) to a constant size, and {@code CenterCrop} on a picture smaller than its crop a
 * {@code StridedSlice} then a resize. The model then sees only part of the picture, perhaps resampled: the features'
 * cells sit on the crop, not on the input, and the rest of the input is never read.
 *
 * <p>When every such op reads its geometry from constants (the slice's begin, end and strides, the resize's size and
 * its {@code align_corners} / {@code half_pixel_centers} attributes) and they all come before the convolutions, the crop
 * can be placed: {@link #at} gives, for an input of a given size, where the cells sit on it and the part of it the model
 * saw. {@code resized-export} (Resizing to 32x32, half-pixel centres, then CenterCrop to 28x28) resamples input rows
 * and columns 1.25 to 25.75 of its 28 (pixel-centre coordinates, edges included: the middle 24.5 pixels), and its
 * bilinear kernel reads all of pixels 1 and 26: it sees pixels 1 to 26.
 *
 * <p>Otherwise ({@link #unplaceable()}) its map can only be stretched over the whole picture, as before cam4j read
 * crops: a crop whose bounds are computed from the picture's shape, a {@code CropAndResize}, an antialiased resize
 * ({@code ScaleAndTranslate}), or a crop after the first convolution (or after any op whose geometry is not read, as a
 * {@code Pad}).
 */
public final class InputCrop {
    /** Ops that cut part of a tensor out: on the way from the images to the features, a spatial crop. */
    private static final Set<String> CROPS = Set.of("StridedSlice", "Slice", "CropAndResize");
    /** Ops that resample a tensor to another size. */
    private static final Set<String> RESIZES = Set.of("ResizeBilinear", "ResizeNearestNeighbor", "ResizeBicubic",
            "ResizeArea", "ScaleAndTranslate");
    /** Below this, two coordinates are the same. */
    private static final double EPS = 1e-9;

    private final String op;
    private final List<Step> steps;
    private final FeatureGrid cells;
    private final String unplaceable;

    private InputCrop(String op, List<Step> steps, FeatureGrid cells, String unplaceable) {
        this.op = op;
        this.steps = List.copyOf(steps);
        this.cells = cells;
        this.unplaceable = unplaceable;
    }

    /**
     * Where the feature cells sit on an input of a given size, and the part of it the model saw, in the input's
     * pixel-centre coordinates (pixel 0 spans -0.5..0.5). The part seen is the footprint of the pixels the model
     * resamples (where its cells lie), widened to every input pixel a resize reads with non-zero weight: a bilinear
     * resize that enlarges reads the pixel beyond the footprint's edge, a bicubic one up to two; a nearest-neighbour or
     * area resize, or a shrinking bilinear one, reads nothing beyond it.
     *
     * @param cells where the cells sit on the input
     * @param top the first input row coordinate the model saw (an edge: -0.5 when it saw from the top)
     * @param left the first input column coordinate it saw
     * @param bottom the last input row coordinate it saw (height - 0.5 when it saw to the bottom)
     * @param right the last input column coordinate it saw
     */
    public record View(FeatureGrid cells, double top, double left, double bottom, double right) {
        /**
         * @param height the input's rows
         * @param width its columns
         * @return whether the model saw the whole input (a resize alone: every pixel read)
         */
        public boolean whole(int height, int width) {
            return top <= -0.5 + EPS && left <= -0.5 + EPS && bottom >= height - 0.5 - EPS && right >= width - 0.5 - EPS;
        }
    }

    /**
     * @param found the path from the input to the features
     * @return the crop on it, placeable or not; empty when the path holds no crop or resize
     */
    static Optional<InputCrop> of(GraphPath found) {
        List<NodeDef> path = found.path();
        Map<String, NodeDef> nodes = found.nodes();
        String first = null;
        List<Step> steps = new ArrayList<>();
        String problem = null;
        int i = 0;
        // The leading ops: element-wise ones (a Rescaling, a Cast) and the crops and resizes.
        for (; i < path.size(); i++) {
            NodeDef n = path.get(i);
            // A slice of the channels alone (RGB to BGR) keeps every position: no crop.
            boolean crop = (CROPS.contains(n.getOp()) || RESIZES.contains(n.getOp()))
                    && !FeatureGrid.keepsPositions(n, nodes);
            if (!crop && !FeatureGrid.keepsPositions(n, nodes)) {
                break;
            }
            if (crop) {
                if (first == null) {
                    first = describe(n);
                }
                if (problem == null) {
                    Object step = step(n, nodes);
                    if (step instanceof Step s) {
                        steps.add(s);
                    } else {
                        problem = describe(n) + " " + step;
                    }
                }
            }
        }
        List<NodeDef> rest = path.subList(i, path.size());
        for (NodeDef n : rest) {
            if ((CROPS.contains(n.getOp()) || RESIZES.contains(n.getOp())) && !FeatureGrid.keepsPositions(n, nodes)) {
                if (first == null) {
                    first = describe(n);
                }
                if (problem == null) {
                    problem = describe(n) + " comes after " + describe(rest.get(0))
                            + " (the first convolution or pooling, or an op cam4j does not read), where it is not placed";
                }
                break;
            }
        }
        if (first == null) {
            return Optional.empty();
        }
        FeatureGrid grid = null;
        if (problem == null) {
            Optional<FeatureGrid> g = FeatureGrid.of(rest, nodes);
            if (g.isEmpty()) {
                problem = "an op between the crop and the features has a geometry cam4j does not know";
            } else {
                grid = g.get();
            }
        }
        return Optional.of(problem == null ? new InputCrop(first, steps, grid, null)
                : new InputCrop(first, List.of(), null, problem));
    }

    /**
     * @param graph a model's graph
     * @param inputTensor its images input
     * @param featuresTensor its features tensor
     * @return the crops and resizes between them, as {@link CamModel#inputCrop()} finds them; empty when there are none
     *     (or the features do not depend on the input)
     */
    public static Optional<InputCrop> find(GraphDef graph, String inputTensor, String featuresTensor) {
        return GraphPath.find(graph, inputTensor, featuresTensor).flatMap(InputCrop::of);
    }

    /**
     * What {@code cam4j inspect} says of the crop: what the model does to its input, and the part of a picture it then
     * reads, where the map is placed; for a crop that cannot be placed, the note {@code explain} gives.
     *
     * @param height the rows of the pictures the model is fed, -1 when it takes any size
     * @param width their columns, -1 likewise
     * @return one or two lines, the second indented
     */
    public List<String> describe(int height, int width) {
        if (unplaceable != null) {
            return List.of("input crop: the model " + unplaceableNote().orElseThrow());
        }
        List<String> said = new ArrayList<>();
        long[] size = {height > 0 ? height : -1, width > 0 ? width : -1};
        // What a step's unknown size is called: the picture's h and w first, then h' and w' for what a slice leaves of
        // them (a slice after a slice said its rows 1..h-1 of the first one's rows, as if they were the picture's).
        String[] dims = {"h", "w"};
        for (Step s : steps) {
            said.add(s.describe(size, dims));
            size = s.sizeOut(size);
            if (s instanceof Slice && size[0] < 0) {
                dims = new String[] {dims[0] + "'", dims[1] + "'"};
            }
        }
        String picture = height > 0 && width > 0 ? article(height) + " " + height + "x" + width + " picture"
                : "a picture of h rows and w columns";
        String first = (crops() ? "input crop: " : "input resize: ") + picture + " is " + String.join(", then ", said);
        if (height <= 0 || width <= 0) {
            return List.of(first, "  the part of a picture it reads depends on the picture's size: explain places the map"
                    + " on that part of each picture and outlines it");
        }
        Optional<View> v = at(height, width);
        if (v.isEmpty()) {
            return List.of(first, "  the crop leaves nothing of " + article(height) + " " + height + "x" + width + " picture");
        }
        if (v.get().whole(height, width)) {
            return List.of(first, "  the model reads every pixel of the picture; the map is placed on it by the"
                    + " resize's geometry");
        }
        Pixels p = Pixels.of(v.get(), height, width);
        long[][] r = read(height, width).orElseThrow();
        if (r[0][0] != p.top || r[0][1] != p.bottom || r[1][0] != p.left || r[1][1] != p.right) {
            // The part the map is placed on is the crop's footprint widened to what the resize reads; a resize that
            // shrinks, or a nearest neighbour in TensorFlow 1's sampling, reads less than the footprint's edge pixels.
            // Said of a resize only where there is one: a strided slice alone had been said to read "the first and
            // last pixels a resize reads".
            boolean resizes = resizes();
            return List.of(first, "  the model reads rows " + r[0][0] + ".." + r[0][1] + ", columns " + r[1][0] + ".."
                    + r[1][1] + " of the " + height + "x" + width + " picture (the first and last pixels "
                    + (resizes ? "a resize reads with non-zero weight" : "the crop keeps") + "); the map is placed on rows "
                    + p.top + ".." + p.bottom + ", columns " + p.left + ".." + p.right + " (where the crop's cells lie"
                    + (resizes ? ", and what its resize reads" : ", a kept pixel standing for its stride's pixels")
                    + "), which explain outlines, and holds no evidence outside it");
        }
        return List.of(first, "  the model reads rows " + p.top + ".." + p.bottom + ", columns " + p.left + ".." + p.right
                + " of the " + height + "x" + width + " picture (" + (resizes() ? "every pixel a resize reads with non-zero"
                + " weight" : "the pixels the crop keeps") + "): the map is placed on that part, which explain outlines,"
                + " and holds no evidence outside it");
    }

    /** @return whether a step resamples the picture (a resize), rather than only cutting it */
    private boolean resizes() {
        return steps.stream().anyMatch(s -> s instanceof Resize);
    }

    /** @return "an" before a number read with a vowel first (8, 11, 18, 80..89, 800..), else "a" */
    static String article(long n) {
        String digits = Long.toString(n);
        boolean vowel = digits.startsWith("8") || ((digits.startsWith("11") || digits.startsWith("18"))
                && digits.length() % 3 == 2);
        return vowel ? "an" : "a";
    }

    /**
     * @return a node's name without the call wrappers an inlined SavedModel function puts in front of it
     *     ({@code StatefulPartitionedCall_1/}): they name no layer
     */
    private static String shortName(String node) {
        return node.replaceFirst("^((Stateful)?PartitionedCall(_\\d+)?/)+", "");
    }

    /** The pixels of a picture a view's part seen covers, first and last of each axis. */
    private record Pixels(long top, long left, long bottom, long right) {
        static Pixels of(View v, int height, int width) {
            // Pixel p spans p - 0.5 .. p + 0.5: it is in when that overlaps the part by more than a touch (as
            // io.github.cam4j.cam.SeenPart#pixels counts them).
            return new Pixels(Math.max(0, (long) Math.floor(v.top() - 0.5 + EPS) + 1),
                    Math.max(0, (long) Math.floor(v.left() - 0.5 + EPS) + 1),
                    Math.min(height - 1, (long) Math.ceil(v.bottom() + 0.5 - EPS) - 1),
                    Math.min(width - 1, (long) Math.ceil(v.right() + 0.5 - EPS) - 1));
        }
    }

    /**
     * @return for a crop that cannot be placed, what {@code explain} and {@code inspect} say of it, to follow "model
     *     NAME " or "the model "; empty for one that can
     */
    public Optional<String> unplaceableNote() {
        return unplaceable().map(why -> "crops or resizes its input before its features (" + op + ", e.g. a Keras"
                + " CenterCrop) in a way cam4j cannot place (" + why + "): it sees only part of each picture, or a"
                + " resampling of it, but its map is stretched over the whole picture");
    }

    /** @return the first crop or resize op on the path, as {@code "StridedSlice 'name'"} */
    public String op() {
        return op;
    }

    /** @return why the crop cannot be placed on the picture (then its map is stretched over it); empty when it can */
    public Optional<String> unplaceable() {
        return Optional.ofNullable(unplaceable);
    }

    /**
     * @return whether some op cuts part of the input away, rather than only resampling it (a placed crop: whether a
     *     slice is among its steps; one that cannot be placed: whether its first op is a crop)
     */
    public boolean crops() {
        return unplaceable != null ? CROPS.contains(op.substring(0, op.indexOf(' ')))
                : steps.stream().anyMatch(Slice.class::isInstance);
    }

    /**
     * @param height the input's rows as fed
     * @param width its columns
     * @return where the feature cells sit on that input and the part of it the model saw; empty when the crop cannot be
     *     placed ({@link #unplaceable()}) or does not fit an input of that size (it would leave nothing)
     */
    public Optional<View> at(int height, int width) {
        if (unplaceable != null || height <= 0 || width <= 0) {
            return Optional.empty();
        }
        // A coordinate c on the current tensor is input coordinate scale * c + shift; the current tensor has size n.
        double[] y = {1, 0, -0.5, height - 0.5};
        double[] x = {1, 0, -0.5, width - 0.5};
        long[] size = {height, width};
        for (Step s : steps) {
            double[][] axes = s.axes(size);
            if (axes == null) {
                return Optional.empty();
            }
            for (int a = 0; a < 2; a++) {
                double[] t = a == 0 ? y : x;
                double scale = axes[a][0];
                double shift = axes[a][1];
                long out = (long) axes[a][2];
                t[1] = t[0] * shift + t[1];
                t[0] = t[0] * scale;
                // The extent of the new tensor, carried to the input, bounds what the model reads.
                t[2] = Math.max(t[2], t[1] - 0.5 * t[0]);
                t[3] = Math.min(t[3], t[1] + (out - 0.5) * t[0]);
                size[a] = out;
            }
        }
        if (y[3] - y[2] <= EPS || x[3] - x[2] <= EPS) {
            return Optional.empty();
        }
        // The footprint above is where the resampled pixels lie; a resize's kernel reaches further (a bilinear resize
        // that enlarges reads the pixel beyond the footprint's edge at weight 0.25, a bicubic one two more). Carried
        // back from every pixel the convolutions read, the first and last input pixels read with non-zero weight widen
        // the part seen to cover them: ink there sways the class, so it must not fall outside the outline.
        long[][] read = read(height, width).orElseThrow(); // every step fits: checked above
        for (int a = 0; a < 2; a++) {
            double[] t = a == 0 ? y : x;
            t[2] = Math.min(t[2], read[a][0] - 0.5);
            t[3] = Math.max(t[3], read[a][1] + 0.5);
        }
        FeatureGrid onInput = new FeatureGrid(y[0] * cells.strideY(), x[0] * cells.strideX(),
                y[0] * cells.offsetY() + y[1], x[0] * cells.offsetX() + x[1]);
        return Optional.of(new View(onInput, y[2], x[2], y[3], x[3]));
    }

    /**
     * @return {{first, last} row, {first, last} column} of an input of that size that the model reads with non-zero
     *     weight (pixels between them may go unread), carried back from every pixel of the last step's output; empty
     *     where {@link #at} is
     */
    private Optional<long[][]> read(int height, int width) {
        if (unplaceable != null || height <= 0 || width <= 0) {
            return Optional.empty();
        }
        long[] size = {height, width};
        long[][] sizes = new long[steps.size()][]; // each step's input size, for the pass back
        for (int k = 0; k < steps.size(); k++) {
            sizes[k] = size;
            double[][] axes = steps.get(k).axes(size);
            if (axes == null) {
                return Optional.empty();
            }
            size = new long[] {(long) axes[0][2], (long) axes[1][2]};
        }
        long[][] out = new long[2][];
        for (int a = 0; a < 2; a++) {
            long[] read = {0, size[a] - 1};
            for (int k = steps.size() - 1; k >= 0; k--) {
                read = steps.get(k).reads(a, sizes[k][a], read[0], read[1]);
            }
            out[a] = read;
        }
        return Optional.of(out);
    }

    @Override
    public String toString() {
        if (unplaceable != null) {
            return op + " (not placed: " + unplaceable + ")";
        }
        return String.join(", then ", steps.stream().map(Step::toString).toList());
    }

    private static String describe(NodeDef n) {
        return n.getOp() + " '" + n.getName() + "'";
    }

    /** One crop or resize: per spatial axis, {scale, shift, size out} for an input of the given size. */
    private interface Step {
        /** @return {{scale, shift, out} for rows, the same for columns}, or null when it does not fit the size */
        double[][] axes(long[] size);

        /**
         * @param axis 0 for rows, 1 for columns
         * @param in the step's input size on that axis (one it fits, {@link #axes} not null)
         * @param first the first of the step's output pixels read on
         * @param last the last of them
         * @return {first, last}: the first and last input pixels those output pixels are made of with non-zero weight
         */
        long[] reads(int axis, long in, long first, long last);

        /**
         * @param size the step's input size, rows and columns, -1 where not known (an input of any size)
         * @param dims what that size is called where it is not known: {@code h} and {@code w} for the picture's
         * @return what the step does, in words, for {@code cam4j inspect}
         */
        String describe(long[] size, String[] dims);

        /** @return the step's output size for an input of {@code size}, -1 where not known */
        long[] sizeOut(long[] size);
    }

    /** A resize to a constant size: output coordinate {@code o} reads input coordinate {@code scale * o + shift}. */
    private record Resize(String op, String name, long height, long width, String convention) implements Step {
        @Override
        public double[][] axes(long[] size) {
            double[][] out = new double[2][];
            long[] to = {height, width};
            for (int a = 0; a < 2; a++) {
                double n = size[a];
                double m = to[a];
                out[a] = switch (convention) {
                    // TensorFlow 2's (tf.image.resize, Keras' Resizing): pixel edges scale, centres at half pixels.
                    case "half-pixel centres" -> new double[] {n / m, 0.5 * n / m - 0.5, m};
                    // align_corners: the corner pixels' centres are kept.
                    case "aligned corners" -> new double[] {(n - 1) / (m - 1), 0, m};
                    // TensorFlow 1's default: output pixel o samples input o * n / m.
                    default -> new double[] {n / m, 0, m};
                };
            }
            return out;
        }

        @Override
        public long[] reads(int axis, long in, long first, long last) {
            long out = axis == 0 ? height : width;
            long from = Long.MAX_VALUE;
            long to = Long.MIN_VALUE;
            // Every output pixel, not only the two ends: a few hundred at most, and no reliance on the reads rising
            // with the output pixel through float rounding.
            for (long o = first; o <= last; o++) {
                long[] r = read(op, convention, in, out, o);
                from = Math.min(from, r[0]);
                to = Math.max(to, r[1]);
            }
            return new long[] {from, to};
        }

        @Override
        public String describe(long[] size, String[] dims) {
            String kind = switch (op) {
                case "ResizeBilinear" -> "bilinear";
                case "ResizeNearestNeighbor" -> "nearest neighbour";
                case "ResizeBicubic" -> "bicubic";
                default -> "area";
            };
            // An area resize has no sampling convention: it averages each output pixel's footprint.
            return "resized to " + height + "x" + width + ", " + kind + (op.equals("ResizeArea") ? "" : " with "
                    + convention) + " (" + op + " '" + shortName(name) + "')";
        }

        @Override
        public long[] sizeOut(long[] size) {
            return new long[] {height, width};
        }

        @Override
        public String toString() {
            return op + " to " + height + "x" + width + " (" + convention + ")";
        }
    }

    /** The table size of TensorFlow's bicubic kernel: the fraction of a pixel is rounded to 1/1024. */
    private static final int CUBIC_TABLE = 1 << 10;

    /**
     * The input pixels TensorFlow's CPU kernel reads with non-zero weight for one output pixel of a resize along one axis
     * (its {@code resize_bilinear_op.cc}, {@code resize_nearest_neighbor_op.cc}, {@code resize_bicubic_op.cc} and
     * {@code resize_area_op.cc}, with the scale and source coordinate in float as they take them): bilinear the two
     * neighbours of the source coordinate (one when it is a whole pixel), clamped to the edges; nearest one pixel, the
     * floor of the coordinate (half-pixel centres: of {@code (o + 0.5) * scale}, clamped at 0) or, for aligned corners,
     * its rounding; bicubic four taps around it, but only the pixel itself when the coordinate's fraction rounds to 0 or
     * to 1 in 1/1024ths (the cubic kernel is 1 at 0, 0 at 1 and 2, non-zero in between), clamped to the edges (the
     * Keys kernel of half-pixel centres weighs a tap beyond an edge 0, the legacy one reads the edge pixel instead);
     * area every pixel the output pixel's footprint {@code o * scale .. (o + 1) * scale} covers.
     *
     * @param op the resize op
     * @param convention the sampling convention, as {@link #resize} names it
     * @param in the input's size on the axis
     * @param out the output's size on it
     * @param o the output pixel
     * @return {first, last} input pixel read
     */
    static long[] read(String op, String convention, long in, long out, long o) {
        boolean half = convention.equals("half-pixel centres");
        boolean aligned = convention.equals("aligned corners");
        // CalculateResizeScale: a float.
        float scale = aligned && out > 1 ? (float) (in - 1) / (float) (out - 1) : (float) in / (float) out;
        switch (op) {
            case "ResizeArea": {
                // Its own geometry whatever half_pixel_centers says (the op has no such attribute).
                float from = (float) o * scale;
                float to = (float) (o + 1) * scale;
                return new long[] {bound((long) Math.floor(from), in), bound((long) Math.ceil(to) - 1, in)};
            }
            case "ResizeNearestNeighbor": {
                // Its half-pixel coordinate leaves out the - 0.5 and floors: the pixel whose span holds the centre.
                float at = half ? ((float) o + 0.5f) * scale : (float) o * scale;
                long i = Math.min(aligned ? roundHalfAway(at) : (long) Math.floor(at), in - 1);
                if (half) {
                    i = Math.max(0, i);
                }
                return new long[] {i, i};
            }
            default: {
                boolean cubic = op.equals("ResizeBicubic");
                // Rounded as the linux-x86_64 natives round it, a product then a difference (ResizeReachTest: 2 -> 6
                // with half-pixel centres reads pixel 0 alone for output pixel 1, where a fused multiply-add would make
                // the coordinate 1.5e-8 and read pixel 1 too).
                float c = half ? ((float) o + 0.5f) * scale - 0.5f : (float) o * scale;
                long floor = (long) Math.floor(c);
                long lo;
                long hi;
                if (cubic) {
                    long offset = (long) Math.rint((c - (float) floor) * CUBIC_TABLE);
                    lo = offset == CUBIC_TABLE ? floor + 1 : offset == 0 ? floor : floor - 1;
                    hi = offset == 0 ? floor : floor + (offset == CUBIC_TABLE ? 1 : 2);
                } else {
                    // The lower neighbour weighs 1 - fraction, never 0; the upper the fraction, and it is the lower
                    // one when the coordinate is whole.
                    lo = floor;
                    hi = (long) Math.ceil(c);
                }
                return new long[] {bound(lo, in), bound(hi, in)};
            }
        }
    }

    private static long bound(long i, long size) {
        return Math.max(0, Math.min(size - 1, i));
    }

    /** @return C's {@code roundf} of a float: halves away from 0 */
    private static long roundHalfAway(float v) {
        long f = (long) Math.floor(Math.abs(v));
        long r = Math.abs(v) - f >= 0.5f ? f + 1 : f;
        return v < 0 ? -r : r;
    }

    /** A slice with stride: output coordinate {@code o} is input coordinate {@code begin + stride * o}. */
    private record Slice(String op, String name, long[] begin, long[] end, long[] stride, boolean[] beginAll,
            boolean[] endAll)
            implements Step {
        @Override
        public double[][] axes(long[] size) {
            double[][] out = new double[2][];
            for (int a = 0; a < 2; a++) {
                out[a] = axis(a, size[a]);
                if (out[a] == null) {
                    return null;
                }
            }
            return out;
        }

        /** @return {scale, shift, out} on axis {@code a} of length {@code n}, or null when it keeps nothing of it */
        private double[] axis(int a, long n) {
            long b = beginAll[a] ? 0 : begin[a] < 0 ? begin[a] + n : begin[a];
            long e = endAll[a] ? n : end[a] < 0 ? end[a] + n : end[a];
            b = Math.max(0, Math.min(n, b));
            e = Math.max(0, Math.min(n, e));
            long s = stride[a];
            long m = e > b ? (e - b + s - 1) / s : 0;
            return m <= 0 ? null : new double[] {s, b, m};
        }

        @Override
        public long[] reads(int axis, long in, long first, long last) {
            long b = beginAll[axis] ? 0 : begin[axis] < 0 ? begin[axis] + in : begin[axis];
            b = Math.max(0, Math.min(in, b));
            return new long[] {b + stride[axis] * first, b + stride[axis] * last};
        }

        @Override
        public String describe(long[] size, String[] dims) {
            // After a slice the size is no longer the picture's: its letters are then said.
            String left = size[0] < 0 && !dims[0].equals("h") ? " of the " + dims[0] + " rows and " + dims[1]
                    + " columns left" : "";
            return "cut to rows " + kept(0, size[0], dims[0]) + ", columns " + kept(1, size[1], dims[1]) + left + " ("
                    + op + " '" + shortName(name) + "')";
        }

        @Override
        public long[] sizeOut(long[] size) {
            // Each axis by its own length, as kept says it: a slice after one that leaves no row still keeps columns.
            long[] out = new long[2];
            for (int a = 0; a < 2; a++) {
                double[] kept = size[a] < 0 ? null : axis(a, size[a]);
                out[a] = size[a] < 0 ? -1 : kept == null ? 0 : (long) kept[2];
            }
            return out;
        }

        /**
         * @return the first and last pixel kept on an axis of size {@code n}, as numbers when it is known, else counted
         *     from its far edge ({@code h-4}: the fourth row from the bottom, rows numbered from 0)
         */
        private String kept(int a, long n, String dim) {
            String every = stride[a] == 1 ? "" : " every " + stride[a] + " pixels";
            if (n >= 0) {
                // This axis alone: the other's length is not n, and a crop that leaves none of it is said there.
                double[] kept = axis(a, n);
                if (kept == null) {
                    return "none";
                }
                long b = (long) kept[1];
                return b + ".." + (b + stride[a] * ((long) kept[2] - 1)) + every;
            }
            // Bounds counted from the same edge, the end not past the begin, keep nothing at any size: x[:, 2:0] was
            // said to keep rows 2..h-1 (an end of 0 read as the far edge, which only the end mask makes it).
            long from = beginAll[a] ? 0 : begin[a];
            boolean sameEdge = from >= 0 == end[a] >= 0;
            if (!endAll[a] && (end[a] == 0 || sameEdge && end[a] <= from)) {
                return "none";
            }
            String b = beginAll[a] ? "0" : begin[a] >= 0 ? Long.toString(begin[a]) : dim + begin[a];
            String e = endAll[a] ? dim + "-1" : end[a] > 0 ? Long.toString(end[a] - 1) : dim + (end[a] - 1);
            return b + ".." + e + every;
        }

        @Override
        public String toString() {
            return op + " rows " + range(0) + ", columns " + range(1);
        }

        private String range(int a) {
            String b = beginAll[a] ? "0" : Long.toString(begin[a]);
            String e = endAll[a] ? "end" : Long.toString(end[a]);
            return b + ":" + e + (stride[a] == 1 ? "" : ":" + stride[a]);
        }
    }

    /** @return the op's step, or a String saying why it cannot be placed */
    private static Object step(NodeDef n, Map<String, NodeDef> nodes) {
        return switch (n.getOp()) {
            case "StridedSlice" -> stridedSlice(n, nodes);
            case "Slice" -> slice(n, nodes);
            case "ResizeBilinear", "ResizeNearestNeighbor", "ResizeBicubic", "ResizeArea" -> resize(n, nodes);
            case "ScaleAndTranslate" -> "resamples with antialiasing, whose geometry cam4j does not read";
            default -> "takes its boxes from a tensor";
        };
    }

    private static Object resize(NodeDef n, Map<String, NodeDef> nodes) {
        long[] size = IntConstant.of(FeatureGrid.opName(n.getInput(1)), nodes);
        if (size == null || size.length != 2 || size[0] <= 0 || size[1] <= 0) {
            return "resizes to a size that is not a constant";
        }
        boolean aligned = bool(n.getAttrMap().get("align_corners"));
        boolean halfPixel = bool(n.getAttrMap().get("half_pixel_centers"));
        String convention;
        if (aligned && halfPixel) {
            return "sets both align_corners and half_pixel_centers";
        } else if (aligned) {
            if (size[0] < 2 || size[1] < 2 || n.getOp().equals("ResizeArea")) {
                return "aligns corners in a way cam4j does not place";
            }
            convention = "aligned corners";
        } else if (halfPixel || n.getOp().equals("ResizeArea")) {
            // An area resize averages each output pixel's footprint: the half-pixel geometry.
            convention = "half-pixel centres";
        } else {
            convention = "TensorFlow 1 sampling";
        }
        return new Resize(n.getOp(), n.getName(), size[0], size[1], convention);
    }

    private static Object stridedSlice(NodeDef n, Map<String, NodeDef> nodes) {
        long[] begin = IntConstant.of(FeatureGrid.opName(n.getInput(1)), nodes);
        long[] end = IntConstant.of(FeatureGrid.opName(n.getInput(2)), nodes);
        long[] strides = IntConstant.of(FeatureGrid.opName(n.getInput(3)), nodes);
        if (begin == null || end == null || strides == null) {
            return "has bounds that are not constants (computed from the picture's shape)";
        }
        if (begin.length != end.length || begin.length != strides.length || begin.length < 1 || begin.length > 4) {
            return "has bounds cam4j does not read";
        }
        if (mask(n, "ellipsis_mask") != 0 || mask(n, "new_axis_mask") != 0 || mask(n, "shrink_axis_mask") != 0) {
            return "adds, drops or elides axes";
        }
        long beginMask = mask(n, "begin_mask");
        long endMask = mask(n, "end_mask");
        int axes = begin.length;
        long[] b = new long[2];
        long[] e = new long[2];
        long[] s = new long[2];
        boolean[] bAll = new boolean[2];
        boolean[] eAll = new boolean[2];
        for (int axis = 0; axis < 4; axis++) {
            boolean listed = axis < axes;
            boolean fromStart = !listed || (beginMask & (1L << axis)) != 0;
            boolean toEnd = !listed || (endMask & (1L << axis)) != 0;
            long stride = listed ? strides[axis] : 1;
            if (axis == 0 || axis == 3) {
                if (stride != 1 || !(fromStart || begin[axis] == 0) || !toEnd) {
                    return "slices the batch or channel axis";
                }
                continue;
            }
            if (stride <= 0) {
                return "reverses or steps backwards, which cam4j does not place";
            }
            int a = axis - 1;
            b[a] = listed ? begin[axis] : 0;
            e[a] = listed ? end[axis] : 0;
            s[a] = stride;
            bAll[a] = fromStart;
            eAll[a] = toEnd;
        }
        return new Slice(n.getOp(), n.getName(), b, e, s, bAll, eAll);
    }

    private static Object slice(NodeDef n, Map<String, NodeDef> nodes) {
        long[] begin = IntConstant.of(FeatureGrid.opName(n.getInput(1)), nodes);
        long[] size = IntConstant.of(FeatureGrid.opName(n.getInput(2)), nodes);
        if (begin == null || size == null) {
            return "has bounds that are not constants (computed from the picture's shape)";
        }
        if (begin.length != 4 || size.length != 4) {
            return "has bounds cam4j does not read";
        }
        if (begin[0] != 0 || begin[3] != 0 || size[0] != -1 || size[3] != -1) {
            return "slices the batch or channel axis";
        }
        long[] b = new long[2];
        long[] e = new long[2];
        boolean[] eAll = new boolean[2];
        for (int a = 0; a < 2; a++) {
            b[a] = begin[a + 1];
            if (b[a] < 0 || size[a + 1] < -1) {
                return "has bounds cam4j does not read";
            }
            eAll[a] = size[a + 1] == -1;
            e[a] = eAll[a] ? 0 : b[a] + size[a + 1];
        }
        return new Slice(n.getOp(), n.getName(), b, e, new long[] {1, 1}, new boolean[2], eAll);
    }

    private static long mask(NodeDef n, String name) {
        AttrValue v = n.getAttrMap().get(name);
        return v == null ? 0 : v.getI();
    }

    private static boolean bool(AttrValue v) {
        return v != null && v.getB();
    }
}
