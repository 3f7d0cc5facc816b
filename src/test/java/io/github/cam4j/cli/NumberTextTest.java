package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Double and float options read beyond their type's range: refused in the words typed, naming the option, before any
 * model loads. Each option's own check had said "got Infinity" of {@code 1e309} and "got 0.0" of {@code 1e-400}.
 */
class NumberTextTest {
    @TempDir
    Path tmp;

    private CliRun compare(String option, String value) {
        return CliRun.of("compare", "--model", "saved_models/mnist-pooled", "--out", tmp.resolve("c.png").toString(),
                option, value);
    }

    /** A double beyond its range either way, a float beyond its range, a double that would round to 0. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            --sgcampp-std   | 1e309  | 1e309 is beyond a double's range (at most 1.8e308 in magnitude)
            --alpha         | -2e400 | -2e400 is beyond a double's range (at most 1.8e308 in magnitude)
            --occlusion-fill| 1e39   | 1e39 is beyond a float's range (at most 3.4e38 in magnitude)
            --sgcampp-std   | 1e-400 | 1e-400 is below a double's smallest positive value (4.9e-324) and would be read as 0
            """)
    void aNumberItsTypeCannotHoldIsRefusedAsTyped(String option, String value, String problem) {
        CliRun r = compare(option, value);
        assertEquals(2, r.exitCode(), r.out());
        assertEquals("cam4j: error: Invalid value for option '" + option + "': " + problem
                + " (see 'cam4j compare --help')", r.err().strip());
    }

    /**
     * A whole number beyond an int's or a long's range is said so: picocli said "'99999999999' is not an int", as of a
     * word. What is no whole number keeps picocli's words, and 010 is still ten (picocli's Integer.valueOf reading).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            --first          | 99999999999          | 99999999999 is beyond an int's range (-2147483648 to 2147483647)
            --first          | -99999999999         | -99999999999 is beyond an int's range (-2147483648 to 2147483647)
            --first          | 0x10                 | '0x10' is not an int
            --sscam-seed     | 99999999999999999999 | 99999999999999999999 is beyond a long's range (-9223372036854775808 to 9223372036854775807)
            --sscam-seed     | seven                | 'seven' is not a long
            """)
    void aWholeNumberItsTypeCannotHoldIsSaidToBeBeyondItsRange(String option, String value, String problem) {
        CliRun r = compare(option, value);
        assertEquals(2, r.exitCode(), r.out());
        assertEquals("cam4j: error: Invalid value for option '" + option + "': " + problem
                + " (see 'cam4j compare --help')", r.err().strip());
    }

    /**
     * A method setting's own check quotes the value as typed: each had said the double or float it read ("got -1.0",
     * and of {@code --occlusion-fill 2147483647} the float's "got 2.14748365E9").
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            fem                | --fem-k            | -1         | --fem-k must be a finite number of standard deviations, 0 or more, got -1
            kpcacam            | --kpca-gamma       | -1         | --kpca-gamma must be finite and positive, got -1
            occlusion          | --occlusion-fill   | -1         | --occlusion-fill must be a pixel value 0..255, got -1
            occlusion          | --occlusion-fill   | 2147483647 | --occlusion-fill must be a pixel value 0..255, got 2147483647
            smoothgrad         | --smoothgrad-noise | -1         | --smoothgrad-noise must be a finite fraction of the picture's range, 0 or more, got -1
            sscam              | --sscam-std        | -1         | --sscam-std must be finite and positive, got -1
            smoothgradcam++    | --sgcampp-std      | -1         | --sgcampp-std must be finite and positive, got -1
            finercam           | --finer-alpha      | 1e39       | --finer-alpha must be a finite number within a float's range (±3.4028235E38: Finer-CAM's target is computed in float32), got 1e39
            """)
    void aMethodSettingsRefusalQuotesTheValueAsTyped(String method, String option, String value, String problem) {
        CliRun r = CliRun.of("compare", "--model", "saved_models/mnist-pooled", "--out",
                tmp.resolve("c.png").toString(), "--methods", method, option, value);
        assertEquals(2, r.exitCode(), r.out());
        assertEquals("cam4j: error: " + problem + " (see 'cam4j compare --help')", r.err().strip());
    }

    /** torch-cam's Finer-CAM gamma below 0 is quoted as typed too. */
    @Test
    void aNegativeTorchCamGammaIsQuotedAsTyped() {
        CliRun r = CliRun.of("compare", "--model", "saved_models/mnist-pooled", "--out", tmp.resolve("c.png").toString(),
                "--methods", "finercam", "--finer-form", "torch-cam", "--finer-alpha", "-1");
        assertEquals(2, r.exitCode(), r.out());
        assertEquals("cam4j: error: --finer-alpha is torch-cam's gamma with --finer-form torch-cam, which must be 0 or"
                + " more, as torch-cam refuses a negative one; got -1 (see 'cam4j compare --help')", r.err().strip());
    }

