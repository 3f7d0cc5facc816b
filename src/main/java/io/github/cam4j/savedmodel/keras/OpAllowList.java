package io.github.cam4j.savedmodel.keras;

import io.github.cam4j.savedmodel.UntrustedModelException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SaverDef;

/**
 * The check a foreign SavedModel passes before anything in it runs: every op of its graph and of every function in its
 * library must be a pure tensor op. A SavedModel is a program; {@code SavedModelBundle.load} runs two parts of it at
 * once (the restore op and the init op), and a session run runs whatever the signature reaches. An op such as
 * {@code ReadFile}, {@code WriteFile}, {@code MatchingFiles}, {@code PrintV2}, {@code PyFunc}, {@code ImmutableConst}
 * (memory-maps a file), a dataset, a queue or a summary writer has no place in an image classifier, so a model holding
 * one is refused with an {@link UntrustedModelException} naming the op, its node and the function where it stands.
 *
 * <pre>
 * OpAllowList.check(metaGraph, Path.of("model/saved_model.pb"));   // throws UntrustedModelException
 * </pre>
 *
 * <h2>What is allowed where</h2>
 * <ul>
 *   <li>{@link #PURE_OPS}, anywhere: math, neural-network, array and shape ops, random numbers, {@code Const},
 *       {@code Placeholder}, {@code Identity}, {@code NoOp}; the in-memory variable ops ({@code VarHandleOp},
 *       {@code ReadVariableOp}, {@code AssignVariableOp}, optimizer updates: they change a variable in memory, never a
 *       file); and the calls ({@code StatefulPartitionedCall}, {@code PartitionedCall}, {@code If}, {@code While},
 *       {@code Case}) provided every function they name is in the library, which is then checked too.</li>
 *   <li>{@link #RESTORE_OPS} ({@code RestoreV2}) only in the restore path: the functions called only from the
 *       {@code saver_def.restore_op_name} node (or, in a TF 1 graph, top-level nodes only it depends on). The loader
 *       runs that op, feeding the model's own {@code variables/variables} prefix; {@code RestoreV2} reads the
 *       checkpoint into memory and writes nothing. Its prefix must derive from the function's argument (the fed
 *       file name), not from a constant path.</li>
 *   <li>{@link #SAVE_OPS} ({@code SaveV2}, {@code MergeV2Checkpoints}, {@code ShardedFilename}, {@code StringJoin},
 *       {@code StaticRegexFullMatch}, {@code DisableCopyOnRead}) only in the save path: functions called only from the
 *       {@code saver_def.save_tensor_name} node. Every TF 2 export holds that function ({@code __inference__traced_save})
 *       so refusing it would refuse every model, but nothing cam4j does runs it: the loader runs the restore and init
 *       ops only, and a save node that the restore op, the init op or a signature depends on stops being save-only,
 *       so its {@code SaveV2} is refused. Its file names must also derive from the function's argument.</li>
 * </ul>
 * Everything else is refused: ops cam4j does not know, ops registered by custom libraries, and calls of functions
 * missing from the library.
 */
public final class OpAllowList {

