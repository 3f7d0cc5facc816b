package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.testing.SharedData;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ModelMetadata#read} refuses what it cannot vouch for. */
class ModelMetadataTest {
    @TempDir
    Path tmp;

    /**
     * Leaving out "hiding" when nothing was hidden leaves the other keys as they were: a training without validation
     * images still writes "validationAccuracy": null (the Training-wide NON_NULL dropped that key too, so a reader
     * that looks it up, as Python's dict does, failed on it).
     */
    @Test
    void trainingWithoutHidingOrValidationKeepsItsNullAccuracyKey() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var json = mapper.readTree(mapper.writeValueAsString(new ModelMetadata.Training("mnist", 1, 64, 0.003, "COSINE", 42,
                1000, 0, null, 1.5, "test")));
        assertTrue(json.has("validationAccuracy") && json.get("validationAccuracy").isNull(), json.toString());
        assertTrue(!json.has("hiding"), json.toString());
        var hidden = mapper.readTree(mapper.writeValueAsString(new ModelMetadata.Training("mnist", 1, 64, 0.003, "COSINE",
                42, 1000, 0, null, 1.5, "test", new ModelMetadata.Hiding(7, 0.5), null)));
        assertEquals(7, hidden.get("hiding").get("patch").asInt(), hidden.toString());
        assertTrue(!hidden.has("shift"), "no key for a shift that was off: " + hidden);
        var shifted = mapper.readTree(mapper.writeValueAsString(new ModelMetadata.Training("mnist", 1, 64, 0.003, "COSINE",
                42, 1000, 0, null, 1.5, "test", null, 3)));
        assertEquals(3, shifted.get("shift").asInt(), shifted.toString());
    }

    /** Before, any "format" was accepted, and inspect printed the cam4j contract for it. */
    @Test
    void anUnknownFormatIsRefusedNamingTheFileAndTheValue() throws Exception {
        Path file = Files.writeString(tmp.resolve("cam4j.json"), """
                {"format": "something-else/9", "name": "x",
                 "input": {"height": 28, "width": 28, "channels": 1, "pixelScale": 0.00392156862745098,
                           "pixelOffset": 0.0, "lightOnDark": true},
                 "labels": ["a", "b"]}
                """);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelMetadata.read(file));
        assertEquals(file + " has format 'something-else/9'; cam4j reads 'cam4j-savedmodel/1'", e.getMessage());
    }

    /**
     * What helper-63 found said in the parser's words or not at all: a label holding a line break split each result
     * line about it in two ("class th" / "ree p=0.0000"); a NaN was "Non-standard token 'NaN': enable
     * `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow"; a size of the wrong kind "Cannot construct instance of
     * `io.github.cam4j.savedmodel.InputSpec` ... [Source: UNKNOWN; byte offset: #UNKNOWN] (through reference chain ...".
     * Now the label, the place in the file or the field is named.
     */
    @Test
    void aBrokenLabelOrValueIsNamedInPlainWords() throws Exception {
        String good = """
                {"format": "cam4j-savedmodel/1", "name": "x",
                 "input": {"height": 28, "width": 28, "channels": 1, "pixelScale": 0.00392156862745098,
                           "pixelOffset": 0.0, "lightOnDark": true},
                 "labels": ["a", "b"]}
                """;
        assertEquals(java.util.List.of("a", "b"), ModelMetadata.read(Files.writeString(tmp.resolve("good.json"), good))
                .labels());
        Path label = Files.writeString(tmp.resolve("label.json"), good.replace("\"b\"", "\"th\\nree\""));
        ModelLoadException l = assertThrows(ModelLoadException.class, () -> ModelMetadata.read(label));
        assertEquals(label + ": label 1 (\"th\\nree\") holds a control character (a line break, a tab, a text direction override...); a label is one"
                + " line of text", l.getMessage());
        Path nan = Files.writeString(tmp.resolve("nan.json"), good.replace("\"name\": \"x\"", "\"testAccuracy\": NaN, \"name\": \"x\""));
        ModelLoadException n = assertThrows(ModelLoadException.class, () -> ModelMetadata.read(nan));
        assertEquals("cannot read model metadata " + nan + ": not valid JSON at line 1, column 53: Non-standard token"
                + " 'NaN'", n.getMessage());
        Path size = Files.writeString(tmp.resolve("size.json"), good.replace("\"height\": 28", "\"height\": -28"));
        ModelLoadException z = assertThrows(ModelLoadException.class, () -> ModelMetadata.read(size));
        assertTrue(z.getMessage().startsWith("cannot read model metadata " + size + ": 'input': "), z.getMessage());
        assertTrue(!z.getMessage().contains("Source:") && !z.getMessage().contains("io.github"), z.getMessage());

        // helper-68: text after the object and a key given twice were read without a word; a null label failed as a
        // bare NullPointerException; a direction override turned the result line around; a comment and a value of
        // the wrong type were said in the parser's words.
        String[][] cases = {
            {good.strip() + " garbage", "cannot read model metadata %s: not valid JSON at line "},
            {good.strip() + good.strip(), "cannot read model metadata %s: not valid JSON at line "},
            {good.replace("\"name\": \"x\"", "\"name\": \"x\", \"name\": \"y\""), "cannot read model metadata %s: not"
                    + " valid JSON at line 1, column 53: Duplicate field 'name'"},
            {good.replace("\"b\"", "null"), "%s: label 1 is null; a label is a line of text"},
            // Below float32's normal range it became 0: every picture black (helper-69).
            {good.replace("0.00392156862745098", "1e-50"), "%s: 'input.pixelScale' is 1.0E-50; it must be a positive"
                    + " number"},
            {good.replace("\"b\"", "\"\u202Eb\""), "%s: label 1 (\"\u202Eb\") holds a control character"},
            {good.replace("\"name\": \"x\"", "// a comment\n\"name\": \"x\""), "cannot read model metadata %s: not valid"
                    + " JSON at line 1, column 34: Unexpected character ('/' (code 47)): maybe a (non-standard) comment?"},
            // A file cut short (helper-268, an inspected model's 'assets/cam4j.json' holding '{'): the parser's
            // "(start marker at [Source: ...])" was left as "(start marker at)".
            {"{", "cannot read model metadata %s: not valid JSON at line 1, column 2: Unexpected end-of-input: expected"
                    + " close marker for Object"},
            {good.replace("\"channels\": 1", "\"channels\": \"one\""), "cannot read model metadata %s: 'input.channels':"
                    + " Cannot deserialize value of type int from String \"one\": not a valid int value"},
        };
        // Every end of the direction controls is refused (PIT round 40: only U+202E had been tried); the spaces and
        // marks beside them that labels do hold (a narrow no-break space in "10\u202F%", an invisible separator) are read.
        for (char c : new char[] {'\u2028', '\u2029', '\u202A', '\u202E', '\u2066', '\u2069', '\u007F', '\u0085'}) {
            Path f = Files.writeString(tmp.resolve("control.json"), good.replace("\"b\"", "\"b" + c + "\""));
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelMetadata.read(f),
                    Integer.toHexString(c));
            assertTrue(e.getMessage().contains("holds a control character"), e.getMessage());
        }
        for (char c : new char[] {'\u2027', '\u202F', '\u2065', '\u206A', '\u00A0'}) {
            Path f = Files.writeString(tmp.resolve("kept.json"), good.replace("\"b\"", "\"b" + c + "\""));
            assertEquals("b" + c, ModelMetadata.read(f).labels().get(1), Integer.toHexString(c));
        }
        for (int i = 0; i < cases.length; i++) {
            Path f = Files.writeString(tmp.resolve("case" + i + ".json"), cases[i][0]);
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelMetadata.read(f), cases[i][1]);
            assertTrue(e.getMessage().startsWith(String.format(cases[i][1], f)), e.getMessage());
            assertTrue(!e.getMessage().contains("Source:") && !e.getMessage().contains("Feature '")
                    && !e.getMessage().contains("marker at"), e.getMessage());
        }
    }

    /**
     * A file that does not say it follows cam4j's keys, or lacks one of them, is refused naming the file and the key.
     * Both were read, what was missing taken as 0 or false: a copy of the bundled pooled model whose metadata had lost
     * its 'format' and 'lightOnDark' loaded as a model of dark ink, and read 9 of the first 20 test digits drawn dark on
     * white right where the bundled one reads 20 (their pictures were no longer inverted).
     */
    @Test
    void aMissingFormatOrInputKeyIsRefusedNamingTheFileAndTheKey() throws Exception {
        String input = "\"height\": 28, \"width\": 28, \"channels\": 1, \"pixelScale\": 0.00392156862745098, "
                + "\"pixelOffset\": 0.0, \"lightOnDark\": true";
        Path noFormat = Files.writeString(tmp.resolve("no-format.json"),
                "{\"input\": {" + input + "}, \"labels\": [\"a\", \"b\"]}");
        assertEquals(noFormat + " lacks 'format'; cam4j reads metadata that says \"format\": \"cam4j-savedmodel/1\" (add it "
                + "if the file follows cam4j's keys)",
                assertThrows(ModelLoadException.class, () -> ModelMetadata.read(noFormat)).getMessage());
        for (String key : new String[] {"height", "width", "channels", "pixelScale", "pixelOffset", "lightOnDark"}) {
            String without = input.replaceAll("\"" + key + "\": [^,]+(, )?", "").replaceAll(", $", "");
            Path file = Files.writeString(tmp.resolve("no-" + key + ".json"), "{\"format\": \"cam4j-savedmodel/1\", "
                    + "\"input\": {" + without + "}, \"labels\": [\"a\", \"b\"]}");
            assertEquals(file + " lacks 'input." + key + "'; cam4j reads every input key (height, width, channels, "
                    + "pixelScale, pixelOffset, lightOnDark) rather than guess one",
                    assertThrows(ModelLoadException.class, () -> ModelMetadata.read(file)).getMessage());
        }
        Path whole = Files.writeString(tmp.resolve("whole.json"), "{\"format\": \"cam4j-savedmodel/1\", \"input\": {"
                + input + "}, \"labels\": [\"a\", \"b\"]}");
        assertTrue(ModelMetadata.read(whole).input().lightOnDark());
    }

    /** The models cam4j ships and the Keras exports of the shared data (which carry no metadata) still open. */
    @Test
    void theBundledAndKerasModelsStillOpen() throws Exception {
        for (String name : new String[] {"mnist-pooled", "mnist-unpooled"}) {
            Path asset = SharedData.bundledModels().resolve(name).resolve("assets").resolve(CamContract.METADATA_ASSET);
            assertEquals(CamContract.FORMAT, ModelMetadata.read(asset).format());
        }
        try (CamModel m = CamModelLoader.load(SharedData.kerasSavedModels().resolve("mnist-conv-head-gap"),
                LoadOptions.defaults())) {
            assertEquals(10, m.classes());
        }
    }

    /** When a model opens, its metadata's missing key is the one line the user reads. */
    @Test
    void aModelWhoseMetadataLacksAKeyIsRefusedWhenItOpens() throws Exception {
        Path copy = tmp.resolve("pooled-copy");
        Path pooled = SharedData.bundledModels().resolve("mnist-pooled");
        try (var files = Files.walk(pooled)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(pooled.relativize(f).toString()));
            }
        }
        Path asset = copy.resolve("assets").resolve(CamContract.METADATA_ASSET);
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode meta = mapper.readTree(asset.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) meta.get("input")).remove("lightOnDark");
        mapper.writeValue(asset.toFile(), meta);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> CamModelLoader.load(copy,
                LoadOptions.defaults()).close());
        assertEquals(asset + " lacks 'input.lightOnDark'; cam4j reads every input key (height, width, channels, "
                + "pixelScale, pixelOffset, lightOnDark) rather than guess one", e.getMessage());
    }

    private static final String GOOD = """
            {"format": "cam4j-savedmodel/1", "name": "x",
             "input": {"height": 28, "width": 28, "channels": 1, "pixelScale": 0.00392156862745098,
                       "pixelOffset": 0.0, "lightOnDark": true},
             "labels": ["a", "b"]}
            """;

    private String refused(String name, String json) throws Exception {
        Path f = Files.writeString(tmp.resolve(name), json);
        return assertThrows(ModelLoadException.class, () -> ModelMetadata.read(f)).getMessage()
                .replace(f.toString(), "FILE");
    }

    /**
     * Each character that breaks or turns a result line is refused in a label, the ends of the ranges included (a
     * left-to-right embedding U+202A, a pop isolate U+2069); the characters beside them (a narrow no-break space
     * U+202F, as French labels hold, U+2027, U+2065, U+206A) are kept.
     */
    @Test
    void theEndsOfTheDirectionRangesAreRefusedTheirNeighboursKept() throws Exception {
        for (int c : new int[] {0x2028, 0x2029, 0x202A, 0x202E, 0x2066, 0x2069}) {
            String label = "b" + Character.toString(c);
            String m = refused(Integer.toHexString(c) + ".json", GOOD.replace("\"b\"", "\"" + label + "\""));
            assertTrue(m.startsWith("FILE: label 1 (") && m.contains(") holds a control character"),
                    Integer.toHexString(c) + ": " + m);
        }
        String kept = "b\u2027\u202F\u2065\u206A";
        Path f = Files.writeString(tmp.resolve("kept.json"), GOOD.replace("\"b\"", "\"" + kept + "\""));
        assertEquals(java.util.List.of("a", kept), ModelMetadata.read(f).labels());
    }

    /**
     * A value of the wrong kind is named by its place, nested fields joined by dots and list items by their index; a
     * record's own refusal (InputSpec's) is given in its words, the parser's otherwise.
     */
    @Test
    void aWrongValueIsNamedByItsPlaceAndARecordsRefusalByItsOwnWords() throws Exception {
        // Jackson adds "(token `JsonToken.START_ARRAY`)": its parser's name for the '[' the reader has just been told of.
        assertEquals("cannot read model metadata FILE: 'labels[1]': Cannot deserialize value of type String from Array"
                + " value", refused("item.json", GOOD.replace("\"b\"", "[\"b\"]")));
        String training = GOOD.replace("\"name\": \"x\"", "\"name\": \"x\", \"training\": {\"epochs\": \"ten\"}");
        assertEquals("cannot read model metadata FILE: 'training.epochs': Cannot deserialize value of type int from"
                + " String \"ten\": not a valid int value", refused("nested.json", training));
        String words = assertThrows(IllegalArgumentException.class,
                () -> new InputSpec(-28, 28, 1, 1 / 255f, 0f, true, null)).getMessage();
        assertEquals("cannot read model metadata FILE: 'input': " + words,
                refused("height.json", GOOD.replace("\"height\": 28", "\"height\": -28")));
    }
}
