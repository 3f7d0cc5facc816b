package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@link AmbiguousTensorException#soleEnding}, the look-up of a short tensor name the loader and the import share. */
class AmbiguousTensorExceptionTest {
    private static final List<String> NODES = List.of("model/conv2d/Relu", "model/conv2d_1/Relu", "model/dense/BiasAdd",
            "model/conv2d_2/Relu", "model/other_conv2d_1/Relu");

    @Test
    void findsTheOneNodeEndingWithTheNameAtASlash() throws Exception {
        assertEquals("model/dense/BiasAdd", AmbiguousTensorException.soleEnding(NODES.stream(), "dense/BiasAdd",
                "dense/BiasAdd:0", "layer", "nodes"));
        assertNull(AmbiguousTensorException.soleEnding(NODES.stream(), "nope", "nope", "layer", "nodes"));
        AmbiguousTensorException e = assertThrows(AmbiguousTensorException.class,
                () -> AmbiguousTensorException.soleEnding(NODES.stream(), "Relu", "Relu", "the features", "nodes here"));
        assertEquals("the features tensor 'Relu' names 4 nodes here (model/conv2d/Relu, model/conv2d_1/Relu,"
                + " model/conv2d_2/Relu, ...); give more of the name", e.getMessage());
        assertEquals(List.of("model/conv2d/Relu", "model/conv2d_1/Relu", "model/conv2d_2/Relu"), e.candidates());
    }

    /** Public since the two look-ups share it: a null was a NullPointerException in the JDK's words. */
    @Test
    void aNullNodesOrNameIsNamed() {
        NullPointerException nodes = assertThrows(NullPointerException.class,
                () -> AmbiguousTensorException.soleEnding(null, "Relu", "Relu", "layer", "nodes"));
        assertEquals("nodes is null: the names of the graph's nodes", nodes.getMessage());
        NullPointerException name = assertThrows(NullPointerException.class,
                () -> AmbiguousTensorException.soleEnding(Stream.of("a/b"), null, "b", "layer", "nodes"));
        assertEquals("shortName is null: the tensor name looked up, without its index", name.getMessage());
    }
}
