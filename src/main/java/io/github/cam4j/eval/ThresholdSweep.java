package io.github.cam4j.eval;

import io.github.cam4j.render.Box;
import io.github.cam4j.render.CamBox;
import io.github.cam4j.render.FloatMap;
import java.util.Optional;

/**
 * The CAM paper's box ({@link CamBox#of(FloatMap, double)}: pixels {@code >= threshold * max}, largest 8-connected
 * region, equal areas to the topmost, leftmost, then narrowest box) at many thresholds of one map in one
 * pass. Pixels join in descending order of value into a union-find forest, so a lower threshold only adds pixels and
 * merges regions; the best region so far is kept as they grow. One sort and one sweep cost about as much as three
 * separate labellings, where an evaluation asks for sixteen thresholds of six maps per digit.
 * {@code ThresholdSweepTest} checks every box against {@link CamBox}.
 *
 * <pre>{@code
 * Optional<Box>[] boxes = ThresholdSweep.boxes(map, new double[] {0.05, 0.1, 0.2});
 * }</pre>
 */
final class ThresholdSweep {
    private ThresholdSweep() {}

    /**
     * @param map the map
     * @param thresholds fractions of the maximum, each in (0, 1], in any order
     * @return the box at each threshold, as {@link CamBox#of(FloatMap, double)} would give it; all empty when the
     *     maximum is not positive
     * @throws IllegalArgumentException when a threshold is outside (0, 1], or the map holds NaN or infinity, in
     *     {@link CamBox}'s words
     */
    @SuppressWarnings("unchecked")
    static Optional<Box>[] boxes(FloatMap map, double[] thresholds) {
        Optional<Box>[] out = new Optional[thresholds.length];
        java.util.Arrays.fill(out, Optional.empty());
        for (double t : thresholds) {
            if (!(t > 0.0 && t <= 1.0)) {
                throw new IllegalArgumentException("threshold must be in (0, 1], was " + t);
            }
        }
        // As CamBox refuses it: a NaN cell was skipped by the maximum and the sweep boxed what was left (an IoU of 1.0
        // where CamBox, and so Metrics.iou, refused the same map).
        map.requireFinite("box");
        float[] v = map.values();
        float max = map.max();
        if (!(max > 0f)) {
            return out;
        }
        Integer[] byThreshold = new Integer[thresholds.length];
        for (int i = 0; i < byThreshold.length; i++) {
            byThreshold[i] = i;
        }
        java.util.Arrays.sort(byThreshold, (a, b) -> Double.compare(thresholds[b], thresholds[a]));
        int w = map.width();
        int h = map.height();
        // Only pixels at or above the lowest threshold's cut ever join: on a CAM's positive part, mostly zeros, a small
        // share of the map, which alone is sorted, in the order the whole map's sort walked them.
        double lowest = thresholds[byThreshold[byThreshold.length - 1]] * max;
        int[] order = Metrics.descendingOrderAtLeast(v, lowest);
        Forest forest = new Forest(v.length, w);
        int next = 0;
        while (next < order.length && Float.isNaN(v[order[next]])) {
            next++; // NaN sorts first and is never kept
        }
        for (int t : byThreshold) {
            double cut = thresholds[t] * max;
            while (next < order.length && v[order[next]] >= cut) {
                int p = order[next++];
                forest.add(p);
                int y = p / w;
                int x = p - y * w;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int ny = y + dy;
                        int nx = x + dx;
                        if ((dy != 0 || dx != 0) && ny >= 0 && ny < h && nx >= 0 && nx < w && forest.added(ny * w + nx)) {
                            forest.union(p, ny * w + nx);
                        }
                    }
                }
            }
            out[t] = forest.best();
        }
        return out;
    }

    /** Regions as a union-find forest with each root's area and bounding box, and the best region so far. */
    private static final class Forest {
        final int width;
        final int[] parent;
        final int[] area;
        final int[] top;
        final int[] left;
        final int[] bottom;
        final int[] right;
        int best = -1;

        Forest(int n, int width) {
            this.width = width;
            parent = new int[n];
            java.util.Arrays.fill(parent, -1);
            area = new int[n];
            top = new int[n];
            left = new int[n];
            bottom = new int[n];
            right = new int[n];
        }

        boolean added(int p) {
            return parent[p] >= 0;
        }

        void add(int p) {
            parent[p] = p;
            area[p] = 1;
            top[p] = bottom[p] = p / width;
            left[p] = right[p] = p % width;
            consider(p);
        }

        int find(int p) {
            while (parent[p] != p) {
                parent[p] = parent[parent[p]];
                p = parent[p];
            }
            return p;
        }

        void union(int a, int b) {
            int ra = find(a);
            int rb = find(b);
            if (ra == rb) {
                return;
            }
            if (area[ra] < area[rb]) {
                int t = ra;
                ra = rb;
                rb = t;
            }
            parent[rb] = ra;
            area[ra] += area[rb];
            top[ra] = Math.min(top[ra], top[rb]);
            left[ra] = Math.min(left[ra], left[rb]);
            bottom[ra] = Math.max(bottom[ra], bottom[rb]);
            right[ra] = Math.max(right[ra], right[rb]);
            if (best == rb) {
                best = ra; // the merged region is larger than the best was, so larger than every other
            }
            consider(ra);
        }

        /** A region only grows, so only the one that just changed can overtake the best. */
        private void consider(int root) {
            if (best < 0 || root == best) {
                best = root;
                return;
            }
            if (isBetter(root, best)) {
                best = root;
            }
        }

        /**
         * {@link CamBox}'s order: the larger area, then the topmost, leftmost and narrowest box. Two regions of one
         * area, top and left nest (neither can cross the other), the inner one the narrower, so the order is total.
         */
        private boolean isBetter(int r, int b) {
            if (area[r] != area[b]) {
                return area[r] > area[b];
            }
            if (top[r] != top[b]) {
                return top[r] < top[b];
            }
            if (left[r] != left[b]) {
                return left[r] < left[b];
            }
            return right[r] < right[b]; // same left: the narrower
        }

        Optional<Box> best() {
            if (best < 0) {
                return Optional.empty();
            }
            int r = find(best);
            return Optional.of(new Box(left[r], top[r], right[r] - left[r] + 1, bottom[r] - top[r] + 1));
        }
    }
}
