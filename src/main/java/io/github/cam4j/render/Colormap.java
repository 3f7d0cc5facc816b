package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.LUT;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.applyColorMap;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * OpenCV's colormaps, by name, turning a map in [0, 1] into a BGR picture.
 *
 * <pre>{@code
 * try (Mat heat = Colormap.byName("viridis").apply(map01)) { ... }
 * }</pre>
 *
 * <p>{@link #JET} is the {@link #DEFAULT} because the CAM paper and most CAM figures use it; perceptually uniform
 * maps ({@link #VIRIDIS}, {@link #TURBO}) are kinder to readers with colour-vision deficiencies.
 *
 * <p>Ownership: {@link #apply(FloatMap)} returns a new Mat the caller must close.
 */
public enum Colormap {
    /** Red to yellow. */
    AUTUMN(opencv_imgproc.COLORMAP_AUTUMN),
    /** Grey with a blue tint. */
    BONE(opencv_imgproc.COLORMAP_BONE),
    /** Blue, cyan, yellow, red: the classic CAM look. */
    JET(opencv_imgproc.COLORMAP_JET),
    /** Blue to green. */
    WINTER(opencv_imgproc.COLORMAP_WINTER),
    /** Red through the spectrum to violet. */
    RAINBOW(opencv_imgproc.COLORMAP_RAINBOW),
    /** Black through blue to white. */
    OCEAN(opencv_imgproc.COLORMAP_OCEAN),
    /** Green to yellow. */
    SUMMER(opencv_imgproc.COLORMAP_SUMMER),
    /** Magenta to yellow. */
    SPRING(opencv_imgproc.COLORMAP_SPRING),
    /** Cyan to magenta. */
    COOL(opencv_imgproc.COLORMAP_COOL),
    /** The hue circle, red to red: cyclic, so a map's lowest and highest values look alike. */
    HSV(opencv_imgproc.COLORMAP_HSV),
    /** Sepia-like pink. */
    PINK(opencv_imgproc.COLORMAP_PINK),
    /** Black, red, yellow, white. */
    HOT(opencv_imgproc.COLORMAP_HOT),
    /** MATLAB's default. */
    PARULA(opencv_imgproc.COLORMAP_PARULA),
    /** Perceptually uniform, black through purple and pink to pale yellow. */
    MAGMA(opencv_imgproc.COLORMAP_MAGMA),
    /** Perceptually uniform, black to light yellow. */
    INFERNO(opencv_imgproc.COLORMAP_INFERNO),
    /** Perceptually uniform, blue to yellow. */
    PLASMA(opencv_imgproc.COLORMAP_PLASMA),
    /** Perceptually uniform, matplotlib's default. */
    VIRIDIS(opencv_imgproc.COLORMAP_VIRIDIS),
    /** Viridis tuned for colour-vision deficiency. */
    CIVIDIS(opencv_imgproc.COLORMAP_CIVIDIS),
    /** Cyclic, white-blue-black-red-white: a map's lowest and highest values look alike. */
    TWILIGHT(opencv_imgproc.COLORMAP_TWILIGHT),
    /** {@link #TWILIGHT} shifted by half a cycle: black-blue-white-red-black, its ends alike too. */
    TWILIGHT_SHIFTED(opencv_imgproc.COLORMAP_TWILIGHT_SHIFTED),
    /** Google's improved rainbow. */
    TURBO(opencv_imgproc.COLORMAP_TURBO),
    /** Black through deep green to white. */
    DEEPGREEN(opencv_imgproc.COLORMAP_DEEPGREEN);

    /** The colormap used when none is chosen. */
    public static final Colormap DEFAULT = JET;

    private final int openCvCode;
    /**
     * The 256 colours, built on first use and kept for the life of the process (768 bytes per colormap): OpenCV's
     * {@code applyColorMap} rebuilds its table on every call, 0.28 ms, which a video frame pays twice otherwise.
     */
    private volatile Mat table;

    Colormap(int openCvCode) {
        this.openCvCode = openCvCode;
    }

    /** @return OpenCV's {@code COLORMAP_*} constant for this map */
    public int openCvCode() {
        return openCvCode;
    }

    /**
     * @param name a colormap name, in any case; {@code -} may stand for {@code _} (e.g. {@code twilight-shifted})
     * @return the colormap
     * @throws IllegalArgumentException when no colormap has that name; the message lists every valid name
     */
    public static Colormap byName(String name) {
        if (name != null) {
            String key = name.strip().replace('-', '_').toUpperCase(Locale.ROOT);
            for (Colormap c : values()) {
                if (c.name().equals(key)) {
                    return c;
                }
            }
        }
        throw new IllegalArgumentException("unknown colormap '" + name + "'; valid names: " + validNames());
    }

    /**
     * Colours 8-bit levels as OpenCV's {@code applyColorMap} does (it turns the levels into three equal channels and
     * looks each up in the colormap's table), with the table built once instead of on every call.
     *
     * @param levels8u single-channel 8-bit levels; a region of a larger Mat works
     * @param bgr receives the {@code CV_8UC3} colours, allocated as needed
     * @throws IllegalArgumentException when the levels are closed, empty or not {@code CV_8UC1}, or {@code bgr} is
     *     closed (OpenCV's own assertion, or "Pointer address of argument 0 is NULL", said nothing of which argument)
     * @throws NullPointerException naming the argument, when one is null
     */
    public void applyTo(Mat levels8u, Mat bgr) {
        java.util.Objects.requireNonNull(levels8u, "levels8u is null");
        java.util.Objects.requireNonNull(bgr, "bgr is null: the Mat that receives the colours");
        if (levels8u.isNull() || levels8u.empty()) {
            throw new IllegalArgumentException("levels8u is empty (or closed): give the 8-bit levels to colour");
        }
        if (levels8u.type() != CV_8UC1) {
            throw new IllegalArgumentException("levels8u is " + DepthNames.of(levels8u) + "; colours are looked up for"
                    + " single-channel 8-bit levels (CV_8UC1), as apply(FloatMap) makes them");
        }
        if (bgr.isNull()) {
            throw new IllegalArgumentException("bgr is closed: give an open Mat (an empty new Mat() will do) to"
                    + " receive the colours");
        }
        try (Mat three = new Mat()) {
            cvtColor(levels8u, three, COLOR_GRAY2BGR);
            LUT(three, table(), bgr);
        }
    }

    private Mat table() {
        Mat t = table;
        if (t == null) {
            synchronized (this) {
                t = table;
                if (t == null) {
                    // A reference of its own: built inside a caller's PointerScope (JavaCV's usual way to free Mats),
                    // the table would otherwise be freed when that scope closes, and every later overlay would fail.
                    t = new Mat().retainReference();
                    try (Mat ramp = new Mat(256, 1, CV_8UC1); BytePointer data = ramp.data()) {
                        byte[] levels = new byte[256];
                        for (int i = 0; i < 256; i++) {
                            levels[i] = (byte) i;
                        }
                        data.put(levels);
                        applyColorMap(ramp, t, openCvCode);
                    }
                    table = t;
                }
            }
        }
        return t;
    }

    /** @return every colormap name in lower case, comma-separated, for help texts and error messages */
    public static String validNames() {
        return Arrays.stream(values())
                .map(c -> c.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    /**
     * Colours a map: each value {@code v} becomes the colormap's entry {@code round(255 * v)}.
     *
     * @param map01 values in [0, 1] (as {@link MapNormalizer#minMax(FloatMap)} makes them); values outside are
     *     clamped, so a slightly out-of-range map still draws
     * @return a new {@code CV_8UC3} BGR image of the map's size; the caller closes it
     * @throws IllegalArgumentException when the map holds NaN, which has no colour and signals a bug upstream
     */
    public Mat apply(FloatMap map01) {
        java.util.Objects.requireNonNull(map01, "map01 is null: the map in [0, 1] to colour");
        float[] v = map01.values();
        byte[] levels = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            if (Float.isNaN(v[i])) {
                throw new IllegalArgumentException("cannot colour a map holding NaN at (y=" + i / map01.width()
                        + ", x=" + i % map01.width() + ")");
            }
            float clamped = Math.min(1f, Math.max(0f, v[i]));
            levels[i] = (byte) Math.round(clamped * 255f);
        }
        Mat out = new Mat();
        try (Mat gray = new Mat(map01.height(), map01.width(), CV_8UC1);
                BytePointer data = gray.data()) {
            data.put(levels);
            applyTo(gray, out);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }
}