    /** Ops allowed anywhere in the graph or its functions. */
    public static final Set<String> PURE_OPS = Set.of(
            // structure and plumbing
            "Const", "Placeholder", "PlaceholderWithDefault", "Identity", "IdentityN", "NoOp", "StopGradient",
            "PreventGradient", "Snapshot", "CheckNumerics", "CheckNumericsV2", "EnsureShape", "Assert",
            // calls of library functions (the called functions are checked in turn)
            "StatefulPartitionedCall", "PartitionedCall", "If", "StatelessIf", "While", "StatelessWhile", "Case",
            "StatelessCase",
            // variables, in memory
            "VarHandleOp", "ReadVariableOp", "VarIsInitializedOp", "AssignVariableOp", "AssignAddVariableOp",
            "AssignSubVariableOp", "ResourceGather", "ResourceGatherNd", "ResourceScatterAdd", "ResourceScatterSub",
            "ResourceScatterUpdate", "ResourceScatterNdUpdate", "ResourceScatterNdAdd",
            // TF 1 reference variables (cam4j's own exports, TF 1 graphs), in memory
            "VariableV2", "Variable", "Assign", "AssignAdd", "AssignSub", "IsVariableInitialized",
            // optimizer updates (Keras 2 may trace a train step), in memory
            "ResourceApplyAdam", "ResourceApplyAdamWithAmsgrad", "ResourceApplyGradientDescent",
            "ResourceApplyMomentum", "ResourceApplyKerasMomentum", "ResourceApplyRMSProp",
            "ResourceApplyCenteredRMSProp", "ResourceApplyAdagrad", "ResourceApplyAdagradV2", "ResourceApplyAdadelta",
            "ResourceApplyAdaMax", "ResourceApplyFtrl", "ResourceApplyFtrlV2",
            // element-wise math
            "Add", "AddV2", "AddN", "Sub", "Mul", "MulNoNan", "Div", "DivNoNan", "RealDiv", "FloorDiv", "FloorMod",
            "TruncateDiv", "TruncateMod", "Mod", "Maximum", "Minimum", "Neg", "Abs", "Sign", "Square", "Sqrt",
            "Rsqrt", "Reciprocal", "Inv", "Exp", "Expm1", "Log", "Log1p", "Pow", "SquaredDifference", "Sin", "Cos",
            "Tan", "Asin", "Acos", "Atan", "Atan2", "Sinh", "Cosh", "Tanh", "Asinh", "Acosh", "Atanh", "Erf", "Erfc",
            "Erfinv", "Lgamma", "Digamma", "Xlogy", "Xdivy", "Floor", "Ceil", "Round", "Rint", "IsNan", "IsInf",
            "IsFinite", "Equal", "NotEqual", "Less", "LessEqual", "Greater", "GreaterEqual", "ApproximateEqual",
            "LogicalAnd", "LogicalOr", "LogicalNot", "Select", "SelectV2", "ClipByValue", "Cast", "Bucketize",
            "BitwiseAnd", "BitwiseOr", "BitwiseXor", "LeftShift", "RightShift",
            // reductions, matrix products, scans
            "Sum", "Mean", "Prod", "Max", "Min", "All", "Any", "ArgMax", "ArgMin", "Cumsum", "Cumprod", "MatMul",
            "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3", "Einsum", "SegmentSum", "SegmentMean", "SegmentMax",
            "UnsortedSegmentSum", "UnsortedSegmentMax", "UnsortedSegmentMin", "MatrixBandPart", "MatrixDiag",
            "MatrixDiagV3", "MatrixDiagPartV3", "MatrixSetDiagV3", "Diag", "DiagPart", "MatrixInverse",
            "Cholesky", "EuclideanNorm",
            // neural network
            "Conv2D", "Conv3D", "DepthwiseConv2dNative", "Conv2DBackpropInput", "Conv3DBackpropInputV2", "BiasAdd",
            "BiasAddV1", "MaxPool", "MaxPoolV2", "MaxPool3D", "AvgPool", "AvgPool3D", "FractionalAvgPool", "Relu",
            "Relu6", "Elu", "Selu", "LeakyRelu", "Softplus", "Softsign", "Sigmoid", "Softmax", "LogSoftmax",
            "FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3", "LRN", "L2Loss", "InTopKV2", "TopKV2",
            "Dilation2D", "ExtractImagePatches", "SoftmaxCrossEntropyWithLogits",
            "SparseSoftmaxCrossEntropyWithLogits",
            // gradients (a traced train step holds them; pure math)
            "ReluGrad", "Relu6Grad", "EluGrad", "SeluGrad", "LeakyReluGrad", "SigmoidGrad", "TanhGrad",
            "SoftplusGrad", "SoftsignGrad", "RsqrtGrad", "SqrtGrad", "ReciprocalGrad", "BiasAddGrad",
            "Conv2DBackpropFilter", "DepthwiseConv2dNativeBackpropInput", "DepthwiseConv2dNativeBackpropFilter",
            "MaxPoolGrad", "MaxPoolGradV2", "AvgPoolGrad", "FusedBatchNormGrad", "FusedBatchNormGradV2",
            "FusedBatchNormGradV3", "BroadcastGradientArgs", "ResizeBilinearGrad", "ResizeNearestNeighborGrad",
            "StridedSliceGrad", "LRNGrad",
            // arrays and shapes
            "Reshape", "Squeeze", "ExpandDims", "Shape", "ShapeN", "Size", "Rank", "Transpose", "Concat", "ConcatV2",
            "ConcatOffset", "Pack", "Unpack", "Split", "SplitV", "Slice", "StridedSlice", "Tile", "Pad", "PadV2",
            "MirrorPad", "Fill", "ZerosLike", "OnesLike", "Range", "LinSpace", "Gather", "GatherV2", "GatherNd",
            "ScatterNd", "TensorScatterUpdate", "TensorScatterAdd", "TensorScatterSub", "OneHot", "ReverseV2",
            "BroadcastTo", "BroadcastArgs", "Where", "Unique", "SpaceToDepth", "DepthToSpace", "SpaceToBatchND",
            "BatchToSpaceND", "InvertPermutation", "DynamicStitch", "ParallelDynamicStitch", "DynamicPartition",
            "LowerBound", "UpperBound", "Empty",
            // images
            "ResizeBilinear", "ResizeNearestNeighbor", "ResizeBicubic", "ResizeArea", "ScaleAndTranslate",
            "CropAndResize", "ImageProjectiveTransformV2", "ImageProjectiveTransformV3", "AdjustContrastv2",
            "AdjustSaturation", "AdjustHue", "RGBToHSV", "HSVToRGB",
            // random numbers (Dropout and augmentation layers in traced training branches)
            "RandomUniform", "RandomUniformInt", "RandomStandardNormal", "TruncatedNormal", "Multinomial",
            "StatelessRandomUniform", "StatelessRandomNormal", "StatelessTruncatedNormal", "StatelessRandomUniformInt",
            "StatelessRandomUniformV2", "StatelessRandomNormalV2", "StatelessTruncatedNormalV2",
            "StatelessRandomUniformIntV2", "StatelessRandomUniformFullIntV2", "StatelessRandomGetKeyCounter",
            "StatelessRandomGetKeyCounterAlg", "StatelessRandomGetAlg", "StatelessMultinomial", "RngReadAndSkip",
            "RngSkip");

