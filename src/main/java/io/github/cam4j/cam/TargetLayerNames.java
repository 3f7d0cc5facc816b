package io.github.cam4j.cam;

import java.util.HashSet;
import java.util.List;

/** Checks the target layers given to {@link CamSession.Builder#optLayers} before any folder is opened at them. */
final class TargetLayerNames {
    private TargetLayerNames() {}

    /**
     * @param tensors the layers' tensor names, as given
     * @throws IllegalArgumentException when a name is null or blank, a layer is given twice, or only one is given
     */
    static void check(List<String> tensors) {
        for (String t : tensors) {
            if (t == null || t.isBlank()) {
                throw new IllegalArgumentException("optLayers: a layer's tensor name is null or blank in " + tensors);
            }
        }
        if (new HashSet<>(tensors).size() != tensors.size()) {
            throw new IllegalArgumentException("optLayers: a layer is given twice in " + tensors + "; each target"
                    + " layer counts once in the mean");
        }
        if (tensors.size() == 1) {
            throw new IllegalArgumentException("optLayers takes two or more layers, got one (" + tensors.get(0)
                    + "): one layer is chosen by LoadOptions.withFoundOverrides(" + tensors.get(0) + ", null)");
        }
    }
}
