package io.github.cam4j.savedmodel;

import com.google.protobuf.InvalidProtocolBufferException;
import io.github.cam4j.data.FileKinds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import io.github.cam4j.savedmodel.keras.ImportOptions;
import io.github.cam4j.savedmodel.keras.ImportedModel;
import io.github.cam4j.savedmodel.keras.InlinedSignature;
import io.github.cam4j.savedmodel.keras.OpAllowList;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Opens a model folder for CAM, whatever made it: a cam4j SavedModel (signatures {@code cam} and
 * {@code cam_weights}), any SavedModel given tensor names, or a foreign (Python Keras) SavedModel whose CAM layers
 * are found by import ({@link ImportedModel}). The graph's ops are checked against an allow-list before anything is loaded or run.
 */
public final class CamModelLoader {
    private CamModelLoader() {}

    /**
     * @param dir a SavedModel folder
     * @param options overrides
     * @return the opened model; the caller closes it
     * @throws ModelLoadException when the folder is not a usable SavedModel, naming it and the fault
     */
    public static CamModel load(Path dir, LoadOptions options) throws ModelLoadException {
        // Named here: they were NullPointerExceptions from Files.isRegularFile and options.trust() deep inside.
        Objects.requireNonNull(dir, "dir is null: the SavedModel folder to open");
        Objects.requireNonNull(options, "options is null: LoadOptions.defaults() for none");
        CamModel model = open(dir, options, List.of(), false).get(0);
        // Kept so that a session lent this model can check it is told the options that opened it (its notes and
        // warnings are said for those).
        model.recordOpenedWith(options);
        return model;
    }

    /**
     * Opens a model folder as {@link #load} opens it for CAM, or, when CAM's opening refuses it for want of global
     * average pooling ({@link NotCamReadyException#gradientsMayExplain()}), as {@code load(dir,
     * options.withGradients(GRAD_CAM))} opens it, whose opening finds the features of any convolutional classifier:
     * for a method that needs neither the classifier's kernel nor gradients. A foreign SavedModel is imported once for
     * both (the second way is taken in the graph the first refused); a folder with cam4j's {@code cam} signature whose
     * features do not give its logits by its kernel ({@link CamIdentityException}: its signature edited, or written by
     * another tool) is opened the second way in the bundle the first loaded, where that refusal had been thrown; a
     * folder opened otherwise is opened again.
     *
     * @param dir a SavedModel folder
     * @param options overrides; options that already ask for a gradient method ({@link LoadOptions#gradCam()}) open
     *     the folder as {@code load(dir, options)} does, for that method, with no second way
     * @return the opened model, its {@link CamModel#openedWith()} the options that opened it; the caller closes it
     * @throws ModelLoadException as {@link #load} throws it: the second way's failure, when the first was refused
     *     and the second fails too
     */
    public static CamModel loadForCamOrGradCam(Path dir, LoadOptions options) throws ModelLoadException {
        Objects.requireNonNull(dir, "dir is null: the SavedModel folder to open");
        Objects.requireNonNull(options, "options is null: LoadOptions.defaults() for none");
        LoadOptions byGradients = options.withGradients(GradientWeighting.GRAD_CAM);
        CamModel model;
        try {
            // One import only when the second way's options would pass the same checks: CAM's kernel and bias, which
            // a gradient method refuses, are not given.
            boolean oneImport = !options.gradCam() && options.kernelTensor() == null && options.biasTensor() == null;
            model = open(dir, options, List.of(), oneImport).get(0);
        } catch (NotCamReadyException e) {
            if (options.gradCam() || !e.gradientsMayExplain()) {
                throw e;
            }
            try {
                return load(dir, byGradients);
            } catch (ModelLoadException | RuntimeException again) {
                again.addSuppressed(e);
                throw again;
            }
        }
        model.recordOpenedWith(model.gradients().isPresent() && !options.gradCam() ? byGradients : options);
        return model;
    }

