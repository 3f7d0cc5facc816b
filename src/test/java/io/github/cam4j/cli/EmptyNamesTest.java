package io.github.cam4j.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An empty tensor or signature name is a usage error naming its option, before any model is opened. */
class EmptyNamesTest {
    /**
     * {@code concepts --features ""} exited 1 with "the features tensor name is required" (no option named), and
     * {@code inspect --signature ""} exited 2 with "--signature : ... has no such signature". Each case must exit 2 with
     * one line naming the option, and write nothing.
     */
    @Test
    void anEmptyTensorOrSignatureNameIsRefusedNamingItsOption(@TempDir Path tmp) throws Exception {
        String out = tmp.resolve("c.png").toString();
        String tensorHint = "name a tensor of the model's graph, NAME or NAME:INDEX, as 'cam4j inspect' lists them,"
                + " or leave ";
        String[][] cases = {
            {"--features is empty; " + tensorHint + "--features out",
                "concepts", "--model", "mnist-pooled", "--concepts", "2", "--features", "", "README.md", "--out", out},
            {"--logits is empty; " + tensorHint + "--logits out",
                "concepts", "--model", "mnist-pooled", "--concepts", "2", "--logits", "", "README.md", "--out", out},
            {"--signature is empty; name one of the SavedModel's signatures, as 'cam4j inspect' lists them, or leave"
                + " --signature out for serving_default", "inspect", "--model", "mnist-pooled", "--signature", ""},
        };
        CliOptionsTest.assertUsageErrorsWritingNothing(cases, tmp);
    }
}
