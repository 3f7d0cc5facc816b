package io.github.cam4j.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A Keras-style sequential CNN that ends the way class activation maps need: convolutions (and pooling), then
 * {@link GlobalAveragePooling2D}, then one {@link Dense} classifier. Defined in Keras' own JSON config format
 * ({@code model.to_json()}), and built as TensorFlow Java graph ops.
 *
 * <pre>{@code
 * Sequential model = Sequential.fromFile(Path.of("pooled.json"));
 * ModelOutputs out = model.build(tf, images, weights);   // features, pooled, logits, probabilities
 * }</pre>
 *
 * <p>Height and width stay open: the input shape's spatial size is only what training used, and the graph built
 * accepts any size.
 */
public final class Sequential {
    /**
     * The names TensorFlow Java 1.1.0 takes for op and scope names ({@code NameScope.NAME_REGEX}, which
     * {@code Scope.withSubScope} checks).
     */
    private static final String TENSORFLOW_NAME = "[A-Za-z0-9.][A-Za-z0-9_.\\-]*";

    /**
     * TensorFlow's Python op names, tf.keras 2's ({@code _VALID_OP_NAME_REGEX} in tensorflow/python/framework/ops.py,
     * {@code ^[A-Za-z0-9.][A-Za-z0-9_.\\/>-]*$}): '>' and '\' beside TensorFlow Java's characters ('/' is refused
     * before, as Keras 3 refuses it).
     */
    private static final String PYTHON_OP_NAME = "[A-Za-z0-9.][A-Za-z0-9_.\\\\/>\\-]*";

    private final String name;
    private final long[] inputShape;
    private final List<Layer> layers;
    private final List<String> configNotes;

    /**
     * @param name the model's name
     * @param inputShape {@code [height, width, channels]} the model is trained at; -1 for an open height or width
     * @param layers the layers in order, ending in GlobalAveragePooling2D then Dense
     * @throws ModelConfigException when the layers do not fit together or do not end as CAM needs
     */
    public Sequential(String name, long[] inputShape, List<Layer> layers) throws ModelConfigException {
        this(name, inputShape, layers, List.of());
    }

    Sequential(String name, long[] inputShape, List<Layer> layers, List<String> configNotes)
            throws ModelConfigException {
        this(name, inputShape, layers, configNotes, Set.of());
    }

    /**
     * @param inputNames the names the model's input takes in Keras, which no layer may have: a config's InputLayer's,
     *     or the one Keras makes for it; a name offered to rename a layer to is none of them
     */
    Sequential(String name, long[] inputShape, List<Layer> layers, List<String> configNotes, Set<String> inputNames)
            throws ModelConfigException {
        this.name = name;
        this.inputShape = inputShape.clone();
        this.layers = List.copyOf(layers);
        this.configNotes = List.copyOf(configNotes);
        validate(inputNames);
    }

    /**
     * What the Keras config this model was read from says that cam4j reads but does not use (an initialiser's or a
     * Dropout's own {@code seed}), one sentence each, ending in what is drawn from {@code --seed} instead (the value a
     * command completes it with), for a command to pass on to its user; empty for a model built in Java.
     *
     * @return the notes, in the config's order
     */
    public List<String> configNotes() {
        return configNotes;
    }

    /**
     * @param json a Keras {@code Sequential} config, as {@code model.to_json()} writes it (Keras 2 or 3)
     * @return the model
     * @throws ModelConfigException when the config is malformed or uses what cam4j does not support
     */
    public static Sequential fromJson(String json) throws ModelConfigException {
        return KerasJson.read(json);
    }

