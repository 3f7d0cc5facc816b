package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_64FC1;
import static org.bytedeco.opencv.global.opencv_imgproc.WARP_INVERSE_MAP;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.opencv.opencv_core.Scalar;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Bilinear upsampling of maps, e.g. a 7x7 CAM to the 28x28 input, and the conversions between {@link FloatMap} and
 * OpenCV {@link Mat}.
 *
 * <pre>{@code
 * FloatMap big = Resize.bilinear(cam7x7, 28, 28);
 * }</pre>
 *
 * <p>Resizing uses OpenCV's {@code INTER_LINEAR}, which treats pixels as squares with their value at the centre
 * (source coordinate {@code (dst + 0.5) * scale - 0.5}, clamped at the border). That is also what
 * {@code cv2.resize} in the Python CAM code does, so maps match theirs.
 *
 * <p>Ownership: every method returning a {@link Mat} returns a new Mat that the caller must close; inputs are
 * never modified.
 */
public final class Resize {

    private Resize() {
    }

    /**
     * @param m the map to resize
     * @param outHeight rows of the result, at least 1
     * @param outWidth columns of the result, at least 1
     * @return a new map of {@code outHeight x outWidth}; an equal copy of {@code m} when the size is unchanged
     * @throws IllegalArgumentException when a size is not positive, or the result would hold more values than a Java
     *     array can ({@value #MAX_VALUES})
     * @throws NullPointerException naming it, when the map is null
     */
    public static FloatMap bilinear(FloatMap m, int outHeight, int outWidth) {
        checkTarget(m, outHeight, outWidth);
        if (outHeight == m.height() && outWidth == m.width()) {
            // Identity by construction rather than by trusting the interpolation to reproduce every value.
            return new FloatMap(outHeight, outWidth, m.values().clone());
        }
        return SCRATCH.get().stretch(m, outHeight, outWidth);
    }

    /**
     * Per-thread Mats for one-map resizes and warps. Resizing a 7x7 map to 28x28 is about a microsecond of OpenCV
     * work but some 25 microseconds of JavaCPP allocations (two Mats, a Size, pointers), which for a batch of one
     * image was most of what CAM costs over plain inference. The Mats are reallocated only when a size changes and
     * are freed with their thread (JavaCPP deallocates them when the thread's scratch is collected).
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        // Each holds a reference of its own: JavaCPP attaches what is allocated to the calling thread's innermost
        // PointerScope (JavaCV's usual way to free Mats), and closing the caller's scope would otherwise free this
        // thread's Mats while they are kept here ("This pointer address is NULL" on the next map, or a write through a
        // freed Mat). The garbage collector still frees them with the thread's scratch.
        private final Mat src = new Mat().retainReference();
        private final Mat dst = new Mat().retainReference();
        private final Size size = new Size().retainReference();
        private final Mat affine = new Mat(2, 3, CV_64FC1).retainReference();
        private final DoublePointer coefficients = new DoublePointer(affine.data());
        private final Scalar border = new Scalar(0, 0, 0, 0).retainReference();

        FloatMap stretch(FloatMap m, int outHeight, int outWidth) {
            load(m, outHeight, outWidth);
            resize(src, dst, size, 0, 0, INTER_LINEAR);
            return result(outHeight, outWidth);
        }

        /** Inverse map: the result's pixel (x, y) reads the map at ((x - offsetX) / strideX, (y - offsetY) / strideY). */
        FloatMap warp(FloatMap m, int outHeight, int outWidth, Placement p) {
            return warp(m, outHeight, outWidth, p, BORDER_REPLICATE, border);
        }

        /** {@link #warp} with {@code fill} outside the map's pixels instead of its border values. */
        FloatMap warpFilled(FloatMap m, int outHeight, int outWidth, Placement p, float fill) {
            try (Scalar value = new Scalar(fill, fill, fill, fill)) {
                return warp(m, outHeight, outWidth, p, BORDER_CONSTANT, value);
            }
        }

        private FloatMap warp(FloatMap m, int outHeight, int outWidth, Placement p, int borderMode, Scalar borderValue) {
            load(m, outHeight, outWidth);
            coefficients.put(1 / p.strideX(), 0, -p.offsetX() / p.strideX(), 0, 1 / p.strideY(), -p.offsetY() / p.strideY());
            warpAffine(src, dst, affine, size, INTER_LINEAR | WARP_INVERSE_MAP, borderMode, borderValue);
            return result(outHeight, outWidth);
        }

        /** Views of the Mats' data, kept while their sizes do not change (a view costs a native call to make). */
        private final MatFloats srcData = new MatFloats(src);
        private final MatFloats dstData = new MatFloats(dst);

