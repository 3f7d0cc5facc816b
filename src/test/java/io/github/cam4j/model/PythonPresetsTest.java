package io.github.cam4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code python-export/presets.py} needs Python TensorFlow, which the test run does not have, so its Keras definitions
 * are checked against the presets Java ships by reading the script: a filter count or bias setting changed on one side
 * only would otherwise go unnoticed until a Keras user's model differs from the bundled one. What the script wrote
 * when run under TensorFlow 2.21 / Keras 3.15 ({@code src/test/resources/keras3/presets/}) must read as the same models.
 */
class PythonPresetsTest {
    private static final Path SCRIPT = Path.of("python-export", "presets.py");

    @Test
    void pythonPresetsDefineTheSameFiltersAndNoBiases() throws Exception {
        String script = Files.readString(SCRIPT);
        for (String name : Presets.NAMES) {
            String body = function(script, name);
            List<Integer> python = new ArrayList<>();
            Matcher conv = Pattern.compile("conv\\(\"\\w+\", (\\d+)\\)").matcher(body);
            while (conv.find()) {
                python.add(Integer.parseInt(conv.group(1)));
            }
            List<Integer> java = Presets.resolve(name).layers().stream().filter(l -> l instanceof Conv2D)
                    .map(l -> ((Conv2D) l).filters()).toList();
            assertEquals(java, python, name + ": Conv2D filters in " + SCRIPT);
            // The Java presets' lack of biases is SequentialTest's to check; here the script must match it.
            assertTrue(body.contains("use_bias=False"), name + ": the Dense layer in " + SCRIPT + " must have no bias");
        }
        assertTrue(function(script, "conv").contains("use_bias=False"), "conv() in " + SCRIPT + " must pass use_bias=False");
    }

    @Test
    void whatKeras3WroteFromTheScriptIsTheModelJavaShips() throws Exception {
        for (String name : Presets.NAMES) {
            Sequential keras = Sequential.fromFile(Path.of("src/test/resources/keras3/presets", name + ".json"));
            Sequential java = Presets.resolve(name);
            assertEquals(java.layers(), keras.layers(), name + ": layers");
            assertEquals(java.parameterCount(), keras.parameterCount(), name + ": parameters");
            assertEquals(java.name(), keras.name());
            assertTrue(java.configNotes().isEmpty() && keras.configNotes().isEmpty(), name + ": nothing left unused");
        }
    }

    /** The text of {@code def name(...)} up to the next top-level definition. */
    private static String function(String script, String name) {
        int start = script.indexOf("\ndef " + name + "(");
        assertTrue(start >= 0, "no def " + name + "() in " + SCRIPT);
        int end = script.indexOf("\ndef ", start + 1);
        int main = script.indexOf("\nif __name__", start + 1);
        int stop = end < 0 ? main : (main < 0 ? end : Math.min(end, main));
        return script.substring(start, stop < 0 ? script.length() : stop);
    }
}