    /**
     * @param file a Keras JSON config file
     * @return the model
     * @throws ModelConfigException when the file cannot be read or its config is not supported, naming the file
     */
    public static Sequential fromFile(Path file) throws ModelConfigException {
        String json;
        try {
            refuseSavedModelFile(file);
            json = Files.readString(file);
            // A byte-order mark (Windows editors write one) is not JSON, but says nothing about the config.
            if (json.startsWith("\uFEFF")) {
                json = json.substring(1);
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ModelConfigException("model config " + file + " is not UTF-8 text (a JSON file was expected)", e);
        } catch (NoSuchFileException e) {
            throw new ModelConfigException("model config " + file + " does not exist");
        } catch (IOException e) {
            throw new ModelConfigException("cannot read model config " + file + ": " + e.getMessage(), e);
        }
        try {
            return fromJson(json);
        } catch (ModelConfigException e) {
            throw new ModelConfigException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses, by its first bytes, a model Keras saved whole ({@code model.save}) or a gzip-compressed file given where
     * a JSON config is expected: each was said to be "not UTF-8 text (a JSON file was expected)", which did not say
     * what to give instead.
     */
    private static void refuseSavedModelFile(Path file) throws IOException, ModelConfigException {
        byte[] head;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(8);
        }
        String saved = null;
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            saved = "a zip archive, as Keras 3 saves a whole model (model.save(\"m.keras\"))";
        } else if (head.length == 8 && Arrays.equals(head, new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'})) {
            saved = "an HDF5 file, as Keras saves a whole model in .h5 (model.save(\"m.h5\"))";
        }
        if (head.length >= 3 && head[0] == 0x1f && head[1] == (byte) 0x8b && head[2] == 8) {
            // Said to be "not UTF-8 text", as random bytes are: the file may well hold the config, compressed.
            throw new ModelConfigException("model config " + file + " is gzip-compressed, not JSON text: decompress it"
                    + " first (gunzip -c " + file + " > config.json)");
        }
        if (saved != null) {
            throw new ModelConfigException("model config " + file + " is " + saved + ", not its JSON config: give the"
                    + " file model.to_json() writes" + (saved.startsWith("a zip") ? " (or the config.json inside the"
                            + " archive)" : ""));
        }
    }

    /**
     * @return this model as Keras JSON config in Keras 2's form; Keras 3.15 reads it with
     *     {@code keras.Sequential.from_config(json["config"])} (its {@code model_from_json} wants the {@code module}
     *     keys Keras 3 writes, and refuses it)
     */
    public String toJson() {
        return KerasJson.write(this);
    }

    /** @return the model's name */
    public String name() {
        return name;
    }

    /** @return {@code [height, width, channels]} of the training input; -1 where open */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** @return the number of input channels */
    public int channels() {
        return (int) inputShape[2];
    }

    /** @return the layers in order */
    public List<Layer> layers() {
        return layers;
    }

    /** @return the classifier layer (the last one) */
    public Dense classifier() {
        return (Dense) layers.get(layers.size() - 1);
    }

    /** @return the number of classes */
    public int classes() {
        return classifier().units();
    }

    /** @return the number of channels of the features the classifier weighs */
    public int featureChannels() {
        return (int) shapeBefore(layers.size() - 1)[1];
    }

    /**
     * @param height a picture's height
     * @param width its width
     * @return the values all layers output for one picture of that size, summed: what a training step holds per
     *     image, besides gradients
     * @throws ModelConfigException when the picture is too small for a layer
     * @throws ArithmeticException when the count passes a long
     */
    public long activationsPerImage(int height, int width) throws ModelConfigException {
        long[] shape = {-1, height, width, inputShape[2]};
        long total = 0;
        for (Layer layer : layers) {
            shape = layer.outputShape(shape);
            long values = 1;
            for (int i = 1; i < shape.length; i++) {
                values = Math.multiplyExact(values, Math.max(1, shape[i]));
            }
            total = Math.addExact(total, values);
        }
        return total;
    }

    /**
     * This model with a {@link Dropout} of whole cells right before its pooling: while training, each position of the
     * last feature map is dropped with probability {@code rate}, every channel at once, so that no class can rest on a
     * few positions; the exported model is this one's. The layer is named {@code cell_dropout}.
     *
     * @param rate the fraction of cells dropped while training, at least 0 and below 1; 0 returns this model
     * @return the model to train
     * @throws ModelConfigException when the rate is out of range or this model already has a layer named
     *     {@code cell_dropout}
     */
    public Sequential withCellDropout(double rate) throws ModelConfigException {
        if (rate == 0) {
            return this;
        }
        List<Layer> withDropout = new ArrayList<>(layers);
        try {
            withDropout.add(layers.size() - 2, new Dropout("cell_dropout", rate, new Long[] {null, null, null, 1L}));
        } catch (IllegalArgumentException e) {
            throw new ModelConfigException(e.getMessage(), e);
        }
        return new Sequential(name, inputShape, withDropout, configNotes);
    }

    /** @return every weight of every layer, in layer order */
    public List<WeightSpec> weights() {
        List<WeightSpec> specs = new ArrayList<>();
        weightsByLayer().values().forEach(specs::addAll);
        return specs;
    }

    /**
     * @return the names of each layer's weights, by layer name, in layer order; layers without weights are left out
     */
    public Map<String, List<String>> weightNamesByLayer() {
        Map<String, List<String>> byLayer = new LinkedHashMap<>();
        weightsByLayer().forEach((layer, specs) -> byLayer.put(layer, specs.stream().map(WeightSpec::name).toList()));
        return byLayer;
    }

    /** Each layer's weights, by layer name in layer order, for the layers that have any. */
    private Map<String, List<WeightSpec>> weightsByLayer() {
        Map<String, List<WeightSpec>> byLayer = new LinkedHashMap<>();
        long[] shape = batchShape(inputShape);
        for (Layer layer : layers) {
            List<WeightSpec> specs = layer.weights(shape);
            if (!specs.isEmpty()) {
                byLayer.put(layer.name(), specs);
            }
            shape = uncheckedOutput(layer, shape);
        }
        return byLayer;
    }

    /** @return the number of trainable parameters */
    public long parameterCount() {
        return weights().stream().mapToLong(WeightSpec::size).sum();
    }

    /**
     * Draws initial weights. Each weight gets its own stream split from one seeded generator, so the result depends
     * only on the seed and the architecture.
     *
     * @param seed the seed
     * @return initial values by weight name
     */
    public Map<String, float[]> initialWeights(long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        Map<String, float[]> values = new LinkedHashMap<>();
        for (WeightSpec spec : weights()) {
            values.put(spec.name(), spec.initializer().sample(spec.size(), spec.fanIn(), spec.fanOut(), root.split()));
        }
        return values;
    }

    /**
     * Adds the model's ops to a graph.
     *
     * @param tf ops in the graph
     * @param images the input batch {@code [N, H, W, channels]}, pixels as the model was trained on
     * @param weights every weight by {@link WeightSpec#name()} (variables to train, or constants)
     * @return the tensors CAM needs
     */
    public ModelOutputs build(Ops tf, Operand<TFloat32> images, Map<String, Operand<TFloat32>> weights) {
        return build(tf, images, weights, false, 0, UnaryOperator.identity());
    }

    /**
     * Adds the model's ops to a graph that training differentiates: the same function as {@link #build}, with each
     * layer in ops whose TensorFlow gradient is right ({@link Layer#callForTraining}; a dilated convolution's is not),
     * and {@link Dropout} dropping. Evaluate with {@link #build} on the same weights, where Dropout keeps everything.
     *
     * @param tf ops in the graph
     * @param images the input batch {@code [N, H, W, channels]}, pixels as the model is trained on
     * @param weights every weight by {@link WeightSpec#name()}
     * @param seed the seed of the random ops (each layer's derived from it and the layer's place)
     * @return the tensors CAM needs
     */
    public ModelOutputs buildForTraining(Ops tf, Operand<TFloat32> images, Map<String, Operand<TFloat32>> weights,
            long seed) {
        return build(tf, images, weights, true, seed, UnaryOperator.identity());
    }

    /**
     * As {@link #buildForTraining(Ops, Operand, Map, long)}, with a training-only change to the last feature map: the
     * map the exported model's CAM reads (the input of the pooling, or of the {@link Dropout} layers right before it)
     * goes through {@code onFeatures} before the rest of the model sees it.
     *
     * @param tf ops in the graph
     * @param images the input batch {@code [N, H, W, channels]}, pixels as the model is trained on
     * @param weights every weight by {@link WeightSpec#name()}
     * @param seed the seed of the random ops (each layer's derived from it and the layer's place)
     * @param onFeatures what training does to the last feature map {@code [N, H, W, C]}; same shape out
     * @return the tensors CAM needs
     */
    public ModelOutputs buildForTraining(Ops tf, Operand<TFloat32> images, Map<String, Operand<TFloat32>> weights,
            long seed, UnaryOperator<Operand<TFloat32>> onFeatures) {
        return build(tf, images, weights, true, seed, onFeatures);
    }

    /** @return whether a layer acts differently while training ({@link Dropout}), so that evaluation needs {@link #build} */
    public boolean hasTrainingOnlyLayers() {
        return layers.stream().anyMatch(l -> l instanceof Dropout d && d.rate() > 0);
    }

    private ModelOutputs build(Ops tf, Operand<TFloat32> images, Map<String, Operand<TFloat32>> weights,
            boolean training, long seed, UnaryOperator<Operand<TFloat32>> onFeatures) {
        for (WeightSpec spec : weights()) {
            if (!weights.containsKey(spec.name())) {
                throw new IllegalArgumentException("no value given for weight '" + spec.name() + "' of model '" + name + "'");
            }
        }
        Operand<TFloat32> x = images;
        Operand<TFloat32> features = null;
        Operand<TFloat32> pooled = null;
        int featuresEnd = layers.size() - 2;
        while (featuresEnd > 0 && layers.get(featuresEnd - 1) instanceof Dropout) {
            featuresEnd--;
        }
        for (int i = 0; i < layers.size() - 1; i++) {
            Layer layer = layers.get(i);
            if (training && i == featuresEnd) {
                x = onFeatures.apply(x);
            }
            if (layer instanceof GlobalAveragePooling2D) {
                features = x;
            }
            // Each layer its own stream: two Dropout layers with the same seed would drop the same positions.
            x = training ? layer.callForTraining(tf.withSubScope(layer.name()), x, weights, seed * 1_000_003L + i)
                    : layer.call(tf.withSubScope(layer.name()), x, weights);
            pooled = x;
        }
        Dense classifier = classifier();
        Operand<TFloat32> logits = classifier.linear(tf.withSubScope(classifier.name()), x, weights);
        Operand<TFloat32> probabilities = classifier.activation().apply(tf.withSubScope(classifier.name()), logits);
        return new ModelOutputs(features, pooled, logits, probabilities);
    }

    /**
     * What to change, for the endings Keras users bring: a Dropout after the pooling (its mask would sit between the
     * map and the classifier: put it before the pooling, with noise_shape [null, null, null, 1] to drop whole cells),
     * or a hidden Dense (a classifier of more than one layer has no single kernel to weigh the map by).
     */
    private String endAdvice() {
        int pooling = -1;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof GlobalAveragePooling2D) {
                pooling = i;
            }
        }
        if (pooling < 0) {
            return "; add a GlobalAveragePooling2D before the Dense (no Flatten: CAM weighs each cell by one kernel)";
        }
        for (int i = pooling + 1; i < layers.size() - 1; i++) {
            Layer l = layers.get(i);
            if (l instanceof Dropout) {
                return "; Dropout '" + l.name() + "' stands between the pooling and the Dense: put it before the pooling"
                        + " (noise_shape [null, null, null, 1] drops whole cells of the map)";
            }
            if (l instanceof Dense) {
                return "; Dense '" + l.name() + "' stands between the pooling and the last Dense: CAM needs one Dense"
                        + " after the pooling (its kernel weighs the map)";
            }
        }
        return "";
    }

