package io.github.cam4j.cam;

import io.github.cam4j.render.Box;
import io.github.cam4j.render.CamBox;
import io.github.cam4j.render.CellPeak;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.MapNormalizer;
import io.github.cam4j.render.Placement;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The class activation map of one image for one class.
 *
 * <p>The map at input resolution is made when first asked for (once; thread-safe) unless the session made it already:
 * a caller that wants only the raw map of every class, as video's window prediction does, does not pay for nine
 * upsamplings it never looks at.
 */
public final class CamResult {
    private final int classIndex;
    private final String label;
    private final float probability;
    private final float logit;
    private final FloatMap rawMap;
    private final Placement placement;
    private final int height;
    private final int width;
    /** The pixels the model saw when it cropped its input; null when it saw the whole picture. */
    private final Box seen;
    /** Makes the map at input resolution before it is normalised; null once made, or for a map given. */
    private Supplier<FloatMap> pending;
    private volatile FloatMap map;
    /**
     * {@code {min, max}} of the map at input resolution before min-max normalisation; null until the map is made (for
     * a map given, until {@link #box} or {@link #positiveMap()} first needs it).
     */
    private volatile float[] range;

    /**
     * @param classIndex the explained class
     * @param label its label
     * @param probability the model's probability for it
     * @param logit the classifier's logit for it
     * @param rawMap {@code features · kernel[:, class]} at the features' resolution, before any scaling (its mean plus
     *     the class's bias is the logit)
     * @param map the map upsampled bilinearly to the input image's size and min-max normalised to [0, 1]
     *     ({@code MapNormalizer.minMax(Resize.placed(rawMap, height, width, placement))}); all zeros when
     *     {@code rawMap} is flat ({@link #holdsEvidence}); when it is not but is placed as one value at every pixel
     *     (a 1x1 picture), all ones for a value above 0 and all zeros for one at or below, as {@link #map()}. Its
     *     range and flatness are checked against {@code rawMap}, not its every value: a map of other evidence gives a
     *     {@link #box} and a {@link #peak()} that disagree
     * @param placement where the raw map's cells are centred on the input image; {@link #box} and
     *     {@link #positiveMap()} take the range of {@code rawMap} placed so, which is {@code map}'s range for a
     *     picture fed whole (a session's result for a framed photo or a cropping model holds what this constructor
     *     cannot be told: copy such a result by keeping it, not by rebuilding it)
     * @throws NullPointerException naming the argument, when the label, a map or the placement is null
     * @throws IllegalArgumentException when the placement centres none of the raw map's cells on the map (given at
     *     another size than the picture the placement is for), naming both sizes; when {@code map} holds a value
     *     outside [0, 1] or {@code rawMap} one not finite,
     *     naming it; when {@code map} holds a value above 0 while {@code rawMap} is flat, or none while it holds
     *     evidence (unless placed as one value of 0 or below at every pixel); when the class index is negative, the
     *     probability outside [0, 1] or the logit not finite
     */
    public CamResult(int classIndex, String label, float probability, float logit, FloatMap rawMap, FloatMap map,
            Placement placement) {
        this(classIndex, label, probability, logit, java.util.Objects.requireNonNull(rawMap, "rawMap is null"),
                java.util.Objects.requireNonNull(placement, "placement is null"),
                java.util.Objects.requireNonNull(map, "map is null: the map at the picture's size, in [0, 1]").height(),
                map.width(), null, null);
        // What a session's result cannot hold was accepted here: class -1, no label, a probability of NaN or 7, and a
        // raw map with NaN, whose box then took the whole picture (helper-154).
        if (classIndex < 0) {
            throw new IllegalArgumentException("classIndex is " + classIndex + ": a class index is 0 or more");
        }
        java.util.Objects.requireNonNull(label, "label is null: the class's label (its index as text when it has none)");
        if (!(probability >= 0f && probability <= 1f)) {
            throw new IllegalArgumentException("probability is " + probability + ": a probability lies in [0, 1]");
        }
        if (!Float.isFinite(logit)) {
            throw new IllegalArgumentException("logit is " + logit + ": a logit is a finite number");
        }
        // A map at another size than the picture its placement is for (a thumbnail of it, or the map at the cells' own
        // size) put every cell off the map: an 8x8 map under a placement for 100x100 pixels was taken, all zeros, with
        // no box and a peak clamped to its corner (7, 7) where the raw map's hottest cell lies. A session's own result
        // has cells on its picture (a framed photo's over its ink; a cropping model's in the part seen).
        checkCellsOnMap(rawMap.height(), placement.offsetY(), placement.strideY(), map.height(), "rows", rawMap, map,
                placement);
        checkCellsOnMap(rawMap.width(), placement.offsetX(), placement.strideX(), map.width(), "columns", rawMap, map,
                placement);
        float[] raw = rawMap.values();
        for (int i = 0; i < raw.length; i++) {
            if (!Float.isFinite(raw[i])) {
                throw new IllegalArgumentException("rawMap holds " + raw[i] + " at (y=" + i / rawMap.width() + ", x="
                        + i % rawMap.width() + "): a raw map is finite");
            }
        }
        float[] v = map.values();
        for (int i = 0; i < v.length; i++) {
            // Outside [0, 1], it was returned by map() as given, and box() cut it where no contour lies.
            if (!(v[i] >= 0f && v[i] <= 1f)) {
                throw new IllegalArgumentException("map holds " + v[i] + " at (y=" + i / map.width() + ", x="
                        + i % map.width() + "): a CamResult's map is min-max normalised to [0, 1] (MapNormalizer.minMax)");
            }
        }
        // A map of evidence over a flat raw map was returned by map() as given, where a flat map's is all zeros, while
        // box() and positiveMap() read the raw map and found none; a map of zeros over a raw map holding evidence gave
        // no box, an all-zero positive map, and a peak on the raw map's hottest cell.
        boolean evidence = holdsEvidence(rawMap);
        if (!evidence && map.max() > 0f) {
            int i = map.argMax();
            throw new IllegalArgumentException("map holds " + v[i] + " at (y=" + i / map.width() + ", x="
                    + i % map.width() + ") where rawMap is flat (" + rawMap.min() + " to " + rawMap.max()
                    + "): a flat raw map's map is all zeros");
        }
        if (evidence && !(map.max() > 0f)) {
            // The raw map placed on the picture can still be one value everywhere (a 1x1 picture): map() then gives
            // all zeros where that value is 0 or below, so a session's own such result, copied here, was refused, and
            // all ones above it, where the min-max this message told to give is all zeros and was refused too.
            FloatMap placed = io.github.cam4j.render.Resize.placed(rawMap, map.height(), map.width(), placement);
            if (placed.min() != placed.max()) {
                throw new IllegalArgumentException("map is all zeros where rawMap holds evidence (" + rawMap.min()
                        + " to " + rawMap.max() + "): give MapNormalizer.minMax(Resize.placed(rawMap, height, width,"
                        + " placement))");
            }
            if (placed.max() > 0f) {
                throw new IllegalArgumentException("map is all zeros where rawMap placed on the picture is "
                        + placed.max() + " at every pixel: give all ones, the map of one positive value");
            }
        }
        this.map = map;
    }

