package io.github.cam4j.eval;

/** Where a map comes from: the model's CAM, or one of the baselines it has to beat. */
public enum Method {
    /** The trained model's class activation map. */
    CAM("CAM"),
    /** A Gaussian peaked at the canvas's centre ({@link Baselines#centre}). */
    CENTRE("centre Gaussian"),
    /** Seeded uniform noise ({@link Baselines#uniformRandom}). */
    RANDOM("uniform random"),
    /** The CAM of the same architecture with re-drawn weights ({@link RandomizedModel}). */
    RANDOMIZED("randomized weights");

    private final String title;

    Method(String title) {
        this.title = title;
    }

    /** @return the name reports show */
    public String title() {
        return title;
    }
}
