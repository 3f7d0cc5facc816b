package io.github.cam4j.eval;

/** Where a map comes from: the model's CAM (two normalisations), or one of the baselines CAM has to beat. */
public enum Method {
    /** The trained model's CAM, positive part over its maximum ({@link PositiveMaps}): the paper's box rule literally. */
    CAM("CAM", false),
    /** The same CAM min-max normalised, as {@link io.github.cam4j.cam.CamResult#map()} gives and cam4j draws it. */
    CAM_MINMAX("CAM, min-max map", false),
    /** A Gaussian peaked at the canvas's centre ({@link Baselines#centre}). */
    CENTRE("centre Gaussian", true),
    /** Seeded uniform noise ({@link Baselines#uniformRandom}). */
    RANDOM("uniform random", true),
    /** The CAM (positive part over its maximum) of the same architecture with re-drawn weights ({@link RandomizedModel}). */
    RANDOMIZED("randomized weights", true);

    private final String title;
    private final boolean baseline;

    Method(String title, boolean baseline) {
        this.title = title;
        this.baseline = baseline;
    }

    /** @return the name reports show */
    public String title() {
        return title;
    }

    /** @return whether this is a baseline CAM must beat */
    public boolean isBaseline() {
        return baseline;
    }
}
