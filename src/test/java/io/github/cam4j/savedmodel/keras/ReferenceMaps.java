package io.github.cam4j.savedmodel.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cam4j.cam.CamException;
import io.github.cam4j.cam.CamResult;
import io.github.cam4j.cam.CamSession;
import org.bytedeco.opencv.opencv_core.Mat;

/** Checks a session's maps of the MNIST test digits against the same maps computed in Python (make_test_models.py). */
final class ReferenceMaps {
    private ReferenceMaps() {}

    /**
     * Explains each digit and compares its predicted class and raw map, cell by cell, with the reference's.
     *
     * @param session the session to check
     * @param digits the digits the reference explained, in its order
     * @param predicted the reference's class per digit, or null when it gives none
     * @param maps the reference's maps, one array of cells per digit
     * @param tolerance how far a cell may be from the reference's (1e-4 of the largest reference value: float32
     *     kernels differ between TensorFlow's Python and Java builds by far less)
     * @param what names the case in a failure's message
     * @throws CamException when a digit cannot be explained
     */
    static void assertMatch(CamSession session, TestData.Digits digits, JsonNode predicted, JsonNode maps,
            double tolerance, String what) throws CamException {
        assertEquals(digits.count(), maps.size(), what + ": a reference map per digit");
        for (int i = 0; i < maps.size(); i++) {
            CamResult r;
            try (Mat digit = digits.mat(i)) {
                r = session.explain(digit);
            }
            if (predicted != null) {
                assertEquals(predicted.get(i).asInt(), r.classIndex(), what + ", digit " + i);
            }
            JsonNode expected = maps.get(i);
            float[] map = r.rawMap().values();
            assertEquals(expected.size(), map.length, what + ": cells");
            for (int c = 0; c < map.length; c++) {
                assertEquals(expected.get(c).asDouble(), map[c], tolerance, what + ", digit " + i + ", cell " + c);
            }
        }
    }

    /**
     * @param maps a reference's maps, one array of values each
     * @return the largest absolute value among them, the scale a tolerance "of the largest value" is taken of
     */
    static double largest(JsonNode maps) {
        double largest = 0;
        for (JsonNode m : maps) {
            for (JsonNode v : m) {
                largest = Math.max(largest, Math.abs(v.asDouble()));
            }
        }
        return largest;
    }
}
