package io.github.cam4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the method option tests share: the bundled pooled model, a temporary folder per test class with the first MNIST
 * test digit (a 7) written in it, and the overlay or JSON entry {@code explain} makes of that digit with the options a
 * test gives ({@link FirstTestDigit}).
 */
abstract class PooledDigitOptions {
    static final String MODEL = SharedData.bundledModels().resolve("mnist-pooled").toString();

    @TempDir
    static Path tmp;

    static Path seven;

    @BeforeAll
    static void writeDigit() throws Exception {
        seven = FirstTestDigit.writeIn(tmp);
    }

    /** @return the overlay {@code explain} draws of the digit with these options, into the folder {@code name} */
    static byte[] overlay(String name, String... options) throws Exception {
        return FirstTestDigit.overlayOf(MODEL, seven, tmp.resolve(name), options);
    }

    /** @return the digit's entry of {@code explain --json} with these options, run into the folder {@code name} */
    static JsonNode jsonEntry(String name, String... options) throws Exception {
        return FirstTestDigit.jsonOf(MODEL, seven, tmp.resolve(name), options);
    }
}
