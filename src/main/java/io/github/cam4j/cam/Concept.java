package io.github.cam4j.cam;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One concept of a {@link FeatureFactorization}: a direction in the layer's channels that the pictures' cells are made
 * of, and what the model's classifier makes of it.
 *
 * @param index the concept's place, 0 to k - 1 (its heatmaps' index in {@link Factorization.Picture#heatmap})
 * @param embedding the concept's activation over the features' channels: its NMF column plus each channel's offset
 *     (the minimum the features were shifted by), as pytorch-grad-cam returns its {@code concepts}
 * @param scores the classifier's probabilities of the embedding taken as a picture's pooled features
 *     ({@code activation(embedding · kernel + bias)}, one per class), or null where no classifier kernel reads the
 *     factorised layer ({@link io.github.cam4j.savedmodel.CamModel#classifier()}: a model opened for a gradient
 *     method at another layer than CAM's, or a model without such a kernel)
 * @param labels the model's class labels, for {@link #top}
 */
public record Concept(int index, float[] embedding, float[] scores, List<String> labels) {

    /**
     * Copies what it is given, so that a concept, once made, cannot be changed by its maker or its readers (as an
     * {@link ImageExplanation} cannot): the record handed out its own arrays, and a reader's write into
     * {@code embedding()} or {@code classScores()} changed the factorisation and what {@link #top} said.
     *
     * @param index the concept's place, 0 to k - 1
     * @param embedding the concept's activation over the features' channels; not null
     * @param scores one per class, or null for a model without a classifier kernel
     * @param labels the model's class labels, one per score; not null
     * @throws NullPointerException naming the argument, when the embedding or the labels are null
     * @throws IllegalArgumentException when there are scores and not one per label ({@link #top} then failed with an
     *     index out of bounds, or read another class's label)
     */
    public Concept {
        embedding = Objects.requireNonNull(embedding, "embedding is null: one value per feature channel").clone();
        scores = scores == null ? null : scores.clone();
        labels = List.copyOf(Objects.requireNonNull(labels, "labels is null: the model's class labels"));
        if (scores != null && scores.length != labels.size()) {
            throw new IllegalArgumentException(scores.length + " scores for " + labels.size() + " labels: a concept's"
                    + " scores are one per class");
        }
    }

    /** @return the concept's activation over the features' channels (a copy) */
    @Override
    public float[] embedding() {
        return embedding.clone();
    }

    /** @return the scores (a copy), or null for a model without a classifier kernel; {@link #classScores()} says so */
    @Override
    public float[] scores() {
        return scores == null ? null : scores.clone();
    }

    /** @return the scores (a copy), when the model has a classifier kernel */
    public Optional<float[]> classScores() {
        return Optional.ofNullable(scores());
    }

    /** Equal to a concept of the same index, labels and values: a record of arrays compared them by identity. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Concept other && index == other.index && Arrays.equals(embedding, other.embedding)
                && Arrays.equals(scores, other.scores) && labels.equals(other.labels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, Arrays.hashCode(embedding), Arrays.hashCode(scores), labels);
    }

    /** @return its values, as a record of lists would show them (a record of arrays showed "[F@2072acb2") */
    @Override
    public String toString() {
        return "Concept[index=" + index + ", embedding=" + Arrays.toString(embedding) + ", scores="
                + Arrays.toString(scores) + ", labels=" + labels + "]";
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
