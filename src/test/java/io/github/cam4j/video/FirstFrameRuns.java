package io.github.cam4j.video;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cam4j.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs {@code cam4j video --frames-json} (the command line, in this JVM) on every clip {@link FirstFrameClips} wrote,
 * and counts the frames read right: per clip, then per family (the name before its first dash). Each clip's line
 * gives its frames' classes and window widths, so two builds' outputs can be compared with {@code diff}.
 *
 * <p>Run from the project's folder (the bundled model at {@code saved_models/mnist-pooled}), with the class path
 * {@link FirstFrameClips} says: {@code java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt)
 * io.github.cam4j.video.FirstFrameRuns CLIPS OUT}. One JVM for all the clips: started once a clip, the jar took
 * about 8 s for each. At 93037573: 993/1165 frames right, first 66/109, last 96/109 (the first counts the three
 * clips with no digit, which read no digit right).
 */
public final class FirstFrameRuns {
    private FirstFrameRuns() {}

    public static void main(String[] args) throws Exception {
        Path clips = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        // family -> {frames with the digit, read right, clips, first frames right, last frames right}
        Map<String, int[]> families = new TreeMap<>();
        for (String row : Files.readAllLines(clips.resolve("clips.tsv"))) {
            String[] f = row.split("\t");
            String name = f[0];
            int label = Integer.parseInt(f[1]);
            int from = Integer.parseInt(f[2]);
            Path json = out.resolve(name + ".jsonl");
            CliRun run = CliRun.of("video", "--model", "saved_models/mnist-pooled", clips.resolve(name + ".mov")
                    .toString(), "--out", out.resolve(name + ".mp4").toString(), "--frames-json", json.toString(),
                    "--force");
            if (run.exitCode() != 0) {
                throw new IllegalStateException(name + ": " + run.err());
            }
            List<JsonNode> lines = FramesJsonTest.lines(json);
            StringBuilder seen = new StringBuilder();
            int right = 0;
            for (JsonNode line : lines) {
                JsonNode w = line.get("window");
                seen.append(' ').append(line.get("class").asInt()).append('/').append(w.isNull() ? "-" : w.get("width")
                        .asInt());
                if (line.get("frame").asInt() >= from && line.get("class").asInt() == label) {
                    right++;
                }
            }
            int[] c = families.computeIfAbsent(name.split("-")[0], k -> new int[5]);
            if (label >= 0) {
                c[0] += lines.size() - from;
                c[1] += right;
                c[3] += lines.get(from).get("class").asInt() == label ? 1 : 0;
                c[4] += lines.get(lines.size() - 1).get("class").asInt() == label ? 1 : 0;
            }
            c[2]++;
            System.out.println(name + " (" + label + " from " + from + "): " + right + "/" + (lines.size() - from)
                    + " right; class/window:" + seen);
        }
        int[] all = new int[5];
        for (Map.Entry<String, int[]> e : families.entrySet()) {
            int[] c = e.getValue();
            System.out.printf("%s: %d/%d frames right, first %d/%d, last %d/%d%n", e.getKey(), c[1], c[0], c[3], c[2],
                    c[4], c[2]);
            for (int i = 0; i < 5; i++) {
                all[i] += c[i];
            }
        }
        System.out.printf("all: %d/%d frames right, first %d/%d, last %d/%d%n", all[1], all[0], all[3], all[2], all[4],
                all[2]);
    }
}
