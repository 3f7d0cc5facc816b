package io.github.cam4j.cam;

import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.LoadOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Checks that models lent to a {@link CamSession.Builder} with their folder ({@code setModel(CamModel, Path,
 * LoadOptions)}, {@code setModelAtLayers}) came from that folder: the session treats them as opened from it, its notes
 * and warnings read from the folder's metadata.
 */
final class LentFolder {
    private LentFolder() {}

    /**
     * @param loaded the model lent
     * @param dir the folder it is said to be opened from
     * @param options the options it is said to be opened with
     * @throws IllegalArgumentException when it came from another folder, or was opened with other options than
     *     {@code options} (but for the gradient weighting, which a view may change)
     */
    static void checkModel(CamModel loaded, Path dir, LoadOptions options) {
        // The same folder however written (relative, absolute, with "./"): compared as absolute, normalised paths.
        if (!Path.of(loaded.source()).toAbsolutePath().normalize().equals(dir.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("the model lent was opened from " + loaded.source() + ", not " + dir);
        }
        LentOptions.check(loaded, "the model lent", dir, options, "Give setModel the LoadOptions passed to"
                + " CamModelLoader.load (a gradient weighting may differ)");
    }

    /**
     * @param loaded the models lent, one per target layer
     * @param dir the folder they are said to be opened from
     * @throws IllegalArgumentException when fewer than two are lent, one is null, or one came from another folder
     */
    static void checkLayers(List<CamModel> loaded, Path dir) {
        // Not loaded.contains(null): an immutable List.of throws NullPointerException when asked that.
        if (loaded.size() < 2 || loaded.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("setModelAtLayers takes a model per target layer, two or more, none"
                    + " null; got " + loaded.size());
        }
        Path folder = dir.toAbsolutePath().normalize();
        for (int i = 0; i < loaded.size(); i++) {
            if (!Path.of(loaded.get(i).source()).toAbsolutePath().normalize().equals(folder)) {
                throw new IllegalArgumentException("the model lent for target layer " + (i + 1) + " of "
                        + loaded.size() + " was opened from " + loaded.get(i).source() + ", not " + dir);
            }
        }
    }
}
