package io.github.cam4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A config whose InputLayer or layer declares a dtype other than float32 is refused saying what Keras would compute
 * with it and what to write instead. Each had been refused with "is not supported: cam4j computes in float32" alone,
 * which said neither that Keras casts a float64 input to its first layer's float32 (so the float32 config is the same
 * model) nor how to get a config cam4j trains.
 */
class DtypeAdviceTest {
    private static String config(String inputDtype, String convDtype) {
        return """
                {"class_name": "Sequential", "config": {"name": "m", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 28, 28, 1], "dtype": %s,
                   "name": "in"}},
                  {"class_name": "Conv2D", "config": {"name": "c1", "filters": 4, "kernel_size": 3, "padding": "same",
                    "activation": "relu", "dtype": %s}},
                  {"class_name": "GlobalAveragePooling2D", "config": {"name": "gap"}},
                  {"class_name": "Dense", "config": {"name": "dense", "units": 10, "activation": "softmax"}}
                ]}}
                """.formatted(inputDtype, convDtype);
    }

    private static String refused(String json) {
        return assertThrows(ModelConfigException.class, () -> Sequential.fromJson(json)).getMessage();
    }

    @Test
    void aFloatingInputSaysKerasCastsItToTheFirstLayersFloat32() {
        assertEquals("layer 'in': argument 'dtype' = \"float64\" is not supported: cam4j trains and exports a model"
                + " fed float32 pictures, and Keras casts a float64 input to the dtype the next layer computes in"
                + " (float32 in cam4j's models), so that layer sees the same values; give the InputLayer \"dtype\":"
                + " \"float32\" (or leave it out), which trains the model Keras computes",
                refused(config("\"float64\"", "\"float32\"")));
        assertEquals("layer 'in': argument 'dtype' = \"float16\" is not supported: cam4j trains and exports a model"
                + " fed float32 pictures, and Keras casts a float16 input to the dtype the next layer computes in"
                + " (float32 in cam4j's models), so that layer sees the pictures rounded to float16; give the"
                + " InputLayer \"dtype\": \"float32\" (or leave it out), which trains that model without the rounding",
                refused(config("\"float16\"", "\"float32\"")));
    }

    @Test
    void anIntegerInputSaysKerasDoesNotCastIt() {
        assertEquals("layer 'in': argument 'dtype' = \"uint8\" is not supported: cam4j feeds float32 pictures, and"
                + " Keras casts no uint8 input to the float32 its layers compute in (it casts floating inputs only);"
                + " give the InputLayer \"dtype\": \"float32\" (or leave it out)",
                refused(config("\"uint8\"", "\"float32\"")));
    }

    /** A dtype that names none (an object without a config name) is said as such: it was "Keras casts no  input". */
    @Test
    void aDtypeWithoutANameIsSaidAsNoDtype() {
        String policy = "{\"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"float32\"}}";
        assertEquals("layer 'in': argument 'dtype' = {\"class_name\":\"DTypePolicy\",\"config\":{}} is not a dtype"
                + " Keras writes: a name (\"float32\") or a dtype policy (" + policy + ")",
                refused(config("{\"class_name\": \"DTypePolicy\", \"config\": {}}", "\"float32\"")));
        assertTrue(refused(config("\"float32\"", "{\"config\": 5}")).endsWith("is not a dtype Keras writes: a name"
                + " (\"float32\") or a dtype policy (" + policy + ")"));
    }

    /** A mixed-precision policy on the InputLayer is named as a policy, not said as an integer input Keras leaves. */
    @Test
    void aPolicyOnTheInputLayerIsNamedAsAPolicy() {
        assertEquals("layer 'in': argument 'dtype' = \"mixed_float16\" is not supported: \"mixed_float16\" is a dtype"
                + " policy (mixed precision) of the layers that compute, not the dtype of the pictures an InputLayer"
                + " takes; give the InputLayer \"dtype\": \"float32\" (or leave it out)",
                refused(config("\"mixed_float16\"", "\"float32\"")));
    }

    /** Keras 3 writes a layer's policy as a DTypePolicy object, Keras 2 (and Keras 3's InputLayer) as a name. */
    @Test
    void aLayersPolicySaysWhatKerasComputesInAndHowToWriteFloat32() {
        String advice = ", where cam4j trains and exports every layer in float32, another model; give it \"dtype\":"
                + " \"float32\" (or leave it out; in Python, build the model after"
                + " keras.mixed_precision.set_global_policy(\"float32\"))";
        String policy = "{\"module\": \"keras\", \"class_name\": \"DTypePolicy\", \"config\": {\"name\":"
                + " \"mixed_float16\"}, \"registered_name\": null}";
        assertEquals("layer 'c1': argument 'dtype' = " + policy.replace(" ", "") + " is not supported: Keras computes"
                + " this layer in float16 with float32 weights (mixed precision)" + advice,
                refused(config("\"float32\"", policy)));
        assertEquals("layer 'c1': argument 'dtype' = \"mixed_bfloat16\" is not supported: Keras computes this layer"
                + " in bfloat16 with float32 weights (mixed precision)" + advice,
                refused(config("\"float32\"", "\"mixed_bfloat16\"")));
        assertEquals("layer 'c1': argument 'dtype' = \"float64\" is not supported: Keras computes this layer in"
                + " float64, its weights too" + advice, refused(config("\"float32\"", "\"float64\"")));
    }
}