    /**
     * Refuses a placement that centres none of the raw map's cells on the map's {@code size} pixels along one axis
     * (pixel-centre coordinates, so the pixels span -0.5 to {@code size - 0.5}).
     */
    private static void checkCellsOnMap(int cells, double offset, double stride, int size, String axis,
            FloatMap rawMap, FloatMap map, Placement placement) {
        double first = Math.max(0, Math.ceil((-0.5 - offset) / stride));
        if (first < cells && offset + stride * first <= size - 0.5) {
            return;
        }
        throw new IllegalArgumentException("placement centres rawMap's " + cells + " cell " + axis + " at " + offset
                + " to " + (offset + stride * (cells - 1)) + ", none on the " + map.height() + "x" + map.width()
                + " map (pixel " + axis + " 0 to " + (size - 1) + "): give the map at the size of the picture the"
                + " placement is for (Placement.stretch(" + rawMap.height() + ", " + rawMap.width()
                + ", height, width) for the map stretched over it)");
    }

    private CamResult(int classIndex, String label, float probability, float logit, FloatMap rawMap, Placement placement,
            int height, int width, Box seen, Supplier<FloatMap> pending) {
        this.classIndex = classIndex;
        this.label = label;
        this.probability = probability;
        this.logit = logit;
        this.rawMap = rawMap;
        this.placement = placement;
        this.height = height;
        this.width = width;
        this.seen = seen;
        this.pending = pending;
    }

