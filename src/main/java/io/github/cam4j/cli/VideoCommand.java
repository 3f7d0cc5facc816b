package io.github.cam4j.cli;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.InvalidInputException;
import io.github.cam4j.cam.Target;
import io.github.cam4j.render.Box;
import io.github.cam4j.video.FfmpegLog;
import io.github.cam4j.video.FrameExplanation;
import io.github.cam4j.video.FramesJsonLines;
import io.github.cam4j.video.Prediction;
import io.github.cam4j.video.Scale;
import io.github.cam4j.video.AudioMode;
import io.github.cam4j.video.VideoException;
import io.github.cam4j.video.VideoExplainer;
import io.github.cam4j.video.VideoInfo;
import io.github.cam4j.video.VideoInput;
import io.github.cam4j.video.VideoListener;
import io.github.cam4j.video.VideoPipeline;
import io.github.cam4j.video.VideoProgressBar;
import io.github.cam4j.video.VideoSettingException;
import io.github.cam4j.video.VideoSummary;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bytedeco.ffmpeg.global.avutil;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cam4j video}: explains every frame of a video file or camera and records the annotated frames (heatmap, CAM
 * box, class and probability) as an H.264 mp4, with the input's audio copied, or re-encoded as AAC where the mp4 cannot
 * hold it.
 */
@Command(name = "video", mixinStandardHelpOptions = true,
        description = {"Explain a video (a file FFmpeg reads, or camera:N): each frame gets its CAM overlay, CAM box and "
                + "predicted class, recorded as H.264 mp4 at the input's size and frame rate, its audio copied as it is "
                + "(AAC, MP3, AC-3, E-AC-3, Opus, ALAC, FLAC) or else re-encoded as AAC (64 kb/s a channel); see --audio.",
            "Whole-frame mode (the default) feeds each frame at its own size, grey, scaled so digits come out "
                + "MNIST-sized (--scale), inverted when the background is light (--invert), so the map finds digits "
                + "anywhere. Ctrl-C stops early and leaves a playable video."})