    private void validate(Set<String> inputNames) throws ModelConfigException {
        if (inputShape.length != 3) {
            throw new ModelConfigException("model '" + name + "': input shape must be [height, width, channels], got "
                    + Arrays.toString(inputShape));
        }
        if (inputShape[2] < 1) {
            throw new ModelConfigException("model '" + name + "': the number of input channels must be fixed and positive, got "
                    + inputShape[2]);
        }
        int n = layers.size();
        if (n < 2 || !(layers.get(n - 2) instanceof GlobalAveragePooling2D) || !(layers.get(n - 1) instanceof Dense)) {
            throw new ModelConfigException("model '" + name + "': a CAM model must end in GlobalAveragePooling2D then Dense; "
                    + "its layers are " + layers.stream().map(l -> l.kerasClassName() + " '" + l.name() + "'").toList()
                    + endAdvice());
        }
        Set<String> names = new HashSet<>();
        // The names a rename may not offer: the layers', and the input's, which KerasJson refuses a layer (an offer of
        // 'input_1' beside the InputLayer input_1, or of 'conv2d_1' for 'conv2d/1' beside a layer conv2d_1, was
        // refused in turn).
        Set<String> allNames = new HashSet<>(inputNames);
        layers.forEach(l -> allNames.add(l.name()));
        long[] shape = batchShape(inputShape);
        for (Layer layer : layers) {
            if (!names.add(layer.name())) {
                throw new ModelConfigException("model '" + name + "': two layers are named '" + layer.name() + "'");
            }
            if (layer.name().contains("/")) {
                // Keras 3 refuses such a name when the layer is made (keras/src/ops/operation.py); tf.keras 2 took it
                // as TensorFlow scopes, its ops block1/conv/Conv2D. cam4j follows Keras 3 and says so, and what to do:
                // the refusal had named the character only.
                throw new ModelConfigException("model '" + name + "': layer name '" + layer.name() + "' contains '/',"
                        + " which Keras 3 refuses too (\"Argument `name` must be a string and cannot contain character"
                        + " `/`\"; tf.keras 2 read it as TensorFlow scopes): rename the layer, e.g. '"
                        + renamed(layer.name(), allNames) + "'");
            }
            // TensorFlow names the layer's weights after it and takes only these characters; refused here, the layer
            // is named, rather than by TensorFlow after the data has loaded. Keras 3 takes any name without '/'
            // (keras/src/ops/operation.py), so a config it wrote may hold "conv 1": the refusal says the limit is
            // cam4j's (and tf.keras 2's, whose layer call opens a TensorFlow name scope of the name) and what to rename
            // the layer to, where it had named the characters only.
            if (!layer.name().matches(TENSORFLOW_NAME)) {
                throw new ModelConfigException("model '" + name + "': layer name '" + layer.name() + "' "
                        + nameFault(layer.name()) + ": cam4j names the layer's TensorFlow ops and weights after it, so"
                        + " the limit is cam4j's"
                        + (layer.name().matches(PYTHON_OP_NAME) ? ""
                                : ", and tf.keras 2's (\"'" + layer.name() + "/' is not a valid root scope name\")")
                        + ", not Keras 3's, which takes any name without '/': rename the layer, e.g. '"
                        + renamed(layer.name(), allNames) + "'");
            }
            if (layer instanceof GlobalAveragePooling2D && layer != layers.get(n - 2)) {
                throw new ModelConfigException("model '" + name + "': GlobalAveragePooling2D '" + layer.name()
                        + "' may only come right before the classifier");
            }
            if (layer instanceof Dense && layer != layers.get(n - 1)) {
                // Before the pooling Keras applies a Dense to each position's channels, as a 1x1 convolution does: the
                // way to keep that layer was not said.
                throw new ModelConfigException("model '" + name + "': Dense '" + layer.name()
                        + "' may only be the last layer (CAM needs one linear classifier after the pooling)"
                        + (layers.indexOf(layer) < n - 2 ? "; before the pooling it acts on each position's channels,"
                                + " as a Conv2D with \"kernel_size\": 1 does: give that instead" : ""));
            }
            shape = layer.outputShape(shape);
        }
    }

