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
 *
 * <p>One object writes one run's frames: a second run given it (or one given it after {@link #close()}) is refused
 * when it starts, before its video is written, since its lines would follow the first run's and count its frames
 * from 0 again in the same file. A file whose folder does not exist is refused as the run starts, too.
 */
public final class FramesJsonLines implements VideoListener, AutoCloseable {
    private final ObjectMapper mapper = new ObjectMapper();
    private final Path file;
    /** Null until the first frame: heard on the run's one listening thread, so no lock is needed. */
    private Writer writer;
    /** Whether {@link #close()} was called: perhaps on another thread than the run's listening one, hence volatile. */
    private volatile boolean closed;
    /** Whether a run was started through it: heard on that run's listening thread. */
    private boolean started;

    /**
     * @param file the JSON Lines file to write, created (or replaced) with the first frame
     * @throws NullPointerException when the file is null (it was taken, and the run it was given to failed at its
     *     first frame with a bare NullPointerException, its video cut short)
     */
    public FramesJsonLines(Path file) {
        this.file = java.util.Objects.requireNonNull(file, "file is null: the JSON Lines file to write the frames to");
    }

    /**
     * Refuses a second run, or a run after {@link #close()}, and a file whose folder is missing, before the run writes
     * its video: a second run's lines were added after the first's, frames counted from 0 again in one file; a closed
     * one's first frame failed with "Stream closed"; a missing folder was said as "cannot write DIR/f.jsonl:
     * DIR/f.jsonl" (the exception's message is the path alone) once the video had begun.
     *
     * @throws IllegalStateException naming the file, when it is closed or already holds a run's frames
     * @throws UncheckedIOException naming the file and its folder, when the folder does not exist or is not a folder
     */
    @Override
    public void started(VideoInfo info) {
        if (closed) {
            throw new IllegalStateException("the FramesJsonLines of " + file + " is closed: give each run its own");
        }
        if (writer != null) {
            throw new IllegalStateException("the FramesJsonLines of " + file + " holds an earlier run's frames: give"
                    + " each run its own (a second run's lines would follow them in the same file, counted from frame 0"
                    + " again)");
        }
        if (started) {
            // A run that wrote no frame still had this object: one object, one run, as said above.
            throw new IllegalStateException("the FramesJsonLines of " + file + " was given to an earlier run: give"
                    + " each run its own");
        }
        // As the caller named it; a bare name lies in the working folder, which exists.
        Path folder = file.getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            String why = Files.exists(folder) ? "is not a folder" : "does not exist";
            throw new UncheckedIOException("cannot write " + file + ": its folder " + folder + " " + why,
                    new java.nio.file.NoSuchFileException(folder.toString()));
        }
        started = true;
    }

    /**
     * Writes the frame's line.
     *
     * @throws IllegalStateException naming the file, when it is closed
     * @throws UncheckedIOException naming the file, when the line cannot be written (which stops a run)
     */
    @Override
    public void explained(FrameExplanation e) {
        if (closed) {
            throw new IllegalStateException("the FramesJsonLines of " + file + " is closed");
        }
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

    /** Closes the file, if a frame made it; the lines are already flushed. Idempotent. */
    @Override
    public void close() throws IOException {
        closed = true;
        if (writer != null) {
            writer.close();
        }
    }
}
