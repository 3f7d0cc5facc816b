package io.github.cam4j.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The folder a run writes its frame PNGs to ({@link VideoPipeline.Builder#optFramesDir}): how a frame's PNG is named,
 * the checks made of the folder before a run, and the removal of an earlier run's frames.
 */
final class FramesFolder {
    /** What {@link VideoPipeline#framePng} names a frame: only such files are replaced in a frames folder. */
    private static final java.util.regex.Pattern FRAME_PNG = java.util.regex.Pattern.compile("frame-\\d{6,}\\.png");

    private FramesFolder() {}

    /** {@link VideoPipeline#checkFramesDir(Path, boolean)}. */
    static void checkFramesDir(Path dir, boolean overwrite) throws VideoException {
        if (dir == null) {
            return;
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new VideoException("cannot write frames to " + dir + ": it is a file, not a folder");
        }
        if (Files.isDirectory(dir)) {
            // Not removed as an earlier run's frame (only files are), it was found when its frame came: the run failed
            // midway, "cannot write image .../frame-000005.png: it is a directory".
            try (Stream<Path> files = Files.list(dir)) {
                Optional<Path> blocking = files.filter(p -> frameIndex(p.getFileName().toString()) >= 0
                        && !Files.isRegularFile(p)).sorted().findFirst();
                if (blocking.isPresent()) {
                    String name = blocking.get().getFileName().toString();
                    throw new VideoException("cannot write frames to " + dir + ": " + name + " there is "
                            + (Files.isDirectory(blocking.get()) ? "a folder" : "no file") + ", where frame "
                            + frameIndex(name) + " would be written");
                }
            } catch (IOException e) {
                throw new VideoException("cannot read frames folder " + dir + ": " + e.getClass().getSimpleName() + ": "
                        + e.getMessage(), e);
            }
        }
        if (!overwrite && holdsFramePngs(dir)) {
            // The command line checks this first and names --force; this message is the library's.
            throw new VideoException("frames folder " + dir + " already holds frame PNGs; they are not overwritten "
                    + "unless the pipeline is allowed to (VideoPipeline.Builder.optOverwrite)");
        }
    }

    /** {@link VideoPipeline#holdsFramePngs(Path)}. */
    static boolean holdsFramePngs(Path dir) throws VideoException {
        return dir != null && Files.isDirectory(dir) && !framePngs(dir).isEmpty();
    }

    /** {@link VideoPipeline#checkFramesDir(Path, Path, boolean)}. */
    static void checkFramesDir(Path dir, Path output, boolean overwrite) throws VideoException {
        if (dir != null) {
            Path folder = io.github.cam4j.data.FileTrees.resolved(dir);
            Path video = io.github.cam4j.data.FileTrees.resolved(output);
            if (folder.equals(video)) {
                throw new VideoException("cannot write frames to " + dir + ": it is the path of the video " + output
                        + "; the frames need a folder of their own");
            }
            if (folder.startsWith(video)) {
                throw new VideoException("cannot write frames to " + dir + ": it lies inside the video " + output
                        + ", a file; the frames need a folder beside it");
            }
        }
        checkFramesDir(dir, overwrite);
    }

    /**
     * Refuses a frames folder that holds the input's own pictures, named as the frames are: a run removes an earlier
     * run's frame PNGs from it and writes its own there. An image sequence {@code frames/frame-%06d.png} explained with
     * {@code --frames-dir frames --force} lost all its pictures, and the run then failed for want of them (helper-164).
     *
     * @param dir the frames folder, or null for none
     * @param input what is read; null or a camera pass
     * @throws VideoException naming both when the input's file, or the first picture of its sequence, lies in {@code
     *     dir} named as a frame
     */
    static void checkNotInput(Path dir, VideoInput input) throws VideoException {
        if (dir == null || input == null || input.isCamera() || input.path() == null) {
            return;
        }
        Path file = input.path();
        Path picture = Files.exists(file) ? file : PictureFiles.firstOfSequence(file).orElse(file);
        Path folder = io.github.cam4j.data.FileTrees.resolved(dir);
        Path parent = io.github.cam4j.data.FileTrees.resolved(picture).getParent();
        if (folder.equals(parent) && isFrameOrItsTemporary(picture.getFileName().toString())) {
            throw new VideoException("cannot write frames to " + dir + ": it holds the input " + file + ", whose"
                    + " pictures are named as the frames a run writes there (frame-NNNNNN.png) and would be removed or"
                    + " written over; choose another --frames-dir");
        }
    }

    /**
     * Makes the frames folder ready: an earlier run's frame PNGs are removed (only files named as {@link
     * VideoPipeline#framePng} names them), so that a shorter run does not leave stale frames after its own.
     */
    static void prepareFramesDir(Path framesDir, boolean overwrite) throws VideoException {
        if (framesDir == null) {
            return;
        }
        checkFramesDir(framesDir, overwrite);
        try {
            if (Files.isDirectory(framesDir)) {
                for (Path png : framePngs(framesDir)) {
                    Files.delete(png);
                }
            }
            Files.createDirectories(framesDir);
        } catch (IOException e) {
            throw new VideoException("cannot prepare frames folder " + framesDir + ": " + whyNot(framesDir, e), e);
        }
    }

    /**
     * @return why a frames folder could not be made or emptied, in words: a file where a folder of its path should be,
     *     or a folder that cannot be written; else what Java said. The library's run said "FileSystemException: ...:
     *     Not a directory" where the command line named the file in the way (helper-164).
     */
    private static String whyNot(Path framesDir, IOException e) {
        java.util.Optional<Path> file = io.github.cam4j.data.FileTrees.fileInTheWay(framesDir);
        if (file.isPresent()) {
            return file.get() + " is a file, not a folder";
        }
        Path existing = framesDir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isWritable(existing)) {
            return "folder " + existing + " " + io.github.cam4j.data.FileTrees.whyNotWritable(existing);
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * @return the files in {@code dir} named as {@link VideoPipeline#framePng} names them, and the temporaries of such
     *     frames a killed run left (written through {@link io.github.cam4j.data.AtomicFile}): a later run kept them
     *     (helper-68)
     */
    private static List<Path> framePngs(Path dir) throws VideoException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> isFrameOrItsTemporary(p.getFileName().toString()) && Files.isRegularFile(p))
                    .toList();
        } catch (IOException e) {
            throw new VideoException("cannot read frames folder " + dir + ": " + e.getClass().getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@link VideoPipeline#isFramePngName}. */
    static boolean isFramePngName(String name) {
        return FRAME_PNG.matcher(name).matches();
    }

    private static boolean isFrameOrItsTemporary(String name) {
        return FRAME_PNG.matcher(name).matches() || io.github.cam4j.data.AtomicFile.leftoverOf(name)
                .filter(n -> FRAME_PNG.matcher(n).matches()).isPresent();
    }

    /**
     * @param name a file name
     * @return the frame written under that name ({@link VideoPipeline#framePng}), or -1 when no frame is: {@code
     *     frame-0000001.png} is not frame 1's ({@code frame-000001.png}), and a number past a long's range is no
     *     frame's
     */
    private static long frameIndex(String name) {
        if (!FRAME_PNG.matcher(name).matches() || name.length() > "frame-.png".length() + 18) {
            return -1;
        }
        long index = Long.parseLong(name.substring("frame-".length(), name.length() - ".png".length()));
        return framePng(Path.of("."), index).getFileName().toString().equals(name) ? index : -1;
    }

    /** {@link VideoPipeline#framePng(Path, long)}. */
    static Path framePng(Path dir, long index) {
        return dir.resolve(String.format(Locale.ROOT, "frame-%06d.png", index));
    }
}
