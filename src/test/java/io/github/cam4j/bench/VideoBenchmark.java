package io.github.cam4j.bench;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.testing.SharedData;
import io.github.cam4j.video.TestVideos;
import io.github.cam4j.video.VideoExplainer;
import io.github.cam4j.video.VideoInput;
import io.github.cam4j.video.VideoListener;
import io.github.cam4j.video.VideoPipeline;
import io.github.cam4j.video.VideoSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Pointer;

/**
 * Frames per second of {@code cam4j video}'s pipeline against its floor, a plain decode → encode of the same clip
 * through the same threads, queues and JavaCV recorder, in one run. Not a timed test: run it by hand (see the
 * report of the commit that added it):
 *
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/test-cp.txt) io.github.cam4j.bench.VideoBenchmark \
 *     [--model saved_models/mnist-pooled] [--frames 250] [--laps 3] [--size 640x480] [--fps 25] [--every 1] \
 *     [--skip-blank true] [--floor 0.1] [--paper false] [--threads 0]
 * </pre>
 *
 * <p>It writes a clip of moving MNIST test digits (four times enlarged) to a temporary folder, transcodes it once to
 * warm up, then alternates transcode and explain {@code laps} times and prints each lap's fps, the ratio of the best
 * laps, and JavaCPP's {@code physicalBytes} (the process's resident memory as JavaCPP measures it) after each lap so a
 * leak would show as steady growth. {@code --threads N} loads the model with N TensorFlow intra-op threads instead of
 * one per core, as {@code cam4j video} does (0).
 */
public final class VideoBenchmark {
    private VideoBenchmark() {}

