package io.github.cam4j.cam;

import io.github.cam4j.render.FloatMap;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link FeatureFactorization} found: k concepts shared by all the pictures, and for each picture each
 * concept's heat over it.
 *
 * @param concepts the k concepts, in NMF's order
 * @param pictures one per picture, in the order given
 * @param iterations the NMF iterations run (at most 200)
 * @param converged whether NMF stopped by its tolerance rather than its iteration limit (scikit-learn warns when not)
 * @param reconstructionError {@code ||X - W H||_F} over the shifted features, scikit-learn's
 *     {@code reconstruction_err_}
 */
public record Factorization(List<Concept> concepts, List<Picture> pictures, int iterations, boolean converged,
        double reconstructionError) {

    /**
     * One picture's concepts: its heat of each concept over its feature cells, and on the picture.
     */
    public static final class Picture {
        private final String name;
        private final float[] probabilities;
        private final FloatMap[] cells;
        private final java.util.function.UnaryOperator<FloatMap> onPicture;
        private final int height;
        private final int width;

        Picture(String name, float[] probabilities, FloatMap[] cells, java.util.function.UnaryOperator<FloatMap> onPicture,
                int height, int width) {
            this.name = name;
            this.probabilities = probabilities;
            this.cells = cells;
            this.onPicture = onPicture;
            this.height = height;
            this.width = width;
        }

        /** @return the name the picture was given (its file on the command line) */
        public String name() {
            return name;
        }

        /** @return the model's probabilities for the picture, one per class */
        public float[] probabilities() {
            return probabilities.clone();
        }

        /** @return the class the model predicts for the picture */
        public int predicted() {
            return CamMath.argMax(probabilities);
        }

        /** @return the picture's rows, which its heatmaps have */
        public int height() {
            return height;
        }

        /** @return the picture's columns */
        public int width() {
            return width;
        }

        /**
         * @param concept a concept's index, 0 to the concepts' count less one (IndexOutOfBoundsException otherwise)
         * @return the concept's raw heat over the picture's feature cells: its row of NMF's H, at least 0, on the
         *     scale of the features' differences from their minimum
         */
        public FloatMap cells(int concept) {
            FloatMap m = cells[checkConcept(concept)];
            return new FloatMap(m.height(), m.width(), m.values().clone());
        }

        /**
         * @param concept a concept's index, 0 to the concepts' count less one (IndexOutOfBoundsException otherwise)
         * @return the concept's heat over the picture's cells scaled to 0..1 as pytorch-grad-cam's
         *     {@code scale_cam_image} scales it: its minimum over this picture subtracted, then divided by its maximum
         *     plus 1e-7. Each concept on each picture is scaled alone, so a concept that is faint on a picture still
         *     reaches nearly 1 somewhere on it, unless it is 0 all over it (then 0)
         */
        public FloatMap scaledCells(int concept) {
            float[] v = cells[checkConcept(concept)].values();
            float min = Float.POSITIVE_INFINITY;
            for (float f : v) {
                min = Math.min(min, f);
            }
            float max = Float.NEGATIVE_INFINITY;
            float[] out = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = v[i] - min;
                max = Math.max(max, out[i]);
            }
            float divisor = 1e-7f + max;
            for (int i = 0; i < v.length; i++) {
                out[i] /= divisor;
            }
            return new FloatMap(cells[concept].height(), cells[concept].width(), out);
        }

        /**
         * @param concept a concept's index, 0 to the concepts' count less one (IndexOutOfBoundsException otherwise)
         * @return {@link #scaledCells} at the picture's size: each cell placed where cam4j places a class map's cells
         *     (the graph's geometry, a framed digit carried back), bilinear between them, in 0..1. Made on each call.
         */
        public FloatMap heatmap(int concept) {
            return onPicture.apply(scaledCells(concept));
        }

        /**
         * @return {@code concept}, when it is one of the factorisation's: an index past them failed as an
         *     ArrayIndexOutOfBoundsException from inside, naming neither the concept nor how many there are
         */
        private int checkConcept(int concept) {
            if (concept < 0 || concept >= cells.length) {
                throw new IndexOutOfBoundsException("concept " + concept + " is not one of the " + cells.length
                        + " concepts (0.." + (cells.length - 1) + ")");
            }
            return concept;
        }

        /** @return every concept's {@link #heatmap}, in order */
        public List<FloatMap> heatmaps() {
            List<FloatMap> out = new ArrayList<>(cells.length);
            for (int k = 0; k < cells.length; k++) {
                out.add(heatmap(k));
            }
            return out;
        }
    }
}
