package io.github.cam4j.cam;

/** Whether to invert an image's intensities before a model trained on light strokes over a dark ground sees it. */
public enum Invert {
    /** Invert when the image's border is light, i.e. the picture shows dark ink on light paper (the default). */
    AUTO,
    /** Never invert. */
    NEVER,
    /** Always invert. */
    ALWAYS;

    /**
     * Decides for one picture.
     *
     * @param lightOnDark whether the model was trained on light strokes over a dark ground
     * @param values the picture's pixels, 0..255, row-major with interleaved channels
     * @param height rows
     * @param width columns
     * @param channels channels per pixel
     * @return whether to invert it
     */
    public boolean appliesTo(boolean lightOnDark, float[] values, int height, int width, int channels) {
        return switch (this) {
            case NEVER -> false;
            case ALWAYS -> true;
            case AUTO -> lightOnDark && lightBorder(values, height, width, channels);
        };
    }

    /**
     * Whether the outermost ring of pixels (0..255) is mostly light: dark ink on light paper.
     *
     * @param values the picture's pixels, row by row, channels interleaved, 0..255
     * @param height its rows
     * @param width its columns
     * @param channels its channels
     * @return whether the ring is mostly light
     */
    public static boolean lightBorder(float[] values, int height, int width, int channels) {
        double sum = 0;
        long count = 0;
        for (int y = 0; y < height; y++) {
            boolean edgeRow = y == 0 || y == height - 1;
            // Inner rows contribute only their first and last pixel.
            for (int x = 0; x < width; x += edgeRow || width == 1 ? 1 : width - 1) {
                for (int c = 0; c < channels; c++) {
                    sum += values[(y * width + x) * channels + c];
                    count++;
                }
            }
        }
        return sum / count > 127.5;
    }
}
