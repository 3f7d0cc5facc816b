package io.github.cam4j.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;

import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.Box;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Synthetic test videos: MNIST test digits moving across a larger canvas, written with the same JavaCV recorder the
 * pipeline uses. Shared by the tests and the benchmark; nothing is stored in the repository.
 */
public final class TestVideos {
    static {
        // FFmpeg describes every file it opens on standard error; tests need only its errors.
        org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
    }

    private TestVideos() {}

    /**
     * What was drawn.
     *
     * @param boxes per frame, the square the digit was pasted into (frame pixels)
     * @param labels per frame, the true label of the digit shown
     */
    public record Truth(List<Box> boxes, List<Integer> labels) {}

    /**
     * Writes a clip where one digit at a time (a new one every {@code framesPerDigit} frames, the test set's first ones
     * in order) glides across the canvas, left to right and back, bobbing up and down.
     *
     * @param out the mp4 to write
     * @param digits MNIST test digits
     * @param width canvas width
     * @param height canvas height
     * @param frames number of frames
     * @param zoom digit size multiplier (nearest neighbour: 28 -> 28 * zoom)
     * @param darkOnLight draw black digits on white instead of white on black
     * @param fps frame rate
     * @param withAudio also write a 440 Hz mono tone track
     * @return where each frame's digit is
     */
    public static Truth movingDigits(Path out, LabeledImages digits, int width, int height, int frames, int zoom,
            boolean darkOnLight, double fps, boolean withAudio) throws Exception {
        return movingDigits(out, digits, width, height, frames, zoom, fps, withAudio,
                (index, box) -> canvas(digits, index, width, height, box, darkOnLight));
    }

    /**
     * Like {@link #movingDigits} but as a camera sees digits written on paper: grey paper (level 200 of 255) with
     * sensor noise (Gaussian, sigma 8, new in every frame), the digit's ink dark (level 40), blended by the digit's
     * intensity.
     *
     * @param out the mp4 to write
     * @param digits MNIST test digits
     * @param width canvas width
     * @param height canvas height
     * @param frames number of frames
     * @param zoom digit size multiplier
     * @param seed seeds the noise
     * @return where each frame's digit is
     */
    public static Truth movingDigitsOnPaper(Path out, LabeledImages digits, int width, int height, int frames, int zoom,
            long seed) throws Exception {
        return movingDigitsOnPaper(out, digits, width, height, frames, zoom, seed, 0);
    }