    /**
     * Which of TensorFlow Java's rules for an op name a layer name breaks (its first character, or one after it), and
     * whether TensorFlow's Python op names, tf.keras 2's, take it: "is not one TensorFlow takes" was untrue of '>',
     * which TensorFlow's Python takes.
     *
     * @param name a layer name that does not match {@link #TENSORFLOW_NAME}
     * @return e.g. "has ' ', which TensorFlow Java's op names refuse (...)"
     */
    static String nameFault(String name) {
        String rule = ", which TensorFlow Java's op names refuse (they are a letter, digit or '.', then letters, digits,"
                + " '_', '.' or '-')";
        if (name.isEmpty()) {
            return "is empty" + rule;
        }
        int first = name.codePointAt(0);
        List<String> after = name.codePoints().skip(1).filter(c -> !Character.toString(c).matches("[A-Za-z0-9_.\\-]"))
                .mapToObj(Sequential::quoted).distinct().toList();
        List<String> faults = new ArrayList<>();
        if (!Character.toString(first).matches("[A-Za-z0-9.]")) {
            faults.add("starts with " + quoted(first));
        }
        if (!after.isEmpty()) {
            faults.add("has " + String.join(", ", after));
        }
        // What TensorFlow Java refuses and TensorFlow's Python op names take: '>' and '\' after the first character.
        String python = !name.matches(PYTHON_OP_NAME) ? "" : ", where TensorFlow's Python op names take "
                + (after.size() == 1 ? "it" : "them");
        return String.join(" and ", faults) + rule + python;
    }

