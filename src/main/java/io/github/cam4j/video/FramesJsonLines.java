package io.github.cam4j.video;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cam4j.render.Box;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes what was explained in each frame as JSON Lines, one object per frame in frame order, for a program that
 * tracks what a video showed where (the annotated video says it to people only):
 *
 * <pre>{@code
 * {"frame":0,"time":0.0,"fresh":true,"class":7,"label":"7","probability":0.93,"evidence":true,
 *  "box":{"x":212,"y":140,"width":96,"height":120},"peak_xy":[262,198],
 *  "region":{"x":0,"y":0,"width":640,"height":480},"window":null}
 * }</pre>
 *
 * <p>{@code time} is where the frame is shown in the video written, seconds from its start ({@link
 * FrameExplanation#seconds()}): a variable-rate video's frames are not {@code frame / fps} apart. Null for an
 * explanation no pipeline wrote. Coordinates are frame pixels as stored (see {@link FrameExplanation#pixelAspect()}).
 * {@code box}, {@code peak_xy} ({@code [x, y]}, as {@code explain --json}'s) and {@code window} are null, and {@code
 * evidence} false, where the frame is captioned "no evidence" ({@link FrameExplanation#caption()}): its own map is flat,
 * a blank frame's, with no hottest point, even under smoothing, whose map drawn still fades an earlier frame's. The
 * file is created (or replaced) when the first frame is explained, so a run that fails before it leaves none, and each
 * line is flushed as its frame is written, so a run stopped or failing midway leaves whole lines for the frames the
 * video holds. Used as a {@link VideoListener}; {@link VideoListener#all} runs it beside a progress bar.
 */
public final class FramesJsonLines implements VideoListener, AutoCloseable {
    private final ObjectMapper mapper = new ObjectMapper();
    private final Path file;
    /** Null until the first frame: heard on the run's one listening thread, so no lock is needed. */
    private Writer writer;

    /** @param file the JSON Lines file to write, created (or replaced) with the first frame */
    public FramesJsonLines(Path file) {
        this.file = file;
    }

    @Override
    public void explained(FrameExplanation e) {
        ObjectNode line = mapper.createObjectNode();
        line.put("frame", e.frameIndex());
        if (e.seconds().isPresent()) {
            // Whole microseconds, as the video's own times are read: 0.12, not 0.12000000000000001.
            line.put("time", Math.round(e.seconds().getAsDouble() * 1e6) / 1e6);
        } else {
            line.putNull("time");
        }
        line.put("fresh", e.fresh());
        line.put("class", e.classIndex());
        line.put("label", e.label());
        // As a float: the probability the caption rounds, not a double's longer digits of the same value.
        line.put("probability", e.probability());
        // As the frame is drawn: under smoothing a blank frame's map still fades an earlier frame's evidence, but the
        // frame is captioned "no evidence", without box or cross; its line had said evidence, the fading map's peak
        // and the first of equal windows.
        boolean evidence = e.hasEvidence() && e.ownEvidence();
        line.put("evidence", evidence);
        box(line, "box", evidence ? e.box() : Optional.empty());
        if (evidence) {
            // [x, y], as explain --json's peak_xy: one name and one form for a point in both documents.
            int[] peak = e.peak();
            line.putArray("peak_xy").add(peak[1]).add(peak[0]);
        } else {
            line.putNull("peak_xy");
        }
        box(line, "region", Optional.of(e.region()));
        box(line, "window", evidence ? e.window() : Optional.empty());
        try {
            if (writer == null) {
                writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            }
            writer.write(mapper.writeValueAsString(line));
            writer.write('\n');
            writer.flush();
        } catch (JsonProcessingException impossible) {
            // Numbers, strings and booleans always serialise.
            throw new IllegalStateException(impossible);
        } catch (IOException failed) {
            // Thrown from a listener, it stops the run, which closes the video so that the frames written play.
            throw new UncheckedIOException("cannot write " + file + ": " + failed.getMessage(), failed);
        }
    }

    private static void box(ObjectNode line, String key, Optional<Box> box) {
        if (box.isEmpty()) {
            line.putNull(key);
            return;
        }
        ObjectNode b = line.putObject(key);
        b.put("x", box.get().x());
        b.put("y", box.get().y());
        b.put("width", box.get().width());
        b.put("height", box.get().height());
    }

    /** Closes the file, if a frame made it; the lines are already flushed. */
    @Override
    public void close() throws IOException {
        if (writer != null) {
            writer.close();
        }
    }
}
