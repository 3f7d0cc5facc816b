package io.github.cam4j.cam;

import io.github.cam4j.model.TensorData;
import io.github.cam4j.savedmodel.AblationFeed;
import io.github.cam4j.savedmodel.CamModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * A batch's values of the tensors Ablation-CAM feeds beside the ablated features ({@link AblationFeed#sideInputs}):
 * each picture's own, fetched in the batch's own model run with its features and logits ({@link BatchRun}), and
 * repeated beside each of its copies.
 *
 * <p>Only float tensors that hold one row per picture can be repeated so. When a side input is anything else (a
 * shape computed from the picture, an integer tensor, a batch-wide mean), the picture itself is fed instead: correct
 * for any graph, only slower, since TensorFlow then runs the layers before the skip again for every copy.
 *
 * @param tensors the tensors fed
 * @param shapes each tensor's shape without its first (picture) dimension
 * @param values each tensor's values, the batch's pictures one after another
 */
record SideInputs(List<String> tensors, List<long[]> shapes, List<float[]> values) {
    /**
     * @param model the model
     * @param feed where Ablation-CAM feeds
     * @param fetched the batch's values of {@link AblationFeed#sideInputs}, in their order, from its model run
     * @param fed the batch fed to the model, NHWC
     * @param count its pictures
     * @param height their rows
     * @param width their columns
     * @return the batch's side inputs: {@code fetched}'s, and the picture when {@link AblationFeed#feedsPicture}; the
     *     picture alone when one of {@code fetched} holds no row per picture
     */
    static SideInputs of(CamModel model, AblationFeed feed, List<Tensor> fetched, float[] fed, int count, int height,
            int width) {
        List<String> tensors = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        boolean repeatable = true;
        for (int t = 0; t < fetched.size() && repeatable; t++) {
            Tensor tensor = fetched.get(t);
            Shape shape = tensor.shape();
            repeatable = tensor instanceof TFloat32 && shape.numDimensions() >= 1 && shape.size(0) == count;
            if (repeatable) {
                tensors.add(feed.sideInputs().get(t));
                shapes.add(Arrays.copyOfRange(shape.asArray(), 1, shape.numDimensions()));
                values.add(TensorData.toArray(tensor));
            }
        }
        if (!repeatable) {
            tensors.clear();
            shapes.clear();
            values.clear();
        }
        if (!repeatable || feed.feedsPicture()) {
            tensors.add(model.tensors().input());
            shapes.add(new long[] {height, width, model.input().channels()});
            values.add(fed);
        }
        return new SideInputs(tensors, shapes, values);
    }

    /** @return the values per picture, over every side input */
    long perPicture() {
        long sum = 0;
        for (long[] shape : shapes) {
            sum += plane(shape);
        }
        return sum;
    }

    /**
     * @param t which side input
     * @param pictures per row of the run, the picture whose values it holds
     * @return a tensor of those rows, to be closed by the caller
     */
    TFloat32 rows(int t, int[] pictures) {
        long[] shape = shapes.get(t);
        int plane = Math.toIntExact(plane(shape));
        float[] from = values.get(t);
        float[] out = new float[Math.multiplyExact(pictures.length, plane)];
        for (int j = 0; j < pictures.length; j++) {
            System.arraycopy(from, pictures[j] * plane, out, j * plane, plane);
        }
        long[] dims = new long[shape.length + 1];
        dims[0] = pictures.length;
        System.arraycopy(shape, 0, dims, 1, shape.length);
        return TensorData.floats(Shape.of(dims), out);
    }

    private static long plane(long[] shape) {
        long size = 1;
        for (long d : shape) {
            size = Math.multiplyExact(size, d);
        }
        return size;
    }
}
