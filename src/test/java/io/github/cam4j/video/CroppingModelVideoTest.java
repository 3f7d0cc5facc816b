package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.Box;
import io.github.cam4j.render.Colormap;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * Video with a model that crops its input ({@code resized-export}: Resizing to 32x32, then CenterCrop to 28x28): the
 * map covers only the part of the region of interest the model saw, input pixels 1 to 26 of 28 (coordinates 0.5..26.5:
 * its resize's bilinear kernel reads all of pixels 1 and 26); the rest of the frame is drawn uncoloured, as outside a
 * region of interest.
 */
class CroppingModelVideoTest {
    private static final Path RESIZED = Path.of("src/test/resources/keras3/resized-export");

    @Test
    void theMapCoversThePartOfTheRegionTheModelSaw() throws Exception {
        LabeledImages digits = Dataset.open(SharedData.mnist()).test();
        // A 112x112 region of interest, fed at the model's 28x28 (4 frame pixels per input pixel): input coordinate
        // c is region coordinate (c + 0.5) * 4 - 0.5, so 0.5..26.5 is 3.5..107.5, pixels 4 to 107.
        Box roi = new Box(40, 20, 112, 112);
        try (CamSession cam = CamSession.builder().setModel(RESIZED).build();
                VideoExplainer explainer = VideoExplainer.builder().setSession(cam).optRoi(roi).optEvery(2).build();
                Mat frame = TestVideos.canvas(digits, 0, 200, 160, new Box(50, 30, 92, 92), false)) {
            FrameExplanation e = explainer.explain(frame);
            assertEquals(new Box(40 + 4, 20 + 4, 104, 104), e.region());
            int[] peak = e.peak();
            assertTrue(peak[0] >= 27 && peak[0] < 125 && peak[1] >= 47 && peak[1] < 145, peak[0] + "," + peak[1]);
            e.box().ifPresent(b -> assertEquals(b, b.intersect(e.region()), "box " + b + " in " + e.region()));
            FloatMap onFrame = e.frameMap(160, 200);
            assertEquals(0f, onFrame.values()[(20 + 3) * 200 + 90], 0f, "none outside the part seen");
            assertTrue(explainer.explain(frame).fresh() == false, "the next frame reuses the map (every 2)");
            try (Mat drawn = FrameRenderer.draw(frame, e, Colormap.DEFAULT, 0.5, 0.2);
                    UByteIndexer d = drawn.createIndexer();
                    UByteIndexer f = frame.createIndexer()) {
                // Inside the region of interest but outside the part seen: the frame as it was.
                for (int c = 0; c < 3; c++) {
                    assertEquals(f.get(23, 90, frame.channels() == 1 ? 0 : c), d.get(23, 90, c));
                }
            }
        }
    }
}