    /**
     * A result whose input-resolution map {@code makeMap} makes on first use ({@code height x width}, not yet
     * normalised: {@link #map()} normalises it); {@code seen} the pixels a model that crops its input saw, or null.
     */
    static CamResult deferred(int classIndex, String label, float probability, float logit, FloatMap rawMap,
            Placement placement, int height, int width, Box seen, Supplier<FloatMap> makeMap) {
        return new CamResult(classIndex, label, probability, logit, rawMap, placement, height, width, seen, makeMap);
    }

    /** @return the explained class */
    public int classIndex() {
        return classIndex;
    }

    /** @return its label */
    public String label() {
        return label;
    }

    /** @return the model's probability for it */
    public float probability() {
        return probability;
    }

    /** @return the classifier's logit for it */
    public float logit() {
        return logit;
    }

    /**
     * @return {@code features · kernel[:, class]} at the features' resolution, before any scaling (its mean plus the
     *     class's bias is the logit); for a model explained by gradients, the method's map from the class logit's
     *     gradient, ReLU applied ({@link io.github.cam4j.savedmodel.GradientWeighting}; Grad-CAM's is
     *     {@code ReLU(features · alpha)}, {@code alpha} the gradient's spatial mean); under Score-CAM
     *     ({@link CamSession.Builder#optScoreCam}), {@code ReLU(features · w)}, {@code w} the softmax over the channels
     *     of the class's logits on the masked pictures; under Ablation-CAM ({@link CamSession.Builder#optAblationCam}),
     *     {@code ReLU(features · w)}, {@code w_k} the class logit's relative drop with channel {@code k} zeroed; under
     *     {@link CamSession.Builder#optEigenSmooth}, the method's weighted features projected on their first principal
     *     component instead of summed, ReLU applied (then no longer the logit's share); under aug smoothing
     *     ({@link CamSession.Builder#optAugSmooth}), one value per pixel of the model's input: the mean of the six
     *     variants' maps, each scaled to [0, 1] by ReLU then min-max
     */
    public FloatMap rawMap() {
        return rawMap;
    }

    /**
     * @return the map upsampled bilinearly to the input image's size and min-max normalised to [0, 1]; all zeros when
     *     the raw map is flat ({@link #hasEvidence()} false); all ones when it is not but the upsampled map holds one
     *     positive value everywhere (a 1x1 picture), as {@link #positiveMap()} holds it. The same map on every call,
     *     not a copy (it is the size of the picture), and {@link #box} reads it: treat its values as read-only, and copy
     *     them ({@code map().values().clone()}) to change them, e.g. to invert them for display
     */
    public FloatMap map() {
        FloatMap m = map;
        if (m == null) {
            synchronized (this) {
                m = map;
                if (m == null) {
                    // Upsampling equal cells leaves float rounding a few units in the last place apart, which the
                    // min-max stretched to a full-range speckle: a blank picture through a model with biases (its
                    // cells equal and far from 0) was drawn as noise under the caption "no evidence".
                    if (hasEvidence()) {
                        float[] r = new float[2];
                        m = MapNormalizer.minMaxInPlace(pending.get(), r);
                        if (r[0] == r[1] && r[1] > 0) {
                            // One value at every pixel (a 1x1 picture, where the cells' evidence meets in one pixel):
                            // its min-max, 0/0, came out 0 while positiveMap() and box() take that value as the map's
                            // positive maximum, 1 and the whole picture (occlusion of a 1x1 picture). It is 1 here too.
                            java.util.Arrays.fill(m.values(), 1f);
                        }
                        range = r;
                    } else {
                        m = new FloatMap(height, width, new float[height * width]);
                    }
                    map = m;
                    pending = null;
                }
            }
        }
        return m;
    }