    /** Ops allowed only in the restore path (see the class comment). */
    public static final Set<String> RESTORE_OPS = Set.of("RestoreV2");

    /** Ops allowed only in the save path, which cam4j never runs (see the class comment). */
    public static final Set<String> SAVE_OPS = Set.of(
            "SaveV2", "MergeV2Checkpoints", "ShardedFilename", "StringJoin", "StaticRegexFullMatch",
            "DisableCopyOnRead");

    /** Ops whose input at these positions is a file path that must derive from the fed file name. */
    private static final Map<String, int[]> PATH_INPUTS = Map.of(
            "RestoreV2", new int[] {0},
            "SaveV2", new int[] {0},
            "MergeV2Checkpoints", new int[] {0, 1},
            "ShardedFilename", new int[] {0});

    private static final int MAX_REPORTED = 8;

    private OpAllowList() {}

    /**
     * Checks every op of the graph and of every function of its library.
     *
     * @param metaGraph the meta graph to check
     * @param source the file it was read from, for messages
     * @throws UntrustedModelException naming the op(s), node(s) and function(s) that are refused
     */
    public static void check(MetaGraphDef metaGraph, Path source) throws UntrustedModelException {
        new Checker(metaGraph).run(source);
    }

    private static final class Checker {
        private final Map<String, FunctionDef> library;
        // In the graph's order, so that the offences listed (at most MAX_REPORTED) are its first, not a hash's pick.
        private final Map<String, NodeDef> top = new java.util.LinkedHashMap<>();
        private final SaverDef saver;
        private final List<String> offences = new ArrayList<>();