        /**
         * Brings both Mats to their sizes before OpenCV writes: OpenCV then writes into the buffer the kept pointer
         * points to and never reallocates behind it (had it resized dst and the Java array for the result then failed,
         * an OutOfMemoryError, the pointer kept would have pointed at freed memory on the next call).
         */
        private void load(FloatMap m, int outHeight, int outWidth) {
            srcData.ensureSize(m.height(), m.width()).put(0, m.values());
            dstData.ensureSize(outHeight, outWidth);
            if (outWidth != sizeWidth || outHeight != sizeHeight) {
                // Two native calls per map otherwise, for a size that is nearly always the last one.
                sizeWidth = -1;
                size.width(outWidth).height(outHeight);
                sizeWidth = outWidth;
                sizeHeight = outHeight;
            }
        }

        /** What {@link #size} holds, so that it is set only when it changes; -1 before the first set. */
        private int sizeWidth = -1;
        private int sizeHeight = -1;

        private FloatMap result(int outHeight, int outWidth) {
            float[] values = new float[outHeight * outWidth];
            dstData.ensureSize(outHeight, outWidth).get(0, values);
            return new FloatMap(outHeight, outWidth, values);
        }
    }

    /**
     * A per-thread float Mat and a view of its data, remade only when the Mat's size changes. Making the view (native
     * calls for {@code data()} and the buffer, two objects) and re-creating a Mat of the same size cost more than
     * copying a 7x7 map in, on every map CamSession makes. The view is a direct {@link FloatBuffer}, not the
     * {@link FloatPointer} itself: a pointer's {@code put(float[])} and {@code get(float[])} are JNI calls that pin or
     * copy the Java array on each call, where a buffer's bulk copy is a plain memory copy in Java (0.04 against 0.07
     * µs for a 28x28 map's read, one core, {@code Resize}'s sizes; docs/maps-speed-memory.md, thirty-third round). The
     * bytes copied are the same either way.
     */
    private static final class MatFloats {
        private final Mat mat;
        private FloatPointer data;
        private FloatBuffer floats;
        private int rows = -1;
        private int cols = -1;

        MatFloats(Mat mat) {
            this.mat = mat;
        }

        /**
         * @return a view of the Mat's data, the Mat a continuous {@code CV_32FC1} of {@code rows x cols}, in the
         *     platform's byte order as OpenCV writes it; OpenCV writing into it at that size keeps its buffer, so the
         *     view stays valid
         */
        FloatBuffer ensureSize(int rows, int cols) {
            // Mat.create keeps the buffer when size and type are unchanged (OpenCV's documented contract, which
            // resize and warpAffine follow for their output too), so only a new size needs a new view.
            if (rows != this.rows || cols != this.cols) {
                // Forgotten first: a create that fails leaves nothing that claims to be valid.
                this.rows = -1;
                this.cols = -1;
                floats = null;
                mat.create(rows, cols, CV_32FC1);
                if (data != null) {
                    data.close();
                }
                // The pointer is kept with its view: the buffer's memory is the Mat's, and the pointer says how much.
                data = new FloatPointer(mat.data()).capacity((long) rows * cols);
                floats = data.asBuffer();
                this.rows = rows;
                this.cols = cols;
            }
            return floats;
        }
    }

    /**
     * Bilinear upsampling that puts each map cell where it belongs on the picture ({@link Placement}); outside the
     * cells' span the border values extend. With {@link Placement#stretch} this equals {@link #bilinear}.
     *
     * @param m the map
     * @param outHeight rows of the result
     * @param outWidth columns of the result
     * @param placement where the cells' centres lie on the result
     * @return a new map of {@code outHeight x outWidth}
     * @throws IllegalArgumentException as {@link #bilinear} does
     * @throws NullPointerException naming it, when the map or the placement is null
     */
    public static FloatMap placed(FloatMap m, int outHeight, int outWidth, Placement placement) {
        checkTarget(m, outHeight, outWidth);
        java.util.Objects.requireNonNull(placement, "placement is null: where the map's cells lie on the result");
        if (outHeight == m.height() && outWidth == m.width() && placement.equals(new Placement(1, 1, 0, 0))) {
            // One cell per pixel, centred on it (an unpooled model at its input size): nothing to interpolate.
            return new FloatMap(outHeight, outWidth, m.values().clone());
        }
        if (isStretch(placement, m, outHeight, outWidth)) {
            // Edge to edge (e.g. 'same' convolutions with even poolings): OpenCV's resize does the same, faster.
            return bilinear(m, outHeight, outWidth);
        }
        return SCRATCH.get().warp(m, outHeight, outWidth, placement);
    }

    /**
     * A map at pixel resolution carried onto a larger picture of which it shows only a part, e.g. the map of a digit
     * cut out of a photo and framed ({@link io.github.cam4j.cam.Framing#DIGIT}): inside the part, bilinear
     * interpolation; outside it, {@code fill}.
     *
     * @param m the map of the part, one value per pixel of the part
     * @param outHeight rows of the picture
     * @param outWidth columns of the picture
     * @param placement where the map's pixels are centred on the picture
     * @param fill the value outside the part
     * @return a new map of {@code outHeight x outWidth}
     * @throws IllegalArgumentException as {@link #bilinear} does
     * @throws NullPointerException naming it, when the map or the placement is null
     */
    public static FloatMap placedWithin(FloatMap m, int outHeight, int outWidth, Placement placement, float fill) {
        checkTarget(m, outHeight, outWidth);
        java.util.Objects.requireNonNull(placement, "placement is null: where the map's pixels lie on the picture");
        return SCRATCH.get().warpFilled(m, outHeight, outWidth, placement, fill);
    }

    /**
     * The most values a resized map may hold: the largest Java array the JVM allocates
     * ({@code Integer.MAX_VALUE - 8}, as the JDK's own collections take it).
     */
    public static final int MAX_VALUES = Integer.MAX_VALUE - 8;

    /**
     * Checks a resize's arguments before any memory is taken: a target of 70000x70000 had OpenCV allocate its 19.6 GB
     * result (the process was killed), and its {@code outHeight * outWidth} overflowed int for the Java array.
     */
    private static void checkTarget(FloatMap m, int outHeight, int outWidth) {
        java.util.Objects.requireNonNull(m, "m is null: the map to resize");
        if (outHeight <= 0 || outWidth <= 0) {
            throw new IllegalArgumentException("resize target must be positive, was " + outHeight + "x" + outWidth);
        }
        if ((long) outHeight * outWidth > MAX_VALUES) {
            throw new IllegalArgumentException("resize target " + outHeight + "x" + outWidth + " holds "
                    + (long) outHeight * outWidth + " values, more than a map can (" + MAX_VALUES + ")");
        }
    }

    private static boolean isStretch(Placement p, FloatMap m, int outHeight, int outWidth) {
        Placement stretch = Placement.stretch(m.height(), m.width(), outHeight, outWidth);
        double tolerance = 1e-9;
        return Math.abs(p.strideY() - stretch.strideY()) < tolerance && Math.abs(p.strideX() - stretch.strideX()) < tolerance
                && Math.abs(p.offsetY() - stretch.offsetY()) < tolerance
                && Math.abs(p.offsetX() - stretch.offsetX()) < tolerance;
    }

    /**
     * Copies a single-channel Mat into a map. Depths other than 32-bit float are converted without scaling (an
     * 8-bit 255 becomes 255.0f).
     *
     * @param m a non-empty single-channel Mat of any depth, continuous or not (a region of a larger Mat works)
     * @return a new map holding a copy of the values
     * @throws IllegalArgumentException when the Mat is empty or has more than one channel
     */
    public static FloatMap fromMat(Mat m) {
        if (m == null || m.empty()) {
            throw new IllegalArgumentException("cannot make a FloatMap from an empty Mat");
        }
        if (m.channels() != 1) {
            throw new IllegalArgumentException(
                    "a FloatMap needs a single-channel Mat, got " + m.channels() + " channels");
        }
        if (m.dims() != 2) {
            throw new IllegalArgumentException("a FloatMap needs a 2-D Mat, got " + m.dims() + " dimensions");
        }
        int h = m.rows();
        int w = m.cols();
        float[] values = new float[h * w];
        if (m.depth() == CV_32F && m.isContinuous()) {
            readFloats(m, values);
        } else {
            // convertTo also compacts a region of interest into one continuous block.
            try (Mat f = new Mat()) {
                m.convertTo(f, CV_32F);
                readFloats(f, values);
            }
        }
        return new FloatMap(h, w, values);
    }

    /**
     * @param m the map
     * @return a new {@code CV_32FC1} Mat of the map's size holding a copy of its values; the caller closes it
     */
    public static Mat toMat(FloatMap m) {
        Mat mat = new Mat(m.height(), m.width(), CV_32FC1);
        writeFloats(m, mat);
        return mat;
    }

    private static void writeFloats(FloatMap m, Mat continuousFloat) {
        try (FloatPointer data = new FloatPointer(continuousFloat.data())) {
            data.put(m.values());
        }
    }

    private static void readFloats(Mat continuousFloat, float[] into) {
        // A FloatPointer over the Mat's data owns nothing; closing it frees nothing but is tidy.
        try (FloatPointer data = new FloatPointer(continuousFloat.data())) {
            data.get(into);
        }
    }
}