    /**
     * Opens a model folder once for a gradient method at several target layers (pytorch-grad-cam's
     * {@code target_layers}): the first layer's model is opened as {@link #load} opens it with
     * {@link LoadOptions#withFoundOverrides} naming that layer, and each further layer's model adds its gradient ops to
     * the same graph and runs the same session ({@code CamModel#atFeatures}). Each layer's model is the one opening the
     * folder at that layer would give, its maps the same; the folder is read, checked and loaded once, and one run can
     * fetch every layer's features and gradients.
     *
     * @param dir a SavedModel folder cam4j opens itself (not by tensor names)
     * @param options how to open it, for a gradient method ({@link LoadOptions#gradCam()}), choosing no features
     *     tensor; a logits tensor it names is every layer's
     * @param layers two or more rank-4 tensors, by their names (for an imported model, the end of one, as inspection
     *     lists them)
     * @return one model per layer, in order: the first owns the session (close it last), the others own nothing
     * @throws ModelLoadException when the folder cannot be opened, a layer cannot be explained there, or two layers
     *     are one tensor (e.g. {@code x} and {@code x:0}): the message starts "target layer NAME: "
     * @throws IllegalArgumentException when the options are for CAM, choose a features tensor or name tensors, or
     *     fewer than two layers are given
     */
    public static List<CamModel> loadAtLayers(Path dir, LoadOptions options, List<String> layers)
            throws ModelLoadException {
        Objects.requireNonNull(dir, "dir is null: the SavedModel folder to open");
        Objects.requireNonNull(options, "options is null: the LoadOptions of a gradient method");
        Objects.requireNonNull(layers, "layers is null: the target layers' tensor names");
        if (layers.size() < 2 || !options.gradCam() || options.tensors() != null
                || (options.found() != null && options.found().features() != null)) {
            throw new IllegalArgumentException("loadAtLayers takes two or more layers of a folder opened for a gradient"
                    + " method, with no features tensor or tensor names given; got " + layers + " and " + options);
        }
        LoadOptions first = options.withFoundOverrides(layers.get(0),
                options.found() == null ? null : options.found().logits());
        List<CamModel> models;
        try {
            models = open(dir, first, layers.subList(1, layers.size()), false);
        } catch (ModelLoadException e) {
            throw e.getMessage().startsWith("target layer ") ? e
                    : new ModelLoadException("target layer " + layers.get(0) + ": " + e.getMessage(), e);
        }
        refuseOneTensorTwice(models, layers);
        // Each as load would have opened it at its layer, so that a session lent these models can check that each
        // was opened at the layer it is lent for.
        for (int i = 0; i < models.size(); i++) {
            models.get(i).recordOpenedWith(options.withFoundOverrides(layers.get(i),
                    options.found() == null ? null : options.found().logits()));
        }
        return models;
    }

    /** Finds a further target layer's features tensor in a model's graph, as opening the folder there would. */
    private interface LayerTensor {
        String find(String layer) throws ModelLoadException;
    }

    /**
     * @param first the model opened at the first target layer
     * @param more the further layers
     * @param tensor how a layer's name is found in the graph
     * @return {@code first}, then a model of its session at each further layer; on a failure, {@code first} closed
     */
    private static List<CamModel> withLayers(CamModel first, List<String> more, LayerTensor tensor)
            throws ModelLoadException {
        List<CamModel> models = new java.util.ArrayList<>(List.of(first));
        try {
            for (String layer : more) {
                try {
                    models.add(first.atFeatures(tensor.find(layer)));
                } catch (ModelLoadException e) {
                    throw new ModelLoadException("target layer " + layer + ": " + e.getMessage(), e);
                }
            }
        } catch (ModelLoadException | RuntimeException e) {
            // The further layers own nothing: the first's session is all there is to close.
            first.close();
            throw e;
        }
        return models;
    }

    /**
     * Refuses two target layers found at one tensor, closing the models: two spellings of it ({@code x} and
     * {@code x:0}, or an imported layer's short name and a longer one) passed the names' checks, and every explanation
     * then failed in TensorFlow's words ("Name collision in the result set, two outputs are named ...").
     *
     * @param models the models opened at the layers, the first owning the session
     * @param layers the layers as given, in the same order
     * @throws ModelLoadException naming the later layer, the earlier one and the tensor both are
     */
    private static void refuseOneTensorTwice(List<CamModel> models, List<String> layers) throws ModelLoadException {
        for (int i = 1; i < models.size(); i++) {
            for (int j = 0; j < i; j++) {
                String tensor = models.get(i).tensors().features();
                if (tensor.equals(models.get(j).tensors().features())) {
                    for (int k = models.size() - 1; k >= 0; k--) {
                        models.get(k).close();
                    }
                    throw new ModelLoadException("target layer " + layers.get(i) + ": it is the tensor " + tensor
                            + ", as target layer " + layers.get(j) + " is; each layer counts once in the mean");
                }
            }
        }
    }

