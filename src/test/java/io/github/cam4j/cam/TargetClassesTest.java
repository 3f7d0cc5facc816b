package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link TargetClasses}: a per-image target's count against the batch's, said in good English. */
class TargetClassesTest {

    /**
     * "2 target classes given for 1 images" had the wrong plural; each count takes the noun's number, and the line says
     * what a per-image target holds (it said the counts only).
     */
    @Test
    void aPerImageTargetOfTheWrongCountIsSaidWithTheRightPlurals() throws Exception {
        try (CamSession cam = CamSession.builder().setModel(Path.of("saved_models/mnist-pooled")).build()) {
            assertEquals("2 target classes given for 1 image: Target.perImage takes one class per image, in"
                    + " the images' order", assertThrows(InvalidInputException.class,
                    () -> TargetClasses.checkTarget(Target.perImage(1, 2), 1, cam.model())).getMessage());
            assertEquals("1 target class given for 3 images: Target.perImage takes one class per image, in"
                    + " the images' order", assertThrows(InvalidInputException.class,
                    () -> TargetClasses.checkTarget(Target.perImage(1), 3, cam.model())).getMessage());
        }
    }
}