    /**
     * @return the character in quotes; one that does not show as itself as U+ and its code: a control character, a
     *     space other than ' ' (a no-break space read as ' '), a format character (a zero-width space or a byte-order
     *     mark read as ''), a mark (a combining accent drawn over the quote), one unassigned or private
     */
    private static String quoted(int codePoint) {
        boolean shows = switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR, Character.NON_SPACING_MARK, Character.ENCLOSING_MARK,
                    Character.COMBINING_SPACING_MARK, Character.UNASSIGNED, Character.PRIVATE_USE,
                    Character.SURROGATE -> codePoint == ' ';
            default -> true;
        };
        return shows ? "'" + Character.toString(codePoint) + "'" : String.format("U+%04X", codePoint);
    }

    /**
     * @param name a layer name TensorFlow does not take
     * @param taken the model's layer names
     * @return a name TensorFlow takes that no layer has: each character it refuses made '_', a leading '_' or '-'
     *     (which it refuses first) dropped, then {@code _1}, {@code _2}... until free
     */
    static String renamed(String name, Set<String> taken) {
        String base = name.replaceAll("[^A-Za-z0-9_.\\-]", "_").replaceFirst("^[_\\-]+", "");
        if (base.isEmpty()) {
            base = "layer";
        }
        String candidate = base;
        for (int n = 1; taken.contains(candidate); n++) {
            candidate = base + "_" + n;
        }
        return candidate;
    }

    private long[] shapeBefore(int index) {
        long[] shape = batchShape(inputShape);
        for (int i = 0; i < index; i++) {
            shape = uncheckedOutput(layers.get(i), shape);
        }
        return shape;
    }

    private static long[] batchShape(long[] inputShape) {
        return new long[] {-1, inputShape[0], inputShape[1], inputShape[2]};
    }

    private static long[] uncheckedOutput(Layer layer, long[] shape) {
        try {
            return layer.outputShape(shape);
        } catch (ModelConfigException e) {
            throw new IllegalStateException("validated in the constructor", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sequential s && s.name.equals(name) && Arrays.equals(s.inputShape, inputShape)
                && s.layers.equals(layers);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + layers.hashCode();
    }

    @Override
    public String toString() {
        return "Sequential[" + name + ", input=" + Arrays.toString(inputShape) + ", " + layers + "]";
    }
}