    /**
     * An option's own refusal quotes the value as typed, where it had said the double or float it read ("got 2.0" of
     * {@code --alpha 2}, "got 2.147483647E9" of {@code 2147483647}, "got -1.0" of {@code -1}). Neither the model nor
     * the input named exists: each is refused before any model or data loads. {@code {tmp}} is this test's folder.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            explain --model {tmp}/m {tmp}/a.png --out {tmp}/o --alpha 2                           | --alpha must be in [0, 1], got 2
            compare --model {tmp}/m --out {tmp}/c.png --alpha 2147483647                          | --alpha must be in [0, 1], got 2147483647
            explain --model {tmp}/m {tmp}/a.png --out {tmp}/o --threshold -1                      | --threshold must be in (0, 1], got -1
            video --model {tmp}/m {tmp}/a.mp4 --out {tmp}/o.mp4 --threshold 2147483647            | --threshold must be in (0, 1], got 2147483647
            video --model {tmp}/m {tmp}/a.mp4 --out {tmp}/o.mp4 --smooth 2                        | --smooth must be in (0, 1] (1 = off), got 2
            video --model {tmp}/m {tmp}/a.mp4 --out {tmp}/o.mp4 --floor -1                        | --floor must be in [0, 1) (a fraction of white; 0 keeps faint values), got -1
            maximize --model {tmp}/m --out {tmp}/m.png --learning-rate -1                         | --learning-rate must be positive and finite, got -1
            maximize --model {tmp}/m --out {tmp}/m.png --tv-weight -1                             | --tv-weight must be 0 or more, finite, got -1
            maximize --model {tmp}/m --out {tmp}/m.png --norm-weight -2147483647                  | --norm-weight must be 0 or more, finite, got -2147483647
            maximize --model {tmp}/m --out {tmp}/m.png --rotate -1                                | --rotate must be 0 (off) or more degrees, finite, got -1
            train --arch pooled --data {tmp}/d --out {tmp}/t --learning-rate -1                   | --learning-rate must be positive and finite, got -1
            train --arch pooled --data {tmp}/d --out {tmp}/t --learning-rate inf                  | --learning-rate must be positive and finite, got inf
            train --arch pooled --data {tmp}/d --out {tmp}/t --learning-rate nan                  | --learning-rate must be positive and finite, got nan
            train --arch pooled --data {tmp}/d --out {tmp}/t --learning-rate 1e300                | --learning-rate 1e300 is too large for float32, in which TensorFlow trains (it would round to Infinity)
            train --arch pooled --data {tmp}/d --out {tmp}/t --learning-rate 1e-50                | --learning-rate 1e-50 is too small for float32, in which TensorFlow trains (it would round to 0.0)
            train --arch pooled --data {tmp}/d --out {tmp}/t --validation-split 2                 | --validation-split must be in [0, 1), got 2
            train --arch pooled --data {tmp}/d --out {tmp}/t --hide-patch 7 --hide-probability 2  | --hide-probability must be in [0, 1), got 2
            train --arch pooled --data {tmp}/d --out {tmp}/t --hide-probability 2                 | --hide-probability 2 needs --hide-patch: the side of the squares to hide, e.g. --hide-patch 7
            train --arch pooled --data {tmp}/d --out {tmp}/t --cell-dropout 2                     | --cell-dropout 2: layer 'cell_dropout' (Dropout): rate must be at least 0 and below 1, got 2
            train --arch pooled --data {tmp}/d --out {tmp}/t --attention-drop 2                   | --attention-drop must be in [0, 1], got 2
            train --arch pooled --data {tmp}/d --out {tmp}/t --attention-drop 0.5 --attention-threshold 2 | --attention-threshold must be above 0 and at most 1, got 2
            train --arch pooled --data {tmp}/d --out {tmp}/t --attention-threshold 2              | --attention-threshold 2 needs --attention-drop: the chance that a picture's strongest cells are dropped, e.g. --attention-drop 0.75
            train --arch pooled --data {tmp}/d --out {tmp}/t --spread-penalty -1                  | --spread-penalty must be a finite number of at least 0, got -1
            """)
    void anOptionsRefusalQuotesTheValueAsTyped(String commandLine, String problem) {
        String[] args = commandLine.replace("{tmp}", tmp.toString()).split(" ");
        CliRun r = CliRun.of(args);
        assertEquals(2, r.exitCode(), r.out());
        assertEquals("cam4j: error: " + problem + " (see 'cam4j " + args[0] + " --help')", r.err().strip());
    }

    /**
     * A training that diverged names its learning rate as typed: {@code 2147483647} had been said as its float's
     * "2.14748365E9". Its one model run: 200 digits, at this rate NaN within the first epoch's 3 steps.
     */
    @Test
    void aDivergedTrainingNamesItsLearningRateAsTyped() {
        CliRun r = CliRun.of("train", "--arch", "pooled", "--data", SharedData.mnist().toString(), "--epochs", "1",
                "--limit", "200", "--threads", "1", "--learning-rate", "2147483647", "--out", tmp.resolve("t").toString());
        assertEquals(1, r.exitCode(), r.out());
        assertTrue(r.err().strip().matches("cam4j: error: training diverged: .* at learning rate 2147483647; lower the"
                + " learning rate"), r.err());
    }