        Checker(MetaGraphDef metaGraph) {
            this.library = SavedModelProto.library(metaGraph);
            for (NodeDef n : metaGraph.getGraphDef().getNodeList()) {
                top.put(n.getName(), n);
            }
            this.saver = metaGraph.getSaverDef();
        }

        void run(Path source) throws UntrustedModelException {
            Set<String> restoreOnlyNodes = onlyReachedFrom(saver.getRestoreOpName());
            Set<String> saveOnlyNodes = onlyReachedFrom(saver.getSaveTensorName());
            Set<String> restoreFunctions = functionsOnlyCalledFrom(restoreOnlyNodes);
            Set<String> saveFunctions = functionsOnlyCalledFrom(saveOnlyNodes);
            String filenameNode = saver.getFilenameTensorName().isEmpty()
                    ? null : SavedModelProto.nodeOf(saver.getFilenameTensorName());

            for (NodeDef n : top.values()) {
                checkNode(n, "the top-level graph", restoreOnlyNodes.contains(n.getName()),
                        saveOnlyNodes.contains(n.getName()));
                if (PATH_INPUTS.containsKey(n.getOp()) && (filenameNode == null
                        || !pathDerivesFrom(n, name -> top.get(name), InputRef::graphForm, Set.of(filenameNode)))) {
                    offences.add("'" + n.getOp() + "' (node '" + n.getName() + "' in the top-level graph) takes a file"
                            + " path that does not derive from the saver's file name tensor");
                }
            }
            List<String> names = new ArrayList<>(library.keySet());
            java.util.Collections.sort(names);
            for (String name : names) {
                FunctionDef f = library.get(name);
                boolean restore = restoreFunctions.contains(name);
                boolean save = saveFunctions.contains(name);
                Map<String, NodeDef> body = new HashMap<>();
                for (NodeDef n : f.getNodeDefList()) {
                    body.put(n.getName(), n);
                }
                Set<String> args = new HashSet<>();
                f.getSignature().getInputArgList().forEach(a -> args.add(a.getName()));
                for (NodeDef n : f.getNodeDefList()) {
                    String where = "function '" + name + "'";
                    checkNode(n, where, restore, save);
                    if ((restore || save) && PATH_INPUTS.containsKey(n.getOp())
                            && !pathDerivesFrom(n, body::get, InputRef::functionForm, args)) {
                        offences.add("'" + n.getOp() + "' (node '" + n.getName() + "' in " + where
                                + ") takes a file path that does not derive from the function's file name argument");
                    }
                }
            }
            if (!offences.isEmpty()) {
                List<String> refused = new ArrayList<>(offences.subList(0, Math.min(offences.size(), MAX_REPORTED)));
                if (offences.size() > MAX_REPORTED) {
                    refused.add("... and " + (offences.size() - MAX_REPORTED) + " more");
                }
                String ops = offences.size() == 1 ? "1 op that is not a pure tensor op"
                        : offences.size() + " ops that are not pure tensor ops";
                throw new UntrustedModelException(source + ": refusing to load this SavedModel before anything in it runs:"
                        + " it holds " + ops + ", which an image classifier does not need; load it with trust"
                        + " (ImportOptions.trust, --trust) only if you trust whoever made it", refused);
            }
        }

        private void checkNode(NodeDef n, String where, boolean restorePath, boolean savePath) {
            String op = n.getOp();
            String at = "(node '" + n.getName() + "' in " + where + ")";
            for (String f : SavedModelProto.calledFunctions(n, library)) {
                if (!library.containsKey(f)) {
                    offences.add("'" + op + "' " + at + " calls function '" + f + "', which is not in the library");
                }
            }
            if (library.containsKey(op) || PURE_OPS.contains(op)
                    || (restorePath && RESTORE_OPS.contains(op)) || (savePath && SAVE_OPS.contains(op))) {
                return;
            }
            if (RESTORE_OPS.contains(op) || SAVE_OPS.contains(op)) {
                offences.add("'" + op + "' " + at + " is a checkpoint op outside the saver's "
                        + (RESTORE_OPS.contains(op) ? "restore" : "save") + " function");
            } else {
                offences.add("'" + op + "' " + at + " is not on the allow-list"
                        + (isRegistered(op) ? "" : " (and is not an op this TensorFlow knows)"));
            }
        }

