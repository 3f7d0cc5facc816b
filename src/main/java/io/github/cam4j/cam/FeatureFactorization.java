package io.github.cam4j.cam;

import io.github.cam4j.render.FloatMap;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.ClassifierActivation;
import io.github.cam4j.savedmodel.ClassifierWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Deep Feature Factorization (Collins, Achanta and Süsstrunk 2018, "Deep Feature Factorization for Concept
 * Discovery"), as pytorch-grad-cam's {@code DeepFeatureFactorization} computes it: what a layer sees across a set of
 * pictures, not one class's map. The pictures' features are laid out as one matrix, a row per channel and a column
 * per cell of every picture, each row shifted by its minimum to be non-negative, and factorised by non-negative matrix
 * factorisation into k concepts ({@link Nmf}: scikit-learn's coordinate descent from its random start). Each concept
 * has an embedding over the channels (its column of W plus the rows' shifts), which the model's classifier scores, and
 * a heat over every cell of every picture (its row of H).
 *
 * <pre>{@code
 * try (CamSession session = CamSession.builder().setModel(Path.of("saved_models/mnist-pooled")).build()) {
 *     Factorization f = FeatureFactorization.builder().setSession(session).setConcepts(5).build()
 *             .factorize(digits, names);
 *     for (Concept c : f.concepts()) {
 *         System.out.println(c.index() + " " + c.top(2));
 *     }
 *     FloatMap heat = f.pictures().get(0).heatmap(0);   // concept 0 on the first picture, at its size, in 0..1
 * }
 * }</pre>
 *
 * <p>The features are the session's model's (the layer CAM reads; for a model opened for a gradient method, the one
 * its gradients are taken at), each picture prepared as {@link CamSession#explain(List, List, Target)} prepares it
 * (framed, inverted, resized) and fed whole. The classifier's scores exist for a model with a kernel (cam4j's models,
 * imported Keras models ending in global average pooling and a dense layer): pytorch-grad-cam applies the model's
 * classifier head to each concept's embedding, and for a head of global average pooling and a dense layer that is
 * {@code kernel · embedding + bias} through the model's activation (softmax, as pytorch-grad-cam's helper applies
 * it, or the sigmoid of a sigmoid head). The embedding is read as a picture's pooled features: a concept whose
 * embedding looks like a "7"'s pooled features scores as a 7. A session opened for a gradient method has them too
 * where its layer is the one that kernel reads ({@link CamModel#classifier()}); at another layer there are none.
 *
 * <p>Where cam4j differs: features that are not finite are refused (pytorch-grad-cam sets NaN to 0); the factors are
 * computed in double precision, so they agree with scikit-learn's to about 1e-5 of their largest value, not to the bit
 * ({@link Nmf}); pictures of different prepared sizes (with {@link CamSession.Builder#optKeepInputSize}) are factorised
 * together, each with its own grid of cells.
 *
 * <p>Immutable and thread-safe as far as its session is.
 */
public final class FeatureFactorization {
    /** The seed of NMF's random start by default: scikit-learn's {@code random_state=0}, pytorch-grad-cam's. */
    public static final long DEFAULT_SEED = 0;

    private final CamSession session;
    private final int concepts;
    private final long seed;
    private final java.util.function.IntConsumer onIteration;

    private FeatureFactorization(Builder b) {
        this.session = b.session;
        this.concepts = b.concepts;
        this.seed = b.seed;
        this.onIteration = b.onIteration;
    }

    /** @return a builder: {@code setSession} and {@code setConcepts} are required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param pictures the pictures, as {@link CamSession#explain(List, Target)} takes them; not modified
     * @return the concepts and each picture's heat of them
     * @throws CamException when a picture is unusable (an {@link InvalidInputException}), k exceeds the features'
     *     channels, or the model fails (as {@link #factorize(List, List)} says)
     */
    public Factorization factorize(List<Mat> pictures) throws CamException {
        Objects.requireNonNull(pictures, "pictures is null: the list of pictures to factorise");
        List<String> names = new ArrayList<>(pictures.size());
        for (int i = 0; i < pictures.size(); i++) {
            names.add("#" + i);
        }
        return factorize(pictures, names);
    }

    /**
     * @param pictures the pictures; not modified
     * @param names one per picture, for messages and {@link Factorization.Picture#name()}
     * @return the concepts and each picture's heat of them
     * @throws CamException when a picture (named) is unusable, k exceeds the features' channels or the pictures' feature
     *     cells, or the model fails (a
     *     {@link FedSizeException} when it fails at a size it was not made for: a model of one size under
     *     {@link CamSession.Builder#optKeepInputSize})
     */
    public Factorization factorize(List<Mat> pictures, List<String> names) throws CamException {
        Objects.requireNonNull(pictures, "pictures is null: the list of pictures to factorise");
        Objects.requireNonNull(names, "names is null: one name per picture, for messages");
        if (pictures.isEmpty()) {
            throw new InvalidInputException("no pictures to factorise: give at least one");
        }
        CamModel model = session.model();
        int channels = model.channels();
        if (concepts > channels) {
            throw new InvalidInputException(concepts + " concepts asked of model " + model.source() + ", whose features"
                    + " have " + channels + " channels: a factorisation of them has at most " + channels);
        }
        FeatureRun.Fed[] fed = session.features(pictures, names);
        int columns = 0;
        for (FeatureRun.Fed f : fed) {
            columns = Math.addExact(columns, f.run().cellsHigh() * f.run().cellsWide());
        }
        float[] x = new float[Math.multiplyExact(channels, columns)];
        int column = 0;
        for (int p = 0; p < fed.length; p++) {
            float[] features = fed[p].run().features();
            int cells = fed[p].run().cellsHigh() * fed[p].run().cellsWide();
            for (int cell = 0; cell < cells; cell++) {
                for (int k = 0; k < channels; k++) {
                    x[k * columns + column + cell] = features[cell * channels + k];
                }
            }
            column += cells;
        }
        float[] offset = shiftToZero(x, channels, columns);
        if (allZero(x)) {
            // NMF of nothing: "1 iteration, reconstruction error 0" and every concept the same, said as a result
            // (helper-161's audit: a black and a white picture).
            // Said of the channels, which are what is constant: "the features of the picture are the same at each of
            // their 49 cells" had a "their" that referred to nothing.
            // Named: "the 2 pictures" left the user to find which of a folder's were blank (all of them are).
            throw new InvalidInputException((columns == 1 ? "the features of " + pictures(names) + " have a single cell"
                    : "every channel of the features has one value at all " + columns + " cells of " + pictures(names)
                            + " (as blank pictures give)") + ": there is nothing to factorise into concepts");
        }
        if (concepts > columns) {
            // As for the channels: the features' rank is at most their cells, and NMF found concepts it could not fill,
            // which the legend listed and scored all the same (100 of one digit's 49 cells: concepts 50 and 60 read
            // 0.10 for every class, the classifier's reading of the channels' offsets alone).
            throw new InvalidInputException(concepts + " concepts asked of the " + columns + " feature cells of "
                    + pictures(names) + ": a factorisation of them"
                    + " has at most " + columns + "; ask fewer concepts, or give more pictures");
        }
        Nmf.Factors factors = Nmf.factorize(x, channels, columns, concepts, seed, Nmf.TOLERANCE, Nmf.MAX_ITERATIONS,
                onIteration);
        // Whenever the kernel that reads this layer is known, not only for a model opened for CAM: a Grad-CAM session
        // on the bundled pooled model reads the same layer, and its concepts had no scores.
        Optional<ClassifierWeights> classifier = model.classifier();
        List<Concept> found = new ArrayList<>(concepts);
        for (int t = 0; t < concepts; t++) {
            float[] embedding = embedding(factors.w(), concepts, t, offset);
            float[] scores = classifier.map(weights -> scores(model, weights, embedding)).orElse(null);
            found.add(new Concept(t, embedding, scores, model.labels()));
        }
        ImageExplainer placing = new ImageExplainer(model, null, false, new ImageRows(model), null);
        List<Factorization.Picture> out = new ArrayList<>(fed.length);
        column = 0;
        for (int p = 0; p < fed.length; p++) {
            FeatureRun.Fed f = fed[p];
            int cells = f.run().cellsHigh() * f.run().cellsWide();
            FloatMap[] heat = new FloatMap[concepts];
            for (int t = 0; t < concepts; t++) {
                float[] v = new float[cells];
                for (int cell = 0; cell < cells; cell++) {
                    v[cell] = (float) factors.h()[t * columns + column + cell];
                }
                heat[t] = new FloatMap(f.run().cellsHigh(), f.run().cellsWide(), v);
            }
            column += cells;
            out.add(new Factorization.Picture(names.get(p), f.run().probabilities(), heat,
                    raw -> placing.onPicture(raw, f.height(), f.width(), f.outputSize(), f.frame()), f.outputSize()[0],
                    f.outputSize()[1]));
        }
        return new Factorization(List.copyOf(found), List.copyOf(out), factors.iterations(), factors.converged(),
                factors.error());
    }

    /**
     * @return the pictures by name, for messages: "the picture a.png", or "the 3 pictures a.png, b.png, c.png" (a long
     *     list cut short, {@link io.github.cam4j.Abbreviated#list})
     */
    private static String pictures(List<String> names) {
        if (names.size() == 1) {
            return "the picture " + names.get(0);
        }
        String list = io.github.cam4j.Abbreviated.list(names);
        // The brackets and the count the list adds when it cuts are said by "the N pictures" already.
        int count = list.lastIndexOf("] (");
        return "the " + names.size() + " pictures " + list.substring(1, count < 0 ? list.length() - 1 : count);
    }

    private static boolean allZero(float[] x) {
        for (float v : x) {
            if (v != 0f) {
                return false;
            }
        }
        return true;
    }

    /**
     * Shifts each row by its minimum, in place, as pytorch-grad-cam does before NMF (ReLU features have minimum 0 in
     * most channels, and the shift then changes nothing).
     *
     * @return each row's minimum
     */
    static float[] shiftToZero(float[] x, int rows, int columns) {
        float[] offset = new float[rows];
        for (int k = 0; k < rows; k++) {
            float min = Float.POSITIVE_INFINITY;
            for (int j = 0; j < columns; j++) {
                min = Math.min(min, x[k * columns + j]);
            }
            offset[k] = min;
            for (int j = 0; j < columns; j++) {
                x[k * columns + j] -= min;
            }
        }
        return offset;
    }

    /**
     * @param w NMF's W, {@code channels x k}, row-major
     * @param k the concepts
     * @param t a concept
     * @param offset each channel's shift ({@link #shiftToZero})
     * @return concept {@code t}'s embedding: its column of W with the shift added back, in float32 as pytorch-grad-cam
     *     adds its float32 offset to scikit-learn's float32 W
     */
    static float[] embedding(double[] w, int k, int t, float[] offset) {
        float[] embedding = new float[offset.length];
        for (int c = 0; c < offset.length; c++) {
            embedding[c] = (float) w[c * k + t] + offset[c];
        }
        return embedding;
    }

    /**
     * @return the classifier's probabilities of the embedding read as pooled features: {@code embedding · kernel +
     *     bias} through the model's activation (softmax when the model reads its own probabilities tensor)
     */
    static float[] scores(CamModel model, ClassifierWeights weights, float[] embedding) {
        float[] logits = new float[weights.classes()];
        for (int c = 0; c < logits.length; c++) {
            float[] column = weights.column(c);
            double sum = weights.bias(c);
            for (int k = 0; k < column.length; k++) {
                sum += (double) column[k] * embedding[k];
            }
            logits[c] = (float) sum;
        }
        ClassifierActivation activation = model.activation() == null ? ClassifierActivation.SOFTMAX : model.activation();
        return model.classProbabilities(activation.apply(logits));
    }

    /** Builds a {@link FeatureFactorization}: required settings are {@code set…}, optional ones {@code opt…}. */
    public static final class Builder {
        private CamSession session;
        private int concepts;
        private long seed = DEFAULT_SEED;
        private java.util.function.IntConsumer onIteration = it -> { };

        private Builder() {}

        /**
         * @param session the session whose model's features are factorised, and whose picture preparation applies;
         *     borrowed, not closed
         * @return this builder
         */
        public Builder setSession(CamSession session) {
            this.session = Objects.requireNonNull(session, "session is null: the CamSession whose model to factorise");
            return this;
        }

        /**
         * @param k the concepts to find, at least 1 and at most the features' channels (checked when factorising)
         * @return this builder
         */
        public Builder setConcepts(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("concepts must be at least 1, got " + k);
            }
            this.concepts = k;
            return this;
        }

        /**
         * @param seed the seed of NMF's random start, 0 to 2^32 - 1 as numpy takes it (default {@value FeatureFactorization#DEFAULT_SEED}:
         *     scikit-learn's {@code random_state=0}, pytorch-grad-cam's). Another seed may find other concepts: NMF's
         *     problem is not convex
         * @return this builder
         */
        public Builder optSeed(long seed) {
            if (seed < 0 || seed > 0xffffffffL) {
                throw new IllegalArgumentException("seed must be 0 to 4294967295 (2^32 - 1), as numpy's RandomState"
                        + " takes it, got " + seed);
            }
            this.seed = seed;
            return this;
        }

        /**
         * @param listener told each NMF iteration's number (1 to at most 200) as it ends, for progress
         * @return this builder
         */
        public Builder optProgress(java.util.function.IntConsumer listener) {
            this.onIteration = Objects.requireNonNull(listener, "listener is null: it -> { } for none");
            return this;
        }

        /**
         * @return the factorisation, ready to run on pictures
         * @throws IllegalStateException when the session or the concepts are not set, or the session is closed
         */
        public FeatureFactorization build() {
            if (session == null) {
                throw new IllegalStateException("setSession(...) is required");
            }
            if (session.isClosed()) {
                // Taken, it failed only at the first factorize, as VideoExplainer's builder refuses it at once.
                throw new IllegalStateException("setSession(...) was given a closed CamSession");
            }
            if (concepts < 1) {
                throw new IllegalStateException("setConcepts(...) is required");
            }
            return new FeatureFactorization(this);
        }
    }
}
