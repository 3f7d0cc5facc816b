package io.github.cam4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
     * Test pictures of another size than the training ones are said to differ from them, not blamed on an architecture
     * that takes the training pictures: the pooled preset's 28x28 input was told to take the 14x14 test pictures instead.
     */
    @Test
    void testPicturesOfAnotherSizeAreSaidToDifferFromTheTrainingOnes() throws Exception {
        TrainingConfig config = new TrainingConfig(1, 10, 0.003f, 0, 42, 0, LearningRateSchedule.CONSTANT, 1);
        Trainer trainer = new Trainer(io.github.cam4j.model.Presets.resolve("pooled"), config, TrainingListener.SILENT);
        // Typed, so that the command can name the dataset's folder first without reading the words.
        TrainTestSizeMismatchException e = assertThrows(TrainTestSizeMismatchException.class,
                () -> trainer.check(blank(20, 28), blank(20, 14)));
        assertEquals("the training images are 28x28 but the test images 14x14: the test accuracy would be of other"
                + " pictures than the model learned", e.getMessage());
    }

    /**
     * One damaged label among digits (200 in 60 000) had been answered "give it units: 201" alone, as if the data held
     * 201 classes: how many labels lie beyond the classifier is said, and a few are pointed at the labels file.
     */
    @Test
    void labelsBeyondTheClassifierAreCounted() throws Exception {
        TrainingConfig config = new TrainingConfig(1, 10, 0.003f, 0, 42, 0, LearningRateSchedule.CONSTANT, 1);
        Trainer trainer = new Trainer(Sequential.fromJson(openSize(3)), config, TrainingListener.SILENT);
        LabeledImages damaged = blank(200, 8);
        damaged.labels()[5] = (byte) 200;
        ClassifierTooSmallException one = assertThrows(ClassifierTooSmallException.class,
                () -> trainer.check(damaged, blank(10, 8)));
        // Its parts, from which a caller whose architecture is a preset says its own advice.
        assertEquals("layer 'dense' (Dense) has 10 units, one a class, but the dataset's labels run 0 to 200 (1 of its"
                + " 200 labels above 9)", one.problem());
        assertEquals(201, one.classes());
        assertTrue(one.fewBeyond());
        assertEquals("layer 'dense' (Dense) has 10 units, one a class, but the dataset's labels run 0 to 200 (1 of its"
                + " 200 labels above 9): give it \"units\": 201, or check the labels file", one.getMessage());
        // Many beyond: data of more classes, without the hint.
        LabeledImages more = blank(200, 8);
        for (int i = 0; i < 100; i++) {
            more.labels()[i] = 11;
        }
        ClassifierTooSmallException many = assertThrows(ClassifierTooSmallException.class,
                () -> trainer.check(more, blank(10, 8)));
        assertFalse(many.fewBeyond());
        assertEquals("layer 'dense' (Dense) has 10 units, one a class, but the dataset's labels run 0 to 11 (100 of its"
                + " 200 labels above 9): give it \"units\": 12", many.getMessage());
    }

    /**
     * A training limit's images are the ones whose labels are counted: a 5-unit classifier trained on 200 of MNIST's
     * images was refused with "(29404 of its 60000 labels above 4)", counts of images the run never reads; and labels
     * beyond the classifier only past the limit are no reason to refuse it.
     */
    @Test
    void labelsBeyondTheClassifierAreCountedAmongTheImagesTheLimitKeeps() throws Exception {
        TrainingConfig limited = new TrainingConfig(1, 10, 0.003f, 0, 42, 100, LearningRateSchedule.CONSTANT, 1);
        Trainer trainer = new Trainer(Sequential.fromJson(openSize(3)), limited, TrainingListener.SILENT);
        LabeledImages beyondInFirst = blank(200, 8);
        for (int i = 0; i < 150; i += 3) {
            beyondInFirst.labels()[i] = 11; // 34 of them among the first 100, 50 in all
        }
        ClassifierTooSmallException e = assertThrows(ClassifierTooSmallException.class,
                () -> trainer.check(beyondInFirst, blank(10, 8)));
        assertEquals("layer 'dense' (Dense) has 10 units, one a class, but the labels of the first 100 training images"
                + " (the training limit) run 0 to 11 (34 of those 100 labels above 9): give it \"units\": 12",
                e.getMessage());
        LabeledImages beyondPastTheLimit = blank(200, 8);
        beyondPastTheLimit.labels()[150] = 11;
        trainer.check(beyondPastTheLimit, blank(10, 8));
        // The test split is checked whole, and its labels called so (they had been "the dataset's").
        LabeledImages test = blank(10, 8);
        test.labels()[3] = 11;
        ClassifierTooSmallException inTest = assertThrows(ClassifierTooSmallException.class,
                () -> trainer.check(beyondPastTheLimit, test));
        assertEquals("layer 'dense' (Dense) has 10 units, one a class, but the test images' labels run 0 to 11 (1 of"
                + " their 10 labels above 9): give it \"units\": 12", inTest.getMessage());
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
