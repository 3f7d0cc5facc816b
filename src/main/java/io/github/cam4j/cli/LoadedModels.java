package io.github.cam4j.cli;

import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The models {@code compare} opens: each way of opening a folder loaded once and lent to every method that opens it
 * so, then closed after their sessions. CAM opens a model by its classifier kernel; every other method by gradient
 * ops, which are the same whatever the gradient's weighting ({@link CamModel#withGradients}), so two loads serve all
 * methods where there had been one per method (compare of five methods on a ResNet50 export: 16 s instead of 26).
 */
final class LoadedModels implements AutoCloseable {
    /** Opens a folder; a seam so that the loads can be counted. */
    interface Loader {
        CamModel load(Path dir, LoadOptions options) throws ModelLoadException;
    }

    private final Loader loader;
    /** Per folder and options (with the gradients' weighting left out): the model, or why it could not be opened. */
    private final Map<List<Object>, Object> opened = new LinkedHashMap<>();

    LoadedModels(Loader loader) {
        this.loader = loader;
    }

    /**
     * @param dir the model's folder
     * @param options how a method opens it
     * @return the model opened so, loaded on the first call and shared after: for a gradient method, or another that
     *     opens the model by gradient ops, a view of it with {@code options}' weighting, owning nothing
     * @throws ModelLoadException the same that opening it on the first call threw: a method the model refuses is
     *     refused as loading the folder for it refused it, once per method
     */
    CamModel forMethod(Path dir, LoadOptions options) throws ModelLoadException {
        GradientWeighting weighting = options.gradients();
        // The weighting changes nothing in what is loaded, only which map the gradient makes: one load serves all.
        LoadOptions shared = weighting == null ? options : options.withGradients(GradientWeighting.GRAD_CAM);
        List<Object> key = List.of(dir, shared);
        Object model = opened.get(key);
        if (model == null) {
            try {
                model = loader.load(dir, shared);
            } catch (ModelLoadException e) {
                model = e;
            }
            opened.put(key, model);
        }
        if (model instanceof ModelLoadException e) {
            throw e;
        }
        return weighting == null ? (CamModel) model : ((CamModel) model).withGradients(weighting);
    }

    /** @return how many times a folder was loaded: once per way of opening, whether it opened or not */
    int loads() {
        return opened.size();
    }

    /** @return the models loaded, in order, for tests that check they are closed */
    List<CamModel> models() {
        List<CamModel> out = new ArrayList<>();
        opened.values().forEach(m -> {
            if (m instanceof CamModel model) {
                out.add(model);
            }
        });
        return out;
    }

    /** Closes every model loaded, after the sessions that borrowed them; idempotent (as a model's close is). */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (CamModel model : models()) {
            try {
                model.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
