package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code --finer-alpha} and {@code --finer-ranks}, Finer-CAM's comparison, on explain and compare. */
class FinerOptionsTest extends PooledDigitOptions {


    /** explain --method finercam takes a comparison of its own and names the method in its JSON. */
    @Test
    void explainTakesTheComparison() throws Exception {
        CliRun run = CliRun.of("explain", "--model", MODEL, seven.toString(), "--method", "finercam", "--finer-alpha",
                "0.5", "--finer-ranks", "1,4", "--json", "--out", tmp.resolve("finer").toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode r = new ObjectMapper().readTree(run.out()).get(0);
        assertEquals("Finer-CAM", r.get("method").asText());
        assertEquals(7, r.get("class").asInt());
    }

    /**
     * A comparison no map would use, or one that cannot be, is a mistyped command line: exit 2, one line naming the
     * option; ranks past the model's last class are refused by the model, naming how many classes it has.
     */
    @Test
    void aComparisonWithoutFinerCamOrOutOfRangeIsRefusedInOneLine() {
        CliRun unused = CliRun.of("explain", "--model", MODEL, seven.toString(), "--method", "gradcam", "--finer-alpha",
                "0.5", "--out", tmp.resolve("unused").toString());
        assertEquals(2, unused.exitCode(), unused.err());
        // In the words of every method setting without its method (MethodOptions.checkUsed).
        assertTrue(unused.err().contains("error: --finer-alpha is finercam's setting, and --method does not name"
                + " finercam"), unused.err());
        CliRun compare = CliRun.of("compare", "--model", MODEL, "--methods", "cam,gradcam", "--finer-ranks", "1,2",
                seven.toString(), "--out", tmp.resolve("compare.png").toString());
        assertEquals(2, compare.exitCode(), compare.err());
        assertTrue(compare.err().contains("error: --finer-ranks is finercam's setting, and --methods does not name"
                + " finercam"), compare.err());
        CliRun zero = CliRun.of("explain", "--model", MODEL, seven.toString(), "--method", "finercam", "--finer-ranks",
                "0,1", "--out", tmp.resolve("zero").toString());
        assertEquals(2, zero.exitCode(), zero.err());
        assertTrue(zero.err().contains("error: --finer-ranks: Finer-CAM's comparison ranks count from 1"), zero.err());
        CliRun deep = CliRun.of("explain", "--model", MODEL, seven.toString(), "--method", "finercam", "--finer-ranks",
                "1,10", "--out", tmp.resolve("deep").toString());
        // The bound is the model's, the number typed at fault, as with --class 10: exit 2 (it had been 1).
        assertEquals(2, deep.exitCode(), deep.err());
        assertTrue(deep.err().contains("error: --finer-ranks 1,10: Finer-CAM compares the explained class with the"
                + " classes at ranks [1, 10] of nearness to its logit, which needs at least 11 classes; this model has"
                + " 10: give ranks from 1 to 9 (see 'cam4j explain --help')"), deep.err());
        // 20 000 ranks were repeated whole, as typed and as the library lists them: one line of 238 000 characters.
        String many = java.util.stream.IntStream.rangeClosed(1, 20_000).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(","));
        CliRun manyRanks = CliRun.of("explain", "--model", MODEL, seven.toString(), "--method", "finercam", "--finer-ranks",
                many, "--out", tmp.resolve("many").toString());
        assertEquals(2, manyRanks.exitCode(), manyRanks.err());
        assertTrue(manyRanks.err().contains("error: --finer-ranks 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,"
                + "23,...9999,20000 (108893 characters): Finer-CAM compares the explained class with"
                + " the classes at ranks [1, 2, 3, 4, 5, 6, ..., 20000] (20000 values) of nearness to its logit, which"
                + " needs at least 20001 classes"), manyRanks.err());
        for (CliRun r : new CliRun[] {unused, compare, zero, deep, manyRanks}) {
            assertEquals(1, r.err().strip().lines().filter(l -> !l.startsWith("Try") && !l.isBlank()).count(), r.err());
        }
    }

    /**
     * A rank typed with a leading zero is read as the number (010 is rank 10) and the model's refusal says the ranks and
     * the classes as numbers: the command line had searched the message for the library's "10" to put the typed "010"
     * in its place, and so said the model's ten classes as "this model has 010".
     */
    @Test
    void aRankPastTheClassesTypedWithALeadingZeroLeavesTheModelsNumbersAlone() {
        CliRun run = CliRun.of("explain", "--model", MODEL, seven.toString(), "--method", "finercam", "--finer-ranks",
                "010", "--out", tmp.resolve("zero-led").toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("error: --finer-ranks 010: Finer-CAM compares the explained class with the classes"
                + " at ranks [10] of nearness to its logit, which needs at least 11 classes; this model has 10: give"
                + " ranks from 1 to 9 (see 'cam4j explain --help')"), run.err());
    }
}
