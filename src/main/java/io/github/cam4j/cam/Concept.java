package io.github.cam4j.cam;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One concept of a {@link FeatureFactorization}: a direction in the layer's channels that the pictures' cells are made
 * of, and what the model's classifier makes of it.
 *
 * @param index the concept's place, 0 to k - 1 (its heatmaps' index in {@link Factorization.Picture#heatmap})
 * @param embedding the concept's activation over the features' channels: its NMF column plus each channel's offset
 *     (the minimum the features were shifted by), as pytorch-grad-cam returns its {@code concepts}
 * @param scores the classifier's probabilities of the embedding taken as a picture's pooled features
 *     ({@code activation(embedding · kernel + bias)}, one per class), or null for a model without a classifier kernel
 *     (one opened for a gradient method)
 * @param labels the model's class labels, for {@link #top}
 */
public record Concept(int index, float[] embedding, float[] scores, List<String> labels) {

    /** @return the scores, when the model has a classifier kernel */
    public Optional<float[]> classScores() {
        return Optional.ofNullable(scores);
    }

    /**
     * @param n how many classes, 0 or more (more than the model's classes gives them all)
     * @return the {@code n} classes scored highest, best first (ties by class index); empty without scores
     * @throws IllegalArgumentException when {@code n} is negative
     */
    public List<ClassScore> top(int n) {
        if (n < 0) {
            // It gave an empty list, as for a model without scores.
            throw new IllegalArgumentException("top(" + n + "): the number of classes must be 0 or more");
        }
        List<ClassScore> out = new ArrayList<>();
        if (scores == null) {
            return out;
        }
        boolean[] taken = new boolean[scores.length];
        for (int i = 0; i < Math.min(n, scores.length); i++) {
            int best = -1;
            for (int c = 0; c < scores.length; c++) {
                if (!taken[c] && (best < 0 || scores[c] > scores[best])) {
                    best = c;
                }
            }
            taken[best] = true;
            out.add(new ClassScore(best, labels.get(best), scores[best]));
        }
        return out;
    }

    /**
     * A class and its score for a concept.
     *
     * @param classIndex the class
     * @param label its label
     * @param score its probability
     */
    public record ClassScore(int classIndex, String label, float score) {}
}
