package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cam4j.render.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ImageExplanation} as a value: compared and printed by what it holds. */
class ImageExplanationTest {

    /**
     * The record copies its probabilities and logits in, so its generated equals, which compares arrays by identity,
     * found two explanations made of the same values and the same maps unequal (even one made twice from the very
     * same arrays), and its toString printed "probabilities=[F@3f390d63" in an application's log.
     */
    @Test
    void twoExplanationsOfTheSameValuesAreEqualAndPrintTheirValues() {
        List<CamResult> maps = List.of(CamResultTest.result());
        float[] probabilities = {0.25f, 0.75f};
        float[] logits = {-1f, 1f};
        ImageExplanation e = new ImageExplanation(1, probabilities, logits, maps, new Box(1, 2, 3, 4));
        ImageExplanation same = new ImageExplanation(1, probabilities, logits, maps, new Box(1, 2, 3, 4));
        assertEquals(same, e);
        assertEquals(same.hashCode(), e.hashCode());
        assertNotEquals(new ImageExplanation(1, probabilities, new float[] {-1f, 2f}, maps, new Box(1, 2, 3, 4)), e);
        assertNotEquals(new ImageExplanation(1, probabilities, logits, maps), e);
        assertEquals("ImageExplanation[predicted=1, probabilities=[0.25, 0.75], logits=[-1.0, 1.0], maps=" + maps
                + ", framed=1,2,3,4]", e.toString());
    }

    /**
     * Its javadoc promised probabilities in [0, 1], but 7 and -0.5 (logits handed over as probabilities) were kept and
     * read back as probabilities. Their sum is not asked for: independent sigmoids give any.
     */
    @Test
    void aProbabilityOutsideZeroToOneIsRefusedNamingItsClass() {
        List<CamResult> maps = List.of(CamResultTest.result());
        IllegalArgumentException above = assertThrows(IllegalArgumentException.class,
                () -> new ImageExplanation(1, new float[] {0.5f, 7f}, new float[] {-1f, 1f}, maps));
        assertEquals("class 1's probability is 7.0: a probability lies in [0, 1] (give the model's softmax or sigmoid"
                + " outputs, not its logits)", above.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new ImageExplanation(0, new float[] {-0.5f, 0.25f}, new float[] {-1f, 1f}, maps));
        assertEquals(2, new ImageExplanation(0, new float[] {0.9f, 0.8f}, new float[] {2f, 1f}, maps).probabilities()
                .length, "two independent sigmoids need not sum to one");
        // A softmax computed in float can end an ulp or two past 1 (or below 0 after a subtraction): rounding, taken.
        assertEquals(Math.nextUp(1f), new ImageExplanation(0, new float[] {Math.nextUp(1f), -1e-7f},
                new float[] {9f, -9f}, maps).probabilities()[0]);
    }
}
