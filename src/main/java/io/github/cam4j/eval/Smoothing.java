package io.github.cam4j.eval;

import io.github.cam4j.cam.CamSession;
import java.util.ArrayList;
import java.util.List;

/**
 * How the maps of the methods measured beside CAM are smoothed ({@code evaluate --eigen-smooth}, {@code --aug-smooth}):
 * pytorch-grad-cam's two smoothings, either or both. CAM itself, the reference the baselines are measured against, is
 * never smoothed.
 *
 * @param eigen each map its weighted features' projection on their first principal component
 *     ({@link CamSession.Builder#optEigenSmooth})
 * @param aug each map the mean of its picture's six variants', mirrored and scaled
 *     ({@link CamSession.Builder#optAugSmooth})
 */
public record Smoothing(boolean eigen, boolean aug) {
    /** No smoothing. */
    public static final Smoothing NONE = new Smoothing(false, false);

    /** @return whether any smoothing is asked for */
    public boolean any() {
        return eigen || aug;
    }

    /**
     * @param builder a session builder for a method measured beside CAM
     * @return the builder, smoothing as asked
     */
    CamSession.Builder applyTo(CamSession.Builder builder) {
        return builder.optEigenSmooth(eigen).optAugSmooth(aug);
    }

    /** @return the options as given on the command line, e.g. {@code --eigen-smooth, --aug-smooth}; empty for none */
    public String options() {
        List<String> given = new ArrayList<>();
        if (eigen) {
            given.add("--eigen-smooth");
        }
        if (aug) {
            given.add("--aug-smooth");
        }
        return String.join(", ", given);
    }

    /**
     * @return how reports mark a smoothed method ({@link Method#shownTitle}): the options without their dashes,
     *     {@code eigen-smooth, aug-smooth}; null for none
     */
    public String mark() {
        return any() ? options().replace("--", "") : null;
    }
}
