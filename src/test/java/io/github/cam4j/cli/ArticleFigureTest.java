package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cam.CamResult;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.ImageExplanation;
import io.github.cam4j.cam.Target;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.FigureGrid;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class ArticleFigureTest {
    private static final List<String> WORDS =
            List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");

    /**
     * The article's figure ({@code explain --grid}, {@code demo}) names a wrongly predicted digit's true class as it
     * names the predicted one, by the model's labels: with {@code --labels} the unpooled model's reading of test digit
     * 18, a 3, was captioned "five  p=0.82  (true 3)". The figure is the grid FigureGrid draws for the captions
     * "five  p=0.82  (true three)" and, for the others, "seven  p=1.00" and the like.
     */
    @Test
    void aWrongDigitsTrueClassIsNamedByTheModelsLabels() throws Exception {
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        int count = 19;
        try (CamSession cam = CamSession.builder().setModel(SharedData.bundledModels().resolve("mnist-unpooled"))
                .optLoadOptions(LoadOptions.defaults().withLabels(WORDS)).build()) {
            List<Mat> digits = new ArrayList<>();
            try {
                for (int i = 0; i < count; i++) {
                    digits.add(ArticleFigure.digit(test, i));
                }
                List<ImageExplanation> explanations = cam.explain(digits, Target.predicted());
                CamResult wrong = explanations.get(18).first();
                assertEquals(3, test.label(18));
                assertEquals(5, wrong.classIndex(), "the unpooled model's reading of test digit 18");
                List<FigureGrid.Panel> panels = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    CamResult r = explanations.get(i).first();
                    String caption = String.format(Locale.ROOT, "%s  p=%.2f", WORDS.get(r.classIndex()), r.probability())
                            + (r.classIndex() == test.label(i) ? "" : "  (true " + WORDS.get(test.label(i)) + ")");
                    panels.add(new FigureGrid.Panel(digits.get(i), r.map(), caption));
                }
                assertEquals("five  p=0.82  (true three)", panels.get(18).caption());
                try (Mat expected = FigureGrid.build(panels, ArticleFigure.COLUMNS, ArticleFigure.CELL, "t");
                        Mat figure = ArticleFigure.render(cam, test, count, "t")) {
                    assertTrue(java.util.Arrays.equals(CompareCommandTest.pixels(expected),
                            CompareCommandTest.pixels(figure)), "the figure's captions");
                }
            } finally {
                digits.forEach(Mat::close);
            }
        }
    }
}
