package io.github.cam4j.cam;

/**
 * Which library's RefineCAM {@link CamSession.Builder#optRefine} computes: both multiply a base method's maps of
 * several target layers and scale the product, but they meet at different grids.
 */
public enum RefineForm {
    /**
     * pytorch-grad-cam's {@code RefineCAM}: each layer's map scaled at its cells, placed on the model input's pixels,
     * scaled again there, the maps multiplied pixel by pixel and the product scaled. One layer or more.
     */
    PYTORCH_GRAD_CAM("pytorch-grad-cam"),
    /**
     * torch-cam's {@code RefineCAM.fuse_cams} ({@code torchcam/methods/gradient.py}): each layer's map ReLU-ed and
     * normalised at its own cells ({@code _CAM._normalize}: less its minimum, divided by its maximum + 1e-8), resized
     * to the largest layer's cells by {@code F.interpolate(mode="bilinear", align_corners=False)}, the maps multiplied
     * cell by cell and the product normalised; the result, at the largest layer's cells, is then placed on the input
     * as that layer's maps are. Two layers or more (torch-cam refuses fewer).
     */
    TORCH_CAM("torch-cam");

    private final String cliName;

    RefineForm(String cliName) {
        this.cliName = cliName;
    }

    /** @return the name {@code --refine-form} takes: {@code pytorch-grad-cam} or {@code torch-cam} */
    public String cliName() {
        return cliName;
    }

    /**
     * @param name {@code pytorch-grad-cam} or {@code torch-cam}, any case
     * @return the form
     * @throws IllegalArgumentException for any other name, naming both
     */
    public static RefineForm of(String name) {
        for (RefineForm f : values()) {
            if (f.cliName.equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a RefineCAM form: give pytorch-grad-cam or torch-cam");
    }
}
