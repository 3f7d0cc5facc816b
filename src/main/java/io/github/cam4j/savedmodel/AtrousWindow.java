package io.github.cam4j.savedmodel;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.proto.NodeDef;

/**
 * A dilated convolution as TensorFlow's Python writes it for Keras on a CPU: {@code SpaceToBatchND} by the rate, an
 * undilated 'valid' convolution, {@code BatchToSpaceND} by the same rate (per-channel ops such as a bias or a ReLU may
 * sit between). Keras 3 exports a {@code Conv2D(dilation_rate=2)} this way, and read op by op the chain has no known
 * geometry, so the map of such a model was stretched over the picture instead of placed.
 *
 * <p>As one window the chain is the dilated convolution itself: a kernel reaching {@code (k - 1) * rate + 1} pixels,
 * stride 1, padded before by what {@code SpaceToBatchND} pads before less what {@code BatchToSpaceND} crops before.
 *
 * @param window {kernel{y,x}, stride{y,x}, padBefore{y,x}}, as {@link FeatureGrid#window} gives one op's
 * @param last the index in the path of the chain's {@code BatchToSpaceND}
 */
record AtrousWindow(int[][] window, int last) {

    /**
     * @param path ops in order from the input
     * @param first the index of a {@code SpaceToBatchND}
     * @param nodes every op of the graph by name
     * @return the chain's window, or empty when the ops from {@code first} on are not such a chain with constant rates,
     *     paddings and crops
     */
    static Optional<AtrousWindow> of(List<NodeDef> path, int first, Map<String, NodeDef> nodes) {
        NodeDef toBatch = path.get(first);
        long[] rate = IntConstant.of(FeatureGrid.opName(toBatch.getInput(1)), nodes);
        long[] paddings = IntConstant.of(FeatureGrid.opName(toBatch.getInput(2)), nodes);
        if (rate == null || rate.length != 2 || paddings == null || paddings.length != 4) {
            return Optional.empty();
        }
        int[][] conv = null;
        for (int i = first + 1; i < path.size(); i++) {
            NodeDef n = path.get(i);
            if (FeatureGrid.keepsPositions(n, nodes)) {
                continue;
            }
            if (conv == null) {
                Optional<int[][]> w = FeatureGrid.window(n, nodes);
                // The convolution in batch space must be undilated, 'valid' and of stride 1, as TensorFlow builds it.
                if (w.isEmpty() || !FeatureGrid.isConvolution(n) || w.get()[1][0] != 1 || w.get()[1][1] != 1
                        || w.get()[2][0] != 0 || w.get()[2][1] != 0 || FeatureGrid.dilated(n)) {
                    return Optional.empty();
                }
                conv = w.get();
                continue;
            }
            if (!n.getOp().equals("BatchToSpaceND")) {
                return Optional.empty();
            }
            long[] back = IntConstant.of(FeatureGrid.opName(n.getInput(1)), nodes);
            long[] crops = IntConstant.of(FeatureGrid.opName(n.getInput(2)), nodes);
            if (back == null || back.length != 2 || back[0] != rate[0] || back[1] != rate[1] || crops == null
                    || crops.length != 4) {
                return Optional.empty();
            }
            int[] kernel = new int[2];
            int[] padBefore = new int[2];
            for (int a = 0; a < 2; a++) {
                kernel[a] = (int) ((conv[0][a] - 1) * rate[a] + 1);
                padBefore[a] = (int) (paddings[2 * a] - crops[2 * a]);
            }
            return Optional.of(new AtrousWindow(new int[][] {kernel, {1, 1}, padBefore}, i));
        }
        return Optional.empty();
    }
}
