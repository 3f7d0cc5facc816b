package io.github.cam4j.cam;

/**
 * The refusal of a method's noise that puts the pictures it feeds beyond float32's range (SmoothGrad, SmoothGrad-CAM++,
 * SS-CAM): an infinite input makes the model's logits NaN or equal and its gradients NaN or 0, a flat map said as "no
 * evidence" with exit 0, or a map of nothing drawn as if it meant something.
 */
final class Float32Range {
    private Float32Range() {}

    /**
     * @param noise the noise named, e.g. "SS-CAM's noise (std 1.0E308)"
     * @param copies what it made, e.g. "the picture's masked copies"
     * @param fix the setting to lower, e.g. "std"
     * @return the one-line refusal
     */
    static String beyond(String noise, String copies, String fix) {
        return noise + " puts " + copies + " beyond float32's range (±" + Float.MAX_VALUE + "), which the model is fed"
                + " in: give a smaller " + fix;
    }
}
