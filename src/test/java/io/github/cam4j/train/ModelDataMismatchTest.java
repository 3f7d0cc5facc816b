package io.github.cam4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.model.Sequential;
import org.junit.jupiter.api.Test;

/** An architecture whose layers do not fit the dataset's pictures is refused before training, naming both. */
class ModelDataMismatchTest {
    /** An open-size input: any picture is taken, and the 'valid' kernel of the given side may outgrow it. */
    private static String openSize(int kernel) {
        return """
                {"class_name": "Sequential", "config": {"name": "open", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, null, null, 1], "name": "in"}},
                  {"class_name": "Conv2D", "config": {"name": "c1", "filters": 4, "kernel_size": %d, "activation": "relu"}},
                  {"class_name": "GlobalAveragePooling2D", "config": {"name": "gap"}},
                  {"class_name": "Dense", "config": {"name": "dense", "units": 10, "activation": "softmax"}}
                ]}}
                """.formatted(kernel);
    }

    private static LabeledImages blank(int count, int side) {
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 10);
        }
        return new LabeledImages(new byte[count * side * side], labels, count, side, side);
    }

    /**
     * The layer's words had come alone ("cam4j: error: layer 'c1' (Conv2D): input 8x8 is smaller than ..."), without
     * the pictures' size or, in the command, the --arch that named the file; and Trainer.check, which says what fit
     * will refuse, passed it.
     */
    @Test
    void aKernelLargerThanThePicturesIsRefusedNamingTheirSize() throws Exception {
        TrainingConfig config = new TrainingConfig(1, 10, 0.003f, 0, 42, 0, LearningRateSchedule.CONSTANT, 1);
        Trainer trainer = new Trainer(Sequential.fromJson(openSize(10)), config, TrainingListener.SILENT);
        ModelDataMismatchException e = assertThrows(ModelDataMismatchException.class,
                () -> trainer.check(blank(20, 8), blank(10, 8)));
        assertEquals("on the dataset's 8x8 pictures, layer 'c1' (Conv2D): input 8x8 is smaller than its 10x10 kernel"
                + " with 'valid' padding", e.getMessage());
        // A kernel that fits is not refused.
        new Trainer(Sequential.fromJson(openSize(8)), config, TrainingListener.SILENT).check(blank(20, 8), blank(10, 8));
    }
}
