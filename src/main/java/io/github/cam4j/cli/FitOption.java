package io.github.cam4j.cli;

import io.github.cam4j.cam.Framing;
import picocli.CommandLine.Option;

/**
 * {@code --fit}, shared by the commands that explain PICTURE files ({@code @Mixin}: explain, compare, concepts): how a
 * picture of another size than the model's reaches it. The library's warning on a row of digits framed as one points
 * to {@code --fit none}, which compare and concepts did not take.
 */
final class FitOption {
    @Option(names = "--fit", defaultValue = "auto", converter = Choices.Fit.class, description = "how a picture of"
            + " another size than the model's training size reaches it: auto (for single-channel models, a photo of one"
            + " digit is framed as MNIST framed its digits: ink box to 20x20, centre of mass centred), digit (always; a"
            + " picture without ink is an error) or stretch (resize the whole picture, levels as they are; auto and"
            + " digit bring a grey ground to black) or none (feed the picture at its own size, as video feeds frames: a"
            + " picture of several digits is read whole, each where it is, by a model that ends in global average"
            + " pooling and so takes any size) (default: ${DEFAULT-VALUE})")
    String fit;

    /** @return whether pictures are fed at their own size ({@code none}) */
    boolean ownSize() {
        return "none".equalsIgnoreCase(fit);
    }

    /** @return how a picture is brought to the model's size ({@link Framing#AUTO} for {@code none}, which keeps it) */
    Framing framing() {
        if (ownSize()) {
            return Framing.AUTO;
        }
        for (Framing f : Framing.values()) {
            if (f.name().equalsIgnoreCase(fit)) {
                return f;
            }
        }
        throw new UsageException("--fit '" + fit + "' is not one of auto, digit, stretch, none");
    }
}