    /**
     * @param more further target layers ({@link #loadAtLayers}); empty for one
     * @param orGradCam whether a foreign SavedModel CAM's opening refuses for want of global average pooling is
     *     opened for Grad-CAM from the same import, and a folder with cam4j's signatures whose features do not give its
     *     logits by its kernel ({@link CamIdentityException}) from the same bundle ({@link #loadForCamOrGradCam});
     *     options asking for no gradient method only
     * @return the model, then one per further layer sharing its session
     */
    private static List<CamModel> open(Path dir, LoadOptions options, List<String> more, boolean orGradCam)
            throws ModelLoadException {
        MetaGraphDef meta = readMetaGraph(dir);
        if (!options.trust()) {
            OpAllowList.check(meta, dir.resolve("saved_model.pb"));
        }
        Map<String, SignatureDef> signatures = meta.getSignatureDefMap();
        if (options.redraw() != null && !isForeign(meta, options)) {
            throw new ModelLoadException(dir + ": re-drawn weights are for foreign SavedModels, imported by cam4j; a"
                    + " cam4j model is rebuilt from the architecture in its metadata instead");
        }
        if (options.found() != null && !options.gradCam() && !isForeign(meta, options)) {
            // Silently ignored, the user would read maps of other tensors than the ones named. (Grad-CAM takes them:
            // its gradient can be taken at any layer.)
            throw new ModelLoadException(dir + " has cam4j's '" + CamContract.CAM_SIGNATURE + "' signature, which names its"
                    + " features and logits, so CAM takes no --features/--logits there: they (LoadOptions.withFoundOverrides)"
                    + " choose a gradient method's layer, or override what import finds in a foreign SavedModel (to open"
                    + " this one by names, give --input, --features, --logits and --kernel: LoadOptions.withTensors)");
        }
        String signature = options.signature();
        if (!isForeign(meta, options) && signature != null && !signature.equals(CamContract.SERVING_SIGNATURE)
                && !signature.equals(CamContract.CAM_SIGNATURE)) {
            // Silently ignored, the user would take the maps for that signature's.
            throw new SignatureChoiceException(signature, List.of(), true, dir, dir + (options.tensors() != null
                    ? " is opened by the tensor names given"
                    : " has cam4j's '" + CamContract.CAM_SIGNATURE + "' signature, which it is explained by")
                    + "; --signature '" + signature + "' chooses which signature of a foreign SavedModel to import");
        }
        if (options.gradCam() && (options.kernelTensor() != null || options.biasTensor() != null)) {
            throw new ModelLoadException(dir + ": a kernel and bias are CAM's; a gradient method weighs the features by"
                    + " gradients and takes neither");
        }
        if (options.tensors() != null) {
            SavedModelBundle bundle = loadBundle(dir, meta);
            try {
                InputSpec input = options.resolveInput(metadataOrDefault(dir, signatures, null).input());
                if (options.gradCam()) {
                    return List.of(CamModel.withGradients(bundle.session(), options.tensors(), options.activation(),
                            input, options.labels(), dir.toString(), List.of(bundle), options.gradients()));
                }
                return List.of(CamModel.fromGraph(bundle.session(), options.tensors(), options.kernelTensor(),
                        options.biasTensor(), options.activation(), input, options.labels(), dir.toString(),
                        List.of(bundle)));
            } catch (ModelLoadException | RuntimeException e) {
                bundle.close();
                throw e;
            }
        }
        if (signatures.containsKey(CamContract.CAM_SIGNATURE) && signatures.containsKey(CamContract.WEIGHTS_SIGNATURE)) {
            ModelMetadata metadata = metadataOrDefault(dir, signatures, options.labels());
            if (InlinedSignature.callsFunctions(meta, CamContract.CAM_SIGNATURE)) {
                return withLayers(inlinedContract(dir, meta, metadata, options, orGradCam), more, layer -> layer);
            }
            SavedModelBundle bundle = loadBundle(dir, meta);
            CamModel model;
            try {
                InputSpec input = options.resolveInput(metadata.input());
                List<String> labels = options.labels() != null ? options.labels() : metadata.labels();
                if (options.gradCam()) {
                    model = CamModel.fromContractByGradients(bundle, options.found(), input, labels, dir.toString(),
                            List.of(bundle), options.gradients());
                    // The kernel CAM reads, for what scores pooled features by it (a concept's embedding). Grad-CAM
                    // itself does not need it: a folder whose kernel cannot be read still opens, its concepts unscored.
                    try {
                        model.recordKernel(ContractSignatures.weights(bundle));
                    } catch (ModelLoadException | RuntimeException noKernel) {
                        // No scores rather than no model.
                    }
                } else {
                    try {
                        model = CamModel.fromContract(bundle, input, labels, dir.toString(), List.of(bundle));
                    } catch (CamIdentityException notPooled) {
                        if (!orGradCam) {
                            throw notPooled;
                        }
                        // Features that do not give the logits by the recorded kernel refuse CAM, not a method that
                        // reads the features alone: opened as Grad-CAM opens the folder, in the bundle already loaded,
                        // as the command line opens it for such a method (a CamSession had been refused).
                        model = CamModel.fromContractByGradients(bundle, options.found(), input, labels,
                                dir.toString(), List.of(bundle), GradientWeighting.GRAD_CAM);
                    }
                }
            } catch (ModelLoadException | RuntimeException e) {
                bundle.close();
                throw e;
            }
            return withLayers(model, more, layer -> layer);
        }
        return imported(dir, signatures, options, more, orGradCam);
    }

