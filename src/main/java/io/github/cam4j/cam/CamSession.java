package io.github.cam4j.cam;

import io.github.cam4j.model.TensorData;
import io.github.cam4j.render.Box;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.ImageException;
import io.github.cam4j.render.Images;
import io.github.cam4j.render.Placement;
import io.github.cam4j.render.Resize;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.GradientHead;
import io.github.cam4j.savedmodel.InputCrop;
import io.github.cam4j.savedmodel.InputSpec;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import io.github.cam4j.savedmodel.TensorNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Class activation maps from one run of a model per batch: the last convolution's activations and the logits are
 * fetched together, each target class's kernel column weighs the activations, and the map is upsampled to the
 * input's size with OpenCV's bilinear interpolation, each feature cell placed where the graph's convolutions and
 * poolings put its centre ({@link io.github.cam4j.savedmodel.FeatureGrid}).
 *
 * <pre>{@code
 * try (CamSession cam = CamSession.builder().setModel(Path.of("saved_models/mnist-pooled")).build()) {
 *     CamResult r = cam.explain(Path.of("digit.png"));
 *     System.out.println(r.label() + " " + r.probability() + " " + r.box(0.2).map(Box::toString).orElse("none"));
 * }
 * }</pre>
 *
 * <p>Thread-safe: one session serves concurrent callers (TensorFlow sessions are, and each call uses its own runner
 * and buffers). The classifier weights are read once when the session opens.
 *
 * <p>A picture of another size than a single-channel light-on-dark model's training size (a photo of a digit) is
 * framed as MNIST framed its digits, and its maps are drawn back onto the picture ({@link Framing}); one of that size
 * on a ground that is not black (a crop of a scan) is brought to MNIST's levels, ground 0 and ink 255.
 *
 * <p>Grad-CAM (Selvaraju et al. 2017) for models without global average pooling, or to compare:
 * {@code optLoadOptions(LoadOptions.defaults().withGradCam())}. The gradient of the class's logit at the features is
 * TensorFlow's own, added to the model's graph when it opens; the predicted class's comes from the same run as the
 * features (the class is picked in the graph), each further top-k class costs one more run. On a model ending in
 * global average pooling and a dense layer Grad-CAM's map is CAM's positive part over the number of cells.
 *
 * <p>A single picture that is blank but for a part of it is fed as that part when the model's graph shows that this
 * gives the same features ({@link io.github.cam4j.savedmodel.LocalFeatures}; see {@link Builder#optSkipBlank}): the
 * same maps and probabilities, to float rounding, at the part's cost. Under Score-CAM the same holds for every
 * picture's masked copies, which are most of its cost.
 */
public final class CamSession implements AutoCloseable {
    /** Batches of at least this many images make their maps in parallel. */
    private static final int PARALLEL_FROM = 8;
    /** Whether pictures are fed at their own size ({@link Builder#optKeepInputSize}): a size failure then says so. */
    private final boolean keepsInputSize;

    private final CamModel model;
    private final boolean ownsModel;
    private final ImagePreparer preparer;
    private final int maxBatch;
    private final boolean skipBlank;
    private final boolean scoreCam;
    private final boolean eigenCam;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Model runs hold it shared, {@link #close} exclusively: a session is never closed under a run. */
    private final java.util.concurrent.locks.ReentrantReadWriteLock lifecycle =
            new java.util.concurrent.locks.ReentrantReadWriteLock();
    private final boolean inkUnknown;

    private CamSession(Builder b, CamModel model, boolean ownsModel, boolean inkUnknown) {
        this.model = model;
        this.inkUnknown = inkUnknown;
        this.ownsModel = ownsModel;
        this.keepsInputSize = b.keepInputSize;
        this.preparer = new ImagePreparer(model.input(), b.invert, b.keepInputSize, b.framing, b.warnings,
                inkUnknown ? b.notes : null);
        this.maxBatch = b.maxBatch;
        this.skipBlank = b.skipBlank;
        this.scoreCam = b.scoreCam;
        this.eigenCam = b.eigenCam;
    }

    /**
     * @return false for a model opened from a folder that does not say which ink it was trained on (an imported model
     *     without cam4j metadata, no {@link LoadOptions#withInk}, no input spec given), whose pictures of dark ink on a
     *     light ground are fed as they are and noted ({@link Builder#optNotes}); true otherwise
     */
    public boolean inkKnown() {
        return !inkUnknown;
    }

    /** @return a builder: one of the {@code setModel} methods is required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the model being explained */
    public CamModel model() {
        return model;
    }

    /**
     * @return whether maps are Score-CAM's ({@link Builder#optScoreCam}): then a raw map's mean plus the class's bias
     *     is not its logit, as it is for CAM, and nothing may be scored with the classifier's kernel over parts of it
     */
    public boolean scoreCam() {
        return scoreCam;
    }

    /**
     * @return whether maps are Eigen-CAM's ({@link Builder#optEigenCam}): the same for every class, and, as Score-CAM's,
     *     not the classifier kernel's sums
     */
    public boolean eigenCam() {
        return eigenCam;
    }

    /**
     * Explains one image file (PNG, JPEG, BMP...) for its predicted class.
     *
     * @param imageFile the file
     * @return the map of the predicted class, at the image's size
     * @throws CamException when the file is not a readable image, or the model fails
     */
    public CamResult explain(Path imageFile) throws CamException {
        Objects.requireNonNull(imageFile, "imageFile is null: the picture file to explain");
        // As a viewer shows it: a float file's range is guessed as drawing does, not taken for 0..1.
        try (Mat image = Images.readFlat(imageFile)) {
            return explain(List.of(image), List.of(imageFile.toString()), Target.predicted()).get(0).first();
        } catch (ImageException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
    }

    /**
     * Explains one image for its predicted class.
     *
     * @param image grey, BGR or BGRA; 8-bit, 16-bit or float (0..1, finite; a float image of 0..255 is refused); any
     *     size. Not modified.
     * @return the map of the predicted class, at the image's size
     * @throws CamException when the image is unusable (an {@link InvalidInputException} naming it), or the model fails
     */
    public CamResult explain(Mat image) throws CamException {
        // singletonList, not List.of: a null image then gets the batch's "image #0 is empty", not a bare NPE.
        return explain(java.util.Collections.singletonList(image), Target.predicted()).get(0).first();
    }

    /**
     * Explains a {@link java.awt.image.BufferedImage} (what {@code ImageIO}, Swing and Java web stacks hold) for its
     * predicted class, as {@link #explain(Mat)} explains its pixels ({@link io.github.cam4j.render.AwtImages#toMat}).
     *
     * @param image the picture
     * @return the map of the predicted class, at the picture's size
     * @throws CamException when the picture is unusable (an {@link InvalidInputException}), or the model fails
     */
    public CamResult explain(java.awt.image.BufferedImage image) throws CamException {
        return explainBufferedImages(java.util.Collections.singletonList(image), Target.predicted()).get(0).first();
    }

    /**
     * Explains a batch of {@link java.awt.image.BufferedImage}s as {@link #explain(List, Target)} explains Mats: as
     * few model runs as possible. (Its own name: Java cannot tell a list of pictures from a list of Mats.)
     *
     * @param images the pictures
     * @param target which classes to explain
     * @return one explanation per picture, in order
     * @throws CamException when a picture (named by its index) or the target is unusable, or the model fails
     */
    public List<ImageExplanation> explainBufferedImages(List<java.awt.image.BufferedImage> images, Target target)
            throws CamException {
        if (images == null) {
            throw new InvalidInputException("list of BufferedImages is null");
        }
        List<Mat> pixels = new ArrayList<>(images.size());
        try {
            for (int i = 0; i < images.size(); i++) {
                if (images.get(i) == null) {
                    throw new InvalidInputException("BufferedImage #" + i + " is null");
                }
                try {
                    pixels.add(io.github.cam4j.render.AwtImages.toMat(images.get(i)));
                } catch (IllegalArgumentException e) {
                    // Too many pixels: this picture's fault.
                    throw new InvalidInputException("BufferedImage #" + i + ": " + e.getMessage(), e);
                }
            }
            return explain(pixels, target);
        } finally {
            pixels.forEach(Mat::close);
        }
    }

    /**
     * Explains one image for a given class.
     *
     * @param image the image
     * @param classIndex the class to explain
     * @return its map
     * @throws CamException when the class is out of range or the image unusable
     */
    public CamResult explain(Mat image, int classIndex) throws CamException {
        return explain(java.util.Collections.singletonList(image), Target.of(classIndex)).get(0).first();
    }

    /**
     * Explains a batch of images with as few model runs as possible (one per {@code maxBatch} images of one size).
     *
     * @param images the images
     * @param target which classes to explain
     * @return one explanation per image, in order
     * @throws CamException when an image or the target is unusable, or the model fails
     */
    public List<ImageExplanation> explain(List<Mat> images, Target target) throws CamException {
        Objects.requireNonNull(images, "images is null: the list of pictures to explain");
        List<String> names = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            names.add("#" + i);
        }
        return explain(images, names, target);
    }

    /**
     * {@link #explain(List, Target)} with a name for each image, which errors about it use (e.g. its file).
     *
     * @param images the images
     * @param names one per image
     * @param target which classes to explain
     * @return one explanation per image, in order
     * @throws CamException when an image (named) or the target is unusable, or the model fails
     */
    public List<ImageExplanation> explain(List<Mat> images, List<String> names, Target target) throws CamException {
        Objects.requireNonNull(images, "images is null: the list of pictures to explain");
        Objects.requireNonNull(names, "names is null: one name per picture, for messages");
        Objects.requireNonNull(target, "target is null: e.g. Target.predicted()");
        // Before the images: a null one past the names' end threw IndexOutOfBoundsException naming neither list.
        if (names.size() != images.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + images.size() + " images");
        }
        for (int i = 0; i < images.size(); i++) {
            // A null name read "image null is null"; messages name it by its place instead.
            String name = names.get(i) == null ? "#" + i : names.get(i);
            if (images.get(i) == null) {
                // It was called "empty (0x0)", as if a picture had been given.
                throw new InvalidInputException("image " + name + " is null");
            }
            if (names.get(i) == null) {
                throw new IllegalArgumentException("the name of image " + name + " is null: give one per picture, for"
                        + " messages (e.g. its file)");
            }
        }
        ensureOpen();
        checkTarget(target, images.size());
        List<ImagePreparer.Prepared> prepared = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            prepared.add(preparer.prepare(images.get(i), names.get(i)));
        }
        // Images of one prepared size share a run; mixed sizes (keepInputSize) run per size.
        Map<String, List<Integer>> bySize = new LinkedHashMap<>();
        for (int i = 0; i < prepared.size(); i++) {
            bySize.computeIfAbsent(prepared.get(i).height() + "x" + prepared.get(i).width(), k -> new ArrayList<>()).add(i);
        }
        ImageExplanation[] out = new ImageExplanation[images.size()];
        for (List<Integer> group : bySize.values()) {
            for (int from = 0; from < group.size(); from += maxBatch) {
                List<Integer> chunk = group.subList(from, Math.min(from + maxBatch, group.size()));
                ImagePreparer.Prepared first = prepared.get(chunk.get(0));
                int plane = first.values().length;
                float[] batch = new float[chunk.size() * plane];
                int[][] outputSizes = new int[chunk.size()][];
                InputFrame[] frames = new InputFrame[chunk.size()];
                for (int j = 0; j < chunk.size(); j++) {
                    int index = chunk.get(j);
                    System.arraycopy(prepared.get(index).values(), 0, batch, j * plane, plane);
                    outputSizes[j] = new int[] {images.get(index).rows(), images.get(index).cols()};
                    frames[j] = prepared.get(index).frame();
                }
                List<ImageExplanation> results = run(batch, chunk.size(), first.height(), first.width(),
                        subTarget(target, chunk), outputSizes, frames, chunk.stream().map(names::get).toList());
                for (int j = 0; j < chunk.size(); j++) {
                    out[chunk.get(j)] = results.get(j);
                }
            }
        }
        return List.of(out);
    }

    /**
     * Explains a batch given as floats already in the model's input scale (as {@link io.github.cam4j.savedmodel.InputSpec}
     * describes it): the fastest path, with no image conversion.
     *
     * @param nhwc {@code count * height * width * channels} values, row-major
     * @param count images in the batch
     * @param height image height
     * @param width image width
     * @param target which classes to explain
     * @return one explanation per image; maps at {@code height x width}
     * @throws CamException when sizes or target are inconsistent, or the model fails
     */
    public List<ImageExplanation> explainPixels(float[] nhwc, int count, int height, int width, Target target)
            throws CamException {
        Objects.requireNonNull(nhwc, "nhwc is null: the pixels, count x height x width x channels floats");
        Objects.requireNonNull(target, "target is null: e.g. Target.predicted()");
        ensureOpen();
        int channels = model.input().channels();
        if (count < 1 || height < 1 || width < 1 || (long) count * height * width * channels != nhwc.length) {
            throw new InvalidInputException("pixel array of " + nhwc.length + " values does not hold " + count + " images of "
                    + height + "x" + width + "x" + channels);
        }
        checkTarget(target, count);
        checkPixels(nhwc, height, width, channels, model.input());
        int[][] sizes = new int[count][];
        Arrays.fill(sizes, new int[] {height, width});
        return run(nhwc, count, height, width, target, sizes, new InputFrame[count], null);
    }

    /**
     * Non-finite logits make maps that cannot be normalised; say whether the input's size overflowed float arithmetic
     * (finite but huge values, e.g. 3e38) or the model itself made them.
     */
    private void checkFiniteLogits(float[] logits, float[] fed, int count, List<String> pictures) throws CamException {
        int classes = model.units();
        for (int i = 0; i < logits.length; i++) {
            if (!Float.isFinite(logits[i])) {
                float largest = 0;
                for (float v : fed) {
                    largest = Math.max(largest, Math.abs(v));
                }
                // A batch of files names the file (the command line's error line is about it), else its place.
                String name = pictures == null ? null : pictures.get(i / classes);
                String where = name != null && !name.startsWith("#") ? "image " + name
                        : count == 1 ? "the picture" : "picture #" + i / classes;
                if (largest > 1e6f) {
                    throw new InvalidInputException("model " + model.source() + " gave " + logits[i] + " logits for " + where
                            + ": the input reaches " + largest + ", which overflows float arithmetic (the model expects"
                            + " its input scale, e.g. 0..1)");
                }
                // Refused as this picture's input, not as the model's failure: it made NaN here and may not on the next
                // picture (a square root of a dark pixel), so the pictures before it are written and --keep-going goes on.
                throw new InvalidInputException("model " + model.source() + " gave " + logits[i] + " logits for " + where
                        + " from finite input up to " + largest + ": the model itself makes non-finite values");
            }
        }
    }

    /**
     * @param pictures the names of the batch's pictures, all of this size; null for a pixel array's. A batch of files
     *     (the command line's) was refused without naming the file, which its error line is about.
     */
    private InvalidInputException noCells(int height, int width, String why, List<String> pictures) {
        String which = pictures == null ? "a picture of " : (pictures.size() == 1 ? "image " : "images ")
                + String.join(", ", pictures) + ", fed as ";
        return new InvalidInputException("model " + model.source() + " makes no feature cells from " + which + height + "x"
                + width + " pixels (" + why + "): the picture is too small for it; enlarge it");
    }

    /**
     * One pass over the pixels, refusing two kinds, each named with where it is. NaN or infinity would come back as NaN
     * logits, or not at all (a max-pooling can swallow one). Pixels of 0..255 given where the model takes them scaled
     * to 0..1 read as digits 255 times too bright, with confidence (logits in the thousands, p=1.0): refused, as a float
     * Mat of 0..255 is. Only a model whose input runs to at most 2 is checked for scale, and only for values past twice
     * that top, so pixels scaled by the user's own slightly different rule still pass.
     */
    private static void checkPixels(float[] nhwc, int height, int width, int channels, InputSpec spec)
            throws InvalidInputException {
        float top = 255f * spec.pixelScale() + spec.pixelOffset();
        boolean scaleChecked = spec.standardization() == null && spec.pixelScale() > 0 && top > 0f && top <= 2f;
        float limit = scaleChecked ? 2f * top : Float.POSITIVE_INFINITY;
        for (int i = 0; i < nhwc.length; i++) {
            float v = nhwc[i];
            if (!Float.isFinite(v)) {
                throw new InvalidInputException("pixel array holds " + v + " at " + where(i, height, width, channels));
            }
            if (v > limit) {
                throw new InvalidInputException("pixel array holds " + v + " at " + where(i, height, width, channels)
                        + ", where the model's input runs from " + spec.pixelOffset() + " to " + top + ": pixels of"
                        + " 0..255? Scale them (x " + spec.pixelScale() + (spec.pixelOffset() == 0 ? "" : " + "
                        + spec.pixelOffset()) + "), or give a Mat, which explain(Mat) scales");
            }
        }
    }

    /** @return value {@code i} of a batch in words: {@code image #n (y=.., x=.., channel c)} */
    private static String where(int i, int height, int width, int channels) {
        int perImage = height * width * channels;
        int pixel = (i % perImage) / channels;
        return "image #" + i / perImage + " (y=" + pixel / width + ", x=" + pixel % width + ", channel " + i % channels
                + ")";
    }

    /**
     * One model run: feeds the batch, fetches features, logits (and probabilities) together, makes the maps. A single
     * picture that is mostly blank is fed as its non-blank part when the model allows it ({@link BlankCrop}).
     */
    private List<ImageExplanation> run(float[] batch, int count, int height, int width, Target target, int[][] outputSizes,
            InputFrame[] frames, List<String> pictures) throws CamException {
        // Held while the model runs, so that close() waits for the runs in flight: closed under them, TensorFlow's
        // graph failed them with "close() has been called on the Graph", reported as a failure of the model.
        java.util.concurrent.locks.Lock inFlight = lifecycle.readLock();
        inFlight.lock();
        try {
            ensureOpen();
            return runOpen(batch, count, height, width, target, outputSizes, frames, pictures);
        } finally {
            inFlight.unlock();
        }
    }

    private List<ImageExplanation> runOpen(float[] batch, int count, int height, int width, Target target,
            int[][] outputSizes, InputFrame[] frames, List<String> pictures) throws CamException {
        TensorNames names = model.tensors();
        int channels = model.input().channels();
        // Score-CAM normalises each channel's mask over the whole picture's features, so its unmasked run sees it whole
        // (its masked runs are cropped, scoreCamLogits); Eigen-CAM centres the features over all the picture's cells. A
        // gradient taken over a crop's cells is not the whole picture's: a model opened for a gradient method is fed
        // whole.
        BlankCrop crop = count == 1 && skipBlank && !scoreCam && !eigenCam && model.gradients().isEmpty()
                && model.localFeatures().isPresent() && model.activation() != null
                ? BlankCrop.find(batch, height, width, channels, model.localFeatures().get()).orElse(null)
                : null;
        float[] fed = crop == null ? batch : crop.cut(batch, width, channels);
        int fedHeight = crop == null ? height : crop.height();
        int fedWidth = crop == null ? width : crop.width();
        // Below one cell's stride the model makes no cells, and TensorFlow's kernels fail in ways that name a matrix
        // product (oneDNN's: "Matrix size-incompatible: In[0]: [1,64]"), not the picture.
        var grid = model.featureGrid();
        if (grid.isPresent() && (fedHeight < grid.get().strideY() || fedWidth < grid.get().strideX())) {
            throw noCells(fedHeight, fedWidth, "one cell of its last convolution spans " + (int) grid.get().strideY() + "x"
                    + (int) grid.get().strideX() + " pixels", pictures);
        }
        ImageExplanation[] out = new ImageExplanation[count];
        // A model opened for a gradient method may be explained by Score-CAM or Eigen-CAM instead; its gradients are
        // then not run.
        GradientHead gradients = scoreCam || eigenCam ? null : model.gradients().orElse(null);
        int[] givenClasses = gradients == null ? null : givenClasses(target, count);
        try (TFloat32 input = TensorData.floats(Shape.of(count, fedHeight, fedWidth, channels), fed);
                TFloat32 classWeights = givenClasses == null ? null
                        : GradientBatch.classWeights(givenClasses, count, model)) {
            var runner = model.session().runner().feed(names.input(), input).fetch(names.features()).fetch(names.logits());
            boolean fetchProbabilities = names.probabilities() != null && crop == null;
            if (fetchProbabilities) {
                runner.fetch(names.probabilities());
            }
            if (gradients != null) {
                // One run for the first target class: a given one is fed, the predicted one is found in the graph.
                if (classWeights != null) {
                    runner.feed(gradients.classWeights(), classWeights).fetch(gradients.gradient());
                } else {
                    runner.fetch(gradients.predictedGradient());
                }
            }
            try (Result result = runner.run()) {
                FeatureBatch features = FeatureBatch.of(result.get(0), names.features(), model.channels());
                if (features.height() == 0 || features.width() == 0) {
                    throw noCells(fedHeight, fedWidth, "its features '" + names.features() + "' come out "
                            + features.height() + "x" + features.width(), pictures);
                }
                float[] logits = TensorData.toArray(result.get(1));
                float[] probabilities = fetchProbabilities ? TensorData.toArray(result.get(2)) : null;
                checkRows(logits, count, fedHeight, fedWidth, "logits");
                checkFiniteLogits(logits, fed, count, pictures);
                if (probabilities != null) {
                    checkRows(probabilities, count, fedHeight, fedWidth, "probabilities");
                }
                float[][][] gradientMaps = gradients == null ? null
                        : gradientMaps(gradients, input, result.get(fetchProbabilities ? 3 : 2),
                                classWeights != null ? gradients.gradient() : gradients.predictedGradient(), target,
                                count, logits, probabilities, features);
                // The maps of a batch are independent: spread the Java work over the cores, idle while it runs. Each
                // image is finished in one go (its features read from the tensor into a per-thread buffer, maps
                // made, upsampled, normalised) so its data stays in cache, and no batch-sized copy is ever made
                // (the features of 256 images of the unpooled model are 103 MB).
                ScoreCam.Scores[] scores = scoreCam
                        ? scoreCamLogits(fed, count, fedHeight, fedWidth, features, logits, probabilities, target) : null;
                parallelOver(count, i -> out[i] = explainOne(features, i, logits, probabilities, target, height,
                        width, outputSizes[i], frames[i], crop, gradientMaps == null ? null : gradientMaps[i],
                        scores == null ? null : scores[i]));
            }
        } catch (RuntimeException e) {
            String why = io.github.cam4j.model.TensorFlowStatus.oneLine(e.getMessage());
            InputSpec in = model.input();
            if (in.height() > 0 && in.width() > 0 && (fedHeight != in.height() || fedWidth != in.width())) {
                // A model that flattens its features fails inside TensorFlow ("Input to reshape is a tensor with 95424
                // values, but the requested shape requires a multiple of 576") on any other size than its own: refused
                // as these pictures' input, naming them, so that a run that keeps going skips them.
                String which = pictures == null ? count == 1 ? "a picture" : count + " pictures"
                        : (pictures.size() == 1 ? "image " : "images ") + String.join(", ", pictures);
                throw new InvalidInputException("model " + model.source() + " failed on " + which + " fed at " + fedHeight
                        + "x" + fedWidth + ": " + why + " (it was made for " + in.height() + "x" + in.width()
                        + " pictures and may take no other size: " + (keepsInputSize && pictures != null
                                ? "feed it pictures brought to that size, that is, leave out optKeepInputSize(true),"
                                        + " --fit none on the command line)"
                                : "give it pictures of that size)"));
            }
            throw new CamException("model " + model.source() + " failed on a batch of " + count + " images of " + height + "x"
                    + width + ": " + why, e);
        }
        return List.of(out);
    }

    /**
     * Score-CAM's masked runs, picture by picture, keeping the logits of the classes each picture's maps explain. The
     * pictures were fed whole, so their rows of logits and probabilities are the run's own; each picture's masked
     * copies are fed as its crop when {@link Builder#optSkipBlank}'s crop applies ({@link ScoreCam#maskedLogits}).
     */
    private ScoreCam.Scores[] scoreCamLogits(float[] fed, int count, int fedHeight, int fedWidth, FeatureBatch features,
            float[] logits, float[] probabilities, Target target) {
        Placement cellsOnInput = placement(features.height(), features.width(), fedHeight, fedWidth, fedHeight, fedWidth);
        int channels = model.input().channels();
        int plane = fedHeight * fedWidth * channels;
        // Only the masked runs' logits are carried to the whole picture: unlike CAM's crop, no activation is needed.
        float[] blankLogits = skipBlank ? model.blankLogits().orElse(null) : null;
        ScoreCam.Scores[] scores = new ScoreCam.Scores[count];
        for (int i = 0; i < count; i++) {
            float[] rowProbabilities = rowProbabilities(rowLogits(logits, i, null), probabilities, i);
            int[] explained = classesFor(target, i, CamMath.argMax(rowProbabilities), rowProbabilities);
            BlankCrop crop = blankLogits == null ? null : BlankCrop.find(Arrays.copyOfRange(fed, i * plane, (i + 1) * plane),
                    fedHeight, fedWidth, channels, model.localFeatures().orElseThrow()).orElse(null);
            scores[i] = ScoreCam.maskedLogits(model, fed, i, fedHeight, fedWidth, channels, features.image(i),
                    features.height(), features.width(), cellsOnInput, explained, crop, blankLogits);
        }
        return scores;
    }

    /**
     * @return image {@code i}'s logits per class ({@link CamModel#classLogits}), carried from a crop to its whole picture
     *     when the picture was cropped
     */
    private float[] rowLogits(float[] logits, int i, BlankCrop crop) {
        int units = model.units();
        float[] row = Arrays.copyOfRange(logits, i * units, (i + 1) * units);
        return model.classLogits(crop == null ? row : crop.wholeLogits(row, model.blankLogits().orElseThrow()));
    }

    /**
     * @param rowLogits the image's logits per class ({@link #rowLogits})
     * @return image {@code i}'s probabilities per class: the fetched ones, or the activation of its (whole-picture)
     *     logits (a binary classifier's sigmoid of {@code [-z, z]} is {@code [1 - p, p]})
     */
    private float[] rowProbabilities(float[] rowLogits, float[] probabilities, int i) {
        int units = model.units();
        return probabilities != null
                ? model.classProbabilities(Arrays.copyOfRange(probabilities, i * units, (i + 1) * units))
                : model.activation().apply(rowLogits);
    }

    /**
     * A model that flattens its features (Flatten, then Dense) reshapes a larger picture into more rows than images:
     * reading the first row as the image's would explain a part of the picture as if it were all of it.
     */
    private void checkRows(float[] values, int count, int fedHeight, int fedWidth, String what) throws CamException {
        if (values.length != (long) count * model.units()) {
            throw new InvalidInputException("model " + model.source() + " gave " + values.length / model.units() + " rows of "
                    + what + " for " + io.github.cam4j.Counted.of(count, "picture") + " of " + fedHeight + "x" + fedWidth
                    + ": it does not take pictures of that size" + (model.input().height() > 0 ? " (it was made for " + model.input().height() + "x"
                            + model.input().width() + ")" : ""));
        }
    }

    /** @return the class each image's first gradient is taken for when the target names it; null for "predicted" */
    private static int[] givenClasses(Target target, int count) {
        if (target instanceof Target.OfClass c) {
            int[] classes = new int[count];
            Arrays.fill(classes, c.classIndex());
            return classes;
        }
        return target instanceof Target.PerImage p ? p.classes() : null;
    }

    /**
     * The gradient method's maps at feature resolution, per image and target class: the first class's from the run's
     * own gradient, further top-k classes' from one more run each (the gradient is taken for one class per image at a
     * time).
     */
    private float[][][] gradientMaps(GradientHead gradients, TFloat32 input, org.tensorflow.Tensor firstGradient,
            String firstName, Target target, int count, float[] logits, float[] probabilities, FeatureBatch features)
            throws CamException {
        int k = target instanceof Target.TopK t ? t.k() : 1;
        float[][][] maps = new float[count][k][];
        float[][] first = GradientBatch.maps(firstGradient, firstName, gradients.channels(),
                gradients.weighting(), features);
        for (int i = 0; i < count; i++) {
            maps[i][0] = first[i];
        }
        if (k > 1) {
            int[][] ranked = new int[count][];
            for (int i = 0; i < count; i++) {
                ranked[i] = topK(rowProbabilities(rowLogits(logits, i, null), probabilities, i), k);
            }
            for (int rank = 1; rank < k; rank++) {
                int[] wanted = new int[count];
                for (int i = 0; i < count; i++) {
                    wanted[i] = ranked[i][rank];
                }
                try (TFloat32 weights = GradientBatch.classWeights(wanted, count, model);
                        Result r = model.session().runner().feed(model.tensors().input(), input)
                                .feed(gradients.classWeights(), weights).fetch(gradients.gradient()).run()) {
                    float[][] next = GradientBatch.maps(r.get(0), gradients.gradient(), gradients.channels(),
                            gradients.weighting(), features);
                    for (int i = 0; i < count; i++) {
                        maps[i][rank] = next[i];
                    }
                }
            }
        }
        return maps;
    }

    /**
     * One image of a run: its probabilities, the target classes' maps at feature and at picture resolution. The
     * first target's picture map is made here, in the run's parallel pass; further top-k maps when first asked for.
     */
    private ImageExplanation explainOne(FeatureBatch features, int i, float[] logits, float[] probabilities,
            Target target, int height, int width, int[] outputSize, InputFrame frame, BlankCrop crop,
            float[][] gradientMaps, ScoreCam.Scores scoreCamLogits) {
        float[] rowLogits = rowLogits(logits, i, crop);
        float[] rowProbabilities = rowProbabilities(rowLogits, probabilities, i);
        int predicted = CamMath.argMax(rowProbabilities);
        int[] explained = classesFor(target, i, predicted, rowProbabilities);
        // CAM weighs the channels by the classifier's kernel column, Score-CAM by its masked runs, Eigen-CAM by their
        // first principal component (one map for every class); the gradient methods' maps are already made.
        // CAM's maps are read from the features where they lie; Score-CAM and Eigen-CAM work on a copy of them.
        float[] imageFeatures = eigenCam || scoreCamLogits != null ? features.image(i) : null;
        float[] eigenCells = eigenCam ? EigenCam.map(imageFeatures, features.height() * features.width(), model.channels())
                : null;
        int fh = crop == null ? features.height() : crop.wholeCellsHigh();
        int fw = crop == null ? features.width() : crop.wholeCellsWide();
        // A framed digit's cells are placed on the input, then carried back to where that part of the picture was.
        Placement onInput = frame == null ? null : placement(fh, fw, height, width, height, width);
        Placement placement = frame == null ? placement(fh, fw, height, width, outputSize[0], outputSize[1])
                : frame.onPicture(onInput);
        // A model that crops its input saw only part of it: the rest of the picture holds no evidence.
        SeenPart seenOnInput = SeenPart.seenBy(model, height, width).orElse(null);
        Box seenOnInputPixels = seenOnInput == null ? null : seenOnInput.pixels(height, width);
        // A picture stretched to the input: the picture pixels the model read through the part (an enlarging resize
        // reads one beyond its scaled edge).
        Box seen = seenOnInput == null ? null : frame == null
                ? seenOnInput.onResizedPicture(height, width, outputSize[0], outputSize[1])
                : seenOnInput.onPicture(frame).pixels(outputSize[0], outputSize[1]);
        CamResult[] maps = new CamResult[explained.length];
        for (int j = 0; j < explained.length; j++) {
            int c = explained[j];
            float[] cells = gradientMaps != null ? gradientMaps[j]
                    : eigenCells != null ? eigenCells
                    : scoreCamLogits != null ? ScoreCam.map(imageFeatures, features.height() * features.width(),
                            scoreCamLogits, c)
                    : features.classMap(i, model.classColumn(c));
            FloatMap raw = new FloatMap(fh, fw, crop == null ? cells : crop.embed(cells));
            maps[j] = CamResult.deferred(c, model.labels().get(c), rowProbabilities[c], rowLogits[c], raw, placement,
                    outputSize[0], outputSize[1], seen, () -> frame == null
                            ? withinSeen(Resize.placed(raw, outputSize[0], outputSize[1], placement), seen, raw)
                            : withinSeen(framedMap(raw, onInput, height, width, frame, outputSize, seenOnInputPixels),
                                    seen, raw));
        }
        maps[0].map();
        return new ImageExplanation(predicted, rowProbabilities, rowLogits, List.of(maps),
                frame == null ? null : frame.region(height, width, outputSize[0], outputSize[1]));
    }

    /**
     * A framed digit's map on its picture: first on the model's input, as for any picture, then carried to where the
     * digit was. The picture outside the framed part was never shown to the model, so there the map holds no evidence:
     * 0 (or the map's value nearest 0, so normalisation and the box's cut still see the raw map's range). For a model
     * that crops its input the caller cuts the part seen again on the picture: emptied on the input only, the map is
     * interpolated across the part's edge when carried onto a much larger picture (a 1000x700 photo: 1 161 pixels
     * outside the part seen had evidence).
     */
    private static FloatMap framedMap(FloatMap raw, Placement cellsOnInput, int height, int width, InputFrame frame,
            int[] outputSize, Box seenOnInput) {
        FloatMap onInput = withinSeen(Resize.placed(raw, height, width, cellsOnInput), seenOnInput, raw);
        float none = SeenPart.none(raw);
        return Resize.placedWithin(onInput, outputSize[0], outputSize[1], frame.onPicture(new Placement(1, 1, 0, 0)), none);
    }

    /**
     * @param placed a map at pixel resolution, made for this call
     * @param seen the pixels the model saw, or null when it saw the whole picture
     * @param raw the map's cells
     * @return {@code placed}, holding no evidence ({@link SeenPart#none}) outside what the model saw
     */
    private static FloatMap withinSeen(FloatMap placed, Box seen, FloatMap raw) {
        return seen == null ? placed : SeenPart.fillOutside(placed, seen, SeenPart.none(raw));
    }

    private static void parallelOver(int count, java.util.function.IntConsumer work) {
        IntStream images = IntStream.range(0, count);
        (count >= PARALLEL_FROM ? images.parallel() : images).forEach(work);
    }

    /**
     * Where the feature cells lie on the output picture: the graph's own geometry when known (valid convolutions
     * shift it; a crop or resize before them, {@link InputCrop}, scales and shifts it), carried from the model's input
     * size to the picture's; otherwise edge to edge.
     */
    private Placement placement(int featureHeight, int featureWidth, int inputHeight, int inputWidth, int outHeight,
            int outWidth) {
        return model.cellsOn(inputHeight, inputWidth).map(InputCrop.View::cells)
                .map(g -> new Placement(g.strideY(), g.strideX(), g.offsetY(), g.offsetX())
                        .rescaled(inputHeight, inputWidth, outHeight, outWidth))
                .orElseGet(() -> Placement.stretch(featureHeight, featureWidth, outHeight, outWidth));
    }

    private int[] classesFor(Target target, int image, int predicted, float[] probabilities) {
        if (target instanceof Target.OfClass c) {
            return new int[] {c.classIndex()};
        }
        if (target instanceof Target.PerImage p) {
            return new int[] {p.classes()[image]};
        }
        if (target instanceof Target.TopK k) {
            return topK(probabilities, k.k());
        }
        return new int[] {predicted};
    }

    static int[] topK(float[] probabilities, int k) {
        Integer[] order = new Integer[probabilities.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Stable sort: equal probabilities keep class order.
        Arrays.sort(order, (a, b) -> Float.compare(probabilities[b], probabilities[a]));
        int[] top = new int[k];
        for (int i = 0; i < k; i++) {
            top[i] = order[i];
        }
        return top;
    }

    private static Target subTarget(Target target, List<Integer> chunk) {
        if (target instanceof Target.PerImage p) {
            return Target.perImage(chunk.stream().mapToInt(i -> p.classes()[i]).toArray());
        }
        return target;
    }

    private void checkTarget(Target target, int images) throws InvalidInputException {
        Objects.requireNonNull(target, "target");
        if (target instanceof Target.PerImage p && p.classes().length != images) {
            throw new InvalidInputException(p.classes().length + " target classes given for " + images + " images");
        }
        java.util.Optional<String> problem = target.problemFor(model.classes());
        if (problem.isPresent()) {
            throw new InvalidInputException(problem.get());
        }
    }

    /** @return whether {@link #close()} has been called: a closed session explains nothing */
    public boolean isClosed() {
        return closed.get();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this CamSession is closed");
        }
    }

    /**
     * Closes the model when this session opened it; a borrowed model stays open. Idempotent. Model runs under way on
     * other threads finish first; calls that come later throw {@link IllegalStateException}.
     */
    @Override
    public void close() {
        java.util.concurrent.locks.Lock exclusive = lifecycle.writeLock();
        exclusive.lock();
        try {
            if (closed.getAndSet(true)) {
                return;
            }
            if (ownsModel) {
                model.close();
            }
        } finally {
            exclusive.unlock();
        }
    }

    /** Builds a {@link CamSession}: required settings are {@code set…}, optional ones {@code opt…}. */
    public static final class Builder {
        /** Images per model run when a call passes more: bounds the memory of one run. */
        public static final int DEFAULT_MAX_BATCH = 256;

        private Path modelDir;
        /** A model the caller opened and lends; null when {@link #build} loads one from {@link #modelDir}. */
        private CamModel model;
        private LoadOptions loadOptions = LoadOptions.defaults();
        /** Whether {@link #optLoadOptions} was called: options for a folder, which a model already opened cannot take. */
        private boolean loadOptionsGiven;
        private Invert invert = Invert.AUTO;
        private boolean keepInputSize;
        private Framing framing = Framing.AUTO;
        private int maxBatch = DEFAULT_MAX_BATCH;
        private boolean scoreCam;
        private boolean eigenCam;
        private boolean skipBlank = true;
        private java.util.function.Consumer<String> warnings = warning -> { };
        private java.util.function.Consumer<String> notes = note -> { };

        private Builder() {}

        /**
         * @param dir a SavedModel folder (cam4j's, Keras', or any given tensor names through {@link #optLoadOptions})
         * @return this builder
         */
        public Builder setModel(Path dir) {
            this.modelDir = Objects.requireNonNull(dir, "dir is null: the SavedModel folder to open");
            this.model = null;
            return this;
        }

        /**
         * @param opened a model the caller opened (e.g. {@link CamModel#fromBundle}); the session borrows it, opened as
         *     it is ({@link #optLoadOptions} is for a folder, and {@link #build} refuses it with an opened model)
         * @return this builder
         */
        public Builder setModel(CamModel opened) {
            this.model = Objects.requireNonNull(opened, "opened is null: the model to explain with");
            this.modelDir = null;
            return this;
        }

        /**
         * @param options tensor names, input spec, trust... with which {@link #build} opens the folder given to
         *     {@link #setModel(Path)}
         * @return this builder
         */
        public Builder optLoadOptions(LoadOptions options) {
            this.loadOptions = Objects.requireNonNull(options, "options is null: LoadOptions.defaults() for none");
            this.loadOptionsGiven = true;
            return this;
        }

        /**
         * @param mode whether to invert intensities before the model sees an image (default {@link Invert#AUTO})
         * @return this builder
         */
        public Builder optInvert(Invert mode) {
            this.invert = Objects.requireNonNull(mode, "mode is null: e.g. Invert.AUTO");
            return this;
        }

        /**
         * @param sink where warnings about a picture go, one line each naming it: e.g. {@code optInvert(ALWAYS)} on a
         *     picture already light on dark, which the model then sees as mostly ink (default: nowhere; the command
         *     line prints them on standard error)
         * @return this builder
         */
        public Builder optWarnings(java.util.function.Consumer<String> sink) {
            this.warnings = Objects.requireNonNull(sink, "sink is null: warning -> { } to drop warnings");
            return this;
        }

        /**
         * @param sink where remarks about a picture go that change nothing in how it is explained, one line each naming
         *     it: a picture of dark ink on a light ground given to a single-channel model whose ink cam4j cannot tell
         *     (no cam4j metadata, no {@link LoadOptions#withInk}), which is fed as it is, with how to say the model's
         *     ink (default: nowhere; the command line prints the first on standard error)
         * @return this builder
         */
        public Builder optNotes(java.util.function.Consumer<String> sink) {
            this.notes = Objects.requireNonNull(sink, "sink is null: note -> { } to drop notes");
            return this;
        }

        /**
         * @param keep feed images at their own size instead of the model's training size (for models that end in
         *     global average pooling and so accept any size, e.g. to localise a digit in a large frame)
         * @return this builder
         */
        public Builder optKeepInputSize(boolean keep) {
            this.keepInputSize = keep;
            return this;
        }

        /**
         * @param how how pictures of another size than the model's training size reach it (default
         *     {@link Framing#AUTO}: a photo of a digit is framed as MNIST's digits were; see {@link Framing})
         * @return this builder
         */
        public Builder optFraming(Framing how) {
            this.framing = Objects.requireNonNull(how, "how is null: e.g. Framing.AUTO");
            return this;
        }

        /**
         * @param images the most images one model run takes (default {@value #DEFAULT_MAX_BATCH})
         * @return this builder
         */
        public Builder optMaxBatch(int images) {
            if (images < 1) {
                throw new IllegalArgumentException("max batch must be at least 1, got " + images);
            }
            this.maxBatch = images;
            return this;
        }

        /**
         * @param skip feed a single, mostly blank picture as its non-blank part when the model's graph shows that to
         *     give the same features ({@link io.github.cam4j.savedmodel.LocalFeatures}); on by default. The maps and
         *     probabilities are those of the whole picture, to float rounding; only the cost changes (the
         *     probabilities then come from the rescaled logits through the model's {@code activation()}, not from its
         *     probabilities tensor, which saw only the crop). Under {@link #optScoreCam} it applies instead to each
         *     picture's masked copies, in a batch of any size, with their logits carried to the whole picture's
         *     likewise (a model opened for a gradient method qualifies when its graph shows a global average pooling
         *     and affine ops between features and logits). Off feeds every picture whole.
         * @return this builder
         */
        public Builder optSkipBlank(boolean skip) {
            this.skipBlank = skip;
            return this;
        }

        /**
         * @param on explain by Score-CAM (Wang et al. 2020) instead of the model's own method: each feature channel,
         *     upsampled and normalised, masks the picture, and the class's logits on the masked pictures, softmax-ed
         *     over the channels, weigh the channels ({@code ReLU(sum_k w_k f_k)}). It needs neither the classifier's
         *     kernel nor gradients, so any model this session opens qualifies (for a model without global average
         *     pooling, open it for a gradient method, {@link LoadOptions#withGradients}, which finds its features);
         *     it costs one model run per feature channel and picture (batched). The unmasked picture is fed whole, its
         *     masked copies as its non-blank part when {@link #optSkipBlank} allows (each mask is still normalised
         *     over the whole picture). Off by default.
         * @return this builder
         */
        public Builder optScoreCam(boolean on) {
            this.scoreCam = on;
            return this;
        }

        /**
         * @param on explain by Eigen-CAM (Muhammad and Yeasin 2020) instead of the model's own method: the picture's
         *     features, centred over its cells, projected on their first principal component, signed to agree with the
         *     cells' total activation, then ReLU ({@code EigenCam}). Class-agnostic: every class of a picture gets the
         *     same map (the probabilities still say which class). It needs neither the classifier's kernel, nor
         *     gradients, nor extra model runs, so any model this session opens qualifies (for a model without global
         *     average pooling, open it for a gradient method, {@link LoadOptions#withGradients}, which finds its
         *     features); it feeds every picture whole ({@link #optSkipBlank} does not apply). Off by default; not
         *     together with {@link #optScoreCam}.
         * @return this builder
         */
        public Builder optEigenCam(boolean on) {
            this.eigenCam = on;
            return this;
        }

        /**
         * @return the session
         * @throws ModelLoadException when the model folder cannot be opened for CAM
         */
        public CamSession build() throws ModelLoadException {
            if (model == null && modelDir == null) {
                throw new IllegalStateException("setModel(...) is required");
            }
            if (model != null && loadOptionsGiven) {
                // They were ignored without a word: Grad-CAM and labels asked for, plain CAM and the model's own labels
                // given.
                throw new IllegalStateException("optLoadOptions(...) says how to open a model folder, and setModel(CamModel)"
                        + " gave one opened already: open it with those options (CamModelLoader.load(dir, options)), or"
                        + " give its folder to setModel(Path)");
            }
            if (scoreCam && eigenCam) {
                throw new IllegalArgumentException("optScoreCam(true) and optEigenCam(true) exclude each other: a session"
                        + " makes one kind of map");
            }
            if (framing == Framing.DIGIT && keepInputSize) {
                throw new IllegalArgumentException("optFraming(DIGIT) and optKeepInputSize(true) exclude each other: a "
                        + "framed digit is fed at the model's training size");
            }
            // Each build loads its own model from a folder (with the options given by then), so that sessions built
            // from one builder neither share a model that one of them closes nor ignore options changed in between.
            boolean ownsModel = model == null;
            CamModel model = ownsModel ? CamModelLoader.load(modelDir, loadOptions) : this.model;
            String unreliable = scoreCam || eigenCam ? null
                    : model.gradients().map(GradientHead::unreliable).orElse(null);
            if (unreliable != null) {
                if (ownsModel) {
                    model.close();
                }
                throw new ModelLoadException(model.source() + ": " + unreliable);
            }
            InputSpec input = model.input();
            if (framing == Framing.DIGIT && (input.channels() != 1 || !input.lightOnDark() || input.height() <= 0
                    || input.width() <= 0)) {
                String reason = input.channels() != 1 ? "has " + input.channels() + " channels"
                        : !input.lightOnDark() ? "is not known to take light ink on a dark ground as MNIST does (a model"
                                + " without cam4j metadata cannot say so: LoadOptions.withInk(true), --ink light on the"
                                + " command line, tells it)"
                        : "has no training size (give one through LoadOptions)";
                if (ownsModel) {
                    model.close();
                }
                throw new IllegalArgumentException("framing pictures as MNIST's digits were (optFraming(DIGIT), --fit digit)"
                        + " needs a single-channel model of light ink on a dark ground with a training size;"
                        + " model " + model.source() + " " + reason);
            }
            // A model the caller opened came with the input spec the caller gave it: its ink is theirs to know.
            boolean inkUnknown = ownsModel && !CamModelLoader.inkKnown(modelDir, loadOptions);
            if (ownsModel) {
                MetadataOverrides.warn(modelDir, loadOptions, warnings);
            }
            MetadataOverrides.farInputs(input).ifPresent(warnings);
            return new CamSession(this, model, ownsModel, inkUnknown);
        }
    }
}
