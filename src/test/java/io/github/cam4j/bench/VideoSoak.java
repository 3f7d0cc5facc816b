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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * {@code cam4j video}'s pipeline (decode, explain, draw, encode) run again and again on one clip of moving MNIST
 * digits by one {@link VideoExplainer} over one session of a method ({@link SoakMethods}), printing the memory
 * ({@link MemoryCheckpoints}) after each lap: a Frame, Mat, Tensor or Result left open per frame, by the method or the
 * pipeline, would make it climb by the frames' count each lap.
 *
 * <p>Run: {@code java -cp ... io.github.cam4j.bench.VideoSoak [--method M] [laps] [frames] [WxH]} (default cam, 20
 * laps, 250 frames, 640x480; the digits four times enlarged, each frame explained, the session fed frames at their
 * own size as {@code cam4j video} feeds them).
 */
public final class VideoSoak {
    private VideoSoak() {}

    public static void main(String[] arguments) throws Exception {
        List<String> args = new ArrayList<>(Arrays.asList(arguments));
        String method = MemorySoak.flag(args, "--method", "cam");
        int laps = args.size() > 0 ? Integer.parseInt(args.get(0)) : 20;
        int frames = args.size() > 1 ? Integer.parseInt(args.get(1)) : 250;
        String[] size = (args.size() > 2 ? args.get(2) : "640x480").split("x");
        int width = Integer.parseInt(size[0]);
        int height = Integer.parseInt(size[1]);
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        Path dir = Files.createTempDirectory("cam4j-video-soak");
        try {
            Path clip = dir.resolve("clip.mp4");
            LabeledImages digits = Dataset.open(SharedData.mnist()).test();
            TestVideos.movingDigits(clip, digits, width, height, frames, Math.max(1, height / 120), false, 25, false);
            System.out.println("video of method " + method + ": " + frames + " frames of " + width + "x" + height
                    + " a lap");
            try (CamSession cam = SoakMethods.set(CamSession.builder(), method, List.of())
                            .setModel(MemorySoak.model("mnist-pooled")).optKeepInputSize(true).build();
                    VideoExplainer explainer = VideoExplainer.builder().setSession(cam).build()) {
                VideoPipeline pipeline = VideoPipeline.builder().setExplainer(explainer).optOverwrite(true).build();
                MemoryCheckpoints checkpoints = new MemoryCheckpoints("frames");
                long explained = 0;
                for (int lap = 0; lap <= laps; lap++) {
                    checkpoints.print(explained);
                    if (lap < laps) {
                        VideoSummary s = pipeline.run(VideoInput.file(clip), dir.resolve("out.mp4"), VideoListener.NONE);
                        explained += s.frames();
                    }
                }
            }
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