    /** What the type holds as typed is left to the option's own check, which quotes it: Infinity, NaN, a typed 0. */
    @Test
    void valuesTheTypeHoldsReachTheOptionsOwnCheck() {
        assertEquals("cam4j: error: --sgcampp-std must be finite and positive, got Infinity (see 'cam4j compare --help')",
                compare("--sgcampp-std", "Infinity").err().strip());
        assertEquals("cam4j: error: --sgcampp-std must be finite and positive, got NaN (see 'cam4j compare --help')",
                compare("--sgcampp-std", "NaN").err().strip());
        assertEquals("cam4j: error: --sgcampp-std must be finite and positive, got 0e-400 (see 'cam4j compare --help')",
                compare("--sgcampp-std", "0e-400").err().strip());
        assertEquals("cam4j: error: Invalid value for option '--sgcampp-std': 'x1' is not a double (see 'cam4j compare"
                + " --help')", compare("--sgcampp-std", "x1").err().strip());
    }

    /**
     * The common spellings of infinity and NaN reach the option's own check as {@code Infinity} and {@code NaN} do,
     * and are refused in its words quoting what was typed: "'inf' is not a float" had told the user a number was none.
     * A float option (--learning-rate) and double ones (--rotate, --alpha); neither the model nor the input exists,
     * so each is refused before anything loads. {@code {tmp}} is this test's folder.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            maximize --model {tmp}/m --out {tmp}/m.png --learning-rate | inf       | Infinity
            maximize --model {tmp}/m --out {tmp}/m.png --learning-rate | -INF      | -Infinity
            maximize --model {tmp}/m --out {tmp}/m.png --learning-rate | nan       | NaN
            maximize --model {tmp}/m --out {tmp}/m.png --rotate        | +inf      | Infinity
            maximize --model {tmp}/m --out {tmp}/m.png --rotate        | NAN       | NaN
            explain --model {tmp}/m {tmp}/a.png --out {tmp}/o --alpha  | infinity  | Infinity
            explain --model {tmp}/m {tmp}/a.png --out {tmp}/o --alpha  | -Inf      | -Infinity
            explain --model {tmp}/m {tmp}/a.png --out {tmp}/o --alpha  | nan       | NaN
            """)
    void commonSpellingsOfInfinityAndNanAreRefusedAsJavasSpellingsAre(String commandLine, String typed,
            String javas) {
        String[] args = (commandLine.replace("{tmp}", tmp.toString()) + " ").split(" ");
        CliRun asJava = CliRun.of(append(args, javas));
        CliRun asTyped = CliRun.of(append(args, typed));
        assertEquals(2, asJava.exitCode(), asJava.out());
        assertTrue(asJava.err().contains("got " + javas + " "), asJava.err());
        assertEquals(2, asTyped.exitCode(), asTyped.out());
        assertEquals(asJava.err().replace("got " + javas + " ", "got " + typed + " "), asTyped.err());
    }

    private static String[] append(String[] args, String last) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }
}