final class VideoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    RenderOptions renderOptions;

    @Parameters(paramLabel = "INPUT", description = "a video file (mp4, avi, mkv, webm...), a named pipe, - for the standard input, a URL FFmpeg "
            + "reads (http://..., rtsp://..., read once as a pipe is), or camera:N")
    String input;

    @Option(names = "--out", required = true, paramLabel = "OUTPUT.mp4", description = "the video to write; " + OutputFolder.FOLDER_MUST_EXIST)
    Path out;

    @Option(names = "--force", description = "overwrite --out (and frame PNGs in --frames-dir)")
    boolean force;

    @Option(names = "--frames-json", paramLabel = "FILE", description = "the JSON Lines file to also write what each"
            + " frame showed to (an object per frame, in order: frame, time, fresh, class, label, probability,"
            + " evidence, box, peak_xy, region, window; time in seconds where the video written shows the frame; frame"
            + " pixels; box, peak_xy and window null, evidence false, where the frame's own map holds none, as"
            + " its caption says, --smooth or not); its folder"
            + " must exist; refused if it exists, unless --force")
    Path framesJson;

    @Option(names = "--frames-dir", paramLabel = "DIR", description = "also write each annotated frame as DIR/frame-NNNNNN.png (DIR " + OutputFolder.CREATED_IF_ABSENT + ")")
    Path framesDir;

    @Option(names = "--every", defaultValue = "1", paramLabel = "N", description = "run the model on every N-th frame and reuse its map in between (default: ${DEFAULT-VALUE})")
    int every;

    @Option(names = "--smooth", defaultValue = "1", paramLabel = "ALPHA", converter = NumberText.TypedDoubles.class, description = "exponential moving average of the maps: weight of the newest in (0, 1]; 1 is off, 0.3 cuts flicker (default: ${DEFAULT-VALUE})")
    NumberText.Typed smooth;

    @Option(names = "--roi", paramLabel = "x,y,w,h", description = "explain only this region of each frame, in the frame's stored pixels (upright; "
            + "an anamorphic video's as stored, not as shown: 2:1 pixels count half the shown width); its map is drawn "
            + "back in place")
    String roi;

    @Option(names = "--scale", defaultValue = "auto", paramLabel = "auto|F",
            description = {"resize factor before the model sees a frame, so strokes come out MNIST-sized (default: ${DEFAULT-VALUE}).",
                "auto: the first frame with ink is measured and the scale that makes its largest patch of ink MNIST's 20 px, checked"
                    + " on that frame as fed, is kept"
                    + " (ink whose brightest pixel is below twice --floor is measured only once it stops brightening: a digit"
                    + " fading in is measured once it shows, and again as it brightens, a digit of low contrast on its second"
                    + " frame; until then, and for models of dark ink, the frame is resized to "
                    + Scale.AUTO_FRAME_HEIGHT + " px high); with --roi, the region is resized to " + Scale.AUTO_ROI_HEIGHT + " px high (the region frames one digit)."})
    String scale;

    @Option(names = "--floor", defaultValue = "0.1", paramLabel = "F", converter = NumberText.TypedDoubles.class,
            description = {"the ground (paper, even unevenly lit) is taken off, then intensities below this fraction of "
                + "white (after --invert) become black, as MNIST's background is; clears paper, sensor noise and "
                + "compression artefacts (default: ${DEFAULT-VALUE}; 0 keeps the frame as it is)."})
    NumberText.Typed floor;

    @Option(names = "--heat", defaultValue = "auto", paramLabel = "auto|positive", converter = Choices.VideoHeat.class,
            description = "how maps are coloured: auto (over a whole frame, the part above the map's median, the"
                    + " background's level; in a --roi, min-max from the least value or 0, whichever is higher) or positive (the positive part over the maximum, 0 the"
                    + " colormap's lowest colour in every frame); the CAM box is cut on these colours, so with positive"
                    + " it keeps the paper's rule, pixels of at least --threshold of the map's maximum"
                    + " (default: ${DEFAULT-VALUE})")
    String heat;

    @Option(names = "--ink", paramLabel = "light|dark", description = "the ink of the model's training pictures: light"
            + " (on a dark ground, as MNIST: frames of dark ink on a light ground are inverted (--invert auto), the"
            + " ground is taken off and what is fainter than --floor cleared to black, and --scale auto measures the"
            + " first frame with ink) or dark (--invert auto then inverts no frame, no ground is taken off, and --scale"
            + " auto keeps its fixed rule) " + ModelOptions.INK_DEFAULT)
    void ink(String ink) {
        modelOptions.ink = ink;
    }

    @Option(names = "--class", paramLabel = "N", description = "explain this class instead of the predicted one")
    Integer classIndex;

    @Option(names = "--predict", defaultValue = "window", paramLabel = "window|region",
            description = {"which prediction the caption gives (default: ${DEFAULT-VALUE}).",
                "window: the most confident digit-sized (28x28) window's class and probability, scored with CAM's "
                    + "own sums (with another --method, --eigen-smooth or --aug-smooth, by a CAM run beside the "
                    + "method's, whose map of that class is drawn; on a model CAM cannot open, without global average "
                    + "pooling, the caption gives the region's); region: the model's prediction for the whole frame (or "
                    + "--roi), whose average over mostly empty background often misses the digit."})
    String predict;

    @Option(names = "--fragmented", negatable = true,
            description = {"write the mp4 in fragments of a second, each on disk once whole: a run killed (kill -9, a crash, "
                + "a power cut) or a full disk leaves a video that plays up to its last second or so, where a plain mp4, "
                + "whose index comes at its end, does not play at all (default: fragmented for camera:N, a pipe and a "
                + "URL, read once as a pipe is, and for an --out that is a named pipe, which takes no other; plain for a "
                + "file)."})
    Boolean fragmented;

    @Option(names = "--deinterlace", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = {"deinterlace pictures that hold two fields (1080i and 576i broadcasts, DV, camcorders), as "
                + "their decoder flags them, by the field shown first, the other's rows interpolated: no combing on what "
                + "moves, half the vertical detail (default: on; --no-deinterlace explains and writes them as stored, "
                + "combed). For all the detail, deinterlace first with ffmpeg -vf yadif."})
    boolean deinterlace;

    @Option(names = "--max-frames", defaultValue = "0", paramLabel = "N", description = "stop after N frames (default: 0, the whole input)")
    long maxFrames;

    @Option(names = "--audio", defaultValue = "auto", paramLabel = "auto|copy|aac|none",
            description = {"the output's audio (default: ${DEFAULT-VALUE}). copy: the input's audio packets as they are "
                + "(same codec, bytes, rate and channels), at the picture's times; refused, before the model loads, for "
                + "audio an mp4 does not hold (PCM, Vorbis...), AAC whose rate or channels change midway (MPEG-TS), or an "
                + "input that cannot be read twice (a pipe). aac: decoded and re-encoded as AAC, 64 kb/s a channel, "
                + "silence filling gaps. auto: copy where it can, else aac, and says so. none: no audio track."})
    String audio;

    @Option(names = "--audio-track", paramLabel = "N",
            description = {"which audio track to write when the input has several (a film's languages, a commentary): "
                + "the N-th audio track, from 1, in the file's order, as the note about them numbers them (default: the "
                + "one flagged default, as a player picks). The output holds one audio track, tagged with its language."})
    Integer audioTrack;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        // Before the input is probed: a command line that asks for two things that exclude each other.
        modelOptions.checkMethodOptions();
        modelOptions.refuseTensorsForCam();
        // A signal (Ctrl-C, SIGINT, SIGTERM) before the run has begun (the input probed, the model loading) is said as
        // one after it is: in a line. It ended the command without a word.
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        try (StopSignal stop = new StopSignal(() -> {
            stderr.println("cam4j: stopped before the model had loaded; nothing was written");
            stderr.flush();
        }, "cam4j-video-shutdown")) {
            return run(stop, stdout);
        }
    }

    private int run(StopSignal stop, PrintWriter stdout) throws Exception {
        if (!verbose.on) {
            // FFmpeg's own lines ("moov atom not found", encoder notices) would double cam4j's one-line errors.
            avutil.av_log_set_level(avutil.AV_LOG_FATAL);
        } else {
            // All of FFmpeg's lines, as FFmpeg writes them: the library would otherwise keep its errors only.
            FfmpegLog.keepLevel();
        }
        renderOptions.validate();
        VideoInput in;
        try {
            in = VideoInput.parse(input);
        } catch (IllegalArgumentException e) {
            // What was typed names no input (camera:-1, pipe:3, a URL without a host): a usage error, as a mistyped
            // option is; it had exited 1, as a video that fails to open does.
            throw new UsageException(e.getMessage(), e);
        }
        if (in.path() != null && Files.isDirectory(in.path())) {
            // A folder where one video goes is a command line at fault, as --frames-dir naming a file is (exit 2): it
            // had exited 1 as "video F is a directory, not a regular file (nor a named pipe, ...)". Named as typed.
            throw new UsageException("INPUT " + input + " is a folder, not a video; give a video file, a named pipe, -"
                    + " for the standard input, a URL or camera:N");
        }
        Box region = roi == null ? null : parseRoi(roi);
        Scale s;
        try {
            s = Scale.parse(scale);
        } catch (IllegalArgumentException e) {
            // Scale's own words ("scale factor must be a positive number, got 0.0") named no option.
            throw new UsageException("--scale '" + scale + "' must be auto or a positive number such as 0.5", e);
        }
        Prediction prediction = switch (predict.strip().toLowerCase(Locale.ROOT)) {
            case "window" -> Prediction.WINDOW;
            case "region" -> Prediction.REGION;
            default -> throw new UsageException("--predict '" + predict + "' is not one of window, region");
        };
        // Refusals quote the value as typed (NumberText.Typed): "got 2", where the double's "2.0" was said.
        if (!(floor.value() >= 0 && floor.value() < 1)) {
            throw new UsageException("--floor must be in [0, 1) (a fraction of white; 0 keeps faint values), got "
                    + floor);
        }
        if (maxFrames < 0) {
            throw new UsageException("--max-frames must be 0 (all) or more, got " + maxFrames);
        }
        AudioMode audioMode;
        try {
            audioMode = AudioMode.parse(audio);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--audio " + e.getMessage(), e);
        }
        if (audioTrack != null && audioTrack < 1) {
            throw new UsageException("--audio-track must be 1 or more (the first audio track is 1), got " + audioTrack);
        }
        int track = audioTrack == null ? 0 : audioTrack;
        if (classIndex != null && classIndex < 0) {
            throw new UsageException("--class must be 0 or more, got " + classIndex);
        }
        // The builder checks these too, in its own words; here they are named as the user typed them.
        if (every < 1) {
            throw new UsageException("--every must be at least 1, got " + every);
        }
        if (!(smooth.value() > 0 && smooth.value() <= 1)) {
            throw new UsageException("--smooth must be in (0, 1] (1 = off), got " + smooth);
        }
        if (region != null && region.isEmpty()) {
            throw new UsageException("--roi " + roi + " is empty: its width and height must be at least 1");
        }
        if (!VideoPipeline.isMp4Name(out)) {
            throw new UsageException("--out " + out + " must end in .mp4: cam4j video writes an H.264 mp4");
        }
        // Checked before the model loads: a typo in --out should not cost the wait. The input first: naming it as
        // the output must not be answered with "add --force", which would destroy it.
        if (in.path() != null && out.toAbsolutePath().normalize().equals(in.path().toAbsolutePath().normalize())) {
            // The command line names one file twice: a usage error, as --frames-json naming the input is (it exited 1,
            // as what the disk holds). A link or a redirected standard input that makes them one is the disk's doing:
            // checkNotInput says it, exit 1, as compare's --out that a link makes one of its PICTUREs.
            throw new UsageException("--out " + out + " is the input video " + in + ", which writing would destroy"
                    + " while it is read; name another file");
        }
        VideoPipeline.checkNotInput(in, out);
        VideoPipeline.checkFramesNotInput(framesDir, in);
        if (!VideoPipeline.isStreamOutput(out)) {
            // A named pipe as --out is written to, not replaced: it was refused as "already exists; add --force".
            OutputFolder.writable("--out", out, force);
        }
        OutputFolder.checkFolderWritable(out);
        VideoPipeline.checkOutput(out, force);
        try {
            VideoPipeline.checkFragments(out, fragmented);
        } catch (VideoSettingException e) {
            throw asTyped(e);
        }
        checkFramesDirApart(framesDir, out);
        if (framesDir != null && Files.exists(framesDir) && !Files.isDirectory(framesDir)) {
            // A file where the frames' folder goes is a command line at fault, as --out naming a folder is (exit 2):
            // it had exited 1 as "cannot write frames to F: it is a file, not a folder", which named no option.
            throw new UsageException("--frames-dir " + framesDir + " is a file, not a folder; name a folder for the"
                    + " frame PNGs (created if absent)");
        }
        if (!force && VideoPipeline.holdsFramePngs(framesDir)) {
            throw new IllegalArgumentException("--frames-dir " + framesDir + " already holds frame PNGs; add --force to"
                    + " overwrite them");
        }
        VideoPipeline.checkFramesDir(framesDir, out, force);
        if (framesDir != null) {
            // Found only once the model had loaded, in Java's words: "cannot prepare frames folder ...:
            // FileSystemException: ...: Not a directory" (helper-164).
            OutputFolder.checkWritableFolder("--frames-dir", framesDir);
        }
        checkFramesJson(in);
        // A URL is not probed (that would fetch it twice), but a server that cannot be reached is said before the wait.
        in.checkReachable();
        if (in.canReopen()) {
            // The file's header gives its frame size: a size the encoder cannot write, a region outside the frame or a
            // scale that would feed the model gigapixels is said before the model loads.
            // (A camera and a named pipe are not opened twice: a pipe's bytes are read once. Their size is checked when
            // the run opens them.)
            VideoInfo info = in.probe();
            VideoPipeline.checkFrameSize(info, out);
            try {
                VideoExplainer.checkFrameSize(s, region, info.height(), info.width());
            } catch (IllegalArgumentException e) {
                throw namingOptions(e, s, info.source());
            }
            // --audio copy of audio that cannot be copied, or an --audio-track the file lacks, is said before the model
            // loads, too.
            try {
                VideoPipeline.checkAudio(in, audioMode, track);
            } catch (VideoSettingException e) {
                throw asTyped(e);
            }
        }
        try (VideoProgressBar progress = new VideoProgressBar(System.err, true);
                FramesJsonLines frames = framesJson == null ? null : new FramesJsonLines(framesJson);
                // Warned of as explain warns: video --pixel-offset=-1 fed every frame shifted without a word.
                CamSession cam = modelOptions.open(true, w -> {
                    PrintWriter stderr = spec.commandLine().getErr();
                    // On its own line if the bar is drawn by then.
                    stderr.println(io.github.cam4j.ProgressBars.ownLine("cam4j: warning: " + w));
                    stderr.flush();
                });
                // A model that does not say its ink gets dark ink on paper noted, as explain notes it, above the bar.
                VideoExplainer explainer = builder(cam, region, s).optPrediction(prediction).optNotes(progress::noticed)
                        .build()) {
            VideoPipeline.Builder pb = VideoPipeline.builder().setExplainer(explainer).optOverwrite(force)
                    .optFramesDir(framesDir).optMaxFrames(maxFrames).optAudio(audioMode).optAudioTrack(track).optDeinterlace(deinterlace);
            if (fragmented != null) {
                pb.optFragmented(fragmented);
            }
            VideoPipeline pipeline = pb.build();
            // From here a signal ends the run early (the hook asks until the run has begun, and waits until the video is
            // closed and this command has reported).
            if (!stop.working(pipeline::cancel)) {
                return 130;
            }
            try {
                VideoSummary summary = pipeline.run(in, out, frames == null ? progress
                        : VideoListener.all(progress, namedByOption(frames)));
                progress.close();
                report(summary);
                if (prediction == Prediction.WINDOW && !explainer.scoresWindows()) {
                    // Said, as the help says it: on a model CAM cannot open, a Grad-CAM video's captions give the whole
                    // frame's prediction, which names a small digit at a low probability, with no word on why. Said once
                    // the frames are written, not before: a model that cannot take the whole frame fails on the first,
                    // and its error says what to do.
                    PrintWriter stderr = spec.commandLine().getErr();
                    stderr.println("cam4j: note: the captions give the model's prediction for the whole frame (or --roi),"
                            + " as --predict region does: the digit-sized windows --predict window picks from are scored"
                            + " with CAM's maps of every class, which this model does not give ("
                            + modelOptions.shownTitle() + " explains it; CAM needs global average pooling then one dense"
                            + " layer of more than one unit); a digit that fills little of the frame can then be named at"
                            + " a low probability");
                    stderr.flush();
                }
            } catch (VideoExplainer.InputSizeException e) {
                progress.close();
                String square = e.modelHeight() == e.modelWidth() ? "a square --roi x,y,w,h around the digit (w = h)"
                        : "a --roi x,y,w,h of the model's proportions";
                throw new IllegalArgumentException(e.problem() + ": explain " + square + (s.isAuto()
                        ? ", which is resized to " + e.modelWidth() + "x" + e.modelHeight()
                        : " with --scale auto, which resizes it to " + e.modelWidth() + "x" + e.modelHeight()), e);
            } catch (IllegalArgumentException e) {
                // A pipe's or a camera's frame size is first known here, as the run opens it: its checks said neither
                // the option nor the video ("region of interest 400,0,10,10 (x,y,w,h) does not lie inside the 320x240
                // frame", helper-219's audit), as a file's said them before the model loaded.
                progress.close();
                throw namingOptions(e, s, in.toString());
            } catch (VideoException e) {
                if (!stop.requested()) {
                    throw e instanceof VideoSettingException refused ? asTyped(refused) : e;
                }
                // Stopped before the first frame ("nothing was written"), or failing as it stopped: said on standard
                // error before the hook lets the JVM end, which can come before the error handler's line is printed.
                progress.close();
                PrintWriter stderr = spec.commandLine().getErr();
                stderr.println("cam4j: " + e.getMessage());
                stderr.flush();
                return 130;
            }
        }
        return 0;
    }

    /**
     * --frames-json checked before the model loads: a path of the wrong kind (a folder, the input, --out) is a usage
     * error; an existing file without --force and a missing folder are what the disk holds.
     *
     * @param in the input, which the file must not be
     */
    private void checkFramesJson(VideoInput in) {
        if (framesJson == null) {
            return;
        }
        if (framesJson.toString().equals("-")) {
            // Standard output carries the run's summary lines: '-' made a file named '-' in the working folder.
            throw new UsageException("--frames-json -: standard output is not taken (it carries the run's summary);"
                    + " name a file (./- for a file called '-')");
        }
        Path resolved = io.github.cam4j.data.FileTrees.resolved(framesJson);
        if (framesDir != null) {
            Path folder = io.github.cam4j.data.FileTrees.resolved(framesDir);
            // The folder did not exist yet, so the check passed: the run created it, wrote a frame PNG, then failed
            // ("same.d: Is a directory", exit 1); a frame's name had the PNG and the lines overwrite each other, exit 0.
            if (resolved.equals(folder)) {
                throw new UsageException("--frames-json " + framesJson + " and --frames-dir " + framesDir + " are the"
                        + " same path: the frames go in a folder, the JSON Lines in a file; name them apart");
            }
            if (folder.equals(resolved.getParent())
                    && VideoPipeline.isFramePngName(resolved.getFileName().toString())) {
                throw new UsageException("--frames-json " + framesJson + " is a frame PNG's name in --frames-dir "
                        + framesDir + ": the frame and the JSON Lines would be written over each other; name another"
                        + " file");
            }
        }
        if (resolved.equals(io.github.cam4j.data.FileTrees.resolved(out))) {
            throw new UsageException("--frames-json " + framesJson + " and --out " + out + " are the same path: the"
                    + " frames' JSON Lines would be written over the video");
        }
        if (in.path() != null && resolved.equals(io.github.cam4j.data.FileTrees.resolved(in.path()))) {
            throw new UsageException("--frames-json " + framesJson + " is the input video " + in + "; name another"
                    + " file");
        }
        OutputFolder.writable("--frames-json", framesJson, force);
        OutputFolder.checkFolderWritable("--frames-json", framesJson);
        java.util.Optional<String> link = io.github.cam4j.data.FileTrees.whyNotWritableThroughLink(framesJson);
        if (link.isPresent()) {
            // Written through the link: it failed with the first frame, "cannot write --frames-json L: L".
            throw new IllegalArgumentException("--frames-json " + framesJson + " cannot be written: " + link.get());
        }
    }

    /**
     * @param frames the --frames-json writer
     * @return a listener that hears each frame as it does, and says a failed write naming the option, as the check
     *     before the run names it
     */
    private VideoListener namedByOption(FramesJsonLines frames) {
        return new VideoListener() {
            @Override
            public void explained(FrameExplanation e) {
                try {
                    frames.explained(e);
                } catch (UncheckedIOException failed) {
                    throw new UncheckedIOException("cannot write --frames-json " + framesJson + ": "
                            + failed.getCause().getMessage(), failed.getCause());
                }
            }
        };
    }

    /** @return the refusal in the command's words: naming its option (--audio), not the library's method */
    private static VideoException asTyped(VideoSettingException e) {
        return new VideoException(e.commandLineMessage(), e);
    }

    private void report(VideoSummary summary) {
        PrintWriter stdout = spec.commandLine().getOut();
        int width = summary.input().width();
        int height = summary.input().height();
        int[] written = VideoPipeline.writtenSize(width, height);
        String size = written[0] + "x" + written[1] + (written[0] == width && written[1] == height ? ""
                : " (the " + width + "x" + height + " input without its last " + (written[0] != width && written[1] != height
                        ? "column and row" : written[0] != width ? "column" : "row") + ", as H.264 needs even sides)");
        stdout.printf(Locale.ROOT, "wrote %s: %d frame%s (%d explained), %s at %.2f fps, in %.1f s (%.1f frames/s)%s%n",
                out, summary.frames(), summary.frames() == 1 ? "" : "s", summary.explainedFrames(), size, summary.input().frameRate(), summary.seconds(),
                summary.fps(),
                summary.cancelled() ? "; stopped early, the video plays up to there" : "");
        if (framesDir != null) {
            stdout.printf(Locale.ROOT, "frames in %s%n", framesDir);
        }
        if (framesJson != null) {
            stdout.printf(Locale.ROOT, "what each frame showed in %s (JSON Lines)%n", framesJson);
        }
        stdout.flush();
    }

    /**
     * A region or scale the first frame's size refuses ({@link io.github.cam4j.video.FrameSizeException}), said with the
     * option and the video it does not fit: the checks know neither. Exit 1, as what does not fit this input. Other
     * errors (a frame midway, named by its video and number) are returned as they are. Told apart by the exception's
     * type and field, where the messages' first words were matched.
     *
     * @param video the input as messages name it
     */
    private IllegalArgumentException namingOptions(IllegalArgumentException e, Scale s, String video) {
        if (!(e instanceof io.github.cam4j.video.FrameSizeException size)) {
            return e;
        }
        if (size.refused() == io.github.cam4j.video.FrameSizeException.Refused.REGION) {
            // Named neither the option nor the video (helper-164).
            return roi == null ? e : new IllegalArgumentException("--roi " + roi + ": " + e.getMessage() + " of video "
                    + video, e);
        }
        // "a 320x240 region scaled by 1.00e+09 is far larger ...: lower the scale" named no option and no video.
        return new IllegalArgumentException((s.isAuto() ? "" : "--scale " + scale + " on ") + "video " + video + ": "
                + e.getMessage(), e);
    }

    private VideoExplainer.Builder builder(CamSession cam, Box region, Scale s) throws InvalidInputException {
        Target target = classIndex == null ? Target.predicted() : Target.of(classIndex);
        // In explain's words ("--class 10 is out of range: ..."), before the explainer says it in the library's.
        TargetProblem.check(target, cam.model().classes());
        return VideoExplainer.builder().setSession(cam).optScale(s).optInvert(modelOptions.invertMode()).optRoi(region)
                .optEvery(every).optSmoothing(smooth.value()).optPositiveHeat("positive".equalsIgnoreCase(heat))
                .optColormap(renderOptions.colormap()).optAlpha(renderOptions.alpha())
                .optBoxThreshold(renderOptions.threshold()).optBackgroundFloor(floor.value())
                .optTarget(target).optMethodTitles(modelOptions.shownTitles());
    }

    /**
     * The frames folder cannot be the video's path or lie inside it (the video is a file): said naming both options,
     * before the model loads. It was found once the model had loaded, in FFmpeg's words ("error -21 (Is a directory)").
     */
    private static void checkFramesDirApart(Path framesDir, Path out) {
        if (framesDir == null) {
            return;
        }
        Path folder = io.github.cam4j.data.FileTrees.resolved(framesDir);
        Path video = io.github.cam4j.data.FileTrees.resolved(out);
        if (folder.equals(video)) {
            throw new UsageException("--frames-dir " + framesDir + " and --out " + out + " are the same path: "
                    + "the frames go in a folder, the video in a file; name them apart");
        }
        if (folder.startsWith(video)) {
            throw new UsageException("--frames-dir " + framesDir + " lies inside --out " + out + ", the video"
                    + " file; name a folder beside it");
        }
    }

    /**
     * @param text {@code --roi} as typed
     * @return the region
     * @throws UsageException naming {@code --roi}: for anything but four parts (a trailing comma is a fifth, empty
     *     part), a part no int, a whole number beyond an int's range (said so, as for every int option), a negative
     *     width or height, or a negative corner
     */
    private static Box parseRoi(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 4) {
            throw new UsageException("--roi '" + text + "' must be four integers x,y,w,h (pixels of the frame)");
        }
        int[] values = new int[4];
        for (int i = 0; i < 4; i++) {
            try {
                values[i] = new NumberText.Ints().convert(parts[i].strip());
            } catch (picocli.CommandLine.TypeConversionException e) {
                // "99999999999 is beyond an int's range (...)" had been "must be four integers", which it is.
                throw new UsageException("--roi '" + text + "' must be four integers x,y,w,h (pixels of the frame): "
                        + e.getMessage(), e);
            }
        }
        if (values[2] < 0 || values[3] < 0) {
            // Four integers, one size negative: it was "must be four integers", which -5 is.
            throw new UsageException("--roi " + text + " has a negative size: its width and height must be at least 1");
        }
        if (values[0] < 0 || values[1] < 0) {
            // No frame holds it, whatever its size: a file's was refused as not inside its frame (exit 1), a pipe's
            // only once the model had loaded, in the library's words (VideoExplainer.Builder.optRoi).
            throw new UsageException("--roi " + text + " has a negative corner: x and y are frame pixels, 0 or more");
        }
        return new Box(values[0], values[1], values[2], values[3]);
    }
}