    /**
     * The map's positive evidence over its maximum, {@code max(cam, 0) / max(cam)} at the input image's size: the form
     * Grad-CAM's implementations draw (ReLU, then scale). Unlike {@link #map()} (min-max, as the CAM paper's own code
     * normalises), 0 is always 0 here, so the ground around a digit gets the colormap's lowest colour in every picture,
     * and {@link #box}'s cut at {@code t} of the maximum is the map's {@code t} contour. Outside {@link #seenRegion()}
     * it is 0.
     *
     * @return a new map of {@link #height()} x {@link #width()} in [0, 1]; all zeros when the map is flat
     *     ({@link #hasEvidence()} false) or holds nothing above zero
     */
    public FloatMap positiveMap() {
        FloatMap m01 = map();
        float[] out = new float[height * width];
        if (!hasEvidence()) {
            return new FloatMap(height, width, out);
        }
        float[] r = upsampledRange();
        float min = r[0];
        float max = r[1];
        if (!(max > 0)) {
            return new FloatMap(height, width, out);
        }
        float[] v = m01.values();
        double span = (double) max - min;
        for (int i = 0; i < v.length; i++) {
            // Undoing the min-max leaves a raw 0 a few ulps from 0 (2.4e-8 of the maximum): a millionth of the maximum,
            // far below a colour level, counts as none, so that 0 is 0.
            double raw = v[i] * span + min;
            out[i] = raw > 1e-6 * max ? (float) Math.min(1.0, raw / max) : 0f;
        }
        FloatMap positive = new FloatMap(height, width, out);
        return seen == null ? positive : SeenPart.fillOutside(positive, seen, 0f);
    }

    /** @return where the raw map's cells are centred on the input image */
    public Placement placement() {
        return placement;
    }

    /**
     * @return the pixels of the input image the model saw, when it saw only part of it: a model that crops its input
     *     before its convolutions (a Keras {@code CenterCrop} or {@code Cropping2D}, {@link
     *     io.github.cam4j.savedmodel.InputCrop}), every pixel it read any part of. Outside them the map holds no
     *     evidence: the raw value 0, or the raw map's value nearest it ({@link #map()} normalises that value as the
     *     rest), and so the CAM box and the peak lie inside. Empty when the model saw the whole picture
     */
    public Optional<Box> seenRegion() {
        return Optional.ofNullable(seen);
    }

    /** @return the input image's height, the map's */
    public int height() {
        return height;
    }

    /** @return the input image's width, the map's */
    public int width() {
        return width;
    }