    /**
     * A contract SavedModel written by Python's {@code tf.saved_model.save} ({@code python-export/export_cam.py}):
     * its {@code cam} signature is one function call, so it is opened inlined, as a plain graph, where the layers
     * between the features and the logits are visible (the gradient methods differentiate through them; the cells'
     * placement and the blank-crop shortcut read them). The kernel and bias are read once, from the bundle loaded to
     * freeze the signature's variables: read in a load of their own, they made CAM load the folder twice.
     *
     * @param orGradCam whether features that do not give the logits by the kernel ({@link CamIdentityException}) open
     *     the graph as Grad-CAM does, as {@link #open} opens a contract folder in cam4j's own form
     */
    private static CamModel inlinedContract(Path dir, MetaGraphDef meta, ModelMetadata metadata, LoadOptions options,
            boolean orGradCam) throws ModelLoadException {
        InputSpec input = options.resolveInput(metadata.input());
        List<String> labels = options.labels() != null ? options.labels() : metadata.labels();
        AtomicReference<ClassifierWeights> read = new AtomicReference<>();
        // Read for a gradient method too: what scores pooled features by the kernel reads it (CamModel#classifier).
        // Only CAM needs it: a gradient method's opening goes on without it, its concepts unscored.
        var flat = InlinedSignature.open(dir, meta, CamContract.CAM_SIGNATURE, bundle -> {
            try {
                read.set(ContractSignatures.weights(bundle));
            } catch (ModelLoadException | RuntimeException e) {
                if (!options.gradCam()) {
                    throw e;
                }
            }
        });
        ClassifierWeights weights = read.get();
        try {
            TensorNames contract = new TensorNames(flat.input(CamContract.INPUT_IMAGES),
                    flat.output(CamContract.OUTPUT_FEATURES), flat.output(CamContract.OUTPUT_LOGITS),
                    flat.output(CamContract.OUTPUT_PROBABILITIES));
            DoubleRescaling.refuse(dir, input, flat.inputRescaling(CamContract.OUTPUT_LOGITS),
                    flat.inputStandardisation(CamContract.OUTPUT_LOGITS), options, true);
            if (options.gradCam()) {
                CamModel byGradients = CamModel.withGradients(flat.session(), CamModel.overridden(contract,
                        options.found()), ClassifierActivation.SOFTMAX, input, labels, dir.toString(), List.of(flat),
                        options.gradients());
                if (weights != null) {
                    byGradients.recordKernel(weights);
                }
                return byGradients;
            }
            try {
                return new CamModel(flat.session(), contract, weights, ClassifierActivation.SOFTMAX, input, labels,
                        dir.toString(), List.of(flat));
            } catch (CamIdentityException notPooled) {
                if (!orGradCam) {
                    throw notPooled;
                }
                // As a folder in cam4j's own form is opened (loadForCamOrGradCam): in the graph already loaded. It had
                // been refused with CAM's exception, which loadForCamOrGradCam does not take for a refusal of CAM's.
                return CamModel.withGradients(flat.session(), CamModel.overridden(contract, options.found()),
                        ClassifierActivation.SOFTMAX, input, labels, dir.toString(), List.of(flat),
                        GradientWeighting.GRAD_CAM);
            }
        } catch (ModelLoadException | RuntimeException e) {
            flat.close();
            throw e;
        }
    }