    /**
     * {@link #movingDigitsOnPaper} under a lamp to the left: the light falls off to the right by {@code falloff} (0.5:
     * the right edge gets half the light).
     *
     * @param out the mp4 to write
     * @param digits MNIST test digits
     * @param width canvas width
     * @param height canvas height
     * @param frames number of frames
     * @param zoom digit size multiplier
     * @param seed seeds the noise
     * @param falloff how much darker the right edge is
     * @return where each frame's digit is
     */
    public static Truth movingDigitsOnPaper(Path out, LabeledImages digits, int width, int height, int frames, int zoom,
            long seed, double falloff) throws Exception {
        java.util.Random noise = new java.util.Random(seed);
        return movingDigits(out, digits, width, height, frames, zoom, 25, false, (index, box) -> {
            Mat frame = canvas(digits, index, width, height, box, false);
            try (org.bytedeco.javacpp.indexer.UByteIndexer px = frame.createIndexer()) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        double ink = px.get(y, x, 0) / 255.0;
                        double grain = 8 * noise.nextGaussian();
                        for (int c = 0; c < 3; c++) {
                            double light = 1 - falloff * x / width;
                            long v = Math.round((200 * (1 - ink) + 40 * ink) * light + grain);
                            px.put(y, x, c, (int) Math.max(0, Math.min(255, v)));
                        }
                    }
                }
            }
            return frame;
        });
    }

    private static Truth movingDigits(Path out, LabeledImages digits, int width, int height, int frames, int zoom,
            double fps, boolean withAudio, java.util.function.BiFunction<Integer, Box, Mat> painter) throws Exception {
        int side = 28 * zoom;
        int framesPerDigit = 12;
        List<Box> boxes = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int sampleRate = 16000;
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(out.toFile(), width, height, withAudio ? 1 : 0);
                OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat()) {
            r.setFormat("mp4");
            r.setVideoCodec(AV_CODEC_ID_H264);
            r.setPixelFormat(AV_PIX_FMT_YUV420P);
            r.setFrameRate(fps);
            r.setVideoBitrate(Math.max(400_000, width * height * 4));
            if (withAudio) {
                r.setSampleRate(sampleRate);
                r.setAudioCodec(AV_CODEC_ID_AAC);
                r.setAudioBitrate(64_000);
            }
            r.start();
            long samplesWritten = 0;
            for (int i = 0; i < frames; i++) {
                int digit = i / framesPerDigit;
                // A triangle wave left-right over 40 frames, a slower bob up and down.
                double phase = (i % 40) / 40.0;
                double tx = phase < 0.5 ? phase * 2 : 2 - phase * 2;
                int x = (int) Math.round(tx * (width - side));
                int y = (int) Math.round((0.5 + 0.4 * Math.sin(i * 2 * Math.PI / 29)) * (height - side));
                Box box = new Box(x, y, side, side);
                boxes.add(box);
                labels.add(digits.label(digit % digits.count()));
                try (Mat frame = painter.apply(digit % digits.count(), box)) {
                    r.record(conv.convert(frame), AV_PIX_FMT_BGR24);
                }
                if (withAudio) {
                    long upTo = Math.round((i + 1) * sampleRate / fps);
                    short[] tone = new short[(int) (upTo - samplesWritten)];
                    for (int s = 0; s < tone.length; s++) {
                        tone[s] = (short) (8000 * Math.sin(2 * Math.PI * 440 * (samplesWritten + s) / sampleRate));
                    }
                    samplesWritten = upTo;
                    r.recordSamples(sampleRate, 1, ShortBuffer.wrap(tone));
                }
            }
            r.stop();
        }
        return new Truth(boxes, labels);
    }

    /**
     * Writes an H.264 mp4 whose rate rises midway, as a phone's or a screen recording's may: slots of 1/30 s, a frame in
     * every third for 10 s (10 fps), then in every one for 3 s (30 fps), 190 frames in all, each {@code picture}.
     *
     * @param picture a BGR picture of even width and height, the clip's size
     */
    public static void risingRate(Path out, Mat picture) throws java.io.IOException {
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(out.toFile(), picture.cols(), picture.rows(), 0);
                OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat()) {
            r.setFormat("mp4");
            r.setVideoCodec(AV_CODEC_ID_H264);
            r.setPixelFormat(AV_PIX_FMT_YUV420P);
            r.setFrameRate(30);
            r.start();
            for (int slot = 0; slot < 390; slot++) {
                if (slot >= 300 || slot % 3 == 0) {
                    r.setFrameNumber(slot);
                    r.record(conv.convert(picture), AV_PIX_FMT_BGR24);
                }
            }
            r.stop();
        }
    }

    /** @return a BGR canvas with digit {@code index} pasted (zoomed to the box's size) into {@code box} */
    public static Mat canvas(LabeledImages digits, int index, int width, int height, Box box, boolean darkOnLight) {
        Mat frame = new Mat(height, width, CV_8UC3, new Scalar(darkOnLight ? 255 : 0, darkOnLight ? 255 : 0,
                darkOnLight ? 255 : 0, 0));
        try (Mat digit = new Mat(digits.rows(), digits.cols(), CV_8UC1);
                BytePointer data = new BytePointer(digit.data());
                Mat big = new Mat();
                Mat bgr = new Mat();
                Size size = new Size(box.width(), box.height());
                Rect rect = new Rect(box.x(), box.y(), box.width(), box.height());
                Mat target = new Mat(frame, rect)) {
            data.put(digits.pixels(), index * digits.imageSize(), digits.imageSize());
            opencv_imgproc.resize(digit, big, size, 0, 0, INTER_NEAREST);
            if (darkOnLight) {
                opencv_core.bitwise_not(big, big);
            }
            opencv_imgproc.cvtColor(big, bgr, COLOR_GRAY2BGR);
            bgr.copyTo(target);
        }
        return frame;
    }

    /**
     * Writes an uncompressed YUV4MPEG2 clip (what FFmpeg's {@code -f yuv4mpegpipe} writes), grey: the picture is the
     * luma plane and the colour planes are neutral. Unlike H.264, it takes any size, odd or tiny.
     *
     * @param out the .y4m file to write
     * @param width frame width
     * @param height frame height
     * @param frames number of frames
     * @param luma for each frame index, {@code width * height} grey levels, row by row
     */
    public static void greyY4m(Path out, int width, int height, int frames,
            java.util.function.IntFunction<byte[]> luma) throws java.io.IOException {
        int chroma = ((width + 1) / 2) * ((height + 1) / 2);
        byte[] neutral = new byte[2 * chroma];
        java.util.Arrays.fill(neutral, (byte) 128);
        try (java.io.OutputStream o = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(out))) {
            o.write(("YUV4MPEG2 W" + width + " H" + height + " F25:1 Ip A1:1 C420jpeg\n").getBytes(
                    java.nio.charset.StandardCharsets.US_ASCII));
            for (int i = 0; i < frames; i++) {
                byte[] y = luma.apply(i);
                if (y.length != width * height) {
                    throw new IllegalArgumentException("frame " + i + " has " + y.length + " grey levels for " + width
                            + "x" + height);
                }
                o.write("FRAME\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                o.write(y);
                o.write(neutral);
            }
        }
    }

    /**
     * Writes a Matroska clip of black H.264 frames with a 440 Hz tone as 16-bit PCM, which Matroska takes at any sample
     * rate and channel count (the mp4 the pipeline writes takes AAC only: some rates, at most 8 channels).
     *
     * @param out the .mkv file to write
     * @param frames number of 160x120 frames at 25 fps
     * @param sampleRate audio samples per second
     * @param channels audio channels
     */
    public static void toneClip(Path out, int frames, int sampleRate, int channels) throws Exception {
        toneClip(out, frames, sampleRate, channels, 160, 120);
    }

    /** As {@link #toneClip(Path, int, int, int)}, with frames of {@code width x height}. */
    public static void toneClip(Path out, int frames, int sampleRate, int channels, int width, int height)
            throws Exception {
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(out.toFile(), width, height, channels);
                OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat();
                Mat black = new Mat(height, width, CV_8UC3, new Scalar(0, 0, 0, 0))) {
            r.setFormat("matroska");
            r.setVideoCodec(AV_CODEC_ID_H264);
            r.setPixelFormat(AV_PIX_FMT_YUV420P);
            r.setFrameRate(25);
            r.setAudioCodec(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_PCM_S16LE);
            r.setSampleRate(sampleRate);
            r.start();
            long samplesWritten = 0;
            for (int i = 0; i < frames; i++) {
                r.record(conv.convert(black), AV_PIX_FMT_BGR24);
                long upTo = Math.round((i + 1) * sampleRate / 25.0);
                short[] tone = new short[(int) (upTo - samplesWritten) * channels];
                for (int s = 0; s < tone.length; s++) {
                    tone[s] = (short) (8000 * Math.sin(2 * Math.PI * 440 * (samplesWritten + s / channels) / sampleRate));
                }
                samplesWritten = upTo;
                r.recordSamples(sampleRate, channels, ShortBuffer.wrap(tone));
            }
            r.stop();
        }
    }

    /**
     * Copies every stream of the given files, packet by packet, into one Matroska file: the first file's streams
     * first, then the second's, and so on. What a recorder cannot write: it writes one video and one audio stream.
     *
     * @param out the .mkv file to write
     * @param inputs the files whose streams are copied
     * @param dispositions each output stream's FFmpeg disposition flags, in order (e.g.
     *     {@code AV_DISPOSITION_DEFAULT}, the stream a player picks, or 0)
     */
    public static void mux(Path out, List<Path> inputs, int... dispositions) throws java.io.IOException {
        copyPackets(out, "matroska", inputs, dispositions, 0);
    }

    /**
     * Copies a clip into an mp4 that starts {@code cutSeconds} into it, as {@code ffmpeg -ss S -c copy} cuts a file
     * without re-encoding: the packets before the cut are kept, with times before 0 (the frames from the keyframe
     * before the cut are needed to decode the ones after it), and the mp4 muxer writes an edit list that shows the
     * clip from the cut on. The video track's header counts every frame it holds, shown or not.
     *
     * @param in the clip
     * @param out the .mp4 to write
     * @param cutSeconds where the shown part starts
     */
    public static void cutByEditList(Path in, Path out, double cutSeconds) throws java.io.IOException {
        copyPackets(out, "mp4", List.of(in), null, cutSeconds);
    }

    /**
     * @param dispositions each output stream's disposition flags; null keeps the inputs'
     * @param earlierSeconds every packet's time is moved this much earlier
     */
    private static void copyPackets(Path out, String format, List<Path> inputs, int[] dispositions,
            double earlierSeconds) throws java.io.IOException {
        List<AVFormatContext> ins = new ArrayList<>();
        AVFormatContext oc = new AVFormatContext(null);
        AVPacket pkt = avcodec.av_packet_alloc();
        try {
            check(avformat.avformat_alloc_output_context2(oc, null, format, out.toString()), "output " + out);
            int[] first = new int[inputs.size()];
            for (int i = 0; i < inputs.size(); i++) {
                AVFormatContext ic = new AVFormatContext(null);
                check(avformat.avformat_open_input(ic, inputs.get(i).toString(), null, null), "input " + inputs.get(i));
                ins.add(ic);
                check(avformat.avformat_find_stream_info(ic, (org.bytedeco.javacpp.PointerPointer<?>) null),
                        "streams of " + inputs.get(i));
                first[i] = oc.nb_streams();
                for (int s = 0; s < ic.nb_streams(); s++) {
                    AVStream os = avformat.avformat_new_stream(oc, null);
                    check(avcodec.avcodec_parameters_copy(os.codecpar(), ic.streams(s).codecpar()), "stream " + s);
                    os.codecpar().codec_tag(0);
                    os.time_base(ic.streams(s).time_base());
                    os.disposition(dispositions == null ? ic.streams(s).disposition() : dispositions[os.index()]);
                }
            }
            if (dispositions != null && oc.nb_streams() != dispositions.length) {
                throw new IllegalArgumentException(dispositions.length + " dispositions for " + oc.nb_streams()
                        + " streams");
            }
            AVIOContext pb = new AVIOContext(null);
            check(avformat.avio_open(pb, out.toString(), avformat.AVIO_FLAG_WRITE), "output " + out);
            oc.pb(pb);
            check(avformat.avformat_write_header(oc, (org.bytedeco.ffmpeg.avutil.AVDictionary) null), "header of " + out);
            for (int i = 0; i < ins.size(); i++) {
                AVFormatContext ic = ins.get(i);
                while (avformat.av_read_frame(ic, pkt) >= 0) {
                    int o = first[i] + pkt.stream_index();
                    org.bytedeco.ffmpeg.avutil.AVRational base = ic.streams(pkt.stream_index()).time_base();
                    long earlier = Math.round(earlierSeconds * base.den() / base.num());
                    pkt.pts(pkt.pts() - earlier);
                    pkt.dts(pkt.dts() - earlier);
                    avcodec.av_packet_rescale_ts(pkt, base, oc.streams(o).time_base());
                    pkt.stream_index(o);
                    pkt.pos(-1);
                    check(avformat.av_interleaved_write_frame(oc, pkt), "packet of " + out);
                }
            }
            check(avformat.av_write_trailer(oc), "trailer of " + out);
        } finally {
            avcodec.av_packet_free(pkt);
            for (AVFormatContext ic : ins) {
                avformat.avformat_close_input(ic);
            }
            if (oc.pb() != null) {
                avformat.avio_closep(oc.pb());
            }
            avformat.avformat_free_context(oc);
        }
    }

    private static void check(int ret, String what) throws java.io.IOException {
        if (ret < 0) {
            throw new java.io.IOException("FFmpeg error " + ret + " on " + what);
        }
    }

    /**
     * Writes an mp3 of a 440 Hz tone with a cover picture (an ID3v2 APIC frame holding a 64x64 PNG), as music files
     * carry album art: FFmpeg shows the cover as a video stream of one picture marked as attached.
     *
     * @param out the .mp3 file to write
     */
    public static void mp3WithCover(Path out) throws Exception {
        Path plain = out.resolveSibling(out.getFileName() + ".plain.mp3");
        int sampleRate = 44100;
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(plain.toFile(), 1)) {
            r.setFormat("mp3");
            r.setAudioCodec(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MP3);
            r.setSampleRate(sampleRate);
            r.start();
            short[] tone = new short[sampleRate];
            for (int s = 0; s < tone.length; s++) {
                tone[s] = (short) (8000 * Math.sin(2 * Math.PI * 440 * s / sampleRate));
            }
            r.recordSamples(sampleRate, 1, ShortBuffer.wrap(tone));
            r.stop();
        }
        byte[] png;
        try (Mat cover = new Mat(64, 64, CV_8UC3, new Scalar(0, 0, 255, 0));
                BytePointer encoded = new BytePointer()) {
            org.bytedeco.opencv.global.opencv_imgcodecs.imencode(".png", cover, encoded);
            png = new byte[(int) encoded.limit()];
            encoded.get(png);
        }
        java.io.ByteArrayOutputStream apic = new java.io.ByteArrayOutputStream();
        apic.write(0); // text encoding
        apic.write("image/png\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        apic.write(3); // front cover
        apic.write(0); // empty description
        apic.write(png);
        java.io.ByteArrayOutputStream tag = new java.io.ByteArrayOutputStream();
        tag.write("APIC".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        tag.write(java.nio.ByteBuffer.allocate(4).putInt(apic.size()).array());
        tag.write(new byte[] {0, 0});
        apic.writeTo(tag);
        int n = tag.size();
        try (java.io.OutputStream o = java.nio.file.Files.newOutputStream(out)) {
            o.write(new byte[] {'I', 'D', '3', 3, 0, 0, (byte) ((n >> 21) & 0x7f), (byte) ((n >> 14) & 0x7f),
                (byte) ((n >> 7) & 0x7f), (byte) (n & 0x7f)});
            tag.writeTo(o);
            o.write(java.nio.file.Files.readAllBytes(plain));
        }
        java.nio.file.Files.delete(plain);
    }

    /**
     * @param digits MNIST test digits
     * @param index which one
     * @param side the square's side
     * @return the digit resized to {@code side x side} (area averaging), grey levels row by row
     */
    public static byte[] digitPixels(LabeledImages digits, int index, int side) {
        try (Mat digit = new Mat(digits.rows(), digits.cols(), CV_8UC1);
                BytePointer data = new BytePointer(digit.data());
                Mat sized = new Mat();
                Size size = new Size(side, side)) {
            data.put(digits.pixels(), index * digits.imageSize(), digits.imageSize());
            opencv_imgproc.resize(digit, sized, size, 0, 0, opencv_imgproc.INTER_AREA);
            byte[] out = new byte[side * side];
            try (BytePointer p = new BytePointer(sized.data())) {
                p.get(out);
            }
            return out;
        }
    }

    /**
     * Writes the first half of a file's bytes, as a copy or download cut off midway leaves it.
     *
     * @param whole the file
     * @param cut where its first half is written
     * @return {@code cut}
     */
    public static Path firstHalf(Path whole, Path cut) throws java.io.IOException {
        byte[] bytes = java.nio.file.Files.readAllBytes(whole);
        java.nio.file.Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        return cut;
    }

    /**
     * Writes an mp4 without its first box ({@code ftyp}), as old QuickTime files start directly with {@code moov}: the
     * chunk offsets its index gives ({@code stco}, counted from the file's start) are moved back by the box's size.
     *
     * @param mp4 an mp4 whose index has 32-bit chunk offsets (under 4 GB)
     * @param out where the file without {@code ftyp} is written
     * @return {@code out}
     */
    public static Path withoutFtyp(Path mp4, Path out) throws java.io.IOException {
        byte[] bytes = java.nio.file.Files.readAllBytes(mp4);
        int ftyp = java.nio.ByteBuffer.wrap(bytes).getInt(0);
        byte[] rest = java.util.Arrays.copyOfRange(bytes, ftyp, bytes.length);
        moveChunkOffsets(java.nio.ByteBuffer.wrap(rest), 0, rest.length, -ftyp);
        java.nio.file.Files.write(out, rest);
        return out;
    }

    /**
     * Writes a plain mp4 (its index, the {@code moov} box, last) with its index's header giving a 64-bit size, as a
     * recorder does for a box past 4 GB: a size field of 1, the type, then the size in 8 bytes. The index moves 8 bytes
     * on and holds the same; the chunk offsets it gives point before it, into the frames, and stay.
     *
     * @param mp4 a plain mp4, its last box its {@code moov}
     * @param out where the file is written
     * @return where its {@code moov} starts in {@code out}
     */
    public static int with64BitIndexSize(Path mp4, Path out) throws java.io.IOException {
        byte[] bytes = java.nio.file.Files.readAllBytes(mp4);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
        int moov = 0;
        while (moov + b.getInt(moov) < bytes.length) {
            moov += b.getInt(moov);
        }
        if (b.getInt(moov + 4) != 0x6d6f6f76 || moov + b.getInt(moov) != bytes.length) {
            throw new IllegalArgumentException(mp4 + " does not end with its moov");
        }
        int size = b.getInt(moov);
        java.nio.ByteBuffer large = java.nio.ByteBuffer.allocate(bytes.length + 8);
        large.put(bytes, 0, moov).putInt(1).putInt(0x6d6f6f76).putLong(size + 8L).put(bytes, moov + 8, size - 8);
        java.nio.file.Files.write(out, large.array());
        return moov;
    }

    /** Adds {@code delta} to every {@code stco} entry among the boxes in {@code [from, to)}, and in the boxes they hold. */
    private static void moveChunkOffsets(java.nio.ByteBuffer b, int from, int to, int delta) {
        List<Integer> holders = List.of(0x6d6f6f76, 0x7472616b, 0x6d646961, 0x6d696e66, 0x7374626c); // moov trak mdia minf stbl
        for (int at = from; at + 8 <= to; at += b.getInt(at)) {
            int type = b.getInt(at + 4);
            if (holders.contains(type)) {
                moveChunkOffsets(b, at + 8, at + b.getInt(at), delta);
            } else if (type == 0x7374636f) { // stco: version and flags, a count, the offsets
                for (int i = 0; i < b.getInt(at + 12); i++) {
                    b.putInt(at + 16 + 4 * i, b.getInt(at + 16 + 4 * i) + delta);
                }
            }
        }
    }

    /**
     * @param video a video file
     * @return its number of decodable video frames, counted by decoding them all
     */
    public static int countFrames(Path video) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile())) {
            g.start();
            int n = 0;
            for (Frame f; (f = g.grabImage()) != null; ) {
                n++;
            }
            g.stop();
            return n;
        }
    }
}
