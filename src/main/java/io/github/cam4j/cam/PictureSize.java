package io.github.cam4j.cam;

import io.github.cam4j.render.Images;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.InputSpec;

/**
 * The height and width of the pictures activation maximization draws ({@link ActivationMaximizer.Builder#optSize}). As
 * tf-keras-vis takes its pictures' size from the model's input shape ({@code model.inputs[0].shape[1:]}), a model whose
 * graph fixes a size is drawn at that size, and another is refused; a model whose graph leaves the size open is drawn at
 * the size asked for, or else at the training size its metadata records, and is refused when it records none.
 *
 * @param height rows, 1 to {@link InputSpec#MAX_SIDE}
 * @param width columns, 1 to {@link InputSpec#MAX_SIDE}, and no more than {@link Images#MAX_PIXELS} pixels in all
 */
public record PictureSize(int height, int width) {
    /**
     * Checks the size against the sides and pixels cam4j takes anywhere.
     *
     * @param height rows, 1 to {@link InputSpec#MAX_SIDE}
     * @param width columns, 1 to {@link InputSpec#MAX_SIDE}
     * @throws IllegalArgumentException when a side is below 1 or above {@link InputSpec#MAX_SIDE}, or the picture has
     *     more than {@link Images#MAX_PIXELS} pixels
     */
    public PictureSize {
        if (height < 1 || width < 1 || height > InputSpec.MAX_SIDE || width > InputSpec.MAX_SIDE) {
            throw new IllegalArgumentException("size " + height + "x" + width + ": height and width must be 1 to "
                    + InputSpec.MAX_SIDE + " pixels");
        }
        if ((long) height * width > Images.MAX_PIXELS) {
            // Unreachable while MAX_SIDE^2 is MAX_PIXELS (2^14 squared is 2^28); kept so that neither cap can drift.
            throw new IllegalArgumentException("size " + height + "x" + width + " is " + (long) height * width
                    + " pixels, more than cam4j takes (" + Images.MAX_PIXELS + ")");
        }
    }

    /**
     * @param model the model to draw pictures for
     * @param wanted the size asked for, or null for the model's own
     * @return {@code wanted} where the graph leaves the size open, or the graph's size (which {@code wanted} must be,
     *     when given), or the training size the model records ({@link CamModel#input()}) when nothing is asked for
     * @throws IllegalArgumentException (its message opening with "size") naming the model and its size when {@code wanted} differs from a size its graph
     *     fixes (one side or both); when nothing is asked for and the model neither fixes nor records a size; when the
     *     size is smaller than one feature cell's stride, where the model makes no cells
     */
    public static PictureSize forModel(CamModel model, PictureSize wanted) {
        int[] fixed = model.graphInputSize();
        if (wanted != null) {
            if ((fixed[0] > 0 && fixed[0] != wanted.height) || (fixed[1] > 0 && fixed[1] != wanted.width)) {
                throw new IllegalArgumentException("size " + wanted + ": model " + model.source() + " takes "
                        + side(fixed[0]) + "x" + side(fixed[1]) + " pictures only (its input tensor '"
                        + model.tensors().input() + "' fixes that size)");
            }
            return withCells(model, wanted);
        }
        InputSpec input = model.input();
        int height = fixed[0] > 0 ? fixed[0] : input.height();
        int width = fixed[1] > 0 ? fixed[1] : input.width();
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("size not given: model " + model.source() + " takes pictures of any"
                    + " size and records no size it was trained at; give the size to draw them at (HxW)");
        }
        return withCells(model, new PictureSize(height, width));
    }

    /**
     * Below one cell's stride the model makes no feature cells, and TensorFlow failed on the first step with a matrix
     * product's sizes ("Matrix size-incompatible: In[0]: [10,64]") and the advice to feed the training size only,
     * though the model takes any size from one cell's up: refused here, as explaining such a picture is
     * ({@code BatchRun.checkCells}).
     */
    private static PictureSize withCells(CamModel model, PictureSize size) {
        model.featureGrid().ifPresent(grid -> {
            if (size.height < grid.strideY() || size.width < grid.strideX()) {
                int cellHeight = (int) Math.ceil(grid.strideY());
                int cellWidth = (int) Math.ceil(grid.strideX());
                throw new IllegalArgumentException("size " + size + ": model " + model.source() + " makes no feature"
                        + " cells from it (one cell of its last convolution spans " + cellHeight + "x" + cellWidth
                        + " pixels); give at least " + cellHeight + "x" + cellWidth);
            }
        });
        return size;
    }

    private static String side(int pixels) {
        return pixels > 0 ? Integer.toString(pixels) : "any";
    }

    /** @return {@code HxW}, e.g. {@code 28x28} */
    @Override
    public String toString() {
        return height + "x" + width;
    }
}