    /**
     * The CAM paper's bounding box: pixels whose CAM value, brought to the picture's size (before any normalisation),
     * is at least {@code threshold} × its maximum there; largest connected component. So the box at {@code t} is the
     * {@code t} contour of {@link #positiveMap()}, and the box {@code cam4j evaluate} scores.
     *
     * @param threshold fraction of the maximum, in (0, 1]; the paper uses 0.2
     * @return the box in input-image pixels, empty when the map is flat (a blank picture's, whatever its level) or holds
     *     nothing above zero
     * @throws IllegalArgumentException when the threshold is outside (0, 1] (or NaN)
     */
    public Optional<Box> box(double threshold) {
        // The paper keeps CAM values >= threshold x max, on the CAM brought to the picture's size: the positive map's
        // contour at the threshold, taken on that map itself so that the box is that contour by construction, inside
        // the part a cropping model saw (cut on the min-max map, the box spilled over the part not seen, which holds
        // the value nearest 0, to the whole picture). The maximum is the upsampled map's, as evaluate takes it: cut at
        // the cells' maximum, which a bilinear map between cell centres does not reach, the pooled model's box
        // differed from that contour on 36 of the first 100 test digits.
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1], was " + threshold);
        }
        if (!hasEvidence()) {
            // A flat map above zero (a model with biases on a blank picture) was boxed whole.
            return Optional.empty();
        }
        return CamBox.of(positiveMap(), threshold);
    }

    /**
     * @return {@code {min, max}} of the map at the picture's size before min-max normalisation: recorded when the
     *     session made it, else (a map given to the public constructor) the raw map's, upsampled where its cells lie
     */
    private float[] upsampledRange() {
        map();
        float[] r = range;
        if (r == null) {
            // Kept: box() and positiveMap() each ask, and the upsampling is the size of the picture.
            FloatMap up = io.github.cam4j.render.Resize.placed(rawMap, height, width, placement);
            r = new float[] {up.min(), up.max()};
            range = r;
        }
        return r;
    }

    /**
     * Cells that differ by less than this fraction of their largest magnitude are taken as equal: float32 rounding in a
     * model's sums (about 1e-7 of a value per operation, over hundreds of products per cell) leaves that much between
     * cells that see the same thing. A uniform grey picture resized to a model with biases gave cells 2.9369376 and
     * 2.9369378.
     */
    static final float FLAT_FRACTION = 1e-5f;

    /**
     * @return whether the map holds evidence anywhere: false for a flat map (a blank picture's: its cells equal, or
     *     apart by less than float rounding, {@value #FLAT_FRACTION} of their magnitude), whose class is only the first
     *     of equal probabilities and whose {@link #peak()} is only its first cell
     */
    public boolean hasEvidence() {
        return holdsEvidence(rawMap);
    }

    /**
     * @param cells a raw map, at feature resolution
     * @return whether its cells differ by more than float rounding ({@value #FLAT_FRACTION} of their magnitude): the
     *     test {@link #hasEvidence()} applies, for maps held elsewhere (a video frame's)
     */
    public static boolean holdsEvidence(FloatMap cells) {
        float max = cells.max();
        float min = cells.min();
        return max - min > FLAT_FRACTION * Math.max(Math.abs(max), Math.abs(min));
    }

    /**
     * The hottest point: next to the centre of the hottest feature cell, the pixel where the map is hotter
     * ({@link CellPeak}), in input-image pixels. Taken from the raw map rather than the upsampled one because, beyond
     * the outermost cell centres, the upsampled map holds the border value flat, and its first maximum in raster order
     * could then lie anywhere on that plateau.
     *
     * @return {@code {y, x}}
     */
    public int[] peak() {
        int[] peak = CellPeak.of(rawMap, placement);
        int y = peak[0];
        int x = peak[1];
        if (seen != null && !seen.isEmpty()) {
            // The cells' centres lie inside the part seen; rounding must not carry one out of it.
            return new int[] {Math.max(seen.y(), Math.min(seen.y() + seen.height() - 1, y)),
                    Math.max(seen.x(), Math.min(seen.x() + seen.width() - 1, x))};
        }
        return new int[] {Math.max(0, Math.min(height - 1, y)), Math.max(0, Math.min(width - 1, x))};
    }

    @Override
    public String toString() {
        return "CamResult[class " + classIndex + " (" + label + "), p=" + probability + ", logit=" + logit + ", "
                + rawMap.height() + "x" + rawMap.width() + " cells, " + height + "x" + width + " pixels]";
    }
}
