package io.github.cam4j.cam;

/**
 * Which library's fusion of several target layers' maps {@link CamSession.Builder#optLayers} computes: pytorch-grad-cam
 * averages the layers' maps on the input's pixels, torch-cam takes their largest value at the largest layer's cells.
 */
public enum LayersForm {
    /**
     * pytorch-grad-cam's {@code target_layers=[a, b, ...]} ({@code BaseCAM.aggregate_multi_layers}): each layer's map
     * ReLU-ed and min-max scaled at its cells, placed on the model input's pixels, the maps averaged and the mean
     * scaled again. The default.
     */
    PYTORCH_GRAD_CAM("pytorch-grad-cam"),
    /**
     * torch-cam's {@code _CAM.fuse_cams} over the maps its extractor returns by default ({@code normalized=True}): each
     * layer's map ReLU-ed and normalised at its own cells, then the extractor's {@code _scale_cams} (LayerCAM's
     * {@code tanh(2 * cam)}, the LayerCAM paper's fusion; every other extractor's leaves the map as it is), each map
     * resized to the largest layer's cells by {@code F.interpolate(mode="bilinear", align_corners=False)} and the
     * element-wise maximum taken there, not normalised again; the result is then placed on the input as that layer's
     * maps are ({@link CellGridMaximum}). Two layers or more.
     */
    TORCH_CAM("torch-cam");

    private final String cliName;

    LayersForm(String cliName) {
        this.cliName = cliName;
    }

    /** @return the name {@code --layers-form} takes: {@code pytorch-grad-cam} or {@code torch-cam} */
    public String cliName() {
        return cliName;
    }

    /**
     * @param name {@code pytorch-grad-cam} or {@code torch-cam}, any case
     * @return the form
     * @throws IllegalArgumentException for any other name, naming both
     */
    public static LayersForm of(String name) {
        for (LayersForm f : values()) {
            if (f.cliName.equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a form of fusing layers: give pytorch-grad-cam or"
                + " torch-cam");
    }
}
