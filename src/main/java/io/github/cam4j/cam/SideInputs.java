package io.github.cam4j.cam;

import io.github.cam4j.model.TensorData;
import io.github.cam4j.savedmodel.AblationFeed;
import io.github.cam4j.savedmodel.CamModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * A batch's values of the tensors Ablation-CAM feeds beside the ablated features ({@link AblationFeed#sideInputs}):
 * each picture's own, computed once by one run of the layers before them, and repeated beside each of its copies.
 *
 * <p>Only float tensors that hold one row per picture can be repeated so. When a side input is anything else (a
 * shape computed from the picture, an integer tensor), the picture itself is fed instead: correct for any graph,
 * only slower, since TensorFlow then runs the layers before the skip again for every copy.
 *
 * @param tensors the tensors fed
 * @param shapes each tensor's shape without its first (picture) dimension
 * @param values each tensor's values, the batch's pictures one after another
 */
record SideInputs(List<String> tensors, List<long[]> shapes, List<float[]> values) {
    /** No side inputs: a head that reads the features alone. */
    private static final SideInputs NONE = new SideInputs(List.of(), List.of(), List.of());

    /**
     * @param model the model
     * @param feed where Ablation-CAM feeds
     * @param fed the batch fed to the model, NHWC
     * @param count its pictures
     * @param height their rows
     * @param width their columns
     * @return the batch's side inputs
     * @throws CamException when the run of the layers before them fails, naming the model and the tensors
     */
    static SideInputs of(CamModel model, AblationFeed feed, float[] fed, int count, int height, int width)
            throws CamException {
        if (!feed.needsSideInputs()) {
            return NONE;
        }
        String input = model.tensors().input();
        SideInputs picture = new SideInputs(List.of(input),
                List.<long[]>of(new long[] {height, width, model.input().channels()}), List.of(fed));
        List<String> computed = feed.sideInputs().stream().filter(t -> !sameTensor(t, input)).toList();
        if (computed.isEmpty()) {
            return picture;
        }
        List<long[]> shapes = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        try (TFloat32 in = TensorData.floats(Shape.of(count, height, width, model.input().channels()), fed)) {
            var runner = model.session().runner().feed(input, in);
            computed.forEach(runner::fetch);
            try (Result r = runner.run()) {
                for (int t = 0; t < computed.size(); t++) {
                    Tensor tensor = r.get(t);
                    Shape shape = tensor.shape();
                    if (!(tensor instanceof TFloat32 floats) || shape.numDimensions() < 1 || shape.size(0) != count) {
                        return picture;
                    }
                    shapes.add(Arrays.copyOfRange(shape.asArray(), 1, shape.numDimensions()));
                    values.add(TensorData.toArray(floats));
                }
            }
        } catch (RuntimeException e) {
            if (!BatchRun.fromTensorFlow(e)) {
                throw e;
            }
            throw new CamException("model " + model.source() + ": Ablation-CAM could not compute the tensors "
                    + String.join(", ", computed) + " that its skip connection feeds past the features: "
                    + io.github.cam4j.model.TensorFlowStatus.oneLine(e.getMessage()), e);
        }
        List<String> tensors = new ArrayList<>(computed);
        if (computed.size() < feed.sideInputs().size()) {
            tensors.add(input);
            shapes.add(picture.shapes().get(0));
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

    /** @return whether two names are one tensor ({@code x} is {@code x:0}) */
    private static boolean sameTensor(String a, String b) {
        return withIndex(a).equals(withIndex(b));
    }

    private static String withIndex(String name) {
        return name.matches(".*:\\d+") ? name : name + ":0";
    }
}