    /**
     * @param dir a SavedModel folder
     * @param options how it is to be opened
     * @return whether the ink of the model's training pictures is known: told by the options
     *     ({@link LoadOptions#withInk}, or a whole {@link LoadOptions#input()}) or written in cam4j metadata beside the
     *     model. Without any (a Keras model as exported, a graph opened by names), {@link #load} takes it as dark on
     *     light and inverts no picture on a guess.
     */
    public static boolean inkKnown(Path dir, LoadOptions options) {
        return options.lightOnDark() != null || options.input() != null
                || Files.isRegularFile(dir.resolve("assets").resolve(CamContract.METADATA_ASSET));
    }

    /**
     * @param dir a SavedModel folder
     * @param options how it is to be opened
     * @return whether {@link #load} opens it as a foreign SavedModel, found by import ({@link ImportedModel}): it has
     *     no cam4j signatures and no tensor names are given
     * @throws ModelLoadException when the folder holds no readable SavedModel
     */
    public static boolean isForeign(Path dir, LoadOptions options) throws ModelLoadException {
        return isForeign(readMetaGraph(dir), options);
    }

    /**
     * @param dir a foreign SavedModel folder ({@link #isForeign})
     * @param options how it is opened (its signature, and whether it is trusted)
     * @return the layers {@link LoadOptions#withRedrawnWeights(io.github.cam4j.savedmodel.keras.RedrawnWeights)} re-draws
     *     from the top, nearest the output first ({@link ImportedModel#layersTopFirst})
     * @throws ModelLoadException if the model cannot be checked, loaded or rebuilt, or reads no weight a draw changes
     */
    public static List<String> importedLayersTopFirst(Path dir, LoadOptions options) throws ModelLoadException {
        return ImportedModel.layersTopFirst(dir, new ImportOptions(options.signature(), options.trust(), null, null));
    }

    private static boolean isForeign(MetaGraphDef meta, LoadOptions options) {
        Map<String, SignatureDef> signatures = meta.getSignatureDefMap();
        return options.tensors() == null && !(signatures.containsKey(CamContract.CAM_SIGNATURE)
                && signatures.containsKey(CamContract.WEIGHTS_SIGNATURE));
    }