        /**
         * @param tensorOrNode a saver root as written in the SaverDef ({@code node} or {@code node:0}), or empty
         * @return the top-level nodes the root depends on that nothing outside that dependency set depends on
         */
        private Set<String> onlyReachedFrom(String tensorOrNode) {
            if (tensorOrNode.isEmpty() || !top.containsKey(SavedModelProto.nodeOf(tensorOrNode))) {
                return Set.of();
            }
            Set<String> closure = ancestors(Set.of(SavedModelProto.nodeOf(tensorOrNode)));
            Set<String> others = new HashSet<>(top.keySet());
            others.removeAll(closure);
            Set<String> needed = ancestors(others);
            Set<String> only = new HashSet<>(closure);
            only.removeAll(needed);
            return only;
        }

        /** @return top-level nodes in {@code roots} and everything they depend on (data and control inputs) */
        private Set<String> ancestors(Set<String> roots) {
            Set<String> seen = new HashSet<>();
            Deque<String> todo = new ArrayDeque<>(roots);
            while (!todo.isEmpty()) {
                String name = todo.pop();
                NodeDef n = top.get(name);
                if (n == null || !seen.add(name)) {
                    continue;
                }
                for (String in : n.getInputList()) {
                    todo.push(InputRef.graphForm(in).name());
                }
            }
            return seen;
        }

        /** @return functions reached (transitively) from {@code nodes} and from no other top-level node */
        private Set<String> functionsOnlyCalledFrom(Set<String> nodes) {
            Set<String> inside = new HashSet<>();
            Set<String> outside = new HashSet<>();
            for (NodeDef n : top.values()) {
                (nodes.contains(n.getName()) ? inside : outside)
                        .addAll(SavedModelProto.calledFunctions(n, library));
            }
            Set<String> only = transitiveCallees(inside);
            only.removeAll(transitiveCallees(outside));
            return only;
        }

        private Set<String> transitiveCallees(Set<String> roots) {
            Set<String> seen = new LinkedHashSet<>();
            Deque<String> todo = new ArrayDeque<>(roots);
            while (!todo.isEmpty()) {
                String name = todo.pop();
                FunctionDef f = library.get(name);
                if (f == null || !seen.add(name)) {
                    continue;
                }
                for (NodeDef n : f.getNodeDefList()) {
                    todo.addAll(SavedModelProto.calledFunctions(n, library));
                }
            }
            return seen;
        }

        /** @return whether each path input of {@code n} reaches one of {@code sources} going back through inputs */
        private static boolean pathDerivesFrom(NodeDef n, java.util.function.Function<String, NodeDef> nodes,
                java.util.function.Function<String, InputRef> parse, Set<String> sources) {
            List<String> data = n.getInputList().stream().filter(i -> !i.startsWith("^")).toList();
            for (int position : PATH_INPUTS.get(n.getOp())) {
                if (position >= data.size() || !reaches(parse.apply(data.get(position)).name(), nodes, parse, sources)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean reaches(String start, java.util.function.Function<String, NodeDef> nodes,
                java.util.function.Function<String, InputRef> parse, Set<String> sources) {
            Set<String> seen = new HashSet<>();
            Deque<String> todo = new ArrayDeque<>(List.of(start));
            while (!todo.isEmpty()) {
                String name = todo.pop();
                if (sources.contains(name)) {
                    return true;
                }
                NodeDef n = nodes.apply(name);
                if (n == null || !seen.add(name)) {
                    continue;
                }
                for (String in : n.getInputList()) {
                    InputRef ref = parse.apply(in);
                    if (!ref.control()) {
                        todo.push(ref.name());
                    }
                }
            }
            return false;
        }
    }

    private static boolean isRegistered(String op) {
        return OpRegistry.get().find(op) != null;
    }
}
