package io.github.cam4j.savedmodel;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The JSON asset a cam4j SavedModel carries ({@code assets/cam4j.json}): what the model is, what its input
 * expects, its class labels and how well it did.
 *
 * @param format {@link CamContract#FORMAT}
 * @param cam4jVersion the cam4j version that wrote it
 * @param name the model's name
 * @param architecture the Keras JSON config the model was built from (null when exported from elsewhere)
 * @param input what the input expects
 * @param labels one label per class
 * @param training how it was trained (null when unknown)
 * @param testAccuracy accuracy on the test set, null when unknown
 * @param testImages how many test images {@code testAccuracy} is over
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelMetadata(String format, String cam4jVersion, String name, JsonNode architecture, InputSpec input,
        List<String> labels, Training training, Double testAccuracy, Integer testImages) {

    /** The keys of {@code input}, every one of which a metadata file must give: none has a safe default. */
    private static final List<String> INPUT_KEYS = List.of("height", "width", "channels", "pixelScale", "pixelOffset",
            "lightOnDark");

    // Text after the object and a key given twice were read without a word (the first object, the last value), which
    // Keras JSON configs are refused for (helper-68).
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /**
     * How the model was trained.
     *
     * @param dataset the dataset folder's name (e.g. {@code "mnist"})
     * @param epochs passes over the training images
     * @param batchSize images per training step
     * @param learningRate Adam's initial learning rate
     * @param schedule how the rate moved ({@code CONSTANT} or {@code COSINE}, a {@code LearningRateSchedule} name)
     * @param seed the seed of the initial weights and the shuffling
     * @param trainImages images trained on, the held-out ones not counted
     * @param validationImages images held out from the end of the training set
     * @param validationAccuracy accuracy on them after the last epoch, in [0, 1]; null when none were held out (JSON
     *     has no NaN: Jackson wrote the string "NaN", which no reader takes for a number)
     * @param secondsPerEpoch mean wall-clock seconds per epoch
     * @param machine a short description of the machine it ran on (e.g. {@code "8 cores, Linux amd64"})
     * @param hiding Hide-and-Seek's patches hidden from the training pictures; null when nothing was hidden (the key is
     *     then left out, as in files written before it existed)
     * @param shift the largest random translation of the training pictures in pixels ({@code cam4j train --shift}); null
     *     when none moved (the key is then left out, as in files written before it existed)
     * @param attentionDrop the strongest cells of the last feature map dropped while training ({@code cam4j train
     *     --attention-drop}); null when none were (the key is then left out, as in files written before it existed)
     * @param spreadPenalty the weight of the penalty on evidence gathered on few cells ({@code cam4j train
     *     --spread-penalty}); null when there was none (the key is then left out, as in files written before it existed)
     * @param temperature the temperature the classifier was divided by after training ({@code cam4j train --calibrate});
     *     null when it was not (the key is then left out, as in files written before it existed)
     */
    public record Training(String dataset, int epochs, int batchSize, double learningRate, String schedule, long seed, int trainImages,
            int validationImages, Double validationAccuracy, double secondsPerEpoch, String machine,
            @JsonInclude(JsonInclude.Include.NON_NULL) Hiding hiding, // only these: validationAccuracy stays null
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer shift,
            @JsonInclude(JsonInclude.Include.NON_NULL) AttentionDrop attentionDrop,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double spreadPenalty,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double temperature) {

        /**
         * A training not calibrated afterwards.
         *
         * @param dataset the dataset folder's name (e.g. {@code "mnist"})
         * @param epochs passes over the training images
         * @param batchSize images per training step
         * @param learningRate Adam's initial learning rate
         * @param schedule how the rate moved: {@code "CONSTANT"} or {@code "COSINE"}
         * @param seed the seed of the initial weights and the shuffling
         * @param trainImages images trained on, the held-out ones not counted
         * @param validationImages images held out from the end of the training set
         * @param validationAccuracy accuracy on the held-out images after the last epoch; null when none were held out
         * @param secondsPerEpoch mean wall-clock seconds per epoch
         * @param machine a short description of the machine it ran on
         * @param hiding Hide-and-Seek's patches, or null
         * @param shift the largest random shift in pixels, or null
         * @param attentionDrop the attention drop, or null
         * @param spreadPenalty the spread penalty's weight, or null
         */
        public Training(String dataset, int epochs, int batchSize, double learningRate, String schedule, long seed,
                int trainImages, int validationImages, Double validationAccuracy, double secondsPerEpoch, String machine,
                Hiding hiding, Integer shift, AttentionDrop attentionDrop, Double spreadPenalty) {
            this(dataset, epochs, batchSize, learningRate, schedule, seed, trainImages, validationImages, validationAccuracy,
                    secondsPerEpoch, machine, hiding, shift, attentionDrop, spreadPenalty, null);
        }

        /**
         * A training without the spread penalty.
         *
         * @param dataset the dataset folder's name (e.g. {@code "mnist"})
         * @param epochs passes over the training images
         * @param batchSize images per training step
         * @param learningRate Adam's initial learning rate
         * @param schedule how the rate moved: {@code "CONSTANT"} or {@code "COSINE"}
         * @param seed the seed of the initial weights and the shuffling
         * @param trainImages images trained on, the held-out ones not counted
         * @param validationImages images held out from the end of the training set
         * @param validationAccuracy accuracy on the held-out images after the last epoch; null when none were held out
         * @param secondsPerEpoch mean wall-clock seconds per epoch
         * @param machine a short description of the machine it ran on
         * @param hiding Hide-and-Seek's patches, or null
         * @param shift the largest random shift in pixels, or null
         * @param attentionDrop the attention drop, or null
         */
        public Training(String dataset, int epochs, int batchSize, double learningRate, String schedule, long seed,
                int trainImages, int validationImages, Double validationAccuracy, double secondsPerEpoch, String machine,
                Hiding hiding, Integer shift, AttentionDrop attentionDrop) {
            this(dataset, epochs, batchSize, learningRate, schedule, seed, trainImages, validationImages, validationAccuracy,
                    secondsPerEpoch, machine, hiding, shift, attentionDrop, null, null);
        }

        /**
         * A training that dropped no attention peaks.
         *
         * @param dataset the dataset folder's name (e.g. {@code "mnist"})
         * @param epochs passes over the training images
         * @param batchSize images per training step
         * @param learningRate Adam's initial learning rate
         * @param schedule how the rate moved: {@code "CONSTANT"} or {@code "COSINE"}
         * @param seed the seed of the initial weights and the shuffling
         * @param trainImages images trained on, the held-out ones not counted
         * @param validationImages images held out from the end of the training set
         * @param validationAccuracy accuracy on the held-out images after the last epoch; null when none were held out
         * @param secondsPerEpoch mean wall-clock seconds per epoch
         * @param machine a short description of the machine it ran on
         * @param hiding Hide-and-Seek's patches, or null
         * @param shift the largest random shift in pixels, or null
         */
        public Training(String dataset, int epochs, int batchSize, double learningRate, String schedule, long seed,
                int trainImages, int validationImages, Double validationAccuracy, double secondsPerEpoch, String machine,
                Hiding hiding, Integer shift) {
            this(dataset, epochs, batchSize, learningRate, schedule, seed, trainImages, validationImages, validationAccuracy,
                    secondsPerEpoch, machine, hiding, shift, null, null, null);
        }

        /**
         * A training that hid nothing and moved nothing, as the article's did.
         *
         * @param dataset the dataset folder's name (e.g. {@code "mnist"})
         * @param epochs passes over the training images
         * @param batchSize images per training step
         * @param learningRate Adam's initial learning rate
         * @param schedule how the rate moved: a {@code LearningRateSchedule} name, {@code "CONSTANT"} or
         *     {@code "COSINE"}
         * @param seed the seed of the initial weights and the shuffling
         * @param trainImages images trained on, the held-out ones not counted
         * @param validationImages images held out from the end of the training set
         * @param validationAccuracy accuracy on the held-out images after the last epoch, in [0, 1]; null when none
         *     were held out
         * @param secondsPerEpoch mean wall-clock seconds per epoch
         * @param machine a short description of the machine it ran on (e.g. {@code "8 cores, Linux amd64"})
         */
        public Training(String dataset, int epochs, int batchSize, double learningRate, String schedule, long seed,
                int trainImages, int validationImages, Double validationAccuracy, double secondsPerEpoch, String machine) {
            this(dataset, epochs, batchSize, learningRate, schedule, seed, trainImages, validationImages, validationAccuracy,
                    secondsPerEpoch, machine, null, null, null, null, null);
        }
    }

    /**
     * Hide-and-Seek during training ({@code cam4j train --hide-patch}).
     *
     * @param patch the side of a hidden square in pixels
     * @param probability the chance each square was hidden
     */
    public record Hiding(int patch, double probability) {}

    /**
     * The attention-based drop during training ({@code cam4j train --attention-drop}).
     *
     * @param rate the chance per picture and step that its strongest cells were dropped
     * @param threshold the fraction of the picture's highest channel mean from which cells were dropped
     */
    public record AttentionDrop(double rate, double threshold) {}

    /**
     * @param file a metadata JSON file
     * @return its content
     * @throws ModelLoadException when it cannot be read or parsed, lacks {@code format} or has another one, or lacks
     *     {@code labels} or any key of {@code input}, or has a pixel scale that is not a positive number; the message,
     *     one line, names the file and the key
     */
    public static ModelMetadata read(Path file) throws ModelLoadException {
        try {
            JsonNode tree = MAPPER.readTree(file.toFile());
            if (tree == null || !tree.isObject()) {
                throw new ModelLoadException(file + " is not a JSON object");
            }
            JsonNode format = tree.get("format");
            if (format == null || format.isNull()) {
                // What says that the keys mean what cam4j's do. Without it a file was read all the same, and what it
                // lacked taken as 0 or false: a hand-trimmed copy of a bundled model's lost 'lightOnDark' and read 9 of
                // 20 dark-ink digits right instead of 20, their pictures no longer inverted.
                throw new ModelLoadException(file + " lacks 'format'; cam4j reads metadata that says \"format\": \""
                        + CamContract.FORMAT + "\" (add it if the file follows cam4j's keys)");
            }
            if (!format.isTextual() || !format.asText().equals(CamContract.FORMAT)) {
                // Another format's fields may share these names and mean other things: nothing in it can be trusted.
                throw new ModelLoadException(file + " has format '" + format.asText(format.toString()) + "'; cam4j reads '"
                        + CamContract.FORMAT + "'");
            }
            JsonNode input = tree.get("input");
            if (input == null || !input.isObject() || !tree.hasNonNull("labels")) {
                throw new ModelLoadException(file + " lacks 'input' or 'labels'");
            }
            for (String key : INPUT_KEYS) {
                if (!input.hasNonNull(key)) {
                    // Read as 0 or false, a missing key scales the pixels wrong or leaves them uninverted, unsaid.
                    throw new ModelLoadException(file + " lacks 'input." + key + "'; cam4j reads every input key ("
                            + String.join(", ", INPUT_KEYS) + ") rather than guess one");
                }
            }
            // A scale of -1 turned every picture into its negative, and the bundled models read it all as one class.
            JsonNode scale = input.get("pixelScale");
            // One below float32's normal range (1e-50) became 0 as a float: every picture read as black (helper-69).
            if (!scale.isNumber() || !Double.isFinite(scale.asDouble()) || scale.asDouble() < Float.MIN_NORMAL) {
                throw new ModelLoadException(file + ": 'input.pixelScale' is " + scale + "; it must be a positive number"
                        + " (0.00392156862745098 = 1/255 for pixels taken to 0..1, 1 for raw pixels)");
            }
            JsonNode offset = input.get("pixelOffset");
            if (!offset.isNumber() || !Double.isFinite(offset.asDouble())) {
                throw new ModelLoadException(file + ": 'input.pixelOffset' is " + offset + "; it must be a number");
            }
            ModelMetadata read = MAPPER.treeToValue(tree, ModelMetadata.class);
            for (int i = 0; read.labels() != null && i < read.labels().size(); i++) {
                String label = read.labels().get(i);
                if (label == null) {
                    // It failed later as a bare NullPointerException (helper-68).
                    throw new ModelLoadException(file + ": label " + i + " is null; a label is a line of text");
                }
                if (LabelText.firstLineBreaker(label) >= 0) {
                    // A line break in a label broke each result line about it in two ("class th" / "ree p=0.0000").
                    throw new ModelLoadException(file + ": label " + i + " (" + MAPPER.writeValueAsString(label)
                            + ") holds a control character (a line break, a tab, a text direction override...); a label"
                            + " is one line of text");
                }
            }
            return read;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ModelLoadException("cannot read model metadata " + file + ": " + describe(e), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelLoadException("cannot read model metadata " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Jackson's words for people: the field and what is wrong with it, or where the JSON breaks. They read "Cannot
     * construct instance of `io.github.cam4j.savedmodel.InputSpec`, problem: ... at [Source: UNKNOWN; byte offset:
     * #UNKNOWN] (through reference chain: ...)" and "Non-standard token 'NaN': enable
     * `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow".
     */
    static String describe(com.fasterxml.jackson.core.JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder field = new StringBuilder();
            for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : m.getPath()) {
                if (r.getFieldName() != null) {
                    field.append(field.length() > 0 ? "." : "").append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    field.append('[').append(r.getIndex()).append(']');
                }
            }
            // A record's own check (InputSpec: "height must be positive") comes as the cause: its words are the reason.
            Throwable cause = m.getCause();
            String why = cause != null && cause.getMessage() != null ? cause.getMessage() : plain(m.getOriginalMessage());
            return "'" + field + "': " + why;
        }
        com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return "not valid JSON" + where + ": " + plain(e.getOriginalMessage());
    }

    /** @return Jackson's message without its advice to enable features and its internal class names */
    private static String plain(String message) {
        String m = message == null ? "" : message;
        int advice = m.indexOf(": enable `");
        if (advice >= 0) {
            m = m.substring(0, advice);
        }
        // "(for root starting at [Source: REDACTED ...; line: 1])", "(not recognized as one since Feature
        // 'ALLOW_COMMENTS' not enabled for parser)": the parser's internals.
        // "(start marker at [Source: ...])" of a file cut short was left as "(start marker at)".
        m = m.replaceAll("\\s*\\((for root starting at|not recognized as one since|start marker at)[^()]*(\\([^()]*\\)[^()]*)*\\)", "")
                .replaceAll("\\s*\\[Source:[^\\]]*\\]", "")
                // "from Array value (token `JsonToken.START_ARRAY`)": the parser's name for what it has just said.
                .replaceAll("\\s*\\(token `JsonToken\\.[A-Z_]+`\\)", "");
        // Type names in backticks, "`int`": the word alone.
        m = m.replaceAll("`([A-Za-z0-9_]+)`", "$1");
        return m.replaceAll("`[a-z]+(\\.[a-z0-9]+)+\\.([A-Z][A-Za-z0-9$]*)`", "$2").replaceAll("\\s+", " ").strip();
    }

    /**
     * @param file where to write (its folder must exist)
     * @throws IOException when it cannot be written
     */
    public void write(Path file) throws IOException {
        Files.writeString(file, toJson());
    }

    /** @return this as indented JSON */
    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("records of plain values always serialise", e);
        }
    }

    /**
     * @param json a JSON document
     * @return it as a tree
     */
    public static JsonNode parseTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
    }
}