    /** A foreign SavedModel: inlined into a plain graph whose CAM layers are found by import. */
    private static List<CamModel> imported(Path dir, Map<String, SignatureDef> signatures, LoadOptions options,
            List<String> more, boolean orGradCam) throws ModelLoadException {
        // The allow-list was checked above (or trust was given): import need not check again.
        LoadOptions.FoundOverrides found = options.found();
        ImportOptions importOptions = new ImportOptions(options.signature(), true,
                found == null ? null : found.features(), found == null ? null : found.logits(), options.redraw());
        ImportedModel model = options.gradCam() ? ImportedModel.openForGradients(dir, importOptions, more)
                : orGradCam ? ImportedModel.openForCamOrGradients(dir, importOptions)
                : ImportedModel.open(dir, importOptions);
        try {
            long[] shape = model.inputShape();
            int channels = shape.length == 4 && shape[3] == 3 ? 3 : 1;
            // No metadata: pixels scaled to [0, 1], or left 0..255 for a model that rescales them itself (a Keras
            // Rescaling layer) or standardises them by raw pixels' statistics (a Keras Normalization adapted on the
            // uint8 images), unless --pixel-scale says otherwise; no inversion guessed.
            boolean raw = model.takesRawPixels();
            if (options.preprocessesOutside()) {
                // Preprocessing done outside a model that does its own would be done twice: a ResNet50 with its 'caffe'
                // preprocess_input inside, given --preprocess caffe too, is fed pixels minus ImageNet's mean twice over.
                String inside = model.inputRescaling().map(r -> "rescales its input itself: " + r)
                        .or(() -> model.inputStandardisation().map(s -> "standardises its input itself: " + s)).orElse(null);
                if (inside != null) {
                    throw new ModelLoadException(options.preprocessingOption() + " preprocesses pixels outside the model,"
                            + " but " + dir + " " + inside + "; cam4j feeds it " + (raw ? "raw pixels, 0..255" : "pixels"
                            + " scaled to 0..1") + " without the option ('cam4j inspect' shows what it does)");
                }
            }
            InputSpec base = new InputSpec(shape.length == 4 ? (int) shape[1] : -1, shape.length == 4 ? (int) shape[2] : -1,
                    channels, raw ? 1f : 1f / 255f, 0f, false);
            // Metadata written beside a foreign model (its labels, its pixel scaling, its ink) is what its author knows
            // and import cannot: it wins over the guesses, as it does for a graph opened by names. It was ignored.
            List<String> labels = options.labels();
            Optional<ModelMetadata> written = metadataAsset(dir);
            if (written.isPresent()) {
                base = written.get().input();
                labels = labels != null ? labels : written.get().labels();
            }
            // A scale given or written for a model that scales raw pixels itself (a Rescaling(1/255), a Normalization
            // adapted on the 8-bit pictures) would make it see a black or flat picture: a 7 read as a 1 at p=0.96.
            DoubleRescaling.refuse(dir, options.resolveInput(base), model.inputRescaling(), model.inputStandardisation(),
                    options, written.isPresent());
            TensorNames names = new TensorNames(model.inputTensor(), model.featuresTensor(), model.logitsTensor(),
                    model.probabilitiesTensor());
            // An output without activation (NONE) is the logits: CamModel reads them by softmax, or a sigmoid for one
            // unit, as it does for a graph opened by names.
            ClassifierActivation activation = model.activation();
            if (options.gradCam() || !model.hasKernel()) {
                // Without the kernel: opened for Grad-CAM, asked for or taken where CAM refused (loadForCamOrGradCam).
                CamModel first = CamModel.withGradients(model.session(), names, activation, options.resolveInput(base),
                        labels, dir.toString(), List.of(model),
                        options.gradCam() ? options.gradients() : GradientWeighting.GRAD_CAM);
                model.camRefusal().ifPresent(first::recordCamRefusal);
                if (model.hasKernel()) {
                    first.recordKernel(new ClassifierWeights(model.kernel(), model.bias()));
                }
                // Import found the further layers as it found the first (the end of a node's name will do).
                List<String> further = model.furtherFeatures();
                return withLayers(first, more, layer -> further.get(more.indexOf(layer)));
            }
            try {
                return List.of(new CamModel(model.session(), names, new ClassifierWeights(model.kernel(), model.bias()),
                        activation, options.resolveInput(base), labels, dir.toString(), List.of(model)));
            } catch (CamIdentityException notPooled) {
                // Import found the features by the name given (the end of a node's name): the refusal carries that
                // name, as the channels' refusal does, for a caller to say it in its user's words.
                throw found == null || found.features() == null ? notPooled : notPooled.named(found.features());
            }
        } catch (ModelLoadException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * The folder above the models given for a model ({@code --model saved_models}): "; the SavedModels in it:
     * saved_models/mnist-pooled, saved_models/mnist-unpooled", or empty when none of its folders holds one.
     */
    private static String savedModelsInside(Path dir) {
        try (java.util.stream.Stream<Path> children = Files.list(dir)) {
            List<String> models = children.filter(c -> Files.isRegularFile(c.resolve("saved_model.pb"))).map(Path::toString)
                    .sorted().toList();
            return models.isEmpty() ? "" : "; the SavedModels in it: " + String.join(", ", models);
        } catch (IOException | RuntimeException e) {
            return ""; // Only a hint: an unreadable folder is said as it was.
        }
    }

    /**
     * Reads the {@code serve} MetaGraphDef without loading anything into TensorFlow.
     *
     * @param dir a SavedModel folder
     * @return its serving MetaGraphDef
     * @throws ModelLoadException when the folder or its {@code saved_model.pb} is missing or unreadable
     */
    public static MetaGraphDef readMetaGraph(Path dir) throws ModelLoadException {
        if (Files.isRegularFile(dir)) {
            // "does not exist or is not a folder" of a file that exists sent a Keras user looking for a typo.
            String name = dir.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            boolean keras = name.endsWith(".keras") || name.endsWith(".h5") || name.endsWith(".hdf5");
            throw new ModelLoadException(dir + " is a file, not a SavedModel folder" + (keras ? ": a Keras model file,"
                    + " which TensorFlow Java cannot read; export it as a SavedModel, model.export(DIR) under Keras 3 or"
                    + " cam4j's python-export/export_cam.py, and give DIR" : name.equals("saved_model.pb")
                            ? "; give the folder that holds it, " + dir.toAbsolutePath().getParent()
                            // Any other file: what to give instead (evaluate said so before its refusal became this one).
                            : "; give the folder that holds saved_model.pb"));
        }
        if (!Files.isDirectory(dir)) {
            // Path.of("saved_models/mnist-pooled"), as README's Java block opens it in a checkout, from an application
            // that holds only the jar: the command line takes a bundled name itself, a library caller must ask for it.
            Path last = dir.getFileName();
            String bundled = last != null && BundledModels.isBundled(last.toString()) ? "; cam4j bundles a model of"
                    + " that name: BundledModels.locate(\"" + last + "\") gives its copy from any working folder" : "";
            throw new ModelLoadException("model folder " + dir + " does not exist or is not a folder" + bundled);
        }
        Path pb = dir.resolve("saved_model.pb");
        Optional<String> special = FileKinds.refusal(pb, "model file");
        if (special.isPresent()) {
            throw new ModelLoadException(special.get());
        }
        if (!Files.isRegularFile(pb)) {
            throw new ModelLoadException(dir + " is not a SavedModel: it has no saved_model.pb"
                    + (Files.isRegularFile(dir.resolve("saved_model.pbtxt")) ? " (saved_model.pbtxt is not supported)" : "")
                    + savedModelsInside(dir));
        }
        SavedModel saved;
        try {
            byte[] bytes = Files.readAllBytes(pb);
            if (bytes.length == 0) {
                // An empty file parses as a SavedModel with no meta graphs, which would read as "no tag 'serve'".
                throw new ModelLoadException(pb + " is empty (0 bytes): the SavedModel was not written or copied whole");
            }
            saved = SavedModel.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelLoadException(pb + " is not a valid SavedModel protobuf: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + pb + ": " + e.getMessage(), e);
        }
        for (MetaGraphDef meta : saved.getMetaGraphsList()) {
            if (meta.getMetaInfoDef().getTagsList().contains(CamContract.TAG)) {
                return meta;
            }
        }
        throw new ModelLoadException(pb + " has no MetaGraph tagged '" + CamContract.TAG + "'");
    }

    /**
     * Loads a SavedModel with the contract's tag, its variables checked present.
     *
     * @param dir the SavedModel folder
     * @return the bundle, open
     * @throws ModelLoadException naming the folder and what TensorFlow or the variables folder lacks
     */
    static SavedModelBundle loadBundle(Path dir) throws ModelLoadException {
        return loadBundle(dir, null);
    }

    /**
     * Loads a SavedModel with the contract's tag, its variables checked present, in a session whose options suit its
     * graph: Grappler's remapper off for a graph with a LeakyRelu ({@link LeakyReluRemapper}), whose gradient (a pixel
     * method's, added later) it logged "remapper failed" on; opened by tensor names, a model runs in this session.
     *
     * @param dir the SavedModel folder
     * @param meta its meta graph as read ({@link #readMetaGraph}), or null for TensorFlow's default options (a bundle
     *     only read from, never differentiated)
     * @return the bundle, open
     * @throws ModelLoadException naming the folder and what TensorFlow or the variables folder lacks
     */
    static SavedModelBundle loadBundle(Path dir, MetaGraphDef meta) throws ModelLoadException {
        SavedModelBundle bundle;
        try {
            bundle = meta == null || !LeakyReluRemapper.breaksOn(meta.getGraphDef())
                    ? SavedModelBundle.load(dir.toString(), CamContract.TAG)
                    : SavedModelBundle.loader(dir.toString()).withTags(CamContract.TAG)
                            .withConfigProto(LeakyReluRemapper.turnedOffFor(meta.getGraphDef(),
                                    org.tensorflow.proto.ConfigProto.newBuilder()).build()).load();
        } catch (RuntimeException e) {
            throw new ModelLoadException("TensorFlow cannot load SavedModel " + dir + ": "
                    + VariableFiles.explainLoadFailure(dir, e.getMessage()), e);
        }
        try {
            VariableFiles.checkPresent(dir, bundle.graph());
        } catch (ModelLoadException e) {
            bundle.close();
            throw e;
        }
        return bundle;
    }

    /**
     * @param dir a SavedModel folder
     * @return whether its metadata asset records training on light ink on a dark ground (true, as MNIST) or dark ink
     *     on a light one (false); empty when it has no metadata
     * @throws ModelLoadException when the metadata cannot be read
     */
    public static Optional<Boolean> recordedInk(Path dir) throws ModelLoadException {
        return metadataAsset(dir).map(m -> m.input().lightOnDark());
    }

    /**
     * @param dir a SavedModel folder
     * @return the pixel scale its metadata asset records (model input = pixel (0..255) x scale + offset); empty when it
     *     has no metadata
     * @throws ModelLoadException when the metadata cannot be read
     */
    public static Optional<Float> recordedPixelScale(Path dir) throws ModelLoadException {
        return metadataAsset(dir).map(m -> m.input().pixelScale());
    }

    /**
     * @param dir a SavedModel folder
     * @return the pixel offset its metadata asset records (model input = pixel (0..255) x scale + offset); empty when
     *     it has no metadata
     * @throws ModelLoadException when the metadata cannot be read
     */
    public static Optional<Float> recordedPixelOffset(Path dir) throws ModelLoadException {
        return metadataAsset(dir).map(m -> m.input().pixelOffset());
    }

    /**
     * @param dir a SavedModel folder
     * @return the per-channel standardisation its metadata asset records (model input = (pixel x scale + offset - mean)
     *     / std), or RGB, mean 0 and deviation 1 when it records none; empty when it has no metadata
     * @throws ModelLoadException when the metadata cannot be read
     */
    public static Optional<PixelStandardization> recordedStandardization(Path dir) throws ModelLoadException {
        return metadataAsset(dir).map(m -> m.input().standardization() != null ? m.input().standardization()
                : new PixelStandardization(false, List.of(0f), List.of(1f)));
    }

    /**
     * What explain says of a foreign model whose metadata asset scales pixels the model rescales itself, without
     * loading it: {@code cam4j inspect} describes such a model, and says so.
     *
     * @param dir a foreign SavedModel folder, for the message
     * @param written its metadata asset, as the caller read it
     * @param feeding what its graph does to its input first, as {@link ImportedModel#inspection} found it
     * @return why explain refuses to feed the model as its metadata says ({@link DoubleRescaling}); empty when it feeds
     *     it so
     */
    public static Optional<String> metadataRefusal(Path dir, ModelMetadata written,
            ImportedModel.InputFeeding feeding) {
        try {
            DoubleRescaling.refuse(dir, written.input(), feeding.rescaling(), feeding.standardisation(),
                    LoadOptions.defaults(), true);
            return Optional.empty();
        } catch (ModelLoadException refused) {
            return Optional.of(refused.getMessage());
        }
    }

    /** @return the metadata asset written beside the model ({@code assets/cam4j.json}), read, if there is one */
    private static Optional<ModelMetadata> metadataAsset(Path dir) throws ModelLoadException {
        Path asset = dir.resolve("assets").resolve(CamContract.METADATA_ASSET);
        // A metadata file that is a dangling link, a directory or a FIFO was taken for none: the model then loaded with
        // default labels and scaling, as if it had no metadata.
        Optional<String> special = FileKinds.refusal(asset, "model metadata");
        if (special.isPresent()) {
            throw new ModelLoadException(special.get());
        }
        return Files.isRegularFile(asset) ? Optional.of(ModelMetadata.read(asset)) : Optional.empty();
    }

    /** The model's metadata asset, or a default built from the serving signature's input shape. */
    static ModelMetadata metadataOrDefault(Path dir, Map<String, SignatureDef> signatures, List<String> labels)
            throws ModelLoadException {
        Optional<ModelMetadata> written = metadataAsset(dir);
        if (written.isPresent()) {
            return written.get();
        }
        SignatureDef serving = signatures.get(CamContract.SERVING_SIGNATURE);
        int[] hwc = {-1, -1, 1};
        if (serving != null && serving.getInputsCount() == 1) {
            TensorShapeProto shape = serving.getInputsMap().values().iterator().next().getTensorShape();
            if (shape.getDimCount() == 4) {
                for (int i = 0; i < 3; i++) {
                    hwc[i] = (int) shape.getDim(i + 1).getSize();
                }
            }
        }
        int channels = hwc[2] == 3 ? 3 : 1;
        return new ModelMetadata(null, null, dir.getFileName().toString(), null,
                new InputSpec(hwc[0], hwc[1], channels, 1f / 255f, 0f, false), labels, null, null, null);
    }
}
