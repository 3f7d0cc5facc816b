package io.github.cam4j.video;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.testing.SharedData;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Writes the clips the automatic scale's first frames are measured on (PNG-in-mov, lossless) into a folder, with a
 * {@code clips.tsv} naming each clip's class (-1 for none) and the first frame that shows it, for a run of the
 * command line ({@code video --frames-json}) before and after a change. The families are helper-279's (f4810049):
 * bright digits on black, faint digits under noise, digits of low contrast on paper and on black, dark digits on
 * paper, fades on black and on transparency, digits shown at once, and clips with no digit.
 *
 * <p>Run, after {@code mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt}: {@code
 * java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) io.github.cam4j.video.FirstFrameClips DIR}; then
 * {@link FirstFrameRuns}. The MNIST test digits are read from {@code ../shared/data/mnist}.
 */
public final class FirstFrameClips {
    private static final int W = 320;
    private static final int H = 240;

    private final LabeledImages digits;
    private final Path dir;
    private final PrintWriter tsv;

    private FirstFrameClips(LabeledImages digits, Path dir, PrintWriter tsv) {
        this.digits = digits;
        this.dir = dir;
        this.tsv = tsv;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        LabeledImages digits = Dataset.open(SharedData.mnist()).test();
        try (PrintWriter tsv = new PrintWriter(Files.newBufferedWriter(dir.resolve("clips.tsv")))) {
            new FirstFrameClips(digits, dir, tsv).writeAll();
        }
    }

    private void writeAll() throws Exception {
        for (int digit = 0; digit < 10; digit++) {
            int d = digit;
            // Bright on black, 56 px, from the fourth frame.
            clip("bright-" + d, d, 3, 10, i -> i < 3 ? blank(0) : onBlack(d, 56, 255, 0, null));
            // Faint under noise: 28/34/40 px, ink 45, sigma 3, from the first frame.
            for (int side : new int[] {28, 34, 40}) {
                Random noise = new Random(side * 10 + d);
                clip("noisy-" + side + "-" + d, d, 0, 10, i -> onBlack(d, side, 45, 3, noise));
            }
            // Low contrast: on paper (200, ink 150), 56 px; on black at 45 levels, 56 px.
            clip("lowpaper-" + d, d, 3, 10, i -> i < 3 ? blank(200) : onPaper(d, 56, 200, 150));
            clip("lowblack-" + d, d, 3, 10, i -> i < 3 ? blank(0) : onBlack(d, 56, 45, 0, null));
            // Fade on black over ten frames.
            clip("fadeblack-" + d, d, 1, 15, i -> onBlack(d, 56, 255 * Math.min(1, i / 10.0), 0, null));
        }
        for (int d : new int[] {1, 3, 8}) {
            clip("lowpaper150-" + d, d, 3, 10, i -> i < 3 ? blank(200) : onPaper(d, 150, 200, 150));
            clip("lowpaper28-" + d, d, 3, 10, i -> i < 3 ? blank(210) : onPaper(d, 28, 210, 160));
            clip("lowblack28-" + d, d, 3, 10, i -> i < 3 ? blank(0) : onBlack(d, 28, 45, 0, null));
            clip("dark56-" + d, d, 3, 8, i -> i < 3 ? blank(255) : onPaper(d, 56, 255, 0));
            clip("dark150-" + d, d, 3, 8, i -> i < 3 ? blank(255) : onPaper(d, 150, 255, 0));
            clip("atonce28-" + d, d, 3, 8, i -> i < 3 ? blank(0) : onBlack(d, 28, 255, 0, null));
            clip("fadeblack30-" + d, d, 1, 35, i -> onBlack(d, 56, 255 * Math.min(1, i / 30.0), 0, null));
        }
        for (int d : new int[] {0, 1, 2, 3, 8}) {
            for (int fade : new int[] {9, 10, 30}) {
                alphaFade("fadealpha" + fade + "-" + d, d, fade);
            }
        }
        clip("blank", -1, 0, 8, i -> blank(0));
        clip("rectangle", -1, 0, 8, i -> rectangle(40));
        clip("blob", -1, 0, 8, i -> blob(60));
    }

    interface Frames {
        float[] frame(int i);
    }

