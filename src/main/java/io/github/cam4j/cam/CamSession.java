package io.github.cam4j.cam;

import io.github.cam4j.render.ImageException;
import io.github.cam4j.render.Images;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.InputSpec;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.opencv.opencv_core.Mat;

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
 *
 * <p>Methods that need neither the kernel nor gradients, for any convolutional classifier: Score-CAM
 * ({@link Builder#optScoreCam}), Eigen-CAM ({@link Builder#optEigenCam}), Ablation-CAM
 * ({@link Builder#optAblationCam}), and FEM, KPCA-CAM and RandomCAM ({@link Builder#optFeatureMethod}). Any of the
 * methods but Eigen-CAM, FEM and KPCA-CAM can be smoothed as pytorch-grad-cam's {@code eigen_smooth} smooths them, its
 * weighted features projected on their first principal component ({@link Builder#optEigenSmooth}).
 *
 * <p>Occlusion sensitivity ({@link Builder#optOcclusion}) needs only the model's class probabilities: tiles of the
 * input painted grey in turn, {@code 1 - p} of the class per tile, any model this session opens.
 *
 * <p>Any method's maps can be averaged over the picture mirrored and not, its values fed times 0.9, 1 and 1.1,
 * pytorch-grad-cam's {@code aug_smooth} ({@link Builder#optAugSmooth}): each picture's own run, then its five
 * variants', all for the class the picture is explained for.
 *
 * <p>Any method but CAM can fuse the maps of several target layers, pytorch-grad-cam's {@code target_layers=[a, b]}
 * ({@link Builder#optLayers}): each layer's map scaled, placed on the model input's pixels, averaged and scaled again;
 * RefineCAM ({@link Builder#optRefine}) multiplies them instead, and torch-cam's form ({@link Builder#optLayersForm})
 * takes their element-wise maximum at the largest layer's cells, LayerCAM's maps each through {@code tanh(2 * cam)}
 * first.
 *
 * <p>Beside the CAMs, pixel attribution (saliency, gradient x input, SmoothGrad, Integrated Gradients;
 * {@link Builder#optPixelMethod}): not a feature layer's cells but the class logit's gradient by the model's input,
 * one value per input pixel, placed on the picture as the other maps are.
 *
 * <p>A long explanation can be stopped. The methods that run the model many times per picture (Score-CAM, SS-CAM,
 * IS-CAM, Ablation-CAM, occlusion, Smooth Grad-CAM++, SmoothGrad, Integrated Gradients: up to thousands of runs, minutes
 * for one picture), and the further runs of a top-k target (one per further class, each as costly as the picture's own)
 * and of aug smoothing (five variants per class), and a list of pictures between its batches ({@link Builder#optMaxBatch}
 * pictures of one size to a run), look at the calling thread's interrupt flag before each run, and when
 * it is set give up with an {@link ExplanationStoppedException}, the run in flight finished and every tensor closed; the
 * session stays open and explains again. The flag is left set: clear it ({@link Thread#interrupted()}) before explaining
 * again on that thread.
 * <pre>{@code
 * Thread explaining = new Thread(() -> {
 *     try {
 *         show(cam.explain(picture));
 *     } catch (ExplanationStoppedException e) {
 *         // cancelled: nothing to show
 *     } catch (CamException e) {
 *         report(e);
 *     }
 * });
 * explaining.start();
 * // ... the user presses Cancel:
 * explaining.interrupt();
 * }</pre>
 * The other methods make a picture's maps from one or a few runs, and finish them: a call of one batch is not stopped.
 * A thread that also reads pictures or writes overlays is better interrupted through {@link ExplainingThread}, which
 * reaches it only while it is inside an explain call (an interrupt elsewhere closes the NIO channel it reads through).
 */
public final class CamSession implements AutoCloseable {
    private final CamModel model;
    private final boolean ownsModel;
    private final ImagePreparer preparer;
    private final int maxBatch;
    private final boolean scoreCam;
    /** Faster Score-CAM's channels ({@link Builder#optScoreCamChannels}); 0: Score-CAM scores them all. */
    private final int scoreCamChannels;
    /** SS-CAM or IS-CAM ({@link Builder#optScoreCamVariant}); null for Score-CAM itself and the other methods. */
    private final ScoreCamVariant scoreVariant;
    /** The method that makes one map for every class from the features alone (Eigen-CAM, FEM...); null for none. */
    private final FeatureMethod featureMethod;
    private final boolean ablationCam;
    private final boolean eigenSmooth;
    /** Occlusion sensitivity's settings ({@link Builder#optOcclusion}); null for the other methods. */
    private final Occlusion occlusion;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Model runs hold it shared, {@link #close} exclusively: a session is never closed under a run. */
    private final java.util.concurrent.locks.ReentrantReadWriteLock lifecycle =
            new java.util.concurrent.locks.ReentrantReadWriteLock();
    private final boolean inkUnknown;
    /** One batch's model run and its images' explanations; the session only guards its lifecycle around it. */
    private final BatchRun batchRun;
    /** Averages each map over the picture's variants ({@link Builder#optAugSmooth}); null when off. */
    private final AugSmoothing augSmoothing;
    /** The target layers' tensors ({@link Builder#optLayers}); empty for the one layer the model was opened at. */
    private final List<String> layers;
    /**
     * The models of the target layers after the first ({@link Builder#optLayers}): they run the first's session and own
     * nothing, but are closed with it.
     */
    private final List<CamModel> layerModels;
    /** Fuses the target layers' maps ({@link Builder#optLayers}); null for one layer. */
    private final LayerFusion layerFusion;
    /** The pixel attribution method's runs ({@link Builder#optPixelMethod}); null for the CAM methods. */
    private final PixelAttribution pixelAttribution;

    CamSession(Builder b, CamModel model, boolean ownsModel, boolean inkUnknown,
            io.github.cam4j.savedmodel.AblationFeed ablation, List<CamModel> layerModels,
            List<io.github.cam4j.savedmodel.AblationFeed> layerAblations) {
        this.model = model;
        this.inkUnknown = inkUnknown;
        this.ownsModel = ownsModel;
        this.preparer = new ImagePreparer(model.input(), b.invert, b.keepInputSize, b.framing, b.warnings,
                inkUnknown ? b.notes : null);
        this.maxBatch = b.maxBatch;
        this.scoreCam = b.scoreCam || b.scoreVariant != null;
        this.scoreVariant = b.scoreVariant;
        this.scoreCamChannels = b.scoreCamChannels;
        this.featureMethod = b.featureMethod();
        this.ablationCam = ablation != null;
        this.eigenSmooth = b.eigenSmooth;
        this.occlusion = b.occlusion;
        this.batchRun = SessionRuns.at(b, model, ablation, b.occlusion);
        this.augSmoothing = b.augSmooth ? new AugSmoothing(model, b.maxBatch) : null;
        this.layers = b.layers;
        this.layerModels = List.copyOf(layerModels);
        this.pixelAttribution = b.pixelMethod == null ? null : new PixelAttribution(model, b.pixelMethod, b.maxBatch);
        this.layerFusion = SessionRuns.fusion(b, batchRun, layerModels, layerAblations);
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

    /**
     * @return the model being explained; when the session opened it (from a folder), the session closes it: close the
     *     session, not the model
     */
    public CamModel model() {
        return model;
    }

    /**
     * @return whether maps are Score-CAM's ({@link Builder#optScoreCam}), or SS-CAM's or IS-CAM's
     *     ({@link Builder#optScoreCamVariant}): then a raw map's mean plus the class's bias is not its logit, as it is
     *     for CAM, and nothing may be scored with the classifier's kernel over parts of it
     */
    public boolean scoreCam() {
        return scoreCam;
    }

    /** @return SS-CAM or IS-CAM when the maps are theirs ({@link Builder#optScoreCamVariant}); empty otherwise */
    public java.util.Optional<ScoreCamVariant> scoreCamVariant() {
        return java.util.Optional.ofNullable(scoreVariant);
    }

    /**
     * @return how many channels Score-CAM scores per picture ({@link Builder#optScoreCamChannels}, Faster Score-CAM);
     *     0 when it scores them all, or the maps are not Score-CAM's
     */
    public int scoreCamChannels() {
        return scoreCam ? scoreCamChannels : 0;
    }

    /**
     * @return whether maps are Eigen-CAM's ({@link Builder#optEigenCam}): the same for every class, and, as Score-CAM's,
     *     not the classifier kernel's sums
     */
    public boolean eigenCam() {
        return featureMethod != null && featureMethod.isEigenCam();
    }

    /**
     * @return the method that makes the maps from the features alone ({@link Builder#optFeatureMethod}, or Eigen-CAM's
     *     {@link Builder#optEigenCam}): then every class of a picture gets the same map, and, as Score-CAM's, maps are
     *     not the classifier kernel's sums; empty for the other methods
     */
    public java.util.Optional<FeatureMethod> featureMethod() {
        return java.util.Optional.ofNullable(featureMethod);
    }

    /**
     * @return the pixel attribution method that makes the maps ({@link Builder#optPixelMethod}): then a raw map is one
     *     value per pixel of the model's input, at least 0, from the class logit's gradient by the input, not from a
     *     feature layer; empty for the CAM methods
     */
    public java.util.Optional<PixelMethod> pixelMethod() {
        return pixelAttribution == null ? java.util.Optional.empty() : java.util.Optional.of(pixelMethodOf());
    }

    private PixelMethod pixelMethodOf() {
        return pixelAttribution.method();
    }

    /**
     * @return whether maps are Ablation-CAM's ({@link Builder#optAblationCam}): as Score-CAM's, not the classifier
     *     kernel's sums
     */
    public boolean ablationCam() {
        return ablationCam;
    }

    /**
     * @return occlusion sensitivity's tiles and grey when maps are its ({@link Builder#optOcclusion}): then a raw map
     *     holds {@code 1 - p} of the class per tile of the model's input, not the classifier kernel's sums; empty for
     *     the other methods
     */
    public java.util.Optional<Occlusion> occlusion() {
        return java.util.Optional.ofNullable(occlusion);
    }

    /**
     * @return whether each map is the mean of the picture's six variants' ({@link Builder#optAugSmooth}): then a raw map
     *     is one value per pixel of the model's input, in [0, 1], not the classifier kernel's sums
     */
    public boolean augSmooth() {
        return augSmoothing != null;
    }

    /**
     * @return the target layers whose maps are fused ({@link Builder#optLayers}), in order; empty when the maps are one
     *     layer's. When fused, a raw map ({@link CamResult#rawMap()}) is one value per pixel of the model's input, in
     *     [0, 1]
     */
    public List<String> layers() {
        return layers;
    }

    /**
     * @return whether maps are smoothed ({@link Builder#optEigenSmooth}): then, whatever the method, a raw map is the
     *     first principal component of its weighted activations, not their sum (CAM's is no longer the classifier
     *     kernel's sums, whose mean plus the bias is the logit)
     */
    public boolean eigenSmooth() {
        return eigenSmooth;
    }

    /**
     * Explains one image file (PNG, JPEG, BMP...) for its predicted class.
     *
     * @param imageFile the file
     * @return the map of the predicted class, at the image's size
     * @throws ExplanationStoppedException when the calling thread is interrupted during a method's many model runs
     *     (see the class's note)
     * @throws CamException when the file is not a readable image, or the model fails
     * @throws IllegalStateException when the session, or a model lent to it, is closed (naming the model)
     */
    public CamResult explain(Path imageFile) throws CamException {
        Objects.requireNonNull(imageFile, "imageFile is null: the picture file to explain");
        // Said before the file is read: a closed session was reported as a missing or unreadable file.
        ensureOpen();
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
     * @param image grey, grey with alpha, BGR or BGRA; 8-bit, 16-bit or float (0..1, finite; a float image of 0..255 is refused); any
     *     size. Not modified.
     * @return the map of the predicted class, at the image's size
     * @throws ExplanationStoppedException when the calling thread is interrupted during a method's many model runs
     *     (see the class's note)
     * @throws CamException when the image is unusable (an {@link InvalidInputException} naming it), or the model fails
     * @throws IllegalStateException when the session, or a model lent to it, is closed (naming the model)
     */
    public CamResult explain(Mat image) throws CamException {
        // singletonList, not List.of: a null image then gets the batch's "image #0 is null", not a bare NPE.
        return explain(java.util.Collections.singletonList(image), Target.predicted()).get(0).first();
    }

    /**
     * Explains a {@link java.awt.image.BufferedImage} (what {@code ImageIO}, Swing and Java web stacks hold) for its
     * predicted class, as {@link #explain(Mat)} explains its pixels ({@link io.github.cam4j.render.AwtImages#toMat}).
     *
     * @param image the picture
     * @return the map of the predicted class, at the picture's size
     * @throws ExplanationStoppedException when the calling thread is interrupted during a method's many model runs
     *     (see the class's note)
     * @throws CamException when the picture is unusable (an {@link InvalidInputException}), or the model fails
     * @throws IllegalStateException when the session, or a model lent to it, is closed (naming the model)
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
     * @return one explanation per picture, in order; an empty list for none
     * @throws ExplanationStoppedException when the calling thread is interrupted during a method's many model runs
     *     (see the class's note)
     * @throws CamException when a picture (named by its index; a null one too) or the target is unusable, or the model
     *     fails
     * @throws IllegalStateException when the session, or a model lent to it, is closed (naming the model)
     * @throws NullPointerException naming it, when the list or the target is null
     */
    public List<ImageExplanation> explainBufferedImages(List<java.awt.image.BufferedImage> images, Target target)
            throws CamException {
        // A null argument is the caller's slip, refused as explain(List, Target) refuses it (a NullPointerException
        // naming it), where this said InvalidInputException "list of BufferedImages is null"; a null picture in the
        // list is the picture's fault, an InvalidInputException naming its index, as there.
        Objects.requireNonNull(images, "images is null: the list of pictures to explain");
        Objects.requireNonNull(target, "target is null: e.g. Target.predicted()");
        // Before the pictures are converted: a null picture was reported for a session closed anyway.
        ensureOpen();
        List<Mat> pixels = new ArrayList<>(images.size());
        try {
            for (int i = 0; i < images.size(); i++) {
                if (images.get(i) == null) {
                    // An upload's usual fault: ImageIO.read answers bytes it cannot decode with null, not an error.
                    throw new InvalidInputException("BufferedImage #" + i + " is null (ImageIO.read gives null for"
                            + " bytes it cannot decode: no picture in a format it reads)");
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
     * @throws ExplanationStoppedException when the calling thread is interrupted during a method's many model runs
     *     (see the class's note)
     * @throws CamException when the class is beyond the model's or the image unusable
     * @throws IllegalStateException when the session, or a model lent to it, is closed (naming the model)
     * @throws IllegalArgumentException when the class is negative ({@link Target#of})
     */
    public CamResult explain(Mat image, int classIndex) throws CamException {
        return explain(java.util.Collections.singletonList(image), Target.of(classIndex)).get(0).first();
    }

    /**
     * Explains a batch of images with as few model runs as possible (one per {@code maxBatch} images of one size).
     *
     * @param images the images
     * @param target which classes to explain
     * @return one explanation per image, in order; an empty list for none
     * @throws ExplanationStoppedException when the calling thread is interrupted during a method's many model runs, or
     *     between two batches of the images (see the class's note)
     * @throws CamException when an image (a null one too) or the target is unusable, or the model fails
     * @throws IllegalStateException when the session, or a model lent to it, is closed (naming the model)
     * @throws NullPointerException naming it, when the list or the target is null
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
     * @return one explanation per image, in order; an empty list for none
     * @throws ExplanationStoppedException when the calling thread is interrupted during a method's many model runs, or
     *     between two batches of the images (see the class's note)
     * @throws CamException when an image (named) or the target is unusable, or the model fails
     * @throws IllegalStateException when the session, or a model lent to it, is closed (naming the model)
     * @throws IllegalArgumentException when there is not one name per image, or a name is null
     * @throws NullPointerException naming it, when a list or the target is null
     */
    public List<ImageExplanation> explain(List<Mat> images, List<String> names, Target target) throws CamException {
        Objects.requireNonNull(images, "images is null: the list of pictures to explain");
        Objects.requireNonNull(names, "names is null: one name per picture, for messages");
        Objects.requireNonNull(target, "target is null: e.g. Target.predicted()");
        checkImages(images, names);
        ensureOpen();
        TargetClasses.checkTarget(target, images.size(), model);
        checkOwnSizesFit(images, names);
        List<ImagePreparer.Prepared> prepared = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            prepared.add(preparer.prepare(images.get(i), names.get(i)));
        }
        ImageExplanation[] out = new ImageExplanation[images.size()];
        int done = 0;
        for (List<Integer> chunk : chunks(prepared)) {
            if (done > 0 && Thread.currentThread().isInterrupted()) {
                // Between runs only, as the methods of many runs per picture stop: a list of thousands of pictures
                // under plain CAM ran to its end whatever the caller asked. A call of one run finishes it.
                throw new ExplanationStoppedException("explaining " + io.github.cam4j.Counted.of(images.size(), "picture")
                        + " stopped after " + done + " of them: the explaining thread was interrupted");
            }
            ImagePreparer.Prepared first = prepared.get(chunk.get(0));
            int[][] outputSizes = new int[chunk.size()][];
            InputFrame[] frames = new InputFrame[chunk.size()];
            for (int j = 0; j < chunk.size(); j++) {
                int index = chunk.get(j);
                outputSizes[j] = new int[] {images.get(index).rows(), images.get(index).cols()};
                frames[j] = prepared.get(index).frame();
            }
            List<ImageExplanation> results = run(batchOf(prepared, chunk), chunk.size(), first.height(), first.width(),
                    TargetClasses.subTarget(target, chunk), outputSizes, frames,
                    chunk.stream().map(names::get).toList());
            for (int j = 0; j < chunk.size(); j++) {
                out[chunk.get(j)] = results.get(j);
            }
            done += chunk.size();
        }
        return List.of(out);
    }

    /**
     * The pictures' features for {@link FeatureFactorization}: each prepared as {@link #explain(List, List, Target)}
     * prepares it (framed, inverted, resized), fed whole, in as few runs as explain makes.
     *
     * @return one entry per picture, in order
     */
    FeatureRun.Fed[] features(List<Mat> images, List<String> names) throws CamException {
        checkImages(images, names);
        ensureOpen();
        checkOwnSizesFit(images, names);
        List<ImagePreparer.Prepared> prepared = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            prepared.add(preparer.prepare(images.get(i), names.get(i)));
        }
        FeatureRun.Fed[] out = new FeatureRun.Fed[images.size()];
        for (List<Integer> chunk : chunks(prepared)) {
            ImagePreparer.Prepared first = prepared.get(chunk.get(0));
            FeatureRun.PictureFeatures[] ran = whileOpen(() -> FeatureRun.run(model, batchOf(prepared, chunk),
                    chunk.size(), first.height(), first.width(), chunk.stream().map(names::get).toList(),
                    preparer.feedsOwnSize()));
            for (int j = 0; j < chunk.size(); j++) {
                int index = chunk.get(j);
                out[index] = new FeatureRun.Fed(ran[j], first.height(), first.width(),
                        new int[] {images.get(index).rows(), images.get(index).cols()}, prepared.get(index).frame());
            }
        }
        return out;
    }

    /**
     * Refuses, before preparing it, a picture fed at its own size that the machine cannot run. The run refuses it too,
     * but only after preparing it: a 16000x16000 picture took 44 s and 6.6 GB of memory to convert, invert and level
     * before being told it could not run.
     */
    private void checkOwnSizesFit(List<Mat> images, List<String> names) throws CamException {
        if (!preparer.feedsOwnSize()) {
            return;
        }
        // The floor is read from the graph: under the same hold as a run, so that a close cannot pull it away.
        whileOpen(() -> {
            for (int i = 0; i < images.size(); i++) {
                batchRun.checkMemory(1, images.get(i).rows(), images.get(i).cols(), List.of(names.get(i)));
            }
            return null;
        });
    }

    /** @return the pictures' indices in runs: those of one prepared size together, at most maxBatch to a run */
    private List<List<Integer>> chunks(List<ImagePreparer.Prepared> prepared) {
        // Images of one prepared size share a run; mixed sizes (keepInputSize) run per size.
        Map<String, List<Integer>> bySize = new LinkedHashMap<>();
        for (int i = 0; i < prepared.size(); i++) {
            bySize.computeIfAbsent(prepared.get(i).height() + "x" + prepared.get(i).width(), k -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> chunks = new ArrayList<>();
        for (List<Integer> group : bySize.values()) {
            for (int from = 0; from < group.size(); from += maxBatch) {
                chunks.add(group.subList(from, Math.min(from + maxBatch, group.size())));
            }
        }
        return chunks;
    }

    /** @return the chunk's pictures' input values, one after the other */
    private static float[] batchOf(List<ImagePreparer.Prepared> prepared, List<Integer> chunk) {
        int plane = prepared.get(chunk.get(0)).values().length;
        float[] batch = new float[chunk.size() * plane];
        for (int j = 0; j < chunk.size(); j++) {
            System.arraycopy(prepared.get(chunk.get(j)).values(), 0, batch, j * plane, plane);
        }
        return batch;
    }

    /** Refuses a null picture or name, and names that are not one per picture, naming which. */
    private static void checkImages(List<Mat> images, List<String> names) throws InvalidInputException {
        // Before the images: a null one past the names' end threw IndexOutOfBoundsException naming neither list.
        if (names.size() != images.size()) {
            // "1 names for 2 images" named neither the argument nor the remedy; "2 names for the 1 images" miscounted.
            throw new IllegalArgumentException("names has " + names.size() + (names.size() == 1 ? " name" : " names")
                    + " for the " + images.size() + (images.size() == 1 ? " image" : " images")
                    + ": give one name per image, in the images' order");
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
    }

    /**
     * Explains a batch given as floats already in the model's input scale (as {@link io.github.cam4j.savedmodel.InputSpec}
     * describes it): the fastest path, with no image conversion. At most {@link Builder#optMaxBatch} pictures go to one
     * model run, as {@link #explain(List, Target)} runs them.
     *
     * @param nhwc {@code count * height * width * channels} values, row-major
     * @param count images in the batch, 0 or more
     * @param height image height, at least 1
     * @param width image width, at least 1
     * @param target which classes to explain
     * @return one explanation per image; maps at {@code height x width}; an empty list for a count of 0
     * @throws ExplanationStoppedException when the calling thread is interrupted during a method's many model runs, or
     *     between two batches of the pictures (see the class's note)
     * @throws CamException when sizes or target are inconsistent, or the model fails
     * @throws NullPointerException naming it, when the array or the target is null
     * @throws IllegalStateException when the session, or a model lent to it, is closed (naming the model)
     */
    public List<ImageExplanation> explainPixels(float[] nhwc, int count, int height, int width, Target target)
            throws CamException {
        return explainPixels(nhwc, count, height, width, null, target);
    }

    /**
     * {@link #explainPixels(float[], int, int, int, Target)} with a name for each picture, which errors about one
     * picture use ("KPCA-CAM's poly kernel ... puts the cells of image NAME beyond a float's range"); without names
     * such a picture is named by its place in the batch, which is not its place in the caller's data (by its place
     * in the array, {@code #i}, when the pictures take more than one run).
     *
     * @param nhwc {@code count * height * width * channels} values, row-major
     * @param count images in the batch, 0 or more
     * @param height image height, at least 1
     * @param width image width, at least 1
     * @param names one per picture, or null to name them by their place in the batch
     * @param target which classes to explain
     * @return one explanation per image; maps at {@code height x width}; an empty list for a count of 0
     * @throws ExplanationStoppedException when the calling thread is interrupted during a method's many model runs, or
     *     between two batches of the pictures (see the class's note)
     * @throws CamException when sizes or target are inconsistent, or the model fails
     * @throws IllegalArgumentException when there is not one name per picture, or a name is null
     * @throws NullPointerException naming it, when the array or the target is null
     * @throws IllegalStateException when the session, or a model lent to it, is closed (naming the model)
     */
    public List<ImageExplanation> explainPixels(float[] nhwc, int count, int height, int width, List<String> names,
            Target target) throws CamException {
        Objects.requireNonNull(nhwc, "nhwc is null: the pixels, count x height x width x channels floats");
        // Not names.contains(null): an immutable list (List.of) throws NullPointerException when asked about a null.
        boolean nullName = names != null && names.stream().anyMatch(Objects::isNull);
        if (names != null && (names.size() != count || nullName)) {
            throw new IllegalArgumentException(nullName ? "a name of the pixels' pictures is null: give one"
                    + " per picture, for messages" : "names has " + names.size()
                    + (names.size() == 1 ? " name" : " names") + " for the " + count + " pictures (count): give one"
                    + " name per picture, or null to name them by their place");
        }
        Objects.requireNonNull(target, "target is null: e.g. Target.predicted()");
        ensureOpen();
        int channels = model.input().channels();
        if (count < 0 || height < 1 || width < 1) {
            // A count of 0 was said as "pixel array of 0 values does not hold 0 images of 28x28x1", which it does.
            throw new InvalidInputException("explainPixels was given count " + count + ", height " + height + ", width "
                    + width + ": the count must be 0 or more, the height and width at least 1");
        }
        if ((long) count * height * width * channels != nhwc.length) {
            throw new InvalidInputException("pixel array of " + nhwc.length + " values does not hold "
                    + io.github.cam4j.Counted.of(count, "image") + " of " + height + "x" + width + "x" + channels);
        }
        TargetClasses.checkTarget(target, count, model);
        if (count == 0) {
            // As explain(List, Target) answers a list of no pictures.
            return List.of();
        }
        RunChecks.checkPixels(nhwc, height, width, channels, model.input());
        if (count <= maxBatch) {
            return run(nhwc, count, height, width, target, sizes(count, height, width), new InputFrame[count],
                    names == null ? null : List.copyOf(names));
        }
        // At most maxBatch pictures to a run, as explain(List) runs them: the whole array went to one run, so 2 048
        // canvases of 84x84 peaked at 3.8 GB resident whatever optMaxBatch said (under -Xmx400m, JavaCPP's "Physical
        // memory usage is too high"; now 0.7 GB at optMaxBatch(16)), and an interrupt was not looked at.
        // Unnamed pictures are named by their place in the caller's array, not in a run's.
        List<String> named = names != null ? names
                : java.util.stream.IntStream.range(0, count).mapToObj(i -> "#" + i).toList();
        int plane = height * width * channels;
        List<ImageExplanation> out = new ArrayList<>(count);
        for (int from = 0; from < count; from += maxBatch) {
            if (from > 0 && Thread.currentThread().isInterrupted()) {
                throw new ExplanationStoppedException("explaining " + io.github.cam4j.Counted.of(count, "picture")
                        + " stopped after " + from + " of them: the explaining thread was interrupted");
            }
            int n = Math.min(maxBatch, count - from);
            List<Integer> chunk = java.util.stream.IntStream.range(from, from + n).boxed().toList();
            out.addAll(run(Arrays.copyOfRange(nhwc, from * plane, (from + n) * plane), n, height, width,
                    TargetClasses.subTarget(target, chunk), sizes(n, height, width), new InputFrame[n],
                    List.copyOf(named.subList(from, from + n))));
        }
        return List.copyOf(out);
    }

    /** @return {@code count} output sizes of {@code height x width} */
    private static int[][] sizes(int count, int height, int width) {
        int[][] sizes = new int[count][];
        Arrays.fill(sizes, new int[] {height, width});
        return sizes;
    }

    /** {@link BatchRun#run}, on an open session that stays open until the run is over. */
    private List<ImageExplanation> run(float[] batch, int count, int height, int width, Target target, int[][] outputSizes,
            InputFrame[] frames, List<String> pictures) throws CamException {
        return whileOpen(() -> {
            // Several layers: each run's maps are the layers' fused map, which aug smoothing then averages over the
            // variants (pytorch-grad-cam's forward_augmentation_smoothing calls forward, which aggregates the layers).
            AugSmoothing.Runs runs = layerFusion != null ? layerFusion::explain
                    : pixelAttribution != null ? pixelAttribution::run : batchRun::run;
            if (augSmoothing != null) {
                // Its runs, the pictures' own and their variants', all under this one hold of the session.
                return augSmoothing.explain(batch, count, height, width, target, outputSizes, frames, pictures, runs);
            }
            return runs.run(batch, count, height, width, target, outputSizes, frames, pictures);
        });
    }

    /** Work on the session's graph, which {@link #whileOpen} keeps open for it. */
    private interface OnGraph<T> {
        T run() throws CamException;
    }

    /**
     * Held while the model runs, so that close() waits for the runs in flight: closed under them, TensorFlow's graph
     * failed them with "close() has been called on the Graph", reported as a failure of the model. The model's own
     * hold does the same for a lent model closed by its owner on another thread.
     *
     * @return what {@code work} returned
     * @throws CamException what {@code work} threw
     * @throws IllegalStateException naming the model, when the graph or session under it was closed by the application
     *     that lent it ({@link ClosedGraph})
     */
    private <T> T whileOpen(OnGraph<T> work) throws CamException {
        java.util.concurrent.locks.Lock inFlight = lifecycle.readLock();
        inFlight.lock();
        try (CamModel.Hold open = model.holdOpen()) {
            ensureOpen();
            return work.run();
        } catch (CamException | RuntimeException e) {
            // A lent bundle or session closed by its owner under an open model: said so, not as a model failure.
            ClosedGraph.throwIfClosedUnder(model, e);
            throw e;
        } finally {
            inFlight.unlock();
        }
    }

    /**
     * @return the model runs the batches of a fused map ({@link Builder#optLayers}) made so far, for every layer
     *     together: one per batch, and one more per further class of a top-k target; 0 for one layer
     */
    long fusedModelRuns() {
        return layerFusion == null ? 0 : layerFusion.modelRuns();
    }

    /** @return whether {@link #close()} has been called: a closed session explains nothing */
    public boolean isClosed() {
        return closed.get();
    }

    private void ensureOpen() {
        // The model's state is read first: close() marks the session closed before it closes the model, so a model seen
        // closed by the session's own close() is always seen with the session closed. Read the other way round, a call
        // checked outside the lifecycle lock (before its run) could see the session open, then the model closed by a
        // close() on another thread in between, and blame model() (1 round in 20 of ApiMisuseTest's race, in a CI run).
        boolean modelClosed = model.isClosed();
        if (closed.get()) {
            // Naming the model: an application holding sessions on several models (or methods) was told only that one
            // of them was closed.
            throw new IllegalStateException("this CamSession of model " + model.source() + " is closed");
        }
        if (!modelClosed) {
            return;
        }
        if (!ownsModel) {
            // TensorFlow's own words were "close() has been called on the Graph", as a failure of the model's run.
            throw new IllegalStateException("the model this CamSession borrows, " + model.source() + ", was closed:"
                    + " close a model lent to sessions after them");
        }
        // Closed through model(): the same words of TensorFlow's, as a model failure on the pictures (helper-166).
        throw new IllegalStateException("the model of this CamSession, " + model.source() + ", was closed through"
                + " model(); the session owns it: close the session instead");
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
                layerModels.forEach(CamModel::close);
            }
        } finally {
            exclusive.unlock();
        }
    }

    /** Builds a {@link CamSession}: required settings are {@code set…}, optional ones {@code opt…}. */
    public static final class Builder {
        /** Images per model run when a call passes more: bounds the memory of one run. */
        public static final int DEFAULT_MAX_BATCH = 256;

        /** The folder {@link #build} loads from; with a lent {@link #model}, the folder it was opened from, or null. */
        Path modelDir;
        /** A model the caller opened and lends; null when {@link #build} loads one from {@link #modelDir}. */
        CamModel model;
        /**
         * Models the caller opened at the target layers and lends ({@link #setModelAtLayers}); null when {@link #build}
         * opens the folder at {@link #layers} itself.
         */
        List<CamModel> lentLayers;
        LoadOptions loadOptions = LoadOptions.defaults();
        /** Whether {@link #optLoadOptions} was called: options for a folder, which a model already opened cannot take. */
        boolean loadOptionsGiven;
        Invert invert = Invert.AUTO;
        boolean keepInputSize;
        Framing framing = Framing.AUTO;
        int maxBatch = DEFAULT_MAX_BATCH;
        boolean scoreCam;
        ScoreCamVariant scoreVariant;
        SmoothGradNoise smoothNoise = SmoothGradNoise.DEFAULT;
        int scoreCamChannels;
        boolean eigenCam;
        FeatureMethod otherFeatureMethod;
        boolean ablationCam;
        Occlusion occlusion;
        boolean eigenSmooth;
        io.github.cam4j.savedmodel.FinerComparison finerComparison =
                io.github.cam4j.savedmodel.FinerComparison.DEFAULT;
        io.github.cam4j.savedmodel.GradientWeighting finerBase = FinerBase.DEFAULT;
        boolean skipBlank = true;
        boolean augSmooth;
        List<String> layers = List.of();
        boolean refine;
        RefineForm refineForm = RefineForm.PYTORCH_GRAD_CAM;
        LayersForm layersForm = LayersForm.PYTORCH_GRAD_CAM;
        PixelMethod pixelMethod;
        java.util.function.Consumer<String> warnings = warning -> { };
        java.util.function.Consumer<String> notes = note -> { };

        private Builder() {}

        /**
         * Without {@link #optLoadOptions}, {@link #build} opens the folder as its method needs: as CAM opens it, for
         * CAM; for Grad-CAM, for a pixel method ({@link #optPixelMethod}) and at several layers ({@link #optLayers});
         * for a gradient-free method (Score-CAM and its variants, Eigen-CAM, FEM, KPCA-CAM, RandomCAM, Ablation-CAM,
         * occlusion), as CAM opens it, or, when CAM's opening refuses it for want of global average pooling (or, in a
         * folder with cam4j's signatures, because the features they name do not give its logits by its kernel), for
         * Grad-CAM, whose opening finds the features of any convolutional classifier (no gradient is run), as the
         * command line opens it.
         *
         * @param dir a SavedModel folder (cam4j's, Keras', or any given tensor names through {@link #optLoadOptions})
         * @return this builder
         */
        public Builder setModel(Path dir) {
            this.modelDir = Objects.requireNonNull(dir, "dir is null: the SavedModel folder to open");
            this.model = null;
            this.lentLayers = null;
            if (!loadOptionsGiven) {
                // A lent model's options, given with it, opened this folder too (helper-166): only optLoadOptions' do.
                this.loadOptions = LoadOptions.defaults();
            }
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
            this.lentLayers = null;
            return this;
        }

        /**
         * Lends the session a model opened from a folder, which the session treats as one it opened itself but never
         * closes: as with {@link #setModel(Path)}, pictures of dark ink on a light ground are noted ({@link #optNotes})
         * when neither the folder's metadata nor the options say the model's ink, and options that contradict the
         * metadata are warned about ({@link #optWarnings}). For several sessions over one loaded model, e.g. one per
         * method over {@link CamModel#withGradients(io.github.cam4j.savedmodel.GradientWeighting)} views of it; the
         * caller closes the model after the sessions.
         *
         * @param loaded a model {@link CamModelLoader#load} opened from {@code dir} with {@code options} (with any
         *     gradient weighting), or a view of one
         * @param dir the folder it was opened from
         * @param options the options it was opened with
         * @return this builder
         * @throws IllegalArgumentException when {@code loaded} came from another folder than {@code dir}, or was opened by
         *     {@link CamModelLoader#load} with other options than {@code options} (but for the gradient weighting, which
         *     a view may change)
         * @throws IllegalStateException when {@link #optLoadOptions} was given before: the options come with the model
         */
        public Builder setModel(CamModel loaded, Path dir, LoadOptions options) {
            Objects.requireNonNull(loaded, "loaded is null: the model to explain with");
            Objects.requireNonNull(dir, "dir is null: the SavedModel folder the model was opened from");
            Objects.requireNonNull(options, "options is null: the LoadOptions the model was opened with");
            LentFolder.checkModel(loaded, dir, options);
            refuseEarlierLoadOptions();
            this.model = loaded;
            this.modelDir = dir;
            this.loadOptions = options;
            this.loadOptionsGiven = false;
            this.lentLayers = null;
            return this;
        }

        /**
         * Lends the session a folder's models opened at the target layers of {@link #optLayers}, which the session
         * treats as those it would open itself but never closes: for several sessions over one load, e.g. one per
         * method over {@link CamModel#withGradients(io.github.cam4j.savedmodel.GradientWeighting)} views of each
         * layer's model ({@code cam4j compare --layers}); the caller closes the models after the sessions.
         *
         * <pre>{@code
         * List<CamModel> at = CamModelLoader.loadAtLayers(dir, LoadOptions.defaults().withGradCam(), layers);
         * try (CamSession plusPlus = CamSession.builder().optLayers(layers).setModelAtLayers(at.stream()
         *         .map(m -> m.withGradients(GradientWeighting.GRAD_CAM_PLUS_PLUS)).toList(), dir,
         *         LoadOptions.defaults().withGradients(GradientWeighting.GRAD_CAM_PLUS_PLUS)).build()) {
         *     ...
         * } finally {
         *     at.get(0).close();                                                  // the others own nothing
         * }
         * }</pre>
         *
         * @param loaded what {@link CamModelLoader#loadAtLayers} opened from {@code dir} at the layers of
         *     {@link #optLayers}, in their order, or views of them; two or more
         * @param dir the folder they were opened from
         * @param options the options the method opens the folder with, as given to {@link #optLoadOptions} with
         *     {@link #setModel(Path)}; {@code loadAtLayers} was given them for a gradient method (any weighting; a
         *     gradient-free method's, Grad-CAM's)
         * @return this builder
         * @throws IllegalArgumentException when fewer than two models are lent, or one came from another folder
         * @throws IllegalStateException when {@link #optLoadOptions} was given before: the options come with the models
         */
        public Builder setModelAtLayers(List<CamModel> loaded, Path dir, LoadOptions options) {
            Objects.requireNonNull(loaded, "loaded is null: the models CamModelLoader.loadAtLayers opened");
            Objects.requireNonNull(dir, "dir is null: the SavedModel folder the models were opened from");
            Objects.requireNonNull(options, "options is null: the LoadOptions the method opens the folder with");
            LentFolder.checkLayers(loaded, dir);
            refuseEarlierLoadOptions();
            this.lentLayers = List.copyOf(loaded);
            this.model = null;
            this.modelDir = dir;
            this.loadOptions = options;
            this.loadOptionsGiven = false;
            return this;
        }

        /**
         * Options given by {@link #optLoadOptions} before a lent model and the options it was opened with were replaced
         * by those without a word: Grad-CAM asked for, plain CAM built (helper-166). The other order is refused at
         * {@link #build}.
         */
        private void refuseEarlierLoadOptions() {
            if (loadOptionsGiven) {
                throw new IllegalStateException("optLoadOptions(...) says how to open a model folder, and the model lent"
                        + " here was opened already, with the options given beside it: give the options once, to"
                        + " setModel");
            }
        }

        /**
         * @param options tensor names, input spec, trust... with which {@link #build} opens the folder given to
         *     {@link #setModel(Path)}: as given for CAM and the gradient-free methods (options asking for no gradient
         *     method open it as CAM does, which a folder without global average pooling refuses; add
         *     {@link LoadOptions#withGradCam} to them); a pixel method and {@link #optLayers} add Grad-CAM's weighting
         *     to options asking for none
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
         *     kernel nor gradients, so any model this session opens qualifies (a folder given to
         *     {@link #setModel(Path)} without {@link #optLoadOptions}, which CAM's opening refuses for want of global
         *     average pooling, is opened for Grad-CAM, whose opening finds its features; options given are used as
         *     given: add {@link LoadOptions#withGradCam} to them); it costs one model run per feature channel and
         *     picture (batched). The unmasked picture is fed whole, its masked copies as its non-blank part when
         *     {@link #optSkipBlank} allows (each mask is still normalised over the whole picture). Off by default.
         * @return this builder
         */
        public Builder optScoreCam(boolean on) {
            this.scoreCam = on;
            return this;
        }

        /**
         * @param variant explain by SS-CAM ({@link ScoreCamVariant#ssCam}) or IS-CAM ({@link ScoreCamVariant#isCam}),
         *     torch-cam's smoothed and integrated Score-CAM, instead of the model's own method; null for neither (the
         *     default). As {@link #optScoreCam}: any model this session opens qualifies, and masked copies are fed as
         *     a picture's non-blank part when {@link #optSkipBlank} allows; each channel's masked picture is run once
         *     per round ({@link ScoreCamVariant#samples()}), so it costs that many times Score-CAM's runs. Not together
         *     with the other methods' options.
         * @return this builder
         */
        public Builder optScoreCamVariant(ScoreCamVariant variant) {
            this.scoreVariant = variant;
            return this;
        }

        /**
         * @param noise Smooth Grad-CAM++'s noisy copies: how many, how noisy, the seed (default
         *     {@link SmoothGradNoise#DEFAULT}, torch-cam's 4 copies of standard deviation 0.3, seed 0); applies when the
         *     model is explained by {@link io.github.cam4j.savedmodel.GradientWeighting#SMOOTH_GRAD_CAM_PLUS_PLUS}, and
         *     {@link #build} refuses noise other than the default for a session that makes no Smooth Grad-CAM++ map
         * @return this builder
         */
        public Builder optSmoothGradNoise(SmoothGradNoise noise) {
            this.smoothNoise = Objects.requireNonNull(noise, "noise is null: SmoothGradNoise.DEFAULT");
            return this;
        }

        /**
         * @param n Faster Score-CAM (tabayashi0117's; tf-keras-vis's {@code Scorecam(max_N=n)}): Score-CAM scores only
         *     the {@code n} channels of each picture's features whose activations vary most over its cells (their
         *     standard deviation; of equal ones the lower index), so it runs the model {@code n} times a picture
         *     instead of once per channel; the softmax is taken over those channels and the others weigh 0. 1 to the
         *     features' channels ({@link #build} refuses more, at each of {@link #optLayers}' layers); 0, the default,
         *     scores every channel. Applies with {@link #optScoreCam} only ({@link #build} refuses it otherwise)
         * @return this builder
         * @throws IllegalArgumentException when {@code n} is negative
         */
        public Builder optScoreCamChannels(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("optScoreCamChannels(" + n + ") (--scorecam-channels " + n + "):"
                        + " the number of channels Score-CAM scores is 1 or more (0 for all)");
            }
            this.scoreCamChannels = n;
            return this;
        }

        /**
         * @param on explain by Eigen-CAM (Muhammad and Yeasin 2020) instead of the model's own method: the picture's
         *     features, centred over its cells, projected on their first principal component, signed to agree with the
         *     cells' total activation, then ReLU ({@code EigenCam}). Class-agnostic: every class of a picture gets the
         *     same map (the probabilities still say which class). It needs neither the classifier's kernel, nor
         *     gradients, nor extra model runs, so any model this session opens qualifies (a folder given to
         *     {@link #setModel(Path)} without {@link #optLoadOptions}, which CAM's opening refuses for want of global
         *     average pooling, is opened for Grad-CAM, whose opening finds its features; options given are used as
         *     given: add {@link LoadOptions#withGradCam} to them); it feeds every picture whole ({@link #optSkipBlank}
         *     does not apply). Off by default; not together with {@link #optScoreCam}.
         * @return this builder
         */
        public Builder optEigenCam(boolean on) {
            this.eigenCam = on;
            return this;
        }

        /**
         * @param method explain by a method that makes each picture's map from its features alone instead of the
         *     model's own method: FEM ({@link FeatureMethod#fem}), KPCA-CAM ({@link FeatureMethod#kpcaCam}), the
         *     RandomCAM baseline ({@link FeatureMethod#randomCam}), or Eigen-CAM ({@link FeatureMethod#eigenCam}, as
         *     {@link #optEigenCam}); null for none (the default). Class-agnostic: every class of a picture gets the
         *     same map (the probabilities still say which class). They need neither the classifier's kernel, nor
         *     gradients, nor extra model runs, so any model this session opens qualifies (a folder given to
         *     {@link #setModel(Path)} without {@link #optLoadOptions}, which CAM's opening refuses for want of global
         *     average pooling, is opened for Grad-CAM, whose opening finds its features; options given are used as
         *     given: add {@link LoadOptions#withGradCam} to them); they feed every picture whole ({@link #optSkipBlank}
         *     does not apply). Not together with the other methods' options.
         * @return this builder
         */
        public Builder optFeatureMethod(FeatureMethod method) {
            this.otherFeatureMethod = method;
            return this;
        }

        /** @return the feature method asked for, by {@link #optEigenCam} or {@link #optFeatureMethod}; null for none */
        FeatureMethod featureMethod() {
            return eigenCam ? FeatureMethod.eigenCam() : otherFeatureMethod;
        }

        /**
         * @param on explain by Ablation-CAM (Desai and Ramaswamy 2020) instead of the model's own method: each feature
         *     channel in turn is set to 0 and the rest of the network run, and the class logit's relative drop weighs
         *     the channel, {@code ReLU(sum_k (y_c - y_c^k) / |y_c| · A_k)} (by the drop alone when {@code y_c} is 0:
         *     never NaN; {@code AblationCam}). The ablated features are fed to the model's graph at the features tensor
         *     ({@link io.github.cam4j.savedmodel.AblationFeed}), so the layers before them run once per picture and the
         *     head once per channel, batched over channels and pictures. It needs neither the classifier's kernel nor
         *     gradients, so any model this session opens qualifies (a folder given to {@link #setModel(Path)} without
         *     {@link #optLoadOptions}, which CAM's opening refuses for want of global average pooling, is opened for
         *     Grad-CAM, whose opening finds its features; options given are used as given: add
         *     {@link LoadOptions#withGradCam} to them); it feeds every picture whole ({@link #optSkipBlank} does not
         *     apply). A head that does not give a picture's own logits from its own features fed back (one that mixes
         *     the pictures of a batch) is refused when run. Off by default; not together with {@link #optScoreCam} or
         *     {@link #optEigenCam}.
         * @return this builder
         */
        public Builder optAblationCam(boolean on) {
            this.ablationCam = on;
            return this;
        }

        /**
         * @param settings explain by occlusion sensitivity (Zeiler and Fergus 2014, as tf-explain computes it:
         *     {@link Occlusion}) instead of the model's own method: the model's input tiled by squares of
         *     {@link Occlusion#patch()} pixels, each painted grey in turn, the class's probability {@code p} read on
         *     each occluded copy, and the map {@code 1 - p} per tile, placed at the tiles' centres on the input. It
         *     reads only the model's class probabilities (no kernel, gradient or features), so any model this session
         *     opens qualifies (a folder given to {@link #setModel(Path)} without {@link #optLoadOptions}, which CAM's
         *     opening refuses for want of global average pooling, is opened for Grad-CAM, whose opening finds its
         *     features; options given are used as given: add {@link LoadOptions#withGradCam} to them); it costs one
         *     model run per tile and picture ({@code ceil(h / patch) * ceil(w / patch)}: 49 for a 28x28 input and patch
         *     4), batched over tiles and pictures, and feeds every picture whole ({@link #optSkipBlank} does not
         *     apply). A picture fed at a side smaller than the patch is refused. Not with {@link #optEigenSmooth} (no
         *     weighted features to project) or {@link #optLayers} (no layer), nor with the other methods' options; null
         *     for none (the default).
         * @return this builder
         */
        public Builder optOcclusion(Occlusion settings) {
            this.occlusion = settings;
            return this;
        }

        /**
         * @param on average each map over six variants of its picture, pytorch-grad-cam's {@code aug_smooth}
         *     (test-time augmentation: ttach's {@code HorizontalFlip} times {@code Multiply(factors=[0.9, 1, 1.1])}):
         *     the picture as fed to the model, mirrored left to right or not, its values times each factor, each
         *     variant explained by the session's method, its map scaled as pytorch-grad-cam scales it (ReLU, then
         *     min-max at the cells, and min-max again on the model input's pixels: CAM's negative evidence is
         *     dropped), mirrored back on those pixels and averaged.
         *     Fewer artefacts of any one view; for every method. Every variant is
         *     explained for the class the picture is (its predicted class, each of its top k, or the class given), not
         *     for its own prediction as in pytorch-grad-cam, and the probabilities and prediction reported are the
         *     picture's own run's, exactly as without it ({@code AugSmoothing} says where else cam4j differs). The
         *     bundled MNIST models have no biases, so for them the factors leave the scaled maps of CAM, Grad-CAM,
         *     Eigen-CAM and Ablation-CAM unchanged (not Grad-CAM++'s or Score-CAM's) and the mirror is what smooths;
         *     imported Keras models (biases, batch normalisation) feel both. A raw map ({@link CamResult#rawMap()}) is then one value per pixel of the model's input. Cost:
         *     the pictures' own run, then five variants per picture and explained class, batched up to
         *     {@link #optMaxBatch}: six times the model work (and Score-CAM's and Ablation-CAM's runs per variant).
         *     A model that crops a part of its input not centred across it is refused: mirrored, a picture would
         *     show it other pixels. Off by default.
         * @return this builder
         */
        public Builder optAugSmooth(boolean on) {
            this.augSmooth = on;
            return this;
        }

        /**
         * @param on smooth the maps as pytorch-grad-cam's {@code eigen_smooth=True} does: the method's weighted
         *     activations, one row per cell ({@code w_k · A_k} for CAM, Grad-CAM, Grad-CAM++, XGrad-CAM, Score-CAM and
         *     Ablation-CAM, each with its own weights; the element-wise products {@code g_k · A_k} for HiResCAM and
         *     LayerCAM, each cut at 0 for Grad-CAM element-wise), centred per channel and projected on their first
         *     principal component instead of summed over the channels, then ReLU. What varies over the cells apart
         *     from their dominant pattern (often speckle) drops out. cam4j gives the projection the sign whose positive part lies on the unsmoothed map's
         *     positive part, where pytorch-grad-cam keeps its SVD's arbitrary sign, and keeps a cell without any
         *     weighted activation at 0, where centring gives it a value ({@code EigenSmooth}). Maps stay
         *     class-specific, each class's from its own weights, but the raw map is no longer the weighted sum (CAM's
         *     mean plus the class's bias is not its logit). It feeds every picture whole ({@link #optSkipBlank} does
         *     not apply to the picture; Score-CAM's masked copies are still cropped) and costs one principal component
         *     per map. Off by default; not with {@link #optEigenCam}, which is that projection of the features already,
         *     nor with FEM or KPCA-CAM ({@link #optFeatureMethod}), whose pytorch-grad-cam forms ignore it.
         * @return this builder
         */
        public Builder optEigenSmooth(boolean on) {
            this.eigenSmooth = on;
            return this;
        }

        /**
         * @param tensors two or more target layers, by their tensors' names (rank-4, {@code [N, h, w, K]}; e.g. the last
         *     two blocks' outputs), whose maps are fused as pytorch-grad-cam's {@code target_layers=[a, b, ...]} fuses
         *     them: each layer's map by the session's method (and {@link #optEigenSmooth}ed when asked, per layer, as
         *     there), ReLU and min-max scaled, placed on the model input's pixels as cam4j places cells, then the
         *     layers' maps averaged and the mean scaled again ({@code LayerFusion}; {@link #optRefine} multiplies them
         *     instead, each scaled once more on the input; {@link #optLayersForm} takes torch-cam's element-wise
         *     maximum at the largest layer's cells instead); an empty list for the one layer the
         *     model is opened at (the default). Each layer is chosen as {@link LoadOptions#withFoundOverrides} chooses
         *     a gradient method's: for a gradient method ({@link LoadOptions#withGradients}), Score-CAM, Eigen-CAM,
         *     Ablation-CAM, FEM, KPCA-CAM, RandomCAM or Smooth Grad-CAM++, on a folder given to {@link #setModel(Path)}
         *     (or its models at these layers lent to {@link #setModelAtLayers}). Not for CAM, whose
         *     classifier kernel weighs one layer by definition, nor with a features tensor given to the load options.
         *     A raw map ({@link CamResult#rawMap()}) is then one value per pixel of the model's input, in [0, 1]; the
         *     probabilities and prediction are the first layer's run's, the picture's own. Cost: the folder is opened
         *     once, every layer's gradient ops added to its graph ({@link CamModelLoader#loadAtLayers}), and a batch is
         *     one model run fetching every layer's features and gradients (per further class of a top-k target, one
         *     more for all layers; Smooth Grad-CAM++'s noisy copies one run each for all layers); Score-CAM's and
         *     Ablation-CAM's further runs stay one layer's at a time. The maps are those of each layer's model opened
         *     and run on its own, to the bit.
         * @return this builder
         * @throws IllegalArgumentException when a name is null or blank, a layer is given twice, or only one is given
         *     (one layer is {@link LoadOptions#withFoundOverrides})
         */
        public Builder optLayers(List<String> tensors) {
            Objects.requireNonNull(tensors, "tensors is null: List.of() for the model's one layer");
            TargetLayerNames.check(tensors);
            this.layers = List.copyOf(tensors);
            return this;
        }

        /**
         * @param form which library's fusion of the {@link #optLayers} maps: {@link LayersForm#PYTORCH_GRAD_CAM} (the
         *     default: each layer's map scaled at its cells and placed on the input's pixels, the maps averaged, the
         *     mean scaled again) or {@link LayersForm#TORCH_CAM} (torch-cam's {@code fuse_cams}: each layer's map
         *     normalised at its cells, through {@code tanh(2 * cam)} when the method is LayerCAM ({@link
         *     io.github.cam4j.savedmodel.GradientWeighting#LAYER_CAM}) and as it is for any other, resized to the
         *     largest layer's cells by half-pixel bilinear, their element-wise maximum taken there, not scaled again,
         *     and placed on the input as that layer's maps are; a raw map of LayerCAM's then peaks at {@code tanh(2)},
         *     0.964). torch-cam's needs two or more {@link #optLayers} whose grids nest (one layer has both the most
         *     rows and the most columns; {@link #build} and the run refuse other layers with a line saying so), and is
         *     not for {@link #optRefine}, whose product is its own fusion ({@link #optRefineForm} chooses torch-cam's)
         * @return this builder
         */
        public Builder optLayersForm(LayersForm form) {
            this.layersForm = Objects.requireNonNull(form, "form is null: LayersForm.PYTORCH_GRAD_CAM");
            return this;
        }

        /**
         * @param on explain by RefineCAM (pytorch-grad-cam's {@code RefineCAM(model, target_layers, base_method=...)}):
         *     the session's method is its base method, run at every layer of {@link #optLayers} (or at the model's one
         *     layer when none are given), each layer's map made as that method's own single-layer output (ReLU,
         *     min-max scaled at its cells, placed on the model input's pixels as cam4j places cells, scaled again), and
         *     the layers' maps multiplied pixel by pixel, the product scaled again. A pixel keeps evidence only where
         *     every layer has some: a coarse late layer's blob cuts a fine early layer's speckle. With one layer the
         *     map is the base method's, on the input's pixels, scaled. pytorch-grad-cam's default base is Grad-CAM++
         *     ({@link LoadOptions#withGradients}); any method {@link #optLayers} fuses can be the base. The layers run
         *     as {@code optLayers}' do: one model run per batch for every layer for a gradient method. Off by default;
         *     not for CAM, occlusion or a pixel method, which take no target layer. A raw map ({@link
         *     CamResult#rawMap()}) is then one value per pixel of the model's input, in [0, 1]
         * @return this builder
         */
        public Builder optRefine(boolean on) {
            this.refine = on;
            return this;
        }

        /**
         * @param form which library's RefineCAM {@link #optRefine} computes: {@link RefineForm#PYTORCH_GRAD_CAM} (the
         *     default: the product of each layer's map on the input's pixels) or {@link RefineForm#TORCH_CAM} (the
         *     product at the largest layer's cells, torch-cam's {@code RefineCAM.fuse_cams}, placed on the input as
         *     that layer's maps are; two or more {@link #optLayers}). Only with {@code optRefine(true)}
         * @return this builder
         */
        public Builder optRefineForm(RefineForm form) {
            this.refineForm = Objects.requireNonNull(form, "form is null: RefineForm.PYTORCH_GRAD_CAM");
            return this;
        }

        /**
         * @param method explain by a pixel attribution method instead of the model's own method ({@link PixelMethod}:
         *     saliency, gradient x input, SmoothGrad, Integrated Gradients, FullGrad), the gradient of the class's logit by the
         *     model's input itself, TensorFlow's through the whole graph ({@link CamModel#inputGradients()}), added to
         *     the graph when the session is built; null for none (the default). Not a class activation map: no feature
         *     layer, kernel or cell is involved, and the map is one value per input pixel, carried to the picture as
         *     every map is (back where a framed digit was). Any model whose logits depend on a float32 input
         *     qualifies: a folder given to {@link #setModel(Path)} is opened as for a gradient method (its load
         *     options' weighting, or Grad-CAM's), so a model without global average pooling needs nothing more; a
         *     model opened already may be opened for CAM or for a gradient method. Every picture is fed whole ({@link #optSkipBlank}
         *     does not apply). Not with the other methods' options, {@link #optEigenSmooth} (there are no weighted
         *     features to project) or {@link #optLayers} (there is no layer); {@link #optAugSmooth} averages its maps as
         *     any method's. Cost: saliency and gradient x input one run with the gradient per batch (per further class
         *     of a top-k target, one more); SmoothGrad and Integrated Gradients one run for the logits, then
         *     {@link PixelMethod#samples()} gradients per picture and class, batched up to {@link #optMaxBatch}; FullGrad
         *     one run for the logits, then one per class rank with the gradients by the input and by every bias layer
         *     ({@link CamModel#fullGradients()}).
         * @return this builder
         */
        public Builder optPixelMethod(PixelMethod method) {
            this.pixelMethod = method;
            return this;
        }

        /**
         * @param comparison what Finer-CAM compares the explained class with and how strongly (default
         *     {@link io.github.cam4j.savedmodel.FinerComparison#DEFAULT}: alpha 1, the classes at ranks 1, 2 and 3 of
         *     nearness to its logit, as pytorch-grad-cam's): fed to the model's Finer-CAM target, so no graph op is
         *     added; applies when the model is explained by
         *     {@link io.github.cam4j.savedmodel.GradientWeighting#FINER_CAM}, and {@link #build} refuses a model with
         *     too few classes for its ranks, and a comparison other than the default for a session that makes no
         *     Finer-CAM map
         * @return this builder
         */
        public Builder optFinerComparison(io.github.cam4j.savedmodel.FinerComparison comparison) {
            this.finerComparison = Objects.requireNonNull(comparison, "comparison is null: FinerComparison.DEFAULT");
            return this;
        }

        /**
         * @param base the method whose weighting Finer-CAM applies to its target's gradient, as pytorch-grad-cam's
         *     {@code FinerCAM(..., base_method=...)} and torch-cam's {@code FinerCAM(base_method=...)} take one
         *     ({@link FinerBase}): {@link FinerBase#DEFAULT}, Grad-CAM (the default, both libraries'), Grad-CAM++,
         *     XGrad-CAM, HiResCAM, LayerCAM or Grad-CAM element-wise; in torch-cam's form
         *     ({@link io.github.cam4j.savedmodel.FinerComparison#unweighted()}) Grad-CAM, Grad-CAM++ or LayerCAM only,
         *     as torch-cam refuses the others. The gradient is the Finer target's either way: the base changes no graph
         *     op, only how the fetched gradient weighs the features (Grad-CAM++'s squares and cubes are of that
         *     gradient). Any base other than Grad-CAM needs a session that makes Finer-CAM's maps (a model opened for
         *     {@link io.github.cam4j.savedmodel.GradientWeighting#FINER_CAM}); {@link #build} refuses it otherwise
         * @return this builder
         * @throws IllegalArgumentException naming {@code optFinerBase} for a method Finer-CAM takes in neither form
         */
        public Builder optFinerBase(io.github.cam4j.savedmodel.GradientWeighting base) {
            Objects.requireNonNull(base, "base is null: FinerBase.DEFAULT");
            FinerBase.problem(base, false).ifPresent(p -> {
                throw new IllegalArgumentException("optFinerBase(" + base + "): " + p);
            });
            this.finerBase = base;
            return this;
        }

        /**
         * @return the session
         * @throws ModelLoadException when the model folder cannot be opened as the method needs
         *     ({@link #setModel(Path)}) or with the options given (as CAM opens it, unless they ask for a gradient
         *     method), or the model cannot make the method's maps; a folder without global average pooling opened as
         *     CAM opens it is a {@link io.github.cam4j.savedmodel.NotCamReadyException}, which under a gradient-free
         *     method ({@link #optScoreCam}, {@link #optAblationCam}...) given such options names what to add to them
         * @throws IllegalStateException when no model is set, or the model lent is closed
         * @throws IllegalArgumentException when options given exclude each other, or one is for a method the session
         *     does not make (e.g. {@link #optSmoothGradNoise} beside Grad-CAM)
         * @throws SettingBeyondModelException when a setting exceeds what the model opened takes: more
         *     {@link #optScoreCamChannels} than the features have, an {@link #optOcclusion} patch larger than its input,
         *     an {@link #optSmoothGradNoise} beyond its input's range, {@link #optFinerComparison} ranks past its classes
         */
        public CamSession build() throws ModelLoadException {
            SessionOptionChecks.refuse(this);
            return SessionOpening.open(this);
        }
    }
}
