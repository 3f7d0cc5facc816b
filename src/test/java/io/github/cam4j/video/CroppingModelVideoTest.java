package io.github.cam4j.video;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.model.TensorData;
import io.github.cam4j.render.Box;
import io.github.cam4j.render.Colormap;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.testing.CroppingModels;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

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

    /**
     * A region smaller than the size it is fed at is enlarged by {@link FramePreparer#resize} (8-bit, bilinear): the
     * part seen ({@link VideoExplainer#seenPart}) must be exactly the region's pixels whose ink (255, one pixel per
     * region, black elsewhere) changes the logits of a model that keeps input rows and columns 4 to 23, as for a picture
     * ({@code SeenPartTest}). Before, its edges were scaled: a 14x14 region was outlined on rows and columns 2 to 11, and
     * ink on 1 and 12 changed the logits. Logits compared exactly (nothing else is inked).
     */
    @Test
    void anEnlargedRegionIsOutlinedOnThePixelsItsResizeReads() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g);
                CamModel model = CroppingModels.open(g, s, (tf, x) -> CroppingModels.slice(tf, x, 4, 24, 4, 24))) {
            for (int[] size : new int[][] {{14, 14}, {10, 10}, {21, 21}, {14, 20}, {28, 9}}) {
                int h = size[0];
                int w = size[1];
                float[] blank = logits(model, h, w, -1);
                int y0 = h;
                int x0 = w;
                int y1 = -1;
                int x1 = -1;
                for (int i = 0; i < h * w; i++) {
                    if (!Arrays.equals(blank, logits(model, h, w, i))) {
                        y0 = Math.min(y0, i / w);
                        x0 = Math.min(x0, i % w);
                        y1 = Math.max(y1, i / w);
                        x1 = Math.max(x1, i % w);
                    }
                }
                assertEquals(new Box(x0, y0, x1 - x0 + 1, y1 - y0 + 1),
                        StreamExplainer.seenPart(model, 28, 28, new Box(0, 0, w, h)).orElseThrow(), h + "x" + w);
            }
        }
    }

    /** @return the model's logits on an 8-bit {@code h x w} region, black but for pixel {@code inked} (none if -1) */
    private static float[] logits(CamModel model, int h, int w, int inked) {
        try (Mat region = new Mat(h, w, CV_8UC1, new Scalar(0))) {
            if (inked >= 0) {
                try (UByteIndexer ix = region.createIndexer()) {
                    ix.put(inked / w, inked % w, 255);
                }
            }
            float[] fed = new float[28 * 28];
            try (Mat sized = FramePreparer.resize(region, 28, 28); UByteIndexer ix = sized.createIndexer()) {
                for (int i = 0; i < fed.length; i++) {
                    fed[i] = ix.get(i / 28, i % 28) / 255f;
                }
            }
            try (TFloat32 x = TensorData.floats(Shape.of(1, 28, 28, 1), fed);
                    Result r = model.session().runner().feed("images", x).fetch("logits").run()) {
                return TensorData.toArray(r.get(0));
            }
        }
    }
}