    /**
     * @return the process's resident memory (JavaCPP's physicalBytes: Java heap, native libraries, OpenCV's and
     *     FFmpeg's buffers; a Mat or Frame left open each frame would make it climb without end) and the Java heap,
     *     committed and used (committed heap is resident too, so run with a fixed -Xms/-Xmx to see native growth)
     */
    private static String memory() {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "physicalBytes %.1f MB (heap committed %.1f MB, used %.1f MB)",
                Pointer.physicalBytes() / 1e6, rt.totalMemory() / 1e6, (rt.totalMemory() - rt.freeMemory()) / 1e6);
    }

    /** @return CPU time of the whole process (all threads, TensorFlow's and FFmpeg's included) */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String perFrame(VideoSummary s) {
        VideoSummary.Stages st = s.stages();
        double n = s.frames() / 1000.0;
        return String.format(Locale.ROOT, "decode %.1f ms, explain %.1f ms, draw %.1f ms, encode %.1f ms",
                st.decode() / n, st.explain() / n, st.draw() / n, st.encode() / n);
    }

    /**
     * @param args see the class comment
     */
    public static void main(String[] args) throws Exception {
        Path model = Path.of("saved_models/mnist-pooled");
        int frames = 250;
        int laps = 3;
        int width = 640;
        int height = 480;
        double fps = 25;
        int every = 1;
        boolean skipBlank = true;
        double floor = 0.1;
        boolean paper = false;
        int threads = 0;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--model" -> model = Path.of(args[i + 1]);
                case "--frames" -> frames = Integer.parseInt(args[i + 1]);
                case "--laps" -> laps = Integer.parseInt(args[i + 1]);
                case "--size" -> {
                    String[] wh = args[i + 1].split("x");
                    width = Integer.parseInt(wh[0]);
                    height = Integer.parseInt(wh[1]);
                }
                case "--fps" -> fps = Double.parseDouble(args[i + 1]);
                case "--every" -> every = Integer.parseInt(args[i + 1]);
                case "--skip-blank" -> skipBlank = Boolean.parseBoolean(args[i + 1]);
                case "--floor" -> floor = Double.parseDouble(args[i + 1]);
                case "--paper" -> paper = Boolean.parseBoolean(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        Path dir = Files.createTempDirectory("cam4j-bench");
        LabeledImages digits = Dataset.open(SharedData.mnist()).test();
        Path clip = dir.resolve("clip.mp4");
        int zoom = Math.max(1, height / 120);
        if (paper) {
            // Digits written on grey paper with sensor grain, as a camera films them (25 fps).
            TestVideos.movingDigitsOnPaper(clip, digits, width, height, frames, zoom, 1);
        } else {
            TestVideos.movingDigits(clip, digits, width, height, frames, zoom, false, fps, false);
        }
        System.out.printf(Locale.ROOT, (paper ? "on paper " : "") + "clip: %dx%d, %d frames at %.0f fps, digits %dx%d px; %d cores; model %s; "
                + "explaining every %d frame(s); skip blank %s, background floor %.2f%n", width, height, frames, fps,
                28 * zoom, 28 * zoom, Runtime.getRuntime().availableProcessors(), model, every, skipBlank, floor);

        VideoPipeline transcoder = VideoPipeline.builder().setTranscodeOnly().optOverwrite(true).build();
        io.github.cam4j.savedmodel.InputSpec spec;
        try (io.github.cam4j.savedmodel.CamModel probe = io.github.cam4j.savedmodel.CamModelLoader.load(model,
                io.github.cam4j.savedmodel.LoadOptions.defaults())) {
            spec = probe.input();
        }
        org.tensorflow.proto.ConfigProto.Builder config = org.tensorflow.proto.ConfigProto.newBuilder()
                .setUsePerSessionThreads(true);
        if (threads > 0) {
            config.setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(1);
        }
        System.out.printf(Locale.ROOT, "TensorFlow threads: %s%n", threads > 0 ? threads : "default (one per core)");
        // With --threads the bundle is loaded with that many intra-op threads; without, as cam4j video loads it.
        try (org.tensorflow.SavedModelBundle bundle = threads == 0 ? null : org.tensorflow.SavedModelBundle.loader(
                        model.toString()).withTags("serve").withConfigProto(config.build()).load();
                CamSession cam = (bundle == null ? CamSession.builder().setModel(model) : CamSession.builder()
                        .setModel(io.github.cam4j.savedmodel.CamModel.fromBundle(bundle, spec, null)))
                        .optKeepInputSize(true).optSkipBlank(skipBlank).build();
                VideoExplainer explainer = VideoExplainer.builder().setSession(cam).optEvery(every)
                        .optBackgroundFloor(floor).build()) {
            VideoPipeline explaining = VideoPipeline.builder().setExplainer(explainer).optOverwrite(true).build();
            // Warm-up: JIT, FFmpeg and TensorFlow's first-run costs.
            transcoder.run(VideoInput.file(clip), dir.resolve("warm-t.mp4"), VideoListener.NONE);
            explaining.run(VideoInput.file(clip), dir.resolve("warm-e.mp4"), VideoListener.NONE);
            System.gc();
            long before = Pointer.physicalBytes();
            System.out.printf(Locale.ROOT, "after warm-up: %s%n", memory());
            double bestT = 0;
            double bestE = 0;
            for (int lap = 1; lap <= laps; lap++) {
                long c0 = cpuNanos();
                VideoSummary t = transcoder.run(VideoInput.file(clip), dir.resolve("t.mp4"), VideoListener.NONE);
                long c1 = cpuNanos();
                VideoSummary e = explaining.run(VideoInput.file(clip), dir.resolve("e.mp4"), VideoListener.NONE);
                long c2 = cpuNanos();
                bestT = Math.max(bestT, t.fps());
                bestE = Math.max(bestE, e.fps());
                System.out.printf(Locale.ROOT, "lap %d: transcode %.1f fps (%d frames), explain %.1f fps (%d frames), "
                        + "ratio %.2f; %s%n", lap, t.fps(), t.frames(), e.fps(), e.frames(), e.fps() / t.fps(), memory());
                System.out.printf(Locale.ROOT, "       process CPU per frame: transcode %.1f ms, explain %.1f ms%n",
                        (c1 - c0) / 1e6 / t.frames(), (c2 - c1) / 1e6 / e.frames());
                System.out.printf(Locale.ROOT, "       busy per frame: transcode %s; explain %s%n", perFrame(t),
                        perFrame(e));
            }
            System.gc();
            System.out.printf(Locale.ROOT, "best: transcode %.1f fps, explain %.1f fps, ratio %.2f (target >= 0.80); "
                    + "physicalBytes %.1f MB -> %.1f MB over %d explained and %d transcoded frames; now %s%n", bestT,
                    bestE, bestE / bestT, before / 1e6, Pointer.physicalBytes() / 1e6, laps * frames, laps * frames,
                    memory());
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }
}
