package io.github.cam4j.cli;

import io.github.cam4j.render.CaptionTitles;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A map fused from several layers ({@code --layers}) is titled so in explain's captions and compare's column headers
 * and cells, as a smoothed map is: the JSON said "layers", the picture said only "Grad-CAM", as if it were the last
 * layer's map.
 */
class FusedLayersTitleTest {
    /**
     * @return explain's model options after parsing {@code args}, the layers and their form handed to them as explain's
     *     call does
     */
    private static ModelOptions parsed(String... args) {
        ExplainCommand explain = new ExplainCommand();
        new CommandLine(explain).parseArgs(args);
        explain.modelOptions.layers = explain.layers;
        explain.modelOptions.layersForm = explain.layersForm;
        return explain.modelOptions;
    }

    private static ModelOptions gradCam(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--model", "m", "--out", "o", "--method", "gradcam"));
        args.addAll(List.of(more));
        return parsed(args.toArray(new String[0]));
    }

    /** The full title, which compare's header and its report's table use, counts the layers beside the smoothing. */
    @Test
    void theFullTitleCountsTheLayers() {
        assertEquals("Grad-CAM (2 layers)", gradCam("--layers", "a,b").shownTitle());
        assertEquals("Grad-CAM (3 layers, eigen-smooth)", gradCam("--layers", "a,b,c", "--eigen-smooth").shownTitle());
        assertEquals("Grad-CAM", gradCam().shownTitle());
    }

    /**
     * On a digit's 168x168 overlay (a 28x28 digit enlarged 6 times: explain's and compare's default) the class and
     * "Grad-CAM (2 layers)" do not share a line: the title takes one of its own rather than the terse "2L" beside the
     * class. A wide overlay holds the full title beside the class. Smoothed too, where "2 layers" and the smoothing do
     * not fit, the layers are said "2L" rather than left out.
     */
    @Test
    void aDigitsCaptionSaysTheMapIsFused() {
        assertEquals("7  p=1.000\nGrad-CAM (2 layers)",
                ExplainOverlay.withMethod("7  p=1.000", gradCam("--layers", "a,b").shownTitles(), 168, 168));
        assertEquals("7  p=1.000  Grad-CAM (2 layers)",
                ExplainOverlay.withMethod("7  p=1.000", gradCam("--layers", "a,b").shownTitles(), 600, 800));
        assertEquals("7  p=1.000\nGrad-CAM 2L eigen+aug", ExplainOverlay.withMethod("7  p=1.000",
                gradCam("--layers", "a,b", "--eigen-smooth", "--aug-smooth").shownTitles(), 168, 168));
        assertEquals("7  p=1.000\nAblation-CAM (2 layers)", ExplainOverlay.withMethod("7  p=1.000",
                parsed("--model", "m", "--out", "o", "--method", "ablationcam", "--layers", "a,b").shownTitles(),
                168, 168));
        // Where no line holds "2 layers" (a 60x168 strip has room for one line only), "2L" beside the class.
        assertEquals("7 p=1.000 Grad-CAM 2L",
                ExplainOverlay.withMethod("7  p=1.000", gradCam("--layers", "a,b").shownTitles(), 60, 168));
    }

    /**
     * torch-cam's fusion takes the layers' maximum, another map than the mean's: its titles say so, in full and where a
     * caption has room only for the terse form. (They said "2 layers" for either form, as if the map were the mean.)
     */
    @Test
    void torchCamsFusionIsNamedTheMaximum() {
        ModelOptions max = gradCam("--layers", "a,b", "--layers-form", "torch-cam");
        assertEquals("Grad-CAM (max of 2 layers)", max.shownTitle());
        assertEquals("7  p=1.000  Grad-CAM (max of 2 layers)", ExplainOverlay.withMethod("7  p=1.000",
                max.shownTitles(), 600, 1200));
        // A digit's 168x168 overlay has no line for "max of 2 layers": the terse form, still saying the maximum.
        assertEquals("7  p=1.000\nGrad-CAM 2L max", ExplainOverlay.withMethod("7  p=1.000", max.shownTitles(), 168,
                168));
        assertEquals("Grad-CAM (max of 2 layers, eigen-smooth)",
                gradCam("--layers", "a,b", "--layers-form", "torch-cam", "--eigen-smooth").shownTitle());
        // A 60x168 strip holds the mean's "Grad-CAM 2L" beside the class but not "Grad-CAM 2L max": the class alone,
        // rather than a title that would name the mean.
        assertEquals("7  p=1.000", ExplainOverlay.withMethod("7  p=1.000", max.shownTitles(), 60, 168));
        assertEquals("Grad-CAM (2 layers)",
                gradCam("--layers", "a,b", "--layers-form", "pytorch-grad-cam").shownTitle());
    }

    /** One layer's titles are as they were. */
    @Test
    void oneLayersTitlesAreUnchanged() {
        assertEquals(CaptionTitles.of("Grad-CAM"), gradCam().shownTitles());
        assertEquals(new CaptionTitles(List.of("Grad-CAM (eigen-smooth)", "Grad-CAM eigen"), List.of("Grad-CAM")),
                gradCam("--eigen-smooth").shownTitles());
    }
}