    /** @param label the test digit's index, -1 for none */
    private void clip(String name, int label, int from, int count, Frames frames) throws Exception {
        List<Mat> mats = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] grey = frames.frame(i);
            byte[] bytes = new byte[grey.length];
            for (int p = 0; p < grey.length; p++) {
                bytes[p] = (byte) Math.max(0, Math.min(255, Math.round(grey[p])));
            }
            Mat g = new Mat(H, W, opencv_core.CV_8UC1);
            g.data().put(bytes);
            Mat bgr = new Mat();
            opencv_imgproc.cvtColor(g, bgr, opencv_imgproc.COLOR_GRAY2BGR);
            g.close();
            mats.add(bgr);
        }
        write(dir.resolve(name + ".mov"), mats, false);
        tsv.println(name + "\t" + (label < 0 ? -1 : digits.label(label)) + "\t" + from);
    }

    /** A white digit 56 px high in the alpha of 128x96 frames, its opacity rising from 0 over {@code fade}. */
    private void alphaFade(String name, int d, int fade) throws Exception {
        List<Mat> mats = new ArrayList<>();
        float[] digit = digit(d, 56);
        for (int i = 0; i < fade + 5; i++) {
            double opacity = Math.min(1, i / (double) fade);
            byte[] bgra = new byte[128 * 96 * 4];
            for (int y = 0; y < 56; y++) {
                for (int x = 0; x < 56; x++) {
                    int p = ((20 + y) * 128 + 36 + x) * 4;
                    bgra[p + 3] = (byte) Math.round(digit[y * 56 + x] * opacity);
                }
            }
            for (int p = 0; p < bgra.length; p += 4) {
                bgra[p] = bgra[p + 1] = bgra[p + 2] = (byte) 255;
            }
            Mat m = new Mat(96, 128, opencv_core.CV_8UC4);
            m.data().put(bgra);
            mats.add(m);
        }
        write(dir.resolve(name + ".mov"), mats, true);
        tsv.println(name + "\t" + digits.label(d) + "\t1");
    }

    private static void write(Path clip, List<Mat> frames, boolean alpha) throws Exception {
        Mat first = frames.get(0);
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(clip.toFile(), first.cols(), first.rows(), 0);
                OpenCVFrameConverter.ToMat toFrame = new OpenCVFrameConverter.ToMat()) {
            r.setFormat("mov");
            r.setVideoCodec(avcodec.AV_CODEC_ID_PNG);
            r.setPixelFormat(alpha ? avutil.AV_PIX_FMT_RGBA : avutil.AV_PIX_FMT_RGB24);
            r.setFrameRate(25);
            r.start();
            for (Mat m : frames) {
                r.record(toFrame.convert(m), alpha ? avutil.AV_PIX_FMT_BGRA : avutil.AV_PIX_FMT_BGR24);
                m.close();
            }
            r.stop();
        }
    }

    /** @return test digit {@code index} resized to {@code side} (linear), 0..255 */
    private float[] digit(int index, int side) {
        byte[] out = new byte[side * side];
        try (Mat small = new Mat(28, 28, opencv_core.CV_8UC1); Mat big = new Mat()) {
            small.data().put(digits.pixels(), index * digits.imageSize(), digits.imageSize());
            opencv_imgproc.resize(small, big, new Size(side, side), 0, 0, opencv_imgproc.INTER_LINEAR);
            big.data().get(out);
        }
        float[] f = new float[out.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = out[i] & 0xff;
        }
        return f;
    }

    private static float[] blank(float level) {
        float[] g = new float[W * H];
        java.util.Arrays.fill(g, level);
        return g;
    }

    /** Light ink of {@code ink} levels on black, centred, with Gaussian noise of {@code sigma} when given. */
    private float[] onBlack(int d, int side, double ink, double sigma, Random noise) {
        float[] g = blank(0);
        float[] digit = digit(d, side);
        int x0 = (W - side) / 2;
        int y0 = (H - side) / 2;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                g[(y0 + y) * W + x0 + x] = (float) (digit[y * side + x] / 255 * ink);
            }
        }
        if (noise != null) {
            for (int p = 0; p < g.length; p++) {
                g[p] += (float) (noise.nextGaussian() * sigma);
            }
        }
        return g;
    }

    /** Dark ink on paper: white of the digit to {@code paper}, its ink to {@code ink}. */
    private float[] onPaper(int d, int side, float paper, float ink) {
        float[] g = blank(paper);
        float[] digit = digit(d, side);
        int x0 = (W - side) / 2;
        int y0 = (H - side) / 2;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                g[(y0 + y) * W + x0 + x] = paper - digit[y * side + x] / 255 * (paper - ink);
            }
        }
        return g;
    }

    private static float[] rectangle(float level) {
        float[] g = blank(0);
        for (int y = 90; y < 150; y++) {
            for (int x = 130; x < 190; x++) {
                g[y * W + x] = level;
            }
        }
        return g;
    }

    private static float[] blob(float level) {
        float[] g = blank(0);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double r2 = ((x - 160) * (x - 160) + (y - 120) * (y - 120)) / (2.0 * 20 * 20);
                g[y * W + x] = (float) (level * Math.exp(-r2));
            }
        }
        return g;
    }
}
