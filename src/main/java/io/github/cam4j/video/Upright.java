package io.github.cam4j.video;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * What stands a stream's frames upright, as its display matrix asks: a mirror, then a turn. Read from the stream's
 * display rotation and matrix when it is opened ({@link #of(double, int[])}), applied to each frame decoded ({@link
 * #apply}).
 *
 * @param flip OpenCV's {@code flip} code ({@link #LEFT_RIGHT}, {@link #UPSIDE_DOWN}), or {@link #NO_FLIP}
 * @param turn OpenCV's {@code rotate} code, or -1 for none
 */
record Upright(int flip, int turn) {
    /** No mirror. */
    static final int NO_FLIP = Integer.MIN_VALUE;
    /** Mirrored left to right (OpenCV's flip about the vertical axis). */
    static final int LEFT_RIGHT = 1;
    /** Mirrored top to bottom (OpenCV's flip about the horizontal axis). */
    static final int UPSIDE_DOWN = 0;
    static final Upright AS_IS = new Upright(NO_FLIP, -1);

    /** @return whether the frames' width and height swap */
    boolean sideways() {
        return turn == opencv_core.ROTATE_90_CLOCKWISE || turn == opencv_core.ROTATE_90_COUNTERCLOCKWISE;
    }

    /** @return a new Mat, the frame mirrored and turned, that the caller owns and closes */
    Mat apply(Mat frame) {
        if (flip == NO_FLIP && turn < 0) {
            return frame.clone();
        }
        Mat out = new Mat();
        if (flip == NO_FLIP) {
            opencv_core.rotate(frame, out, turn);
            return out;
        }
        opencv_core.flip(frame, out, flip);
        if (turn < 0) {
            return out;
        }
        try (Mat mirrored = out) {
            Mat turned = new Mat();
            opencv_core.rotate(mirrored, turned, turn);
            return turned;
        }
    }

    /**
     * Phones store a portrait clip as landscape frames plus a display rotation, which players apply. FFmpeg gives the
     * display matrix's angle counter-clockwise (a phone's "rotate=90" tag reads -90), so the frame turns the other way
     * to stand upright, as FFmpeg's own player and command line do.
     *
     * @param displayRotation the stream's display rotation in degrees (0 when it has none)
     * @return the OpenCV {@code rotate} code that stands frames upright, or -1 when they already are
     */
    static int uprightTurn(double displayRotation) {
        if (!Double.isFinite(displayRotation)) {
            return -1;
        }
        long clockwise = Math.floorMod(Math.round(-displayRotation / 90.0) * 90, 360);
        return switch ((int) clockwise) {
            case 90 -> opencv_core.ROTATE_90_CLOCKWISE;
            case 180 -> opencv_core.ROTATE_180;
            case 270 -> opencv_core.ROTATE_90_COUNTERCLOCKWISE;
            default -> -1;
        };
    }

    /**
     * A display matrix can mirror as well as turn (a front camera's picture shown as in a mirror, an editor's flip).
     * Read as an angle alone, a mirrored picture was turned upside down instead: the angle of a left-right mirror
     * reads 180. The frame is mirrored and turned as FFmpeg's command line and player do: by the angle, and by the
     * signs of the matrix's entries that tell a mirror from a turn.
     *
     * @param displayRotation the stream's display rotation in degrees, as FFmpeg reads the matrix
     * @param matrix the stream's 3x3 display matrix, row by row; null when it has none
     * @return what stands the frames upright
     */
    static Upright of(double displayRotation, int[] matrix) {
        int turn = uprightTurn(displayRotation);
        if (matrix == null || matrix.length < 9) {
            return new Upright(NO_FLIP, turn);
        }
        if (turn == opencv_core.ROTATE_90_CLOCKWISE && matrix[3] > 0) {
            // Turned a quarter clockwise and mirrored: the frame's rows become its columns (a transpose).
            return new Upright(UPSIDE_DOWN, opencv_core.ROTATE_90_CLOCKWISE);
        }
        if (turn == opencv_core.ROTATE_90_COUNTERCLOCKWISE && matrix[3] < 0) {
            // The other diagonal.
            return new Upright(LEFT_RIGHT, opencv_core.ROTATE_90_CLOCKWISE);
        }
        if (turn == opencv_core.ROTATE_180) {
            boolean leftRight = matrix[0] < 0;
            boolean upsideDown = matrix[4] < 0;
            return leftRight && upsideDown ? new Upright(NO_FLIP, opencv_core.ROTATE_180)
                    : new Upright(leftRight ? LEFT_RIGHT : upsideDown ? UPSIDE_DOWN : NO_FLIP, -1);
        }
        if (turn < 0 && matrix[4] < 0) {
            return new Upright(UPSIDE_DOWN, -1);
        }
        return new Upright(NO_FLIP, turn);
    }

    /** @return what stands the frames of a started grabber's video stream upright */
    static Upright of(FFmpegFrameGrabber g) {
        return of(g.getDisplayRotation(), displayMatrix(g));
    }

    /** @return the video stream's display matrix (nine ints, row by row), null when it has none */
    private static int[] displayMatrix(FFmpegFrameGrabber g) {
        java.nio.Buffer side = g.getVideoSideData("Display Matrix");
        if (!(side instanceof java.nio.ByteBuffer bytes) || bytes.capacity() < 36) {
            return null;
        }
        java.nio.IntBuffer ints = bytes.duplicate().order(java.nio.ByteOrder.nativeOrder()).asIntBuffer();
        int[] m = new int[9];
        ints.get(m);
        return m;
    }
}
