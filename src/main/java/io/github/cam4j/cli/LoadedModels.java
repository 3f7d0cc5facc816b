package io.github.cam4j.cli;

import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The models {@code compare} opens: each folder loaded once and lent to every method, then closed after their sessions.
 * CAM opens a model by its classifier kernel; every other method by gradient ops, which are the same whatever the
 * gradient's weighting ({@link CamModel#withGradients}), and which a model opened for CAM takes in its own graph
 * ({@link CamModel#byGradients}): one load serves all methods where there had been one per method (compare of five
 * methods on a ResNet50 export: 16 s instead of 26), and then two, CAM's and the others'. With {@code --layers} the
 * folder is opened once at every layer ({@link CamModelLoader#loadAtLayers}) and each method's session borrows views of
 * those models ({@link #atLayers}), where each had opened the folder again.
 */
final class LoadedModels implements AutoCloseable {
    /** Opens a folder; a seam so that the loads can be counted. */
    interface Loader {
        CamModel load(Path dir, LoadOptions options) throws ModelLoadException;
    }

    /** Opens a folder at several target layers ({@link CamModelLoader#loadAtLayers}). */
    interface LayersLoader {
        List<CamModel> load(Path dir, LoadOptions options, List<String> layers) throws ModelLoadException;
    }

    private final Loader loader;
    private final LayersLoader layersLoader;
    /**
     * Per folder and options (with the gradients' weighting left out), and target layers where several: the model (the
     * models, one per layer), or why it could not be opened.
     */
    private final Map<List<Object>, Object> opened = new LinkedHashMap<>();
    /** How many times a folder was loaded ({@link #loads()}). */
    private int loads;

    LoadedModels(Loader loader, LayersLoader layersLoader) {
        this.loader = loader;
        this.layersLoader = layersLoader;
    }

    /**
     * @param dir the model's folder
     * @param options how a method opens it
     * @return the model opened so, loaded on the first call and shared after: for a gradient method, or another that
     *     opens the model by gradient ops, a view of it with {@code options}' weighting, owning nothing; opened by
     *     gradients from the model opened for CAM with the same options when there is one
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
            CamModel byKernel = weighting == null ? null : openedForCam(dir, shared);
            try {
                if (byKernel != null) {
                    model = byKernel.byGradients(GradientWeighting.GRAD_CAM);
                } else {
                    loads++;
                    model = loader.load(dir, shared);
                }
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

    /**
     * @param dir the model's folder
     * @param options how a method opens it: for a gradient method, with its weighting; for the gradient-free ones
     *     (Score-CAM, Eigen-CAM, Ablation-CAM...), without, as they open a folder at several layers for Grad-CAM
     * @param layers the target layers, two or more
     * @return a model per layer, views with the method's weighting ({@link CamModel#withGradients}) of the models the
     *     folder was opened with at the layers on the first call for these layers, and shared after; owning nothing
     * @throws ModelLoadException the same that opening the folder at the layers threw on the first call
     */
    List<CamModel> atLayers(Path dir, LoadOptions options, List<String> layers) throws ModelLoadException {
        GradientWeighting weighting = options.gradients() == null ? GradientWeighting.GRAD_CAM : options.gradients();
        // As for one layer, the weighting changes nothing in what is loaded.
        LoadOptions shared = options.withGradients(GradientWeighting.GRAD_CAM);
        List<Object> key = List.of(dir, shared, List.copyOf(layers));
        Object models = opened.get(key);
        if (models == null) {
            loads++;
            try {
                models = List.copyOf(layersLoader.load(dir, shared, layers));
            } catch (ModelLoadException e) {
                models = e;
            }
            opened.put(key, models);
        }
        if (models instanceof ModelLoadException e) {
            throw e;
        }
        List<CamModel> views = new ArrayList<>();
        for (Object model : (List<?>) models) {
            views.add(((CamModel) model).withGradients(weighting));
        }
        return views;
    }

    /**
     * @param gradients options that open a folder for a gradient method
     * @return the model opened from {@code dir} for CAM with the same options but the weighting, when one is and opening
     *     it by gradients chooses the same tensors: no layer, tensors, kernel or bias named (with a kernel named, the
     *     gradient methods are refused); null otherwise
     */
    private CamModel openedForCam(Path dir, LoadOptions gradients) {
        for (Map.Entry<List<Object>, Object> entry : opened.entrySet()) {
            if (entry.getKey().get(0).equals(dir) && entry.getKey().get(1) instanceof LoadOptions cam && !cam.gradCam()
                    && cam.found() == null && cam.tensors() == null && cam.kernelTensor() == null
                    && cam.biasTensor() == null && cam.withGradients(GradientWeighting.GRAD_CAM).equals(gradients)
                    && entry.getValue() instanceof CamModel model) {
                return model;
            }
        }
        return null;
    }

    /**
     * @return how many times a folder was loaded, whether it opened or not: once per way of opening, but for a
     *     gradient method's opened from CAM's model
     */
    int loads() {
        return loads;
    }

    /**
     * @return the models loaded, in order, for tests that check they are closed; a folder opened at several layers its
     *     further layers' models first, then the first's, which owns their session
     */
    List<CamModel> models() {
        List<CamModel> out = new ArrayList<>();
        opened.values().forEach(m -> {
            if (m instanceof CamModel model) {
                out.add(model);
            } else if (m instanceof List<?> atLayers) {
                for (int l = atLayers.size() - 1; l >= 0; l--) {
                    out.add((CamModel) atLayers.get(l));
                }
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
